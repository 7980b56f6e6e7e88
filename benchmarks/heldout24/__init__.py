"""The twenty-fourth held-out suite: Meridian Harbour Hotels, a global hotel group whose ~150
franchised hotels upload night audits with per-hotel IAM user keys from hotel broadband, written
without reading ``ueba``'s rules (it imports nothing from ``ueba``; a test checks).

``python -m benchmarks.heldout24 OUT --seed N`` writes ``OUT/AWSLogs/...`` (S3 layout, one file
per account, region and five minutes in us-east-1, fifteen elsewhere), ``OUT/truth.csv``,
``OUT/threat.txt`` and ``OUT/geo/meridian-{ASN,City}.mmdb``; the same seed writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout24 import _attacks, _benign, _net, _people, _routine, _thefts, _trail, _truth
from benchmarks.heldout24._cast import build
from benchmarks.heldout24._org import ACCOUNTS, HOME, World

END = dt.date(2025, 12, 24)  # Christmas Eve, a Wednesday; the last five days are scored
DAILY = (
    _routine.hotels,
    _routine.booking,
    _routine.lambdas,
    _people.callcentre,
    _people.staff,
    _people.ci,
    _people.vendor,
    _people.config,
    _people.legacy,
)


@dataclass(frozen=True)
class Written:
    root: Path
    trail: Path  # the AWSLogs directory
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: dict[str, str]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def write(
    out: Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Generate the organisation's trail, truth, threat list and GeoIP databases into ``out``."""
    if days < scored_days + 3 or scored_days < 5:
        raise ValueError("need at least five scored days and three days of history before them")
    rng = random.Random(f"meridian-harbour-{seed}")
    calendar = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    world = World(
        rng=rng,
        trail=_trail.Trail(rng),
        net=_net.Addresses(rng, {}),
        days=calendar,
        scored=calendar[-scored_days:],
        scale=scale,
    )
    build(world)
    world.state.update(
        volume=min(
            scale, 1.0
        ),  # the workloads' call rates below scale 1 (CI); hotels scale by count
        runners=[f"i-0{rng.getrandbits(64):016x}" for _ in range(3)],
        runner_nat=world.net.ec2(HOME),
        vendor_ips=[world.net.ec2(HOME) for _ in range(2)],
        vendor_principal=world.trail.uid("AIDA"),
        legacy=_trail.user(
            ACCOUNTS["booking"], "jenkins-legacy", world.trail.key("AKIA"), world.trail.uid("AIDA")
        ),
    )
    before: _benign.Plan = defaultdict(list)
    after: _benign.Plan = defaultdict(list)
    _benign.plan(world, before, after)
    _attacks.plan(world, after)
    _thefts.plan(world, after)
    for day in calendar:
        for hook in before.get(day, []):
            hook(world, day)
        for routine in DAILY:
            routine(world, day)
        for hook in after.get(day, []):
            hook(world, day)
    out.mkdir(parents=True, exist_ok=True)
    events, files = _trail.write(world.trail.records, out)
    _truth.write(world.truth, out / "truth.csv")
    threat = out / "threat.txt"
    threat.write_text("\n".join(world.state["threat"]) + "\n")
    asn_db, city_db = _net.write_geo(world.net.used, out / "geo")
    return Written(
        root=out,
        trail=out / "AWSLogs",
        truth=out / "truth.csv",
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=calendar,
        scored=world.scored,
        accounts=dict(ACCOUNTS),
        new_account=(world.scored[1], ACCOUNTS["portal"]),
        events=events,
        files=files,
    )
