"""People and partners: Google Workspace SAML sign-ins (console and saml2aws), the Buenos Aires
agency, the on-premises ERP's IAM user, the marketing platform's SES user and the seller-
onboarding partner's cross-account role."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout14._context import Ctx, Issued, weighted
from benchmarks.heldout14._org import (
    AGENCY,
    AGENCY_APIS,
    AGENCY_GONE,
    AGENCY_NEW,
    CHROME_MAC,
    CHROME_WIN,
    CLI_LINUX,
    ERP,
    MARKETING,
    PARTNER,
    PEOPLE,
    Person,
)
from benchmarks.heldout14._plan import (
    ACCOUNTS,
    BLACK_FRIDAY,
    EDGE,
    HOLIDAY,
    HOME,
    PARTNER_ACCOUNT,
    at,
    hexid,
    key,
    principal_id,
)
from benchmarks.heldout14._records import Cred

IDP = "Kq3xW8vR2bT5nY7mZ1pL4sD6fH9jC0aE="  # the Google Workspace IdP's hash in SAMLUser records
PROD = ACCOUNTS["prod"]


def saml_user(email: str) -> dict[str, Any]:
    return {
        "type": "SAMLUser",
        "principalId": f"{IDP}:{email}",
        "userName": email,
        "identityProvider": IDP,
    }


def sign_in(
    ctx: Ctx,
    rng: random.Random,
    email: str,
    role: str,
    account: str,
    when: dt.datetime,
    ip: str,
    agent: str,
    *,
    console: bool,
) -> tuple[Cred, list[str]]:
    """``AssumeRoleWithSAML`` (and, in a browser, ``ConsoleLogin``): the session and the event
    IDs. MFA happens at Google, so the console reports ``MFAUsed: No``."""
    provider = f"arn:aws:iam::{account}:saml-provider/GoogleWorkspace"
    hours = 8.0 if console else 1.0
    cred, first = ctx.trail.mint(
        account,
        role,
        email,
        when,
        by=saml_user(email),
        ip=ip,
        agent=agent,
        api="AssumeRoleWithSAML",
        region=EDGE if console else HOME,
        request={"principalArn": provider},
        hours=hours,
    )
    ids = [first]
    if console:
        cred = ctx.trail.as_console(cred)
        who = {k: v for k, v in cred.identity().items() if k != "accessKeyId"}
        ids.append(
            ctx.trail.event(
                who,
                when + dt.timedelta(seconds=2),
                "signin",
                "ConsoleLogin",
                ip,
                agent,
                region=EDGE,
                account=account,
                response={"ConsoleLogin": "Success"},
                extra={
                    "additionalEventData": {
                        "LoginTo": f"https://{HOME}.console.aws.amazon.com/console/home?region={HOME}",
                        "MobileVersion": "No",
                        "MFAUsed": "No",
                        "SamlProviderArn": provider,
                    }
                },
            )
        )
    return cred, ids


def _work(
    ctx: Ctx,
    rng: random.Random,
    cred: Cred,
    apis: Any,
    start: dt.datetime,
    hours: float,
    n: int,
    ip: str,
    agent: str,
) -> None:
    for _ in range(n):
        service, name = weighted(rng, apis)
        when = start + dt.timedelta(seconds=rng.uniform(30, hours * 3600))
        error = "AccessDenied" if rng.random() < 0.02 else None
        ua = agent.format(cmd=f"{service}.{name.lower()}") if "{cmd}" in agent else agent
        region = (
            EDGE if service in ("iam", "route53", "cloudfront", "organizations", "ce") else HOME
        )
        ctx.trail.event(cred, when, service, name, ip, ua, region=region, error=error)


def _mood(ctx: Ctx, day: dt.date) -> tuple[float, float, tuple[float, float]]:
    """(chance a person works, how busy, (first hour, last hour)) for a day."""
    if day == HOLIDAY:
        return 0.03, 0.5, (10, 13)
    if day == BLACK_FRIDAY:  # the war room: from midnight, the launch, then a long day
        return 0.9, 1.5, (0, 20)
    if day == BLACK_FRIDAY - dt.timedelta(days=1):
        return 0.9, 1.2, (9, 23.5)
    if day.weekday() >= 5:
        return (0.02 if day > BLACK_FRIDAY else 0.08), 0.6, (10, 16)
    after_rest = day - dt.timedelta(days=3) in (HOLIDAY, BLACK_FRIDAY)
    if after_rest:  # the catch-up Monday after a rest: everyone, twice the work, into the evening
        return 1.0, 2.0, (8, 21)
    return 0.85, 1.0, (8.5, 18.5)


def home_ip(ctx: Ctx, email: str, block: str, day: dt.date) -> str:
    """The home ISP's address, re-leased every few days inside the ISP's block."""
    rng = ctx.plan.sub(f"lease-{email}")
    every = rng.randint(4, 9)
    lease = (day - ctx.days[0]).days // every
    return ctx.plan.ip(block, ctx.plan.sub(f"lease-{email}-{lease}"))


def office_ip(ctx: Ctx, block: str = "office-sp") -> list[str]:
    rng = ctx.plan.sub(f"office-{block}")
    return [ctx.plan.ip(block, rng) for _ in range(2)]


def person_day(ctx: Ctx, person: Person, day: dt.date) -> None:
    rng = ctx.plan.sub(f"person-{person.email}-{day}")
    chance, busy, (first, last) = _mood(ctx, day)
    if rng.random() >= chance:
        return
    office = person.office and day.weekday() in (1, 3)
    ip = rng.choice(office_ip(ctx)) if office else home_ip(ctx, person.email, person.home, day)
    start_hour = first + rng.random() * 1.5
    span = max(1.0, last - start_hour - rng.random())
    start = at(day, start_hour)
    cred, _ = sign_in(
        ctx, rng, person.email, person.role, person.account, start, ip, person.browser, console=True
    )
    ctx.notes.setdefault("console", {}).setdefault(person.email, []).append(
        (day, cred, ip, start, start + dt.timedelta(hours=span))
    )
    _work(
        ctx,
        rng,
        cred,
        person.apis,
        start,
        span,
        int(rng.randint(12, 40) * busy),
        ip,
        person.browser,
    )
    if person.cli is None:
        return
    for _ in range(rng.randint(0, 3)):
        when = start + dt.timedelta(hours=rng.uniform(0.2, span))
        cli, _ = sign_in(
            ctx,
            rng,
            person.email,
            person.role,
            person.account,
            when,
            ip,
            "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)"
            if "macos" in person.cli
            else "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)",
            console=False,
        )
        ctx.keep(
            person.account,
            person.role,
            Issued(cli, when, when + dt.timedelta(hours=1), ip, person.email),
        )
        _work(ctx, rng, cli, person.apis, when, 0.9, int(rng.randint(4, 20) * busy), ip, person.cli)


def agency_day(ctx: Ctx, day: dt.date) -> None:
    """The Buenos Aires agency's developers, in one federated role, from the agency's office;
    on the first scored day two leave the project and two join (B6)."""
    if day.weekday() >= 5 or day == HOLIDAY:
        return
    roster = (
        AGENCY
        if day < ctx.first_scored
        else tuple(p for p in AGENCY if p not in AGENCY_GONE) + AGENCY_NEW
    )
    ips = office_ip(ctx, "agency-ba")
    for name in roster:
        rng = ctx.plan.sub(f"agency-{name}-{day}")
        if rng.random() > 0.9:
            continue
        email = f"{name}@ext.jabuti.com.br"
        browser = CHROME_MAC if len(name) % 2 == 0 else CHROME_WIN
        when = at(day, 9 + rng.random() * 2)  # Buenos Aires is Brasilia time too
        ip = rng.choice(ips)
        cred, _ = sign_in(
            ctx, rng, email, "AgencyDeveloper", ACCOUNTS["staging"], when, ip, browser, console=True
        )
        _work(ctx, rng, cred, AGENCY_APIS, when, 7, rng.randint(10, 30), ip, browser)
        if rng.random() < 0.5:
            cli, _ = sign_in(
                ctx,
                rng,
                email,
                "AgencyDeveloper",
                ACCOUNTS["staging"],
                when + dt.timedelta(hours=2),
                ip,
                "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)",
                console=False,
            )
            _work(
                ctx,
                rng,
                cli,
                AGENCY_APIS,
                when + dt.timedelta(hours=2),
                0.9,
                rng.randint(3, 12),
                ip,
                CLI_LINUX,
            )


def user_cred(ctx: Ctx, account: str, name: str) -> Cred:
    """An IAM user's long-term key, the same for the whole trail."""
    rng = ctx.plan.sub(f"user-{account}-{name}")
    return Cred(account, name, key(rng, "AKIA"), principal_id(rng, "AIDA"))


def erp_day(ctx: Ctx, day: dt.date) -> None:
    """TOTVS ERP in the Campinas data centre: order exports every fifteen minutes from six to
    ten, a nightly reconciliation batch, with an IAM user's key."""
    rng = ctx.plan.sub(f"erp-{day}")
    cred = user_cred(ctx, PROD, "svc-erp-totvs")
    ips = [
        ctx.plan.ip("erp-dc", ctx.plan.sub("erp-ip")),
        ctx.plan.ip("erp-dc", ctx.plan.sub("erp-ip2")),
    ]
    bucket = {"bucketName": "jabuti-erp-exchange"}
    slots = [6 + q / 4 for q in range(64)]
    for hour in slots:
        when = at(day, hour + rng.random() / 8)
        ip = ips[0] if rng.random() < 0.9 else ips[1]
        ctx.trail.event(
            cred,
            when,
            "sqs",
            "ReceiveMessage",
            ip,
            ERP,
            request={"queueUrl": f"https://sqs.{HOME}.amazonaws.com/{PROD}/erp-orders"},
        )
        for _ in range(ctx.calls(rng, 1.5 * ctx.surge(day, int(hour)) ** 0.5)):
            ctx.trail.event(
                cred,
                when + dt.timedelta(seconds=rng.randrange(1, 60)),
                "s3",
                "PutObject",
                ip,
                ERP,
                request={**bucket, "key": f"orders/{day}/{hexid(rng, 10)}.xml"},
            )
    for _ in range(ctx.calls(rng, 30)):
        ctx.trail.event(
            cred,
            at(day, 1 + rng.random() * 2),
            "s3",
            rng.choice(["GetObject", "ListObjects"]),
            ips[0],
            ERP,
            request=bucket,
        )
    ctx.keep(PROD, "svc-erp-totvs", Issued(cred, at(day, 0), at(day, 24), ips[0], "erp"))


def marketing_day(ctx: Ctx, day: dt.date) -> None:
    """The CRM/marketing platform (a SaaS on AWS in us-east-1) sends campaigns through SES
    with an IAM user's key: quota checks every hour, a few campaigns a day."""
    rng = ctx.plan.sub(f"mkt-{day}")
    cred = user_cred(ctx, PROD, "svc-crm-ses")
    pool = [ctx.plan.aws_ip(EDGE, ctx.plan.sub(f"mkt-ip-{i}")) for i in range(4)]
    for hour in range(24):
        ctx.trail.event(
            cred, at(day, hour + rng.random()), "ses", "GetSendQuota", rng.choice(pool), MARKETING
        )
    for _ in range(rng.randint(2, 4) + (4 if ctx.surge(day, 12) > 1 else 0)):
        start = at(day, rng.uniform(8, 20))
        ip = rng.choice(pool)
        for _ in range(ctx.calls(rng, 20)):
            ctx.trail.event(
                cred,
                start + dt.timedelta(seconds=rng.randrange(600)),
                "ses",
                "SendEmail",
                ip,
                MARKETING,
                request={"source": "ofertas@jabuti.com.br"},
            )
    ctx.keep(PROD, "svc-crm-ses", Issued(cred, at(day, 0), at(day, 24), pool[0], "crm"))


def partner_day(ctx: Ctx, day: dt.date) -> None:
    """The KYC partner onboarding sellers: its workers (EC2 in us-east-1) assume a role in prod
    with an external ID every hour from eight to eight and upload and read seller documents."""
    rng = ctx.plan.sub(f"partner-{day}")
    pid = principal_id(ctx.plan.sub("partner-pid"))
    workers = [
        (
            f"i-0{hexid(ctx.plan.sub(f'partner-instance-{i}'), 16)}",
            ctx.plan.aws_ip(EDGE, ctx.plan.sub(f"partner-ip-{i}")),
        )
        for i in range(2)
    ]
    for hour in range(8, 20):
        if rng.random() < 0.15:
            continue
        when = at(day, hour + rng.random() * 0.2)
        instance, ip = rng.choice(workers)  # each worker its own instance, address and hourly key
        worker = Cred(
            PARTNER_ACCOUNT,
            "kyc-worker",
            key(rng),
            pid,
            instance,
            when - dt.timedelta(minutes=rng.randrange(5, 50)),
            ec2=True,
        )
        cred, _ = ctx.trail.mint(
            PROD,
            "partner-seller-onboarding",
            f"kyc-{hexid(rng, 8)}",
            when,
            by=worker,
            ip=ip,
            agent=PARTNER,
            request={"externalId": "jb-kyc-7731"},
        )
        ctx.keep(
            PROD,
            "partner-seller-onboarding",
            Issued(cred, when, when + dt.timedelta(hours=1), ip, "partner"),
        )
        for _ in range(ctx.calls(rng, 8)):
            name = rng.choice(["PutObject", "PutObject", "GetObject", "HeadObject"])
            ctx.trail.event(
                cred,
                when + dt.timedelta(seconds=rng.randrange(3500)),
                "s3",
                name,
                ip,
                PARTNER,
                request={
                    "bucketName": f"jabuti-seller-docs-{PROD[-4:]}",
                    "key": f"kyc/{hexid(rng, 10)}.pdf",
                },
            )
        ctx.trail.event(
            cred,
            when + dt.timedelta(seconds=rng.randrange(3500)),
            "sqs",
            "SendMessage",
            ip,
            PARTNER,
            request={"queueUrl": f"https://sqs.{HOME}.amazonaws.com/{PROD}/seller-kyc-results"},
        )


def people_day(ctx: Ctx, day: dt.date) -> None:
    for person in PEOPLE:
        person_day(ctx, person, day)
    agency_day(ctx, day)
    erp_day(ctx, day)
    marketing_day(ctx, day)
    partner_day(ctx, day)
