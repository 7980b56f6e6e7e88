"""A role assumed by an AWS account the trail has never seen (``outside_account_grant``'s
``assumed_by_outside_account`` signal).

A cross-account ``AssumeRole`` is logged in the role's account with the caller's account in
``userIdentity.accountId`` (``identity_account_id``) and the role's in ``recipientAccountId``.
The callers of a third-party role are its vendor's accounts: the trust policy names them and the
vendor presents its ``ExternalId``, the secret the IAM User Guide prescribes against the confused
deputy ("Access to AWS accounts owned by third parties"). A caller account that none of the
trail's accounts, the baseline's principals nor its past callers ever were is someone else
holding the role's trust: a leaked ExternalId, a trust policy that admits more than the vendor,
or a backdoor trust (the ``UpdateAssumeRolePolicy`` of a leaked admin key, if it was made
before the window).

Only from a network *and* with a client (user-agent family) the role's sessions never used: a
CI pipeline moved to a new build account keeps its client (and often its hosting), an outsider
with a leaked ExternalId brings their own. The hit is on every call of the session key it
minted (identity enrichment's ``key_issuer_event_id``), so the role's incident names the
outsider and the ``AssumeRole`` event; on the ``AssumeRole`` itself only when the session made
no call that day (the outsider's own actor, a second incident otherwise). It needs the role's
account to be mature: on a first day of trail every caller is "never seen".

Which accounts the trail knows (:func:`trail_accounts`, :func:`known_accounts`, moved here from
:mod:`.outside_grant`, which reads them for its grants too): the trail's own accounts, every
account of a principal the baseline saw, and today's callers since their first call.

A vendor's role used off its platform (``vendor_role_off_platform``, :func:`off_platform`): a
third-party role (assumed from another account with an ``ExternalId``) whose sessions have only
ever come from inside AWS, assumed from a public network outside AWS. A SaaS vendor (a CSPM, an
observability collector) calls from its own platform, hosted on AWS; AWS's confused-deputy
guidance makes the ExternalId a secret between the vendor and the customer, so the right
ExternalId from a VPS means the vendor's credentials, and its ExternalId with them, are in
someone else's hands. The caller is known (the vendor's own account), so
``assumed_by_outside_account`` does not see it. A vendor that moves collectors to another AWS
region stays inside AWS and is not a hit.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import role_name, rows_among

# an account ID inside a principal ARN or an ``aws_account:`` entity
_ACCOUNT_IN_ID = r"(?:::|^aws_account:)(\d{12})(?::|$)"


def trail_accounts(today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(grantee): the trail's own accounts (today's ``recipientAccountId``) and every account of
    a principal or account the baseline saw; today's callers are not in it."""
    own = today.select(pl.col("recipient_account_id").alias("grantee")).unique()
    history = pl.concat(
        [
            baseline.maturity_of(scope).select(
                pl.concat_list(
                    pl.col("account_id"), pl.col("entity").str.extract(_ACCOUNT_IN_ID, 1)
                ).alias("grantee")
            )
            for scope in ("principal", "account")
        ],
        how="vertical",
    ).explode("grantee")
    return pl.concat([own, history], how="vertical")


def known_accounts(
    today: pl.LazyFrame, baseline: BaselineView, trail: pl.LazyFrame
) -> pl.LazyFrame:
    """(grantee, known_since): every account the trail has seen and since when (history and the
    trail's own accounts: since ever, as a null time)."""
    role_account = (
        pl.col("request_parameters").str.json_path_match("$.roleArn").str.extract(_ACCOUNT_IN_ID, 1)
    )
    # one row per distinct caller (hundreds), not per event: the ARNs are parsed once each
    callers = today.group_by("identity_account_id", "principal_arn").agg(pl.col("event_time").min())
    seen_today = pl.concat(
        [
            callers.select(pl.col("identity_account_id").alias("grantee"), "event_time"),
            callers.select(
                pl.col("principal_arn").str.extract(_ACCOUNT_IN_ID, 1).alias("grantee"),
                "event_time",
            ),
            today.filter(pl.col("event_name").str.starts_with("AssumeRole")).select(
                role_account.alias("grantee"), pl.col("event_time")
            ),
        ],
        how="vertical",
    )
    forever = trail.with_columns(pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("known_since"))
    dated = seen_today.group_by("grantee").agg(pl.col("event_time").min().alias("known_since"))
    return (
        pl.concat([forever, dated.select("grantee", pl.col("known_since").dt.cast_time_unit("us"))])
        .drop_nulls("grantee")
        .group_by("grantee")
        # null (always known) sorts first: the earliest sighting wins
        .agg(pl.col("known_since").sort(nulls_last=False).first())
    )


def assumed_by_outsiders(
    lf: pl.LazyFrame,
    trail_accounts: pl.LazyFrame,
    baseline: BaselineView,
    trusted: list[str],
) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events) that are a call of a key minted by a successful
    ``AssumeRole`` by an account not in ``trail_accounts`` (``grantee``) nor ``trusted``, into a
    mature account, from a network and with a client the role never used; or that
    ``AssumeRole`` when its key made no call. Plus ``_caller``, ``_role``, ``_external_id`` and
    ``_assume_id``."""
    request = pl.col("request_parameters").fill_null("")
    mature = baseline.mature_accounts("_mature")
    known = (
        trail_accounts.drop_nulls("grantee")
        .unique()
        .select(pl.col("grantee").alias("_caller"), _known=pl.lit(True))
    )
    assumes = (
        lf.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("error_code").is_null()
            & (pl.col("identity_account_id") != pl.col("account_id")).fill_null(False)
            & ~pl.col("is_service_call")
        )
        .with_columns(
            pl.col("identity_account_id").alias("_caller"),
            request.str.json_path_match("$.roleArn").alias("_role_arn"),
            request.str.contains(r'"externalId"\s*:').alias("_external_id"),
            pl.col("event_id").alias("_assume_id"),
        )
        .with_columns(role_name(pl.col("_role_arn")).alias("_role"))
        .filter(~pl.col("_caller").is_in(trusted))
        .join(known, on="_caller", how="left")
        .filter(pl.col("_known").is_null())
        .join(mature, on="account_id", how="inner")
        .drop("_known", "_mature")
    )
    # why: a new CI or vendor account calling from the role's usual hosting with its usual
    # client is a migration; from a network *and* with a client the role never saw, it is not
    for dim, flag in (("network_key", "_net_known"), ("ua_family", "_ua_known")):
        seen = baseline.known("principal", dim).select(
            pl.col("entity").alias("_role_arn"), pl.col("value").alias(dim), **{flag: True}
        )
        assumes = assumes.join(seen.unique(["_role_arn", dim]), on=["_role_arn", dim], how="left")
    assumes = assumes.filter(pl.col("_net_known").is_null() & pl.col("_ua_known").is_null()).drop(
        "_net_known", "_ua_known", "_role_arn"
    )
    # why: the session's calls carry the incident (the role's actor, its key); the AssumeRole
    # alone is the outsider's, a second finding, so it is a hit only for an unused session
    return _on_sessions(lf, assumes, ["_caller", "_role", "_external_id", "_assume_id"], baseline)


def _on_sessions(
    lf: pl.LazyFrame, assumes: pl.LazyFrame, columns: list[str], baseline: BaselineView
) -> pl.LazyFrame:
    """The calls of the keys ``assumes`` minted (with ``columns`` of their ``AssumeRole``), and
    the ``AssumeRole`` rows whose key made no call.

    ``assumes`` and the sessions' calls are each read twice (projected differently, so polars'
    common-subplan elimination misses them): within a scoring each is collected once, instead
    of filtering and joining the whole day twice."""
    assumes = baseline.materialize(assumes)
    verdict = assumes.select(pl.col("_assume_id").alias("key_issuer_event_id"), *columns)
    # the minted keys' calls chosen by key first: the day's other rows are never gathered
    calls = rows_among(lf, verdict.select("key_issuer_event_id"), ["key_issuer_event_id"], baseline)
    used = baseline.materialize(calls.join(verdict, on="key_issuer_event_id", how="inner"))
    unused = assumes.join(
        used.select(pl.col("key_issuer_event_id").alias("_assume_id")).unique(),
        on="_assume_id",
        how="anti",
    )
    return pl.concat([unused, used], how="diagonal_relaxed")


def with_session_actor(rows: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` (:func:`assumed_by_outsiders`' hits) with each unused ``AssumeRole`` (its key
    made no call) of a caller who took the same role in the same account that day with a key
    that did call made the role session's principal: one incident.

    The role's account logs an outsider's ``AssumeRole`` with an ``AWSAccount`` identity (the
    caller's account, no ARN), so an unused one was its own actor (``aws_account:<id>``) beside
    the role's finding its used session made: a vendor that assumes its role every four hours
    and calls once was two findings of one onboarding (twenty-fifth session, branch ``lows26b``,
    **tuning on heldout41's B7**). The hits keep their own severities and reasons (each
    ``AssumeRole`` still named); an outsider whose keys never called stays its own actor."""
    unused = pl.col("event_id") == pl.col("_assume_id")
    where = ["account_id", "_caller", "_role"]
    who = ["principal_arn", "principal_type", "workload_kind", "workload_id"]
    session = (
        rows.filter(~unused)
        .sort("event_time", "event_id")
        .group_by(where)
        .agg(pl.col(c).first().alias(f"_s_{c}") for c in who)
    )
    take = unused & pl.col("_s_principal_arn").is_not_null()
    return (
        rows.join(session, on=where, how="left", nulls_equal=True)
        .with_columns(
            pl.when(take).then(pl.col(f"_s_{c}")).otherwise(pl.col(c)).alias(c) for c in who
        )
        .drop(*(f"_s_{c}" for c in who))
    )


def off_platform(lf: pl.LazyFrame, baseline: BaselineView, kinds: list[str]) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events) that are a call of a key minted by a successful
    cross-account ``AssumeRole`` with an ``ExternalId``, from a source of ``kinds`` (outside
    AWS), by an account that is not one of the trail's own (today's recipients), into a mature
    account, of a role whose sessions the baseline saw only from other source kinds (inside
    AWS); or that ``AssumeRole`` when its key made no call. Plus ``_caller``, ``_role``,
    ``_role_arn``, ``_assume_id``, ``_source_kind`` and ``_known_kinds``."""
    request = pl.col("request_parameters").fill_null("")
    mature = baseline.mature_accounts("_mature")
    own = lf.select(pl.col("recipient_account_id").alias("identity_account_id")).unique()
    # the role's sessions' source kinds over the window, and whether any was outside AWS
    history = (
        baseline.known("principal", "source_kind")
        .group_by("entity")
        .agg(
            pl.col("value").is_in(kinds).any().alias("_ever_outside"),
            pl.col("value").unique().sort().str.join(", ").alias("_known_kinds"),
        )
        .rename({"entity": "_role_arn"})
    )
    assumes = (
        lf.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("error_code").is_null()
            & (pl.col("identity_account_id") != pl.col("account_id")).fill_null(False)
            & ~pl.col("is_service_call")
            & pl.col("source_kind").is_in(kinds).fill_null(False)
            & request.str.contains(r'"externalId"\s*:')
        )
        .join(own, on="identity_account_id", how="anti")
        .join(mature, on="account_id", how="inner")
        .with_columns(
            pl.col("identity_account_id").alias("_caller"),
            request.str.json_path_match("$.roleArn").alias("_role_arn"),
            pl.col("event_id").alias("_assume_id"),
            pl.col("source_kind").alias("_source_kind"),
        )
        .join(history, on="_role_arn", how="inner")
        .filter(~pl.col("_ever_outside"))
        .with_columns(role_name(pl.col("_role_arn")).alias("_role"))
        .drop("_mature", "_ever_outside")
    )
    columns = ["_caller", "_role", "_role_arn", "_assume_id", "_source_kind", "_known_kinds"]
    return _on_sessions(lf, assumes, columns, baseline)


# why: IAM's credential report is read by generating it first (IAM User Guide, "Getting
# credential reports": GenerateCredentialReport, then GetCredentialReport), and the last-accessed
# reports likewise; CloudTrail logs the generation as a write, but it changes nothing an auditor
# would not be expected to touch
REPORT_CALLS = (
    "GenerateCredentialReport",
    "GenerateServiceLastAccessedDetails",
    "GenerateOrganizationsAccessReport",
)
# agent tokens of SDKs, CLIs and their metadata: what every client carries, naming no tool
_SDK_TOKENS = (
    "apn",
    "aws-cli",
    "aws-sdk",
    "boto3",
    "botocore",
    "exec-env",
    "lang",
    "md",
    "os",
    "python",
    "cfg",
    "ua",
    "api",
    "sdk",
    "linux",
)


def tool_tokens() -> pl.Expr:
    """The lower-case product names of ``user_agent``'s ``name/version`` tokens that are not an
    SDK's or a runtime's (:data:`_SDK_TOKENS`): the tools a client names (``prowler``).

    >>> import polars as pl
    >>> ua = ["APN/1.0 Prowler/4.5.0 Boto3/1.35.40", "Boto3/1.35.40 Python/3.12"]
    >>> pl.select(pl.Series("user_agent", ua)).select(tool_tokens()).to_series().to_list()
    [['prowler'], []]
    """
    return (
        pl.col("user_agent")
        .fill_null("")
        .str.to_lowercase()
        .str.extract_all(r"(?:^|\s)([a-z][a-z0-9._-]{3,})/\d")
        .list.eval(pl.element().str.strip_chars().str.replace(r"/\d.*$", ""))
        .list.eval(pl.element().filter(~pl.element().is_in(list(_SDK_TOKENS))))
    )


def mark_commissioned(rows: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` (:func:`assumed_by_outsiders`' hits) plus ``_commissioned`` and ``_tool``: the
    outsider's session is a commissioned scanner's when the role was assumed with an
    ``ExternalId``, every call of its session read (``read_only``, or the generation of a report
    it then reads, :data:`REPORT_CALLS`), and its client names a tool the role is named after
    (``Prowler/4.5.0`` calling ``ProwlerScanRole``): a role made for that tool, trusted to the
    vendor with the secret AWS prescribes for third parties, doing nothing but reading.

    >>> import polars as pl
    >>> rows = pl.LazyFrame({"_assume_id": ["a", "a", "b"], "_external_id": [True, True, True],
    ...     "_role": ["ProwlerScanRole"] * 2 + ["Ops"], "event_name": ["ListUsers",
    ...     "GenerateCredentialReport", "ListUsers"], "read_only": [True, False, True],
    ...     "user_agent": ["APN/1.0 Prowler/4.5.0 Boto3/1.35.40"] * 2 + ["Boto3/1.35.40"]})
    >>> mark_commissioned(rows).select("_assume_id", "_commissioned", "_tool").unique(
    ...     maintain_order=True).collect().rows()
    [('a', True, 'prowler'), ('b', False, None)]
    """
    tokens = tool_tokens()
    role = pl.col("_role").fill_null("").str.to_lowercase()
    reads = (
        pl.col("read_only").fill_null(False) | pl.col("event_name").is_in(list(REPORT_CALLS))
    ) | (pl.col("event_name") == "AssumeRole")
    # each call's tokens that the role's name contains, the role's name riding in front of them
    # (list.eval sees only the list); the session's tool is the first of them in order
    named = pl.concat_list(role, tokens).list.eval(
        pl.element()
        .slice(1)
        .filter(pl.element().first().str.contains(pl.element().slice(1), literal=True))
    )
    tool = named.list.sort().list.first().min()
    # window expressions over the session, not a per-session table joined back onto ``rows``:
    # a self-join doubles the rows' plan, and the rule marks its rows four times over
    # (benchmarks/README.md, CI time, ci23)
    on_session = pl.col("_assume_id").is_not_null()
    ext_reads = pl.col("_external_id").fill_null(False).all() & reads.all()
    # every call with the tool's agent: the same client throughout
    one_agent = pl.col("user_agent").n_unique() == 1
    return rows.with_columns(
        pl.when(on_session)
        .then((ext_reads & one_agent & tool.is_not_null()).over("_assume_id"))
        .fill_null(False)
        .alias("_commissioned"),
        pl.when(on_session).then(tool.over("_assume_id")).alias("_tool"),
    )


__all__ = [
    "REPORT_CALLS",
    "assumed_by_outsiders",
    "known_accounts",
    "mark_commissioned",
    "off_platform",
    "trail_accounts",
]
