"""LwaziPay's people, day by day: Identity Center sessions from Okta (CLI credentials from
``GetRoleCredentials``, console sign-ins whose MFA happened at Okta), the Pune NOC's three shifts,
the contact centre's agents federating into Amazon Connect, and the platform team's planned work
(a read replica on salary day, the EKS upgrade, the DR fail-over, the new account)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from benchmarks.heldout23._net import ua
from benchmarks.heldout23._org import (
    ACCOUNTS,
    DOMAIN,
    DR,
    ENGINEERS,
    HOME,
    PEOPLE,
    Person,
    World,
    sso_role,
)
from benchmarks.heldout23._trail import Session
from benchmarks.heldout23._workloads import Call, spread

SHARED = ACCOUNTS["shared"]


def idc_user(w: World, person: Person) -> Session:
    """The identity IAM Identity Center logs ``GetRoleCredentials`` and ``Federate`` with."""
    return Session(
        {
            "type": "Unknown",
            "principalId": f"93677{abs(sum(map(ord, person.user))):05d}-idc",
            "accountId": SHARED,
            "userName": f"{person.user}@{DOMAIN}",
        },
        None,
    )


def sso_session(
    w: World,
    person: Person,
    account: str,
    permission_set: str,
    t: dt.datetime,
    ip: str,
    *,
    console: bool,
) -> tuple[Session, str]:
    """A permission-set session for ``person``: the Identity Center event that issues it (in the
    shared account) and, for the console, the federated ``ConsoleLogin`` (MFA at Okta, so
    ``MFAUsed: No``). Returns the session and its user agent."""
    agent = (
        ua("console_mac" if person.tool == "cli_mac" else "console")
        if console
        else ua(person.tool, "sso.get-role-credentials")
    )
    event = "Federate" if console else "GetRoleCredentials"
    # the issuing event's ID, for an attacker's sign-in to name in its truth row
    w.notes["issued"] = {
        "event": w.trail.call(
            idc_user(w, person),
            t,
            "sso",
            event,
            ip,
            agent,
            region=HOME,
            account=SHARED,
            params={"roleName": permission_set, "accountId": account},
        )
    }
    who = w.session(
        account,
        sso_role(permission_set),
        f"{person.user}@{DOMAIN}",
        t,
        path=f"aws-reserved/sso.amazonaws.com/{HOME}/",
    )
    if console:
        w.trail.call(
            who,
            t + dt.timedelta(seconds=3),
            "signin",
            "ConsoleLogin",
            ip,
            agent,
            region="us-east-1",
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "MFAUsed": "No",
                    "MobileVersion": "No",
                    "LoginTo": "https://console.aws.amazon.com/",
                }
            },
        )
    return who, agent


def place(w: World, person: Person, day: dt.date) -> str:
    if person.office and day.weekday() < 5 and w.rng.random() < 0.65:
        return person.office
    return person.where[0]


def work_block(
    w: World,
    person: Person,
    day: dt.date,
    start: float,
    hours: float,
    where: str,
    menu: Sequence[Call],
    calls: int,
    *,
    console: bool = False,
    region: str = HOME,
) -> None:
    """One sitting: a session per account the person touches, calls spread over it; from the
    office on a load-shedding day the calls in a blackout come from the LTE carrier's CGNAT."""
    blackout = w.load_shedding(day) if where == "ct_office" else []
    for account_name, permission_set in person.sets[: 1 + (w.rng.random() < 0.4)]:
        account = ACCOUNTS[account_name]
        if account_name == "fraudml" and day < w.s(2):
            continue
        t0 = w.at(day, start) + dt.timedelta(minutes=w.rng.randrange(20))
        ip = w.person_ip(person, where)
        first_hour = t0.hour + t0.minute / 60
        if any(a <= first_hour < b for a, b in blackout):
            ip = w.person_ip(person, "ct_lte")
        who, agent = sso_session(w, person, account, permission_set, t0, ip, console=console)
        lte = {a: w.person_ip(person, "ct_lte") for a, _ in blackout}
        if blackout:
            used = w.notes.setdefault(f"B1:{day}", {"ips": set()})["ips"]
            used.update(lte.values())  # type: ignore[attr-defined]
            if ip not in (w.person_ip(person, where),):
                used.add(ip)  # type: ignore[attr-defined]
        for svc, api in (w.rng.choice(menu) for _ in range(calls)):
            t = t0 + dt.timedelta(seconds=w.rng.random() * hours * 3600)
            h = t.hour + t.minute / 60
            here = next((lte[a] for a, b in blackout if a <= h < b), w.person_ip(person, where))
            text = agent if console else ua(person.tool, f"{svc}.{api.lower()}")
            denied = "AccessDenied" if w.rng.random() < 0.02 else None
            w.trail.call(who, t, svc, api, here, text, region=region, error=denied)
        w.notes.setdefault("sessions", {}).setdefault(person.user, []).append(
            (day, account, who.key, ip)
        )  # type: ignore[union-attr]


def people(w: World, day: dt.date) -> None:
    """Every person's day: NOC shifts every day from the NOC's egress (rotated on the first
    scored day), the others on weekdays with an occasional weekend hour."""
    for person in PEOPLE + ENGINEERS[: w.count(len(ENGINEERS), 4)]:
        if person.user.startswith("noc."):
            where = w.noc_block(day) if w.rng.random() < 0.93 else "noc_home"
            for account_name, permission_set in person.sets:
                work_block(
                    w,
                    dataclasses.replace(person, sets=((account_name, permission_set),)),
                    day,
                    person.shift[0],
                    person.shift[1] - person.shift[0],
                    where,
                    person.menu,
                    w.count(18, 6),
                )
            continue
        weekday = day.weekday() < 5
        if not weekday and w.rng.random() > 0.12:
            continue
        if weekday and w.rng.random() < 0.08:
            continue  # leave
        where = place(w, person, day)
        start = person.shift[0] + w.rng.random() * 1.5
        length = (person.shift[1] - person.shift[0]) * (1 if weekday else 0.15)
        work_block(
            w, person, day, start, length, where, person.menu, w.count(28 if weekday else 5, 3)
        )
        if person.console and weekday:
            work_block(
                w,
                person,
                day,
                start + 1,
                length - 2,
                where,
                person.menu,
                w.count(14, 3),
                console=True,
            )


AGENTS = (
    "agent.ayanda",
    "agent.lwandle",
    "agent.busi",
    "agent.kagiso",
    "agent.precious",
    "agent.sibusiso",
    "agent.tumelo",
    "agent.refilwe",
    "agent.mpho",
    "agent.nandi",
    "agent.xolani",
    "agent.lerato",
)
COHORT = (
    "agent.new.siya",
    "agent.new.andile",
    "agent.new.karabo",
    "agent.new.palesa",
    "agent.new.wandile",
    "agent.new.zodwa",
)


def connect_agents(w: World, day: dt.date) -> None:
    """Contact-centre agents: Okta SAML into ``ConnectAgentFederation`` and a Connect
    federation token per shift, from the Durban and Johannesburg floors; a new cohort from
    the first scored day."""
    account = ACCOUNTS["contact"]
    floor = w.count(len(AGENTS), 4)
    names = list(AGENTS[:floor]) + (list(COHORT[: w.count(6, 2)]) if day >= w.s(1) else [])
    provider = f"arn:aws:iam::{account}:saml-provider/Okta"
    for i, name in enumerate(names):
        if day.weekday() == 6 and i % 3:
            continue
        site = "dbn_cc" if i % 2 else "jhb_cc"
        ip = w.person_ip_fixed(site, 20 + i % 3)
        t = w.jitter(day, 5 + 4 * (i % 3), 6 + 4 * (i % 3))
        saml = Session(
            {
                "type": "SAMLUser",
                "principalId": f"Qk9LQVNBTUw=:{name}@{DOMAIN}",
                "userName": f"{name}@{DOMAIN}",
                "identityProvider": provider,
            },
            None,
        )
        who = w.session(account, "ConnectAgentFederation", f"{name}@{DOMAIN}", t)
        w.trail.call(
            saml,
            t,
            "sts",
            "AssumeRoleWithSAML",
            ip,
            ua("console"),
            account=account,
            params={
                "roleArn": f"arn:aws:iam::{account}:role/ConnectAgentFederation",
                "principalArn": provider,
            },
            response={"credentials": {"accessKeyId": who.key}},
        )
        calls: list[Call] = [("connect", "GetFederationToken")] + [("connect", "DescribeUser")] * (
            1 + (name in COHORT)
        )
        spread(w, who, t + dt.timedelta(seconds=8), 0.2, calls, ip, ua("console"))


def _person(user: str) -> Person:
    return next(p for p in PEOPLE if p.user == user)


def sitting(
    w: World,
    day: dt.date,
    user: str,
    where: tuple[str, str, str],
    hours: tuple[float, float, float],
    calls: Sequence[Call],
    *,
    console: bool = False,
    region: str = HOME,
    agent: str | None = None,
) -> tuple[Session, list[str], str]:
    """A planned piece of work: ``user`` signs in (``where``: account name, permission set,
    place) at ``hours[0]`` and makes ``calls`` from ``hours[1]`` for ``hours[2]`` hours; the
    session, the calls' event IDs and the address."""
    person = _person(user)
    account, permission_set, place = where
    ip = w.person_ip(person, place)
    who, usual = sso_session(
        w, person, ACCOUNTS[account], permission_set, w.at(day, hours[0]), ip, console=console
    )
    ids = spread(w, who, w.at(day, hours[1]), hours[2], calls, ip, agent or usual, region=region)
    return who, ids, ip


def planned_work(w: World, day: dt.date) -> None:
    """The platform, security and contact-centre teams' planned changes on the scored days
    (their truth rows are written with the incidents)."""
    if day == w.s(1):  # supervisors onboard the new agent cohort
        cohort: list[Call] = [
            ("connect", "CreateUser"),
            ("connect", "UpdateUserRoutingProfile"),
        ] * w.count(6, 2)
        who, ids, _ = sitting(
            w,
            day,
            "nomsa.cele",
            ("contact", "ConnectSupervisor", "dbn_cc"),
            (6, 6.1, 1),
            cohort,
            console=True,
        )
        w.notes["B6"] = {"events": ids, "principal": who.identity["arn"]}
    if day == w.s(2):  # the new account, vended from the management account, then set up
        vend: list[Call] = [
            ("organizations", "CreateAccount"),
            ("organizations", "DescribeCreateAccountStatus"),
            ("organizations", "MoveAccount"),
        ]
        sitting(
            w,
            day,
            "sipho.dlamini",
            ("shared", "PlatformAdmin", "jhb_dc"),
            (5.5, 5.6, 0.3),
            vend,
            agent=ua(_person("sipho.dlamini").tool, "organizations.create-account"),
        )
        setup: list[Call] = [
            ("iam", "CreateRole"),
            ("iam", "AttachRolePolicy"),
            ("sagemaker", "CreateNotebookInstance"),
            ("s3", "CreateBucket"),
            ("config", "PutConfigurationRecorder"),
        ]
        sitting(
            w, day, "sipho.dlamini", ("fraudml", "PlatformAdmin", "jhb_dc"), (6.5, 6.6, 0.5), setup
        )
    if day == w.s(3):  # salary day: a read replica; the USSD cluster upgrade
        replica: list[Call] = [
            ("rds", "DescribeDBClusters"),
            ("rds", "CreateDBInstance"),
            ("rds", "DescribeDBInstances"),
            ("cloudwatch", "DescribeAlarms"),
            ("cloudwatch", "GetMetricData"),
        ]
        who, ids, ip = sitting(
            w,
            day,
            "thandi.mokoena",
            ("payments", "PlatformAdmin", "ct_office"),
            (8.2, 8.3, 0.5),
            replica,
        )
        w.notes["B2"] = {"events": ids, "principal": who.identity["arn"], "ip": ip}
        upgrade: list[Call] = [
            ("eks", "UpdateClusterVersion"),
            ("eks", "DescribeUpdate"),
            ("eks", "UpdateNodegroupVersion"),
            ("eks", "DescribeNodegroup"),
            ("eks", "UpdateAddon"),
        ]
        _, ids, _ = sitting(
            w,
            day,
            "sipho.dlamini",
            ("billing", "PlatformAdmin", "home_mtn"),
            (9, 9.05, 1.2),
            upgrade,
        )
        slr = w.session(
            ACCOUNTS["billing"],
            "AWSServiceRoleForAmazonEKSNodegroup",
            "EKS",
            w.at(day, 10),
            path="aws-service-role/eks-nodegroup.amazonaws.com/",
        )
        slr.identity["invokedBy"] = "eks-nodegroup.amazonaws.com"
        nodes: list[Call] = [
            ("ec2", "CreateLaunchTemplateVersion"),
            ("autoscaling", "UpdateAutoScalingGroup"),
            ("ec2", "RunInstances"),
            ("ec2", "TerminateInstances"),
        ] * 2
        ids += spread(
            w,
            slr,
            w.at(day, 10),
            0.8,
            nodes,
            "eks-nodegroup.amazonaws.com",
            "eks-nodegroup.amazonaws.com",
        )
        w.notes.setdefault("B4", {})["events"] = ids
    if day == w.s(4):  # the DR test: the wallet fails over to eu-west-1 for the day
        failover: list[Call] = [
            ("rds", "FailoverGlobalCluster"),
            ("eks", "DescribeCluster"),
            ("route53", "ChangeResourceRecordSets"),
            ("eks", "UpdateNodegroupConfig"),
        ]
        who, ids, ip = sitting(
            w,
            day,
            "thandi.mokoena",
            ("payments", "PlatformAdmin", "home_afrihost"),
            (4.5, 4.6, 0.8),
            failover,
            region=DR,
        )
        w.notes["B9"] = {"events": ids, "principal": who.identity["arn"], "ip": ip}


def pci_review(w: World, day: dt.date) -> list[str]:
    """The quarterly PCI access review from the security engineer's desk: credential reports
    and account authorisation details in the payments and security accounts."""
    bongani = _person("bongani.nkosi")
    ip = w.person_ip(bongani, "ct_office")
    out = []
    for account_name in ("payments", "security"):
        who, _agent = sso_session(
            w, bongani, ACCOUNTS[account_name], "SecurityAudit", w.at(day, 12.2), ip, console=False
        )
        calls: list[Call] = [
            ("iam", "GenerateCredentialReport"),
            ("iam", "GetCredentialReport"),
            ("iam", "ListUsers"),
            ("iam", "ListRoles"),
            ("iam", "ListPolicies"),
        ] + [("iam", "GetAccountAuthorizationDetails")] * 5
        calls += [
            ("iam", "ListAccessKeys"),
            ("iam", "ListMFADevices"),
            ("iam", "GetLoginProfile"),
        ] * w.count(8, 3)
        out += spread(
            w,
            who,
            w.at(day, 12.3),
            1.5,
            calls,
            ip,
            lambda s, a: ua(bongani.tool, f"iam.{a.lower()}"),
        )
    return out
