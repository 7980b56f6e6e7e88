"""The data platform's nightly pipeline (Step Functions, Glue, Batch, EMR's service role), AWS
Backup's cross-account copies, AWS Config, and the joining clinic account's Lambda."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout4._org import ACCOUNTS, BOTO_EC2, BOTO_ECS, GLUE, at
from benchmarks.heldout4._trail import Incident, vpce

LAMBDA_UA = BOTO_EC2.replace("cfg/", "exec-env/AWS_Lambda_python3.12 cfg/")
BATCH_UA = BOTO_ECS.replace("AWS_ECS_FARGATE", "AWS_ECS_EC2")


class Platform:
    """Mixed into :class:`benchmarks.heldout4._workloads.Workloads`."""

    org: Any
    emr_cluster: str

    def nightly(self, day: dt.date) -> None:
        """Step Functions at 02:00 UTC: a Glue job, a Batch job, an EMR step, a Redshift load."""
        org, rng = self.org, self.org.rng
        data = ACCOUNTS["data"]
        t = at(day, 2 + rng.random() / 6)
        states = "states.amazonaws.com"
        key = org.by_service(
            t,
            data,
            "us-east-1",
            "claims-nightly-sfn",
            org.trail.uuid()[:32].replace("-", ""),
            states,
            hours=1,
        )
        ident = org.session(data, "claims-nightly-sfn", "sfn", key, t, invoked_by=states)
        for svc, api in (
            ("glue", "StartJobRun"),
            ("glue", "GetJobRun"),
            ("batch", "SubmitJob"),
            ("batch", "DescribeJobs"),
            ("elasticmapreduce", "AddJobFlowSteps"),
            ("elasticmapreduce", "DescribeStep"),
            ("redshift-data", "ExecuteStatement"),
            ("redshift-data", "DescribeStatement"),
        ):
            t += dt.timedelta(minutes=rng.uniform(1, 12))
            org.trail.event(
                t,
                data,
                "us-east-1",
                svc,
                api,
                ident,
                states,
                states,
                params={"clusterId": self.emr_cluster} if svc == "elasticmapreduce" else {},
            )
        glue = org.by_service(
            t,
            data,
            "us-east-1",
            "GlueClaimsETL",
            "GlueJobRunnerSession",
            "glue.amazonaws.com",
            path="service-role/",
            hours=1,
        )
        gid = org.session(
            data, "GlueClaimsETL", "GlueJobRunnerSession", glue, t, path="service-role/"
        )
        gip = org.net.private("10.60", name=f"glue:{day}")
        for svc, api, n in (
            ("glue", "GetTable", 8),
            ("kms", "Decrypt", 4),
            ("secretsmanager", "GetSecretValue", 1),
        ):
            for _ in range(n):
                org.trail.event(
                    t + dt.timedelta(seconds=rng.uniform(30, 1800)),
                    data,
                    "us-east-1",
                    svc,
                    api,
                    gid,
                    gip,
                    GLUE,
                    params={},
                    vpce=vpce(data, svc + "us-east-1"),
                )
        tid = org.trail.hexid("", 32)
        batch = org.by_service(
            t, data, "us-east-1", "batch-risk-scoring", tid, "ecs-tasks.amazonaws.com"
        )
        bid = org.session(data, "batch-risk-scoring", tid, batch, t)
        for svc, api in (
            ("secretsmanager", "GetSecretValue"),
            ("kms", "Decrypt"),
            ("kms", "Decrypt"),
        ):
            org.trail.event(
                t + dt.timedelta(seconds=rng.uniform(10, 600)),
                data,
                "us-east-1",
                svc,
                api,
                bid,
                org.net.ec2("us-east-1", name="nat:data"),
                BATCH_UA,
                params={},
            )
        emr = org.by_service(
            t,
            data,
            "us-east-1",
            "EMR_DefaultRole",
            "ElasticMapReduceSession",
            "elasticmapreduce.amazonaws.com",
            hours=1,
        )
        eid = org.session(
            data,
            "EMR_DefaultRole",
            "ElasticMapReduceSession",
            emr,
            t,
            invoked_by="elasticmapreduce.amazonaws.com",
        )
        for api in ("DescribeInstances", "DescribeInstanceStatus", "DescribeSubnets"):
            org.trail.event(
                t + dt.timedelta(seconds=rng.uniform(5, 90)),
                data,
                "us-east-1",
                "ec2",
                api,
                eid,
                "elasticmapreduce.amazonaws.com",
                "elasticmapreduce.amazonaws.com",
                params={},
            )

    def backup(self, day: dt.date, incident: Incident | None = None) -> None:
        """05:00 UTC: snapshots in prod, copied into the backup account's vault."""
        org, rng = self.org, self.org.rng
        prod, vault = ACCOUNTS["prod"], ACCOUNTS["backup"]
        svc = "backup.amazonaws.com"
        t = at(day, 5 + rng.random() / 4)
        key = org.by_service(
            t,
            prod,
            "us-east-1",
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            svc,
            path="service-role/",
            hours=1,
        )
        ident = org.session(
            prod,
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            key,
            t,
            invoked_by=svc,
            path="service-role/",
        )
        for api in ("CreateSnapshot", "CreateSnapshot", "DescribeSnapshots", "CreateTags"):
            t += dt.timedelta(seconds=rng.uniform(5, 60))
            org.trail.event(t, prod, "us-east-1", "ec2", api, ident, svc, svc, params={})
        t += dt.timedelta(minutes=rng.uniform(20, 40))
        vkey = org.by_service(
            t,
            vault,
            "us-east-1",
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            svc,
            path="service-role/",
            hours=1,
        )
        vid = org.session(
            vault,
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            vkey,
            t,
            invoked_by=svc,
            path="service-role/",
        )
        for _ in range(2):
            shared = org.trail.uuid()
            for recipient in (vault, prod):  # the copy reads prod's key: logged in both
                org.trail.event(
                    t,
                    vault,
                    "us-east-1",
                    "kms",
                    "CreateGrant",
                    vid,
                    svc,
                    svc,
                    params={},
                    shared=shared,
                    recipient=recipient,
                    read_only=False,
                )
            org.trail.event(
                t + dt.timedelta(seconds=3),
                vault,
                "us-east-1",
                "ec2",
                "CopySnapshot",
                vid,
                svc,
                svc,
                params={"sourceRegion": "us-east-1"},
                read_only=False,
            )

    def config(self, day: dt.date) -> None:
        org, rng = self.org, self.org.rng
        accounts = ["shared", "prod", "data", "backup", "dev"]
        if day >= self.joined:
            accounts.append("west")
        svc = "config.amazonaws.com"
        for name in accounts:
            acc = ACCOUNTS[name]
            for block in range(0, 24, 6):
                t = at(day, block + rng.random())
                key = org.by_service(
                    t,
                    acc,
                    "us-east-1",
                    "AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    svc,
                    path="aws-service-role/config.amazonaws.com/",
                    hours=6,
                )
                ident = org.session(
                    acc,
                    "AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    key,
                    t,
                    invoked_by=svc,
                    path="aws-service-role/config.amazonaws.com/",
                )
                for api in ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes"):
                    org.trail.event(
                        t + dt.timedelta(minutes=rng.uniform(0, 300)),
                        acc,
                        "us-east-1",
                        "ec2",
                        api,
                        ident,
                        svc,
                        svc,
                        params={},
                    )

    def west(self, day: dt.date) -> None:
        """The clinic account: two app instances in us-west-2 and a Lambda every 4 hours."""
        org, rng = self.org, self.org.rng
        acc = ACCOUNTS["west"]
        for block in range(0, 24, 4):
            t = at(day, block + rng.random())
            key = org.by_service(
                t,
                acc,
                "us-west-2",
                "appointment-sync-lambda",
                "appointment-sync",
                "lambda.amazonaws.com",
                hours=4,
            )
            ident = org.session(acc, "appointment-sync-lambda", "appointment-sync", key, t)
            for hour in range(4):
                ip = org.net.ec2("us-west-2")  # a new execution environment
                for svc, api in (
                    ("sqs", "GetQueueAttributes"),
                    ("secretsmanager", "GetSecretValue"),
                ):
                    org.trail.event(
                        t + dt.timedelta(hours=hour, seconds=rng.uniform(1, 3000)),
                        acc,
                        "us-west-2",
                        svc,
                        api,
                        ident,
                        ip,
                        LAMBDA_UA,
                        params={},
                    )
