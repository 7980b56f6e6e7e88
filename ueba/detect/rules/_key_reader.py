"""A long-term key reading in bulk from elsewhere while its host goes on using it:
``leaked_long_term_key``'s ``key_read_elsewhere`` signal.

Sixteenth session (branch ``tune24``), tuning on heldout25's A6: a former IT contractor kept a
copy of the ERP export key and, from his home line, downloads the ledgers the key only ever
uploads; the ERP server uploads that morning's export with the same key from the head office,
as every day. The client is the same (the server runs the aws-cli on Windows too), so
``new_network_and_client`` stays silent, and a new network alone is what a person's key shows
on a day at home. What tells is three facts together:

- an ``AKIA…`` key with a history of its own, called today from a network the key never used
  (nor its user, when the key has no history: a rotated key takes the user's);
- from there, at least ``reader_min_calls`` (10) calls of a data-read API (``GetObject``,
  ``GetSecretValue``, ``GetParameter``, DynamoDB ``Scan`` / ``Query`` ...: :data:`READS`)
  that the key never made in the window: the key's work was something else;
- and the same day, the key also called from a network of its history: its host did not move,
  so the key is in two places (a copy), not on a migrated server.

**medium**, basis novelty (the key's own record). A person's key at home reads what it always
reads; a server moved to a new network leaves the old one; a new job on the usual host calls
from the usual network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ueba.detect._baseline import BaselineView

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

# data reads: an object, a secret, a parameter, a table's items, a query's results
READS = (
    "GetObject",
    "SelectObjectContent",
    "GetSecretValue",
    "GetParameter",
    "GetParameters",
    "GetParametersByPath",
    "Scan",
    "Query",
    "GetItem",
    "BatchGetItem",
    "GetQueryResults",
)


def key_read_elsewhere(
    rule: Rule, lf: pl.LazyFrame, baseline: BaselineView, *, basis: pl.Expr
) -> pl.LazyFrame:
    """The ``key_read_elsewhere`` hits of ``lf`` (``leaked_long_term_key``'s AKIA rows outside
    AWS and inside, with ``nets``: the networks of the key's history, else its user's; module
    docstring)."""
    api = pl.concat_str([pl.col("event_source"), pl.col("event_name")], separator=":")
    done = baseline.known("credential", "api").select(
        pl.col("entity").alias("access_key_id"), pl.col("value").alias("_api"), _done=pl.lit(True)
    )
    known_net = pl.col("nets").list.contains(pl.col("network_key").fill_null("?"))
    rows = lf.filter(pl.col("nets").list.len() > 0).with_columns(api.alias("_api"))
    # the key's day: called from a network of its history too (its host still runs)
    home = rows.filter(known_net).select("access_key_id").unique()
    reads = (
        rows.filter(~known_net & pl.col("event_name").is_in(list(READS)))
        .join(home, on="access_key_id", how="semi")
        .join(done.unique(), on=["access_key_id", "_api"], how="left")
        .filter(pl.col("_done").is_null())
    )
    keys = (
        reads.group_by("access_key_id", "network_key")
        .agg(pl.len().alias("_reads"), pl.col("event_name").unique().sort().alias("_apis"))
        .filter(pl.col("_reads") >= int(rule["reader_min_calls"]))
    )
    hits = reads.join(keys, on=["access_key_id", "network_key"], how="inner")
    return rule.emit(
        hits,
        signal="key_read_elsewhere",
        reason=pl.format(
            "long-term key {} of {} read data it never read ({} calls of {}) from {} ({}), a "
            "network it never used, while it also called from its own ({}) the same day: the "
            "key in two places",
            pl.col("access_key_id"),
            pl.col("principal_label"),
            pl.col("_reads"),
            pl.col("_apis").list.join(", "),
            pl.col("source_ip_address").fill_null("?"),
            pl.coalesce("as_org", "network_key", pl.lit("unknown network")),
            pl.col("nets").list.head(3).list.join(", "),
        ),
        baseline=pl.format("networks {}", pl.col("nets").list.join(", ")),
        observed=pl.format("{} {}", pl.col("network_key"), pl.col("event_name")),
        weight=float(rule["reader_factor"]),
        severity=str(rule["reader_severity"]),
        basis=basis,
    )


__all__ = ["READS", "key_read_elsewhere"]
