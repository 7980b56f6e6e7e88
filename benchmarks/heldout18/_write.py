"""Generate one seed: the plan of dates, the trail, the incidents, and the files on disk (S3
delivery layout, truth, threat list, GeoIP databases), each written to a temporary name first."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._attacks import attacks
from benchmarks.heldout18._background import Trail
from benchmarks.heldout18._benign import benign
from benchmarks.heldout18._net import NETS, THREAT_NET, write_mmdb
from benchmarks.heldout18._people import person_day
from benchmarks.heldout18._platform import backup_night, deploys_day, services_day, soc_day
from benchmarks.heldout18._record import ident

END = dt.date(2026, 11, 6)  # a Friday; the autumn holiday week is 26-30 October
HOLIDAY = (dt.date(2026, 10, 26), dt.date(2026, 10, 30))
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


@dataclass(frozen=True)
class Written:
    """What ``generate`` wrote, and what the runner needs of it."""

    out: Path
    seed: int
    events: int
    files: int
    accounts: list[str]
    days: list[dt.date]
    scored: list[dt.date]
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    new_account: str
    new_account_day: dt.date


def make_plan(days: int, scored_days: int) -> org.Plan:
    if scored_days < 5 or days < scored_days + 3:
        raise ValueError("the suite needs at least 5 scored days and 3 days of history before them")
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    s = days - scored_days
    where = {d: i for i, d in enumerate(dates)}
    holiday = tuple(where.get(d, -1) for d in HOLIDAY)
    return org.Plan(
        days=dates,
        scored_from=s,
        holiday=(max(holiday[0], 0), holiday[1]),
        quarter_close=(s + 1, s + 3),
        isp_move=s + 2,
        soc_new_range=s + 1,
        textract_feature=s + 1,
        dr_test=s + 3,
    )


def build_trail(seed: int, plan: org.Plan, scale: float) -> tuple[Trail, list[dict[str, Any]]]:
    trail = Trail(seed, plan, scale)
    for di in range(len(plan.days)):
        for w in org.WORKLOADS:
            trail.workload_day(w, di)
        for p in org.PEOPLE:
            person_day(trail, p, di)
        soc_day(trail, di)
        services_day(trail, di)
        backup_night(trail, di)
        deploys_day(trail, di)
    truth = benign(trail) + attacks(trail)
    return trail, truth


def write_files(records: list[dict[str, Any]], out: Path, seed: int, minutes: int = 5) -> int:
    """Delivery files every ``minutes`` per account and region, records in time order."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        t = r["eventTime"]
        bucket = f"{t[:4]}{t[5:7]}{t[8:10]}T{t[11:13]}{int(t[14:16]) // minutes * minutes:02d}Z"
        groups[(r["recipientAccountId"], r["awsRegion"], bucket)].append(r)
    made: set[str] = set()
    for (account, region, bucket), rows in sorted(groups.items()):
        rows.sort(key=lambda r: r["eventTime"])
        folder = os.path.join(
            out, "AWSLogs", account, "CloudTrail", region, bucket[:4], bucket[4:6], bucket[6:8]
        )
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        name = f"{account}_CloudTrail_{region}_{bucket}_{ident('file', seed, account, region, bucket)}.json.gz"
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as handle:
            handle.write(json.dumps({"Records": rows}, separators=(",", ":")).encode())
        atomic(os.path.join(folder, name), buffer.getvalue())
    return len(groups)


def atomic(path: Path | str, data: bytes) -> None:
    tmp = f"{path}.part"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def write_truth(rows: list[dict[str, Any]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: (r["label"], int(r["id"][1:]))))
    atomic(path, buffer.getvalue().encode())


def generate(
    out: Path | str,
    *,
    seed: int = 1,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    delivery_minutes: int = 5,
) -> Written:
    """Write one seed of the suite into ``out`` (module docstring of ``benchmarks.heldout18``);
    ``delivery_minutes`` (a divisor of 60) packs the same records into fewer files, for CI."""
    if delivery_minutes not in (5, 10, 15, 20, 30, 60):
        raise ValueError("delivery_minutes must divide an hour into whole files (5 to 60)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    plan = make_plan(days, scored_days)
    trail, truth = build_trail(seed, plan, scale)
    files = write_files(trail.records, out, seed, delivery_minutes)
    write_truth(truth, out / "truth.csv")
    threat = out / "threat.txt"
    atomic(threat, (NETS[THREAT_NET].cidr + "\n").encode())
    asn_db, city_db = write_mmdb(out / "geo", trail.aws.used)
    return Written(
        out=out,
        seed=seed,
        events=len(trail.records),
        files=files,
        accounts=sorted({r["recipientAccountId"] for r in trail.records}),
        days=plan.days,
        scored=plan.days[plan.scored_from :],
        truth=out / "truth.csv",
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        new_account=org.ACCOUNTS[org.NEW_ACCOUNT],
        new_account_day=plan.days[plan.scored_from],
    )
