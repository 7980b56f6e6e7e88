"""The attacks of the scored week (expected at least medium or high), each after a public
write-up, with its truth rows (by event ids, or by key and address)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._changes import person
from benchmarks.heldout22._org import Ctx, oidc_session
from benchmarks.heldout22._people import _session, home_ip
from benchmarks.heldout22._steps import run, stolen_sso
from benchmarks.heldout22._thefts import (
    glacier_rosters,
    layer_backdoor,
    research_instance,
    resolver_key,
)


def attacks(ctx: Ctx, d: dict[int, dt.date], research_keys: dict[int, str]) -> None:
    prod, data = w.ACCOUNTS["prod"], w.ACCOUNTS["data"]
    table = {"tableName": w.STUDENT_TABLE}

    # A1 an infostealer's stolen console cookie: a support agent's session replayed from a
    # residential proxy in Indonesia, reading student records far beyond a ticket
    agent = person("kristine")
    when = ctx.at(d[-1], 12.6)
    ident = _session(
        ctx,
        agent,
        prod,
        when,
        home_ip(agent.user, "globe", d[-1]),
        console=True,
        agent=agent.browser,
    )
    run(
        ctx,
        ident,
        when,
        home_ip(agent.user, "globe", d[-1]),
        agent.browser,
        prod,
        [("dynamodb", "GetItem", table), ("cognito-idp", "AdminGetUser", {})],
        console=True,
    )
    ip = ctx.ip("telkom_id")
    reads = (
        [("dynamodb", "Scan", table)] * ctx.n(25)
        + [("dynamodb", "Query", table)] * ctx.n(40)
        + [("cognito-idp", "ListUsers", {"limit": 60})] * ctx.n(20)
    )
    ctx.rng.shuffle(reads)
    ids, last = run(
        ctx, ident, ctx.at(d[-1], 14.2), ip, agent.browser, prod, reads, gap=(5, 60), console=True
    )
    key = ident["accessKeyId"]
    name = "support session cookie replayed from a residential proxy"
    ctx.keyed("A1", name, "medium", key, ip, ctx.at(d[-1], 14.1), last)

    # A2 a Cognito app client opened to an outside callback and a backdoor admin, with a
    # platform engineer's SSO token cache stolen to a VPS
    pool = {"userPoolId": "us-east-1_Mv7cQ2pLx"}
    _, _, ids = stolen_sso(
        ctx,
        person("priya"),
        prod,
        "digitalocean",
        ctx.at(d[-3], 2.2),
        w.CLI_LINUX,
        [
            ("sts", "GetCallerIdentity", {}),
            ("cognito-idp", "ListUserPools", {"maxResults": 60}),
            ("cognito-idp", "ListUserPoolClients", pool),
            ("cognito-idp", "DescribeUserPoolClient", pool),
            (
                "cognito-idp",
                "UpdateUserPoolClient",
                {**pool, "callbackURLs": ["https://maplevalley-portal-login.com/oauth2/callback"]},
            ),
            ("cognito-idp", "AdminCreateUser", {**pool, "username": "district-it-admin"}),
            (
                "cognito-idp",
                "AdminSetUserPassword",
                {**pool, "username": "district-it-admin", "permanent": True},
            ),
            (
                "cognito-idp",
                "AdminAddUserToGroup",
                {**pool, "username": "district-it-admin", "groupName": "DistrictAdmins"},
            ),
        ],
    )
    ctx.attack(
        "A2",
        "Cognito app client callback and backdoor admin",
        "medium",
        event_ids=" ".join(ids),
    )

    # A3 the student table exported to another account's bucket, with an analyst's stolen
    # SSO session from a Hetzner VPS
    arn = {"tableArn": f"arn:aws:dynamodb:us-east-1:{data}:table/{w.STUDENT_TABLE}"}
    _, _, ids = stolen_sso(
        ctx,
        person("hannah"),
        data,
        "hetzner",
        ctx.at(d[-2], 19.3),
        w.CLI_OLD,
        [
            ("dynamodb", "ListTables", {}),
            ("dynamodb", "DescribeTable", table),
            ("dynamodb", "DescribeContinuousBackups", table),
            (
                "dynamodb",
                "UpdateContinuousBackups",
                {**table, "pointInTimeRecoverySpecification": {"pointInTimeRecoveryEnabled": True}},
            ),
            (
                "dynamodb",
                "ExportTableToPointInTime",
                {
                    **arn,
                    "s3Bucket": "edu-sync-archive-7731",
                    "s3BucketOwner": "209384756120",
                    "exportFormat": "DYNAMODB_JSON",
                },
            ),
            ("dynamodb", "DescribeExport", {}),
            ("dynamodb", "DescribeExport", {}),
            ("dynamodb", "DescribeExport", {}),
        ],
        gap=(10, 240),
    )
    ctx.attack(
        "A3",
        "student table exported to an outside account",
        "high",
        event_ids=" ".join(ids),
    )

    layer_backdoor(ctx, d)

    # A5 the deploy role assumed by a fork's pull-request workflow (a trust policy on repo:org/*)
    account, runner = prod, ctx.ip("github")
    subject = "repo:brightpath-learning/lms-platform:pull_request"
    session, when = "GitHubActions-8841207735", ctx.at(d[0], 17.3)
    ident, key, minted = oidc_session(ctx, when, account, subject, session, runner, provider=False)
    ids, _ = run(
        ctx,
        ident,
        when,
        runner,
        w.CLI_RUNNER,
        account,
        [
            ("sts", "GetCallerIdentity", {}),
            ("secretsmanager", "ListSecrets", {}),
            *[
                ("secretsmanager", "GetSecretValue", {"secretId": s})
                for s in (
                    "lms/appsync/api-key",
                    "lms/sis/district-tokens",
                    "lms/ses/smtp",
                    "lms/google/oauth-client",
                )
            ],
            ("ssm", "GetParametersByPath", {"path": "/lms/prod", "withDecryption": True}),
            ("s3", "ListBuckets", {}),
        ],
    )
    ctx.attack(
        "A5",
        "deploy role assumed by a fork's workflow",
        "medium",
        event_ids=" ".join([minted, *ids]),
    )

    # A6 Amplify environment variables read for secrets, with a contractor's stolen SSO token
    # from a VPN exit on the threat list
    app, when = {"appId": "d2f8k3l9x0qv7m"}, ctx.at(d[-2], 23.1)
    ident, ip, ids = stolen_sso(
        ctx,
        person("agnieszka"),
        prod,
        "m247",
        when,
        w.CLI_WIN,
        [
            ("amplify", "ListApps", {}),
            ("amplify", "GetApp", app),
            ("amplify", "ListBranches", app),
            ("amplify", "GetBranch", {**app, "branchName": "main"}),
            ("amplify", "GetBranch", {**app, "branchName": "release"}),
            ("amplify", "ListBackendEnvironments", app),
            ("amplify", "GetBackendEnvironment", {**app, "environmentName": "prod"}),
        ],
    )
    ids += run(
        ctx,
        ident,
        when + dt.timedelta(minutes=4),
        ip,
        w.CLI_WIN,
        prod,
        [("amplify", "ListApps", {})],
        region=w.DR,
    )[0]
    ctx.attack(
        "A6",
        "Amplify environment variables read for secrets",
        "medium",
        event_ids=" ".join(ids),
    )

    resolver_key(ctx, d)
    glacier_rosters(ctx, d)

    # A9 the trail's data-event selectors removed first, then the student table backed up
    trail = {"trailName": "bp-data-trail"}
    _, _, ids = stolen_sso(
        ctx,
        person("marcus"),
        data,
        "vnpt",
        ctx.at(d[0], 6.1),
        w.CLI_OLD,
        [
            ("cloudtrail", "DescribeTrails", {}),
            ("cloudtrail", "GetEventSelectors", trail),
            (
                "cloudtrail",
                "PutEventSelectors",
                {**trail, "advancedEventSelectors": [{"name": "Management events only"}]},
            ),
            ("dynamodb", "DescribeTable", table),
            ("dynamodb", "CreateBackup", {**table, "backupName": "tmp-maint"}),
            ("dynamodb", "ListBackups", table),
        ],
        gap=(8, 60),
    )
    ctx.attack(
        "A9",
        "CloudTrail data-event selector removed first",
        "high",
        event_ids=" ".join(ids),
    )

    research_instance(ctx, d, research_keys)
