"""The attacks on access rather than on compute: a bucket made public, an Identity Center
session hijacked, a vendor's role abused, slow recon from a pod, and the cold-start theft in
the new account (each after the public write-up its docstring cites)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout17._clients import DEBIAN_CLI, EDGE_WIN, KALI_CLI, boto3
from benchmarks.heldout17._net import NETS, THREAT
from benchmarks.heldout17._org import EAST, VENDOR, Actor
from benchmarks.heldout17._plan import Attack, Step, World, live_key, row
from benchmarks.heldout17._trail import key_id


def bucket_public(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A5 (Stratus Red Team's S3 backdoor bucket policy; Mandiant on data theft by public
    buckets): the dataset-sync IAM user's key from a VPN exit on the threat list removes the
    training-data bucket's public access block and grants ``*``."""
    assert victim.user is not None
    key = key_id("AKIA", victim.user.arn)
    a = Attack(
        world,
        "A5",
        "training-data bucket made public with the sync user's key",
        victim.user.identity(key),
        victim.account,
    )
    bucket = {"bucketName": "tessellate-training-data"}
    policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tessellate-training-data/*"}]}'
    a.play(
        t,
        THREAT,
        KALI_CLI,
        EAST,
        [
            ("sts:GetCallerIdentity", None, None),
            ("s3:ListBuckets", None, None),
            ("s3:GetBucketPolicy", bucket, "NoSuchBucketPolicy"),
            ("s3:GetBucketPublicAccessBlock", bucket, None),
            ("s3:DeleteBucketPublicAccessBlock", bucket, None),
            ("s3:PutBucketPolicy", {**bucket, "bucketPolicy": policy}, None),
            ("s3:GetBucketPolicyStatus", bucket, None),
        ],
        gap=(8, 50),
    )
    return a.truth("high")


def portal_hijack(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A6 (Invictus IR and Mandiant on Identity Center session hijacking; AWS CIRT's
    persistence timeline): an SRE's access-portal session replayed from another country with
    another browser; console sign-in, then an IAM user with a console password, admin rights
    and a key, which is tried at once."""
    assert victim.role is not None
    rng = world.rng("A6")
    ip = NETS["rostelecom"].pick(rng)
    key = key_id("ASIA", world.seed, "A6")
    identity = victim.role.identity(victim.person, key, t)
    a = Attack(
        world,
        "A6",
        "Identity Center session hijack: IAM user with a login profile",
        identity,
        victim.account,
    )
    saml = {
        "type": "SAMLUser",
        "principalId": f"Kb3v9Qx1TzYp0mWc7NdR2s4=:{victim.person}",
        "userName": victim.person,
    }
    a.ids.append(
        world.trail.call(
            t,
            saml,
            ip,
            EDGE_WIN,
            EAST,
            "sts-global:AssumeRoleWithSAML",
            account=victim.account,
            response={"credentials": {"accessKeyId": key}},
        )
    )
    user = {"userName": "svc-metrics-export"}
    t = a.play(
        t + dt.timedelta(seconds=3),
        ip,
        EDGE_WIN,
        EAST,
        [
            ("signin:ConsoleLogin", None, None),
            ("iam:ListUsers", None, None),
            ("iam:ListRoles", None, None),
            ("iam:CreateUser", user, None),
            ("iam:CreateLoginProfile", {**user, "passwordResetRequired": False}, None),
            (
                "iam:AttachUserPolicy",
                {**user, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                None,
            ),
            ("iam:CreateAccessKey", user, None),
        ],
        gap=(15, 90),
    )
    created = key_id("AKIA", world.seed, "A6-user")
    rows = a.truth("high")
    b = Attack(
        world,
        "A6",
        a.name,
        {
            "type": "IAMUser",
            "principalId": "AIDAA6CREATEDUSERX7Q",
            "arn": f"arn:aws:iam::{victim.account}:user/svc-metrics-export",
            "accountId": victim.account,
            "accessKeyId": created,
            "userName": "svc-metrics-export",
        },
        victim.account,
    )
    b.play(
        t + dt.timedelta(minutes=4),
        ip,
        KALI_CLI,
        EAST,
        [
            ("sts:GetCallerIdentity", None, None),
            ("iam:ListAttachedUserPolicies", user, None),
            ("ec2:DescribeRegions", None, None),
        ],
    )
    return rows + b.truth("high")


def vendor_abuse(world: World, vendor: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A7 (Unit 42 and Wiz on third-party role abuse): the labelling vendor's cross-account role,
    external ID and all, assumed from a network the vendor never uses, listing buckets it never
    reads and trying the model weights."""
    assert vendor.role is not None
    rng = world.rng("A7")
    ip = NETS["hetzner"].pick(rng)
    key = key_id("ASIA", world.seed, "A7")
    session = "labelnorth-writer-0"
    mint = {
        "type": "AWSAccount",
        "principalId": "AROAT6VENDORPIPE7Q2XJ:labelnorth-pipeline",
        "accountId": VENDOR,
    }
    identity = vendor.role.identity(session, key, t)
    a = Attack(
        world,
        "A7",
        "labelling vendor's role assumed from an unexpected network",
        identity,
        vendor.account,
    )
    a.ids.append(
        world.trail.call(
            t,
            mint,
            ip,
            DEBIAN_CLI,
            EAST,
            "sts:AssumeRole",
            account=vendor.account,
            params={
                "roleArn": vendor.role.arn,
                "roleSessionName": session,
                "externalId": "ln-tessellate-4c81f0",
            },
            response={"credentials": {"accessKeyId": key}},
        )
    )
    plan: list[Step] = [("s3:ListBuckets", None, None)]
    for bucket, error in (
        ("tessellate-model-weights", None),
        ("tessellate-finance-exports", "AccessDenied"),
        ("tessellate-training-data", None),
        ("tessellate-labelling-inbox", None),
    ):
        plan.append(("s3:ListObjects", {"bucketName": bucket, "prefix": ""}, error))
    plan += [
        (
            "s3:GetObject",
            {
                "bucketName": "tessellate-model-weights",
                "key": f"checkpoints/tsl-8b-v2/model-0000{i}.safetensors",
            },
            "AccessDenied",
        )
        for i in range(3)
    ]
    a.play(t + dt.timedelta(seconds=20), ip, DEBIAN_CLI, EAST, plan, gap=(6, 60))
    return a.truth("medium")


def slow_recon(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A8 (Datadog Security Labs and Expel on post-exploitation discovery through a compromised
    pod): from inside an inference pod, with its own SDK, address and current keys, one API it
    never calls every ~45 minutes for eight hours."""
    rng = world.rng("A8")
    apis = [
        "iam:ListRoles",
        "s3:ListBuckets",
        "secretsmanager:ListSecrets",
        "iam:ListAttachedRolePolicies",
        "bedrock:GetModelInvocationLoggingConfiguration",
        "sagemaker:ListEndpoints",
        "ec2:DescribeInstances",
        "lambda:ListFunctions",
        "iam:GetAccountAuthorizationDetails",
        "dynamodb:ListTables",
        "sts:GetCallerIdentity",
    ]
    ids, keys, ips = [], set(), set()
    first = t
    for api in apis:
        key, identity, ip, agent = live_key(world, victim, t, unit=2)
        ids.append(world.trail.call(t, identity, ip, agent, EAST, api, account=victim.account))
        keys.add(key)
        ips.add(ip)
        last = t
        t += dt.timedelta(minutes=40 + rng.randrange(0, 11))
    return [
        row(
            "A8",
            "slow recon from an inference pod with its own client and keys",
            "attack",
            first,
            last + dt.timedelta(seconds=1),
            event_ids=" ".join(ids),
            expected_min_severity="medium",
        )
    ]


def cold_theft(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A9 (Sysdig's LLMjacking: Lambda keys from exposed environment variables): in the account
    vended that morning, the agent runtime's function key used from a VPS for Bedrock: no
    history at all."""
    key, identity, _, _ = live_key(world, victim, t)
    a = Attack(
        world,
        "A9",
        "new account, first day: agent Lambda key used from a VPS",
        identity,
        victim.account,
    )
    rng = world.rng("A9")
    ip, agent = NETS["vultr"].pick(rng), boto3("1.34.0", python="3.12.3", kernel="6.8.0-40-generic")
    plan: list[Step] = [
        ("sts:GetCallerIdentity", None, None),
        ("bedrock:ListFoundationModels", None, None),
        ("secretsmanager:ListSecrets", None, None),
    ]
    plan += [
        ("bedrock-runtime:Converse", {"modelId": "anthropic.claude-3-opus-20240229-v1:0"}, None)
        for _ in range(24)
    ]
    a.play(t, ip, agent, EAST, plan, gap=(10, 70))
    return a.truth("medium", key=key)
