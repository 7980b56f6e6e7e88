"""A day of Tamarack's ordinary work: the Batch compute environment and its jobs, Step
Functions and HealthOmics runs, the QC and registrar Lambdas, DataSync from the sequencing
core, researchers through Shibboleth, the research-computing team through Identity Center,
Terraform from GitHub Actions, the consortium's daily pull, AWS Config. ``Changes`` carries the
benign changes that alter the ordinary work from their day on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout27._org import (
    CRYOEM,
    HOME,
    PLATFORM,
    RESEARCH,
    SEQCORE,
    Org,
)
from benchmarks.heldout27._trail import UA, s3_object

RAW, RESULTS, OMICS = "tmk-seqcore-runs", "tmk-genomics-results", "tmk-omics-useast1"
AP = f"arn:aws:s3:{HOME}:{RESEARCH}:accesspoint/consortium-share"
EXTERNAL_ID = "cgc-7f3a91d2-tamarack"
KMS_KEY = f"arn:aws:kms:{HOME}:{RESEARCH}:key/5b0e3c1a-8d2f-4e6b-9a7c-1f2e3d4c5b6a"


@dataclass
class Changes:
    """When each benign change alters the background (None: never in this trail)."""

    cryo_joins: dt.date | None = None
    release: dt.date | None = None  # B3: new calls in every Batch job
    spot_swap: dt.date | None = None  # B11
    burst_west: dt.date | None = None  # B5
    nat_swap: dt.date | None = None  # B12
    tf_v6: dt.date | None = None  # B9
    consortium_west: dt.date | None = None  # B8
    core_moved: dt.date | None = None  # B7
    deadline: tuple[dt.date, ...] = ()  # B1
    away: dict[str, tuple[dt.date, str]] = field(default_factory=dict)  # person -> (day, ip)


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


def day(org: Org, d: dt.date, ch: Changes) -> None:
    weekday = d.weekday() < 5
    from benchmarks.heldout27._cryo import config, cryo
    from benchmarks.heldout27._jobs import lambdas
    from benchmarks.heldout27._people import consortium, people, terraform

    batch(org, d, ch, weekday)
    lambdas(org, d)
    seqcore(org, d, ch, weekday)
    people(org, d, ch, weekday)
    if weekday:
        terraform(org, d, ch)
    consortium(org, d, ch)
    config(
        org,
        d,
        [RESEARCH, SEQCORE, PLATFORM] + ([CRYOEM] if ch.cryo_joins and d >= ch.cryo_joins else []),
    )
    if ch.cryo_joins and d >= ch.cryo_joins:
        cryo(org, d)


def batch(org: Org, d: dt.date, ch: Changes, weekday: bool) -> None:
    from benchmarks.heldout27._jobs import job

    rng, tr = org.rng, org.trail
    # B11: a Spot capacity reclaim replaces the whole fleet within the hour
    swap = at(d, 13 + rng.random()) if ch.spot_swap == d else None
    asg = org.role(
        RESEARCH, "AWSServiceRoleForAutoScaling", "/aws-service-role/autoscaling.amazonaws.com/"
    )
    if swap is None:  # daily Spot churn: one instance reclaimed overnight and replaced
        n = rng.randrange(len(org.instances))
        old, new = org.instances[n], org.instance_id()
        org.instances[n] = new
        t = at(d, 0) - dt.timedelta(minutes=20)
        s_asg = org.by_service(t, asg, "AutoScaling", "autoscaling.amazonaws.com", hours=1)
        for name, items in (("TerminateInstances", old), ("RunInstances", new)):
            tr.call(
                t + dt.timedelta(seconds=40),
                RESEARCH,
                HOME,
                "ec2.amazonaws.com",
                name,
                s_asg.identity(),
                "autoscaling.amazonaws.com",
                "autoscaling.amazonaws.com",
                params={
                    "instancesSet": {"items": [{"instanceId": items}]},
                    "instanceType": "r6i.4xlarge",
                },
            )
    slr = org.role(RESEARCH, "AWSServiceRoleForBatch", "/aws-service-role/batch.amazonaws.com/")
    inst_role = org.role(RESEARCH, "ecsInstanceRole")
    nat = org.nat[HOME] if not (ch.nat_swap and d >= ch.nat_swap) else org.nat["new"]
    for n, inst in enumerate(list(org.instances)):
        ip = nat[n % len(nat)]
        for h in range(0, 24, 6):
            t = at(d, h + rng.random() * 0.2)
            if swap is not None and h == 12:  # B11: this instance reclaimed, a new one launched
                new = org.instance_id()
                org.instances[n] = new
                s_asg = org.by_service(
                    swap, asg, "AutoScaling", "autoscaling.amazonaws.com", hours=1
                )
                for name, items in (("TerminateInstances", inst), ("RunInstances", new)):
                    tr.call(
                        swap + dt.timedelta(seconds=30 * n),
                        RESEARCH,
                        HOME,
                        "ec2.amazonaws.com",
                        name,
                        s_asg.identity(),
                        "autoscaling.amazonaws.com",
                        "autoscaling.amazonaws.com",
                        params={
                            "instancesSet": {"items": [{"instanceId": items}]},
                            "instanceType": "r6i.4xlarge",
                        },
                    )
                inst = new
                t = swap + dt.timedelta(minutes=3, seconds=30 * n)
            s = org.by_service(t, inst_role, inst, "ec2.amazonaws.com", hours=6, ec2=True)
            tr.call(
                t + dt.timedelta(seconds=40),
                RESEARCH,
                HOME,
                "ecr.amazonaws.com",
                "GetAuthorizationToken",
                s.identity(),
                ip,
                UA["ecs_agent"],
            )
            for m in range(0, 360, 10):
                tt = t + dt.timedelta(minutes=m + rng.random() * 3)
                if m % 20 == 0:
                    tr.call(
                        tt + dt.timedelta(seconds=50),
                        RESEARCH,
                        HOME,
                        "ssm.amazonaws.com",
                        "UpdateInstanceInformation",
                        s.identity(),
                        ip,
                        UA["ssm_agent"],
                        params={"instanceId": inst, "agentVersion": "3.3.1142.0"},
                    )
                tr.call(
                    tt,
                    RESEARCH,
                    HOME,
                    "ecs.amazonaws.com",
                    "DiscoverPollEndpoint",
                    s.identity(),
                    ip,
                    UA["ecs_agent"],
                    params={"containerInstance": inst, "cluster": "genomics-spot-ce_Batch_3f2a"},
                )
                if rng.random() < 0.3:
                    tr.call(
                        tt + dt.timedelta(seconds=20),
                        RESEARCH,
                        HOME,
                        "ecs.amazonaws.com",
                        "SubmitTaskStateChange",
                        s.identity(),
                        ip,
                        UA["ecs_agent"],
                        params={"cluster": "genomics-spot-ce_Batch_3f2a", "status": "RUNNING"},
                    )
    for h in range(0, 24, 2):
        s = org.by_service(
            at(d, h + rng.random()), slr, "aws-batch", "batch.amazonaws.com", hours=1
        )
        for name in ("DescribeInstances", "DescribeSpotPriceHistory", "DescribeAutoScalingGroups"):
            source = "autoscaling.amazonaws.com" if "AutoScaling" in name else "ec2.amazonaws.com"
            tr.call(
                s.issued + dt.timedelta(seconds=30),
                RESEARCH,
                HOME,
                source,
                name,
                s.identity(),
                "batch.amazonaws.com",
                "batch.amazonaws.com",
            )
    runs = org.n(12 if weekday else 4)
    if d in ch.deadline:
        runs = org.n(18)
    sfn = org.role(RESEARCH, "tmk-sfn-germline")
    job_role = org.role(RESEARCH, "tmk-align-job")
    omics_role = org.role(RESEARCH, "tmk-omics-workflow")
    west = ch.burst_west is not None and d >= ch.burst_west
    for r in range(runs):
        t = at(d, rng.uniform(0, 23))
        s = org.by_service(
            t, sfn, ("execution-" + org.ids.hexid(24)), "states.amazonaws.com", hours=1
        )
        sample = f"TMK-{d:%y%m%d}-{r:03d}"
        for j in range(3):
            region = "us-west-2" if west and j == 2 else HOME
            tt = t + dt.timedelta(minutes=2 + 40 * j)
            tr.call(
                tt,
                RESEARCH,
                region,
                "batch.amazonaws.com",
                "SubmitJob",
                s.identity(),
                "states.amazonaws.com",
                "states.amazonaws.com",
                params={
                    "jobName": f"{sample}-step{j}",
                    "jobQueue": "genomics-west-q" if region != HOME else "genomics-spot-q",
                    "jobDefinition": "bwa-gatk:14"
                    if not (ch.release and d >= ch.release)
                    else "bwa-gatk:15",
                },
            )
            for k in range(2):
                tr.call(
                    tt + dt.timedelta(minutes=10 + 10 * k),
                    RESEARCH,
                    region,
                    "batch.amazonaws.com",
                    "DescribeJobs",
                    s.identity(),
                    "states.amazonaws.com",
                    "states.amazonaws.com",
                )
            job(org, tt + dt.timedelta(minutes=3), job_role, sample, region, ch, d)
        if r % 2 == 0:
            tr.call(
                t + dt.timedelta(minutes=125),
                RESEARCH,
                "us-east-1",
                "omics.amazonaws.com",
                "StartRun",
                s.identity(),
                "states.amazonaws.com",
                "states.amazonaws.com",
                params={
                    "workflowId": "8841207",
                    "roleArn": omics_role.arn,
                    "outputUri": f"s3://{OMICS}/runs/",
                },
            )
            o = org.by_service(
                t + dt.timedelta(minutes=127),
                omics_role,
                "omics-" + org.ids.hexid(10),
                "omics.amazonaws.com",
                hours=12,
                region="us-east-1",
            )
            for k in range(6):
                op = "GetObject" if k < 4 else "PutObject"
                tr.call(
                    o.issued + dt.timedelta(minutes=3 + 9 * k),
                    RESEARCH,
                    "us-east-1",
                    "s3.amazonaws.com",
                    op,
                    o.identity(),
                    "omics.amazonaws.com",
                    "omics.amazonaws.com",
                    params={"bucketName": OMICS, "key": f"{sample}/part-{k}.cram"},
                    data=s3_object(OMICS, f"{sample}/part-{k}.cram", RESEARCH),
                    read_only=op == "GetObject",
                )
            for k in range(2):
                tr.call(
                    t + dt.timedelta(minutes=180 + 60 * k),
                    RESEARCH,
                    "us-east-1",
                    "omics.amazonaws.com",
                    "GetRun",
                    s.identity(),
                    "states.amazonaws.com",
                    "states.amazonaws.com",
                )


def seqcore(org: Org, d: dt.date, ch: Changes, weekday: bool) -> None:
    """DataSync pulls each finished sequencing run from the core's NAS; the core's scheduler
    (an IAM user's key on the instrument PC) starts and polls the task."""
    rng, tr = org.rng, org.trail
    user = org.users["svc-seqcore-sync"]
    ip = org.uploader_ip if not (ch.core_moved and d >= ch.core_moved) else org.new_core_ip
    role = org.role(SEQCORE, "tmk-datasync-s3")
    task = f"arn:aws:datasync:{HOME}:{SEQCORE}:task/task-0{'7c1e9f2a4b6d8e0f1' if not (ch.core_moved and d >= ch.core_moved) else '3a9d5b1c7e2f4a6b8'}"
    for h in (2, 10, 18) if weekday else (10,):
        t = at(d, h + rng.random() * 0.3)
        tr.call(
            t,
            SEQCORE,
            HOME,
            "datasync.amazonaws.com",
            "StartTaskExecution",
            user.identity(),
            ip,
            UA["cli_win"],
            params={"taskArn": task},
        )
        for k in range(4):
            tr.call(
                t + dt.timedelta(minutes=5 + 10 * k),
                SEQCORE,
                HOME,
                "datasync.amazonaws.com",
                "DescribeTaskExecution",
                user.identity(),
                ip,
                UA["cli_win"],
            )
        s = org.by_service(
            t + dt.timedelta(minutes=1),
            role,
            "AWS-DataSync-" + org.ids.hexid(12),
            "datasync.amazonaws.com",
            hours=1,
        )
        for k in range(org.n(40)):
            key = f"runs/{d:%y%m%d}_A0{h}/L00{k % 4 + 1}_{k:03d}.fastq.gz"
            tr.call(
                s.issued + dt.timedelta(seconds=30 + 7 * k),
                SEQCORE,
                HOME,
                "s3.amazonaws.com",
                "PutObject",
                s.identity(),
                "datasync.amazonaws.com",
                "datasync.amazonaws.com",
                params={"bucketName": RAW, "key": key},
                data=s3_object(RAW, key, SEQCORE),
            )
        tr.call(
            t + dt.timedelta(minutes=45),
            SEQCORE,
            HOME,
            "s3.amazonaws.com",
            "PutObject",
            user.identity(),
            ip,
            UA["cli_win"],
            params={"bucketName": RAW, "key": f"runs/{d:%y%m%d}_A0{h}/SampleSheet.csv"},
            data=s3_object(RAW, f"runs/{d:%y%m%d}_A0{h}/SampleSheet.csv", SEQCORE),
        )
