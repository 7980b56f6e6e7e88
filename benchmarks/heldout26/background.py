"""A day of Skellig Cloudworks as it always is: engineers, runbooks, patching, customers' fleets.

Each function writes one kind of actor's day into the ``Trail``. The benign changes of the
scored days (``Org.changes``) are read here where they change how an actor behaves from a day
on (the runbooks' upgrade, the offboarded customer, an Elastic IP moved, a NAT gateway
replaced, a customer's SDK upgrade); one-off events of a change are in ``incidents``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.records import Identity, Trail, assumed

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
RUNBOOK = "skellig-runbook-dispatcher"
SSO_SET = "AWSReservedSSO_SkelligEngineer_5c1e0a9b7d3f2e41"
SSO_PATH = "/aws-reserved/sso.amazonaws.com/eu-west-1/"


@dataclass
class Org:
    rng: random.Random
    start: dt.date
    engineers: list[o.Engineer]
    customers: list[o.Customer]
    automation_nat: list[str]
    runbook_role_id: str
    admin_role_id: str
    user_ids: dict[str, str] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)  # set by incidents.plan

    def date(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=index)

    def at(self, index: int, hour: float) -> dt.datetime:
        d = self.date(index)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)

    def managed(self, index: int) -> list[o.Customer]:
        """The customers the runbooks reach on that day."""
        return [
            c
            for c in self.customers
            if c.joins <= index and (c.offboarded is None or index < c.offboarded)
        ]

    def present(self, index: int) -> list[o.Customer]:
        return [c for c in self.customers if c.joins <= index]


def build(rng: random.Random, start: dt.date, customers: int, engineers: int, new_day: int) -> Org:
    names = rng.sample(o.CUSTOMER_NAMES, customers + 1)
    custs = [o.customer(rng, n) for n in names[:customers]]
    custs.append(o.customer(rng, names[-1], joins=new_day))
    team = o.engineers(rng, engineers)
    for e in team:
        e.customers = [c.account for c in rng.sample(custs[:customers], min(4, customers))]
    return Org(
        rng,
        start,
        team,
        custs,
        [o.aws_ip(rng, o.HOME) for _ in range(2)],
        o.uid(rng, "AROA"),
        o.uid(rng, "AROA"),
    )


def weekday(org: Org, index: int) -> bool:
    return org.date(index).weekday() < 5


def sso_session(
    trail: Trail, org: Org, e: o.Engineer, t: dt.datetime, account: str, ip: str, agent: str
) -> Identity:
    """An Identity Center sign-in: the portal's ``GetRoleCredentials``, then the session."""
    rng = org.rng
    k = o.key(rng)
    portal = Identity(
        {
            "type": "Unknown",
            "principalId": org.user_ids.setdefault(e.name, o.uid(rng, "9367", 10).lower()),
            "accountId": o.IDENTITY_ACCOUNT,
            "userName": e.name,
        }
    )
    trail.call(
        t - M,
        o.IDENTITY_ACCOUNT,
        o.HOME,
        portal,
        "sso.amazonaws.com",
        "GetRoleCredentials",
        ip,
        agent,
        request={"roleName": SSO_SET.split("_")[1], "accountId": account},
        response=None,
    )
    return assumed(
        account,
        SSO_SET,
        e.name,
        k,
        e.sso_role_id if account == o.IDENTITY_ACCOUNT else e.sso_role_id[:-3] + account[-3:],
        t,
        path=SSO_PATH,
    )


def signed_in(trail: Trail) -> tuple[str, dt.datetime]:
    """The event ID and time of the Identity Center portal's ``GetRoleCredentials`` that
    ``sso_session`` just wrote (it has no access key: a truth row names it by event)."""
    rec = trail.records[-1][2]
    assert rec["eventName"] == "GetRoleCredentials"
    return str(rec["eventID"]), dt.datetime.fromisoformat(rec["eventTime"])


def operator_session(
    trail: Trail,
    org: Org,
    e: o.Engineer,
    sso: Identity,
    c: o.Customer,
    t: dt.datetime,
    ip: str,
    calls: int,
    *,
    console: bool = False,
) -> Identity:
    """An engineer's ``assume-role --external-id`` into a customer and what they do there."""
    rng = org.rng
    k = o.key(rng)
    trail.assume(
        t,
        sso,
        ip,
        e.cli.replace("{cmd}", "sts.assume-role"),
        c.account,
        c.region,
        "SkelligOperator",
        c.role_ids["SkelligOperator"],
        e.name,
        k,
        external_id=c.external_id,
        caller_region=o.HOME,
    )
    op = assumed(
        c.account,
        "SkelligOperator",
        e.name,
        k,
        c.role_ids["SkelligOperator"],
        t,
        source_identity=e.name,
    )
    agent_ua = o.CONSOLE_UA if e.os == o.OS_WIN else o.MAC_CONSOLE_UA
    for j in range(calls):
        tt = t + M * (1 + j * rng.uniform(0.5, 4))
        src, name = (
            rng.choice(o.OPERATOR_WRITES) if rng.random() < 0.08 else rng.choice(o.OPERATOR_CALLS)
        )
        if console:
            trail.call(
                tt,
                c.account,
                c.region,
                op,
                src,
                name,
                ip,
                agent_ua,
                request={},
                response=None,
                console=True,
            )
        else:
            cmd = f"{src.split('.')[0]}.{name.lower()}"
            trail.call(
                tt,
                c.account,
                c.region,
                op,
                src,
                name,
                ip,
                e.cli.replace("{cmd}", cmd),
                request={},
                response=None,
            )
    return op


def engineers_day(trail: Trail, org: Org, i: int) -> None:
    rng = org.rng
    present = {c.account: c for c in org.managed(i)}
    on_call = org.engineers[i % len(org.engineers)]
    for e in org.engineers:
        if (not weekday(org, i) and e is not on_call) or (e.name, i) in org.changes.get("away", ()):
            continue
        remote = not weekday(org, i) or rng.random() < 0.25
        ip = e.ips["home"] if remote else e.ips["office"]
        start = 7.5 if e.office == "galway_office" else 6.5
        t = org.at(i, start + rng.uniform(0, 1.5))
        if not weekday(org, i):
            t = org.at(i, rng.uniform(9, 17))
        sso = sso_session(
            trail, org, e, t, o.IDENTITY_ACCOUNT, ip, e.cli.replace("{cmd}", "sso.login")
        )
        trail.call(
            t,
            o.IDENTITY_ACCOUNT,
            o.HOME,
            sso,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            ip,
            e.cli.replace("{cmd}", "sts.get-caller-identity"),
            request=None,
        )
        if rng.random() < 0.4:
            trail.call(
                t + M,
                o.IDENTITY_ACCOUNT,
                o.GLOBAL,
                sso,
                "organizations.amazonaws.com",
                "ListAccounts",
                ip,
                e.cli.replace("{cmd}", "organizations.list-accounts"),
                request=None,
            )
        mine = [present[a] for a in e.customers if a in present] or list(present.values())[:2]
        visits = rng.sample(mine, min(len(mine), rng.randint(1, 3) if weekday(org, i) else 1))
        for c in visits:
            t += H * rng.uniform(0.3, 2.0)
            operator_session(
                trail, org, e, sso, c, t, ip, rng.randint(4, 18), console=rng.random() < 0.3
            )
        if weekday(org, i) and rng.random() < 0.35:
            tt = t + H * rng.uniform(0.2, 1)
            auto = sso_session(
                trail, org, e, tt, o.AUTOMATION_ACCOUNT, ip, e.cli.replace("{cmd}", "sso.login")
            )
            for name, src in (
                ("ListFunctions20150331", "lambda"),
                ("FilterLogEvents", "logs"),
                ("ListCommandInvocations", "ssm"),
                ("DescribeAutomationExecutions", "ssm"),
            ):
                trail.call(
                    tt + M * rng.uniform(1, 20),
                    o.AUTOMATION_ACCOUNT,
                    o.HOME,
                    auto,
                    f"{src}.amazonaws.com",
                    name,
                    ip,
                    e.cli.replace("{cmd}", f"{src}.x"),
                    request={},
                )


def runbooks_day(trail: Trail, org: Org, i: int) -> None:
    """The dispatcher Lambda: hourly inventory of every managed customer, with external IDs."""
    rng = org.rng
    upgraded = org.changes.get("upgrade_day")
    hourly = [org.at(i, h + rng.uniform(0.0, 0.05)) for h in range(24)]
    key = None
    for h, t in enumerate(hourly):
        agent = o.LAMBDA_PY312 if upgraded is not None and (i, h) >= upgraded else o.LAMBDA_PY39
        if key is None or h % 4 == 0:
            key = o.key(rng)
            trail.mint(
                t - M,
                o.AUTOMATION_ACCOUNT,
                o.HOME,
                "lambda.amazonaws.com",
                "runbook-dispatcher",
                org.runbook_role_id,
                RUNBOOK,
                key,
            )
        me = assumed(
            o.AUTOMATION_ACCOUNT, "runbook-dispatcher", RUNBOOK, key, org.runbook_role_id, t - M
        )
        nat = org.automation_nat[h % 2]
        customers = org.managed(i)
        gone = org.changes.get("offboarded")
        if (
            gone is not None
            and gone.offboarded is not None
            and i >= gone.offboarded
            and (i, h) < org.changes["offboard_cleaned"]
        ):
            customers = [*customers, gone]  # still in the inventory: AccessDenied until removed
        for c in customers:
            tt = t + dt.timedelta(seconds=rng.randint(2, 90))
            k = o.key(rng)
            session = f"runbook-{int(tt.timestamp())}"
            denied = c is gone and c.offboarded is not None and i >= c.offboarded
            trail.assume(
                tt,
                me,
                nat,
                agent,
                c.account,
                c.region,
                "SkelligAutomation",
                c.role_ids["SkelligAutomation"],
                session,
                k,
                external_id=c.external_id,
                error="AccessDenied" if denied else None,
                caller_region=o.HOME,
            )
            if denied:
                continue
            who = assumed(
                c.account, "SkelligAutomation", session, k, c.role_ids["SkelligAutomation"], tt
            )
            calls = [
                ("ec2.amazonaws.com", "DescribeInstances"),
                ("ssm.amazonaws.com", "DescribeInstanceInformation"),
            ]
            if h % 6 == 0:
                calls += [
                    ("backup.amazonaws.com", "ListBackupJobs"),
                    ("cloudwatch.amazonaws.com", "DescribeAlarms"),
                ]
            if upgraded is not None and (i, h) >= upgraded:
                calls += [
                    ("inspector2.amazonaws.com", "ListFindings"),
                    ("ssm.amazonaws.com", "GetInventory"),
                ]
                if h % 6 == 0:
                    calls += [("securityhub.amazonaws.com", "GetFindings")]
            for n, (src, name) in enumerate(calls):
                trail.call(
                    tt + dt.timedelta(seconds=2 + n),
                    c.account,
                    c.region,
                    who,
                    src,
                    name,
                    nat,
                    agent,
                    request={},
                )


def patching_day(trail: Trail, org: Org, i: int) -> None:
    """Weekly patching per customer through SSM Automation's multi-account roles."""
    rng = org.rng
    emergency = org.changes.get("emergency_patch_day")
    for n, c in enumerate(org.managed(i)):
        if org.date(i).weekday() != n % 7 and i != emergency:
            continue
        t = (
            org.at(i, 13.0 + rng.uniform(0, 2))
            if i == emergency
            else org.at(i, 1.0 + rng.uniform(0, 1))
        )
        admin_key, execution = o.key(rng), o.uid(rng, "", 8).lower()
        admin_role = "AWS-SystemsManager-AutomationAdministrationRole"
        trail.mint(
            t - M,
            o.AUTOMATION_ACCOUNT,
            o.HOME,
            "ssm.amazonaws.com",
            admin_role,
            org.admin_role_id,
            execution,
            admin_key,
            hours=1,
        )
        admin = assumed(
            o.AUTOMATION_ACCOUNT, admin_role, execution, admin_key, org.admin_role_id, t - M
        )
        k = o.key(rng)
        trail.assume(
            t,
            admin,
            "ssm.amazonaws.com",
            "ssm.amazonaws.com",
            c.account,
            c.region,
            "AWS-SystemsManager-AutomationExecutionRole",
            c.role_ids["ssm-exec"],
            "AutomationExecution",
            k,
            external_id=None,
            caller_region=o.HOME,
            invoked_by="ssm.amazonaws.com",
        )
        ex = assumed(
            c.account,
            "AWS-SystemsManager-AutomationExecutionRole",
            "AutomationExecution",
            k,
            c.role_ids["ssm-exec"],
            t,
        )
        for j, inst in enumerate(c.instances):
            tt = t + M * (2 + j)
            trail.call(
                tt,
                c.account,
                c.region,
                ex,
                "ec2.amazonaws.com",
                "CreateSnapshot",
                "ssm.amazonaws.com",
                "ssm.amazonaws.com",
                request={
                    "volumeId": o.uid(rng, "vol-0", 16).lower(),
                    "description": f"pre-patch {inst.instance_id}",
                },
                invoked_by="ssm.amazonaws.com",
            )
            trail.call(
                tt + M,
                c.account,
                c.region,
                ex,
                "ssm.amazonaws.com",
                "SendCommand",
                "ssm.amazonaws.com",
                "ssm.amazonaws.com",
                request={"documentName": "AWS-RunPatchBaseline", "instanceIds": [inst.instance_id]},
                invoked_by="ssm.amazonaws.com",
            )
        trail.call(
            t + M * 30,
            c.account,
            c.region,
            ex,
            "ssm.amazonaws.com",
            "DescribeInstanceInformation",
            "ssm.amazonaws.com",
            "ssm.amazonaws.com",
            request={},
            invoked_by="ssm.amazonaws.com",
        )
