"""The institute's workloads, one function per kind, each drawing a day of its events:
SageMaker notebooks, AWS Batch on Spot, the ParallelCluster head node, Glue and HealthOmics,
the Bedrock literature assistant, AWS Config, and the machines with IAM user keys."""

from __future__ import annotations

import datetime as dt
import uuid

from benchmarks.heldout13._net import aws_address
from benchmarks.heldout13._trail import assumed, key
from benchmarks.heldout13._world import (
    LAB_ADEYEMI,
    LAB_NAKAMURA,
    LAB_RIVERA,
    LAKE,
    RESEARCH,
    SHARED,
    UA,
    World,
    at,
    lake_bucket,
    s3_params,
    s3_resources,
    weekday,
)

# (account, region, execution role, notebook, UTC offset of its lab, pool of its address)
NOTEBOOKS = [
    (RESEARCH, "us-east-1", "AmazonSageMaker-ExecutionRole-Genomics", "nb-variant-calling", -5, 1),
    (RESEARCH, "us-east-1", "AmazonSageMaker-ExecutionRole-Imaging", "nb-cell-imaging", -5, 2),
    (RESEARCH, "us-east-1", "AmazonSageMaker-ExecutionRole-Studio", "studio-ashgrove", -5, 3),
    (RESEARCH, "eu-west-2", "AmazonSageMaker-ExecutionRole-Hinxton", "nb-single-cell", 0, 1),
    (LAB_RIVERA, "us-east-1", "rivera-notebook-role", "nb-rivera-crispr", -5, 4),
    (LAB_NAKAMURA, "eu-west-2", "nakamura-notebook-role", "nb-nakamura-proteomics", 0, 2),
    (LAB_ADEYEMI, "us-east-1", "adeyemi-notebook-role", "nb-adeyemi-microbiome", -5, 5),
]
NB_CALLS = [
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "ListObjects"),
    ("s3.amazonaws.com", "PutObject"),
    ("athena.amazonaws.com", "StartQueryExecution"),
    ("athena.amazonaws.com", "GetQueryExecution"),
    ("athena.amazonaws.com", "GetQueryResults"),
    ("sagemaker.amazonaws.com", "DescribeTrainingJob"),
    ("sagemaker.amazonaws.com", "CreateTrainingJob"),
    ("ecr.amazonaws.com", "GetAuthorizationToken"),
]


def notebooks(w: World, day: dt.date) -> None:
    """Notebook instances stay up; SageMaker mints the execution role's key every hour (session
    ``SageMaker``); people run cells in their lab's working hours."""
    for account, region, role, name, offset, pool in NOTEBOOKS:
        if account == LAB_ADEYEMI and day < w.s(0):
            continue
        rng = w.rng("nb", name, day)
        ip = aws_address(w.rng("nb-ip", name), region, pool=pool)
        busy = weekday(day) or rng.random() < 0.25
        for hour in range(24):
            t0 = at(day, hour + rng.uniform(0, 0.1))
            minted, _ = w.trail.mint(
                account, region, t0, "sagemaker.amazonaws.com", role, "SageMaker", rng
            )
            local = (hour + offset) % 24
            if not busy or not 8 <= local < 19 or rng.random() < 0.25:
                continue
            ident = assumed(account, role, "SageMaker", minted, created=t0)
            for _ in range(w.n(12, rng)):
                t = t0 + dt.timedelta(minutes=rng.uniform(1, 58))
                agent = UA["nb_new"] if w.on("nb_upgrade", t) else UA["nb_old"]
                source, api = rng.choice(NB_CALLS)
                if source.startswith("s3"):
                    bucket = (
                        f"ashgrove-{name}-scratch" if rng.random() < 0.7 else lake_bucket(region)
                    )
                    obj = f"runs/{rng.randrange(10**6):06d}.parquet"
                    where = LAKE if bucket.startswith("ashgrove-genomics") else account
                    w.trail.emit(
                        where,
                        region,
                        t,
                        source,
                        api,
                        ident,
                        ip,
                        agent,
                        params=s3_params(bucket, obj),
                        extra=s3_resources(where, bucket, obj),
                        data=True,
                    )
                else:
                    w.trail.emit(
                        account,
                        region,
                        t,
                        source,
                        api,
                        ident,
                        ip,
                        agent,
                        params={"workGroup": "primary"} if "athena" in source else None,
                    )


def batch(w: World, day: dt.date) -> None:
    """AWS Batch on Spot: the Batch service-linked role grows and shrinks the compute
    environment; each job's task gets the job role's key from ``ecs-tasks`` (session = task id)
    and talks to S3 from its Spot instance. The grant-deadline week runs ten times the jobs on
    new instance types."""
    for account, region, role, queue, per_day, agent in (
        (LAKE, "us-east-1", "batch-genomics-job", "nextflow-spot", 18, "nextflow"),
        (RESEARCH, "us-east-1", "batch-imaging-job", "imaging-spot", 10, "batch_py"),
    ):
        rng = w.rng("batch", role, day)
        noon = at(day, 12)
        surge = w.on("grant_deadline", noon)
        jobs = w.n(per_day * (10 if surge else 1) * (1 if weekday(day) else 0.4), rng)
        types = (
            ["r6i.16xlarge", "x2iedn.16xlarge", "c7i.24xlarge"]
            if surge
            else ["c6i.4xlarge", "r5.4xlarge", "m6i.8xlarge"]
        )
        slr = assumed(
            account,
            "AWSServiceRoleForBatch",
            "aws-batch",
            key(rng),
            path="/aws-service-role/batch.amazonaws.com/",
        )
        slr["invokedBy"] = "batch.amazonaws.com"
        fleet_ip = [aws_address(rng, region) for _ in range(max(2, jobs // 6))]
        for j in range(jobs):
            t0 = at(day, rng.uniform(0, 23.5))
            if j % 6 == 0:
                w.trail.emit(
                    account,
                    region,
                    t0 - dt.timedelta(minutes=4),
                    "ec2.amazonaws.com",
                    "CreateFleet",
                    slr,
                    "batch.amazonaws.com",
                    "batch.amazonaws.com",
                    params={
                        "type": "instant",
                        "launchTemplateConfigs": {
                            "overrides": [{"instanceType": x} for x in types]
                        },
                        "targetCapacitySpecification": {"defaultTargetCapacityType": "spot"},
                    },
                )
            task = str(uuid.UUID(int=rng.getrandbits(128), version=4)).replace("-", "")
            minted, _ = w.trail.mint(
                account, region, t0, "ecs-tasks.amazonaws.com", role, task, rng, hours=6
            )
            ident = assumed(account, role, task, minted, created=t0)
            ip = fleet_ip[j % len(fleet_ip)]
            bucket = lake_bucket(region)
            for k in range(rng.randint(6, 16)):
                t = t0 + dt.timedelta(minutes=2 + k * rng.uniform(2, 9))
                api = (
                    "GetObject"
                    if k < 4
                    else rng.choice(["PutObject", "GetObject", "HeadObject", "ListObjects"])
                )
                obj = f"{'raw' if api == 'GetObject' else 'derived'}/{queue}/{task[:8]}/{k}.bam"
                err = (
                    ("SlowDown", "Please reduce your request rate.")
                    if rng.random() < 0.003
                    else None
                )
                w.trail.emit(
                    LAKE,
                    region,
                    t,
                    "s3.amazonaws.com",
                    api,
                    ident,
                    ip,
                    UA[agent],
                    params=s3_params(bucket, obj),
                    extra=s3_resources(LAKE, bucket, obj),
                    data=True,
                    error=err,
                )
            if j % 6 == 5:
                w.trail.emit(
                    account,
                    region,
                    t0 + dt.timedelta(hours=2),
                    "ec2.amazonaws.com",
                    "TerminateInstances",
                    slr,
                    "batch.amazonaws.com",
                    "batch.amazonaws.com",
                )
        w.trail.emit(
            account,
            region,
            at(day, 23.9),
            "batch.amazonaws.com",
            "UpdateComputeEnvironment",
            slr,
            "batch.amazonaws.com",
            "batch.amazonaws.com",
            params={"computeEnvironment": queue},
        )


HEAD_NODE = "i-0c4e2a9b71f3d5e68"


def head_node(w: World, day: dt.date) -> tuple[str, str]:
    """The ParallelCluster head node: its instance profile key every hour from
    ``ec2.amazonaws.com``, slurm's cluster manager scaling the compute fleet and the cluster's
    DynamoDB table, from the node's Elastic IP. Returns (its address, the day's last key)."""
    region, role = "us-east-1", "parallelcluster-hpc-HeadNodeRole"
    rng = w.rng("head", day)
    ip = aws_address(w.rng("head-ip"), region, pool=6)
    last = ""
    stopped = w.changes.get("head_stopped")
    for hour in range(24):
        t0 = at(day, hour + rng.uniform(0, 0.05))
        if stopped and stopped[0] <= t0 < stopped[1]:
            continue
        last, _ = w.trail.mint(
            RESEARCH, region, t0, "ec2.amazonaws.com", role, HEAD_NODE, rng, hours=6
        )
        ident = assumed(RESEARCH, role, HEAD_NODE, last, created=t0, ec2=True)
        for _ in range(w.n(7, rng)):
            t = t0 + dt.timedelta(minutes=rng.uniform(1, 59))
            if stopped and stopped[0] <= t < stopped[1]:
                continue
            source, api = rng.choice(
                [
                    ("ec2.amazonaws.com", "DescribeInstances"),
                    ("ec2.amazonaws.com", "DescribeInstances"),
                    ("dynamodb.amazonaws.com", "GetItem"),
                    ("dynamodb.amazonaws.com", "PutItem"),
                    ("ec2.amazonaws.com", "CreateFleet"),
                    ("ec2.amazonaws.com", "TerminateInstances"),
                    ("cloudformation.amazonaws.com", "DescribeStacks"),
                ]
            )
            w.trail.emit(
                RESEARCH,
                region,
                t,
                source,
                api,
                ident,
                ip,
                UA["pcluster"],
                params={"tableName": "parallelcluster-hpc"} if "dynamodb" in source else None,
            )
    return ip, last


def lake_services(w: World, day: dt.date) -> None:
    """Nightly Glue crawlers in both regions, the Glue ETL job, HealthOmics runs reading the raw
    bucket (the service role's key, calls from ``omics.amazonaws.com``), AWS Config in every
    account that exists."""
    rng = w.rng("svc", day)
    for region in ("us-east-1", "eu-west-2"):
        t0 = at(day, 2 + rng.uniform(0, 0.3))
        minted, _ = w.trail.mint(
            LAKE, region, t0, "glue.amazonaws.com", "AWSGlueServiceRole-crawler", "AWS-Crawler", rng
        )
        ident = assumed(LAKE, "AWSGlueServiceRole-crawler", "AWS-Crawler", minted, created=t0)
        ident["invokedBy"] = "glue.amazonaws.com"
        for i in range(w.n(14, rng)):
            api = rng.choice(
                ["GetTable", "GetPartitions", "BatchCreatePartition", "UpdateTable", "GetDatabase"]
            )
            w.trail.emit(
                LAKE,
                region,
                t0 + dt.timedelta(minutes=1 + i),
                "glue.amazonaws.com",
                api,
                ident,
                "glue.amazonaws.com",
                "glue.amazonaws.com",
                params={"databaseName": "genomics"},
            )
    if weekday(day):
        for run in range(w.n(3, rng)):
            t0 = at(day, rng.uniform(13, 21))
            minted, _ = w.trail.mint(
                LAKE,
                "us-east-1",
                t0,
                "omics.amazonaws.com",
                "OmicsWorkflowRole",
                f"omics-run-{rng.randrange(10**7)}",
                rng,
            )
            ident = assumed(LAKE, "OmicsWorkflowRole", "omics", minted, created=t0)
            ident["invokedBy"] = "omics.amazonaws.com"
            for k in range(rng.randint(3, 8)):
                obj = f"raw/fastq/run{run}/{k}.fastq.gz"
                w.trail.emit(
                    LAKE,
                    "us-east-1",
                    t0 + dt.timedelta(minutes=k),
                    "s3.amazonaws.com",
                    "GetObject",
                    ident,
                    "omics.amazonaws.com",
                    "omics.amazonaws.com",
                    params=s3_params(lake_bucket("us-east-1"), obj),
                    extra=s3_resources(LAKE, lake_bucket("us-east-1"), obj),
                    data=True,
                )
    for account in (SHARED, LAKE, RESEARCH, LAB_RIVERA, LAB_NAKAMURA, LAB_ADEYEMI):
        if account == LAB_ADEYEMI and day < w.s(0):
            continue
        region = "eu-west-2" if account == LAB_NAKAMURA else "us-east-1"
        ident = assumed(
            account,
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            key(rng),
            path="/aws-service-role/config.amazonaws.com/",
        )
        ident["invokedBy"] = "config.amazonaws.com"
        for _ in range(w.n(20, rng)):
            source, api = rng.choice(
                [
                    ("ec2.amazonaws.com", "DescribeInstances"),
                    ("iam.amazonaws.com", "GetRole"),
                    ("s3.amazonaws.com", "GetBucketPolicy"),
                    ("sagemaker.amazonaws.com", "DescribeNotebookInstance"),
                    ("iam.amazonaws.com", "ListAttachedRolePolicies"),
                ]
            )
            w.trail.emit(
                account,
                region,
                at(day, rng.uniform(0, 24)),
                source,
                api,
                ident,
                "config.amazonaws.com",
                "config.amazonaws.com",
            )


def assistant(w: World, day: dt.date) -> None:
    """The literature-search assistant: a Lambda function whose key ``lambda.amazonaws.com``
    mints every four hours (a new execution environment, a new address), calling a Bedrock
    knowledge base and Claude for researchers' questions, mostly in US working hours."""
    rng = w.rng("assistant", day)
    role, fn = "litsearch-assistant-role", "litsearch-assistant"
    for block in range(6):
        t0 = at(day, block * 4 + rng.uniform(0, 0.2))
        minted, _ = w.trail.mint(
            SHARED, "us-east-1", t0, "lambda.amazonaws.com", role, fn, rng, hours=4
        )
        ident = assumed(SHARED, role, fn, minted, created=t0)
        ip = aws_address(rng, "us-east-1")
        busy = 12 <= block * 4 < 24 and weekday(day)
        for _ in range(w.n(30 if busy else 3, rng)):
            t = t0 + dt.timedelta(minutes=rng.uniform(0, 239))
            if rng.random() < 0.4:
                w.trail.emit(
                    SHARED,
                    "us-east-1",
                    t,
                    "bedrock.amazonaws.com",
                    "Retrieve",
                    ident,
                    ip,
                    UA["lambda"],
                    params={"knowledgeBaseId": "KBPUBMED01"},
                    read_only=True,
                )
            else:
                w.trail.emit(
                    SHARED,
                    "us-east-1",
                    t,
                    "bedrock.amazonaws.com",
                    "InvokeModel",
                    ident,
                    ip,
                    UA["lambda"],
                    params={"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
                    read_only=True,
                )
