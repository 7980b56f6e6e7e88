"""Tenth held-out scenario suite: Auralis Media Group, a European broadcaster and streamer.

Written blind (without reading ``ueba``'s rules, models or any other suite) from AWS's
CloudTrail references and public incident write-ups; it imports nothing from ``ueba``.

Frankfurt, Dublin and London, four accounts with their own trails (media-prod, newsroom,
platform, and a sport channel's account vended on the first scored day): MediaLive,
MediaConvert and MediaPackage pipelines run by Step Functions and Lambda, CloudFront and S3
origins, field crews uploading through IAM Identity Center from mobile carriers, hotels and a
satellite link, a newsroom CMS on EC2, Route 53 automation for many show domains, an ad-tech
partner's and a subtitling vendor's cross-account roles, Terraform Cloud via OIDC, on-premises
encoders with long-lived IAM user keys. 24 days ending 2026-10-31 (Europe leaves summer time
on 25 October), the last 5 scored.

``python -m benchmarks.heldout10 OUT --seed N`` writes ``OUT/AWSLogs/...``, ``OUT/truth.csv``
and ``OUT/geo/heldout10-{ASN,City}.mmdb``; the same seed gives the same files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.heldout10 import _attacks_more, _changes, _partners, _people, _workloads
from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._records import Trail
from benchmarks.heldout10._world import World
from benchmarks.heldout10._write import write_mmdb, write_trail, write_truth

END = dt.date(2026, 10, 31)
SCORED_DAYS = 5


@dataclass(frozen=True)
class Suite:
    out: Path
    days: list[dt.date]
    scored: list[dt.date]
    events: int
    files: int
    truth: Path
    asn_db: Path
    city_db: Path
    new_account: str
    records: list[dict[str, Any]]
    truth_rows: list[dict[str, Any]]


def build(
    seed: int, *, days: int = 24, scale: float = 1.0
) -> tuple[World, list[dict[str, Any]], list[dict[str, Any]]]:
    """The organisation's records and truth rows, in memory."""
    if days < SCORED_DAYS + 2:
        raise ValueError(f"days must be at least {SCORED_DAYS + 2}")
    w = World(seed=seed, start=END - dt.timedelta(days=days - 1), days=days, scale=scale)
    _changes.plan(w)
    tr = Trail(w.rng("trail"))
    attacks: list[dict[str, Any]] = []
    for i in range(days):
        day = w.start + dt.timedelta(days=i)
        _workloads.pipeline(w, tr, day)
        _workloads.media_services(w, tr, day)
        _workloads.cms_fleet(w, tr, day)
        _workloads.encoders(w, tr, day)
        _workloads.legacy_servers(w, tr, day)
        _workloads.dns_sync(w, tr, day, bulk=400 if day == w.day(4) else 0)
        accounts = org.ACCOUNTS if day >= w.scored_from else org.ACCOUNTS[:3]
        _workloads.config_recorder(w, tr, day, accounts)
        _people.crews(w, tr, day)
        _people.admins(w, tr, day)
        _people.security(w, tr, day)
        if day == w.day(3):
            _people.security(w, tr, day, drill=True)
        _partners.terraform(w, tr, day)
        _partners.adtech(w, tr, day)
        _partners.subtitles(w, tr, day)
        _partners.sport_account(w, tr, day)
        _changes.emit(w, tr, day)
        attacks.extend(_attacks_more.run(w, tr, day))
    return w, tr.records, attacks + _changes.truth(w)


def generate(out: str | Path, seed: int = 1, *, days: int = 24, scale: float = 1.0) -> Suite:
    """Write the suite under ``out`` and describe it."""
    root = Path(out)
    w, records, truth = build(seed, days=days, scale=scale)
    files = write_trail(records, root)
    write_truth(truth, root / "truth.csv")
    asn_db, city_db = write_mmdb(root / "geo")
    all_days = [w.start + dt.timedelta(days=i) for i in range(days)]
    return Suite(
        root,
        all_days,
        all_days[-SCORED_DAYS:],
        len(records),
        files,
        root / "truth.csv",
        asn_db,
        city_db,
        org.SPORT,
        records,
        truth,
    )


__all__ = ["END", "SCORED_DAYS", "Suite", "build", "generate"]
