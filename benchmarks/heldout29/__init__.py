"""The twenty-ninth held-out suite: Frostvik Hem AB, a Gothenburg smart-home device maker
(thermostats and locks on AWS IoT Core, a phone app on a Cognito identity pool), written
without reading the rules. ``write(out, seed=1)`` writes a seeded trail in S3 layout, GeoIP
databases, a threat list and ``truth.csv``; ``python -m benchmarks.heldout29 OUT --seed 1``.

It imports nothing from ``ueba``: the CI module checks that with ``ast``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout29 import _attacks, _attacks_late, _benign, _build, _fleet, _staff
from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._records import Trail
from benchmarks.heldout29._write import write_files

LAST_DAY = dt.date(2026, 12, 3)  # Thursday: scored Sunday 29 November .. Thursday 3 December


@dataclass(frozen=True)
class Written:
    root: Path
    trail: Path  # the AWSLogs directory
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


def background(
    tr: Trail, fl: _fleet.Fleet, day: dt.date, scale: float, *, datadog: bool = True
) -> None:
    _fleet.phones(tr, fl, day)
    _fleet.lambdas(tr, fl, day)
    _fleet.provisioning(tr, fl, day, scale)
    _build.factory(tr, fl, day, scale)
    _build.ota_downloads(tr, fl, day, max(2, int(12 * scale)))
    _build.codebuild(tr, fl, day)
    _staff.people(tr, day)
    _staff.terraform(tr, day, fl)
    if datadog:
        _staff.datadog(tr, day, fl)
    _staff.superset(tr, day, fl)
    _staff.glue_crawler(tr, day)
    _staff.config_recorder(tr, day, (o.MGMT, o.PROD, o.BUILD, o.DATA))


def write(
    out: str | Path,
    seed: int = 1,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    last_day: dt.date = LAST_DAY,
) -> Written:
    out = Path(out)
    tr = Trail(seed)
    fl = _fleet.make_fleet(tr, scale)
    all_days = [last_day - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    at_slot = {s: _attacks.day_of(scored, s) for s in range(5)}
    joined = at_slot[_attacks_late.NEW_ACCOUNT_SLOT]
    rows: list[dict[str, str]] = []
    for day in all_days:
        if day == all_days[0]:  # the first day: nothing but the organisation's own work
            background(tr, fl, day, scale)
            continue
        here = [s for s, d in at_slot.items() if d == day]
        if 0 in here:
            rows += _benign.b1_app_release(tr, fl, day, scored[-1])
        if 2 in here:
            rows += _benign.b4_codebuild_image(tr, fl, day)
        if 4 in here:
            rows += _benign.b10_superset_replaced(tr, fl, day)
        background(tr, fl, day, scale, datadog=0 not in here)
        if day >= joined:
            _staff.config_recorder(tr, day, (o.US,))
        for s in here:
            rows += _slot(tr, fl, day, s, scale)
    accounts = (o.MGMT, o.PROD, o.BUILD, o.DATA, o.US)
    events, files = write_files(out, tr.records, rows, seed)
    return Written(
        root=out,
        trail=out / "AWSLogs",
        truth=out / "truth.csv",
        asn_db=out / "geo" / "Frostvik-ASN.mmdb",
        city_db=out / "geo" / "Frostvik-City.mmdb",
        threat=out / "threat.txt",
        days=all_days,
        scored=scored,
        accounts=accounts,
        new_account=(joined, o.US),
        events=events,
        files=files,
    )


def _slot(
    tr: Trail, fl: _fleet.Fleet, day: dt.date, slot: int, scale: float
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    benign = {
        0: (lambda: _benign.b11_datadog_iot(tr, fl, day),),
        1: (
            lambda: _benign.b7_account_joins(tr, fl, day),
            lambda: _benign.b2_firmware_rollout(tr, fl, day),
            lambda: _benign.b3_us_region(tr, fl, day),
        ),
        2: (lambda: _benign.b6_contractor_laptop(tr, fl, day),),
        3: (
            lambda: _benign.b5_load_test(tr, fl, day, scale),
            lambda: _benign.b8_oncall_hotel(tr, fl, day),
        ),
        4: (lambda: _benign.b9_month_end(tr, fl, day),),
    }
    for make in benign[slot]:
        before = len(tr.records)
        made = make()
        rows += made + _keyless(tr.records[before:], made)
    for attack, where in _attacks_late.ATTACKS:
        if where == slot:
            before = len(tr.records)
            made = attack(tr, fl, day)
            rows += made + _keyless(tr.records[before:], made)
    return rows


def _keyless(records: list[dict[str, Any]], made: list[dict[str, str]]) -> list[dict[str, str]]:
    """An incident's own calls that carry no access key (Cognito's unsigned GetId and
    GetCredentialsForIdentity, Identity Center's GetRoleCredentials, AssumeRoleWithWebIdentity,
    a cross-account AssumeRole), named by event ID in one more row of the incident: the key rows
    cannot reach them. The incident's addresses: its rows' (else those its keys were used from).
    An incident with a row of addresses alone already reaches them."""
    if any(r["source_ip"] and not r["access_key_id"] and not r["principal_arn"] for r in made):
        return []
    keys = {r["access_key_id"] for r in made if r["access_key_id"]}
    ips = {ip for r in made for ip in r["source_ip"].split()}
    if not ips:  # rows of keys alone: the addresses those keys were used from
        ips = {
            r["sourceIPAddress"] for r in records if r["userIdentity"].get("accessKeyId") in keys
        }
    mine = [
        r
        for r in records
        if r["sourceIPAddress"] in ips and not r["userIdentity"].get("accessKeyId")
    ]
    if not mine:
        return []
    first = made[0]
    times = sorted(dt.datetime.fromisoformat(r["eventTime"]) for r in mine)
    return [
        _attacks.row(
            first["id"],
            first["name"],
            first["label"],
            times[0],
            times[-1],
            severity=first["expected_min_severity"] or first["expected_max_severity"],
            events=tuple(r["eventID"] for r in mine),
        )
    ]
