"""An identity pool's key reading data in bulk from a rented network
(``credential_outside_workload``'s ``pool_rented_reads`` signal; nineteenth session, tuning on
heldout34's A10).

An Amazon Cognito identity pool hands its roles' keys (``AssumeRoleWithWebIdentity`` with the
pool's token; the key's calls carry ``webIdFederationData.federatedProvider``
``cognito-identity.amazonaws.com``) to the app on people's phones and browsers. A pool that
allows unauthenticated identities hands a key to anyone who asks with the pool id, which ships
inside the app; if its role can read a table or a bucket, a script can read them too. The app's
own calls come from where its users sit (mobile carriers, home lines); a session of the pool's
role on a rented server (a hosting provider's or an anonymiser's address, :func:`rented_expr`)
that reads data in bulk with calls the role never made is someone's script holding the pool's
key, not the app: public research on over-permissive identity pools describes exactly that.

The signal: a session key of a pool role, in a mature account, from a rented network, making at
least ``pool_min_reads`` data-plane reads (data events, read-only) of APIs the role never
called over the window (a role never used before has none) is **medium**, each of those reads a
hit. Basis ``novelty`` for a role the baseline saw (the scorer silences it while the role is
learning), ``self`` for a role it never saw: no history to learn, its first use judged against the
mature account (an unauthenticated role no app uses is exactly that). The app's users on their carriers, a developer's test from the office,
a pool role's usual reads, and a trail's first days are not.
"""

from __future__ import annotations

import polars as pl

from ueba.baseline.summaries import dimension_expr
from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr

# the federated provider a Cognito identity pool's keys carry in their calls
POOL_PROVIDER = "cognito-identity.amazonaws.com"


def pool_rented_reads(lf: pl.LazyFrame, baseline: BaselineView, *, min_reads: int) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): a pool role's session key reading data it never read,
    from a rented network, at least ``min_reads`` times (module docstring), with ``_reads``
    (that count), ``_new_apis`` (the calls, sorted, joined) and ``_basis``."""
    api = dimension_expr("api")
    known = (
        baseline.known("principal", "api")
        .select(pl.col("entity").alias("principal"), pl.col("value").alias("api"))
        .unique()
    )
    rows = (
        lf.filter(
            (
                (pl.col("principal_type") == "role")
                & (pl.col("web_id_federation_provider") == POOL_PROVIDER)
                & pl.col("access_key_id").is_not_null()
                & ~pl.col("management_event")
                & pl.col("read_only")
                & pl.col("error_code").is_null()
                & rented_expr()
            ).fill_null(False)
        )
        .join(baseline.mature_accounts(), on="account_id", how="semi")
        .with_columns(api)
        .join(known, on=["principal", "api"], how="anti")
    )
    # a role the baseline never saw has no history to be learning: its first use is judged
    # against the (mature) account; a role with some history is judged as novelty
    seen = (
        baseline.mature("principal")
        .select(pl.col("entity").alias("principal"), _seen=pl.lit(True))
        .unique("principal")
    )
    session = ["principal", "access_key_id"]
    return (
        rows.join(seen, on="principal", how="left")
        .with_columns(
            pl.when(pl.col("_seen"))
            .then(pl.lit("novelty"))
            .otherwise(pl.lit("self"))
            .alias("_basis"),
            pl.len().over(session).cast(pl.Int64).alias("_reads"),
            pl.col("event_name").unique().sort().str.join(", ").over(session).alias("_new_apis"),
        )
        .filter(pl.col("_reads") >= min_reads)
    )


__all__ = ["POOL_PROVIDER", "pool_rented_reads"]
