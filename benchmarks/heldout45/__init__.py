"""The forty-fifth held-out suite: Alpenfirn Bergbahnen AG, a Swiss mountain-railway and
ski-resort operator, written without reading how ``ueba`` detects anything (it imports nothing
from ``ueba``). ``write(out, seed)`` writes the trail in S3 layout, the truth, the threat list and
the GeoIP test databases; ``python -m benchmarks.heldout45 OUT --seed 1``.

The organisation and its incidents: ``benchmarks/results/heldout45.md``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout45 import changes, deliver, intrusions, machines, people
from benchmarks.heldout45.events import Trail
from benchmarks.heldout45.org import ACCOUNTS, END, NEW
from benchmarks.heldout45.world import World


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    events: int
    files: int
    new_account: tuple[dt.date, str]


def write(
    out: Path | str, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """The trail of ``days`` days ending Sunday 6 December 2026, its last ``scored_days`` with
    the incidents; ``scale`` sizes the fleets."""
    if days <= scored_days:
        raise ValueError(
            f"days ({days}) must exceed scored_days ({scored_days}): the baselines need history"
        )
    out = Path(out)
    rng = random.Random(f"heldout45-{seed}")
    all_days = [END - dt.timedelta(days=days - 1 - k) for k in range(days)]
    world = World(rng, all_days, all_days[-scored_days:], scale)
    world.gate = [world.instance_id() for _ in range(world.count(8))]
    changes.plan(world)
    trail = Trail(rng)
    for day in all_days:
        machines.machine(trail, world, day)
        people.people(trail, world, day)
        if day in world.replaced:
            world.gate = world.new_instances + world.gate[2:]
    rows = changes.emit(trail, world)
    for make in intrusions.ATTACKS:
        rows += make(trail, world)
    # the trail holds its days in UTC: what spills before the first or after the last is cut
    first, last = all_days[0].isoformat(), (END + dt.timedelta(days=1)).isoformat()
    records = [r for r in trail.records if first <= r["eventTime"] < last]
    files = deliver.trail_files(out / "trail", records, rng)
    asn_db, city_db = deliver.geoip(out)
    assert world.join_at is not None
    return Written(
        trail=out / "trail",
        truth=deliver.truth_file(out, rows),
        threat=deliver.threat_list(out),
        asn_db=asn_db,
        city_db=city_db,
        days=all_days,
        scored=world.scored,
        accounts=sorted(ACCOUNTS),
        events=len(records),
        files=files,
        new_account=(world.join_at.date(), NEW),
    )
