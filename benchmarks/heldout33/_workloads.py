"""The workloads and partners of a normal day (the people and the ground segment are in
``_background``): Batch imagery processing on spot instances started by Step Functions,
SageMaker training, customers' downloads, GitHub Actions deploys, the flight-software vendor,
the mission control bridge's IAM key, a contractor's key and the edge account's instance."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import State, at, o_host, trail_scale
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._trail import Trail

VPCE_S3 = "vpce-0b5e3f1a9c7d24e86"
MOC_KEY, MOC_UID = "AKIAXTRN4MOCBR1DGE27", "AIDAXTRN4MOCBR1DGE2Q"
PRESIGN_KEY, PRESIGN_UID = "AKIAXTRN7PRESIGN0D5K", "AIDAXTRN7PRESIGN0D5X"
CONTRACTOR_KEY, CONTRACTOR_UID = "AKIAXTRN2JDOEFSW4C7M", "AIDAXTRN2JDOEFSW4C7Q"
EDGE_INSTANCE = "i-09e4d2c7b1a35f680"


def batch(
    trail: Trail, rng: random.Random, day: dt.date, st: State, *, jobs_factor: float = 1.0
) -> None:
    """Step Functions starts the day's processing runs; each submits Batch jobs onto spot
    instances (the Batch service-linked role starts them); each job's ECS task reads raw
    downlinks through the S3 gateway endpoint and writes products."""
    scale = trail_scale(trail)
    runs = max(2, round(30 * scale * jobs_factor))
    instances = [f"i-0{trail.hexid(16)}" for _ in range(max(2, round(12 * scale * jobs_factor)))]
    slr = o.service_creds(
        trail,
        at(day, 0.02),
        o.PROC,
        "us-east-2",
        "AWSServiceRoleForBatch",
        "aws-batch",
        "batch.amazonaws.com",
        hours=24,
        path="/aws-service-role/batch.amazonaws.com/",
    )
    slr.ident["invokedBy"] = "batch.amazonaws.com"
    nat = NETS["aws-use2"].host(90210)
    agent_ua = o.UA_ECS_AGENT_ARM if st.graviton else o.UA_ECS_AGENT_X86
    job_ua = o.UA_BATCH_ARM if st.graviton else o.UA_BATCH_X86
    family = "c7g.4xlarge" if st.graviton else "c6i.4xlarge"
    ami = "ami-0e2f9c41d7b3a8a15" if st.graviton else "ami-07c3b91d25e4f6a80"
    inst_creds = {}
    for _i, inst in enumerate(instances):
        t = at(day, rng.uniform(0, 20))
        trail.ev(
            t,
            o.PROC,
            "us-east-2",
            "ec2.amazonaws.com",
            "CreateFleet",
            slr.ident,
            "batch.amazonaws.com",
            "batch.amazonaws.com",
            params={
                "type": "instant",
                "targetCapacitySpecification": {
                    "defaultTargetCapacityType": "spot",
                    "totalTargetCapacity": 1,
                },
                "launchTemplateConfigs": {"overrides": {"instanceType": family, "imageId": ami}},
            },
            resp={"instanceIds": [inst]},
        )
        c = o.service_creds(
            trail,
            t + dt.timedelta(minutes=2),
            o.PROC,
            "us-east-2",
            "ecsInstanceRole",
            inst,
            "ec2.amazonaws.com",
            hours=6,
            ec2=True,
        )
        inst_creds[inst] = (c, t)
        for name in (
            "RegisterContainerInstance",
            "DiscoverPollEndpoint",
            "SubmitContainerStateChange",
        ):
            trail.ev(
                t + dt.timedelta(minutes=3),
                o.PROC,
                "us-east-2",
                "ecs.amazonaws.com",
                name,
                c.ident,
                nat,
                agent_ua,
            )
        trail.ev(
            t + dt.timedelta(minutes=3),
            o.PROC,
            "us-east-2",
            "ecr.amazonaws.com",
            "GetAuthorizationToken",
            c.ident,
            nat,
            agent_ua,
        )
        trail.ev(
            t + dt.timedelta(hours=rng.uniform(2, 5)),
            o.PROC,
            "us-east-2",
            "ec2.amazonaws.com",
            "TerminateInstances",
            slr.ident,
            "batch.amazonaws.com",
            "batch.amazonaws.com",
            params={"instancesSet": {"items": [{"instanceId": inst}]}},
        )
    states = o.service_creds(
        trail,
        at(day, 0.01),
        o.PROC,
        "us-east-2",
        "StatesExecutionRole-imagery",
        trail.hexid(32),
        "states.amazonaws.com",
        hours=24,
    )
    states.ident["invokedBy"] = "states.amazonaws.com"
    for _r in range(runs):
        inst = rng.choice(instances)
        c, t0 = inst_creds[inst]
        t = t0 + dt.timedelta(minutes=rng.uniform(4, 60))
        trail.ev(
            t,
            o.PROC,
            "us-east-2",
            "batch.amazonaws.com",
            "SubmitJob",
            states.ident,
            "states.amazonaws.com",
            "states.amazonaws.com",
            params={
                "jobName": f"l1-{trail.hexid(8)}",
                "jobQueue": "imagery-spot",
                "jobDefinition": "l1-processor:41",
            },
        )
        task = trail.hexid(32)
        job = o.service_creds(
            trail,
            t + dt.timedelta(seconds=50),
            o.PROC,
            "us-east-2",
            "imagery-l1-job",
            task,
            "ecs-tasks.amazonaws.com",
            hours=6,
        )
        private = f"10.20.{rng.randrange(16, 63)}.{rng.randrange(2, 250)}"
        scene = trail.hexid(10)
        for k in range(rng.randint(8, 20)):
            trail.s3(
                t + dt.timedelta(seconds=60 + 20 * k),
                o.PROC,
                "us-east-2",
                "GetObject",
                job.ident,
                private,
                job_ua,
                "tern-raw-downlink-use2",
                f"raw/{day:%Y/%m/%d}/{scene}/band-{k:02d}.tif",
                vpce=VPCE_S3,
            )
        for k in range(rng.randint(2, 5)):
            trail.s3(
                t + dt.timedelta(minutes=8 + k),
                o.PROC,
                "us-east-2",
                "PutObject",
                job.ident,
                private,
                job_ua,
                "tern-products-use2",
                f"l1c/{day:%Y/%m/%d}/{scene}/tile-{k:02d}.tif",
                vpce=VPCE_S3,
            )
        trail.ev(
            t + dt.timedelta(minutes=12),
            o.PROC,
            "us-east-2",
            "ecs.amazonaws.com",
            "SubmitTaskStateChange",
            c.ident,
            nat,
            agent_ua,
        )


def sagemaker(
    trail: Trail, rng: random.Random, day: dt.date, *, size: int = 1, who: str = "sofia.lind"
) -> None:
    """An ML engineer's training job: CreateTrainingJob, the SageMaker execution role's
    session minted by the service, the training containers reading tiles and writing the model."""
    p = o.BY_USER[who]
    t = at(day, 9 - p.tz + rng.uniform(0, 3))
    ip = o_host(p, p.office)
    c = o.sso_creds(trail, t, p, ip, p.cli.format(cmd="sso#login"))
    job = f"cloudmask-{day:%m%d}-{trail.hexid(4)}"
    trail.ev(
        t + dt.timedelta(minutes=3),
        o.PROC,
        "us-east-2",
        "sagemaker.amazonaws.com",
        "CreateTrainingJob",
        c.ident,
        ip,
        p.cli.format(cmd="sagemaker#create-training-job"),
        params={
            "trainingJobName": job,
            "resourceConfig": {
                "instanceType": "ml.p4d.24xlarge" if size > 1 else "ml.g5.2xlarge",
                "instanceCount": 16 if size > 1 else 1,
            },
            "roleArn": o.role_arn(o.PROC, "SageMakerExecution-imagery"),
        },
    )
    run = o.service_creds(
        trail,
        t + dt.timedelta(minutes=6),
        o.PROC,
        "us-east-2",
        "SageMakerExecution-imagery",
        "SageMaker",
        "sagemaker.amazonaws.com",
        hours=12,
    )
    ip_box = pick(rng, "aws-use2")
    for k in range(max(5, round(40 * size * trail_scale(trail)))):
        trail.s3(
            t + dt.timedelta(minutes=8, seconds=5 * k),
            o.PROC,
            "us-east-2",
            "GetObject",
            run.ident,
            ip_box,
            o.UA_SAGEMAKER,
            "tern-training-use2",
            f"cloudmask/v7/shard-{k:05d}.tfrecord",
        )
    trail.s3(
        t + dt.timedelta(hours=3 * size),
        o.PROC,
        "us-east-2",
        "PutObject",
        run.ident,
        ip_box,
        o.UA_SAGEMAKER,
        "tern-training-use2",
        f"models/{job}/model.tar.gz",
    )


def deploys(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """GitHub Actions workflows on merge: the OIDC exchange and Terraform or a Lambda update."""
    if day.weekday() >= 5:
        return
    for _ in range(rng.randint(2, 5)):
        repo = rng.choice(st.gha_repos)
        acct = {
            "mission-planner": o.GROUND,
            "imagery-pipeline": o.PROC,
            "delivery-api": o.DELIV,
        }.get(repo, o.GROUND)
        ip = pick(rng, "gha")
        c = o.github_creds(trail, at(day, rng.uniform(13, 23)), acct, repo, ip)
        trail.ev(
            c.issued + dt.timedelta(seconds=5),
            acct,
            "us-east-2",
            "sts.amazonaws.com",
            "GetCallerIdentity",
            c.ident,
            ip,
            o.UA_TF.format(api="sts#1.32.3"),
        )
        for name, svc in (
            ("GetRole", "iam"),
            ("GetFunction", "lambda"),
            ("DescribeJobDefinitions", "batch"),
            ("UpdateFunctionCode", "lambda"),
            ("RegisterJobDefinition", "batch"),
        ):
            trail.ev(
                c.issued + dt.timedelta(seconds=rng.uniform(10, 200)),
                acct,
                "us-east-2",
                f"{svc}.amazonaws.com",
                name,
                c.ident,
                ip,
                o.UA_TF.format(api=f"{svc}#1.56.3"),
            )
        trail.s3(
            c.issued + dt.timedelta(seconds=8),
            acct,
            "us-east-2",
            "GetObject",
            c.ident,
            ip,
            o.UA_TF.format(api="s3#1.66.2"),
            "tern-terraform-state",
            f"{repo}/terraform.tfstate",
            owner=o.MGMT,
        )


def edge(
    trail: Trail, rng: random.Random, day: dt.date, st: State, *, since: float = 0.0
) -> o.Creds | None:
    """The edge-analytics account's inference instance (from its first day): its instance
    credentials every six hours, reading products and reporting to SSM; the first session."""
    if not st.edge:
        return None
    first = None
    ip = NETS["aws-use2"].host(31337)
    for h in range(int(since) + 1, 24, 6):
        c = o.service_creds(
            trail,
            at(day, h),
            o.EDGE,
            "us-east-2",
            "edge-inference-role",
            EDGE_INSTANCE,
            "ec2.amazonaws.com",
            hours=6,
            ec2=True,
        )
        first = first or c
        for k in range(max(4, round(30 * trail_scale(trail)))):
            t = at(day, h + k * 5.9 / max(4, round(30 * trail_scale(trail))))
            trail.s3(
                t,
                o.EDGE,
                "us-east-2",
                "GetObject",
                c.ident,
                ip,
                o.UA_BATCH_X86.replace("tern-l1proc/4.2.0", "tern-edge/0.9.1"),
                "tern-edge-cache-use2",
                f"l1c/{day:%Y/%m/%d}/{trail.hexid(10)}/tile-00.tif",
            )
            trail.ev(
                t,
                o.EDGE,
                "us-east-2",
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                c.ident,
                ip,
                o.UA_SSM,
                readonly=False,
            )
    return first
