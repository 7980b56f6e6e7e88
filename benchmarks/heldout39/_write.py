"""The generated trail on disk: CloudTrail's S3 layout (one gzip file per account, region and
five-minute delivery interval, named and dated by its delivery), the GeoIP databases covering
exactly the addresses used, and the threat list. Every file is written to a temporary name and
renamed."""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout39 import _org as org

DELIVERY = 5  # minutes


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def trail(
    root: Path, records: list[tuple[str, str, dt.datetime, dict[str, Any]]], seed: int
) -> tuple[int, int]:
    """(events, files) written under ``root/AWSLogs``."""
    files: dict[tuple[str, str, dt.datetime], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for account, region, delivered, record in records:
        minute = delivered.minute - delivered.minute % DELIVERY
        stamp = delivered.replace(minute=minute, second=0) + dt.timedelta(minutes=DELIVERY)
        files[(account, region, stamp)].append((record["eventTime"], record))
    rng = random.Random(seed * 65537 + 11)
    for (account, region, stamp), rows in sorted(files.items()):
        rows.sort(key=lambda r: r[0])
        ident = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16))
        name = f"{account}_CloudTrail_{region}_{stamp:%Y%m%dT%H%MZ}_{ident}.json.gz"
        path = root / "AWSLogs" / account / "CloudTrail" / region / f"{stamp:%Y/%m/%d}" / name
        body = json.dumps({"Records": [r for _, r in rows]}, separators=(",", ":")).encode()
        _atomic(path, gzip.compress(body, compresslevel=1, mtime=0))
    return len(records), len(files)


def geo(root: Path, used: dict[str, tuple[int, str, str, str, float, float]]) -> tuple[Path, Path]:
    """GeoLite2-style ASN and City databases with one /32 per address used."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout39 stand-in for GeoLite2-ASN")
    city = MMDBWriter(
        4, "GeoLite2-City", languages=["en"], description="heldout39 stand-in for GeoLite2-City"
    )
    for address in sorted(used, key=lambda a: int(ipaddress.ip_address(a))):
        number, organisation, country, town, lat, lon = used[address]
        asn.insert_network(
            IPSet([f"{address}/32"]),
            {"autonomous_system_number": number, "autonomous_system_organization": organisation},
        )
        city.insert_network(
            IPSet([f"{address}/32"]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    out = root / "geo"
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "heldout39-ASN.mmdb", out / "heldout39-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths


def threat(root: Path) -> Path:
    """The threat list Fjordlaks' SOC subscribes to: Tor exits and the hosting ranges of a
    scanner campaign seen in the sector (not every attacker's address is on it)."""
    lines = [
        "45.61.191.0/24",
        "61.166.152.0/22",
    ]  # Tor exits (FranTech); a key-scanning campaign (Chinanet)
    path = root / "threat.txt"
    _atomic(path, ("\n".join(lines) + "\n").encode())
    return path


__all__ = ["geo", "org", "threat", "trail"]
