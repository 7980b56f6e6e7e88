"""The scored days' incidents: ten attacks drawn from public reports of MSP compromises and
eleven benign changes that make detectors cry wolf at a managed service provider.

``plan`` sets what changes the background (``Org.changes``) before the days are written;
``inject`` writes each incident's own records after them and returns the truth rows. Scored
incidents sit on five "slots" spread over the scored days; with fewer scored days (CI scale)
the slots fold onto them, so that two days hold all of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.attacks import attacker
from benchmarks.heldout26.attacks import later as _later
from benchmarks.heldout26.background import Org, signed_in, sso_session
from benchmarks.heldout26.benign import benign as _benign
from benchmarks.heldout26.records import Trail, assumed, iam_user, role_arn, stamp
from benchmarks.heldout26.truth import Row, row, slots

M = dt.timedelta(minutes=1)


def plan(org: Org, scored: list[int]) -> None:
    rng = org.rng
    s = slots(scored)
    old = [c for c in org.customers if c.joins == 0]
    gone = old[-1]
    gone.offboarded = s[2]
    org.changes["offboarded"] = gone
    org.changes["offboard_cleaned"] = (s[2], 16)
    org.changes["upgrade_day"] = (s[3], 10)
    org.changes["emergency_patch_day"] = s[0]
    eip = old[0]
    org.changes["eip_move"] = (eip.instances[0], org.at(s[2], 11.5), o.aws_ip(rng, eip.region))
    nat = old[1 % len(old)]
    org.changes["nat_move"] = (nat, org.at(s[1], 14.0), o.aws_ip(rng, nat.region))
    sdk = old[2 % len(old)]
    org.changes["sdk_upgrade"] = (sdk, org.at(s[3], 9.0))
    galway = [e for e in org.engineers if e.office == "galway_office"]
    org.changes["away"] = {(galway[-1].name, s[2])}  # B5's traveller is not at the office


def inject(trail: Trail, org: Org, scored: list[int]) -> list[Row]:
    rng = org.rng
    s = slots(scored)
    rows: list[Row] = []
    old = [c for c in org.customers if c.joins == 0]
    new = next(c for c in org.customers if c.joins > 0)
    gone = org.changes["offboarded"]
    live = [c for c in old if c is not gone]
    victim_engineer = next(e for e in org.engineers if e.office == "krakow_office")
    end_of = lambda i: org.at(i, 24)  # noqa: E731

    # A1: an engineer's Identity Center token stolen by an infostealer, replayed from a VPS
    nl = o.host(rng, "vps_nl")
    t1 = org.at(s[1], 19.4)
    kali = o.KALI_CLI
    stolen = sso_session(
        trail, org, victim_engineer, t1, o.IDENTITY_ACCOUNT, nl, kali.replace("{cmd}", "sso.login")
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("A1", "", "attack", "high", signed - M, signed + M, event_ids=portal))
    trail.call(
        t1,
        o.IDENTITY_ACCOUNT,
        o.HOME,
        stolen,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        nl,
        kali.replace("{cmd}", "sts.get-caller-identity"),
    )
    for n, name in enumerate(
        ("ListAccounts", "DescribeOrganization", "ListDelegatedAdministrators")
    ):
        trail.call(
            t1 + M * (1 + n),
            o.IDENTITY_ACCOUNT,
            o.GLOBAL,
            stolen,
            "organizations.amazonaws.com",
            name,
            nl,
            kali.replace("{cmd}", f"organizations.{name.lower()}"),
        )
    auto = sso_session(
        trail,
        org,
        victim_engineer,
        t1 + M * 6,
        o.AUTOMATION_ACCOUNT,
        nl,
        kali.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("A1", "", "attack", "high", signed - M, signed + M, event_ids=portal))
    trail.call(
        t1 + M * 7,
        o.AUTOMATION_ACCOUNT,
        o.HOME,
        auto,
        "ssm.amazonaws.com",
        "GetParametersByPath",
        nl,
        kali.replace("{cmd}", "ssm.get-parameters-by-path"),
        request={"path": "/skellig/customers/", "recursive": True, "withDecryption": True},
    )
    rows.append(
        row(
            "A1",
            "engineer's Identity Center token replayed from a VPS (infostealer)",
            "attack",
            "high",
            t1,
            t1 + M * 10,
            access_key_id=stolen.key,
            source_ip=nl,
        )
    )
    rows.append(
        row("A1", "", "attack", "high", t1, t1 + M * 10, access_key_id=auto.key, source_ip=nl)
    )

    # A2: the stolen session pivots into three customers with the external IDs it just read
    planted: list[tuple[o.Customer, str, str]] = []
    t2 = t1 + M * 15
    for n, c in enumerate(live[:3]):
        k = o.key(rng)
        trail.assume(
            t2,
            stolen,
            nl,
            kali.replace("{cmd}", "sts.assume-role"),
            c.account,
            c.region,
            "SkelligOperator",
            c.role_ids["SkelligOperator"],
            victim_engineer.name,
            k,
            external_id=c.external_id,
            caller_region=o.HOME,
        )
        op = assumed(
            c.account, "SkelligOperator", victim_engineer.name, k, c.role_ids["SkelligOperator"], t2
        )
        calls: list[tuple[str, str, dict[str, Any] | None]] = [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", None),
            ("iam.amazonaws.com", "ListUsers", None),
            ("secretsmanager.amazonaws.com", "ListSecrets", None),
            ("iam.amazonaws.com", "ListRoles", None),
        ]
        if n < 2:
            user = "aws-support-sync"
            new_key = o.key(rng, "AKIA")
            planted.append((c, user, new_key))
            calls += [
                ("iam.amazonaws.com", "CreateUser", {"userName": user}),
                (
                    "iam.amazonaws.com",
                    "AttachUserPolicy",
                    {"userName": user, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                ),
            ]
        attacker(trail, t2 + M, c, op, nl, kali, calls)
        if n < 2:
            trail.call(
                t2 + M * 9,
                c.account,
                o.GLOBAL,
                op,
                "iam.amazonaws.com",
                "CreateAccessKey",
                nl,
                kali.replace("{cmd}", "iam.create-access-key"),
                request={"userName": planted[-1][1]},
                response={
                    "accessKey": {
                        "userName": planted[-1][1],
                        "accessKeyId": planted[-1][2],
                        "status": "Active",
                        "createDate": stamp(t2 + M * 9),
                    }
                },
            )
        rows.append(
            row(
                "A2",
                "the stolen session assumes SkelligOperator in three customers (external IDs from SSM)"
                if n == 0
                else "",
                "attack",
                "medium",
                t2,
                t2 + M * 12,
                access_key_id=k,
                source_ip=nl,
            )
        )
        t2 += M * 13

    # A3: the planted users' keys used the next slot from another VPS
    de = o.host(rng, "vps_de")
    t3 = org.at(s[2], 3.2)
    for c, user, akid in planted:
        me = iam_user(c.account, user, akid, o.uid(rng, "AIDA"))
        attacker(
            trail,
            t3,
            c,
            me,
            de,
            o.PACU,
            [
                ("sts.amazonaws.com", "GetCallerIdentity", None),
                ("ec2.amazonaws.com", "DescribeRegions", None),
                ("iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": user}),
                ("s3.amazonaws.com", "ListBuckets", None),
                ("rds.amazonaws.com", "DescribeDBInstances", None),
            ],
            step=2.5,
        )
        rows.append(
            row(
                "A3",
                "backdoor IAM users' keys (planted in A2) used from Hetzner"
                if rows[-1]["id"] != "A3"
                else "",
                "attack",
                "medium",
                t3,
                t3 + M * 15,
                access_key_id=akid,
                source_ip=de,
            )
        )
        t3 += M * 17

    # A4: confused deputy: a trial tenant of Skellig's portal names a customer's legacy role that
    # trusts the automation account without an external ID; the dispatcher assumes it
    c4 = live[3 % len(live)]
    t4 = org.at(s[4], 14.02)
    disp_key = o.key(rng)
    trail.mint(
        t4 - M * 2,
        o.AUTOMATION_ACCOUNT,
        o.HOME,
        "lambda.amazonaws.com",
        "runbook-dispatcher",
        org.runbook_role_id,
        "skellig-runbook-dispatcher",
        disp_key,
    )
    disp = assumed(
        o.AUTOMATION_ACCOUNT,
        "runbook-dispatcher",
        "skellig-runbook-dispatcher",
        disp_key,
        org.runbook_role_id,
        t4 - M * 2,
    )
    k4 = o.key(rng)
    agent = o.LAMBDA_PY312
    nat = org.automation_nat[0]
    first = len(trail.records)
    trail.assume(
        t4,
        disp,
        nat,
        agent,
        c4.account,
        c4.region,
        "skellig-legacy-readonly",
        c4.role_ids["legacy"],
        "trial-7731",
        k4,
        external_id=None,
        caller_region=o.HOME,
    )
    assume_ids = [r["eventID"] for _, _, r in trail.records[first:]]
    legacy = assumed(
        c4.account, "skellig-legacy-readonly", "trial-7731", k4, c4.role_ids["legacy"], t4
    )
    attacker(
        trail,
        t4 + M * 0.1,
        c4,
        legacy,
        nat,
        agent,
        [
            ("s3.amazonaws.com", "ListBuckets", None),
            ("s3.amazonaws.com", "GetBucketPolicy", {"bucketName": f"{c4.name}-records"}),
            ("ec2.amazonaws.com", "DescribeInstances", None),
            ("iam.amazonaws.com", "ListUsers", None),
            ("secretsmanager.amazonaws.com", "ListSecrets", None),
            ("rds.amazonaws.com", "DescribeDBSnapshots", None),
        ],
        step=0.05,
    )
    rows.append(
        row(
            "A4",
            "confused deputy: the dispatcher assumes a customer's legacy role without external ID for a trial tenant",
            "attack",
            "medium",
            t4,
            t4 + M * 3,
            access_key_id=k4,
            principal_arn=role_arn(c4.account, "skellig-legacy-readonly"),
        )
    )
    rows.append(row("A4", "", "attack", "medium", t4 - M, t4 + M, event_ids=" ".join(assume_ids)))

    rows += _later(trail, org, s, live, new, victim_engineer, nl)
    rows += _benign(trail, org, s, old, live, new, gone, end_of)
    return rows
