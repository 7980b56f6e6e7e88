"""People: staff signing in through Entra ID and IAM Identity Center (the console from their
WorkSpace or laptop, the CLI after ``aws sso login``), contact-centre agents opening the
Connect CCP, and the managed-service partner's engineers and monitoring assuming their
cross-account roles with the external ID."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout30.cloudtrail import Session, other_account
from benchmarks.heldout30.org import (
    ACCOUNTS,
    GLOBAL,
    HOME,
    NETS,
    PARTNER_ACCOUNT,
    PARTNER_EXTERNAL_ID,
    SSO_INSTANCE,
    Person,
    sso_role,
)
from benchmarks.heldout30.world import CHROME_MAC, EDGE, World, cli_agent

SSO_PATH = f"/aws-reserved/sso.amazonaws.com/{HOME}/"
G = "global"  # a call to a global service, recorded in us-east-1

# what each permission set does: (service, API, region: "home", "gis" or G, weight)
MENUS: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    "AdministratorAccess": (
        ("ec2", "DescribeInstances", "home", 6),
        ("ec2", "DescribeSecurityGroups", "home", 3),
        ("ec2", "DescribeVpcs", "home", 2),
        ("iam", "ListRoles", G, 2),
        ("iam", "GetRole", G, 3),
        ("cloudformation", "DescribeStacks", "home", 4),
        ("cloudformation", "ListStacks", "home", 2),
        ("s3", "ListBuckets", "home", 2),
        ("logs", "DescribeLogGroups", "home", 2),
        ("rds", "DescribeDBInstances", "home", 2),
        ("ssm", "DescribeInstanceInformation", "home", 2),
        ("cloudformation", "UpdateStack", "home", 1),
        ("ec2", "AuthorizeSecurityGroupIngress", "home", 1),
        ("ssm", "StartSession", "home", 1),
        ("cloudtrail", "LookupEvents", "home", 1),
    ),
    "PermitsDeveloper": (
        ("ecs", "DescribeServices", "home", 5),
        ("ecs", "ListTasks", "home", 3),
        ("ecs", "DescribeTaskDefinition", "home", 3),
        ("logs", "FilterLogEvents", "home", 5),
        ("ecr", "DescribeImages", "home", 2),
        ("secretsmanager", "DescribeSecret", "home", 1),
        ("rds", "DescribeDBInstances", "home", 1),
        ("ecs", "UpdateService", "home", 1),
        ("ecs", "RegisterTaskDefinition", "home", 1),
        ("lambda", "GetFunction", "home", 2),
    ),
    "PermitsOperator": (
        ("ecs", "DescribeServices", "home", 3),
        ("cloudwatch", "DescribeAlarms", "home", 4),
        ("cloudwatch", "GetMetricData", "home", 6),
        ("rds", "DescribeDBInstances", "home", 2),
        ("logs", "StartQuery", "home", 2),
        ("logs", "GetQueryResults", "home", 3),
    ),
    "SocialDomainOperator": (
        ("ec2", "DescribeInstances", "home", 3),
        ("ssm", "DescribeInstanceInformation", "home", 2),
        ("rds", "DescribeDBInstances", "home", 3),
        ("rds", "DescribeDBSnapshots", "home", 1),
        ("cloudwatch", "GetMetricData", "home", 5),
        ("cloudwatch", "DescribeAlarms", "home", 2),
    ),
    "GisAnalyst": (
        ("s3", "ListBuckets", "gis", 3),
        ("s3", "GetBucketLocation", "gis", 2),
        ("ec2", "DescribeInstances", "gis", 3),
        ("cloudwatch", "GetMetricData", "gis", 3),
        ("ssm", "StartSession", "gis", 1),
        ("ssm", "DescribeInstanceInformation", "gis", 1),
    ),
    "ConnectSupervisor": (
        ("connect", "ListUsers", "home", 2),
        ("connect", "DescribeUser", "home", 3),
        ("connect", "ListQueues", "home", 2),
        ("connect", "GetCurrentMetricData", "home", 8),
        ("connect", "GetMetricDataV2", "home", 4),
        ("connect", "ListContactFlows", "home", 1),
        ("connect", "SearchContacts", "home", 2),
    ),
    "SecurityAudit": (
        ("guardduty", "ListFindings", "home", 4),
        ("guardduty", "GetFindings", "home", 4),
        ("securityhub", "GetFindings", "home", 5),
        ("cloudtrail", "LookupEvents", "home", 2),
        ("config", "DescribeComplianceByConfigRule", "home", 2),
        ("access-analyzer", "ListFindings", "home", 1),
    ),
    "AuditReadOnly": (
        ("iam", "GetAccountAuthorizationDetails", G, 1),
        ("iam", "ListUsers", G, 2),
        ("iam", "GenerateCredentialReport", G, 1),
        ("iam", "GetCredentialReport", G, 1),
        ("iam", "ListPolicies", G, 2),
        ("ec2", "DescribeSecurityGroups", "home", 3),
        ("s3", "GetBucketPolicy", "home", 3),
        ("s3", "GetBucketEncryption", "home", 3),
        ("rds", "DescribeDBInstances", "home", 2),
        ("kms", "ListKeys", "home", 1),
        ("cloudtrail", "DescribeTrails", "home", 1),
        ("config", "DescribeConfigRules", "home", 2),
        ("backup", "ListBackupPlans", "home", 1),
        ("ec2", "DescribeFlowLogs", "home", 1),
    ),
}
WRITES = {
    "UpdateStack",
    "AuthorizeSecurityGroupIngress",
    "StartSession",
    "UpdateService",
    "RegisterTaskDefinition",
    "StartQuery",
    "GenerateCredentialReport",
}


def region_of(kind: str, account: str) -> str:
    if kind == G:
        return GLOBAL
    if kind == "gis" or account == ACCOUNTS["gis"]:
        return "eu-west-1"
    return HOME


def pick(world: World, menu: tuple[tuple[str, str, str, int], ...]) -> tuple[str, str, str]:
    choice = world.rng.choices(menu, weights=[m[3] for m in menu])[0]
    return choice[0], choice[1], choice[2]


def federate(
    world: World,
    person: Person,
    t: dt.datetime,
    ip: str,
    ua: str,
    *,
    cli: bool,
    account: str,
    pset: str,
) -> str:
    """Identity Center's record in the management account of a sign-in to an account."""
    who = {
        "type": "Unknown",
        "principalId": f"{SSO_INSTANCE[-12:]}-{person.user.split('@')[0]}",
        "accountId": ACCOUNTS["management"],
        "userName": person.user,
    }
    name, request = (
        ("GetRoleCredentials", {"roleName": pset, "accountId": account})
        if cli
        else ("Federate", None)
    )
    return world.trail.call(
        Session(who, ACCOUNTS["management"]),
        t,
        "sso.amazonaws.com",
        name,
        ip,
        ua,
        region=HOME,
        request=request,
        read_only=True,
        event_type="AwsServiceEvent" if not cli else "AwsApiCall",
    )


def sso_session(
    world: World,
    person: Person,
    account: str,
    t: dt.datetime,
    ip: str,
    *,
    cli: bool,
    pset: str | None = None,
    ua: str | None = None,
) -> tuple[Session, list[str]]:
    """A person's sign-in to ``account``: Identity Center's record, the console sign-in (or
    the CLI's role credentials), and the session; (session, event IDs written)."""
    pset = pset or person.permission_set
    role = sso_role(account, pset)
    tr = world.trail
    browser = ua or (
        CHROME_MAC
        if world.laptop_os.get(person.user, "").startswith("macos") and not person.workspaces
        else EDGE
    )
    agent = ua or cli_agent("sso.login", os_name=world.laptop_os.get(person.user, "windows#10"))
    events = [
        federate(
            world, person, t, ip, agent if cli else browser, cli=cli, account=account, pset=pset
        )
    ]
    s = tr.role_session(account, role, person.user, t, path=SSO_PATH, console=not cli)
    if not cli:
        login = tr.call(
            s,
            t + dt.timedelta(seconds=2),
            "signin.amazonaws.com",
            "ConsoleLogin",
            ip,
            browser,
            region=HOME,
            response={"ConsoleLogin": "Success"},
            read_only=False,
            event_type="AwsConsoleSignIn",
            additional={"MobileVersion": "No", "MFAUsed": "No"},
            identity={k: v for k, v in s.identity.items() if k != "accessKeyId"},
        )
        events.append(login)
    return s, events


def work(
    world: World,
    s: Session,
    person_os: str,
    t: dt.datetime,
    ip: str,
    pset: str,
    n: int,
    *,
    cli: bool,
    ua: str | None = None,
) -> list[str]:
    """``n`` calls of a permission set's menu over the next hours; the event IDs."""
    out = []
    menu = MENUS[pset]
    for _ in range(n):
        t += dt.timedelta(seconds=world.rng.randint(5, 420))
        service, name, where = pick(world, menu)
        agent = ua or (cli_agent(f"{service}.{name.lower()}", os_name=person_os) if cli else EDGE)
        error = "AccessDenied" if name in WRITES and world.rng.random() < 0.04 else None
        out.append(
            world.trail.call(
                s,
                t,
                f"{service}.amazonaws.com",
                name,
                ip,
                agent,
                region=region_of(where, s.account),
                request={}
                if name not in WRITES
                else {"resource": f"{service}-{world.trail.hexid(6)}"},
                read_only=name not in WRITES,
                error=error,
            )
        )
    return out


def staff_day(world: World, day: dt.date) -> None:
    """Every person's work on ``day`` (weekdays; the cloud team on call now and then)."""
    weekend = day.weekday() >= 5
    for person in world.people:
        if person.team == "agents":
            agent_day(world, person, day)
            continue
        if world.rng.random() > (
            0.08 if weekend and person.team == "cloud" else 0.0 if weekend else 0.88
        ):
            continue
        os_name = world.laptop_os[person.user]
        accounts = person.accounts
        # the cloud team visits a few accounts a day, everyone else their own
        chosen = world.rng.sample(accounts, k=min(len(accounts), world.rng.randint(1, 3)))
        for account in chosen:
            start = world.at(day, world.rng.uniform(6.5, 13.5))
            ip = world.workspaces_ip(day) if person.workspaces else world.laptop_ip(person, day)
            s, _ = sso_session(world, person, ACCOUNTS[account], start, ip, cli=False)
            work(
                world,
                s,
                os_name,
                start,
                ip,
                person.permission_set,
                world.rng.randint(8, 30),
                cli=False,
                ua=CHROME_MAC if os_name.startswith("macos") and not person.workspaces else None,
            )
            if person.cli and world.rng.random() < 0.7:
                later = start + dt.timedelta(minutes=world.rng.randint(20, 180))
                ip2 = world.laptop_ip(person, day)
                s2, _ = sso_session(world, person, ACCOUNTS[account], later, ip2, cli=True)
                work(
                    world,
                    s2,
                    os_name,
                    later,
                    ip2,
                    person.permission_set,
                    world.rng.randint(10, 40),
                    cli=True,
                )


def agent_day(world: World, person: Person, day: dt.date, *, ip: str | None = None) -> list[str]:
    """A contact-centre agent's shift: the CCP opened through Identity Center, Connect's
    federation token fetched when the CCP loads and again after a break."""
    if day.weekday() >= 5 or world.rng.random() > 0.8:
        return []
    start = world.at(day, world.rng.choice((6.5, 7.0, 11.0)), 20)
    where = ip or world.workspaces_ip(day)
    s, events = sso_session(world, person, ACCOUNTS["contact"], start, where, cli=False)
    for k in range(world.rng.randint(1, 3)):
        events.append(
            world.trail.call(
                s,
                start + dt.timedelta(minutes=1 + 140 * k, seconds=world.rng.randint(0, 59)),
                "connect.amazonaws.com",
                "GetFederationToken",
                where,
                EDGE,
                request={"InstanceId": "c3f1d8a2-55e1-4b0e-9a77-2f6b1d0c8e41"},
                read_only=True,
            )
        )
    return events


PARTNER_ENGINEERS = ("r.dewit", "m.jacobs", "s.vandenberg")
PARTNER_ROLE = "DataplanOperations"
PARTNER_MONITOR = "DataplanMonitoring"
PARTNER_CLI = "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{}"
PARTNER_BOTO = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54"
PARTNER_OPS_MENU = (
    ("ssm", "DescribeInstancePatchStates", "home", 3),
    ("ec2", "DescribeInstances", "home", 3),
    ("cloudwatch", "DescribeAlarms", "home", 2),
    ("rds", "DescribeDBInstances", "home", 2),
    ("backup", "ListBackupJobs", "home", 2),
    ("ssm", "ListCommandInvocations", "home", 1),
)
MEMBER = ("network", "permits", "social", "gis", "contact")


def partner_engineer(world: World, name: str, account: str) -> Session:
    """The identity of a partner engineer's IAM user in the partner's account, as a member
    account sees it when the user assumes a role there."""
    caller = world.trail.user(PARTNER_ACCOUNT, name)
    return Session(other_account(PARTNER_ACCOUNT, caller.identity["principalId"]), account)


def partner_day(world: World, day: dt.date) -> None:
    """The partner's monitoring every two hours in every member account, and an engineer's
    look at a few accounts on weekdays, always with the external ID."""
    tr = world.trail
    monitor_caller = other_account(
        PARTNER_ACCOUNT, tr.unique_id("AROA", "partner-monitor") + ":dataplan-healthcheck"
    )
    for account in MEMBER:
        acct = ACCOUNTS[account]
        for hour in range(0, 24, 2):
            t = world.at(day, hour + 0.25, 4)
            s, _ = tr.assume(
                Session(monitor_caller, acct),
                t,
                acct,
                PARTNER_MONITOR,
                "dataplan-healthcheck",
                "54.72.3.4",
                PARTNER_BOTO,
                external_id=PARTNER_EXTERNAL_ID,
            )
            for service, api in (("cloudwatch", "DescribeAlarms"), ("health", "DescribeEvents")):
                tr.call(
                    s,
                    t + dt.timedelta(seconds=world.rng.randint(1, 20)),
                    f"{service}.amazonaws.com",
                    api,
                    "54.72.3.4",
                    PARTNER_BOTO,
                    region=GLOBAL if service == "health" else region_of("home", acct),
                )
    if day.weekday() >= 5:
        return
    for name in PARTNER_ENGINEERS[: max(1, round(2 * max(world.scale, 0.5)))]:
        if world.rng.random() < 0.5:
            continue
        for account in world.rng.sample(MEMBER, 2):
            partner_session(
                world,
                name,
                ACCOUNTS[account],
                world.at(day, world.rng.uniform(7, 15)),
                world.rng.choice(NETS["partner-office"].addresses),
                world.rng.randint(5, 15),
            )


def partner_session(
    world: World,
    name: str,
    acct: str,
    t: dt.datetime,
    ip: str,
    n: int,
    *,
    menu: Any = PARTNER_OPS_MENU,
    ua: str = PARTNER_CLI,
) -> tuple[Session, list[str]]:
    """A partner engineer assuming the operations role in ``acct`` and working there."""
    caller = partner_engineer(world, name, acct)
    s, first = world.trail.assume(
        caller,
        t,
        acct,
        PARTNER_ROLE,
        name,
        ip,
        ua.format("sts.assume-role"),
        external_id=PARTNER_EXTERNAL_ID,
    )
    events = [first]
    for _ in range(n):
        t += dt.timedelta(seconds=world.rng.randint(3, 200))
        service, api, where = pick(world, menu)
        events.append(
            world.trail.call(
                s,
                t,
                f"{service}.amazonaws.com",
                api,
                ip,
                ua.format(f"{service}.{api.lower()}"),
                region=region_of(where, acct),
                request={},
            )
        )
    return s, events
