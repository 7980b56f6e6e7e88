"""The attacks A5...A11: stolen console passwords, token caches, instance, function, task
and Cognito credentials, and a confused-deputy probe."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout34.attacks import PROBE_ACCOUNT, denied, s3get
from benchmarks.heldout34.background import at, grants_console
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail
from benchmarks.heldout34.identity import Session, cross_assume, sso_mint
from benchmarks.heldout34.org import (
    DATA,
    EMERG,
    OPS,
    PROVIDER,
    REG,
    Org,
    Person,
)
from benchmarks.heldout34.truth import Truth


def a5_console(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The grants team's password-only console user, its password sprayed from a mobile line
    in Nigeria: signs in without MFA, lists, reads the grant reports, tries IAM."""
    ip = org.addr.pick("mtn_ng")
    ua = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36"
    t0 = grants_console(trail, org, day, ip, rng, ua)
    user = org.users["grants-reporting"]
    key = trail.ident("ASIA")
    ident = user.ident(key, console_since=t0)
    t = t0 + dt.timedelta(minutes=25)
    trail.call(t, DATA, ident, "s3.amazonaws.com", "ListBuckets", "eu-central-1", ip, ua, read=True)
    trail.call(
        t + dt.timedelta(seconds=40),
        DATA,
        ident,
        "iam.amazonaws.com",
        "ListUsers",
        GLOBAL,
        ip,
        ua,
        read=True,
        error=denied(user.arn, "iam:ListUsers"),
    )
    trail.call(
        t + dt.timedelta(seconds=70),
        DATA,
        ident,
        "iam.amazonaws.com",
        "CreateAccessKey",
        GLOBAL,
        ip,
        ua,
        read=False,
        req={"userName": user.name},
        error=denied(user.arn, "iam:CreateAccessKey"),
    )
    truth.add(
        "A5",
        "grants console user signs in without MFA from Nigeria and tries to make itself a key",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=2),
        principal=user.arn,
        ips=(ip,),
    )


def a6_recon(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, victim: Person
) -> None:
    """An IT admin's Identity Center token cache, stolen by an infostealer, replayed through a
    Swiss residential proxy with the team's own aws-cli: slow recon, a call every half hour."""
    ip = org.addr.pick("resi_proxy_ch")
    ua = UA["cli_mac" if victim.browser != "chrome" else "cli_win"]
    t0 = at(day, 10 + rng.random())
    s = sso_mint(
        trail,
        t0,
        org.sso(OPS, victim.pset),
        victim.email,
        ip,
        ua.format(cmd="sso.login"),
        PROVIDER,
        console=False,
    )
    t = t0
    for source, name in (
        ("sts", "GetCallerIdentity"),
        ("iam", "ListRoles"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountAuthorizationDetails"),
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("ec2", "DescribeInstances"),
        ("iam", "ListAccessKeys"),
        ("organizations", "ListAccounts"),
        ("kms", "ListKeys"),
    ):
        t += dt.timedelta(minutes=rng.randint(20, 40))
        err = denied(s.arn, "organizations:ListAccounts") if name == "ListAccounts" else None
        trail.call(
            t,
            OPS,
            s.ident(),
            f"{source}.amazonaws.com",
            name,
            GLOBAL if source in ("iam", "sts", "organizations") else "eu-central-1",
            ip,
            ua.format(cmd=f"{source}.{name.lower()}"),
            read=True,
            error=err,
        )
    truth.add(
        "A6",
        "IT admin's stolen SSO token cache: slow recon through a Swiss residential proxy",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=s.arn,
        ips=(ip,),
    )


def a7_cold(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, field_session: Session
) -> None:
    """The emergency account's Kobo instance, stood up in a hurry with IMDSv1, leaks its
    instance credentials through an SSRF on its first day; used from an OVH host."""
    ip, ua = org.addr.pick("ovh_fr"), UA["pacu"]
    s = field_session
    t0 = t = max(s.created + dt.timedelta(hours=2), at(day, 16))
    trail.call(
        t, EMERG, s.ident(), "sts.amazonaws.com", "GetCallerIdentity", GLOBAL, ip, ua, read=True
    )
    trail.call(
        t + dt.timedelta(seconds=20),
        EMERG,
        s.ident(),
        "s3.amazonaws.com",
        "ListBuckets",
        "af-south-1",
        ip,
        ua,
        read=True,
    )
    for _k in range(8):
        t += dt.timedelta(seconds=rng.randint(15, 60))
        s3get(
            trail,
            t + dt.timedelta(seconds=30),
            EMERG,
            s.ident(),
            "af-south-1",
            ip,
            ua,
            "lumen-emerg-chad-intake",
            f"intake/{trail.hexid(12)}.json",
        )
    truth.add(
        "A7",
        "emergency account's Kobo instance credentials (IMDSv1 SSRF) used from OVH on the account's first day",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=2),
        key=s.key,
        principal=s.role.arn,
        ips=(ip,),
    )


def a8_lambda(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, session: Session
) -> None:
    """The submit function's credentials, read from its environment by a compromised
    dependency, scanning the beneficiaries table from an EC2 instance in another account."""
    ip, ua = org.addr.pick("aws_iad"), UA["requests"]
    t0 = t = session.created + dt.timedelta(minutes=40)
    table = f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries"
    trail.call(
        t,
        REG,
        session.ident(),
        "dynamodb.amazonaws.com",
        "DescribeTable",
        "af-south-1",
        ip,
        ua,
        read=True,
        req={"tableName": "beneficiaries"},
    )
    for _k in range(max(10, int(30 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(1, 3))
        trail.call(
            t,
            REG,
            session.ident(),
            "dynamodb.amazonaws.com",
            "Scan",
            "af-south-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"tableName": "beneficiaries", "limit": 1000},
            resources=[{"accountId": REG, "type": "AWS::DynamoDB::Table", "ARN": table}],
        )
    truth.add(
        "A8",
        "submit Lambda's credentials scanning the beneficiaries table from another AWS account",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=session.key,
        principal=session.role.arn,
        ips=(ip,),
    )


def a9_tor(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, session: Session
) -> None:
    """The donor-report task's credentials, taken through an SSRF to the task metadata
    endpoint, used from a Tor exit: trying to stop the trail and GuardDuty, reading donors."""
    ip, ua = org.addr.pick("tor_exit"), UA["pacu"]
    t0 = t = session.created + dt.timedelta(minutes=50)
    arn = session.arn
    for source, name, region, err in (
        ("sts", "GetCallerIdentity", GLOBAL, None),
        ("cloudtrail", "DescribeTrails", "eu-central-1", None),
        ("cloudtrail", "StopLogging", "eu-central-1", denied(arn, "cloudtrail:StopLogging")),
        ("guardduty", "ListDetectors", "eu-central-1", denied(arn, "guardduty:ListDetectors")),
        ("guardduty", "DeleteDetector", "eu-central-1", denied(arn, "guardduty:DeleteDetector")),
    ):
        t += dt.timedelta(seconds=rng.randint(5, 30))
        trail.call(
            t,
            DATA,
            session.ident(),
            f"{source}.amazonaws.com",
            name,
            region,
            ip,
            ua,
            read=name.startswith(("Get", "Describe", "List")),
            error=err,
            req={"name": f"arn:aws:cloudtrail:eu-central-1:{DATA}:trail/org-trail"}
            if name == "StopLogging"
            else None,
        )
    for k in range(5):
        t += dt.timedelta(seconds=rng.randint(5, 20))
        s3get(
            trail,
            t,
            DATA,
            session.ident(),
            "eu-central-1",
            ip,
            ua,
            "lumen-donor-exchange",
            f"inbound/donors-{day - dt.timedelta(days=k)}-0{k}.json",
        )
    truth.add(
        "A9",
        "donor-report task credentials from a Tor exit try StopLogging and DeleteDetector, read donor files",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=session.key,
        principal=session.role.arn,
        ips=(ip,),
    )


def a10_cognito(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The registration app's Cognito identity pool allows unauthenticated identities, and
    its unauthenticated role was left with read on the table and the photo bucket."""
    role = org.roles["cognito_unauth"]
    ip, ua = org.addr.pick("hetzner_fi"), UA["requests"]
    t0 = t = at(day, 13 + rng.random())
    identity = f"me-south-1:{trail.uid()}"
    s = Session(
        role, "CognitoIdentityCredentials", trail.ident("ASIA"), t, web_identity="unauthenticated"
    )
    trail.call(
        t,
        REG,
        {
            "type": "WebIdentityUser",
            "principalId": f"cognito-identity.amazonaws.com:me-south-1:5b2f0e1c:{identity}",
            "userName": identity,
            "identityProvider": "cognito-identity.amazonaws.com",
        },
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
        "me-south-1",
        ip,
        ua,
        read=True,
        req={"roleArn": role.arn, "roleSessionName": "CognitoIdentityCredentials"},
        resp={
            "credentials": {"accessKeyId": s.key},
            "subjectFromWebIdentityToken": identity,
            "assumedRoleUser": {
                "arn": s.arn,
                "assumedRoleId": f"{role.role_id}:CognitoIdentityCredentials",
            },
        },
    )
    table = f"arn:aws:dynamodb:me-south-1:{REG}:table/beneficiaries"
    for _k in range(10):
        t += dt.timedelta(seconds=rng.randint(2, 6))
        trail.call(
            t,
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            "Scan",
            "me-south-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"tableName": "beneficiaries"},
            resources=[{"accountId": REG, "type": "AWS::DynamoDB::Table", "ARN": table}],
        )
    for _k in range(6):
        t += dt.timedelta(seconds=rng.randint(2, 6))
        s3get(
            trail,
            t,
            REG,
            s.ident(),
            "me-south-1",
            ip,
            ua,
            "lumen-reg-docs-me-south-1",
            f"cases/{trail.hexid(12)}/id-photo.jpg",
        )
    truth.add(
        "A10",
        "unauthenticated Cognito identity scans the beneficiaries table and reads ID photos",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=role.arn,
        ips=(ip,),
    )


def a11_probe(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """A confused-deputy probe: another account tries the donor-CRM role without the
    external ID, then with guessed ones."""
    ip = org.addr.pick("aws_iad")
    t0 = t = at(day, 7 + rng.random())
    for guess in (None, None, "lumen", "givestack", "lumenrelief", None):
        t += dt.timedelta(seconds=rng.randint(3, 30))
        cross_assume(
            trail,
            t,
            org.roles["vendor"],
            PROBE_ACCOUNT,
            "AROAPROBE7Q2M4X9KD3",
            "s3-audit",
            ip,
            UA["pacu"],
            external_id=guess,
            denied=True,
        )
    truth.add(
        "A11",
        "another account tries the donor-CRM role without its external ID",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        ips=(ip,),
    )
