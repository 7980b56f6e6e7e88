"""The twentieth held-out suite: Halloran Whitcombe LLP, a global law firm (London and New York),
written without reading ueba's rules or models and importing nothing from ueba.

``python -m benchmarks.heldout20 OUT --seed N`` writes ``OUT/AWSLogs/...`` (five-minute delivery
files per account and region), ``OUT/truth.csv``, ``OUT/threat.txt`` and
``OUT/geo/heldout20-{ASN,City}.mmdb``. 24 days to 2026-12-01 by default, the last 5 scored;
the organisation and its incidents are in ``README.md``."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout20._attacks import inject
from benchmarks.heldout20._benign import apply
from benchmarks.heldout20._net import networks, write_mmdb
from benchmarks.heldout20._org import ACCOUNTS, build
from benchmarks.heldout20._trail import Ids, Trail

END = dt.date(2026, 12, 1)
SCORED = 5
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


@dataclass(frozen=True)
class Written:
    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def generate(out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0) -> Written:
    """Write the trail, truth, threat list and GeoIP databases for ``seed`` below ``out``."""
    if days < SCORED + 3:
        raise ValueError(f"days must be at least {SCORED + 3}")
    out = Path(out)
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    s = days - SCORED
    rng = random.Random(f"heldout20-{seed}")
    ids = Ids(random.Random(f"heldout20-ids-{seed}"))
    nets = networks(random.Random(f"heldout20-nets-{seed}"))
    org = build(nets, ids, rng, joins=s + 1)
    benign = apply(org, dates, s, ids)
    trail = Trail(ids)
    for day, date in enumerate(dates):
        for name in sorted(org.actors):
            org.actors[name].day(trail, day, date, random.Random(f"{seed}-{name}-{day}"), scale)
    attacks = inject(org, trail, dates, s, random.Random(f"heldout20-attacks-{seed}"))
    events, files = trail.write(out)
    truth = out / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        for r in attacks + benign:
            writer.writerow({c: r.get(c, "") for c in TRUTH_COLUMNS})
    threat = out / "threat.txt"
    threat.write_text(nets["frantech"][0].cidr + "\n")
    asn_db, city_db = write_mmdb(
        [n for group in nets.values() for n in group if not n.aws], out / "geo"
    )
    return Written(
        root=out,
        trail=out / "AWSLogs",
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=dates,
        scored=dates[s:],
        accounts=sorted(ACCOUNTS.values()),
        new_account=(dates[s + 1], ACCOUNTS["merged"]),
        events=events,
        files=files,
    )
