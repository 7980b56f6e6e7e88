"""The attacks on Karabatak, each with its truth rows (the key it used, from where, when, and
the attacker's own sign-in or ``AssumeRole*`` events by ID): A1-A6 here, A7-A12 and the plan in
``intrusions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout41 import org
from benchmarks.heldout41.people import accountant_login, person_calls, sso_session
from benchmarks.heldout41.routine import M, World
from benchmarks.heldout41.trail import Session, iso

Row = dict[str, Any]


def row(
    id_: str,
    name: str,
    s: Session,
    ips: list[str],
    times: list[dt.datetime],
    severity: str,
    events: tuple[str, ...] = (),
) -> Row:
    return {
        "id": id_,
        "name": name,
        "label": "attack",
        "access_key_id": s.key,
        "principal_arn": s.principal,
        "source_ip": " ".join(sorted(set(ips))),
        "start": iso(min(times) - M),
        "end": iso(max(times) + M),
        "event_ids": " ".join(events),
        "expected_min_severity": severity,
        "expected_max_severity": "",
    }


def burst(
    w: World,
    s: Session,
    t: dt.datetime,
    ip: str,
    ua: str,
    calls: list[tuple[str, str, str | None]],
    gap: int = 40,
    **kw: Any,
) -> list[dt.datetime]:
    """Calls one after another (source, name, error), ``gap`` seconds apart at most."""
    times = []
    for src, name, error in calls:
        t += dt.timedelta(seconds=w.trail.rng.randint(3, gap))
        region = org.GLOBAL if src in ("iam", "organizations") else kw.get("region")
        w.trail.event(t, s, src, name, ip, ua, error=error, region=region, params=kw.get("params"))
        times.append(t)
    return times


RECON = [
    ("sts", "GetCallerIdentity", None),
    ("s3", "ListBuckets", None),
    ("iam", "ListRoles", "AccessDenied"),
    ("ec2", "DescribeInstances", None),
    ("secretsmanager", "ListSecrets", "AccessDenied"),
]


def a1_instance_ssrf(w: World, day: dt.date) -> list[Row]:
    s = w.keys[w.fleet[0]["id"]]
    ip = w.trail.ip("digitalocean")
    times = burst(
        w,
        s,
        w.at(day, 20.2),
        ip,
        org.UA["boto_kali"],
        [
            *RECON,
            ("ec2", "DescribeSecurityGroups", None),
            ("ssm", "DescribeParameters", None),
            ("ssm", "GetParametersByPath", "AccessDenied"),
        ],
        120,
    )
    return [
        row(
            "A1",
            "bidder instance credentials via the creative-preview SSRF, used from DigitalOcean",
            s,
            [ip],
            times,
            "medium",
        )
    ]


def a2_task_other_account(w: World, day: dt.date) -> list[Row]:
    s = w.keys[w.fleet[1 % len(w.fleet)]["task"]]
    ip = w.trail.ip("other_ec2")
    calls = (
        [("sts", "GetCallerIdentity", None), ("secretsmanager", "ListSecrets", None)]
        + [("secretsmanager", "GetSecretValue", None)] * 6
        + [("kms", "Decrypt", None)] * 2
    )
    times = burst(w, s, w.at(day, 21), ip, org.UA["cli_linux"], calls, 300)
    return [
        row(
            "A2",
            "bidder task credentials from another AWS account's EC2 in us-east-1, secrets read",
            s,
            [ip],
            times,
            "medium",
        )
    ]


def a3_lambda_vultr(w: World, day: dt.date) -> list[Row]:
    s = w.keys["creative-scanner"]
    ip = w.trail.ip("vultr")
    calls = [
        ("sts", "GetCallerIdentity", None),
        ("lambda", "ListFunctions20150331", None),
        ("lambda", "GetFunction", None),
        ("lambda", "GetFunction", None),
        ("iam", "ListAttachedRolePolicies", "AccessDenied"),
        ("s3", "ListBuckets", None),
        ("lambda", "GetFunctionConfiguration", None),
    ]
    times = burst(w, s, w.at(day, 22.5), ip, org.UA["python_requests"], calls, 90)
    return [
        row(
            "A3",
            "creative-scanner function's credentials read by a poisoned image library, used from Vultr",
            s,
            [ip],
            times,
            "medium",
        )
    ]


def a4_leaked_key_persistence(w: World, day: dt.date) -> list[Row]:
    tr = w.trail
    s = tr.user(org.DATA, "tableau-athena", org.HOME, "AKIAYW3TQ6B5TABLEAU1")
    ip = tr.ip("m247")
    ua = org.UA["pacu"]
    t0 = w.at(day, 1.3)
    times = burst(
        w,
        s,
        t0,
        ip,
        ua,
        [
            ("sts", "GetCallerIdentity", None),
            ("iam", "ListUsers", None),
            ("iam", "ListAttachedUserPolicies", None),
        ],
        60,
    )
    t = times[-1] + M
    tr.event(
        t,
        s,
        "iam",
        "CreateUser",
        ip,
        ua,
        region=org.GLOBAL,
        params={"userName": "svc-backup-sync"},
        read_only=False,
    )
    tr.event(
        t + M,
        s,
        "iam",
        "AttachUserPolicy",
        ip,
        ua,
        region=org.GLOBAL,
        params={
            "userName": "svc-backup-sync",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
        read_only=False,
    )
    new = tr.key("AKIA")
    tr.event(
        t + 2 * M,
        s,
        "iam",
        "CreateAccessKey",
        ip,
        ua,
        region=org.GLOBAL,
        params={"userName": "svc-backup-sync"},
        response={
            "accessKey": {"userName": "svc-backup-sync", "accessKeyId": new, "status": "Active"}
        },
        read_only=False,
    )
    times += [t, t + 2 * M]
    backdoor = tr.user(org.DATA, "svc-backup-sync", org.HOME, new)
    ip2 = tr.ip("m247")
    later = burst(
        w,
        backdoor,
        w.at(day, 3),
        ip2,
        ua,
        [
            ("sts", "GetCallerIdentity", None),
            ("s3", "ListBuckets", None),
            ("iam", "ListRoles", None),
            ("organizations", "DescribeOrganization", None),
        ],
        120,
    )
    return [
        row(
            "A4",
            "the BI server's Athena key leaked in a public Docker image: an admin user and key created from M247",
            s,
            [ip],
            times,
            "high",
        ),
        row("A4", "the created key used", backdoor, [ip2], later, "high"),
    ]


def a5_console_no_mfa(w: World, day: dt.date) -> list[Row]:
    ip = w.trail.ip("viettel")
    t = w.at(day, 19.1)
    s, login = accountant_login(
        w,
        t,
        ip,
        org.UA["console"],
        ("ListUsers", "GetAccountSummary", "ListAccessKeys", "CreateAccessKey", "GetCostAndUsage"),
    )
    return [
        row(
            "A5",
            "the outside accountant's password-only console user signed in from Vietnam on a Saturday night",
            s,
            [ip],
            [t, t + 31 * M],
            "medium",
            (login,),
        )
    ]


def a6_tor_session(w: World, day: dt.date) -> list[Row]:
    s = w.keys.get("sso:mert.ozturk")
    if s is None or not s.identity["sessionContext"]["attributes"]["creationDate"].startswith(
        str(day)
    ):
        ip0 = w.nat_ip.setdefault("mert.ozturk:office", w.trail.ip("office"))
        s, _ = sso_session(
            w, w.at(day, 8), org.BIDDER, "Developer", "mert.ozturk", ip0, org.UA["cli_mac"]
        )
        person_calls(w, s, "Developer", w.at(day, 8), ip0, org.UA["cli_mac"], 8)
    ip = w.trail.ip("tor")
    calls = [
        ("sts", "GetCallerIdentity", None),
        ("ecr", "DescribeRepositories", None),
        ("ecr", "GetAuthorizationToken", None),
        ("ecs", "ListClusters", None),
        ("secretsmanager", "ListSecrets", "AccessDenied"),
        ("s3", "ListBuckets", "AccessDenied"),
    ]
    times = burst(w, s, w.at(day, 17.5), ip, org.UA["cli_linux"], calls, 100)
    return [
        row(
            "A6",
            "a developer's Identity Center session taken by an infostealer, replayed through Tor",
            s,
            [ip],
            times,
            "high",
        )
    ]
