"""The benign changes of the scored days (each expected at most low) and the truth rows that
name them. Some change the background itself (``prepare``: volumes, clients, addresses, keys);
the others are events of their own (``write``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout16 import plan
from benchmarks.heldout16.background import World
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local, role_arn, user_arn
from benchmarks.heldout16.trail import Caller, role_session
from benchmarks.heldout16.workloads import CONFIG_ROLE, pipeline

Row = dict[str, Any]
MON, TUE, WED, THU, FRI = plan.days(5)
VENDOR_USERS = (
    ("fare", "svc-fareproc-sftp"),
    ("vendor", "svc-cadavl-vendor"),
    ("vendor", "svc-payroll-vendor"),
)


def row(
    ident: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: list[str] | None = None,
    severity: str = "",
) -> Row:
    return {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ips,
        "event_ids": " ".join(events or []),
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": "low" if label == "benign" else "",
    }


def whole(day: dt.date, last: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=plan.UTC)
    last = last or day
    return start, dt.datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=plan.UTC)


def prepare(world: World) -> None:
    """Changes that alter what the background does on the scored days."""
    world.volume[("gtfs", TUE)] = 6.0  # B1: the snowstorm, the realtime feed six times as busy
    world.volume[("ADFS-Dispatch", TUE)] = 1.6
    world.addresses[("ADFS-Dispatch", TUE)] = "home"  # dispatchers from their home ISPs
    for day in (TUE, WED, THU, FRI):
        world.addresses[("svc-cadavl-vendor", day)] = (
            "cadavl_new"  # B4: the vendor's new data centre
        )
    for day in (WED, THU, FRI):
        world.agents[("ADFS-Planning", day)] = plan.EDGE_WS  # B7: the new WorkSpaces bundle


def rotate_keys(world: World) -> tuple[dict[str, str], list[Row]]:
    """B3: the MSP rotates the three vendor users' keys (create Tuesday evening, deactivate
    Wednesday, delete Thursday, as the runbook says); the vendors switch at midnight UTC.
    Returns the old keys (the leaked one is used before) and the truth rows."""
    trail, ids = world.trail, Ids(world.seed, "rotation")
    old = {user: world.keys[user] for _, user in VENDOR_USERS}
    new = {user: ids.key("AKIA") for _, user in VENDOR_USERS}
    steps = (
        (
            local(TUE, 15.4),
            "CreateAccessKey",
            lambda u: {"userName": u},
            lambda u: {"accessKey": {"accessKeyId": new[u], "status": "Active", "userName": u}},
        ),
        (
            local(WED, 14.0),
            "UpdateAccessKey",
            lambda u: {"userName": u, "accessKeyId": old[u], "status": "Inactive"},
            lambda u: None,
        ),
        (
            local(THU, 10.5),
            "DeleteAccessKey",
            lambda u: {"userName": u, "accessKeyId": old[u]},
            lambda u: None,
        ),
    )
    ip = Ids(world.seed, "msp:jlee").address("msp")
    agent = plan.CLI_MAC.format(cmd="iam.create-access-key")
    rows: list[Row] = []
    for account in ("fare", "vendor"):
        sessions = []
        for when, name, params, response in steps:
            key, minted = trail.mint_cross_account(
                account,
                "SMT-MSP-Operations",
                "jlee",
                when,
                ip,
                agent,
                source_account=plan.MSP_ACCOUNT,
            )
            me = Caller(
                role_session(account, "SMT-MSP-Operations", "jlee", key, when),
                ACCOUNTS[account][0],
                ip,
                agent,
            )
            sessions.append(minted)
            t = when + dt.timedelta(seconds=20)
            for acct, user in VENDOR_USERS:
                if acct == account:
                    trail.call(me, t, "iam", "ListAccessKeys", params={"userName": user})
                    trail.call(
                        me,
                        t + dt.timedelta(seconds=9),
                        "iam",
                        name,
                        params=params(user),
                        response=response(user),
                    )
                    t += dt.timedelta(seconds=40)
        start, end = local(TUE, 15), local(THU, 11)
        rows.append(
            row(
                "B3",
                "MSP rotates the vendor users' keys",
                "benign",
                start,
                end,
                principal=role_arn(account, "SMT-MSP-Operations"),
            )
        )
    for account, user in VENDOR_USERS:
        rows.append(
            row(
                "B3",
                "vendors switch to their new keys",
                "benign",
                *whole(WED, FRI),
                key=new[user],
                principal=user_arn(account, user),
            )
        )
    return new, rows


def patch_window(world: World) -> list[Row]:
    """B2: the quarterly maintenance window installs patches across the whole Windows fleet:
    snapshots first (Automation), then AWS-RunPatchBaseline Install in batches, reboots."""
    trail, rows = world.trail, []
    start = local(THU, 2)
    for account in ("ops", "corp"):
        acct = ACCOUNTS[account][0]
        key = trail.mint_for_service(
            account, "ssm-maintenance-window", "MaintenanceWindow-quarterly-install", "ssm", start
        )
        me = Caller(
            role_session(
                account, "ssm-maintenance-window", "MaintenanceWindow-quarterly-install", key, start
            ),
            acct,
            "ssm.amazonaws.com",
            "ssm.amazonaws.com",
        )
        fleet = [i for i, _ in world.fleets[account]]
        t = start + dt.timedelta(minutes=1)
        for instance in fleet:
            trail.call(
                me,
                t,
                "ssm",
                "StartAutomationExecution",
                params={
                    "documentName": "AWS-CreateSnapshot",
                    "parameters": {"VolumeId": [f"vol-0{instance[3:19]}"]},
                },
            )
            t += dt.timedelta(seconds=15)
        auto = trail.mint_for_service(account, "ssm-automation", "automation-quarterly", "ssm", t)
        robot = Caller(
            role_session(account, "ssm-automation", "automation-quarterly", auto, t),
            acct,
            "ssm.amazonaws.com",
            "ssm.amazonaws.com",
        )
        for instance in fleet:
            trail.call(
                robot, t, "ec2", "CreateSnapshot", params={"volumeId": f"vol-0{instance[3:19]}"}
            )
            t += dt.timedelta(seconds=7)
        for batch in range(0, len(fleet), 4):
            t += dt.timedelta(minutes=25)
            trail.call(
                me,
                t,
                "ssm",
                "SendCommand",
                params={
                    "documentName": "AWS-RunPatchBaseline",
                    "instanceIds": fleet[batch : batch + 4],
                    "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
                    "maxConcurrency": "4",
                    "maxErrors": "1",
                },
            )
            trail.call(
                me,
                t + dt.timedelta(minutes=20),
                "ssm",
                "ListCommandInvocations",
                params={"details": True},
            )
        for role in ("ssm-maintenance-window", "ssm-automation"):
            rows.append(
                row(
                    "B2",
                    "quarterly patch window across the Windows fleet",
                    "benign",
                    start,
                    start + dt.timedelta(hours=5),
                    principal=role_arn(account, role),
                )
            )
    return rows


def iot_depot(world: World) -> list[Row]:
    """B5: the new north-east depot's 60 buses registered in bulk by the provisioning pipeline."""
    me, events = pipeline(
        world,
        WED,
        [("iot", "DescribeThingGroup", {"thingGroupName": "depot-northeast"})],
        2,
        hour=9.0,
    )
    t = local(WED, 9.1)
    for n in range(max(8, int(60 * world.scale))):
        thing = f"bus-{7100 + n}"
        for name, params in (
            ("CreateThing", {"thingName": thing, "thingTypeName": "transit-bus-gateway"}),
            ("CreateKeysAndCertificate", {"setAsActive": True}),
            ("AttachThingPrincipal", {"thingName": thing}),
            ("AttachPolicy", {"policyName": "depot-bus-policy"}),
            ("AddThingToThingGroup", {"thingName": thing, "thingGroupName": "depot-northeast"}),
        ):
            events.append(world.trail.call(me, t, "iot", name, params=params))
            t += dt.timedelta(seconds=3)
    return [
        row(
            "B5",
            "a new depot's buses registered in IoT Core",
            "benign",
            local(WED, 8.5),
            t + dt.timedelta(minutes=30),
            principal=role_arn("ops", "codebuild-iot-provisioning"),
        )
    ]


def background_rows(world: World) -> list[Row]:
    """Truth rows for the changes ``prepare`` made, and the new account (B10)."""
    return [
        row(
            "B1",
            "snowstorm: realtime feed x6",
            "benign",
            *whole(TUE),
            principal=role_arn("ops", "gtfs-rt-builder-role"),
        ),
        row(
            "B1",
            "snowstorm: realtime alerts x6",
            "benign",
            *whole(TUE),
            principal=role_arn("ops", "gtfs-alerts-publisher-role"),
        ),
        row(
            "B1",
            "snowstorm: dispatchers from home",
            "benign",
            *whole(TUE),
            principal=role_arn("ops", "ADFS-Dispatch"),
        ),
        row(
            "B4",
            "CAD/AVL vendor's new data centre",
            "benign",
            *whole(TUE, FRI),
            principal=user_arn("vendor", "svc-cadavl-vendor"),
        ),
        row(
            "B7",
            "WorkSpaces bundle migration",
            "benign",
            *whole(WED, FRI),
            principal=role_arn("ops", "ADFS-Planning"),
        ),
        *[
            row(
                "B10",
                "the microtransit pilot account joins",
                "benign",
                *whole(MON, TUE),
                principal=role_arn("pilot", r),
            )
            for r in ("pilot-dispatch-app", "ADFS-PilotAdmin", CONFIG_ROLE)
        ],
    ]


def write(world: World) -> list[Row]:
    from benchmarks.heldout16.benign_people import auditor_week, contact_flows, open_data_republish

    return (
        patch_window(world)
        + iot_depot(world)
        + open_data_republish(world)
        + auditor_week(world)
        + contact_flows(world)
    )


__all__ = ["prepare", "rotate_keys", "row", "write"]
