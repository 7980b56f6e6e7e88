"""The trail in S3 layout (one file per account, region and half-hour of delivery, named and
dated at delivery), the GeoIP databases covering exactly the networks used, the threat list and
the truth, each written to a temporary name and renamed."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import ipaddress
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout29 import _org as o

FIELDS = (
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
INTERVAL = 30  # minutes


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_files(
    out: Path, records: list[dict[str, Any]], rows: list[dict[str, str]], seed: int
) -> tuple[int, int]:
    rng = random.Random(seed * 31 + 7)
    groups: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        slot = t.replace(minute=t.minute - t.minute % INTERVAL, second=0)
        groups[(rec["recipientAccountId"], rec["awsRegion"], slot)].append(rec)
    files = 0
    for (account, region, slot), recs in sorted(groups.items()):
        recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        delivered = slot + dt.timedelta(
            minutes=INTERVAL + rng.randint(2, 11), seconds=rng.randint(0, 59)
        )
        name = (
            f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_"
            f"{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(16))}.json.gz"
        )
        path = out / "AWSLogs" / account / "CloudTrail" / region / f"{delivered:%Y/%m/%d}" / name
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(path, gzip.compress(body, compresslevel=6, mtime=0))
        files += 1
    _truth(out / "truth.csv", rows)
    _atomic(out / "threat.txt", ("\n".join(o.THREAT) + "\n").encode())
    write_geo(out / "geo")
    return len(records), files


def _truth(path: Path, rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]))):
        writer.writerow(r)
    _atomic(path, buf.getvalue().encode())


def networks() -> list[tuple[str, int, str, str, str, float, float]]:
    """Every network the trail draws an address from, with what the .mmdb files say of it."""
    out = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in o.NETS.values()]
    out += [(cidr, *geo) for cidr, geo in o.AWS_GEO.items()]
    return out


def write_geo(where: Path) -> None:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", description="Frostvik suite ASN")
    city = MMDBWriter(4, "GeoLite2-City", description="Frostvik suite City")
    for cidr, number, org, country, name, lat, lon in networks():
        ipaddress.ip_network(cidr)
        asn.insert_network(
            IPSet([cidr]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": name}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    where.mkdir(parents=True, exist_ok=True)
    for writer, name in ((asn, "Frostvik-ASN.mmdb"), (city, "Frostvik-City.mmdb")):
        tmp = where / (name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, where / name)
