"""The later benign changes (B10, B11) and the registry of every change by slot; the helpers
and B1-B9 are in ``_changes``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import State, at, src
from benchmarks.heldout33._changes import (
    Row,
    b1_new_ground_region,
    b2_disaster_downloads,
    b3_hotel,
    b4_graviton,
    b5_new_access_point,
    b6_big_training,
    b7_new_repo,
    b8_edge_account,
    b9_launch_campaign,
    row,
)
from benchmarks.heldout33._net import NETS
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import MOC_KEY


def b10_audit(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """The annual SOC 2 audit: an external auditor's new Identity Center user with SecurityAudit
    lists and reads configuration across every account from London."""
    p = o.Person(
        "auditor.finch",
        "SecurityAudit",
        o.GROUND,
        "auditor",
        "auditor",
        0,
        o.UA_EDGE_WIN,
        o.UA_CLI_WIN,
    )
    ip = NETS["auditor"].host(4242)
    rows = []
    plan = [
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListUsers"),
        ("iam", "ListAccessKeys"),
        ("iam", "GetAccountPasswordPolicy"),
        ("cloudtrail", "DescribeTrails"),
        ("cloudtrail", "GetEventSelectors"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketPolicy"),
        ("s3", "GetBucketEncryption"),
        ("ec2", "DescribeSecurityGroups"),
        ("kms", "ListKeys"),
        ("guardduty", "ListDetectors"),
        ("secretsmanager", "ListSecrets"),
        ("config", "DescribeConfigRules"),
    ]
    for k, acct in enumerate((o.MGMT, o.GROUND, o.PROC, o.DELIV)):
        c = o.sso_creds(trail, at(day, 9 + 1.5 * k), p, ip, p.browser, acct=acct)
        t = c.issued
        for svc, name in plan * 3:
            t += dt.timedelta(seconds=rng.uniform(5, 60))
            trail.ev(t, acct, "us-east-2", src(svc), name, c.ident, ip, p.browser, console=True)
        rows.append(
            row(
                "B10",
                "SOC 2 auditor reads configuration in every account",
                principal=o.sso_arn(acct, "SecurityAudit", p.user),
                start=c.issued,
                end=t + dt.timedelta(minutes=5),
            )
        )
    return rows


def b11_moc_failover(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """The Adelaide office's fibre is cut; the mission control bridge fails over to the backup
    ISP for the day (the bridge's key from a new network)."""
    st.moc_net = "office-au-backup"
    return [
        row(
            "B11",
            "mission control bridge on the backup ISP",
            key=MOC_KEY,
            principal=f"arn:aws:iam::{o.GROUND}:user/moc-telemetry-bridge",
            start=at(day, 0),
            end=at(day, 24),
        )
    ]


# (slot, lasting): a lasting change stays in force after its day
CHANGES: dict[str, tuple[int, bool, Callable[..., list[Row]]]] = {
    "B1": (3, True, b1_new_ground_region),
    "B2": (4, False, b2_disaster_downloads),
    "B3": (0, False, b3_hotel),
    "B4": (1, True, b4_graviton),
    "B5": (3, True, b5_new_access_point),
    "B6": (2, False, b6_big_training),
    "B7": (0, True, b7_new_repo),
    "B8": (2, True, b8_edge_account),
    "B9": (2, False, b9_launch_campaign),
    "B10": (0, False, b10_audit),
    "B11": (2, False, b11_moc_failover),
}
