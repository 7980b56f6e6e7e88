"""Two of ``sensitive_api``'s signals that judge a key rather than a named call: a key with no
history opening with ``GetCallerIdentity`` ("whose key is this?", :func:`opener_hits`), and one
key's hourly bursts of unseen reads or secret reads (:func:`burst_hits`). Split from
:mod:`._sensitive_hits`, which judges the named calls.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import Rule
from ueba.detect.rules._new_person import skip_new_people, skip_new_users
from ueba.detect.rules._sensitive_calls import _WEIGHT, _minted_here, _routine_opener


def opener_hits(rule: Rule, base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``GetCallerIdentity`` as the first call of a key with no history ("whose key is this?")."""
    # GetCallerIdentity as the first call of a key with no history
    key_hist = (
        baseline.known("credential", "api")
        .select(pl.col("entity").alias("access_key_id"), key_known=pl.lit(True))
        .unique()
    )
    openers = (
        base.filter(
            pl.col("key_opening")
            & (pl.col("event_name") == "GetCallerIdentity")
            & pl.col("access_key_id").is_not_null()
        )
        .join(key_hist, on="access_key_id", how="left")
        .filter(pl.col("key_known").is_null())
    )
    first_gci = (
        openers.join(_minted_here(base, openers), on="key_issuer_event_id", how="left")
        # the runner that minted the key checking it (configure-aws-credentials does) is
        # not someone trying a found key: same network and client as the minting call
        .filter(
            ~(
                (pl.col("network_key") == pl.col("_issuer_network"))
                & (pl.col("ua_family") == pl.col("_issuer_client"))
            ).fill_null(False)
        )
        # why: SDKs checking their identity at start-up, and `aws sso login` users, open
        # every new key that way from their usual side or where they signed in today
        .pipe(_routine_opener, base, baseline)
        # why: a new Identity Center person's first session checks its profile like everyone's
        # (._new_person): no history at all, in a mature account
        .pipe(skip_new_people, baseline)
        # why: a new IAM user's first key, opened on her own line where she signed in with
        # MFA today, is the colleague setting up her CLI (._new_person.skip_new_users)
        .pipe(skip_new_users, base, baseline)
    )
    return rule.emit(
        first_gci,
        signal="first_call_get_caller_identity",
        reason=pl.format(
            '{} opened with GetCallerIdentity ("whose key is this?") and has no history',
            pl.col("access_key_id"),
        ),
        baseline=pl.lit("key unseen"),
        observed=pl.lit("GetCallerIdentity first"),
        weight=float(rule["first_call_weight"]),
        severity="low",
        basis="self",
    )


def burst_hits(
    rule: Rule, hourly: pl.LazyFrame, reads: pl.Expr, secret_apis: list[str]
) -> list[pl.LazyFrame]:
    """One key calling many unseen reads, or many unseen secret reads, within an hour."""
    unseen = pl.col("seen").is_null()
    recon_like = reads & unseen
    bursts = hourly.with_columns(
        pl.col("event_name")
        .filter(recon_like)
        .n_unique()
        .over("access_key_id", "hour")
        .alias("distinct_recon"),
        pl.col("event_name")
        .is_in(secret_apis)
        .and_(unseen)
        .sum()
        .over("access_key_id", "hour")
        .alias("secret_calls"),
    )
    recon = bursts.filter(
        recon_like & (pl.col("distinct_recon") >= int(rule["burst_distinct_apis"]))
    )
    recon_hits = rule.emit(
        recon,
        signal="recon_burst",
        reason=pl.format(
            "{} distinct Describe/List/Get APIs called by {} within an hour",
            pl.col("distinct_recon"),
            pl.col("access_key_id"),
        ),
        baseline=pl.lit(f"< {rule['burst_distinct_apis']} per hour"),
        observed=pl.col("distinct_recon").cast(pl.String),
        weight=_WEIGHT["recon"] * 1.5,
        severity="medium",
    )
    secrets = bursts.filter(
        (pl.col("secret_calls") >= int(rule["secret_burst_calls"]))
        & pl.col("event_name").str.contains("Secret|Parameter")
        & unseen
    )
    secret_hits = rule.emit(
        secrets,
        signal="secret_burst",
        reason=pl.format(
            "{} secret reads by {} within an hour",
            pl.col("secret_calls"),
            pl.col("access_key_id"),
        ),
        baseline=pl.lit(f"< {rule['secret_burst_calls']} per hour"),
        observed=pl.col("secret_calls").cast(pl.String),
        weight=0.5,
        severity="medium",
    )
    return [recon_hits, secret_hits]
