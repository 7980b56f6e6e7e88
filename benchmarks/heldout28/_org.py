"""Cardo Azul Digital: a twelve-person digital marketing agency in Valencia running about sixty
client WordPress sites. Three accounts: ``agency`` (staff IAM users, root for billing, SES
newsletters and SNS SMS campaigns in eu-west-1, Route 53, CloudFront, a cost-monitoring SaaS's
role), ``sites`` (the WordPress fleet on EC2 in eu-south-2 and eu-west-1, the plugins' IAM
users, GitHub Actions deploys, a DNS-monitor Lambda) and, from the second scored day, a
client's own account (``bodega``) the agency takes over."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout28._net import Addresses
from benchmarks.heldout28._rec import (
    AMZN_CLI,
    CHROME_MAC,
    CHROME_WIN,
    FIREFOX,
    MAC_CLI,
    SAFARI_MAC,
    UBUNTU_CLI,
    Cred,
    Record,
    cli_v2,
    key_id,
)

AGENCY, SITES, BODEGA = "318274650193", "604918237755", "772041396518"
MONITOR_ACCOUNT = "463119572804"  # the cost-monitoring SaaS
EXTERNAL_ID = "cz-7f3a9c21-agency"
BODEGA_EXTERNAL_ID = "cardoazul-bodega-2026"
LOCAL = dt.timedelta(hours=1)  # Valencia in November: UTC+1


def sub_rng(seed: int, *names: object) -> random.Random:
    """A generator of its own for one part of the organisation, stable across runs."""
    text = ":".join(str(n) for n in (seed, *names))
    return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))


def pid(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17))


@dataclass
class Person:
    """A member of staff (or freelancer): an IAM user in ``agency``."""

    user: Cred
    browser: str
    cli: str | None  # the agent of her aws-cli, when she has a key
    key: str | None
    networks: tuple[str, ...]  # office first, then home
    mfa: bool
    apis: tuple[tuple[str, str, str, bool], ...]  # (service, name, region, read only)
    weight: float  # console activity per working day, in sessions
    ips: dict[str, str] = field(default_factory=dict)


@dataclass
class Instance:
    account: str
    region: str
    instance_id: str
    ip: str
    role: Cred


@dataclass
class Site:
    """A client WordPress site; its plugins' IAM users (in ``sites``) call from its host."""

    name: str
    host_ip: str
    ses_user: Cred | None
    backup_user: Cred | None


@dataclass
class Org:
    seed: int
    scale: float
    net: Addresses
    people: dict[str, Person]
    root: dict[str, Cred]
    roles: dict[str, Cred]
    fleet: list[Instance]
    bodega_fleet: list[Instance]
    sites: list[Site]
    ips: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


def _user(rng: random.Random, account: str, name: str, kind: str = "user") -> Cred:
    return Cred(kind, account, name, principal_id=pid(rng, "AIDA"), key=key_id(rng, "AKIA"))


def _role(rng: random.Random, account: str, name: str) -> Cred:
    return Cred("role", account, name, principal_id=pid(rng, "AROA"))


STAFF_APIS = {
    "director": (
        ("ce", "GetCostAndUsage", "us-east-1", True),
        ("ses", "GetAccount", "eu-west-1", True),
        ("ses", "GetSendStatistics", "eu-west-1", True),
        ("cloudfront", "ListDistributions", "us-east-1", True),
        ("route53", "ListHostedZones", "us-east-1", True),
        ("lightsail", "GetInstances", "eu-west-1", True),
    ),
    "developer": (
        ("ec2", "DescribeInstances", "eu-south-2", True),
        ("lightsail", "GetInstances", "eu-west-1", True),
        ("route53", "ListResourceRecordSets", "us-east-1", True),
        ("route53", "ChangeResourceRecordSets", "us-east-1", False),
        ("cloudfront", "CreateInvalidation", "us-east-1", False),
        ("cloudfront", "GetDistribution", "us-east-1", True),
        ("logs", "FilterLogEvents", "eu-south-2", True),
        ("acm", "ListCertificates", "us-east-1", True),
    ),
    "marketing": (
        ("ses", "ListIdentities", "eu-west-1", True),
        ("ses", "GetSendStatistics", "eu-west-1", True),
        ("ses", "GetIdentityVerificationAttributes", "eu-west-1", True),
        ("ses", "ListEmailTemplates", "eu-west-1", True),
        ("ses", "GetSuppressedDestination", "eu-west-1", True),
        ("sns", "GetSMSAttributes", "eu-west-1", True),
        ("sns", "ListTopics", "eu-west-1", True),
        ("sms-voice", "DescribePhoneNumbers", "eu-west-1", True),
    ),
    "designer": (
        ("lightsail", "GetInstances", "eu-west-1", True),
        ("cloudfront", "ListDistributions", "us-east-1", True),
        ("cloudfront", "CreateInvalidation", "us-east-1", False),
    ),
    "accounts": (
        ("ce", "GetCostAndUsage", "us-east-1", True),
        ("ce", "GetCostForecast", "us-east-1", True),
        ("invoicing", "ListInvoiceSummaries", "us-east-1", True),
        ("account", "GetContactInformation", "us-east-1", True),
    ),
}


def build(seed: int, scale: float) -> Org:
    rng = sub_rng(seed, "org")
    net = Addresses(sub_rng(seed, "net"))
    ips = {
        "office": net.public("office", 14),
        "office_digi": net.public("office_digi", 87),
        "nat_agency": net.aws("eu-west-1"),
        "nat_sites": net.aws("eu-south-2"),
        "github": net.public("github_runner"),
        "github2": net.public("github_runner"),
        "monitor": net.aws("us-east-1"),
        "monitor2": net.aws("us-east-1"),
    }
    people: dict[str, Person] = {}

    def person(
        name: str,
        role: str,
        browser: str,
        cli: str | None,
        homes: tuple[str, ...],
        mfa: bool,
        weight: float,
        *,
        office: bool = True,
    ) -> None:
        user = _user(rng, AGENCY, name)
        nets = (("office",) if office else ()) + homes
        p = Person(
            user, browser, cli, user.key if cli else None, nets, mfa, STAFF_APIS[role], weight
        )
        p.ips = {n: (ips["office"] if n == "office" else net.public(n)) for n in nets}
        people[name] = p

    person("lucia.ferrer", "director", CHROME_MAC, None, ("home_vodafone",), True, 1.5)
    person("javier.molina", "developer", FIREFOX, UBUNTU_CLI, ("home_orange",), False, 2.5)
    person("marta.soler", "marketing", CHROME_WIN, None, ("home_masmovil",), False, 2.0)
    person("pablo.ibanez", "designer", SAFARI_MAC, None, ("mobile_es",), True, 0.6)
    person("ana.roig", "accounts", CHROME_WIN, None, ("home_vodafone",), True, 0.5)
    person("nuria.castell", "marketing", CHROME_MAC, None, ("home_orange",), True, 1.2)
    person(
        "diego.sosa", "developer", CHROME_MAC, MAC_CLI, ("buenos_aires",), False, 1.0, office=False
    )
    person(
        "ines.carvalho", "designer", CHROME_MAC, MAC_CLI, ("lisbon_meo",), False, 1.0, office=False
    )
    root = {a: Cred("root", a, "root") for a in (AGENCY, SITES, BODEGA)}
    roles = {
        "wordpress": _role(rng, SITES, "wordpress-ec2"),
        "bodega_web": _role(rng, BODEGA, "bodega-shop-ec2"),
        "sites_admin": _role(rng, SITES, "CardoSitesAdmin"),
        "bodega_access": _role(rng, BODEGA, "CardoAgencyAccess"),
        "gh_deploy": _role(rng, SITES, "gh-deploy-themes"),
        "monitor": _role(rng, AGENCY, "CardoCostMonitor"),
        "dns_lambda": _role(rng, SITES, "dns-monitor-role"),
        "bounce_lambda": _role(rng, AGENCY, "ses-bounce-handler-role"),
        "newsletter_task": _role(rng, AGENCY, "newsletter-builder-task"),
        "ta_agency": _role(rng, AGENCY, "AWSServiceRoleForTrustedAdvisor"),
        "ta_sites": _role(rng, SITES, "AWSServiceRoleForTrustedAdvisor"),
        "ta_bodega": _role(rng, BODEGA, "AWSServiceRoleForTrustedAdvisor"),
    }
    fleet = []
    for _ in range(max(2, round(7 * scale))):
        fleet.append(
            Instance(
                SITES,
                "eu-south-2",
                f"i-0{rng.getrandbits(64):016x}",
                net.aws("eu-south-2"),
                roles["wordpress"],
            )
        )
    for _ in range(max(1, round(3 * scale))):
        fleet.append(
            Instance(
                SITES,
                "eu-west-1",
                f"i-0{rng.getrandbits(64):016x}",
                net.aws("eu-west-1b"),
                roles["wordpress"],
            )
        )
    bodega = [
        Instance(
            BODEGA,
            "eu-south-2",
            f"i-0{rng.getrandbits(64):016x}",
            net.aws("eu-south-2"),
            roles["bodega_web"],
        )
        for _ in range(2)
    ]
    sites = []
    for i in range(max(6, round(60 * scale))):
        where = i % 5
        if where in (0, 1, 2):
            host = fleet[i % len(fleet)].ip
        elif where == 3:
            host = net.public("hosting_raiola")
        else:
            host = net.public("hosting_siteground")
        name = SITE_NAMES[i % len(SITE_NAMES)] + (
            f"-{i // len(SITE_NAMES)}" if i >= len(SITE_NAMES) else ""
        )
        ses = _user(rng, SITES, f"wp-offload-ses-{name}") if i % 3 == 0 else None
        backup = _user(rng, SITES, f"updraft-{name}") if i % 4 == 1 else None
        sites.append(Site(name, host, ses, backup))
    ips["sendy"] = net.aws("eu-west-1")  # Sendy on a Lightsail instance
    extra = {"sendy": _user(rng, AGENCY, "sendy-newsletters")}
    return Org(seed, scale, net, people, root, roles, fleet, bodega, sites, ips, extra)


SITE_NAMES = (
    "clinicadental-ruzafa",
    "hornosanjuan",
    "academia-lumen",
    "inmo-turia",
    "fisio-benimaclet",
    "bodegas-valle",
    "tallerauto-mislata",
    "escuela-yoga-sol",
    "abogados-colon",
    "cafe-mercat",
    "optica-campanar",
    "gestoria-pla",
    "floristeria-lirio",
    "hotel-marina-real",
    "ceramica-manises",
    "gym-fuerza",
    "veterinaria-alboraya",
    "libreria-paris",
    "arroceria-perello",
    "moda-kiss",
)


def work_hours(rng: random.Random, day: dt.date, start: int = 9, end: int = 19) -> dt.datetime:
    """A moment in Valencia's working hours, in UTC."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        hours=start, seconds=rng.randrange(0, (end - start) * 3600)
    )
    return local - LOCAL


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


def jitter(rng: random.Random, t: dt.datetime, seconds: int) -> dt.datetime:
    return t + dt.timedelta(seconds=rng.randrange(0, max(seconds, 1)))


Sink = list[Record]

__all__ = ["AGENCY", "AMZN_CLI", "BODEGA", "SITES", "Org", "build", "cli_v2"]
