"""Which labelled incident each finding belongs to: strict, documented matching.

A finding belongs to a truth row when one of these holds (docs/evaluation.md, "Matching"):

1. **event**: they share an event ID (no other condition: event IDs are unique);
2. **key**: the row's access key is one of the finding's keys, the times overlap and, when the
   row names source addresses, one of them is among the finding's addresses;
3. **principal**: same principal ARN, overlapping times, and the address condition of 2; a
   row naming a role session (``assumed-role/R/S``) also matches the finding of the person
   ``S`` (``actor_id``) in role ``R`` of the same account (a person in a shared SAML role);
4. **address**: a row naming only addresses (no key, principal or event): one of them is among
   the finding's addresses and the times overlap.

Times overlap when the finding's ``[first_seen, last_seen]`` meets the row's ``[start, end]``
widened by ``slack`` on both sides (an open end is unbounded). A finding that matches several
incidents is given to one: an attack before a benign change, then the stronger kind of match
(event, key, principal, address), then the smallest incident ``id``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ueba._collect import ENGINE
from ueba.schema import FINDINGS, SEVERITY_RANK, UTC_US, conform

MATCH_KINDS = ("event", "key", "principal", "address")
# a role session's ARN: account, role name, session name
_SESSION = r"^arn:[^:]+:sts::(\d+):assumed-role/([^/]+)/([^/]+)$"
_NEVER_START = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
_NEVER_END = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def severity_rank(column: str = "severity") -> pl.Expr:
    """The position of a severity in SEVERITIES (info = 0 ... critical = 4), null if unknown."""
    return pl.col(column).replace_strict(SEVERITY_RANK, return_dtype=pl.Int8, default=None)


def _rows(findings: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """FINDINGS, one row per report, ``access_key_ids`` including ``access_key_id``, every
    ``finding_id`` set, and ``_rank`` (the severity's position)."""
    frame = conform(findings.lazy(), FINDINGS).collect(engine=ENGINE)
    return frame.with_columns(
        pl.concat_list(
            pl.col("access_key_ids").fill_null(pl.lit([], pl.List(pl.String))),
            pl.col("access_key_id"),
        )
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .alias("access_key_ids"),
        pl.col("finding_id").fill_null(pl.format("row-{}", pl.int_range(pl.len()))),
        _rank=severity_rank().fill_null(0),
    )


def merge_findings(
    findings: pl.LazyFrame | pl.DataFrame, *, by: tuple[str, ...] = ()
) -> pl.DataFrame:
    """FINDINGS with one row per ``finding_id`` (and per value of the extra columns ``by``).

    A finding reported again on a later day (OCSF activity Update) is one finding: its highest
    severity and score, the union of its keys, addresses, events and rules, its widest time span.
    ``access_key_ids`` always includes ``access_key_id``.
    """
    frame = _rows(findings) if not by else findings.lazy().collect(engine=ENGINE)
    keys = ["finding_id", *by]
    if frame.select(keys).n_unique() == frame.height:
        return frame.select(*FINDINGS, *by)
    lists = [c for c, t in FINDINGS.items() if isinstance(t, pl.List) and c != "evidence"]
    merged = (
        frame.sort("_rank", "score", descending=True, nulls_last=True)
        .group_by(keys, maintain_order=True)
        .agg(
            pl.all()
            .exclude(*lists, "first_seen", "last_seen", "event_count", "evidence", *by)
            .first(),
            *[
                pl.col(c)
                .list.explode(keep_nulls=False, empty_as_null=False)
                .drop_nulls()
                .unique(maintain_order=True)
                for c in lists
            ],
            pl.col("evidence").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls(),
            pl.col("first_seen").min(),
            pl.col("last_seen").max(),
            pl.col("event_count").max(),
        )
    )
    return merged.select(*FINDINGS, *by)


def grade_updates(
    findings: pl.LazyFrame | pl.DataFrame,
    truth: pl.DataFrame,
    *,
    slack: dt.timedelta = dt.timedelta(0),
) -> pl.DataFrame:
    """FINDINGS merged per ``finding_id`` and incident, with ``incident``, ``label``,
    ``matched_by``: each update (report) of a finding is matched on its own evidence.

    Updates of one finding that match the same incident (or none) merge into one graded
    finding at their highest severity; a finding whose updates match two incidents is graded
    once for each, at the severity of that incident's own updates, and its updates that match
    none are one more finding that belongs to no incident.
    """
    # why: the incident store continues an incident over days when a run goes on; when it
    # continues a benign change into an attack (or the other way), the incident's highest
    # severity belongs to one of them only. Crediting the attack with it would grade the
    # detector on the other incident's evidence and hide the benign change.
    rows = match(_rows(findings), truth, slack=slack)
    kind = pl.col("matched_by").replace_strict(
        {k: i for i, k in enumerate(MATCH_KINDS)}, return_dtype=pl.Int8, default=None
    )
    strongest = (
        rows.with_columns(kind.alias("_kind"))
        .group_by("finding_id", "incident")
        .agg(pl.col("_kind").min())
        .with_columns(
            pl.col("_kind")
            .replace_strict(dict(enumerate(MATCH_KINDS)), return_dtype=pl.String, default=None)
            .alias("_strongest")
        )
        .drop("_kind")
    )
    merged = merge_findings(rows, by=("incident", "label"))
    return (
        merged.join(strongest, on=["finding_id", "incident"], how="left", nulls_equal=True)
        .with_columns(pl.col("_strongest").alias("matched_by"))
        .select(*FINDINGS, "incident", "label", "matched_by")
        .sort("first_seen", "finding_id", nulls_last=True)
    )


def match(
    findings: pl.DataFrame, truth: pl.DataFrame, *, slack: dt.timedelta = dt.timedelta(0)
) -> pl.DataFrame:
    """``findings`` (merged) with ``incident``, ``label`` and ``matched_by`` (null: no incident)."""
    f = findings.with_row_index("_row")
    t = truth.select(
        pl.col("id").alias("_incident"),
        pl.col("label").alias("_label"),
        pl.col("access_key_id").alias("_key"),
        pl.col("principal_arn").alias("_principal"),
        *(
            pl.col("principal_arn").str.extract(_SESSION, i).alias(name)
            for i, name in ((1, "_session_account"), (2, "_session_role"), (3, "_session_name"))
        ),
        pl.col("source_ips").fill_null([]).alias("_ips"),
        pl.col("event_ids").fill_null([]).alias("_events"),
        (pl.col("start").fill_null(pl.lit(_NEVER_START, UTC_US)) - pl.lit(slack)).alias("_start"),
        (pl.col("end").fill_null(pl.lit(_NEVER_END, UTC_US)) + pl.lit(slack)).alias("_end"),
    )
    if t.height == 0 or f.height == 0:
        return findings.with_columns(
            incident=pl.lit(None, pl.String),
            label=pl.lit(None, pl.String),
            matched_by=pl.lit(None, pl.String),
        )
    overlap = (pl.col("first_seen") <= pl.col("_end")) & (pl.col("last_seen") >= pl.col("_start"))
    no_ips = pl.col("_ips").list.len() == 0
    shares_ip = (
        pl.col("_ips").list.set_intersection(pl.col("source_ips").fill_null([])).list.len() > 0
    )
    address = no_ips | shares_ip
    by_event = (
        pl.col("_events").list.set_intersection(pl.col("event_ids").fill_null([])).list.len() > 0
    )
    by_key = (
        pl.col("_key").is_not_null()
        & pl.col("access_key_ids").list.contains(pl.col("_key"))
        & overlap
        & address
    )
    # why: a person in a federated role shared by many (a SAML role) is its own actor, but the
    # finding's principal is the role: a row naming the person's session (assumed-role/R/S)
    # is that person's finding in role R of the same account, not any finding of the role
    same_person = (
        (
            pl.col("_session_account")
            == pl.col("principal_arn").str.split(":").list.get(4, null_on_oob=True)
        )
        & (
            pl.col("_session_role")
            == pl.col("principal_arn").str.extract(r":role/(?:.*/)?([^/]+)$", 1)
        )
        & (pl.col("_session_name") == pl.col("actor_id"))
    ).fill_null(False)
    by_principal = (
        ((pl.col("_principal") == pl.col("principal_arn")).fill_null(False) | same_person)
        & overlap
        & address
    )
    only_ips = (
        pl.col("_key").is_null()
        & pl.col("_principal").is_null()
        & (pl.col("_events").list.len() == 0)
    )
    by_address = only_ips & shares_ip & overlap
    kind = (
        pl.when(by_event)
        .then(0)
        .when(by_key.fill_null(False))
        .then(1)
        .when(by_principal)
        .then(2)
        .when(by_address.fill_null(False))
        .then(3)
        .otherwise(None)
    )
    pairs = (
        f.select(
            "_row",
            "access_key_ids",
            "principal_arn",
            "actor_id",
            "source_ips",
            "event_ids",
            "first_seen",
            "last_seen",
        )
        .join(t, how="cross")
        .with_columns(_kind=kind)
        .filter(pl.col("_kind").is_not_null())
        .sort(
            "_row",
            pl.col("_label") == "attack",
            "_kind",
            "_incident",
            descending=[False, True, False, False],
        )
        .group_by("_row", maintain_order=True)
        .agg(pl.col("_incident").first(), pl.col("_label").first(), pl.col("_kind").first())
        .select(
            "_row",
            pl.col("_incident").alias("incident"),
            pl.col("_label").alias("label"),
            pl.col("_kind")
            .replace_strict(dict(enumerate(MATCH_KINDS)), return_dtype=pl.String)
            .alias("matched_by"),
        )
    )
    return f.join(pairs, on="_row", how="left").sort("_row").drop("_row")


__all__ = [
    "MATCH_KINDS",
    "SEVERITY_RANK",
    "grade_updates",
    "match",
    "merge_findings",
    "severity_rank",
]
