"""Query results written to a bucket the trail never names: ``outside_account_grant``'s
``query_output_outside`` (twentieth session, branch ``tune36``, tuning on heldout36's A3).

An Athena query writes its whole result set to the S3 location its request names
(``StartQueryExecution``'s ``resultConfiguration.outputLocation``; Athena User Guide, "Working
with query results"): the caller's own permissions read the tables, Athena writes the rows to
that bucket, and the bucket may belong to any account whose policy lets the caller write. Named
outside the organisation, one call copies the tables out, as a snapshot shared to another
account does (MITRE ATT&CK T1537, transfer data to a cloud account; Datadog and Permiso on
Athena output locations as an exfiltration path). The organisation's own results bucket is
named elsewhere in its trail: by the other people and gateways querying through the same
account, by its workgroup's configuration (``CreateWorkGroup`` / ``UpdateWorkGroup``), by the
``CreateBucket`` that made a new one, by Athena's own writes and reads of it.

So a hit is a successful ``StartQueryExecution`` (not a service's call) into a mature account
whose output bucket **no other event of the day names** (no other principal's request or
resources, nor any call of the caller's that is not a query writing there) and that nobody in
the account read or wrote in the baseline's window (its ``s3_read`` / ``s3_write`` buckets,
when the trail logs S3 data events: a weekend's lone query into the usual results bucket is
the account's own), by a principal
with a history (mature) whose session comes from a rented network (a hosting provider or an
anonymiser, :func:`~ueba.detect._hosting.rented_expr`) it never used in the window: an
AiTM-phished console session relayed through the attacker's VPN or server, or a stolen token
replayed from one. A person travelling signs in from a hotel or a mobile network, not a data
centre; a new results bucket is created in the trail; a new analyst has no history. The
client is not asked: a console session's browser family is ``browser`` for every browser, and
the attacker replaying a stolen session cookie may well use the victim's make of browser. Medium (an attempt refused by
S3 or Athena is not a copy).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import Rule
from ueba.detect.rules._bucket_names import ARN, URI, named_elsewhere
from ueba.detect.rules._bulk_reads import account_buckets

QUERY_EVENTS = ("StartQueryExecution",)


def output_bucket(request: pl.Expr) -> pl.Expr:
    """The bucket of a query's ``resultConfiguration.outputLocation`` (null when none)."""
    location = request.str.json_path_match("$.resultConfiguration.outputLocation")
    return location.str.extract(r"^\s*" + URI, 1)


def query_exports(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events) that are ``query_output_outside`` (module docstring),
    plus ``_bucket``."""
    queries = (
        lf.filter(
            pl.col("event_name").is_in(list(QUERY_EVENTS))
            & ~pl.col("is_service_call")
            & pl.col("error_code").is_null()
        )
        .with_columns(output_bucket(pl.col("request_parameters")).alias("_bucket"))
        .filter(pl.col("_bucket").is_not_null())
        .join(baseline.mature_accounts(), on="account_id", how="semi")
    )
    if baseline.engine is not None:
        # within a scoring the few queries are collected once; none (most days) and no bucket
        # can be named: the search of every request for bucket names (0.55 CPU s on the
        # 593,600-event day) is skipped and the answer is the empty frame of the queries
        queries = baseline.materialize(queries)
        if queries.select(pl.len()).collect(engine=baseline.engine).item() == 0:
            return queries
    # named by another principal, or by the caller in a call other than a query's output
    query = pl.col("event_name").is_in(list(QUERY_EVENTS))
    known = named_elsewhere(lf, queries, query, (URI, ARN))
    places = baseline.known("principal", "network_key").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("network_key")
    )
    return (
        queries.join(known, on=["_bucket", "principal"], how="anti")
        # a bucket the account's people or workloads read or wrote in the window is its own
        .join(account_buckets(baseline), on=["account_id", "_bucket"], how="anti")
        .filter(pl.col("network_key").is_not_null() & rented_expr())
        .join(
            baseline.mature_principals(),
            on="principal",
            how="semi",
        )
        .join(places, on=["principal", "network_key"], how="anti")
    )


def query_output_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``query_output_outside`` hits of ``lf`` (featured events;
    :func:`query_exports`)."""
    rows = query_exports(lf, baseline)
    return rule.emit(
        rows,
        signal="query_output_outside",
        reason=pl.format(
            "{} wrote the results of a query ({}) to bucket {}, which no other call of the "
            "trail names (no other principal's request, no workgroup, no CreateBucket): a copy "
            "of the tables read into a bucket outside the organisation, from a rented network "
            "(a hosting provider or an anonymiser: {}, {}) the principal never used",
            pl.col("principal_label"),
            pl.col("event_name"),
            pl.col("_bucket"),
            pl.col("network_key"),
            pl.col("as_org").fill_null("?"),
        ),
        baseline=pl.lit("the principal's networks; output buckets the trail names"),
        observed=pl.format("{} -> s3://{}", pl.col("event_name"), pl.col("_bucket")),
        weight=float(rule["query_output_factor"]),
        severity=str(rule["query_output_severity"]),
        basis="novelty",
    )


__all__ = ["QUERY_EVENTS", "output_bucket", "query_exports", "query_output_hits"]
