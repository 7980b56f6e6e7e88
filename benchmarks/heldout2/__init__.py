"""A second held-out scenario suite: Quillsign, a serverless e-signature SaaS company.

Written from AWS's CloudTrail documentation, the seed documents and public incident reports,
without reading ueba's rules, models or the other generators; it imports nothing from ``ueba``
(a test checks). ``python -m benchmarks.heldout2 OUT --seed 1`` writes::

    OUT/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<id>.json.gz
    OUT/truth.csv        incidents (docs/evaluation.md), with expected_min/max_severity
    OUT/threat.txt       the threat feed, one address a line
    OUT/geo/heldout2-{ASN,City}.mmdb

The organisation, the benign changes and the attacks are in ``benchmarks/README.md``
("Second held-out suite").
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks import _gz
from benchmarks.heldout2._attacks import KEY_ATTACKS
from benchmarks.heldout2._attacks_control import CONTROL_ATTACKS
from benchmarks.heldout2._attacks_roles import ROLE_ATTACKS, sagemaker_outside, slow_recon
from benchmarks.heldout2._benign import SYSTEM_CHANGES, Row
from benchmarks.heldout2._benign_people import PEOPLE_CHANGES
from benchmarks.heldout2._net import AddressPlan
from benchmarks.heldout2._org import ACCOUNTS, Org
from benchmarks.heldout2._people import people_day
from benchmarks.heldout2._records import Call, Record, Trail
from benchmarks.heldout2._services import (
    cognito_users,
    data_pipeline,
    sagemaker_notebook,
    security_services,
)
from benchmarks.heldout2._workloads import deploys, lambdas, service_users, ssm_hosts

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
    """What ``generate`` wrote, and the calendar a runner needs."""

    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    accounts: tuple[str, ...]
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    joined: dt.date  # the day the partners account's trail starts
    events: int


def build(
    seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> tuple[Org, list[Row]]:
    """The organisation's records (``org.trail.records``) and truth rows, in memory."""
    if scored_days < 5:
        raise ValueError(
            f"scored_days={scored_days}: the incidents need 5 scored days (a Tuesday to a Saturday)"
        )
    if days < scored_days + 5:
        raise ValueError(
            f"days={days} leaves too little history before the {scored_days} scored days; give at least {scored_days + 5}"
        )
    org = Org(Trail(seed), AddressPlan(), days, scored_days, scale)
    truth: list[Row] = []
    notebook: dict[dt.date, list[tuple[Call, dt.datetime]]] = {}
    envs: dict[dt.date, list[tuple[str, Call, dt.datetime, dt.datetime]]] = {}
    for i in range(days):
        day = org.day(i)
        people_day(org, day)
        envs[day] = lambdas(org, day)
        ssm_hosts(org, day)
        deploys(org, day)
        data_pipeline(org, day)
        notebook[day] = sagemaker_notebook(org, day)
        cognito_users(org, day)
        security_services(org, day)
        service_users(org, day)
    for change in (*SYSTEM_CHANGES, *PEOPLE_CHANGES):
        truth += change(org)
    for attack in (*KEY_ATTACKS, *CONTROL_ATTACKS, *ROLE_ATTACKS):
        truth += attack(org)
    truth += sagemaker_outside(org, notebook[org.at["sagemaker_out"].date()])
    truth += slow_recon(org, envs[org.at["slow_recon"].date()])
    rng = org.trail.rng("threat")
    org.threat += [org.plan.ip("m247_ro", rng) for _ in range(6)]  # other proxies of the same feed
    return org, sorted(truth, key=lambda r: (r["label"], int(r["id"][1:]), r["start"]))


def write_trail(records: list[Record], out: Path, seed: int) -> int:
    """One gzipped ``{"Records": [...]}`` file per account, region and delivery (every 15
    minutes), dated by delivery, as CloudTrail writes to a per-account trail's bucket."""
    files: dict[tuple[str, str, str], list[Record]] = {}
    for rec in records:
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        due = t.replace(minute=t.minute // 15 * 15, second=0) + dt.timedelta(minutes=20)
        files.setdefault(
            (rec["recipientAccountId"], rec["awsRegion"], due.strftime("%Y%m%dT%H%MZ")), []
        ).append(rec)
    rng = random.Random(f"{seed}:files")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    for (account, region, stamp), batch in sorted(files.items()):
        folder = (
            out / "AWSLogs" / account / "CloudTrail" / region / stamp[:4] / stamp[4:6] / stamp[6:8]
        )
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{stamp}_{''.join(rng.choice(alphabet) for _ in range(16))}.json.gz"
        batch.sort(key=lambda r: r["eventTime"])
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        tmp = folder / (name + ".part")
        with (
            open(tmp, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as handle,
        ):
            handle.write(body)
        os.replace(tmp, folder / name)
    return len(records)


def write_truth(rows: list[Row], path: Path) -> Path:
    with open(path.with_suffix(".part"), "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(path.with_suffix(".part"), path)
    return path


def generate(
    out: str | os.PathLike[str],
    *,
    seed: int = 1,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
) -> Written:
    """Write the trail, truth, threat feed and GeoIP databases under ``out``."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    org, truth = build(seed, days=days, scale=scale, scored_days=scored_days)
    events = write_trail(org.trail.records, root, seed)
    threat = root / "threat.txt"
    threat.write_text("".join(f"{ip}\n" for ip in sorted(set(org.threat))))
    asn_db, city_db = org.plan.write_mmdb(root / "geo")
    return Written(
        root=root,
        trail=root / "AWSLogs",
        truth=write_truth(truth, root / "truth.csv"),
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        accounts=tuple(ACCOUNTS.values()),
        days=tuple(org.day(i) for i in range(days)),
        scored=tuple(org.scored),
        joined=org.at["join"].date(),
        events=events,
    )


__all__ = ["TRUTH_COLUMNS", "Written", "build", "generate", "write_trail", "write_truth"]
