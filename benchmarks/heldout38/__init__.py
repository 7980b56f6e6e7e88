"""The thirty-eighth held-out suite: Cedarline Pharmacy, an online pharmacy and telehealth
service in Canada, written without reading ueba's rules (``benchmarks/results/heldout38.md``).

``python -m benchmarks.heldout38 OUT --seed 1`` writes ``OUT/trail`` (CloudTrail in S3 layout),
``OUT/truth.csv``, ``OUT/geo/{asn,city}.mmdb`` (exactly the addresses used) and
``OUT/threat.txt`` (the threat-intelligence networks the organisation subscribes to). The
generator imports nothing from ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout38 import attacks as a
from benchmarks.heldout38 import changes as b
from benchmarks.heldout38 import changes_late as b_late
from benchmarks.heldout38 import org as o
from benchmarks.heldout38 import thefts as t
from benchmarks.heldout38.machinery import config, datadog, loader, pricing
from benchmarks.heldout38.partners import edi, insurer
from benchmarks.heldout38.people import analysts, clerk, deploys, platform
from benchmarks.heldout38.pharmacy import World, prescriptions, qc_account
from benchmarks.heldout38.plan import Plan
from benchmarks.heldout38.records import Trail

ATTACKS: tuple[Callable[[World], None], ...] = (
    a.a1_ses,
    a.a2_llmjacking,
    a.a3_backdoor,
    a.a4_persistence,
    a.a5_scans,
    t.a6_courier,
)
ATTACKS += (t.a7_console, t.a8_recon, t.a9_coldstart, t.a10_hijack, t.a11_lambda)
CHANGES: tuple[Callable[[World], None], ...] = (b.b2_quebec, b.b4_ses_domain, b.b5_auditor)
CHANGES += (b_late.b10_rotation, b_late.b11_backfill, b_late.b12_replace, b_late.rows)
ACCOUNTS = (o.MGMT, o.PROD, o.DATA, o.QC)
THEFT = "A9"  # the cold-start theft: the new account's instance on its first day
THREAT = ("185.220.101.0/24", "45.155.205.0/24", "194.26.29.0/24", "91.92.109.0/24")
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
BACKGROUND = (
    prescriptions,
    qc_account,
    b.qc_instance,
    insurer,
    edi,
    platform,
    analysts,
    loader,
    clerk,
    deploys,
    datadog,
    config,
    pricing,
)


@dataclass(frozen=True)
class Written:
    """What one seed wrote, and what the runner needs of it."""

    root: Path
    trail: Path
    truth: Path
    asn_db: Path
    city_db: Path
    threat: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def generate(
    out: Path | str, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write one seed's organisation into ``out``."""
    out = Path(out)
    rng = random.Random(f"heldout38-{seed}")
    plan = Plan.make(days, scored_days)
    org, net = o.build(rng, scale)
    w = World(Trail(rng, org), net, plan)
    for day in plan.days:
        for step in BACKGROUND:
            step(w, day)
    for attack in ATTACKS:
        attack(w)
    for change in CHANGES:
        change(w)
    files = deliver(w.tr.records, out / "trail", rng)
    truth = out / "truth.csv"
    write_atomic(truth, truth_text(w.truth))
    asn_db, city_db = geo(org.geo, out / "geo")
    threat = out / "threat.txt"
    write_atomic(threat, "\n".join(THREAT) + "\n")
    return Written(
        out,
        out / "trail",
        truth,
        asn_db,
        city_db,
        threat,
        plan.days,
        plan.scored,
        ACCOUNTS,
        (plan.slot(2), o.QC),
        len(w.tr.records),
        files,
    )


def truth_text(rows: list[dict[str, str]]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]))))
    return buffer.getvalue()


def write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


def deliver(records: list[dict[str, Any]], root: Path, rng: random.Random) -> int:
    """One gzipped file per account, region and five-minute delivery interval, named and dated
    at delivery (a few minutes after the interval; about 1% of records one file late)."""
    files: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        t = dt.datetime.fromisoformat(r["eventTime"])  # ...Z: UTC
        slot = int(t.timestamp()) // 300 + (1 if rng.random() < 0.01 else 0)
        files[(r["recipientAccountId"], r["awsRegion"], slot)].append(r)
    for (account, region, slot), batch in sorted(files.items()):
        delivered = dt.datetime.fromtimestamp((slot + 1) * 300 + rng.randrange(60, 300), dt.UTC)
        name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{rng.getrandbits(64):016x}.json.gz"
        path = root / "AWSLogs" / account / "CloudTrail" / region / f"{delivered:%Y/%m/%d}" / name
        batch.sort(key=lambda r: r["eventTime"])
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        write_atomic(path, gzip.compress(body, mtime=0))
    return len(files)


def geo(where: dict[str, o.Geo], root: Path) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases covering exactly the addresses used."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout38 ASN", int_type="u32")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout38 City", int_type="u32")
    for address, (number, org, country, name, lat, lon) in sorted(where.items()):
        block = IPSet([f"{address}/32"])
        asn.insert_network(
            block, {"autonomous_system_number": number, "autonomous_system_organization": org}
        )
        city.insert_network(
            block,
            {
                "city": {"names": {"en": name}},
                "country": {"iso_code": country, "names": {"en": country}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    root.mkdir(parents=True, exist_ok=True)
    paths = root / "asn.mmdb", root / "city.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths
