"""The benign changes of the scored days. Most happen inside the background (the harvest peak,
the new combines, the firmware's SDK, the farm that moves to Starlink, the app release, the
assistant's new model, the fair, the harvest report, the vendor's new region); this module
writes the two that are people's work (the new account set up, the ERP key rotated) and every
benign change's truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout25._app import ASSISTANT_ROLE, AUTH_ROLE
from benchmarks.heldout25._ctx import APP, COOP, DATA, FIELD, Ctx, at
from benchmarks.heldout25._field import ROLES
from benchmarks.heldout25._net import AWS_NETS, NETS
from benchmarks.heldout25._people import ERP_USER, STAFF, person_ip, saml_session
from benchmarks.heldout25._truth import Truth
from benchmarks.heldout25._workers import coop_setup

FABIO = next(p for p in STAFF if p.email.startswith("fabio"))


def setup_coop(ctx: Ctx, role_ids: dict[str, str]) -> list[str]:
    """B10's admin work on the new account's first day: its event IDs."""
    day = ctx.joined
    ip = person_ip(FABIO, day)
    before = len(ctx.trail.records)
    _, ident, ua = saml_session(ctx, FABIO, COOP, at(day, 12.0), ip, role_ids)
    coop_setup(ctx, ident, at(day, 12.05), ip, ua)
    return [r[3]["eventID"] for r in ctx.trail.records[before:]]


def rotate_erp(ctx: Ctx, role_ids: dict[str, str], old: str, new: str) -> list[str]:
    """B11: an admin creates the ERP user's second key (the server switches that night) and
    deactivates the first the next afternoon."""
    before = len(ctx.trail.records)
    for offset, (name, params) in enumerate(
        (
            ("CreateAccessKey", {"userName": ERP_USER}),
            ("UpdateAccessKey", {"userName": ERP_USER, "accessKeyId": old, "status": "Inactive"}),
        )
    ):
        day = ctx.slot(1) + dt.timedelta(days=offset)
        if day > ctx.days[-1]:
            break
        ip = person_ip(FABIO, day)
        _, ident, ua = saml_session(ctx, FABIO, DATA, at(day, 14.0), ip, role_ids)
        response = (
            {"accessKey": {"userName": ERP_USER, "accessKeyId": new, "status": "Active"}}
            if offset == 0
            else None
        )
        ctx.trail.add(
            DATA,
            "us-east-1",
            at(day, 14.1),
            ident,
            "iam.amazonaws.com",
            name,
            ip=ip,
            ua=ua,
            params=params,
            response=response,
            read_only=False,
            console=True,
        )
    return [r[3]["eventID"] for r in ctx.trail.records[before:]]


def benign_rows(
    ctx: Ctx, truth: Truth, setup: list[str], rotation: list[str], new_erp: str
) -> None:
    last = at(ctx.days[-1], 24)
    s0, s1, s2, s3, s4 = (at(ctx.slot(i), 0) for i in range(5))
    day = dt.timedelta(days=1)
    tractor = f"arn:aws:iam::{FIELD}:role/{ROLES['tractor']}"
    gateway = f"arn:aws:iam::{FIELD}:role/{ROLES['gateway']}"
    truth.add(
        "B1",
        "harvest peak: tractors work into the night, twice the uploads",
        s0,
        last,
        principal=tractor,
    )
    truth.add(
        "B2",
        "a cooperative's eight new combines onboarded behind their own Starlink",
        s1,
        last,
        principal=tractor,
        ips=[NETS["starlink_c"].host(200)],
    )
    truth.add(
        "B3",
        "gateway firmware update: a newer aws-sdk-cpp fleet-wide",
        s2,
        s2 + day,
        principal=gateway,
    )
    truth.add(
        "B4",
        "app release: newer mobile SDKs and a new pest-identification function",
        s3,
        last,
        principal=f"arn:aws:iam::{APP}:role/{AUTH_ROLE}",
    )
    truth.add(
        "B5",
        "a farm's gateways move from a 4G modem to Starlink",
        s1,
        s1 + day,
        principal=gateway,
        ips=[NETS["starlink_b"].host(42)],
    )
    henrique = f"arn:aws:iam::{APP}:role/GoogleWorkspace-Agronomist"
    truth.add(
        "B6",
        "an agronomist works from the Expodireto Cotrijal fair in Rio Grande do Sul",
        s3,
        min(s3 + 2 * day, last),
        principal=henrique,
        ips=[NETS["vtal_rs"].host(77)],
    )
    truth.add(
        "B7",
        "the assistant moves to Converse and a cross-region inference profile",
        s2,
        s2 + day,
        principal=f"arn:aws:iam::{APP}:role/{ASSISTANT_ROLE}",
    )
    ana = next(p for p in STAFF if p.email.startswith("ana"))
    truth.add(
        "B8",
        "the harvest yield report: sixty Athena queries in a new workgroup",
        s4,
        s4 + day,
        principal=f"arn:aws:iam::{DATA}:role/GoogleWorkspace-DataAnalyst",
        ips=[person_ip(ana, ctx.slot(4))],
    )
    truth.add(
        "B9",
        "the imagery vendor's pipeline moves to eu-west-1",
        s4,
        last,
        principal=f"arn:aws:iam::{DATA}:role/orbitasat-imagery-writer",
        ips=[AWS_NETS["eu-west-1"].host(3000), AWS_NETS["eu-west-1"].host(3001)],
    )
    joined = at(ctx.joined, 0)
    for principal in (
        f"arn:aws:iam::{COOP}:role/coop-exchange-broker",
        f"arn:aws:iam::{COOP}:role/GoogleWorkspace-PlatformAdmin",
        f"arn:aws:iam::{COOP}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    ):
        truth.add(
            "B10",
            "the cooperative-exchange account joins",
            joined,
            joined + day,
            principal=principal,
            events=setup if "Platform" in principal else (),
        )
    truth.add(
        "B11",
        "the ERP export key rotated: a new key from the same server",
        s1,
        last,
        key=new_erp,
        principal=f"arn:aws:iam::{DATA}:user/{ERP_USER}",
        ips=[NETS["hq"].host(9)],
    )
    truth.add("B11", "the rotation by an admin", s1, min(s1 + 2 * day, last), events=rotation)
