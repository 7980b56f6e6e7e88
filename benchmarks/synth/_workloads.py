"""One day of workload activity: EC2 instances, Lambda functions and ECS tasks.

Every unit (instance, function, ECS service) is active in hourly cells. A cell draws a Poisson
number of calls; calls use the session key of the cell's block (1 h for EC2, 4 h for Lambda, 6 h
for ECS), minted by an AssumeRole from the compute service at the start of the block, so a key is
always minted before it is used. Vectorised over all units of a kind at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from benchmarks.synth._frames import (
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_SECOND,
    access_keys,
    gather,
    hex_ids,
    ip_in,
    ip_strings,
    masked,
    rows,
    times,
    uuids,
)
from benchmarks.synth._plan import OrgPlan, Role

_KINDS = {
    # kind: (key block in hours, service principal that assumes the role)
    "ec2": (1, "ec2.amazonaws.com"),
    "lambda": (4, "lambda.amazonaws.com"),
    "ecs": (6, "ecs-tasks.amazonaws.com"),
}
_DECRYPT_BY_S3 = 0.02  # share of calls made by S3 for the workload (KMS Decrypt, invokedBy s3)
_ACCESS_DENIED = 0.003
_THROTTLED = 0.002


@dataclass
class KeySlots:
    """The session keys of one day: which unit each belongs to, when it was minted, its block."""

    frame: (
        pl.DataFrame
    )  # key, role index, unit index, session, mint_us, block_start_us, block_end_us


def rhythm(hours: np.ndarray, weekday: int) -> np.ndarray:
    """Workload load over the day: a diurnal swing, and less at the weekend."""
    daily = 1.0 + 0.4 * np.sin(2 * np.pi * (hours - 8) / 24)
    return daily * (0.6 if weekday >= 5 else 1.0)


def workload_day(plan: OrgPlan, kind: str, day: int) -> tuple[list[pl.DataFrame], KeySlots]:
    """Events of every ``kind`` unit on ``day`` (AssumeRole + calls) and the keys minted."""
    rng = np.random.default_rng([plan.seed, day, 1 + list(_KINDS).index(kind)])
    block, service = _KINDS[kind]
    role_ix = [i for i, r in enumerate(plan.roles) if r.kind == kind]
    if not role_ix:
        return [], KeySlots(pl.DataFrame())
    # flatten units: role index, unit index within role
    u_role = np.array([i for i in role_ix for _ in plan.roles[i].units], dtype=np.int64)
    u_unit = np.array([u for i in role_ix for u in range(len(plan.roles[i].units))], dtype=np.int64)
    n_units = len(u_role)
    day_us = plan.start_us + day * US_PER_DAY
    weekday = int((day_us // US_PER_DAY + 3) % 7)  # 1970-01-01 was a Thursday
    hours = np.arange(24)
    cell_start = day_us + hours * US_PER_HOUR
    unit_from = np.array([plan.roles[r].unit_from[u] for r, u in zip(u_role, u_unit, strict=True)])
    unit_until = np.array(
        [plan.roles[r].unit_until[u] for r, u in zip(u_role, u_unit, strict=True)]
    )
    active = (cell_start[None, :] >= unit_from[:, None]) & (
        cell_start[None, :] < unit_until[:, None]
    )
    rates = np.array([plan.roles[r].rate for r in u_role])
    counts = rng.poisson(rates[:, None] * rhythm(hours, weekday)[None, :]) * active

    # keys: one per (unit, block) with any active cell
    n_blocks = 24 // block
    block_active = active.reshape(n_units, n_blocks, block).any(axis=2)
    k_unit, k_block = np.nonzero(block_active)
    n_keys = len(k_unit)
    key_index = -np.ones((n_units, n_blocks), dtype=np.int64)
    key_index[k_unit, k_block] = np.arange(n_keys)
    first_cell = np.argmax(active.reshape(n_units, n_blocks, block)[k_unit, k_block], axis=1)
    k_start = day_us + (k_block * block + first_cell) * US_PER_HOUR
    k_mint = k_start + (rng.random(n_keys) * 60 * US_PER_SECOND).astype(np.int64)
    keys = access_keys(rng, n_keys, "ASIA")
    sessions = _sessions(plan, kind, day, u_role, u_unit, rng)
    k_session = gather(sessions, k_unit)
    k_role = u_role[k_unit]

    # unit IPs per hour: EC2 stable, ECS one per task per day, Lambda a new one every hour
    unit_ip = _unit_ips(plan, kind, u_role, u_unit, rng)
    if kind == "lambda":
        cell_ip = _region_ips(plan, u_role, 24, rng)
    else:
        cell_ip = np.repeat(unit_ip[:, None], 24, axis=1)

    # calls
    e_unit, e_hour = np.nonzero(counts)
    reps = counts[e_unit, e_hour]
    e_unit = np.repeat(e_unit, reps)
    e_hour = np.repeat(e_hour, reps)
    n = len(e_unit)
    e_key = key_index[e_unit, e_hour // block]
    e_role = u_role[e_unit]
    lo = np.maximum(day_us + e_hour * US_PER_HOUR, k_mint[e_key] + 90 * US_PER_SECOND)
    hi = day_us + (e_hour + 1) * US_PER_HOUR
    e_time = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
    api = _pick_apis(plan, e_role, e_time, rng)
    calls = _calls(
        plan,
        kind,
        rng,
        e_role,
        e_unit,
        e_key,
        e_time,
        api,
        cell_ip[e_unit, e_hour],
        keys,
        k_session,
        k_mint,
        u_unit,
    )
    mints = _assume_roles(plan, rng, service, k_role, keys, k_session, k_mint)
    slots = pl.DataFrame(
        {
            "access_key_id": keys,
            "role": k_role,
            "unit": u_unit[k_unit],
            "session": k_session,
            "mint_us": k_mint,
            "block_start_us": day_us + k_block * block * US_PER_HOUR,
            "block_end_us": day_us + (k_block + 1) * block * US_PER_HOUR,
            "ip": unit_ip[k_unit],
        }
    )
    return [mints, calls], KeySlots(slots)


def _sessions(
    plan: OrgPlan,
    kind: str,
    day: int,
    u_role: np.ndarray,
    u_unit: np.ndarray,
    rng: np.random.Generator,
) -> pl.Series:
    if kind == "ecs":  # a fresh task (id = 32 hex) per service per day
        return hex_ids(rng, len(u_role), 32)
    return pl.Series(values=[plan.roles[r].units[u] for r, u in zip(u_role, u_unit, strict=True)])


def _unit_ips(
    plan: OrgPlan, kind: str, u_role: np.ndarray, u_unit: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    if kind == "ecs":
        return _region_ips(plan, u_role, 1, rng)[:, 0]
    return np.array(
        [plan.roles[r].unit_ips[u] for r, u in zip(u_role, u_unit, strict=True)], dtype=np.int64
    )


def _region_ips(
    plan: OrgPlan, u_role: np.ndarray, width: int, rng: np.random.Generator
) -> np.ndarray:
    """Random EC2 addresses of each unit's region, ``width`` per unit."""
    out = np.zeros((len(u_role), width), dtype=np.int64)
    regions = np.array([plan.roles[r].region for r in u_role])
    for region in np.unique(regions):
        pool = plan.aws_prefixes[str(region)]
        starts = np.array([p[0] for p in pool])
        sizes = np.array([p[1] for p in pool])
        rows_ = np.nonzero(regions == region)[0]
        pick = rng.integers(0, len(pool), size=(len(rows_), width))
        out[rows_] = ip_in(starts[pick].ravel(), sizes[pick].ravel(), rng).reshape(
            len(rows_), width
        )
    return out


def _pick_apis(
    plan: OrgPlan, e_role: np.ndarray, e_time: np.ndarray, rng: np.random.Generator
) -> pl.Series:
    """Each call's "source:name", drawn by the role's weights (a deploy may add new APIs)."""
    roles = np.unique(e_role)
    width = max(len(plan.roles[r].apis) for r in roles)
    cum = np.ones((len(plan.roles), width))
    table = np.full((len(plan.roles), width), "", dtype=object)
    for r in roles:
        w = np.cumsum(plan.roles[r].weights)
        cum[r, : len(w)] = w
        table[r, : len(w)] = [f"{s}:{n}" for s, n in plan.roles[r].apis]
    draw = rng.random(len(e_role))
    pos = (cum[e_role] < draw[:, None]).sum(axis=1).clip(0, width - 1)
    flat = pl.Series(values=table.ravel().tolist())
    out = gather(flat, e_role * width + pos)
    for r in roles:
        change = plan.roles[r].api_change
        if change is None:
            continue
        at, extra = change
        hit = np.nonzero((e_role == r) & (e_time >= at) & (rng.random(len(e_role)) < 0.15))[0]
        names = [f"{s}:{n}" for s, n in extra]
        out = out.scatter(hit, gather(names, rng.integers(0, len(names), len(hit))))
    return out


def _calls(
    plan: OrgPlan,
    kind: str,
    rng: np.random.Generator,
    e_role: np.ndarray,
    e_unit: np.ndarray,
    e_key: np.ndarray,
    e_time: np.ndarray,
    api: pl.Series,
    e_ip: np.ndarray,
    keys: pl.Series,
    k_session: pl.Series,
    k_mint: np.ndarray,
    u_unit: np.ndarray,
) -> pl.DataFrame:
    n = len(e_role)
    roles: list[Role] = plan.roles
    src_name = api.str.split_exact(":", 1).struct.unnest()
    source, name = src_name["field_0"], src_name["field_1"]
    ip = ip_strings(e_ip)
    ua = gather([role.user_agent for role in roles], e_role)
    vpce = masked(np.zeros(n, dtype=bool), "")
    for r in np.unique(e_role):
        role = roles[r]
        mine = e_role == r
        if role.ua_change is not None:
            ua = ua.scatter(np.nonzero(mine & (e_time >= role.ua_change[0]))[0], role.ua_change[1])
        via = np.zeros(n, dtype=bool)
        if role.vpc_endpoint is not None:
            via = mine & source.is_in(["s3.amazonaws.com", "sqs.amazonaws.com"]).to_numpy()
            vpce = vpce.scatter(np.nonzero(via)[0], role.vpc_endpoint)
        if role.vpce_change is not None:
            moved = mine & ~via & (e_time >= role.vpce_change[0]) & (rng.random(n) < 0.5)
            vpce = vpce.scatter(np.nonzero(moved)[0], role.vpce_change[1])
            via = via | moved
        if via.any():
            private = role.unit_private_ips[u_unit[e_unit[via]]]
            ip = ip.scatter(np.nonzero(via)[0], ip_strings(private))
    # AWS acting for the workload with its own key: KMS Decrypt made by S3
    s3_made = rng.random(n) < _DECRYPT_BY_S3
    by_s3 = np.nonzero(s3_made)[0]
    ip = ip.scatter(by_s3, "s3.amazonaws.com")
    ua = ua.scatter(by_s3, "s3.amazonaws.com")
    vpce = vpce.scatter(by_s3, None)
    source = source.scatter(by_s3, "kms.amazonaws.com")
    name = name.scatter(by_s3, "Decrypt")
    draw = rng.random(n)
    denied = draw < _ACCESS_DENIED
    throttled = ~denied & (draw < _ACCESS_DENIED + _THROTTLED)
    error = masked(denied, "AccessDenied").zip_with(
        pl.Series(values=~throttled), masked(throttled, "ThrottlingException")
    )
    message = masked(denied, "User is not authorized to perform this operation").zip_with(
        pl.Series(values=~throttled), masked(throttled, "Rate exceeded")
    )
    role_tables = _role_tables(plan)
    region = gather(role_tables["region"], e_role)
    session = gather(k_session, e_key)
    account = gather(role_tables["account"], e_role)
    frame = rows(
        n,
        {
            "event_time": times(e_time),
            "event_version": "1.09",
            "event_source": source,
            "event_name": name,
            "aws_region": region,
            "source_ip_address": ip,
            "user_agent": ua,
            "error_code": error,
            "error_message": message,
            "read_only": name.str.contains(r"^(Get|List|Describe|Head|Scan|Query|Receive|Decrypt)"),
            "event_type": "AwsApiCall",
            "management_event": True,
            "event_category": "Management",
            "recipient_account_id": account,
            "event_id": uuids(rng, n),
            "request_id": uuids(rng, n),
            "vpc_endpoint_id": vpce,
            "tls_version": "TLSv1.3",
            "tls_cipher_suite": "TLS_AES_128_GCM_SHA256",
            "identity_type": "AssumedRole",
            "identity_account_id": account,
            "access_key_id": gather(keys, e_key),
            "session_issuer_type": "Role",
            "session_issuer_arn": gather(role_tables["arn"], e_role),
            "session_issuer_principal_id": gather(role_tables["role_id"], e_role),
            "session_issuer_user_name": gather(role_tables["name"], e_role),
            "session_issuer_account_id": account,
            "session_creation_date": times(k_mint[e_key] // US_PER_SECOND * US_PER_SECOND),
            "mfa_authenticated": False,
            "session": session,
            "invoked_by": masked(s3_made, "s3.amazonaws.com"),
            "ec2_role_delivery": "2.0" if kind == "ec2" else None,
        },
    )
    return frame.with_columns(
        identity_arn=pl.format(
            "arn:aws:sts::{}:assumed-role/{}/{}",
            "recipient_account_id",
            "session_issuer_user_name",
            "session",
        ),
        identity_principal_id=pl.format("{}:{}", "session_issuer_principal_id", "session"),
        tls_client_provided_host_header=pl.when(pl.col("invoked_by").is_null()).then(
            pl.format(
                "{}.{}.amazonaws.com",
                pl.col("event_source").str.split(".").list.first(),
                "aws_region",
            )
        ),
    ).drop("session")


def _role_tables(plan: OrgPlan) -> dict[str, pl.Series]:
    return {
        "region": pl.Series(values=[r.region for r in plan.roles]),
        "account": pl.Series(values=[r.account for r in plan.roles]),
        "arn": pl.Series(values=[r.arn for r in plan.roles]),
        "role_id": pl.Series(values=[r.role_id for r in plan.roles]),
        "name": pl.Series(values=[r.name for r in plan.roles]),
    }


def _assume_roles(
    plan: OrgPlan,
    rng: np.random.Generator,
    service: str,
    k_role: np.ndarray,
    keys: pl.Series,
    k_session: pl.Series,
    k_mint: np.ndarray,
) -> pl.DataFrame:
    """The AssumeRole records by which the compute service minted each key."""
    n = len(k_role)
    tables = _role_tables(plan)
    frame = rows(
        n,
        {
            "event_time": times(k_mint),
            "event_version": "1.08",
            "event_source": "sts.amazonaws.com",
            "event_name": "AssumeRole",
            "aws_region": gather(tables["region"], k_role),
            "source_ip_address": service,
            "user_agent": service,
            "read_only": True,
            "event_type": "AwsApiCall",
            "management_event": True,
            "event_category": "Management",
            "recipient_account_id": gather(tables["account"], k_role),
            "event_id": uuids(rng, n),
            "request_id": uuids(rng, n),
            "shared_event_id": uuids(rng, n),
            "identity_type": "AWSService",
            "invoked_by": service,
            "role_arn": gather(tables["arn"], k_role),
            "role_id": gather(tables["role_id"], k_role),
            "role_name": gather(tables["name"], k_role),
            "session": k_session,
            "key": keys,
            "token": hex_ids(rng, n, 24),
            "expires": times(k_mint + 6 * US_PER_HOUR),
        },
    )
    return frame.with_columns(
        request_parameters=pl.format(
            '{{"roleArn":"{}","roleSessionName":"{}"}}', "role_arn", "session"
        ),
        response_elements=pl.format(
            '{{"credentials":{{"accessKeyId":"{}","sessionToken":"{}","expiration":"{}"}},'
            '"assumedRoleUser":{{"assumedRoleId":"{}:{}","arn":"arn:aws:sts::{}:assumed-role/{}/{}"}}}}',
            "key",
            "token",
            pl.col("expires").dt.strftime("%b %-d, %Y, %-I:%M:%S %p"),
            "role_id",
            "session",
            "recipient_account_id",
            "role_name",
            "session",
        ),
        resources=pl.format(
            '[{{"accountId":"{}","type":"AWS::IAM::Role","ARN":"{}"}}]',
            "recipient_account_id",
            "role_arn",
        ),
    ).drop("role_arn", "role_id", "role_name", "session", "key", "token", "expires")
