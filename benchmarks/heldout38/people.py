"""A day of the people and the machinery around the pharmacy: the platform team (Identity
Center, console and CLI), the data team on Redshift, the billing clerk, deploys from GitHub
Actions and the old Jenkins, Datadog's integration role, AWS Config, the nightly price sync."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import DATA, HOME, MGMT, PROD, Person
from benchmarks.heldout38.pharmacy import World
from benchmarks.heldout38.plan import at, jitter, workday
from benchmarks.heldout38.records import Session

CONSOLE_READS = [
    ("ec2", "DescribeInstances", "console.ec2.amazonaws.com"),
    ("ec2", "DescribeSecurityGroups", "console.ec2.amazonaws.com"),
    ("lambda", "ListFunctions20150331", None),
    ("lambda", "GetFunction20150331v2", None),
    ("logs", "DescribeLogGroups", None),
    ("logs", "FilterLogEvents", None),
    ("monitoring", "DescribeAlarms", None),
    ("states", "ListExecutions", None),
    ("states", "DescribeExecution", None),
    ("cloudformation", "DescribeStacks", None),
    ("s3", "ListBuckets", None),
    ("iam", "ListRoles", None),
    ("workspaces", "DescribeWorkspaces", None),
    ("ses", "GetAccount", None),
]
CLI_CALLS = [
    ("sts", "GetCallerIdentity", "sts.get-caller-identity"),
    ("logs", "FilterLogEvents", "logs.tail"),
    ("lambda", "ListFunctions20150331", "lambda.list-functions"),
    ("states", "ListExecutions", "stepfunctions.list-executions"),
    ("ecs", "DescribeTasks", "ecs.describe-tasks"),
    ("cloudformation", "DescribeStackEvents", "cloudformation.describe-stack-events"),
]
LAMBDAS = ("rx-intake", "textract-callback", "rx-dispatch", "order-notifier")


def console(w: World, p: Person, account: str, day: dt.date, start: float, n: int, ip: str) -> None:
    """A person's console session: the Identity Center sign-in, then ``n`` console calls."""
    tr, rng = w.tr, w.rng
    t = at(day, start)
    s = tr.saml(account, p.permission, p.user, t, ip, p.agent)
    for _ in range(n):
        t = jitter(rng, t, 20, 600)
        service, name, agent = rng.choice(CONSOLE_READS)
        region = "us-east-1" if service == "ses" and rng.random() < 0.3 else HOME
        params = {"functionName": rng.choice(LAMBDAS)} if name.startswith("GetFunction") else None
        tr.call(
            t,
            s,
            account,
            region,
            service if service != "ses" else "sesv2",
            name,
            ip,
            agent or p.agent,
            params=params,
            console=True,
        )


def platform(w: World, day: dt.date) -> None:
    """The platform team, Toronto and Montreal: console in prod (and management some days), CLI
    through Identity Center; one person on call at weekends. Two of them are at re:Invent in
    Las Vegas over the scored days (B7)."""
    tr, rng = w.tr, w.rng
    people: list[Person] = w.net["platform"]
    active = (
        [p for p in people if rng.random() < 0.85]
        if workday(day)
        else [people[day.day % len(people)]]
    )
    for i, p in enumerate(active):
        away = day in w.plan.scored and p.user.startswith(("mnadeau", "pkaur"))
        ips = w.net["lvegas"] if away else p.ips
        start = (p.start_hour + rng.uniform(-0.5, 1.5)) if not away else rng.uniform(16.0, 20.0)
        ip = ips[0] if (away or rng.random() < 0.6 or not workday(day)) else ips[1]
        console(w, p, PROD, day, start, rng.randrange(12, 40) if workday(day) else 6, ip)
        if rng.random() < 0.25:
            console(w, p, MGMT, day, start + 2, rng.randrange(3, 9), ip)
        if rng.random() < 0.55:
            t = at(day, start + rng.uniform(1, 6))
            s = w.person(PROD, p, day, t)
            agent = o.CLI_MAC if i % 2 == 0 else o.CLI_LINUX
            for _ in range(rng.randrange(4, 16)):
                t = jitter(rng, t, 5, 240)
                service, name, cmd = rng.choice(CLI_CALLS)
                tr.call(t, s, PROD, HOME, service, name, ip, agent.format(cmd=cmd))


def analysts(w: World, day: dt.date) -> None:
    """The data team (Vancouver, Toronto, Montreal) on Redshift Serverless through the Data
    API and Athena, from notebooks on their laptops."""
    if not workday(day):
        return
    tr, rng = w.tr, w.rng
    for p in w.net["analysts"]:
        if rng.random() < 0.15:
            continue
        ip = p.ips[0]
        if rng.random() < 0.5:
            console(w, p, DATA, day, p.start_hour + rng.uniform(0, 1), rng.randrange(3, 8), ip)
        t = at(day, p.start_hour + rng.uniform(0.5, 4))
        s = w.person(DATA, p, day, t)
        agent = (
            o.KALI_BOTO.replace("os/linux#6.11.2-amd64", "os/macos#23.6.0")
            .replace("md/arch#x86_64", "md/arch#arm64")
            .replace("1.35.54", "1.35.71")
        )
        tr.call(
            t,
            s,
            DATA,
            HOME,
            "redshift-serverless",
            "GetCredentials",
            ip,
            agent,
            params={"workgroupName": "analytics", "dbName": "rx"},
        )
        for _ in range(rng.randrange(3, 12)):
            t = jitter(rng, t, 30, 900)
            sid = tr.uuid()
            tr.call(
                t,
                s,
                DATA,
                HOME,
                "redshift-data",
                "ExecuteStatement",
                ip,
                agent,
                params={"workgroupName": "analytics", "database": "rx"},
                response={"id": sid, "workgroupName": "analytics", "database": "rx"},
            )
            for k in range(rng.randrange(1, 4)):
                tr.call(
                    jitter(rng, t, 2 + 3 * k, 4 + 3 * k),
                    s,
                    DATA,
                    HOME,
                    "redshift-data",
                    "DescribeStatement",
                    ip,
                    agent,
                    params={"id": sid},
                )
            tr.call(
                jitter(rng, t, 12, 20),
                s,
                DATA,
                HOME,
                "redshift-data",
                "GetStatementResult",
                ip,
                agent,
                params={"id": sid},
            )
        if rng.random() < 0.4:
            t = jitter(rng, t, 60, 600)
            qid = tr.uuid()
            tr.call(
                t,
                s,
                DATA,
                HOME,
                "athena",
                "StartQueryExecution",
                ip,
                agent,
                params={"workGroup": "analysts", "queryExecutionContext": {"database": "rx_lake"}},
                response={"queryExecutionId": qid},
            )
            tr.call(
                jitter(rng, t, 1, 2),
                s,
                DATA,
                HOME,
                "glue",
                "GetTable",
                ip,
                agent,
                params={"databaseName": "rx_lake", "name": "orders_daily"},
                invoked_by="athena.amazonaws.com",
            )
            tr.call(
                jitter(rng, t, 3, 9),
                s,
                DATA,
                HOME,
                "athena",
                "GetQueryExecution",
                ip,
                agent,
                params={"queryExecutionId": qid},
            )
            tr.call(
                jitter(rng, t, 10, 14),
                s,
                DATA,
                HOME,
                "athena",
                "GetQueryResults",
                ip,
                agent,
                params={"queryExecutionId": qid},
            )


def clerk(w: World, day: dt.date) -> None:
    """The accounts-payable clerk's IAM user in management: console with a password only (the
    gap an internal audit noted), Monday and Thursday, from the office, for Cost Explorer."""
    if day.weekday() not in (0, 3):
        return
    tr, rng = w.tr, w.rng
    t = at(day, rng.uniform(14.0, 16.0))
    s = tr.console_user(MGMT, "ap-clerk", t, mfa=False)
    tr.console_login(t, s, w.net["office"], o.CHROME_WIN, mfa=False)
    for name in ("GetCostAndUsage", "GetCostAndUsage", "GetCostForecast", "GetDimensionValues"):
        t = jitter(rng, t, 20, 200)
        tr.call(t, s, MGMT, "us-east-1", "ce", name, w.net["office"], o.CHROME_WIN, console=True)


def deploys(w: World, day: dt.date) -> None:
    """GitHub Actions (OIDC) deploying the Lambdas on workdays; the old on-prem Jenkins (an
    IAM user's key) pushing the price-sync image."""
    if not workday(day):
        return
    tr, rng = w.tr, w.rng
    for _ in range(rng.randrange(1, 4)):
        t = at(day, rng.uniform(14.0, 22.0))
        ip = rng.choice(w.net["gha"])
        s = gha_session(w, t, ip)
        for fn in rng.sample(LAMBDAS, rng.randrange(1, 3)):
            cmd = o.GHA_CLI
            for name, c in (
                ("GetFunction20150331v2", "lambda.get-function"),
                ("UpdateFunctionCode20150331v2", "lambda.update-function-code"),
                ("PublishVersion20150331", "lambda.publish-version"),
                ("UpdateAlias20150331", "lambda.update-alias"),
            ):
                t = jitter(rng, t, 2, 25)
                tr.call(
                    t,
                    s,
                    PROD,
                    HOME,
                    "lambda",
                    name,
                    ip,
                    cmd.format(cmd=c),
                    params={"functionName": fn},
                )
    if rng.random() < 0.6:
        t = at(day, rng.uniform(13.0, 21.0))
        s = tr.user(PROD, "jenkins-legacy")
        ip = w.net["jenkins"]
        for name in (
            "GetAuthorizationToken",
            "InitiateLayerUpload",
            "CompleteLayerUpload",
            "PutImage",
        ):
            t = jitter(rng, t, 3, 40)
            tr.call(
                t,
                s,
                PROD,
                HOME,
                "ecr",
                name,
                ip,
                o.JENKINS_UA,
                params=None if name.startswith("Get") else {"repositoryName": "pricing-sync"},
            )
        t = jitter(rng, t, 5, 30)
        tr.call(
            t,
            s,
            PROD,
            HOME,
            "ecs",
            "RegisterTaskDefinition",
            ip,
            o.JENKINS_UA,
            params={"family": "pricing-sync"},
        )


def gha_session(
    w: World,
    t: dt.datetime,
    ip: str,
    sub: str = "repo:cedarline-rx/rx-platform:ref:refs/heads/main",
) -> Session:
    """AssumeRoleWithWebIdentity with a GitHub Actions token for the deploy role."""
    tr = w.tr
    provider = f"arn:aws:iam::{PROD}:oidc-provider/token.actions.githubusercontent.com"
    s = tr.session(
        PROD,
        "gha-deploy",
        "GitHubActions",
        t,
        federated={"federatedProvider": provider, "attributes": {}},
    )
    _, role_arn = tr.role_ids(PROD, "gha-deploy")
    who = Session(
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{sub}",
            "userName": sub,
            "identityProvider": provider,
        },
        None,
        "web_identity",
    )
    tr.call(
        t,
        who,
        PROD,
        HOME,
        "sts",
        "AssumeRoleWithWebIdentity",
        ip,
        o.GHA_STS,
        params={"roleArn": role_arn, "roleSessionName": "GitHubActions", "durationSeconds": 3600},
        response={
            **tr._minted(s, 3600),
            "subjectFromWebIdentityToken": sub,
            "provider": provider,
            "audience": "sts.amazonaws.com",
        },
        resources=[{"accountId": PROD, "type": "AWS::IAM::Role", "ARN": role_arn}],
    )
    return s
