"""The nine benign changes a real games company makes in a week: each changes the background of
its days and returns its truth rows (the principals it touches, over the change's window)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from benchmarks.heldout5._net import HOME_PLAYERS, LAUNCH_PLAYERS
from benchmarks.heldout5._others import tfc_run
from benchmarks.heldout5._people import person_day
from benchmarks.heldout5._records import role_arn
from benchmarks.heldout5._saas import obsv_poll, players_day, poll_minutes, vendor_ips
from benchmarks.heldout5._workloads import Work, by_name, work_day
from benchmarks.heldout5._world import ACCOUNTS, PEOPLE, Person, World, cli_ua, set_role

S = "amazonaws.com"
Row = dict[str, Any]
POWERSHELL = "aws-sdk-dotnet-coreclr/3.7.303.0 aws-sdk-dotnet-core/3.7.303.0 .NET_Runtime/8.0 .NET_Framework/8.0 OS/Microsoft_Windows_NT_10.0.22631.0 ClientAsync AWSPowerShell.NetCore/4.1.550"
NEW_OBSV_EXTERNAL = "f09c2d71e4b3a8569c1e"


def person(user: str) -> Person:
    return next(p for p in PEOPLE if p.user == user)


def sso_arn(p: Person, account: str) -> str:
    acct = ACCOUNTS[account]
    return f"arn:aws:sts::{acct}:assumed-role/{set_role(acct, p.sets[account])}/{p.user}"


def rows(
    bid: str,
    name: str,
    principals: list[str],
    start: dt.datetime,
    end: dt.datetime,
    sev: str = "low",
) -> list[Row]:
    return [
        {
            "id": bid,
            "name": name,
            "label": "benign",
            "access_key_id": "",
            "principal_arn": arn,
            "source_ip": "",
            "event_ids": "",
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "expected_min_severity": "",
            "expected_max_severity": sev,
        }
        for arn in principals
    ]


def end_of(w: World, day: dt.date) -> dt.datetime:
    return w.at(day, 23.9999)


def b1_launch(w: World, day: dt.date, works: list[Work]) -> None:
    """Launch weekend: ten times the players, from new countries, and three times the servers."""
    players_day(w, day, factor=10, nets=HOME_PLAYERS + LAUNCH_PLAYERS)
    work_day(w, by_name(works, "gameserver"), day, factor=3)


def b1_rows(w: World, days: list[dt.date]) -> list[Row]:
    prod = ACCOUNTS["game_prod"]
    return rows(
        "B1",
        "Game launch weekend: Cognito players x10 from new countries, the game fleet tripled",
        [role_arn(prod, "Cognito_GamePlayersUnauth_Role"), role_arn(prod, "gameserver-fleet")],
        w.at(days[0], 0),
        end_of(w, days[-1]),
    )


def b2_qa_people(first: dt.date) -> list[Person]:
    return [
        Person(
            "katarzyna.lewandowska@qa-studio.pl",
            "qa_krakow",
            "qa_krakow",
            2,
            "PL",
            {"game_staging": "QATester"},
            os="windows",
            console=0.8,
            since=first,
        ),
        Person(
            "andrei.popescu@qa-studio.pl",
            "qa_bucharest",
            "qa_bucharest",
            3,
            "RO",
            {"game_staging": "QATester"},
            os="windows",
            console=0.8,
            since=first,
        ),
        Person(
            "ioana.dumitru@qa-studio.pl",
            "qa_bucharest",
            "qa_bucharest",
            3,
            "RO",
            {"game_staging": "QATester"},
            console=0.8,
            since=first,
        ),
    ]


def liveops_people(first: dt.date) -> list[Person]:
    return [
        Person(
            f"{n}@brightmoor.games",
            "home_dublin",
            "office_dublin",
            1,
            "IE",
            {"game_prod": "LiveOpsAnalyst"},
            console=0.5,
            since=first,
        )
        for n in ("maeve.ryan", "oisin.doyle", "saoirse.nolan")
    ]


def assignments(
    w: World, day: dt.date, people: list[Person], pset: str, account: str, hour: float
) -> list[str]:
    """The platform lead assigns the SCIM-provisioned group a permission set in the portal."""
    admin = person("aoife.byrne@brightmoor.games")
    ip = w.addr.of("office_dublin")
    t = w.at(day, hour)
    from benchmarks.heldout5._world import browser_ua

    _key, ident, eids = w.sso_session(admin, t, "management", ip, browser_ua(admin), console=True)
    for i, name in enumerate(
        [
            "ListPermissionSets",
            "CreatePermissionSet",
            "AttachManagedPolicyToPermissionSet",
            "CreateAccountAssignment",
            "DescribeAccountAssignmentCreationStatus",
        ]
    ):
        eids.append(
            w.trail.call(
                t + dt.timedelta(seconds=30 + 40 * i),
                ACCOUNTS["management"],
                "eu-west-1",
                f"sso.{S}",
                name,
                ident,
                ip,
                browser_ua(admin),
                console=True,
                request={
                    "permissionSetName": pset,
                    "targetId": ACCOUNTS[account],
                    "principalType": "GROUP",
                },
            )
        )
    return eids


def b3_vendor(w: World, day: dt.date, since: dt.datetime) -> None:
    """The observability vendor rotates the ExternalId (Terraform updates the trust policies
    first) and adds collectors in eu-central-1."""
    if since.date() == day:
        for account in ("game_prod", "game_staging", "media_prod"):
            w.state.setdefault("b3_terraform", []).extend(
                tfc_run(
                    w,
                    since - dt.timedelta(minutes=25),
                    account,
                    writes=[
                        (
                            f"iam.{S}",
                            "UpdateAssumeRolePolicy",
                            {
                                "roleName": "obsv-integration-role",
                                "policyDocument": "{...sts:ExternalId...}",
                            },
                        )
                    ],
                )
            )
    ips = vendor_ips(w)
    for account in ("game_prod", "game_staging", "media_prod"):
        for slot in range(0, 24 * 60, poll_minutes(w)):
            t = w.at(day, slot / 60 + w.rng.uniform(0, 0.05))
            new = t >= since
            pool = ips["obsv"] + ips["obsv_eu"] if new else ips["obsv"]
            obsv_poll(
                w,
                t,
                account,
                w.rng.choice(pool),
                NEW_OBSV_EXTERNAL if new else "b7e4f1a2c9d84e06a5f3",
            )


def b3_rows(w: World, since: dt.datetime, last: dt.date) -> list[Row]:
    """The vendor's role from the change on, and the Terraform apply that made it (its events)."""
    out = rows(
        "B3",
        "Observability vendor rotates its ExternalId and adds an EU region",
        [
            role_arn(ACCOUNTS[a], "obsv-integration-role")
            for a in ("game_prod", "game_staging", "media_prod")
        ],
        since - dt.timedelta(minutes=30),
        end_of(w, last),
    )
    applied = w.state.get("b3_terraform", [])
    if applied:
        out.append({**out[0], "principal_arn": "", "event_ids": " ".join(applied)})
    return out


def b4_laptop_ua(p: Person, day: dt.date, change: dt.date, w: World) -> tuple[Person, str]:
    """Before: AWS Tools for PowerShell on Windows. After: a new MacBook with AWS CLI v2."""
    if day < change:
        return p, POWERSHELL
    mac = dataclasses.replace(p, os="macos", cli_minor=22)
    return mac, cli_ua(mac, "sso.login", w.rng)


def b5_evacuation(w: World, day: dt.date, works: list[Work], start: float, end: float) -> None:
    """A region evacuation drill: the game API services run from eu-central-1 for six hours."""
    for name in ("matchmaking-api", "player-profile", "store-api"):
        wk = by_name(works, name)
        work_day(w, wk, day, to_hour=int(start))
        work_day(w, wk, day, regions=("eu-central-1",), from_hour=int(start), to_hour=int(end))
        work_day(w, wk, day, from_hour=int(end))


def b5_rows(w: World, day: dt.date, start: float, end: float) -> list[Row]:
    prod = ACCOUNTS["game_prod"]
    return rows(
        "B5",
        "Region evacuation drill: game API services moved to eu-central-1",
        [role_arn(prod, r) for r in ("matchmaking-task", "player-profile-task", "store-api-task")],
        w.at(day, start - 0.5),
        w.at(day, end + 1),
    )


def b7_cleanup(w: World, day: dt.date) -> tuple[list[Row], set[str]]:
    """A platform engineer's cost clean-up: old EBS snapshots and log groups deleted by script."""
    from benchmarks.heldout5._people import lease

    p = person("aoife.byrne@brightmoor.games")
    ip, t = lease(w, p, day), w.at(day, 13.2)
    principals = []
    for account, n_snap, n_logs in (("game_prod", 90, 30), ("media_prod", 40, 12)):
        _key, ident, _ids = w.sso_session(
            p, t, account, ip, cli_ua(p, "sso.get-role-credentials", w.rng), console=False
        )
        principals.append(sso_arn(p, account))
        for region in ("eu-west-1", "eu-central-1"):
            w.trail.call(
                t,
                ACCOUNTS[account],
                region,
                f"ec2.{S}",
                "DescribeSnapshots",
                ident,
                ip,
                cli_ua(p, "ec2.describe-snapshots", w.rng),
                request={"ownersSet": {"items": [{"owner": "self"}]}},
            )
            for _ in range(w.n(n_snap // 2) + 3):
                t += dt.timedelta(seconds=w.rng.uniform(0.5, 2.5))
                err = "InvalidSnapshot.InUse" if w.rng.random() < 0.03 else None
                w.trail.call(
                    t,
                    ACCOUNTS[account],
                    region,
                    f"ec2.{S}",
                    "DeleteSnapshot",
                    ident,
                    ip,
                    cli_ua(p, "ec2.delete-snapshot", w.rng),
                    request={"snapshotId": "snap-0" + w.ids.hexid(16)},
                    error=err,
                )
            for _ in range(w.n(n_logs // 2) + 2):
                t += dt.timedelta(seconds=w.rng.uniform(0.5, 2.0))
                w.trail.call(
                    t,
                    ACCOUNTS[account],
                    region,
                    f"logs.{S}",
                    "DeleteLogGroup",
                    ident,
                    ip,
                    cli_ua(p, "logs.delete-log-group", w.rng),
                    request={"logGroupName": f"/aws/lambda/old-{w.ids.hexid(6)}"},
                )
    return rows(
        "B7",
        "Cost clean-up: old snapshots and log groups deleted by a platform engineer",
        principals,
        w.at(day, 13.0),
        t + dt.timedelta(minutes=30),
    ), {p.user}


def b8_security_hub(w: World, day: dt.date) -> list[Row]:
    """Security Hub's central configuration turns on a new standard in every account."""
    p = person("declan.oshea@brightmoor.games")
    ip, t = w.addr.of("office_dublin"), w.at(day, 10.1)
    from benchmarks.heldout5._world import browser_ua

    _key, ident, _ids = w.sso_session(p, t, "security", ip, browser_ua(p), console=True)
    for i, name in enumerate(
        ["DescribeStandards", "ListConfigurationPolicies", "UpdateConfigurationPolicy"]
    ):
        w.trail.call(
            t + dt.timedelta(seconds=20 * (i + 1)),
            ACCOUNTS["security"],
            "eu-west-1",
            f"securityhub.{S}",
            name,
            ident,
            ip,
            browser_ua(p),
            console=True,
        )
    principals = [sso_arn(p, "security")]
    for _account, acct in ACCOUNTS.items():
        w.trail.call(
            t + dt.timedelta(minutes=2),
            ACCOUNTS["security"],
            "eu-west-1",
            f"securityhub.{S}",
            "StartConfigurationPolicyAssociation",
            ident,
            ip,
            browser_ua(p),
            console=True,
            request={"target": {"accountId": acct}},
        )
        host = "securityhub.amazonaws.com"
        t1 = t + dt.timedelta(minutes=w.rng.uniform(8, 20))
        _k, slr = w.mint_for_service(
            t1, acct, "eu-west-1", "AWSServiceRoleForSecurityHub", "securityhub", host
        )
        for region in ("eu-west-1", "eu-central-1"):
            w.trail.call(
                t1,
                acct,
                region,
                f"securityhub.{S}",
                "BatchEnableStandards",
                slr,
                host,
                host,
                invoked_by=host,
                request={
                    "standardsSubscriptionRequests": [
                        {"standardsArn": "arn:aws:securityhub:::standards/nist-800-53/v/5.0.0"}
                    ]
                },
            )
            for _ in range(w.n(20) + 5):
                w.trail.call(
                    t1 + dt.timedelta(seconds=w.rng.uniform(5, 900)),
                    acct,
                    region,
                    f"config.{S}",
                    "PutConfigRule",
                    slr,
                    host,
                    host,
                    invoked_by=host,
                    request={"configRule": {"configRuleName": "securityhub-" + w.ids.hexid(8)}},
                )
        principals.append(role_arn(acct, "AWSServiceRoleForSecurityHub"))
    return rows(
        "B8",
        "Security Hub enables a new standard (NIST 800-53) in every account",
        principals,
        t - dt.timedelta(minutes=5),
        w.at(day, 23.9),
    )


def b9_travel(w: World, p: Person, day: dt.date) -> None:
    """The Montreal on-call engineer works from a Lisbon conference, on Lisbon's clock."""
    away = dataclasses.replace(p, tz=1, home="travel_lisbon", office=None)
    hotel = w.state.setdefault("hotel", w.addr.of("travel_lisbon"))
    person_day(w, away, day, ip=hotel if w.rng.random() < 0.7 else w.addr.of("travel_lisbon"))
