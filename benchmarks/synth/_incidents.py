"""Injected compromises and benign changes of the synthetic organisation, with ground truth.

Benign changes are edits of the plan that start at a moment and persist (a deploy adds APIs, an
SDK upgrade, a replaced instance, a new VPC endpoint, a new AWS service, a trip abroad).
Compromises are extra events on one day that reuse the victim's real keys from that day.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from benchmarks.synth._frames import (
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_SECOND,
    ip_in,
    ip_strings,
    rows,
    times,
)
from benchmarks.synth._people import (
    api_calls,
    cli_agent,
    console_login,
    console_session,
    identity_user,
)
from benchmarks.synth._plan import (
    APP_APIS,
    FOREIGN_AWS_REGION,
    NETWORK,
    THREAT_IP,
    UA_BOTO,
    Compromise,
    OrgPlan,
    Role,
    ServiceRole,
    _hex,
)
from benchmarks.synth._workloads import KeySlots

RECON_APIS: tuple[tuple[str, str], ...] = (
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "ListRoles"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
    ("ec2.amazonaws.com", "DescribeSnapshots"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("secretsmanager.amazonaws.com", "ListSecrets"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("iam.amazonaws.com", "ListAccessKeys"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("iam.amazonaws.com", "ListPolicies"),
    ("kms.amazonaws.com", "ListKeys"),
)
_KALI_CLI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
_OTHER_BOTO = "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.2.0-1012-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57"


def _truth(
    id_: str, kind: str, name: str, key: str | None, principal: str, start: int, end: int
) -> dict[str, Any]:
    return {
        "id": id_,
        "kind": kind,
        "name": name,
        "access_key_id": key,
        "principal_arn": principal,
        "start": start,
        "end": end,
        "expected": "found" if kind == "compromise" else "not medium+",
    }


def schedule(plan: OrgPlan) -> None:
    """Choose the victims and moments of every incident and apply the benign changes to the plan."""
    rng = np.random.default_rng([plan.seed, 0x1AC])
    first, last = plan.inject_from, plan.days - 1
    end = plan.start_us + plan.days * US_PER_DAY

    def when() -> tuple[int, int]:
        return int(rng.integers(first, last + 1)), int(rng.integers(2, 14))

    ec2 = [i for i, r in enumerate(plan.roles) if r.kind == "ec2"]
    lam = [i for i, r in enumerate(plan.roles) if r.kind == "lambda"]
    people = [i for i, p in enumerate(plan.people) if not p.ci]
    for id_, name, target, index in (
        ("C1", "instance credentials used outside AWS", "role", ec2[0]),
        ("C2", "instance credentials used from another account's EC2", "role", ec2[1]),
        ("C3", "leaked IAM user key: recon then persistence", "person", people[0]),
        ("C4", "console login without MFA from abroad", "person", people[1]),
        ("C5", "call from a threat-list IP", "person", people[2]),
        ("C6", "slow recon with the app's own user agent", "role", ec2[2]),
    ):
        day, hour = when()
        plan.compromises.append(Compromise(id_, name, day, hour, target, index))

    def at() -> int:
        day, hour = when()
        return plan.start_us + day * US_PER_DAY + hour * US_PER_HOUR

    def benign(id_: str, name: str, principal: str, start: int) -> None:
        plan.benign.append(_truth(id_, "benign_change", name, None, principal, start, end))

    role = plan.roles[ec2[3]]
    t = at()
    role.api_change = (t, [a for a in APP_APIS if a not in role.apis][:2])
    benign("B1", "deploy adds APIs", role.arn, t)

    day, _ = when()
    plan.travel[people[3]] = (day, "orange")
    benign(
        "B2",
        "person travels abroad, console with MFA",
        plan.people[people[3]].arn,
        plan.start_us + day * US_PER_DAY,
    )

    role = plan.roles[lam[0]]
    t = at()
    role.ua_change = (t, UA_BOTO.format(v="1.35.10", env="AWS_Lambda_python3.12"))
    benign("B3", "SDK upgrade", role.arn, t)

    role = plan.roles[ec2[4]]
    t = at()
    _replace_instance(plan, role, t, rng)
    benign("B4", "replaced instance (new id, new IP, same role)", role.arn, t)

    role = plan.roles[ec2[5]]
    t = at()
    role.vpce_change = (t, f"vpce-0{_hex(rng, 16)}")
    benign("B5", "new VPC endpoint", role.arn, t)

    t = at()
    account = plan.accounts[0]
    service = ServiceRole(
        account,
        "AWSServiceRoleForBackup",
        "AROA" + _hex(rng, 16).upper(),
        "backup.amazonaws.com",
        [
            ("ec2.amazonaws.com", "DescribeVolumes"),
            ("ec2.amazonaws.com", "CreateSnapshot"),
            ("dynamodb.amazonaws.com", "DescribeTable"),
            ("backup.amazonaws.com", "ListBackupVaults"),
        ],
        active_from=t,
    )
    plan.service_roles.append(service)
    benign("B6", "new AWS service acting for the account", service.arn, t)


def _replace_instance(plan: OrgPlan, role: Role, t: int, rng: np.random.Generator) -> None:
    pool = plan.aws_prefixes[role.region]
    current = {
        p
        for p in range(len(pool))
        if any(pool[p][0] <= ip < pool[p][0] + pool[p][1] for ip in role.unit_ips)
    }
    choices = [p for p in range(len(pool)) if p not in current]
    pick = choices[int(rng.integers(0, len(choices)))]
    new_ip = ip_in(np.array([pool[pick][0]]), np.array([pool[pick][1]]), rng)[0]
    role.unit_until[0] = t
    role.units.append(f"i-0{_hex(rng, 16)}")
    role.unit_ips = np.append(role.unit_ips, new_ip)
    role.unit_private_ips = np.append(role.unit_private_ips, role.unit_private_ips[0] + 7)
    role.unit_from.append(t)
    role.unit_until.append(2**62)


def compromise_day(
    plan: OrgPlan, day: int, slots: dict[str, KeySlots]
) -> tuple[list[pl.DataFrame], list[dict[str, Any]]]:
    """The events and truth rows of the compromises injected on ``day``."""
    frames: list[pl.DataFrame] = []
    truth: list[dict[str, Any]] = []
    for c in plan.compromises:
        if c.day != day:
            continue
        rng = np.random.default_rng([plan.seed, day, 900 + int(c.id[1:])])
        t0 = plan.start_us + day * US_PER_DAY + c.hour * US_PER_HOUR
        made = (
            _ROLE[c.id](plan, c, rng, t0, slots)
            if c.target == "role"
            else _PERSON[c.id](plan, c, rng, t0)
        )
        frame, key, principal = made
        frames.append(frame)
        start = int(frame["event_time"].min().timestamp() * 1e6)  # type: ignore[union-attr]
        stop = int(frame["event_time"].max().timestamp() * 1e6)  # type: ignore[union-attr]
        truth.append(_truth(c.id, "compromise", c.name, key, principal, start, stop))
    return frames, truth


def _slot(plan: OrgPlan, c: Compromise, slots: dict[str, KeySlots], t: int) -> dict[str, Any]:
    role = plan.roles[c.index]
    frame = slots[role.kind].frame.filter(
        (pl.col("role") == c.index)
        & (pl.col("unit") == 0)
        & (pl.col("block_start_us") <= t)
        & (pl.col("block_end_us") > t)
    )
    return frame.row(0, named=True)


def _as_role(plan: OrgPlan, c: Compromise, slot: dict[str, Any]) -> dict[str, Any]:
    role = plan.roles[c.index]
    return {
        "identity_type": "AssumedRole",
        "identity_account_id": role.account,
        "recipient_account_id": role.account,
        "identity_arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{slot['session']}",
        "identity_principal_id": f"{role.role_id}:{slot['session']}",
        "access_key_id": slot["access_key_id"],
        "session_issuer_type": "Role",
        "session_issuer_arn": role.arn,
        "session_issuer_principal_id": role.role_id,
        "session_issuer_user_name": role.name,
        "session_issuer_account_id": role.account,
        "session_creation_date": times(
            np.array([slot["mint_us"] // US_PER_SECOND * US_PER_SECOND])
        ),
        "mfa_authenticated": False,
        "ec2_role_delivery": "2.0",
    }


def _stolen_instance_key(
    plan: OrgPlan, c: Compromise, rng: np.random.Generator, t0: int, slots: dict[str, KeySlots]
) -> tuple[pl.DataFrame, str | None, str]:
    role = plan.roles[c.index]
    slot = _slot(plan, c, slots, t0)
    start = max(t0, slot["mint_us"]) + 5 * 60 * US_PER_SECOND
    apis = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("secretsmanager.amazonaws.com", "ListSecrets"),
        ("secretsmanager.amazonaws.com", "GetSecretValue"),
        ("s3.amazonaws.com", "GetObject"),
        ("s3.amazonaws.com", "GetObject"),
    ]
    t = np.sort(start + (rng.random(len(apis)) * 10 * 60 * US_PER_SECOND).astype(np.int64))
    t[0] = start
    if c.id == "C1":  # a laptop on a home ISP: outside AWS
        net = NETWORK["charter"]
        ip = ip_strings(ip_in(np.array([net.start]), np.array([net.size]), rng))[0]
        uas: list[str] | str = [cli_agent("macos", s, n) for s, n in apis]
    else:  # an EC2 host of another account, in a region the org does not use
        pool = plan.aws_prefixes[FOREIGN_AWS_REGION]
        p = pool[int(rng.integers(0, len(pool)))]
        ip = ip_strings(ip_in(np.array([p[0]]), np.array([p[1]]), rng))[0]
        uas = _OTHER_BOTO
    cols = api_calls(rng, t, apis, ip, uas, role.region, deny=0.0)
    return rows(len(t), {**cols, **_as_role(plan, c, slot)}), slot["access_key_id"], role.arn


def _slow_recon(
    plan: OrgPlan, c: Compromise, rng: np.random.Generator, t0: int, slots: dict[str, KeySlots]
) -> tuple[pl.DataFrame, str | None, str]:
    role = plan.roles[c.index]
    frames = []
    for i, api in enumerate(RECON_APIS):  # one call every ~50 minutes, each with that hour's key
        t = t0 + i * 50 * 60 * US_PER_SECOND + int(rng.integers(0, 600)) * US_PER_SECOND
        slot = _slot(plan, c, slots, t)
        t = max(t, slot["mint_us"] + 120 * US_PER_SECOND)
        ip = ip_strings(np.array([slot["ip"]]))[0]
        cols = api_calls(rng, np.array([t]), [api], ip, role.user_agent, role.region, deny=0.0)
        frames.append(rows(1, {**cols, **_as_role(plan, c, slot)}))
    return pl.concat(frames, how="diagonal_relaxed"), None, role.arn


def _leaked_user_key(
    plan: OrgPlan, c: Compromise, rng: np.random.Generator, t0: int
) -> tuple[pl.DataFrame, str | None, str]:
    person = plan.people[c.index]
    region = next(r.region for r in plan.roles if r.account == person.account)
    net = NETWORK["hetzner"]
    ip = ip_strings(ip_in(np.array([net.start]), np.array([net.size]), rng))[0]
    apis = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("iam.amazonaws.com", "ListUsers"),
        ("iam.amazonaws.com", "CreateUser"),
        ("iam.amazonaws.com", "CreateAccessKey"),
        ("iam.amazonaws.com", "AttachUserPolicy"),
    ]
    t = (
        t0
        + np.arange(len(apis)) * 150 * US_PER_SECOND
        + rng.integers(0, 60, len(apis)) * US_PER_SECOND
    )
    uas = [_KALI_CLI.format(cmd=cli_agent("linux", s, n).rsplit("#", 1)[1]) for s, n in apis]
    cols = api_calls(rng, t, apis, ip, uas, region, deny=0.0)
    new_key = "AKIA" + _hex(rng, 16).upper()
    cols["request_parameters"] = pl.Series(
        values=[
            None,
            None,
            '{"userName":"svc-backup"}',
            '{"userName":"svc-backup"}',
            '{"userName":"svc-backup","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}',
        ]
    )
    cols["response_elements"] = pl.Series(
        values=[
            None,
            None,
            None,
            f'{{"accessKey":{{"userName":"svc-backup","accessKeyId":"{new_key}","status":"Active"}}}}',
            None,
        ]
    )
    frame = rows(len(t), {**cols, **identity_user(person), "access_key_id": person.key})
    return frame, person.key, person.arn


def _console_abroad(
    plan: OrgPlan, c: Compromise, rng: np.random.Generator, t0: int
) -> tuple[pl.DataFrame, str | None, str]:
    person = plan.people[c.index]
    region = next(r.region for r in plan.roles if r.account == person.account)
    net = NETWORK["viettel"]
    ip = ip_strings(ip_in(np.array([net.start]), np.array([net.size]), rng))[0]
    login = console_login(rng, person, t0, ip, mfa=False)
    session, key = console_session(rng, person, t0, ip, 8, mfa=False, region=region)
    return pl.concat([login, session], how="diagonal_relaxed"), key, person.arn


def _threat_ip(
    plan: OrgPlan, c: Compromise, rng: np.random.Generator, t0: int
) -> tuple[pl.DataFrame, str | None, str]:
    person = plan.people[c.index]
    region = next(r.region for r in plan.roles if r.account == person.account)
    ip = ip_strings(np.array([THREAT_IP]))[0]
    apis = [person.apis[i] for i in rng.integers(0, len(person.apis), 4)]
    t = t0 + np.arange(4) * 40 * US_PER_SECOND
    cols = api_calls(
        rng, t, apis, ip, [cli_agent(person.os, s, n) for s, n in apis], region, deny=0.0
    )
    return (
        rows(4, {**cols, **identity_user(person), "access_key_id": person.key}),
        person.key,
        person.arn,
    )


_ROLE = {"C1": _stolen_instance_key, "C2": _stolen_instance_key, "C6": _slow_recon}
_PERSON = {"C3": _leaked_user_key, "C4": _console_abroad, "C5": _threat_ip}
