"""A day of Voltaro Charge's workloads: the OCPP backend's tasks on Fargate, the Lambda
functions, Prometheus and Grafana on EC2; and the ``World`` that the benign changes and the
attacks read and write (``_partners``, ``_clients`` and ``_people`` hold the rest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._records import Trail

FIRMWARE_KEY = "arn:aws:kms:eu-west-1:604118270102:key/7d3c9a10-52be-4e8f-9a61-0c4b2e7f1d35"
KMS_VPCE = {"eu-west-1": "vpce-0a91c3e5f27b4d610", "eu-central-1": "vpce-04be7d21a9c53f8e2"}
PRIVATE = {"eu-west-1": "10.40.{}.{}", "eu-central-1": "10.41.{}.{}"}


@dataclass
class World:
    """What changes during the trail: the benign changes and the state attacks borrow from."""

    scale: float
    days: list[dt.date]
    scored: list[dt.date]
    nat_switch: dt.datetime | None = None  # B8
    android_new_from: dt.datetime | None = None  # B7
    gitlab_new_from: dt.datetime | None = None  # B10
    snap: dict[dt.date, float] = field(default_factory=dict)  # B4: session multiplier
    nordic_from: dt.datetime | None = None  # B2
    factory_rotate_at: dt.datetime | None = None  # B11
    roaming_new_from: dt.datetime | None = None  # B3
    new_analysts_from: dt.datetime | None = None  # B9
    factory_keys: tuple[str, str] = ("", "")
    gitlab_key: str = ""
    powerbi_key: str = ""
    finance_key: str = ""
    # keys minted, for the attacks that steal one: (role, day) -> [(key, session, minted)]
    minted: dict[tuple[str, dt.date], list[tuple[str, str, dt.datetime]]] = field(
        default_factory=dict
    )

    def n(self, base: float) -> int:
        """A count at this scale (at least one)."""
        return max(1, round(base * self.scale))

    def every(self, minutes: float) -> float:
        """A poller's interval at this scale: fewer polls in a smaller organisation."""
        return minutes / min(1.0, max(self.scale, 0.05))


def at(day: dt.date, hours: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hours)


def nat_ip(world: World, region: str, t: dt.datetime) -> str:
    if region == "eu-west-1" and world.nat_switch is not None and t >= world.nat_switch:
        return org.NAT_EU_WEST_1_NEW
    return org.NAT[region]


def diurnal(hour_utc: float) -> float:
    """Charging sessions by hour: commuter peaks in the morning and the evening."""
    h = hour_utc % 24
    if 6 <= h < 9:
        return 1.6
    if 16 <= h < 20:
        return 2.0
    if 0 <= h < 5:
        return 0.35
    return 1.0


def backend(tr: Trail, world: World, day: dt.date) -> None:
    """The OCPP backend's tasks on Fargate: restarted each morning by the nightly deploy, a key
    per task every six hours, DynamoDB session writes (data events), KMS through an interface
    endpoint, IoT registry reads; out through the NAT gateway."""
    role = "ocpp-backend-task"
    mult = world.snap.get(day, 1.0)
    for region, base in (("eu-west-1", 4), ("eu-central-1", 3)):
        tasks = world.n(base * (1.5 if mult > 1 else 1))
        for _ in range(tasks):
            task = tr.hexid(32)
            start = at(day, 3 + tr.rng.random() * 0.5)
            slr = tr.role(
                org.PLATFORM,
                "AWSServiceRoleForECS",
                "ECS",
                tr.key(),
                start,
                path="/aws-service-role/ecs.amazonaws.com/",
                invoked_by="ecs.amazonaws.com",
            )
            tr.add(
                start - dt.timedelta(seconds=40),
                org.PLATFORM,
                region,
                slr,
                "ecs.amazonaws.com",
                "ecs.amazonaws.com",
                "ec2",
                "CreateNetworkInterface",
                read_only=False,
                request={
                    "subnetId": "subnet-0c1e" + tr.hexid(13),
                    "description": f"arn:aws:ecs:{region}:{org.PLATFORM}:attachment/{tr.uuid()}",
                },
                response={"networkInterface": {"networkInterfaceId": "eni-0" + tr.hexid(16)}},
            )
            for block in range(4):
                minted = start + dt.timedelta(hours=6 * block)
                if minted.date() != day:
                    break
                key = tr.key()
                tr.mint(minted, org.PLATFORM, region, "ecs-tasks.amazonaws.com", role, task, key)
                world.minted.setdefault((role, day), []).append((key, task, minted))
                ident = tr.role(org.PLATFORM, role, task, key, minted)
                tr.add(
                    minted + dt.timedelta(seconds=3),
                    org.PLATFORM,
                    region,
                    ident,
                    nat_ip(world, region, minted),
                    org.JAVA_ECS,
                    "secretsmanager",
                    "GetSecretValue",
                    read_only=True,
                    request={
                        "secretId": f"arn:aws:secretsmanager:{region}:{org.PLATFORM}:secret:ocpp/backend-db-Xr4t2p"
                    },
                )
                for hour in range(6):
                    t0 = minted + dt.timedelta(hours=hour)
                    calls = int(5 * diurnal(t0.hour) * mult * min(1.0, world.scale * 4))
                    for _ in range(calls):
                        t = t0 + dt.timedelta(seconds=tr.rng.uniform(0, 3599))
                        _backend_call(tr, world, region, ident, t)


def _backend_call(tr: Trail, world: World, region: str, ident: dict, t: dt.datetime) -> None:  # type: ignore[type-arg]
    roll = tr.rng.random()
    table = f"arn:aws:dynamodb:{region}:{org.PLATFORM}:table/charging-sessions"
    if roll < 0.55:
        name = tr.rng.choice(("PutItem", "UpdateItem", "UpdateItem", "GetItem"))
        tr.add(
            t,
            org.PLATFORM,
            region,
            ident,
            nat_ip(world, region, t),
            org.JAVA_ECS,
            "dynamodb",
            name,
            read_only=name == "GetItem",
            data=True,
            request={"tableName": "charging-sessions", "key": {"sessionId": tr.uuid()}},
            resources=[{"accountId": org.PLATFORM, "type": "AWS::DynamoDB::Table", "ARN": table}],
        )
    elif roll < 0.8:
        a, b = tr.rng.randrange(1, 250), tr.rng.randrange(2, 250)
        tr.add(
            t,
            org.PLATFORM,
            region,
            ident,
            PRIVATE[region].format(a, b),
            org.JAVA_ECS,
            "kms",
            "Decrypt",
            read_only=True,
            request={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
            vpce=KMS_VPCE[region],
            resources=[
                {
                    "accountId": org.PLATFORM,
                    "type": "AWS::KMS::Key",
                    "ARN": f"arn:aws:kms:{region}:{org.PLATFORM}:key/{tr.uuid()}",
                }
            ],
        )
    else:
        tr.add(
            t,
            org.PLATFORM,
            region,
            ident,
            nat_ip(world, region, t),
            org.JAVA_ECS,
            "iot",
            "DescribeThing",
            read_only=True,
            request={"thingName": f"VC-{region[3:5].upper()}-{tr.rng.randrange(10000, 99999)}"},
        )


def lambdas(tr: Trail, world: World, day: dt.date) -> None:
    """ocpi-cdr-push every 15 minutes (CDRs to the roaming export bucket), tariff-publisher
    hourly, kpi-refresh hourly in the data account (Redshift Data API)."""
    specs = (
        (org.PLATFORM, "ocpi-cdr-push", "ocpi-cdr-push-role", 15),
        (org.PLATFORM, "tariff-publisher", "tariff-publisher-role", 60),
        (org.DATA, "kpi-refresh", "kpi-refresh-role", 60),
    )
    for account, fn, role, minutes in specs:
        ident = None
        t = at(day, tr.rng.uniform(0, 0.2))
        end = at(day, 24)
        key_until = t
        while t < end:
            if t >= key_until:  # a new execution environment: a new key
                key = tr.key()
                tr.mint(
                    t - dt.timedelta(seconds=1),
                    account,
                    org.HOME,
                    "lambda.amazonaws.com",
                    role,
                    fn,
                    key,
                    hours=12,
                )
                world.minted.setdefault((role, day), []).append((key, fn, t))
                ident = tr.role(account, role, fn, key, t)
                key_until = t + dt.timedelta(hours=tr.rng.uniform(2, 5))
            assert ident is not None
            ip = tr.rng.choice(org.LAMBDA_IPS)
            if fn == "ocpi-cdr-push":
                obj = f"cdr/{t:%Y/%m/%d/%H%M}-{tr.hexid(8)}.json"
                tr.add(
                    t,
                    account,
                    org.HOME,
                    ident,
                    ip,
                    org.BOTO_LAMBDA,
                    "s3",
                    "PutObject",
                    read_only=False,
                    data=True,
                    request={
                        "bucketName": "voltaro-roaming-exports",
                        "key": obj,
                        "Host": "voltaro-roaming-exports.s3.eu-west-1.amazonaws.com",
                    },
                    resources=[
                        {
                            "type": "AWS::S3::Object",
                            "ARN": f"arn:aws:s3:::voltaro-roaming-exports/{obj}",
                        }
                    ],
                )
            elif fn == "tariff-publisher":
                tr.add(
                    t,
                    account,
                    org.HOME,
                    ident,
                    ip,
                    org.BOTO_LAMBDA,
                    "dynamodb",
                    "Query",
                    read_only=True,
                    data=True,
                    request={"tableName": "tariffs"},
                    resources=[
                        {
                            "accountId": account,
                            "type": "AWS::DynamoDB::Table",
                            "ARN": f"arn:aws:dynamodb:eu-west-1:{account}:table/tariffs",
                        }
                    ],
                )
            else:
                sid = tr.uuid()
                tr.add(
                    t,
                    account,
                    org.HOME,
                    ident,
                    ip,
                    org.BOTO_LAMBDA,
                    "redshift-data",
                    "ExecuteStatement",
                    read_only=False,
                    request={
                        "workgroupName": "analytics",
                        "database": "dwh",
                        "sql": "CALL refresh_kpis()",
                    },
                    response={"id": sid, "workgroupName": "analytics"},
                )
                tr.add(
                    t + dt.timedelta(seconds=20),
                    account,
                    org.HOME,
                    ident,
                    ip,
                    org.BOTO_LAMBDA,
                    "redshift-data",
                    "DescribeStatement",
                    read_only=True,
                    request={"id": sid},
                )
            t += dt.timedelta(minutes=world.every(minutes) * tr.rng.uniform(0.95, 1.05))


def monitoring(tr: Trail, world: World, day: dt.date, instances: dict[str, str]) -> None:
    """Prometheus' EC2 service discovery in both regions and Grafana's CloudWatch data source,
    on two instances of the ``monitoring-ec2`` instance profile."""
    role = "monitoring-ec2"
    for name, eip, agent in (
        ("prometheus", org.PROMETHEUS_EIP, org.PROMETHEUS),
        ("grafana", org.GRAFANA_EIP, org.GRAFANA),
    ):
        iid = instances[name]
        for block in range(4):
            minted = at(day, 6 * block + tr.rng.uniform(0, 0.3))
            key = tr.key()
            tr.mint(minted, org.PLATFORM, org.HOME, "ec2.amazonaws.com", role, iid, key)
            world.minted.setdefault((role + ":" + name, day), []).append((key, iid, minted))
            ident = tr.role(org.PLATFORM, role, iid, key, minted, ec2=True)
            t, end = minted + dt.timedelta(minutes=2), minted + dt.timedelta(hours=6)
            while t < end and t.date() == day:
                if name == "prometheus":
                    for region in ("eu-west-1", "eu-central-1", "eu-north-1"):
                        tr.add(
                            t + dt.timedelta(seconds=tr.rng.uniform(0, 4)),
                            org.PLATFORM,
                            region,
                            ident,
                            eip,
                            agent,
                            "ec2",
                            "DescribeInstances",
                            read_only=True,
                            request={
                                "filterSet": {
                                    "items": [
                                        {
                                            "name": "tag:prometheus",
                                            "valueSet": {"items": [{"value": "scrape"}]},
                                        }
                                    ]
                                }
                            },
                        )
                    t += dt.timedelta(minutes=world.every(5))
                else:
                    for nm in ("ListMetrics", "GetMetricData"):
                        tr.add(
                            t + dt.timedelta(seconds=tr.rng.uniform(0, 4)),
                            org.PLATFORM,
                            tr.rng.choice(("eu-west-1", "eu-central-1")),
                            ident,
                            eip,
                            agent,
                            "monitoring",
                            nm,
                            read_only=True,
                            request={"namespace": "AWS/ECS"}
                            if nm == "ListMetrics"
                            else {"startTime": "", "endTime": ""},
                        )
                    t += dt.timedelta(minutes=world.every(10))
