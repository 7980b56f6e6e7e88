"""The people's days: Identity Center users through Entra ID (console and CLI sessions), the
external bookkeeper's IAM console user with MFA, lift operations working every day of the
season, one platform engineer on call at weekends. Their history holds the writes of their
work (deploys, configuration, IAM housekeeping), not only reads."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.events import Session, Trail
from benchmarks.heldout45.org import DATA, HOME, MGMT, PEOPLE, PLACES, PROD, REGION, SEC
from benchmarks.heldout45.world import World, local

# per team: (account, share), reads, writes
WORK: dict[str, tuple[list[tuple[str, float]], list[str], list[str]]] = {
    "platform": (
        [(PROD, 0.7), (MGMT, 0.15), (DATA, 0.15)],
        [
            "ec2:DescribeInstances",
            "ec2:DescribeSecurityGroups",
            "ecs:DescribeServices",
            "ecs:ListTasks",
            "iam:GetRole",
            "iam:ListAttachedRolePolicies",
            "cloudwatch:GetMetricData",
            "logs:FilterLogEvents",
            "ssm:GetParameter",
            "autoscaling:DescribeAutoScalingGroups",
            "elasticloadbalancing:DescribeTargetHealth",
            "cloudformation:DescribeStacks",
            "ec2:DescribeNatGateways",
            "ec2:DescribeVpcEndpoints",
        ],
        [
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:CreateTags",
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:TagRole",
            "iam:CreatePolicyVersion",
            "iam:DeletePolicyVersion",
            "ssm:PutParameter",
            "ecs:UpdateService",
            "autoscaling:UpdateAutoScalingGroup",
            "cloudformation:UpdateStack",
            "logs:PutRetentionPolicy",
            "ec2:ModifyInstanceAttribute",
            "iam:CreateRole",
            "iam:AttachRolePolicy",
        ],
    ),
    "ticketing": (
        [(PROD, 1.0)],
        [
            "lambda:GetFunction20150331v2",
            "lambda:ListFunctions20150331",
            "logs:FilterLogEvents",
            "logs:GetLogEvents",
            "states:DescribeExecution",
            "states:ListExecutions",
            "ecs:DescribeServices",
            "ssm:GetParameter",
            "dynamodb:DescribeTable",
            "cloudwatch:GetMetricData",
            "secretsmanager:DescribeSecret",
        ],
        [
            "lambda:UpdateFunctionCode20150331v2",
            "lambda:UpdateFunctionConfiguration20150331v2",
            "ssm:PutParameter",
            "states:UpdateStateMachine",
            "logs:PutRetentionPolicy",
            "dynamodb:UpdateTable",
            "events:PutRule",
            "secretsmanager:PutSecretValue",
        ],
    ),
    "data": (
        [(DATA, 1.0)],
        [
            "athena:GetQueryExecution",
            "athena:GetQueryResults",
            "athena:ListWorkGroups",
            "glue:GetTables",
            "glue:GetDatabases",
            "glue:GetJobRuns",
            "s3:ListBuckets",
        ],
        [
            "athena:StartQueryExecution",
            "glue:UpdateTable",
            "glue:StartJobRun",
            "glue:UpdateJob",
            "glue:CreateTable",
        ],
    ),
    "security": (
        [(SEC, 0.6), (PROD, 0.4)],
        [
            "guardduty:ListFindings",
            "guardduty:GetFindings",
            "securityhub:GetFindings",
            "cloudtrail:LookupEvents",
            "config:DescribeComplianceByConfigRule",
            "iam:GetAccountAuthorizationDetails",
            "access-analyzer:ListFindings",
        ],
        [
            "guardduty:ArchiveFindings",
            "securityhub:BatchUpdateFindings",
            "guardduty:UpdateFindingsFeedback",
            "config:PutConfigRule",
        ],
    ),
    "finance": (
        [(MGMT, 1.0)],
        [
            "ce:GetCostAndUsage",
            "ce:GetCostForecast",
            "budgets:DescribeBudgets",
            "organizations:ListAccounts",
        ],
        ["budgets:ModifyBudget", "ce:CreateAnomalyMonitor"],
    ),
    "operations": (
        [(PROD, 1.0)],
        [
            "cloudwatch:DescribeAlarms",
            "cloudwatch:GetMetricData",
            "ecs:DescribeServices",
            "logs:FilterLogEvents",
            "ec2:DescribeInstanceStatus",
        ],
        ["cloudwatch:PutMetricAlarm", "cloudwatch:SetAlarmState"],
    ),
}
DENIED = {"iam:": "AccessDenied", "ec2:": "Client.UnauthorizedOperation"}


def _place(world: World, person: str, home: str, day: dt.date) -> str:
    if person == "l.amstutz" and day in world.travel:
        return world.travel[day]
    if home in ("hq", "valley"):
        return home
    wd = day.weekday()
    return home if wd in (0, 4) else ("mobile_salt" if world.rng.random() < 0.08 else "hq")


def _ip(place: str, person: str) -> str:
    n = sum(ord(c) for c in person) * 37
    return PLACES[place].ip(n if place in ("hq", "valley") else n + 11)


def session_calls(
    trail: Trail, s: Session, t: dt.datetime, team: str, n: int, region: str, *, write_share: float
) -> dt.datetime:
    """``n`` calls of ``team``'s work in ``region`` from ``t``; returns the last call's time."""
    rng = trail.rng
    _, reads, writes = WORK[team]
    for _ in range(n):
        t += dt.timedelta(seconds=rng.uniform(20, 420))
        write = rng.random() < write_share
        call = rng.choice(writes if write else reads)
        error = next((code for p, code in DENIED.items() if call.startswith(p)), "AccessDenied")
        cmd = call.split(":")[0] + "." + call.split(":")[1].lower()
        trail.call(
            s,
            t,
            call,
            "us-east-1"
            if call.startswith(("iam:", "ce:", "budgets:", "organizations:"))
            else region,
            agent=s.agent.format(cmd=cmd) if "{cmd}" in s.agent else s.agent,
            error=error if rng.random() < 0.02 else None,
        )
        if call == "athena:StartQueryExecution":  # Athena reads the catalogue for the user
            a = dict(s.identity, invokedBy="athena.amazonaws.com")
            for k, c in enumerate(("glue:GetDatabase", "glue:GetTable", "glue:GetPartitions")):
                trail.emit(
                    t + dt.timedelta(seconds=1 + k),
                    s.account,
                    region,
                    c,
                    a,
                    "athena.amazonaws.com",
                    "athena.amazonaws.com",
                )
    return t


def permission_set(world: World, team: str, default: str, t: dt.datetime) -> str:
    if team == "data" and world.reorg_at is not None and t >= world.reorg_at:
        return "DataPlatformEngineer"
    return default


def workday(
    trail: Trail, world: World, day: dt.date, person: str, team: str, home: str, pset: str
) -> None:
    rng = trail.rng
    place = _place(world, person, home, day)
    abroad = place == "lasvegas"
    ip = _ip(place, person)
    accounts, _, _ = WORK[team]
    start_hour = rng.uniform(17.5, 19.0) if abroad else rng.uniform(7.5, 9.5)
    sessions = 2 if team in ("platform", "ticketing", "data", "security") else 1
    for k in range(sessions):
        console = k == 0
        hour = start_hour + k * rng.uniform(1.5, 4.0)
        t = local(day, hour)
        account = rng.choices([a for a, _ in accounts], [w for _, w in accounts])[0]
        agent = (
            (actors.MAC_BROWSER if "amstutz" in person or "odermatt" in person else actors.BROWSER)
            if console
            else (actors.CLI if rng.random() < 0.7 or abroad else actors.CLI_WIN)
        )
        if person in ("l.amstutz", "n.odermatt") and not console:
            agent = actors.CLI
        ps = permission_set(world, team, pset, t)
        s, _ = actors.sso(
            trail,
            person,
            t,
            account=account,
            permission_set=ps,
            ip=ip,
            agent=agent,
            console=console,
        )
        n = rng.randint(8, 30)
        share = 0.25 if team in ("platform", "ticketing", "data") else 0.08
        session_calls(trail, s, t, team, n, REGION[account], write_share=share)


def oncall(trail: Trail, world: World, day: dt.date) -> None:
    """Weekends: the platform engineer on call (rotating weekly) looks in once or twice."""
    rng = trail.rng
    week = day.isocalendar()[1]
    person, _, home, pset = PEOPLE[week % 3]
    for _ in range(rng.randint(0, 2)):
        t = local(day, rng.uniform(9, 21))
        s, _ = actors.sso(
            trail,
            person,
            t,
            account=PROD,
            permission_set=pset,
            ip=_ip(home, person),
            agent=actors.CLI,
            console=False,
        )
        session_calls(trail, s, t, "platform", rng.randint(4, 12), HOME, write_share=0.2)


def bookkeeper(trail: Trail, world: World, day: dt.date) -> None:
    """The outside bookkeeper (a Zurich fiduciary): console with MFA on Tuesdays and Thursdays."""
    if day.weekday() not in (1, 3):
        return
    rng = trail.rng
    t = local(day, rng.uniform(13.5, 15.5))
    s, _ = actors.console_user(
        trail,
        t,
        account=MGMT,
        name="treuhand.bookkeeping",
        ip=PLACES["fiscal_it"].ip(77),
        agent=actors.BROWSER,
        mfa=True,
    )
    for _ in range(rng.randint(3, 7)):
        t += dt.timedelta(seconds=rng.uniform(30, 300))
        trail.call(
            s,
            t,
            rng.choice(
                (
                    "ce:GetCostAndUsage",
                    "ce:GetCostForecast",
                    "budgets:DescribeBudgets",
                    "account:GetContactInformation",
                )
            ),
            "us-east-1",
        )


def people(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    weekend = day.weekday() >= 5
    for person, team, home, pset in PEOPLE:
        if team == "operations":
            if rng.random() < 0.85:
                workday(trail, world, day, person, team, home, pset)
            continue
        if person == "l.amstutz" and day in world.travel:  # at the conference, every day
            workday(trail, world, day, person, team, home, pset)
            continue
        if weekend or rng.random() < 0.08:  # weekend, or a day off
            continue
        workday(trail, world, day, person, team, home, pset)
    if weekend:
        oncall(trail, world, day)
    bookkeeper(trail, world, day)
