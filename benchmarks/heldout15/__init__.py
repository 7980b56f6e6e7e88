"""The fifteenth held-out suite: Corvid Digital Custody, a digital-asset custodian and exchange
(Singapore ``ap-southeast-1`` and Frankfurt ``eu-central-1``), written without reading the
rules. ``python -m benchmarks.heldout15 OUT --seed N`` writes an S3-layout CloudTrail (each
account's own trail in five-minute delivery files), ``truth.csv``, ``threat.txt`` and
``geo/heldout15-{ASN,City}.mmdb``. Nothing here imports ``ueba``."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import _gz
from benchmarks.heldout15 import _actors as a
from benchmarks.heldout15 import _callers, _changes, _intrusions, _people, _reviews
from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._net import write_geo
from benchmarks.heldout15._records import iam_user

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
    """What ``generate`` wrote and what a runner needs to grade it."""

    out: Path
    events: int
    files: int
    accounts: tuple[str, ...]
    days: list[dt.date]
    scored: list[dt.date]
    new_account: tuple[dt.date, str]
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path


def rng_for(seed: int, tag: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(tag.encode())])


def developer_day(org: a.Org, day: dt.date) -> None:
    """marek.novak, a quant developer in Lisbon, runs Athena queries with his IAM user key."""
    if day.weekday() >= 5 or org.rng.random() < 0.3:
        return
    person = o.Person("marek.novak", "pt", 0, (), (), 0)
    who = iam_user(o.DATA, "marek.novak", org.user_id("marek.novak"), org.dev_key)
    t = o.Clock.at(day, float(org.rng.uniform(9, 16)))
    org.calls(
        who,
        t,
        t + 5400,
        int(org.rng.integers(8, 30)),
        (*((x, 1.0) for x in o.ANALYST), ("s3:ListBuckets", 0.2)),
        account=o.DATA,
        region=o.SG,
        ip=_people.home(org, person, day),
        ua=o.CLI_LINUX,
        errors=0.02,
    )


def background(org: a.Org, clock: o.Clock, ch: _changes.Changes) -> None:
    """Every day of every everyday actor, with the scored days' differences from ``ch``."""
    for day in clock.days:
        staking = day >= ch.new_account
        workloads = o.WORKLOADS + (o.STAKING_WORKLOADS if staking else ())
        for w in workloads:
            a.workload_day(
                org,
                w,
                day,
                mult=ch.mult(w, day),
                ua=ch.ua(w),
                start=1.0 if w.account == o.STAKING and day == ch.new_account else 0.0,
            )
        for account in o.ACCOUNTS + ((o.STAKING,) if staking else ()):
            a.config_day(org, account, o.FRA if account == o.STAKING else o.SG, day)
        for person in o.PEOPLE:
            ch.person(org, person, day)
        _callers.partner_day(org, day)
        _callers.github_day(org, day)
        _callers.terraform_day(
            org, day, o.ACCOUNTS + ((o.STAKING,) if staking and day > ch.new_account else ())
        )
        developer_day(org, day)
        if (day - clock.days[0]).days % 9 == 4 and day < clock.scored[
            0
        ]:  # the auditor's monthly check-ins
            _reviews.auditor(org, day, calls=6, hours=1.0, t_start=2.0)


def generate(
    out: str | Path, *, seed: int = 1, days: int = 24, scale: float = 1.0, scored: int = 5
) -> Written:
    """Write the organisation's trail, truth, threat list and GeoIP databases under ``out``."""
    out = Path(out)
    clock = o.Clock.of(days, scored)
    from benchmarks.heldout15._records import Trail

    trail = Trail(rng_for(seed, "ids"))
    org = a.Org(trail, rng_for(seed, "org"), scale)
    org.dev_key = trail.key("AKIA")
    org.threat_ip = org.addr.net("m247")
    ch = _changes.Changes(clock)
    background(org, clock, ch)
    rows = _changes.apply(org, ch) + _reviews.apply(org, ch, clock) + _intrusions.apply(org, ch)
    files, events = write_trail(trail.records, out, clock, ch.new_account)
    truth = out / "truth.csv"
    write_csv(truth, rows)
    threat = out / "threat.txt"
    threat.write_text(org.threat_ip + "\n" + org.addr.net("m247") + "\n")
    asn_db, city_db = write_geo(out / "geo", org.addr.prefixes)
    accounts = (*o.ACCOUNTS, o.STAKING)
    return Written(
        out,
        events,
        files,
        accounts,
        clock.days,
        clock.scored,
        (ch.new_account, o.STAKING),
        truth,
        threat,
        asn_db,
        city_db,
    )


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def write_trail(
    records: list[dict[str, Any]], out: Path, clock: o.Clock, joined: dt.date
) -> tuple[int, int]:
    """Each account's trail, one file per account, region and five minutes with events; events
    after the last day (a session running past midnight) and the new account's before it joined
    are not written. Returns (files, events)."""
    first = clock.days[0].isoformat()
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        t = rec["eventTime"]
        if t[:10] < first or t[:10] > clock.days[-1].isoformat():
            continue
        if rec["recipientAccountId"] == o.STAKING and t[:10] < joined.isoformat():
            continue
        bucket = t[:14] + f"{int(t[14:16]) // 5 * 5:02d}"
        groups[(rec["recipientAccountId"], rec["awsRegion"], bucket)].append(rec)
    rng = np.random.default_rng(len(records))
    for (account, region, bucket), recs in sorted(groups.items()):
        recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        stamp = bucket.replace("-", "").replace(":", "") + "Z"
        folder = (
            out
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / bucket[:4]
            / bucket[5:7]
            / bucket[8:10]
        )
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{stamp}_{''.join('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[i] for i in rng.integers(0, 36, 16))}.json.gz"
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        with (
            tmp.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as gz,
        ):
            gz.write(body)
        tmp.replace(folder / name)
    return len(groups), sum(len(recs) for recs in groups.values())
