"""Jabuti Market, a Brazilian online marketplace: the fourteenth held-out scenario suite,
written without reading the rules (``ueba/detect``, ``ueba/models``, ``docs/rules.md``,
``docs/models.md``) or any other suite's generator, runner, tests or results. Nothing here is
imported from ``ueba`` (a test checks).

``python -m benchmarks.heldout14 OUT --seed N`` writes ``OUT/AWSLogs/<account>/CloudTrail/
<region>/YYYY/MM/DD/*.json.gz`` (five-minute delivery files), ``OUT/truth.csv``,
``OUT/threat.txt`` and ``OUT/geo/jabuti-{ASN,City}.mmdb``. The same seed writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout14._attacks_late import ATTACKS
from benchmarks.heldout14._benign import (
    PAGALI,
    PAYMENTS_NEW,
    RETIRED_HOUR,
    agency_rotation,
    black_friday,
    gitlab_migration,
    payment_provider,
    war_room,
)
from benchmarks.heldout14._benign_ops import blue_green, new_account, pentest, route53_migration
from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._people import people_day
from benchmarks.heldout14._pipelines import bitbucket_day, gitlab_day, terraform_day
from benchmarks.heldout14._plan import ACCOUNTS, Plan, at, calendar
from benchmarks.heldout14._records import Trail
from benchmarks.heldout14._workloads import function_day, workloads_day
from benchmarks.heldout14._write import write_geo, write_trail, write_truth

__all__ = ["Written", "generate"]


@dataclass(frozen=True)
class Written:
    out: Path
    events: int
    files: int
    accounts: tuple[str, ...]
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    new_account: tuple[dt.date, str]


def generate(
    out: str | Path, seed: int = 1, *, days: int = 24, scored_days: int = 5, scale: float = 1.0
) -> Written:
    """Write one seed's organisation into ``out``."""
    if days < scored_days + 3 or scored_days < 4:
        raise ValueError("need at least four scored days and three days of history before them")
    out = Path(out)
    plan = Plan(seed)
    trail = Trail(plan.sub("trail"))
    every = calendar(days)
    ctx = Ctx(plan, trail, every, every[-scored_days:], scale)
    ctx.notes["threat_ip"] = plan.ip("m247", plan.sub("threat"))
    retired = at(ctx.scored[-1], RETIRED_HOUR)
    for day in every:
        new = day >= ctx.first_scored
        workloads_day(ctx, day, PAYMENTS_NEW if new else None)
        if new:
            function_day(ctx, PAGALI, day)
        people_day(ctx, day)
        gitlab_day(ctx, day)
        terraform_day(ctx, day)
        bitbucket_day(ctx, day, retired)
    rows = black_friday(ctx) + war_room(ctx)
    migration, _ = gitlab_migration(ctx)
    rows += migration + payment_provider(ctx) + blue_green(ctx) + agency_rotation(ctx)
    rows += route53_migration(ctx) + pentest(ctx) + new_account(ctx)
    for attack in ATTACKS:
        rows += attack(ctx)
    # the trail ends with the last day in UTC: Monday evening in Brasilia is Tuesday in UTC
    cut = (every[-1] + dt.timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")
    trail.records = [r for r in trail.records if r["eventTime"] < cut]
    out.mkdir(parents=True, exist_ok=True)
    files = write_trail(trail.records, out, plan.sub("files"))
    truth, threat = out / "truth.csv", out / "threat.txt"
    write_truth(rows, truth)
    extra = [plan.ip("m247", plan.sub(f"threat-{i}")) for i in range(2)]
    threat.write_text("\n".join([ctx.notes["threat_ip"], *extra]) + "\n")
    asn_db, city_db = write_geo(out, plan.aws_prefixes())
    accounts = tuple(sorted({r["recipientAccountId"] for r in trail.records}))
    return Written(
        out,
        len(trail.records),
        files,
        accounts,
        tuple(every),
        tuple(ctx.scored),
        truth,
        threat,
        asn_db,
        city_db,
        (ctx.first_scored, ACCOUNTS["pix"]),
    )
