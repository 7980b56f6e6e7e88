"""The twenty-sixth held-out suite: Skellig Cloudworks, a managed service provider in Galway and
Kraków running its customers' AWS accounts, written without reading how ``ueba`` detects.

``python -m benchmarks.heldout26 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``
writes ``OUT/AWSLogs/...`` (CloudTrail's S3 layout, one file per account, region and delivery
interval, timed at delivery), ``OUT/truth.csv``, ``OUT/threat.txt`` and GeoIP databases
``OUT/geo-asn.mmdb`` / ``OUT/geo-city.mmdb`` covering every address the trail uses. The
organisation is in ``org``, its ordinary days in ``background``, the scored incidents in
``incidents`` and ``benign``. Nothing here imports ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import ipaddress
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout26 import background, incidents, workloads
from benchmarks.heldout26 import org as o
from benchmarks.heldout26.records import Trail
from benchmarks.heldout26.truth import COLUMNS, slots

END = dt.date(2026, 12, 5)  # the scored week: Tuesday 1 to Saturday 5 December 2026
THEFT = "A8"  # the onboarded customer's instance credentials stolen on its first day
INTERVAL = {o.HOME: 15, o.CENTRAL: 15, o.GLOBAL: 30}  # minutes between deliveries


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
    events: int
    files: int
    accounts: list[str]
    new_account: tuple[dt.date, str]
    offboarded: str


def generate(
    out: str | os.PathLike[str],
    *,
    seed: int = 1,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
) -> Written:
    if not 1 <= scored_days < days:
        raise ValueError("scored_days must be at least 1 and fewer than days")
    rng = random.Random(seed)
    root = Path(out)
    start = END - dt.timedelta(days=days - 1)
    scored = list(range(days - scored_days, days))
    new_day = slots(scored)[1]
    org = background.build(
        rng, start, max(3, round(10 * scale)), max(4, round(10 * scale)), new_day
    )
    incidents.plan(org, scored)
    trail = Trail(rng)
    for i in range(days):
        workloads.day(trail, org, i)
    rows = incidents.inject(trail, org, scored)
    files = _write_trail(trail, root / "AWSLogs", random.Random(seed * 7919 + 1))
    truth = root / "truth.csv"
    _atomic(truth, _csv(rows))
    threat = root / "threat.txt"
    _atomic(threat, "\n".join(o.THREAT_NETWORKS) + "\n")
    asn_db, city_db = root / "geo-asn.mmdb", root / "geo-city.mmdb"
    _write_geo(sorted(trail.ips), asn_db, city_db)
    new = next(c for c in org.customers if c.joins > 0)
    gone = org.changes["offboarded"]
    accounts = sorted({a for a, _, _ in trail.records})
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=[org.date(i) for i in range(days)],
        scored=[org.date(i) for i in scored],
        events=len(trail.records),
        files=files,
        accounts=accounts,
        new_account=(org.date(new.joins), new.account),
        offboarded=gone.account,
    )


def _atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode() if isinstance(text, str) else text)
    tmp.replace(path)


def _csv(rows: list[dict[str, Any]]) -> str:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _write_trail(trail: Trail, root: Path, rng: random.Random) -> int:
    """Each account's records in files per region and delivery interval, named and placed by
    the time of delivery (a few minutes after the interval closes)."""
    groups: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for account, region, rec in trail.records:
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        step = INTERVAL[region]
        closes = t.replace(minute=t.minute - t.minute % step, second=0) + dt.timedelta(minutes=step)
        groups[(account, region, closes)].append(rec)
    for (account, region, closes), recs in sorted(groups.items()):
        delivered = closes + dt.timedelta(seconds=rng.randint(60, 660))
        recs.sort(key=lambda r: r["eventTime"])
        name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(16))}.json.gz"
        path = (
            root
            / account
            / "CloudTrail"
            / region
            / f"{delivered:%Y}"
            / f"{delivered:%m}"
            / f"{delivered:%d}"
            / name
        )
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(path, _gz.compress(body))
    return len(groups)


def place(ip: str) -> tuple[int, str, str, str, float, float]:
    """(asn, as_org, country, city, latitude, longitude) of an address the trail uses."""
    addr = ipaddress.ip_address(ip)
    for asn, org_name, country, city, lat, lon, net in o.NETWORKS.values():
        if addr in ipaddress.ip_network(net):
            return asn, org_name, country, city, lat, lon
    for region, nets in o.AWS_EC2.items():
        if any(addr in ipaddress.ip_network(n) for n in nets):
            country, city, lat, lon = o.AWS_CITY[region]
            return o.AMAZON[0], o.AMAZON[1], country, city, lat, lon
    raise ValueError(f"{ip} is in none of the organisation's networks")


def _write_geo(ips: list[str], asn_db: Path, city_db: Path) -> None:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout26 ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout26 City")
    for ip in ips:
        number, name, country, town, lat, lon = place(ip)
        where = IPSet([f"{ip}/32"])
        asn.insert_network(
            where, {"autonomous_system_number": number, "autonomous_system_organization": name}
        )
        city.insert_network(
            where,
            {
                "city": {"names": {"en": town}},
                "country": {"iso_code": country, "names": {"en": country}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    for writer, path in ((asn, asn_db), (city, city_db)):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)


__all__ = ["THEFT", "Written", "generate", "place"]
