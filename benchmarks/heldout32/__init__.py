"""The thirty-second held-out suite: Spindrift Pictures, a Canadian visual-effects and
animation studio, written without reading how ``ueba`` detects anything (docs/evaluation.md,
"The thirty-second held-out suite"; benchmarks/results/heldout32.md).

``generate(out, seed)`` writes ``out/AWSLogs/...`` (the organisation's CloudTrail in S3
layout), ``out/truth.csv``, ``out/threat.txt`` and GeoLite2-shaped ``.mmdb`` files covering
the public addresses used. The generator imports nothing from ``ueba``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout32 import attacks, benign, org, thefts, write
from benchmarks.heldout32 import truth as truth_file
from benchmarks.heldout32.plan import calendar, ordinary_day, slot_day
from benchmarks.heldout32.records import Ctx


@dataclass(frozen=True)
class Written:
    """What a generation wrote, and the calendar it wrote it for."""

    root: Path
    trail: Path  # the AWSLogs directory
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]  # the burst account and its first day
    events: int
    files: int


def _incidents(
    ctx: Ctx,
    day: dt.date,
    slots: list[dt.date],
    last: dt.date,
    farms: dict[str, Any],
    scale: float,
    mark: int,
) -> list[dict[str, Any]]:
    """The scored incidents of ``day`` (several slots fall on one day at CI scale)."""
    rows: list[dict[str, Any]] = []
    if day == slots[0]:
        rows += thefts.a1_plugin_theft(ctx, day, farms["workers"])
        rows += thefts.a9_lambda_creds(ctx, day, farms["thumbnails"])
        rows += benign.b9_offboarding(ctx, day)
    if day in (slots[0], slots[1]):
        rows += benign.b10_tpn_assessment(ctx, day, max(40, round(160 * scale)))
    if day == slots[1]:
        rows += thefts.a2_gpu_miners(ctx, day)
        rows += attacks.a5_permission_set(ctx, day)
        rows += benign.whole_day(
            "B1",
            "delivery crunch: four times the Spot workers, us-east-1 too",
            day,
            day,
            [org.WORKER.arn, org.SPOT_SLR.arn],
        )
    if day in (slots[1], slots[2]):
        rows += benign.b8_on_location(ctx, day)
    if day == slots[2]:
        rows += attacks.a3_public_bucket(ctx, day)
        rows += thefts.a7_burst_first_day(ctx, day, farms["burst"])
        rows += thefts.a11_external_id(ctx, day)
        rows += benign.b3_new_show(ctx, day)
        rows += benign.b7_burst_account(ctx, day)
        rows += benign.whole_day(
            "B6",
            "pipeline TD's new laptop (newer aws-cli)",
            day,
            last,
            [org.sso_principal(org.STUDIO, "PipelineTD", "sgill")],
        )
    if day == slots[3]:
        rows += attacks.a4_datasync(ctx, day)
        rows += attacks.a6_kept_access(ctx, day)
        rows += benign.whole_day(
            "B2",
            "Deadline 10.4 upgrade: every worker's user agent",
            day,
            last,
            [org.WORKER.arn, org.RCS.arn],
        )
        backup = org.NETS["studio_backup"][0]
        used = sorted(
            {
                r["sourceIPAddress"]
                for _, _, _, r in ctx.records[mark:]
                if r["sourceIPAddress"].startswith(backup)
            }
        )
        rows += benign.whole_day(
            "B4",
            "Direct Connect down: the studio on its backup line",
            day,
            day,
            [],
            source_ip=" ".join(used),
        )
    if day == slots[4]:
        rows += attacks.a8_quiet_recon(ctx, day)
        rows += thefts.a10_defence_evasion(ctx, day, farms["rcs"])
        rows += benign.whole_day(
            "B5", "deliveries to a new distributor's bucket", day, last, [org.DELIVER.arn]
        )
        rows += benign.b11_new_fsx(ctx, day, max(30, round(120 * scale)))
    return rows


def generate(
    out: str | Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write a seeded trail of ``days`` days (the last ``scored_days`` hold the incidents)."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    ctx = Ctx(random.Random(f"heldout32-{seed}"))
    trail, scored = calendar(days, scored_days)
    slots = [slot_day(scored, k) for k in range(5)]
    rows: list[dict[str, Any]] = []
    for day in trail:
        mark = len(ctx.records)
        farms, _ = ordinary_day(ctx, day, scale, benign.changes(day, scored))
        rows += _incidents(ctx, day, slots, trail[-1], farms, scale, mark)
    files = write.trail(root, ctx.records, ctx.rng)
    asn_db, city_db = write.geoip(root, write.public_addresses(ctx.records))
    truth_path = root / "truth.csv"
    truth_file.write(truth_path, rows)
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=truth_path,
        threat=write.threat_list(root),
        asn_db=asn_db,
        city_db=city_db,
        days=trail,
        scored=scored,
        accounts=org.ACCOUNTS,
        new_account=(slots[2], org.BURST),
        events=len(ctx.records),
        files=files,
    )


__all__ = ["Written", "generate"]
