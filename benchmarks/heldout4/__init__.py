"""The fourth held-out suite: Cobalt Ridge Health, a US health company on AWS without Identity
Center, written blind (without reading ueba's rules, models, their docs, the other suites or
their results) and importing nothing from ``ueba``.

``generate(out, seed)`` writes ``out/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``
(one trail per account), ``out/truth.csv`` (docs/evaluation.md's format plus
``expected_min_severity`` for attacks and ``expected_max_severity`` for benign changes),
``out/threat.txt`` and ``out/geo/heldout4-{ASN,City}.mmdb``::

    python -m benchmarks.heldout4 OUT --seed 1            # 24 days, the last 5 with incidents
"""

from __future__ import annotations

import csv
import datetime as dt
import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout4._attacks import Attacks
from benchmarks.heldout4._benign import schedule
from benchmarks.heldout4._machines import Machines
from benchmarks.heldout4._net import THREAT_BLOCK, Addresses, ec2_prefixes, write_geo
from benchmarks.heldout4._org import ACCOUNTS, LAST_DAY, SAML_IDP, WEST_PEOPLE, Org
from benchmarks.heldout4._people import Humans
from benchmarks.heldout4._trail import Incident, Trail
from benchmarks.heldout4._workloads import Workloads

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
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    joined: dt.date  # the clinic account's first day in the trail
    accounts: dict[str, str]
    events: int
    files: int
    seed: int


def generate(
    out: str | Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    if scored_days < 5 or days < scored_days + 3:
        raise ValueError("heldout4 needs at least 5 scored days and 3 days of history before them")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ec2_prefixes()  # fails early if the bundled ip-ranges no longer lists them
    rng = random.Random(seed)
    trail = Trail(rng)
    net = Addresses(rng)
    org = Org(trail, net, rng)
    all_days = [LAST_DAY - dt.timedelta(days=days - 1 - n) for n in range(days)]
    scored = all_days[-scored_days:]
    joined = LAST_DAY - dt.timedelta(days=5)
    humans = Humans(org, scale, joined)
    machines = Machines(org, scale)
    work = Workloads(org, scale, joined)
    work.start(all_days[0])
    steps = schedule(scored[-5:], trail, humans, machines, work)
    for day in all_days:
        for step in steps.get(day, []):
            step()
        work.day(day)
        humans.day(day)
        machines.day(day)
    Attacks(scored[-5:], humans, machines, work).run()
    b9 = trail.incident("B9", "the acquired clinic's account joins the trail", "benign", "low")
    west = ACCOUNTS["west"]
    b9.principals |= {
        f"arn:aws:iam::{west}:role/{r}"
        for r in {p.role for p in WEST_PEOPLE} | {"clinic-app-ec2", "appointment-sync-lambda"}
    }
    b9.principals.add(
        f"arn:aws:iam::{west}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    )
    b9.principals |= {f"saml:{SAML_IDP}:{p.email}" for p in WEST_PEOPLE}  # their AssumeRoleWithSAML
    cutoff = (
        LAST_DAY + dt.timedelta(days=1)
    ).isoformat()  # the last hour's calls spill past midnight
    trail.records = [r for r in trail.records if r["eventTime"] < cutoff]
    for inc in trail.incidents.values():
        inc.events = [r for r in inc.events if r["eventTime"] < cutoff]
    events, files = trail.write(out)
    truth = out / "truth.csv"
    write_truth(truth, trail.incidents, start_of={"B9": joined})
    threat = out / "threat.txt"
    threat.write_text(net.host(THREAT_BLOCK, name="threat") + "/32\n")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        out,
        truth,
        threat,
        asn_db,
        city_db,
        all_days,
        scored,
        joined,
        dict(ACCOUNTS),
        events,
        files,
        seed,
    )


def _is_address(text: str) -> bool:
    """Service host names and "AWS Internal" are not addresses a truth row can name."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _key_of(rec: dict[str, Any]) -> str | None:
    key = rec["userIdentity"].get("accessKeyId")
    if key:
        return str(key)
    minted = ((rec.get("responseElements") or {}).get("credentials") or {}).get("accessKeyId")
    return str(minted) if minted else None


def write_truth(
    path: Path, incidents: dict[str, Incident], *, start_of: dict[str, dt.date]
) -> None:
    """One row per (incident, key) with that key's addresses and event IDs; one row for the
    keyless events; one row per principal an incident owns outright."""
    rows = []
    for inc in sorted(incidents.values(), key=lambda i: (i.label, int(i.id[1:]))):
        expected = {
            "expected_min_severity": inc.expected if inc.label == "attack" else "",
            "expected_max_severity": inc.expected if inc.label == "benign" else "",
        }
        by_key: dict[str | None, list[dict[str, Any]]] = {}
        for rec in inc.events:
            by_key.setdefault(_key_of(rec), []).append(rec)
        for key, recs in sorted(by_key.items(), key=lambda kv: kv[0] or ""):
            times = sorted(r["eventTime"] for r in recs)
            ips = sorted({r["sourceIPAddress"] for r in recs if _is_address(r["sourceIPAddress"])})
            rows.append(
                {
                    "id": inc.id,
                    "name": inc.name,
                    "label": inc.label,
                    "access_key_id": key or "",
                    "principal_arn": "",
                    "source_ip": " ".join(ips) if key else "",
                    "event_ids": " ".join(r["eventID"] for r in recs),
                    "start": times[0],
                    "end": times[-1],
                    **expected,
                }
            )
        for arn in sorted(inc.principals):
            day = start_of[inc.id]
            rows.append(
                {
                    "id": inc.id,
                    "name": inc.name,
                    "label": inc.label,
                    "access_key_id": "",
                    "principal_arn": arn,
                    "source_ip": "",
                    "event_ids": "",
                    "start": f"{day.isoformat()}T00:00:00Z",
                    "end": "",
                    **expected,
                }
            )
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


__all__ = ["TRUTH_COLUMNS", "Written", "generate", "write_truth"]
