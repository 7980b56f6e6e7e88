"""Workloads: the patient portal's Auto Scaling web tier (us-east-1 and us-west-2), the Bedrock
claims summariser on ECS, the data platform (EMR, Glue, Step Functions, Batch, Redshift), AWS
Backup's cross-account copies, AWS Config, and the joining clinic account's app and Lambda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout4._org import (
    ACCOUNTS,
    BOTO_EC2,
    BOTO_ECS,
    CW_AGENT,
    EMRFS,
    SSM_AGENT,
    Org,
    at,
)
from benchmarks.heldout4._platform import Platform
from benchmarks.heldout4._trail import Incident, vpce

MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0"
WEB = [
    ("secretsmanager", "GetSecretValue", 1),
    ("kms", "Decrypt", 2),
    ("ssm", "UpdateInstanceInformation", 2),
    ("ec2", "DescribeTags", 1),
]
GREEN = [
    ("comprehendmedical", "DetectEntitiesV2", 2),
    ("dynamodb", "DescribeTable", 1),
    ("kms", "GenerateDataKey", 1),
]
EMR_NODE = [
    ("glue", "GetTable", 2),
    ("glue", "GetPartitions", 1),
    ("kms", "Decrypt", 2),
    ("ssm", "UpdateInstanceInformation", 1),
]
CLINIC = [
    ("s3", "ListBuckets", 0),
    ("secretsmanager", "GetSecretValue", 1),
    ("ssm", "GetParameters", 1),
    ("ssm", "UpdateInstanceInformation", 2),
]


@dataclass
class Instance:
    id: str
    account: str
    region: str
    role: str
    born: dt.datetime
    apis: list[tuple[str, str, int]]
    nat: str
    minute: float
    died: dt.datetime | None = None
    incident: Incident | None = None
    keys: list[tuple[dt.datetime, str]] = field(default_factory=list)

    def key_at(self, t: dt.datetime) -> str:
        return [k for since, k in self.keys if since <= t][-1]


@dataclass
class Workloads(Platform):
    org: Org
    scale: float
    joined: dt.date
    fleet: list[Instance] = field(default_factory=list)
    emr_cluster: str = ""

    def launch(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        role: str,
        apis: list[tuple[str, str, int]],
        nat: str,
        incident: Incident | None = None,
        by_asg: bool = True,
    ) -> Instance:
        org = self.org
        inst = Instance(
            org.trail.hexid("i-0"),
            ACCOUNTS[account],
            region,
            role,
            t,
            apis,
            nat,
            org.rng.uniform(0, 55),
            incident=incident,
        )
        self.fleet.append(inst)
        if by_asg:
            self.asg(t, inst, "RunInstances")
        return inst

    def asg(
        self, t: dt.datetime, inst: Instance, api: str, incident: Incident | None = None
    ) -> None:
        ident = self.org.session(
            inst.account,
            "AWSServiceRoleForAutoScaling",
            "AutoScaling",
            None,
            t,
            invoked_by="autoscaling.amazonaws.com",
            path="aws-service-role/autoscaling.amazonaws.com/",
        )
        self.org.trail.event(
            t,
            inst.account,
            inst.region,
            "ec2",
            api,
            ident,
            "autoscaling.amazonaws.com",
            "autoscaling.amazonaws.com",
            params={"instancesSet": {"items": [{"instanceId": inst.id}]}},
            incident=incident or inst.incident,
            read_only=False,
        )

    def start(self, first: dt.date) -> None:
        t0 = at(first, 0) - dt.timedelta(days=3)
        n = max(1, round(3 * self.scale))
        for region in ("us-east-1", "us-west-2"):
            for _ in range(n):
                self.launch(
                    t0, "prod", region, "portal-web-ec2", WEB, f"nat:prod:{region}", by_asg=False
                )
        self.emr_cluster = "j-" + self.org.trail.ident("", 13)
        for _ in range(1 + max(1, round(4 * self.scale))):
            self.launch(
                t0, "data", "us-east-1", "EMR_EC2_ClaimsRole", EMR_NODE, "nat:data", by_asg=False
            )

    def live(self, t: dt.datetime) -> list[Instance]:
        return [i for i in self.fleet if i.born <= t and (i.died is None or i.died > t)]

    def day(self, day: dt.date) -> None:
        org, rng = self.org, self.org.rng
        # Auto Scaling: a health-check replacement now and then, a weekday afternoon scale-out
        for region in ("us-east-1", "us-west-2"):
            web = [
                i
                for i in self.live(at(day, 0))
                if i.role == "portal-web-ec2" and i.region == region
            ]
            if web and rng.random() < 0.3:
                t = at(day, rng.uniform(0, 23))
                old = rng.choice(web)
                old.died = t
                self.asg(t, old, "TerminateInstances")
                self.launch(
                    t + dt.timedelta(minutes=1),
                    "prod",
                    region,
                    old.role,
                    old.apis,
                    old.nat,
                    old.incident,
                )
            if org.workday(day) and web:
                extra = self.launch(
                    at(day, 14 + rng.random()),
                    "prod",
                    region,
                    web[0].role,
                    web[0].apis,
                    web[0].nat,
                    web[0].incident,
                )
                extra.died = at(day, 22 + rng.random())
                self.asg(extra.died, extra, "TerminateInstances")
        if day >= self.joined and not any(i.account == ACCOUNTS["west"] for i in self.fleet):
            for _ in range(2):
                self.launch(
                    at(day, 0),
                    "west",
                    "us-west-2",
                    "clinic-app-ec2",
                    CLINIC,
                    "nat:west",
                    by_asg=False,
                )
        for hour in range(24):
            begin, end = at(day, hour), at(day, hour + 1)
            for inst in [
                i for i in self.fleet if i.born < end and (i.died is None or i.died > begin)
            ]:
                self.hour(inst, day, hour)
        self.bedrock(day)
        self.nightly(day)
        self.backup(day)
        self.config(day)
        if day >= self.joined:
            self.west(day)

    def hour(self, inst: Instance, day: dt.date, hour: int) -> None:
        org, rng = self.org, self.org.rng
        start = at(day, hour + inst.minute / 60)
        if start < inst.born:
            start = inst.born + dt.timedelta(minutes=2)
        if inst.died is not None and start >= inst.died:
            return
        key = org.by_service(
            start,
            inst.account,
            inst.region,
            inst.role,
            inst.id,
            "ec2.amazonaws.com",
            incident=inst.incident,
        )
        inst.keys.append((start, key))
        ident = org.session(inst.account, inst.role, inst.id, key, start, ec2=True)
        night = inst.role.startswith("EMR") and 5 <= hour <= 10  # the nightly batch, 01:00-06:00 ET
        nat = org.net.ec2(inst.region, name=inst.nat)
        private = org.net.private("10.40", name=f"ip:{inst.id}")
        for svc, api, count in inst.apis:
            for _ in range(count * (6 if night and svc == "glue" else 1)):
                t = start + dt.timedelta(seconds=rng.uniform(5, 3500))
                if inst.died is not None and t >= inst.died:
                    continue
                agent = {"ssm": SSM_AGENT, "ec2": CW_AGENT}.get(
                    svc, EMRFS if inst.role.startswith("EMR") else BOTO_EC2
                )
                endpoint = svc in ("kms", "secretsmanager", "glue", "dynamodb")
                error = "throttled" if rng.random() < 0.003 else None
                org.trail.event(
                    t,
                    inst.account,
                    inst.region,
                    svc,
                    api,
                    ident,
                    private if endpoint else nat,
                    agent,
                    params={"instanceId": inst.id} if svc == "ssm" else {},
                    vpce=vpce(inst.account, svc + inst.region) if endpoint else None,
                    error=error,
                    incident=inst.incident,
                )

    def bedrock(self, day: dt.date) -> None:
        """The claims summariser: ECS tasks, keys every 6 hours, InvokeModel through the day."""
        org, rng = self.org, self.org.rng
        prod = ACCOUNTS["prod"]
        nat = org.net.ec2("us-east-1", name="nat:prod:us-east-1")
        for task in range(max(1, round(2 * self.scale))):
            tid = org.trail.hexid("", 32)
            for block in range(4):
                t = at(day, block * 6 + task + rng.random())
                key = org.by_service(
                    t, prod, "us-east-1", "claims-summarizer-task", tid, "ecs-tasks.amazonaws.com"
                )
                ident = org.session(prod, "claims-summarizer-task", tid, key, t)
                for hour in range(6):
                    busy = org.workday(day) and 13 <= block * 6 + hour <= 23
                    for _ in range(6 if busy else 1):
                        when = t + dt.timedelta(hours=hour, seconds=rng.uniform(0, 3500))
                        error = "throttled" if rng.random() < 0.01 else None
                        org.trail.event(
                            when,
                            prod,
                            "us-east-1",
                            "bedrock",
                            "InvokeModel",
                            ident,
                            nat,
                            BOTO_ECS,
                            params={"modelId": MODEL},
                            error=error,
                            read_only=True,
                        )
                    org.trail.event(
                        t + dt.timedelta(hours=hour, minutes=1),
                        prod,
                        "us-east-1",
                        "kms",
                        "Decrypt",
                        ident,
                        nat,
                        BOTO_ECS,
                        params={},
                    )
