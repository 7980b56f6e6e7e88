"""A day of the people: Identity Center sign-ins by team, the analysts' Athena queries, and the
IAM users' long-term keys (the warehouse's WMS, the GPS vendor, Jenkins, the bookkeeper, the
Bedrock proof of concept)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import (
    Ctx,
    at,
    hash_index,
    person_ip,
    spread,
    sso,
    utc,
)
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._trail import user

H = dt.timedelta(hours=1)

TEAM_CALLS = {
    "platform": (
        "ec2:DescribeInstances",
        "ecs:DescribeServices",
        "logs:FilterLogEvents",
        "cloudformation:DescribeStacks",
        "iam:GetRole",
        "ecs:ListTasks",
        "ssm:GetParameter",
        "lambda:GetFunction",
        "states:ListExecutions",
    ),
    "ops": (
        "states:ListExecutions",
        "states:DescribeExecution",
        "logs:FilterLogEvents",
        "ecs:DescribeServices",
        "cloudwatch:DescribeAlarms",
        "iot:ListThings",
    ),
    "security": (
        "guardduty:ListFindings",
        "guardduty:GetFindings",
        "securityhub:GetFindings",
        "cloudtrail:LookupEvents",
        "access-analyzer:ListFindings",
    ),
    "exec": ("ce:GetCostAndUsage", "cloudwatch:GetDashboard"),
    "finance": ("ce:GetCostAndUsage", "budgets:DescribeBudgets", "ce:GetCostForecast"),
}


def people(c: Ctx, day: dt.date) -> None:
    """Each person's working day through Identity Center, from the office or home (ops also on
    Saturday mornings); about 2% of calls denied."""
    for p in c.org.people:
        working = c.workday(day) or (p.saturday and day.weekday() == 5)
        if not working or c.rng.random() < 0.08:
            continue
        ip = person_ip(c, p, day)
        start = at(day, 8.3 + c.rng.random() * 1.5)
        hours = 4 if day.weekday() == 5 else 8.5
        if p.team == "data":
            analyst(c, p, day, ip, start, hours)
            continue
        pset = p.sets[0]
        account = org.SEC if p.team == "security" else org.MGMT if p.team == "finance" else org.PROD
        who, _ = sso(c, start, p, pset, account, ip, console=p.console)
        agent = org.CONSOLE if p.console else p.agent
        calls = TEAM_CALLS[p.team]
        region = "us-east-1" if p.team in ("finance", "exec") else org.HOME
        for t in spread(c, start + H / 20, hours, c.rng.randrange(12, 40)):
            err = "AccessDenied" if c.rng.random() < 0.02 else None
            c.trail.call(t, who, account, c.rng.choice(calls), region, ip, agent, error=err)
        if p.team == "platform" and c.rng.random() < 0.3:  # now and then in the management account
            who, _ = sso(c, start + H * 2, p, "PlatformAdmin", org.MGMT, ip)
            for t in spread(c, start + H * 2, 1, 4):
                c.trail.call(
                    t,
                    who,
                    org.MGMT,
                    c.rng.choice(
                        (
                            "organizations:ListAccounts",
                            "sso:ListPermissionSets",
                            "organizations:DescribeOrganization",
                        )
                    ),
                    "us-east-1",
                    ip,
                    p.agent,
                )


def analyst(c: Ctx, p: org.Person, day: dt.date, ip: str, start: dt.datetime, hours: float) -> None:
    """Athena queries in the data account; Glue reads made for them by Athena."""
    pset = "DataPlatform" if c.plan.reorg is not None and start >= c.plan.reorg else "DataAnalyst"
    who, _ = sso(c, start, p, pset, org.DATA, ip, console=p.console)
    agent = org.CONSOLE if p.console else p.agent
    for t in spread(c, start + H / 10, hours, c.rng.randrange(4, 14)):
        err = "AccessDenied" if c.rng.random() < 0.015 else None
        c.trail.call(
            t,
            who,
            org.DATA,
            "athena:StartQueryExecution",
            org.SSO_REGION,
            ip,
            agent,
            error=err,
            params={"workGroup": "analysts"},
        )
        if err:
            continue
        c.trail.call(
            t + H / 1200,
            who,
            org.DATA,
            "glue:GetTable",
            org.SSO_REGION,
            "athena.amazonaws.com",
            "athena.amazonaws.com",
            invoked_by="athena.amazonaws.com",
        )
        for k in range(2):
            c.trail.call(
                t + H / 360 * (k + 1),
                who,
                org.DATA,
                "athena:GetQueryExecution",
                org.SSO_REGION,
                ip,
                agent,
            )
        c.trail.call(t + H / 90, who, org.DATA, "athena:GetQueryResults", org.SSO_REGION, ip, agent)


def long_term_keys(c: Ctx, day: dt.date) -> None:
    """The IAM users' keys: the warehouse's WMS around the clock, the GPS vendor every half hour,
    Jenkins' nightly snapshot, the bookkeeper twice a week, the Bedrock proof of concept early on."""
    k = c.org.keys
    acct, pid, key = k["wms-onprem-sync"]
    wms = user(acct, "wms-onprem-sync", pid, key)
    ip = BLOCKS["warehouse"].host(12)
    for t in spread(c, utc(day, 0), 24, 40 if c.workday(day) else 22):
        c.trail.call(t, wms, acct, "states:StartExecution", org.HOME, ip, org.WMS)
    c.trail.call(at(day, 6.5), wms, acct, "s3:GetBucketLocation", org.HOME, ip, org.WMS)
    acct, pid, key = k["gps-vendor-uploader"]
    gps = user(acct, "gps-vendor-uploader", pid, key)
    for n in range(48):
        t = utc(day, n / 2 + c.rng.random() / 10)
        c.trail.call(
            t,
            gps,
            acct,
            "s3:GetBucketLocation",
            org.HOME,
            BLOCKS["linode_sg"].host(77 + n % 2),
            org.GPS_VENDOR,
        )
    acct, pid, key = k["jenkins-legacy"]
    jenkins = user(acct, "jenkins-legacy", pid, key)
    t = at(day, 26 + c.rng.random() / 6)
    ip = BLOCKS["office"].host(5)
    for k2, action in enumerate(
        ("rds:DescribeDBSnapshots", "rds:CreateDBSnapshot", "rds:DeleteDBSnapshot")
    ):
        c.trail.call(
            t + dt.timedelta(seconds=40 * k2), jenkins, acct, action, org.HOME, ip, org.JENKINS
        )
    acct, pid, key = k["prapai.acctfirm"]
    if day.weekday() in (1, 3):
        t = at(day, 14 + c.rng.random())
        ip = BLOCKS["acct_firm"].host(9)
        ident = user(acct, "prapai.acctfirm", pid, key)
        c.trail.call(
            t,
            {k3: v for k3, v in ident.items() if k3 != "accessKeyId"},
            acct,
            "signin:ConsoleLogin",
            "us-east-1",
            ip,
            org.MAC_CONSOLE,
            kind="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
        )
        c.trail.records[-1][3]["additionalEventData"] = {"MobileVersion": "No", "MFAUsed": "Yes"}
        ident["accessKeyId"] = c.ids.key()
        for t2 in spread(c, t + H / 30, 1.5, 10):
            c.trail.call(
                t2,
                ident,
                acct,
                c.rng.choice(
                    (
                        "ce:GetCostAndUsage",
                        "billing:GetBillingData",
                        "invoicing:ListInvoiceSummaries",
                    )
                ),
                "us-east-1",
                ip,
                org.MAC_CONSOLE,
            )
    if (day - c.days[0]).days in (1, 3, 4) and len(c.days) > 8:
        acct, pid, key = k["bedrock-poc"]
        poc = user(acct, "bedrock-poc", pid, key)
        ip = BLOCKS["true_home"].host(hash_index("ratchanee") * 7919)
        for t in spread(c, at(day, 15), 2, 6):
            c.trail.call(t, poc, acct, "bedrock:InvokeModel", org.SSO_REGION, ip, org.BEDROCK_POC)
