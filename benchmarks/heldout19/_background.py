"""The organisation's workloads on an ordinary day: the fleet gateway on ECS, the platform's
Lambda functions, the telematics export instances, the OTA pipeline, CI, suppliers, IAM users
and AWS Config. People are in ``_people``. The benign changes of ``_changes.CHANGES`` bend
some of them on their days."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

from benchmarks.heldout19._changes import active
from benchmarks.heldout19._plan import (
    ACCOUNTS,
    GLOBAL,
    OSAKA,
    TOKYO,
    address,
    aws_address,
    jst,
    ua,
    workday,
)
from benchmarks.heldout19._trail import Caller, Day

CONN, OTA, TELE, ENG, SUPP = (
    ACCOUNTS[k] for k in ("connectivity", "ota", "telematics", "engineering", "supplier")
)

# (event source, event name, weight); S3 object calls are data events on the logged buckets
Calls = Sequence[tuple[str, str, float]]
FLEET_GATEWAY: Calls = (
    ("iot.amazonaws.com", "DescribeThing", 6),
    ("iot.amazonaws.com", "ListThingGroupsForThing", 2),
    ("kms.amazonaws.com", "Decrypt", 3),
    ("ssm.amazonaws.com", "GetParameter", 1),
    ("kinesis.amazonaws.com", "DescribeStreamSummary", 1),
)
FUNCTIONS: dict[str, tuple[str, str, Calls, float]] = {
    # name: (account, runtime, calls, calls a day at scale 1)
    "vehicle-registry": (
        CONN,
        "node",
        (
            ("iot.amazonaws.com", "CreateThing", 4),
            ("iot.amazonaws.com", "AttachThingPrincipal", 4),
            ("iot.amazonaws.com", "AddThingToThingGroup", 4),
            ("iot.amazonaws.com", "DescribeThing", 3),
            ("iot.amazonaws.com", "AttachPolicy", 4),
        ),
        380,
    ),
    "cert-rotation": (
        CONN,
        "boto3",
        (
            ("iot.amazonaws.com", "ListCertificates", 2),
            ("iot.amazonaws.com", "DescribeCertificate", 5),
            ("iot.amazonaws.com", "DescribeCACertificate", 1),
        ),
        60,
    ),
    "ota-campaign-manager": (
        CONN,
        "node",
        (
            ("iot.amazonaws.com", "DescribeJob", 5),
            ("iot.amazonaws.com", "ListJobExecutionsForJob", 3),
            ("iot.amazonaws.com", "ListJobs", 2),
        ),
        120,
    ),
    "telemetry-ingest": (
        TELE,
        "go",
        (
            ("timestream.amazonaws.com", "DescribeEndpoints", 5),
            ("kinesis.amazonaws.com", "ListShards", 1),
            ("kms.amazonaws.com", "GenerateDataKey", 2),
            ("s3.amazonaws.com", "PutObject", 4),
        ),
        700,
    ),
    "trip-summariser": (
        TELE,
        "boto3",
        (
            ("athena.amazonaws.com", "StartQueryExecution", 2),
            ("athena.amazonaws.com", "GetQueryExecution", 5),
            ("glue.amazonaws.com", "GetTable", 2),
            ("s3.amazonaws.com", "GetObject", 3),
        ),
        260,
    ),
    "supplier-exporter": (
        SUPP,
        "boto3",
        (
            ("s3.amazonaws.com", "PutObject", 5),
            ("s3.amazonaws.com", "GetObject", 1),
            ("kms.amazonaws.com", "GenerateDataKey", 2),
        ),
        140,
    ),
}
EXPORT: Calls = (
    ("athena.amazonaws.com", "StartQueryExecution", 2),
    ("athena.amazonaws.com", "GetQueryExecution", 6),
    ("athena.amazonaws.com", "GetQueryResults", 2),
    ("glue.amazonaws.com", "GetTable", 1),
    ("s3.amazonaws.com", "PutObject", 3),
    ("s3.amazonaws.com", "GetObject", 2),
)
BUCKETS = {
    CONN: "kurenai-fleet-config",
    TELE: "kurenai-telemetry-lake",
    SUPP: "kurenai-diag-exchange",
    OTA: "kurenai-firmware-signed",
}


def pick(rng: random.Random, calls: Calls) -> tuple[str, str]:
    source, name, _ = rng.choices(calls, weights=[w for *_, w in calls])[0]
    return source, name


def call(
    d: Day, rng: random.Random, t: dt.datetime, who: Caller, calls: Calls, region: str = TOKYO
) -> str:
    """One call drawn from ``calls``; S3 object calls as data events on the account's bucket."""
    source, name = pick(rng, calls)
    if source == "s3.amazonaws.com":
        key = f"{d.day:%Y/%m/%d}/part-{rng.randrange(10**5):05d}.parquet"
        return d.emit(
            t,
            who,
            source,
            name,
            region,
            request={"bucketName": BUCKETS.get(who.account, "kurenai-misc"), "key": key},
            data=True,
            read_only=name == "GetObject",
        )
    error = (
        "AccessDenied"
        if rng.random() < 0.002
        else ("ThrottlingException" if rng.random() < 0.002 else None)
    )
    return d.emit(t, who, source, name, region, error=error)


def spread(
    d: Day, rng: random.Random, n: int, start: dt.datetime, hours: float
) -> list[dt.datetime]:
    return sorted(start + dt.timedelta(seconds=rng.uniform(0, hours * 3600)) for _ in range(n))


def fleet_gateway(d: Day) -> None:
    """Three Fargate tasks a region, replaced every day; task keys every six hours; egress
    through the account's NAT gateway. In the DR drill the Osaka service takes the traffic."""
    regions = [(TOKYO, 1.0)]
    if "B4" in active(d.day):
        regions = [(TOKYO, 0.3), (OSAKA, 0.7)]
    for region, share in regions:
        rng = d.rng(f"fleet-gateway/{region}")
        nat = aws_address(region, 101 if region == TOKYO else 202)
        for _ in range(3):
            task_id = f"{rng.getrandbits(128):032x}"
            for window in range(4):
                t0 = jst(d.day, window * 6) + dt.timedelta(minutes=rng.uniform(0, 20))
                who = d.service_role(
                    rng,
                    t0,
                    CONN,
                    "fleet-gateway-task",
                    task_id,
                    "ecs-tasks.amazonaws.com",
                    ip=nat,
                    ua=ua("go", api="iot"),
                    region=region,
                )
                d.register("fleet-gateway", t0, who)
                d.emit(
                    t0 + dt.timedelta(seconds=5),
                    who,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    region,
                    request={"secretId": "fleet-gateway/mqtt-signing"},
                )
                for t in spread(d, rng, d.n(70 * share, rng), t0, 6):
                    call(d, rng, t, who, FLEET_GATEWAY, region)


def functions(
    d: Day, boost: dict[str, float] | None = None, only: Sequence[str] | None = None
) -> None:
    """Each function's execution environments: a new AWS address each, keys every ~3 h."""
    for name in only or FUNCTIONS:
        account, runtime, calls, per_day = FUNCTIONS[name]
        rng = d.rng(f"lambda/{name}")
        factor = (boost or {}).get(name, 1.0)
        agent = (
            ua(runtime, api=calls[0][0].split(".")[0])
            if runtime != "boto3"
            else ua("boto3", env="AWS_Lambda_python3.12")
        )
        for env in range(8):
            t0 = jst(d.day, env * 3) + dt.timedelta(minutes=rng.uniform(0, 30))
            ip = aws_address(TOKYO, rng.randrange(10**6))
            who = d.service_role(
                rng, t0, account, f"{name}-role", name, "lambda.amazonaws.com", ip=ip, ua=agent
            )
            d.register(name, t0, who)
            for t in spread(d, rng, d.n(per_day * factor / 8, rng), t0, 3):
                call(d, rng, t, who, calls)


def instance_hours(
    d: Day, rng: random.Random, account: str, role: str, instance: str, host: int
) -> Iterator[tuple[dt.datetime, Caller]]:
    """An EC2 instance's day: each hour, a few minutes past, ec2.amazonaws.com mints its
    instance-profile key; (when, the instance as caller from its address)."""
    for hour in range(24):
        t0 = jst(d.day, hour) + dt.timedelta(minutes=rng.uniform(0, 4))
        who = d.service_role(
            rng,
            t0,
            account,
            role,
            instance,
            "ec2.amazonaws.com",
            ip=aws_address(TOKYO, host),
            ua=ua("boto3", env="EC2"),
            hours=1,
        )
        yield t0, who


def export_instances(d: Day) -> None:
    """Three telematics export instances: hourly instance-profile keys, the SSM agent."""
    rng = d.rng("diag-export")
    for i in range(3):
        instance = f"i-0{d.seed:02d}{i}a7c3e91f4b2d{i}"
        ip = aws_address(TOKYO, 3000 + i)
        for t0, who in instance_hours(d, rng, TELE, "diag-export-instance", instance, 3000 + i):
            d.register(f"diag-export-{i}", t0, who)
            d.emit(
                t0 + dt.timedelta(seconds=30),
                who.at(ip, ua("ssm")),
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                read_only=False,
            )
            for t in spread(d, rng, d.n(9, rng), t0, 1):
                call(d, rng, t, who, EXPORT)


def ota_pipeline(d: Day) -> None:
    """A firmware release a working day: CodePipeline starts CodeBuild, which signs the image
    with AWS Signer and puts it in the signed-firmware bucket."""
    rng = d.rng("ota-pipeline")
    if rng.random() > workday(d.day):
        return
    t0 = jst(d.day, rng.uniform(10, 17))
    pipe = d.service_role(
        rng,
        t0,
        OTA,
        "firmware-pipeline-role",
        str(rng.getrandbits(48)),
        "codepipeline.amazonaws.com",
        ip="codepipeline.amazonaws.com",
        ua="codepipeline.amazonaws.com",
        hours=1,
    )
    d.emit(
        t0,
        pipe,
        "codebuild.amazonaws.com",
        "StartBuild",
        request={"projectName": "firmware-sign"},
        read_only=False,
    )
    build = d.service_role(
        rng,
        t0 + dt.timedelta(minutes=1),
        OTA,
        "firmware-build-role",
        f"AWSCodeBuild-{rng.getrandbits(64):016x}",
        "codebuild.amazonaws.com",
        ip=aws_address(TOKYO, rng.randrange(10**6)),
        ua=ua("boto3", env="CodeBuild"),
        hours=1,
    )
    d.register("codebuild", t0, build)
    t = t0 + dt.timedelta(minutes=3)
    for source, name in [
        ("s3.amazonaws.com", "GetObject"),
        ("signer.amazonaws.com", "StartSigningJob"),
        ("signer.amazonaws.com", "DescribeSigningJob"),
        ("signer.amazonaws.com", "DescribeSigningJob"),
        ("s3.amazonaws.com", "PutObject"),
        ("codepipeline.amazonaws.com", "PutJobSuccessResult"),
    ]:
        t += dt.timedelta(seconds=rng.uniform(20, 90))
        if source == "s3.amazonaws.com":
            d.emit(
                t,
                build,
                source,
                name,
                request={
                    "bucketName": "kurenai-firmware-signed",
                    "key": f"ecu/gw/{d.day:%Y%m%d}/image.bin",
                },
                data=True,
            )
        else:
            d.emit(t, build, source, name, read_only=name.startswith("Describe"))


def github_actions(d: Day) -> None:
    """Deploys from GitHub-hosted runners: OIDC into the engineering account, then a deployer
    role in the target account; Terraform plans and applies."""
    rng = d.rng("gha")
    runs = d.n(5 * workday(d.day), rng, floor=0)
    for _ in range(runs):
        t = jst(d.day, rng.uniform(9, 20))
        ip = address("github", rng.randrange(250))
        oidc = d.web_identity(
            rng,
            t,
            ENG,
            "gha-oidc",
            rng.choice(["platform-infra", "telemetry-pipeline", "ota-service"]),
            ip=ip,
            ua=ua("gha_cli", cmd="sts.assume-role"),
        )
        d.emit(t + dt.timedelta(seconds=4), oidc, "sts.amazonaws.com", "GetCallerIdentity", GLOBAL)
        target = rng.choice([CONN, TELE, OTA, SUPP])
        dep = d.assume_role(
            rng,
            t + dt.timedelta(seconds=8),
            oidc,
            target,
            "terraform-deployer",
            f"gha-{rng.getrandbits(32):08x}",
            ua=ua("terraform", api="sts"),
        )
        d.register(f"deployer/{target}", t, dep)
        for step in range(d.n(14, rng)):
            source, name = rng.choice(
                [
                    ("iam.amazonaws.com", "GetRole"),
                    ("s3.amazonaws.com", "GetBucketPolicy"),
                    ("lambda.amazonaws.com", "GetFunction"),
                    ("ecs.amazonaws.com", "DescribeServices"),
                    ("iot.amazonaws.com", "GetPolicy"),
                    ("kinesis.amazonaws.com", "DescribeStream"),
                    ("logs.amazonaws.com", "DescribeLogGroups"),
                ]
            )
            d.emit(t + dt.timedelta(seconds=12 + step * 3), dep, source, name, read_only=True)
        if rng.random() < 0.5:
            d.emit(
                t + dt.timedelta(minutes=2),
                dep,
                "lambda.amazonaws.com",
                "UpdateFunctionCode20150331v2",
                read_only=False,
            )
