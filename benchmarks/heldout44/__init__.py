"""The forty-fourth held-out suite: Chao Phraya Cold Chain Co., Ltd., a refrigerated trucking
and cold-storage company in Bangkok, written without reading how ``ueba`` detects anything.

``write(out, seed, days=24, scale=1.0, scored_days=5)`` writes the organisation trail in S3 layout
(``out/trail``), ``out/truth.csv``, the GeoIP test databases and the threat list, and returns
what it wrote. The trail ends on Sunday 6 December 2026, the day after a public holiday; the incidents
sit on five slots, the last ``scored_days`` days (slots beyond them fold onto the last day).
Seeded and byte-for-byte reproducible; imports nothing from ``ueba``."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout44 import _attacks, _benign, _normal
from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import Ctx
from benchmarks.heldout44._net import THREAT, write_geoip
from benchmarks.heldout44._trail import Ids, Trail

LAST_DAY = dt.date(2026, 12, 6)
COLUMNS = [
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
]


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    asn_db: Path
    city_db: Path
    threat: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def write(
    out: Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """The suite's seed ``seed`` into ``out`` (see the module docstring)."""
    if days < 2 or not 1 <= scored_days < days:
        raise ValueError(
            f"days={days}, scored_days={scored_days}: at least one day of history before the scored ones"
        )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"heldout44-{seed}")
    ids = Ids(rng)
    calendar = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
    c = Ctx(
        rng, ids, Trail(rng, ids), org.build(rng, ids, scale), calendar, calendar[-scored_days:]
    )
    c.nat_ips = (
        _net_host("aws_bkk", 20_000 + rng.randrange(500)),
        _net_host("aws_bkk", 21_000 + rng.randrange(500)),
    )
    _benign.plan(c)
    for day in calendar:
        _normal.day_of(c, day)
    rows = _benign.changes(c)
    rows = _attacks.attacks(c) + rows
    trail = out / "trail"
    files, events = c.trail.write(trail)
    truth = out / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    asn_db, city_db, threat = out / "asn.mmdb", out / "city.mmdb", out / "threat.txt"
    write_geoip(asn_db, city_db)
    threat.write_text("\n".join(THREAT) + "\n")
    assert c.plan.mekong is not None
    return Written(
        trail=trail,
        truth=truth,
        asn_db=asn_db,
        city_db=city_db,
        threat=threat,
        days=calendar,
        scored=c.scored,
        accounts=list(org.ACCOUNTS),
        new_account=(c.plan.mekong, org.MEKONG),
        events=events,
        files=files,
    )


def _net_host(block: str, index: int) -> str:
    from benchmarks.heldout44._net import BLOCKS

    return BLOCKS[block].host(index)
