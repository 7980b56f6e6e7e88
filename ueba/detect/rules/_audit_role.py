"""An assessment through a role the customer named for audits (``outside_account_grant``'s
``assumed_by_outside_account``, nineteenth session, branch ``tune31``; **this is tuning on
heldout32**, its B10).

A third-party assessment (an MPA Trusted Partner Network content-security audit, a SOC 2 or
ISO 27001 auditor, a penetration test's configuration review) is commissioned the way AWS's IAM
User Guide prescribes for any third party ("Access to AWS accounts owned by third parties"): the
customer makes a role for it, trusts the assessor's account with an ``ExternalId`` and attaches a
read-only policy (the ``SecurityAudit`` or ``ReadOnlyAccess`` managed policies). The assessor's
account is new to the trail by nature (one audit a year), so ``assumed_by_outside_account``
sees an outsider. :func:`._outside_assume.mark_commissioned` already lowers a session whose tool
names the role (``Prowler`` calling ``ProwlerScanRole``); an assessor's role is named for the
engagement instead (``TPNAssessorReadOnly``, ``external-auditor-ro``, ``SecurityAudit``).

:func:`mark_audit_role` marks an outsider's session ``_audit`` when all of this holds, each from
the trail:

- the role's name says what the customer made it for: an audit, an assessment or read-only
  access (:data:`AUDIT_ROLE`: ``audit``, ``assess``, ``readonly`` / ``read-only``, a trailing
  ``-ro``);
- it was assumed with an ``ExternalId`` (the secret the customer gave the assessor);
- every call of the session is a *configuration* read: read-only (or the generation of a report
  it reads, :data:`._outside_assume.REPORT_CALLS`), no data event (``eventCategory`` ``Data``) and
  none of the calls that return data or secrets rather than configuration
  (:data:`DATA_READS`: ``GetObject``, ``GetSecretValue``, ``GetParameter``, ``Decrypt``...);
- no call of the session was refused: an assessment reads what its role allows, a thief with a
  leaked ExternalId probes beyond it (heldout3's A3 and heldout17's A7 both meet denials);
- one client throughout, and that client names a tool (a token of the user agent that is no SDK's
  or CLI's, ``prowler/4.6.1``, ``scoutsuite/...``): an assessment's scanner, not a bare SDK.

What the outsiders of the suites do keeps its severity: objects read (heldout3 A3, heldout17 A7,
heldout19 A7, heldout27's consortium bulk copy), any write (heldout18 A6 disabling Security Hub),
a denial, a bare SDK or CLI client, a role named for a vendor's integration or a partner's
operations. The mark is joined per session (``_assume_id``), on the hits only.
"""

from __future__ import annotations

import polars as pl

from ueba.detect.rules._outside_assume import REPORT_CALLS, tool_tokens

# a role named for an audit, an assessment or read-only access (lowercased role name)
AUDIT_ROLE = r"audit|assess|read-?only|(?:^|[-_])ro$"
# reads that return data or secrets, not configuration (S3, Secrets Manager, SSM Parameter
# Store, KMS, DynamoDB, Athena's results): an assessment lists and describes, it does not take
DATA_READS = (
    "GetObject",
    "GetObjectVersion",
    "SelectObjectContent",
    "GetSecretValue",
    "BatchGetSecretValue",
    "GetParameter",
    "GetParameters",
    "GetParametersByPath",
    "Decrypt",
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "GetQueryResults",
)


def mark_audit_role(rows: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` (:func:`._outside_assume.assumed_by_outsiders`' hits, with ``_assume_id``,
    ``_role`` and ``_external_id``) plus ``_audit`` and ``_audit_tool`` (module docstring).

    >>> import polars as pl
    >>> ua = "Boto3/1.35.66 Botocore/1.35.66 prowler/4.6.1"
    >>> rows = pl.LazyFrame({"_assume_id": ["a", "a", "b", "b"], "_external_id": [True] * 4,
    ...     "_role": ["TPNAssessorReadOnly"] * 2 + ["VendorRole"] * 2,
    ...     "event_name": ["AssumeRole", "ListUsers", "AssumeRole", "ListUsers"],
    ...     "read_only": [True] * 4, "error_code": [None] * 4, "event_category": [None] * 4,
    ...     "user_agent": [ua] * 4})
    >>> mark_audit_role(rows).select("_assume_id", "_audit", "_audit_tool").unique(
    ...     maintain_order=True).collect().rows()
    [('a', True, 'prowler'), ('b', False, None)]
    """
    tokens = tool_tokens()
    assume = pl.col("event_name") == "AssumeRole"
    reads = pl.col("read_only").fill_null(False) | pl.col("event_name").is_in(list(REPORT_CALLS))
    data = (pl.col("event_category").fill_null("") == "Data") | pl.col("event_name").is_in(
        list(DATA_READS)
    )
    config_read = assume | (reads & ~data)
    per_session = (
        rows.group_by("_assume_id")
        .agg(
            pl.col("_role").fill_null("").first().str.to_lowercase().alias("_r"),
            pl.col("_external_id").fill_null(False).all().alias("_ext"),
            config_read.all().alias("_config_reads"),
            pl.col("error_code").is_null().all().alias("_none_refused"),
            (pl.col("user_agent").n_unique() == 1).alias("_one_agent"),
            tokens.first().list.first().alias("_tool_token"),
        )
        .with_columns(
            (
                pl.col("_r").str.contains(AUDIT_ROLE)
                & pl.col("_ext")
                & pl.col("_config_reads")
                & pl.col("_none_refused")
                & pl.col("_one_agent")
                & pl.col("_tool_token").is_not_null()
            ).alias("_audit")
        )
        .select(
            "_assume_id",
            "_audit",
            pl.when(pl.col("_audit")).then(pl.col("_tool_token")).alias("_audit_tool"),
        )
    )
    return rows.join(per_session, on="_assume_id", how="left").with_columns(
        pl.col("_audit").fill_null(False)
    )


__all__ = ["AUDIT_ROLE", "DATA_READS", "mark_audit_role"]
