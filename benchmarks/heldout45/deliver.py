"""What CloudTrail and the SOC hand over: the organisation trail in S3 layout (one gzipped file
per account, region and five-minute delivery, about 1% of records 35 minutes to three hours
late), the GeoIP test databases (ASN and City) holding every network of the trail, the threat
list and the truth file. Files are written whole (temporary name, then rename)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout45.org import ORG_ID, PLACES, THREAT, Place
from benchmarks.heldout45.truth import COLUMNS


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def trail_files(root: Path, records: list[dict[str, Any]], rng: random.Random) -> int:
    """The records into ``root/AWSLogs/...``; returns the number of files."""
    files: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        delay = rng.uniform(35, 180) if rng.random() < 0.01 else rng.uniform(2, 12)
        due = t + dt.timedelta(minutes=delay)
        due = due.replace(minute=due.minute - due.minute % 5, second=0)
        files[(r["recipientAccountId"], r["awsRegion"], due.strftime("%Y%m%dT%H%MZ"))].append(r)
    for (account, region, stamp), recs in sorted(files.items()):
        day = f"{stamp[:4]}/{stamp[4:6]}/{stamp[6:8]}"
        suffix = "".join(
            rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
            for _ in range(16)
        )
        name = f"{account}_CloudTrail_{region}_{stamp}_{suffix}.json.gz"
        path = root / "AWSLogs" / ORG_ID / account / "CloudTrail" / region / day / name
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
            gz.write(json.dumps({"Records": recs}, separators=(",", ":")).encode())
        _atomic(path, buf.getvalue())
    return len(files)


def geoip(root: Path) -> tuple[Path, Path]:
    """ASN and City databases (MaxMind format) with every place of the organisation."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(
        ip_version=4,
        database_type="GeoLite2-ASN",
        languages=["en"],
        description="heldout45 ASN test data",
    )
    city = MMDBWriter(
        ip_version=4,
        database_type="GeoLite2-City",
        languages=["en"],
        description="heldout45 City test data",
    )
    places: list[Place] = sorted(PLACES.values(), key=lambda p: p.cidr)
    extra = [
        Place(c, 60729, "Stiftung Erneuerbare Freiheit", "NL", "Amsterdam", 52.37, 4.9)
        for c in THREAT[1:]
    ]
    for p in places + extra:
        net = IPSet([p.cidr])
        asn.insert_network(
            net, {"autonomous_system_number": p.asn, "autonomous_system_organization": p.org}
        )
        city.insert_network(
            net,
            {
                "city": {"names": {"en": p.city}},
                "country": {"iso_code": p.country, "names": {"en": p.country}},
                "location": {"latitude": p.lat, "longitude": p.lon},
            },
        )
    out = root / "geoip"
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "GeoLite2-ASN-test.mmdb", out / "GeoLite2-City-test.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".part")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths


def threat_list(root: Path) -> Path:
    path = root / "threat-networks.txt"
    _atomic(path, ("\n".join(THREAT) + "\n").encode())
    return path


def truth_file(root: Path, rows: list[dict[str, str]]) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"])):
        w.writerow(r)
    path = root / "truth.csv"
    _atomic(path, buf.getvalue().encode())
    return path
