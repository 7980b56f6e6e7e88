"""The fifth held-out suite: Brightmoor Interactive, a European online games and media company.

Written blind (without reading ueba's rules, models, their docs, the other suites or their
results) and importing nothing from ``ueba``. ``generate(out, seed)`` writes the organisation
trail (``AWSLogs/<org id>/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``), ``truth.csv``
in the format of docs/evaluation.md (plus ``expected_min_severity`` per attack and
``expected_max_severity`` per benign change), ``threat.txt`` and ``geo/heldout5-{ASN,City}.mmdb``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout5 import _attacks as atk
from benchmarks.heldout5 import _attacks_identity as atk2
from benchmarks.heldout5 import _benign as ben
from benchmarks.heldout5._net import Addresses, write_geo
from benchmarks.heldout5._others import ci_day, runner_work, services_day, users_day
from benchmarks.heldout5._people import person_day, root_billing, scim_day, works
from benchmarks.heldout5._records import Ids, Trail
from benchmarks.heldout5._saas import players_day, vendors_day
from benchmarks.heldout5._workloads import make_works, work_day
from benchmarks.heldout5._world import ACCOUNTS, PEOPLE, World, browser_ua

END = dt.date(2026, 5, 20)  # a Wednesday; the scored days open on the launch weekend
TRUTH_COLUMNS = [
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
]


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    new_account_day: dt.date  # the new title's account's first full day
    accounts: dict[str, str]
    events: int
    files: int


def generate(
    out: str | Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the trail, truth, threat list and GeoIP databases under ``out``."""
    if scored_days < 5 or days < scored_days + 3:
        raise ValueError(
            "the incidents need 5 scored days and at least 3 days of history before them"
        )
    out = Path(out)
    rng = random.Random(seed)
    all_days = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    s = scored[-5:]
    w = World(
        rng,
        Ids(random.Random(seed * 7919 + 1)),
        Trail(Ids(random.Random(seed * 104729 + 3))),
        Addresses(random.Random(seed * 31 + 5)),
        scale,
        all_days,
    )
    w.trail.ids = w.ids
    w.state["nova_day"] = s[0] - dt.timedelta(days=1)
    threat_ip = w.addr.of("atk_contabo")
    works_ = make_works()
    runner = runner_work()
    cian, etienne = (
        ben.person("cian.walsh@brightmoor.games"),
        ben.person("etienne.roy@brightmoor.games"),
    )
    qa, liveops = ben.b2_qa_people(s[2]), ben.liveops_people(s[3])
    w.state["extra_people"] = qa + liveops
    truth: list[dict[str, Any]] = []
    evac = (8.0, 14.0)
    obsv_since = w.at(s[3], 10.0)
    for day in all_days:
        launch = day in s[:2]
        if launch:
            ben.b1_launch(w, day, works_)
        else:
            players_day(w, day)
        for wk in works_:
            if wk.account == "nova" and day < w.state["nova_day"]:
                continue
            if launch and wk.name == "gameserver":
                continue
            if day == s[3] and wk.name in ("matchmaking-api", "player-profile", "store-api"):
                continue
            work_day(w, wk, day)
        if day == s[3]:
            ben.b5_evacuation(w, day, works_, *evac)
        work_day(w, runner, day)
        ci_day(w, day, runner)
        services_day(w, day)
        users_day(w, day)
        if day >= s[3]:
            ben.b3_vendor(w, day, obsv_since)
        else:
            vendors_day(w, day)
        from benchmarks.heldout5._people import people_day

        people_day(w, day, skip={cian.user, etienne.user})
        scim_day(w, day, [p for p in qa + liveops if p.since == day + dt.timedelta(days=1)])
        if works(w, cian, day):
            who, ua = ben.b4_laptop_ua(cian, day, s[2], w)
            person_day(w, who, day, ua_cli=ua)
        if day in s[2:]:
            ben.b9_travel(w, etienne, day)
        elif works(w, etienne, day):
            person_day(w, etienne, day)
        if day == all_days[2]:
            root_billing(
                w,
                day,
                w.addr.of("office_dublin"),
                browser_ua(ben.person("orla.murphy@brightmoor.games")),
            )
        if day == w.state["nova_day"] - dt.timedelta(days=1):
            _new_account(w, day)
        if day == s[2]:
            ben.assignments(w, day, qa, "QATester", "game_staging", 8.4)
            rows, _ = ben.b7_cleanup(w, day)
            truth += rows
            truth += (
                atk2.a8_confused_deputy(w, day) + atk.a1_cognito(w, day) + atk.a4_secrets(w, day)
            )
        if day == s[3]:
            ben.assignments(w, day, liveops, "LiveOpsAnalyst", "game_prod", 8.8)
            truth += atk.a2_sms_pumping(w, day, threat_ip) + atk.a5_replication(w, day)
            truth += atk2.a7_roles_anywhere(w, day) + atk2.a9_root(w, day)
        if day == s[4]:
            truth += ben.b8_security_hub(w, day)
            truth += (
                atk.a3_kms_ransom(w, day)
                + atk2.a6_evasion(w, day)
                + atk2.a10_ci_access_key(w, day, runner)
            )
    truth += ben.b1_rows(w, s[:2])
    truth += ben.rows(
        "B2",
        "QA studio onboarded: new testers, a new country (Romania)",
        [ben.sso_arn(p, "game_staging") for p in qa],
        w.at(s[2], 0),
        ben.end_of(w, s[4]),
    )
    truth += ben.b3_rows(w, obsv_since, s[4])
    truth += ben.rows(
        "B4",
        "An engineer's new laptop: Windows and AWS Tools for PowerShell to macOS and AWS CLI v2",
        [ben.sso_arn(cian, a) for a in cian.sets],
        w.at(s[2], 0),
        ben.end_of(w, s[4]),
    )
    truth += ben.b5_rows(w, s[3], *evac)
    truth += ben.rows(
        "B6",
        "A new SCIM-provisioned LiveOps team gets a permission set",
        [ben.sso_arn(p, "game_prod") for p in liveops],
        w.at(s[3], 0),
        ben.end_of(w, s[4]),
    )
    truth += ben.rows(
        "B9",
        "On-call engineer from Montreal works from a Lisbon conference",
        [ben.sso_arn(etienne, a) for a in etienne.sets],
        w.at(s[2], 0),
        ben.end_of(w, s[4]),
    )
    return _write(out, w, truth, threat_ip, all_days, scored)


def _new_account(w: World, day: dt.date) -> None:
    """The platform lead creates the new title's account through Organizations."""
    p = ben.person("aoife.byrne@brightmoor.games")
    ip, t = w.addr.of("office_dublin"), w.at(day, 14.5)
    _key, ident, _ids = w.sso_session(p, t, "management", ip, browser_ua(p), console=True)
    for i, name in enumerate(
        ["CreateAccount", "DescribeCreateAccountStatus", "MoveAccount", "CreateAccountAssignment"]
    ):
        source = (
            "sso.amazonaws.com"
            if name == "CreateAccountAssignment"
            else "organizations.amazonaws.com"
        )
        w.trail.call(
            t + dt.timedelta(minutes=2 + 3 * i),
            ACCOUNTS["management"],
            "us-east-1",
            source,
            name,
            ident,
            ip,
            browser_ua(p),
            console=True,
            request={"accountName": "brightmoor-nova-prod"},
        )
    nova = dataclasses.replace(p, sets={"nova": "PlatformAdmin"})
    _key, ident, _ids = w.sso_session(
        nova, t + dt.timedelta(hours=1), "nova", ip, browser_ua(p), console=True
    )
    for i, name in enumerate(
        ["CreateCluster", "CreateTable", "CreateFunction20150331", "PutConfigurationRecorder"]
    ):
        source = {
            "CreateCluster": "ecs",
            "CreateTable": "dynamodb",
            "CreateFunction20150331": "lambda",
        }.get(name, "config")
        w.trail.call(
            t + dt.timedelta(hours=1, minutes=3 + 4 * i),
            ACCOUNTS["nova"],
            "eu-west-1",
            f"{source}.amazonaws.com",
            name,
            ident,
            ip,
            browser_ua(p),
            console=True,
        )


def _write(
    out: Path,
    w: World,
    truth: list[dict[str, Any]],
    threat_ip: str,
    days: list[dt.date],
    scored: list[dt.date],
) -> Written:
    out.mkdir(parents=True, exist_ok=True)
    events, files = w.trail.write(out)
    truth_path = out / "truth.csv"
    with truth_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(truth)
    threat = out / "threat.txt"
    threat.write_text(f"{threat_ip}\n")
    asn_db, city_db = write_geo(out / "geo", w.addr.prefixes)
    return Written(
        out,
        truth_path,
        threat,
        asn_db,
        city_db,
        days,
        scored,
        w.state["nova_day"],
        dict(ACCOUNTS),
        events,
        files,
    )


__all__ = ["PEOPLE", "Written", "generate"]
