"""The twelve benign changes a naive detector would flag, their own events (the routine's part is
in ``_normal``, driven by ``_org.CHANGES``) and their truth rows, each allowing at most low."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import (
    BROWSER,
    DATA,
    GLOBAL,
    PROD,
    REGION,
    Org,
    Person,
    boto,
    cli,
    midnight,
)
from benchmarks.heldout43._people import calls, portal_signin, sso_session
from benchmarks.heldout43._trail import Trail, role_arn, role_ident, truth_row

Row = dict[str, str]
S = dt.timedelta(seconds=1)


def who(org: Org, permission_set: str, i: int = 0) -> Person:
    return [p for p in org.people if p.permission_set == permission_set][i]


def away(org: Org) -> set[tuple[str, dt.date]]:
    """(person, day) pairs the routine leaves out: B2's traveller is in Reykjavik."""
    traveller = who(org, "PlantEngineer")
    return {(traveller.user, org.plan.slot(1)), (traveller.user, org.plan.slot(2))}


def glue_run(trail: Trail, day: dt.date, hour: int, objects: int) -> dt.datetime:
    """The lakehouse Glue job (nightly; B11's backfill is the same job, much larger)."""
    rng = trail.rng
    t = midnight(day) + dt.timedelta(hours=hour, minutes=rng.randint(0, 10))
    key = trail.key()
    trail.mint(
        t,
        DATA,
        REGION,
        {"type": "AWSService", "invokedBy": "glue.amazonaws.com"},
        "glue.amazonaws.com",
        "glue.amazonaws.com",
        "kle-glue-lakehouse",
        "GlueJobRunnerSession",
        key,
    )
    ident = role_ident(DATA, "kle-glue-lakehouse", "GlueJobRunnerSession", key, t)
    ua = "aws-sdk-java/1.12.716 Linux/5.10.226 OpenJDK_64-Bit_Server_VM/17 java/17 scala/2.12.18 vendor/Amazon.com_Inc. cfg/retry-mode/legacy AWSGlueETL/4.0"
    ip = NETS["nat_data"].fixed(8)
    for name in ("GetTable", "GetPartitions", "GetPartitions"):
        t += dt.timedelta(seconds=rng.randint(1, 5))
        trail.add(
            t,
            DATA,
            REGION,
            ident,
            "glue",
            name,
            ip,
            ua,
            params={"databaseName": "plant_output", "tableName": "historian_raw"},
        )
    for _ in range(objects):
        t += dt.timedelta(seconds=rng.randint(1, 12))
        name = rng.choice(("GetObject", "GetObject", "PutObject"))
        trail.add(
            t,
            DATA,
            REGION,
            ident,
            "s3",
            name,
            ip,
            ua,
            data=True,
            params={"bucketName": "kle-lakehouse"},
        )
    trail.add(t + S, DATA, REGION, ident, "glue", "BatchCreatePartition", ip, ua, read_only=False)
    return t


def engineer(
    trail: Trail, org: Org, t: dt.datetime, account: str = PROD
) -> tuple[Person, dict[str, Any], str]:
    """A platform engineer's CLI session for a change: (her, the session's identity, address)."""
    person = who(org, "PlatformAdmin")
    ip = NETS[person.home].fixed(person.host)
    ua = cli("windows#10", "ec2")
    _, _, ident = sso_session(trail, person, account, "PlatformAdmin", t, ip, ua, console=False)
    return person, ident, ip


def changes(trail: Trail, org: Org) -> list[Row]:
    """B1-B6: a release, travel, an SDK upgrade, endpoints, a NAT gateway, a new vendor."""
    rng, plan = trail.rng, org.plan
    end = midnight(plan.days[-1]) + dt.timedelta(days=1) - S
    rows: list[Row] = []
    historian, forecast = (
        role_arn(PROD, "kle-historian-ingest"),
        role_arn(PROD, "kle-forecast-task"),
    )

    def add(i: str, name: str, start: dt.datetime, stop: dt.datetime = end, **kw: Any) -> None:
        rows.append(truth_row(i, name, "benign", start, stop, **kw))

    # B1: the historian release (through SSM Run Command) adds a secret and a parameter read
    t = plan.when("release") - dt.timedelta(minutes=8)
    person, ident, ip = engineer(trail, org, t)
    trail.add(
        t + 30 * S,
        PROD,
        REGION,
        ident,
        "ssm",
        "SendCommand",
        ip,
        cli("windows#10", "ssm.send-command"),
        params={
            "documentName": "kle-historian-release",
            "targets": [{"key": "tag:app", "values": ["historian"]}],
        },
    )
    add(
        "B1",
        "historian release adds a secret and a parameter read on every instance",
        plan.when("release"),
        principal=historian,
    )
    add("B1", "the engineer who released it", t, t + dt.timedelta(hours=1), principal=person.arn())
    # B2: a plant engineer at the geothermal congress in Reykjavik, portal with TOTP
    traveller = who(org, "PlantEngineer")
    for k in (1, 2):
        t = plan.at(k, 9, rng.randint(0, 50))
        ip = NETS["reykjavik"].fixed(40 + k)
        portal_signin(trail, traveller, t - 40 * S, ip, BROWSER)
        _, _, ident = sso_session(
            trail, traveller, PROD, "PlantEngineer", t, ip, BROWSER, console=True
        )
        calls(
            trail,
            PROD,
            ident,
            t,
            t + dt.timedelta(hours=6),
            ip,
            BROWSER,
            traveller.apis,
            12,
            console=True,
        )
    add(
        "B2",
        "plant engineer travelling to Reykjavik, portal with MFA",
        midnight(plan.slot(1)),
        midnight(plan.slot(2)) + dt.timedelta(days=1) - S,
        principal=traveller.arn(),
        ips=" ".join(NETS["reykjavik"].fixed(40 + k) for k in (1, 2)),
    )
    # B3: the forecast tasks' SDK and Python upgrade
    add(
        "B3",
        "forecast tasks move to Boto3 1.35 and Python 3.12",
        plan.when("sdk"),
        principal=forecast,
    )
    # B4: S3 and Secrets Manager interface/gateway endpoints in prod's VPC
    t = plan.when("vpce") - dt.timedelta(minutes=40)
    person, ident, ip = engineer(trail, org, t)
    for svc in ("s3", "secretsmanager"):
        t += dt.timedelta(seconds=rng.randint(20, 90))
        trail.add(
            t,
            PROD,
            REGION,
            ident,
            "ec2",
            "CreateVpcEndpoint",
            ip,
            cli("windows#10", "ec2.create-vpc-endpoint"),
            params={
                "serviceName": f"com.amazonaws.{REGION}.{svc}",
                "vpcId": "vpc-0c41a7e2d9b35f861",
            },
        )
    for arn in (historian, forecast):
        add(
            "B4",
            "new VPC endpoints put S3 and Secrets Manager calls on private addresses",
            plan.when("vpce"),
            principal=arn,
        )
    add(
        "B4",
        "the engineer who made the endpoints",
        t - dt.timedelta(minutes=10),
        t + dt.timedelta(hours=1),
        principal=person.arn(),
    )
    # B5: prod's NAT gateway replaced with a new Elastic IP
    t = plan.when("nat") - dt.timedelta(minutes=25)
    person, ident, ip = engineer(trail, org, t)
    for name in (
        "AllocateAddress",
        "CreateNatGateway",
        "DescribeNatGateways",
        "ReplaceRoute",
        "ReplaceRoute",
        "DeleteNatGateway",
        "DisassociateAddress",
        "ReleaseAddress",
    ):
        t += dt.timedelta(seconds=rng.randint(15, 200))
        trail.add(
            t,
            PROD,
            REGION,
            ident,
            "ec2",
            name,
            ip,
            cli("windows#10", "ec2"),
            response={"publicIp": NETS["nat_new"].fixed(9)} if name == "AllocateAddress" else None,
        )
    for arn in (historian, forecast):
        add(
            "B5",
            "prod's NAT gateway replaced, a new Elastic IP",
            plan.when("nat") - dt.timedelta(minutes=25),
            principal=arn,
        )
    add(
        "B5",
        "the engineer who replaced it",
        plan.when("nat") - dt.timedelta(minutes=25),
        t + dt.timedelta(hours=1),
        principal=person.arn(),
    )
    # B6: a new cost-optimisation vendor, its role made that morning, assumed every four hours
    t = plan.at(1, 2, 5)
    person, ident, ip = engineer(trail, org, t)
    trail.add(
        t + 60 * S,
        PROD,
        GLOBAL,
        ident,
        "iam",
        "CreateRole",
        ip,
        cli("windows#10", "iam.create-role"),
        params={"roleName": "SpendlensReadOnly"},
    )
    trail.add(
        t + 90 * S,
        PROD,
        GLOBAL,
        ident,
        "iam",
        "AttachRolePolicy",
        ip,
        cli("windows#10", "iam.attach-role-policy"),
        params={
            "roleName": "SpendlensReadOnly",
            "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
        },
    )
    caller = {
        "type": "AWSAccount",
        "principalId": "AIDAZ5SPNDLNS0COLLECT:spendlens",
        "accountId": "589034127766",
    }
    ua = "spendlens-collector/2.3 " + boto("1.35.54", "3.12.7")
    start, stop = plan.at(1, 4), end
    t = start
    while t < stop and t < plan.at(4, 24):
        key = trail.key()
        ip = NETS["vendor_cost"].host(rng, 5, 30)
        trail.mint(
            t,
            PROD,
            REGION,
            caller,
            ip,
            ua,
            "SpendlensReadOnly",
            "spendlens",
            key,
            params={"externalId": "spl-kle-55d1"},
        )
        ident = role_ident(PROD, "SpendlensReadOnly", "spendlens", key, t)
        for svc, name in (
            ("ec2", "DescribeInstances"),
            ("ec2", "DescribeVolumes"),
            ("ce", "GetCostAndUsage"),
            ("cloudwatch", "GetMetricStatistics"),
            ("rds", "DescribeDBInstances"),
            ("s3", "ListBuckets"),
        ):
            trail.add(
                t + dt.timedelta(seconds=rng.randint(2, 60)),
                PROD,
                GLOBAL if svc in ("ce", "s3") else REGION,
                ident,
                svc,
                name,
                ip,
                ua,
            )
        t += dt.timedelta(hours=4, minutes=rng.randint(0, 3))
    add(
        "B6",
        "new cost-optimisation vendor's cross-account role",
        start,
        principal=role_arn(PROD, "SpendlensReadOnly"),
    )
    add(
        "B6", "the engineer who made the role", plan.at(1, 2), plan.at(1, 3), principal=person.arn()
    )
    return rows
