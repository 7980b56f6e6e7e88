"""People: CLI with long-lived keys, console with MFA, CloudShell, the console mobile app, and
``AssumeRole`` into the dev and partners accounts' shared ``Engineer`` role."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout2._agents import BROWSERS, CLOUDSHELL, CONSOLE, MOBILE_APP, denied
from benchmarks.heldout2._org import DEV, HOME, NEW_HIRE, PARTNERS, PEOPLE, Org, Person
from benchmarks.heldout2._records import Actor, Call, new_key

# (service, eventName) each kind of work calls
WORK: dict[str, tuple[tuple[str, str], ...]] = {
    "backend": (
        ("lambda", "ListFunctions20150331"),
        ("lambda", "GetFunction20150331v2"),
        ("lambda", "GetFunctionConfiguration20150331v2"),
        ("logs", "DescribeLogGroups"),
        ("logs", "FilterLogEvents"),
        ("logs", "StartQuery"),
        ("logs", "GetQueryResults"),
        ("cloudformation", "DescribeStacks"),
        ("cloudformation", "DescribeStackEvents"),
        ("dynamodb", "DescribeTable"),
        ("dynamodb", "ListTables"),
        ("states", "ListExecutions"),
        ("states", "DescribeExecution"),
        ("sts", "GetCallerIdentity"),
        ("s3", "ListBuckets"),
        ("cognito-idp", "ListUsers"),
        ("secretsmanager", "DescribeSecret"),
    ),
    "sre": (
        ("ec2", "DescribeInstances"),
        ("ssm", "DescribeInstanceInformation"),
        ("ssm", "StartSession"),
        ("ssm", "TerminateSession"),
        ("monitoring", "DescribeAlarms"),
        ("monitoring", "GetMetricData"),
        ("backup", "ListBackupJobs"),
        ("ec2", "DescribeSnapshots"),
        ("iam", "GetRole"),
        ("logs", "FilterLogEvents"),
        ("cloudformation", "DescribeStacks"),
        ("sts", "GetCallerIdentity"),
    ),
    "security": (
        ("guardduty", "ListDetectors"),
        ("guardduty", "ListFindings"),
        ("guardduty", "GetFindings"),
        ("inspector2", "ListFindings"),
        ("inspector2", "ListCoverage"),
        ("iam", "ListUsers"),
        ("iam", "ListAccessKeys"),
        ("iam", "GetAccessKeyLastUsed"),
        ("iam", "GenerateCredentialReport"),
        ("iam", "GetCredentialReport"),
        ("iam", "ListRoles"),
        ("cloudtrail", "LookupEvents"),
        ("cloudtrail", "DescribeTrails"),
        ("access-analyzer", "ListFindings"),
    ),
    "data": (
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("athena", "ListWorkGroups"),
        ("glue", "GetTables"),
        ("glue", "GetTable"),
        ("glue", "GetDatabases"),
        ("glue", "GetJobRuns"),
        ("sagemaker", "DescribeNotebookInstance"),
        ("s3", "ListBuckets"),
    ),
    "finance": (
        ("ce", "GetCostAndUsage"),
        ("ce", "GetCostForecast"),
        ("ce", "GetDimensionValues"),
        ("budgets", "DescribeBudgets"),
        ("monitoring", "DescribeAlarms"),
    ),
}
DEV_WORK = WORK["backend"][:12]


def _command(service: str, name: str) -> str:
    op = "".join("-" + c.lower() if c.isupper() else c for c in name.rstrip("0123456789v")).lstrip(
        "-"
    )
    return f"{service.replace('monitoring', 'cloudwatch')}.{op}"


Mix = tuple[tuple[str, str], ...]


def _calls(
    org: Org,
    rng: random.Random,
    call: Call,
    start: dt.datetime,
    n: int,
    mix: Mix,
    *,
    cli: str | None,
    patch: int = 9,
    region: str = HOME,
) -> None:
    t = start
    arn = call.actor.user_arn if call.actor.kind == "IAMUser" else call.actor.role_arn
    for _ in range(n):
        t += dt.timedelta(seconds=rng.randrange(2, 240))
        service, name = mix[rng.randrange(len(mix))]
        if cli:
            call.ua = cli.format(p=patch, cmd=_command(service, name))
        error = denied(service, arn, name) if rng.random() < 0.02 else None
        org.trail.emit(rng, call, t, service, name, region, error=error)


def console_login(
    org: Org,
    rng: random.Random,
    actor: Actor,
    t: dt.datetime,
    ip: str,
    ua: str,
    *,
    mfa: bool,
    mobile: bool = False,
    error: bool = False,
) -> str:
    extra = {
        "eventType": "AwsConsoleSignIn",
        "additionalEventData": {
            "LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-west-2_5e0c1f",
            "MobileVersion": "Yes" if mobile else "No",
            "MFAIdentifier": f"arn:aws:iam::{actor.account}:mfa/{actor.name}" if mfa else None,
            "MFAUsed": "Yes" if mfa else "No",
        },
    }
    resp = {"ConsoleLogin": "Failure" if error else "Success"}
    call = Call(actor, None, ip, ua)
    return org.trail.emit(
        rng,
        call,
        t,
        "signin",
        "ConsoleLogin",
        "us-east-1",
        resp=resp,
        extra=extra,
        error=("Failed authentication", "Failed authentication") if error else None,
    )


def person_day(org: Org, p: Person, day: dt.date, *, ip: str | None = None) -> None:
    rng = org.trail.rng("person", p.name, day)
    actor = org.actors[p.name]
    working = org.works(p, day, rng)
    if not working and rng.random() > 0.06:
        return
    ip = ip or org.home_ip(p, day)
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    begin = midnight + dt.timedelta(hours=9 - p.utc_offset)
    span = 9 * 3600 if working else 3600
    patch = 9 if p.name != "lena.fischer" else 4
    if not p.console_only:
        for _ in range(rng.randint(2, 5) if working else 1):
            t = begin + dt.timedelta(seconds=rng.randrange(span))
            key = org.key_of(p.name, t)
            call = Call(actor, key, ip, "")
            mix = tuple(x for w in p.work for x in WORK[w])
            _calls(org, rng, call, t, rng.randint(4, 20), mix, cli=p.cli, patch=patch)
            if p.dev_access and rng.random() < 0.5:
                _engineer_session(org, rng, p, actor, key, ip, t + dt.timedelta(minutes=20), DEV)
            if p.dev_access and day >= org.at["join"].date() and rng.random() < 0.15:
                _engineer_session(
                    org, rng, p, actor, key, ip, t + dt.timedelta(minutes=40), PARTNERS
                )
    if working and (p.console_only or rng.random() < 0.7):
        t = begin + dt.timedelta(seconds=rng.randrange(span))
        console_session(org, rng, p, actor, ip, t, BROWSERS[p.browser], n=rng.randint(10, 40))
    if p.mobile and rng.random() < 0.3:
        t = begin + dt.timedelta(seconds=rng.randrange(span + 4 * 3600))
        phone_ip = ip if rng.random() < 0.7 else org.plan.ip("tmobile_us", rng)
        console_session(
            org, rng, p, actor, phone_ip, t, MOBILE_APP, n=rng.randint(3, 8), mobile=True
        )
    if working and rng.random() < p.cloudshell:
        t = begin + dt.timedelta(seconds=rng.randrange(span))
        cloudshell(org, rng, p, actor, t, n=rng.randint(5, 15))


def console_session(
    org: Org,
    rng: random.Random,
    p: Person,
    actor: Actor,
    ip: str,
    t: dt.datetime,
    ua: str,
    *,
    n: int,
    mobile: bool = False,
    mix: Mix | None = None,
) -> str:
    console_login(org, rng, actor, t, ip, ua, mfa=True, mobile=mobile)
    key = new_key(rng, "ASIA")
    call = Call(actor, key, ip, ua, created=t, mfa=True, console=True)
    internal = Call(actor, key, CONSOLE, CONSOLE, created=t, mfa=True, console=True)
    mix = mix or tuple(x for w in p.work for x in WORK[w])
    if mobile:
        mix = (
            ("monitoring", "DescribeAlarms"),
            ("ce", "GetCostAndUsage"),
            ("health", "DescribeEvents"),
        )
    arn = actor.user_arn
    for _ in range(n):
        t += dt.timedelta(seconds=rng.randrange(5, 300))
        service, name = mix[rng.randrange(len(mix))]
        error = denied(service, arn, name) if rng.random() < 0.02 else None
        org.trail.emit(
            rng, internal if rng.random() < 0.08 else call, t, service, name, HOME, error=error
        )
    return key


def cloudshell(
    org: Org,
    rng: random.Random,
    p: Person,
    actor: Actor,
    t: dt.datetime,
    *,
    n: int,
    mix: Mix | None = None,
) -> None:
    """CloudShell: the console session's credentials, from the environment's AWS address."""
    call = Call(actor, new_key(rng, "ASIA"), org.plan.aws(HOME, rng), "", created=t, mfa=True)
    mix = mix or tuple(x for w in p.work for x in WORK[w])
    _calls(org, rng, call, t, n, mix, cli=CLOUDSHELL)


def _engineer_session(
    org: Org,
    rng: random.Random,
    p: Person,
    actor: Actor,
    key: str,
    ip: str,
    t: dt.datetime,
    account: str,
) -> None:
    caller = Call(actor, key, ip, p.cli.format(p=9, cmd="sts.assume-role"))
    role = org.actors[f"engineer:{account}"]
    new, _ = org.trail.assume(rng, t, caller, role, p.name, HOME, source_identity=p.name)
    session = Call(role.as_session(p.name), new, ip, "", created=t, mfa=True)
    _calls(org, rng, session, t, rng.randint(5, 15), DEV_WORK, cli=p.cli)


def people_day(org: Org, day: dt.date) -> None:
    travel = {org.at["travel"].date(), org.at["travel"].date() + dt.timedelta(days=1)}
    for p in PEOPLE:
        if p.name == "ewa.kowalska" and day in travel:
            person_day(org, p, day, ip=org.plan.ip("meo_pt", org.trail.rng("travel", day)))
        else:
            person_day(org, p, day)
    if day > org.at["new_hire"].date():
        person_day(org, NEW_HIRE, day)
