"""Quillsign, a serverless e-signature SaaS: who exists, what changes when, and the calendar.

Four accounts with per-account trails (no AWS Organization, so no organisation trail): prod,
data, dev, and *partners*, which joins two days before scoring starts. People are IAM users in
prod with MFA and long-lived CLI keys; they reach dev and partners by ``AssumeRole``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout2._agents import CLI_LINUX, CLI_MAC, CLI_WIN
from benchmarks.heldout2._net import AddressPlan
from benchmarks.heldout2._records import Actor, Trail, new_key

PROD, DATA, DEV, PARTNERS = "318664012957", "507243981106", "742019385560", "869330147225"
ACCOUNTS = {"prod": PROD, "data": DATA, "dev": DEV, "partners": PARTNERS}
EXTERNAL = "946271038315"  # the attacker's own AWS account
HOME = "us-west-2"
# the trail always ends here, so the scored days keep Thanksgiving whatever --days says
END = dt.date(2025, 11, 29)
HOLIDAYS = {dt.date(2025, 11, 27), dt.date(2025, 11, 28)}  # Thanksgiving and the day after
HALF_HOLIDAYS = {dt.date(2025, 11, 11)}  # Veterans Day: about half the people off


@dataclass(frozen=True)
class Person:
    """An IAM user in prod: home network, time zone, tools, what they look at."""

    name: str
    net: str
    utc_offset: int  # local = UTC + offset (November)
    cli: str
    browser: str
    work: tuple[str, ...]  # kinds of work: backend, data, sre, security, finance
    dev_access: bool = True
    cloudshell: float = 0.0  # share of days with a CloudShell session
    mobile: bool = False
    console_only: bool = False
    account: str = PROD


PEOPLE: tuple[Person, ...] = (
    Person(
        "dana.whitfield", "comcast_sea", -8, CLI_MAC, "chrome_mac", ("backend",), cloudshell=0.1
    ),
    Person("priya.raman", "spectrum_la", -8, CLI_MAC, "chrome_mac", ("backend",)),
    Person("marco.diaz", "comcast_pdx", -8, CLI_LINUX, "firefox_linux", ("backend", "sre")),
    Person(
        "kai.nakamura",
        "verizon_nyc",
        -5,
        CLI_MAC,
        "safari_mac",
        ("sre",),
        cloudshell=0.3,
        mobile=True,
    ),
    Person("sofia.chen", "att_atl", -5, CLI_WIN, "edge_win", ("security",), cloudshell=0.2),
    Person(
        "owen.brooks",
        "comcast_sea",
        -8,
        CLI_MAC,
        "chrome_mac",
        ("finance",),
        dev_access=False,
        console_only=True,
        mobile=True,
    ),
    Person("lena.fischer", "verizon_nyc", -5, CLI_LINUX, "firefox_linux", ("backend", "data")),
    # the data-science contractor, in Krakow; an IAM user of the data account
    Person(
        "ewa.kowalska",
        "orange_pl",
        1,
        CLI_LINUX,
        "firefox_linux",
        ("data",),
        dev_access=False,
        account=DATA,
    ),
)
NEW_HIRE = Person("jordan.lee", "comcast_pdx", -8, CLI_MAC, "chrome_mac", ("backend",))


@dataclass(frozen=True)
class Function:
    name: str
    account: str
    runtime: str  # python3.12 | nodejs18.x ...
    calls: tuple[tuple[str, str], ...]  # (service, eventName) per invocation batch
    envs: int  # execution environments a weekday
    vpc: bool = False
    data_bucket: str | None = None  # S3 data events on this bucket


FUNCTIONS: tuple[Function, ...] = (
    Function(
        "api-handler",
        PROD,
        "python3.12",
        (("kms", "Decrypt"), ("states", "StartExecution"), ("cognito-idp", "AdminGetUser")),
        10,
        data_bucket="quill-customer-documents",
    ),
    Function(
        "doc-render",
        PROD,
        "nodejs18.x",
        (("kms", "GenerateDataKey"), ("kms", "Decrypt")),
        8,
        data_bucket="quill-customer-documents",
    ),
    Function(
        "webhook-dispatch",
        PROD,
        "python3.11",
        (("secretsmanager", "GetSecretValue"), ("kms", "Decrypt")),
        6,
    ),
    Function(
        "billing-sync",
        PROD,
        "python3.12",
        (("secretsmanager", "GetSecretValue"), ("ssm", "GetParameter"), ("kms", "Decrypt")),
        4,
        vpc=True,
    ),
    Function(
        "auth-triggers",
        PROD,
        "nodejs20.x",
        (("cognito-idp", "AdminGetUser"), ("cognito-idp", "AdminUpdateUserAttributes")),
        6,
    ),
    Function(
        "api-handler-dev", DEV, "python3.12", (("kms", "Decrypt"), ("states", "StartExecution")), 3
    ),
    Function(
        "partner-webhooks",
        PARTNERS,
        "python3.12",
        (("secretsmanager", "GetSecretValue"), ("kms", "Decrypt")),
        3,
    ),
)


def role(account: str, name: str, rng: random.Random, path: str = "/") -> Actor:
    return Actor("AssumedRole", account, name, new_key(rng, "AROA"), path)


def user(account: str, name: str, rng: random.Random) -> Actor:
    return Actor("IAMUser", account, name, new_key(rng, "AIDA"))


@dataclass
class Org:
    """The organisation of one seed: actors, keys, networks and the schedule of changes."""

    trail: Trail
    plan: AddressPlan
    days: int
    scored_days: int
    scale: float = 1.0
    actors: dict[str, Actor] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # long-lived AKIA keys by user
    at: dict[str, dt.datetime] = field(default_factory=dict)  # when each change happens
    fixed_ips: dict[str, str] = field(default_factory=dict)
    vpce: dict[str, str] = field(default_factory=dict)
    threat: list[str] = field(default_factory=list)  # the threat feed the team subscribes to

    def __post_init__(self) -> None:
        rng = self.trail.rng("org")
        a = self.actors
        for p in (*PEOPLE, NEW_HIRE):
            a[p.name] = user(p.account, p.name, rng)
            self.keys[p.name] = new_key(rng, "AKIA")
        for name, account in (
            ("ses-mailer", PROD),
            ("dr-snapshots", PROD),
            ("assets-sync", PROD),
            ("svc-reporting", PROD),
            ("pentest-rapid7", PROD),
            ("jenkins-legacy", DEV),
            ("qa-automation", DEV),
            ("ml-sandbox-ci", DEV),
        ):
            a[name] = user(account, name, rng)
            self.keys[name] = new_key(rng, "AKIA")
        for f in FUNCTIONS:
            a["fn:" + f.name] = role(f.account, f"{f.name}-role", rng, "/service-role/")
        for account in ACCOUNTS.values():
            suffix = account[-4:]
            a[f"gha:{account}"] = role(account, "gha-deploy", rng)
            a[f"guardduty:{account}"] = role(
                account,
                "AWSServiceRoleForAmazonGuardDuty",
                rng,
                "/aws-service-role/guardduty.amazonaws.com/",
            )
            a[f"engineer:{account}"] = role(account, "Engineer", rng)
            del suffix
        a["inspector"] = role(
            PROD,
            "AWSServiceRoleForAmazonInspector2",
            rng,
            "/aws-service-role/inspector2.amazonaws.com/",
        )
        a["backup"] = role(PROD, "AWSBackupDefaultServiceRole", rng, "/service-role/")
        a["bastion"] = role(PROD, "bastion-ssm", rng)
        a["buildbox"] = role(DEV, "buildbox-ssm", rng)
        a["cognito"] = role(PROD, "Cognito_quillmobileAuth_Role", rng)
        a["glue"] = role(DATA, "glue-etl", rng, "/service-role/")
        a["glue-new"] = role(DATA, "glue-invoices-etl", rng, "/service-role/")
        a["sfn"] = role(DATA, "sfn-nightly", rng, "/service-role/")
        a["scheduler"] = role(DATA, "scheduler-nightly", rng, "/service-role/")
        a["sagemaker"] = role(
            DATA, "AmazonSageMaker-ExecutionRole-20240611T101532", rng, "/service-role/"
        )
        a["integration-test"] = role(DEV, "integration-test", rng)
        a["prod-support"] = role(PROD, "prod-readonly-support", rng)
        a["breakglass"] = role(PROD, "ops-breakglass", rng)
        self.keys["dana.whitfield:new"] = new_key(rng, "AKIA")
        self.keys["jordan.lee"] = new_key(rng, "AKIA")
        a["partners-admin"] = user(PARTNERS, "partners-bootstrap", rng)
        self.keys["partners-admin"] = new_key(rng, "AKIA")
        self.fixed_ips = {
            "bastion": self.plan.aws(HOME, rng),
            "buildbox": self.plan.aws(HOME, rng),
            "nat": self.plan.aws(HOME, rng),
            "sagemaker": self.plan.aws(HOME, rng),
            "helpdesk": self.plan.ip("helpdesk_vendor", rng),
            "colo": self.plan.ip("zayo_colo", rng),
            "device_farm": self.plan.ip("device_farm", rng),
        }
        self.vpce = {
            s: f"vpce-0{rng.getrandbits(64):016x}" for s in ("secretsmanager", "kms", "ssm")
        }
        s = [self.day(i) for i in range(self.days - 5, self.days)]  # Tuesday .. Saturday
        t = dt.datetime.combine

        def at(day: dt.date, hour: float) -> dt.datetime:
            return t(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(hours=hour)

        self.at = {
            "join": at(self.day(max(self.days - self.scored_days - 4, 1)), 16.0),
            # benign changes
            "rotation": at(s[0], 17.2),
            "dr_test": at(s[1], 15.0),
            "pipeline": at(s[0], 19.5),
            "runtime": at(s[1], 18.0),
            "vpce": at(s[0], 22.0),
            "travel": at(s[1], 0.0),
            "new_hire": at(s[0], 16.5),
            "pentest": at(s[3], 14.0),
            "oncall": at(s[2], 18.5),
            # attacks
            "llmjacking": at(s[2], 3.2),
            "ses": at(s[1], 9.0),
            "mining": at(s[4], 1.0),
            "persistence": at(s[0], 23.6),
            "backdoor": at(s[3], 11.0),
            "ransom": at(s[4], 6.0),
            "ssm_ci": at(s[2], 14.0),
            "sagemaker_out": at(s[3], 13.3),
            "slow_recon": at(s[1], 12.0),
            "chain": at(s[1], 20.0),
        }

    @property
    def start(self) -> dt.date:
        return END - dt.timedelta(days=self.days - 1)

    def day(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=index)

    @property
    def scored(self) -> list[dt.date]:
        return [self.day(i) for i in range(self.days - self.scored_days, self.days)]

    def accounts_on(self, day: dt.date) -> list[str]:
        out = [PROD, DATA, DEV]
        return [*out, PARTNERS] if day >= self.at["join"].date() else out

    def works(self, person: Person, day: dt.date, rng: random.Random) -> bool:
        """Weekdays, minus holidays; the contractor keeps Polish holidays (none here)."""
        if person.account == DATA:
            return day.weekday() < 5
        if day.weekday() >= 5 or day in HOLIDAYS:
            return False
        return not (day in HALF_HOLIDAYS and rng.random() < 0.5)

    def home_ip(self, person: Person, day: dt.date) -> str:
        """The person's current DHCP lease: a new one every 4 to 9 days, inside the ISP."""
        lease = self.trail.rng("lease-length", person.name).randrange(4, 10)
        epoch = (day - dt.date(2025, 1, 1)).days // lease
        return self.plan.ip(person.net, self.trail.rng("lease", person.name, epoch))

    def key_of(self, name: str, t: dt.datetime) -> str:
        """A user's long-lived key; dana's is rotated (benign change B1)."""
        if name == "dana.whitfield" and t >= self.at["rotation"]:
            return self.keys["dana.whitfield:new"]
        return self.keys[name]
