"""Generate a seed: the background of every day, then the attacks and benign changes of the
scored days, written as Control Tower's organisation trail delivers it to the log-archive
bucket (``AWSLogs/<org>/<account>/CloudTrail/<region>/YYYY/MM/DD/``, one gzip file per account,
region and delivery interval, named and timed at delivery), with the GeoIP databases covering
exactly the addresses the trail uses, the threat list and ``truth.csv``."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import ipaddress
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout30.attacks import attacks
from benchmarks.heldout30.changes import b4_tax_letters, changes
from benchmarks.heldout30.cloudtrail import Trail
from benchmarks.heldout30.org import ACCOUNTS, NETS, NEW_ACCOUNT, ORG_ID, THREAT
from benchmarks.heldout30.people import partner_day, staff_day
from benchmarks.heldout30.services import service_day
from benchmarks.heldout30.workloads import (
    fleet,
    iam_users_day,
    instance_day,
    lambda_day,
    task_day,
)
from benchmarks.heldout30.world import World, staff

END = dt.date(2026, 12, 4)  # the last scored day: Friday 4 December 2026
INTERVAL = 15  # minutes per delivered file
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


def generate(
    out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write a seed's trail, truth, threat list and GeoIP databases under ``out``."""
    out = Path(out)
    rng = random.Random(f"heldout30/{seed}")
    all_days = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    world = World(Trail(rng), rng, scale, all_days, scored)
    staff(world)
    instances = fleet(world)
    airflow, replacement = instances[-1], instances[-2]
    joined = world.slot(2)
    for day in all_days:
        accounts = list(ACCOUNTS.values()) + ([NEW_ACCOUNT[1]] if day >= joined else [])
        for inst in instances:
            instance_day(world, inst, day)
        task_day(world, day)
        lambda_day(
            world, day, peak={"connect-citizen-lookup": 4.0} if day == world.slot(3) else None
        )
        service_day(world, day, accounts, joined=NEW_ACCOUNT[1] if day == joined else None)
        iam_users_day(world, day)
        staff_day(world, day)
        partner_day(world, day)
    attacks(world, airflow)
    changes(world, replacement)
    b4_tax_letters(world)
    records = world.trail.records
    trail_dir = out / "AWSLogs"
    files = write_trail(trail_dir, records, rng)
    used = sorted({r["sourceIPAddress"] for r in records if _public(r["sourceIPAddress"])})
    asn_db, city_db = write_geo(out, used)
    threat = out / "threat.txt"
    _atomic(threat, ("\n".join(THREAT) + "\n").encode())
    truth = out / "truth.csv"
    write_truth(truth, world.truth)
    return Written(
        out,
        trail_dir,
        truth,
        threat,
        asn_db,
        city_db,
        all_days,
        scored,
        sorted({r["recipientAccountId"] for r in records}),
        (joined, NEW_ACCOUNT[1]),
        len(records),
        files,
    )


def _public(text: str) -> bool:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    return ip.is_global


def _atomic(path: Path, data: bytes, mtime: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    if mtime is not None:
        os.utime(tmp, (mtime, mtime))
    os.replace(tmp, path)


def write_trail(root: Path, records: list[dict[str, Any]], rng: random.Random) -> int:
    """Each record in the file of its account, region and fifteen-minute interval, delivered
    5-12 minutes after the interval ends (a few records of AWS services up to an hour late)."""
    groups: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for rec in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        late = rec["sourceIPAddress"].endswith(".amazonaws.com") and rng.random() < 0.03
        t += dt.timedelta(minutes=rng.randint(15, 55) if late else 0)
        slot = t.replace(minute=t.minute - t.minute % INTERVAL, second=0)
        groups[(rec["recipientAccountId"], rec["awsRegion"], slot)].append(rec)
    for (account, region, slot), recs in sorted(groups.items()):
        delivered = slot + dt.timedelta(
            minutes=INTERVAL + rng.randint(5, 12), seconds=rng.randint(0, 59)
        )
        name = (
            f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_"
            + "".join(
                rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                for _ in range(16)
            )
            + ".json.gz"
        )
        path = root / ORG_ID / account / "CloudTrail" / region / f"{delivered:%Y/%m/%d}" / name
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(
            path,
            gzip.compress(body, compresslevel=6, mtime=0),
            mtime=delivered.replace(tzinfo=dt.UTC).timestamp(),
        )
    return len(groups)


def write_geo(out: Path, used: list[str]) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases with one /32 per address the trail uses."""
    from mmdb_writer import MMDBWriter  # the dev extra
    from netaddr import IPSet

    where = {a: n for n in NETS.values() for a in n.addresses}
    missing = [a for a in used if a not in where]
    if missing:
        raise ValueError(f"addresses without a network: {missing}")
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout30 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout30 City")
    for address in used:
        n = where[address]
        asn.insert_network(
            IPSet([f"{address}/32"]),
            {"autonomous_system_number": n.asn, "autonomous_system_organization": n.org},
        )
        city.insert_network(
            IPSet([f"{address}/32"]),
            {
                "city": {"names": {"en": n.city}},
                "country": {"iso_code": n.country, "names": {"en": n.country}},
                "location": {"latitude": n.lat, "longitude": n.lon},
            },
        )
    paths = (out / "geo" / "GeoLite2-ASN.mmdb", out / "geo" / "GeoLite2-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=False):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths


def write_truth(path: Path, rows: list[dict[str, Any]]) -> None:
    order = {f"{p}{i}": (p, i) for p in "AB" for i in range(1, 20)}
    rows = sorted(rows, key=lambda r: order[r["id"]])
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)
