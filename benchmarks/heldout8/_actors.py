"""People, CI, the OT integrator, corp-it and the new eng-sim account: a mixin of ``Background``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import (
    CLI_APIS,
    CONSOLE_APIS,
    CORP,
    PEOPLE,
    PROD,
    SIM,
    SITES,
    UA,
    VENDOR,
    Person,
)
from benchmarks.heldout8._trail import credentials, iam_user, role_arn, role_session

H = dt.timedelta(hours=1)


def summer_time(tz: int, d: dt.date) -> int:
    """Hours of daylight saving on ``d``: Europe until 2026-10-25, the US until 2026-11-01."""
    if tz in (0, 1, 2):
        return 1 if d < dt.date(2026, 10, 25) else 0
    if tz < 0:
        return 1 if d < dt.date(2026, 11, 1) else 0
    return 0


class OtherActors:
    """Needs ``trail``, ``changes``, ``svc``, ``fleet``, ``sim_head``, ``keys`` and the helpers
    ``n``, ``at``, ``site_ip``, ``calls``, ``assume``, ``saml`` of ``Background``."""

    trail: Any
    changes: Any
    svc: dict[str, str]
    fleet: list[tuple[str, str, str, str, str]]
    sim_head: str
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str]]]

    def person_day(self, p: Person, d: dt.date, midnight: dt.datetime, weekend: bool) -> None:
        rng = self.trail.rng
        if weekend and not (p.shift_worker and rng.random() < 0.6) and rng.random() > 0.05:
            return
        site, tz = p.site, p.tz + summer_time(p.tz, d)
        if p.email.startswith("lukas.fischer") and d >= self.changes.secondment:
            site, tz = "nagoya", 9
        if site == "nagoya" and (d.month, d.day) == (11, 3) and rng.random() < 0.7:
            return
        start = midnight + dt.timedelta(hours=p.start_hour - tz + float(rng.uniform(-0.5, 0.5)))
        shut = self.changes.shutdown
        if site == "nagoya" and shut[0] <= d <= shut[1] and rng.random() < 0.7:
            return
        ip = (
            BLOCKS["ec2_eu"].addr(10 + sum(map(ord, p.email)) % 3)
            if site == "workspaces"
            else self.site_ip(site, start, 8 + len(p.email) % 5)
        )
        hours = 7.5
        ident = self.saml(start, PROD, p.role, p.email, ip, UA["browser"], p.email + "/console")
        self.trail.event(
            start + dt.timedelta(seconds=2),
            PROD,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            {k: v for k, v in ident.items() if k != "accessKeyId"},
            ip,
            UA["browser"],
            response={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "readOnly": False,
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                    "SamlProviderArn": f"arn:aws:iam::{PROD}:saml-provider/KesslerADFS",
                },
            },
        )
        region = (
            "eu-central-1" if site in ("stuttgart", "chemnitz", "workspaces") else SITES[site][1]
        )
        apis = CONSOLE_APIS[p.role]
        self.calls(
            start,
            PROD,
            region,
            ident,
            ip,
            [(s, a, UA["browser"], 22 / len(apis)) for s, a in apis],
            span=hours * 3600,
            error_rate=0.02,
            extra={"sessionCredentialFromConsole": "true"},
        )
        if p.cli and rng.random() < 0.7:
            t = start + dt.timedelta(hours=float(rng.uniform(0.5, 4)))
            ident = self.saml(t, PROD, p.role, p.email, ip, UA["saml2aws"], p.email + "/cli")
            apis = CLI_APIS[p.role]
            self.calls(
                t,
                PROD,
                region,
                ident,
                ip,
                [(s, a, "cli_win", 12 / len(apis)) for s, a in apis],
                span=3 * 3600,
                error_rate=0.02,
            )

    def jenkins_day(self, midnight: dt.datetime, weekend: bool) -> None:
        if weekend:
            return
        ident = iam_user(PROD, "svc-jenkins", self.svc["svc-jenkins"])
        ip = BLOCKS["hq"].addr(20)
        for _ in range(self.n(4) + 1):
            t = midnight + dt.timedelta(hours=float(self.trail.rng.uniform(6, 17)))
            for i, api in enumerate(
                (
                    "GetCallerIdentity",
                    "DescribeStacks",
                    "CreateChangeSet",
                    "DescribeChangeSet",
                    "ExecuteChangeSet",
                    "DescribeStackEvents",
                )
            ):
                svc = "sts" if i == 0 else "cloudformation"
                self.trail.event(
                    t + dt.timedelta(seconds=20 * i),
                    PROD,
                    "eu-central-1",
                    svc,
                    api,
                    ident,
                    ip,
                    UA["cli_linux"].replace("{cmd}", "cloudformation.deploy"),
                )
            cfn = dict(ident, invokedBy="cloudformation.amazonaws.com")
            for j, (svc, api) in enumerate(
                (
                    ("ssm", "PutParameter"),
                    ("lambda", "UpdateFunctionCode"),
                    ("lambda", "GetFunction"),
                )
            ):
                self.trail.event(
                    t + dt.timedelta(seconds=140 + 15 * j),
                    PROD,
                    "eu-central-1",
                    svc,
                    api,
                    cfn,
                    "cloudformation.amazonaws.com",
                    "cloudformation.amazonaws.com",
                )

    def vendor_day(self, midnight: dt.datetime, d: dt.date) -> None:
        if d.weekday() not in (1, 3):  # the integrator's support days: Tuesday and Thursday
            return
        t = midnight + dt.timedelta(hours=7 + float(self.trail.rng.uniform(0, 3)))
        ip = BLOCKS["vendor"].addr(6)
        self.vendor_session(t, ip, "otv-m.huber", "vendor_cli", self.fleet[-1][3])

    def vendor_session(self, t: dt.datetime, ip: str, session: str, ua: str, target: str) -> str:
        key = self.trail.key()
        caller = role_session(VENDOR, "SupportEngineers", session[4:], self.trail.key(), t)
        arn = role_arn(PROD, "OTVendorSupport")
        self.trail.event(
            t,
            PROD,
            "eu-central-1",
            "sts",
            "AssumeRole",
            caller,
            ip,
            UA[ua].replace("{cmd}", "sts.assume-role"),
            request={"roleArn": arn, "roleSessionName": session, "externalId": "kessler-ot-7731"},
            response={"credentials": credentials(key, t, 1)},
        )
        self.keys.setdefault("vendor", []).append((t, t + H, key))
        ident = role_session(PROD, "OTVendorSupport", session, key, t)
        agent = UA[ua]
        for i, (svc, api, req) in enumerate(
            (
                ("ssm", "DescribeInstanceInformation", None),
                ("ec2", "DescribeInstances", None),
                ("ssm", "StartSession", {"target": target}),
                ("iot", "ListThings", None),
                ("ssm", "TerminateSession", None),
            )
        ):
            self.trail.event(
                t + dt.timedelta(minutes=2 + 9 * i),
                PROD,
                "eu-central-1",
                svc,
                api,
                ident,
                ip,
                agent.replace("{cmd}", f"{svc}.{api.lower()}"),
                request=req,
            )
        return key

    def corp_day(self, midnight: dt.datetime, weekend: bool) -> None:
        rng = self.trail.rng
        for _ in range(self.n(1.5 if weekend else 10)):  # suppliers' SFTP logins (Transfer Family)
            t = midnight + dt.timedelta(hours=float(rng.uniform(5, 20)))
            supplier = ["schaeffler-edi", "wuerth-logistik", "bosch-rexroth-qa", "nidec-jp"][
                int(rng.integers(4))
            ]
            self.assume(
                t,
                CORP,
                "eu-central-1",
                "transfer-supplier-access",
                f"{supplier}.{rng.bytes(8).hex()}",
                "transfer.amazonaws.com",
                "transfer",
            )
        if weekend:
            return
        t = midnight + dt.timedelta(hours=7.5 + float(rng.uniform(0, 1)))
        ip = BLOCKS["hq"].addr(8 + len(PEOPLE[0].email) % 5)
        ident = self.saml(t, CORP, "ITOps", PEOPLE[0].email, ip, UA["saml2aws"], "corp-itops")
        self.calls(
            t,
            CORP,
            "eu-central-1",
            ident,
            ip,
            [
                ("workspaces", "DescribeWorkspaces", "cli_win", 3),
                ("ds", "DescribeDirectories", "cli_win", 1),
                ("transfer", "ListUsers", "cli_win", 1),
            ],
            span=4 * 3600,
            error_rate=0.02,
        )

    def sim_day(self, midnight: dt.datetime, d: dt.date) -> None:
        for h in range(24):
            t0 = midnight + h * H
            t = self.at(t0, 120)
            ident = self.assume(
                t,
                SIM,
                "eu-central-1",
                "pcluster-head",
                self.sim_head,
                "ec2.amazonaws.com",
                self.sim_head,
                ec2=True,
            )
            self.calls(
                t,
                SIM,
                "eu-central-1",
                ident,
                BLOCKS["ec2_eu"].addr(60),
                [
                    ("ec2", "DescribeInstances", "pcluster", 2),
                    ("dynamodb", "DescribeTable", "pcluster", 0.5),
                    ("ec2", "RunInstances", "pcluster", 0.1),
                    ("ec2", "TerminateInstances", "pcluster", 0.1),
                    ("ssm", "UpdateInstanceInformation", "ssm_agent_linux", 1),
                ],
                span=3400,
            )
        if d.weekday() < 5:
            for i, email in enumerate(
                ("nina.hoffmann@kessler-antriebe.de", "felix.krause@kessler-antriebe.de")
            ):
                t = midnight + dt.timedelta(hours=7.5 + i + float(self.trail.rng.uniform(0, 1)))
                ip = BLOCKS["hq"].addr(11 + i)
                ident = self.saml(t, SIM, "SimEngineer", email, ip, UA["saml2aws"], email)
                apis = CLI_APIS["SimEngineer"]
                self.calls(
                    t,
                    SIM,
                    "eu-central-1",
                    ident,
                    ip,
                    [(s, a, "cli_win", 6) for s, a in apis],
                    span=4 * 3600,
                    error_rate=0.02,
                )
