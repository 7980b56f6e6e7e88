"""The people, the MSP and CI of the organisation: a base class of actors the workloads extend
(``_background.Org``). Split from ``_background`` only to keep modules short."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout7 import _apis as apis
from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._trail import (
    Trail,
    minted,
    role_session,
    saml_user,
    sso_role,
    sso_session,
    sydney,
    web_identity,
)

A = org.ACCOUNTS
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def _diurnal(local_hour: float, weekend: bool) -> float:
    """Card payments: quiet at 03:00, peak at lunch and early evening, 35% fewer at weekends."""
    curve = (
        0.25,
        0.2,
        0.15,
        0.15,
        0.2,
        0.35,
        0.6,
        0.9,
        1.1,
        1.2,
        1.3,
        1.4,
        1.6,
        1.4,
        1.2,
        1.2,
        1.3,
        1.5,
        1.6,
        1.4,
        1.1,
        0.8,
        0.55,
        0.35,
    )
    return curve[int(local_hour) % 24] * (0.65 if weekend else 1.0)


class Actors:
    def __init__(self, trail: Trail, rng: random.Random, scale: float) -> None:
        self.t, self.rng, self.scale = trail, rng, scale
        # changes the incidents switch on: {"node20": date, "bedrock": {account: date}}
        self.node20: dt.date | None = None
        self.bedrock: dict[str, dt.date] = {}
        self.ids = trail.ids
        self.vendor_ips = [self.ids.ip("aws_use1") for _ in range(4)]
        self.homes = {p[0]: self.ids.ip(p[2]) for p in org.PEOPLE}
        self.office = [f"{org.NETWORKS['office'][0]}{n}" for n in (10, 11)]
        self.colo = f"{org.NETWORKS['office'][0]}12"
        self.msp_ips = {n: self.ids.ip(n) for n in ("msp_brisbane", "msp_manila")}

    def count(self, mean: float) -> int:
        m = mean * self.scale
        return int(m) + (1 if self.rng.random() < m - int(m) else 0)

    def pick(self, items: list[tuple[str, str, int]]) -> tuple[str, str, int]:
        return self.rng.choices(items, weights=[w for *_, w in items])[0]

    def when(self, start: dt.datetime, minutes: float) -> dt.datetime:
        return start + dt.timedelta(seconds=int(self.rng.random() * minutes * 60))

    # ---- people ------------------------------------------------------------------------------

    def person_day(
        self,
        day: dt.date,
        person: tuple[str, str, str, tuple[str, ...], str, str],
        *,
        ip: str | None = None,
        extra: list[tuple[str, str, int]] | None = None,
        force: bool = False,
        accounts: tuple[str, ...] | None = None,
        region: str = org.HOME,
        cli: bool = False,
        start_at: float | None = None,
    ) -> list[str]:
        user, pset, _home, accts, clients, team = person
        weekend = day.weekday() >= 5
        if not force and (self.rng.random() > (0.06 if weekend else 0.88)):
            return []
        start = 8 + self.rng.random() * 2
        length = 6 + self.rng.random() * 3
        where = ip or (
            self.rng.choice(self.office)
            if self.rng.random() < 0.45 and not weekend
            else self.homes[user]
        )
        email = f"{user}@wattlepay.com.au"
        keys = []
        items = list(apis.TEAM_APIS[team]) + (extra or [])
        if pset == "PlatformAdmin":
            items += apis.MANAGEMENT if "management" in accts else []
        for acct_name in accounts or accts:
            if acct_name == "data" and day < org.NEW_ACCOUNT_DAY:
                continue
            acct = A[acct_name]
            t0 = sydney(
                day, start_at if start_at is not None else start + self.rng.random() * length * 0.7
            )
            use_console = not cli and (
                clients == "console" or (clients == "both" and self.rng.random() < 0.5)
            )
            key = self.ids.key()
            keys.append(key)
            role = sso_role(pset)
            ident = sso_session(acct, email, pset, key, issued=t0)
            if use_console:
                login = dict(ident)
                login.pop("accessKeyId")
                self.t.add(
                    t0,
                    acct,
                    region,
                    "signin.amazonaws.com",
                    "ConsoleLogin",
                    login,
                    where,
                    org.BROWSER,
                    resp={"ConsoleLogin": "Success"},
                    event_type="AwsConsoleSignIn",
                    extra={
                        "additionalEventData": {
                            "MobileVersion": "No",
                            "MFAUsed": "No",
                            "LoginTo": "https://console.aws.amazon.com/console/home",
                        }
                    },
                )
                ident["_console"] = True
            else:
                role_arn = f"arn:aws:iam::{acct}:role/aws-reserved/sso.amazonaws.com/{org.SSO_REGION}/{role}"
                self.t.add(
                    t0,
                    acct,
                    region,
                    "sts.amazonaws.com",
                    "AssumeRoleWithSAML",
                    saml_user(acct, email),
                    where,
                    "aws-internal/3 aws-sdk-java/1.12.772 Linux/5.10.226-214.880.amzn2int.x86_64",
                    req={
                        "roleArn": role_arn,
                        "principalArn": "arn:aws:iam::"
                        + acct
                        + ":saml-provider/AWSSSO_4f1c2b7e9d0a3c55_DO_NOT_DELETE",
                        "durationSeconds": 3600,
                    },
                    resp=minted(key, role_arn, email, t0),
                )
            n = self.count(22 + self.rng.random() * 30)
            for _ in range(n):
                src, name, _w = self.pick(items)
                rgn = org.GLOBAL if src in apis.GLOBAL_SOURCES else region
                ua = (
                    org.BROWSER
                    if use_console
                    else org.CLI_MAC.format(v=4, cmd=apis.command(src, name))
                )
                err = "AccessDenied" if self.rng.random() < 0.015 else None
                self.t.add(
                    self.when(t0, length * 60 * 0.4),
                    acct,
                    rgn,
                    apis.source(src),
                    name,
                    ident,
                    where,
                    ua,
                    error=err,
                )
        return keys

    def msp_session(
        self,
        t0: dt.datetime,
        acct_name: str,
        engineer: str,
        ip: str,
        cli: str,
        calls: list[tuple[str, str]] | None = None,
        n: float = 14,
    ) -> tuple[str, list[str]]:
        """An MSP engineer assumes the MSP role from the MSP's account, then works for ~an hour."""
        acct = A[acct_name]
        role_arn = f"arn:aws:iam::{acct}:role/{org.MSP_ROLE}"
        key = self.ids.key()
        caller = {
            "type": "AssumedRole",
            "principalId": f"AROAVWPYMSPENGINEERS:{engineer}",
            "arn": f"arn:aws:sts::{org.MSP_ACCOUNT}:assumed-role/SCCO-Engineers/{engineer}",
            "accountId": org.MSP_ACCOUNT,
            "accessKeyId": self.ids.key(),
        }
        assumed = self.t.add(
            t0,
            acct,
            org.HOME,
            "sts.amazonaws.com",
            "AssumeRole",
            caller,
            ip,
            cli.format(v=2, cmd="sts.assume-role"),
            req={
                "roleArn": role_arn,
                "roleSessionName": engineer,
                "sourceIdentity": engineer,
                "durationSeconds": 3600,
            },
            resp=minted(key, role_arn, engineer, t0),
        )
        ident = role_session(acct, org.MSP_ROLE, engineer, key, issued=t0, source_identity=engineer)
        ids = [
            assumed
        ]  # the AssumeRole, made with the caller's own key, is the session's first event
        todo = (
            calls if calls is not None else [self.pick(apis.MSP)[:2] for _ in range(self.count(n))]
        )
        for src, name in todo:
            rgn = org.GLOBAL if src in apis.GLOBAL_SOURCES else org.HOME
            ids.append(
                self.t.add(
                    self.when(t0 + M, 55),
                    acct,
                    rgn,
                    apis.source(src),
                    name,
                    ident,
                    ip,
                    cli.format(v=2, cmd=apis.command(src, name)),
                )
            )
        return key, ids

    def msp_day(self, day: dt.date) -> None:
        """Brisbane (no daylight saving) works 08-17 AEST; Manila's NOC covers 08-17 and 20-05 PHT."""
        shifts = {
            "kwalker": 8,
            "tmoore": 9,
            "rdelacruz": 8 + 2,
            "jsantos": 20 + 2,
        }  # Sydney-standard hours
        for engineer, net in org.MSP_ENGINEERS:
            if day.weekday() >= 5 and engineer != "jsantos":
                continue
            if self.rng.random() > 0.85:
                continue
            base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
                hours=shifts[engineer] - 10
            )
            for _ in range(1 + self.count(1.2)):
                t0 = base + dt.timedelta(hours=self.rng.random() * 8)
                acct_name = self.rng.choice(("prod", "prod", "staging", "shared"))
                self.msp_session(t0, acct_name, engineer, self.msp_ips[net], org.CLI_MAC)

    # ---- CI ----------------------------------------------------------------------------------

    def gha_run(
        self,
        t0: dt.datetime,
        acct_name: str,
        subject: str,
        calls: list[tuple[str, str]],
        *,
        ip: str | None = None,
        tf: bool = False,
        region: str = org.HOME,
    ) -> tuple[str, list[str]]:
        acct = A[acct_name]
        role_arn = f"arn:aws:iam::{acct}:role/gha-deploy"
        key = self.ids.key()
        ip = ip or self.ids.ip("github")
        session = "GitHubActions"
        resp = minted(key, role_arn, session, t0)
        resp.update(
            {
                "subjectFromWebIdentityToken": subject,
                "audience": "sts.amazonaws.com",
                "provider": f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com",
            }
        )
        ids = [
            self.t.add(
                t0,
                acct,
                region,
                "sts.amazonaws.com",
                "AssumeRoleWithWebIdentity",
                web_identity(acct, subject),
                ip,
                org.GHA_STS,
                req={"roleArn": role_arn, "roleSessionName": session, "durationSeconds": 3600},
                resp=resp,
            )
        ]
        ident = role_session(acct, "gha-deploy", session, key, issued=t0)
        for i, (src, name) in enumerate(calls):
            ua = (
                org.TF.format(svc=src, v=30 + len(src))
                if tf
                else org.CLI_LINUX.format(v=40, cmd=apis.command(src, name))
            )
            rgn = org.GLOBAL if src in apis.GLOBAL_SOURCES else region
            ids.append(
                self.t.add(
                    t0 + dt.timedelta(seconds=20 + i * 9),
                    acct,
                    rgn,
                    apis.source(src),
                    name,
                    ident,
                    ip,
                    ua,
                    data=name in ("PutObject", "GetObject"),
                )
            )
        return key, ids

    def deploy_calls(self, fn_count: int) -> list[tuple[str, str]]:
        calls = [
            ("sts", "GetCallerIdentity"),
            ("s3", "PutObject"),
            ("cloudformation", "DescribeStacks"),
            ("cloudformation", "CreateChangeSet"),
            ("cloudformation", "DescribeChangeSet"),
            ("cloudformation", "ExecuteChangeSet"),
            ("cloudformation", "DescribeStackEvents"),
        ]
        for _ in range(fn_count):
            calls += [
                ("lambda", "UpdateFunctionCode20150331v2"),
                ("lambda", "GetFunction20150331v2"),
                ("lambda", "PublishVersion20150331"),
                ("lambda", "UpdateAlias20150331"),
            ]
        return [*calls, ("cloudformation", "DescribeStacks")]

    def ci_day(self, day: dt.date) -> None:
        if day.weekday() >= 5:
            return
        repos = [
            ("wattlepay/payments-api", ("staging", "prod"), 3),
            ("wattlepay/merchant-portal", ("staging", "prod"), 2),
        ]
        for repo, accts, fns in repos:
            for _ in range(self.count(2.5)):
                t0 = sydney(day, 9.5 + self.rng.random() * 7.5)
                for j, acct_name in enumerate(accts):
                    self.gha_run(
                        t0 + j * 25 * M,
                        acct_name,
                        f"repo:{repo}:ref:refs/heads/main",
                        self.deploy_calls(fns),
                    )
        tf = [
            ("sts", "GetCallerIdentity"),
            ("iam", "GetRole"),
            ("iam", "ListRolePolicies"),
            ("iam", "ListAttachedRolePolicies"),
            ("lambda", "GetFunction20150331v2"),
            ("dynamodb", "DescribeTable"),
            ("dynamodb", "DescribeContinuousBackups"),
            ("sqs", "GetQueueAttributes"),
            ("ec2", "DescribeVpcs"),
            ("ec2", "DescribeSubnets"),
            ("kms", "DescribeKey"),
            ("logs", "DescribeLogGroups"),
            ("states", "DescribeStateMachine"),
            ("s3", "GetObject"),
            ("s3", "PutObject"),
        ]
        for _ in range(self.count(1.5)):
            t0 = sydney(day, 10 + self.rng.random() * 6)
            for acct_name in ("shared", "staging", "prod"):
                self.gha_run(
                    t0, acct_name, "repo:wattlepay/infra-live:environment:" + acct_name, tf, tf=True
                )
