"""The attacks on workloads and partners (A6-A10), each after a public write-up, with its truth
rows, and the calendar of every attack (``ATTACKS``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout19._attacks_people import (
    BOTO_LINUX,
    CLI_LINUX,
    Row,
    a1_iot_policy,
    a2_rogue_ota,
    a3_federation_token,
    a4_ses_phishing,
    a5_function_url,
    row,
    run,
)
from benchmarks.heldout19._background import ENG, SUPP, TELE
from benchmarks.heldout19._plan import GLOBAL, SUPPLIER_ACCOUNTS, address, jst, ua
from benchmarks.heldout19._trail import Caller, Day, role_identity


def a6_roles_anywhere(d: Day) -> list[Row]:
    """A CI session exfiltrated from a workflow run, used from a VPS: an IAM Roles Anywhere
    trust anchor with the attacker's CA and a profile on an automation role; then sessions
    through it (Datadog security labs, Stratus Red Team)."""
    rng = d.rng("a6")
    t = jst(d.day, 11.2)
    oidc = d.web_identity(
        rng,
        t,
        ENG,
        "gha-oidc",
        "platform-infra",
        ip=address("github", 201),
        ua=ua("gha_cli", cmd="sts.assume-role"),
    )
    vps = address("digitalocean", 45)
    stolen = oidc.at(vps, BOTO_LINUX)
    ids, t1 = run(
        d,
        stolen,
        t + dt.timedelta(minutes=6),
        [
            ("sts.amazonaws.com", "GetCallerIdentity"),
            ("iam.amazonaws.com", "ListRoles"),
            (
                "rolesanywhere.amazonaws.com",
                "CreateTrustAnchor",
                {"name": "ci-hsm", "source": {"sourceType": "CERTIFICATE_BUNDLE"}, "enabled": True},
            ),
            (
                "rolesanywhere.amazonaws.com",
                "CreateProfile",
                {"name": "ci-hsm", "roleArns": [f"arn:aws:iam::{ENG}:role/ops-automation"]},
            ),
            ("iam.amazonaws.com", "UpdateAssumeRolePolicy", {"roleName": "ops-automation"}),
        ],
        gap=50,
    )
    ra_key = d.session_key(rng)
    session = f"{rng.getrandbits(64):016x}"
    ra = Caller(role_identity(ENG, "ops-automation", session, ra_key, t1), vps, BOTO_LINUX, ENG)
    d.emit(
        t1 + dt.timedelta(minutes=30),
        Caller({"type": "Unknown", "principalId": session}, vps, BOTO_LINUX, ENG),
        "rolesanywhere.amazonaws.com",
        "CreateSession",
        read_only=False,
    )
    ids2, t2 = run(
        d,
        ra,
        t1 + dt.timedelta(minutes=31),
        [
            ("s3.amazonaws.com", "ListBuckets"),
            ("secretsmanager.amazonaws.com", "ListSecrets"),
            ("ec2.amazonaws.com", "DescribeInstances"),
            ("iam.amazonaws.com", "ListUsers"),
        ],
        gap=60,
    )
    return [
        row(
            "A6",
            "stolen CI session adds an IAM Roles Anywhere trust anchor with an outside CA",
            "high",
            t,
            t1,
            key=oidc.key or "",
            ips=vps,
            events=ids,
        ),
        row("A6", "", "high", t1, t2, key=ra_key, ips=vps, events=ids2),
    ]


def a7_supplier(d: Day) -> list[Row]:
    """A supplier's credentials used from a German host: the supplier role assumed with its
    external ID, reading prefixes and buckets it never reads (Unit 42 on cross-account roles)."""
    rng = d.rng("a7")
    t = jst(d.day, 3.4)
    ext = Caller(
        {
            "type": "AssumedRole",
            "principalId": "AROAEXTOSAKA:diag-client",
            "accountId": SUPPLIER_ACCOUNTS["osaka"],
        },
        address("hetzner", 99),
        ua("supplier_py"),
        SUPPLIER_ACCOUNTS["osaka"],
    )
    who = d.assume_role(
        rng,
        t,
        ext,
        SUPP,
        "supplier-osaka-diag",
        "osaka-diag-client",
        external_id="kurenai-osaka-7f3a",
    )
    steps: list[Any] = [
        ("s3.amazonaws.com", "ListBuckets"),
        ("s3.amazonaws.com", "ListObjects", {"bucketName": "kurenai-diag-exchange", "prefix": ""}),
        (
            "s3.amazonaws.com",
            "ListObjects",
            {"bucketName": "kurenai-diag-exchange", "prefix": "kariya/"},
        ),
    ]
    steps += [
        (
            "s3.amazonaws.com",
            "GetObject",
            {"bucketName": "kurenai-diag-exchange", "key": f"{p}/{k:04d}.json.gz"},
        )
        for p in ("kariya/dtc", "dealers")
        for k in range(15)
    ]
    _, end = run(d, who, t, steps, gap=8)
    return [
        row(
            "A7",
            "supplier role assumed from an unexpected network, reading what it never reads",
            "medium",
            t,
            end,
            principal=f"arn:aws:iam::{SUPP}:role/supplier-osaka-diag",
            ips=ext.ip,
        )
    ]


def a8_task_secrets(d: Day) -> list[Row]:
    """Sysdig's SCARLETEEL: an ECS task's credentials used outside AWS for Secrets Manager in
    bulk."""
    t = jst(d.day, 10.3)
    who = d.current("fleet-gateway", t).at(
        address("ovh", 17), CLI_LINUX.format(cmd="secretsmanager.get-secret-value")
    )
    steps: list[Any] = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("secretsmanager.amazonaws.com", "ListSecrets"),
    ]
    steps += [
        ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"prod/{n}"})
        for n in range(40)
    ]
    ids, end = run(d, who, t, steps, gap=4)
    return [
        row(
            "A8",
            "ECS task credentials used outside AWS: bulk GetSecretValue",
            "high",
            t,
            end,
            key=who.key or "",
            ips=who.ip,
            events=ids,
        )
    ]


def a9_slow_recon(d: Day) -> list[Row]:
    """Slow recon from the export instance itself (SSRF or a poisoned dependency): its own
    address, client and hourly keys, one call it never makes every ~50 minutes."""
    rng = d.rng("a9")
    calls = [
        ("iam.amazonaws.com", "ListRoles"),
        ("iam.amazonaws.com", "ListUsers"),
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("secretsmanager.amazonaws.com", "ListSecrets"),
        ("kms.amazonaws.com", "ListKeys"),
        ("rds.amazonaws.com", "DescribeDBInstances"),
        ("lambda.amazonaws.com", "ListFunctions20150331"),
        ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
        ("ec2.amazonaws.com", "DescribeSnapshots"),
        ("organizations.amazonaws.com", "DescribeOrganization"),
        ("iot.amazonaws.com", "ListThings"),
        ("sts.amazonaws.com", "GetCallerIdentity"),
    ]
    t = jst(d.day, 1)
    ids = []
    for source, name in calls:
        t += dt.timedelta(minutes=rng.uniform(40, 60))
        ids.append(
            d.emit(
                t,
                d.current("diag-export-1", t),
                source,
                name,
                GLOBAL if source == "iam.amazonaws.com" else "ap-northeast-1",
            )
        )
    return [
        row(
            "A9",
            "slow recon with the export instance's own client, address and keys",
            "medium",
            jst(d.day, 1),
            t,
            principal=f"arn:aws:iam::{TELE}:role/diag-export-instance",
            events=ids,
        )
    ]


def a10_cold_start(d: Day) -> list[Row]:
    """Cold start: a day after the charging account is vended, a charger-gateway instance's
    key (SSRF through the charger API) used from a VPS."""
    t = jst(d.day, 14.2)
    who = d.current("charger-0", t).at(address("digitalocean", 130), BOTO_LINUX)
    ids, end = run(
        d,
        who,
        t,
        [
            ("sts.amazonaws.com", "GetCallerIdentity"),
            ("s3.amazonaws.com", "ListBuckets"),
            ("dynamodb.amazonaws.com", "ListTables"),
            ("secretsmanager.amazonaws.com", "ListSecrets"),
            (
                "secretsmanager.amazonaws.com",
                "GetSecretValue",
                {"secretId": "charging/ocpp-backend"},
            ),
            ("ec2.amazonaws.com", "DescribeInstances"),
        ],
        gap=30,
    )
    return [
        row(
            "A10",
            "cold start: the new account's instance key used from a VPS",
            "medium",
            t,
            end,
            key=who.key or "",
            ips=who.ip,
            events=ids,
        )
    ]


ATTACKS: dict[dt.date, list[Callable[[Day], list[Row]]]] = {
    dt.date(2026, 5, 7): [a3_federation_token, a1_iot_policy],
    dt.date(2026, 5, 8): [a2_rogue_ota, a9_slow_recon],
    dt.date(2026, 5, 9): [a10_cold_start, a4_ses_phishing],
    dt.date(2026, 5, 10): [a7_supplier, a6_roles_anywhere],
    dt.date(2026, 5, 11): [a8_task_secrets, a5_function_url],
}
__all__ = ["ATTACKS"]
