"""The benign changes of the scored window (each expected at most low): what they add to the
trail beyond the calendar's effects on the background, and their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout21 import _background as bg
from benchmarks.heldout21 import _org as o
from benchmarks.heldout21 import _services as sv
from benchmarks.heldout21._net import aws_address
from benchmarks.heldout21._people import identity
from benchmarks.heldout21._trail import Trail
from benchmarks.heldout21._truth import Truth

DAY = dt.timedelta(days=1)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - o.AWST


def sso_arn(p: o.Person, account: str | None = None) -> str:
    role, name = o.sso_session(p)
    return f"arn:aws:sts::{o.ACCOUNTS[account or p.account]}:assumed-role/{role}/{name}"


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{o.ACCOUNTS[account]}:role/{role}"


def person(name: str) -> o.Person:
    return next(p for p in o.PEOPLE if p.name == name)


SITE_C = bg.Fleet(
    o.ACCOUNTS["ot-data"],
    "GreengrassV2TokenExchangeRole",
    bg.gateways("site_c", 2),
    "credentials.iot",
    bg.GREENGRASS_CALLS,
    o.UA_GREENGRASS,
    9,
    data=bg.DATA,
)
LITHIUM = bg.Fleet(
    o.ACCOUNTS["lithium-project"],
    "core-drilling-ingest",
    ("i-0d4c8a2e6f1b93705", "i-0a7e1c5f3b9d24806"),
    "ec2",
    (("s3", "PutObject"), ("s3", "GetObject"), ("ssm", "GetParameter")),
    o.UA_BOTO_PLANT,
    4,
    data=bg.DATA,
    agent=o.UA_SSM_LINUX,
)


def draw(trail: Trail, seed: int, cal: o.Calendar, truth: Truth, scale: float) -> dict[str, object]:
    """Everything the benign changes add; returns what the attacks need (the lithium keys)."""
    s = cal.scored
    end = cal.bounds[1]
    ot = "ot-data"
    # B1 roster swap: crew Bravo fly out of Leonora and work from home across Australia
    for p in (q for q in o.PEOPLE if q.crew == "bravo"):
        truth.benign(
            "B1",
            "roster swap: crew Bravo from Starlink at Leonora to home ISPs",
            midnight(s[0]),
            end,
            principal=sso_arn(p),
        )
    # B2 cyclone: site A's gateways and crew silent for three days, back on the fourth
    back = tuple(a for d in s[3:] for a in o.site_egress(seed, "site_a", d, cal))
    truth.benign(
        "B2",
        "cyclone shutdown of Yarrie Creek, then return",
        midnight(s[3]),
        end,
        principal=role_arn(ot, "GreengrassV2TokenExchangeRole"),
        ips=back,
    )
    for p in (q for q in o.PEOPLE if q.crew == "alpha"):
        truth.benign(
            "B2",
            "cyclone shutdown of Yarrie Creek, then return",
            midnight(s[3]),
            end,
            principal=sso_arn(p),
        )
    # B3 Outposts capacity expansion at Leonora (the platform engineer, from the office)
    jess = person("jess.moore")
    t = o.at(s[2], 9.5)
    office = o.BLOCKS["perth_office"].address(o.rng_for(seed, "office", jess.name))
    who = identity(trail, jess, o.ACCOUNTS["mine-operations"], t, trail.key())
    outpost = f"arn:aws:outposts:ap-southeast-2:{o.ACCOUNTS['mine-operations']}:outpost/op-0b3c9e7a1d5f28461"
    steps = [
        ("outposts", "GetOutpostInstanceTypes", None),
        ("ec2", "CreateSubnet", {"outpostArn": outpost, "cidrBlock": "10.42.96.0/24"}),
        (
            "ec2",
            "CreateCapacityReservation",
            {"outpostArn": outpost, "instanceType": "r5.4xlarge", "instanceCount": 2},
        ),
        ("ec2", "RunInstances", {"instanceType": "r5.4xlarge", "subnetId": "subnet-0e4a"}),
        ("ec2", "CreateTags", None),
        ("ec2", "DescribeCapacityReservations", None),
        ("ec2", "DescribeInstances", None),
    ]
    ids = [
        trail.call(
            who,
            t + dt.timedelta(minutes=3 * i),
            svc,
            api,
            ip=office,
            params=params,
            ua=o.UA_CLI_WIN.format(cmd=f"{svc}.{api.lower()}"),
        )
        for i, (svc, api, params) in enumerate(steps)
    ]
    truth.benign(
        "B3",
        "Outposts capacity expansion (r5.4xlarge, capacity reservation, subnet)",
        t - dt.timedelta(minutes=5),
        t + dt.timedelta(hours=1),
        events=tuple(ids),
    )
    new_plant = bg.Fleet(
        o.ACCOUNTS["mine-operations"],
        "plant-historian-server",
        ("i-0e9b4d7c2a6f13580", "i-05c1f8e3b7a2d9460"),
        "ec2",
        (("iotsitewise", "GetAssetPropertyValue"), ("s3", "GetObject"), ("kms", "Decrypt")),
        o.UA_BOTO_PLANT,
        4 * max(scale, 0.05),
        data=bg.DATA,
        agent=o.UA_SSM_LINUX,
    )
    bg.draw_fleet(
        trail,
        seed,
        "plant-new",
        new_plant,
        cal,
        lambda _n, _d: [o.nat(seed, "mine-operations")],
        lambda d: 1,
        silent=lambda d: not cal.outposts_expanded(d),
    )
    truth.benign(
        "B3",
        "Outposts capacity expansion: new instances of the plant role",
        midnight(s[2]),
        end,
        principal=role_arn("mine-operations", "plant-historian-server"),
    )
    # B4 the SAP partner's quarterly patch weekend (drawn by draw_partner at x15)
    for role in ("TangentSAPOps", "sap-ec2-backint"):
        truth.benign(
            "B4",
            "SAP partner's quarterly patch weekend",
            midnight(s[3]),
            end,
            principal=role_arn("corporate-erp", role),
        )
    # B5 a new site's Greengrass gateways registered by the pipeline, then online
    rng = o.rng_for(seed, "site-c")
    t = o.at(s[1], 10.0, rng)
    writes = [
        ("ot-data", c)
        for c in (
            ("iot", "CreateThing"),
            ("iot", "CreateKeysAndCertificate"),
            ("iot", "AttachPolicy"),
            ("iot", "AttachThingPrincipal"),
            ("greengrass", "CreateDeployment"),
        )
    ] * 2
    ids = sv.pipeline_run(
        trail,
        seed,
        t,
        sv.BB_REPO,
        aws_address("us-west-2", rng),
        [o.ACCOUNTS["ot-data"]],
        rng,
        writes,
    )
    truth.benign(
        "B5",
        "new site Mt Magnet: gateways registered by Terraform",
        t - dt.timedelta(minutes=1),
        t + dt.timedelta(hours=1),
        events=tuple(ids),
    )
    site_c = tuple(a for d in s[1:] for a in o.site_egress(seed, "site_c", d, cal))
    bg.draw_fleet(
        trail,
        seed,
        "gw_c",
        SITE_C,
        cal,
        lambda _n, d: o.site_egress(seed, "site_c", d, cal),
        lambda d: 1,
        silent=lambda d: not cal.site_c_live(d),
    )
    truth.benign(
        "B5",
        "new site Mt Magnet: gateways online",
        midnight(s[1]),
        end,
        principal=role_arn(ot, "GreengrassV2TokenExchangeRole"),
        ips=site_c,
    )
    # B6 Starlink re-numbers Leonora's CGNAT into another block of the same ASN
    renumbered = tuple(a for d in s[1:] for a in o.site_egress(seed, "site_b", d, cal))
    truth.benign(
        "B6",
        "Starlink CGNAT re-numbering at Leonora",
        midnight(s[1]),
        end,
        principal=role_arn(ot, "GreengrassV2TokenExchangeRole"),
        ips=renumbered,
    )
    # B7 year-end close in the ERP account (x10 Athena and Glue, drawn by the calendar)
    for name in ("ravi.iyer", "claire.dubois"):
        truth.benign(
            "B7",
            "finance year-end close: Athena and Glue x10",
            midnight(s[0]),
            midnight(s[2]) + DAY,
            principal=sso_arn(person(name)),
        )
    truth.benign(
        "B7",
        "finance year-end close: Athena and Glue x10",
        midnight(s[0]),
        midnight(s[2]) + DAY,
        principal=role_arn("corporate-erp", "glue-erp-close"),
    )
    # B8 SDK and CLI upgrade on the Windows jump hosts (SSM agent, AWS Tools for PowerShell)
    truth.benign(
        "B8",
        "SSM agent and AWS Tools for PowerShell upgrade on the jump hosts",
        midnight(s[1]),
        end,
        principal=role_arn("shared-network", "jumphost-ssm"),
    )
    # B9 the geologist at a conference in Vancouver (console through Okta, usual browser)
    truth.benign(
        "B9",
        "geologist at AME Roundup in Vancouver",
        midnight(s[0]),
        midnight(s[3]) + DAY,
        principal=sso_arn(person("hannah.reid")),
    )
    # B10 a new contractor's first week: created by the platform engineer, then working
    sam = person("sam.kowalski")
    t = o.at(s[0], 8.2)
    net = o.ACCOUNTS["shared-network"]
    office = o.BLOCKS["perth_office"].address(o.rng_for(seed, "office", sam.name))
    who = identity(trail, sam, net, t, trail.key())
    user = o.NEW_CONTRACTOR.name
    ids = [
        trail.call(
            who,
            t + dt.timedelta(minutes=i),
            "iam",
            api,
            ip=office,
            ua=o.UA_CLI_WIN.format(cmd=f"iam.{api.lower()}"),
            params={"userName": user},
        )
        for i, api in enumerate(("CreateUser", "AddUserToGroup", "CreateAccessKey", "TagUser"))
    ]
    truth.benign(
        "B10",
        "new contractor's first week",
        t - dt.timedelta(minutes=1),
        t + dt.timedelta(minutes=10),
        events=tuple(ids),
    )
    truth.benign(
        "B10",
        "new contractor's first week",
        midnight(s[0]),
        end,
        principal=f"arn:aws:iam::{net}:user/{user}",
    )
    # B11 the lithium project's account joins: its instances, Config and Terraform
    lithium_keys = bg.draw_fleet(
        trail,
        seed,
        "lithium",
        LITHIUM,
        cal,
        lambda _n, d: [o.nat(seed, "lithium-project")],
        lambda d: 1,
        silent=lambda d: not cal.lithium_live(d),
        begin=cal.utc_start(s[1]),
    )
    truth.benign(
        "B11",
        "the lithium project's account joins",
        cal.utc_start(s[1]),
        end,
        principal=role_arn("lithium-project", "core-drilling-ingest"),
    )
    for day in s[1:]:
        if o.workday(day) or day == s[1]:
            r = o.rng_for(seed, "lithium-tf", day)
            t = o.at(day, 9 + r.random() * 6, r)
            sv.pipeline_run(
                trail,
                seed,
                t,
                sv.BB_REPO,
                aws_address("us-west-2", r),
                [o.ACCOUNTS["lithium-project"]],
                r,
            )
    return {"lithium": lithium_keys}
