"""Write a generated organisation to disk: CloudTrail's S3 layout in five-minute delivery files,
``truth.csv`` and MaxMind-format ``.mmdb`` stand-ins for GeoLite2 covering the suite's
networks. Every file goes to a temporary name first and is renamed when complete."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout10._net import NETS

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
BUILD_EPOCH = 1793491200  # 2026-11-01T00:00:00Z
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_trail(records: list[dict[str, Any]], out: Path) -> int:
    """``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>
    .json.gz``: one file per account, region and five minutes of events, delivered a few minutes
    after the window closes (the folder is the delivery date). Returns the number of files."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        groups[(rec["recipientAccountId"], rec["awsRegion"], int(t.timestamp()) // 300)].append(rec)
    for (account, region, slot), recs in sorted(groups.items()):
        digest = hashlib.sha256(f"{account}{region}{slot}".encode()).digest()
        delay = 120 + digest[0] * 2  # 2 to 10 minutes after the window closes
        delivered = dt.datetime.fromtimestamp((slot + 1) * 300 + delay, dt.UTC)
        name = "".join(_ALNUM[b % len(_ALNUM)] for b in digest[1:17])
        path = (
            out
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / f"{delivered:%Y/%m/%d}"
            / f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{name}.json.gz"
        )
        recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        buf = io.BytesIO()
        # gzip level 1 as benchmarks/_gz.py has it (not imported: this suite's code imports nothing
        # from benchmarks outside its own package)
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=1) as gz:
            gz.write(body)
        _atomic(path, buf.getvalue())
    return len(groups)


def write_truth(rows: list[dict[str, Any]], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in TRUTH_COLUMNS})
    _atomic(path, buf.getvalue().encode())


def write_mmdb(geo: Path) -> tuple[Path, Path]:
    """``geo/heldout10-ASN.mmdb`` and ``geo/heldout10-City.mmdb`` for exactly the suite's
    networks (the MaxMind test databases cover too few networks to give a rule data)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    class Writer(MMDBWriter):  # type: ignore[misc]
        """The build time fixed (the suite's last day), so the same suite is the same bytes."""

        def _build_meta(self) -> dict[str, Any]:
            meta: dict[str, Any] = super()._build_meta()
            meta["build_epoch"] = BUILD_EPOCH
            return meta

    asn_db = Writer(4, "GeoLite2-ASN", description="ueba heldout10 networks (test data)")
    city_db = Writer(4, "GeoLite2-City", description="ueba heldout10 networks (test data)")
    for net in NETS.values():
        block = IPSet([net.cidr])
        asn_db.insert_network(
            block, {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org}
        )
        city_db.insert_network(
            block,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    paths = (geo / "heldout10-ASN.mmdb", geo / "heldout10-City.mmdb")
    geo.mkdir(parents=True, exist_ok=True)
    for db, path in zip((asn_db, city_db), paths, strict=True):
        tmp = path.with_name(f".{path.name}.tmp")
        db.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths
