"""The workloads' days: the turnstile API's EC2 fleet (Java, SSM agent), the pass shop's Fargate
tasks (Python), two Lambda functions, GitLab CI deploying through OIDC, the vendors' hourly
roles, the IAM users that are machines (webcams, old Jenkins, the NAS archive, the newsletter
CMS) and the service-linked roles acting in every account."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.events import Trail
from benchmarks.heldout45.org import (
    HOME,
    NEW,
    PLACES,
    PROD,
    role,
)
from benchmarks.heldout45.world import World, local

JAVA = "aws-sdk-java/2.25.60 Linux/6.1.102-111.182.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard"
SSM_AGENT = "Amazon SSM Agent/3.3.1142.0"
BOTO_OLD = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.223-211.872.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.34.131"
BOTO_NEW = "Boto3/1.35.71 md/Botocore#1.35.71 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#standard Botocore/1.35.71"
LAMBDA_PY = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.225-233.878.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
LAMBDA_JS = "aws-sdk-js/3.621.0 ua/2.1 os/linux#5.10.225-233.878.amzn2.x86_64 lang/js md/nodejs#20.15.1 api/secrets-manager#3.621.0 exec-env/AWS_Lambda_nodejs20.x"
GITLAB = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.154+ md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/gitlab-ci cfg/retry-mode#standard md/installer#docker md/command#{cmd}"
VENDOR_GO = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64"
APM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) stackwatch-aws-crawler/7.58"
WEBCAM = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#arm64 api/s3#1.58.2"
JENKINS = "aws-cli/1.18.69 Python/2.7.18 Linux/3.10.0-1160.el7.x86_64 botocore/1.16.19"
NAS = "aws-sdk-cpp/1.11.205 Linux/4.4.302+ x86_64 GCC/12.2.0"
CMS = "aws-sdk-php/3.325.2 OS/Linux/5.15.0-122-generic lang/php/8.3.9 GuzzleHttp/7"
GATE_ROLE, PASSES_ROLE = role(PROD, "gate-api"), role(PROD, "passes-api-task")
TELEMETRY_ROLE, PDF_ROLE = role(PROD, "lift-telemetry-ingest"), role(PROD, "pass-pdf-render")
DEPLOY_ROLE = role(PROD, "gitlab-deploy")
TURNSTILE_ROLE, APM_ROLE = role(PROD, "gatewise-monitoring"), "stackwatch-integration"
ENGADIN_ROLE = role(NEW, "engadin-booking-web")
KEYS = {  # the machines' long-term keys (IAM users), fixed per organisation
    "webcam-uploader": "AKIAYV4WQ2MBCAMS7PXN",
    "ci-legacy-jenkins": "AKIAYV4WQ2MBJNKS2R4D",
    "archive-sync": "AKIAZ3N7TQK5ARCH6L2M",
    "newsletter-ses": "AKIAYV4WQ2MBSESN9H3C",
}


def nat_ip(world: World, t: dt.datetime, az: int) -> str:
    if world.nat_at is not None and t >= world.nat_at:
        return PLACES["nat_prod_new"].ip(4400 + az * 97)
    return PLACES["nat_prod"].ip(4370 + az * 211)


def _throttle(trail: Trail, rate: float, code: str = "ThrottlingException") -> str | None:
    return code if trail.rng.random() < rate else None


def gate_fleet(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    hour_replaced = world.replaced.get(day)
    for n, instance in enumerate(list(world.gate)):
        az = n % 2
        for block in range(4):
            start = local(day, block * 6 + rng.uniform(0.0, 0.5))
            if hour_replaced is not None and n < 2 and start >= local(day, hour_replaced):
                break  # terminated by Auto Scaling (B12); its successor runs below
            _gate_session(trail, world, instance, az, start, 6.0)
    if hour_replaced is not None:
        for n, instance in enumerate(world.new_instances):
            t = local(day, hour_replaced + 0.1 + 0.05 * n)
            end_of_day = local(day, 24.0)
            _gate_session(trail, world, instance, n % 2, t, (end_of_day - t).seconds / 3600)


def _gate_session(
    trail: Trail, world: World, instance: str, az: int, start: dt.datetime, hours: float
) -> None:
    rng = trail.rng
    s = actors.workload(
        trail,
        "gate-api",
        start,
        account=PROD,
        region=HOME,
        service="ec2.amazonaws.com",
        role_arn=GATE_ROLE,
        session_name=instance,
        ip=nat_ip(world, start, az),
        agent=JAVA,
    )
    released = world.release_at is not None and start >= world.release_at - dt.timedelta(hours=6)
    read_rules = False
    for h in range(int(hours)):
        t = start + dt.timedelta(minutes=h * 60 + rng.uniform(1, 50))
        via = world.vpce_at is not None and t >= world.vpce_at
        ip = nat_ip(world, t, az)
        kw = (
            {
                "ip": f"10.40.{az + 1}.{20 + hash_small(instance) % 200}",
                "vpce": "vpce-0c4f19e2a7b35d801",
            }
            if via
            else {"ip": ip}
        )
        if h == 0:
            trail.call(
                s,
                t,
                "secretsmanager:GetSecretValue",
                HOME,
                params={"secretId": "prod/gate/db"},
                **kw,
            )  # type: ignore[arg-type]
        trail.call(
            s,
            t,
            "kms:Decrypt",
            HOME,
            params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
            error=_throttle(trail, 0.002),
            **kw,
        )  # type: ignore[arg-type]
        trail.call(
            s,
            t + dt.timedelta(seconds=30),
            "ssm:UpdateInstanceInformation",
            HOME,
            agent=SSM_AGENT,
            params={"instanceId": instance, "agentVersion": "3.3.1142.0"},
            **kw,
        )  # type: ignore[arg-type]
        if h % 2 == 0:
            trail.call(
                s,
                t + dt.timedelta(seconds=40),
                "ssm:GetParameter",
                HOME,
                params={"name": "/gate/config/lifts"},
                **kw,
            )  # type: ignore[arg-type]
        if released and t >= world.release_at:  # type: ignore[operator]
            if not read_rules:
                trail.call(
                    s,
                    t + dt.timedelta(seconds=5),
                    "secretsmanager:GetSecretValue",
                    HOME,
                    params={"secretId": "prod/gate/season-rules"},
                    **kw,
                )  # type: ignore[arg-type]
                read_rules = True
            trail.call(
                s,
                t + dt.timedelta(seconds=50),
                "dynamodb:DescribeTable",
                HOME,
                params={"tableName": "gate-seasonpass-v2"},
                ip=ip,
            )


def hash_small(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text))


def passes_tasks(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    weekend = day.weekday() >= 5
    count = world.count(6) * (3 if day in world.peak else 1)
    throttle = 0.03 if day in world.peak else 0.004
    for n in range(count):
        task = world.task_id()
        for block in range(4):
            start = local(day, block * 6 + rng.uniform(0, 0.4))
            agent = BOTO_NEW if world.sdk_at is not None and start >= world.sdk_at else BOTO_OLD
            s = actors.workload(
                trail,
                "passes-api",
                start,
                account=PROD,
                region=HOME,
                service="ecs-tasks.amazonaws.com",
                role_arn=PASSES_ROLE,
                session_name=task,
                ip=nat_ip(world, start, n % 2),
                agent=agent,
            )
            trail.call(
                s,
                start + dt.timedelta(seconds=3),
                "secretsmanager:GetSecretValue",
                HOME,
                params={"secretId": "prod/passes/payment-psp"},
                ip=nat_ip(world, start, n % 2),
            )
            for h in range(6):
                lh = (block * 6 + h) % 24
                busy = 3 if 7 <= lh <= 21 else 0
                busy += 2 if weekend and busy else 0
                for _ in range(busy if rng.random() < 0.9 else busy + 1):
                    t = start + dt.timedelta(minutes=h * 60 + rng.uniform(0, 59))
                    ip = nat_ip(world, t, n % 2)
                    trail.call(
                        s,
                        t,
                        "states:StartExecution",
                        HOME,
                        ip=ip,
                        error=_throttle(trail, throttle),
                        params={
                            "stateMachineArn": f"arn:aws:states:{HOME}:{PROD}:stateMachine:issue-pass"
                        },
                    )
                    if rng.random() < 0.5:
                        trail.call(
                            s,
                            t + dt.timedelta(seconds=1),
                            "kms:GenerateDataKey",
                            HOME,
                            ip=ip,
                            params={"keySpec": "AES_256"},
                        )


def lambdas(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    for actor, arn, agent, n_sessions in (
        ("lift-telemetry-ingest", TELEMETRY_ROLE, LAMBDA_PY, 4),
        ("pass-pdf-render", PDF_ROLE, LAMBDA_JS, 3),
    ):
        for k in range(n_sessions):
            start = local(day, k * 24 / n_sessions + rng.uniform(0, 2))
            ip = PLACES["lambda_zrh"].ip(rng.randrange(5000, 9000))
            s = actors.workload(
                trail,
                actor,
                start,
                account=PROD,
                region=HOME,
                service="lambda.amazonaws.com",
                role_arn=arn,
                session_name=actor,
                ip=ip,
                agent=agent,
                hours=12,
            )
            for h in range(int(24 / n_sessions)):
                t = start + dt.timedelta(minutes=h * 60 + rng.uniform(0, 55))
                if actor == "pass-pdf-render":
                    trail.call(
                        s,
                        t,
                        "secretsmanager:GetSecretValue",
                        HOME,
                        params={"secretId": "prod/pdf/signing-key"},
                    )
                else:
                    trail.call(
                        s, t, "ssm:GetParameter", HOME, params={"name": "/telemetry/thresholds"}
                    )
                    trail.call(s, t + dt.timedelta(seconds=2), "kms:Decrypt", HOME)


def gitlab(trail: Trail, world: World, day: dt.date) -> None:
    if day.weekday() >= 5:
        return
    rng = trail.rng
    for _ in range(rng.randint(1, 3)):
        t = local(day, rng.uniform(9, 17))
        ip = PLACES["gitlab"].ip(rng.randrange(300, 60000))
        job = str(rng.randrange(8_400_000_000, 8_500_000_000))
        s, _ = actors.web_identity(
            trail,
            t,
            account=PROD,
            role_arn=DEPLOY_ROLE,
            subject="project_path:alpenfirn/passes-api:ref_type:branch:ref:main",
            job=job,
            ip=ip,
            agent=GITLAB.format(cmd="sts"),
        )
        steps = [
            ("ecr:GetAuthorizationToken", "ecr.get-login-password"),
            ("ecr:BatchCheckLayerAvailability", "ecr"),
            ("ecr:InitiateLayerUpload", "ecr"),
            ("ecr:CompleteLayerUpload", "ecr"),
            ("ecr:PutImage", "ecr"),
            ("ecs:RegisterTaskDefinition", "ecs.register-task-definition"),
            ("ecs:UpdateService", "ecs.update-service"),
            ("ecs:DescribeServices", "ecs.wait"),
            ("ecs:DescribeServices", "ecs.wait"),
        ]
        for k, (call, cmd) in enumerate(steps):
            trail.call(
                s, t + dt.timedelta(seconds=20 + 25 * k), call, HOME, agent=GITLAB.format(cmd=cmd)
            )
