"""The people and partners of Sitara Pay: the vendors' cross-account roles, GitHub Actions,
engineers in Identity Center, the Manila support desk and the legacy IAM users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import web_user
from benchmarks.heldout11._net import AWS, OUTSIDE
from benchmarks.heldout11._trail import (
    Mint,
    Session,
    console,
    console_login,
    iam_user,
    mint,
    other_account,
    service,
)
from benchmarks.heldout11._world import World, curve


def observability_vendor(w: World, day: dt.date, acct: str) -> None:
    """The monitoring vendor's collector: an hourly cross-account role with an external ID from
    its own AWS addresses in us-east-1, polling metrics and inventory every half hour."""
    pool = w.state.setdefault("obs_pool", [AWS["us-east-1"].host(4096 + 37 * i) for i in range(4)])
    menu = (
        ("monitoring", "GetMetricData"),
        ("monitoring", "ListMetrics"),
        ("tagging", "GetResources"),
        ("ec2", "DescribeInstances"),
        ("rds", "DescribeDBClusters"),
        ("kinesis", "ListStreams"),
    )
    for h in range(24):
        ip = w.rng.choice(pool)
        t = w.at(day, h + w.rng.random() / 20)
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                other_account(org.OBSERVABILITY, "nimbuswatch-collector"),
                ip,
                org.UA["vendor_obs"],
                {"externalId": "nw-7f3a9c21", "durationSeconds": 3600},
            ),
            acct=acct,
            region="us-east-1",
            role="NimbusWatchIntegrationRole",
            session="NimbusWatch",
        )
        for half in (0, 1800):
            w.calls(
                s,
                t + dt.timedelta(seconds=half),
                600,
                2,
                menu,
                acct=acct,
                region="ap-south-1",
                ip=lambda _s: w.rng.choice(pool),
                ua=org.UA["vendor_obs"],
            )


def fraud_vendor(w: World, day: dt.date, *, rate: float = 1.0) -> None:
    """The fraud-scoring vendor reads feature exports and writes scores, hourly, from its
    ap-south-1 addresses through a role with an external ID."""
    pool = w.state.setdefault(
        "fraud_pool", [AWS["ap-south-1b"].host(900 + 11 * i) for i in range(3)]
    )
    for h in range(24):
        ip = pool[h % len(pool)]
        t = w.at(day, h + 0.25)
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                other_account(org.FRAUD_VENDOR, "sentra-scorer"),
                ip,
                org.UA["vendor_fraud"],
                {"externalId": "SENTRA-SITARA-2291"},
            ),
            acct=org.PROD,
            region="ap-south-1",
            role="sentra-risk-scoring",
            session=f"sentra-{int(t.timestamp())}",
        )
        menu = (
            ("s3", "ListObjectsV2"),
            ("s3", "GetObject"),
            ("s3", "GetObject"),
            ("s3", "PutObject"),
        )
        w.calls(
            s,
            t,
            1500,
            2 + w.count(4 * rate * curve(h)),
            menu,
            acct=org.PROD,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["vendor_fraud"],
        )


REPOS = (
    "payments-api",
    "upi-switch",
    "ledger",
    "risk-engine",
    "merchant-dashboard",
    "platform-infra",
    "notifications",
)


def github_actions(
    w: World, day: dt.date, *, runs: int | None = None, repos: Sequence[str] = REPOS
) -> list[Session]:
    """Weekday CI: a GitHub-hosted runner (a new Azure address per job) assumes the CI role in
    the platform account through OIDC, pushes to ECR, and deploy jobs assume the deployer role
    in payments-prod."""
    if runs is None:
        runs = 0 if day.weekday() >= 5 else 2 + w.rng.randint(0, 5)
    provider = "token.actions.githubusercontent.com"
    out = []
    for _ in range(runs):
        repo, ip = w.rng.choice(repos), OUTSIDE["github_azure"].pick(w.rng)
        t = w.local(day, w.rng.uniform(10, 20))
        deploy = w.rng.random() < 0.5
        sub = f"repo:sitarapay/{repo}:" + (
            "environment:production" if deploy else "ref:refs/heads/main"
        )
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRoleWithWebIdentity",
                web_user(provider, sub),
                ip,
                org.UA["gha"],
                web=(provider, sub),
            ),
            acct=org.PLAT,
            region="ap-south-1",
            role="gha-ci",
            session="GitHubActions",
        )
        menu = (
            ("ecr", "InitiateLayerUpload"),
            ("ecr", "UploadLayerPart"),
            ("ecr", "CompleteLayerUpload"),
            ("ecr", "BatchCheckLayerAvailability"),
        )
        w.trail.add(
            t + dt.timedelta(seconds=3),
            s,
            "sts",
            "GetCallerIdentity",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "sts.get-caller-identity"),
        )
        w.trail.add(
            t + dt.timedelta(seconds=9),
            s,
            "ecr",
            "GetAuthorizationToken",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "ecr.get-login-password"),
        )
        w.calls(
            s,
            t + dt.timedelta(seconds=20),
            240,
            4 + w.count(4),
            menu,
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"],
        )
        w.trail.add(
            t + dt.timedelta(seconds=280),
            s,
            "ecr",
            "PutImage",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "ecr.put-image"),
            read_only=False,
        )
        out.append(s)
        if deploy:
            t2 = t + dt.timedelta(seconds=320)
            d = mint(
                w.trail,
                t2,
                Mint("AssumeRole", other_account(org.PLAT, "GitHubActions"), ip, org.UA["gha"]),
                acct=org.PROD,
                region="ap-south-1",
                role="gha-deployer",
                session="GitHubActions",
            )
            menu = (
                ("eks", "DescribeCluster"),
                ("eks", "ListClusters"),
                ("ssm", "GetParameter"),
                ("cloudformation", "DescribeStacks"),
            )
            w.calls(
                d,
                t2,
                180,
                3 + w.count(3),
                menu,
                acct=org.PROD,
                region="ap-south-1",
                ip=ip,
                ua=org.UA["gha_cli"],
            )
            out.append(d)
    return out


def sso_session(
    w: World, t: dt.datetime, who: str, perm: str, *, acct: str, ip: str, ua: str, hours: float = 8
) -> Session:
    saml = {
        "type": "SAMLUser",
        "principalId": f"mA8mTqYdpDcGAXZlYnhIqo1eTqw=:{who}",
        "userName": who,
        "identityProvider": "mA8mTqYdpDcGAXZlYnhIqo1eTqw=",
    }
    return mint(
        w.trail,
        t,
        Mint("AssumeRoleWithSAML", saml, ip, ua, hours=hours),
        acct=acct,
        region="ap-south-1",
        role=org.sso_role(perm),
        session=who,
        role_path=org.SSO_PATH,
    )


def engineer_day(
    w: World,
    day: dt.date,
    p: org.Person,
    *,
    net: str | None = None,
    accounts: Sequence[str] = (org.PROD,),
) -> list[Session]:
    """A person's day: one or two Identity Center sessions, the CLI or the console."""
    weekend = day.weekday() >= 5
    if weekend and w.rng.random() > 0.12:
        return []
    if net is None:
        net = "office_blr" if day.weekday() in p.office_days else p.home
    ip = (
        OUTSIDE[net].host(w.rng.randint(0, 9)) if net == "office_blr" else w.lease(p.name, net, day)
    )
    out = []
    for _ in range(1 if weekend else w.rng.choice((1, 1, 2))):
        acct = w.rng.choice(accounts)
        t = w.local(day, w.rng.uniform(9.5, 19))
        use_console = w.rng.random() < 0.45
        s = sso_session(
            w,
            t,
            f"{p.name}@sitarapay.in",
            p.perm,
            acct=acct,
            ip=ip,
            ua=org.UA[p.browser] if use_console else org.UA[p.cli].replace("{cmd}", "sso.login"),
        )
        if use_console:
            console_login(
                w.trail, t + dt.timedelta(seconds=2), s, acct=acct, ip=ip, ua=org.UA[p.browser]
            )
            s = console(s, w.trail)
        w.calls(
            s,
            t + dt.timedelta(seconds=10),
            3600 * w.rng.uniform(0.5, 3),
            4 + w.count(14),
            org.PERM_CALLS[p.perm],
            acct=acct,
            region="ap-south-1",
            ip=ip,
            ua=org.UA[p.browser] if use_console else org.UA[p.cli],
            deny=0.02,
        )
        out.append(s)
    return out


def support_desk(
    w: World, day: dt.date, agents: Sequence[str], *, office: int = 6
) -> dict[str, Session]:
    """Three shifts a day in Manila (06-14, 14-22, 22-06 local), two or three agents each, in
    the console on the shared read-only permission set from the office network."""
    out = {}
    for shift, start in enumerate((6, 14, 22)):
        on = w.rng.sample(
            list(agents[shift::3]) or list(agents),
            k=min(2 + (shift == 0), len(agents[shift::3]) or 1),
        )
        for who in on:
            ip = OUTSIDE["manila_office"].host(w.rng.randint(0, office - 1))
            t = (
                dt.datetime(day.year, day.month, day.day)
                + dt.timedelta(hours=start + w.rng.uniform(0, 0.5))
                - org.PHT
            )
            s = sso_session(
                w, t, who, "SupportReadOnly", acct=org.PROD, ip=ip, ua=org.UA["browser_win"]
            )
            console_login(
                w.trail,
                t + dt.timedelta(seconds=3),
                s,
                acct=org.PROD,
                ip=ip,
                ua=org.UA["browser_win"],
            )
            c = console(s, w.trail)
            w.calls(
                c,
                t + dt.timedelta(minutes=2),
                7.5 * 3600,
                6 + w.count(16),
                org.PERM_CALLS["SupportReadOnly"],
                acct=org.PROD,
                region="ap-south-1",
                ip=ip,
                ua=org.UA["browser_win"],
                deny=0.03,
            )
            out[who] = c
    return out


def legacy_users(w: World, day: dt.date, keys: dict[str, str]) -> None:
    """The bank's SFTP integration user polling the settlement bucket from the bank's network,
    the on-prem reconciliation job and the reporting tool in the Mumbai data centre, and AWS
    Transfer Family acting for the bank's SFTP uploads."""
    sftp = iam_user(org.PROD, "svc-bank-sftp", keys["svc-bank-sftp"])
    menu = (("s3", "ListObjectsV2"), ("s3", "GetObject"), ("s3", "GetObject"), ("s3", "PutObject"))
    for slot in range(40):
        t = w.local(day, 2 + slot / 2)
        w.calls(
            sftp,
            t,
            60,
            1 + w.count(1.5),
            menu,
            acct=org.PROD,
            region="ap-south-1",
            ip=OUTSIDE["bank_mumbai"].host(slot % 2),
            ua=org.UA["legacy_cli"],
        )
    w.trail.add(
        w.local(day, 6.1),
        sftp,
        "transfer",
        "DescribeServer",
        acct=org.PROD,
        region="ap-south-1",
        ip=OUTSIDE["bank_mumbai"].host(0),
        ua=org.UA["legacy_cli"],
    )
    recon = iam_user(org.PROD, "svc-settlement-recon", keys["svc-settlement-recon"])
    ua = "Boto3/1.9.253 Python/2.7.18 Linux/3.10.0-1160.el7.x86_64 Botocore/1.12.253"
    for h in range(0, 24, 2):
        w.calls(
            recon,
            w.local(day, h + 0.75),
            120,
            2 + w.count(2),
            (("s3", "ListObjectsV2"), ("s3", "GetObject"), ("sqs", "ReceiveMessage")),
            acct=org.PROD,
            region="ap-south-1",
            ip=OUTSIDE["dc_mumbai"].host(3),
            ua=ua,
        )
    report = iam_user(org.DATA, "svc-reporting", keys["svc-reporting"])
    for hour in (6.0, 13.0):
        w.calls(
            report,
            w.local(day, hour),
            1800,
            10 + w.count(12),
            (
                ("athena", "StartQueryExecution"),
                ("athena", "GetQueryExecution"),
                ("athena", "GetQueryResults"),
                ("s3", "GetObject"),
            ),
            acct=org.DATA,
            region="ap-south-1",
            ip=OUTSIDE["dc_mumbai"].host(2),
            ua=org.UA["reporting"],
        )
    for upload in range(4):
        t = w.local(day, 1 + upload * 5 + w.rng.random())
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                service("transfer"),
                "transfer.amazonaws.com",
                "transfer.amazonaws.com",
            ),
            acct=org.PROD,
            region="ap-south-1",
            role="transfer-bank-sftp",
            session=f"hdfc-settlement.{w.trail.hexid('', 16)}",
        )
        w.calls(
            s,
            t,
            300,
            2 + w.count(2),
            (("s3", "PutObject"), ("s3", "HeadObject")),
            acct=org.PROD,
            region="ap-south-1",
            ip="transfer.amazonaws.com",
            ua="AWSTransfer",
        )
