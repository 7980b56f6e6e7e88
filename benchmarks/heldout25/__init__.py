"""The twenty-fifth held-out suite: Ipê Agrodata, a Brazilian agritech, written without reading
how ``ueba`` detects anything (issue 8). Nothing here imports ``ueba``.

Farm gateways and tractor telematics units get hourly role credentials from the AWS IoT Core
credential provider; growers' phones get theirs from an Amazon Cognito identity pool; an
agronomy assistant calls Amazon Bedrock; the data lake runs on S3, Glue and Athena with EC2
ingest workers; staff sign in through Google Workspace SAML; CodeBuild deploys through
cross-account roles; a satellite-imagery vendor delivers through a role with an external ID;
a cooperative-exchange account joins on the second scored day. The scored days are the soy
harvest's peak. ``python -m benchmarks.heldout25 OUT --seed 1`` writes a seeded trail.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout25._app import (
    ASSISTANT_ROLE,
    AUTH_ROLE,
    GUEST_ROLE,
    Assistant,
    api_day,
    app_day,
    phones,
)
from benchmarks.heldout25._attacks import attacks
from benchmarks.heldout25._benign import benign_rows, rotate_erp, setup_coop
from benchmarks.heldout25._ctx import ACCOUNTS, APP, COOP, DATA, END, FIELD, Ctx, at
from benchmarks.heldout25._field import devices, field_day
from benchmarks.heldout25._net import AWS_NETS, NETS, THREAT, write_geo
from benchmarks.heldout25._people import (
    DEV_USER,
    ERP_USER,
    dev_day,
    erp_day,
    staff_day,
    vendor_day,
)
from benchmarks.heldout25._records import Trail, iam_user
from benchmarks.heldout25._truth import Truth
from benchmarks.heldout25._workers import broker_day, config_day, deploy_day, ingest_day

__all__ = ["Written", "write"]


@dataclass(frozen=True)
class Written:
    out: Path
    trail: Path  # the AWSLogs directory
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
    networks: tuple[str, ...]  # the CIDRs of the blocks the trail's public addresses are in


def role_ids(trail: Trail) -> dict[str, str]:
    names = [
        "gateway",
        "tractor",
        GUEST_ROLE,
        AUTH_ROLE,
        ASSISTANT_ROLE,
        "grower-api",
        "ingest",
        "vendor",
        "codebuild",
        "broker",
        *(f"{a}:deployer" for a in (APP, FIELD, DATA)),
        *(f"{a}:config" for a in ACCOUNTS),
        *(
            f"{a}:GoogleWorkspace-{r}"
            for a in ACCOUNTS
            for r in ("DataAnalyst", "PlatformAdmin", "Agronomist")
        ),
    ]
    return {name: trail.role_id() for name in names}


def write(
    out: Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """A seeded trail of ``days`` days ending on Friday 6 March 2026, the last ``scored_days``
    with the incidents, with its truth, threat list and GeoIP databases, below ``out``."""
    out = Path(out)
    rng = random.Random(f"heldout25:{seed}")
    trail = Trail(rng)
    calendar = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = calendar[-max(1, min(scored_days, days - 1)) :]
    ctx = Ctx(trail, rng, calendar, scored, scale)
    ids = role_ids(trail)
    fleet = devices(ctx)
    pool = f"sa-east-1:{trail.uid()}"
    handsets = phones(ctx, pool)
    assistant = Assistant(ctx, ids[ASSISTANT_ROLE])
    dev_key, erp_old, erp_new = trail.key("AKIA"), trail.key("AKIA"), trail.key("AKIA")
    dev_id, erp_id = "AIDA" + trail.key("")[:17], "AIDA" + trail.key("")[:17]
    begin = at(calendar[0], 0)
    ctx.remember(
        DEV_USER, begin, 24 * (days + 1), dev_key, iam_user(APP, DEV_USER, dev_key, dev_id)
    )
    ctx.remember(
        ERP_USER, begin, 24 * (days + 1), erp_old, iam_user(DATA, ERP_USER, erp_old, erp_id)
    )
    setup: list[str] = []
    rotation: list[str] = []
    for day in calendar:
        field_day(ctx, day, fleet, ids)
        app_day(ctx, day, pool, handsets, ids, assistant)
        api_day(ctx, day, ids["grower-api"])
        staff_day(ctx, day, ids)
        dev_day(ctx, day, dev_key, dev_id)
        erp_day(ctx, day, erp_new if day > ctx.slot(1) else erp_old, erp_id)
        vendor_day(ctx, day, ids["vendor"])
        ingest_day(ctx, day, ids["ingest"])
        deploy_day(ctx, day, ids)
        live = [a for a in ACCOUNTS if a != COOP or day >= ctx.joined]
        config_day(ctx, day, live, ids)
        if day == ctx.joined:
            setup = setup_coop(ctx, ids)
        if day >= ctx.joined:
            broker_day(ctx, day, ids["broker"], 12.8 if day == ctx.joined else 0.0)
        if day == ctx.slot(1):
            rotation = rotate_erp(ctx, ids, erp_old, erp_new)
    truth = Truth()
    attacks(ctx, truth, pool, ids, erp_new)
    benign_rows(ctx, truth, setup, rotation, erp_new)

    out.mkdir(parents=True, exist_ok=True)
    files = trail.write(out)
    used = {n.name for n in NETS.values()} | set(AWS_NETS)
    asn_db, city_db = write_geo(out / "geo", used)
    threat = out / "threat.txt"
    tmp = threat.with_suffix(".tmp")
    tmp.write_text("\n".join(THREAT) + "\n")
    tmp.replace(threat)
    networks = tuple(n.cidr for n in (*NETS.values(), *AWS_NETS.values()))
    return Written(
        out=out,
        trail=out / "AWSLogs",
        truth=truth.write(out / "truth.csv"),
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=calendar,
        scored=scored,
        accounts=list(ACCOUNTS),
        new_account=(ctx.joined, COOP),
        events=len(trail.records),
        files=files,
        networks=networks,
    )
