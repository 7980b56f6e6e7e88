"""The synthetic organisation behind :mod:`benchmarks.corpus`: accounts, principals, workloads.

Everything here is small (tens of actors per account) and built once per corpus from the seed,
so plain Python is fine; the per-event work happens vectorised in ``_corpus_events``.
"""

from __future__ import annotations

import ipaddress
import json
import math
import random
from dataclasses import dataclass, replace
from importlib import resources

import msgspec

BYTES_PER_EVENT = 1_700  # mean uncompressed size of a generated record, measured
REGIONS = ("us-east-1", "us-west-2", "eu-west-1")
REGION_WEIGHTS = (0.6, 0.25, 0.15)

# Session-credential workloads: which service mints their keys and how often they rotate.
MINTERS = {
    "ec2": "ec2.amazonaws.com",
    "lambda": "lambda.amazonaws.com",
    "ecs": "ecs-tasks.amazonaws.com",
    "sso": "sso.amazonaws.com",
}
PERIOD_S = {"ec2": 3600, "lambda": 2 * 3600, "ecs": 3600, "sso": 8 * 3600}

# Consumer ISP blocks (Comcast, BT, Deutsche Telekom, Orange, NTT): none is an AWS range.
_ISP_NETS = ("73.0.0.0/8", "81.128.0.0/11", "91.0.0.0/10", "90.0.0.0/9", "153.128.0.0/9")

_UA = {
    "cli_mac": "aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off command/s3.ls",
    "cli_linux": (
        "aws-cli/2.17.5 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-1009-aws md/arch#x86_64 "
        "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
        "md/distrib#ubuntu.24 md/prompt#off md/command#ec2.describe-instances"
    ),
    "cli_amzn": (
        "aws-cli/2.15.17 Python/3.11.6 Linux/6.1.92-99.174.amzn2023.x86_64 exe/x86_64.amzn.2023 "
        "prompt/off command/s3.cp"
    ),
    "boto3": (
        "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.219-208.866.amzn2.x86_64 "
        "md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy "
        "Botocore/1.34.131"
    ),
    "boto3_lambda": (
        "Boto3/1.34.126 md/Botocore#1.34.126 ua/2.0 os/linux#5.10.216-225.855.amzn2.x86_64 "
        "md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
        "cfg/retry-mode#legacy Botocore/1.34.126"
    ),
    "js_lambda": (
        "aws-sdk-js/3.600.0 ua/2.0 os/linux#5.10.216-225.855.amzn2.x86_64 lang/js md/nodejs#20.14.0 "
        "exec-env/AWS_Lambda_nodejs20.x api/dynamodb#3.600.0"
    ),
    "go": "aws-sdk-go/1.54.6 (go1.22.4; linux; amd64)",
    "go_v2": (
        "aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 api/s3#1.56.1"
    ),
    "java_ecs": (
        "aws-sdk-java/2.25.60 Linux/5.10.217-205.860.amzn2.x86_64 "
        "OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. "
        "exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy"
    ),
    "terraform": (
        "APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io) "
        "terraform-provider-aws/5.56.1 (+https://registry.terraform.io/providers/hashicorp/aws) "
        "aws-sdk-go-v2/1.30.0 ua/2.0 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 "
        "api/ec2#1.165.0"
    ),
    "browser": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36"
    ),
    "console": "console.amazonaws.com",
    "internal": "AWS Internal",
}

# actor kind -> (user agents, APIs it calls with weights); API names refer to _corpus_api.CATALOG
KIND_UAS = {
    "iam_user": ("cli_mac", "cli_linux", "boto3", "terraform"),
    "root": ("browser",),
    "ec2": ("cli_amzn", "boto3", "go"),
    "lambda": ("boto3_lambda", "js_lambda"),
    "ecs": ("java_ecs", "go_v2"),
    "sso": ("console", "browser", "internal", "cli_mac"),
    "service": (),
}


@dataclass(frozen=True)
class Actor:
    """One principal (or workload) that makes API calls."""

    kind: str  # iam_user, root, ec2, lambda, ecs, sso, service
    account: int
    region: str | None  # None: calls land in every region of the account
    weight: float
    arn: str
    uid_head: str  # userIdentity JSON up to the access key value, or the whole object
    uid_mid: str  # after the key up to the creationDate value ('' when no session)
    uid_tail: str
    static_key: str  # AKIA key of an IAM user, else ''
    ips: tuple[str, ...]
    uas: tuple[str, ...]  # JSON-encoded user agents
    private_ip: str  # used with vpce for VPC-endpoint calls, '' when the actor has none
    vpce: str
    # session workloads only
    period_s: int = 0
    phase_s: int = 0
    minter: str = ""
    role_arn: str = ""
    role_id: str = ""
    session_name: str = ""


@dataclass(frozen=True)
class Org:
    accounts: tuple[str, ...]
    actors: tuple[Actor, ...]
    # Address pools for calls that do not come from an actor's usual address: "isp" (people
    # on the move) and "aws:<region>" (Lambda and Fargate egress from ever-changing EC2 IPs).
    pools: dict[str, tuple[str, ...]]


# How often a call comes from a pool address rather than one of the actor's own.
ROAMING = {"lambda": 1.0, "ecs": 0.5, "iam_user": 0.25, "sso": 0.25}


def _enc(value: object) -> str:
    return msgspec.json.encode(value).decode()


def _rand_id(rng: random.Random, prefix: str, n: int = 17) -> str:
    return prefix + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", k=n))


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choices("0123456789abcdef", k=n))


def ec2_prefixes() -> dict[str, list[ipaddress.IPv4Network]]:
    """EC2 IPv4 prefixes per region from the bundled ip-ranges.json snapshot."""
    text = resources.files("ueba").joinpath("data/ip-ranges.json").read_text()
    out: dict[str, list[ipaddress.IPv4Network]] = {r: [] for r in REGIONS}
    for item in json.loads(text)["prefixes"]:
        if item["service"] == "EC2" and item["region"] in out:
            net = ipaddress.IPv4Network(item["ip_prefix"])
            if net.prefixlen <= 24:
                out[item["region"]].append(net)
    return out


def _ip_in(rng: random.Random, net: ipaddress.IPv4Network) -> str:
    return str(net.network_address + rng.randrange(1, net.num_addresses - 1))


def build_org(seed: int, n_accounts: int, *, target_bytes: int, days: int) -> Org:
    """The organisation for ``seed``: the same actors, keys and addresses every time.

    Key rotation slows down for small corpora so that minting events stay a few percent of
    the whole instead of crowding out the calls that use the keys.
    """
    rng = random.Random(seed * 7919 + 17)
    prefixes = ec2_prefixes()
    accounts = tuple(str(rng.randrange(10**11, 10**12)) for _ in range(n_accounts))
    actors: list[Actor] = []
    for a, acct in enumerate(accounts):
        actors.extend(_account_actors(rng, a, acct, prefixes))
    mints = days * sum(86_400 / act.period_s for act in actors if act.period_s)
    scale = max(1, math.ceil(mints / (0.03 * target_bytes / BYTES_PER_EVENT)))
    if scale > 1:
        actors = [
            replace(act, period_s=act.period_s * scale) if act.period_s else act for act in actors
        ]
    pools = {"isp": tuple(_isp_ip(rng) for _ in range(2_000))}
    for region in REGIONS:
        pools[f"aws:{region}"] = tuple(
            _ip_in(rng, rng.choice(prefixes[region])) for _ in range(3_000)
        )
    return Org(accounts=accounts, actors=tuple(actors), pools=pools)


def _uas(rng: random.Random, kind: str) -> tuple[str, ...]:
    names = KIND_UAS[kind]
    return tuple(_enc(_UA[n]) for n in rng.sample(names, k=min(len(names), 2)))


def _isp_ip(rng: random.Random) -> str:
    return _ip_in(rng, ipaddress.IPv4Network(rng.choice(_ISP_NETS)))


def _account_actors(
    rng: random.Random, a: int, acct: str, prefixes: dict[str, list[ipaddress.IPv4Network]]
) -> list[Actor]:
    actors: list[Actor] = []
    vpce_of = {r: f"vpce-{_hex(rng, 17)}" for r in REGIONS}
    for name in ("alice", "bob", "carol", "ci-deploy", "terraform", "backup-svc"):
        arn = f"arn:aws:iam::{acct}:user/{name}"
        head = (
            _enc(
                {
                    "type": "IAMUser",
                    "principalId": _rand_id(rng, "AIDA"),
                    "arn": arn,
                    "accountId": acct,
                }
            )[:-1]
            + ',"accessKeyId":"'
        )
        actors.append(
            Actor(
                kind="iam_user",
                account=a,
                region=None,
                weight=rng.uniform(0.5, 2.0),
                arn=arn,
                uid_head=head,
                uid_mid="",
                uid_tail=f'","userName":{_enc(name)}}}',
                static_key=_rand_id(rng, "AKIA", 16),
                ips=(_isp_ip(rng), _isp_ip(rng)),
                uas=_uas(rng, "iam_user"),
                private_ip="",
                vpce="",
            )
        )
    root = f"arn:aws:iam::{acct}:root"
    actors.append(
        Actor(
            kind="root",
            account=a,
            region=None,
            weight=0.01,
            arn=root,
            uid_head=_enc(
                {
                    "type": "Root",
                    "principalId": acct,
                    "arn": root,
                    "accountId": acct,
                    "accessKeyId": "",
                }
            ),
            uid_mid="",
            uid_tail="",
            static_key="",
            ips=(_isp_ip(rng),),
            uas=_uas(rng, "root"),
            private_ip="",
            vpce="",
        )
    )
    workloads = [
        ("ec2", "web-app-role", 5),
        ("ec2", "batch-worker-role", 3),
        ("lambda", "", 4),
        ("ecs", "orders-task-role", 3),
        ("sso", "", 3),
    ]
    for kind, role, count in workloads:
        for i in range(count):
            region = rng.choices(REGIONS, REGION_WEIGHTS)[0] if kind != "sso" else None
            actors.append(_session_actor(rng, a, acct, kind, role, i, region, prefixes, vpce_of))
    for service in (
        "config.amazonaws.com",
        "cloudtrail.amazonaws.com",
        "autoscaling.amazonaws.com",
    ):
        actors.append(
            Actor(
                kind="service",
                account=a,
                region=None,
                weight=0.4,
                arn="",
                uid_head=_enc({"type": "AWSService", "invokedBy": service}),
                uid_mid="",
                uid_tail="",
                static_key="",
                ips=(service,),
                uas=(_enc(service),),
                private_ip="",
                vpce="",
            )
        )
    return actors


def _session_actor(
    rng: random.Random,
    a: int,
    acct: str,
    kind: str,
    role: str,
    i: int,
    region: str | None,
    prefixes: dict[str, list[ipaddress.IPv4Network]],
    vpce_of: dict[str, str],
) -> Actor:
    ips: tuple[str, ...]
    if kind == "ec2":
        session, ips = f"i-0{_hex(rng, 16)}", (_ip_in(rng, rng.choice(prefixes[str(region)])),)
    elif kind == "lambda":
        role = session = (
            rng.choice(("orders-api", "thumbnailer", "etl-nightly", "slack-notify")) + f"-{i}"
        )
        ips = tuple(_ip_in(rng, rng.choice(prefixes[str(region)])) for _ in range(6))
    elif kind == "ecs":
        session, ips = _hex(rng, 32), (_ip_in(rng, rng.choice(prefixes[str(region)])),)
    else:
        permission = rng.choice(("AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess"))
        role = f"AWSReservedSSO_{permission}_{_hex(rng, 16)}"
        session = f"{rng.choice(('dana', 'erin', 'frank', 'grace'))}{i}@example.com"
        ips = (_isp_ip(rng), _isp_ip(rng), "AWS Internal")
    role_id = _rand_id(rng, "AROA")
    role_arn = f"arn:aws:iam::{acct}:role/{'aws-reserved/sso.amazonaws.com/' if kind == 'sso' else ''}{role}"
    arn = f"arn:aws:sts::{acct}:assumed-role/{role}/{session}"
    head = (
        _enc(
            {
                "type": "AssumedRole",
                "principalId": f"{role_id}:{session}",
                "arn": arn,
                "accountId": acct,
            }
        )[:-1]
        + ',"accessKeyId":"'
    )
    issuer = _enc(
        {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn,
            "accountId": acct,
            "userName": role,
        }
    )
    mid = (
        f'","sessionContext":{{"sessionIssuer":{issuer},"webIdFederationData":{{}},'
        '"attributes":{"creationDate":"'
    )
    mfa = "true" if kind == "sso" else "false"
    tail = (
        f'","mfaAuthenticated":"{mfa}"}}'
        + (',"ec2RoleDelivery":"2.0"' if kind == "ec2" else "")
        + "}}"
    )
    private = kind in ("ec2", "ecs")
    return Actor(
        kind=kind,
        account=a,
        region=region,
        weight=rng.uniform(1.0, 4.0),
        arn=arn,
        uid_head=head,
        uid_mid=mid,
        uid_tail=tail,
        static_key="",
        ips=ips,
        uas=_uas(rng, kind),
        private_ip=f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(2, 255)}"
        if private
        else "",
        vpce=vpce_of[str(region)] if private else "",
        period_s=PERIOD_S[kind],
        phase_s=rng.randrange(60, 1800),
        minter=MINTERS[kind],
        role_arn=role_arn,
        role_id=role_id,
        session_name=session,
    )
