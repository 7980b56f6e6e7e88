"""``make_events``: a small, seeded frame of CloudTrail EVENTS, as ``make_blobs`` is for sklearn.

For trying the pipeline in a notebook, for tests of your own rules and readers, and as the seed
of bigger benchmark data (``benchmarks/synth``, ``benchmarks/corpus`` build theirs outside the
package). Every value is plausible CloudTrail: IAM users with long-term ``AKIA`` keys, roles
with hourly ``ASIA`` session keys on EC2, calls from AWS addresses and from documentation
networks (RFC 5737) outside AWS, the AWS CLI and boto3, and some refused calls.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from ueba._collect import ENGINE
from ueba._time import parse_day
from ueba.schema import EVENTS, UTC_US, conform

_ACCOUNT = "111122223333"
# (event source, event name, read only)
_CALLS = (
    ("s3.amazonaws.com", "GetObject", True),
    ("s3.amazonaws.com", "PutObject", False),
    ("s3.amazonaws.com", "ListBuckets", True),
    ("ec2.amazonaws.com", "DescribeInstances", True),
    ("sts.amazonaws.com", "GetCallerIdentity", True),
    ("dynamodb.amazonaws.com", "Query", True),
    ("secretsmanager.amazonaws.com", "GetSecretValue", True),
    ("iam.amazonaws.com", "ListRoles", True),
)
# AWS (us-east-1 EC2) and RFC 5737 documentation networks, standing in for ISPs.
_AWS_IPS = ("34.234.236.212", "52.95.110.1", "3.80.12.40")
_OUTSIDE_IPS = ("198.51.100.7", "203.0.113.9", "192.0.2.44")
_AGENTS = (
    "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/s3.ls",
    "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 lang/python#3.12.1",
)


def make_events(
    n: int = 200,
    *,
    principals: int = 4,
    days: int = 1,
    start: str | dt.date = "2024-07-01",
    outside_share: float = 0.1,
    error_share: float = 0.05,
    seed: int = 0,
) -> pl.DataFrame:
    """``n`` CloudTrail events of exactly :data:`ueba.schema.EVENTS`, sorted by time.

    Parameters
    ----------
    n
        Number of events.
    principals
        How many identities make the calls: even ones are roles used through EC2 session keys
        (``ASIA…``, a new key each hour), odd ones IAM users with one long-term key (``AKIA…``).
    days
        The events spread evenly over this many days from ``start`` (UTC).
    outside_share
        The share of calls from public addresses outside AWS; the rest come from AWS addresses.
    error_share
        The share of calls refused with ``AccessDenied``.
    seed
        The same arguments and seed give the same frame.

    Examples
    --------
    >>> events = make_events(50, principals=2, seed=1)
    >>> events.height, events["event_id"].n_unique()
    (50, 50)
    >>> sorted(events["identity_type"].unique())
    ['AssumedRole', 'IAMUser']
    """
    if n < 0 or principals < 1 or days < 1:
        raise ValueError(
            f"make_events needs n >= 0, principals >= 1 and days >= 1 (got n={n}, "
            f"principals={principals}, days={days})"
        )
    if not (0.0 <= outside_share <= 1.0 and 0.0 <= error_share <= 1.0):
        raise ValueError("outside_share and error_share are shares between 0 and 1")
    rng = np.random.default_rng(seed)
    first = dt.datetime.combine(parse_day(start, what="start"), dt.time(), dt.UTC)
    offsets_us = np.sort(rng.integers(0, days * 86_400_000_000, size=n))
    who = rng.integers(0, principals, size=n)
    call = rng.integers(0, len(_CALLS), size=n)
    outside = rng.random(n) < outside_share
    denied = rng.random(n) < error_share
    ip_pick = rng.integers(0, 3, size=n)
    agent = rng.integers(0, len(_AGENTS), size=n)

    frame = pl.DataFrame(
        {
            "_offset": offsets_us,
            "_who": who,
            "_call": call,
            "_outside": outside,
            "_denied": denied,
            "_ip": ip_pick,
            "_agent": agent,
        }
    ).with_row_index("_row")
    is_role = pl.col("_who") % 2 == 0
    name = pl.format(
        "{}{}", pl.when(is_role).then(pl.lit("app-")).otherwise(pl.lit("dev-")), "_who"
    )
    event_time = pl.lit(first, UTC_US) + pl.duration(microseconds=pl.col("_offset"))
    hour = (pl.col("_offset") // 3_600_000_000).cast(pl.String)
    instance = pl.format("i-0{}", pl.col("_who").cast(pl.String).str.pad_start(16, "0"))
    role_arn = pl.format("arn:aws:iam::{}:role/{}", pl.lit(_ACCOUNT), name)
    user_arn = pl.format("arn:aws:iam::{}:user/{}", pl.lit(_ACCOUNT), name)
    session_key = pl.format(
        "ASIA{}{}",
        pl.col("_who").cast(pl.String).str.pad_start(4, "0"),
        hour.str.pad_start(12, "0"),
    )
    user_key = pl.format("AKIA{}", pl.col("_who").cast(pl.String).str.pad_start(16, "0"))
    calls = pl.DataFrame(
        {
            "_call": list(range(len(_CALLS))),
            "event_source": [c[0] for c in _CALLS],
            "event_name": [c[1] for c in _CALLS],
            "read_only": [c[2] for c in _CALLS],
        },
        schema_overrides={"_call": pl.Int64},
    )
    ips = pl.when(pl.col("_outside"))
    ip = ips.then(
        pl.col("_ip").replace_strict(dict(enumerate(_OUTSIDE_IPS)), return_dtype=pl.String)
    ).otherwise(pl.col("_ip").replace_strict(dict(enumerate(_AWS_IPS)), return_dtype=pl.String))
    out = (
        frame.with_columns(pl.col("_call").cast(pl.Int64))
        .join(calls, on="_call", how="left", maintain_order="left")
        .select(
            event_time.alias("event_time"),
            pl.lit("1.08").alias("event_version"),
            "event_source",
            "event_name",
            pl.lit("us-east-1").alias("aws_region"),
            ip.alias("source_ip_address"),
            pl.col("_agent")
            .replace_strict(dict(enumerate(_AGENTS)), return_dtype=pl.String)
            .alias("user_agent"),
            pl.when(pl.col("_denied")).then(pl.lit("AccessDenied")).alias("error_code"),
            pl.when(pl.col("_denied"))
            .then(pl.lit("User is not authorized to perform this action"))
            .alias("error_message"),
            "read_only",
            pl.lit("AwsApiCall").alias("event_type"),
            pl.lit(True).alias("management_event"),
            pl.lit("Management").alias("event_category"),
            pl.lit(_ACCOUNT).alias("recipient_account_id"),
            pl.format(
                "00000000-0000-4000-8000-{}", pl.col("_row").cast(pl.String).str.pad_start(12, "0")
            ).alias("event_id"),
            pl.when(is_role)
            .then(pl.lit("AssumedRole"))
            .otherwise(pl.lit("IAMUser"))
            .alias("identity_type"),
            pl.when(is_role)
            .then(pl.format("arn:aws:sts::{}:assumed-role/{}/{}", pl.lit(_ACCOUNT), name, instance))
            .otherwise(user_arn)
            .alias("identity_arn"),
            pl.lit(_ACCOUNT).alias("identity_account_id"),
            pl.when(is_role).then(session_key).otherwise(user_key).alias("access_key_id"),
            pl.when(~is_role).then(name).alias("identity_user_name"),
            pl.when(is_role).then(pl.lit("Role")).alias("session_issuer_type"),
            pl.when(is_role).then(role_arn).alias("session_issuer_arn"),
            pl.when(is_role).then(name).alias("session_issuer_user_name"),
            pl.when(is_role).then(pl.lit(_ACCOUNT)).alias("session_issuer_account_id"),
            pl.when(is_role).then(pl.lit("2.0")).alias("ec2_role_delivery"),
            pl.lit("make_events").alias("source_file"),
        )
    )
    return conform(out.lazy(), EVENTS).collect(engine=ENGINE)


__all__ = ["make_events"]
