"""The forty-sixth held-out suite: Kōwhai Herd Analytics, a herd-testing and milk-quality
laboratory in Hamilton, New Zealand (NZDT, UTC+13), written without reading the rules.

``write(out, seed, days=24, scale=1.0, scored_days=5)`` writes ``out/trail`` (CloudTrail's S3
layout), ``out/truth.csv``, ``out/threat.txt`` and GeoLite2-style ASN and city databases, and
returns what it wrote. The organisation and its incidents: ``benchmarks/results/heldout46.md``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout46.attacks import attacks
from benchmarks.heldout46.changes import benign_changes
from benchmarks.heldout46.deliver import deliver
from benchmarks.heldout46.machines import (
    config_role,
    fleet,
    intake,
    notifier,
    vendor,
)
from benchmarks.heldout46.people import deploys, finance, staff, workforce
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.truth import write_truth
from benchmarks.heldout46.users import machine_users
from benchmarks.heldout46.world import (
    DATA,
    LAB,
    MGMT,
    PROD,
    PROD_REGION,
    SEC,
    THREAT_LIST,
    write_geoip,
)

__all__ = ["Written", "write"]


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    events: int
    files: int
    new_account: tuple[dt.date, str]


def write(
    out: Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Generate the suite's trail, truth, threat list and GeoIP databases into ``out``."""
    if days < 2 or not 1 <= scored_days < days:
        raise ValueError(f"days={days}, scored_days={scored_days}: want 1 <= scored_days < days")
    out = Path(out)
    s = Scene.make(seed, days, scored_days, scale)
    people = staff(s)
    fleet(s)
    intake(s)
    notifier(s)
    vendor(s)
    config_role(s)
    machine_users(s)
    workforce(s, people)
    deploys(s)
    finance(s)
    benign_changes(s, people)
    config_role(s, ((LAB, PROD_REGION),))
    s.trail.records[:] = [r for r in s.trail.records if s.inside(_when(r["eventTime"]))]
    attacks(s, people)
    out.mkdir(parents=True, exist_ok=True)
    files = deliver(s.trail.records, out / "trail", seed)
    write_truth(out / "truth.csv", s.truth)
    (out / "threat.txt").write_text("\n".join(THREAT_LIST) + "\n")
    asn_db, city_db = write_geoip(out / "geoip")
    return Written(
        trail=out / "trail",
        truth=out / "truth.csv",
        threat=out / "threat.txt",
        asn_db=asn_db,
        city_db=city_db,
        days=s.days,
        scored=s.scored,
        accounts=(MGMT, PROD, DATA, SEC, LAB),
        events=len(s.trail.records),
        files=files,
        new_account=(s.lab_created.date(), LAB),
    )


def _when(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
