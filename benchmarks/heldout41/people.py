"""Karabatak's people and long-term keys every day: Identity Center sign-ins (``AssumeRoleWithSAML``)
and what each permission set calls, Athena reading the catalogue on an analyst's behalf, the BI
server's, SFTP bridge's and newsletter's IAM users, the outside accountant's password-only console
user, AWS Config's service-linked role in every account, and the Gulf account's bidder once it
exists."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout41 import org
from benchmarks.heldout41.routine import (
    H,
    M,
    World,
    bidder,
    creative_scanner,
    emr,
    gitlab_deploys,
    vendors,
)
from benchmarks.heldout41.trail import Session

PERSON_CALLS = {
    "PlatformAdmin": [
        ("ec2", "DescribeInstances"),
        ("iam", "ListRoles"),
        ("iam", "GetRole"),
        ("cloudformation", "DescribeStacks"),
        ("ecs", "DescribeServices"),
        ("ec2", "DescribeSecurityGroups"),
        ("organizations", "ListAccounts"),
    ],
    "DataAnalyst": [
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("athena", "GetQueryExecution"),
        ("glue", "GetTables"),
    ],
    "Developer": [
        ("ecs", "DescribeServices"),
        ("ecs", "DescribeTasks"),
        ("logs", "FilterLogEvents"),
        ("ecr", "DescribeImages"),
        ("logs", "GetLogEvents"),
        ("lambda", "GetFunction"),
    ],
    "Finance": [
        ("ce", "GetCostAndUsage"),
        ("ce", "GetCostForecast"),
        ("budgets", "DescribeBudgets"),
    ],
    "Security": [
        ("guardduty", "ListFindings"),
        ("guardduty", "GetFindings"),
        ("securityhub", "GetFindings"),
        ("access-analyzer", "ListFindings"),
    ],
}
GLOBAL_SOURCES = ("iam", "organizations", "ce", "budgets")


def sso_session(
    w: World, t: dt.datetime, account: str, pset: str, user: str, ip: str, ua: str
) -> tuple[Session, str]:
    """A person's Identity Center sign-in to one account: ``AssumeRoleWithSAML`` through the
    ``AWSSSO_..._DO_NOT_DELETE`` provider, then a role session. (session, the event's ID)"""
    tr = w.trail
    name, arn = org.sso_role(account, pset)
    email = f"{user}@{org.DOMAIN}"
    console = ua.startswith("Mozilla")
    s = tr.assumed(
        t,
        account,
        name,
        email,
        org.HOME,
        arn=arn,
        principal=org.sso_principal(account, pset, user),
        console=console,
    )
    idp = org.SSO_IDP.format(account=account)
    r = tr.event(
        t,
        {
            "type": "SAMLUser",
            "principalId": f"XHzq0+4UkwrOa8sQ8dOiSGcI5Ck=:{email}",
            "userName": email,
            "identityProvider": "XHzq0+4UkwrOa8sQ8dOiSGcI5Ck=",
        },
        "sts",
        "AssumeRoleWithSAML",
        ip,
        ua,
        account=account,
        region=org.HOME,
        params={"roleArn": arn, "principalArn": idp, "durationSeconds": 43200},
        response={
            **tr.credentials(t, s, 12),
            "subject": email,
            "subjectType": "persistent",
            "issuer": "https://portal.sso.eu-central-1.amazonaws.com/saml/assertion/NDgxOTIwMzc0NjE1X2lucy0xYzJkM2U0ZjVhNmI3Yzhk",
            "audience": "https://signin.aws.amazon.com/saml",
        },
    )
    return s, r["eventID"]


def person_calls(
    w: World, s: Session, pset: str, start: dt.datetime, ip: str, ua: str, count: int
) -> None:
    tr = w.trail
    calls = PERSON_CALLS["DataAnalyst" if pset == "AnalyticsEngineer" else pset]
    for _ in range(count):
        t = w.jitter(start, 420)
        src, name = tr.rng.choice(calls)
        region = org.GLOBAL if src in GLOBAL_SOURCES else org.HOME
        r = tr.event(t, s, src, name, ip, ua, region=region, error=w.error(workload=False))
        if name == "StartQueryExecution":  # Athena reads the catalogue on the analyst's behalf
            for _ in range(2):
                glue = dict(s.identity, invokedBy="athena.amazonaws.com")
                tr.event(
                    t + dt.timedelta(seconds=2),
                    glue,
                    "glue",
                    "GetTable",
                    "athena.amazonaws.com",
                    "athena.amazonaws.com",
                    account=s.account,
                    region=org.HOME,
                )
        del r


def people(w: World, day: dt.date) -> None:
    tr = w.trail
    for user, pset, net, offset, weekend in org.PEOPLE[: w.n(16, 6)]:
        if day.weekday() >= 5 and not (weekend and tr.rng.random() < 0.4):
            continue
        if pset == "DataAnalyst" and w.on("reorg", w.at(day, 5)):
            pset = "AnalyticsEngineer"
        home = org.SETS[pset][1]
        sessions = 2 if day.weekday() < 5 else 1
        for k in range(sessions):
            start = w.jitter(w.at(day, 6.5 + offset + 5 * k), 40)
            where = net
            if user == "deniz.aksoy" and w.on("travel", start) and not w.on("travel_end", start):
                where = "dubai_hotel"
            ip = w.nat_ip.setdefault(f"{user}:{where}", tr.ip(where))
            ua = (
                org.UA["console"]
                if pset in ("Finance",) or (k == 1 and pset != "DataAnalyst")
                else org.UA["cli_mac"]
            )
            account = home[(k + day.toordinal()) % len(home)]
            s, _ = sso_session(w, start, account, pset, user, ip, ua)
            w.keys[f"sso:{user}"] = s
            person_calls(w, s, pset, start, ip, ua, tr.rng.randint(6, 18))


def iam_users(w: World, day: dt.date) -> None:
    tr = w.trail
    office_bi, office_sftp = (
        w.nat_ip.setdefault("bi", tr.ip("office")),
        w.nat_ip.setdefault("sftp", tr.ip("office")),
    )
    if day.weekday() < 5:
        bi = tr.user(org.DATA, "tableau-athena", org.HOME, "AKIAYW3TQ6B5TABLEAU1")
        for half in range(10, 34):
            t = w.jitter(w.at(day, half / 2), 5)
            for name in ("StartQueryExecution", "GetQueryExecution", "GetQueryResults"):
                tr.event(t, bi, "athena", name, office_bi, org.UA["tableau"], error=w.error())
                t += dt.timedelta(seconds=tr.rng.randint(2, 40))
    sftp = tr.user(org.DATA, "sftp-bridge", org.HOME, "AKIAYW3TQ6B5SFTPBRDG")
    for hour in range(1, 24, 2):
        t = w.jitter(w.at(day, hour), 10)
        key = f"daily/{day:%Y/%m/%d}/impressions-{hour // 2:02d}.csv.gz"
        tr.event(
            t,
            sftp,
            "s3",
            "PutObject",
            office_sftp,
            org.UA["s3browser"],
            params={"bucketName": "karabatak-partner-reports", "key": key},
            data=True,
            read_only=False,
        )
    mailer = tr.user(org.BIDDER, "ses-newsletter", org.HOME, "AKIAYW3TQ6B5SESMAIL2")
    for hour in range(6, 18, 4):
        tr.event(
            w.jitter(w.at(day, hour), 10),
            mailer,
            "ses",
            "GetSendQuota",
            office_sftp,
            org.UA["mailer"],
        )
    if day.weekday() in (0, 3):  # the outside accountant, password only since 2019
        accountant_login(
            w,
            w.jitter(w.at(day, 7), 90),
            w.nat_ip.setdefault("acct", tr.ip("tt_ankara")),
            org.UA["console_win"],
        )


def accountant_login(
    w: World,
    t: dt.datetime,
    ip: str,
    ua: str,
    calls: tuple[str, ...] = ("GetCostAndUsage", "GetCostForecast", "GetCostAndUsage"),
) -> tuple[Session, str]:
    tr = w.trail
    s = tr.user(
        org.MANAGEMENT,
        "muhasebe-danisman",
        org.GLOBAL,
        "ASIAYW3TQ6B5" + "".join(tr.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8)),
    )
    s.identity["sessionContext"] = {
        "attributes": {
            "creationDate": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "mfaAuthenticated": "false",
        }
    }
    login = tr.event(
        t,
        {k: v for k, v in s.identity.items() if k not in ("accessKeyId", "sessionContext")},
        "signin",
        "ConsoleLogin",
        ip,
        ua,
        account=org.MANAGEMENT,
        region=org.GLOBAL,
        response={"ConsoleLogin": "Success"},
        read_only=False,
        extra={
            "eventType": "AwsConsoleSignIn",
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "No",
            },
        },
    )
    for name in calls:
        src = "ce" if name.startswith("GetCost") else "iam"
        tr.event(w.jitter(t + M, 30), s, src, name, ip, ua, region=org.GLOBAL)
    return s, login["eventID"]


def config(w: World, day: dt.date) -> None:
    tr = w.trail
    for account in org.ACCOUNTS:
        if account in w.joined and day < w.joined[account]:
            continue
        region = org.GULF_REGION if account == org.GULF else org.HOME
        arn = f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
        s = tr.assumed(
            w.at(day, 0), account, "AWSServiceRoleForConfig", "AWSConfig-Describe", region, arn=arn
        )
        s.identity["invokedBy"] = "config.amazonaws.com"
        for hour in range(0, 24, 2):
            if account == org.GULF and day == w.joined[account] and hour < 8:
                continue  # created at 06:12 that morning
            for src, name in (
                ("ec2", "DescribeSecurityGroups"),
                ("iam", "ListRoles"),
                ("s3", "GetBucketAcl"),
            ):
                reg = org.GLOBAL if src == "iam" else region
                tr.event(
                    w.jitter(w.at(day, hour), 30),
                    s,
                    src,
                    name,
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                    region=reg,
                )


def gulf(w: World, day: dt.date) -> None:
    if org.GULF not in w.joined or day < w.joined[org.GULF]:
        return
    tr = w.trail
    if "gulf_fleet" not in w.switch:
        w.switch["gulf_fleet"] = w.at(day, 9)
        w.joined["gulf_ids"] = day
        w.keys["gulf_ids"] = [tr.instance_id() for _ in range(w.n(4, 2))]  # type: ignore[assignment]
    start_hour = 9 if day == w.joined[org.GULF] else 0
    for inst in w.keys["gulf_ids"]:  # type: ignore[attr-defined]
        for block in range(start_hour // 6, 4):
            start = w.jitter(w.at(day, max(block * 6, start_hour)), 50)
            node = tr.minted(
                start, "ec2", org.GULF, "bidder-node-role", inst, org.GULF_REGION, ec2=True
            )
            w.keys[inst] = node
            for k in range(5):
                name, src, ua = (
                    ("DiscoverPollEndpoint", "ecs", org.UA["ecs_agent"])
                    if k % 2
                    else ("UpdateInstanceInformation", "ssm", org.UA["ssm_agent"])
                )
                tr.event(
                    start + k * H + 7 * M,
                    node,
                    src,
                    name,
                    w.nat_ip["gulf_nat"],
                    ua,
                    read_only=False,
                )


DAILY = (bidder, creative_scanner, gitlab_deploys, vendors, emr, people, iam_users, config, gulf)
