"""The routine of Kawah Lestari Energi's partners and services (``_normal`` has its own
workloads): GitHub Actions through OIDC, the OT vendor's and the CSPM's cross-account roles with
external IDs, AWS Config and Security Hub through their service-linked roles, and the IAM users'
long-term keys (the backup appliance, the BI connector, a data scientist's laptop)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._normal import H
from benchmarks.heldout43._org import DATA, GLOBAL, MGMT, PLANT, PROD, REGION, SEC, Org, boto, cli
from benchmarks.heldout43._trail import Trail, role_ident, user_ident

GHA_UA = (
    "aws-sdk-nodejs/2.1692.0 linux/v20.18.0 configure-aws-credentials-for-github-actions promise"
)
GO_UA = (
    "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.40.3"
)
VEEAM_UA = "APN/1.0 Veeam/1.0 Backup/12.2 aws-sdk-dotnet-coreclr/3.7.400.36 .NET_Core/8.0.8 OS/Microsoft_Windows_10.0.20348"
JDBC_UA = "aws-sdk-java/1.12.770 Linux/5.10.226 OpenJDK_64-Bit_Server_VM/11.0.25 java/11.0.25 vendor/Amazon.com_Inc. cfg/retry-mode/standard AthenaJDBC/3.2.0"
OT_VENDOR, CSPM = "402918375561", "213748596021"
CSPM_ACCOUNTS = (MGMT, PROD, DATA, SEC)


def github(trail: Trail, org: Org, day: dt.date) -> None:
    """GitHub Actions deploying the forecast API (prod) and the dbt models (data) on weekdays."""
    rng = trail.rng
    if day.weekday() >= 5:
        return
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    jobs = [
        (
            PROD,
            "kle-github-deploy",
            "kawah-lestari/forecast-api",
            (
                ("ecr", "GetAuthorizationToken"),
                ("ecr", "BatchCheckLayerAvailability"),
                ("ecr", "PutImage"),
                ("ecs", "RegisterTaskDefinition"),
                ("ecs", "UpdateService"),
                ("ecs", "DescribeServices"),
            ),
        ),
        (
            DATA,
            "kle-github-dbt",
            "kawah-lestari/lakehouse-dbt",
            (
                ("athena", "StartQueryExecution"),
                ("athena", "GetQueryExecution"),
                ("glue", "GetTable"),
                ("s3", "ListBuckets"),
            ),
        ),
    ]
    for account, role, repo, calls in jobs:
        for _ in range(rng.randint(2, 5)):
            t = start + dt.timedelta(hours=1 + rng.random() * 9)
            t = t.replace(microsecond=0)
            sub = f"repo:{repo}:ref:refs/heads/main"
            key = trail.key()
            ip = NETS["github"].host(rng)
            provider = f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"
            caller = {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{sub}",
                "userName": sub,
                "identityProvider": provider,
            }
            trail.mint(
                t,
                account,
                REGION,
                caller,
                ip,
                GHA_UA,
                role,
                "GitHubActions",
                key,
                name="AssumeRoleWithWebIdentity",
                response={
                    "subjectFromWebIdentityToken": sub,
                    "audience": "sts.amazonaws.com",
                    "provider": provider,
                },
            )
            ident = role_ident(account, role, "GitHubActions", key, t)
            ident["sessionContext"]["webIdFederationData"] = {
                "federatedProvider": provider,
                "attributes": {},
            }
            for svc, name in calls:
                t += dt.timedelta(seconds=rng.randint(3, 40))
                trail.add(
                    t,
                    account,
                    REGION,
                    ident,
                    svc,
                    name,
                    ip,
                    cli("linux#6.5.0-1025-azure", f"{svc}.{name.lower()}"),
                )


def vendors(trail: Trail, org: Org, day: dt.date) -> None:
    """The OT vendor's hourly monitoring role in prod and the CSPM's six-hourly scan of every
    account, each assumed from the vendor's AWS account with an external ID."""
    rng = trail.rng
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    ot = {
        "type": "AWSAccount",
        "principalId": "AIDAV3NDRT0K4WAMQ2X9P:rts-collector",
        "accountId": OT_VENDOR,
    }
    for h in range(24):
        t = start + h * H + dt.timedelta(minutes=2, seconds=rng.randint(0, 59))
        key = trail.key()
        ip = NETS["vendor_ot"].host(rng, 10, 40)
        trail.mint(
            t,
            PROD,
            REGION,
            ot,
            ip,
            GO_UA.format(api="sts"),
            "kle-rotokawa-monitoring",
            "rts-collector",
            key,
            params={"externalId": "KLE-RTS-7731"},
        )
        ident = role_ident(PROD, "kle-rotokawa-monitoring", "rts-collector", key, t)
        for svc, name in (
            ("cloudwatch", "DescribeAlarms"),
            ("cloudwatch", "GetMetricStatistics"),
            ("cloudwatch", "GetMetricStatistics"),
            ("ec2", "DescribeInstanceStatus"),
        ):
            t += dt.timedelta(seconds=rng.randint(1, 20))
            trail.add(t, PROD, REGION, ident, svc, name, ip, GO_UA.format(api=svc))
    accounts = list(CSPM_ACCOUNTS)
    calls = (
        ("iam", "ListRoles"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountPasswordPolicy"),
        ("iam", "ListPolicies"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketPolicy"),
        ("s3", "GetBucketEncryption"),
        ("s3", "GetBucketPublicAccessBlock"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSecurityGroups"),
        ("ec2", "DescribeVpcs"),
        ("ec2", "DescribeSnapshots"),
        ("kms", "ListKeys"),
        ("kms", "GetKeyRotationStatus"),
        ("lambda", "ListFunctions"),
        ("cloudtrail", "DescribeTrails"),
        ("cloudtrail", "GetEventSelectors"),
        ("guardduty", "ListDetectors"),
        ("config", "DescribeConfigurationRecorders"),
        ("sns", "ListTopics"),
        ("secretsmanager", "ListSecrets"),
        ("ecs", "ListClusters"),
        ("rds", "DescribeDBInstances"),
    )
    caller = {
        "type": "AWSAccount",
        "principalId": "AIDAQ7SKYRMPRT3SCAN01:skyrampart-scanner",
        "accountId": CSPM,
    }
    ua = "Skyrampart-Scanner/4.12 " + boto("1.35.40", "3.12.5")
    for account in accounts:
        for block in range(4):
            t = start + dt.timedelta(hours=6 * block + 1, minutes=rng.randint(0, 30))
            key = trail.key()
            ip = NETS["vendor_cspm"].host(rng, 20, 60)
            trail.mint(
                t,
                account,
                REGION,
                caller,
                ip,
                ua,
                "SkyrampartAuditRole",
                "skyrampart-scan",
                key,
                params={"externalId": "sr-8f31c2-kle"},
            )
            ident = role_ident(account, "SkyrampartAuditRole", "skyrampart-scan", key, t)
            for svc, name in calls:
                t += dt.timedelta(seconds=rng.randint(1, 8))
                region = GLOBAL if svc in ("iam", "s3") else REGION
                roll, err = rng.random(), None
                if roll < 0.05:
                    err = "AccessDenied"
                elif roll < 0.08:
                    err = "Client.RequestLimitExceeded" if svc == "ec2" else "ThrottlingException"
                trail.add(t, account, region, ident, svc, name, ip, ua, error=err)


def service_roles(trail: Trail, org: Org, day: dt.date) -> None:
    """AWS Config and Security Hub through their service-linked roles in every account."""
    rng = trail.rng
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    accounts = [MGMT, PROD, DATA, SEC] + ([PLANT] if day >= org.plan.joined() else [])
    roles = (
        (
            "config",
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            3,
            (
                ("ec2", "DescribeSecurityGroups"),
                ("ec2", "DescribeVpcs"),
                ("iam", "GetRole"),
                ("s3", "GetBucketAcl"),
            ),
        ),
        (
            "securityhub",
            "AWSServiceRoleForSecurityHub",
            "securityhub",
            8,
            (
                ("ec2", "DescribeInstances"),
                ("iam", "GetAccountSummary"),
                ("cloudtrail", "DescribeTrails"),
            ),
        ),
    )
    for account in accounts:
        first = (
            org.plan.when("join").hour + 2 if account == PLANT and day == org.plan.joined() else 0
        )
        for svc, role, session, every, calls in roles:
            for h in range(first, 24, every):
                t = start + dt.timedelta(hours=h, minutes=rng.randint(0, 59))
                ident = role_ident(
                    account,
                    f"aws-service-role/{svc}.amazonaws.com/{role}",
                    session,
                    trail.key(),
                    t,
                    invoked_by=f"{svc}.amazonaws.com",
                )
                for api, name in calls:
                    t += dt.timedelta(seconds=rng.randint(1, 30))
                    region = GLOBAL if api in ("iam",) else REGION
                    trail.add(
                        t,
                        account,
                        region,
                        ident,
                        api,
                        name,
                        f"{svc}.amazonaws.com",
                        f"{svc}.amazonaws.com",
                    )


def user_keys(trail: Trail, org: Org, day: dt.date, keys: dict[str, str]) -> None:
    """The IAM users' long-term keys: the on-premises backup appliance's nightly copy, the BI
    vendor's Athena connector in working hours, the data scientist's laptop."""
    rng = trail.rng
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    ident = user_ident(PROD, "svc-backup-veeam", keys["veeam"])
    t = start + dt.timedelta(hours=18, minutes=rng.randint(0, 20))
    for name in ["GetBucketLocation", "ListObjectsV2"] + ["PutObject"] * rng.randint(8, 14):
        t += dt.timedelta(seconds=rng.randint(5, 200))
        trail.add(
            t,
            PROD,
            REGION,
            ident,
            "s3",
            name,
            NETS["office"].fixed(5),
            VEEAM_UA,
            data=name != "GetBucketLocation",
            params={"bucketName": "kle-backup-vault"},
        )
    weekday = day.weekday() < 5
    ident = user_ident(DATA, "svc-tableau-athena", keys["tableau"])
    for h in range(1, 11) if weekday else ():
        t = start + h * H + dt.timedelta(minutes=rng.randint(0, 40))
        ip = NETS["tableau"].host(rng, 30, 60)
        for name in (
            "StartQueryExecution",
            "GetQueryExecution",
            "GetQueryExecution",
            "GetQueryResults",
        ):
            t += dt.timedelta(seconds=rng.randint(1, 15))
            trail.add(
                t,
                DATA,
                REGION,
                ident,
                "athena",
                name,
                ip,
                JDBC_UA,
                params={"workGroup": "bi-dashboards"},
            )
        trail.add(
            t,
            DATA,
            REGION,
            dict(ident, invokedBy="athena.amazonaws.com"),
            "glue",
            "GetTable",
            "athena.amazonaws.com",
            "athena.amazonaws.com",
            params={"databaseName": "plant_output", "name": "daily_mwh"},
        )
    ident = user_ident(DATA, "svc-ml-notebook", keys["notebook"])
    for _ in range(rng.randint(3, 9) if weekday else 0):
        t = start + dt.timedelta(hours=2 + rng.random() * 7)
        t = t.replace(microsecond=0)
        svc, name = rng.choice(
            (
                ("s3", "ListBuckets"),
                ("sagemaker", "ListTrainingJobs"),
                ("s3", "GetObject"),
                ("sagemaker", "DescribeTrainingJob"),
            )
        )
        trail.add(
            t,
            DATA,
            REGION,
            ident,
            svc,
            name,
            NETS["home_jkt"].fixed(77),
            boto("1.35.36", "3.11.10"),
            data=name == "GetObject",
        )
