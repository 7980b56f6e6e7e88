"""Writing a generated trail as CloudTrail delivers it to S3 (one gzip file per account, region
and five-minute delivery, named and dated at delivery, about 1% of records a file late), the
GeoIP databases covering exactly the addresses used, the threat list and the truth."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
import string
from pathlib import Path
from typing import Any

from benchmarks.heldout36 import _org as org

_ID = string.ascii_letters + string.digits
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


def write_trail(root: Path, records: list[tuple[str, dict[str, Any]]], rng: random.Random) -> int:
    """The records under ``root/AWSLogs``; the number of files written."""
    files: dict[tuple[str, str, dt.datetime], list[tuple[str, dict[str, Any]]]] = {}
    for account, rec in records:
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        delay = dt.timedelta(minutes=rng.uniform(2, 9) + (5 if rng.random() < 0.01 else 0))
        at = t + delay
        slot = at.replace(minute=at.minute - at.minute % 5, second=0, microsecond=0)
        # global services deliver to us-east-1's folder, as their events say
        files.setdefault((account, rec["awsRegion"], slot), []).append((rec["eventTime"], rec))
    for (account, region, slot), recs in sorted(files.items()):
        recs.sort(key=lambda r: r[0])
        name = (
            f"{account}_CloudTrail_{region}_{slot:%Y%m%dT%H%MZ}_"
            + "".join(rng.choice(_ID) for _ in range(16))
            + ".json.gz"
        )
        path = root / "AWSLogs" / account / "CloudTrail" / region / f"{slot:%Y/%m/%d}" / name
        body = json.dumps({"Records": [r for _, r in recs]}, separators=(",", ":")).encode()
        _atomic(path, gzip.compress(body, compresslevel=1, mtime=0))
    return len(files)


def write_geo(out: Path) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases for every public address of the organisation."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout36 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout36 City")
    for net in org.NETS.values():
        where = IPSet([f"{ip}/32" for ip in net.ips])
        asn.insert_network(
            where,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths


def write_truth(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def write_threat(path: Path) -> None:
    _atomic(path, ("\n".join(org.THREAT) + "\n").encode())
