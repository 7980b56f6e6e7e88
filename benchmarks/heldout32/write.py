"""What a generation leaves on disk: the trail in CloudTrail's S3 layout (one gzipped
``{"Records": [...]}`` file per account, region and fifteen-minute delivery, named and dated
by its delivery), GeoIP databases covering exactly the public addresses the trail uses, and
the threat list. Every file is written whole: a temporary file, then renamed."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import random
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout32 import org
from benchmarks.heldout32.records import B32, Record

DELIVERY = dt.timedelta(minutes=15)
AWS_PLACES = {
    "15.222.": ("CA", "Montreal", 45.50, -73.57),
    "15.223.": ("CA", "Montreal", 45.50, -73.57),
    "54.148.": ("US", "Boardman", 45.84, -119.70),
    "54.149.": ("US", "Boardman", 45.84, -119.70),
    "52.": ("US", "Ashburn", 39.04, -77.49),
}


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def trail(root: Path, records: list[Record], rng: random.Random) -> int:
    """The records in files timed at delivery (5 to 14 minutes after each call, the next
    quarter hour's file) under ``root/AWSLogs``; the number of files. The files are written
    into a partial directory renamed into place when all are there: nothing is left half."""
    files: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, dict[str, Any]]]] = (
        defaultdict(list)
    )
    for account, region, t, rec in records:
        delivered = t + dt.timedelta(seconds=rng.randint(300, 840))
        slot = delivered.replace(minute=delivered.minute // 15 * 15, second=0, microsecond=0)
        files[(account, region, slot + DELIVERY)].append((t, rec))
    partial, final = root / ".AWSLogs.partial", root / "AWSLogs"
    for stale in (partial, final):
        if stale.exists():
            shutil.rmtree(stale)
    made: set[Path] = set()
    for (account, region, when), batch in sorted(files.items()):
        batch.sort(key=lambda x: (x[0], x[1]["eventID"]))
        name = (
            f"{account}_CloudTrail_{region}_{when:%Y%m%dT%H%MZ}_"
            + "".join(rng.choice(B32[:26] + "0123456789") for _ in range(16))
            + ".json.gz"
        )
        folder = partial / account / "CloudTrail" / region / f"{when:%Y/%m/%d}"
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        body = json.dumps({"Records": [r for _, r in batch]}, separators=(",", ":"))
        path = folder / name
        path.write_bytes(_gz.compress(body.encode()))
        stamp = when.timestamp()  # a local copy keeps S3's Last-Modified: its delivery
        os.utime(path, (stamp, stamp))
    os.replace(partial, final)
    return len(files)


def public_addresses(records: list[Record]) -> list[str]:
    out = set()
    for _, _, _, rec in records:
        text = rec["sourceIPAddress"]
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if address.is_global:
            out.add(text)
    return sorted(out, key=ipaddress.ip_address)


def place(address: str) -> dict[str, Any]:
    """An address's network, as the GeoIP databases say it."""
    for net, (prefix, asn, as_org, country, city, lat, lon) in org.NETS.items():
        if address.startswith(prefix):
            return {
                "asn": asn,
                "org": as_org,
                "country": country,
                "city": city,
                "lat": lat,
                "lon": lon,
                "net": net,
            }
    for prefix, (country, city, lat, lon) in AWS_PLACES.items():
        if address.startswith(prefix):
            return {
                "asn": 16509,
                "org": "AMAZON-02",
                "country": country,
                "city": city,
                "lat": lat,
                "lon": lon,
                "net": "aws",
            }
    raise ValueError(f"{address} is in no network of the organisation")


def geoip(root: Path, addresses: list[str]) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases with one /32 per address used."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", int_type="u32")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", int_type="u32")
    for address in addresses:
        p = place(address)
        where = IPSet([f"{address}/32"])
        asn.insert_network(
            where,
            {"autonomous_system_number": p["asn"], "autonomous_system_organization": p["org"]},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": p["country"], "names": {"en": p["country"]}},
                "city": {"names": {"en": p["city"]}},
                "location": {"latitude": p["lat"], "longitude": p["lon"]},
            },
        )
    paths = (root / "GeoLite2-ASN.mmdb", root / "GeoLite2-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths


def threat_list(root: Path) -> Path:
    path = root / "threat.txt"
    _atomic(path, ("\n".join(org.THREAT) + "\n").encode())
    return path
