"""A normal day at Fjordlaks: the machines (SSM agents, pen cameras, the booking Lambda, the
certificate renderer, SageMaker, AWS Config and Access Analyzer) and the people (Identity
Center sessions in the console and the CLI, the SAP partner, the Food Safety Authority, the
lab's and the report script's IAM keys, GitHub Actions deploys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._world import SSO_PATH, World

INSTANCES = {  # instance id: (account, role, region, private address through a VPC endpoint)
    "i-0a4c81e2f9d3b5706": (org.ERP, "sap-erp-app", org.HOME, "10.20.11.24"),
    "i-07e9b3d1c2a48f615": (org.ERP, "sap-erp-db", org.HOME, "10.20.12.8"),
    "i-0f3d6a9c18b27e450": (org.ERP, "sap-router", org.HOME, "10.20.1.15"),
    "i-0c58e27b94d1a3f06": (org.PROD, "grafana-timestream", org.HOME, None),
    "i-0d2b7f49c3e815a60": (org.JAPAN, "quote-web", "ap-northeast-1", "10.40.1.20"),
}
ENDPOINTS = {org.ERP: "vpce-0b7e2f4a91c3d5e68", org.JAPAN: "vpce-03a9d4c7e15b2f860"}
DEVICES = [f"hitra-pen{n:02d}-cam" for n in range(1, 9)] + [
    f"froya-pen{n:02d}-cam" for n in range(1, 5)
]

# what each kind of person does in the console (source, name, weight)
CONSOLE_CALLS: dict[str, list[tuple[str, str]]] = {
    "it": [
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSecurityGroups"),
        ("iam", "ListRoles"),
        ("iam", "GetRole"),
        ("monitoring", "GetMetricData"),
        ("logs", "FilterLogEvents"),
        ("lambda", "ListFunctions20150331"),
        ("lambda", "GetFunction20150331v2"),
        ("iot", "ListThings"),
        ("iot", "DescribeThing"),
        ("s3", "ListBuckets"),
        ("cloudtrail", "LookupEvents"),
        ("ssm", "DescribeInstanceInformation"),
        ("ec2", "CreateTags"),
        ("lambda", "UpdateFunctionConfiguration20150331v2"),
        ("ssm", "StartSession"),
    ],
    "data": [
        ("sagemaker", "ListNotebookInstances"),
        ("sagemaker", "DescribeNotebookInstance"),
        ("sagemaker", "CreatePresignedNotebookInstanceUrl"),
        ("sagemaker", "ListTrainingJobs"),
        ("sagemaker", "DescribeTrainingJob"),
        ("logs", "GetLogEvents"),
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("s3", "ListBuckets"),
    ],
    "ops": [
        ("monitoring", "GetMetricData"),
        ("monitoring", "DescribeAlarms"),
        ("iot", "ListThings"),
        ("s3", "ListBuckets"),
        ("timestream", "DescribeEndpoints"),
    ],
    "finance": [
        ("ce", "GetCostAndUsage"),
        ("ce", "GetCostForecast"),
        ("budgets", "DescribeBudgets"),
        ("ec2", "DescribeInstances"),
    ],
    "sales": [
        ("s3", "ListBuckets"),
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryResults"),
        ("athena", "GetQueryExecution"),
        ("glue", "GetTables"),
    ],
}
GLOBAL_SOURCES = {"iam", "ce", "budgets"}
SOURCE_NAMES = {"monitoring": "monitoring.amazonaws.com", "timestream": "timestream.amazonaws.com"}


def source_of(short: str) -> str:
    return SOURCE_NAMES.get(short, f"{short}.amazonaws.com")


def sso_signin(
    w: World,
    when: dt.datetime,
    person: org.Person,
    account: str,
    address: str,
    agent: str,
    *,
    console: bool,
) -> Any:
    """An Identity Center session in ``account``: AssumeRoleWithSAML through the AWSSSO
    provider, and for the console its ConsoleLogin; the session (role, person) is returned."""
    role = w.sso_role(person.permission_set)
    provider = f"arn:aws:iam::{account}:saml-provider/{org.SSO_PROVIDER}"
    saml_user = {
        "type": "SAMLUser",
        "principalId": f"{org.SSO_PROVIDER}:{person.email}",
        "userName": person.email,
        "identityProvider": provider,
    }
    s = w.session(
        when, account, role, person.email, path=SSO_PATH, hours=8 if console else 1, new=True
    )
    w.trail.event(
        when,
        account,
        org.HOME,
        saml_user,
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        address,
        agent if not console else org.UA_CONSOLE,
        request={
            "sAMLAssertionID": "_" + w.trail.uuid().replace("-", ""),
            "roleSessionName": person.email,
            "principalTags": {"Department": person.role},
            "durationSeconds": 28800 if console else 3600,
            "roleArn": f"arn:aws:iam::{account}:role{SSO_PATH}{role}",
            "principalArn": provider,
        },
        response={
            "credentials": {"accessKeyId": s.key},
            "assumedRoleUser": {"arn": s.identity["arn"]},
            "subject": person.email,
            "subjectType": "persistent",
            "issuer": "https://portal.sso.eu-north-1.amazonaws.com/saml/assertion/ODk3NzEyNjA0MTcy",
        },
    )
    if console:
        w.trail.event(
            when + dt.timedelta(seconds=3),
            account,
            "eu-north-1",
            s.identity,
            "signin.amazonaws.com",
            "ConsoleLogin",
            address,
            agent,
            event_type="AwsConsoleSignIn",
            read_only=False,
            response={"ConsoleLogin": "Success"},
            extra={"additionalEventData": {"MobileVersion": "No", "MFAUsed": "No"}},
        )
    return s


def person_day(
    w: World,
    day: dt.date,
    person: org.Person,
    account: str,
    address: str,
    *,
    calls: float,
    browser: str | None = None,
) -> None:
    """A working day of one person: a console session, and a CLI session for those who use it."""
    start, end = person.hours
    first = w.times(day, 1, start, start + 1.5)[0]
    agent = browser or (org.UA_BROWSER_MAC if person.cli else org.UA_BROWSER_WIN)
    s = sso_signin(w, first, person, account, address, agent, console=True)
    menu = CONSOLE_CALLS[person.role]
    n = w.count(calls)
    for when in w.times(day, n, start + 0.1, end):
        when = max(when, first + dt.timedelta(seconds=20))
        short, name = (
            menu[min(int(w.rng.paretovariate(1.3)) - 1, len(menu) - 1)]
            if w.rng.random() < 0.5
            else w.rng.choice(menu)
        )
        region = (
            org.GLOBAL
            if short in GLOBAL_SOURCES
            else (person.region if short in ("sagemaker", "athena", "logs") else org.HOME)
        )
        if account == org.JAPAN and short not in GLOBAL_SOURCES:
            region = "ap-northeast-1"
        error = (
            (
                "AccessDenied",
                f"User: {s.identity['arn']} is not authorized to perform: {short}:{name}",
            )
            if person.permission_set == "ReadOnlyAccess" and w.rng.random() < 0.03
            else None
        )
        w.trail.event(
            when,
            account,
            region,
            s.identity,
            source_of(short),
            name,
            address,
            org.UA_CONSOLE if w.rng.random() < 0.3 else agent,
            console=True,
            error=error,
            request={}
            if name.startswith(("List", "Describe"))
            else {"resource": f"{short}-{w.rng.randint(1, 40)}"},
        )
    if person.role == "sales" and account == org.PROD:
        for when in w.times(day, w.count(4), start + 1, end):
            w.s3_object(
                when,
                account,
                s.identity,
                "GetObject",
                org.DOCS_BUCKET,
                f"certificates/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
                address,
                agent,
            )
    if person.cli and w.rng.random() < 0.7:
        t0 = w.times(day, 1, start + 1, end - 1)[0]
        cli = sso_signin(
            w, t0, person, account, address, org.UA_CLI_MAC.format(cmd="sso_login"), console=False
        )
        cli_agent = org.UA_CLI_MAC if person.office != "telia_trondheim" else org.UA_CLI_LINUX
        for when in w.times(
            day, w.count(calls / 3), t0.hour + t0.minute / 60 + 0.05, min(t0.hour + 2, 23.9)
        ):
            short, name = w.rng.choice(menu)
            region = (
                org.GLOBAL
                if short in GLOBAL_SOURCES
                else (person.region if short in ("sagemaker", "athena", "logs") else org.HOME)
            )
            if account == org.JAPAN and short not in GLOBAL_SOURCES:
                region = "ap-northeast-1"
            cmd = f"{short}-{name[:1].lower()}{name[1:]}".lower()
            w.trail.event(
                when,
                account,
                region,
                cli.identity,
                source_of(short),
                name,
                address,
                cli_agent.format(cmd=cmd),
                request={},
            )


def machines(
    w: World, day: dt.date, accounts: list[str], start: dt.timedelta | None = None
) -> None:
    """SSM agents, instance roles, AWS Config and Access Analyzer: every day, weekends too
    (``start``: from that time of the day only, for an account set up that day)."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    since = base + (start or dt.timedelta())
    for instance, (account, role, region, private) in INSTANCES.items():
        if account not in accounts:
            continue
        public = w.address(f"eip/{instance}", f"aws:{region}")
        address, endpoint = (private, ENDPOINTS[account]) if private else (public, None)
        for k in range(288):
            when = base + dt.timedelta(minutes=5 * k, seconds=w.rng.randint(0, 50))
            if when < since:
                continue
            s = w.session(
                when, account, role, instance, minted_by="ec2.amazonaws.com", hours=6, region=region
            )
            w.trail.event(
                when,
                account,
                region,
                s.identity,
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                address,
                org.UA_SSM,
                request={
                    "instanceId": instance,
                    "agentVersion": "3.3.1142.0",
                    "agentStatus": "Active",
                    "platformType": "Linux",
                },
                endpoint=endpoint,
            )
            if role == "sap-erp-app" and k % 6 == 0:
                w.trail.event(
                    when + dt.timedelta(seconds=9),
                    account,
                    region,
                    s.identity,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    address,
                    org.UA_SAP_JAVA,
                    endpoint=endpoint,
                    request={"secretId": "prod/sap/hana-system"},
                )
            if role == "grafana-timestream" and k % 3 == 0:
                w.trail.event(
                    when + dt.timedelta(seconds=4),
                    account,
                    region,
                    s.identity,
                    "timestream.amazonaws.com",
                    "DescribeEndpoints",
                    address,
                    "aws-sdk-go-v2/1.30.4 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/timestreamquery#1.27.3 grafana-timestream-datasource/2.9.8",
                    request=None,
                )
    for account in accounts:
        for region in org.REGIONS[account]:
            for hour in range(24):
                when = base + dt.timedelta(hours=hour, minutes=w.rng.randint(0, 50))
                if when < since:
                    continue
                s = w.session(
                    when,
                    account,
                    "AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    path="/aws-service-role/config.amazonaws.com/",
                    region=region,
                    invoked_by="config.amazonaws.com",
                    minted_by="config.amazonaws.com",
                )
                names = [
                    "DescribeInstances",
                    "DescribeSecurityGroups",
                    "DescribeVpcs",
                    "DescribeNetworkInterfaces",
                ]
                if region == org.GLOBAL:
                    names = ["GetRole", "ListAttachedRolePolicies", "GetPolicyVersion"]
                for i, name in enumerate(names[: 2 + hour % 3]):
                    src = "iam.amazonaws.com" if region == org.GLOBAL else "ec2.amazonaws.com"
                    w.trail.event(
                        when + dt.timedelta(seconds=i * 2),
                        account,
                        region,
                        s.identity,
                        src,
                        name,
                        "config.amazonaws.com",
                        "config.amazonaws.com",
                        request={},
                    )
            if region == org.GLOBAL:
                when = base + dt.timedelta(hours=3, minutes=w.rng.randint(0, 59))
                if when < since:
                    continue
                s = w.session(
                    when,
                    account,
                    "AWSServiceRoleForAccessAnalyzer",
                    "access-analyzer",
                    path="/aws-service-role/access-analyzer.amazonaws.com/",
                    region=region,
                    invoked_by="access-analyzer.amazonaws.com",
                )
                for i, name in enumerate(
                    ["ListRoles", "GetRole", "ListUsers", "GetBucketPolicy", "GetBucketAcl"] * 3
                ):
                    src = "s3.amazonaws.com" if "Bucket" in name else "iam.amazonaws.com"
                    w.trail.event(
                        when + dt.timedelta(seconds=i),
                        account,
                        region,
                        s.identity,
                        src,
                        name,
                        "access-analyzer.amazonaws.com",
                        "access-analyzer.amazonaws.com",
                        request={},
                    )


def cameras(
    w: World, day: dt.date, devices: list[str], block: str = "telenor_hitra", every: int = 15
) -> None:
    """Pen cameras: credentials from the IoT credential provider every hour, a lice-count image
    every ``every`` minutes from 06 to 18 UTC, over the site's 4G link."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    for device in devices:
        address = w.address(
            f"{device}/{day.toordinal() // 3}", block
        )  # the carrier's CGNAT moves it
        for minute in range(6 * 60, 18 * 60, every):
            when = base + dt.timedelta(minutes=minute, seconds=w.rng.randint(0, 40))
            s = w.session(
                when,
                org.PROD,
                "pen-camera-uploader",
                device,
                minted_by="credentials.iot.amazonaws.com",
            )
            w.s3_object(
                when,
                org.PROD,
                s.identity,
                "PutObject",
                org.IMAGES_BUCKET,
                f"{device[:5]}/{device[6:11]}/{when:%Y/%m/%d/%H%M%S}.jpg",
                address,
                org.UA_GATEWAY,
                size=w.rng.randint(900_000, 2_400_000),
                kms=False,
            )
    for hour in range(24):
        when = base + dt.timedelta(hours=hour, minutes=w.rng.randint(0, 5))
        w.session(when, org.PROD, "iot-timestream-rule", "iot-rule", minted_by="iot.amazonaws.com")
