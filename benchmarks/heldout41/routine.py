"""What Karabatak's accounts do every day: the bidder's instances and ECS tasks through the NAT
gateways, the creative scanner Lambda, GitLab deploys through OIDC, Datadog and Tallis Verify
through their cross-account roles, the nightly EMR cluster, people through Identity Center, the
legacy IAM users, and AWS Config acting through its service-linked role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout41 import org
from benchmarks.heldout41.trail import Session, Trail

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


@dataclass
class World:
    trail: Trail
    days: list[dt.date]
    scale: float
    switch: dict[str, dt.datetime] = field(default_factory=dict)  # benign change -> from when
    joined: dict[str, dt.date] = field(default_factory=dict)  # account -> first day
    fleet: list[dict[str, Any]] = field(default_factory=list)  # bidder instances
    nat_ip: dict[str, str] = field(default_factory=dict)
    keys: dict[str, Session] = field(default_factory=dict)  # the latest key of a workload

    def on(self, change: str, t: dt.datetime) -> bool:
        return change in self.switch and t >= self.switch[change]

    def n(self, full: int, least: int = 1) -> int:
        return max(least, round(full * self.scale))

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)

    def jitter(self, t: dt.datetime, minutes: int = 20) -> dt.datetime:
        return t + dt.timedelta(seconds=self.trail.rng.randrange(minutes * 60))

    def error(self, workload: bool = True) -> str | None:
        x = self.trail.rng.random()
        if workload:
            return "ThrottlingException" if x < 0.003 else None
        return "AccessDenied" if x < 0.015 else None


def setup(w: World) -> None:
    tr = w.trail
    for nat in ("nat_a", "nat_b", "nat_c", "nat_new", "gulf_nat"):
        w.nat_ip[nat] = tr.ip(nat)
    for i in range(w.n(14, 2)):
        w.fleet.append(
            {
                "id": tr.instance_id(),
                "nat": ("nat_a", "nat_b", "nat_c")[i % 3],
                "task": tr.task_id(),
            }
        )


def instances(w: World, day: dt.date) -> list[dict[str, Any]]:
    out = list(w.fleet)
    surge = w.switch.get("scale_out")
    if surge is not None and day >= surge.date() and "surge" not in w.joined:
        w.joined["surge"] = day
        for i in range(len(w.fleet)):
            tr = w.trail
            w.fleet.append(
                {
                    "id": tr.instance_id(),
                    "nat": ("nat_a", "nat_b", "nat_c")[i % 3],
                    "task": tr.task_id(),
                    "from": surge,
                }
            )
        out = list(w.fleet)
    return out


def bidder(w: World, day: dt.date) -> None:
    tr = w.trail
    for inst in instances(w, day):
        for block in range(4):
            start = w.jitter(w.at(day, block * 6), 50)
            if inst.get("from") and start < inst["from"]:
                continue
            nat = inst["nat"]
            if nat == "nat_a" and w.on("nat_move", start):
                nat = "nat_new"
            ip = w.nat_ip[nat]
            node = tr.minted(
                start, "ec2", org.BIDDER, "bidder-node-role", inst["id"], org.HOME, ec2=True
            )
            w.keys[inst["id"]] = node
            for k in range(6):
                t = w.jitter(start + k * H, 30)
                name, src, ua = (
                    ("DiscoverPollEndpoint", "ecs", org.UA["ecs_agent"])
                    if k % 3 == 0
                    else ("UpdateInstanceInformation", "ssm", org.UA["ssm_agent"])
                )
                tr.event(t, node, src, name, ip, ua, error=w.error(), read_only=False)
            if w.on("release", start) and not inst.get("released"):
                inst["released"], inst["task"] = True, tr.task_id()
            task = tr.minted(
                start + 2 * M, "ecs-tasks", org.BIDDER, "bidder-task-role", inst["task"], org.HOME
            )
            w.keys[inst["task"]] = task
            new = w.on("release", start)
            ua = org.UA["go_bidder_new" if new else "go_bidder"]
            calls = [
                ("ssm", "GetParameter"),
                ("kms", "Decrypt"),
                ("kms", "Decrypt"),
                ("ssm", "GetParameter"),
            ]
            if new:  # the release reads the bid-shading key and the floor-price table
                calls += [
                    ("secretsmanager", "GetSecretValue"),
                    ("dynamodb", "DescribeTable"),
                    ("kms", "GenerateDataKey"),
                ]
            for src, name in calls:
                t = w.jitter(start + 3 * M, 340)
                tr.event(t, task, src, name, ip, ua, error=w.error())


def creative_scanner(w: World, day: dt.date) -> None:
    tr = w.trail
    for env in range(w.n(5, 2)):
        start = w.jitter(w.at(day, 1 + env * 4.5), 60)
        fn = tr.minted(
            start, "lambda", org.BIDDER, "creative-scanner-role", "creative-scanner", org.HOME
        )
        w.keys["creative-scanner"] = fn
        ip = tr.ip("lambda")
        ua = org.UA["lambda_py313" if w.on("lambda_py313", start) else "lambda_py311"]
        for _ in range(8):
            t = w.jitter(start, 200)
            tr.event(
                t,
                fn,
                "rekognition",
                "DetectModerationLabels",
                ip,
                ua,
                error=w.error(),
                read_only=True,
            )
        tr.event(w.jitter(start, 200), fn, "kms", "Decrypt", ip, ua)


def gitlab_deploys(w: World, day: dt.date) -> None:
    if day.weekday() >= 5:
        return
    for _ in range(w.trail.rng.randint(1, 3)):
        start = w.jitter(w.at(day, 7 + w.trail.rng.random() * 8), 30)
        gitlab_session(
            w, start, "project_path:karabatak/bidder:ref_type:branch:ref:main", deploy=True
        )


def gitlab_session(
    w: World, start: dt.datetime, sub: str, *, deploy: bool
) -> tuple[Session, str, str]:
    """A GitLab CI job's ``AssumeRoleWithWebIdentity`` for the deploy role; a deploy's calls.
    Returns (session, source address, the exchange's event ID)."""
    tr = w.trail
    job = str(8_000_000_000 + tr.rng.randrange(10**8))
    ip = tr.ip("gitlab")
    s = tr.assumed(start, org.BIDDER, "gitlab-deployer", f"GitLab-{job}", org.HOME)
    idp = f"arn:aws:iam::{org.BIDDER}:oidc-provider/{org.GITLAB_IDP}"
    r = tr.event(
        start,
        {
            "type": "WebIdentityUser",
            "principalId": f"{idp}:https://gitlab.com:{sub}",
            "userName": sub,
            "identityProvider": idp,
        },
        "sts",
        "AssumeRoleWithWebIdentity",
        ip,
        org.UA["gitlab_cli"],
        account=org.BIDDER,
        region=org.HOME,
        params={
            "roleArn": s.principal,
            "roleSessionName": f"GitLab-{job}",
            "durationSeconds": 3600,
        },
        response={
            **tr.credentials(start, s, 1),
            "subjectFromWebIdentityToken": sub,
            "audience": "https://gitlab.com",
            "provider": idp,
        },
        read_only=True,
    )
    if deploy:
        ua = org.UA["gitlab_cli"]
        steps = ["GetAuthorizationToken", "InitiateLayerUpload", "CompleteLayerUpload", "PutImage"]
        t = start
        for name in steps:
            t += dt.timedelta(seconds=tr.rng.randint(5, 60))
            tr.event(t, s, "ecr", name, ip, ua, read_only=name.startswith("Get"))
        for name in (
            "RegisterTaskDefinition",
            "UpdateService",
            "DescribeServices",
            "DescribeServices",
        ):
            t += dt.timedelta(seconds=tr.rng.randint(5, 90))
            tr.event(t, s, "ecs", name, ip, ua)
    return s, ip, r["eventID"]


def vendor_session(
    w: World,
    t: dt.datetime,
    account: str,
    role: str,
    caller: str,
    net: str,
    ua: str,
    external_id: str,
    *,
    ip: str | None = None,
) -> tuple[Session, str, str]:
    """A vendor's cross-account ``AssumeRole`` with its external ID, from its AWS egress."""
    tr = w.trail
    ip = ip or tr.ip(net)
    s = tr.assumed(t, account, role, f"{caller[-4:]}-{tr.rng.randrange(10**9)}", org.HOME)
    r = tr.event(
        t,
        {"type": "AWSAccount", "principalId": "AIDA" + caller, "accountId": caller},
        "sts",
        "AssumeRole",
        ip,
        ua,
        account=account,
        region=org.HOME,
        params={
            "roleArn": s.principal,
            "roleSessionName": s.identity["arn"].rsplit("/", 1)[1],
            "externalId": external_id,
        },
        response=tr.credentials(t, s, 1),
        extra={"sharedEventID": tr.uuid()},
    )
    return s, ip, r["eventID"]


def vendors(w: World, day: dt.date) -> None:
    tr = w.trail
    dd_ips = [tr.ip("datadog") for _ in range(2)]
    for account in (org.BIDDER, org.DATA):
        for hour in range(0, 24, 3):
            t = w.jitter(w.at(day, hour), 10)
            s, ip, _ = vendor_session(
                w,
                t,
                account,
                "DatadogIntegrationRole",
                org.DATADOG_ACCOUNT,
                "datadog",
                org.UA["datadog"],
                "dd-7f3a91c2e4b8",
                ip=dd_ips[hour % 2],
            )
            for src, name in (
                ("ec2", "DescribeInstances"),
                ("monitoring", "GetMetricData"),
                ("monitoring", "GetMetricData"),
                ("tagging", "GetResources"),
            ):
                tr.event(w.jitter(t, 4), s, src, name, ip, org.UA["datadog"], error=w.error())
    t = w.jitter(w.at(day, 2), 15)
    s, ip, _ = vendor_session(
        w,
        t,
        org.DATA,
        "TallisVerifyReportsReader",
        org.VERIFY_ACCOUNT,
        "verify",
        org.UA["verify"],
        "tv-41c9-karabatak",
    )
    bucket = "karabatak-partner-reports"
    tr.event(
        t + M,
        s,
        "s3",
        "ListObjects",
        ip,
        org.UA["verify"],
        params={"bucketName": bucket, "prefix": f"daily/{day:%Y/%m/%d}/"},
        data=True,
    )
    for i in range(w.n(6, 2)):
        key = f"daily/{day:%Y/%m/%d}/impressions-{i:02d}.csv.gz"
        tr.event(
            w.jitter(t + M, 5),
            s,
            "s3",
            "GetObject",
            ip,
            org.UA["verify"],
            params={"bucketName": bucket, "key": key},
            data=True,
        )


def emr(w: World, day: dt.date) -> None:
    tr = w.trail
    big = w.on("emr_backfill", w.at(day, 12)) and day == w.switch["emr_backfill"].date()
    runs = [(22, w.n(6, 2))] + ([(10, w.n(12, 4))] if big else [])
    for hour, size in runs:
        start = w.jitter(w.at(day, hour), 10)
        svc = tr.assumed(start, org.DATA, "EMR_DefaultRole", "ElasticMapReduceSession", org.HOME)
        svc.identity["invokedBy"] = "elasticmapreduce.amazonaws.com"
        for name in ("RunInstances", "DescribeInstances", "CreateTags"):
            tr.event(
                w.jitter(start, 3),
                svc,
                "ec2",
                name,
                "elasticmapreduce.amazonaws.com",
                "elasticmapreduce.amazonaws.com",
            )
        for _ in range(size):
            node = tr.minted(
                start + 5 * M,
                "ec2",
                org.DATA,
                "EMR_EC2_DefaultRole",
                tr.instance_id(),
                org.HOME,
                ec2=True,
            )
            vpce = w.on("vpce", start)
            ip = (
                f"10.20.{tr.rng.randrange(32, 63)}.{tr.rng.randrange(2, 250)}"
                if vpce
                else tr.ip("emr")
            )
            for _ in range(6):
                t = w.jitter(start + 6 * M, 200)
                src, name = tr.rng.choice(
                    (
                        ("glue", "GetTable"),
                        ("glue", "GetPartitions"),
                        ("glue", "GetPartitions"),
                        ("kms", "Decrypt"),
                    )
                )
                tr.event(
                    t,
                    node,
                    src,
                    name,
                    ip,
                    org.UA["emr"],
                    error=w.error(),
                    vpce="vpce-0d41a7e93c5b2f816" if vpce else None,
                )
