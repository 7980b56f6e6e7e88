"""The benign changes of the scored days (each expected at most low) and the truth rows that
describe them. ``Changes`` also tells the everyday actors how a scored day differs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org, diurnal, workload_day
from benchmarks.heldout15._callers import tfc_sessions
from benchmarks.heldout15._people import person_day
from benchmarks.heldout15._records import (
    iam_user,
    iso,
    role_arn,
    root,
    service,
)

Row = dict[str, Any]


def row(
    ident: str,
    name: str,
    *,
    principal: str = "",
    start: float,
    end: float,
    key: str = "",
    ips: str = "",
    events: str = "",
    label: str = "benign",
    severity: str = "low",
) -> Row:
    return {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ips,
        "event_ids": events,
        "start": iso(start),
        "end": iso(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


class Changes:
    """Which scored day carries which change: the volatility day, the SDK upgrade, the move."""

    def __init__(self, clock: o.Clock) -> None:
        self.clock = clock
        s = clock.scored
        self.rotation, self.drill, self.volatility, self.audit, self.tabletop = (
            s[0],
            s[1],
            s[2],
            s[3],
            s[4],
        )
        self.new_account = s[1]
        self.sdk_from = o.Clock.at(s[2], 6.0)
        self.move_flight, self.move_from = s[0], s[1]

    def mult(self, w: o.Workload, day: dt.date) -> Callable[[float], float]:
        """Trading volume x8 from 02:00 to 12:00 UTC on the volatility day."""
        if day == self.volatility and w.name in (
            "matching-engine",
            "market-data-fanout",
            "withdrawals-api",
        ):
            return lambda h: diurnal(h) * (8.0 if 2 <= h < 12 else 2.0 if 12 <= h < 16 else 1.0)
        return diurnal

    def ua(self, w: o.Workload) -> Callable[[float], str] | None:
        """The signing services move from Boto3 1.34 to 1.35 on the volatility day at 06:00."""
        if w.name not in ("hot-wallet-signer", "sign-request"):
            return None
        return lambda t: o.BOTO_NEW.format(p=49) if t >= self.sdk_from else o.BOTO.format(p=38)

    def person(self, org: Org, person: o.Person, day: dt.date) -> None:
        """João moves from Lisbon to Vancouver: a day in the air, then Vancouver hours."""
        if person.user.startswith("joao") and day >= self.move_flight:
            if day >= self.move_from:
                person_day(org, person, day, where="ca", tz=-8)
            return
        person_day(org, person, day)


def volatility(org: Org, ch: Changes) -> list[Row]:
    """B1: Auto Scaling adds four matching engines in a new Availability Zone at 02:10."""
    w = next(w for w in o.WORKLOADS if w.name == "matching-engine")
    t = o.Clock.at(ch.volatility, 2 + 10 / 60)
    scaler = service("autoscaling.amazonaws.com")
    new = [org.new_instance(w, subnet=2) for _ in range(4)]
    for n, (iid, _ip) in enumerate(new):
        org.trail.add(
            t + n * 20,
            scaler,
            "ec2:RunInstances",
            account=o.TRADING,
            region=o.SG,
            ip="autoscaling.amazonaws.com",
            ua="autoscaling.amazonaws.com",
            params={"availabilityZone": "ap-southeast-1c", "instanceType": "c7i.4xlarge"},
            response={"instancesSet": {"items": [{"instanceId": iid}]}},
        )
    workload_day(org, w, ch.volatility, mult=ch.mult(w, ch.volatility), fleet=new, start=2.5)
    end = o.Clock.at(ch.volatility, 24)
    return [
        row(
            "B1",
            "volatility day: trading x8, matching fleet into a new AZ",
            principal=role_arn(o.TRADING, w.name),
            start=t - 600,
            end=end,
        ),
        row("B1", "", principal=role_arn(o.TRADING, "market-data-fanout"), start=t - 600, end=end),
    ]


def key_rotation(org: Org, ch: Changes) -> list[Row]:
    """B2: the platform pipeline rotates the signing key on demand and adds a multi-Region replica."""
    t = o.Clock.at(ch.rotation, 3.5)
    sessions, ip = tfc_sessions(org, t, (o.CUSTODY,))
    who, key = sessions[o.CUSTODY], o.SIGNING_KEY
    steps = [
        ("kms:DescribeKey", {"keyId": key}),
        ("kms:GetKeyRotationStatus", {"keyId": key}),
        ("kms:RotateKeyOnDemand", {"keyId": key}),
        ("kms:ReplicateKey", {"keyId": key, "replicaRegion": o.FRA}),
        ("kms:ListAliases", None),
        (
            "kms:CreateAlias",
            {"aliasName": "alias/hot-wallet-signing-fra", "targetKeyId": key.replace(o.SG, o.FRA)},
        ),
        (
            "kms:TagResource",
            {
                "keyId": key.replace(o.SG, o.FRA),
                "tags": [{"tagKey": "owner", "tagValue": "custody"}],
            },
        ),
        ("kms:EnableKeyRotation", {"keyId": key, "rotationPeriodInDays": 180}),
        ("kms:GetKeyPolicy", {"keyId": key, "policyName": "default"}),
    ]
    for n, (api, p) in enumerate(steps):
        region = o.FRA if "fra" in str(p) and api != "kms:ReplicateKey" else o.SG
        org.trail.add(
            t + 30 + n * 25,
            who,
            api,
            account=o.CUSTODY,
            region=region,
            ip=ip,
            ua=o.TERRAFORM.format(svc="kms"),
            params=p,
        )
    org.trail.add(
        t + 60,
        service("kms.amazonaws.com"),
        "kms:RotateKey",
        account=o.CUSTODY,
        region=o.SG,
        ip="kms.amazonaws.com",
        ua="kms.amazonaws.com",
        event_type="AwsServiceEvent",
        extra={"serviceEventDetails": {"keyId": key}},
    )
    return [
        row(
            "B2",
            "KMS key rotation and a multi-Region replica by Terraform Cloud",
            principal=role_arn(o.CUSTODY, "tfc-apply"),
            start=t,
            end=t + 1800,
        ),
        row("B2", "", principal=role_arn(o.MGMT, "tfc-landing-zone"), start=t, end=t + 1800),
    ]


def drill(org: Org, ch: Changes) -> list[Row]:
    """B3: the announced break-glass drill from the Singapore office: root, then breakglass-1."""
    t = o.Clock.at(ch.drill, 2.0)
    ip = org.addr.net("sg-office")
    out: list[Row] = []
    for n, who in enumerate(
        (root(o.MGMT), iam_user(o.MGMT, "breakglass-1", org.user_id("breakglass-1"), None))
    ):
        t0 = t + n * 1500
        org.trail.add(
            t0,
            who,
            "signin:ConsoleLogin",
            account=o.MGMT,
            region="us-east-1",
            ip=ip,
            ua=o.CONSOLE,
            event_type="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes",
                    "MfaType": "U2F",
                }
            },
        )
        key = org.trail.key()
        session = dict(
            who,
            accessKeyId=key,
            sessionContext={"attributes": {"creationDate": iso(t0), "mfaAuthenticated": "true"}},
        )
        for m, api in enumerate(
            (
                "iam:GetAccountSummary",
                "iam:ListUsers",
                "iam:ListMFADevices",
                "organizations:DescribeOrganization",
                "iam:GetAccountPasswordPolicy",
                "iam:ListAccountAliases",
            )
        ):
            org.trail.add(
                t0 + 40 + m * 50,
                session,
                api,
                account=o.MGMT,
                region=o.SG,
                ip=ip,
                ua=o.CONSOLE,
                extra={"sessionCredentialFromConsole": "true"},
            )
        out.append(
            row(
                "B3",
                "announced break-glass drill (root, breakglass-1) with MFA from the office",
                principal=who["arn"],
                start=t0 - 60,
                end=t0 + 900,
            )
        )
    return out


def relocation(org: Org, ch: Changes) -> list[Row]:
    """B4: João's sessions from Vancouver after the move (the sessions come from ``Changes.person``)."""
    person = next(p for p in o.PEOPLE if p.user.startswith("joao"))
    return [
        row(
            "B4",
            "SRE relocates from Lisbon to Vancouver",
            principal=f"arn:aws:sts::{a}:assumed-role/{o.sso_role(ps)}/{person.user}",
            start=o.Clock.at(ch.move_from),
            end=o.Clock.at(ch.tabletop, 24),
        )
        for ps, a in person.sets
    ]


def sdk_upgrade(org: Org, ch: Changes) -> list[Row]:
    """B5: Boto3 1.35 across the signing services (the user agents come from ``Changes.ua``)."""
    end = o.Clock.at(ch.tabletop, 24)
    return [
        row(
            "B5",
            "SDK upgrade across the signing services",
            principal=role_arn(o.CUSTODY, n),
            start=ch.sdk_from,
            end=end,
        )
        for n in ("hot-wallet-signer", "sign-request")
    ]


def apply(org: Org, ch: Changes) -> list[Row]:
    """The workload and people changes, in order."""
    rows: list[Row] = []
    for change in (volatility, key_rotation, drill, relocation, sdk_upgrade):
        rows += change(org, ch)
    return rows
