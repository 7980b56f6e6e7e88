"""A semester day at Lakeshore: people, central IT, the HPC cluster, notebooks, the EKS
pipelines, Access Analyzer, the data-transfer node and the world reading the public datasets."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout6 import _agents as ua
from benchmarks.heldout6._net import NETS, aws_address
from benchmarks.heldout6._org import IRB, PUBLIC, Org, Person
from benchmarks.heldout6._records import Who, denied, key_id, session, uid
from benchmarks.heldout6._s3 import console_login, data_event


def _pick(rng: random.Random, rows: list[tuple[str, str, int]]) -> tuple[str, str]:
    service, name, _ = rng.choices(rows, weights=[w for *_, w in rows])[0]
    return service, name


def where(org: Org, p: Person, index: int, hour: float) -> tuple[str, str]:
    """(address, network name) of a person at a local hour, travel included."""
    travel = p.extra.get("travel", {}).get(index)
    if travel:
        net = travel[0] if 8 <= (hour + travel[2]) % 24 < 18 else travel[1]
        return NETS[net].address(random.Random(f"{org.seed}:{p.name}:{net}:{index}")), net
    if not org.offday(index) and 9 <= hour < 18 and org.rng.random() < 0.65:
        return org.campus_ip(p, index), "campus"
    return org.home_ip(p, index), p.home


def mfa_session(org: Org, p: Person, t: dt.datetime, ip: str, agent: str) -> Who:
    """GetSessionToken with the person's MFA device: the lab policy requires it for writes."""
    key = key_id(org.rng, "ASIA")
    org.emit(
        t,
        p.who,
        "sts",
        "GetSessionToken",
        "us-east-1",
        ip,
        agent,
        params={
            "durationSeconds": 43200,
            "serialNumber": f"arn:aws:iam::{p.who.account}:mfa/{p.name}",
        },
        response={
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjEKf//////////wEaCXVzLWVhc3QtMSJG",
                "expiration": (t + dt.timedelta(hours=12)).strftime("%b %d, %Y, %I:%M:%S %p"),
            }
        },
        read_only=True,
    )
    return p.who.with_key(key, t, mfa=True)


def tool_session(
    org: Org, p: Person, index: int, hour: float, tool: str, calls: int, *, who: Who | None = None
) -> None:
    rng = org.rng
    t = org.at(index, hour)
    ip, _ = where(org, p, index, hour)
    caller = who or p.who
    if (
        who is None
        and p.sts_mfa
        and not tool.startswith(("rclone", "cyberduck", "s3browser", "s3fs"))
    ):
        caller = mfa_session(org, p, t, ip, ua.agent(tool, "GetSessionToken"))
    region = p.extra.get("region", "us-east-2" if p.account == "genomics" else "us-east-1")
    for _ in range(calls):
        t += dt.timedelta(seconds=rng.expovariate(1 / 90))
        service, name = _pick(rng, ua.REPERTOIRE[tool])
        agent = ua.agent(tool, name.removeprefix("data:"))
        if name.startswith("data:"):
            bucket = IRB if p.lab == "health" and rng.random() < 0.7 else PUBLIC
            error = "AccessDenied" if rng.random() < 0.01 else None
            data_event(org, t, caller, name[5:], bucket, ip, agent, error=error)
            continue
        error = denied(service) if rng.random() < 0.02 else None
        org.emit(
            t, caller, service, name, region, ip, agent, params=_params(name, region), error=error
        )


def _params(name: str, region: str) -> dict[str, Any] | None:
    if name in ("ListBuckets", "GetCallerIdentity", "GetAccountSummary", "DescribeBudgets"):
        return None
    if name.startswith("Describe") and not name.startswith("DescribeTraining"):
        return (
            {"maxResults": 100}
            if name != "DescribeInstances"
            else {"instancesSet": {}, "filterSet": {}}
        )
    if name == "GetCostAndUsage":
        return {"granularity": "DAILY", "metrics": ["UnblendedCost"]}
    return {"region": region} if name.startswith("GetBucket") else {}


def console_session(org: Org, p: Person, index: int, hour: float, calls: int) -> None:
    rng = org.rng
    t = org.at(index, hour)
    ip, _ = where(org, p, index, hour)
    browser = p.extra.get("browser", ua.CHROME if rng.random() < 0.8 else ua.FIREFOX)
    console_login(org, t, p.who, ip, browser, mfa=p.mfa)
    who = p.who.with_key(key_id(rng, "ASIA"), t, mfa=p.mfa, console=True)
    region = "us-east-2" if p.account == "genomics" else "us-east-1"
    for _ in range(calls):
        t += dt.timedelta(seconds=rng.expovariate(1 / 40))
        service, name = _pick(rng, ua.CONSOLE)
        internal = rng.random() < 0.2
        org.emit(
            t,
            who,
            service,
            name,
            region,
            "AWS Internal" if internal else ip,
            "AWS Internal" if internal else browser,
            params=_params(name, region),
            error=denied(service) if rng.random() < 0.02 else None,
        )


def people(org: Org, index: int, roster: list[Person]) -> None:
    rng = org.rng
    off = org.offday(index)
    for p in roster:
        if index < p.since or (p.account == "neuro" and index < org.joins):
            continue
        chance = (0.35 if p.night else 0.15) if off else 0.85
        if rng.random() > chance * min(p.activity, 1.0) and not p.extra.get("travel", {}).get(
            index
        ):
            continue
        if index in p.extra.get("away", ()):
            continue
        travel = p.extra.get("travel", {}).get(index)
        tools = p.extra.get("tools", {}).get(index, p.tools)
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            hour = rng.uniform(20, 27) if p.night and rng.random() < 0.6 else rng.uniform(8.5, 18.5)
            if travel:  # the same working day in the traveller's time zone
                hour = (rng.uniform(8.5, 22) - travel[2]) % 24
            if p.console and rng.random() < 0.35:
                console_session(org, p, index, hour, int(rng.randint(4, 16) * org.scale) + 1)
            else:
                calls = int(rng.randint(3, 22) * p.activity * org.scale) + 1
                tool_session(org, p, index, hour, rng.choice(tools), calls)


def central_it(org: Org, index: int) -> None:
    """IT staff sign in with MFA and switch into each account's admin role."""
    rng = org.rng
    if org.offday(index) and rng.random() < 0.8:
        return
    for p in org.it_staff:
        if rng.random() < 0.25:
            continue
        t = org.at(index, rng.uniform(8, 17))
        ip = org.campus_ip(p, index)
        console_login(org, t, p.who, ip, ua.CHROME, mfa=True)
        mine = p.who.with_key(key_id(rng, "ASIA"), t, mfa=True, console=True)
        names = [n for n in org.accounts if n != "it" and (n != "neuro" or index >= org.joins)]
        for target in rng.sample(names, k=rng.randint(1, 2)):
            t += dt.timedelta(minutes=rng.uniform(1, 20))
            admin = switch_role(org, t, mine, org.admin_roles[target], p.name, ip, ua.CHROME)
            for _ in range(rng.randint(3, 12)):
                t += dt.timedelta(seconds=rng.expovariate(1 / 60))
                service, name = rng.choice(_IT_CALLS)
                internal = rng.random() < 0.2
                org.emit(
                    t,
                    admin,
                    service,
                    name,
                    "us-east-1",
                    "AWS Internal" if internal else ip,
                    "AWS Internal" if internal else ua.CHROME,
                    params=_params(name, "us-east-1"),
                )


_IT_CALLS = [
    ("iam", "ListUsers"),
    ("iam", "ListRoles"),
    ("iam", "GetAccountSummary"),
    ("ce", "GetCostAndUsage"),
    ("budgets", "DescribeBudgets"),
    ("access-analyzer", "ListFindings"),
    ("access-analyzer", "ListAnalyzers"),
    ("ec2", "DescribeInstances"),
    ("s3", "ListBuckets"),
    ("health", "DescribeEventAggregates"),
]


def switch_role(
    org: Org, t: dt.datetime, caller: Who, target: Who, name: str, ip: str, agent: str
) -> Who:
    """A cross-account AssumeRole: one record in each account, one sharedEventID."""
    key = key_id(org.rng, "ASIA")
    shared = uid(org.rng)
    for recipient in (caller.account, target.account):
        org.emit(
            t,
            caller,
            "sts",
            "AssumeRole",
            "us-east-1",
            ip,
            agent,
            recipient=recipient,
            params={"roleArn": target.arn, "roleSessionName": name, "durationSeconds": 3600}
            | (
                {"serialNumber": caller.arn.replace(":user/", ":mfa/")}
                if caller.mfa and not caller.console
                else {}
            ),
            response={
                "credentials": {"accessKeyId": key, "expiration": "1h"},
                "assumedRoleUser": {
                    "assumedRoleId": f"{target.role_id}:{name}",
                    "arn": f"arn:aws:sts::{target.account}:assumed-role/{target.name}/{name}",
                },
            },
            read_only=True,
            resources=[{"accountId": target.account, "type": "AWS::IAM::Role", "ARN": target.arn}],
            shared=shared,
        )
    return session(target, name, key, t, mfa=caller.mfa, console=caller.console)


def analyzer(org: Org, index: int) -> None:
    host = "access-analyzer.amazonaws.com"
    for name, r in org.analyzer.items():
        if name == "neuro" and index < org.joins:
            continue
        t = org.at(index, org.rng.uniform(0, 23))
        who = org.mint(t, r, "access-analyzer", host, "us-east-1", extra={"invokedBy": host})
        calls = [("iam", "ListRoles"), ("iam", "GetRole"), ("kms", "GetKeyPolicy")]
        calls += [
            ("s3", n)
            for n in (
                "GetBucketPolicyStatus",
                "GetBucketPolicy",
                "GetBucketAcl",
                "GetBucketPublicAccessBlock",
            )
        ]
        for service, call in calls:
            t += dt.timedelta(seconds=org.rng.uniform(1, 30))
            org.emit(t, who, service, call, "us-east-1", host, host, params={})


def data_transfer(org: Org, index: int) -> None:
    """Globus pushes the night's model output to the public bucket from the campus DTN."""
    rng = org.rng
    t = org.at(index, rng.uniform(22, 26))
    org.emit(t, org.dtn, "s3", "ListBuckets", "us-east-1", org.dtn_ip, ua.GLOBUS)
    for _ in range(int(rng.randint(4, 10) * org.scale) + 1):
        t += dt.timedelta(seconds=rng.uniform(20, 300))
        obj = f"era5/2024/{uid(rng)[:8]}.nc"
        data_event(
            org, t, org.dtn, "CreateMultipartUpload", PUBLIC, org.dtn_ip, ua.GLOBUS, key=obj, size=0
        )
        for _ in range(rng.randint(2, 6)):
            t += dt.timedelta(seconds=rng.uniform(2, 20))
            data_event(
                org, t, org.dtn, "UploadPart", PUBLIC, org.dtn_ip, ua.GLOBUS, key=obj, size=67108864
            )
        data_event(
            org,
            t,
            org.dtn,
            "CompleteMultipartUpload",
            PUBLIC,
            org.dtn_ip,
            ua.GLOBUS,
            key=obj,
            size=0,
        )


_WORLD_AGENTS = (
    "aws-cli/2.15.19 Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off command/s3.cp",
    "python-requests/2.31.0",
    "Wget/1.21.2",
    "curl/8.4.0",
    "Boto3/1.34.40 md/Botocore#1.34.40 ua/2.0 os/linux#5.15.0-1051-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.40",
)


def world(org: Org, index: int) -> None:
    """Anonymous readers of the public datasets (other universities, EC2, homes), and three
    partner accounts' pipelines reading them with their own credentials."""
    rng = org.rng
    anon = Who("anonymous", "ANONYMOUS_PRINCIPAL")
    pool = random.Random(f"{org.seed}:world")
    ips = [
        NETS[pool.choice(("princeton", "indiana", "jisc", "surf", "comcast", "eduroam"))].address(
            pool
        )
        for _ in range(60)
    ]
    ips += [
        aws_address(pool.choice(("us-east-1", "us-east-2", "us-west-2")), pool) for _ in range(40)
    ]
    for _ in range(int(rng.randint(250, 400) * org.scale)):
        t = org.at(index, rng.uniform(-6, 18))
        name = rng.choices(("GetObject", "HeadObject", "ListObjects"), weights=(6, 3, 1))[0]
        data_event(org, t, anon, name, PUBLIC, rng.choice(ips), rng.choice(_WORLD_AGENTS))
    for account, ip in org.readers:
        reader = Who("account", account, principal_id=f"AROA{account[:8]}:reader")
        for _ in range(int(rng.randint(10, 30) * org.scale)):
            t = org.at(index, rng.uniform(-6, 18))
            data_event(org, t, reader, "GetObject", PUBLIC, ip, _WORLD_AGENTS[4])
