"""The seventeenth held-out suite: Tessellate AI, a generative-AI product company, written
without reading ``ueba``'s rules, models or any other suite's generator (README.md).

``python -m benchmarks.heldout17 OUT --seed N`` writes ``OUT/AWSLogs/<account>/CloudTrail/
<region>/YYYY/MM/DD/*.json.gz`` (five-minute delivery files per account and region),
``OUT/truth.csv``, ``OUT/threat.txt`` and ``OUT/geo/heldout17-{ASN,City}.mmdb``. The same
arguments give the same files byte for byte. Nothing here imports ``ueba``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout17._activity import UTC, World, run
from benchmarks.heldout17._attacks import attacks
from benchmarks.heldout17._benign import benign
from benchmarks.heldout17._net import THREAT, aws_address, ec2_prefixes, write_mmdb
from benchmarks.heldout17._org import ACCOUNTS, AGENTS, EAST, INFERENCE, Actor, people
from benchmarks.heldout17._plan import Change
from benchmarks.heldout17._trail import Trail, write_s3_layout
from benchmarks.heldout17._workloads import workloads

END = dt.date(2026, 12, 4)
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
    """What one generation wrote, and what its runner needs to know."""

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


def segments(
    changes: list[Change], key: str, actor: Actor, t0: dt.datetime, t1: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime, Actor, str]]:
    """[t0, t1) cut where a change to ``key`` starts or ends; each piece with the actor as the
    changes active in it make it and the tags of its keys."""
    mine = [c for c in changes if c.actor == key and c.start < t1 and c.end > t0]
    cuts = sorted(
        {
            t0,
            t1,
            *(c.start for c in mine if t0 < c.start < t1),
            *(c.end for c in mine if t0 < c.end < t1),
        }
    )
    out = []
    for a, b in itertools.pairwise(cuts):
        shaped, tags = actor, []
        for c in mine:
            if c.start <= a < c.end:
                shaped = c.alter(shaped)
                tags.append(c.tag)
        out.append((a, b, shaped, "+".join(t for t in tags if t)))
    return out


def generate(
    out: str | Path,
    *,
    seed: int = 1,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    delivery: int = 5,
) -> Written:
    """Write the organisation's trail, truth, threat list and GeoIP databases under ``out``;
    ``delivery``: minutes of trail per delivery file (CI writes fewer, larger files)."""
    if days < scored_days + 5 or scored_days < 5 or 60 % delivery:
        raise ValueError(
            "heldout17 needs at least 5 scored days, 5 days of history before them and delivery minutes dividing an hour"
        )
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    start = END - dt.timedelta(days=days - 1)
    prefixes = ec2_prefixes()
    world = World(Trail(seed), seed, start, prefixes, {})
    nat_rng = world.rng("nat")
    world.nat[INFERENCE] = [aws_address(prefixes[EAST], nat_rng) for _ in range(3)]
    scored = list(range(days - scored_days, days))
    joins = scored[2]

    actors: dict[str, Actor] = {a.name: a for a in people() + workloads()}
    for name, a in list(actors.items()):
        if a.account == AGENTS:
            actors[name] = dataclasses.replace(a, first_day=joins)
    changes, truth = benign(world, actors, scored, scale)
    for index in range(days):
        midnight = dt.datetime.combine(start + dt.timedelta(days=index), dt.time(), UTC)
        for key in sorted(actors):
            actor = actors[key]
            if not actor.first_day <= index <= actor.last_day:
                continue
            for t0, t1, shaped, tag in segments(
                changes, key, actor, midnight, midnight + dt.timedelta(days=1)
            ):
                run(world, shaped, index, t0, t1, scale=scale, tag=tag)
    truth += attacks(world, actors, scored, scale, joins)

    files = write_s3_layout(world.trail, root, minutes=delivery)
    asn_db, city_db = write_mmdb(root / "geo", prefixes)
    threat = root / "threat.txt"
    threat.write_text(THREAT + "\n")
    truth_path = root / "truth.csv"
    tmp = truth_path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(truth)
    tmp.replace(truth_path)
    all_days = [start + dt.timedelta(days=i) for i in range(days)]
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=truth_path,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=all_days,
        scored=[all_days[i] for i in scored],
        accounts=ACCOUNTS,
        new_account=(all_days[joins], AGENTS),
        events=world.trail.events,
        files=files,
    )
