"""The twenty-eighth held-out suite: Cardo Azul Digital, a digital marketing agency in Valencia
(written without reading ueba's rules). ``generate(out, seed=1)`` writes a seeded CloudTrail
trail in S3 layout, GeoIP databases covering exactly its addresses, the agency's threat list
and ``truth.csv``. Imports nothing from ``ueba``.

The trail ends on Monday 30 November 2026 (Cyber Monday); its last five days (Thanksgiving,
Black Friday, the weekend, Cyber Monday) hold the incidents, each in one of five slots. With
fewer scored days the slots fold onto them in order (slot ``s`` on scored day
``s * n // 5``), so a short trail still holds every incident."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout28 import _attacks as A
from benchmarks.heldout28 import _benign as B
from benchmarks.heldout28 import _changes as C
from benchmarks.heldout28 import _thefts as T
from benchmarks.heldout28._automation import day_records
from benchmarks.heldout28._net import NETWORKS, write_mmdb
from benchmarks.heldout28._org import AGENCY, BODEGA, SITES, Instance, build, sub_rng
from benchmarks.heldout28._scene import Scene
from benchmarks.heldout28._write import write_trail, write_truth

LAST_DAY = dt.date(2026, 11, 30)
SLOTS = {  # incident -> slot (0 = Thanksgiving ... 4 = Cyber Monday)
    "A1": 0,
    "A11": 0,
    "A2": 1,
    "A6": 1,
    "A7": 1,
    "A3": 2,
    "A8": 2,
    "A4": 3,
    "A9": 3,
    "A5": 4,
    "A10": 4,
    "B2": 0,
    "B4": 0,
    "B9": 0,
    "B1": 1,
    "B5": 1,
    "B7": 1,
    "B11": 1,
    "B6": 2,
    "B12": 3,
    "B3": 4,
    "B8": 4,
    "B10": 4,
}
BODEGA_JOIN_HOUR = 9.5
THREATS = ("45.141.215.0/24", "185.220.101.0/24", "193.142.146.0/24")


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


def generate(
    out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    all_days = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    slot_day = {i: scored[i * len(scored) // 5] for i in range(5)}
    on = {k: slot_day[v] for k, v in SLOTS.items()}
    org = build(seed, scale)
    scene = Scene(sub_rng(seed, "incidents"))

    # the B12 replacement host: the old one stops, the new one starts, the Elastic IP moves
    old = org.fleet[0]
    new = Instance(
        SITES, old.region, f"i-0{sub_rng(seed, 'b12').getrandbits(64):016x}", old.ip, old.role
    )
    temp_ip, swap_hour = org.net.aws("eu-south-2"), 6.3
    org.fleet.append(new)
    offboard_day = LAST_DAY - dt.timedelta(days=10)

    records: list[dict[str, Any]] = []
    for day in all_days:
        mods: dict[str, Any] = {"instance_hours": {}}
        active = [n for n in org.people if not (n == "diego.sosa" and day >= offboard_day)]
        if day <= on["B2"]:  # her first day is B2's own records
            active.remove("ines.carvalho")
        mods["active_people"] = active
        if day >= on["B8"]:
            mods["office"] = "office_digi"
        office = org.ips[mods.get("office", "office")]
        if day in (on["B1"], on["B3"]):
            mods["campaign"] = 4 if day == on["B1"] else 3
        if day >= on["B9"]:
            mods["fleet_release"] = True
        if day >= on["B7"]:
            mods["cli_version"] = {"javier.molina": "2.22.20"}
            mods["cli_os"] = {"javier.molina": "macos#24.1.0"}
        if day == on["B12"]:
            mods["instance_hours"] = {
                old.instance_id: (0.0, swap_hour + 0.55),  # until its Elastic IP moves
                new.instance_id: (swap_hour, 24.0),
            }
        elif day > on["B12"]:
            mods["instance_hours"] = {old.instance_id: (0.0, 0.0)}
        else:
            mods["instance_hours"] = {new.instance_id: (0.0, 0.0)}
        if day >= on["B5"]:
            mods["bodega_from"] = BODEGA_JOIN_HOUR if day == on["B5"] else 0.0
            mods["bodega_live"] = day > on["B5"]
        sink, keys = day_records(org, day, mods)
        if day.weekday() == 0 and day < scored[0]:
            C.root_weekly(scene, org, day, office)
        if day == offboard_day:
            C.offboard(scene, org, day, office)
        if day == on["B12"]:
            C.b12_eip_move(
                scene, org, day, old.instance_id, new.instance_id, temp_ip, old.ip, swap_hour, sink
            )
        records += sink
        incidents(scene, org, day, on, keys, office)
    records += scene.records
    end = dt.datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day) + dt.timedelta(days=1)
    stop = end.strftime("%Y-%m-%dT%H:%M:%SZ")
    records = [r for r in records if r["eventTime"] < stop]

    trail = out / "AWSLogs"
    files = write_trail(trail, records, sub_rng(seed, "delivery"))
    truth = write_truth(out / "truth.csv", scene.rows)
    threat = out / "threat.txt"
    threat.write_text("\n".join(THREATS) + "\n")
    asn_db, city_db = out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb"
    write_mmdb(org.net.places, asn_db, city_db)
    return Written(
        out,
        trail,
        truth,
        threat,
        asn_db,
        city_db,
        all_days,
        scored,
        len(records),
        files,
        [AGENCY, SITES, BODEGA],
        (on["B5"], BODEGA),
    )


def incidents(
    scene: Scene, org: Any, day: dt.date, on: dict[str, dt.date], keys: dict[str, Any], office: str
) -> None:
    """The day's incidents, in a fixed order."""
    if day == on["A1"]:
        A.a1_ses_abuse(scene, org, day)
    if day == on["A11"]:
        T.a11_task_from_aws(scene, org, day)
    if day == on["A2"]:
        A.a2_sms_pumping(scene, org, day)
    if day == on["A6"]:
        T.a6_ssrf(scene, org, day, keys)
    if day == on["A7"]:
        T.a7_bodega_first_day(scene, org, day, keys)
    if day == on["A3"]:
        org.extra["planted"] = A.a3_root_phished(scene, org, day)
    if day == on["A8"]:
        A.a8_quiet_recon(scene, org, day)
    if day == on["A4"]:
        A.a4_after_offboarding(scene, org, day)
    if day == on["A9"]:
        A.a9_planted_key(scene, org, day, org.extra["planted"])
    if day == on["A5"]:
        A.a5_scanner(scene, org, day)
    if day == on["A10"]:
        T.a10_oidc_pull_request(scene, org, day)
    if day == on["B2"]:
        B.b2_onboard_freelancer(scene, org, day, office)
    if day == on["B4"]:
        B.b4_new_client_site(scene, org, day, office)
    if day == on["B9"]:
        C.b9_release(scene, org, day)
    if day == on["B1"]:
        B.b1_quota_case(scene, org, day, office)
    if day == on["B5"]:
        B.b5_bodega_joins(scene, org, day, BODEGA_JOIN_HOUR)
    if day == on["B7"]:
        C.b7_new_laptop(scene, org, day)
    if day == on["B11"]:
        C.b11_night_launch(scene, org, day)
    if day == on["B6"]:
        B.b6_travel(scene, org, day)
    if day == on["B3"]:
        B.b3_sms_campaign(scene, org, day, office)
    if day == on["B8"]:
        C.b8_new_office_line(scene, org, day)
    if day == on["B10"]:
        C.b10_root_billing(scene, org, day, office)


__all__ = ["NETWORKS", "Written", "generate"]
