"""The machinery around the people: the nightly Redshift load, Datadog's integration role,
AWS Config's service-linked role and the nightly price sync on Fargate."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import DATA, HOME, MGMT, PROD, QC
from benchmarks.heldout38.pharmacy import World
from benchmarks.heldout38.plan import at, jitter


def loader(w: World, day: dt.date) -> None:
    """The nightly Redshift load (a Lambda in the data account, 08:00 UTC)."""
    tr, rng = w.tr, w.rng
    w.rotate(
        "lambda",
        DATA,
        "redshift-loader-lambda",
        "redshift-loader",
        day,
        first=8.0,
        last=8.5,
        pool=[w.net["data_lambda"]],
    )
    s = w.current(DATA, "redshift-loader", at(day, 8.6))
    t = at(day, 8.6)
    for _ in range(6):
        t = jitter(rng, t, 20, 90)
        sid = tr.uuid()
        tr.call(
            t,
            s,
            DATA,
            HOME,
            "redshift-data",
            "ExecuteStatement",
            w.ips[s.key or ""],
            o.REDSHIFT_LOADER,
            params={"workgroupName": "analytics", "database": "rx"},
            response={"id": sid},
        )
        for k in range(2):
            tr.call(
                jitter(rng, t, 5 + 10 * k, 9 + 10 * k),
                s,
                DATA,
                HOME,
                "redshift-data",
                "DescribeStatement",
                w.ips[s.key or ""],
                o.REDSHIFT_LOADER,
                params={"id": sid},
            )


def datadog(w: World, day: dt.date) -> None:
    """Datadog's integration role every fifteen minutes (external ID), from Datadog's addresses in
    us-east-1; from slot 4 also us-west-2 collectors and RDS/SQS (B8)."""
    tr, rng = w.tr, w.rng
    more = w.plan.since(4, day)
    calls = [
        ("ec2", "DescribeInstances"),
        ("lambda", "ListFunctions20150331"),
        ("tagging", "GetResources"),
        ("logs", "DescribeLogGroups"),
        ("states", "ListStateMachines"),
    ]
    if more:
        calls += [
            ("rds", "DescribeDBInstances"),
            ("sqs", "ListQueues"),
            ("elasticloadbalancing", "DescribeLoadBalancers"),
        ]
    for m in range(96):
        t = at(day, m / 4 + rng.uniform(0.0, 0.02))
        pool = w.net["datadog"] + (w.net["datadog_new"] if more else [])
        ip = pool[m % len(pool)]
        s = tr.cross_account(
            o.DATADOG,
            "DatadogAWSIntegration",
            PROD,
            "us-east-1",
            "DatadogIntegrationRole",
            "DatadogAWSIntegration",
            t,
            ip,
            o.DATADOG_UA,
            "4f8a2c6e91d04b7f9e3a1c5d7b2e8f60",
        )
        assert s is not None
        for service, name in rng.sample(calls, 3):
            tr.call(
                jitter(rng, t, 1, 40),
                s,
                PROD,
                rng.choice(("ca-central-1", "us-east-1")),
                service,
                name,
                ip,
                o.DATADOG_UA,
            )


def config(w: World, day: dt.date) -> None:
    """AWS Config's service-linked role describing resources in every account and region."""
    tr, rng = w.tr, w.rng
    accounts = [MGMT, PROD, DATA] + ([QC] if w.plan.since(2, day) else [])
    for account in accounts:
        for q in range(4):
            t = at(day, q * 6 + rng.uniform(0.1, 2.0))
            s = tr.session(
                account,
                "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                t,
            )
            for region in o.REGIONS:
                for service, name in (
                    ("ec2", "DescribeSecurityGroups"),
                    ("ec2", "DescribeVpcs"),
                    ("ec2", "DescribeInstances"),
                    ("lambda", "ListFunctions20150331"),
                    ("s3", "GetBucketPolicy"),
                ):
                    if service == "s3" and region != HOME:
                        continue
                    tr.call(
                        jitter(rng, t, 0, 300),
                        s,
                        account,
                        region,
                        service,
                        name,
                        "config.amazonaws.com",
                        "config.amazonaws.com",
                        invoked_by="config.amazonaws.com",
                    )
            if q == 0:
                tr.call(
                    jitter(rng, t, 0, 300),
                    s,
                    account,
                    "us-east-1",
                    "iam",
                    "GetAccountAuthorizationDetails",
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                    invoked_by="config.amazonaws.com",
                )


def pricing(w: World, day: dt.date) -> None:
    """The nightly drug-price sync, an ECS task on Fargate (06:00 UTC) behind the NAT gateway."""
    tr, rng = w.tr, w.rng
    task = f"{rng.getrandbits(128):032x}"
    t = at(day, 6.0 + rng.uniform(0, 0.1))
    s = tr.by_service("ecs-tasks", PROD, HOME, "pricing-sync-task", task, t)
    w.minted.setdefault(f"{PROD}:pricing-sync-task", []).append(s)
    ip = w.net["nat_prod"]
    t = jitter(rng, s.created or t, 5, 20)
    tr.call(
        t,
        s,
        PROD,
        HOME,
        "secretsmanager",
        "GetSecretValue",
        ip,
        o.ECS_JAVA,
        params={"secretId": "prod/pricing/supplier-api"},
    )
    tr.call(
        jitter(rng, t, 0, 1),
        s,
        PROD,
        HOME,
        "kms",
        "Decrypt",
        ip,
        o.ECS_JAVA,
        params={
            "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
            "encryptionContext": {
                "SecretARN": f"arn:aws:secretsmanager:{HOME}:{PROD}:secret:prod/pricing/supplier-api-Xy12Ab"
            },
        },
        invoked_by="secretsmanager.amazonaws.com",
    )
    for path in ("/pricing/provinces", "/pricing/formulary"):
        tr.call(
            jitter(rng, t, 2, 10),
            s,
            PROD,
            HOME,
            "ssm",
            "GetParametersByPath",
            ip,
            o.ECS_JAVA,
            params={"path": path, "recursive": True, "withDecryption": False},
        )
    for _ in range(rng.randrange(2, 5)):
        tr.call(
            jitter(rng, t, 30, 900),
            s,
            PROD,
            HOME,
            "dynamodb",
            "DescribeTable",
            ip,
            o.ECS_JAVA,
            params={"tableName": "drug-prices"},
        )
