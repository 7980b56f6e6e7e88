"""The trail in S3 layout (one file per account, region and five-minute delivery, timed at
delivery, about 1% of records a file late), the GeoIP databases covering exactly the addresses
used, the threat list and the truth."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import ipaddress
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout37._org import PLACES, THREAT
from benchmarks.heldout37._records import Trail

INTERVAL = 300  # seconds: CloudTrail delivers about every five minutes
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


def _atomic(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    if made is None or path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_trail(t: Trail, root: Path) -> int:
    """Every record into its delivery file below ``root``; the number of files."""
    files: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for record in sorted(t.records, key=lambda r: (r["eventTime"], r["eventID"])):
        when = dt.datetime.fromisoformat(record["eventTime"])  # "Z": UTC
        slot = int(when.timestamp()) // INTERVAL + (1 if t.rng.random() < 0.01 else 0)
        files[(record["recipientAccountId"], record["awsRegion"], slot)].append(record)
    made: set[Path] = set()
    for (account, region, slot), records in sorted(files.items()):
        delivered = dt.datetime.fromtimestamp(
            (slot + 1) * INTERVAL + t.rng.randint(40, 280), tz=dt.UTC
        )
        name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{t.alnum(16)}.json.gz"
        path = root / "AWSLogs" / account / "CloudTrail" / region / f"{delivered:%Y/%m/%d}" / name
        body = json.dumps({"Records": records}, separators=(",", ":")).encode()
        _atomic(path, gzip.compress(body, mtime=0), made)
    return len(files)


def write_geo(directory: Path) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases with one /32 per address of ``_org.PLACES``."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(
        ip_version=6,
        ipv4_compatible=True,
        database_type="GeoLite2-ASN",
        description="PMCT suite ASN",
    )
    city = MMDBWriter(
        ip_version=6,
        ipv4_compatible=True,
        database_type="GeoLite2-City",
        description="PMCT suite City",
    )
    for place in sorted(PLACES.values(), key=lambda p: ipaddress.ip_address(p.ip)):
        network = IPSet([f"{place.ip}/32"])
        asn.insert_network(
            network,
            {"autonomous_system_number": place.asn, "autonomous_system_organization": place.org},
        )
        city.insert_network(
            network,
            {
                "country": {"iso_code": place.country, "names": {"en": place.country}},
                "city": {"names": {"en": place.city}},
                "location": {"latitude": place.lat, "longitude": place.lon},
            },
        )
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "GeoLite2-ASN.mmdb", directory / "GeoLite2-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths


def write_threat(path: Path) -> Path:
    _atomic(path, ("\n".join(THREAT) + "\n").encode())
    return path


def write_truth(rows: list[dict[str, str]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)
    return path
