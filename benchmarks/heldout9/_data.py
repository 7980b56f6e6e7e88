"""The data platform's machines: the nightly EMR cluster, Glue jobs and the data scientists'
SageMaker notebooks, one day at a time."""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._net import aws_host
from benchmarks.heldout9._org import DATA, HOME_REGION, SAGEMAKER_UA, Org, calls, mint, spread
from benchmarks.heldout9._workloads import instance_id

EMR_OLD = "aws-sdk-java/1.12.569 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS java/17.0.9 scala/2.12.17 vendor/Amazon.com_Inc. exec-env/AWS_EMR cfg/retry-mode/legacy"
EMR_NEW = "aws-sdk-java/2.25.64 Linux/6.1.94-99.176.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_EMR io/sync http/Apache cfg/retry-mode/standard"
GLUE_UA = "aws-sdk-java/1.12.661 Linux/5.10.219-186.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b08 java/1.8.0_412 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_Glue"


def emr_nightly(org: Org, index: int, new_release: bool) -> None:
    """A transient EMR cluster 01:00-05:00: the service role provisions, four nodes work."""
    svc = "elasticmapreduce.amazonaws.com"
    t0 = org.t(index, 1 + float(org.rng.uniform(0, 0.2)))
    key = mint(
        org, t0, DATA, HOME_REGION, "EMR_DefaultRole", "ElasticMapReduceSession", svc, hours=1
    )
    ident = R.session(DATA, "EMR_DefaultRole", "ElasticMapReduceSession", key, t0)
    ident["invokedBy"] = svc
    for api in ("RunInstances", "CreateSecurityGroup", "DescribeInstances", "TerminateInstances"):
        when = t0 + (14_000 if api == "TerminateInstances" else float(org.rng.uniform(10, 300)))
        org.trail.add(when, DATA, HOME_REGION, api, ident, svc, svc, source="ec2.amazonaws.com")
    nodes = [(instance_id(org), "") for _ in range(4)]
    ua = EMR_NEW if new_release else EMR_OLD
    menu = [("GetTable", 3), ("GetPartitions", 4), ("GetDatabase", 1), ("Decrypt", 2)]
    if new_release:
        menu += [("BatchGetPartition", 3), ("GetDataAccess", 2)]
    for instance, _ in nodes:
        start = t0 + 420
        for hour in range(4):
            tk = start + hour * 3600
            k = mint(
                org, tk, DATA, HOME_REGION, "EMR_EC2_DefaultRole", instance, "ec2.amazonaws.com"
            )
            i2 = R.session(DATA, "EMR_EC2_DefaultRole", instance, k, tk, ec2=True)
            times = spread(org, tk, tk + 3600, org.n(18))
            for t in times:
                api = menu[
                    int(
                        org.rng.choice(
                            len(menu), p=np.array([m[1] for m in menu]) / sum(m[1] for m in menu)
                        )
                    )
                ][0]
                source = {
                    "BatchGetPartition": "glue.amazonaws.com",
                    "GetDataAccess": "lakeformation.amazonaws.com",
                }.get(api)
                org.trail.add(
                    float(t), DATA, HOME_REGION, api, i2, org.nat[DATA], ua, source=source
                )


def glue_jobs(org: Org, index: int) -> None:
    for hour in (6, 12, 18):
        t0 = org.t(index, hour + float(org.rng.uniform(0, 0.1)))
        key = mint(
            org,
            t0,
            DATA,
            HOME_REGION,
            "glue-etl",
            "GlueJobRunnerSession",
            "glue.amazonaws.com",
            hours=1,
        )
        ident = R.session(DATA, "glue-etl", "GlueJobRunnerSession", key, t0)
        menu = [
            ("GetTable", 3),
            ("GetPartitions", 3),
            ("BatchCreatePartition", 1),
            ("GetSecretValue", 1),
            ("Decrypt", 1),
        ]
        calls(
            org,
            spread(org, t0 + 30, t0 + 1500, org.n(25)),
            DATA,
            HOME_REGION,
            ident,
            org.nat[DATA],
            GLUE_UA,
            menu,
        )


def sagemaker_notebooks(org: Org, index: int, state: dict[str, Any]) -> None:
    """Two notebook instances of the data scientists, weekdays 14:00-23:00 UTC."""
    if org.day(index).weekday() >= 5:
        return
    books = state.setdefault("notebooks", [aws_host(HOME_REGION, org.rng) for _ in range(2)])
    state["sagemaker:keys"] = []
    menu = [
        ("ListBuckets", 1),
        ("DescribeTrainingJob", 3),
        ("GetAuthorizationToken", 1),
        ("GetLogEvents", 3),
        ("GetTable", 1),
    ]
    for ip in books:
        for hour in range(14, 23):
            t0 = org.t(index, hour)
            key = mint(
                org,
                t0,
                DATA,
                HOME_REGION,
                "sagemaker-ds-exec",
                "SageMaker",
                "sagemaker.amazonaws.com",
                hours=1,
            )
            state["sagemaker:keys"].append((key, ip, t0))
            ident = R.session(DATA, "sagemaker-ds-exec", "SageMaker", key, t0)
            calls(
                org,
                spread(org, t0, t0 + 3600, org.n(4)),
                DATA,
                HOME_REGION,
                ident,
                ip,
                SAGEMAKER_UA,
                menu,
                deny=0.0,
            )
