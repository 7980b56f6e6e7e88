"""The benign changes of the scored days (B1...B11): the ones that make detectors cry wolf in
a humanitarian NGO, each with its truth rows. B1, B2, B4 and B5 here; the others in
``changes_ops``."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout34.attacks import s3get
from benchmarks.heldout34.background import at, athena_query, person_day
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail
from benchmarks.heldout34.identity import Session, service_mint, sso_mint
from benchmarks.heldout34.org import DATA, EMERG, MGMT, OPS, PROVIDER, REG, Org, Person, cli
from benchmarks.heldout34.truth import Truth

PROWLER = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0-1018-azure md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.54 APN_1826889"


def day_span(day: dt.date, last: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    return at(day, 0), at(last or day, 24) - dt.timedelta(seconds=1)


def b2_new_account(
    trail: Trail,
    org: Org,
    truth: Truth,
    day: dt.date,
    rng: random.Random,
    admin: Person,
    last: dt.date,
) -> Session:
    """The emergency-response account created and stood up with Terraform in an afternoon;
    its Kobo field server started. Returns the server's first instance session."""
    ip = org.ips.get("office:gva_office") or org.addr.pick("gva_office")
    t0 = at(day, 7 + rng.random())
    mgmt = sso_mint(
        trail,
        t0,
        org.sso(MGMT, "ITAdmin"),
        admin.email,
        ip,
        cli("cli_mac", "sso.login"),
        PROVIDER,
        console=False,
    )
    trail.call(
        t0 + dt.timedelta(minutes=2),
        MGMT,
        mgmt.ident(),
        "organizations.amazonaws.com",
        "CreateAccount",
        GLOBAL,
        ip,
        UA["terraform"],
        read=False,
        req={"accountName": "lumen-emergency-chad", "email": "aws-emergency-chad@lumenrelief.org"},
        resp={"createAccountStatus": {"state": "IN_PROGRESS"}},
    )
    t = t0 + dt.timedelta(minutes=12)
    admin_role = org.roles["emerg_admin"]
    # the management account's session assumes the account's admin role
    s = Session(admin_role, admin.email, trail.ident("ASIA"), t)
    trail.call(
        t,
        EMERG,
        {
            "type": "AWSAccount",
            "principalId": f"{mgmt.role.role_id}:{admin.email}",
            "accountId": MGMT,
        },
        "sts.amazonaws.com",
        "AssumeRole",
        GLOBAL,
        ip,
        UA["terraform"],
        read=True,
        req={"roleArn": admin_role.arn, "roleSessionName": admin.email},
        resp={
            "credentials": {"accessKeyId": s.key},
            "assumedRoleUser": {
                "arn": s.arn,
                "assumedRoleId": f"{admin_role.role_id}:{admin.email}",
            },
        },
    )
    for source, name, read in (
        ("ec2", "CreateVpc", False),
        ("ec2", "CreateSubnet", False),
        ("ec2", "CreateSubnet", False),
        ("ec2", "CreateInternetGateway", False),
        ("ec2", "AttachInternetGateway", False),
        ("ec2", "CreateRouteTable", False),
        ("ec2", "CreateSecurityGroup", False),
        ("ec2", "AuthorizeSecurityGroupIngress", False),
        ("iam", "CreateRole", False),
        ("iam", "AttachRolePolicy", False),
        ("iam", "CreateInstanceProfile", False),
        ("iam", "AddRoleToInstanceProfile", False),
        ("s3", "CreateBucket", False),
        ("s3", "PutBucketEncryption", False),
        ("s3", "PutBucketPublicAccessBlock", False),
        ("ec2", "DescribeImages", True),
        ("ec2", "RunInstances", False),
        ("ec2", "DescribeInstances", True),
        ("ec2", "DescribeInstances", True),
    ):
        t += dt.timedelta(seconds=rng.randint(2, 25))
        trail.call(
            t,
            EMERG,
            s.ident(),
            f"{source}.amazonaws.com",
            name,
            GLOBAL if source == "iam" else "af-south-1",
            ip,
            UA["terraform"],
            read=read,
            req={"bucketName": "lumen-emerg-chad-intake"} if source == "s3" else None,
        )
    truth.add(
        "B2",
        "emergency-response account created and stood up with Terraform",
        "benign",
        "low",
        *day_span(day),
        principal=admin_role.arn,
    )
    truth.add(
        "B2",
        "emergency-response account created and stood up with Terraform",
        "benign",
        "low",
        *day_span(day),
        principal=mgmt.arn,
    )
    # the field server and its days
    instance, ec2_ip = "i-07d2c41e9a8b3f560", org.addr.pick("aws_cpt")
    first = None
    d = day
    while d <= last:
        for h in range(0 if d > day else t.hour + 1, 24):
            tt = at(d, h + 0.1)
            if first is None or h % 6 == 0:
                session = service_mint(
                    trail,
                    tt - dt.timedelta(minutes=1),
                    org.roles["emerg_kobo"],
                    instance,
                    "ec2.amazonaws.com",
                    "af-south-1",
                    ec2="1.0",
                )
                first = first or session
            for k in range(2):
                s3get(
                    trail,
                    tt + dt.timedelta(minutes=5 + 20 * k),
                    EMERG,
                    session.ident(),
                    "af-south-1",
                    ec2_ip,
                    UA["kobo_ec2"],
                    "lumen-emerg-chad-intake",
                    f"intake/{trail.hexid(12)}.json",
                    name="PutObject",
                    read=False,
                )
        d += dt.timedelta(days=1)
    truth.add(
        "B2",
        "emergency-response account created and stood up with Terraform",
        "benign",
        "low",
        *day_span(day, last),
        principal=org.roles["emerg_kobo"].arn,
        ips=(ec2_ip,),
    )
    assert first is not None
    return first


def b1_deployment(
    trail: Trail,
    org: Org,
    truth: Truth,
    days: list[dt.date],
    rng: random.Random,
    staff: list[Person],
) -> None:
    """Staff deployed to Chad within 48 hours of an emergency appeal: from the first day there
    they work from Chad on Airtel and the team's Starlink kit."""
    for person in staff:
        for d in days:
            person.travel[d] = "chad_starlink" if rng.random() < 0.5 else "chad_mobile"
            person_day(trail, org, person, d, rng, {}, calls=rng.randint(10, 30))
        s = org.sso(REG if person.pset != "DataAnalyst" else DATA, person.pset)
        truth.add(
            "B1",
            "emergency deployment of staff to Chad",
            "benign",
            "low",
            *day_span(days[0], days[-1]),
            principal=f"arn:aws:sts::{s.account}:assumed-role/{s.name}/{person.email}",
        )


def b4_audit(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, finance: Person
) -> None:
    """The finance lead's annual audit export: a permission set used once a year, Athena over
    the donations and a bulk download of the finance archive, in the evening from home."""
    ip = org.addr.pick(finance.home)
    t0 = t = at(day, 17 + rng.random())
    s = sso_mint(
        trail,
        t,
        org.sso(DATA, "AuditExport"),
        finance.email,
        ip,
        UA[finance.browser],
        PROVIDER,
        console=True,
    )
    for _ in range(4):
        t = athena_query(
            trail,
            t + dt.timedelta(minutes=3),
            s,
            ip,
            UA[finance.browser],
            "eu-central-1",
            "donations",
            "lumen-programme-lake",
        )
    for k in range(max(40, int(220 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(1, 6))
        s3get(
            trail,
            t,
            DATA,
            s.ident(),
            "eu-central-1",
            ip,
            UA[finance.browser],
            "lumen-finance-archive",
            f"ledger/2026/{k:04d}-{trail.hexid(6)}.pdf",
        )
    truth.add(
        "B4",
        "finance lead's annual audit export",
        "benign",
        "low",
        t0,
        t + dt.timedelta(minutes=5),
        principal=s.arn,
    )


def b5_assessment(
    trail: Trail,
    org: Org,
    truth: Truth,
    days: list[dt.date],
    rng: random.Random,
    consultants: list[str],
) -> None:
    """A pro-bono consultancy's security assessment: read-only access in three accounts,
    the console and Prowler from behind the firm's Zscaler egress, many AccessDenied."""
    calls = [
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListUsers"),
        ("iam", "ListRoles"),
        ("iam", "GetAccountPasswordPolicy"),
        ("iam", "GenerateCredentialReport"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketPolicy"),
        ("s3", "GetBucketAcl"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSecurityGroups"),
        ("ec2", "DescribeVpcs"),
        ("kms", "ListKeys"),
        ("cloudtrail", "DescribeTrails"),
        ("guardduty", "ListDetectors"),
        ("secretsmanager", "ListSecrets"),
        ("lambda", "ListFunctions20150331"),
        ("dynamodb", "ListTables"),
        ("config", "DescribeConfigRules"),
        ("cognito-idp", "ListUserPools"),
        ("sso", "ListInstances"),
    ]
    for i, email in enumerate(consultants):
        ip = org.addr.pick("zscaler_lon")
        for d in days:
            for account in (REG, DATA, OPS):
                t0 = t = at(d, 9 + i + rng.random())
                tool = "prowler" if (account == OPS and d == days[0]) else "console"
                ua = PROWLER if tool == "prowler" else UA["chrome"]
                s = sso_mint(
                    trail,
                    t,
                    org.sso(account, "SecurityAuditRO"),
                    email,
                    ip,
                    ua,
                    PROVIDER,
                    console=tool == "console",
                )
                for source, name in calls * 3 if tool == "prowler" else rng.sample(calls, 8):
                    t += dt.timedelta(
                        seconds=rng.randint(1, 4) if tool == "prowler" else rng.randint(30, 300)
                    )
                    err = (
                        (
                            "AccessDenied",
                            f"User: {s.arn} is not authorized to perform: {source}:{name}",
                        )
                        if name in ("ListSecrets", "GenerateCredentialReport")
                        else None
                    )
                    trail.call(
                        t,
                        account,
                        s.ident(),
                        f"{source}.amazonaws.com",
                        name,
                        GLOBAL if source == "iam" else "eu-central-1",
                        ip,
                        ua,
                        read=True,
                        error=err,
                    )
                truth.add(
                    "B5",
                    "pro-bono consultancy's read-only security assessment",
                    "benign",
                    "low",
                    t0,
                    t + dt.timedelta(minutes=5),
                    principal=s.arn,
                )
