"""The benign changes of the five scored days, written from how real accounts change.

Each returns truth rows labelled ``benign`` with ``expected_max_severity`` low: a person should
not be asked to look at any of them today.
"""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._background import A, M, Org
from benchmarks.heldout7._rows import Row, S, _benign
from benchmarks.heldout7._trail import role_session, sso_role, sydney

CT_CALLS = [
    ("cloudformation", "DescribeStacks"),
    ("iam", "GetRole"),
    ("iam", "CreateRole"),
    ("iam", "PutRolePolicy"),
    ("iam", "AttachRolePolicy"),
    ("config", "PutConfigurationRecorder"),
    ("config", "PutDeliveryChannel"),
    ("config", "StartConfigurationRecorder"),
    ("sns", "CreateTopic"),
    ("sns", "SetTopicAttributes"),
    ("sns", "Subscribe"),
    ("lambda", "UpdateFunctionConfiguration20150331v2"),
    ("events", "PutRule"),
    ("events", "PutTargets"),
    ("logs", "PutRetentionPolicy"),
    ("config", "PutConfigRule"),
]


def _ct_execution(
    o: Org, t0: dt.datetime, acct_name: str, calls: list[tuple[str, str]]
) -> tuple[str, list[str]]:
    """StackSets in the management account assume AWSControlTowerExecution in a member account."""
    acct = A[acct_name]
    role_arn = f"arn:aws:iam::{acct}:role/AWSControlTowerExecution"
    key, session = o.ids.key(), f"stacksets-exec-{o.ids.hexid(32)}"
    caller = role_session(
        A["management"],
        "AWSControlTowerStackSetRole",
        "cloudformation-stackset",
        o.ids.key(),
        issued=t0,
        path="/service-role/",
    )
    caller["invokedBy"] = "cloudformation.amazonaws.com"
    ids = [
        o.t.add(
            t0,
            acct,
            org.HOME,
            "sts.amazonaws.com",
            "AssumeRole",
            caller,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            req={"roleArn": role_arn, "roleSessionName": session},
            resp={"credentials": {"accessKeyId": key}},
        )
    ]
    ident = role_session(acct, "AWSControlTowerExecution", session, key, issued=t0)
    ident["invokedBy"] = "cloudformation.amazonaws.com"
    for i, (src, name) in enumerate(calls):
        rgn = org.GLOBAL if src == "iam" else org.HOME
        ids.append(
            o.t.add(
                t0 + dt.timedelta(seconds=15 + 11 * i),
                acct,
                rgn,
                f"{src}.amazonaws.com",
                name,
                ident,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
            )
        )
    return key, ids


def configure(o: Org) -> None:
    """Switch on the changes the routine actors carry themselves (before the days are drawn)."""
    o.node20 = S[3]  # B5
    o.bedrock = {"staging": S[4], "prod": S[5]}  # B3


def changes(o: Org) -> list[Row]:
    rows: list[Row] = []
    oliver = next(p for p in org.PEOPLE if p[0] == "oliver.kaur")
    isla = next(p for p in org.PEOPLE if p[0] == "isla.nguyen")
    mia = next(p for p in org.PEOPLE if p[0] == "mia.tran")

    # B1 Control Tower landing-zone update: StackSets across every member account
    t0 = sydney(S[4], 11.0)
    o.person_day(
        S[4],
        oliver,
        force=True,
        accounts=("management",),
        extra=[
            ("controltower", "UpdateLandingZone", 1),
            ("controltower", "GetLandingZoneOperation", 6),
            ("cloudformation", "ListStackInstances", 4),
        ],
    )
    for i, acct_name in enumerate(a for a in org.ACCOUNTS if a != "management"):
        if acct_name == "data":
            continue
        _ct_execution(o, t0 + (10 + 6 * i) * M, acct_name, CT_CALLS)
        rows.append(
            _benign(
                "B1",
                "Control Tower landing-zone update (StackSets in every account)",
                principal=f"arn:aws:iam::{A[acct_name]}:role/AWSControlTowerExecution",
                t0=t0,
                t1=t0 + dt.timedelta(hours=3),
            )
        )

    # B10 Account Factory vends the data account: bootstrap, the platform team, the first Glue runs
    t0 = sydney(org.NEW_ACCOUNT_DAY, 9.5)
    o.person_day(
        org.NEW_ACCOUNT_DAY,
        isla,
        force=True,
        accounts=("management",),
        extra=[("servicecatalog", "ProvisionProduct", 2), ("servicecatalog", "DescribeRecord", 6)],
    )
    _ct_execution(
        o,
        t0 + 25 * M,
        "data",
        [
            *CT_CALLS,
            ("iam", "CreateSAMLProvider"),
            ("cloudtrail", "DescribeTrails"),
            ("s3", "PutBucketPolicy"),
            ("kms", "CreateKey"),
            ("glue", "CreateDatabase"),
        ],
    )
    o.person_day(org.NEW_ACCOUNT_DAY, mia, force=True, accounts=("data",), start_at=12.0)
    end = dt.datetime(2026, 10, 8, tzinfo=dt.UTC)
    for who in ("mia.tran", "henry.martin"):
        pset = "PlatformAdmin" if who == "mia.tran" else "DataAnalyst"
        rows.append(
            _benign(
                "B10",
                "Account Factory vends the data account",
                t0=t0,
                t1=end,
                principal=f"arn:aws:sts::{A['data']}:assumed-role/{sso_role(pset)}/{who}@wattlepay.com.au",
            )
        )
    for principal in ("role/AWSControlTowerExecution", "role/glue-lake-ingest-role"):
        rows.append(
            _benign(
                "B10",
                "Account Factory vends the data account",
                t0=t0,
                t1=end,
                principal=f"arn:aws:iam::{A['data']}:{principal}",
            )
        )

    # B2 the MSP onboards a new engineer: Manila NOC's network, a Windows laptop, a new session name
    engineer, net = org.MSP_NEW_ENGINEER
    ip = o.msp_ips[net]
    for d in (S[3], S[4], S[5]):
        base = dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC) + dt.timedelta(hours=0.5)
        for j in range(3):
            o.msp_session(
                base + dt.timedelta(hours=1 + 2.5 * j + o.rng.random()),
                ("prod", "staging", "prod")[j],
                engineer,
                ip,
                org.CLI_WIN,
            )
    for acct_name in ("prod", "staging"):
        rows.append(
            _benign(
                "B2",
                "The MSP onboards a new engineer (Manila NOC, Windows CLI)",
                ip=ip,
                principal=f"arn:aws:iam::{A[acct_name]}:role/{org.MSP_ROLE}",
                t0=dt.datetime(2026, 10, 5, tzinfo=dt.UTC),
                t1=end,
            )
        )

    # B3 the insights team adopts Bedrock: model access in the console, then the function calls it
    zoe = next(p for p in org.PEOPLE if p[0] == "zoe.patel")
    o.person_day(
        S[4],
        zoe,
        force=True,
        accounts=("staging",),
        ip=o.homes["zoe.patel"],
        start_at=10.3,
        extra=[
            ("bedrock", "ListFoundationModels", 6),
            ("bedrock", "GetFoundationModelAvailability", 4),
            ("bedrock", "PutUseCaseForModelAccess", 1),
            ("bedrock", "ListFoundationModelAgreementOffers", 2),
            ("bedrock", "CreateFoundationModelAgreement", 1),
            ("bedrock", "GetFoundationModel", 3),
        ],
    )
    t0 = sydney(S[4], 0.0)
    rows.append(
        _benign(
            "B3",
            "The insights team adopts Bedrock",
            t0=t0,
            t1=end,
            principal=f"arn:aws:sts::{A['staging']}:assumed-role/{sso_role('Developer')}/zoe.patel@wattlepay.com.au",
        )
    )
    for acct_name in ("staging", "prod"):
        rows.append(
            _benign(
                "B3",
                "The insights team adopts Bedrock",
                t0=t0,
                t1=end,
                principal=f"arn:aws:iam::{A[acct_name]}:role/insights-lambda",
            )
        )

    # B4 daylight saving: the schedules keep Sydney time, so they run an hour earlier in UTC
    for role in (
        "eventbridge-scheduler-glue",
        "glue-etl-settlement-role",
        "eventbridge-scheduler-settlement",
        "settlement-sfn-role",
    ):
        rows.append(
            _benign(
                "B4",
                "Daylight saving moves the Sydney-time schedules an hour earlier in UTC",
                principal=f"arn:aws:iam::{A['prod']}:role/{role}",
                t0=org.DST_START,
                t1=end,
            )
        )

    # B5 the Node.js functions in prod move from nodejs18.x to nodejs20.x (a new SDK in every agent)
    for role in sorted({r for _f, r, rt, _v, _s in org.FUNCTIONS["prod"] if rt == "node"}):
        rows.append(
            _benign(
                "B5",
                "Lambda runtime upgrade nodejs18.x -> nodejs20.x in prod",
                principal=f"arn:aws:iam::{A['prod']}:role/{role}",
                t0=sydney(S[3], 0.0),
                t1=end,
            )
        )

    # B6 a planned DR test in Melbourne (ap-southeast-4): deploy, run the payment path, tear down
    t0, t1 = sydney(S[4], 13.0), sydney(S[4], 17.5)
    tf = [
        ("sts", "GetCallerIdentity"),
        ("lambda", "CreateFunction20150331"),
        ("lambda", "GetFunction20150331v2"),
        ("dynamodb", "DescribeTable"),
        ("cloudformation", "CreateStack"),
        ("cloudformation", "DescribeStacks"),
        ("states", "CreateStateMachine"),
        ("sqs", "CreateQueue"),
    ]
    o.gha_run(t0, "prod", "repo:wattlepay/infra-live:environment:prod", tf, tf=True, region=org.DR)
    o.lambda_day(
        S[4],
        "prod",
        region=org.DR,
        only=("payments-authorise", "payments-capture"),
        hours=(13, 17),
        rate=3.0,
    )
    sam = next(p for p in org.PEOPLE if p[0] == "sam.roberts")
    o.person_day(S[4], sam, force=True, accounts=("prod",), region=org.DR, cli=True, start_at=13.2)
    o.gha_run(
        t1 - 20 * M,
        "prod",
        "repo:wattlepay/infra-live:environment:prod",
        [
            ("sts", "GetCallerIdentity"),
            ("cloudformation", "DeleteStack"),
            ("lambda", "DeleteFunction20150331"),
            ("states", "DeleteStateMachine"),
            ("sqs", "DeleteQueue"),
        ],
        tf=True,
        region=org.DR,
    )
    for principal in ("role/gha-deploy", "role/payments-api-lambda"):
        rows.append(
            _benign(
                "B6",
                "Planned DR test in ap-southeast-4",
                t0=t0,
                t1=t1 + dt.timedelta(hours=3),
                principal=f"arn:aws:iam::{A['prod']}:{principal}",
            )
        )
    rows.append(
        _benign(
            "B6",
            "Planned DR test in ap-southeast-4",
            t0=t0,
            t1=t1 + dt.timedelta(hours=3),
            principal=f"arn:aws:sts::{A['prod']}:assumed-role/{sso_role('PlatformAdmin')}/sam.roberts@wattlepay.com.au",
        )
    )

    # B7 the external auditor's read-only week: a new person from the audit firm's office
    ip = f"{org.NETWORKS['auditor'][0]}14"
    user, pset, _net = org.AUDITOR
    auditor = (
        user.split("@")[0],
        pset,
        "auditor",
        ("prod", "management", "audit", "log-archive"),
        "both",
        "security",
    )
    o.homes[auditor[0]] = ip
    audit_apis = [
        ("iam", "GetAccountAuthorizationDetails", 1),
        ("iam", "GenerateCredentialReport", 1),
        ("iam", "GetCredentialReport", 1),
        ("iam", "ListUsers", 2),
        ("iam", "ListRoles", 3),
        ("iam", "ListPolicies", 2),
        ("iam", "GetAccountPasswordPolicy", 1),
        ("cloudtrail", "GetEventSelectors", 1),
        ("kms", "ListKeys", 2),
        ("kms", "GetKeyRotationStatus", 3),
        ("s3", "ListBuckets", 2),
        ("s3", "GetBucketPolicy", 3),
        ("s3", "GetBucketEncryption", 3),
        ("s3", "GetPublicAccessBlock", 2),
        ("organizations", "DescribeOrganization", 1),
        ("organizations", "ListPolicies", 1),
        ("securityhub", "GetEnabledStandards", 1),
        ("rds", "DescribeDBClusters", 1),
        ("backup", "ListBackupPlans", 1),
    ]
    for d in (S[3], S[4], S[5]):
        o.person_day(d, auditor, force=True, ip=ip, extra=audit_apis)
    rows.append(
        _benign(
            "B7", "External auditor's read-only access week", ip=ip, t0=sydney(S[3], 0.0), t1=end
        )
    )

    # B8 a planned restore test: AWS Backup restores a DynamoDB table in staging, then it is deleted
    t0 = sydney(S[5], 14.0)
    o.person_day(
        S[5],
        isla,
        force=True,
        accounts=("staging",),
        start_at=14.0,
        extra=[
            ("backup", "StartRestoreJob", 1),
            ("backup", "DescribeRestoreJob", 4),
            ("backup", "ListRecoveryPointsByBackupVault", 2),
            ("dynamodb", "DeleteTable", 1),
        ],
    )
    o.service_role(
        t0 + 8 * M,
        A["staging"],
        "backup.amazonaws.com",
        "AWSBackupDefaultServiceRole",
        [
            ("dynamodb", "RestoreTableFromBackup"),
            ("dynamodb", "DescribeTable"),
            ("dynamodb", "DescribeBackup"),
            ("dynamodb", "UpdateContinuousBackups"),
            ("dynamodb", "TagResource"),
            ("kms", "CreateGrant"),
        ],
        session="AWSBackup-AWSBackupDefaultServiceRole",
        spread=40,
    )
    for principal in (
        f"arn:aws:iam::{A['staging']}:role/AWSBackupDefaultServiceRole",
        f"arn:aws:sts::{A['staging']}:assumed-role/{sso_role('PlatformAdmin')}/isla.nguyen@wattlepay.com.au",
    ):
        rows.append(
            _benign(
                "B8",
                "Planned AWS Backup restore test in staging",
                principal=principal,
                t0=t0,
                t1=t0 + dt.timedelta(hours=4),
            )
        )

    # B9 a new repository's GitHub Actions workflow deploys to staging through the usual role
    subject = "repo:wattlepay/ledger-service:ref:refs/heads/main"
    for d, hour in ((S[4], 11.3), (S[4], 15.8), (S[5], 10.1)):
        key, ids = o.gha_run(sydney(d, hour), "staging", subject, o.deploy_calls(1))
        rows.append(
            _benign(
                "B9",
                "A new repository's workflow deploys through GitHub OIDC",
                key=key,
                ids=ids,
                t0=sydney(d, hour),
                t1=sydney(d, hour) + dt.timedelta(hours=1),
            )
        )
    return rows
