"""Outside callers: players' game clients on the Cognito identity pool's unauthenticated role,
and SaaS vendors polling through roles with an ExternalId."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._net import HOME_PLAYERS
from benchmarks.heldout5._records import other_account
from benchmarks.heldout5._world import ACCOUNTS, CSPM_VENDOR, OBSV_VENDOR, World

S = "amazonaws.com"
POOL = "eu-west-1:7c1b3c0e-4f2a-4d7e-9b61-2f0d8a5c3e19"
UNAUTH = "Cognito_GamePlayersUnauth_Role"
CLIENTS = [
    (
        "aws-sdk-dotnet-coreclr/3.7.300.12 aws-sdk-dotnet-core/3.7.303.0 .NET_Core/4.0.0.0 OS/Microsoft_Windows_10.0.19045 ClientAsync",
        5,
    ),
    ("aws-sdk-android/2.75.0 Linux/4.19.157-perf-g6a2e1f Dalvik/2.1.0/0 en_US", 3),
    ("aws-sdk-iOS/2.33.10 iOS/17.4.1 en_US", 2),
]
OBSV_UA = "aws-sdk-go/1.55.3 (go1.22.5; linux; amd64)"
CSPM_UA = "Boto3/1.34.100 md/Botocore#1.34.100 ua/2.0 os/linux#6.1.92 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#adaptive Botocore/1.34.100"
TFC_UA = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.62.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 "
    "md/GOOS#linux md/GOARCH#amd64 api/{api}#1.0"
)
RUNNER_UA = "aws-cli/2.15.40 Python/3.11.8 Linux/6.1.91-99.172.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/{cmd}"
PHP_UA = "aws-sdk-php/3.305.4 OS/Linux/5.15.0-105-generic lang/php#8.2.18 GuzzleHttp/7"
MEDIA_UA = "aws-cli/1.32.101 Python/3.10.12 Linux/5.15.0-107-generic botocore/1.34.101"
JAVA1_UA = "aws-sdk-java/1.12.720 Linux/5.4.0-176-generic OpenJDK_64-Bit_Server_VM/17.0.10+7 java/17.0.10 vendor/Eclipse_Adoptium cfg/retry-mode/standard"
OBSV_EXTERNAL = "b7e4f1a2c9d84e06a5f3"
CSPM_EXTERNAL = "cspm-tenant-51f0a9"


def player(
    w: World, t: dt.datetime, ip: str, ua: str, *, calls: int | None = None
) -> tuple[str, dict[str, Any], list[str]]:
    """A game client: Cognito's enhanced flow mints unauthenticated-role keys, the client calls
    its three game APIs from the player's address."""
    from benchmarks.heldout5._records import assumed, role_arn, ts

    acct, key = ACCOUNTS["game_prod"], w.ids.key()
    identity_id = "eu-west-1:" + w.ids.uuid()
    web = {
        "type": "WebIdentityUser",
        "principalId": f"cognito-identity.amazonaws.com:{POOL}:{identity_id}",
        "userName": identity_id,
        "identityProvider": "cognito-identity.amazonaws.com",
    }
    eids = [
        w.trail.call(
            t,
            acct,
            "eu-west-1",
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            web,
            "cognito-identity.amazonaws.com",
            "cognito-identity.amazonaws.com",
            request={
                "roleArn": role_arn(acct, UNAUTH),
                "roleSessionName": "CognitoIdentityCredentials",
                "durationSeconds": 3600,
            },
            response={
                "credentials": {"accessKeyId": key, "expiration": ts(t + dt.timedelta(hours=1))},
                "subjectFromWebIdentityToken": identity_id,
                "provider": "cognito-identity.amazonaws.com",
                "audience": POOL,
            },
        )
    ]
    ident = assumed(acct, UNAUTH, "CognitoIdentityCredentials", key, t)
    for _ in range(calls if calls is not None else w.rng.randint(2, 7)):
        when = t + dt.timedelta(seconds=w.rng.uniform(3, 3000))
        name, source, request = w.rng.choices(
            [
                ("PutRecords", f"kinesis.{S}", {"streamName": "telemetry"}),
                ("Invoke", f"lambda.{S}", {"functionName": "matchmaker-ticket"}),
                (
                    "GetObject",
                    f"s3.{S}",
                    {"bucketName": "bm-live-config", "key": "config/live.json"},
                ),
            ],
            [6, 2, 1],
        )[0]
        eids.append(
            w.trail.call(when, acct, "eu-west-1", source, name, ident, ip, ua, request=request)
        )
    return key, ident, eids


def players_day(
    w: World, day: dt.date, *, factor: float = 1.0, nets: list[tuple[str, int]] | None = None
) -> list[str]:
    from benchmarks.heldout5._workloads import peak

    eids: list[str] = []
    nets = nets or HOME_PLAYERS
    names, weights = [n for n, _ in nets], [x for _, x in nets]
    hours = [peak(h, day) for h in range(24)]
    for _ in range(w.n(120 * factor * (1.3 if day.weekday() >= 5 else 1.0))):
        hour = w.rng.choices(range(24), hours)[0]
        t = w.at(day, hour + w.rng.random())
        ua = w.rng.choices([c for c, _ in CLIENTS], [x for _, x in CLIENTS])[0]
        eids += player(w, t, w.addr.of(w.rng.choices(names, weights)[0]), ua)[2]
    return eids


def poll_minutes(w: World) -> int:
    """The observability vendor polls every 30 minutes (less often at CI scale)."""
    return int(30 / min(1.0, max(w.scale, 0.1)))


def vendor_ips(w: World) -> dict[str, list[str]]:
    if "vendor_ips" not in w.state:
        w.state["vendor_ips"] = {
            "obsv": [w.addr.aws("us-east-1") for _ in range(4)],
            "obsv_eu": [w.addr.aws("eu-central-1") for _ in range(3)],
            "cspm": [w.addr.aws("us-west-2") for _ in range(3)],
            "tfc": [w.addr.aws("us-east-1") for _ in range(3)],
        }
    return dict(w.state["vendor_ips"])


def obsv_poll(
    w: World, t: dt.datetime, account: str, ip: str, external: str, ua: str = OBSV_UA
) -> list[str]:
    acct = ACCOUNTS[account]
    caller = other_account(OBSV_VENDOR, "AROA3VENDORCOLLECTOR:obsv-collector")
    _key, ident, eids = w.assume_role(
        t,
        caller,
        None,
        ip,
        ua,
        acct,
        "obsv-integration-role",
        "ObsvCollector",
        external_id=external,
    )
    for i, (source, name) in enumerate(
        w.rng.sample(
            [
                (f"monitoring.{S}", "GetMetricData"),
                (f"monitoring.{S}", "ListMetrics"),
                (f"tagging.{S}", "GetResources"),
                (f"ec2.{S}", "DescribeInstances"),
                (f"ecs.{S}", "ListClusters"),
                (f"lambda.{S}", "ListFunctions20150331"),
                (f"dynamodb.{S}", "ListTables"),
            ],
            w.rng.randint(3, 6),
        )
    ):
        region = "eu-central-1" if account == "media_prod" else "eu-west-1"
        eids.append(
            w.trail.call(
                t + dt.timedelta(seconds=4 + 2 * i), acct, region, source, name, ident, ip, ua
            )
        )
    return eids


def vendors_day(
    w: World,
    day: dt.date,
    *,
    obsv_external: str = OBSV_EXTERNAL,
    obsv_from: dt.datetime | None = None,
) -> None:
    ips = vendor_ips(w)
    for account in ("game_prod", "game_staging", "media_prod"):
        for slot in range(0, 24 * 60, poll_minutes(w)):
            t = w.at(day, slot / 60 + w.rng.uniform(0, 0.05))
            late = obsv_from is not None and t >= obsv_from
            pool = ips["obsv"] + ips["obsv_eu"] if late else ips["obsv"]
            obsv_poll(
                w,
                t,
                account,
                w.rng.choice(pool),
                obsv_external if late or obsv_from is None else OBSV_EXTERNAL,
            )
    for account in ACCOUNTS:
        if account == "nova" and day < w.state["nova_day"]:
            continue
        for hour in (1, 13):
            cspm_sweep(
                w,
                w.at(day, hour + w.rng.uniform(0, 0.3)),
                account,
                w.rng.choice(ips["cspm"]),
                CSPM_UA,
            )


CSPM_READS = [
    (f"iam.{S}", "GetAccountAuthorizationDetails"),
    (f"iam.{S}", "ListUsers"),
    (f"iam.{S}", "ListRoles"),
    (f"iam.{S}", "GetAccountPasswordPolicy"),
    (f"s3.{S}", "ListBuckets"),
    (f"s3.{S}", "GetBucketPolicy"),
    (f"s3.{S}", "GetBucketEncryption"),
    (f"s3.{S}", "GetPublicAccessBlock"),
    (f"ec2.{S}", "DescribeInstances"),
    (f"ec2.{S}", "DescribeSecurityGroups"),
    (f"ec2.{S}", "DescribeSnapshots"),
    (f"ec2.{S}", "DescribeVpcs"),
    (f"kms.{S}", "ListKeys"),
    (f"kms.{S}", "GetKeyRotationStatus"),
    (f"rds.{S}", "DescribeDBInstances"),
    (f"lambda.{S}", "ListFunctions20150331"),
    (f"cloudtrail.{S}", "DescribeTrails"),
    (f"cloudtrail.{S}", "GetEventSelectors"),
    (f"guardduty.{S}", "ListDetectors"),
    (f"secretsmanager.{S}", "ListSecrets"),
    (f"sns.{S}", "ListTopics"),
]


def cspm_sweep(
    w: World, t: dt.datetime, account: str, ip: str, ua: str, *, caller_account: str = CSPM_VENDOR
) -> list[str]:
    acct = ACCOUNTS[account]
    caller = other_account(caller_account, "AROA5CSPMSCANNER0001:cspm-scanner")
    _key, ident, eids = w.assume_role(
        t, caller, None, ip, ua, acct, "cspm-audit-role", "cspm-scan", external_id=CSPM_EXTERNAL
    )
    for region in ("eu-west-1", "eu-central-1"):
        for i, (source, name) in enumerate(w.rng.sample(CSPM_READS, w.n(8) + 3)):
            eids.append(
                w.trail.call(
                    t + dt.timedelta(seconds=10 + 3 * i), acct, region, source, name, ident, ip, ua
                )
            )
    return eids
