"""People and CI: IAM users and IAM Identity Center users on the CLI and the console, GitHub
Actions deploying across accounts, and CloudFormation acting with the deployer's session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.scenarios._background import cli_command, pick, poisson
from benchmarks.scenarios._cloudtrail import (
    CONSOLE_UA,
    Role,
    iam_user,
    mint_response,
    record,
    role_session,
)
from benchmarks.scenarios._net import NETWORKS
from benchmarks.scenarios._org import CLI_LINUX, Call, Org, Person, at

GHA_UA = (
    "aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0-1017-azure lang/js md/nodejs#20.11.1 api/sts#3.540.0 "
    "configure-aws-credentials-for-github-actions"
)
_PEOPLE_CALLS = [
    Call("s3.amazonaws.com", "ListBuckets", 2),
    Call("ec2.amazonaws.com", "DescribeInstances", 3),
    Call("logs.amazonaws.com", "FilterLogEvents", 3),
    Call("cloudformation.amazonaws.com", "DescribeStacks", 2),
    Call("ecs.amazonaws.com", "DescribeServices", 2),
    Call("sts.amazonaws.com", "GetCallerIdentity", 0.5),
    Call("lambda.amazonaws.com", "ListFunctions20150331", 1),
    Call("dynamodb.amazonaws.com", "DescribeTable", 1),
    Call("iam.amazonaws.com", "GetRole", 0.3),
    Call("s3.amazonaws.com", "GetObject", 2, data=True),
]
_CONSOLE_CALLS = [
    Call("ec2.amazonaws.com", "DescribeInstances", 3),
    Call("s3.amazonaws.com", "ListBuckets", 2),
    Call("cloudwatch.amazonaws.com", "DescribeAlarms", 2),
    Call("cloudwatch.amazonaws.com", "GetMetricData", 3),
    Call("lambda.amazonaws.com", "ListFunctions20150331", 1),
    Call("logs.amazonaws.com", "DescribeLogGroups", 1),
    Call("ecs.amazonaws.com", "ListClusters", 1),
    Call("health.amazonaws.com", "DescribeEventAggregates", 1),
]

# the IAM Identity Center user id prefix of a SAMLUser principalId
SAML_ID = "Ukyb2FsZXMtc3NvLWlk"


def _where(org: Org, p: Person, t: dt.datetime) -> str:
    """The person's address at ``t``: on a trip, at the office or at home."""
    for begin, end, ip in p.travel:
        if begin <= t < end:
            return ip
    if t.weekday() in p.office_days:
        return org.office_ip
    return str(at(p.home, t))


def console_sign_in(
    org: Org,
    p: Person,
    account: str,
    t: dt.datetime,
    ip: str,
    *,
    mfa: bool = True,
    ua: str = CONSOLE_UA,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sign-in record and the identity its console session key calls with."""
    key = org.ids.key()
    if p.kind == "iam":
        arn = f"arn:aws:iam::{account}:user/{p.name}"
        rec = record(
            org.ids,
            t,
            account=account,
            region="us-east-1",
            source="signin.amazonaws.com",
            name="ConsoleLogin",
            identity={
                "type": "IAMUser",
                "principalId": p.user_id,
                "arn": arn,
                "accountId": account,
                "userName": p.name,
            },
            ip=ip,
            ua=ua,
            read_only=False,
            event_type="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes" if mfa else "No",
                    **({"MFAIdentifier": f"arn:aws:iam::{account}:mfa/{p.name}"} if mfa else {}),
                }
            },
        )
        return rec, iam_user(account, p.name, p.user_id, key, console_since=t, mfa=mfa)
    role = next(r for r in org.sso_role.values() if r.account == account)
    email = f"{p.name}@acme.example"
    rec = record(
        org.ids,
        t,
        account=account,
        region="us-east-1",
        source="sts.amazonaws.com",
        name="AssumeRoleWithSAML",
        ip=ip,
        ua=ua,
        identity={
            "type": "SAMLUser",
            "principalId": f"{SAML_ID}:{email}",
            "userName": email,
            "identityProvider": f"arn:aws:iam::{account}:saml-provider/AWSSSO_5b7c2e_DO_NOT_DELETE",
        },
        params={
            "roleArn": role.arn,
            "principalArn": f"arn:aws:iam::{account}:saml-provider/AWSSSO_5b7c2e_DO_NOT_DELETE",
            "durationSeconds": 43200,
        },
        response={
            **mint_response(role, email, key, t, 12),
            "subjectType": "persistent",
            "audience": "https://signin.aws.amazon.com/saml",
        },
    )
    return rec, role_session(role, email, key, t)


def person_day(org: Org, p: Person, day: dt.datetime, account: str, calls: int) -> None:
    begin = day + dt.timedelta(hours=9 - p.tz + org.rng.uniform(-1, 1))
    ip = _where(org, p, begin)
    cli_key = p.key if p.kind == "iam" else org.ids.key()
    sso = next(r for r in org.sso_role.values() if r.account == account)
    ident = (
        iam_user(account, p.name, p.user_id, cli_key)
        if p.kind == "iam"
        else role_session(sso, f"{p.name}@acme.example", cli_key, begin)
    )
    for _ in range(calls):
        t = begin + dt.timedelta(hours=org.rng.uniform(0, 8.5))
        ip = _where(org, p, t)
        call = pick(org, _PEOPLE_CALLS)
        error = ("AccessDenied", "not authorized") if org.rng.random() < 0.02 else None
        org.records.append(
            record(
                org.ids,
                t,
                account=account,
                region="us-east-1",
                source=call.source,
                name=call.name,
                identity=ident,
                ip=ip,
                ua=p.cli_ua.format(cmd=cli_command(call)),
                read_only=call.read_only,
                data=call.data,
                error=error,
            )
        )
    if p.console and org.rng.random() < 0.6:
        t = begin + dt.timedelta(hours=org.rng.uniform(0, 6))
        ip = _where(org, p, t)
        sign_in, ident = console_sign_in(org, p, account, t, ip)
        org.records.append(sign_in)
        for _ in range(org.rng.randint(5, 25)):
            when = t + dt.timedelta(minutes=org.rng.uniform(0.5, 90))
            call = pick(org, _CONSOLE_CALLS)
            internal = org.rng.random() < 0.1
            org.records.append(
                record(
                    org.ids,
                    when,
                    account=account,
                    region="us-east-1",
                    source=call.source,
                    name=call.name,
                    identity=ident,
                    ip="AWS Internal" if internal else ip,
                    ua="AWS Internal" if internal else CONSOLE_UA,
                    console=True,
                )
            )


def people(org: Org) -> None:
    analytics = org.accounts["analytics"]
    for d in range(org.days):
        day = org.day(d)
        for p in org.people:
            working = day.weekday() < 5 or org.rng.random() < 0.08
            if not working or org.rng.random() < 0.1:  # leave, meetings all day
                continue
            person_day(org, p, day, p.account, poisson(org, 25 * max(org.scale, 0.3)))
            if p.kind == "sso" and day >= analytics.joins and org.rng.random() < 0.5:
                person_day(org, p, day, analytics.id, poisson(org, 8 * max(org.scale, 0.3)))


def ci(org: Org) -> None:
    """GitHub Actions: OIDC into the CI account, then cross-account deploys with CloudFormation."""
    ci_acc = org.accounts["ci"].id
    provider = f"arn:aws:iam::{ci_acc}:oidc-provider/token.actions.githubusercontent.com"
    targets = [org.accounts[n] for n in ("prod", "staging", "analytics")]
    for d in range(org.days):
        day = org.day(d)
        if day.weekday() >= 5:
            continue
        for run in range(org.rng.randint(3, 6)):
            t = day + dt.timedelta(hours=org.rng.uniform(14, 23))
            ip = NETWORKS["github"].address(org.rng)
            k1 = org.ids.key()
            repo = "repo:acme/platform:ref:refs/heads/main"
            org.records.append(
                record(
                    org.ids,
                    t,
                    account=ci_acc,
                    region="us-east-1",
                    source="sts.amazonaws.com",
                    name="AssumeRoleWithWebIdentity",
                    ip=ip,
                    ua=GHA_UA,
                    identity={
                        "type": "WebIdentityUser",
                        "principalId": f"{provider}:sts.amazonaws.com:{repo}",
                        "userName": repo,
                        "identityProvider": provider,
                    },
                    params={
                        "roleArn": org.ci_role.arn,
                        "roleSessionName": "GitHubActions",
                        "durationSeconds": 3600,
                    },
                    response={
                        **mint_response(org.ci_role, "GitHubActions", k1, t),
                        "provider": provider,
                        "audience": "sts.amazonaws.com",
                        "subjectFromWebIdentityToken": repo,
                    },
                )
            )
            gha = role_session(org.ci_role, "GitHubActions", k1, t)
            t += dt.timedelta(seconds=5)
            org.records.append(
                record(
                    org.ids,
                    t,
                    account=ci_acc,
                    region="us-east-1",
                    source="sts.amazonaws.com",
                    name="GetCallerIdentity",
                    identity=gha,
                    ip=ip,
                    ua=GHA_UA,
                )
            )
            target = [a for a in targets if a.joins <= day][
                run % 3 if day >= targets[2].joins else run % 2
            ]
            deploy(
                org,
                target.deployer,
                gha,
                t + dt.timedelta(seconds=20),
                ip,
                f"gha-{org.ids.hexid('', 10)}",
            )


def deploy(
    org: Org, role: Role | None, caller: dict[str, Any], t: dt.datetime, ip: str, session: str
) -> str:
    assert role is not None
    k2 = org.ids.key()
    org.records.append(
        record(
            org.ids,
            t,
            account=role.account,
            region="us-east-1",
            source="sts.amazonaws.com",
            name="AssumeRole",
            identity=caller,
            ip=ip,
            ua=GHA_UA,
            params={"roleArn": role.arn, "roleSessionName": session, "durationSeconds": 3600},
            response=mint_response(role, session, k2, t),
            extra={"sharedEventID": org.ids.uuid()},
        )
    )
    ident = role_session(role, session, k2, t)
    cli = CLI_LINUX.replace("6.5.0-26-generic", "6.5.0-1017-azure")
    for i, (source, name, ro) in enumerate(
        (
            ("cloudformation.amazonaws.com", "DescribeStacks", True),
            ("s3.amazonaws.com", "PutObject", False),
            ("cloudformation.amazonaws.com", "CreateChangeSet", False),
            ("cloudformation.amazonaws.com", "DescribeChangeSet", True),
            ("cloudformation.amazonaws.com", "ExecuteChangeSet", False),
            ("cloudformation.amazonaws.com", "DescribeStackEvents", True),
        )
    ):
        org.records.append(
            record(
                org.ids,
                t + dt.timedelta(seconds=10 + 15 * i),
                account=role.account,
                region="us-east-1",
                source=source,
                name=name,
                identity=ident,
                ip=ip,
                ua=cli.format(cmd="cloudformation.deploy"),
                read_only=ro,
                data=name == "PutObject",
            )
        )
    acting = role_session(role, session, k2, t, invoked_by="cloudformation.amazonaws.com")
    for i, (source, name) in enumerate(
        (
            ("ecs.amazonaws.com", "UpdateService"),
            ("iam.amazonaws.com", "GetRole"),
            ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2"),
            ("ecs.amazonaws.com", "DescribeServices"),
        )
    ):
        org.records.append(
            record(
                org.ids,
                t + dt.timedelta(seconds=120 + 20 * i),
                account=role.account,
                region="us-east-1",
                source=source,
                name=name,
                identity=acting,
                ip="cloudformation.amazonaws.com",
                ua="cloudformation.amazonaws.com",
                read_only=name.startswith(("Get", "Describe")),
            )
        )
    return k2
