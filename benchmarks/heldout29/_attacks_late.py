"""The later attacks (A7...) and the slot each attack takes on the scored days."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._attacks import (
    BOTO_VPS,
    PYCLI,
    Row,
    a1_unauth_cognito,
    a2_codebuild_env_key,
    a3_rogue_iot_policy,
    a4_firmware_replaced,
    a5_signer_permission,
    a6_contractor_replay,
    calls,
    row,
)
from benchmarks.heldout29._fleet import Fleet, at
from benchmarks.heldout29._records import Trail
from benchmarks.heldout29._staff import person_session


def a7_new_account_instance(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """frostvik-us's first day: the Matter certification lab instance's role credentials, read
    through IMDSv1 by an SSRF in its debug UI, used from a VPS in New Jersey."""
    inst = "i-0" + "".join(tr.rng.choice("0123456789abcdef") for _ in range(16))
    t_mint = at(day, 15.5)
    key = tr.mint(t_mint, o.US, "us-east-1", "ec2", "matter-lab-instance", inst, hours=6)
    ip, t0 = tr.ip("vultr_nj"), at(day, 19.3)
    ident = tr.role(o.US, "matter-lab-instance", inst, key, t_mint, ec2=True)
    t = calls(
        tr,
        t0,
        o.US,
        ident,
        ip,
        PYCLI,
        (
            ("sts", "GetCallerIdentity", None),
            ("s3", "ListBuckets", None),
            ("ec2", "DescribeInstances", None),
            ("iam", "ListRoles", "AccessDenied"),
            ("secretsmanager", "ListSecrets", None),
            ("ssm", "DescribeParameters", None),
            ("ec2", "DescribeSnapshots", None),
        ),
        region="us-east-1",
    )
    return [
        row(
            "A7",
            "new account's lab instance credentials used from a VPS on its first day",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a8_quiet_recon(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """An analyst's cached CLI token used with her own CLI from a Stockholm residential line:
    a few reads an hour across the data account, nothing denied (quiet)."""
    person = o.PEOPLE[6]  # linnea.dahl, DataAnalyst
    ip = tr.ip("resi_sth")
    t0 = at(day, 9.2)
    key, _ = person_session(
        tr, person, day, 9.2, account=o.DATA, ip=ip, ua=person.ua, console=False, calls=0
    )
    ident = tr.sso(o.DATA, person.pset, person.user, key, t0)
    t = t0
    for source, name in (
        ("glue", "GetDatabases"),
        ("glue", "GetTables"),
        ("athena", "ListWorkGroups"),
        ("athena", "ListNamedQueries"),
        ("athena", "ListQueryExecutions"),
        ("athena", "BatchGetQueryExecution"),
        ("glue", "GetConnections"),
        ("s3", "ListBuckets"),
        ("glue", "GetJobs"),
        ("athena", "ListDataCatalogs"),
    ):
        t += dt.timedelta(minutes=tr.rng.randint(9, 25))
        tr.event(t, o.DATA, o.HOME, source, name, ident, ip, person.ua)
    return [
        row(
            "A8",
            "an analyst's cached CLI token used quietly from a residential line",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a9_factory_key_tor(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The factory station's long-term key, in a test image shared with a supplier, tried from a
    Tor exit on the threat list."""
    key, ip, t0 = fl.keys["factory-line-tallinn"], tr.ip("tor_exit"), at(day, 4.1)
    ident = tr.user(o.PROD, "factory-line-tallinn", key)
    t = calls(
        tr,
        t0,
        o.PROD,
        ident,
        ip,
        BOTO_VPS,
        (
            ("sts", "GetCallerIdentity", None),
            ("iot", "ListThings", None),
            ("iot", "ListCertificates", "AccessDeniedException"),
            ("s3", "ListBuckets", "AccessDenied"),
            ("iam", "ListAccessKeys", "AccessDenied"),
        ),
        gap=(1, 5),
    )
    return [
        row(
            "A9",
            "factory key tried from a Tor exit on the threat list",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="high",
        )
    ]


def a10_scp_detached(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The management account's old Terraform user key (in a public Git history): the SCP that
    protects CloudTrail detached from the production OU, then prod's firmware data events cut."""
    key, ip, t0 = tr.key("AKIA"), tr.ip("ovh_gra"), at(day, 5.2)
    ident = tr.user(o.MGMT, "terraform-org-legacy", key)
    t = calls(
        tr,
        t0,
        o.MGMT,
        ident,
        ip,
        PYCLI,
        (
            ("sts", "GetCallerIdentity", None),
            ("organizations", "ListPolicies", None),
            ("organizations", "ListTargetsForPolicy", None),
            ("organizations", "DetachPolicy", None),
        ),
        gap=(20, 90),
    )
    rkey = tr.assume(
        t + dt.timedelta(seconds=40),
        ident,
        ip,
        PYCLI,
        o.PROD,
        "OrganizationAccountAccessRole",
        "tf",
        region="us-east-1",
    )
    rident = tr.role(o.PROD, "OrganizationAccountAccessRole", "tf", rkey, t)
    t2 = calls(
        tr,
        t + dt.timedelta(seconds=60),
        o.PROD,
        rident,
        ip,
        PYCLI,
        (
            ("cloudtrail", "DescribeTrails", None),
            ("cloudtrail", "GetEventSelectors", None),
            ("cloudtrail", "PutEventSelectors", None),
        ),
        region=o.HOME,
    )
    return [
        row(
            "A10",
            "SCP detached and firmware data events cut with a leaked management key",
            "attack",
            t0,
            t2,
            key=key,
            ips=(ip,),
            severity="high",
        ),
        row(
            "A10",
            "SCP detached and firmware data events cut with a leaked management key",
            "attack",
            t,
            t2,
            key=rkey,
            ips=(ip,),
            severity="high",
        ),
    ]


def a11_lambda_key_outside(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The schedules function's environment (and its session key) dumped through a template
    injection, used from a Hetzner host: the function's own reads, then the tables."""
    t_mint = at(day, 16.0)
    key = tr.mint(t_mint, o.PROD, o.HOME, "lambda", "lambda-api-schedules", "api-schedules")
    ident = tr.role(o.PROD, "lambda-api-schedules", "api-schedules", key, t_mint)
    tr.event(
        t_mint + dt.timedelta(seconds=1),
        o.PROD,
        o.HOME,
        "secretsmanager",
        "GetSecretValue",
        ident,
        tr.aws_ip("ec2", o.HOME),
        o.SDK_JS.format(api="secrets-manager"),
    )
    ip, t0 = tr.ip("hetzner"), at(day, 16.4)
    t = calls(
        tr,
        t0,
        o.PROD,
        ident,
        ip,
        BOTO_VPS,
        (
            ("sts", "GetCallerIdentity", None),
            ("scheduler", "ListSchedules", None),
            ("dynamodb", "ListTables", "AccessDeniedException"),
            ("secretsmanager", "GetSecretValue", None),
            ("s3", "ListBuckets", "AccessDenied"),
        ),
        gap=(3, 30),
    )
    return [
        row(
            "A11",
            "a Lambda function's session key used from a Hetzner host",
            "attack",
            t0,
            t,
            key=key,
            ips=(ip,),
            severity="medium",
        )
    ]


ATTACKS = (  # (function, slot)
    (a1_unauth_cognito, 0),
    (a9_factory_key_tor, 0),
    (a2_codebuild_env_key, 1),
    (a7_new_account_instance, 1),
    (a3_rogue_iot_policy, 2),
    (a5_signer_permission, 2),
    (a8_quiet_recon, 2),
    (a4_firmware_replaced, 3),
    (a11_lambda_key_outside, 3),
    (a6_contractor_replay, 4),
    (a10_scp_detached, 4),
)
NEW_ACCOUNT_SLOT = 1
