"""The workloads and partners of a normal day (see ``_background`` for the machines and
people): the air-freight booking Lambda, the certificate renderer on Fargate, the lab's and
the report script's IAM keys, SageMaker's notebook and nightly training, the SAP partner's
support role, the Food Safety Authority's reader role and the GitHub Actions deploys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._world import World


def booking_lambda(w: World, day: dt.date, factor: float = 1.0) -> None:
    """The forwarder books air freight through API Gateway; the function reads each
    consignment's health certificate and the forwarder's API secret."""
    nat = w.address("nat/prod", f"aws:{org.HOME}")
    weekday = day.weekday() < 5
    bookings = w.count((36 if weekday else 10) * factor)
    for when in w.times(day, bookings, 5, 20):
        s = w.session(
            when,
            org.PROD,
            "airfreight-booking-lambda",
            "airfreight-booking",
            minted_by="lambda.amazonaws.com",
            hours=3,
        )
        if w.rng.random() < 0.15:
            w.trail.event(
                when,
                org.PROD,
                org.HOME,
                s.identity,
                "secretsmanager.amazonaws.com",
                "GetSecretValue",
                nat,
                org.UA_LAMBDA_NODE.replace("api/s3", "api/secrets-manager"),
                request={"secretId": "forwarder/booking-api-key"},
            )
        w.s3_object(
            when + dt.timedelta(seconds=1),
            org.PROD,
            s.identity,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            nat,
            org.UA_LAMBDA_NODE,
        )


def renderer(w: World, day: dt.date, factor: float = 1.0) -> None:
    """Batches of health certificates rendered to PDF on Fargate after the lab's results."""
    nat = w.address("nat/prod", f"aws:{org.HOME}")
    batches = [7.5, 10.5, 13.5, 15.5] if day.weekday() < 5 else [10.5]
    for hour in batches:
        start = w.times(day, 1, hour, hour + 0.3)[0]
        task = f"{w.rng.getrandbits(128):032x}"
        s = w.session(
            start,
            org.PROD,
            "export-docs-renderer-task",
            task,
            minted_by="ecs-tasks.amazonaws.com",
            hours=6,
            new=True,
        )
        for when in w.times(day, w.count(6 * factor), hour + 0.32, hour + 0.9):
            cert = f"HC-{w.rng.randint(10000, 99999)}"
            w.s3_object(
                when,
                org.PROD,
                s.identity,
                "GetObject",
                org.DOCS_BUCKET,
                f"lab-results/{day:%Y/%m/%d}/{cert}.xml",
                nat,
                org.UA_ECS_PY,
                size=w.rng.randint(4_000, 20_000),
            )
            w.s3_object(
                when + dt.timedelta(seconds=2),
                org.PROD,
                s.identity,
                "PutObject",
                org.DOCS_BUCKET,
                f"certificates/{day:%Y/%m/%d}/{cert}.pdf",
                nat,
                org.UA_ECS_PY,
            )


def keys(
    w: World,
    day: dt.date,
    factor: float = 1.0,
    lab_key: str | None = None,
    report_from: str | None = None,
) -> None:
    """Two IAM users with long-lived keys: the lab's LIMS export (Windows, .NET SDK) and the
    nightly harvest report script on a Linux box in the Bergen office (behind the office's
    address, ``report_from``)."""
    lab = w.address("lab", "globalconnect_bergen")
    who = w.user(org.PROD, "labvantage-export", lab_key)
    if day.weekday() < 5:
        for when in w.times(day, w.count(14 * factor), 6, 15):
            w.s3_object(
                when,
                org.PROD,
                who,
                "PutObject",
                org.DOCS_BUCKET,
                f"lab-results/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.xml",
                lab,
                org.UA_LAB,
                size=w.rng.randint(4_000, 20_000),
            )
    office = report_from or w.address("office/telenor_bergen", "telenor_bergen")
    report = w.user(org.PROD, "harvest-report-sync")
    t0 = w.times(day, 1, 1.1, 1.3)[0]
    w.trail.event(
        t0,
        org.PROD,
        org.HOME,
        report,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        office,
        org.UA_REPORT,
        request=None,
    )
    w.s3_list(
        t0 + dt.timedelta(seconds=2),
        org.PROD,
        report,
        org.DOCS_BUCKET,
        f"certificates/{day - dt.timedelta(days=1):%Y/%m/%d}/",
        office,
        org.UA_REPORT,
    )
    for i in range(w.count(12 * factor)):
        w.s3_object(
            t0 + dt.timedelta(seconds=4 + i * 3),
            org.PROD,
            report,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{day - dt.timedelta(days=1):%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            office,
            org.UA_REPORT,
        )


def sagemaker(
    w: World,
    day: dt.date,
    *,
    notebook: bool,
    training_size: int = 20,
    instance: str = "ml.m5.2xlarge",
) -> None:
    """The feed-optimisation notebook (direct internet access: an AWS address of eu-west-1)
    while the data scientists work, and the nightly retraining job started by a Lambda."""
    region = "eu-west-1"
    if notebook:
        address = w.address(f"notebook/{day.isoformat()}", f"aws:{region}")
        for when in w.times(day, w.count(30), 8, 17):
            s = w.session(
                when,
                org.PROD,
                "sagemaker-feedopt-exec",
                "SageMaker",
                minted_by="sagemaker.amazonaws.com",
                region=region,
            )
            if w.rng.random() < 0.6:
                w.s3_object(
                    when,
                    org.PROD,
                    s.identity,
                    "GetObject",
                    org.TRAINING_BUCKET,
                    f"features/site={w.rng.choice(['hitra', 'froya'])}/{w.rng.randint(1, 28):02d}.parquet",
                    address,
                    org.UA_BOTO_NOTEBOOK,
                    region=region,
                    size=w.rng.randint(2_000_000, 9_000_000),
                )
            else:
                name = w.rng.choice(
                    ["DescribeTrainingJob", "ListTrainingJobs", "DescribeModel", "DescribeEndpoint"]
                )
                w.trail.event(
                    when,
                    org.PROD,
                    region,
                    s.identity,
                    "sagemaker.amazonaws.com",
                    name,
                    address,
                    org.UA_BOTO_NOTEBOOK,
                    request={},
                )
    trigger = w.times(day, 1, 1.0, 1.05)[0]
    lam = w.session(
        trigger,
        org.PROD,
        "feedopt-retrain-trigger-lambda",
        "feedopt-retrain-trigger",
        minted_by="lambda.amazonaws.com",
        region=region,
        new=True,
    )
    lambda_address = w.fresh(f"aws:{region}")
    job = f"feedopt-{day:%Y%m%d}-0100"
    w.trail.event(
        trigger,
        org.PROD,
        region,
        lam.identity,
        "sagemaker.amazonaws.com",
        "CreateTrainingJob",
        lambda_address,
        "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
        request={
            "trainingJobName": job,
            "resourceConfig": {"instanceType": instance, "instanceCount": 1, "volumeSizeInGB": 50},
        },
    )
    start = trigger + dt.timedelta(minutes=4)
    s = w.session(
        start,
        org.PROD,
        "sagemaker-feedopt-training",
        "SageMaker",
        minted_by="sagemaker.amazonaws.com",
        region=region,
        new=True,
    )
    job_address = w.fresh(f"aws:{region}")
    for i in range(training_size):
        w.s3_object(
            start + dt.timedelta(seconds=10 + i * 4),
            org.PROD,
            s.identity,
            "GetObject",
            org.TRAINING_BUCKET,
            f"features/site={'hitra' if i % 3 else 'froya'}/{(i % 28) + 1:02d}.parquet",
            job_address,
            org.UA_BOTO_TRAINING,
            region=region,
            size=w.rng.randint(2_000_000, 9_000_000),
        )
    w.s3_object(
        start + dt.timedelta(minutes=35),
        org.PROD,
        s.identity,
        "PutObject",
        org.TRAINING_BUCKET,
        f"models/{job}/output/model.tar.gz",
        job_address,
        org.UA_BOTO_TRAINING,
        region=region,
        size=48_000_000,
    )


def partner_identity(w: World, engineer: str, day: dt.date) -> dict[str, Any]:
    """The SAP partner's engineer as the support role's trust sees them: a session of the
    partner's own ``basis-ops`` role, in the partner's account."""
    return {
        "type": "AssumedRole",
        "principalId": f"AROASAPPARTNEROPS01:{engineer}",
        "arn": f"arn:aws:sts::{org.SAP_PARTNER}:assumed-role/basis-ops/{engineer}",
        "accountId": org.SAP_PARTNER,
        "accessKeyId": w.trail.session_key(),
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROASAPPARTNEROPS01",
                "arn": f"arn:aws:iam::{org.SAP_PARTNER}:role/basis-ops",
                "accountId": org.SAP_PARTNER,
                "userName": "basis-ops",
            },
            "attributes": {"creationDate": f"{day}T06:00:00Z", "mfaAuthenticated": "false"},
        },
    }


def sap_partner(
    w: World,
    day: dt.date,
    engineer: str,
    *,
    calls: int,
    writes: bool = False,
    address: str | None = None,
) -> None:
    """The SAP partner's engineer assumes the support role (external ID) from its jump host."""
    jump = address or w.address("sap-partner/jump", "aws:eu-central-1")
    who = partner_identity(w, engineer, day)
    start = w.times(day, 1, 8, 14)[0] if not writes else w.times(day, 1, 20, 21)[0]
    agent = org.UA_PARTNER
    s = w.session(
        start,
        org.ERP,
        "sap-partner-support",
        engineer,
        caller=(who, jump, agent.format(cmd="sts.assume-role")),
        external_id="fjl-sap-7c21e94b",
        new=True,
    )
    menu = [
        "DescribeInstances",
        "DescribeInstanceStatus",
        "DescribeInstanceInformation",
        "ListCommandInvocations",
        "GetMetricStatistics",
        "DescribeVolumes",
    ]
    span = 1.0 if not writes else 6.0
    for when in w.times(
        day, calls, start.hour + start.minute / 60 + 0.02, start.hour + start.minute / 60 + span
    ):
        name = w.rng.choice(menu)
        src = {
            "DescribeInstanceInformation": "ssm",
            "ListCommandInvocations": "ssm",
            "GetMetricStatistics": "monitoring",
        }.get(name, "ec2")
        w.trail.event(
            when,
            org.ERP,
            org.HOME,
            s.identity,
            f"{src}.amazonaws.com",
            name,
            jump,
            agent.format(cmd=f"{src}.{name.lower()}"),
            request={},
        )


def mattilsynet(w: World, day: dt.date, factor: float = 1.0) -> None:
    """The Food Safety Authority's verification service assumes the reader role and fetches
    the day's new health certificates (their application runs on EC2 in eu-north-1)."""
    if day.weekday() >= 5:
        return
    address = w.address("mattilsynet/app", f"aws:{org.HOME}")
    who = {
        "type": "AssumedRole",
        "principalId": "AROAMATTILSYNETVERIF:eksportattest",
        "arn": f"arn:aws:sts::{org.MATTILSYNET}:assumed-role/eksportattest-verifisering/eksportattest",
        "accountId": org.MATTILSYNET,
        "accessKeyId": w.trail.session_key(),
    }
    for hour in (9, 13) if factor <= 1 else (8, 10, 12, 14, 16):
        start = w.times(day, 1, hour, hour + 0.2)[0]
        s = w.session(
            start,
            org.PROD,
            "mattilsynet-certificate-reader",
            "eksportattest",
            caller=(who, address, org.UA_MATTILSYNET),
            external_id="mattilsynet-fjl-2291",
            new=True,
        )
        w.s3_list(
            start + dt.timedelta(seconds=2),
            org.PROD,
            s.identity,
            org.DOCS_BUCKET,
            f"certificates/{day:%Y/%m/%d}/",
            address,
            org.UA_MATTILSYNET,
        )
        for i in range(w.count(8 * factor)):
            w.s3_object(
                start + dt.timedelta(seconds=5 + 2 * i),
                org.PROD,
                s.identity,
                "GetObject",
                org.DOCS_BUCKET,
                f"certificates/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
                address,
                org.UA_MATTILSYNET,
            )
