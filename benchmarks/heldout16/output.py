"""The suite written to disk: S3-layout delivery files (one per account, region and five
minutes, delivered a few minutes later), ``truth.csv``, the threat list and MaxMind-format
ASN and City databases covering exactly the networks the trail uses."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout16 import attacks, background, benign, plan, workloads
from benchmarks.heldout16.plan import ACCOUNTS, AWS_GEO, AWS_PREFIXES, NETWORKS, Ids
from benchmarks.heldout16.trail import Trail

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
DAILY = (
    background.people,
    background.fleet,
    workloads.vendors,
    workloads.legacy_scheduler,
    workloads.gtfs_realtime,
    workloads.glue_nightly,
    workloads.msp,
    workloads.config_and_pipeline,
)


@dataclass(frozen=True)
class Written:
    """What ``generate`` wrote, as the evaluation runner needs it."""

    root: Path
    trail: Path  # .../AWSLogs
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    events: int
    files: int
    accounts: tuple[str, ...]
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    new_account: tuple[dt.date, str]


def build(seed: int, *, days: int = 24, scale: float = 1.0) -> tuple[Trail, list[dict[str, Any]]]:
    """Every record and truth row of a seed, in memory."""
    if days < 7:
        raise ValueError("heldout16 needs at least 7 days (5 scored and some history)")
    trail = Trail(seed)
    world = background.World(seed, scale, trail)
    benign.prepare(world)
    new_keys, truth = benign.rotate_keys(world)
    old_keys = dict(world.keys)
    truth = attacks.write(world, old_keys) + truth  # before the background: A4 pauses the trail
    for day in plan.days(days):
        if day >= benign.WED:
            world.keys.update(new_keys)
        for actor in DAILY:
            actor(world, day)
    truth += benign.write(world) + benign.background_rows(world)
    end = dt.datetime.combine(plan.LAST_DAY + dt.timedelta(days=1), dt.time(), tzinfo=plan.UTC)
    trail.records = [r for r in trail.records if r[2] < end]  # the trail is collected to LAST_DAY
    return trail, truth


def write_files(trail: Trail, out: Path, seed: int) -> int:
    """Delivery files under ``out/AWSLogs``; how many."""
    groups: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, dict[str, Any]]]] = (
        defaultdict(list)
    )
    for account, region, when, record in trail.records:
        bucket = when.replace(minute=when.minute - when.minute % 5, second=0, microsecond=0)
        groups[(account, region, bucket)].append((when, record))
    ids = Ids(seed, "files")
    for (account, region, bucket), records in sorted(groups.items()):
        delivered = bucket + dt.timedelta(minutes=5 + ids.rng.randint(0, 9))
        folder = out / "AWSLogs" / account / "CloudTrail" / region / delivered.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{delivered.strftime('%Y%m%dT%H%MZ')}_{ids.key('')[:16]}.json.gz"
        body = json.dumps(
            {"Records": [r for _, r in sorted(records, key=lambda x: x[0])]}, separators=(",", ":")
        )
        target = folder / name
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(_gz.compress(body.encode()))
        os.replace(temporary, target)
    return len(groups)


def write_truth(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"])))


def write_geo(folder: Path) -> tuple[Path, Path]:
    """``heldout16-ASN.mmdb`` and ``heldout16-City.mmdb`` for the networks of the plan and the
    EC2 prefixes its AWS addresses come from (needs the ``dev`` extra's mmdb-writer)."""
    from mmdb_writer import MMDBWriter  # type: ignore[import-untyped]
    from netaddr import IPSet  # type: ignore[import-untyped]

    folder.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout16 stand-in for GeoLite2-ASN")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout16 stand-in for GeoLite2-City")
    places = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETWORKS.values()]
    for region, prefixes in AWS_PREFIXES.items():
        country, town, lat, lon = AWS_GEO[region]
        places += [(p, 16509, "AMAZON-02", country, town, lat, lon) for p in prefixes]
    for cidr, number, org, country, town, lat, lon in places:
        asn.insert_network(
            IPSet([cidr]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon, "accuracy_radius": 20},
            },
        )
    paths = folder / "heldout16-ASN.mmdb", folder / "heldout16-City.mmdb"
    asn.to_db_file(str(paths[0]))
    city.to_db_file(str(paths[1]))
    return paths


def generate(
    out: str | os.PathLike[str], *, seed: int = 1, days: int = 24, scale: float = 1.0
) -> Written:
    """Write the seed's organisation into ``out``; the same arguments give the same bytes."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    trail, truth = build(seed, days=days, scale=scale)
    files = write_files(trail, root, seed)
    write_truth(truth, root / "truth.csv")
    (root / "threat.txt").write_text(plan.THREAT_CIDR + "\n")
    asn_db, city_db = write_geo(root / "geo")
    all_days = tuple(plan.days(days))
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=root / "truth.csv",
        threat=root / "threat.txt",
        asn_db=asn_db,
        city_db=city_db,
        events=len(trail.records),
        files=files,
        accounts=tuple(a for a, _ in ACCOUNTS.values()),
        days=all_days,
        scored=all_days[-5:],
        new_account=(benign.MON, ACCOUNTS["pilot"][0]),
    )
