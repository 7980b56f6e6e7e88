"""Tamarack Genome Institute's accounts, roles, people and workloads, and how each kind of key
is minted (the minting event is what binds a session key to its workload or person)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout27._net import Addresses
from benchmarks.heldout27._trail import UA, Ids, Role, Session, Trail, User, credentials

PLATFORM, RESEARCH, SEQCORE, CRYOEM = "604112270318", "604112270455", "604112270592", "604112270729"
CONSORTIUM, OUTSIDE = "381492087615", "745310982266"
HOME = "ca-central-1"
IDP = "arn:aws:iam::{account}:saml-provider/TamarackShibboleth"
IDP_HASH = "Xk3v9UQmN2pTq8bLr4sYcWfE7hA="
OIDC = "arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"


@dataclass
class Person:
    """A researcher (Shibboleth SAML into a lab role) or a research-computing engineer (IAM
    Identity Center permission set)."""

    name: str  # eduPersonPrincipalName or Identity Center user name
    net: str  # where they usually work from
    ip: str
    ua: str
    console: bool
    role: Role
    home_ip: str | None = None
    since: dt.date | None = None  # a newcomer's first day


@dataclass
class Org:
    rng: random.Random
    trail: Trail
    addr: Addresses
    scale: float
    roles: dict[str, Role] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    researchers: list[Person] = field(default_factory=list)
    engineers: list[Person] = field(default_factory=list)
    nat: dict[str, list[str]] = field(default_factory=dict)  # NAT gateway addresses by region
    instances: list[str] = field(default_factory=list)  # the Batch compute environment's
    cryo_instance: str = ""
    cryo_ip: str = ""
    consortium_ip: str = ""
    uploader_ip: str = ""
    sync_ip: str = ""
    new_core_ip: str = ""
    consortium_west_ip: str = ""
    tor_ip: str = ""
    cryo_keys: list[Session] = field(default_factory=list)

    @property
    def ids(self) -> Ids:
        return self.trail.ids

    def n(self, base: float, low: int = 1) -> int:
        return max(low, round(base * self.scale))

    def role(self, account: str, name: str, path: str = "/") -> Role:
        key = f"{account}:{name}"
        if key not in self.roles:
            self.roles[key] = Role(account, name, self.ids.principal("AROA"), path)
        return self.roles[key]

    def instance_id(self) -> str:
        return "i-0" + self.ids.hexid(16)

    # -- minting ---------------------------------------------------------------------------
    def by_service(
        self,
        t: dt.datetime,
        role: Role,
        name: str,
        service: str,
        *,
        hours: float,
        region: str = HOME,
        ec2: bool = False,
    ) -> Session:
        """A key an AWS service mints for a workload (EC2 instance profile, Lambda, ECS task,
        Step Functions, DataSync, HealthOmics): AssumeRole by the service, session = workload."""
        s = Session(role, name, self.ids.key(), t, ec2=ec2)
        params: dict[str, Any] = {"roleArn": role.arn, "roleSessionName": name}
        if service == "ec2.amazonaws.com":
            params["durationSeconds"] = int(hours * 3600)
        s.event = self.trail.call(
            t,
            role.account,
            region,
            "sts.amazonaws.com",
            "AssumeRole",
            {"type": "AWSService", "invokedBy": service},
            service,
            service,
            params=params,
            response=credentials(s, hours),
            extra={"sharedEventID": self.ids.uuid()},
        )
        return s

    def saml(
        self,
        t: dt.datetime,
        role: Role,
        person: str,
        ip: str,
        ua: str,
        *,
        hours: float = 8,
        console: bool = False,
    ) -> Session:
        """Shibboleth (or Identity Center's SAML) federation: AssumeRoleWithSAML."""
        s = Session(role, person, self.ids.key(), t, console=console)
        s.event = self.trail.call(
            t,
            role.account,
            "us-east-1",
            "sts.amazonaws.com",
            "AssumeRoleWithSAML",
            {
                "type": "SAMLUser",
                "principalId": f"{IDP_HASH}:{person}",
                "userName": person,
                "identityProvider": IDP_HASH,
            },
            ip,
            UA["chrome_mac"] if console else ua,
            params={
                "sAMLAssertionID": "_" + self.ids.hexid(32),
                "roleSessionName": person,
                "durationSeconds": int(hours * 3600),
                "roleArn": role.arn,
                "principalArn": IDP.format(account=role.account),
            },
            response={
                **credentials(s, hours),
                "subject": person,
                "subjectType": "persistent",
                "issuer": "https://idp.tamarack.ca/idp/shibboleth",
                "audience": "https://signin.aws.amazon.com/saml",
                "nameQualifier": IDP_HASH,
            },
        )
        if console:
            self.console_login(t + dt.timedelta(seconds=4), s, ip, mfa=False)
        return s

    def console_login(self, t: dt.datetime, s: Session, ip: str, *, mfa: bool) -> str:
        ident = s.identity()
        ident.pop("accessKeyId")
        return self.trail.call(
            t,
            s.role.account,
            "us-east-1",
            "signin.amazonaws.com",
            "ConsoleLogin",
            ident,
            ip,
            UA["chrome_mac"],
            response={"ConsoleLogin": "Success"},
            read_only=False,
            event_type="AwsConsoleSignIn",
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes" if mfa else "No",
                    "SamlProviderArn": IDP.format(account=s.role.account),
                }
            },
        )

    def github(self, t: dt.datetime, subject: str, ip: str) -> Session:
        """GitHub Actions OIDC: AssumeRoleWithWebIdentity into the platform's CI role."""
        role = self.role(PLATFORM, "gha-terraform")
        provider = OIDC.format(account=PLATFORM)
        s = Session(
            role,
            "GitHubActions",
            self.ids.key(),
            t,
            web_identity={"federatedProvider": provider, "attributes": {}},
        )
        s.event = self.trail.call(
            t,
            PLATFORM,
            HOME,
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": provider,
            },
            ip,
            UA["gha_sts"],
            params={
                "roleArn": role.arn,
                "roleSessionName": "GitHubActions",
                "durationSeconds": 3600,
            },
            response={
                **credentials(s, 1),
                "subjectFromWebIdentityToken": subject,
                "provider": provider,
                "audience": "sts.amazonaws.com",
            },
        )
        return s

    def assume(
        self,
        t: dt.datetime,
        caller: dict[str, Any],
        role: Role,
        name: str,
        ip: str,
        ua: str,
        *,
        external_id: str | None = None,
        hours: float = 1,
        region: str = HOME,
    ) -> Session:
        """A person's or workload's own AssumeRole (CI into a deployer, the consortium into its
        reader role with the external ID), recorded in the role's account."""
        s = Session(role, name, self.ids.key(), t)
        params: dict[str, Any] = {"roleArn": role.arn, "roleSessionName": name}
        if external_id:
            params["externalId"] = external_id
        s.event = self.trail.call(
            t,
            role.account,
            region,
            "sts.amazonaws.com",
            "AssumeRole",
            caller,
            ip,
            ua,
            params=params,
            response=credentials(s, hours),
        )
        return s


def build(rng: random.Random, trail: Trail, addr: Addresses, scale: float) -> Org:
    """The organisation on its first day: roles, people, networks."""
    org = Org(rng, trail, addr, scale)
    ids = org.ids
    org.users["a.bergeron"] = User(RESEARCH, "a.bergeron", ids.principal("AIDA"), ids.key("AKIA"))
    org.users["svc-seqcore-sync"] = User(
        SEQCORE, "svc-seqcore-sync", ids.principal("AIDA"), ids.key("AKIA")
    )
    org.nat = {HOME: [addr.aws(HOME), addr.aws(HOME)], "us-west-2": [addr.aws("us-west-2")]}
    org.instances = [org.instance_id() for _ in range(org.n(8, 2))]
    org.cryo_instance = org.instance_id()
    org.cryo_ip = addr.aws(HOME)
    org.consortium_ip = addr.aws("us-east-1")
    org.consortium_west_ip = addr.aws("us-west-2")
    org.tor_ip = addr.pick("flokinet")
    org.uploader_ip = addr.pick("core_lab")
    org.sync_ip = org.uploader_ip
    org.new_core_ip = addr.pick("core_lab_new")
    org.nat["new"] = [addr.aws(HOME), addr.aws(HOME)]
    labs = ["GenomicsLab-Tremblay", "GenomicsLab-Nguyen", "PopGen-Okonkwo"]
    first = [
        "jtremblay",
        "lnguyen",
        "cokonkwo",
        "mgagnon",
        "sroy",
        "pcote",
        "ebouchard",
        "kdesjardins",
        "yli",
        "agarcia",
        "hpatel",
        "mfortin",
        "rsingh",
        "dlevesque",
    ]
    for i in range(org.n(14, 3)):
        name = first[i % len(first)] + ("" if i < len(first) else str(i))
        net = rng.choice(["campus", "campus", "videotron", "bell", "rogers"])
        role = org.role(RESEARCH, "Researcher-" + labs[i % len(labs)], "/federated/")
        console = i % 3 == 0
        ua = rng.choice([UA["cli_mac"], UA["cli_linux"]])
        org.researchers.append(
            Person(
                f"{name}@tamarack.ca", net, addr.pick(net), ua, console, role, addr.pick("campus")
            )
        )
    # visiting collaborators already here: SURF and DFN
    for name, net in (("vdberg@uu.nl", "surf"), ("khoffmann@dkfz.de", "dfn")):
        role = org.role(RESEARCH, "Researcher-Collaborator", "/federated/")
        org.researchers.append(Person(name, net, addr.pick(net), UA["cli_linux"], False, role))
    for name, ua in (
        ("mlavoie", UA["cli_linux"]),
        ("tcaron", UA["cli_mac"]),
        ("bouellet", UA["cli_linux"]),
        ("nharvey", UA["cli_mac"]),
    ):
        role = org.role(
            RESEARCH,
            "AWSReservedSSO_RCAdmin_" + "4f1c2b7a9e03d5e6",
            "/aws-reserved/sso.amazonaws.com/ca-central-1/",
        )
        org.engineers.append(
            Person(
                name,
                "campus",
                addr.pick("campus"),
                ua,
                name == "tcaron",
                role,
                addr.pick("videotron"),
            )
        )
    return org
