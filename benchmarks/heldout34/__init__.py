"""The thirty-fourth held-out suite: Lumen Relief International, a humanitarian NGO (written
blind; see ``benchmarks/results/heldout34.md``).

``write(out, seed=1, days=24, scale=1.0, scored_days=5)`` writes a seeded trail in S3 layout
under ``out/trail``, ``out/truth.csv``, ``out/threat.txt`` and the GeoIP databases under
``out/geo``. The incidents fill five slots of the scored days; with fewer scored days the
slots fold onto them (``slot_day``). Imports nothing from ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout34 import attacks as A
from benchmarks.heldout34 import background as bg
from benchmarks.heldout34 import changes as B
from benchmarks.heldout34 import changes_ops as B2
from benchmarks.heldout34 import thefts as T
from benchmarks.heldout34 import workloads as W
from benchmarks.heldout34.cloudtrail import UA, Trail
from benchmarks.heldout34.identity import Session
from benchmarks.heldout34.net import THREAT, Addresses, write_geo
from benchmarks.heldout34.org import DATA, EMERG, MGMT, OPS, REG, Person, build
from benchmarks.heldout34.truth import Truth

END = dt.date(2026, 12, 3)  # a Thursday: Amman and Cox's Bazar work Sunday to Thursday
ACCOUNTS = [MGMT, REG, DATA, OPS, EMERG]
CONFIG = [
    ("config_reg", REG, "af-south-1"),
    ("config_reg", REG, "me-south-1"),
    ("config_data", DATA, "eu-central-1"),
    ("config_ops", OPS, "eu-central-1"),
    ("config_ops", OPS, "af-south-1"),
]
COLUMNS = [
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "start",
    "end",
    "expected_min_severity",
    "expected_max_severity",
]


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
    accounts: list[str]
    new_account: tuple[dt.date, str]
    events: int
    files: int
    addresses: list[str]


def slot_day(scored: list[dt.date], slot: int) -> dt.date:
    """The scored day of incident slot 0-4 (slots fold onto fewer scored days)."""
    return scored[min(slot * len(scored) // 5, len(scored) - 1)]


def _pick(people: list[Person], pset: str, office: str | None = None) -> list[Person]:
    return [p for p in people if p.pset == pset and (office is None or p.office == office)]


def write(
    out: Path | str, seed: int = 1, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    out = Path(out)
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = dates[-scored_days:]
    slot = {s: slot_day(scored, s) for s in range(5)}
    trail = Trail(seed)
    rng = random.Random(seed * 104729 + 34)
    addr = Addresses(random.Random(seed * 7 + 3))
    org = build(trail, addr, scale, dates)
    truth = Truth()
    dev = _pick(org.people, "RegistrationDev")[0]
    admin = _pick(org.people, "ITAdmin")[0]
    finance = _pick(org.people, "FinanceReader")[0]
    traveller = _pick(org.people, "ProgramOfficer", "amm")[0]
    deployed = _pick(org.people, "ProgramOfficer", "nbo")[:3]
    cxb = [p for p in org.people if p.office == "cxb"]
    for p in org.people:  # the scored days' own travel is the incidents'
        p.travel = {d: h for d, h in p.travel.items() if d < scored[0]}
    new_key = ""
    field: Session | None = None
    for d in dates:
        moved = {"cxb": "cxb_starlink"} if d >= slot[0] else {}
        away = {p.email for p in deployed} if d >= slot[2] else set()
        if d == slot[4]:
            away.add(traveller.email)
        for person in org.people + org.volunteers:
            if person.email not in away:
                bg.person_day(trail, org, person, d, rng, moved)
        bg.people(trail, org, d, rng, moved, skip_staff=True)
        if d == slot[0]:
            B2.b9_runtime(trail, org, truth, d, scored[-1], rng, dev)
        if d == slot[3]:
            new_key = B2.b7_rotation(trail, org, truth, d, rng, admin)
        runtime = "lambda_py312" if d >= slot[0] else "lambda_py39"
        submits = W.lambdas(trail, org, d, rng, runtime)
        W.tablets(trail, org, d, rng, moved)
        old = org.users["svc-kobo-sync"].keys[0]
        rotated = d > slot[3] or d == slot[3]
        switch = 0 if d > slot[3] else 10  # the server switched keys at 10:00 on the day

        def kobo_key(
            h: int,
            rotated: bool = rotated,
            switch: int = switch,
            new: str = new_key,
            old: str = old,
        ) -> str:
            return new if rotated and h >= switch else old

        W.machines(trail, org, d, rng, kobo_key)
        report = W.partners(trail, org, d, rng, "aws_dub" if d >= slot[3] else "aws_iad")
        W.config(trail, org, d, rng, CONFIG)
        if d == slot[0]:
            A.a1_miner(trail, org, truth, d, rng)
            T.a11_probe(trail, org, truth, d, rng)
            B2.b3_starlink(truth, org, [x for x in scored if x >= d], cxb)
        if d == slot[1]:
            A.a2_phished_export(trail, org, truth, d, rng, dev)
            T.a6_recon(trail, org, truth, d, rng, admin)
            B.b4_audit(trail, org, truth, d, rng, finance)
        if slot[1] <= d <= slot[3] and d in scored:
            B.b5_assessment(trail, org, truth, [d], rng, org.consultants)
        if d == slot[2]:
            field = B.b2_new_account(trail, org, truth, d, rng, admin, scored[-1])
            T.a7_cold(trail, org, truth, d, rng, field)
            T.a10_cognito(trail, org, truth, d, rng)
        if d >= slot[2]:
            B.b1_deployment(trail, org, truth, [d], rng, deployed)
        if d == slot[3]:
            A.a3_ransom(trail, org, truth, d, rng)
            T.a8_lambda(trail, org, truth, d, rng, submits)
            B2.b6_region(truth, org, [x for x in scored if x >= d])
        if d == slot[4]:
            A.a4_vendor(trail, org, truth, d, rng)
            T.a5_console(trail, org, truth, d, rng)
            T.a9_tor(trail, org, truth, d, rng, report)
            B2.b8_travel(trail, org, truth, d, rng, traveller)
            B2.b10_volunteers(trail, org, truth, d, scored[-1], rng, org.newcomers)
            B2.b11_review(trail, org, truth, d, rng, admin)
    rows = _merge(truth.rows)
    root = out / "trail"
    files = trail.write(root, seed)
    truth_path = out / "truth.csv"
    tmp = truth_path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(truth_path)
    threat = out / "threat.txt"
    threat.write_text("\n".join(THREAT) + "\n")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        out,
        root,
        truth_path,
        threat,
        asn_db,
        city_db,
        dates,
        scored,
        ACCOUNTS,
        (slot[2], EMERG),
        len(trail.records),
        files,
        sorted(addr.used),
    )


def _merge(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows that say the same thing once (a principal's window over several days is one row)."""
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for r in rows:
        k = (r["id"], r["principal_arn"], r["access_key_id"], r["source_ip"])
        if k in seen and r["id"].startswith("B"):
            seen[k]["start"] = min(seen[k]["start"], r["start"])
            seen[k]["end"] = max(seen[k]["end"], r["end"])
        else:
            seen.setdefault(k, dict(r))
    return sorted(seen.values(), key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"]))


__all__ = ["UA", "Written", "slot_day", "write"]
