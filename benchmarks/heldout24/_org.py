"""Meridian Harbour Hotels: its accounts, hotels, people and vendors, and the world state a day
of activity is written against (session keys minted on demand, addresses that move)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout24._net import Addresses
from benchmarks.heldout24._trail import Trail, role_session, service

ACCOUNTS = {
    "booking": "318402771045",
    "loyalty": "318402771152",
    "integrations": "318402771263",
    "data": "318402771378",
    "corpit": "318402771489",
    "security": "318402771590",
    "portal": "318402771604",  # vended on the second scored day
}
VENDOR_ACCOUNT = "742915506318"  # the revenue-management vendor (YieldPilot)
HOME = "us-east-1"
REGIONS = ("us-east-1", "eu-central-1", "ap-southeast-1")
NIGHT_AUDIT = "mhh-night-audit-prod"
GUEST_DATA = "mhh-guest-profiles-prod"
LEDGER = "points-ledger"
SSO_IDP = "AWSSSO_5c1e8a3f0d7b2e49_DO_NOT_DELETE"

# the PMS products franchised hotels run on premises, with the SDK each uploads with
PMS_UA = {
    "opera": "aws-sdk-java/1.11.1034 Windows_Server_2016/10.0 Java_HotSpot(TM)_64-Bit_Server_VM/25.341-b10 java/1.8.0_341 vendor/Oracle_Corporation cfg/retry-mode/legacy",
    "protel": "aws-sdk-dotnet-45/3.3.110.50 aws-sdk-dotnet-core/3.3.107.32 .NET_Runtime/4.0 .NET_Framework/4.0 OS/Microsoft_Windows_NT_6.3.9600.0 ClientAsync",
    "innsight": "Boto3/1.17.112 Python/3.6.8 Linux/3.10.0-1160.el7.x86_64 Botocore/1.20.112",
}
# the PMS vendor's update (benign B4): the SDK after it
OPERA_UPDATED = "aws-sdk-java/2.29.6 Windows_Server_2019/10.0 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS Java/17.0.13 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/standard"
BROWSER = {
    "win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
}
CLI = "aws-cli/2.22.12 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off"
ECS_UA = "aws-sdk-java/2.25.60 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/standard"
LAMBDA_UA = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
RUNNER_UA = "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/gitlab-runner cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off"
VENDOR_UA = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54 yieldpilot-connector/4.2"

# where franchised hotels are: (operator, UTC offset in hours, dynamic address)
HOTEL_MARKETS = (
    ("comcast", -5, True),
    ("charter", -6, True),
    ("att", -5, False),
    ("verizon", -5, False),
    ("cox", -7, True),
    ("bell", -5, False),
    ("telmex", -6, True),
    ("claro", -3, True),
    ("dtag", 1, False),
    ("vodafone_de", 1, True),
    ("orange", 1, True),
    ("virgin", 0, True),
    ("telefonica", 1, True),
    ("tim", 1, True),
    ("swisscom", 1, False),
    ("ziggo", 1, True),
    ("du", 4, False),
    ("airtel", 5.5, True),
    ("true", 7, True),
    ("singtel", 8, False),
    ("starhub", 8, True),
    ("kddi", 9, True),
    ("ntt", 9, False),
    ("telstra", 10, False),
    ("optus", 10, True),
)


@dataclass
class Hotel:
    code: str
    user: str
    principal_id: str
    key: str
    operator: str
    offset: float
    dynamic: bool
    pms: str
    ip: str
    renumber: int  # the day index of its ISP's next re-lease
    ua: str = ""


@dataclass
class Person:
    email: str
    team: str  # platform, developer, analyst, finance, security, integrations, callcentre
    sets: dict[str, str]  # account -> permission set
    home: str  # operator of the home line
    office: str  # office address
    ip: str
    offset: float
    browser: str
    cli: bool
    sessions: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sess:
    who: dict[str, Any]
    until: dt.datetime


@dataclass
class World:
    rng: random.Random
    trail: Trail
    net: Addresses
    days: list[dt.date]
    scored: list[dt.date]
    scale: float
    truth: list[dict[str, Any]] = field(default_factory=list)
    hotels: list[Hotel] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    nat: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    role_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    sessions: dict[tuple[str, str, str], Sess] = field(default_factory=dict)
    state: dict[Any, Any] = field(default_factory=dict)  # what incidents change; str, tuple keys

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        """``hour`` hours after midnight UTC of ``day`` (may run into the next day)."""
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(hour * 3600))

    def role_id(self, account: str, role: str) -> str:
        return self.role_ids.setdefault((account, role), self.trail.uid("AROA"))

    def nat_ip(self, account: str, region: str, task: str) -> str:
        """The NAT gateway of the subnet (availability zone) ``task`` runs in: two per account
        and region, and every call of one task leaves through its own."""
        if (account, region) not in self.nat:
            self.nat[(account, region)] = [self.net.ec2(region) for _ in range(2)]
        gateways = self.nat[(account, region)]
        return gateways[int(task[-4:], 16) % len(gateways)]

    def session(
        self,
        account: str,
        role: str,
        name: str,
        t: dt.datetime,
        *,
        by: str,
        hours: float,
        region: str = HOME,
        ip: str | None = None,
        ua: str | None = None,
        caller: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        mfa: bool = False,
        path: str = "/",
    ) -> dict[str, Any]:
        """The role session ``name`` of ``role`` current at ``t``; a new one is minted (and its
        record written) when there is none or it has expired. ``by``: the service host that
        mints it, ``saml`` for Identity Center, or ``assume`` for ``caller``'s AssumeRole."""
        slot = (account, role, name)
        current = self.sessions.get(slot)
        if current is not None and current.until > t:
            return current.who
        minted = t - dt.timedelta(seconds=self.rng.randrange(3, 90))
        key = self.trail.key()
        who = role_session(
            account,
            role,
            name,
            key,
            self.role_id(account, role),
            minted,
            mfa=mfa,
            path=path,
            ec2=by == "ec2.amazonaws.com",
        )
        arn = f"arn:aws:iam::{account}:role{path}{role}"
        request = {"roleArn": arn, "roleSessionName": name, "durationSeconds": int(hours * 3600)}
        response = {
            "credentials": {
                "accessKeyId": key,
                "expiration": (minted + dt.timedelta(hours=hours)).strftime(
                    "%b %d, %Y, %I:%M:%S %p"
                ),
            },
            "assumedRoleUser": {"assumedRoleId": who["principalId"], "arn": who["arn"]},
        }
        if by == "saml":
            email = name
            identity = {
                "type": "SAMLUser",
                "principalId": f"{SSO_IDP}:{email}",
                "userName": email,
                "identityProvider": f"arn:aws:iam::{account}:saml-provider/{SSO_IDP}",
            }
            self.trail.call(
                identity,
                minted,
                "sts",
                "AssumeRoleWithSAML",
                region,
                ip or "",
                ua or "",
                params={**request, "principalArn": identity["identityProvider"]},
                response=response,
                account=account,
            )
        elif by == "assume":
            assert caller is not None
            self.trail.call(
                caller,
                minted,
                "sts",
                "AssumeRole",
                region,
                ip or "",
                ua or "",
                params={**request, **(params or {})},
                response=response,
                account=account,
            )
        else:
            self.trail.call(
                service(by),
                minted,
                "sts",
                "AssumeRole",
                region,
                by,
                by,
                params=request,
                response=response,
                account=account,
            )
        self.sessions[slot] = Sess(who, minted + dt.timedelta(hours=hours))
        return who


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def hotel_arn(hotel: Hotel) -> str:
    return f"arn:aws:iam::{ACCOUNTS['integrations']}:user/franchise/{hotel.user}"


def sso_role(world: World, permission_set: str) -> str:
    """The Identity Center role of a permission set (one suffix per set, as in every account)."""
    suffix = world.state.setdefault(("set", permission_set), f"{world.rng.getrandbits(64):016x}")
    return f"AWSReservedSSO_{permission_set}_{suffix}"


def person(world: World, email: str) -> Person:
    return next(p for p in world.people if p.email.startswith(email))


def sso_arn(world: World, p: Person, account: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(world, p.sets[account])}/{p.email}"


def free_hotel(
    world: World,
    *,
    operator: str | None = None,
    dynamic: bool | None = None,
    pms: str | None = None,
) -> Hotel:
    """A hotel no other incident has taken yet, matching what is asked."""
    taken = world.state.setdefault("taken", set())
    for h in world.hotels:
        if h.code in taken or (operator and h.operator != operator) or (pms and h.pms != pms):
            continue
        if dynamic is not None and h.dynamic != dynamic:
            continue
        taken.add(h.code)
        return h
    if operator or pms or dynamic is not None:  # a small franchise (CI scale): any free hotel
        return free_hotel(world)
    raise LookupError("no free hotel left")
