"""A normal day at Tern Orbital: engineers on Identity Center, Ground Station contacts with their
planner Lambdas and dataflow endpoints, Batch imagery processing on spot instances started by
Step Functions, SageMaker training, customers' downloads (presigned URLs, access points, the
open-data bucket), GitHub Actions deploys, the flight-software vendor's role, the mission
control bridge's IAM key, and AWS Config. ``State`` says which lasting changes are in force."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._trail import Trail

TEAM_CALLS: dict[str, list[tuple[str, str]]] = {
    "MissionOps": [
        ("groundstation", "ListContacts"),
        ("groundstation", "DescribeContact"),
        ("groundstation", "ListMissionProfiles"),
        ("groundstation", "ListSatellites"),
        ("monitoring", "GetMetricData"),
        ("logs", "FilterLogEvents"),
        ("ec2", "DescribeInstances"),
        ("lambda", "GetFunction"),
        ("ssm", "DescribeInstanceInformation"),
        ("logs", "DescribeLogGroups"),
    ],
    "Processing": [
        ("batch", "DescribeJobs"),
        ("batch", "ListJobs"),
        ("batch", "DescribeComputeEnvironments"),
        ("states", "ListExecutions"),
        ("states", "DescribeExecution"),
        ("logs", "GetLogEvents"),
        ("ecr", "DescribeImages"),
        ("batch", "DescribeJobQueues"),
        ("ec2", "DescribeSpotPriceHistory"),
    ],
    "MLEngineer": [
        ("sagemaker", "ListTrainingJobs"),
        ("sagemaker", "DescribeTrainingJob"),
        ("sagemaker", "ListModels"),
        ("logs", "GetLogEvents"),
        ("ecr", "DescribeImages"),
        ("sagemaker", "DescribeEndpoint"),
    ],
    "Delivery": [
        ("s3", "ListAccessPoints"),
        ("s3", "GetAccessPointPolicy"),
        ("s3", "GetBucketPolicy"),
        ("cloudfront", "ListDistributions"),
        ("apigateway", "GetRestApis"),
        ("logs", "FilterLogEvents"),
        ("ecs", "DescribeServices"),
    ],
    "PlatformAdmin": [
        ("iam", "ListRoles"),
        ("iam", "GetRole"),
        ("organizations", "ListAccounts"),
        ("cloudtrail", "LookupEvents"),
        ("sso", "ListPermissionSets"),
        ("config", "DescribeComplianceByConfigRule"),
        ("guardduty", "ListFindings"),
        ("securityhub", "GetFindings"),
    ],
}
TEAM_WRITES: dict[str, list[tuple[str, str]]] = {
    "MissionOps": [
        ("groundstation", "ReserveContact"),
        ("ssm", "StartSession"),
        ("lambda", "UpdateFunctionConfiguration"),
    ],
    "Processing": [
        ("batch", "SubmitJob"),
        ("batch", "UpdateJobQueue"),
        ("states", "StartExecution"),
    ],
    "MLEngineer": [("sagemaker", "CreateTrainingJob"), ("sagemaker", "CreateModel")],
    "Delivery": [("s3", "PutAccessPointPolicy"), ("ecs", "UpdateService")],
    "PlatformAdmin": [
        ("iam", "AttachRolePolicy"),
        ("sso", "CreateAccountAssignment"),
        ("organizations", "TagResource"),
    ],
}
SOURCE = {
    "monitoring": "monitoring.amazonaws.com",
    "sso": "sso.amazonaws.com",
    "s3": "s3.amazonaws.com",
}
SECRETS = {
    r: f"arn:aws:secretsmanager:{r}:{o.GROUND}:secret:mission/uplink-auth-{r}-Qx3vT9"
    for r in ("us-east-2", "eu-north-1", "ap-southeast-2", "af-south-1")
}


def src(service: str) -> str:
    return SOURCE.get(service, f"{service}.amazonaws.com")


@dataclass
class State:
    """Lasting changes and where the day's workloads run."""

    gs_regions: list[str] = field(default_factory=lambda: list(o.GS_REGIONS))
    graviton: bool = False
    edge: bool = False
    new_customer: bool = False
    moc_net: str = "office-au"
    gha_repos: list[str] = field(
        default_factory=lambda: ["mission-planner", "imagery-pipeline", "delivery-api"]
    )
    contractor_active: bool = True
    away: dict[str, str] = field(default_factory=dict)  # user -> network for the day


def at(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` hours (UTC) after the day's midnight."""
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=int(hour * 3600))


def people(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """Each engineer's working day: a console session and a CLI session, from the office on
    weekdays, from home in the evening or at the weekend when on call."""
    for p in o.PEOPLE:
        weekday = day.weekday() < 5
        if not weekday and not (p.oncall and rng.random() < 0.5):
            continue
        net = st.away.get(p.user) or (p.office if weekday and rng.random() < 0.7 else p.home)
        ip = pick(rng, net) if net not in (p.office, p.home) else o_host(p, net)
        start = (9 - p.tz + rng.uniform(-1, 1.5)) % 24
        t = at(day, start)
        console = o.sso_creds(trail, t, p, ip, p.browser)
        n = rng.randint(25, 70)
        calls = TEAM_CALLS[p.team]
        for _i in range(n):
            s, name = rng.choice(calls)
            when = t + dt.timedelta(minutes=rng.uniform(1, 480))
            trail.ev(
                when,
                p.account,
                "us-east-2" if s != "groundstation" else rng.choice(st.gs_regions),
                src(s),
                name,
                console.ident,
                ip,
                p.browser,
                console=True,
            )
        cli = o.sso_creds(
            trail,
            t + dt.timedelta(minutes=rng.uniform(5, 90)),
            p,
            ip,
            o.UA_CLI_MAC.format(cmd="sso#login")
            if "macos" in p.cli
            else p.cli.format(cmd="sso#login"),
        )
        for _i in range(rng.randint(12, 40)):
            s, name = rng.choice(calls)
            when = cli.issued + dt.timedelta(minutes=rng.uniform(1, 400))
            region = rng.choice(st.gs_regions) if s == "groundstation" else "us-east-2"
            trail.ev(
                when,
                p.account,
                region,
                src(s),
                name,
                cli.ident,
                ip,
                p.cli.format(cmd=f"{s}#{name.lower()}"),
            )
        if weekday and rng.random() < 0.25:
            s, name = rng.choice(TEAM_WRITES[p.team])
            trail.ev(
                t + dt.timedelta(minutes=rng.uniform(30, 400)),
                p.account,
                "us-east-2",
                src(s),
                name,
                console.ident,
                ip,
                p.browser,
                console=True,
            )


def o_host(p: o.Person, net: str) -> str:
    """A person's own stable address at home or in the office (a few per office)."""
    seed = sum(map(ord, p.user))
    return NETS[net].host(seed % 200 + 10 if net == p.home else seed % 6 + 2)


def config_recorder(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """AWS Config's service-linked role describing resources in every account and region."""
    accounts = [o.MGMT, o.GROUND, o.PROC, o.DELIV] + ([o.EDGE] if st.edge else [])
    for acct in accounts:
        regions = st.gs_regions if acct == o.GROUND else ["us-east-2"]
        for region in regions:
            creds = o.service_creds(
                trail,
                at(day, rng.uniform(0, 2)),
                acct,
                region,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                "config.amazonaws.com",
                hours=24,
                path="/aws-service-role/config.amazonaws.com/",
            )
            creds.ident["invokedBy"] = "config.amazonaws.com"
            for _ in range(max(2, int(rng.randint(30, 60) * trail_scale(trail)))):
                name = rng.choice(
                    [
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "DescribeVpcs",
                        "DescribeSubnets",
                        "DescribeNetworkInterfaces",
                    ]
                )
                trail.ev(
                    at(day, rng.uniform(2, 24)),
                    acct,
                    region,
                    "ec2.amazonaws.com",
                    name,
                    creds.ident,
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                )


def trail_scale(trail: Trail) -> float:
    return trail.scale


def ground(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """Per Ground Station region: the contact planner Lambda every hour, the dataflow endpoint
    instance's SSM heartbeat and its downlink uploads during each contact."""
    scale = trail_scale(trail)
    for region in st.gs_regions:
        net = o.AWS_NET[region]
        lam_ip = pick(rng, net)
        creds = None
        for hour in range(0, 24, 1 if scale >= 0.5 else 3):
            t = at(day, hour + rng.uniform(0, 0.05))
            if creds is None or t >= creds.expires or rng.random() < 0.08:
                creds = o.service_creds(
                    trail,
                    t - dt.timedelta(seconds=2),
                    o.GROUND,
                    region,
                    "contact-planner-role",
                    "contact-planner",
                    "lambda.amazonaws.com",
                    hours=6,
                )
                lam_ip = pick(rng, net)
            for name in ("ListContacts", "DescribeContact"):
                trail.ev(
                    t,
                    o.GROUND,
                    region,
                    "groundstation.amazonaws.com",
                    name,
                    creds.ident,
                    lam_ip,
                    o.UA_LAMBDA,
                )
            if hour % 4 == 1:
                trail.ev(
                    t,
                    o.GROUND,
                    region,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    creds.ident,
                    lam_ip,
                    o.UA_LAMBDA,
                    params={"secretId": SECRETS[region]},
                )
        if region == "us-east-2":
            tasking(trail, rng, day)
        instance = dfe_instance(region)
        eip = dfe_ip(region)
        dfe = None
        for step in range(0, 24 * 60, 30 if scale >= 0.5 else 120):
            t = at(day, step / 60 + rng.uniform(0, 0.01))
            if dfe is None or t >= dfe.expires:
                dfe = o.service_creds(
                    trail,
                    t - dt.timedelta(seconds=30),
                    o.GROUND,
                    region,
                    "DataflowEndpointInstanceRole",
                    instance,
                    "ec2.amazonaws.com",
                    hours=6,
                    ec2=True,
                )
            trail.ev(
                t,
                o.GROUND,
                region,
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                dfe.ident,
                eip,
                o.UA_SSM,
                params={
                    "instanceId": instance,
                    "agentVersion": "3.3.987.0",
                    "agentStatus": "Active",
                    "platformType": "Linux",
                },
                readonly=False,
            )
        for _c in range(max(1, round(4 * scale))):
            t = at(day, rng.uniform(0, 23.5))
            if dfe is None:
                continue
            creds_c = o.service_creds(
                trail,
                t - dt.timedelta(seconds=40),
                o.GROUND,
                region,
                "DataflowEndpointInstanceRole",
                instance,
                "ec2.amazonaws.com",
                hours=6,
                ec2=True,
            )
            pass_id = trail.hexid(8)
            for part in range(rng.randint(3, 6)):
                trail.s3(
                    t + dt.timedelta(seconds=60 * part),
                    o.GROUND,
                    region,
                    "PutObject",
                    creds_c.ident,
                    eip,
                    o.UA_DFE,
                    f"tern-downlink-{region}",
                    f"raw/{day:%Y/%m/%d}/{pass_id}/vita49-{part:03d}.pcap",
                )


def dfe_instance(region: str) -> str:
    return {
        "us-east-2": "i-04c1e9a7b2d3f5e60",
        "eu-north-1": "i-0a8b7c6d5e4f3a291",
        "ap-southeast-2": "i-0f1e2d3c4b5a69788",
        "af-south-1": "i-07d6c5b4a3928f1e0",
    }[region]


def dfe_ip(region: str) -> str:
    return NETS[o.AWS_NET[region]].host(
        {"us-east-2": 4101, "eu-north-1": 902, "ap-southeast-2": 7719, "af-south-1": 311}[region]
    )


def tasking(
    trail: Trail, rng: random.Random, day: dt.date, *, until: float = 24.0
) -> o.Creds | None:
    """The satellite-tasking API's Lambda (behind API Gateway): customers' tasking requests
    become contact reservations; a new execution environment every few hours. The last session."""
    creds = None
    ip = pick(rng, "aws-use2")
    for hour in range(1, int(until), 2):
        t = at(day, hour + rng.uniform(0, 1.5))
        if creds is None or t >= creds.expires:
            creds = o.service_creds(
                trail,
                t - dt.timedelta(seconds=1),
                o.GROUND,
                "us-east-2",
                "tasking-api-role",
                "tasking-api",
                "lambda.amazonaws.com",
                hours=6,
            )
            ip = pick(rng, "aws-use2")
        trail.ev(
            t,
            o.GROUND,
            "us-east-2",
            "groundstation.amazonaws.com",
            "ListContacts",
            creds.ident,
            ip,
            o.UA_LAMBDA,
        )
        if rng.random() < 0.4:
            trail.ev(
                t,
                o.GROUND,
                "us-east-2",
                "groundstation.amazonaws.com",
                "ReserveContact",
                creds.ident,
                ip,
                o.UA_LAMBDA,
                params={
                    "missionProfileArn": f"arn:aws:groundstation:us-east-2:{o.GROUND}:mission-profile/tasking-{trail.hexid(8)}",
                    "satelliteArn": f"arn:aws:groundstation::{o.GROUND}:satellite/tern-{rng.randint(1, 6)}",
                },
            )
            trail.s3(
                t,
                o.GROUND,
                "us-east-2",
                "PutObject",
                creds.ident,
                ip,
                o.UA_LAMBDA,
                "tern-tasking-orders",
                f"orders/{day:%Y/%m/%d}/{trail.hexid(12)}.json",
            )
    return creds
