"""Benign changes people make: the GIS team re-publishing a year of archives, the city
auditor's read-only week, the contact-centre admin's Connect flows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout16 import plan
from benchmarks.heldout16.background import World, calls, spread
from benchmarks.heldout16.benign import FRI, MON, THU, TUE, WED, Row, row, whole
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local, role_arn
from benchmarks.heldout16.trail import Caller, role_session


def open_data_republish(world: World) -> list[Row]:
    """B6: the GIS team re-publishes a year of timetable archives (aws s3 sync + invalidations)."""
    trail, rng = world.trail, world.rng("republish", THU)
    person, when = "cwhite@salishmetro.gov", local(THU, 9.5)
    ip = Ids(world.seed, f"city:{person}:{THU}").address("city")
    key, _ = trail.mint_saml(
        "gis", "ADFS-GIS", person, when, ip, "aws-sdk-go/1.44.327 (go1.21.6; windows; amd64)"
    )
    me = Caller(
        role_session("gis", "ADFS-GIS", person, key, when),
        ACCOUNTS["gis"][0],
        ip,
        plan.CLI_WIN.format(cmd="s3.sync"),
    )
    months = [
        f"archive/{y}-{m:02d}"
        for y, m in [(2025, m) for m in range(12, 13)] + [(2026, m) for m in range(1, 12)]
    ]
    puts = [
        (
            "s3",
            "PutObject",
            {"bucketName": "smt-open-data", "key": f"{rng.choice(months)}/gtfs-{n}.zip"},
        )
        for n in range(max(40, int(600 * world.scale)))
    ]
    for n, t in enumerate(spread(rng, when + dt.timedelta(minutes=1), 2.0, len(puts))):
        trail.call(me, t, *puts[n][:2], params=puts[n][2], region="us-east-1")
    for t in spread(rng, when + dt.timedelta(hours=2), 0.3, 12):
        trail.call(
            me,
            t,
            "cloudfront",
            "CreateInvalidation",
            params={"distributionId": "E2SMTOPENDATA", "paths": ["/archive/*"]},
        )
    return [
        row(
            "B6",
            "a year of open-data archives re-published",
            "benign",
            when,
            when + dt.timedelta(hours=3),
            principal=role_arn("gis", "ADFS-GIS"),
        )
    ]


def auditor_week(world: World) -> list[Row]:
    """B8: the city auditor's office reads everything, all week, through a new read-only role."""
    trail, rows = world.trail, []
    menu = [
        ("iam", "GetAccountAuthorizationDetails", None),
        ("iam", "ListUsers", None),
        ("iam", "ListPolicies", None),
        ("iam", "GenerateCredentialReport", None),
        ("iam", "GetCredentialReport", None),
        ("iam", "ListAccessKeys", None),
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketPolicy", None),
        ("s3", "GetBucketAcl", None),
        ("cloudtrail", "DescribeTrails", None),
        ("cloudtrail", "GetEventSelectors", None),
        ("ec2", "DescribeSecurityGroups", None),
        ("kms", "ListKeys", None),
        ("kms", "GetKeyPolicy", None),
        ("config", "DescribeConfigRules", None),
    ]
    for day in (MON, TUE, WED, THU, FRI):
        for auditor in ("jpark@salishmetro.gov", "efischer@salishmetro.gov"):
            rng = world.rng(auditor, day)
            for account in rng.sample(["corp", "fare", "vendor", "ops"], 2):
                when = local(day, rng.uniform(8.5, 14))
                ip = Ids(world.seed, f"city:{auditor}:{day}").address("city")
                key, _ = trail.mint_saml(
                    account, "ADFS-CityAuditor", auditor, when, ip, plan.CHROME_LAPTOP
                )
                me = Caller(
                    role_session(account, "ADFS-CityAuditor", auditor, key, when),
                    ACCOUNTS[account][0],
                    ip,
                    plan.CHROME_LAPTOP,
                    console=True,
                )
                trail.console_login(me, when + dt.timedelta(seconds=3))
                calls(
                    trail,
                    me,
                    spread(rng, when + dt.timedelta(minutes=1), 2.5, rng.randint(25, 60)),
                    menu,
                    rng,
                    denied=0.05,
                )
    for account in ("corp", "fare", "vendor", "ops"):
        rows.append(
            row(
                "B8",
                "the city auditor's read-only week",
                "benign",
                *whole(MON, FRI),
                principal=role_arn(account, "ADFS-CityAuditor"),
            )
        )
    return rows


def contact_flows(world: World) -> list[Row]:
    """B9: the contact-centre admin updates the holiday contact flows in Amazon Connect."""
    trail, rng = world.trail, world.rng("flows", THU)
    person, when = "sjohansen@salishmetro.gov", local(THU, 13)
    ip = Ids(world.seed, f"city:{person}:{THU}").address("city")
    key, _ = trail.mint_saml("corp", "ADFS-ContactCentre", person, when, ip, plan.CHROME_WS)
    me = Caller(
        role_session("corp", "ADFS-ContactCentre", person, key, when),
        ACCOUNTS["corp"][0],
        ip,
        plan.CHROME_WS,
        console=True,
    )
    trail.console_login(me, when + dt.timedelta(seconds=5))
    t = when + dt.timedelta(minutes=3)
    for flow in range(8):
        for name in (
            "DescribeContactFlow",
            "UpdateContactFlowContent",
            "UpdateContactFlowMetadata",
        ):
            trail.call(
                me,
                t,
                "connect",
                name,
                params={"instanceId": "7c1d0b3e-smt", "contactFlowId": f"flow-{flow}"},
            )
            t += dt.timedelta(seconds=rng.randint(30, 200))
    trail.call(me, t, "connect", "AssociateLambdaFunction", params={"instanceId": "7c1d0b3e-smt"})
    return [
        row(
            "B9",
            "holiday contact flows updated in Connect",
            "benign",
            when,
            t + dt.timedelta(minutes=10),
            principal=role_arn("corp", "ADFS-ContactCentre"),
        )
    ]
