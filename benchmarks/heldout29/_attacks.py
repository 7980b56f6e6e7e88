"""The attacks on the scored days (A1...), each drawn from a public incident pattern, and their
truth rows. ``day_of(scored, slot)`` folds the five slots onto however many days are scored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._fleet import (
    FIRMWARE,
    MEDIA,
    POOL,
    Fleet,
    at,
    cognito_credentials,
    s3_data,
)
from benchmarks.heldout29._records import Trail, stamp
from benchmarks.heldout29._staff import person_session

Row = dict[str, Any]
PYCLI = "aws-cli/2.18.1 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython md/distrib#kali.2024 cfg/retry-mode#standard md/installer#exe"
BOTO_VPS = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"


def day_of(scored: list[dt.date], slot: int) -> dt.date:
    return scored[min(len(scored) - 1, slot * len(scored) // 5)]


def row(
    rid: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: tuple[str, ...] = (),
    severity: str = "medium",
    events: tuple[str, ...] = (),
) -> Row:
    return {
        "id": rid,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(sorted(set(ips))),
        "event_ids": " ".join(events),
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def calls(
    tr: Trail,
    t: dt.datetime,
    account: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    seq: tuple[tuple[str, str, str | None], ...],
    *,
    gap: tuple[int, int] = (2, 40),
    region: str = o.HOME,
) -> dt.datetime:
    for source, name, error in seq:
        t += dt.timedelta(seconds=tr.rng.randint(*gap))
        where = "us-east-1" if source in ("iam", "organizations", "sts") else region
        tr.event(t, account, where, source, name, ident, ip, ua, error=error)
    return t


def a1_unauth_cognito(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """An over-permissive unauthenticated role: a script gets guest credentials from the pool
    and lists and reads other homes' private floorplans (the pool id is in the app bundle)."""
    ip, t0 = tr.ip("do_ams"), at(day, 2.4)
    ident_id = f"eu-north-1:{tr.uuid()}"
    tr.event(
        t0,
        o.PROD,
        o.HOME,
        "cognito-identity",
        "GetId",
        {"type": "Unknown", "principalId": "Unknown", "accountId": o.PROD},
        ip,
        BOTO_VPS,
        req={"identityPoolId": POOL},
        resp={"identityId": ident_id},
    )
    key, ident = cognito_credentials(
        tr, t0 + dt.timedelta(seconds=2), ident_id, ip, BOTO_VPS, authenticated=False
    )
    t = calls(
        tr,
        t0 + dt.timedelta(seconds=5),
        o.PROD,
        ident,
        ip,
        BOTO_VPS,
        (
            ("sts", "GetCallerIdentity", None),
            ("s3", "ListBuckets", "AccessDenied"),
            ("iot", "ListThings", "AccessDeniedException"),
            ("dynamodb", "ListTables", "AccessDeniedException"),
        ),
    )
    tr.event(
        t + dt.timedelta(seconds=3),
        o.PROD,
        o.HOME,
        "s3",
        "ListObjects",
        ident,
        ip,
        BOTO_VPS,
        req={"bucketName": MEDIA, "prefix": "private/"},
        data=True,
        read_only=True,
    )
    for n in range(tr.rng.randint(60, 90)):
        victim = tr.rng.choice(fl.phones).identity
        s3_data(
            tr,
            t + dt.timedelta(seconds=6 + n * 2),
            ident,
            ip,
            BOTO_VPS,
            "GetObject",
            MEDIA,
            f"private/{victim}/floorplan.webp",
            size=180_000,
        )
    end = t + dt.timedelta(seconds=200)
    return [
        row(
            "A1",
            "unauthenticated Cognito role reads other homes' private media",
            "attack",
            t0,
            end,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a2_codebuild_env_key(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The e2e test user's key, kept in a CodeBuild project's plain-text environment, used from
    a VPN exit: who am I, what can I reach, and the other projects' environments."""
    key, ip, t0 = fl.keys["e2e-test-runner"], tr.ip("m247_buh"), at(day, 21.7)
    ident = tr.user(o.PROD, "e2e-test-runner", key)
    t = calls(
        tr,
        t0,
        o.PROD,
        ident,
        ip,
        PYCLI,
        (
            ("sts", "GetCallerIdentity", None),
            ("iam", "ListAttachedUserPolicies", "AccessDenied"),
            ("iam", "GetUser", "AccessDenied"),
            ("s3", "ListBuckets", "AccessDenied"),
            ("cognito-idp", "ListUserPools", None),
            ("cognito-idp", "ListUsers", None),
            ("cognito-idp", "ListUsers", None),
            ("cognito-idp", "AdminCreateUser", None),
            ("cognito-idp", "AdminAddUserToGroup", "AccessDeniedException"),
            ("codebuild", "ListProjects", "AccessDeniedException"),
            ("secretsmanager", "ListSecrets", "AccessDeniedException"),
        ),
        gap=(5, 90),
    )
    return [
        row(
            "A2",
            "CodeBuild environment key used from a VPN exit",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a3_rogue_iot_policy(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The provisioning task's credentials, taken through its debug endpoint, used from Hetzner:
    a policy with iot:* attached to a fresh certificate, to subscribe to every device's topics."""
    ip, t0 = tr.ip("hetzner"), at(day, 3.3)
    task = fl.tasks[0]
    key = tr.mint(
        t0 - dt.timedelta(minutes=14),
        o.PROD,
        o.HOME,
        "ecs-tasks",
        "ecs-device-provisioning",
        task,
        hours=6,
    )
    ident = tr.role(o.PROD, "ecs-device-provisioning", task, key, t0 - dt.timedelta(minutes=14))
    seq = (
        ("sts", "GetCallerIdentity", None),
        ("iot", "ListPolicies", None),
        ("iot", "GetPolicy", None),
        ("iot", "CreatePolicy", None),
        ("iot", "CreateKeysAndCertificate", None),
        ("iot", "AttachPolicy", None),
        ("iot", "DescribeEndpoint", None),
        ("iam", "ListRoles", "AccessDenied"),
    )
    t = calls(tr, t0, o.PROD, ident, ip, BOTO_VPS, seq, gap=(8, 60))
    return [
        row(
            "A3",
            "provisioning task credentials create an iot:* policy on a new certificate",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="high",
        )
    ]


def a4_firmware_replaced(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """An engineer's Identity Center CLI token, stolen from his laptop's cache by an infostealer,
    used through a Swedish residential proxy with his own CLI: the released lock firmware
    overwritten in place, outside the pipeline (quiet: his country, his tool, his account)."""
    person = o.PEOPLE[1]  # oskar.lind, PowerUserAccess
    ip = tr.ip("resi_sth")
    key, _recs = person_session(
        tr, person, day, 22.6, account=o.PROD, ip=ip, ua=person.ua, console=False, calls=3
    )
    t = at(day, 22.9)
    ident = tr.sso(o.PROD, person.pset, person.user, key, at(day, 22.6))
    path = "releases/lock-l2/3.4.1/lock-l2-3.4.1.bin.signed"
    s3_data(tr, t, ident, ip, person.ua, "GetObject", FIRMWARE, path, size=1_900_000)
    s3_data(
        tr,
        t + dt.timedelta(minutes=7),
        ident,
        ip,
        person.ua,
        "PutObject",
        FIRMWARE,
        path,
        size=1_930_112,
    )
    tr.event(
        t + dt.timedelta(minutes=8), o.PROD, o.HOME, "iot", "DescribeJob", ident, ip, person.ua
    )
    end = t + dt.timedelta(minutes=9)
    return [
        row(
            "A4",
            "released firmware overwritten outside the pipeline with a stolen SSO token",
            "attack",
            at(day, 22.6),
            end,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a5_signer_permission(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """A poisoned GitHub Action in the infra repository's workflow (the tj-actions pattern):
    the Terraform role, from GitHub's own runners, lets another account sign with the firmware
    signing profile."""
    ip, t0 = tr.ip("gh_runners"), at(day, 11.2)
    provider = f"arn:aws:iam::{o.BUILD}:oidc-provider/token.actions.githubusercontent.com"
    sub = "repo:frostvik/platform-infra:pull_request"
    key = tr.key()
    tr.event(
        t0,
        o.BUILD,
        "us-east-1",
        "sts",
        "AssumeRoleWithWebIdentity",
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{sub}",
            "userName": sub,
            "identityProvider": provider,
        },
        ip,
        "aws-sdk-js/3.637.0 ua/2.0 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.13.1 api/sts#3.637.0 configure-aws-credentials-for-github-actions",
        req={
            "roleArn": f"arn:aws:iam::{o.BUILD}:role/github-terraform",
            "roleSessionName": "GitHubActions",
        },
        resp={
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                "expiration": (t0 + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "subjectFromWebIdentityToken": sub,
            "provider": provider,
        },
    )
    ident = tr.role(o.BUILD, "github-terraform", "GitHubActions", key, t0)
    ua = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
    t = calls(
        tr,
        t0,
        o.BUILD,
        ident,
        ip,
        ua,
        (
            ("signer", "ListSigningProfiles", None),
            ("signer", "GetSigningProfile", None),
            ("signer", "AddProfilePermission", None),
            ("signer", "ListProfilePermissions", None),
            ("secretsmanager", "ListSecrets", "AccessDeniedException"),
        ),
        gap=(2, 6),
    )
    return [
        row(
            "A5",
            "poisoned workflow grants another account the firmware signing profile",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a6_contractor_replay(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The Polish contractor's console session cookie replayed from Sao Paulo while he works."""
    person = o.PEOPLE[9]
    ip = tr.ip("choopa_sao")
    t0 = at(day, 14.1)
    home = tr.ip(person.home)
    key = tr.sso_signin(
        at(day, 8.9), o.PROD, person.pset, person.user, home, person.browser, console=True
    )
    ident = tr.sso(o.PROD, person.pset, person.user, key, at(day, 8.9))
    tr.event(
        at(day, 9.0), o.PROD, o.HOME, "iot", "ListThings", ident, home, person.browser, console=True
    )
    seq = (
        ("iot", "ListThings", None),
        ("iot", "DescribeEndpoint", None),
        ("iot", "ListCertificates", None),
        ("iot", "ListPolicies", None),
        ("iot", "GetPolicy", None),
        ("iot", "DescribeThing", None),
        ("iot", "ListThingPrincipals", None),
        ("iot", "ListJobs", None),
        ("iot", "CreateJob", "AccessDeniedException"),
        ("iot", "UpdateCertificate", "AccessDeniedException"),
    )
    t = t0
    for source, name, error in seq:
        t += dt.timedelta(seconds=tr.rng.randint(10, 80))
        tr.event(
            t, o.PROD, o.HOME, source, name, ident, ip, person.browser, error=error, console=True
        )
    return [
        row(
            "A6",
            "the contractor's console session replayed from Brazil",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]
