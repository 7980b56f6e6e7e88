"""People: Identity Center users federated from Google Workspace into permission-set roles,
console sessions (``AssumeRoleWithSAML`` then browser calls on the console's key) and CLI
sessions (``GetRoleCredentials`` in the identity account, then the CLI's key), and the legacy
IAM user a contractor keeps for Lambda layers. Each team has its menu of calls."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._org import Ctx
from benchmarks.heldout22._trail import role_identity, saml_identity, user_identity

MENUS: dict[str, tuple[tuple[str, str, str], ...]] = {  # team -> (account, service, api)
    "platform": (
        ("prod", "lambda", "GetFunction20150331v2"),
        ("prod", "lambda", "ListFunctions20150331"),
        ("prod", "logs", "FilterLogEvents"),
        ("prod", "cloudformation", "DescribeStacks"),
        ("prod", "dynamodb", "DescribeTable"),
        ("prod", "cognito-idp", "DescribeUserPool"),
        ("prod", "states", "ListExecutions"),
        ("prod", "monitoring", "GetMetricData"),
        ("staging", "lambda", "GetFunction20150331v2"),
        ("data", "glue", "GetJobRuns"),
        ("prod", "apigateway", "GetRestApis"),
        ("prod", "appsync", "GetGraphqlApi"),
    ),
    "contractor": (
        ("staging", "lambda", "GetFunction20150331v2"),
        ("staging", "lambda", "UpdateFunctionCode20150331v2"),
        ("staging", "logs", "FilterLogEvents"),
        ("staging", "dynamodb", "DescribeTable"),
        ("staging", "amplify", "ListApps"),
        ("staging", "amplify", "GetBranch"),
        ("staging", "appsync", "GetGraphqlApi"),
        ("prod", "logs", "FilterLogEvents"),
        ("prod", "lambda", "GetFunction20150331v2"),
    ),
    "support": (
        ("prod", "dynamodb", "GetItem"),
        ("prod", "dynamodb", "Query"),
        ("prod", "cognito-idp", "AdminGetUser"),
        ("prod", "cognito-idp", "ListUsers"),
        ("prod", "cognito-idp", "AdminListGroupsForUser"),
        ("prod", "logs", "FilterLogEvents"),
    ),
    "analytics": (
        ("data", "redshift-data", "ExecuteStatement"),
        ("data", "redshift-data", "GetStatementResult"),
        ("data", "redshift-data", "DescribeStatement"),
        ("data", "redshift-serverless", "GetWorkgroup"),
        ("data", "athena", "StartQueryExecution"),
        ("data", "athena", "GetQueryResults"),
        ("data", "glue", "GetTable"),
        ("data", "quicksight", "DescribeDashboard"),
    ),
    "security": (
        ("security", "guardduty", "ListFindings"),
        ("security", "guardduty", "GetFindings"),
        ("security", "securityhub", "GetFindings"),
        ("prod", "cloudtrail", "LookupEvents"),
        ("data", "cloudtrail", "LookupEvents"),
        ("data", "iam", "GetAccountAuthorizationDetails"),
    ),
}
BROWSER_CONSOLES = {
    "dynamodb",
    "cognito-idp",
    "lambda",
    "logs",
    "amplify",
    "appsync",
    "redshift-data",
}
DATA_APIS = {"GetItem", "Query", "Scan", "GetObject", "PutObject"}


def _session(
    ctx: Ctx,
    person: w.Person,
    account: str,
    when: dt.datetime,
    ip: str,
    *,
    console: bool,
    agent: str,
) -> dict[str, Any]:
    """A person's session into ``account``: the minting call and the session's identity."""
    arn = w.sso_role(account, person.team)
    if console:
        key, ctx.last_mint = ctx.trail.mint(
            saml_identity(account, "AWSSSO_9a3e7f02b61c4d58_DO_NOT_DELETE", person.user),
            when,
            account=account,
            role_arn=arn,
            session=person.user,
            ip=ip,
            agent=agent,
            api="AssumeRoleWithSAML",
            hours=8,
            extra={
                "principalArn": f"arn:aws:iam::{account}:saml-provider/AWSSSO_9a3e7f02b61c4d58_DO_NOT_DELETE"
            },
        )
    else:
        key = ctx.trail.key()
        ctx.last_mint = ctx.trail.add(
            {"type": "Unknown", "principalId": person.user, "userName": person.user},
            when - dt.timedelta(seconds=3),
            "sso",
            "GetRoleCredentials",
            w.HOME,
            ip,
            agent,
            account=w.ACCOUNTS["identity"],
            request={"roleName": arn.rsplit("/", 1)[-1], "accountId": account},
        )
    return role_identity(arn, person.user, key, when)


def work(
    ctx: Ctx,
    person: w.Person,
    day: dt.date,
    *,
    net: str,
    browser: str | None = None,
    cli: str | None = None,
    calls: float = 25,
    accounts: tuple[str, ...] | None = None,
) -> None:
    """A person's working day: a console session per account they touch, a CLI session for
    the rest of the calls if they use the CLI, calls spread over eight hours."""
    ip = home_ip(person.user, net, day)
    menu = [m for m in MENUS[person.team] if accounts is None or m[0] in accounts]
    if not ctx.cal.staging_on(day):
        menu = [m for m in menu if m[0] != "staging"] or menu
    browser, cli = browser or person.browser, cli if cli is not None else person.cli
    start = person.utc_start + ctx.rng.uniform(-0.5, 1.0)
    sessions: dict[tuple[str, bool], dict[str, Any]] = {}
    for _ in range(ctx.n(calls)):
        account_name, service, api = ctx.rng.choice(menu)
        account = w.ACCOUNTS[account_name]
        console = cli is None or ctx.rng.random() < 0.5
        when = ctx.at(day, start + ctx.rng.uniform(0.1, 8.0))
        if (account, console) not in sessions:
            sessions[(account, console)] = _session(
                ctx,
                person,
                account,
                ctx.at(day, start),
                ip,
                console=console,
                agent=browser if console else str(cli),
            )
        agent = str(cli)
        if console:  # consoles written on the JavaScript SDK call from the browser
            agent = (
                browser
                if service in BROWSER_CONSOLES or api in DATA_APIS
                else "console.amazonaws.com"
            )
        ctx.trail.add(
            sessions[(account, console)],
            when,
            service,
            api,
            w.HOME,
            ip,
            agent,
            account=account,
            console=console,
            data=api in DATA_APIS,
            request={"tableName": w.STUDENT_TABLE} if service == "dynamodb" else None,
            error=("AccessDenied", "User is not authorized to perform this operation")
            if ctx.rng.random() < 0.02
            else None,
        )


def home_ip(user: str, net: str, day: dt.date) -> str:
    """A person's address on a network: fixed for an office or the BPO's centre, a DHCP lease
    renewed about weekly on a home ISP."""
    lease = day.toordinal() // 7 if net in ("comcast", "charter", "verizon", "att") else 0
    return w.NETS[net].pick(random.Random(f"{user}/{net}/{lease}"))


def people_day(ctx: Ctx, day: dt.date) -> None:
    if day.weekday() >= 5:
        return
    for person in w.PEOPLE:
        if ctx.rng.random() < 0.08:  # a day off
            continue
        net = ctx.rng.choice(person.homes)
        browser, cli = None, None
        if person.team == "support":
            net = ctx.cal.support_net(day)
        if person.user.startswith("tomasz") and ctx.cal.new_laptop(day):
            browser, cli = w.EDGE_WIN, w.CLI_WIN
        calls = {"support": 30, "contractor": 20, "analytics": 25}.get(person.team, 18)
        if person.team == "analytics":
            calls *= ctx.cal.reporting(day) ** 0.5
        work(ctx, person, day, net=net, browser=browser, cli=cli, calls=calls)
    if ctx.cal.agent_started(day):
        work(ctx, w.NEW_AGENT, day, net=ctx.cal.support_net(day), calls=20)
    layers_day(ctx, day)


LAYER_USER = "contractor-ostap-layers"


def layers_day(ctx: Ctx, day: dt.date, *, key: str = "AKIA2LMSPRODOSTAP7Q4") -> None:
    """The contractor's legacy IAM user in prod, for the shared Lambda layer: reads most
    weekdays from Lviv; a layer release (publish, then two functions moved to it) once."""
    prod = w.ACCOUNTS["prod"]
    ident = user_identity(prod, LAYER_USER, key)
    ip = w.NETS["kyivstar"].cidr.rsplit(".", 1)[0] + ".77"
    if ctx.rng.random() < 0.3:
        return
    calls = [
        ("ListLayerVersions", {"layerName": "lms-common"}),
        ("GetLayerVersion", {"layerName": "lms-common"}),
        ("GetFunctionConfiguration20150331v2", {"functionName": "lms-api-courses"}),
    ]
    if ctx.cal.k(day) == -10:
        calls += [("PublishLayerVersion20181031", {"layerName": "lms-common"})] + [
            ("UpdateFunctionConfiguration20150331v2", {"functionName": f})
            for f in ("lms-api-courses", "lms-api-grades")
        ]
    when = ctx.at(day, 8.0 + ctx.rng.uniform(0, 3))
    for api, req in calls:
        when += dt.timedelta(seconds=ctx.rng.randrange(10, 400))
        ctx.trail.add(
            ident, when, "lambda", api, w.HOME, ip, w.CLI_LINUX, account=prod, request=req
        )
