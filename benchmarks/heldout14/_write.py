"""Writing a seed: CloudTrail in S3 layout (five-minute delivery files per account and region),
``truth.csv``, ``threat.txt`` and MaxMind-format ASN and City databases for every network used."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout14._plan import AMAZON, AWS_REGIONS, BLOCKS, hexid

BUILT = 1796083200  # 2026-12-01T00:00:00Z
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


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_trail(records: list[dict[str, Any]], out: Path, rng: random.Random) -> int:
    """One file per account, region and five minutes of events, delivered three to eight
    minutes after the last; the number of files."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        when = dt.datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        slot = int(when.replace(tzinfo=dt.UTC).timestamp()) // 300
        groups[(record["recipientAccountId"], record["awsRegion"], slot)].append(record)
    for (account, region, slot), batch in sorted(groups.items()):
        batch.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        delivered = dt.datetime.fromtimestamp((slot + 1) * 300 + rng.randrange(180, 480), dt.UTC)
        stamp = delivered.strftime("%Y%m%dT%H%MZ")
        name = f"{account}_CloudTrail_{region}_{stamp}_{hexid(rng, 16)}.json.gz"
        path = (
            out
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / delivered.strftime("%Y/%m/%d")
            / name
        )
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        # gzip level 1 as benchmarks/_gz.py has it (not imported: this suite's code imports nothing
        # from benchmarks outside its own package)
        _atomic(path, gzip.compress(body, compresslevel=1, mtime=0))
    return len(groups)


def write_truth(rows: list[dict[str, str]], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def write_geo(out: Path, aws_prefixes: dict[str, list[str]]) -> tuple[Path, Path]:
    """``geo/jabuti-ASN.mmdb`` and ``geo/jabuti-City.mmdb``: every plan block and the EC2
    prefixes addresses are drawn from, as GeoLite2 stand-ins."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    class Writer(MMDBWriter):  # type: ignore[misc]
        """The build time fixed (the trail's end), so that a seed's bytes never change."""

        def _build_meta(self) -> dict[str, Any]:
            return {**super()._build_meta(), "build_epoch": BUILT}

    asn = Writer(ip_version=4, database_type="GeoLite2-ASN", description="heldout14 ASN")
    city = Writer(ip_version=4, database_type="GeoLite2-City", description="heldout14 City")
    rows = [(b.cidr, b.asn, b.org, b.country, b.city, b.lat, b.lon) for b in BLOCKS.values()]
    for region, prefixes in aws_prefixes.items():
        country, town, lat, lon = AWS_REGIONS[region]
        rows += [(p, AMAZON[0], AMAZON[1], country, town, lat, lon) for p in prefixes]
    for cidr, number, org, country, town, lat, lon in rows:
        asn.insert_network(
            IPSet([cidr]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    geo = out / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    paths = (geo / "jabuti-ASN.mmdb", geo / "jabuti-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=False):
        tmp = str(path) + ".tmp"
        writer.to_db_file(tmp)
        os.replace(tmp, path)
    return paths
