"""The thirteenth held-out scenario suite: the Ashgrove Institute for Biomedical Research
(Boston and Hinxton), written without reading ``ueba``'s rules, models, the other generators,
their runners, tests or results. ``generate(out, seed=1)`` writes an S3-layout CloudTrail
(``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``, five-minute delivery files),
``truth.csv``, ``threat.txt`` and ``geo/heldout13-{ASN,City}.mmdb``. Nothing here imports
``ueba`` (a test checks). Deterministic per seed."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout13 import _attacks, _benign, _machines, _partners, _people, _workloads
from benchmarks.heldout13._net import threat_address, write_geo
from benchmarks.heldout13._trail import Trail
from benchmarks.heldout13._world import END, LAB_ADEYEMI, World, at

TRUTH_COLUMNS = (
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "event_ids",
    "start",
    "end",
    "expected_min_severity",
    "expected_max_severity",
)
NEW_ACCOUNT = LAB_ADEYEMI


@dataclass(frozen=True)
class Written:
    out: Path
    events: int
    files: int
    accounts: list[str]
    days: list[dt.date]
    scored: list[dt.date]
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path

    @property
    def trail(self) -> Path:
        return self.out / "AWSLogs"


def generate(
    out: str | Path,
    *,
    seed: int = 1,
    days: int = 24,
    scored_days: int = 5,
    scale: float = 1.0,
    end: dt.date = END,
) -> Written:
    """Draw ``days`` days ending on ``end`` (the last ``scored_days`` carry the incidents)."""
    if scored_days < 1 or days < scored_days + 2:
        raise ValueError("need at least two unscored days before the scored ones")
    out = Path(out)
    all_days = [end - dt.timedelta(days=days - 1 - i) for i in range(days)]
    w = World(
        seed=seed, days=all_days, scored=all_days[-scored_days:], scale=scale, trail=Trail(seed)
    )
    _benign.plan(w)
    w.changes["head_stopped"] = (at(w.s(0), 3.2), at(w.s(0), 3.7))
    machine_keys: dict[str, str] = {}
    workstation_keys: dict[dt.date, dict[int, str]] = {}
    for day in all_days:
        _workloads.notebooks(w, day)
        _workloads.batch(w, day)
        _workloads.head_node(w, day)
        _workloads.lake_services(w, day)
        _workloads.assistant(w, day)
        machine_keys = _machines.machines(w, day)
        workstation_keys[day] = _benign.workstation(w, day)
        _people.people(w, day)
        _partners.collaborators(w, day)
        _partners.pipeline(w, day)
        _partners.catalog(w, day)
        if day.toordinal() % 3 == 0 and day != w.s(2):
            _partners.vendor_push(w, day)
    _benign.changes(w)
    _attacks.attacks(w, machine_keys, workstation_keys[w.s(2)])
    events, files, accounts = w.trail.write(out)
    truth = out / "truth.csv"
    with (out / "truth.tmp").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(w.truth, key=lambda r: (r["id"][0], int(r["id"][1:]))))
    (out / "truth.tmp").replace(truth)
    threat = out / "threat.txt"
    threat.write_text(threat_address() + "\n")
    asn_db, city_db = write_geo(
        out / "geo", ("us-east-1", "us-west-2", "eu-west-2", "eu-central-1", "ap-southeast-1")
    )
    return Written(out, events, files, accounts, all_days, w.scored, truth, threat, asn_db, city_db)
