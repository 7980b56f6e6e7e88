"""The benign changes of the scored days: what a naive detector would flag and a person would
not want to hear about. ``plan`` sets, before the ordinary days are generated, when a change
alters them; ``changes`` writes the changes' own events and returns their truth rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._changes import (
    admin_calls,
    auditor,
    backfill,
    mekong,
    named,
    person,
    responders,
    row,
    vanta,
)
from benchmarks.heldout44._ctx import Ctx, at, spread, sso, utc
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._trail import role_arn

H = dt.timedelta(hours=1)
Row = dict[str, Any]


def plan(c: Ctx) -> None:
    p = c.plan
    p.release = at(c.slot(0), 11)
    p.travel = ("Prasert Limthongkul", c.slot(1), c.slot(3))
    p.sdk = at(c.slot(1), 14)
    p.vpce = at(c.slot(2), 10)
    p.nat = at(c.slot(3), 13)
    p.reorg = at(c.slot(2), 0)
    p.peak = c.slot(4)
    p.mekong = c.slot(2)
    w = c.org.telemetry
    fresh = [f"i-0{c.ids.hex(16)}" for _ in range(2)]
    replaced = [*fresh, *w.members[2:]]
    p.replaced = {d: replaced for d in c.days if d >= c.slot(3)}
    c.new_nat = BLOCKS["aws_bkk"].host(40_000 + c.rng.randrange(1000))


def changes(c: Ctx) -> list[Row]:
    p, rows = c.plan, []
    prod = lambda role: role_arn(org.PROD, role)  # noqa: E731
    assert p.release and p.sdk and p.vpce and p.nat and p.reorg and p.peak and p.mekong
    # B1: the telemetry release reads the IoT certificate's secret on every instance at once
    rows += named(
        "B1",
        "telemetry release: new secret and IoT reads on every instance",
        [
            admin_calls(
                c,
                "Nattapong Srisuk",
                org.PROD,
                p.release - H / 2,
                ["ssm:SendCommand", "ssm:ListCommandInvocations"],
            )
        ],
    )
    rows.append(
        row(
            "B1",
            "telemetry release: new secret and IoT reads on every instance",
            prod("cc-telemetry-ingest"),
            p.release,
            p.release + 30 * H,
        )
    )
    # B2: the managing director at a cold-chain trade fair in Tokyo, console through Identity Center
    md = person(c, "Prasert Limthongkul")
    for k in range(3):
        day = p.travel[1] + dt.timedelta(days=k) if p.travel else c.slot(1)
        if day > c.scored[-1]:
            break
        t = at(day, 20 + k / 2)
        ip = BLOCKS["ntt_tokyo"].host(4000 + day.day)
        who, _ = sso(c, t, md, "ReadOnly", org.PROD, ip, console=True)
        for t2 in spread(c, t + H / 20, 0.7, 8):
            c.trail.call(
                t2,
                who,
                org.PROD,
                c.rng.choice(("cloudwatch:GetDashboard", "ce:GetCostAndUsage")),
                "us-east-1",
                ip,
                org.CONSOLE,
            )
    rows.append(
        row(
            "B2",
            "managing director in Tokyo, console through Identity Center",
            c.org.sets_arn("ReadOnly", org.PROD),
            at(p.travel[1] if p.travel else c.slot(1), 0),
            utc(c.scored[-1], 24),
        )
    )
    # B3: the dispatch API's SDK upgrade, deployed by the pipeline
    rows.append(
        row(
            "B3",
            "dispatch API moved to the Java SDK 2.29",
            prod("dispatch-api-task"),
            p.sdk,
            p.sdk + 30 * H,
        )
    )
    # B4: interface endpoints for Secrets Manager and KMS in prod
    rows += named(
        "B4",
        "new VPC endpoints: secret and KMS calls on private addresses",
        [
            admin_calls(
                c,
                "Somchai Wongsakul",
                org.PROD,
                p.vpce - H,
                [
                    "ec2:CreateVpcEndpoint",
                    "ec2:CreateVpcEndpoint",
                    "ec2:DescribeVpcEndpoints",
                    "ec2:ModifyVpcEndpoint",
                ],
            )
        ],
    )
    for role in ("cc-telemetry-ingest", "dispatch-api-task"):
        rows.append(
            row(
                "B4",
                "new VPC endpoints: secret and KMS calls on private addresses",
                prod(role),
                p.vpce,
                p.vpce + 30 * H,
            )
        )
    # B5: the NAT gateway replaced, a new Elastic IP
    rows += named(
        "B5",
        "NAT gateway replaced: a new Elastic IP",
        [
            admin_calls(
                c,
                "Kittipat Boonmee",
                org.PROD,
                p.nat - H / 2,
                [
                    "ec2:AllocateAddress",
                    "ec2:CreateNatGateway",
                    "ec2:DescribeNatGateways",
                    "ec2:ReplaceRoute",
                    "ec2:DeleteNatGateway",
                    "ec2:ReleaseAddress",
                ],
            )
        ],
    )
    for role in ("cc-telemetry-ingest", "dispatch-api-task"):
        rows.append(
            row(
                "B5",
                "NAT gateway replaced: a new Elastic IP",
                prod(role),
                p.nat,
                p.nat + 30 * H,
                c.new_nat,
            )
        )
    rows += vanta(c)
    rows += responders(c)
    rows += auditor(c)
    # B9: the analysts moved to the new DataPlatform permission set
    rows += named(
        "B9",
        "analysts moved to the DataPlatform permission set",
        [
            admin_calls(
                c,
                "Pimchanok Rattanakorn",
                org.MGMT,
                p.reorg - 40 * H,
                [
                    "sso:CreatePermissionSet",
                    "sso:AttachManagedPolicyToPermissionSet",
                    "sso:CreateAccountAssignment",
                    "sso:ProvisionPermissionSet",
                ],
                region=org.SSO_REGION,
            )
        ],
    )
    rows.append(
        row(
            "B9",
            "analysts moved to the DataPlatform permission set",
            c.org.sets_arn("DataPlatform", org.DATA),
            p.reorg,
            utc(c.scored[-1], 24),
        )
    )
    rows += mekong(c)
    # B11: the year-end frozen-goods peak: three times the tasks, throttling, capacity raised
    rows += named(
        "B11",
        "year-end peak: three times the dispatch tasks, throttled",
        [
            admin_calls(
                c,
                "Kittipat Boonmee",
                org.PROD,
                at(p.peak, 6),
                [
                    "application-autoscaling:RegisterScalableTarget",
                    "ecs:UpdateService",
                    "states:UpdateStateMachine",
                ],
            )
        ],
    )
    rows.append(
        row(
            "B11",
            "year-end peak: three times the dispatch tasks, throttled",
            prod("dispatch-api-task"),
            utc(p.peak, 0),
            utc(p.peak, 24),
        )
    )
    rows += backfill(c)
    # B13: Auto Scaling replaced two telemetry instances
    day = c.slot(3)
    slr = {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}
    for k, action in enumerate(
        ("ec2:TerminateInstances", "ec2:RunInstances", "ec2:TerminateInstances", "ec2:RunInstances")
    ):
        c.trail.call(
            utc(day, 0.1) + dt.timedelta(seconds=20 * k),
            slr,
            org.PROD,
            action,
            org.HOME,
            "autoscaling.amazonaws.com",
            "autoscaling.amazonaws.com",
        )
    rows.append(
        row(
            "B13",
            "Auto Scaling replaced two telemetry instances",
            prod("cc-telemetry-ingest"),
            utc(day, 0),
            utc(day, 24),
        )
    )
    # an Identity Center user is named by its session (the permission set's role and the user):
    # each row naming a permission set's role also names the sessions of the change's people
    emails = {
        "B2": [person(c, "Prasert Limthongkul").email],
        "B7": ["wei.ling.tan@ir-retainer.sg", "arjun.menon@ir-retainer.sg"],
        "B8": ["chalerm.w@siam-assurance.co.th"],
        "B9": [x.email for x in c.org.people if x.team == "data"],
        "B12": [person(c, "Ratchanee Suwannarat").email],
    }
    return with_sessions(rows, emails)


def with_sessions(rows: list[Row], emails: dict[str, list[str]]) -> list[Row]:
    """Each row naming an Identity Center role followed by one row per session of ``emails``."""
    out = []
    for r in rows:
        out.append(r)
        arn = r["principal_arn"]
        if "/aws-reserved/sso.amazonaws.com/" in arn:
            account, role = arn.split(":")[4], arn.rsplit("/", 1)[1]
            sessions = [f"arn:aws:sts::{account}:assumed-role/{role}/{e}" for e in emails[r["id"]]]
            out += [{**r, "principal_arn": s} for s in sessions]
    return out
