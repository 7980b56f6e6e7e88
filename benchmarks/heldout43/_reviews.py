"""The benign changes B7-B12 (``_benign`` has B1-B6 and the helpers they share): their own
events and truth rows, each allowing at most low."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._benign import Row, S, glue_run, who
from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import (
    BROWSER,
    DATA,
    GLOBAL,
    MAC_BROWSER,
    MGMT,
    PLANT,
    PROD,
    REGION,
    Org,
    Person,
    cli,
    midnight,
)
from benchmarks.heldout43._people import calls, console_user, portal_signin, sso_session
from benchmarks.heldout43._trail import Trail, role_arn, role_ident, truth_row


def reviews(trail: Trail, org: Org) -> list[Row]:
    """B7-B12: responders, auditors, a reorganisation, an uplink failover, a weekend backfill
    and the new account."""
    rng, plan = trail.rng, org.plan
    end = midnight(plan.days[-1]) + dt.timedelta(days=1) - S
    rows: list[Row] = []

    def add(i: str, name: str, start: dt.datetime, stop: dt.datetime = end, **kw: Any) -> None:
        rows.append(truth_row(i, name, "benign", start, stop, **kw))

    # B7: the SOC's incident response sweep of prod after a GuardDuty alert
    soc = who(org, "SecurityAudit")
    t = plan.at(4, 2, 20)
    ip = NETS["office"].fixed(12)
    ua = cli("windows#10", "ir")
    _, _, ident = sso_session(trail, soc, PROD, "IncidentResponse", t, ip, ua, console=False)
    ir = (
        ("cloudtrail", "LookupEvents"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeFlowLogs"),
        ("iam", "ListAttachedRolePolicies"),
        ("iam", "GetRole"),
        ("iam", "ListAccessKeys"),
        ("s3", "GetObject"),
        ("logs", "FilterLogEvents"),
        ("guardduty", "GetFindings"),
        ("ec2", "DescribeSnapshots"),
        ("ssm", "DescribeInstanceInformation"),
        ("lambda", "GetFunction"),
    )
    calls(
        trail, PROD, ident, t, t + dt.timedelta(hours=5), ip, ua, ir, 90, console=False, deny=0.05
    )
    add(
        "B7",
        "the SOC's incident response sweep of prod",
        t,
        t + dt.timedelta(hours=6),
        principal=soc.arn(PROD, "IncidentResponse"),
    )
    # B8: external auditors' read-only review, new Identity Center users, from their firm
    audit = (
        ("iam", "GenerateCredentialReport"),
        ("iam", "GetCredentialReport"),
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListUsers"),
        ("cloudtrail", "DescribeTrails"),
        ("config", "DescribeConfigRules"),
        ("organizations", "ListPolicies"),
        ("s3", "GetBucketPolicy"),
        ("kms", "ListKeys"),
        ("ec2", "DescribeSecurityGroups"),
    )
    for i, user in enumerate(
        ("rina.maharani@purnama-audit.co.id", "yosef.tan@purnama-audit.co.id")
    ):
        auditor = Person(user, PROD, "ExternalAuditReadOnly", "auditor", audit, host=30 + i)
        for account in (MGMT, PROD):
            t = plan.at(3, 2 + i, rng.randint(0, 50))
            ip = NETS["auditor"].fixed(30 + i)
            portal_signin(trail, auditor, t - 40 * S, ip, MAC_BROWSER)
            _, _, ident = sso_session(
                trail, auditor, account, "ExternalAuditReadOnly", t, ip, MAC_BROWSER, console=True
            )
            calls(
                trail,
                account,
                ident,
                t,
                t + dt.timedelta(hours=4),
                ip,
                MAC_BROWSER,
                audit,
                25,
                console=True,
                deny=0.08,
            )
            add(
                "B8",
                "external auditors' read-only review",
                t,
                t + dt.timedelta(hours=5),
                principal=auditor.arn(account),
            )
    # B9: the analysts' new permission set (made by an administrator at 07:10 WIB that morning)
    admin = who(org, "AdministratorAccess")
    t = plan.when("reorg") - dt.timedelta(minutes=50)
    ip = NETS[admin.home].fixed(admin.host)
    ua = cli("macos#24.1.0", "sso-admin")
    _, _, ident = sso_session(trail, admin, MGMT, "AdministratorAccess", t, ip, ua, console=False)
    for name in (
        "CreatePermissionSet",
        "PutInlinePolicyToPermissionSet",
        "CreateAccountAssignment",
        "CreateAccountAssignment",
        "DeleteAccountAssignment",
        "ProvisionPermissionSet",
    ):
        t += dt.timedelta(seconds=rng.randint(10, 90))
        trail.add(t, MGMT, REGION, ident, "sso", name, ip, ua)
    for analyst in (p for p in org.people if p.permission_set == "DataAnalyst"):
        add(
            "B9",
            "analysts moved to a new permission set",
            plan.when("reorg"),
            principal=analyst.arn(DATA, "DataPlatformAnalyst"),
        )
    add(
        "B9",
        "the administrator who made it",
        plan.when("reorg") - dt.timedelta(minutes=50),
        t + dt.timedelta(hours=1),
        principal=admin.arn(),
    )
    # B10: Kamojang's VSAT uplink fails over to LTE for a night
    add(
        "B10",
        "Kamojang plant's uplink fails over from VSAT to LTE",
        plan.when("uplink_down"),
        plan.when("uplink_up"),
        principal=role_arn(PROD, "kle-greengrass-token-exchange"),
    )
    # B11: a Saturday backfill of a year of historian data by the lakehouse Glue job
    day = plan.slot(3)
    analyst = who(org, "DataAnalyst", 1)
    t = plan.at(3, 1, 30)
    ip = NETS[analyst.home].fixed(analyst.host)
    ua = cli("windows#10", "glue.start-job-run")
    ps = "DataPlatformAnalyst" if t >= plan.when("reorg") else "DataAnalyst"
    _, _, ident = sso_session(trail, analyst, DATA, ps, t, ip, ua, console=False)
    trail.add(
        t + 30 * S,
        DATA,
        REGION,
        ident,
        "glue",
        "StartJobRun",
        ip,
        ua,
        params={"jobName": "lakehouse-backfill-2025"},
    )
    stop = glue_run(trail, day, 2, 900)
    add(
        "B11",
        "a weekend backfill by the lakehouse Glue job",
        plan.at(3, 2),
        stop + dt.timedelta(minutes=30),
        principal=role_arn(DATA, "kle-glue-lakehouse"),
    )
    add(
        "B11",
        "the analyst who started it",
        t,
        t + dt.timedelta(hours=1),
        principal=analyst.arn(DATA, ps),
    )
    rows += joining(trail, org, end)
    return rows


def joining(trail: Trail, org: Org, end: dt.datetime) -> list[Row]:
    """B12: the Lahendong plant's account invited into the organisation and built."""
    rng, plan = trail.rng, org.plan
    join = plan.when("join")
    admin = who(org, "AdministratorAccess")
    ip = NETS[admin.home].fixed(admin.host)
    ua = cli("macos#24.1.0", "organizations")
    _, _, ident = sso_session(
        trail,
        admin,
        MGMT,
        "AdministratorAccess",
        join - dt.timedelta(minutes=20),
        ip,
        ua,
        console=False,
    )
    trail.add(
        join - dt.timedelta(minutes=15),
        MGMT,
        GLOBAL,
        ident,
        "organizations",
        "InviteAccountToOrganization",
        ip,
        ua,
        params={"target": {"type": "ACCOUNT", "id": PLANT}},
    )
    local = NETS["plant_lahendong"].fixed(40)
    _, _, it = console_user(
        trail, PLANT, "lhd-it-admin", join - dt.timedelta(minutes=5), local, BROWSER, mfa=True
    )
    steps = [
        ("organizations", "AcceptHandshake"),
        ("iam", "CreateRole"),
        ("iam", "AttachRolePolicy"),
        ("ec2", "CreateVpc"),
        ("ec2", "CreateSubnet"),
        ("ec2", "CreateSubnet"),
        ("ec2", "CreateInternetGateway"),
        ("ec2", "AllocateAddress"),
        ("ec2", "CreateNatGateway"),
        ("iam", "CreateRole"),
        ("iam", "CreateInstanceProfile"),
        ("iam", "AddRoleToInstanceProfile"),
        ("ec2", "RunInstances"),
        ("iam", "CreateRole"),
        ("iot", "CreateRoleAlias"),
        ("iot", "CreateThing"),
        ("iot", "CreateKeysAndCertificate"),
        ("s3", "CreateBucket"),
        ("config", "PutConfigurationRecorder"),
    ]
    t = join
    for svc, name in steps:
        t += dt.timedelta(seconds=rng.randint(20, 240))
        trail.add(
            t,
            PLANT,
            GLOBAL if svc in ("iam", "organizations") else REGION,
            it,
            svc,
            name,
            local,
            BROWSER,
            console=True,
        )
    # the admin then works in the new account through OrganizationAccountAccessRole
    t += dt.timedelta(minutes=10)
    new_key = trail.key()
    trail.mint(
        t,
        PLANT,
        REGION,
        ident,
        ip,
        ua,
        "OrganizationAccountAccessRole",
        admin.user.split("@")[0],
        new_key,
    )
    assumed = role_ident(
        PLANT, "OrganizationAccountAccessRole", admin.user.split("@")[0], new_key, t
    )
    for svc, name in (
        ("ec2", "DescribeInstances"),
        ("iam", "ListRoles"),
        ("cloudtrail", "DescribeTrails"),
        ("ec2", "CreateTags"),
        ("ssm", "DescribeInstanceInformation"),
    ):
        t += dt.timedelta(seconds=rng.randint(10, 120))
        trail.add(t, PLANT, GLOBAL if svc == "iam" else REGION, assumed, svc, name, ip, ua)
    name = "the Lahendong plant's account joins and is built"
    start = join - dt.timedelta(minutes=20)
    rows = [
        truth_row("B12", name, "benign", start, end, principal=principal)
        for principal in (
            f"arn:aws:iam::{PLANT}:user/lhd-it-admin",
            role_arn(PLANT, "lhd-historian-ingest"),
            role_arn(PLANT, "kle-greengrass-token-exchange"),
            role_arn(PLANT, "OrganizationAccountAccessRole"),
        )
    ]
    # the administrator who invited it, for the hours of the build only
    rows.append(
        truth_row("B12", name, "benign", start, t + dt.timedelta(hours=1), principal=admin.arn())
    )
    return rows
