"""Koorak Minerals' everyday activity: machines (Greengrass gateways, Outposts plant servers,
SAP on EC2, Windows jump hosts, Lambda functions, Glue), the SAP partner, Terraform from
Bitbucket Pipelines, AWS Config, and people (fly-in fly-out crews, the Perth office,
contractors). Each actor is a few lines of data handed to one of a handful of drawers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
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


# -- the SAP partner ------------------------------------------------------------------------------
PARTNER_CALLS: tuple[Call, ...] = (
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeInstanceStatus"),
    ("ssm", "DescribeInstanceInformation"),
    ("monitoring", "GetMetricData"),
    ("ec2", "DescribeSnapshots"),
    ("ssm", "StartSession"),
    ("ssm", "TerminateSession"),
    ("ec2", "DescribeVolumes"),
)
PARTNER_UA = "aws-cli/2.13.25 Python/3.11.5 Linux/5.15.0-91-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
PARTNER_PEOPLE = ("tangent-akumar", "tangent-lchen")


def partner_assume(trail: Trail, seed: int, who: str, t: object, ip: str) -> tuple[Session, str]:
    """Tangent's consultant assumes the SAP role with the agreed external ID."""
    erp = o.ACCOUNTS["corporate-erp"]
    session = trail.role_session(erp, "TangentSAPOps", who, t)  # type: ignore[arg-type]
    from benchmarks.heldout21._trail import credentials

    event = trail.call(
        {
            "type": "AWSAccount",
            "principalId": "AIDA" + "TANGENT" + who[-6:].upper().ljust(10, "X"),
            "accountId": o.PARTNER_ACCOUNT,
        },
        t,
        "sts",
        "AssumeRole",
        ip=ip,
        ua=PARTNER_UA.format(cmd="sts.assume-role"),
        account=erp,  # type: ignore[arg-type]
        params={
            "roleArn": f"arn:aws:iam::{erp}:role/TangentSAPOps",
            "roleSessionName": who,
            "externalId": "tangent-koorak-8831",
            "durationSeconds": 3600,
        },
        response=credentials(session, t, 1),  # type: ignore[arg-type]
    )
    return session, event


def draw_partner(trail: Trail, seed: int, cal: o.Calendar) -> None:
    for day in cal.drawn:
        rng = o.rng_for(seed, "partner", day)
        volume = 15 if cal.patch_weekend(day) else 1
        if not o.workday(day) and volume == 1 and day.weekday() != 6:
            continue
        sessions = 3 if day.weekday() < 5 else 1  # a weekly snapshot check on Sundays
        for i in range(sessions * (2 if volume > 1 else 1)):
            who = PARTNER_PEOPLE[i % 2]
            t = o.at(day, 7 + rng.random() * 9, rng)  # Melbourne 10:00-19:00
            ip = o.BLOCKS["partner_office"].address(o.rng_for(seed, "partner-ip", who, day))
            session, _ = partner_assume(trail, seed, who, t, ip)
            calls = list(PARTNER_CALLS) * volume
            if volume > 1:
                calls += [
                    ("ssm", "SendCommand"),
                    ("ec2", "RebootInstances"),
                    ("ec2", "CreateImage"),
                    ("ssm", "DescribePatchBaselines"),
                    ("ssm", "RegisterPatchBaselineForPatchGroup"),
                    ("ssm", "GetCommandInvocation"),
                    ("ec2", "CreateSnapshot"),
                ] * 4
            elif day.weekday() == 6:
                calls = [
                    ("ec2", "DescribeVolumes"),
                    ("ec2", "CreateSnapshot"),
                    ("ec2", "DescribeSnapshots"),
                ]
            for k, (svc, api) in enumerate(rng.sample(calls, min(len(calls), 6 * volume))):
                tt = t + dt.timedelta(seconds=20 + k * rng.randrange(15, 90))
                trail.call(
                    session,
                    tt,
                    svc,
                    api,
                    ip=ip,
                    ua=PARTNER_UA.format(cmd=f"{svc}.{api.lower()}"),
                    region="ap-southeast-2",
                )


# -- Terraform from Bitbucket Pipelines (OIDC) ----------------------------------------------------
BB_PROVIDER = "api.bitbucket.org/2.0/workspaces/koorak/pipelines-config/identity/oidc"
BB_AUDIENCE = "ari:cloud:bitbucket::workspace/5f1c2d3e-8a9b-4c7d-9e0f-1a2b3c4d5e6f"
BB_REPO = "{7d3e9c1a-2b4f-4e6a-8c1d-0f9e8d7c6b5a}"
TF_READS: tuple[Call, ...] = (
    ("ec2", "DescribeVpcs"),
    ("ec2", "DescribeSubnets"),
    ("ec2", "DescribeSecurityGroups"),
    ("iam", "GetRole"),
    ("iam", "ListAttachedRolePolicies"),
    ("s3", "GetBucketPolicy"),
    ("iot", "DescribeThing"),
    ("iotsitewise", "DescribeAssetModel"),
    ("kms", "DescribeKey"),
    ("logs", "DescribeLogGroups"),
    ("ec2", "DescribeRouteTables"),
    ("iam", "GetPolicyVersion"),
)


def pipeline_run(
    trail: Trail,
    seed: int,
    t: dt.datetime,
    repo: str,
    ip: str,
    accounts: Sequence[str],
    rng: random.Random,
    writes: Sequence[tuple[str, Call]] = (),
) -> list[str]:
    """One Terraform step: the web-identity exchange in shared-network, then the deployer role
    of each account; its event IDs."""
    net = o.ACCOUNTS["shared-network"]
    step = "{" + str(random.Random(rng.random()).getrandbits(64)) + "}"
    subject = f"{repo}:{step}"
    session = trail.role_session(net, "bitbucket-terraform", f"bitbucket-{step[1:9]}", t)
    from benchmarks.heldout21._trail import credentials

    ids = [
        trail.call(
            {
                "type": "WebIdentityUser",
                "principalId": f"{BB_PROVIDER}:{BB_AUDIENCE}:{subject}",
                "userName": subject,
                "identityProvider": f"arn:aws:iam::{net}:oidc-provider/{BB_PROVIDER}",
            },
            t,
            "sts",
            "AssumeRoleWithWebIdentity",
            ip=ip,
            ua="aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6",
            account=net,
            params={
                "roleArn": f"arn:aws:iam::{net}:role/bitbucket-terraform",
                "roleSessionName": session.identity["arn"].split("/")[-1],
            },
            response=credentials(session, t, 1),
        )
    ]
    for k, account in enumerate(accounts):
        tt = t + dt.timedelta(seconds=30 + 40 * k)
        deployer = trail.role_session(
            account, "terraform-deployer", session.identity["arn"].split("/")[-1], tt
        )
        ids.append(
            trail.call(
                session,
                tt,
                "sts",
                "AssumeRole",
                ip=ip,
                ua=o.UA_TERRAFORM,
                params={"roleArn": f"arn:aws:iam::{account}:role/terraform-deployer"},
                response=credentials(deployer, tt, 1),
                account=net,
            )
        )
        for j in range(rng.randint(10, 18)):
            svc, api = rng.choice(TF_READS)
            ids.append(
                trail.call(
                    deployer,
                    tt + dt.timedelta(seconds=2 + j * 3),
                    svc,
                    api,
                    ip=ip,
                    ua=o.UA_TERRAFORM,
                )
            )
        for j, (_account, (svc, api)) in enumerate(
            w for w in writes if o.ACCOUNTS[w[0]] == account
        ):
            ids.append(
                trail.call(
                    deployer,
                    tt + dt.timedelta(seconds=60 + j * 4),
                    svc,
                    api,
                    ip=ip,
                    ua=o.UA_TERRAFORM,
                    params={"thingName": f"mtmagnet-gg-core-{j // 5 + 1:02d}"}
                    if svc == "iot"
                    else None,
                )
            )
    return ids


def draw_pipelines(trail: Trail, seed: int, cal: o.Calendar) -> None:
    main = [o.ACCOUNTS[a] for a in ("mine-operations", "ot-data", "corporate-erp", "analytics")]
    for day in cal.drawn:
        if not o.workday(day):
            continue
        rng = o.rng_for(seed, "pipelines", day)
        for _ in range(rng.randint(2, 4)):
            t = o.at(day, 8 + rng.random() * 9, rng)
            ip = aws_address("us-west-2", rng)
            pipeline_run(trail, seed, t, BB_REPO, ip, rng.sample(main, 2), rng)


# -- AWS Config in every account ------------------------------------------------------------------
def draw_config(trail: Trail, seed: int, cal: o.Calendar) -> None:
    host = "config.amazonaws.com"
    for name, account in o.ACCOUNTS.items():
        for day in cal.drawn:
            rng = o.rng_for(seed, "config", account, day)
            for hour in range(0, 24, 3):
                t = o.at(day, hour + rng.random())
                if name == "lithium-project" and t < cal.utc_start(cal.s(1)):
                    continue
                s = trail.role_session(
                    account,
                    "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    t,
                )
                for api in ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes"):
                    trail.call(
                        s,
                        t + dt.timedelta(seconds=rng.randrange(60)),
                        "ec2",
                        api,
                        ip=host,
                        ua=host,
                        extra={"userIdentity": {**s.identity, "invokedBy": host}},
                    )
