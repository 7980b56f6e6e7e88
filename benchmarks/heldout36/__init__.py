"""The thirty-sixth held-out suite: Voltaro Charge, an electric-vehicle charging network,
written without reading how ``ueba`` detects anything (``benchmarks/results/heldout36.md``).

``python -m benchmarks.heldout36 OUT --seed 1`` writes ``OUT/trail/AWSLogs/...`` (CloudTrail as
delivered to S3), ``OUT/geo/*.mmdb``, ``OUT/threat.txt`` and ``OUT/truth.csv``: 24 days to
Saturday 5 December 2026, the last five scored, the incidents placed on five slots that fold
onto fewer scored days at CI scale. Imports nothing from ``ueba``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._attacks import Row, row
from benchmarks.heldout36._changes import (
    AWAY,
    b1_rollout,
    b3_roaming_role,
    b4_cold_snap,
    b5_ski,
    b6_redshift,
    b8_nat,
    b9_analysts,
    b11_rotation,
    end_of,
    schedule,
)
from benchmarks.heldout36._clients import factory, firmware, gitlab, powerbi, technicians
from benchmarks.heldout36._nordic import b2_nordic
from benchmarks.heldout36._partners import config_recorder, partners
from benchmarks.heldout36._people import finance, person_day
from benchmarks.heldout36._records import Trail
from benchmarks.heldout36._routine import (
    World,
    at,
    backend,
    lambdas,
    monitoring,
)
from benchmarks.heldout36._thefts import ATTACKS, a7_nordic_instance
from benchmarks.heldout36._write import write_geo, write_threat, write_trail, write_truth

END = dt.date(2026, 12, 5)
NEW_ACCOUNT = org.NORDIC
THEFT = "A7"  # the cold-start theft: the new account's instance credentials on its first day


@dataclass(frozen=True)
class Written:
    """What a generation wrote, and what the runner needs of it."""

    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    events: int
    files: int
    new_account_day: dt.date


def generate(
    out: Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write one seeded trail, its GeoIP databases, threat list and truth under ``out``."""
    if not 1 <= scored_days < days:
        raise ValueError("scored_days must be at least 1 and leave a day of history")
    rng = random.Random(f"heldout36-{seed}")
    tr = Trail(rng)
    every_day = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = every_day[-scored_days:]

    def slot(s: int) -> dt.date:
        return scored[min(len(scored) - 1, s * len(scored) // 5)]

    w = World(scale, every_day, scored)
    w.factory_keys = (tr.key("AKIA"), tr.key("AKIA"))
    w.gitlab_key, w.powerbi_key, w.finance_key = tr.key("AKIA"), tr.key("AKIA"), tr.key("AKIA")
    schedule(w, slot)
    instances = {"prometheus": tr.instance(), "grafana": tr.instance()}
    countries = ("ie", "ie", "de", "de", "se")
    crew = [(f"eu-west-1:{tr.uuid()}", countries[i % 5]) for i in range(w.n(30))]
    everyone = org.people()
    away = {user: {slot(s) for s in slots} for user, slots in AWAY.items()}
    for day in every_day:
        _routine_day(tr, w, day, instances, crew, everyone, away)
    last = scored[-1]
    rows: list[Row] = []
    for _, (s, attack) in sorted(ATTACKS.items(), key=lambda kv: int(kv[0][1:])):
        rows += attack(tr, w, slot(s))
    nordic_rows, (gkey, minted, iid) = b2_nordic(tr, w, slot(2), every_day)
    rows += a7_nordic_instance(tr, w, slot(2), gkey, minted, iid)
    for night, d in enumerate(sorted({slot(0), slot(1)})):
        rows += b1_rollout(tr, w, d, night)
    rows += nordic_rows
    rows += b3_roaming_role(tr, w, slot(1), last)
    rows += b4_cold_snap(w, slot(3), slot(4))
    for d in sorted({slot(0), slot(1)}):
        rows += b5_ski(tr, w, d)
    rows += b6_redshift(tr, w, slot(2))
    assert w.android_new_from is not None and w.gitlab_new_from is not None
    rows.append(
        row("B7", "technicians' app update: a new Android SDK on every tablet", "benign",
            w.android_new_from, end_of(last),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/field-tech-authenticated", severity="low")
    )  # fmt: skip
    rows += b8_nat(tr, w, slot(1))
    rows += b9_analysts(tr, w, sorted({slot(3), slot(4)}))
    gitlab(tr, w, slot(3), runs=1)  # B10: the upgraded runners' first pipeline, that morning
    rows.append(
        row("B10", "GitLab runners upgraded: new Terraform and provider, new address range",
            "benign", w.gitlab_new_from, end_of(last), key=w.gitlab_key,
            ips=org.NETS["gitlab_runners_new"].ips, severity="low")
    )  # fmt: skip
    rows += b11_rotation(tr, w, slot(2), last)
    rows.sort(key=lambda r: (r["label"] != "attack", int(r["id"][1:])))
    out.mkdir(parents=True, exist_ok=True)
    files = write_trail(out / "trail", tr.records, rng)
    asn_db, city_db = write_geo(out / "geo")
    write_threat(out / "threat.txt")
    write_truth(out / "truth.csv", rows)
    return Written(
        root=out,
        trail=out / "trail",
        truth=out / "truth.csv",
        threat=out / "threat.txt",
        asn_db=asn_db,
        city_db=city_db,
        days=every_day,
        scored=scored,
        accounts=org.ACCOUNTS,
        events=len(tr.records),
        files=files,
        new_account_day=slot(2),
    )


def _routine_day(
    tr: Trail,
    w: World,
    day: dt.date,
    instances: dict[str, str],
    crew: list[tuple[str, str]],
    everyone: list[org.Person],
    away: dict[str, set[dt.date]],
) -> None:
    backend(tr, w, day)
    lambdas(tr, w, day)
    monitoring(tr, w, day, instances)
    partners(tr, w, day)
    config_recorder(tr, w, day, org.PLATFORM, ("eu-west-1", "eu-central-1", "eu-north-1"))
    config_recorder(tr, w, day, org.DATA, ("eu-west-1",))
    config_recorder(tr, w, day, org.MGMT, ("eu-west-1",))
    technicians(tr, w, day, crew)
    factory(tr, w, day)
    gitlab(tr, w, day)
    powerbi(tr, w, day)
    firmware(tr, w, day)
    if day.weekday() in (0, 2, 3):
        finance(tr, w, day)
    on_call = [p for p in everyone if p.pset == org.SRE_SET][day.isocalendar().week % 8]
    for p in everyone:
        if day in away.get(p.user, set()):
            continue
        if day.weekday() < 5:
            person_day(tr, w, day, p)
        elif p is on_call:
            person_day(tr, w, day, p, calls=tr.rng.randint(2, 6), start=at(day, 10).hour - p.tz)
