"""The people's day: developers through Okta (SAML into the platform account; saml2aws for the
CLI, the console through Okta's tile), SREs through Identity Center in every account, the
trading desk's console around the clock and the marketing team on SES."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout31 import org as o
from benchmarks.heldout31.records import Gen, Role, mint_saml, session
from benchmarks.heldout31.workloads import Changes, after

S = dt.timedelta(seconds=1)
DEV_READS = [
    "eks:DescribeCluster", "eks:ListNodegroups", "logs:FilterLogEvents", "logs:DescribeLogGroups",
    "cloudwatch:GetMetricData", "ecr:DescribeImages", "ecr:DescribeRepositories",
    "kinesis:DescribeStreamSummary", "kafka:DescribeClusterV2", "rds:DescribeDBClusters",
    "secretsmanager:DescribeSecret", "s3:ListBuckets", "sqs:GetQueueAttributes",
]  # fmt: skip
CONSOLE_READS = [
    "cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData", "logs:StartQuery", "logs:GetQueryResults",
    "eks:ListClusters", "eks:DescribeCluster", "rds:DescribeDBClusters", "ec2:DescribeInstances",
]  # fmt: skip


def _utc_offset(p: o.Person) -> int:
    return 2 if p.place.country == "UA" else 1


def home(p: o.Person, t: dt.datetime, ch: Changes) -> tuple[str, o.Place]:
    """Where a person calls from at ``t`` (B5 moves one developer to Warsaw)."""
    if p.name == "oksana.kovalenko" and after(t, ch.relocated):
        return "31.61.140.27", o.ORANGE_PL
    return p.home, p.place


def developers(g: Gen, day: dt.date, ch: Changes) -> None:
    for p in o.DEVELOPERS[: g.n(len(o.DEVELOPERS), 4)]:
        if day.weekday() >= 5 and g.rng.random() > 0.1:
            continue
        if g.rng.random() < 0.08:  # a day off
            continue
        for _ in range(g.rng.choice((1, 1, 2))):
            t = g.at(day, 8 - _utc_offset(p), 8)
            ip, _place = home(p, t, ch)
            migrated = after(t, ch.okta_migrated)
            role = o.DEV_NEW if migrated else o.DEV
            issuer = o.OKTA_ISSUER_NEW if migrated else o.OKTA_ISSUER
            provider = "okta-xlendi-eu" if migrated else "okta-xlendi"
            if migrated:
                ch.migrated_people.add(p.email)
            console = g.rng.random() < 0.4
            agent = p.browser if console else o.SAML2AWS
            key, _ = mint_saml(g, t, o.HOME, role, provider, issuer, p.email, ip, agent)
            who = session(role, p.email, key, t, mfa=False)
            work(g, t, role, who, ip, p, console, g.rng.randint(15, 45))


def work(
    g: Gen, t: dt.datetime, role: Role, who: dict, ip: str, p: o.Person, console: bool, n: int
) -> None:
    """A working session's reads (and a few writes) with the person's own client."""
    calls = CONSOLE_READS if console else DEV_READS
    agent = o.CONSOLE if console else p.agent
    at = t
    for _ in range(n):
        at += dt.timedelta(seconds=g.rng.randint(5, 420))
        api = g.rng.choice(calls)
        region = o.GLOBAL if api.startswith("s3:ListBuckets") else o.HOME
        error = None
        if api.startswith("secretsmanager") and g.rng.random() < 0.3:
            error = (
                "AccessDenied",
                f"User: {who['arn']} is not authorized to perform: secretsmanager:DescribeSecret",
            )
        g.call(at, role.account, region, api, who, ip, agent if not console else p.browser,
               console=console, error=error)  # fmt: skip
    if not console and g.rng.random() < 0.2:
        g.call(at + S, role.account, o.HOME, "ssm:StartSession", who, ip, p.agent, read_only=False,
               request={"target": "i-0" + g.key("")[:16].lower()})  # fmt: skip


def sres(g: Gen, day: dt.date, ch: Changes, accounts: list[str]) -> None:
    """The platform team through Identity Center, the CLI across accounts."""
    for p in o.SRES:
        if day.weekday() >= 5 and g.rng.random() > 0.3:
            continue
        t = g.at(day, 8 - _utc_offset(p), 9)
        for account in g.rng.sample(accounts, k=min(2, len(accounts))):
            role = o.sso_role(account, "PlatformAdmin")
            key, _ = mint_saml(g, t, o.HOME, role, "AWSSSO_359814a1c2_DO_NOT_DELETE", o.SSO_ISSUER,
                               p.name, p.home, p.agent, hours=8)  # fmt: skip
            who = session(role, p.name, key, t)
            region = o.MADRID if account == o.SPAIN else o.HOME
            at = t
            for _ in range(g.rng.randint(10, 30)):
                at += dt.timedelta(seconds=g.rng.randint(10, 600))
                api = g.rng.choice(
                    ["eks:DescribeCluster", "ec2:DescribeInstances", "iam:ListRoles", "cloudtrail:LookupEvents",
                     "rds:DescribeDBClusters", "cloudformation:DescribeStacks", "kms:ListKeys",
                     "organizations:DescribeAccount", "elasticloadbalancing:DescribeLoadBalancers"])  # fmt: skip
                where = o.GLOBAL if api.startswith(("iam", "organizations")) else region
                g.call(at, account, where, api, who, p.home, p.agent)
            if g.rng.random() < 0.3:
                g.call(at + S, account, region, "cloudformation:UpdateStack", who, p.home, p.agent,
                       read_only=False, request={"stackName": "platform-observability"})  # fmt: skip


def traders(g: Gen, day: dt.date) -> None:
    """The 24/7 trading desk: three shifts on the console's dashboards from the office."""
    for shift, p in enumerate(o.TRADERS):
        t = g.at(day, (0.05, 7, 15)[shift], 0.2)
        key, _ = mint_saml(g, t, o.HOME, o.TRADER, "okta-xlendi", o.OKTA_ISSUER, p.email,
                           p.home, p.browser, hours=9)  # fmt: skip
        who = session(o.TRADER, p.email, key, t)
        at = t
        for _ in range(g.n(30, 8)):
            at += dt.timedelta(seconds=g.rng.randint(120, 900))
            api = g.rng.choice(["cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms",
                                "cloudwatch:GetDashboard", "kinesis:DescribeStreamSummary"])  # fmt: skip
            g.call(at, o.PLATFORM, o.HOME, api, who, p.home, p.browser, console=True)


def marketing(g: Gen, day: dt.date) -> None:
    """The CRM team in the marketing account's SES console."""
    if day.weekday() >= 5:
        return
    for p in o.MARKETERS:
        if g.rng.random() < 0.3:
            continue
        t = g.at(day, 8, 7)
        role = o.sso_role(o.MARKETING, "MarketingOps")
        key, _ = mint_saml(g, t, o.HOME, role, "AWSSSO_359814a1c2_DO_NOT_DELETE", o.SSO_ISSUER,
                           p.name, p.home, p.browser, hours=8)  # fmt: skip
        who = session(role, p.name, key, t)
        at = t
        for _ in range(g.rng.randint(6, 18)):
            at += dt.timedelta(seconds=g.rng.randint(20, 500))
            api = g.rng.choice(["ses:GetAccount", "ses:ListEmailIdentities", "ses:GetEmailIdentity",
                                "ses:ListConfigurationSets", "cloudwatch:GetMetricData",
                                "s3:ListBuckets"])  # fmt: skip
            g.call(at, o.MARKETING, o.GLOBAL if api == "s3:ListBuckets" else o.HOME, api, who,
                   p.home, p.browser, console=True)  # fmt: skip
