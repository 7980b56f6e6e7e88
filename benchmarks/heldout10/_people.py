"""People of a day: field production crews uploading from wherever the story is (mobile
carriers, hotel Wi-Fi, the truck's satellite link, all through IAM Identity Center), platform
engineers and the security team. Everyone signs in through the Identity Center portal."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._net import NETS
from benchmarks.heldout10._records import Session, Trail, local_hour, spread, uid
from benchmarks.heldout10._world import World, saml_identity, sso_session

_CREW_CONSOLE = (
    "medialive:DescribeChannel",
    "medialive:ListChannels",
    "mediaconvert:ListJobs",
    "mediaconvert:GetJob",
    "s3:ListBuckets",
    "cloudwatch:GetMetricData",
    "mediapackage:ListChannels",
)
_ADMIN = (
    "ec2:DescribeInstances",
    "iam:ListRoles",
    "iam:GetRole",
    "cloudformation:DescribeStacks",
    "route53:ListHostedZones",
    "route53:ListResourceRecordSets",
    "logs:FilterLogEvents",
    "cloudfront:ListDistributions",
    "cloudfront:GetDistribution",
    "lambda:ListFunctions",
    "acm:ListCertificates",
    "medialive:ListChannels",
    "s3:ListBuckets",
    "sts:GetCallerIdentity",
)
_SECURITY = (
    "guardduty:ListFindings",
    "guardduty:GetFindings",
    "securityhub:GetFindings",
    "iam:GetCredentialReport",
    "cloudtrail:LookupEvents",
    "config:DescribeComplianceByConfigRule",
    "access-analyzer:ListFindings",
    "iam:ListUsers",
)


def sso_login(
    w: World,
    tr: Trail,
    account: str,
    person: org.Person,
    t: dt.datetime,
    ip: str,
    *,
    console: bool,
    ua: str | None = None,
) -> tuple[Session, list[dict[str, Any]]]:
    """The Identity Center sign-in into ``account``: ``AssumeRoleWithSAML`` for the permission
    set's role, and for the console the federated ``ConsoleLogin``."""
    role = f"AWSReservedSSO_{person.team}_{org.SSO_SUFFIX[person.team]}"
    caller = Session(saml_identity(account, person), None, account)
    agent = ua or (person.browser if console else person.cli.format(p=34, cmd="sso.login"))
    minted, rec = tr.assume_role(
        caller,
        t,
        ip,
        agent,
        account,
        role,
        person.email,
        w.pid(f"{account}:{role}"),
        api="AssumeRoleWithSAML",
        hours=8,
        console=console,
        path="/aws-reserved/sso.amazonaws.com/eu-central-1/",
        extra_req={"principalArn": org.SSO_IDP.format(acct=account)},
    )
    rec["requestParameters"].pop("roleSessionName", None)
    out = [rec]
    who = sso_session(w, account, person, minted.key or "", t, console)
    if console:
        login = tr.call(
            who,
            t + dt.timedelta(seconds=4),
            "signin:ConsoleLogin",
            ip,
            agent,
            region="us-east-1",
            resp={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "additionalEventData": {
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                },
            },
        )
        login["readOnly"] = False
        out.append(login)
    return who, out


def console_calls(
    tr: Trail,
    who: Session,
    rng: random.Random,
    t: dt.datetime,
    ip: str,
    person: org.Person,
    apis: tuple[str, ...],
    n: int,
    minutes: float,
    *,
    region: str = "eu-central-1",
) -> list[dict[str, Any]]:
    out = []
    for when in spread(rng, t, minutes, n):
        ua = rng.choice(org.CONSOLE) if rng.random() < 0.6 else person.browser
        out.append(
            tr.call(
                who,
                when,
                rng.choice(apis),
                ip,
                ua,
                region=region,
                error="AccessDenied" if rng.random() < 0.02 else None,
            )
        )
    return out


def crews(w: World, tr: Trail, day: dt.date) -> None:
    """Crews work most days (weekends too: sport is at weekends), on one to three networks a
    day, uploading rushes with ``aws s3 cp`` and checking jobs in the console."""
    for person in org.CREWS:
        rng = w.rng("crew", person.name, day)
        nets = w.trips.get(person.name, {}).get(day)
        if nets is None and rng.random() > (0.8 if day.weekday() < 5 else 0.45):
            continue
        if nets is None:
            pool = (person.home, *person.roam)
            nets = (
                tuple(rng.sample(pool[1:], 1 + rng.randrange(2)))
                if rng.random() < 0.7
                else (person.home,)
            )
        start = 7 + rng.random() * 4
        for k, net in enumerate(nets):
            home = net == person.home
            ip = NETS[net].host(w.rng("lease", person.name, day.toordinal() // 5) if home else rng)
            t = local_hour(day, start + 3.5 * k + rng.random(), person.zone)
            if rng.random() < 0.5:
                who, _ = sso_login(w, tr, org.MEDIA, person, t, ip, console=True)
                console_calls(
                    tr,
                    who,
                    rng,
                    t + dt.timedelta(minutes=1),
                    ip,
                    person,
                    _CREW_CONSOLE,
                    3 + rng.randrange(8),
                    50,
                )
            who, _ = sso_login(
                w, tr, org.MEDIA, person, t + dt.timedelta(minutes=20), ip, console=False
            )
            for when in spread(rng, t + dt.timedelta(minutes=21), 150, w.count(rng, 14)):
                if rng.random() < 0.25:  # mobile networks hand the laptop a new address
                    ip = NETS[net].host(rng)
                key = f"rushes/{person.name}/{when:%Y-%m-%d}/{uid(rng)[:8]}.mov"
                ua = person.cli.format(p=34, cmd="s3.cp")
                tr.s3(
                    who, when, "s3:PutObject", ip, ua, org.BUCKETS["contribution"], key, org.MEDIA
                )
            if rng.random() < 0.3:
                ua = person.cli.format(p=34, cmd="mediaconvert.list-jobs")
                tr.call(who, t + dt.timedelta(minutes=175), "mediaconvert:ListJobs", ip, ua)


def admins(w: World, tr: Trail, day: dt.date) -> None:
    """Platform engineers: weekdays, office or home, CLI and console across the accounts."""
    accounts = [org.PLATFORM, org.MEDIA, org.NEWSROOM] + (
        [org.SPORT] if day >= w.scored_from else []
    )
    for person in org.ADMINS:
        rng = w.rng("admin", person.name, day)
        if day.weekday() >= 5 and rng.random() > 0.1:
            continue
        net = person.roam[0] if rng.random() < 0.6 else person.home
        ip = (
            NETS[net].fixed(20 + org.ADMINS.index(person))
            if net == person.roam[0]
            else NETS[net].host(w.rng("lease", person.name, day.toordinal() // 6))
        )
        for account in rng.sample(accounts, 1 + rng.randrange(len(accounts))):
            t = local_hour(day, 8.5 + rng.random() * 8, person.zone)
            console = rng.random() < 0.4
            who, _ = sso_login(w, tr, account, person, t, ip, console=console)
            if console:
                console_calls(
                    tr,
                    who,
                    rng,
                    t + dt.timedelta(minutes=1),
                    ip,
                    person,
                    _ADMIN,
                    w.count(rng, 10),
                    60,
                )
                continue
            for when in spread(rng, t + dt.timedelta(minutes=1), 90, w.count(rng, 12)):
                api = rng.choice(_ADMIN)
                ua = person.cli.format(p=34, cmd=api.split(":")[1].lower())
                tr.call(
                    who, when, api, ip, ua, error="AccessDenied" if rng.random() < 0.02 else None
                )


def security(w: World, tr: Trail, day: dt.date, drill: bool = False) -> list[dict[str, Any]]:
    """The security team's daily triage (GuardDuty, Security Hub); ``drill`` is an incident-
    response exercise: every account, many more reads, for three hours."""
    out: list[dict[str, Any]] = []
    accounts = [org.PLATFORM, org.MEDIA, org.NEWSROOM] + (
        [org.SPORT] if day >= w.scored_from else []
    )
    for person in org.SECURITY:
        rng = w.rng("sec", person.name, day, drill)
        if day.weekday() >= 5 and not drill:
            continue
        ip = NETS[person.home].fixed(30 + org.SECURITY.index(person))
        targets = accounts if drill else [org.PLATFORM]
        for account in targets:
            t = local_hour(
                day, (14 if drill else 9) + rng.random() * (0.5 if drill else 6), person.zone
            )
            who, recs = sso_login(w, tr, account, person, t, ip, console=False)
            out.extend(recs)
            apis = _SECURITY + (
                (
                    (
                        *_ADMIN,
                        "ec2:DescribeSnapshots",
                        "iam:GetAccountAuthorizationDetails",
                        "s3:GetBucketPolicy",
                        "kms:ListKeys",
                        "ec2:DescribeFlowLogs",
                        "cloudtrail:DescribeTrails",
                        "cloudtrail:GetEventSelectors",
                    )
                )
                if drill
                else ()
            )
            n = w.count(rng, 120 if drill else 8)
            for when in spread(rng, t + dt.timedelta(minutes=1), 150 if drill else 40, n):
                api = rng.choice(apis)
                ua = person.cli.format(p=34, cmd=api.split(":")[1].lower())
                out.append(tr.call(who, when, api, ip, ua))
    return out
