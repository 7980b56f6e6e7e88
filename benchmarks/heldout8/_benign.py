"""Benign changes in the scored days: how Kessler's accounts really change (expected at most low).

B1, B3-B6 and B9 change the background itself (``Changes``); this module writes the events of
B2, B7 and B8, and every benign truth row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout8._background import Background, Changes
from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import CLI_APIS, CONSOLE_APIS, DR, PROD, SIM, UA
from benchmarks.heldout8._trail import iso, role_arn, role_session

M = dt.timedelta(minutes=1)


def key_at(bg: Background, actor: str, t: dt.datetime) -> str:
    """The session key ``actor`` held at ``t`` (the newest one minted before it)."""
    held = [k for start, end, k in bg.keys.get(actor, []) if start <= t < end]
    if not held:
        raise KeyError(f"{actor} holds no key at {t}")
    return held[-1]


def row(
    ident: str,
    name: str,
    label: str,
    *,
    key: str = "",
    principal: str = "",
    ips: Any = (),
    events: Any = (),
    start: dt.datetime,
    end: dt.datetime,
    severity: str,
) -> dict[str, str]:
    return {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "event_ids": " ".join(events),
        "start": iso(start),
        "end": iso(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def changes_for(first_scored: dt.date) -> Changes:
    d = [
        dt.datetime(first_scored.year, first_scored.month, first_scored.day, tzinfo=dt.UTC)
        + dt.timedelta(days=i)
        for i in range(5)
    ]
    return Changes(
        renumber=d[3] + dt.timedelta(hours=14, minutes=30),
        shutdown=(d[0].date(), d[2].date()),
        rotate=d[1] + dt.timedelta(hours=11),
        secondment=d[3].date(),
        upgrade=d[3] + dt.timedelta(hours=10, minutes=15),
        sim_joins=d[0].date(),
    )


def benign(bg: Background, first_scored: dt.date, end: dt.datetime) -> list[dict[str, str]]:
    c, t = bg.changes, bg.trail
    d0 = dt.datetime(first_scored.year, first_scored.month, first_scored.day, tzinfo=dt.UTC)
    rows: list[dict[str, str]] = []
    new = [BLOCKS["greenville_new"].addr(i) for i in range(1, 13)]
    for principal in (
        f"arn:aws:iam::{PROD}:user/svc-mes-greenville",
        role_arn(PROD, "plant-edge-gateway"),
        role_arn(PROD, "GreengrassV2TokenExchangeRole"),
        role_arn(PROD, "PlantEngineer"),
    ):
        rows.append(
            row(
                "B1",
                "Greenville's ISP renumbers the plant's NAT range",
                "benign",
                principal=principal,
                ips=new,
                start=c.renumber,
                end=end,
                severity="low",
            )
        )
    # B2: Patch Tuesday: AWS-RunPatchBaseline on every Windows instance through SSM
    patch = d0 + dt.timedelta(days=4, hours=18)
    person = "sabine.roth@kessler-antriebe.de"
    ident = bg.saml(
        patch,
        PROD,
        "ITOps",
        person,
        BLOCKS["hq"].addr(8 + len(person) % 5),
        UA["browser"],
        person + "/patch",
    )
    ip = BLOCKS["hq"].addr(8 + len(person) % 5)
    for region in ("eu-central-1", "us-east-1", "ap-northeast-1"):
        t.event(
            patch + 3 * M,
            PROD,
            region,
            "ssm",
            "SendCommand",
            ident,
            ip,
            UA["browser"],
            request={
                "documentName": "AWS-RunPatchBaseline",
                "parameters": {"Operation": ["Install"]},
                "targets": [{"key": "tag:PatchGroup", "values": ["windows-prod"]}],
                "maxConcurrency": "25%",
            },
            extra={"sessionCredentialFromConsole": "true"},
        )
        t.event(
            patch + 40 * M,
            PROD,
            region,
            "ssm",
            "ListCommandInvocations",
            ident,
            ip,
            UA["browser"],
            extra={"sessionCredentialFromConsole": "true"},
        )
    for n, (account, region, role, iid, nat) in enumerate(bg.fleet):
        at = patch + (5 + 7 * (n % 4)) * M
        key = key_at(bg, iid, at)
        me = role_session(account, role, iid, key, at, ec2=True)
        for j, (svc, api) in enumerate(
            (
                ("ec2messages", "AcknowledgeMessage"),
                ("ssm", "GetDeployablePatchSnapshotForInstance"),
                ("s3", "GetBucketLocation"),
                ("ssm", "PutInventory"),
                ("ssm", "PutComplianceItems"),
                ("ec2messages", "SendReply"),
                ("ssm", "UpdateInstanceInformation"),
            )
        ):
            t.event(at + (2 + 3 * j) * M, account, region, svc, api, me, nat, UA["ssm_agent"])
    for principal in (
        role_arn(PROD, "ITOps"),
        role_arn(PROD, "mes-app"),
        role_arn(PROD, "pi-historian"),
    ):
        rows.append(
            row(
                "B2",
                "Patch Tuesday: AWS-RunPatchBaseline across the fleet",
                "benign",
                principal=principal,
                start=patch,
                end=patch + dt.timedelta(hours=3),
                severity="low",
            )
        )
    # B3 .. B6: changes in the background
    nagoya = [BLOCKS["nagoya"].addr(i) for i in range(1, 13)]
    for principal in (
        f"arn:aws:iam::{PROD}:user/svc-mes-nagoya",
        role_arn(PROD, "plant-edge-gateway"),
        role_arn(PROD, "GreengrassV2TokenExchangeRole"),
        role_arn(PROD, "PlantEngineer"),
    ):
        rows.append(
            row(
                "B3",
                "Nagoya plant maintenance shutdown, then restart",
                "benign",
                principal=principal,
                ips=nagoya,
                start=d0,
                end=end,
                severity="low",
            )
        )
    rows.append(
        row(
            "B4",
            "a Stuttgart edge gateway's certificate renewed (new Roles Anywhere session name)",
            "benign",
            principal=role_arn(PROD, "plant-edge-gateway"),
            ips=[BLOCKS["hq"].addr(3), BLOCKS["hq"].addr(4)],
            start=c.rotate,
            end=end,
            severity="low",
        )
    )
    # his first Nagoya day begins at midnight in Japan (UTC+9), the evening before in UTC
    second = dt.datetime(c.secondment.year, c.secondment.month, c.secondment.day, tzinfo=dt.UTC)
    second -= dt.timedelta(hours=9)
    rows.append(
        row(
            "B5",
            "an MES developer seconded to the Nagoya plant",
            "benign",
            principal=role_arn(PROD, "MESDevelopers"),
            ips=nagoya,
            start=second,
            end=end,
            severity="low",
        )
    )
    rows.append(
        row(
            "B6",
            "AWS Tools for PowerShell upgraded on the Stuttgart MES server",
            "benign",
            principal=f"arn:aws:iam::{PROD}:user/svc-mes-stuttgart",
            start=c.upgrade,
            end=end,
            severity="low",
        )
    )
    rows += _sap_role(bg, d0 + dt.timedelta(days=3), end)
    rows += _dr_test(bg, d0 + dt.timedelta(days=1))
    for principal in (
        role_arn(SIM, "SimEngineer"),
        role_arn(SIM, "pcluster-head"),
        role_arn(SIM, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
    ):
        rows.append(
            row(
                "B9",
                "the eng-sim account joins (simulation cluster)",
                "benign",
                principal=principal,
                start=d0,
                end=end,
                severity="low",
            )
        )
    return rows


def _sap_role(bg: Background, day: dt.datetime, end: dt.datetime) -> list[dict[str, str]]:
    """B7: the SAP migration team's new role, created by CloudFormation, then used."""
    t, rng = bg.trail, bg.trail.rng
    jonas = "jonas.wagner@kessler-antriebe.de"
    ip = BLOCKS["hq"].addr(8 + len(jonas) % 5)
    at = day + dt.timedelta(hours=7, minutes=20)
    ident = bg.saml(at, PROD, "ITOps", jonas, ip, UA["browser"], jonas + "/sap")
    console = {"sessionCredentialFromConsole": "true"}
    t.event(
        at + M,
        PROD,
        "eu-central-1",
        "cloudformation",
        "CreateStack",
        ident,
        ip,
        UA["browser"],
        request={"stackName": "iam-sap-migration", "capabilities": ["CAPABILITY_NAMED_IAM"]},
        extra=console,
    )
    cfn = dict(ident, invokedBy="cloudformation.amazonaws.com")
    for j, api in enumerate(("CreateRole", "PutRolePolicy", "AttachRolePolicy", "GetRole")):
        t.event(
            at + (2 + j) * M,
            PROD,
            "us-east-1",
            "iam",
            api,
            cfn,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            request={"roleName": "SAP-Migration"},
        )
    rows = [
        row(
            "B7",
            "the SAP migration team's new role",
            "benign",
            principal=role_arn(PROD, "ITOps"),
            start=at,
            end=at + dt.timedelta(minutes=30),
            severity="low",
        )
    ]
    team = ("stefan.koch@kessler-antriebe.de", "priya.nair@kessler-antriebe.de")
    for k in range(2):
        for i, email in enumerate(team):
            start = at + dt.timedelta(days=k, hours=1 + i, minutes=float(rng.uniform(0, 40)))
            if start >= end:
                continue
            who = BLOCKS["hq"].addr(14 + i)
            s = bg.saml(start, PROD, "SAP-Migration", email, who, UA["browser"], email)
            apis = CONSOLE_APIS["SAP-Migration"]
            bg.calls(
                start,
                PROD,
                "eu-central-1",
                s,
                who,
                [(a, b, UA["browser"], 15 / len(apis)) for a, b in apis],
                span=6 * 3600,
                error_rate=0.05,
                extra=console,
            )
            s = bg.saml(
                start + dt.timedelta(hours=2),
                PROD,
                "SAP-Migration",
                email,
                who,
                UA["saml2aws"],
                email,
            )
            apis = CLI_APIS["SAP-Migration"]
            bg.calls(
                start + dt.timedelta(hours=2),
                PROD,
                "eu-central-1",
                s,
                who,
                [(a, b, "cli_win", 10 / len(apis)) for a, b in apis],
                span=3 * 3600,
                error_rate=0.05,
            )
    rows.append(
        row(
            "B7",
            "the SAP migration team's new role",
            "benign",
            principal=role_arn(PROD, "SAP-Migration"),
            start=at,
            end=end,
            severity="low",
        )
    )
    return rows


def _dr_test(bg: Background, day: dt.datetime) -> list[dict[str, str]]:
    """B8: the quarterly DR failover test, on a Saturday: DRS launches recovery instances."""
    t = bg.trail
    sabine = "sabine.roth@kessler-antriebe.de"
    ip = BLOCKS["home_de"].addr(41)
    at = day + dt.timedelta(hours=7)
    ident = bg.saml(at, DR, "ITOps", sabine, ip, UA["browser"], sabine + "/dr")
    console = {"sessionCredentialFromConsole": "true"}
    for j, api in enumerate(
        ("DescribeSourceServers", "StartRecovery", "DescribeJobs", "DescribeRecoveryInstances")
    ):
        t.event(
            at + (2 + 4 * j) * M,
            DR,
            "us-east-1",
            "drs",
            api,
            ident,
            ip,
            UA["browser"],
            extra=console,
        )
    slr = "aws-service-role/drs.amazonaws.com/AWSServiceRoleForElasticDisasterRecovery"
    drs = bg.assume(
        at + 20 * M, DR, "us-east-1", slr, "ElasticDisasterRecovery", "drs.amazonaws.com", "drs", 8
    )
    drs["invokedBy"] = "drs.amazonaws.com"
    for j, api in enumerate(
        (
            "CreateLaunchTemplateVersion",
            "RunInstances",
            "CreateTags",
            "DescribeInstances",
            "CreateVolume",
            "AttachVolume",
        )
    ):
        t.event(
            at + (21 + j) * M,
            DR,
            "us-east-1",
            "ec2",
            api,
            drs,
            "drs.amazonaws.com",
            "drs.amazonaws.com",
        )
    rng = t.rng
    for i in range(3):
        iid = "i-0" + rng.bytes(8).hex()[:16]
        for h in range(6):
            t0 = at + dt.timedelta(minutes=35) + dt.timedelta(hours=h)
            me = bg.assume(t0, DR, "us-east-1", "mes-app", iid, "ec2.amazonaws.com", iid, ec2=True)
            bg.calls(
                t0,
                DR,
                "us-east-1",
                me,
                BLOCKS["ec2_us"].addr(70 + i),
                [
                    ("secretsmanager", "GetSecretValue", "dotnet", 0.6),
                    ("ssm", "GetParameter", "dotnet", 2),
                    ("kms", "Decrypt", "dotnet", 2),
                    ("ssm", "UpdateInstanceInformation", "ssm_agent", 1),
                ],
                span=3300,
            )
    done = at + dt.timedelta(hours=6, minutes=50)
    for j, api in enumerate(("TerminateRecoveryInstances", "DescribeJobs")):
        t.event(done + j * M, DR, "us-east-1", "drs", api, ident, ip, UA["browser"], extra=console)
    t.event(
        done + 3 * M,
        DR,
        "us-east-1",
        "ec2",
        "TerminateInstances",
        drs,
        "drs.amazonaws.com",
        "drs.amazonaws.com",
    )
    window = {"start": at - dt.timedelta(minutes=10), "end": done + dt.timedelta(minutes=30)}
    return [
        row(
            "B8",
            "quarterly DR failover test with Elastic Disaster Recovery",
            "benign",
            principal=p,
            severity="low",
            **window,
        )
        for p in (role_arn(DR, "ITOps"), role_arn(DR, "mes-app"), role_arn(DR, slr))
    ]
