"""People and their work: engineers, developers and lab analysts federated from Okta into IAM
roles (console or saml2aws), the finance officer's IAM console user with MFA, and GitHub Actions
deploys through OIDC. Their weeks of history hold the writes of their work: deploys, parameter
and policy changes, security-group and IAM housekeeping, Athena tables, not only reads."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import GLOBAL, Actor
from benchmarks.heldout46.world import DATA, DATA_REGION, MGMT, NZ, PROD, PROD_REGION, SEC, host

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
CLI = "aws-cli/2.18.7 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{}"
SAML2AWS = "aws-sdk-go/1.55.5 (go1.23.2; darwin; arm64) saml2aws/2.36.17"
CONSOLE = "AWS Internal"
ATHENA = "athena.amazonaws.com"

# role: (account, region, [(source, name, weight)]); writes are part of the work
WORK: dict[str, tuple[str, str, list[tuple[str, str, int]]]] = {
    "okta-platform-admin": (
        PROD,
        PROD_REGION,
        [
            ("ec2", "DescribeInstances", 8),
            ("ec2", "DescribeSecurityGroups", 5),
            ("iam", "GetRole", 5),
            ("iam", "ListRoles", 3),
            ("cloudtrail", "LookupEvents", 2),
            ("ssm", "GetParameter", 3),
            ("ec2", "AuthorizeSecurityGroupIngress", 1),
            ("ec2", "RevokeSecurityGroupIngress", 1),
            ("iam", "PutRolePolicy", 1),
            ("iam", "UpdateAssumeRolePolicy", 1),
            ("ssm", "PutParameter", 2),
            ("iam", "DeleteAccessKey", 1),
            ("iam", "TagRole", 1),
            ("ec2", "CreateTags", 2),
            ("autoscaling", "UpdateAutoScalingGroup", 1),
            ("ssm", "SendCommand", 1),
        ],
    ),
    "okta-developer": (
        PROD,
        PROD_REGION,
        [
            ("logs", "FilterLogEvents", 8),
            ("ecs", "DescribeServices", 6),
            ("lambda", "GetFunction", 4),
            ("cloudwatch", "GetMetricData", 4),
            ("dynamodb", "DescribeTable", 3),
            ("s3", "ListBuckets", 1),
            ("lambda", "UpdateFunctionConfiguration", 1),
            ("ssm", "PutParameter", 1),
            ("ecs", "UpdateService", 1),
            ("secretsmanager", "DescribeSecret", 2),
            ("sqs", "PurgeQueue", 1),
            ("events", "PutRule", 1),
        ],
    ),
    "okta-lab-analyst": (
        DATA,
        DATA_REGION,
        [
            ("athena", "StartQueryExecution", 8),
            ("athena", "GetQueryExecution", 8),
            ("athena", "GetQueryResults", 6),
            ("glue", "GetTables", 2),
            ("athena", "CreateNamedQuery", 1),
            ("quicksight", "DescribeDashboard", 2),
        ],
    ),
}
WORK["okta-data-science"] = WORK["okta-lab-analyst"]
WORK["okta-security"] = (
    SEC,
    DATA_REGION,
    [
        ("securityhub", "GetFindings", 6),
        ("guardduty", "ListFindings", 4),
        ("guardduty", "GetFindings", 4),
        ("securityhub", "BatchUpdateFindings", 1),
        ("guardduty", "ArchiveFindings", 1),
        ("config", "DescribeConfigRules", 1),
    ],
)
WORK["okta-incident-response"] = (
    PROD,
    PROD_REGION,
    [
        ("cloudtrail", "LookupEvents", 10),
        ("iam", "GetAccountAuthorizationDetails", 2),
        ("ec2", "DescribeInstances", 4),
        ("s3", "GetBucketPolicy", 3),
        ("guardduty", "GetFindings", 4),
        ("iam", "ListAccessKeys", 3),
        ("ec2", "DescribeFlowLogs", 2),
        ("cloudtrail", "GetTrailStatus", 2),
        ("iam", "GenerateCredentialReport", 1),
    ],
)
WORK["okta-org-admin"] = (
    MGMT,
    "us-east-1",
    [
        ("organizations", "ListAccounts", 4),
        ("organizations", "DescribeOrganization", 2),
        ("sso", "ListInstances", 1),
        ("organizations", "ListPoliciesForTarget", 1),
        ("organizations", "TagResource", 1),
    ],
)
FIRST = [
    "aroha",
    "tane",
    "mere",
    "wiremu",
    "hemi",
    "kiri",
    "sione",
    "priya",
    "liam",
    "chloe",
    "arjun",
    "mei",
    "ngaire",
    "tui",
    "rawiri",
]
LAST = [
    "ngata",
    "walker",
    "parata",
    "kumar",
    "smith",
    "chen",
    "tipene",
    "fale",
    "wright",
    "tamihana",
]


@dataclass(frozen=True)
class Person:
    email: str
    role: str
    home: str
    home_ip: str
    console: bool
    mobile: bool = False

    def ip(self, t: dt.datetime) -> str:
        local = t + NZ
        return (
            host("office", 40 + hash_index(self.email) % 150)
            if local.weekday() in (1, 2, 3)
            else self.home_ip
        )


def hash_index(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text))


def staff(s: Scene) -> list[Person]:
    rng = s.rng("staff")
    plan = [
        ("okta-platform-admin", 2),
        ("okta-developer", s.count(5, 2)),
        ("okta-lab-analyst", s.count(5, 2)),
        ("okta-security", 1),
    ]
    out: list[Person] = []
    for role, n in plan:
        for _ in range(n):
            email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{len(out)}@kowhaiherd.co.nz"
            home = rng.choice(["home_onenz", "home_2degrees"])
            out.append(
                Person(email, role, home, host(home, rng.randrange(20000)), rng.random() < 0.6)
            )
    return out


def local_workdays(s: Scene) -> list[dt.date]:
    first, last = s.days[0] - dt.timedelta(days=1), s.days[-1] + dt.timedelta(days=1)
    n = (last - first).days + 1
    return [d for d in (first + dt.timedelta(days=i) for i in range(n)) if d.weekday() < 5]


def session(
    s: Scene,
    p: Person,
    role: str,
    t: dt.datetime,
    ip: str,
    rng: random.Random,
    *,
    calls: int,
    agent_console: str = "",
    tag: str = "",
) -> tuple[Actor, str]:
    """A person's sign-in and working session of ``calls`` calls from ``t``; (session, sign-in event)."""
    account, region, work = WORK[role]
    key = s.ids.key("ASIA", "saml", p.email, role, t, tag)
    browser = agent_console or (CHROME if hash_index(p.email) % 2 else SAFARI)
    actor, signin = s.trail.saml(
        t, account, role, p.email, key, ip, CONSOLE if p.console else SAML2AWS
    )
    if p.console:
        s.trail.console(t + dt.timedelta(seconds=2), actor, ip, browser, mfa=False, saml=True)
    names = [(src, name) for src, name, w in work for _ in range(w)]
    clock = t + dt.timedelta(minutes=1)
    for _ in range(calls):
        clock += dt.timedelta(seconds=rng.randrange(20, 900))
        source, name = rng.choice(names)
        where = GLOBAL if source == "iam" else region
        agent = browser if p.console else CLI.format(name.lower())
        error = "AccessDenied" if rng.random() < 0.02 else ""
        extra = {"sessionCredentialFromConsole": "true"} if p.console else None
        s.trail.call(clock, actor, source, name, where, ip, agent, error=error, extra=extra)
        if name == "StartQueryExecution":  # Athena reads the catalogue and the data for the analyst
            s.trail.call(
                clock + dt.timedelta(seconds=1),
                actor,
                "glue",
                "GetTable",
                region,
                ATHENA,
                ATHENA,
                invoked_by=ATHENA,
            )
            s.trail.call(
                clock + dt.timedelta(seconds=2),
                actor,
                "s3",
                "GetObject",
                region,
                ATHENA,
                ATHENA,
                invoked_by=ATHENA,
                data=True,
                params={"bucketName": "kowhai-herd-lake"},
            )
    return actor, signin


def workforce(s: Scene, people: list[Person]) -> None:
    rng = s.rng("workforce")
    for day in local_workdays(s):
        for p in people:
            if rng.random() < 0.1:  # leave, sickness
                continue
            role = p.role
            begin = dt.datetime(day.year, day.month, day.day, 8, rng.randrange(0, 50)) - NZ
            if role == "okta-lab-analyst" and begin >= s.reorg:
                role = "okta-data-science"  # B9
            if s.inside(begin) and not (
                p.role == "okta-platform-admin"
                and s.slot(1) == (begin + NZ).date()
                and people.index(p) == 0
            ):
                session(s, p, role, begin, p.ip(begin), rng, calls=rng.randrange(15, 45))
                if rng.random() < 0.4:
                    after = begin + dt.timedelta(hours=5, minutes=rng.randrange(40))
                    session(
                        s, p, role, after, p.ip(after), rng, calls=rng.randrange(5, 20), tag="pm"
                    )


def deploys(s: Scene) -> None:
    """GitHub Actions through OIDC: each merge to main builds and rolls out."""
    rng = s.rng("deploys")
    repos = ("herdtest-api", "sample-intake", "lab-result-notify")
    for day in local_workdays(s):
        for k in range(rng.randrange(1, 4)):
            t = dt.datetime(day.year, day.month, day.day, 10 + 2 * k, rng.randrange(60)) - NZ
            repo = rng.choice(repos)
            if s.inside(t):
                deploy(s, t, repo, host("github", rng.randrange(60000)))
    deploy(
        s, s.release - dt.timedelta(minutes=12), "herdtest-api", host("github", 4242), command=True
    )


def deploy(s: Scene, t: dt.datetime, repo: str, ip: str, *, command: bool = False) -> None:
    key = s.ids.key("ASIA", "gha", t, repo)
    actor, _ = s.trail.oidc(
        t, PROD, "gha-deploy", f"repo:kowhai-herd/{repo}:ref:refs/heads/main", key, ip
    )
    agent = "aws-cli/2.18.7 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/command#{}"
    steps = [("ecr", "GetAuthorizationToken"), ("ecr", "PutImage")]
    if repo == "lab-result-notify":
        steps += [
            ("lambda", "UpdateFunctionCode"),
            ("lambda", "PublishVersion"),
            ("lambda", "UpdateAlias"),
        ]
    elif repo == "sample-intake":
        steps += [
            ("ecs", "RegisterTaskDefinition"),
            ("ecs", "UpdateService"),
            ("ecs", "DescribeServices"),
        ]
    else:
        steps += [
            ("ec2", "CreateLaunchTemplateVersion"),
            ("ssm", "SendCommand" if command else "DescribeInstanceInformation"),
        ]
    for n, (source, name) in enumerate(steps):
        s.trail.call(
            t + dt.timedelta(seconds=20 + 25 * n),
            actor,
            source,
            name,
            PROD_REGION,
            ip,
            agent.format(name.lower()),
        )


def finance(s: Scene) -> None:
    """The finance officer's IAM user in the management account, console with MFA, Mondays."""
    rng = s.rng("finance")
    for day in local_workdays(s):
        if day.weekday() != 0:
            continue
        t = dt.datetime(day.year, day.month, day.day, 9, rng.randrange(60)) - NZ
        if not s.inside(t):
            continue
        actor = s.trail.user(
            MGMT, "finance.officer", s.ids.key("ASIA", "fin", day), console=True, mfa=True
        )
        ip = host("office", 7)
        s.trail.console(t, actor, ip, CHROME, mfa=True)
        for k, name in enumerate(
            ("GetCostAndUsage", "GetCostForecast", "GetCostAndUsage", "DescribeReport")
        ):
            s.trail.call(
                t + dt.timedelta(minutes=2 + 3 * k),
                actor,
                "ce",
                name,
                GLOBAL,
                ip,
                CHROME,
                extra={"sessionCredentialFromConsole": "true"},
            )


def admin_calls(
    s: Scene, actor: Actor, t: dt.datetime, ip: str, calls: list[tuple[str, str, str]]
) -> dt.datetime:
    for source, name, region in calls:
        t += dt.timedelta(seconds=35)
        s.trail.call(
            t,
            actor,
            source,
            name,
            GLOBAL if source in ("iam", "organizations") else region,
            ip,
            CHROME,
            extra={"sessionCredentialFromConsole": "true"},
        )
    return t
