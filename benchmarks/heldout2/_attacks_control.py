"""Attacks that take control or extort with a leaked key: console and federation persistence,
a role backdoored to an outside account with a shared snapshot, and SSE-C ransomware."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout2._attacks import DEBIAN_CLI, KALI_CLI, VPS_BOTO, Run
from benchmarks.heldout2._benign import Row, row
from benchmarks.heldout2._org import EXTERNAL, HOME, PROD, Org
from benchmarks.heldout2._people import console_login
from benchmarks.heldout2._records import Actor, Call, new_key


def persistence(org: Org) -> list[Row]:
    """A4: an engineer's CLI key from a VPN exit: console access for a service user
    (CreateLoginProfile), a reset colleague password, GetFederationToken, console as both."""
    t, rng = org.at["persistence"], org.trail.rng("A4")
    victim = org.actors["priya.raman"]
    ip = org.plan.ip("proton_ch", rng)
    run = Run(
        org,
        rng,
        Call(victim, org.keys[victim.name], ip, KALI_CLI.format(cmd="sts.get-caller-identity")),
        t,
    )
    run("sts", "GetCallerIdentity")
    run("iam", "ListUsers", cmd=KALI_CLI.format(cmd="iam.list-users"))
    run("iam", "ListAttachedUserPolicies", req={"userName": "svc-reporting"})
    run(
        "iam",
        "GetLoginProfile",
        req={"userName": "svc-reporting"},
        error=("NoSuchEntityException", "Login Profile for User svc-reporting cannot be found."),
    )
    run(
        "iam",
        "CreateLoginProfile",
        req={"userName": "svc-reporting", "passwordResetRequired": False},
        cmd=KALI_CLI.format(cmd="iam.create-login-profile"),
    )
    run(
        "iam",
        "UpdateLoginProfile",
        req={"userName": "owen.brooks"},
        cmd=KALI_CLI.format(cmd="iam.update-login-profile"),
    )
    fkey = new_key(rng, "ASIA")
    run(
        "sts",
        "GetFederationToken",
        req={
            "name": "priya",
            "durationSeconds": 129600,
            "policyArns": [{"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
        },
        resp={
            "credentials": {"accessKeyId": fkey},
            "federatedUser": {"arn": f"arn:aws:sts::{PROD}:federated-user/priya"},
        },
        cmd=KALI_CLI.format(cmd="sts.get-federation-token"),
    )
    fed = Actor("FederatedUser", PROD, "priya", victim.unique, session=victim.name)
    browser = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    later = run.t + dt.timedelta(minutes=4)
    console_login(org, rng, fed, later, ip, browser, mfa=False)
    frun = Run(org, rng, Call(fed, fkey, ip, browser, created=later, console=True), later)
    for s, n in (
        ("s3", "ListBuckets"),
        ("ec2", "DescribeInstances"),
        ("secretsmanager", "ListSecrets"),
        ("iam", "ListRoles"),
    ):
        frun(s, n, gap=40)
    svc = org.actors["svc-reporting"]
    next_day = t + dt.timedelta(hours=14)
    console_login(org, rng, svc, next_day, ip, browser, mfa=False)
    srun = Run(
        org,
        rng,
        Call(svc, new_key(rng, "ASIA"), ip, browser, created=next_day, console=True),
        next_day,
    )
    for s, n in (
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
    ):
        srun(s, n, gap=60)
    return [
        row(
            "A4",
            "login-profile and federation-token persistence",
            t,
            run.t,
            label="attack",
            key=org.keys[victim.name],
            ips=ip,
            severity="high",
        ),
        row(
            "A4",
            "login-profile and federation-token persistence",
            later,
            frun.t,
            label="attack",
            principal=fed_arn(fed),
            ips=ip,
            severity="high",
        ),
        row(
            "A4",
            "login-profile and federation-token persistence",
            next_day,
            srun.t,
            label="attack",
            principal=svc.user_arn,
            ips=ip,
            severity="high",
        ),
    ]


def fed_arn(actor: Actor) -> str:
    return f"arn:aws:sts::{actor.account}:federated-user/{actor.name}"


def backdoor(org: Org) -> list[Row]:
    """A5: the DR cron's key shares a snapshot with an outside account and makes the break-glass
    role trust that account, which then assumes it."""
    t, rng = org.at["backdoor"], org.trail.rng("A5")
    user = org.actors["dr-snapshots"]
    ip = org.plan.ip("hetzner_de", rng)
    run = Run(
        org,
        rng,
        Call(user, org.keys[user.name], ip, DEBIAN_CLI.format(cmd="sts.get-caller-identity")),
        t,
    )
    run("sts", "GetCallerIdentity")
    run("ec2", "DescribeSnapshots", cmd=DEBIAN_CLI.format(cmd="ec2.describe-snapshots"))
    run(
        "ec2",
        "ModifySnapshotAttribute",
        req={
            "snapshotId": "snap-0c7d2e9f41a3b6d58",
            "attributeType": "CREATE_VOLUME_PERMISSION",
            "createVolumePermission": {"add": {"items": [{"userId": EXTERNAL}]}},
        },
        cmd=DEBIAN_CLI.format(cmd="ec2.modify-snapshot-attribute"),
    )
    run("iam", "ListRoles", cmd=DEBIAN_CLI.format(cmd="iam.list-roles"))
    role = org.actors["breakglass"]
    run("iam", "GetRole", req={"roleName": role.name})
    policy = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'
        + EXTERNAL
        + ':root"},"Action":"sts:AssumeRole"}]}'
    )
    run(
        "iam",
        "UpdateAssumeRolePolicy",
        req={"roleName": role.name, "policyDocument": policy},
        cmd=DEBIAN_CLI.format(cmd="iam.update-assume-role-policy"),
    )
    outside = Actor("AWSAccount", EXTERNAL, "", new_key(rng, "AIDA"))
    later = run.t + dt.timedelta(minutes=25)
    key, _ = org.trail.assume(rng, later, Call(outside, None, ip, VPS_BOTO), role, "maint", HOME)
    brun = Run(org, rng, Call(role.as_session("maint"), key, ip, VPS_BOTO, created=later), later)
    for s, n in (
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
        ("iam", "ListUsers"),
    ):
        brun(s, n, gap=30)
    return [
        row(
            "A5",
            "snapshot shared and role backdoored to an outside account",
            t,
            run.t,
            label="attack",
            key=org.keys[user.name],
            ips=ip,
            severity="high",
        ),
        row(
            "A5",
            "snapshot shared and role backdoored to an outside account",
            later,
            brun.t,
            label="attack",
            principal=role.role_arn,
            ips=ip,
            severity="high",
        ),
    ]


def ransomware(org: Org) -> list[Row]:
    """A6 (Halcyon's Codefinger): objects rewritten with SSE-C keys, a 7-day expiry lifecycle
    rule, and the bucket's KMS key scheduled for deletion."""
    t, rng = org.at["ransom"], org.trail.rng("A6")
    user = org.actors["assets-sync"]
    ip = org.plan.ip("linode", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    bucket = "quill-customer-documents"
    run("s3", "ListBuckets")
    for n in ("GetBucketVersioning", "GetBucketEncryption", "GetBucketLifecycleConfiguration"):
        run("s3", n, req={"bucketName": bucket})
    for _ in range(int(80 * max(org.scale, 0.5))):
        obj = f"tenants/t-{rng.randrange(10**5):05d}/docs/{rng.getrandbits(48):012x}.pdf"
        res = [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"}]
        run(
            "s3",
            "GetObject",
            gap=2,
            data=True,
            req={"bucketName": bucket, "key": obj},
            resources=res,
        )
        run(
            "s3",
            "PutObject",
            gap=2,
            data=True,
            resources=res,
            req={
                "bucketName": bucket,
                "key": obj,
                "x-amz-server-side-encryption-customer-algorithm": "AES256",
            },
        )
    run(
        "s3",
        "PutBucketLifecycleConfiguration",
        req={"bucketName": bucket, "LifecycleConfiguration": {"Rule": {"Expiration": {"Days": 7}}}},
    )
    run(
        "kms",
        "ScheduleKeyDeletion",
        req={
            "keyId": "arn:aws:kms:us-west-2:318664012957:key/2f6b7c1e-93d4-4a0e-b8f5-61c2d7e9a041",
            "pendingWindowInDays": 7,
        },
    )
    return [
        row(
            "A6",
            "S3 SSE-C ransomware and KMS key deletion",
            t,
            run.t,
            label="attack",
            key=org.keys[user.name],
            ips=ip,
            severity="high",
        )
    ]


CONTROL_ATTACKS = (persistence, backdoor, ransomware)
