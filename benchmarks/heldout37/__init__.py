"""The thirty-seventh held-out suite: Pasir Merah Container Terminals (PMCT), a container-port
terminal operator in Singapore, written without reading ``ueba``'s rules. ``write(out, seed)``
generates a seeded trail (CloudTrail in S3 layout), its GeoIP databases, threat list and truth.
The generator imports nothing from ``ueba``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout37 import _attacks as people_attacks
from benchmarks.heldout37 import _attacks_partners as partner_attacks
from benchmarks.heldout37 import _attacks_workloads as workload_attacks
from benchmarks.heldout37 import _background as bg
from benchmarks.heldout37 import _benign as ops
from benchmarks.heldout37 import _benign_access as access
from benchmarks.heldout37 import _edi as edi
from benchmarks.heldout37 import _people as people
from benchmarks.heldout37._org import ACCOUNTS, TOKYO
from benchmarks.heldout37._plan import TOKYO_JOINS, Plan
from benchmarks.heldout37._records import Trail
from benchmarks.heldout37._world import World
from benchmarks.heldout37._write import write_geo, write_threat, write_trail, write_truth

DAYS, SCORED = 24, 5
THEFT = "A7"  # the cold-start theft: the new account's instance credentials on its first day
DAILY = (
    bg.eks_nodes,
    bg.pods,
    bg.greengrass,
    bg.lambdas,
    edi.edi,
    edi.partners,
    people.platform_team,
    people.operators,
    people.billing,
    people.auditor,
    people.terraform,
    people.aws_config,
    people.tokyo,
)
ATTACKS = (
    people_attacks.a1_sftp_key,
    workload_attacks.a2_node_ssrf,
    partner_attacks.a3_broker,
    people_attacks.a4_kms_ransom,
    people_attacks.a5_console,
    people_attacks.a6_quiet_recon,
    workload_attacks.a7_tokyo_ssrf,
    partner_attacks.a8_stranger,
    people_attacks.a9_oidc,
    workload_attacks.a10_gateway,
    workload_attacks.a11_lambda,
    people_attacks.a12_tamper,
)
BENIGN = (
    ops.b1_mega_vessel,
    access.b2_new_line,
    ops.b3_node_group,
    access.b4_vendor,
    ops.b5_dr_test,
    access.b6_broker_v2,
    access.b7_tokyo,
    access.b8_bali,
    access.b9_workspaces,
    ops.b10_greengrass,
    access.b11_rotation,
)


@dataclass(frozen=True)
class Written:
    out: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    events: int
    files: int
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]


def write(
    out: Path | str, seed: int, *, days: int = DAYS, scored_days: int = SCORED, scale: float = 1.0
) -> Written:
    out = Path(out)
    plan = Plan.make(days, scored_days, scale)
    trail = Trail(seed * 7919 + 37)
    world = World.make(trail, plan)
    for day in plan.days:
        for activity in DAILY:
            activity(trail, plan, world, day)
    rows = []
    for incident in (*ATTACKS, *BENIGN):
        rows += incident(trail, plan, world)
    files = write_trail(trail, out / "trail")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        out=out,
        trail=out / "trail",
        truth=write_truth(rows, out / "truth.csv"),
        threat=write_threat(out / "threat.txt"),
        asn_db=asn_db,
        city_db=city_db,
        days=list(plan.days),
        scored=list(plan.scored),
        events=len(trail.records),
        files=files,
        accounts=ACCOUNTS,
        new_account=(plan.slot(TOKYO_JOINS), TOKYO),
    )


__all__ = ["DAYS", "SCORED", "THEFT", "Written", "write"]
