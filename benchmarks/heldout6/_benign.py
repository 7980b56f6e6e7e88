"""The ten benign changes of the scored days: what a university's accounts really do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout6 import _agents as ua
from benchmarks.heldout6._background import console_session, switch_role, tool_session
from benchmarks.heldout6._org import Org, Person
from benchmarks.heldout6._records import Who, key_id, stamp
from benchmarks.heldout6._s3 import console_login

Truth = list[dict[str, Any]]


def row(
    id_: str, name: str, start: dt.datetime, end: dt.datetime, allowed: str = "low", **kw: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "name": name,
        "label": "benign",
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": "",
        "expected_max_severity": allowed,
        **kw,
    }


def it_admin(org: Org, t: dt.datetime, account: str, staff: Person, ip: str, agent: str) -> Who:
    me = staff.who.with_key(key_id(org.rng, "ASIA"), t, mfa=True, console=agent == ua.CHROME)
    if agent == ua.CHROME:
        console_login(org, t, staff.who, ip, agent, mfa=True)
    else:  # the CLI's AssumeRole with the MFA serial, from the long-term key
        me = staff.who.with_key(staff.who.key or "", t, mfa=True)
    return switch_role(
        org, t + dt.timedelta(seconds=20), me, org.admin_roles[account], staff.name, ip, agent
    )


def onboard(org: Org, t: dt.datetime, account: str, new: Person, group: str) -> list[str]:
    """Central IT creates a user with a console password and an access key: the event IDs."""
    staff = org.it_staff[0]
    ip = org.campus_ip(staff, 0)
    admin = it_admin(org, t, account, staff, ip, ua.CHROME)
    ids = []
    for name, params in (
        ("CreateUser", {"userName": new.name, "tags": [{"key": "lab", "value": group}]}),
        ("CreateLoginProfile", {"userName": new.name, "passwordResetRequired": True}),
        ("AddUserToGroup", {"groupName": f"{group}-lab", "userName": new.name}),
        ("CreateAccessKey", {"userName": new.name}),
    ):
        t += dt.timedelta(seconds=org.rng.uniform(5, 40))
        response = (
            {"accessKey": {"accessKeyId": new.who.key, "status": "Active", "userName": new.name}}
            if name == "CreateAccessKey"
            else {}
        )
        ids.append(
            org.emit(
                t, admin, "iam", name, "us-east-1", ip, ua.CHROME, params=params, response=response
            )["eventID"]
        )
    return ids


def new_student(org: Org, day: int, student: Person) -> Truth:
    """B1: a new PhD student's first week: a new key, a console password, many first calls."""
    start = org.at(day, 9.0)
    ids = onboard(org, start, student.account, student, student.lab)
    student.since = day
    t = org.at(day, 10.5)
    console_login(org, t, student.who, org.campus_ip(student, day), ua.CHROME, mfa=False)
    org.emit(
        t,
        Who(
            "user",
            student.who.account,
            student.who.arn,
            student.who.principal_id,
            name=student.name,
        ).with_key(key_id(org.rng, "ASIA"), t, console=True),
        "iam",
        "ChangePassword",
        "us-east-1",
        org.campus_ip(student, day),
        ua.CHROME,
        params=None,
        read_only=False,
    )
    for hour, tool in ((11, "cli_mac"), (14, "boto_mac"), (16, "cli_mac")):
        tool_session(org, student, day, hour, tool, int(25 * org.scale) + 5)
    end = org.end
    return [
        row("B1", "a new PhD student's first week", start, end, principal_arn=student.who.arn),
        row("B1", "a new PhD student's first week", start, end, event_ids=" ".join(ids)),
    ]


def trip(
    org: Org, days: range, travellers: list[Person], nets: tuple[str, str, int], id_: str, name: str
) -> Truth:
    for p in travellers:
        p.extra.setdefault("travel", {}).update({d: nets for d in days})
    start, end = org.at(days[0], -6), org.at(days[-1], 18)
    return [row(id_, name, start, end, principal_arn=p.who.arn) for p in travellers]


def burst_truth(org: Org, hpc: Any, start: dt.datetime, end: dt.datetime) -> Truth:
    name = "HPC burst to 300 Spot instances for a paper deadline"
    return [
        row("B3", name, start, end, principal_arn=hpc.compute.arn),
        row("B3", name, start, end, principal_arn=hpc.head.arn),
    ]


def switch_tools(org: Org, p: Person, days: range, tools: list[str], id_: str, name: str) -> Truth:
    for d in days:
        p.extra.setdefault("tools", {})[d] = tools
    return [row(id_, name, org.at(days[0], -6), org.end, principal_arn=p.who.arn)]


def access_review(org: Org, day: int) -> Truth:
    """B5: central IT's quarterly review: the credential report, every user's keys, MFA and
    policies, and Access Analyzer's findings, in every account, from the CLI."""
    rng, staff = org.rng, org.it_staff[1]
    ip = org.campus_ip(staff, day)
    t0 = t = org.at(day, 9.5)
    cli = ua.CLI_MAC.format(cmd="iam.list-users")
    arns = []
    for name, account in org.accounts.items():
        if name == "it" or (name == "neuro" and day < org.joins):
            continue
        admin = it_admin(org, t, name, staff, ip, cli)
        arns.append(admin.arn)
        users = [p for p in org.people + org.it_staff if org.accounts[p.account] == account]
        calls: list[tuple[str, str, dict[str, Any] | None, str | None]] = [
            ("iam", "GenerateCredentialReport", None, None),
            ("iam", "GetCredentialReport", None, None),
            ("iam", "ListUsers", None, None),
            (
                "iam",
                "GetAccountAuthorizationDetails",
                {"filter": ["User", "Role", "Group", "LocalManagedPolicy"]},
                None,
            ),
            ("iam", "ListPolicies", {"scope": "Local"}, None),
            ("access-analyzer", "ListAnalyzers", None, None),
            (
                "access-analyzer",
                "ListFindings",
                {
                    "analyzerArn": f"arn:aws:access-analyzer:us-east-1:{account}:analyzer/ConsoleAnalyzer"
                },
                None,
            ),
        ]
        for p in users:
            calls += [
                ("iam", "ListAccessKeys", {"userName": p.name}, None),
                ("iam", "GetAccessKeyLastUsed", {"accessKeyId": p.who.key}, None),
                ("iam", "ListMFADevices", {"userName": p.name}, None),
                ("iam", "ListAttachedUserPolicies", {"userName": p.name}, None),
                (
                    "iam",
                    "GetLoginProfile",
                    {"userName": p.name},
                    None if p.console else "NoSuchEntityException",
                ),
            ]
        calls += [
            ("access-analyzer", "GetFinding", {"id": key_id(rng, "")}, None) for _ in range(6)
        ]
        calls += [
            ("access-analyzer", "ValidatePolicy", {"policyType": "IDENTITY_POLICY"}, None)
            for _ in range(4)
        ]
        for service, call, params, error in calls:
            t += dt.timedelta(seconds=rng.uniform(0.3, 4))
            org.emit(
                t,
                admin,
                service,
                call,
                "us-east-1",
                ip,
                ua.CLI_MAC.format(cmd=f"{service}.{call.lower()}"),
                params=params,
                error=error,
            )
        t += dt.timedelta(minutes=rng.uniform(5, 25))
    name = "central IT's quarterly credential and Access Analyzer review"
    return [row("B5", name, t0, t + dt.timedelta(minutes=5), principal_arn=a) for a in arns]


def rotate_key(org: Org, day: int, p: Person) -> Truth:
    """B6: a researcher rotates their own access key (create, switch, deactivate, delete)."""
    t = org.at(day, 8.2)
    ip = org.home_ip(p, day)
    cli = ua.CLI_MAC.format(cmd="iam.create-access-key")
    old, new = p.who.key, key_id(org.rng, "AKIA")
    org.emit(
        t,
        p.who,
        "iam",
        "CreateAccessKey",
        "us-east-1",
        ip,
        cli,
        params={"userName": p.name},
        response={"accessKey": {"accessKeyId": new, "status": "Active", "userName": p.name}},
    )
    p.who = p.who.with_key(new, t)
    org.emit(
        t + dt.timedelta(minutes=4),
        p.who,
        "iam",
        "UpdateAccessKey",
        "us-east-1",
        ip,
        cli,
        params={"userName": p.name, "accessKeyId": old, "status": "Inactive"},
    )
    org.emit(
        org.at(day + 1, 9.1),
        p.who,
        "iam",
        "DeleteAccessKey",
        "us-east-1",
        org.campus_ip(p, day + 1),
        cli,
        params={"userName": p.name, "accessKeyId": old},
    )
    return [
        row("B6", "a researcher rotates their own access key", t, org.end, principal_arn=p.who.arn)
    ]


def region_move(org: Org, day: int, p: Person, cluster: Any, role: Who) -> Truth:
    """B7: the genomics lab moves its pipeline to us-west-2 for GPUs: Terraform builds the
    cluster, its OIDC provider and the role's new trust; the pipeline then runs there."""
    t = t0 = org.at(day, 10.0)
    ip = org.campus_ip(p, day)
    ids = []
    for service, name, params in (
        ("sts", "GetCallerIdentity", None),
        ("eks", "CreateCluster", {"name": "genomics-gpu", "version": "1.29"}),
        (
            "iam",
            "CreateOpenIDConnectProvider",
            {
                "url": cluster.provider.split("oidc-provider/")[1],
                "clientIDList": ["sts.amazonaws.com"],
            },
        ),
        ("iam", "UpdateAssumeRolePolicy", {"roleName": role.name}),
        (
            "eks",
            "CreateNodegroup",
            {
                "clusterName": "genomics-gpu",
                "instanceTypes": ["g5.12xlarge"],
                "scalingConfig": {"desiredSize": 3},
            },
        ),
        ("eks", "DescribeCluster", {"name": "genomics-gpu"}),
        ("eks", "DescribeNodegroup", {"nodegroupName": "gpu"}),
    ):
        t += dt.timedelta(seconds=org.rng.uniform(5, 600))
        agent = ua.TERRAFORM.format(cmd=f"{service}#1.41.0")
        ids.append(
            org.emit(
                t, p.who, service, name, "us-west-2", ip, agent, params=params, read_only=None
            )["eventID"]
        )
    name = "the genomics pipeline moves to us-west-2 for GPUs"
    return [
        row("B7", name, t0, org.end, principal_arn=role.arn),
        row("B7", name, t0, org.end, principal_arn=cluster.node_role.arn),
        row("B7", name, t0, org.end, event_ids=" ".join(ids)),
    ]


def phone_holiday(org: Org, days: range, p: Person) -> Truth:
    """B8: a professor checks budgets and stops a notebook from a phone in Italy (MFA)."""
    p.extra["away"] = set(days)
    for d in days:
        p.extra["browser"] = ua.IPHONE
        p.extra.setdefault("travel", {})[d] = ("vodafone_it", "vodafone_it", 7)
        for hour in (2.5, 12.0):  # morning and evening in Florence
            console_session(org, p, d, hour + org.rng.uniform(0, 1), int(6 * org.scale) + 2)
    p.extra.pop("browser")
    return [
        row(
            "B8",
            "a professor on the console from a phone on holiday",
            org.at(days[0], -6),
            org.at(days[-1], 18),
            principal_arn=p.who.arn,
        )
    ]


def new_account(org: Org, day: int, members: list[Person], roles: list[Who]) -> Truth:
    """B9: the neuroscience lab's new account: IT creates its users on the first morning."""
    ids = []
    for i, p in enumerate(members):
        ids += onboard(org, org.at(day, 8.5 + i * 0.2), "neuro", p, "neuro")
    start = org.at(day, 0 - 6)
    name = "a new lab account joins the trail"
    return (
        [row("B9", name, start, org.end, principal_arn=p.who.arn) for p in members]
        + [row("B9", name, start, org.end, principal_arn=r.arn) for r in roles]
        + [row("B9", name, start, org.end, event_ids=" ".join(ids))]
    )
