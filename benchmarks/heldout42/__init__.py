"""The forty-second held-out suite: Sendero Boletos, a live-event ticketing platform in Mexico
City, written without reading how ``ueba`` detects anything. ``write(out, seed)`` writes its
CloudTrail in S3 layout (``out/trail/AWSLogs``), ``truth.csv``, the threat list and the two GeoIP
test databases; seeded and byte-for-byte reproducible (the databases aside, whose writer stamps
its build time). Imports nothing from ``ueba``.

    python -m benchmarks.heldout42 OUT --seed 1

The organisation and its incidents: ``benchmarks/results/heldout42.md``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

from . import _attacks, _benign
from . import _org as o
from ._net import THREAT, write_geoip
from ._normal import Normal
from ._trail import Trail, deliver, iso

END = dt.date(2026, 11, 22)  # a Sunday; the scored days run Wednesday to Sunday
COLUMNS = (
    "id",
    "label",
    "name",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "event_ids",
    "start",
    "end",
    "expected_min_severity",
    "expected_max_severity",
)


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    accounts: tuple[str, ...]
    events: int
    files: int
    new_account: tuple[dt.date, str]


def write(
    out: Path | str, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Generate the suite for ``seed`` into ``out``; the last ``scored_days`` of ``days`` carry
    the incidents (five slots; with fewer scored days the later slots fold onto the last)."""
    out = Path(out)
    if days < 2 or not 1 <= scored_days < days:
        raise ValueError(f"days={days}, scored_days={scored_days}: need 1 <= scored_days < days")
    all_days = tuple(END - dt.timedelta(days=days - 1 - i) for i in range(days))
    scored = all_days[-scored_days:]

    def slot(index: int, hour: int, minute: int) -> dt.datetime:
        day = scored[min(index, len(scored) - 1)]
        return dt.datetime.combine(day, dt.time(hour, minute))

    end = dt.datetime.combine(scored[-1], dt.time(23, 59, 59))
    trail = Trail(seed)
    normal = Normal(trail, seed, scale, _benign.changes(slot))
    normal.replacements = [
        f"i-0{random.Random(f'heldout42:{seed}:asg').getrandbits(64):016x}" for _ in range(2)
    ]
    benign = _benign.inject(normal, slot, end)  # before the days: it sets the replacements
    for day in all_days:
        normal.day(day)
    attacks = _attacks.inject(normal, slot)
    # nothing after the last day's end is delivered as part of the trail
    trail.records = [(d, r) for d, r in trail.records if r["eventTime"] <= iso(end)]

    out.mkdir(parents=True, exist_ok=True)
    root = out / "trail"
    files = deliver(trail.records, root, random.Random(f"heldout42:{seed}:files"))
    truth = out / "truth.csv"
    _write_truth(truth, attacks, benign, trail)
    threat = out / "threat.txt"
    threat.write_text("\n".join(THREAT) + "\n")
    asn_db, city_db = out / "asn.mmdb", out / "city.mmdb"
    write_geoip(asn_db, city_db)
    accounts = tuple(sorted({r["recipientAccountId"] for _, r in trail.records}))
    return Written(
        trail=root,
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=all_days,
        scored=scored,
        accounts=accounts,
        events=len(trail.records),
        files=files,
        new_account=(slot(2, 0, 0).date(), o.FEST),
    )


def _write_truth(
    path: Path, attacks: list[_attacks.Row], benign: list[_benign.BRow], trail: Trail
) -> None:
    keys = {row.key for row in attacks}
    times: dict[tuple[str, str], list[str]] = {}
    by_id: dict[str, str] = {}
    for _, r in trail.records:
        key = r["userIdentity"].get("accessKeyId")
        if key in keys:
            times.setdefault((key, r["sourceIPAddress"]), []).append(r["eventTime"])
        by_id[r["eventID"]] = r["eventTime"]
    lines = []
    for row in attacks:
        used = [when for ip in row.ips for when in times.get((row.key, ip), [])]
        named = [by_id[e] for e in row.events if e in by_id]
        assert used, row.id
        lines.append({
            "id": row.id, "label": "attack", "name": row.name, "access_key_id": row.key,
            "principal_arn": row.principal, "source_ip": " ".join(row.ips),
            "event_ids": " ".join(e for e in row.events if e in by_id),
            "start": min(used + named), "end": max(used), "expected_min_severity": row.severity,
            "expected_max_severity": "",
        })  # fmt: skip
    for b in benign:
        lines.append({
            "id": b.id, "label": "benign", "name": b.name, "access_key_id": "", "principal_arn": b.principal,
            "source_ip": " ".join(b.ips), "event_ids": "", "start": iso(b.start), "end": iso(b.end),
            "expected_min_severity": "", "expected_max_severity": b.severity,
        })  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue())
    tmp.replace(path)
