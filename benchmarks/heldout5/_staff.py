"""Brightmoor's people: Microsoft Entra ID users in IAM Identity Center, their homes, offices,
clocks, permission sets and clients, and the bank holidays they keep."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

CLI2 = "aws-cli/2.17.{p} md/awscrt#0.20.11 ua/2.0 os/{os} md/arch#{arch} lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CHROME = "Mozilla/5.0 ({os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 ({os}; rv:125.0) Gecko/20100101 Firefox/125.0"
OS_UA = {
    "macos": ("macos#23.4.0", "arm64", "Macintosh; Intel Mac OS X 10_15_7"),
    "windows": ("windows#10", "amd64", "Windows NT 10.0; Win64; x64"),
    "linux": ("linux#6.5.0-1018-aws", "x86_64", "X11; Linux x86_64"),
}


@dataclass
class Person:
    user: str  # the Identity Center user name (Entra UPN)
    home: str  # network names in _net.NETS
    office: str | None
    tz: int  # UTC offset in May
    country: str  # for bank holidays
    sets: dict[str, str]  # account name -> permission set
    os: str = "macos"
    browser: str = "chrome"
    console: float = 0.4  # share of sessions through the console
    since: dt.date | None = None  # first day (SCIM-provisioned later)
    oncall: bool = False
    cli_minor: int = 15
    user_id: str = ""

    def __post_init__(self) -> None:
        if (
            not self.user_id
        ):  # Identity Center user ids are UUIDs prefixed by the store's region code
            h = hashlib.sha1(self.user.encode()).hexdigest()
            self.user_id = f"93670b2a1c-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


PEOPLE = [
    Person(
        "aoife.byrne@brightmoor.games",
        "home_dublin",
        "office_dublin",
        1,
        "IE",
        {
            "management": "PlatformAdmin",
            "game_prod": "PlatformAdmin",
            "tools": "PlatformAdmin",
            "game_staging": "PlatformAdmin",
            "media_prod": "PlatformAdmin",
            "security": "PlatformAdmin",
        },
        console=0.3,
    ),
    Person(
        "cian.walsh@brightmoor.games",
        "home_dublin",
        "office_dublin",
        1,
        "IE",
        {"game_prod": "PlatformAdmin", "tools": "PlatformAdmin", "game_staging": "PlatformAdmin"},
        os="windows",
        console=0.2,
    ),
    Person(
        "jonas.keller@brightmoor.games",
        "home_berlin",
        "office_berlin",
        2,
        "DE",
        {"game_staging": "Developer", "game_prod": "ReadOnly"},
        os="linux",
        browser="firefox",
    ),
    Person(
        "lena.schmidt@brightmoor.games",
        "home_berlin",
        "office_berlin",
        2,
        "DE",
        {"game_staging": "Developer", "game_prod": "ReadOnly"},
    ),
    Person(
        "mehmet.yilmaz@brightmoor.games",
        "home_berlin",
        "office_berlin",
        2,
        "DE",
        {"game_staging": "Developer"},
        os="linux",
    ),
    Person(
        "niamh.kelly@brightmoor.games",
        "home_dublin",
        "office_dublin",
        1,
        "IE",
        {"game_prod": "OnCall", "game_staging": "OnCall"},
        oncall=True,
        console=0.6,
    ),
    Person(
        "etienne.roy@brightmoor.games",
        "home_montreal",
        None,
        -4,
        "CA",
        {"game_prod": "OnCall", "game_staging": "OnCall"},
        oncall=True,
        console=0.6,
    ),
    Person(
        "weiling.tan@brightmoor.games",
        "home_singapore",
        None,
        8,
        "SG",
        {"game_prod": "OnCall", "game_staging": "OnCall"},
        oncall=True,
        os="windows",
        console=0.6,
    ),
    Person(
        "declan.oshea@brightmoor.games",
        "home_dublin",
        "office_dublin",
        1,
        "IE",
        {"security": "SecurityAdmin", "management": "SecurityAudit", "game_prod": "SecurityAudit"},
    ),
    Person(
        "orla.murphy@brightmoor.games",
        "home_dublin",
        "office_dublin",
        1,
        "IE",
        {"management": "Billing"},
        os="windows",
        console=1.0,
    ),
    Person(
        "felix.braun@brightmoor.games",
        "home_berlin",
        "office_berlin",
        2,
        "DE",
        {"media_prod": "MediaEngineer"},
    ),
    Person(
        "piotr.nowak@qa-studio.pl",
        "qa_krakow",
        "qa_krakow",
        2,
        "PL",
        {"game_staging": "QATester"},
        os="windows",
        console=0.8,
    ),
    Person(
        "anna.zielinska@qa-studio.pl",
        "qa_krakow",
        "qa_krakow",
        2,
        "PL",
        {"game_staging": "QATester"},
        os="windows",
        console=0.8,
    ),
    Person(
        "tomasz.wojcik@qa-studio.pl",
        "qa_krakow",
        "qa_krakow",
        2,
        "PL",
        {"game_staging": "QATester"},
        os="windows",
        console=0.8,
    ),
]
HOLIDAYS = {  # 2026: Labour Day, the Irish May bank holiday, Ascension
    dt.date(2026, 5, 1): {"DE", "PL", "RO", "FR"},
    dt.date(2026, 5, 4): {"IE"},
    dt.date(2026, 5, 14): {"DE"},
}


def cli_ua(p: Person, command: str, rng: random.Random) -> str:
    os_tag, arch, _ = OS_UA[p.os]
    return CLI2.replace("2.17.{p}", f"2.{p.cli_minor}.{rng.choice([3, 4])}").format(
        os=os_tag, arch=arch, cmd=command
    )


def browser_ua(p: Person) -> str:
    return (CHROME if p.browser == "chrome" else FIREFOX).format(os=OS_UA[p.os][2])
