"""Generate a seeded Xlendi Gaming trail: the days in order (the benign changes that alter the
background first, then the background, then the day's incidents), delivered as CloudTrail
writes it to S3, with the GeoIP databases, the threat list and the truth."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks import _gz
from benchmarks.heldout31 import org as o
from benchmarks.heldout31 import people, services, workloads
from benchmarks.heldout31.attacks import ATTACKS, PLACES, THREAT, a7
from benchmarks.heldout31.benign import BENIGN, CLOUDSHELL_IP, RELOCATED_IP, b3_people
from benchmarks.heldout31.records import Gen, mint_by_service
from benchmarks.heldout31.truth import COLUMNS, Truth

LAST_DAY = dt.date(2026, 12, 4)  # a Friday; the scored days run Monday to Friday
INTERVAL = 15  # minutes between deliveries of one account and region


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
    accounts: tuple[str, ...]
    events: int
    files: int
    new_account: tuple[dt.date, str]


def slot_day(scored: list[dt.date], slot: int) -> dt.date:
    """The scored day that holds slot ``slot`` (0-4) of the incidents: five slots over five
    scored days, folded onto fewer at CI scale."""
    return scored[min(len(scored) - 1, slot * len(scored) // 5)]


def _spain_nodes(
    g: Gen, day: dt.date, ch: workloads.Changes, first: bool
) -> tuple[str, str, dt.datetime]:
    """The Spanish cluster's nodes (from noon of the account's first day)."""
    out = None
    for n in range(g.n(6, 2)):
        node = workloads.instance_id(g)
        for block in range(2 if first else 0, 4):
            t = g.at(day, 6 * block, 0.5)
            key = mint_by_service(g, t, o.MADRID, "ec2.amazonaws.com", o.ES_NODE, node, hours=6)
            workloads.node_calls(g, t, o.ES_NODE, node, key, o.NAT_ES[n % 2], o.MADRID, ch, hours=6)
            if out is None:
                out = (node, key, t)
    assert out is not None
    return out


def generate(
    out: Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    out = Path(out)
    g = Gen(random.Random(seed * 1000003 + 31), scale)
    all_days = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    ch = workloads.Changes()
    truth = Truth()
    spain_day = slot_day(scored, 1)
    for day in all_days:
        for _incident, (slot, before, make) in BENIGN.items():
            if before and slot_day(scored, slot) == day:
                make(g, day, ch, truth)
        accounts = [a for a in o.ACCOUNTS if a != o.SPAIN or day >= spain_day]
        workloads.nodes(g, day, ch)
        workloads.irsa_pods(g, day, ch)
        workloads.pod_identity(g, day, ch)
        services.lambdas(g, day)
        services.psp_tasks(g, day, ch)
        services.deploys(g, day)
        services.kyc_vendor(g, day, ch)
        services.iam_users(g, day)
        services.aws_services(g, day, accounts)
        people.developers(g, day, ch)
        people.sres(g, day, ch, accounts)
        people.traders(g, day)
        people.marketing(g, day)
        if day >= spain_day:
            node = _spain_nodes(g, day, ch, day == spain_day)
            if day == spain_day:
                a7(g, day, truth, *node)
        for _incident, (slot, before, make) in BENIGN.items():
            if not before and slot_day(scored, slot) == day:
                make(g, day, ch, truth)
        for _incident, (slot, attack) in ATTACKS.items():
            if slot_day(scored, slot) == day:
                attack(g, day, truth)
        if slot_day(scored, BENIGN["B3"][0]) == day:
            b3_people(day, ch, truth)
    truth.rows.sort(key=lambda r: (r["id"][0], int(r["id"][1:])))
    files = _deliver(g, out / "AWSLogs")
    paths = _extras(out, truth)
    return Written(
        root=out, trail=out / "AWSLogs", truth=paths["truth"], threat=paths["threat"],
        asn_db=paths["asn"], city_db=paths["city"], days=all_days, scored=scored,
        accounts=o.ACCOUNTS, events=len(g.records), files=files, new_account=(spain_day, o.SPAIN),
    )  # fmt: skip


def _deliver(g: Gen, root: Path) -> int:
    """One gzipped ``{"Records": [...]}`` per account, region and fifteen minutes, named and
    timed (file mtime) at its delivery a few minutes after the interval."""
    groups: dict[tuple[str, str, dt.datetime], list[dict]] = defaultdict(list)
    for t, account, region, rec in sorted(g.records, key=lambda r: (r[0], r[3]["eventID"])):
        start = t.replace(minute=t.minute - t.minute % INTERVAL, second=0)
        groups[(account, region, start)].append(rec)
    for (account, region, start), recs in sorted(groups.items()):
        delivered = start + dt.timedelta(minutes=INTERVAL, seconds=g.rng.randint(60, 600))
        stamp = delivered.strftime("%Y%m%dT%H%MZ")
        folder = root / account / "CloudTrail" / region / delivered.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{stamp}_{g.key('')[:16]}.json.gz"
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        path = folder / name
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(_gz.compress(body))
        os.replace(tmp, path)
        os.utime(path, (delivered.timestamp(), delivered.timestamp()))
    return len(groups)


def places() -> dict[str, o.Place]:
    """Every address of the trail outside the service host names, with its place."""
    out = dict(o.PLACES)
    out.update(PLACES)
    out[CLOUDSHELL_IP] = o.AMAZON_IE
    out[RELOCATED_IP] = o.ORANGE_PL
    return out


def _extras(out: Path, truth: Truth) -> dict[str, Path]:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    geo = out / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout31 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout31 City")
    for ip, p in sorted(places().items()):
        asn.insert_network(IPSet([ip + "/32"]), {"autonomous_system_number": p.asn,
                                                 "autonomous_system_organization": p.org})  # fmt: skip
        city.insert_network(IPSet([ip + "/32"]), {
            "city": {"names": {"en": p.city}}, "country": {"iso_code": p.country},
            "location": {"latitude": p.lat, "longitude": p.lon}})  # fmt: skip
    paths = {"asn": geo / "GeoLite2-ASN.mmdb", "city": geo / "GeoLite2-City.mmdb"}
    asn.to_db_file(str(paths["asn"]))
    city.to_db_file(str(paths["city"]))
    paths["threat"] = out / "threat-list.txt"
    paths["threat"].write_text("".join(f"{ip}/32\n" for ip in THREAT))
    paths["truth"] = out / "truth.csv"
    with paths["truth"].open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(truth.rows)
    return paths
