"""The twelfth held-out suite: Borealis Grid Corporation, a North American electric utility
on AWS Organizations (ca-central-1 and us-east-2), written without reading the rules.

``python -m benchmarks.heldout12 OUT --seed N`` writes ``OUT/AWSLogs/<account>/CloudTrail/
<region>/YYYY/MM/DD/*.json.gz`` (five-minute delivery files per account and region),
``OUT/truth.csv``, ``OUT/threat.txt`` and ``OUT/geo/heldout12-{ASN,City}.mmdb``. The same
seed, days and scale give the same files byte for byte. Nothing is imported from ``ueba``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout12 import _attacks, _background, _changes, _keys, _org, _pipeline, _trail

START = dt.date(2026, 7, 1)  # Canada Day; the scored days at full length are 20-24 July


@dataclass(frozen=True)
class Written:
    root: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    events: int
    files: int
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    new_account: str


def generate_records(
    seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> tuple[list[_trail.Record], list[_trail.Record], list[dt.date], list[dt.date]]:
    """Every record of the trail and the truth rows."""
    if scored_days != 5:
        raise ValueError(
            "scored_days: the incidents are written for exactly 5 scored days (Monday to Friday)"
        )
    if days < scored_days + 5:
        raise ValueError(
            f"days: at least {scored_days + 5} (a history before the {scored_days} scored days)"
        )
    all_days = [START + dt.timedelta(days=i) for i in range(days)]
    scored = all_days[-scored_days:]
    records: list[_trail.Record] = []
    truth: list[_trail.Record] = []
    for i, date in enumerate(all_days):
        d = _background.Day(seed, date, i - (days - scored_days), scale)
        for w in _keys.SERVICE_WORKLOADS + ((_keys.MODEL_RUNNER,) if d.on("new_account") else ()):
            _background.workload_day(d, w)
        for w in _keys.GATEWAYS:
            _background.gateways_day(d, w)
        _background.legacy_day(d)
        _background.soc_day(d)
        _background.config_day(d)
        _pipeline.pipeline_day(d)
        _changes.day_changes(d)
        for attack in _attacks.ATTACKS.get(d.scored, ()):
            truth += attack(d)
        records += d.out
    truth = sorted(truth, key=lambda r: r["id"]) + _changes.truth(all_days, scored)
    return records, truth, all_days, scored


def generate(
    out: str | Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the suite for ``seed`` into ``out`` (module docstring)."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    records, truth, all_days, scored = generate_records(
        seed, days=days, scale=scale, scored_days=scored_days
    )
    files = _trail.write_trail(records, root, seed)
    _trail.write_truth(truth, root / "truth.csv")
    threat = root / "threat.txt"
    threat.write_text("\n".join(_attacks.THREAT) + "\n")
    asn_db, city_db = _trail.write_geo(root / "geo")
    return Written(
        root=root, truth=root / "truth.csv", threat=threat, asn_db=asn_db, city_db=city_db,
        events=len(records), files=files, days=all_days, scored=scored,
        accounts=sorted(_org.ACCOUNTS.values()), new_account=_org.ACCOUNTS["outage"],
    )  # fmt: skip


__all__ = ["START", "Written", "generate", "generate_records"]
