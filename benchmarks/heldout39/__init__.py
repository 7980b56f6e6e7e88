"""The thirty-ninth held-out suite: Fjordlaks Havbruk AS, a Norwegian salmon farmer and seafood
exporter, written without reading how ``ueba`` detects anything (benchmarks/results/heldout39.md).

``python -m benchmarks.heldout39 OUT --seed 1`` writes 24 days to Wednesday 2 December 2026 (the
last five scored) of CloudTrail in S3 layout under ``OUT/AWSLogs``, ``OUT/truth.csv``,
``OUT/threat.txt`` and ``OUT/geo/heldout39-{ASN,City}.mmdb``. Nothing here imports ``ueba``.

The scored incidents sit in five slots, one per scored day; with fewer scored days the slots
fold onto the last ones (CI scale: two days, the last scored, every slot on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout39 import _attacks, _attacks2, _benign, _write
from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._background import cameras, machines, person_day
from benchmarks.heldout39._deploys import github_deploys
from benchmarks.heldout39._records import ident, role_arn
from benchmarks.heldout39._truth import row, sso_principal, write
from benchmarks.heldout39._workloads import (
    booking_lambda,
    keys,
    mattilsynet,
    renderer,
    sagemaker,
    sap_partner,
)
from benchmarks.heldout39._world import World

END = dt.date(2026, 12, 2)


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


def slots(scored: list[dt.date]) -> list[dt.date]:
    """The day of each of the five incident slots: the scored days, folded onto the last."""
    return [scored[max(0, len(scored) - 5 + i)] if len(scored) < 5 else scored[i] for i in range(5)]


def generate(
    out: Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    out = Path(out)
    w = World(seed, scale)
    all_days = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    slot = slots(scored)
    people = list(org.PEOPLE) + (list(org.OPTIONAL_PEOPLE) if scale >= 0.6 else [])
    join = slot[2]
    harvest = set(slot[2:])
    isp_change = slot[3]
    new_lab_key = ident("AKIA", f"key/{org.PROD}/labvantage-export/2", w.salt)
    rows = []
    for day in all_days:
        accounts = [org.MGMT, org.PROD, org.ERP] + ([org.JAPAN] if day >= join else [])
        weekday = day.weekday() < 5

        def office(person: org.Person, day: dt.date = day) -> str:
            if person.office == "telenor_bergen" and day >= isp_change:
                return w.address("office/bergen-new", "globalconnect_bergen")
            return w.address(f"office/{person.office}", person.office)

        factor = 1.0 + (2.0 if day in harvest else 0.0)
        machines(w, day, [a for a in accounts if a != org.JAPAN])
        if org.JAPAN in accounts:
            machines(w, day, [org.JAPAN], start=dt.timedelta(hours=7.2) if day == join else None)
        cameras(w, day, _background_devices(scale))
        if day >= slot[3]:
            cameras(w, day, _benign.SENJA, block="telenor_senja")
        booking_lambda(w, day, factor * (1.7 if day == slot[4] else 1.0))
        renderer(w, day, factor)
        rotated = day >= slot[4]
        keys(
            w,
            day,
            factor,
            lab_key=new_lab_key if rotated else None,
            report_from=office(org.PEOPLE[0]),
        )
        mattilsynet(w, day, factor)
        if day != slot[4]:
            github_deploys(w, day)
        big = day == slot[3]
        sagemaker(
            w,
            day,
            notebook=weekday,
            training_size=200 if big else 20,
            instance="ml.p4d.24xlarge" if big else "ml.m5.2xlarge",
        )
        if weekday and w.rng.random() < 0.45:
            sap_partner(
                w,
                day,
                w.rng.choice(["m.keller", "p.brandt", "s.weber"]),
                calls=w.rng.randint(8, 25),
            )
        for person in people:
            if weekday and w.rng.random() < 0.9:
                person_day(
                    w,
                    day,
                    person,
                    person.account,
                    office(person),
                    calls=60 if person.role in ("it", "data") else 18,
                )
            if weekday and person.role == "sales" and day >= join and w.rng.random() < 0.8:
                person_day(w, day, person, org.JAPAN, office(person), calls=10)
        if day == slot[1]:  # B5 on the boat
            sindre = org.PEOPLE[2]
            boat = w.fresh("starlink")
            person_day(w, day, sindre, sindre.account, boat, calls=45)
            rows.append(
                row(
                    "B5",
                    "IT admin working from a fishing boat over Starlink",
                    _attacks.at(day, 0),
                    _attacks.at(day, 24),
                    principal=sso_principal(
                        org.PROD, w.sso_role(sindre.permission_set), sindre.email
                    ),
                    addresses=(boat,),
                )
            )
    rows += _incidents(w, slot, people, new_lab_key)
    root = out
    trail = root
    events, files = _write.trail(trail, w.trail.records, seed)
    asn_db, city_db = _write.geo(root, w.addresses.used)
    truth = root / "truth.csv"
    write(truth, rows)
    return Written(
        root,
        trail,
        truth,
        _write.threat(root),
        asn_db,
        city_db,
        all_days,
        scored,
        [org.MGMT, org.PROD, org.ERP, org.JAPAN],
        (join, org.JAPAN),
        events,
        files,
    )


def _background_devices(scale: float) -> list[str]:
    """The pen cameras of Hitra and Frøya (fewer in a smaller organisation; Frøya's pen 3,
    whose certificate A2 steals, always among them)."""
    from benchmarks.heldout39._background import DEVICES

    n = max(3, round(len(DEVICES) * scale))
    return [*[d for d in DEVICES if d != "froya-pen03-cam"][: n - 1], "froya-pen03-cam"]


def _incidents(
    w: World, slot: list[dt.date], people: list[org.Person], new_lab_key: str
) -> list[dict[str, object]]:
    at = _attacks.at
    bergen = w.address("office/bergen-new", "globalconnect_bergen")
    rows = []
    # benign changes
    first_harvest, last = slot[2], slot[4]
    start = _benign.harvest_bucket(
        w, first_harvest, w.address("office/telenor_bergen", "telenor_bergen")
    )
    for principal in (
        role_arn(org.PROD, "export-docs-renderer-task"),
        role_arn(org.PROD, "airfreight-booking-lambda"),
        f"arn:aws:iam::{org.PROD}:user/labvantage-export",
        role_arn(org.PROD, "mattilsynet-certificate-reader"),
    ):
        rows.append(
            row(
                "B1",
                "harvest week: certificates, bookings and the authority's reads tripled",
                at(first_harvest, 0),
                at(last, 24),
                principal=principal,
            )
        )
    kari = org.PEOPLE[0]
    rows.append(
        row(
            "B1",
            "harvest week's export bucket created",
            start - dt.timedelta(minutes=6),
            start + dt.timedelta(minutes=2),
            principal=sso_principal(org.PROD, w.sso_role(kari.permission_set), kari.email),
        )
    )
    s2, e2 = _benign.new_site(w, slot[3], bergen)
    rows.append(
        row(
            "B2",
            "Senja site commissioned: IoT things and certificates",
            s2,
            e2,
            principal=sso_principal(org.PROD, w.sso_role(kari.permission_set), kari.email),
        )
    )
    senja = tuple(a for a, g in w.addresses.used.items() if g[3] == "Finnsnes")
    rows.append(
        row(
            "B2",
            "Senja site's pen cameras uploading",
            at(slot[3], 0),
            at(last, 24),
            principal=role_arn(org.PROD, "pen-camera-uploader"),
            addresses=senja,
        )
    )
    s3, e3, _home = _benign.patch_weekend(w, slot[0])
    rows.append(
        row(
            "B3",
            "SAP partner's quarterly patch weekend",
            s3,
            e3,
            principal=role_arn(org.ERP, "sap-partner-support"),
        )
    )
    s4 = _benign.gpu_quota(w, slot[3], bergen)
    magnus = org.PEOPLE[4]
    rows.append(
        row(
            "B4",
            "feed model retrained on ml.p4d.24xlarge: quota asked, 200 training objects read",
            s4 - dt.timedelta(minutes=1),
            at(slot[3], 12),
            principal=sso_principal(org.PROD, w.sso_role(magnus.permission_set), magnus.email),
        )
    )
    rows.append(
        row(
            "B4",
            "the large retraining job's reads",
            at(slot[3], 1),
            at(slot[3], 3),
            principal=role_arn(org.PROD, "sagemaker-feedopt-training"),
        )
    )
    kenji = org.PEOPLE[9]
    s6 = _benign.japan_region(w, slot[2], w.address(f"office/{kenji.office}", kenji.office))
    rows.append(
        row(
            "B6",
            "Tokyo office's first use of ap-northeast-1",
            s6 - dt.timedelta(minutes=1),
            at(slot[2], 9),
            principal=sso_principal(org.PROD, w.sso_role(kenji.permission_set), kenji.email),
        )
    )
    s7, e7 = _benign.japan_account(w, slot[2], w.address("office/telenor_bergen", "telenor_bergen"))
    rows.append(
        row(
            "B7",
            "Japan account created and set up",
            s7 - dt.timedelta(minutes=1),
            e7,
            principal=sso_principal(org.MGMT, w.sso_role(kari.permission_set), kari.email),
        )
    )
    for role in ("OrganizationAccountAccessRole", "stacksets-exec-4f1b2c9a7e"):
        rows.append(
            row("B7", "Japan account's setup roles", s7, e7, principal=role_arn(org.JAPAN, role))
        )
    sindre = org.PEOPLE[2]
    s8 = _benign.key_rotation(
        w, slot[4], w.address(f"office/{sindre.office}", sindre.office), new_lab_key
    )
    rows.append(
        row(
            "B8",
            "lab key rotated",
            s8 - dt.timedelta(minutes=1),
            s8 + dt.timedelta(minutes=35),
            principal=sso_principal(org.PROD, w.sso_role(sindre.permission_set), sindre.email),
        )
    )
    rows.append(
        row("B8", "the lab's new key in use", at(slot[4], 0), at(slot[4], 24), key=new_lab_key)
    )
    s9, e9, inspector = _benign.audit(w, slot[4])
    rows.append(
        row(
            "B9",
            "Food Safety Authority audits a month of certificates",
            s9,
            e9,
            principal=role_arn(org.PROD, "mattilsynet-certificate-reader"),
            addresses=(inspector,),
        )
    )
    _benign.new_function(w, slot[4])
    rows.append(
        row(
            "B10",
            "logistics peak and a second booking function deployed",
            at(slot[4], 0),
            at(slot[4], 24),
            principal=role_arn(org.PROD, "github-deploy-booking"),
        )
    )
    rows.append(
        row(
            "B10",
            "logistics peak: bookings",
            at(slot[4], 0),
            at(slot[4], 24),
            principal=role_arn(org.PROD, "airfreight-booking-lambda"),
        )
    )
    rows.append(
        row(
            "B11",
            "Bergen office moved from Telenor to GlobalConnect fibre",
            at(slot[3], 0),
            at(last, 24),
            addresses=(bergen,),
        )
    )
    # attacks
    rows += _attacks.leaked_report_key(w, slot[0])
    rows += _attacks.camera_certificate(w, slot[1])
    rows += _attacks.notebook_role(w, slot[2])
    rows += _attacks.admin_evasion(w, slot[3])
    rows += _attacks2.partner_backdoor(w, slot[4])
    rows += _attacks2.mining(w, slot[1])
    rows += _attacks.quiet_recon(w, slot[3])
    rows += _attacks2.new_account_instance(w, slot[2])
    rows += _attacks2.booking_credentials(w, slot[4])
    rows += _attacks2.lab_key(w, slot[0])
    rows += _attacks2.renderer_task(w, slot[4])
    return rows
