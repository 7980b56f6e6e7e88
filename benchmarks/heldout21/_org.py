"""Koorak Minerals: who is in the organisation, where each actor sits on each day, and the
calendar of the scored window's changes (the facts of the world that ``_background``,
``_people`` and ``_services`` draw and ``_benign`` and ``_attacks*`` label).

Perth head office; accounts in ap-southeast-2 (Sydney; the Melbourne recovery region draws no
traffic in this trail); Outposts racks at two remote mine sites whose API calls leave through the
service link and appear in the parent region from the accounts' NAT gateways.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout21._net import BLOCKS, aws_address

END = dt.date(2026, 1, 25)  # a Sunday: the scored window runs Wednesday to Sunday
SCORED = 5
AWST = dt.timedelta(hours=8)  # Perth, no daylight saving

ACCOUNTS = {
    "mine-operations": "402811930014",
    "ot-data": "402811930027",
    "corporate-erp": "402811930035",
    "analytics": "402811930048",
    "shared-network": "402811930051",
    "security": "402811930069",
    "lithium-project": "402811930072",  # joins the organisation in the scored window
}
PARTNER_ACCOUNT = "610583021177"  # Tangent SAP Services, the outside SAP partner
ATTACKER_ACCOUNT = "771943806522"
SSO_SUFFIX = {
    "MineEngineer": "7c1e9a02b44d3f15",
    "PlatformAdmin": "0f93b1d6c2a84e77",
    "FinanceAnalyst": "5a2c8e1f90b3d641",
    "GeoScience": "c4d07b3e19a6f528",
    "SiteSupport": "e81f4a6c07d2b935",
}

UA_CLI_WIN = "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/{cmd}"
UA_CLI_MAC = "aws-cli/2.15.17 Python/3.11.6 Darwin/23.2.0 exe/x86_64 prompt/off command/{cmd}"
UA_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
UA_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15"
)
UA_GREENGRASS = (
    "aws-sdk-java/2.20.138 Linux/5.15.0-1051-raspi OpenJDK_64-Bit_Server_VM/17.0.9+9-LTS "
    "Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard "
    "GreengrassNucleus/2.12.1"
)
UA_SSM_LINUX = "aws-sdk-go/1.44.302 (go1.20.11; linux; amd64) amazon-ssm-agent/3.2.1705.0"
UA_SSM_WIN = "aws-sdk-go/1.44.302 (go1.20.11; windows; amd64) amazon-ssm-agent/3.2.1705.0"
UA_SSM_WIN_NEW = "aws-sdk-go/1.50.8 (go1.21.6; windows; amd64) amazon-ssm-agent/3.3.40.0"
UA_PS = "AWSPowerShell.NetCore/4.1.450.0 .NET_Runtime/6.0 .NET_Framework/6.0.25 OS/Microsoft_Windows_10.0.20348 PowerShellCore/7.2 ClientAsync"
UA_PS_NEW = "AWSPowerShell.NetCore/4.1.520.0 .NET_Runtime/8.0 .NET_Framework/8.0.1 OS/Microsoft_Windows_10.0.20348 PowerShellCore/7.4 ClientAsync"
UA_BOTO_PLANT = (
    "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#4.14.336-257.566.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.9.16 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57"
)
UA_BACKINT = "aws-backint-agent/1.1.2 aws-sdk-go/1.44.122 (go1.19.4; linux; amd64)"
UA_LAMBDA = (
    "Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.10.209-218.812.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.1 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.34"
)
UA_TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.2 (+https://www.terraform.io) "
    "terraform-provider-aws/5.34.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
    "aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64"
)


@dataclass(frozen=True)
class Person:
    """An Identity Center user (``sso``) or an IAM user (``iam``)."""

    name: str
    kind: str  # "sso" | "iam"
    permission_set: str
    account: str  # account name where they work
    home: str  # block name of their home network
    crew: str | None = None  # "alpha" (site A) / "bravo" (site B) for fly-in fly-out staff
    site: str | None = None  # block of the site while on roster
    console: bool = False
    mac: bool = False
    start: dt.date | None = None  # first day of work (a new contractor)

    @property
    def email(self) -> str:
        return f"{self.name}@koorak.com.au"


PEOPLE = (
    # crew Alpha: Yarrie Creek (site A, Optus satellite); on site 14-27 January
    Person(
        "liam.oconnor",
        "sso",
        "MineEngineer",
        "mine-operations",
        "home_perth_tpg",
        "alpha",
        "site_a",
    ),
    Person(
        "aroha.ngata",
        "sso",
        "MineEngineer",
        "ot-data",
        "home_bris_telstra",
        "alpha",
        "site_a",
        mac=True,
    ),
    Person(
        "dev.patel", "sso", "MineEngineer", "mine-operations", "home_adl_iinet", "alpha", "site_a"
    ),
    # crew Bravo: Leonora (site B, Starlink); on site 7-20 January, home from the 21st
    Person(
        "kylie.brandt",
        "sso",
        "MineEngineer",
        "mine-operations",
        "home_cairns_abb",
        "bravo",
        "site_b",
    ),
    Person("tom.wirth", "sso", "MineEngineer", "ot-data", "home_perth_iinet", "bravo", "site_b"),
    Person(
        "mei.lin",
        "sso",
        "MineEngineer",
        "mine-operations",
        "home_melb_superloop",
        "bravo",
        "site_b",
        mac=True,
    ),
    # Perth office
    Person("sam.kowalski", "sso", "PlatformAdmin", "shared-network", "perth_office", console=True),
    Person("sam.kowalski", "sso", "PlatformAdmin", "security", "perth_office", console=True),
    Person("jess.moore", "sso", "PlatformAdmin", "mine-operations", "perth_office"),
    Person("ravi.iyer", "sso", "FinanceAnalyst", "corporate-erp", "perth_office", console=True),
    Person("claire.dubois", "sso", "FinanceAnalyst", "corporate-erp", "perth_office", console=True),
    Person("hannah.reid", "sso", "GeoScience", "analytics", "perth_office", console=True, mac=True),
    Person("oscar.tuala", "sso", "GeoScience", "analytics", "field", console=True),
    # contractors: IAM users in shared-network (they reach the jump hosts through SSM)
    Person("ctr-jwalsh", "iam", "", "shared-network", "contractor_vocus"),
    Person("ctr-pnguyen", "iam", "", "shared-network", "home_melb_superloop"),
    Person("ctr-bokafor", "iam", "", "shared-network", "home_perth_tpg"),
)
NEW_CONTRACTOR = Person("ctr-fsantos", "iam", "", "shared-network", "home_bris_telstra")
DORMANT = "grace.whitfield"  # a geotechnical engineer who left the site team months ago


@dataclass(frozen=True)
class Calendar:
    """The days of the trail and of each change in the scored window."""

    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    extra: dict[str, dt.date] = field(default_factory=dict)

    @classmethod
    def make(cls, days: int) -> Calendar:
        all_days = tuple(END - dt.timedelta(days=days - 1 - i) for i in range(days))
        return cls(all_days, all_days[-SCORED:])

    @property
    def drawn(self) -> tuple[dt.date, ...]:
        """Perth days drawn: one more than the trail's UTC days, cut back to them on writing."""
        return (*self.days, self.days[-1] + dt.timedelta(days=1))

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The trail's first and after-last UTC instants."""
        first, last = self.days[0], self.days[-1] + dt.timedelta(days=1)
        return (
            dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC),
            dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC),
        )

    def utc_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    def s(self, i: int) -> dt.date:
        return self.scored[i]

    # -- the world's facts -----------------------------------------------------------------------
    def cyclone(self, day: dt.date) -> bool:
        """Tropical cyclone shutdown of site A: the first three scored days."""
        return self.s(0) <= day <= self.s(2)

    def site_b_renumbered(self, day: dt.date) -> bool:
        return day >= self.s(1)

    def on_site(self, p: Person, day: dt.date) -> bool:
        if p.crew == "alpha":
            on = dt.date(2026, 1, 14) <= day <= dt.date(2026, 1, 27) or day <= dt.date(2026, 1, 6)
        elif p.crew == "bravo":
            on = dt.date(2026, 1, 7) <= day < self.s(0)
        else:
            return False
        return on

    def jump_upgraded(self, day: dt.date) -> bool:
        return day >= self.s(1)

    def close_volume(self, day: dt.date) -> int:
        """Finance year-end close (calendar-year books): x10 Athena and Glue."""
        return 10 if self.s(0) <= day <= self.s(2) else 1

    def patch_weekend(self, day: dt.date) -> bool:
        return day in (self.s(3), self.s(4))

    def travelling(self, p: Person, day: dt.date) -> bool:
        """The geologist at the Vancouver mining conference (AME Roundup)."""
        return p.name == "hannah.reid" and self.s(0) <= day <= self.s(3)

    def site_c_live(self, day: dt.date) -> bool:
        return day >= self.s(1)

    def lithium_live(self, day: dt.date) -> bool:
        return day >= self.s(1)

    def outposts_expanded(self, day: dt.date) -> bool:
        return day >= self.s(2)


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(["heldout21", str(seed), *map(str, parts)]))


def at(day: dt.date, hour_awst: float, rng: random.Random | None = None) -> dt.datetime:
    """A UTC time from a Perth local hour on ``day`` (jittered by up to a minute)."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    t = base + dt.timedelta(hours=hour_awst) - AWST
    if rng is not None:
        t += dt.timedelta(seconds=rng.randrange(0, 60))
    return t


def workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in (dt.date(2026, 1, 1), dt.date(2026, 1, 26))


def site_egress(seed: int, site: str, day: dt.date, cal: Calendar) -> list[str]:
    """A site's CGNAT egress addresses on a day (a satellite carrier rotates them often)."""
    block = site
    if site == "site_b" and cal.site_b_renumbered(day):
        block = "site_b_new"
    rng = rng_for(seed, "egress", site, day)
    return [BLOCKS[block].address(rng) for _ in range(4)]


def nat(seed: int, account: str, region: str = "ap-southeast-2") -> str:
    """An account's NAT gateway address (an Elastic IP: fixed for the trail)."""
    return aws_address(region, rng_for(seed, "nat", account, region))


def home_address(seed: int, p: Person, day: dt.date) -> str:
    """A home lease: renewed within the ISP every 5 to 9 days."""
    epoch = (day - dt.date(2025, 12, 1)).days // rng_for(seed, "lease", p.name).randint(5, 9)
    return BLOCKS[p.home].address(rng_for(seed, "home", p.name, epoch))


def sso_session(p: Person) -> tuple[str, str]:
    """(role name, session name) of an Identity Center user's permission-set role."""
    return f"AWSReservedSSO_{p.permission_set}_{SSO_SUFFIX[p.permission_set]}", p.email
