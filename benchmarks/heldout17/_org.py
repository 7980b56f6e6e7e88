"""Tessellate AI: who works in which account, with which credentials, from where, with what.

An actor is a table row, not code: its credential scheme (``kind``), its networks, clients,
APIs, regions, rhythm and volume. ``_activity`` turns a row into a day of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.heldout17._clients import (
    CHROME_MAC,
    CHROME_WIN,
    DATA_ENG,
    FINOPS,
    FIREFOX_LINUX,
    ML_ADMIN,
    ML_ENGINEER,
    NOTEBOOK_MAC,
    NOTEBOOK_USER,
    RESEARCHER,
    SECOPS,
    SRE,
    Mix,
    cli,
)
from benchmarks.heldout17._trail import Role, User

SECURITY = "318204417760"
INFERENCE = "529017334812"
PLATFORM = "637281905543"
DATA = "704418862219"
SANDBOX = "845120937766"
AGENTS = "962301548830"  # vended on the third scored day
VENDOR = "271845096633"  # the labelling vendor's own account, outside the trail
ACCOUNTS = (SECURITY, INFERENCE, PLATFORM, DATA, SANDBOX, AGENTS)

EAST, WEST = "us-east-1", "us-west-2"
SSO_PATH = "aws-reserved/sso.amazonaws.com"


@dataclass(frozen=True)
class Actor:
    """One principal's behaviour. ``kind`` is how it gets credentials: ``irsa`` / ``pod`` (EKS
    pods, per pod and hour), ``ec2`` (instance profile, per instance and hour), ``lambda``
    (per execution environment), ``sagemaker`` (a job's session, per job), ``glue``, ``config``
    (service-linked, from the service's hostname), ``sso`` (a person through Identity Center),
    ``user`` (an IAM user's long-lived key), ``vendor`` (cross-account AssumeRole with an
    external ID), ``github`` (OIDC per workflow run)."""

    name: str
    account: str
    kind: str
    mix: Mix
    agents: tuple[str, ...]
    nets: tuple[str, ...]  # NETS names, "nat:<account>" or "aws:<region>"
    per_day: float
    region: str = EAST
    hours: tuple[int, int] = (0, 24)  # UTC, end exclusive; may wrap past midnight
    weekend: float = 0.55
    units: int = 1  # pods, instances, jobs, execution environments
    rotate: int = 1  # hours a session key lives
    role: Role | None = None
    user: User | None = None
    person: str = ""  # the SSO user name (an e-mail)
    console: float = 0.0  # share of a person's calls made in the console
    errors: float = 0.003
    resources: tuple[str, ...] = field(default=())  # buckets or model ids it touches
    first_day: int = 0  # index of the first day it exists
    last_day: int = 10_000
    shadow: bool = False  # its keys are another row's (same name): never minted twice


def sso_role(account: str, permission_set: str, tag: str) -> Role:
    return Role(account, f"AWSReservedSSO_{permission_set}_{tag}", SSO_PATH)


MODELS = (
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    "meta.llama3-1-70b-instruct-v1:0",
)
EMBED = ("amazon.titan-embed-text-v2:0", "cohere.embed-english-v3")


def people() -> list[Actor]:
    """The people, each through Identity Center (and one researcher's legacy IAM user)."""
    sre = {
        a: sso_role(a, "SRE", t)
        for a, t in ((INFERENCE, "4f0c2a9e1b7d3c55"), (PLATFORM, "9a1e5d7c3b2f4e60"))
    }
    sci = sso_role(SANDBOX, "ResearchScientist", "7c3d9e1f5a2b4d08")
    mle = sso_role(PLATFORM, "MLEngineer", "2b8f6a4c1e9d7f31")
    # a table, one actor a row
    # fmt: off
    out = [
        Actor("sre-ana", INFERENCE, "sso", SRE, (cli("2.22.4", "macos#24.1.0"), CHROME_MAC), ("comcast",), 70, hours=(15, 27), weekend=0.35, role=sre[INFERENCE], person="ana.ruiz@tessellate.ai", console=0.4, errors=0.02),
        Actor("sre-dev", INFERENCE, "sso", SRE, (cli("2.21.2", "linux#6.8.0-49-generic"), FIREFOX_LINUX), ("verizon",), 60, hours=(12, 23), weekend=0.35, role=sre[INFERENCE], person="dev.patel@tessellate.ai", console=0.3, errors=0.02),
        Actor("sre-lee", PLATFORM, "sso", SRE, (cli("2.22.4", "macos#23.6.0"), CHROME_MAC), ("rogers", "office"), 55, hours=(13, 23), weekend=0.3, role=sre[PLATFORM], person="min.lee@tessellate.ai", console=0.35, errors=0.02),
        Actor("ml-admin", PLATFORM, "sso", ML_ADMIN, (cli("2.22.4", "macos#24.1.0"), CHROME_MAC), ("office", "comcast"), 45, hours=(16, 26), weekend=0.1, role=sso_role(PLATFORM, "MLPlatformAdmin", "5e2a8c0d4f6b1a93"), person="priya.nair@tessellate.ai", console=0.6, errors=0.02),
        Actor("mle-tom", PLATFORM, "sso", ML_ENGINEER, (cli("2.22.1", "macos#24.0.0"), CHROME_MAC), ("charter",), 50, hours=(14, 24), weekend=0.1, role=mle, person="tom.becker@tessellate.ai", console=0.3, errors=0.02),
        Actor("mle-sara", PLATFORM, "sso", ML_ENGINEER, (cli("2.21.2", "windows#10"), CHROME_WIN), ("office", "cox"), 40, hours=(16, 25), weekend=0.1, role=mle, person="sara.cohen@tessellate.ai", console=0.4, errors=0.02),
        Actor("finops", PLATFORM, "sso", FINOPS, (CHROME_MAC,), ("cox", "office"), 35, hours=(16, 24), weekend=0.0, role=sso_role(PLATFORM, "FinOpsAnalyst", "3d7b1f9e5c0a2e46"), person="jo.mensah@tessellate.ai", console=1.0, errors=0.01),
        Actor("data-eng", DATA, "sso", DATA_ENG, (cli("2.22.4", "macos#24.1.0"), CHROME_MAC), ("verizon",), 50, hours=(13, 23), weekend=0.05, role=sso_role(DATA, "DataEngineer", "8e4c2a6f0b1d3f77"), person="omar.haddad@tessellate.ai", console=0.3, errors=0.02),
        Actor("secops", SECURITY, "sso", SECOPS, (cli("2.22.4", "macos#24.1.0"), CHROME_MAC), ("office", "comcast"), 40, hours=(15, 25), weekend=0.1, role=sso_role(SECURITY, "SecurityEngineer", "6f1a3c5e7b9d2b84"), person="kai.tanaka@tessellate.ai", console=0.5, errors=0.02),
    ]
    homes = ("comcast", "charter", "bell", "cox")
    for i, (name, email) in enumerate(
        (
            ("sci-maya", "maya.singh"),
            ("sci-luis", "luis.ortega"),
            ("sci-chloe", "chloe.martin"),
            ("sci-ben", "ben.adeyemi"),
        )
    ):
        start = 14 + (i % 3)
        agent = (
            (cli("2.22.4", "macos#24.1.0"), CHROME_MAC)
            if i != 2
            else (cli("2.21.0", "linux#6.8.0-48-generic"), FIREFOX_LINUX)
        )
        out.append(
            Actor(name, SANDBOX, "sso", RESEARCHER, agent, (homes[i], "office"), 40, hours=(start, start + 10), weekend=0.15, role=sci, person=f"{email}@tessellate.ai", console=0.5, errors=0.02)
        )
    out.append(
        Actor("sci-okafor-key", SANDBOX, "user", NOTEBOOK_USER, (NOTEBOOK_MAC,), ("bell",), 55, hours=(13, 22), weekend=0.05, user=User(SANDBOX, "r.okafor"), errors=0.01, resources=MODELS)
    )
    # fmt: on
    return out
