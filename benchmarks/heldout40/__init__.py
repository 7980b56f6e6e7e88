"""The fortieth held-out suite: Dalbit Webtoon, a webtoon and digital-comics publisher in Seoul,
written without reading ueba's rules (``benchmarks/results/heldout40.md``).

``write(out, seed=1, days=24, scale=1.0, scored_days=5)`` writes ``out/AWSLogs/...`` (CloudTrail
in S3 layout), ``out/truth.csv``, ``out/threat.txt`` and GeoLite2-style ASN and City ``.mmdb``
files covering exactly the addresses used; ``python -m benchmarks.heldout40 OUT --seed 1`` does
the same. It imports nothing from ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout40._attacks import attacks
from benchmarks.heldout40._benign import events, plan
from benchmarks.heldout40._content import background
from benchmarks.heldout40._model import Trail
from benchmarks.heldout40._net import THREAT_LIST, Addresses, write_mmdb
from benchmarks.heldout40._org import ANALYTICS, CONTENT, JP, MGMT, PROD, World
from benchmarks.heldout40._write import write_trail

LAST_DAY = dt.date(2026, 12, 6)  # a Sunday; the scored days run Wednesday to Sunday
ACCOUNTS = (MGMT, PROD, CONTENT, ANALYTICS, JP)
TRUTH_COLUMNS = (
    "id", "name", "label", "access_key_id", "principal_arn", "source_ip", "event_ids", "start", "end",
    "expected_min_severity", "expected_max_severity",
)  # fmt: skip


@dataclass(frozen=True)
class Written:
    """What a seed wrote, and where."""

    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def write(
    out: Path | str, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    if not 1 <= scored_days < days:
        raise ValueError(f"scored_days must be between 1 and days - 1 ({scored_days} of {days})")
    root = Path(out)
    rng = random.Random(f"heldout40/{seed}")
    span = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
    world = World(Trail(rng), Addresses(rng), rng, scale, span, span[-scored_days:])
    plan(world)
    for day in span:
        background(world, day)
    events(world)
    attacks(world)
    # the nights before the first day (KST and ICT are ahead of UTC) are not in the trail
    first = dt.datetime(span[0].year, span[0].month, span[0].day, tzinfo=dt.UTC)
    records = [r for r in world.trail.records if r[0] >= first]
    files = write_trail(records, root, rng)
    used = {rec["sourceIPAddress"] for _, _, _, rec in records if _is_ip(rec["sourceIPAddress"])}
    places = world.net.places()
    missing = sorted(used - set(places))
    if missing:
        raise RuntimeError(f"addresses without a place: {missing[:5]}")
    asn_db, city_db = write_mmdb(places, used, root / "geo")
    truth = root / "truth.csv"
    with (root / "truth.csv.tmp").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(world.truth)
    (root / "truth.csv.tmp").replace(truth)
    threat = root / "threat.txt"
    threat.write_text("\n".join(THREAT_LIST) + "\n")
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=span,
        scored=world.scored,
        accounts=ACCOUNTS,
        new_account=(world.changes["jp_joins"], JP),
        events=len(records),
        files=files,
    )


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


__all__ = ["Written", "write"]
