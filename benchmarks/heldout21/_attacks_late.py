"""The attacks of the scored window, second half (A6 to A10): Instance Connect keys, Identity
Center persistence, the cold-start theft in the new account, crypto-mining and slow recon."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout21 import _org as o
from benchmarks.heldout21._attacks import UA_BOTO_VPS, UA_FIREFOX, _current, _play
from benchmarks.heldout21._benign import person, sso_arn
from benchmarks.heldout21._net import BLOCKS
from benchmarks.heldout21._people import identity, user_key
from benchmarks.heldout21._trail import Session, Trail
from benchmarks.heldout21._truth import Truth


def draw(
    trail: Trail,
    seed: int,
    cal: o.Calendar,
    truth: Truth,
    fleets: dict[str, Any],
    lithium: dict[str, list[Session]],
    rng: random.Random,
) -> None:
    """A6 to A10, continuing the first half's random stream ``rng``."""
    s = cal.scored
    acc = o.ACCOUNTS
    sam = person("sam.kowalski")
    # A6 EC2 Instance Connect keys pushed to a processing-plant server from an Australian VPS
    # with a platform engineer's SSO credentials (Rhino Security Labs / Stratus
    # ec2-instance-connect)
    jess = person("jess.moore")
    t = o.at(s[0], 22.6, rng)
    ip = BLOCKS["serversau"].address(rng)
    who = identity(trail, jess, acc["mine-operations"], t, trail.key())
    steps = [
        ("ec2", "DescribeInstances", None),
        (
            "ec2-instance-connect",
            "SendSSHPublicKey",
            {"instanceId": "i-0a3f19c2e7b84d501", "instanceOSUser": "ec2-user"},
        ),
        (
            "ec2-instance-connect",
            "SendSSHPublicKey",
            {"instanceId": "i-0c77e2b9d1f04a3e6", "instanceOSUser": "ec2-user"},
        ),
    ]
    ids, last = _play(trail, who, t, ip, o.UA_CLI_WIN, steps, seed_rng=rng, gap=(30, 120))
    truth.attack(
        "A6",
        "SendSSHPublicKey to plant servers from a VPS",
        "medium",
        t,
        last,
        key=who.key,
        ips=(ip,),
    )

    # A7 a hijacked console session gives a permission set AdministratorAccess and assigns it to
    # a dormant user, who then creates a backdoor user (Permiso and Invictus IR on Identity
    # Center persistence)
    t = o.at(s[3], 2.1, rng)
    ip = BLOCKS["m247"].address(rng)
    who = identity(trail, sam, acc["security"], t, trail.key())
    ps = "arn:aws:sso:::permissionSet/ssoins-8259a1b3c4d5e6f7/ps-5e2a9c1f7b3d4860"
    steps = [
        ("sso", "ListPermissionSets", None),
        ("sso", "DescribePermissionSet", {"permissionSetArn": ps}),
        (
            "sso",
            "AttachManagedPolicyToPermissionSet",
            {
                "permissionSetArn": ps,
                "managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
        (
            "sso",
            "CreateAccountAssignment",
            {"permissionSetArn": ps, "principalType": "USER", "targetId": acc["mine-operations"]},
        ),
        ("sso", "ProvisionPermissionSet", {"permissionSetArn": ps}),
    ]
    ids1, last = _play(
        trail,
        who,
        t,
        ip,
        UA_FIREFOX,
        steps,
        seed_rng=rng,
        extra={"sessionCredentialFromConsole": "true"},
    )
    dormant = o.Person(o.DORMANT, "sso", "SiteSupport", "mine-operations", "perth_office")
    t2 = last + dt.timedelta(minutes=12)
    who2 = identity(trail, dormant, acc["mine-operations"], t2, trail.key())
    steps = [
        ("iam", "ListUsers", None),
        ("iam", "CreateUser", {"userName": "svc-backup-sync"}),
        (
            "iam",
            "AttachUserPolicy",
            {
                "userName": "svc-backup-sync",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
        ("iam", "CreateAccessKey", {"userName": "svc-backup-sync"}),
        ("s3", "ListBuckets", None),
    ]
    ids2, last = _play(
        trail,
        who2,
        t2,
        ip,
        UA_FIREFOX,
        steps,
        seed_rng=rng,
        extra={"sessionCredentialFromConsole": "true"},
    )
    truth.attack(
        "A7",
        "permission set given AdministratorAccess, assigned to a dormant user",
        "high",
        t,
        last,
        events=tuple(ids1 + ids2),
    )
    truth.attack(
        "A7",
        "permission set given AdministratorAccess, assigned to a dormant user",
        "high",
        t2,
        last,
        principal=sso_arn(dormant),
        ips=(ip,),
    )

    # A8 cold start: the new account's instance key used from DigitalOcean (issue 8)
    t = o.at(s[2], 16.4, rng)
    session = _current(lithium["i-0a7e1c5f3b9d24806"], t)
    ip = BLOCKS["do_sgp"].address(rng)
    steps = [
        ("sts", "GetCallerIdentity", None),
        ("s3", "ListBuckets", None),
        ("ec2", "DescribeInstances", None),
        ("s3", "GetObject", {"bucketName": "koorak-lithium-cores"}),
    ]
    ids, last = _play(trail, session, t, ip, UA_BOTO_VPS, steps, seed_rng=rng)
    truth.attack(
        "A8",
        "cold start: the new account's instance key from DigitalOcean",
        "medium",
        t,
        last,
        key=session.key,
        ips=(ip,),
    )

    # A9 crypto-mining burst with a leaked contractor key: quota increases and GPU instances in
    # regions the company never uses (Sysdig and Datadog on cryptojacking in AWS)
    pn = person("ctr-pnguyen")
    t = o.at(s[4], 11.3, rng)
    ip = BLOCKS["do_sgp"].address(rng)
    who = trail.user(acc["shared-network"], pn.name, user_key(pn))
    ids = []
    for region in ("us-east-2", "sa-east-1"):
        steps = [
            ("ec2", "DescribeRegions", None),
            (
                "servicequotas",
                "RequestServiceQuotaIncrease",
                {"quotaCode": "L-DB2E81BA", "desiredValue": 256},
            ),
            ("ec2", "DescribeImages", None),
        ]
        steps += [("ec2", "RunInstances", {"instanceType": "g5.12xlarge", "maxCount": 8})] * 3
        got, t = _play(trail, who, t, ip, UA_BOTO_VPS, steps, seed_rng=rng, region=region)
        ids += got
    truth.attack(
        "A9",
        "crypto-mining: GPU instances and quota increases in unused regions",
        "medium",
        o.at(s[4], 11.3),
        t,
        key=who.key,
        ips=(ip,),
    )

    # A10 slow recon with the SAP instances' own keys, address and client (issue 8)
    recon = ["ListRoles", "ListUsers", "GetAccountAuthorizationDetails", "ListAccessKeys"]
    other = [
        ("ec2", "DescribeSecurityGroups"),
        ("kms", "ListKeys"),
        ("secretsmanager", "ListSecrets"),
        ("s3", "ListBuckets"),
        ("organizations", "DescribeOrganization"),
        ("rds", "DescribeDBInstances"),
        ("lambda", "ListFunctions20150331"),
    ]
    ids = []
    t = o.at(s[1], 0.4, rng)
    keys = fleets["sap"]["i-0e5b7a9c3d1f28064"]
    for k in range(12):
        t += dt.timedelta(minutes=rng.randint(38, 55))
        svc, api = ("iam", recon[k % 4]) if k % 3 == 0 else other[k % len(other)]
        ids.append(
            trail.call(
                _current(keys, t), t, svc, api, ip=o.nat(seed, "corporate-erp"), ua=o.UA_BACKINT
            )
        )
    truth.attack(
        "A10",
        "slow recon with the SAP instance's own key, network and client",
        "medium",
        o.at(s[1], 0.4),
        t,
        events=tuple(ids),
    )
