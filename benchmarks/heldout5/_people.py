"""People: Microsoft Entra ID users provisioned by SCIM into IAM Identity Center, signing in
through the access portal (console) or ``aws sso login`` (CLI) from home or an office, by their
own clock, with follow-the-sun on-call shifts and the outsourced QA studio in Kraków."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._staff import HOLIDAYS
from benchmarks.heldout5._world import (
    ACCOUNTS,
    PEOPLE,
    Person,
    World,
    browser_ua,
    cli_ua,
)

S = "amazonaws.com"
# permission set -> (service, API, weight, request); the reads and writes each job does
APIS: dict[str, list[tuple[str, str, int, dict[str, Any] | None]]] = {
    "PlatformAdmin": [
        (f"ecs.{S}", "DescribeServices", 8, {"cluster": "game"}),
        (f"ecs.{S}", "ListTasks", 5, {"cluster": "game"}),
        (f"ecs.{S}", "UpdateService", 1, {"cluster": "game", "service": "matchmaking-api"}),
        (f"logs.{S}", "FilterLogEvents", 8, {"logGroupName": "/ecs/game"}),
        (f"logs.{S}", "DescribeLogGroups", 3, None),
        (f"monitoring.{S}", "GetMetricData", 6, None),
        (f"monitoring.{S}", "DescribeAlarms", 3, None),
        (f"ec2.{S}", "DescribeInstances", 4, None),
        (f"ec2.{S}", "DescribeSecurityGroups", 2, None),
        (f"iam.{S}", "GetRole", 2, {"roleName": "matchmaking-task"}),
        (f"iam.{S}", "ListRoles", 1, None),
        (f"dynamodb.{S}", "DescribeTable", 3, {"tableName": "players"}),
        (f"lambda.{S}", "ListFunctions", 2, None),
        (f"sts.{S}", "GetCallerIdentity", 2, None),
        (f"s3.{S}", "ListBuckets", 2, None),
        (f"cloudformation.{S}", "DescribeStacks", 2, None),
        (f"ssm.{S}", "GetParameter", 2, {"name": "/game/flags"}),
    ],
    "Developer": [
        (f"ecs.{S}", "DescribeServices", 6, {"cluster": "game-stg"}),
        (f"ecs.{S}", "DescribeTasks", 4, {"cluster": "game-stg"}),
        (f"logs.{S}", "FilterLogEvents", 10, {"logGroupName": "/ecs/game-stg"}),
        (f"logs.{S}", "GetLogEvents", 5, None),
        (f"dynamodb.{S}", "DescribeTable", 3, {"tableName": "players-stg"}),
        (f"lambda.{S}", "GetFunction", 3, None),
        (
            f"lambda.{S}",
            "UpdateFunctionConfiguration",
            1,
            {"functionName": "receipt-validator-stg"},
        ),
        (f"secretsmanager.{S}", "DescribeSecret", 1, {"secretId": "stg/store"}),
        (f"monitoring.{S}", "GetMetricData", 3, None),
        (f"sts.{S}", "GetCallerIdentity", 2, None),
        (f"s3.{S}", "ListBuckets", 1, None),
    ],
    "ReadOnly": [
        (f"logs.{S}", "FilterLogEvents", 8, {"logGroupName": "/ecs/game"}),
        (f"monitoring.{S}", "GetMetricData", 5, None),
        (f"ecs.{S}", "DescribeServices", 4, {"cluster": "game"}),
        (f"dynamodb.{S}", "DescribeTable", 2, {"tableName": "players"}),
    ],
    "OnCall": [
        (f"logs.{S}", "FilterLogEvents", 8, {"logGroupName": "/ecs/game"}),
        (f"logs.{S}", "StartQuery", 3, None),
        (f"logs.{S}", "GetQueryResults", 5, None),
        (f"monitoring.{S}", "DescribeAlarms", 6, None),
        (f"monitoring.{S}", "GetMetricData", 6, None),
        (f"ecs.{S}", "DescribeServices", 5, {"cluster": "game"}),
        (f"ec2.{S}", "DescribeSpotFleetRequests", 3, None),
        (f"dynamodb.{S}", "DescribeTable", 2, {"tableName": "players"}),
        (f"health.{S}", "DescribeEvents", 1, None),
        (f"ecs.{S}", "UpdateService", 1, {"cluster": "game", "service": "player-profile"}),
    ],
    "SecurityAdmin": [
        (f"securityhub.{S}", "GetFindings", 8, None),
        (f"securityhub.{S}", "BatchUpdateFindings", 2, None),
        (f"guardduty.{S}", "ListFindings", 5, None),
        (f"guardduty.{S}", "GetFindings", 5, None),
        (f"config.{S}", "DescribeComplianceByConfigRule", 2, None),
        (f"access-analyzer.{S}", "ListFindings", 2, None),
        (f"cloudtrail.{S}", "LookupEvents", 3, None),
    ],
    "SecurityAudit": [
        (f"iam.{S}", "ListRoles", 3, None),
        (f"iam.{S}", "GetRolePolicy", 2, None),
        (f"s3.{S}", "GetBucketPolicy", 2, None),
        (f"ec2.{S}", "DescribeSecurityGroups", 3, None),
        (f"organizations.{S}", "ListAccounts", 1, None),
    ],
    "Billing": [
        (f"ce.{S}", "GetCostAndUsage", 6, None),
        (f"billingconsole.{S}", "GetBillingDetails", 3, None),
        (f"budgets.{S}", "DescribeBudgets", 2, None),
        (f"ce.{S}", "GetCostForecast", 2, None),
    ],
    "MediaEngineer": [
        (f"s3.{S}", "ListBuckets", 2, None),
        (f"s3.{S}", "GetBucketLocation", 2, {"bucketName": "bm-media-masters"}),
        (f"mediaconvert.{S}", "ListJobs", 4, None),
        (f"mediaconvert.{S}", "DescribeEndpoints", 1, None),
        (f"cloudfront.{S}", "ListDistributions", 2, None),
        (f"cloudfront.{S}", "CreateInvalidation", 1, None),
        (f"lambda.{S}", "GetFunction", 2, {"functionName": "media-thumbnailer"}),
        (f"logs.{S}", "FilterLogEvents", 4, None),
    ],
    "QATester": [
        (f"logs.{S}", "FilterLogEvents", 6, {"logGroupName": "/ecs/game-stg"}),
        (f"dynamodb.{S}", "DescribeTable", 2, None),
        (f"cognito-identity.{S}", "DescribeIdentityPool", 1, None),
        (f"ecs.{S}", "DescribeServices", 3, {"cluster": "game-stg"}),
        (f"monitoring.{S}", "GetMetricData", 3, None),
        (f"gamelift.{S}", "DescribeGameSessions", 2, None),
    ],
    "LiveOpsAnalyst": [
        (f"athena.{S}", "StartQueryExecution", 6, {"workGroup": "liveops"}),
        (f"athena.{S}", "GetQueryExecution", 10, None),
        (f"athena.{S}", "GetQueryResults", 6, None),
        (f"glue.{S}", "GetTables", 3, {"databaseName": "telemetry"}),
        (f"monitoring.{S}", "GetMetricData", 3, None),
        (f"dynamodb.{S}", "DescribeTable", 1, {"tableName": "players"}),
    ],
}
REGION = {"media_prod": "eu-central-1"}


def lease(w: World, p: Person, day: dt.date) -> str:
    """A home address leased by the ISP, renewed every 4 to 10 days within its block."""
    st = w.state.setdefault("lease", {})
    ip, until = st.get(p.user, (None, day))
    if ip is None or day >= until:
        ip = w.addr.of(p.home)
        st[p.user] = (ip, day + dt.timedelta(days=w.rng.randint(4, 10)))
    return str(ip)


def works(w: World, p: Person, day: dt.date) -> bool:
    if p.since and day < p.since:
        return False
    off = day.weekday() >= 5 or p.country in HOLIDAYS.get(day, set())
    if off:
        return (p.oncall and w.rng.random() < 0.45) or w.rng.random() < 0.04
    return w.rng.random() > 0.06


def work_hours(w: World, p: Person) -> tuple[float, float]:
    start = w.rng.uniform(8.3, 10.0) - p.tz
    return start, start + w.rng.uniform(6.5, 9.0)


def person_day(
    w: World, p: Person, day: dt.date, *, ip: str | None = None, ua_cli: str | None = None
) -> list[str]:
    """A person's working day; returns the event ids (benign changes label them)."""
    rng = w.rng
    if ip is None:
        use_office = p.office and day.weekday() in (1, 2, 3) and rng.random() < 0.7
        ip = w.addr.of(p.office) if use_office and p.office else lease(w, p, day)
    start, end = work_hours(w, p)
    eids: list[str] = []
    accounts = [a for a in p.sets if a != "nova" or day >= w.state.get("nova_day", day)]
    cli_day = rng.random() >= p.console
    if cli_day:  # `aws sso login`: one device-code token a day
        who = {
            "type": "IdentityCenterUser",
            "accountId": ACCOUNTS["management"],
            "onBehalfOf": {"userId": p.user_id},
            "credentialId": p.user_id[:8],
        }
        eids.append(
            w.trail.call(
                w.at(day, start),
                ACCOUNTS["management"],
                "eu-west-1",
                "sso-oauth.amazonaws.com",
                "CreateToken",
                who,
                ip,
                ua_cli or cli_ua(p, "sso.login", rng),
                request={
                    "clientId": "aws-cli",
                    "grantType": "urn:ietf:params:oauth:grant-type:device_code",
                },
            )
        )
    for _ in range(rng.choice([1, 1, 2])):
        account_name = rng.choice(accounts)
        pset = p.sets[account_name]
        t = w.at(day, rng.uniform(start, end - 1))
        console = not cli_day or rng.random() < 0.15
        ua = browser_ua(p) if console else (ua_cli or cli_ua(p, "sso.get-role-credentials", rng))
        _key, ident, ids = w.sso_session(p, t, account_name, ip, ua, console=console)
        eids += ids
        region = REGION.get(account_name, "eu-west-1")
        apis = APIS[pset]
        weights = [a[2] for a in apis]
        span = rng.uniform(0.5, 3.5)
        for _ in range(w.n(18) + 3):
            source, name, _w, request = rng.choices(apis, weights)[0]
            when = t + dt.timedelta(seconds=rng.uniform(5, span * 3600))
            if console:
                call_ua, call_ip = (
                    ("AWS Internal", "AWS Internal") if rng.random() < 0.08 else (browser_ua(p), ip)
                )
            else:
                call_ua = ua_cli or cli_ua(p, f"{source.split('.')[0]}.{name.lower()}", rng)
                call_ip = ip
            err = "denied" if rng.random() < 0.02 else None
            eids.append(
                w.trail.call(
                    when,
                    ACCOUNTS[account_name],
                    region,
                    source,
                    name,
                    ident,
                    call_ip,
                    call_ua,
                    request=request,
                    error=err,
                    console=console,
                )
            )
    return eids


def people_day(w: World, day: dt.date, skip: set[str]) -> None:
    for p in PEOPLE + w.state.get("extra_people", []):
        if p.user in skip or not works(w, p, day):
            continue
        person_day(w, p, day)


def root_billing(w: World, day: dt.date, ip: str, ua: str) -> list[str]:
    """The monthly root sign-in for billing, with MFA, from the Dublin office."""
    from benchmarks.heldout5._records import root

    mgmt = ACCOUNTS["management"]
    t = w.at(day, w.rng.uniform(9, 11))
    ident = root(mgmt)
    eids = [
        w.trail.call(
            t,
            mgmt,
            "us-east-1",
            "signin.amazonaws.com",
            "ConsoleLogin",
            ident,
            ip,
            ua,
            response={"ConsoleLogin": "Success"},
            event_type="AwsConsoleSignIn",
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/billing/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes",
                    "MFAIdentifier": f"arn:aws:iam::{mgmt}:mfa/root-account-mfa-device",
                }
            },
        )
    ]
    session = root(mgmt, w.ids.key())
    for i, name in enumerate(
        [
            "GetBillingDetails",
            "GetBillingPreferences",
            "GetCostAndUsage",
            "GetAccountInformation",
            "GetTaxRegistration",
            "GetBillingDetails",
        ]
    ):
        source = "ce.amazonaws.com" if name == "GetCostAndUsage" else "billingconsole.amazonaws.com"
        if name == "GetAccountInformation":
            source = "account.amazonaws.com"
        eids.append(
            w.trail.call(
                t + dt.timedelta(minutes=2 + 3 * i),
                mgmt,
                "us-east-1",
                source,
                name,
                session,
                ip,
                ua,
                console=True,
            )
        )
    return eids


def scim_day(w: World, day: dt.date, new_people: list[Person]) -> list[str]:
    """Microsoft Entra ID's provisioning cycles into Identity Center's SCIM endpoint: reads every
    cycle, a CreateUser and group membership PATCH for each person provisioned that day."""
    mgmt = ACCOUNTS["management"]
    who = {"type": "WebIdentityUser", "accountId": mgmt}
    eids = []
    for hour in range(0, 24, 6):
        t = w.at(day, hour + w.rng.uniform(0, 0.5))
        for i, name in enumerate(("ListUsers", "ListGroups", "GetGroup")):
            eids.append(
                w.trail.call(
                    t + dt.timedelta(seconds=2 * i),
                    mgmt,
                    "eu-west-1",
                    "identitystore-scim.amazonaws.com",
                    name,
                    who,
                    w.addr.of("entra_scim"),
                    "Go-http-client/2.0",
                )
            )
    for i, p in enumerate(new_people):
        t = w.at(day, 7.2) + dt.timedelta(seconds=40 * i)
        body = {
            "httpBody": {
                "userName": "HIDDEN_DUE_TO_SECURITY_REASONS",
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            }
        }
        for name in ("CreateUser", "PatchGroup"):
            eids.append(
                w.trail.call(
                    t,
                    mgmt,
                    "eu-west-1",
                    "identitystore-scim.amazonaws.com",
                    name,
                    who,
                    w.addr.of("entra_scim"),
                    "Go-http-client/2.0",
                    request=body,
                    response={"id": p.user_id} if name == "CreateUser" else None,
                )
            )
            t += dt.timedelta(seconds=5)
    return eids
