"""The workloads' routine: the herd-test API's EC2 fleet with the SSM agent, the sample-intake
Fargate tasks, the result-notification Lambda, GitHub Actions deploys through OIDC, the
observability vendor's hourly role, AWS Config's service-linked role, and IAM users that are
machines (farm milk-meter gateways, the lab NAS, the old Jenkins)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import Actor
from benchmarks.heldout46.world import (
    DATA,
    DATA_REGION,
    MGMT,
    OBS_VENDOR,
    PROD,
    PROD_REGION,
    SEC,
    host,
)

JAVA = "aws-sdk-java/2.25.60 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 vendor/Amazon.com_Inc. md/internal exec-env/AWS_EC2"
SSM = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0"
BOTO_OLD = "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#5.10.225-213.878.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.34.162"
BOTO_NEW = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#standard Botocore/1.35.36"
NODE = "aws-sdk-nodejs/3.637.0 linux/v20.17.0 exec-env/AWS_Lambda_nodejs20.x lang/js md/nodejs#20.17.0 api/secrets-manager#3.637.0"
VENDOR = (
    "aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 kahu-collector/4.18"
)
GATEWAY = "aws-sdk-cpp/1.11.356 Linux/5.15.0-1057-raspi aarch64 GCC/11.4.0 milkmeter-gw/2.3"
NAS = "rclone/v1.68.1"
JENKINS = "aws-cli/1.29.62 Python/3.8.10 Linux/5.4.0-196-generic botocore/1.31.62"
CONFIG = "config.amazonaws.com"
NOTEBOOK = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131 jupyterlab/4.2"

NAT_OLD, NAT_NEW = (host("nat", 1065), host("nat", 1871)), (host("nat", 3140), host("nat", 3322))


def hours(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def fleet(s: Scene) -> None:
    """herdtest-api: the EC2 instances of one role, each with its instance credentials; Auto
    Scaling replaces the first two at ``s.scaling`` (B12)."""
    rng = s.rng("fleet")
    size = s.count(6, 3)
    names = [f"i-0{s.ids.hexid(16, 'instance', n)}" for n in range(size + 2)]
    for day in s.days:
        begin = hours(day)
        if begin <= s.scaling < begin + dt.timedelta(days=1):
            for n in range(2):
                autoscaling(s, s.scaling + dt.timedelta(seconds=90 * n), names[n], names[size + n])
        for n in range(size):
            for block in range(4):
                t0 = begin + dt.timedelta(hours=6 * block, minutes=rng.randrange(3, 9))
                pieces = [(t0, t0 + dt.timedelta(hours=6), names[n])]
                if n < 2 and pieces[0][0] <= s.scaling < pieces[0][1]:
                    pieces = [
                        (t0, s.scaling, names[n]),
                        (s.scaling + dt.timedelta(minutes=3), pieces[0][1], names[size + n]),
                    ]
                elif n < 2 and s.scaling < t0:
                    pieces = [(t0, pieces[0][1], names[size + n])]
                for first, last, instance in pieces:
                    key = s.ids.key("ASIA", "ec2", instance, day, block)
                    actor = s.trail.by_service(
                        first, PROD, "herdtest-api-ec2", instance, key, "ec2", PROD_REGION
                    )
                    for m in range(0, 360, 30):
                        t = first + dt.timedelta(minutes=m, seconds=rng.randrange(60))
                        if t < last:
                            instance_call(s, t, actor, n, m)


def instance_call(s: Scene, t: dt.datetime, actor: Actor, n: int, m: int) -> None:
    nat = (NAT_NEW if t >= s.nat_move else NAT_OLD)[n % 2]
    private = f"10.40.{1 + n % 3}.{20 + n}"
    through = t >= s.endpoints
    ip, vpce = (private, f"vpce-0{s.ids.hexid(16, 'vpce', 'secrets')}") if through else (nat, "")
    s.trail.call(
        t,
        actor,
        "ssm",
        "UpdateInstanceInformation",
        PROD_REGION,
        nat,
        SSM,
        params={"instanceId": actor.identity["arn"].rsplit("/", 1)[1], "agentVersion": "3.3.987.0"},
    )
    s.trail.call(
        t + dt.timedelta(seconds=4),
        actor,
        "kms",
        "Decrypt",
        PROD_REGION,
        ip,
        JAVA,
        vpce=vpce,
        params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
    )
    if m % 60 == 0:
        s.trail.call(
            t + dt.timedelta(seconds=9),
            actor,
            "secretsmanager",
            "GetSecretValue",
            PROD_REGION,
            ip,
            JAVA,
            vpce=vpce,
            params={"secretId": "herdtest/db-credentials"},
        )
        if t >= s.release:  # B1: the release reads a new secret and a new table on every instance
            s.trail.call(
                t + dt.timedelta(seconds=11),
                actor,
                "secretsmanager",
                "GetSecretValue",
                PROD_REGION,
                ip,
                JAVA,
                vpce=vpce,
                params={"secretId": "herdtest/lims-api-token"},
            )
            s.trail.call(
                t + dt.timedelta(seconds=12),
                actor,
                "dynamodb",
                "DescribeTable",
                PROD_REGION,
                nat,
                JAVA,
                params={"tableName": "herd-results-v2"},
            )


def autoscaling(s: Scene, t: dt.datetime, old: str, new: str) -> None:
    slr = s.trail.role_session(PROD, "AWSServiceRoleForAutoScaling", "AutoScaling", "", t, False)
    slr = Actor({**slr.identity, "accessKeyId": ""}, PROD)
    s.trail.call(
        t,
        slr,
        "ec2",
        "TerminateInstances",
        PROD_REGION,
        "autoscaling.amazonaws.com",
        "autoscaling.amazonaws.com",
        invoked_by="autoscaling.amazonaws.com",
        params={"instancesSet": {"items": [{"instanceId": old}]}},
    )
    s.trail.call(
        t + dt.timedelta(seconds=40),
        slr,
        "ec2",
        "RunInstances",
        PROD_REGION,
        "autoscaling.amazonaws.com",
        "autoscaling.amazonaws.com",
        invoked_by="autoscaling.amazonaws.com",
        params={
            "instanceType": "m7g.large",
            "launchTemplate": {"launchTemplateName": "herdtest-api"},
        },
        response={"instancesSet": {"items": [{"instanceId": new}]}},
    )


def intake(s: Scene) -> None:
    """sample-intake: Fargate tasks uploading milk samples' lab results, replaced daily."""
    rng = s.rng("intake")
    for day in s.days:
        tasks = s.count(4, 2) * (2 if day in s.peak_days else 1)
        for n in range(tasks):
            task = s.ids.hexid(32, "task", day, n)
            for block in range(4):
                t0 = hours(day) + dt.timedelta(hours=6 * block, minutes=rng.randrange(1, 5))
                key = s.ids.key("ASIA", "task", task, block)
                actor = s.trail.by_service(
                    t0, PROD, "sample-intake-task", task, key, "ecs-tasks", PROD_REGION
                )
                for m in range(0, 360, 15):
                    t = t0 + dt.timedelta(minutes=m, seconds=rng.randrange(60))
                    agent = BOTO_NEW if t >= s.sdk_upgrade else BOTO_OLD
                    nat = (NAT_NEW if t >= s.nat_move else NAT_OLD)[n % 2]
                    s.trail.call(
                        t,
                        actor,
                        "s3",
                        "PutObject",
                        PROD_REGION,
                        nat,
                        agent,
                        data=True,
                        params={
                            "bucketName": "kowhai-samples-raw",
                            "key": f"{day}/{task[:8]}/{m}.json",
                        },
                    )
                    throttled = rng.random() < (0.06 if day in s.peak_days else 0.004)
                    s.trail.call(
                        t + dt.timedelta(seconds=2),
                        actor,
                        "kms",
                        "GenerateDataKey",
                        PROD_REGION,
                        nat,
                        agent,
                        error="ThrottlingException" if throttled else "",
                        params={"keySpec": "AES_256"},
                    )
                    if m % 60 == 0:
                        s.trail.call(
                            t + dt.timedelta(seconds=5),
                            actor,
                            "ssm",
                            "GetParameter",
                            PROD_REGION,
                            nat,
                            agent,
                            params={"name": "/intake/batch-size"},
                        )


def notifier(s: Scene) -> None:
    """lab-result-notify: a Lambda function mailing farmers their herd-test results."""
    rng = s.rng("lambda")
    for day in s.days:
        for env in range(3):
            t0 = hours(day) + dt.timedelta(hours=8 * env, minutes=rng.randrange(0, 20))
            key = s.ids.key("ASIA", "lambda", day, env)
            actor = s.trail.by_service(
                t0, PROD, "lab-result-notify-role", "lab-result-notify", key, "lambda", PROD_REGION
            )
            ip = host("nat", 2048 + rng.randrange(1000))
            for m in range(0, 480, 40):
                t = t0 + dt.timedelta(minutes=m, seconds=rng.randrange(50))
                s.trail.call(
                    t,
                    actor,
                    "secretsmanager",
                    "GetSecretValue",
                    PROD_REGION,
                    ip,
                    NODE,
                    params={"secretId": "notify/smtp"},
                )
                s.trail.call(
                    t + dt.timedelta(seconds=1), actor, "ses", "SendEmail", PROD_REGION, ip, NODE
                )
                s.trail.call(
                    t + dt.timedelta(seconds=1),
                    actor,
                    "s3",
                    "GetObject",
                    PROD_REGION,
                    ip,
                    NODE,
                    data=True,
                    params={"bucketName": "kowhai-results", "key": f"reports/{day}/{m}.pdf"},
                )


def vendor(s: Scene) -> None:
    """The observability vendor's collector, hourly with an external ID, in three accounts."""
    rng = s.rng("vendor")
    collector = s.trail.role_session(OBS_VENDOR, "kahu-collector", "collector", "", s.start, False)
    for day in s.days:
        for h in range(24):
            for account, region in ((PROD, PROD_REGION), (DATA, DATA_REGION), (MGMT, "us-east-1")):
                t = hours(day) + dt.timedelta(hours=h, minutes=7, seconds=rng.randrange(90))
                ip = host("use1_obs", rng.randrange(4000))
                key = s.ids.key("ASIA", "obs", account, day, h)
                caller = Actor(
                    {**collector.identity, "accessKeyId": s.ids.key("ASIA", "obsc", day, h)},
                    OBS_VENDOR,
                )
                actor, _ = s.trail.assume(
                    t,
                    caller,
                    account,
                    "kahu-observability-integration",
                    f"kahu-{h:02d}",
                    key,
                    ip,
                    VENDOR,
                    external_id="kahu-7f3e91c2",
                )
                for name in ("GetMetricData", "GetMetricData", "ListMetrics"):
                    s.trail.call(
                        t + dt.timedelta(seconds=5), actor, "monitoring", name, region, ip, VENDOR
                    )
                s.trail.call(
                    t + dt.timedelta(seconds=8),
                    actor,
                    "tagging",
                    "GetResources",
                    region,
                    ip,
                    VENDOR,
                )
                if h % 6 == 0:
                    s.trail.call(
                        t + dt.timedelta(seconds=9),
                        actor,
                        "ec2",
                        "DescribeInstances",
                        region,
                        ip,
                        VENDOR,
                    )


def config_role(s: Scene, accounts: tuple[tuple[str, str], ...] = ()) -> None:
    """AWS Config's service-linked role describing resources every six hours."""
    rng = s.rng("config", accounts)
    where = accounts or (
        (PROD, PROD_REGION),
        (DATA, DATA_REGION),
        (MGMT, "us-east-1"),
        (SEC, DATA_REGION),
    )
    for account, region in where:
        for day in s.days:
            for block in range(4):
                t = hours(day) + dt.timedelta(hours=6 * block + 2, minutes=rng.randrange(50))
                if accounts and t < s.lab_created + dt.timedelta(hours=1):
                    continue
                actor = s.trail.role_session(
                    account,
                    "AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    s.ids.key("ASIA", "config", account, day, block),
                    t,
                    False,
                )
                for name in (
                    "DescribeSecurityGroups",
                    "DescribeVpcs",
                    "DescribeInstances",
                    "DescribeSubnets",
                ):
                    s.trail.call(t, actor, "ec2", name, region, CONFIG, CONFIG, invoked_by=CONFIG)
                s.trail.call(
                    t + dt.timedelta(seconds=3),
                    actor,
                    "iam",
                    "GetAccountAuthorizationDetails",
                    "us-east-1",
                    CONFIG,
                    CONFIG,
                    invoked_by=CONFIG,
                )
