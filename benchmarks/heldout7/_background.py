"""The organisation's ordinary days: workloads, people, the MSP, CI, vendors and AWS services.

One method per kind of actor; each takes a Sydney calendar day and adds that actor's records.
The incidents reuse the same methods with a changed parameter (a region, a client, a
network), so a benign change differs from routine in exactly what it says it changes.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout7 import _apis as apis
from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._trail import (
    Trail,
    iam_user,
    minted,
    other_account,
    role_session,
    saml_user,
    service,
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


class Org:
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

    # ---- workloads ---------------------------------------------------------------------------

    def lambda_day(
        self,
        day: dt.date,
        acct_name: str,
        *,
        region: str = org.HOME,
        node_ua: str = org.LAMBDA_NODE,
        only: tuple[str, ...] = (),
        rate: float = 5.0,
        hours: tuple[int, int] = (0, 24),
        extra_calls: tuple[tuple[str, str], ...] = (),
        extra_share: float = 0.0,
    ) -> None:
        acct = A[acct_name]
        weekend = day.weekday() >= 5
        net = "aws_mel" if region == org.DR else "aws_syd"
        for fn, role, runtime, vpc, svcs in org.FUNCTIONS[acct_name]:
            if only and fn not in only:
                continue
            ua_tmpl = node_ua if runtime == "node" else org.LAMBDA_PY
            if runtime == "node" and acct_name == "prod" and self.node20 and day >= self.node20:
                ua_tmpl = org.LAMBDA_NODE20
            adds, share = extra_calls, extra_share
            if (
                fn == "insights-summarise"
                and acct_name in self.bedrock
                and day >= self.bedrock[acct_name]
            ):
                adds, share = (("bedrock.amazonaws.com", "InvokeModel"),), 0.3
            role_arn = f"arn:aws:iam::{acct}:role/{role}"
            for block in range(hours[0] // 3, (hours[1] + 2) // 3):
                minted_at = sydney(day, block * 3 + self.rng.random() * 0.2)
                key = self.ids.key()
                self.t.add(
                    minted_at,
                    acct,
                    region,
                    "sts.amazonaws.com",
                    "AssumeRole",
                    service("lambda.amazonaws.com"),
                    "lambda.amazonaws.com",
                    "lambda.amazonaws.com",
                    req={"roleArn": role_arn, "roleSessionName": fn, "durationSeconds": 43200},
                    resp=minted(key, role_arn, fn, minted_at, 12),
                )
                ident = role_session(acct, role, fn, key, issued=minted_at)
                ip = (
                    self.rng.choice(org.NAT[acct_name])
                    if vpc and region == org.HOME
                    else self.ids.ip(net)
                )
                for h in range(3):
                    start = minted_at + h * H
                    lh = block * 3 + h
                    for _ in range(self.count(rate * _diurnal(lh, weekend))):
                        if adds and self.rng.random() < share:
                            src, name = self.rng.choice(adds)
                            data = False
                            svc = src.split(".")[0]
                        else:
                            svc = self.rng.choice(svcs)
                            src, names = org.CALLS[svc]
                            name, _w, data = self.rng.choices(
                                names, weights=[w for _n, w, _d in names]
                            )[0]
                        err = "ThrottlingException" if self.rng.random() < 0.003 else None
                        self.t.add(
                            self.when(start, 60),
                            acct,
                            region,
                            src,
                            name,
                            ident,
                            ip,
                            ua_tmpl.format(svc=svc.replace("stepfunctions", "sfn")),
                            data=data,
                            error=err,
                        )

    def service_role(
        self,
        when: dt.datetime,
        acct: str,
        svc: str,
        role: str,
        calls: list[tuple[str, str]],
        *,
        region: str = org.HOME,
        session: str | None = None,
        spread: float = 30.0,
    ) -> None:
        """An AWS service assumes ``role`` and calls from its own hostname (invokedBy)."""
        key = self.ids.key()
        role_arn = f"arn:aws:iam::{acct}:role/{role}"
        session = session or f"{svc.split('.')[0]}-{self.ids.hexid(8)}"
        self.t.add(
            when,
            acct,
            region,
            "sts.amazonaws.com",
            "AssumeRole",
            service(svc),
            svc,
            svc,
            req={"roleArn": role_arn, "roleSessionName": session},
            resp=minted(key, role_arn, session, when),
        )
        ident = role_session(acct, role, session, key, issued=when)
        ident["invokedBy"] = svc
        for src, name in calls:
            data = name in ("PutItem", "UpdateItem", "GetObject", "PutObject", "SendMessage")
            self.t.add(
                self.when(when + M, spread),
                acct,
                region,
                apis.source(src),
                name,
                ident,
                svc,
                svc,
                data=data,
            )

    def schedules_day(self, day: dt.date, *, shift_local: float = 0.0) -> None:
        """EventBridge Scheduler (Australia/Sydney time zone) starts the settlement state machine at
        23:30 and the Glue job at 02:05 local; Step Functions runs the steps; Glue runs the job."""
        prod = A["prod"]
        sfn = [
            ("dynamodb", "UpdateItem"),
            ("sqs", "SendMessage"),
            ("dynamodb", "PutItem"),
            ("events", "PutEvents"),
        ]
        for local in (23.5, 11.5):
            t0 = sydney(day, local + shift_local)
            self.service_role(
                t0,
                prod,
                "scheduler.amazonaws.com",
                "eventbridge-scheduler-settlement",
                [("states", "StartExecution")],
                spread=1,
            )
            self.service_role(
                t0 + M,
                prod,
                "states.amazonaws.com",
                "settlement-sfn-role",
                sfn * self.count(3),
                spread=20,
            )
        for h in range(24):  # fx rates every hour
            self.service_role(
                sydney(day, h + 0.02),
                prod,
                "scheduler.amazonaws.com",
                "eventbridge-scheduler-fx",
                [("lambda", "InvokeFunction")] if self.rng.random() < 0.02 else [],
                spread=1,
            )
        t0 = sydney(day, 2 + 5 / 60 + shift_local)
        self.service_role(
            t0,
            prod,
            "scheduler.amazonaws.com",
            "eventbridge-scheduler-glue",
            [("glue", "StartJobRun")],
            spread=1,
        )
        self.glue_run(t0 + 2 * M, "prod", "glue-etl-settlement-role", "settlement-curate")
        if day > org.NEW_ACCOUNT_DAY:
            self.glue_run(t0 + 7 * M, "data", "glue-lake-ingest-role", "lake-ingest")

    def glue_run(self, t0: dt.datetime, acct_name: str, role: str, job: str) -> str:
        acct = A[acct_name]
        key = self.ids.key()
        role_arn = f"arn:aws:iam::{acct}:role/{role}"
        session = "GlueJobRunnerSession"
        self.t.add(
            t0,
            acct,
            org.HOME,
            "sts.amazonaws.com",
            "AssumeRole",
            service("glue.amazonaws.com"),
            "glue.amazonaws.com",
            "glue.amazonaws.com",
            req={
                "roleArn": role_arn,
                "roleSessionName": session,
                "tags": [{"key": "JobName", "value": job}],
            },
            resp=minted(key, role_arn, session, t0),
        )
        ident = role_session(acct, role, session, key, issued=t0)
        ip = self.ids.ip("aws_syd2")
        calls = [
            ("glue", "GetJob"),
            ("glue", "GetTable"),
            ("glue", "GetPartitions"),
            ("glue", "GetPartitions"),
            ("kms", "Decrypt"),
            ("kms", "GenerateDataKey"),
            ("glue", "BatchCreatePartition"),
            ("glue", "GetTable"),
            ("s3", "GetObject"),
            ("s3", "PutObject"),
        ]
        for _ in range(self.count(4)):
            calls += [("s3", "GetObject"), ("s3", "PutObject"), ("glue", "GetPartitions")]
        for src, name in calls:
            self.t.add(
                self.when(t0 + M, 35),
                acct,
                org.HOME,
                apis.source(src),
                name,
                ident,
                ip,
                org.GLUE,
                data=src == "s3",
            )
        return key

    def vendor_day(self, day: dt.date) -> None:
        """The monitoring vendor polls prod, staging and shared every 30 minutes from us-east-1."""
        for acct_name in ("prod", "staging", "shared"):
            acct = A[acct_name]
            role_arn = f"arn:aws:iam::{acct}:role/ObservoIntegrationRole"
            for slot in range(48):
                t0 = sydney(day, slot / 2 + self.rng.random() * 0.05)
                ip = self.rng.choice(self.vendor_ips)
                key = self.ids.key()
                session = f"observo-{self.ids.hexid(10)}"
                caller = other_account(org.VENDOR_ACCOUNT, "AROAWVENDORPOLLER01:observo-poller")
                self.t.add(
                    t0,
                    acct,
                    org.HOME,
                    "sts.amazonaws.com",
                    "AssumeRole",
                    caller,
                    ip,
                    org.VENDOR,
                    req={
                        "roleArn": role_arn,
                        "roleSessionName": session,
                        "externalId": "HIDDEN_DUE_TO_SECURITY_REASONS",
                    },
                    resp=minted(key, role_arn, session, t0),
                )
                ident = role_session(acct, "ObservoIntegrationRole", session, key, issued=t0)
                for _ in range(self.count(3)):
                    src, name, _w = self.pick(apis.VENDOR)
                    self.t.add(
                        self.when(t0, 4),
                        acct,
                        org.HOME,
                        apis.source(src),
                        name,
                        ident,
                        ip,
                        org.VENDOR,
                    )

    def aws_services_day(self, day: dt.date, accounts: list[str]) -> None:
        """Config, Security Hub and Backup acting in each account on their own."""
        for acct_name in accounts:
            acct = A[acct_name]
            cfg = [
                ("ec2", "DescribeSecurityGroups"),
                ("iam", "GetRole"),
                ("lambda", "GetFunction20150331v2"),
                ("s3", "GetBucketPolicy"),
                ("kms", "DescribeKey"),
                ("dynamodb", "DescribeTable"),
            ]
            for h in range(0, 24, 6):
                self.service_role(
                    sydney(day, h + self.rng.random()),
                    acct,
                    "config.amazonaws.com",
                    "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                    self.rng.sample(cfg, 3),
                    session="AWSConfig-Describe",
                    spread=20,
                )
        self.service_role(
            sydney(day, 1.0),
            A["prod"],
            "backup.amazonaws.com",
            "AWSBackupDefaultServiceRole",
            [
                ("dynamodb", "DescribeTable"),
                ("dynamodb", "CreateBackup"),
                ("dynamodb", "DescribeBackup"),
                ("backup", "CopyIntoBackupVault"),
            ]
            * 3,
            session="AWSBackup-AWSBackupDefaultServiceRole",
            spread=50,
        )
        self.service_role(
            sydney(day, 1.9),
            A["shared"],
            "backup.amazonaws.com",
            "AWSBackupDefaultServiceRole",
            [("backup", "DescribeRecoveryPoint"), ("kms", "Decrypt"), ("kms", "GenerateDataKey")]
            * 2,
            session="AWSBackup-AWSBackupDefaultServiceRole",
            spread=30,
        )

    def mailer_day(self, day: dt.date) -> None:
        """The legacy reconciliation server's SES health check, hourly, with its IAM user key."""
        ident = iam_user(A["prod"], "ses-mailer-legacy", "AKIAVWPYSESMAILER0LG")
        for h in range(24):
            self.t.add(
                sydney(day, h + 0.25 + self.rng.random() * 0.01),
                A["prod"],
                org.HOME,
                "ses.amazonaws.com",
                "GetSendQuota",
                ident,
                self.colo,
                org.LEGACY_JAVA,
            )
        self.t.add(
            sydney(day, 6.0),
            A["prod"],
            org.HOME,
            "ses.amazonaws.com",
            "GetSendStatistics",
            ident,
            self.colo,
            org.LEGACY_JAVA,
        )

    def poc_user_day(self, day: dt.date) -> None:
        """leo.brown's old proof-of-concept IAM user in sandbox, used now and then from home."""
        if day.weekday() >= 5 or self.rng.random() > 0.35:
            return
        ident = iam_user(A["sandbox"], "insights-poc", "AKIAVWPYINSIGHTSPOC1")
        t0 = sydney(day, 10 + self.rng.random() * 6)
        for src, name in [
            ("sts", "GetCallerIdentity"),
            ("s3", "ListBuckets"),
            ("comprehend", "DetectSentiment"),
            ("comprehend", "DetectSentiment"),
            ("s3", "GetBucketLocation"),
            ("comprehend", "DetectEntities"),
        ]:
            self.t.add(
                self.when(t0, 20),
                A["sandbox"],
                org.HOME,
                apis.source(src),
                name,
                ident,
                self.homes["leo.brown"],
                org.BOTO_MAC,
            )

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
        self.t.add(
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
        ids = []
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

    # ---- the whole day -----------------------------------------------------------------------

    def day(self, day: dt.date) -> None:
        self.lambda_day(day, "prod")
        self.lambda_day(day, "staging", rate=0.8)
        self.schedules_day(day)
        self.vendor_day(day)
        accounts = [a for a in org.ACCOUNTS if a != "data" or day >= org.NEW_ACCOUNT_DAY]
        self.aws_services_day(day, accounts)
        self.mailer_day(day)
        self.poc_user_day(day)
        for person in org.PEOPLE:
            self.person_day(day, person)
        self.msp_day(day)
        self.ci_day(day)


def all_days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


__all__ = ["Any", "Org", "all_days"]
