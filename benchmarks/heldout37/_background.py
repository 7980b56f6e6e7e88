"""PMCT's ordinary days: the workloads that run around the clock and the people who work in
shifts, with the benign changes that alter them from their day on (``_plan``'s slots)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._plan import (
    DR_TEST,
    GREENGRASS_UP,
    MEGA_VESSEL,
    NODE_GROUP,
    WORKSPACES_NAT,
    Plan,
    at,
)
from benchmarks.heldout37._records import Key, Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME
ENDPOINT_EC2 = "vpce-0a4f1c9e3b7d26185"
ENDPOINT_STS = "vpce-0c81e5a2f9d4b7360"


def busy(plan: Plan, day: dt.date) -> float:
    """The mega-vessel's day (B1) works five times the usual boxes."""
    return 5.0 if day == plan.slot(MEGA_VESSEL) else 1.0


def dr_hours(plan: Plan, day: dt.date) -> tuple[float, float] | None:
    """The failover test (B5): the TOS runs in Sydney from 02:00 to 07:00 UTC."""
    return (2.0, 7.0) if day == plan.slot(DR_TEST) else None


def tos_region(plan: Plan, day: dt.date, hour: float) -> tuple[str, str]:
    window = dr_hours(plan, day)
    if window and window[0] <= hour < window[1]:
        return org.DR, place("nat_dr")
    return HOME, place("nat_tos_a" if int(hour) % 3 else "nat_tos_b")


def eks_nodes(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    switch = 3.0 if day == plan.slot(NODE_GROUP) else None
    for gen, nodes in (("old", w.nodes_old), ("new", w.nodes_new)):
        if gen == "old" and plan.since(NODE_GROUP, day) and switch is None:
            continue
        if gen == "new" and not plan.since(NODE_GROUP, day):
            continue
        start, end = (0.0, 24.0)
        if switch is not None:
            start, end = (0.0, switch + 1.0) if gen == "old" else (switch, 24.0)
        for instance in nodes:
            key: Key | None = None
            hour = start
            while hour < end:
                if key is None or (int(hour) % 6 == 0 and hour == int(hour)):
                    key = t.mint(
                        org.TOS,
                        "pmct-eks-node-role",
                        instance,
                        at(day, hour, t.rng.uniform(0, 2)),
                        by="ec2.amazonaws.com",
                        region=HOME,
                        ec2=True,
                    )
                when = at(day, hour, t.rng.uniform(2, 58))
                private = f"10.40.{t.rng.randint(16, 31)}.{t.rng.randint(4, 250)}"
                t.call(
                    key,
                    when,
                    "ec2",
                    "DescribeInstances",
                    region=HOME,
                    account=org.TOS,
                    ip=private,
                    agent=org.UA_VPC_CNI,
                    params={"instancesSet": {"items": [{"instanceId": instance}]}},
                    endpoint=ENDPOINT_EC2,
                )
                t.call(
                    key,
                    when + dt.timedelta(seconds=2),
                    "ec2",
                    "DescribeNetworkInterfaces",
                    region=HOME,
                    account=org.TOS,
                    ip=private,
                    agent=org.UA_VPC_CNI,
                    endpoint=ENDPOINT_EC2,
                    params={
                        "filterSet": {
                            "items": [
                                {
                                    "name": "attachment.instance-id",
                                    "valueSet": {"items": [{"value": instance}]},
                                }
                            ]
                        }
                    },
                )
                if int(hour) % 4 == 0:
                    t.call(
                        key,
                        when + dt.timedelta(seconds=30),
                        "ecr",
                        "GetAuthorizationToken",
                        region=HOME,
                        account=org.TOS,
                        ip=place("nat_tos_a"),
                        agent=org.UA_ECR_PROVIDER,
                        params={"registryIds": [org.TOS]},
                    )
                hour += 1.0


PODS = (
    (
        "tos",
        "berth-planner",
        org.UA_PY_POD,
        "dynamodb",
        ("Query", "GetItem", "PutItem"),
        "vessel-calls",
    ),
    (
        "tos",
        "yard-optimizer",
        org.UA_JAVA_POD,
        "dynamodb",
        ("Query", "BatchWriteItem", "Query"),
        "yard-slots",
    ),
    (
        "tos",
        "gate-api",
        org.UA_JAVA_POD,
        "dynamodb",
        ("GetItem", "UpdateItem", "GetItem"),
        "gate-transactions",
    ),
    (
        "telemetry",
        "kinesis-consumer",
        org.UA_JAVA_POD,
        "kinesis",
        ("GetRecords", "GetRecords", "GetRecords"),
        "crane-telemetry",
    ),
)


def pods(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    load = busy(plan, day)
    for namespace, sa, agent, service, calls, target in PODS:
        subject = f"system:serviceaccount:{namespace}:{sa}"
        role = f"pmct-irsa-{sa}"
        for replica in range(plan.count(2)):
            for hour in range(24):
                region, nat = tos_region(plan, day, hour)
                session = (
                    f"botocore-session-{int(at(day, hour).timestamp()) + replica}"
                    if "Boto3" in agent
                    else f"aws-sdk-java-{int(at(day, hour).timestamp() * 1000) + replica}"
                )
                provider = org.EKS_OIDC if region == HOME else org.EKS_OIDC_DR
                key = t.web_identity(
                    org.TOS,
                    role,
                    session,
                    at(day, hour, t.rng.uniform(0, 3)),
                    provider=provider,
                    subject=subject,
                    audience="sts.amazonaws.com",
                    region=region,
                    ip=nat,
                    agent=agent,
                )
                for _ in range(_poisson(t, 3 * load)):
                    name = t.rng.choice(calls)
                    params = (
                        {"tableName": target}
                        if service == "dynamodb"
                        else {"shardIterator": "AAAAA" + t.hexid(24)}
                    )
                    resources = [
                        {
                            "accountId": org.TOS,
                            "type": "AWS::DynamoDB::Table"
                            if service == "dynamodb"
                            else "AWS::Kinesis::Stream",
                            "ARN": f"arn:aws:{service}:{region}:{org.TOS}:{'table' if service == 'dynamodb' else 'stream'}/{target}",
                        }
                    ]
                    t.call(
                        key,
                        at(day, hour, t.rng.uniform(3, 59.9)),
                        service,
                        name,
                        region=region,
                        account=org.TOS,
                        ip=nat,
                        agent=agent,
                        params=params,
                        resources=resources,
                    )


def _poisson(t: Trail, mean: float) -> int:
    """Knuth's method: the number of calls in an hour."""
    import math

    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= t.rng.random()
        if p <= limit:
            return k
        k += 1


def greengrass(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    load = busy(plan, day)
    upgraded = plan.since(GREENGRASS_UP, day)
    for thing in w.gateways:
        for hour in range(24):
            if upgraded and (day > plan.slot(GREENGRASS_UP) or hour >= 4):
                agent = org.UA_GREENGRASS_NEW
            else:
                agent = org.UA_GREENGRASS
            key = t.mint(
                org.TOS,
                "pmct-greengrass-token-exchange",
                thing,
                at(day, hour, t.rng.uniform(0, 1)),
                by="credentials.iot.amazonaws.com",
                region=HOME,
            )
            region = HOME
            for _ in range(_poisson(t, 2.5 * load)):
                t.call(
                    key,
                    at(day, hour, t.rng.uniform(1, 59.9)),
                    "kinesis",
                    "PutRecords",
                    region=region,
                    account=org.TOS,
                    ip=place("site"),
                    agent=agent,
                    params={"streamName": "crane-telemetry"},
                    resources=[
                        {
                            "accountId": org.TOS,
                            "type": "AWS::Kinesis::Stream",
                            "ARN": f"arn:aws:kinesis:{HOME}:{org.TOS}:stream/crane-telemetry",
                        }
                    ],
                )
            if hour % 2 == 0:
                obj = f"{thing}/{day:%Y/%m/%d}/{hour:02d}.parquet"
                t.call(
                    key,
                    at(day, hour, 59, t.rng.uniform(0, 50)),
                    "s3",
                    "PutObject",
                    region=HOME,
                    account=org.TOS,
                    ip=place("site"),
                    agent=agent,
                    params={"bucketName": org.TELEMETRY_BUCKET, "key": obj},
                    resources=_obj(org.TOS, org.TELEMETRY_BUCKET, obj),
                )


def _obj(account: str, bucket: str, key: str) -> list[dict[str, str]]:
    return [
        {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
        {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
    ]


def lambdas(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    load = busy(plan, day)
    pool = [place("lambda_1"), place("lambda_2"), place("lambda_3")]
    key: Key | None = None
    for hour in range(24):
        region = tos_region(plan, day, hour)[0]
        if key is None or hour % 3 == 0 or region != HOME:
            key = t.mint(
                org.TOS,
                "pmct-gate-plate-reader",
                "gate-plate-reader",
                at(day, hour, 0, t.rng.uniform(0, 30)),
                by="lambda.amazonaws.com",
                region=region,
            )
            ip = t.rng.choice(pool) if region == HOME else place("nat_dr")
        trucks = _poisson(t, (5 if 1 <= (hour + 8) % 24 <= 22 else 1) * load * plan.scale * 2 + 1)
        for _ in range(trucks):
            when = at(day, hour, t.rng.uniform(1, 59.5))
            image = f"lane{t.rng.randint(1, 12):02d}/{when:%Y%m%dT%H%M%S}.jpg"
            t.call(
                key,
                when,
                "rekognition",
                "DetectText",
                region=region,
                account=org.TOS,
                ip=ip,
                agent=org.UA_LAMBDA,
                params={"image": {"s3Object": {"bucket": "pmct-gate-images", "name": image}}},
            )
            t.call(
                key,
                when + dt.timedelta(seconds=1),
                "dynamodb",
                "PutItem",
                region=region,
                account=org.TOS,
                ip=ip,
                agent=org.UA_LAMBDA,
                params={"tableName": "gate-transactions"},
                resources=[
                    {
                        "accountId": org.TOS,
                        "type": "AWS::DynamoDB::Table",
                        "ARN": f"arn:aws:dynamodb:{region}:{org.TOS}:table/gate-transactions",
                    }
                ],
            )


def workspaces_ip(plan: Plan, day: dt.date) -> str:
    return place("workspaces_new") if plan.since(WORKSPACES_NAT, day) else place("workspaces")
