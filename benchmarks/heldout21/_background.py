"""Koorak Minerals' everyday activity: machines (Greengrass gateways, Outposts plant servers,
SAP on EC2, Windows jump hosts, Lambda functions, Glue), the SAP partner, Terraform from
Bitbucket Pipelines, AWS Config, and people (fly-in fly-out crews, the Perth office,
contractors). Each actor is a few lines of data handed to one of a handful of drawers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.heldout21 import _org as o
from benchmarks.heldout21._net import aws_address
from benchmarks.heldout21._trail import Session, Trail

Call = tuple[str, str]  # (service, event name)


@dataclass(frozen=True)
class Fleet:
    """Machines of one role whose keys an AWS service mints every ``hours``."""

    account: str
    role: str
    members: tuple[str, ...]  # instance ids / thing names / function names
    service: str  # "ec2", "credentials.iot", "lambda", "glue"
    calls: tuple[Call, ...]
    ua: str
    per_hour: float  # calls per member per active hour
    hours: int = 1
    active: tuple[int, int] = (0, 24)  # Perth hours
    data: frozenset[str] = frozenset()  # event names that are data events
    agent: str | None = None  # the SSM agent's user agent, when the machine runs it


GREENGRASS_CALLS = (
    ("iotsitewise", "BatchPutAssetPropertyValue"),
    ("timestream", "WriteRecords"),
    ("timestream", "DescribeEndpoints"),
    ("s3", "PutObject"),
    ("greengrass", "ListThingGroupsForCoreDevice"),
)
DATA = frozenset({"BatchPutAssetPropertyValue", "WriteRecords", "PutObject", "GetObject"})


def gateways(site: str, n: int) -> tuple[str, ...]:
    short = {"site_a": "yarrie", "site_b": "leonora", "site_c": "mtmagnet"}[site]
    return tuple(f"{short}-gg-core-{i:02d}" for i in range(1, n + 1))


def fleets(scale: float) -> dict[str, Fleet]:
    acc = o.ACCOUNTS
    rate = max(scale, 0.05)
    return {
        "gw_a": Fleet(
            acc["ot-data"],
            "GreengrassV2TokenExchangeRole",
            gateways("site_a", 3),
            "credentials.iot",
            GREENGRASS_CALLS,
            o.UA_GREENGRASS,
            9 * rate,
            data=DATA,
        ),
        "gw_b": Fleet(
            acc["ot-data"],
            "GreengrassV2TokenExchangeRole",
            gateways("site_b", 3),
            "credentials.iot",
            GREENGRASS_CALLS,
            o.UA_GREENGRASS,
            9 * rate,
            data=DATA,
        ),
        "plant": Fleet(
            acc["mine-operations"],
            "plant-historian-server",
            (
                "i-0a3f19c2e7b84d501",
                "i-0c77e2b9d1f04a3e6",
                "i-04be8d21c6a9f7053",
                "i-09d1c3a7e52f8b640",
            ),
            "ec2",
            (
                ("iotsitewise", "GetAssetPropertyValue"),
                ("s3", "GetObject"),
                ("kms", "Decrypt"),
                ("ec2", "DescribeTags"),
            ),
            o.UA_BOTO_PLANT,
            4 * rate,
            data=DATA,
            agent=o.UA_SSM_LINUX,
        ),
        "sap": Fleet(
            acc["corporate-erp"],
            "sap-ec2-backint",
            ("i-0e5b7a9c3d1f28064", "i-01f4d8e6b2a9c7350", "i-07c2a1e9f5b3d8416"),
            "ec2",
            (
                ("s3", "PutObject"),
                ("kms", "GenerateDataKey"),
                ("s3", "ListObjectsV2"),
                ("ec2", "DescribeInstances"),
            ),
            o.UA_BACKINT,
            5 * rate,
            data=DATA,
            agent=o.UA_SSM_LINUX,
        ),
        "jump": Fleet(
            acc["shared-network"],
            "jumphost-ssm",
            (
                "i-0b81f2c4a6d93e507",
                "i-0d2e7f9a1c4b86305",
                "i-03a9c6e1f7d2b4580",
                "i-0f6d3b8e2a1c97405",
            ),
            "ec2",
            (("ec2", "DescribeInstances"), ("s3", "GetObject"), ("ssm", "GetParameter")),
            o.UA_PS,
            1 * rate,
            active=(6, 19),
            data=DATA,
            agent=o.UA_SSM_WIN,
        ),
        "export": Fleet(
            acc["analytics"],
            "historian-export-lambda",
            ("historian-export",),
            "lambda",
            (
                ("timestream", "Query"),
                ("s3", "GetObject"),
                ("s3", "PutObject"),
                ("glue", "GetTable"),
            ),
            o.UA_LAMBDA,
            12 * rate,
            hours=3,
            data=DATA,
        ),
        "erp_glue": Fleet(
            acc["corporate-erp"],
            "glue-erp-close",
            ("GlueJobRunnerSession",),
            "glue",
            (
                ("glue", "GetTable"),
                ("glue", "GetPartitions"),
                ("s3", "GetObject"),
                ("athena", "StartQueryExecution"),
            ),
            o.UA_LAMBDA.replace("exec-env/AWS_Lambda_python3.12", "exec-env/AWS_Glue"),
            3 * rate,
            active=(1, 5),
            data=DATA,
        ),
    }


def draw_fleet(
    trail: Trail,
    seed: int,
    name: str,
    f: Fleet,
    cal: o.Calendar,
    egress: Callable[[str, dt.date], list[str]],
    volume: Callable[[dt.date], int],
    ua: Callable[[dt.date], tuple[str, str | None]] | None = None,
    silent: Callable[[dt.date], bool] = lambda d: False,
    begin: dt.datetime | None = None,
) -> dict[str, list[Session]]:
    """Every key a fleet's service minted and every call made with it; keys by member."""
    keys: dict[str, list[Session]] = {}
    for day in cal.drawn:
        if silent(day):
            continue
        rng = o.rng_for(seed, "fleet", name, day)
        addrs = egress(name, day)
        sdk, agent = ua(day) if ua else (f.ua, f.agent)
        for m, member in enumerate(f.members):
            for hour in range(0, 24, f.hours):
                idle = all(not f.active[0] <= h < f.active[1] for h in range(hour, hour + f.hours))
                if idle and f.service in ("glue", "lambda"):
                    continue  # a job or function that does not run mints nothing
                t0 = o.at(day, hour + rng.random() * 0.2)
                if begin is not None and t0 < begin:
                    continue
                session, _ = trail.mint(
                    f.service,
                    f.account,
                    f.role,
                    member,
                    t0,
                    hours=max(f.hours, 1) + 5,
                    ec2=f.service == "ec2",
                )
                keys.setdefault(member, []).append(session)
                for h in range(hour, hour + f.hours):
                    if not f.active[0] <= h < f.active[1]:
                        continue
                    n = _count(rng, f.per_hour * volume(day))
                    for _ in range(n):
                        svc, api = rng.choice(f.calls)
                        t = o.at(day, h + rng.random())
                        ip = addrs[(m + int(t.minute / 20)) % len(addrs)]
                        trail.call(
                            session,
                            t,
                            svc,
                            api,
                            ip=ip,
                            ua=sdk,
                            data=api in f.data,
                            params=_params(api, f.account, rng),
                        )
                    if agent and h % 2 == 0:
                        t = o.at(day, h + rng.random())
                        trail.call(
                            session,
                            t,
                            "ssm",
                            "UpdateInstanceInformation",
                            ip=addrs[m % len(addrs)],
                            ua=agent,
                            params={"instanceId": member, "agentStatus": "Active"},
                        )
    return keys


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def _params(api: str, account: str, rng: random.Random) -> dict[str, object] | None:
    if api in ("PutObject", "GetObject"):
        return {
            "bucketName": f"koorak-{account[-4:]}-historian",
            "key": f"raw/{rng.randrange(10**6)}.parquet",
        }
    if api == "BatchPutAssetPropertyValue":
        return {"entries": [{"entryId": str(rng.randrange(10**5)), "assetId": "haul-truck-fleet"}]}
    if api == "GetParameter":
        return {"name": "/jumphost/baseline-script"}
    return None


def egress_for(seed: int, cal: o.Calendar) -> Callable[[str, dt.date], list[str]]:
    """Where each fleet's calls leave: the sites' satellite CGNAT, else its account's NAT."""

    def egress(name: str, day: dt.date) -> list[str]:
        if name.startswith("gw_"):
            return o.site_egress(seed, "site_" + name[-1], day, cal)
        if name == "export" or name == "erp_glue":
            rng = o.rng_for(seed, "lambda-addr", name, day)
            return [aws_address("ap-southeast-2", rng) for _ in range(3)]
        account = {"plant": "mine-operations", "sap": "corporate-erp", "jump": "shared-network"}[
            name
        ]
        return [o.nat(seed, account)]

    return egress
