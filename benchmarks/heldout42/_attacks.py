"""The attacks on Sendero Boletos, each on one of the five scored slots, and the evidence each
truth row names: the key, the attacker's addresses and, by event ID, the attacker's own
sign-in or ``AssumeRole*``. Start and end are filled from the records afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import _org as o
from ._net import NETS
from ._normal import Normal
from ._trail import Cred

KALI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exe/x86_64.kali.2024 prompt/off md/command#{cmd}"
FOREIGN = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
TRUFFLE = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.0-27-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90"
DEBIAN = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exe/x86_64.debian.12 prompt/off md/command#{cmd}"
GO_WIN = "aws-sdk-go/1.50.8 (go1.21.5; windows; amd64)"
PY_WIN = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"
LINUX_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
WIN_CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython exe/amd64 prompt/off md/command#{cmd}"

Step = tuple[str, str, str | None, str | None]  # (source, name, target, error)


@dataclass
class Row:
    id: str
    name: str
    key: str
    principal: str
    ips: list[str]
    severity: str
    events: list[str] = field(default_factory=list)


def latest(normal: Normal, at: dt.datetime, match: Callable[[dict[str, Any]], bool]) -> Cred:
    """The credential of the last record before ``at`` whose identity ``match``es: the key a
    workload held when it was stolen."""
    stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    best: dict[str, Any] | None = None
    for _, record in normal.t.records:
        ident = record["userIdentity"]
        if (
            record["eventTime"] <= stamp
            and ident.get("accessKeyId")
            and match(ident)
            and (best is None or record["eventTime"] > best["eventTime"])
        ):
            best = record
    assert best is not None, "no credential to steal"
    ident = dict(best["userIdentity"])
    ident.pop("invokedBy", None)
    issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
    return Cred(ident, ident["accessKeyId"], best["recipientAccountId"], issuer or ident["arn"])


def role_is(role: str, session: str | None = None) -> Callable[[dict[str, Any]], bool]:
    def match(ident: dict[str, Any]) -> bool:
        arn = ident.get("arn", "")
        return f"assumed-role/{role}/" in arn and (session is None or arn.endswith("/" + session))

    return match


def act(
    normal: Normal,
    cred: Cred,
    at: dt.datetime,
    steps: Sequence[Step],
    region: str,
    ips: list[str],
    ua: str,
    gap: int,
) -> dt.datetime:
    """The attacker's calls one after another, ``gap`` seconds apart on average."""
    rng = normal.rng
    for source, name, target, error in list(steps):
        at += dt.timedelta(seconds=1 + rng.randrange(gap * 2))
        extra: dict[str, Any] = {}
        res = o.resources(source, cred.account, target)
        if res:
            extra["resources"] = res
        agent = ua.replace("{cmd}", f"{source}.{name.lower()}")
        normal.t.emit(at, cred, source, name, region, rng.choice(ips), agent, params=o.params(source, name, target, rng), error=error, extra=extra)  # fmt: skip
    return at


def many(
    source: str, name: str, target: str | None, n: int, error: str | None = None
) -> list[Step]:
    return [(source, name, target, error)] * n


def inject(normal: Normal, slot: Callable[[int, int, int], dt.datetime]) -> list[Row]:
    rows: list[Row] = []
    t, rng = normal.t, normal.rng
    deny = "AccessDenied"
    steps: list[Step]

    # A1: the checkout pods' projected service-account token read through an SSRF, exchanged
    # for the role's key from a Hostinger VPS, the orders table scanned
    at = slot(0, 8, 10)
    ip = NETS["hostinger"].host(4410)
    cred, event = t.by_web_identity(at, o.PROD, "eks-checkout-api", f"botocore-session-{int(at.timestamp())}", o.EKS_OIDC, "system:serviceaccount:checkout:checkout-api", o.MX, ip, KALI.replace("{cmd}", "sts.assume-role-with-web-identity"))  # fmt: skip
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("dynamodb", "ListTables", None, None),
        ("dynamodb", "DescribeTable", "sendero-orders", None),
        *many("dynamodb", "Scan", "sendero-orders", 24),
        ("s3", "ListBuckets", None, deny),
    ]
    act(normal, cred, at, steps, o.MX, [ip], KALI, 25)
    rows.append(
        Row(
            "A1",
            "checkout pod's web-identity token exchanged from Hostinger, orders scanned",
            cred.key,
            cred.principal,
            [ip],
            "medium",
            [event],
        )
    )

    # A2: the PDF renderer's environment (its key) read through the PDF library, used from an
    # EC2 instance of another AWS account
    at = slot(0, 19, 40)
    cred = latest(normal, at, role_is("ticket-pdf-render-role"))
    ip = NETS["foreign_ec2"].host(9120)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        *many("s3", "ListObjectsV2", o.BUCKETS["tickets"], 3),
        *many("s3", "GetObject", o.BUCKETS["tickets"], 40),
    ]
    act(normal, cred, at, steps, o.MX, [ip], FOREIGN, 40)
    rows.append(
        Row(
            "A2",
            "PDF renderer Lambda's key from another account's EC2",
            cred.key,
            cred.principal,
            [ip],
            "medium",
        )
    )

    # A3: the turnstile vendor's long-term key, leaked in its public repository, tried from
    # Scaleway: mostly denied enumeration, then the tickets table scanned
    at = slot(1, 3, 20)
    cred = t.user(o.PROD, "svc-venue-scanner", normal.keys["svc-venue-scanner"])
    ip = NETS["scaleway"].host(2231)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("iam", "GetUser", None, deny),
        ("iam", "ListAttachedUserPolicies", None, deny),
        ("iam", "ListUsers", None, deny),
        ("dynamodb", "ListTables", None, deny),
        ("ec2", "DescribeRegions", None, deny),
        ("s3", "ListBuckets", None, deny),
        *many("dynamodb", "Scan", "sendero-tickets", 15),
    ]
    act(normal, cred, at, steps, o.MX, [ip], TRUFFLE, 20)
    rows.append(
        Row(
            "A3",
            "turnstile vendor's leaked key from Scaleway",
            cred.key,
            cred.principal,
            [ip],
            "medium",
        )
    )

    # A4: the resale partner's console password, without MFA, from Lagos at 03:00 local
    at = slot(3, 9, 5)
    ip = NETS["nigeria"].host(3071)
    cred, event = t.console_login(at, o.PROD, "partner-reventa", ip, LINUX_CHROME, mfa=False)
    steps = [
        ("s3", "ListBuckets", None, None),
        *many("s3", "ListObjectsV2", o.BUCKETS["reports"], 3),
        *many("s3", "GetObject", o.BUCKETS["reports"], 18),
        ("iam", "ListAccessKeys", None, deny),
        ("iam", "CreateAccessKey", None, deny),
    ]
    act(normal, cred, at, steps, o.MX, [ip], LINUX_CHROME, 30)
    rows.append(
        Row(
            "A4",
            "resale partner's console sign-in without MFA from Nigeria",
            cred.key,
            cred.principal,
            [ip],
            "medium",
            [event],
        )
    )

    # A5: Metabase's Athena key used through Tor exits on the threat list
    at = slot(2, 6, 30)
    cred = t.user(o.DATA, "svc-metabase", normal.keys["svc-metabase"])
    ips = [NETS["tor"].host(17), NETS["tor"].host(92)]
    steps = [("athena", "ListWorkGroups", None, None), ("glue", "GetDatabases", None, None)]
    for _ in range(8):
        steps += [
            ("athena", "StartQueryExecution", None, None),
            ("athena", "GetQueryResults", None, None),
            ("s3", "GetObject", o.BUCKETS["athena"], None),
        ]
    act(normal, cred, at, steps, o.USE1, ips, DEBIAN, 35)
    rows.append(
        Row(
            "A5",
            "Metabase's key from Tor exits on the threat list",
            cred.key,
            cred.principal,
            ips,
            "high",
        )
    )

    # A6: an SRE's Identity Center token stolen by an infostealer, slow recon at night with
    # his own CLI from a Mexican residential proxy, two nights
    sre = next(p for p in o.PEOPLE if p.user == "diego.fuentes")
    recon = ["iam:ListRoles", "iam:ListUsers", "iam:ListPolicies", "s3:ListBuckets", "ec2:DescribeInstances", "secretsmanager:ListSecrets", "lambda:ListFunctions", "rds:DescribeDBInstances", "organizations:DescribeOrganization", "kms:ListKeys", "sts:GetCallerIdentity", "ec2:DescribeVpcs", "iam:ListAccessKeys", "eks:ListClusters"]  # fmt: skip
    for n, night in enumerate((2, 3)):
        at = slot(night, 8, 5 + 20 * n)
        ip = NETS["puebla_proxy"].host(5000 + n)
        ua = o.cli_ua(sre.cli or "").replace("{sid}", "0").replace("{cmd}", "sso.login")
        cred, events = t.by_saml(at, o.PROD, "SREOperator", sre.email, ip, ua, console=False)
        for hour in range(3):
            picks = rng.sample(recon, 3)
            steps = [
                (
                    c.split(":")[0],
                    c.split(":")[1],
                    None,
                    deny if c.startswith("organizations") else None,
                )
                for c in picks
            ]
            act(
                normal,
                cred,
                at + dt.timedelta(hours=hour),
                steps,
                o.MX,
                [ip],
                o.cli_ua(sre.cli or "").replace("{sid}", "5e2a"),
                600,
            )
        rows.append(
            Row(
                "A6",
                "SRE's stolen Identity Center token: slow night recon with his own CLI",
                cred.key,
                cred.principal,
                [ip],
                "medium",
                events,
            )
        )

    # A7: a merge request's pipeline on an unprotected branch takes the deploy role and leaves
    # an administrator user and a public function URL; the user's key used from Vultr
    at = slot(3, 22, 15)
    ip = NETS["gitlab"].host(171)
    subject = "project_path:sendero/checkout-api:ref_type:branch:ref:feature/bump-deps"
    cred, event = t.by_web_identity(at, o.PROD, "gitlab-deploy", "GitLab-7812260331", o.GITLAB, subject, o.USE1, ip, o.UA["gitlab"])  # fmt: skip
    steps = [
        ("iam", "CreateUser", None, None),
        ("iam", "CreateAccessKey", None, None),
        ("iam", "AttachUserPolicy", None, None),
        ("lambda", "CreateFunctionUrlConfig", None, None),
        ("lambda", "AddPermission", None, None),
    ]
    act(normal, cred, at, steps, o.USE1, [ip], o.UA["gitlab"], 8)
    rows.append(
        Row(
            "A7",
            "CI pipeline of an unprotected branch: admin user and public function URL",
            cred.key,
            cred.principal,
            [ip],
            "high",
            [event],
        )
    )
    backdoor = t.user(o.PROD, "gitlab-runner-cache", t.key("AKIA"))
    ip2 = NETS["vultr"].host(6612)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("iam", "ListUsers", None, None),
        ("s3", "ListBuckets", None, None),
        ("secretsmanager", "ListSecrets", None, None),
        *many("secretsmanager", "GetSecretValue", None, 4),
    ]
    act(normal, backdoor, at + dt.timedelta(minutes=40), steps, o.MX, [ip2], KALI, 30)
    rows.append(
        Row(
            "A7",
            "the backdoor user's key from Vultr",
            backdoor.key,
            backdoor.principal,
            [ip2],
            "high",
        )
    )

    # A8: a platform engineer's Entra ID session phished through an AiTM proxy: GuardDuty,
    # the organisation trail and Config turned off, a bucket opened to another account
    at = slot(4, 5, 30)
    ip = NETS["digitalocean"].host(8123)
    valeria = next(p for p in o.PEOPLE if p.user == "valeria.ortiz")
    plan: tuple[tuple[str, str, list[Step]], ...] = (
        (o.SEC, o.USE1, [("guardduty", "ListDetectors", None, None), ("guardduty", "DeleteDetector", None, None), ("securityhub", "DisableSecurityHub", None, None)]),
        (o.MGMT, o.USE1, [("cloudtrail", "DescribeTrails", None, None), ("cloudtrail", "StopLogging", None, None), ("cloudtrail", "PutEventSelectors", None, None)]),
        (o.PROD, o.MX, [("config", "StopConfigurationRecorder", None, None), ("s3", "ListBuckets", None, None), ("s3", "PutBucketPolicy", o.BUCKETS["tickets"], None), *many("s3", "GetObject", o.BUCKETS["tickets"], 10)]),
    )  # fmt: skip
    for account, region, plan_steps in plan:
        cred, events = t.by_saml(
            at, account, "PlatformAdmin", valeria.email, ip, FIREFOX, console=True
        )
        at = act(normal, cred, at, plan_steps, region, [ip], FIREFOX, 40) + dt.timedelta(minutes=2)
        rows.append(
            Row(
                "A8",
                "phished platform engineer turning off GuardDuty, the trail and Config",
                cred.key,
                cred.principal,
                [ip],
                "high",
                events,
            )
        )

    # A9: the new festival account's web instance, its credentials read through an SSRF in
    # the WordPress site on the account's first day, used from Contabo
    at = slot(2, 21, 30)
    cred = latest(normal, at, role_is("festival-web", normal.fest_web[0]))
    ip = NETS["contabo"].host(1444)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        ("s3", "ListObjectsV2", o.BUCKETS["fest"], None),
        *many("s3", "GetObject", o.BUCKETS["fest"], 20),
        ("ec2", "DescribeInstances", None, None),
        ("iam", "ListRoles", None, deny),
    ]
    act(normal, cred, at, steps, o.MX, [ip], KALI, 20)
    rows.append(
        Row(
            "A9",
            "new account's web instance credentials from Contabo on its first day",
            cred.key,
            cred.principal,
            [ip],
            "medium",
        )
    )

    # A10: the mailer's key, left in a public container image, turned to SES abuse from a
    # bulletproof host: quota, production access, a new identity, phishing sent
    at = slot(3, 4, 0)
    cred = t.user(o.PROD, "svc-mailer", normal.keys["svc-mailer"])
    ip = NETS["stark"].host(919)
    steps = [
        ("ses", "GetSendQuota", None, None),
        ("ses", "GetAccount", None, None),
        ("ses", "ListEmailIdentities", None, None),
        ("ses", "PutAccountDetails", None, None),
        ("ses", "CreateEmailIdentity", None, None),
        ("ses", "UpdateAccountSendingEnabled", None, None),
    ]
    steps += [
        ("ses", "SendEmail", None, "MessageRejected" if i % 7 == 0 else None) for i in range(30)
    ]
    act(normal, cred, at, steps, o.MX, [ip], GO_WIN, 15)
    rows.append(
        Row(
            "A10",
            "mailer's leaked key sending phishing through SES from Stark Industries",
            cred.key,
            cred.principal,
            [ip],
            "medium",
        )
    )

    # A11: the promoter-media key re-encrypting objects with SSE-C and setting them to expire
    at = slot(4, 7, 0)
    cred = t.user(o.PROD, "svc-media-upload", normal.keys["svc-media-upload"])
    ip = NETS["kamatera"].host(3300)
    steps = [
        ("s3", "ListBuckets", None, None),
        ("s3", "ListObjectsV2", o.BUCKETS["media"], None),
        *many("s3", "CopyObject", o.BUCKETS["media"], 30),
        ("s3", "PutBucketLifecycleConfiguration", o.BUCKETS["media"], None),
        ("s3", "PutObject", o.BUCKETS["media"], None),
    ]
    act(normal, cred, at, steps, o.MX, [ip], PY_WIN, 10)
    rows.append(
        Row(
            "A11",
            "promoter-media key: SSE-C re-encryption ransom and 7-day expiry",
            cred.key,
            cred.principal,
            [ip],
            "high",
        )
    )

    # A12: a box-office kiosk's Roles Anywhere certificate and key copied off its disk, the
    # session used from a home connection in Toluca during box-office hours
    at = slot(1, 20, 0)
    serial = normal.kiosks[0][0]
    cred = t.session(at, o.PROD, "boxoffice-kiosk", serial)
    ip = NETS["totalplay_res"].host(7311)
    steps = [
        ("s3", "ListBuckets", None, None),
        ("s3", "ListObjectsV2", o.BUCKETS["tickets"], None),
        *many("s3", "GetObject", o.BUCKETS["tickets"], 30),
        *many("dynamodb", "Scan", "sendero-tickets", 10),
    ]
    act(normal, cred, at, steps, o.MX, [ip], WIN_CLI, 20)
    rows.append(
        Row(
            "A12",
            "box-office kiosk's Roles Anywhere certificate used from a home in Toluca",
            cred.key,
            cred.principal,
            [ip],
            "medium",
        )
    )
    return rows
