"""Dalbit Webtoon: its accounts, roles, people and the clients they call AWS with, and the
``World`` a seed is generated in (the trail, the addresses, the scale, the days and what the
scored days change)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout40._model import Role, Session, Trail
from benchmarks.heldout40._net import Addresses

MGMT, PROD, CONTENT, ANALYTICS, JP = (
    "318842076115",
    "447203918562",
    "529716384401",
    "604385127793",
    "731590462288",
)
PARTNER = "862014375590"  # the payment gateway's own account
ACCOUNT_NAMES = {
    MGMT: "management",
    PROD: "prod",
    CONTENT: "content",
    ANALYTICS: "analytics",
    JP: "jp-market",
}
HOME, SEA, US, GLOBAL, TOKYO = (
    "ap-northeast-2",
    "ap-southeast-1",
    "us-west-2",
    "us-east-1",
    "ap-northeast-1",
)
KST, ICT = dt.timedelta(hours=9), dt.timedelta(hours=7)
SSO_PROVIDER = "AWSSSO_8d2c41e07b9f5a63_DO_NOT_DELETE"
OIDC_GITHUB = "token.actions.githubusercontent.com"
UNRELEASED, MASTER_ART, SETTLEMENT = (
    "dalbit-unreleased-episodes",
    "dalbit-master-art",
    "dalbit-pg-settlement",
)

CLI = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BROWSER_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
NODE_API = (
    "aws-sdk-js/{v} ua/2.1 os/linux#5.10.228-219.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 "
    "exec-env/AWS_ECS_FARGATE api/{api}#{v} m/E,N"
)
PY_TASK = (
    "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE "
    "cfg/retry-mode#legacy Botocore/1.35.54"
)
LAMBDA_PY = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
JAVA_CMS = (
    "aws-sdk-java/2.28.29 Linux/6.1.115-126.197.amzn2023.x86_64 "
    "OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. io/sync "
    "http/Apache cfg/retry-mode/legacy"
)
SSM_AGENT = "aws-sdk-go/1.44.325 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0"
PARTNER_V1 = (
    "aws-sdk-java/1.12.772 Linux/5.15.0-1071-aws OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS "
    "java/17.0.12 vendor/Eclipse_Adoptium cfg/retry-mode/standard"
)
PARTNER_V2 = (
    "aws-sdk-java/2.29.6 Linux/5.15.0-1071-aws OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS "
    "Java/17.0.13 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/standard"
)
NAS = "aws-sdk-cpp/1.9.150 Linux/4.4.302+ x86_64 GCC/8.5.0"
JDBC = (
    "AthenaJDBC/3.3.0 aws-sdk-java/2.25.40 Windows_11/10.0 OpenJDK_64-Bit_Server_VM/17.0.10+7 "
    "Java/17.0.10 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy"
)
EMR_NODE = (
    "aws-sdk-java/1.12.746 Linux/6.1.112-122.189.amzn2023.x86_64 "
    "OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 scala/2.12.18 vendor/Amazon.com_Inc. "
    "cfg/retry-mode/standard emrfs/2.64.0"
)
GH_CLI = (
    "aws-cli/2.22.2 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
)
TRANSLATOR_TOOLS = (
    "rclone/v1.68.2",
    "S3 Browser/12.0.5 (https://s3browser.com)",
    "Cyberduck/9.1.0.42300 (Windows 11/10.0.22631.4460) (x86)",
)


def role_id(account: str, name: str) -> str:
    digest = hashlib.sha256(f"{account}/{name}".encode()).digest()
    return "AROA" + "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32] for b in digest[:17])


def user_id(account: str, name: str) -> str:
    return "AIDA" + role_id(account, name)[4:]


def role(account: str, name: str, path: str = "/") -> Role:
    return Role(account, name, role_id(account, name), path)


def sso_role(account: str, permission_set: str) -> Role:
    suffix = hashlib.sha256(f"{account}{permission_set}".encode()).hexdigest()[:16]
    return role(
        account,
        f"AWSReservedSSO_{permission_set}_{suffix}",
        f"/aws-reserved/sso.amazonaws.com/{HOME}/",
    )


def slr(account: str, name: str, host: str) -> Role:
    return role(account, name, f"/aws-service-role/{host}/")


def sso_person(account: str, permission_set: str, login: str) -> str:
    """The principal ueba learns an Identity Center user by (docs/enrichment-identity.md): the
    person's own assumed-role ARN, not the permission set's role shared with colleagues."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(account, permission_set).name}/{login}"


@dataclass(frozen=True)
class Person:
    """Someone who signs in through Okta and Identity Center."""

    login: str
    permission_set: str
    accounts: tuple[str, ...]
    home: str  # an address name in _net.PUBLIC
    console: bool  # mostly console rather than CLI


PLATFORM = (
    Person(
        "jiwoo.park@dalbit.kr", "PlatformAdmin", (PROD, CONTENT, MGMT, ANALYTICS), "home_skb", False
    ),
    Person("minseo.kang@dalbit.kr", "PlatformAdmin", (PROD, CONTENT, MGMT), "home_lgu", False),
    Person("dohyun.lee@dalbit.kr", "PlatformAdmin", (PROD, CONTENT), "home_kt", False),
)
CONTENT_OPS = (
    Person("hyejin.yoon@dalbit.kr", "ContentOps", (CONTENT,), "seoul_office", True),
    Person("seojun.han@dalbit.kr", "ContentOps", (CONTENT,), "home_skb2", True),
)
ANALYSTS = (
    Person("yuna.choi@dalbit.kr", "DataAnalyst", (ANALYTICS,), "seoul_office", False),
    Person("taeho.kim@dalbit.kr", "DataAnalyst", (ANALYTICS,), "home_lgu", True),
)


@dataclass(frozen=True)
class Translator:
    name: str
    home: str
    tool: str
    tz: dt.timedelta = ICT


TRANSLATORS = (
    Translator("tr-vi-nguyen.thao", "vn_viettel", TRANSLATOR_TOOLS[0]),
    Translator("tr-id-rizky.pratama", "id_biznet", TRANSLATOR_TOOLS[0]),
    Translator("tr-vi-tran.minh", "vn_vnpt", TRANSLATOR_TOOLS[1]),
    Translator("tr-id-putri.wulandari", "id_telkom", TRANSLATOR_TOOLS[1]),
    Translator("tr-vi-le.hoa", "vn_viettel2", TRANSLATOR_TOOLS[2]),
    Translator("tr-id-dewi.sari", "id_telkom2", TRANSLATOR_TOOLS[2]),
    Translator("tr-vi-pham.an", "vn_vnpt2", TRANSLATOR_TOOLS[0]),
    Translator("tr-id-agus.setiawan", "id_biznet2", TRANSLATOR_TOOLS[0]),
)
NEW_TRANSLATORS = (  # B2: onboarded from Thailand on the third scored slot
    Translator("tr-th-siriporn.k", "th_true", TRANSLATOR_TOOLS[0]),
    Translator("tr-th-nattapong.s", "th_3bb", TRANSLATOR_TOOLS[1]),
    Translator("tr-th-kanokwan.p", "th_ais", TRANSLATOR_TOOLS[0]),
)


@dataclass
class World:
    """A seed being generated: the trail, its addresses, its days and what the scored days
    change (set by the incidents before the background is written)."""

    trail: Trail
    net: Addresses
    rng: random.Random
    scale: float
    days: list[dt.date]
    scored: list[dt.date]
    users: dict[str, Session] = field(default_factory=dict)  # IAM users' long-lived keys
    changes: dict[str, Any] = field(default_factory=dict)
    truth: list[dict[str, Any]] = field(default_factory=list)

    def slot(self, n: int) -> dt.date:
        """The scored day of incident slot ``n`` (0-4); with fewer scored days the slots fold
        onto the last ones."""
        return self.scored[min(n, len(self.scored) - 1)]

    def count(self, n: float, floor: int = 1) -> int:
        return max(floor, round(n * self.scale))

    def at(self, day: dt.date, hour: float, local: dt.timedelta = dt.timedelta(0)) -> dt.datetime:
        """``hour`` (fractional) of ``day`` in a zone ``local`` ahead of UTC, as UTC."""
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - local
        return start + dt.timedelta(seconds=int(hour * 3600))

    def spread(
        self, day: dt.date, n: int, start: float, end: float, local: dt.timedelta = dt.timedelta(0)
    ) -> list[dt.datetime]:
        return sorted(self.at(day, self.rng.uniform(start, end), local) for _ in range(n))

    def accounts(self, day: dt.date) -> list[str]:
        joined = self.changes.get("jp_joins")
        return [MGMT, PROD, CONTENT, ANALYTICS] + ([JP] if joined and day >= joined else [])
