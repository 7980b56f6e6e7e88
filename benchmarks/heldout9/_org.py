"""Tallgrass Goods: who exists, and the moves every actor makes (minting, signing in, calling).

A US online retailer of home goods (Columbus, Ohio; warehouse in Groveport). Four accounts,
each with its own trail: the storefront, the data platform, a tools account with Jenkins, and
a marketplace account that joins on the first scored day. People federate from Okta by SAML
into shared roles (session name = e-mail); a Snowflake storage integration and a Fivetran-like
ingestion vendor assume roles with an ExternalId from their own AWS accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._net import NETS, aws_host

STORE, DATA, TOOLS, MKT = "284015772613", "519374620488", "736201948355", "645820397114"
SNOWFLAKE, FIVETRAN, OUTSIDER = "898466741470", "834469178297", "390477215806"
ACCOUNT_NAMES = {
    STORE: "storefront-prod",
    DATA: "data-platform",
    TOOLS: "tools",
    MKT: "marketplace",
}
HOME_REGION = "us-east-2"
END = dt.date(2026, 11, 30)  # Cyber Monday; the scored days are Thanksgiving to Cyber Monday
OKTA = "arn:aws:iam::{account}:saml-provider/Okta"
EXTERNAL_IDS = {
    "snowflake": "TG00417_SFCRole=3_pV9x2mQ0cWc=",
    "fivetran": "fivetran-tallgrass-5521",
}

# user agents (session-free parts vary per call in real life: sid/, command/)
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)
EDGE_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CLI_MAC = "aws-cli/2.17.{p} md/awscrt#0.20.11 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
GIMME = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36 gimme-aws-creds/2.8.2"
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0"
NODE_TASK = "aws-sdk-js/3.637.0 ua/2.1 os/linux#5.10.226-214.880.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{api}#3.637.0 exec-env/AWS_ECS_FARGATE"
GO_TASK = "aws-sdk-go-v2/1.30.4 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.32.1 exec-env/AWS_ECS_FARGATE"
RESIZE_EC2 = "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#legacy Botocore/1.34.162"
JENKINS_CLI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.1.102-111.182.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/{cmd}"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.0"
WMS_JAVA = "aws-sdk-java/1.11.1034 Windows_Server_2016/10.0 Java_HotSpot(TM)_64-Bit_Server_VM/25.301-b09 java/1.8.0_301 vendor/Oracle_Corporation cfg/retry-mode/legacy"
EDI_CLI = "aws-cli/1.22.101 Python/3.8.10 Windows/10 botocore/1.24.46"
SNOWFLAKE_UA = "aws-sdk-java/1.12.720 Linux/5.15.0-1051-aws OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS java/17.0.11 vendor/Eclipse_Adoptium cfg/retry-mode/standard"
FIVETRAN_UA = "aws-sdk-java/2.25.60 Linux/6.1.85+ OpenJDK_64-Bit_Server_VM/17.0.11+9 Java/17.0.11 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy"
SAGEMAKER_UA = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#4.14.352-268.568.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython exec-env/SageMaker-Notebook cfg/retry-mode#legacy Botocore/1.34.131"
PROWLER = "Boto3/1.35.24 md/Botocore#1.35.24 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.24 APN_1826889"


@dataclass(frozen=True)
class Person:
    email: str
    role: str  # Okta role name, in ``accounts``
    accounts: tuple[str, ...]
    home: str  # network name
    cli: bool  # also uses the CLI through gimme-aws-creds
    ip: str = ""


@dataclass
class Org:
    """The run: dates, the people with their fixed addresses, the trail being written."""

    seed: int
    days: int
    scale: float
    trail: R.Trail
    people: list[Person] = field(default_factory=list)
    nat: dict[str, str] = field(default_factory=dict)  # account -> NAT gateway address
    office: list[str] = field(default_factory=list)  # the HQ's two egress addresses
    truth: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rng(self) -> np.random.Generator:
        return self.trail.rng

    @property
    def start(self) -> dt.date:
        return END - dt.timedelta(days=self.days - 1)

    def day(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=index)

    def scored(self, k: int) -> int:
        """Index of the k-th scored day (0..4)."""
        return self.days - 5 + k

    def t(self, index: int, hour: float) -> float:
        d = self.day(index)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() + hour * 3600

    def n(self, base: float) -> int:
        """A Poisson count around ``base`` events, scaled."""
        return int(self.rng.poisson(max(base * self.scale, 0.0)))


_PEOPLE = (
    ("maya.okafor", "Okta-Admin", (STORE, DATA, TOOLS), "comcast", True),
    ("derek.lindqvist", "Okta-Admin", (STORE, DATA, TOOLS), "hq", True),
    ("priya.raman", "Okta-Developer", (STORE,), "verizon", True),
    ("tom.hollis", "Okta-Developer", (STORE,), "hq", True),
    ("ana.beltran", "Okta-Developer", (STORE, TOOLS), "att", True),
    ("kwame.asante", "Okta-Developer", (STORE,), "charter", False),
    ("lena.fischer", "Okta-DataEngineer", (DATA,), "comcast", True),
    ("sam.whitaker", "Okta-DataEngineer", (DATA,), "hq", True),
    ("jin.park", "Okta-DataScientist", (DATA,), "verizon", True),
    ("rosa.delgado", "Okta-DataScientist", (DATA,), "att", False),
    ("owen.mercer", "Okta-Security", (STORE, DATA, TOOLS), "hq", True),
    ("beth.nakamura", "Okta-SupportReadOnly", (STORE,), "charter", False),
    ("carl.jensen", "Okta-SupportReadOnly", (STORE,), "hq", False),
    ("nora.quinn", "Okta-Finance", (STORE, DATA), "comcast", False),
)
CONTRACTORS = (
    ("temp.alvarez", "cox"),
    ("temp.brooks", "frontier"),
    ("temp.chen", "tmobile"),
    ("temp.diallo", "cox"),
    ("temp.evans", "frontier"),
)


def make_org(seed: int, days: int, scale: float) -> Org:
    org = Org(seed=seed, days=days, scale=scale, trail=R.Trail(np.random.default_rng(seed)))
    for name, role, accounts, home, cli in _PEOPLE:
        ip = NETS[home].host(org.rng)
        org.people.append(Person(f"{name}@tallgrassgoods.com", role, accounts, home, cli, ip))
    org.nat = {acct: aws_host(HOME_REGION, org.rng) for acct in (STORE, DATA, TOOLS, MKT)}
    org.office = [NETS["hq"].host(org.rng) for _ in range(2)]
    return org


# ---------------------------------------------------------------- moves shared by actors


def mint(
    org: Org,
    t: float,
    account: str,
    region: str,
    role: str,
    name: str,
    host: str,
    hours: float = 6.0,
) -> str:
    """A service (``ecs-tasks``, ``ec2``, ``sagemaker``, ``glue``...) mints a workload's key."""
    key = org.trail.key()
    org.trail.add(
        t,
        account,
        region,
        "AssumeRole",
        R.service(host),
        host,
        host,
        params={
            "roleArn": R.role_arn(account, role),
            "roleSessionName": name,
            "durationSeconds": int(hours * 3600),
        },
        response={
            "credentials": R.credentials(key, t, hours),
            "assumedRoleUser": {
                "assumedRoleId": f"{R.stable_id('AROA', R.role_arn(account, role))}:{name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
            },
        },
        extra={"resources": R.role_resources(account, role), "sharedEventID": org.trail.uid()},
    )
    return key


def cross_account(
    org: Org,
    t: float,
    account: str,
    role: str,
    name: str,
    caller_account: str,
    caller_principal: str,
    ip: str,
    ua: str,
    external_id: str | None = None,
    key: str | None = None,
) -> tuple[str, str]:
    """A principal of ``caller_account`` assumes ``role`` here; returns (key, eventID).
    ``key``: the key the caller's own account logged as minted (both sides show one key)."""
    key = key or org.trail.key()
    params: dict[str, Any] = {"roleArn": R.role_arn(account, role), "roleSessionName": name}
    if external_id:
        params["externalId"] = external_id
    event = org.trail.add(
        t,
        account,
        HOME_REGION,
        "AssumeRole",
        R.other_account(caller_account, caller_principal),
        ip,
        ua,
        params=params,
        response={
            "credentials": R.credentials(key, t, 1),
            "assumedRoleUser": {
                "assumedRoleId": f"{R.stable_id('AROA', R.role_arn(account, role))}:{name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
            },
        },
        extra={"resources": R.role_resources(account, role), "sharedEventID": org.trail.uid()},
    )
    return key, event


def saml_signin(
    org: Org, t: float, account: str, role: str, email: str, ip: str, ua: str, *, console: bool
) -> tuple[dict[str, Any], list[str]]:
    """``AssumeRoleWithSAML`` from Okta (and ``ConsoleLogin`` when ``console``); returns the
    session's identity and the eventIDs written."""
    key = org.trail.key()
    provider = OKTA.format(account=account)
    events = [
        org.trail.add(
            t,
            account,
            "us-east-1",
            "AssumeRoleWithSAML",
            R.saml_user(email, provider),
            ip,
            ua,
            source="sts.amazonaws.com",
            params={
                "roleArn": R.role_arn(account, role),
                "principalArn": provider,
                "durationSeconds": 43200 if console else 3600,
            },
            response={
                "credentials": R.credentials(key, t, 12 if console else 1),
                "assumedRoleUser": {
                    "assumedRoleId": f"{R.stable_id('AROA', R.role_arn(account, role))}:{email}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{email}",
                },
                "subjectType": "persistent",
                "issuer": "http://www.okta.com/exk4tallgrass0okta",
                "audience": "https://signin.aws.amazon.com/saml",
                "nameQualifier": "Ppo+S0mAtAfX1tallgrass=",
            },
            extra={"resources": R.role_resources(account, role), "sharedEventID": org.trail.uid()},
        )
    ]
    identity = R.session(account, role, email, key, t)
    if console:
        events.append(
            org.trail.add(
                t + 2,
                account,
                "us-east-1",
                "ConsoleLogin",
                {k: v for k, v in identity.items() if k != "accessKeyId"},
                ip,
                ua,
                response={"ConsoleLogin": "Success"},
                extra={
                    "eventType": "AwsConsoleSignIn",
                    "additionalEventData": {
                        "LoginTo": "https://console.aws.amazon.com/console/home",
                        "MobileVersion": "No",
                        "MFAUsed": "No",
                        "SamlProviderArn": provider,
                    },
                },
            )
        )
        identity["accessKeyId"] = org.trail.key()
        identity["sessionContext"]["attributes"]["mfaAuthenticated"] = "false"
    return identity, events


def calls(
    org: Org,
    times: np.ndarray,
    account: str,
    region: str,
    identity: dict[str, Any],
    ip: str,
    ua: str,
    menu: list[tuple[str, float]],
    *,
    deny: float = 0.003,
    console: bool = False,
) -> list[str]:
    """One call per time in ``times``, drawn from ``menu`` (API, weight); a few denied."""
    if len(times) == 0:
        return []
    names = [m[0] for m in menu]
    weights = np.array([m[1] for m in menu], dtype=float)
    picks = org.rng.choice(len(names), size=len(times), p=weights / weights.sum())
    denied = org.rng.random(len(times)) < deny
    out = []
    extra = {"sessionCredentialFromConsole": "true"} if console else None
    for t, pick, no in zip(np.sort(times), picks, denied, strict=True):
        api = names[pick]
        agent = ua.format(api=api.lower(), cmd=api.lower(), p=int(org.rng.integers(1, 4)))
        error = ("AccessDenied", f"User is not authorized to perform: {api}") if no else None
        out.append(
            org.trail.add(
                float(t), account, region, api, identity, ip, agent, error=error, extra=extra
            )
        )
    return out


def spread(org: Org, start: float, end: float, count: int) -> np.ndarray:
    return np.sort(org.rng.uniform(start, end, size=max(count, 0)))


def diurnal(org: Org, index: int, per_hour: float, *, peak: float = 1.0) -> np.ndarray:
    """Times on day ``index`` of a consumer-facing workload: busiest 00-04 UTC (US evenings)."""
    hours = np.arange(24)
    shape = 0.55 + 0.45 * np.cos((hours - 1.5) / 24 * 2 * np.pi)
    weekend = 1.15 if org.day(index).weekday() >= 5 else 1.0
    counts = org.rng.poisson(per_hour * org.scale * peak * weekend * shape)
    starts = np.repeat(hours, counts) + org.rng.random(counts.sum())
    return np.sort(org.t(index, 0) + starts * 3600)
