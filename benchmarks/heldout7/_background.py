"""The organisation's ordinary days: workloads, people, the MSP, CI, vendors and AWS services.

One method per kind of actor; each takes a Sydney calendar day and adds that actor's records.
The incidents reuse the same methods with a changed parameter (a region, a client, a
network), so a benign change differs from routine in exactly what it says it changes.
"""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout7 import _apis as apis
from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._actors import A, Actors, H, M, _diurnal
from benchmarks.heldout7._trail import (
    iam_user,
    minted,
    other_account,
    role_session,
    service,
    sydney,
)


class Org(Actors):
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


__all__ = ["A", "H", "M", "Org", "all_days"]
