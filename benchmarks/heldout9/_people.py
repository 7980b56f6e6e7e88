"""The people and the outsiders with keys: Okta-federated staff, the warehouse's legacy IAM
users, and the two vendors that assume roles with an ExternalId from their own accounts."""

from __future__ import annotations

from typing import Any

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._net import aws_host
from benchmarks.heldout9._org import (
    CHROME_MAC,
    CLI_MAC,
    DATA,
    EDI_CLI,
    EXTERNAL_IDS,
    FIVETRAN,
    FIVETRAN_UA,
    GIMME,
    HOME_REGION,
    PROWLER,
    SNOWFLAKE,
    SNOWFLAKE_UA,
    STORE,
    WMS_JAVA,
    Org,
    Person,
    calls,
    cross_account,
    saml_signin,
    spread,
)

MENUS: dict[str, list[tuple[str, float]]] = {
    "Okta-Admin": [
        ("DescribeInstances", 3),
        ("ListRoles", 1),
        ("GetRole", 1),
        ("DescribeServices", 2),
        ("ListPolicies", 1),
        ("GetCallerIdentity", 1),
    ],
    "Okta-Developer": [
        ("DescribeServices", 4),
        ("DescribeTasks", 3),
        ("GetLogEvents", 4),
        ("GetParameter", 1),
        ("DescribeLogGroups", 1),
    ],
    "Okta-DataEngineer": [
        ("GetTable", 3),
        ("GetTables", 2),
        ("DescribeClusters", 2),
        ("GetClusterCredentials", 1),
        ("GetLogEvents", 1),
    ],
    "Okta-DataScientist": [
        ("DescribeTrainingJob", 3),
        ("ListTrainingJobs", 2),
        ("GetTable", 1),
        ("DescribeNotebookInstance", 1),
    ],
    "Okta-Security": [
        ("LookupEvents", 2),
        ("DescribeTrails", 1),
        ("GetFindings", 3),
        ("ListDetectors", 1),
    ],
    "Okta-SupportReadOnly": [
        ("DescribeServices", 1),
        ("GetLogEvents", 3),
        ("DescribeLogGroups", 1),
    ],
    "Okta-Finance": [("GetCostAndUsage", 4), ("DescribeBudgets", 1), ("GetCostForecast", 1)],
}
SOURCES = {
    "ListRoles": "iam",
    "GetRole": "iam",
    "ListPolicies": "iam",
    "LookupEvents": "cloudtrail",
    "DescribeTrails": "cloudtrail",
    "GetFindings": "securityhub",
    "ListDetectors": "guardduty",
    "DescribeTrainingJob": "sagemaker",
    "ListTrainingJobs": "sagemaker",
    "DescribeNotebookInstance": "sagemaker",
    "GetCostAndUsage": "ce",
    "GetCostForecast": "ce",
    "DescribeBudgets": "budgets",
}
CONSOLE_HOST = {"iam": "console.iam.amazonaws.com", "ce": "console.ce.amazonaws.com"}


def _api_calls(
    org: Org,
    times: Any,
    account: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    menu: list[tuple[str, float]],
    *,
    console: bool,
) -> list[str]:
    """Like ``calls`` but for APIs whose service is named in ``SOURCES`` (IAM is global)."""
    out = []
    weights = [m[1] for m in menu]
    total = sum(weights)
    for t in times:
        api = menu[int(org.rng.choice(len(menu), p=[w / total for w in weights]))][0]
        service = SOURCES.get(api)
        region = "us-east-1" if service in ("iam", "ce", "budgets") else HOME_REGION
        source = f"{service}.amazonaws.com" if service else None
        agent = ua.format(cmd=api.lower(), p=2, api=api.lower())
        denied = org.rng.random() < 0.02
        out.append(
            org.trail.add(
                float(t),
                account,
                region,
                api,
                ident,
                ip,
                agent,
                source=source,
                error=("AccessDenied", f"not authorized to perform {api}") if denied else None,
                extra={"sessionCredentialFromConsole": "true"} if console else None,
            )
        )
    return out


def person_day(
    org: Org,
    index: int,
    person: Person,
    *,
    ip: str | None = None,
    ua_console: str = CHROME_MAC,
    ua_cli: str = CLI_MAC,
    busy: float = 1.0,
) -> list[str]:
    """A working day: a console sign-in per account touched, and CLI work through gimme-aws-creds."""
    weekend = org.day(index).weekday() >= 5
    if weekend and org.rng.random() > 0.12:
        return []
    if not weekend and org.rng.random() < 0.08:  # out of office
        return []
    office = org.office[int(org.rng.integers(0, len(org.office)))]
    address = ip or (office if person.home == "hq" else person.ip)
    menu = MENUS[person.role]
    events: list[str] = []
    start = 12.5 + float(org.rng.uniform(0, 2.5))  # 07:30-10:00 Eastern
    for account in person.accounts:
        if len(person.accounts) > 1 and org.rng.random() < 0.4:
            continue
        t0 = org.t(index, start + float(org.rng.uniform(0, 1)))
        ident, ids = saml_signin(
            org, t0, account, person.role, person.email, address, ua_console, console=True
        )
        events += ids
        times = spread(org, t0 + 20, t0 + 3600 * float(org.rng.uniform(2, 7)), org.n(14 * busy) + 1)
        events += _api_calls(org, times, account, ident, address, ua_console, menu, console=True)
        if person.cli and org.rng.random() < 0.6:
            t1 = t0 + 3600 * float(org.rng.uniform(1, 5))
            ident, ids = saml_signin(
                org, t1, account, person.role, person.email, address, GIMME, console=False
            )
            events += ids
            times = spread(org, t1 + 10, t1 + 3000, org.n(10 * busy) + 1)
            events += _api_calls(org, times, account, ident, address, ua_cli, menu, console=False)
    return events


def prowler_run(
    org: Org, index: int, person: Person, accounts: tuple[str, ...], size: int
) -> list[str]:
    """The security team's Prowler checks, from the analyst's machine with gimme-aws-creds."""
    events: list[str] = []
    ip = org.office[0]
    checks = [
        ("DescribeInstances", 3),
        ("ListRoles", 2),
        ("GetRole", 3),
        ("ListPolicies", 2),
        ("DescribeTrails", 1),
        ("ListBuckets", 1),
        ("GetBucketLocation", 3),
        ("DescribeLogGroups", 2),
        ("ListSecrets", 1),
        ("ListDetectors", 1),
        ("DescribeClusters", 1),
        ("DescribeRegions", 1),
    ]
    t0 = org.t(index, 15 + float(org.rng.uniform(0, 2)))
    for account in accounts:
        ident, ids = saml_signin(
            org, t0, account, person.role, person.email, ip, GIMME, console=False
        )
        events += ids
        times = spread(org, t0 + 5, t0 + 1800, size)
        events += _api_calls(org, times, account, ident, ip, PROWLER, checks, console=False)
        t0 += 1900
    return events


LEGACY = {
    "wms-sync": (WMS_JAVA, 4.0, "tg-wms-interchange"),
    "wms-labels": (WMS_JAVA, 1.5, "tg-wms-interchange"),
    "edi-feed": (EDI_CLI, 0.8, "tg-wms-interchange"),
}


def legacy_users(org: Org, index: int, keys: dict[str, str], warehouse_ip: str) -> None:
    """The on-prem warehouse system's IAM users: S3 exchange with data events, 05:00-01:00 ET."""
    for name, (ua, per_hour, bucket) in LEGACY.items():
        ident = R.user(STORE, name, keys[name])
        times = spread(
            org,
            org.t(index, 10),
            min(org.t(index, 30), org.t(org.days, 0) - 1),
            org.n(per_hour * 20),
        )
        for t in times:
            api = ("PutObject", "GetObject", "ListObjects")[
                int(org.rng.choice(3, p=[0.45, 0.4, 0.15]))
            ]
            obj = f"{name}/{'out' if api == 'PutObject' else 'in'}/{int(org.rng.integers(1e5, 1e6))}.xml"
            params = {"bucketName": bucket, "Host": f"{bucket}.s3.us-east-2.amazonaws.com"}
            if api != "ListObjects":
                params["key"] = obj
            org.trail.add(
                float(t),
                STORE,
                HOME_REGION,
                api,
                ident,
                warehouse_ip,
                ua,
                data=True,
                params=params,
                extra={"resources": [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]},
            )


def snowflake(
    org: Org,
    index: int,
    ips: list[str],
    *,
    ip: str | None = None,
    ua: str = SNOWFLAKE_UA,
    hours: tuple[float, float] = (0, 24),
    every: float = 2.0,
    reads: float = 6.0,
) -> list[str]:
    """Snowflake's storage integration: assumes ``snowflake-integration`` from its own AWS
    account with the ExternalId, then lists and reads the share bucket (data events)."""
    events: list[str] = []
    caller = f"{R.stable_id('AIDA', 'snowflake-prod-user')}"
    hour = hours[0]
    while hour < hours[1]:
        t0 = org.t(index, hour + float(org.rng.uniform(0, 0.3)))
        source = ip or ips[int(org.rng.integers(0, len(ips)))]
        key, event = cross_account(
            org,
            t0,
            DATA,
            "snowflake-integration",
            "snowflake",
            SNOWFLAKE,
            caller,
            source,
            ua,
            EXTERNAL_IDS["snowflake"],
        )
        events.append(event)
        ident = R.session(DATA, "snowflake-integration", "snowflake", key, t0)
        for t in spread(org, t0 + 2, t0 + 900, org.n(reads) + 1):
            api = "ListObjects" if org.rng.random() < 0.3 else "GetObject"
            params = {
                "bucketName": "tg-analytics-share",
                "prefix": "exports/",
                "Host": "tg-analytics-share.s3.us-east-2.amazonaws.com",
            }
            if api == "GetObject":
                params["key"] = f"exports/orders/part-{int(org.rng.integers(0, 4000)):05d}.parquet"
            events.append(
                org.trail.add(
                    float(t), DATA, HOME_REGION, api, ident, source, ua, data=True, params=params
                )
            )
        hour += every
    return events


def fivetran(org: Org, index: int, ips: list[str]) -> None:
    """The ingestion vendor, from its Google Cloud addresses: lands files and updates tables."""
    caller = f"{R.stable_id('AROA', 'fivetran-worker')}:fivetran-worker"
    for hour in range(0, 24):
        if org.rng.random() < 0.25:
            continue
        t0 = org.t(index, hour + float(org.rng.uniform(0, 0.5)))
        source = ips[hour % len(ips)]
        key, _ = cross_account(
            org,
            t0,
            DATA,
            "fivetran-ingest",
            f"fivetran-{int(t0) % 100000}",
            FIVETRAN,
            caller,
            source,
            FIVETRAN_UA,
            EXTERNAL_IDS["fivetran"],
        )
        ident = R.session(DATA, "fivetran-ingest", f"fivetran-{int(t0) % 100000}", key, t0)
        for t in spread(org, t0 + 3, t0 + 600, org.n(5) + 1):
            obj = f"landing/shopify/orders/{int(t)}.csv.gz"
            org.trail.add(
                float(t),
                DATA,
                HOME_REGION,
                "PutObject",
                ident,
                source,
                FIVETRAN_UA,
                data=True,
                params={
                    "bucketName": "tg-landing",
                    "key": obj,
                    "Host": "tg-landing.s3.us-east-2.amazonaws.com",
                },
            )
        calls(
            org,
            spread(org, t0 + 600, t0 + 700, 2),
            DATA,
            HOME_REGION,
            ident,
            source,
            FIVETRAN_UA,
            [("GetTable", 3), ("UpdateTable", 1)],
            deny=0,
        )


def snowflake_ips(org: Org) -> list[str]:
    return [aws_host(HOME_REGION, org.rng) for _ in range(3)]
