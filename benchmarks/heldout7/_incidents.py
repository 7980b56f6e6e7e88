"""The five scored days' incidents: attacks (from public write-ups) and benign changes.

Days (UTC dates of the trail; Sydney is 10 or 11 hours ahead): D1 Sat 2026-10-03,
D2 Sun 10-04 (daylight saving from 16:00 UTC on D1), D3 Mon 10-05, D4 Tue 10-06, D5 Wed 10-07.
Every function returns truth rows: dicts in the columns ``ueba.evaluation`` reads plus
``expected_min_severity`` (attacks) or ``expected_max_severity`` (benign changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._background import A, M, Org
from benchmarks.heldout7._rows import Row, S, _attack, _burst, _find_key
from benchmarks.heldout7._trail import iam_user, role_session, root, sso_role, sydney

# ---- attacks ---------------------------------------------------------------------------------


def attacks(o: Org) -> list[Row]:
    rows: list[Row] = []
    # A1 LLMjacking (Sysdig, Permiso): the sandbox PoC user's leaked key from a VPS
    ip, key = o.ids.ip("do_vps"), "AKIAVWPYINSIGHTSPOC1"
    ident = iam_user(A["sandbox"], "insights-poc", key)
    t0 = dt.datetime(2026, 10, 6, 3, 12, tzinfo=dt.UTC)
    calls: list[tuple[str, str, str, Any]] = [("us-east-1", "sts", "GetCallerIdentity", None)]
    for rg in ("us-east-1", "us-west-2"):
        calls += [
            (rg, "bedrock", "GetModelInvocationLoggingConfiguration", None),
            (rg, "bedrock", "ListFoundationModels", None),
            (
                rg,
                "bedrock",
                "GetFoundationModelAvailability",
                {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
            ),
            (rg, "bedrock", "PutUseCaseForModelAccess", {"formData": "***"}),
            (
                rg,
                "bedrock",
                "ListFoundationModelAgreementOffers",
                {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
            ),
            (
                rg,
                "bedrock",
                "CreateFoundationModelAgreement",
                {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
            ),
        ]
    calls += [
        (
            "us-east-1",
            "bedrock",
            "InvokeModel",
            {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
        )
    ] * 40
    calls += [
        (
            "us-west-2",
            "bedrock",
            "InvokeModel",
            {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
        )
    ] * 30
    ids, t1 = _burst(o, t0, A["sandbox"], ident, ip, org.ATK_BOTO, calls, gap=6)
    rows.append(
        _attack(
            "A1", "LLMjacking with a leaked IAM user key from a VPS", key, ip, ids, t0, t1, "high"
        )
    )

    # A2 SES abuse (Permiso, Wiz): the legacy mailer's key from a VPS, quota and sending checks
    ip, key = o.ids.ip("vultr_vps"), "AKIAVWPYSESMAILER0LG"
    ident = iam_user(A["prod"], "ses-mailer-legacy", key)
    t0 = dt.datetime(2026, 10, 5, 13, 40, tzinfo=dt.UTC)
    calls = []
    for rg in ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"):
        calls += [
            (rg, "ses", "GetSendQuota", None),
            (rg, "ses", "GetAccountSendingEnabled", None),
            (rg, "ses", "ListIdentities", {"identityType": "Domain"}),
        ]
    calls += [
        ("ap-southeast-2", "ses", "ListEmailIdentities", None),
        ("ap-southeast-2", "ses", "GetAccount", None),
        ("ap-southeast-2", "ses", "UpdateAccountSendingEnabled", {"enabled": True}),
        (
            "ap-southeast-2",
            "ses",
            "PutAccountDetails",
            {"mailType": "MARKETING", "productionAccessEnabled": True},
        ),
        (
            "ap-southeast-2",
            "ses",
            "CreateEmailIdentity",
            {"emailIdentity": "billing-wattlepay.com"},
        ),
    ]
    ids, t1 = _burst(o, t0, A["prod"], ident, ip, org.ATK_CLI_UBU, calls)
    rows.append(
        _attack(
            "A2", "SES abuse with the legacy mailer's leaked key", key, ip, ids, t0, t1, "medium"
        )
    )

    # A3 GitHub OIDC trust without a subject condition: an outside repository assumes gha-deploy
    subject = "repo:ghostcommit-labs/ci-tools:ref:refs/heads/main"
    t0 = dt.datetime(2026, 10, 7, 2, 44, tzinfo=dt.UTC)
    snap = {
        "dBClusterSnapshotIdentifier": "ledger-prod-2026-10-07",
        "attributeName": "restore",
        "valuesToAdd": [org.OUTSIDE_ACCOUNT],
    }
    key, ids = o.gha_run(
        t0,
        "prod",
        subject,
        [
            ("sts", "GetCallerIdentity"),
            ("rds", "DescribeDBClusters"),
            ("rds", "DescribeDBClusterSnapshots"),
            ("rds", "CreateDBClusterSnapshot"),
        ],
    )
    ip = next(r["sourceIPAddress"] for r in o.t.records if r["eventID"] == ids[0])
    ident = role_session(A["prod"], "gha-deploy", "GitHubActions", key, issued=t0)
    more, t1 = _burst(
        o,
        t0 + 6 * M,
        A["prod"],
        ident,
        ip,
        org.CLI_LINUX.replace("{v}", "40"),
        [
            (org.HOME, "rds", "DescribeDBClusterSnapshots", None),
            (org.HOME, "rds", "ModifyDBClusterSnapshotAttribute", snap),
            (org.HOME, "rds", "DescribeDBClusterSnapshotAttributes", None),
        ],
    )
    rows.append(
        _attack(
            "A3",
            "GitHub OIDC role assumed from an outside repository; DB snapshot shared out",
            key,
            ip,
            ids + more,
            t0,
            t1,
            "medium",
        )
    )

    # A4 the MSP's cross-account role assumed with an engineer's stolen MSP credentials from outside
    ip = o.ids.ip("m247")
    t0 = dt.datetime(2026, 10, 6, 17, 5, tzinfo=dt.UTC)
    calls4 = (
        [("ssm", "DescribeParameters")]
        + [("ssm", "GetParametersByPath")] * 12
        + [("secretsmanager", "ListSecrets")]
        + [("secretsmanager", "GetSecretValue")] * 6
    )
    key, ids = o.msp_session(
        t0,
        "prod",
        "rdelacruz",
        ip,
        org.ATK_CLI_KALI.replace("{cmd}", "{cmd}").replace("2.13.25", "2.13.{v}"),
        calls=calls4,
    )
    rows.append(
        _attack(
            "A4",
            "MSP role assumed from outside the MSP's networks; bulk SSM and secrets reads",
            key,
            ip,
            ids,
            t0,
            t0 + 60 * M,
            "high",
        )
    )

    # A5 an infostealer's copy of a developer's SSO CLI credentials: a public Lambda URL and a layer
    t_login = sydney(S[3], 14.2)
    person = next(p for p in org.PEOPLE if p[0] == "ava.chen")
    keys = o.person_day(S[3], person, force=True, accounts=("prod",), cli=True, start_at=14.2)
    key, ip = keys[0], o.ids.ip("ovh_vps")
    ident = role_session(
        A["prod"],
        sso_role("Developer"),
        "ava.chen@wattlepay.com.au",
        key,
        issued=t_login,
        path="/aws-reserved/sso.amazonaws.com/ap-southeast-2/",
    )
    t0 = t_login + 50 * M
    fn = "merchant-onboarding"
    calls = [
        (org.HOME, "sts", "GetCallerIdentity", None),
        (org.HOME, "lambda", "ListFunctions20150331", None),
        (org.HOME, "lambda", "GetFunction20150331v2", {"functionName": fn}),
        (org.HOME, "lambda", "PublishLayerVersion20181031", {"layerName": "nodejs-telemetry"}),
        (
            org.HOME,
            "lambda",
            "UpdateFunctionConfiguration20150331v2",
            {
                "functionName": fn,
                "layers": ["arn:aws:lambda:ap-southeast-2:418205730055:layer:nodejs-telemetry:1"],
            },
        ),
        (
            org.HOME,
            "lambda",
            "CreateFunctionUrlConfig20211031",
            {"functionName": fn, "authType": "NONE"},
        ),
        (
            org.HOME,
            "lambda",
            "AddPermission20150331v2",
            {
                "functionName": fn,
                "action": "lambda:InvokeFunctionUrl",
                "principal": "*",
                "functionUrlAuthType": "NONE",
            },
        ),
    ]
    ids, t1 = _burst(o, t0, A["prod"], ident, ip, org.ATK_BOTO, calls)
    rows.append(
        _attack(
            "A5",
            "Stolen SSO CLI session: Lambda layer backdoor and a public function URL",
            key,
            ip,
            ids,
            t0,
            t1,
            "high",
        )
    )

    # A6 cold start: the new data account's Glue job role key, minted by its first run, used from Hetzner
    key, minted_at = _find_key(
        o, A["data"], "GlueJobRunnerSession", dt.datetime(2026, 10, 5, 14, 0, tzinfo=dt.UTC)
    )
    ip = o.ids.ip("hetzner")
    ident = role_session(
        A["data"], "glue-lake-ingest-role", "GlueJobRunnerSession", key, issued=minted_at
    )
    calls = [
        (org.HOME, "sts", "GetCallerIdentity", None),
        (org.HOME, "s3", "ListBuckets", None),
        (org.HOME, "glue", "GetDatabases", None),
        (org.HOME, "glue", "GetTables", {"databaseName": "lake_raw"}),
    ]
    calls += [
        (
            org.HOME,
            "s3",
            "GetObject",
            {"bucketName": "wattle-lake-raw", "key": f"cards/part-{i:05d}.parquet"},
        )
        for i in range(15)
    ]
    ids, t1 = _burst(o, minted_at + 21 * M, A["data"], ident, ip, org.ATK_CLI_KALI, calls)
    rows.append(
        _attack(
            "A6",
            "New account (cold start): Glue job role key used outside AWS",
            key,
            ip,
            ids,
            minted_at,
            t1,
            "high",
        )
    )

    # A7 a member account's root password reset, console without MFA from abroad: GuardDuty muted
    ip = o.ids.ip("viettel")
    t0 = dt.datetime(2026, 10, 4, 9, 31, tzinfo=dt.UTC)
    login = root(A["audit"])
    ids = [
        o.t.add(
            t0,
            A["audit"],
            "us-east-1",
            "signin.amazonaws.com",
            "ConsoleLogin",
            login,
            ip,
            org.BROWSER_WIN,
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
    ]
    ident = dict(root(A["audit"], o.ids.key()), _console=True)
    detector = {"detectorId": "a6c8e2d0f4b1a3c5e7d9f1b3a5c7e9d1"}
    calls = [
        (org.HOME, "guardduty", "ListDetectors", None),
        (org.HOME, "guardduty", "GetDetector", dict(detector)),
        (org.HOME, "guardduty", "ListFilters", dict(detector)),
        (
            org.HOME,
            "guardduty",
            "CreateFilter",
            {
                **detector,
                "name": "suppress-noise",
                "action": "ARCHIVE",
                "findingCriteria": {"criterion": {"severity": {"gte": 0}}},
            },
        ),
        (
            org.HOME,
            "guardduty",
            "UpdateDetector",
            {**detector, "findingPublishingFrequency": "SIX_HOURS"},
        ),
        (org.HOME, "guardduty", "ListFindings", dict(detector)),
    ]
    more, t1 = _burst(o, t0, A["audit"], ident, ip, org.BROWSER_WIN, calls, gap=30)
    rows.append(
        _attack(
            "A7",
            "Root console login without MFA from Vietnam; GuardDuty auto-archive filter",
            ident["accessKeyId"],
            ip,
            ids + more,
            t0,
            t1,
            "high",
        )
    )

    # A8 a Lambda function's environment credentials leaked (RCE in a webhook parser), used from a VPS
    key, minted_at = _find_key(
        o, A["prod"], "payments-webhook", dt.datetime(2026, 10, 7, 4, 0, tzinfo=dt.UTC)
    )
    ip = o.ids.ip("frantech")
    ident = role_session(
        A["prod"], "payments-webhook-lambda", "payments-webhook", key, issued=minted_at
    )
    calls = [
        (org.HOME, "sts", "GetCallerIdentity", None),
        (org.HOME, "dynamodb", "ListTables", None),
        (org.HOME, "dynamodb", "DescribeTable", {"tableName": "merchants"}),
    ]
    calls += [(org.HOME, "dynamodb", "Scan", {"tableName": "merchants"})] * 8
    calls += [
        (org.HOME, "secretsmanager", "ListSecrets", None),
        (org.HOME, "secretsmanager", "GetSecretValue", {"secretId": "prod/webhook/signing"}),
        (
            org.HOME,
            "secretsmanager",
            "GetSecretValue",
            {"secretId": "prod/psp/api-key", "_error": True},
        ),
    ]
    ids, t1 = _burst(o, minted_at + 95 * M, A["prod"], ident, ip, org.ATK_CLI_UBU, calls)
    rows.append(
        _attack(
            "A8",
            "Lambda environment credentials used from a VPS",
            key,
            ip,
            ids,
            minted_at,
            t1,
            "high",
        )
    )
    return rows
