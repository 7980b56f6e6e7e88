"""Per-event features the rules share, added to an ENRICHED LazyFrame in one pass.

Everything is a polars expression or a window over the access key: no row loops. The names match
the baseline's summary dimensions (``api`` = ``event_source:event_name``, ``region`` =
``aws_region``) so that today's values join against the learned profiles directly.
"""

from __future__ import annotations

import polars as pl

from ueba._collect import ENGINE
from ueba._frame import FrameT
from ueba.baseline.summaries import dimension_expr

# AWS acting for you: the call is made by a service, not by whoever holds the key.
SERVICE_KINDS = ("aws_service", "aws_internal")
# EC2 network changes that legitimately move an instance to another address (Netflix edge case).
ADDRESS_CHANGE_EVENTS = (
    "AssociateAddress",
    "AllocateAddress",
    "AttachNetworkInterface",
    "CreateNetworkInterface",
    "AssociateNatGatewayAddress",
)
_EXEC_ENV_KIND = {"lambda": "lambda", "ec2": "ec2", "ecs": "ecs", "fargate": "ecs"}
# a key's "first" row whatever order the day's files were read in: earliest time, then event id
_EARLIEST = ("event_time", "event_id")


def account_id() -> pl.Expr:
    """The account the event belongs to: the trail's recipient, else the caller's."""
    return pl.coalesce("recipient_account_id", "identity_account_id")


def principal_label() -> pl.Expr:
    """A short human name for the principal: ``role level3``, ``user pedro``, ``root``."""
    arn = pl.col("principal_arn").fill_null(pl.col("identity_arn"))
    name = arn.str.split("/").list.last()
    kind = pl.col("principal_type").fill_null("principal")
    return (
        pl.when(kind == "root")
        .then(pl.lit("root"))
        .when(kind == "iam_user")
        .then(pl.lit("user ") + name)
        .when(kind == "role")
        .then(pl.lit("role ") + name)
        .otherwise(kind.str.replace("_", " ") + pl.lit(" ") + name.fill_null("?"))
        .fill_null("an unknown principal")
    )


def api_expr() -> pl.Expr:
    """``event_source:event_name``: the ``api`` dimension computed by the very expression the
    baseline summaries use (:func:`ueba.baseline.summaries.dimension_expr`), so today's value
    joins the learned one exactly."""
    return dimension_expr("api")


# Keys of the features this module adds (documented in docs/rules.md).
FEATURES = (
    "account_id",
    "api",
    "region",
    "principal",
    "workload_entity",
    "key_opening",
    "is_service_call",
)


def _inferred_kind() -> pl.Expr:
    """What a user agent says about where the key runs (``exec-env/AWS_Lambda``,
    ``awslambda-worker``): a function of ``ua_exec_env`` and ``user_agent`` alone."""
    env = (
        pl.col("ua_exec_env")
        .str.to_lowercase()
        .str.extract(r"(lambda|ecs|fargate|ec2)", 1)
        .replace_strict(_EXEC_ENV_KIND, default=None, return_dtype=pl.String)
    )
    worker = (
        pl.when(pl.col("user_agent").str.contains(r"(?i)awslambda-worker|AWS_Lambda"))
        .then(pl.lit("lambda"))
        .otherwise(None)
    )
    return pl.coalesce(env, worker)


def _inferring() -> pl.Expr:
    """Rows whose workload kind is inferred from their key's user agents: a role's session
    key (``ASIA...``) that identity enrichment did not place."""
    session = pl.col("access_key_id").str.starts_with("ASIA").fill_null(False)
    return session & (pl.col("principal_type") == "role")


def workload_kind_expr() -> pl.Expr:
    """The workload a session key belongs to: identity enrichment first, else what the key's
    own user agent says about where it runs (``exec-env/AWS_Lambda``, ``awslambda-worker``).
    The per-row form; :func:`add_features` computes the same answer on the day's distinct
    user agents."""
    by_key = _inferred_kind().sort_by(*_EARLIEST).drop_nulls().first().over("access_key_id")
    return pl.coalesce(pl.col("workload_kind"), pl.when(_inferring()).then(by_key))


def _with_workload_kind(today: FrameT) -> FrameT:
    """``today`` with ``workload_kind`` as :func:`workload_kind_expr` gives it, without two
    string searches and a window on every row: the inference runs only on the rows of the keys
    that need it (the role session keys identity enrichment did not place, a few dozen a day),
    and each key's earliest inferred row (by time, then event id) is looked up per row."""
    keys = (
        today.filter(pl.col("workload_kind").is_null() & _inferring())
        .select("access_key_id")
        .unique()
    )
    by_key = (
        today.select("access_key_id", "ua_exec_env", "user_agent", *_EARLIEST)
        .join(keys, on="access_key_id", how="semi")
        .with_columns(_inferred_kind().alias("_inferred"))
        .drop_nulls("_inferred")
        .group_by("access_key_id")
        .agg(pl.col("_inferred").sort_by(*_EARLIEST).first())
    )
    inferred = pl.col("_inferred")
    if isinstance(today, pl.DataFrame):
        # eager (the Scorer's day): a few keys, looked up per row without a join, which
        # would also split the day's one chunk into one per thread
        found = by_key.collect(engine=ENGINE) if isinstance(by_key, pl.LazyFrame) else by_key
        inferred = pl.col("access_key_id").replace_strict(
            found["access_key_id"], found["_inferred"], default=None, return_dtype=pl.String
        )
    else:
        today = today.join(by_key, on="access_key_id", how="left", maintain_order="left")
    kind = pl.coalesce(pl.col("workload_kind"), pl.when(_inferring()).then(inferred))
    out = today.with_columns(kind.alias("workload_kind"))
    return out if isinstance(today, pl.DataFrame) else out.drop("_inferred")


def add_features(today: FrameT) -> FrameT:
    """``today`` (ENRICHED) plus the FEATURES columns, of the kind given (LazyFrame or DataFrame).

    Examples
    --------
    >>> import polars as pl
    >>> from ueba.schema import ENRICHED, conform
    >>> lf = conform(pl.LazyFrame({"event_name": ["ListBuckets"],
    ...      "event_source": ["s3.amazonaws.com"], "event_id": ["e1"]}), ENRICHED)
    >>> add_features(lf).select("api").collect().item()
    's3.amazonaws.com:ListBuckets'
    """
    if "key_opening" in today.collect_schema():
        return today  # already featured (the Scorer adds features once for all rules)
    return (
        _with_workload_kind(today)
        .with_columns(
            account_id().alias("account_id"),
            api_expr().alias("api"),
            dimension_expr("region").alias("region"),
            pl.col("principal_arn").fill_null(pl.col("identity_arn")).alias("principal"),
            (
                pl.col("invoked_by").is_not_null()
                | pl.col("source_kind").is_in(SERVICE_KINDS).fill_null(False)
                | (pl.col("principal_type") == "aws_service").fill_null(False)
            ).alias("is_service_call"),
        )
        .with_columns(
            pl.when(pl.col("workload_kind").is_not_null())
            .then(
                pl.col("workload_kind")
                + pl.lit(":")
                + pl.col("workload_id").fill_null(pl.col("session_name")).fill_null("?")
            )
            .alias("workload_entity"),
            # the event is in its key's first second today (the trail does not order calls
            # within a second: all of them, whatever order they arrived in). Every reader asked
            # only this of the key's rank (``key_seq == 0``): the minimum over the key is a
            # third of the rank's CPU on the 1M-event day (scoring-speed.md, twenty-fourth)
            (pl.col("event_time") == pl.col("event_time").min().over("access_key_id")).alias(
                "key_opening"
            ),
        )
    )


# The string keys the day's shared group-bys hash (the fleet's combos, first_seen's tuples,
# credential_ip_lock's combos, the volume hours, the day's entities), coded once per scoring.
CODED_KEYS = (
    "account_id",
    "principal",
    "access_key_id",
    "workload_kind",
    "workload_entity",
    "network_key",
    "source_kind",
    "ua_family",
    "ua_os_family",
    "country",
    "api",
    "region",
)
_CODE = "_code_"


# The day's order of events, (event_time, event_id) as one rank, made with the codes: "the value
# at a group's earliest event" is then the arg_min of a 4-byte rank, not a sort of each group on
# the time and the id string (score25 measured those sorts at ~0.37 CPU s of the two largest
# group-bys on the 1M-event day).
ORDER = "_event_order"


def with_codes(featured: pl.DataFrame) -> pl.DataFrame:
    """The featured day (a DataFrame, the Scorer's) plus a ``Categorical`` copy of each of
    :data:`CODED_KEYS`: each string is hashed once here, and every group-by that names the key
    through :func:`coded` then hashes 4-byte codes instead of the strings. Polars' categories
    are global, so codes agree across the frames of one process; :func:`decoded` turns the
    grouped keys back into the same strings. Also the day's :data:`ORDER`, read by
    :func:`first_by_time`."""
    have = featured.collect_schema()
    out = featured.with_columns(
        pl.col(c).cast(pl.Categorical).alias(_CODE + c) for c in CODED_KEYS if c in have
    )
    if not {"event_time", "event_id"} <= set(have):
        return out
    # row i's place in (time, id) order, nulls first as ``sort_by`` puts them: the inverse of
    # the sort permutation, scattered (0.12 CPU s on the 1M-event day; an ``arg_sort`` of the
    # permutation, 0.18)
    sort = featured.select(pl.arg_sort_by("event_time", "event_id", maintain_order=True))
    place = sort.to_series()
    rows = pl.int_range(0, featured.height, eager=True).cast(place.dtype)
    order = pl.zeros(featured.height, dtype=place.dtype, eager=True).scatter(place, rows)
    return out.with_columns(order.alias(ORDER))


def first_by_time(
    frame: pl.LazyFrame | pl.DataFrame, expr: pl.Expr, *, last: bool = False
) -> pl.Expr:
    """In a group-by of ``frame``: ``expr`` at each group's earliest event (time, then event id;
    the latest with ``last``), through the day's :data:`ORDER` when ``frame`` carries it
    (:func:`with_codes`), else by sorting the group. The same row either way."""
    if ORDER in frame.collect_schema():
        return expr.get(pl.col(ORDER).arg_max() if last else pl.col(ORDER).arg_min())
    ordered = expr.sort_by("event_time", "event_id")
    return ordered.last() if last else ordered.first()


def order_of(frame: pl.LazyFrame | pl.DataFrame) -> list[str]:
    """:data:`ORDER` when ``frame`` carries it, for a ``select`` that keeps it."""
    return [ORDER] if ORDER in frame.collect_schema() else []


def coded(frame: pl.LazyFrame | pl.DataFrame, *names: str) -> list[pl.Expr]:
    """Group-by keys for ``names``: each key's code column under the key's own name when
    ``frame`` carries it (:func:`with_codes`), else the string column. Cast the result back
    with :func:`decoded` before it meets a String column (a join, a comparison to a list)."""
    have = frame.collect_schema()
    return [(pl.col(_CODE + n) if _CODE + n in have else pl.col(n)).alias(n) for n in names]


def decoded(frame: pl.LazyFrame, *names: str) -> pl.LazyFrame:
    """``frame`` with the keys :func:`coded` named cast back to String (the same values)."""
    return frame.with_columns(pl.col(n).cast(pl.String) for n in names)


def day_entities(today: pl.LazyFrame) -> pl.LazyFrame:
    """Every entity a featured day names, in one ``entity`` column: its principals, accounts,
    access keys and workloads (the entities of the baseline's scopes ``principal``,
    ``account``, ``credential`` and ``workload``)."""
    columns = ("principal", "account_id", "access_key_id", "workload_entity")
    return pl.concat(
        [
            decoded(today.select(*coded(today, c)).unique(), c).select(pl.col(c).alias("entity"))
            for c in columns
        ],
        how="vertical",
    ).unique()


def address_changes(today: pl.LazyFrame) -> pl.LazyFrame:
    """Successful EC2 address/ENI changes today: (account_id, instance_id, public_ip, time).

    ``instance_id`` is null when the request does not name one (then the whole account is
    considered to have changed addresses); ``public_ip`` is set for Elastic IPs, BYOIP included.
    """
    req = pl.col("request_parameters")
    resp = pl.col("response_elements")
    return today.filter(
        pl.col("event_name").is_in(ADDRESS_CHANGE_EVENTS) & pl.col("error_code").is_null()
    ).select(
        account_id().alias("account_id"),
        req.str.json_path_match("$.instanceId").alias("instance_id"),
        pl.coalesce(
            req.str.json_path_match("$.publicIp"), resp.str.json_path_match("$.publicIp")
        ).alias("public_ip"),
        pl.col("event_time").alias("changed_at"),
    )


def workload_who() -> pl.Expr:
    """``Lambda function level1 credentials (role level1)``: who a workload key belongs to."""
    noun = pl.col("workload_kind").replace_strict(
        {
            "ec2": "EC2 instance",
            "ecs": "ECS task",
            "lambda": "Lambda function",
            "eks_pod": "EKS pod",
            "sagemaker": "SageMaker execution role",
            "glue": "Glue job role",
            "codebuild": "CodeBuild service role",
            "step_functions": "Step Functions role",
        },
        default=pl.col("workload_kind"),
        return_dtype=pl.String,
    )
    return pl.format(
        "{} {} credentials ({})",
        noun.fill_null("workload"),
        pl.col("workload_id").fill_null(pl.col("session_name")).fill_null("?"),
        pl.col("principal_label"),
    )


# IAM Identity Center's sign-in (CloudTrail's ``signin.amazonaws.com`` events) names each factor
# it challenged in ``additionalEventData.CredentialType``; a factor other than the password (an
# authenticator app, a security key or passkey, an emailed or texted code), or the external IdP
# Identity Center federates to (where MFA is the IdP's), is a second factor.
_SIGNIN_SECOND_FACTOR = r'"CredentialType"\s*:\s*"[^"]*(TOTP|WEBAUTHN|SMS|EMAIL|EXTERNAL_IDP)'


def second_factor() -> pl.Expr:
    """The caller proved a second factor on this row: an MFA session (``mfaAuthenticated``), an
    MFA console sign-in (``MFAUsed: Yes``), a session or console sign-in through the identity
    provider (SAML: the ``AssumeRoleWithSAML`` exchange and the role's ``ConsoleLogin`` of a
    ``saml_user`` session; an IAM Identity Center permission set; MFA is the IdP's and
    CloudTrail does not see it), or IAM Identity Center's own portal sign-in with a second factor
    (``UserAuthentication``, logged only once every challenge passed, or a successful
    ``CredentialVerification``, whose ``CredentialType`` is not the password)."""
    # regexes, not JSON parses: this runs on every row of the day, and most rows' additional
    # event data (S3 byte counts, signature versions) is not a sign-in's
    extra = pl.col("additional_event_data")
    login_mfa = (pl.col("event_name") == "ConsoleLogin") & extra.str.contains(
        r'"MFAUsed"\s*:\s*"Yes"'
    )
    # the sign-in service's own event names (signin.amazonaws.com logs them for Identity Center)
    portal_mfa = (
        (pl.col("event_name") == "UserAuthentication")
        | (
            (pl.col("event_name") == "CredentialVerification")
            & pl.col("error_code").is_null()
            # the verdict is in serviceEventDetails ("CredentialVerification": "Failure");
            # no fill_null: the column is null on almost every row of a day
            & ~pl.col("service_event_details").str.contains("(?i)fail").fill_null(False)
        )
    ) & extra.str.contains(_SIGNIN_SECOND_FACTOR)
    # why: a console sign-in of a SAML session (the role's ``ConsoleLogin``, whose caller is the
    # role, not the IdP's user) exists only because the IdP signed the person in: AWS mints
    # SAML sessions from an assertion alone, so it is as vouched as the exchange before it
    idp_login = (pl.col("event_name") == "ConsoleLogin") & (pl.col("workload_kind") == "saml_user")
    return (
        pl.col("mfa_authenticated").fill_null(False)
        | (pl.col("workload_kind") == "sso_user").fill_null(False)
        | (pl.col("principal_type") == "saml_user").fill_null(False)
        | idp_login.fill_null(False)
        | login_mfa.fill_null(False)
        | portal_mfa.fill_null(False)
    )


def narrowed(frame: pl.LazyFrame, cheap: pl.Expr, costly: pl.Expr) -> pl.LazyFrame:
    """The rows of ``frame`` meeting ``cheap & costly``, ``costly`` (regexes, JSON paths on the
    request) evaluated only on the rows ``cheap`` keeps.

    polars merges consecutive filters into one predicate and evaluates every operand of ``&``
    on every row: a JSON path inside a filter of the day runs over the whole day even when an
    event name keeps a handful of rows. A column computed after the first filter cannot be
    merged into it. Nulls in ``costly`` do not keep the row, as in a filter."""
    return (
        frame.filter(cheap)
        .with_columns(costly.alias("_narrowed"))
        .filter(pl.col("_narrowed"))
        .drop("_narrowed")
    )


def second_factor_rows(frame: pl.LazyFrame, cheap: pl.Expr | None = None) -> pl.LazyFrame:
    """The rows of ``frame`` (meeting ``cheap`` too, when given) where :func:`second_factor`
    holds, its regexes on the request's extra data evaluated only on the rows that can prove
    one (an MFA or federated session, the sign-in events): a filter of the day on
    ``second_factor()`` runs them over every row (:func:`narrowed`)."""
    can_prove = (
        pl.col("mfa_authenticated").fill_null(False)
        | (pl.col("workload_kind") == "sso_user").fill_null(False)
        | (pl.col("principal_type") == "saml_user").fill_null(False)
        | pl.col("event_name")
        .is_in(["ConsoleLogin", "UserAuthentication", "CredentialVerification"])
        .fill_null(False)
    )
    return narrowed(frame, can_prove if cheap is None else can_prove & cheap, second_factor())


def haversine_km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = lat1.radians(), lat2.radians()
    dlat = (lat2 - lat1).radians()
    dlon = (lon2 - lon1).radians()
    a = (dlat / 2).sin().pow(2) + p1.cos() * p2.cos() * (dlon / 2).sin().pow(2)
    return 2 * 6371.0088 * a.sqrt().clip(0.0, 1.0).arcsin()


__all__ = [
    "ADDRESS_CHANGE_EVENTS",
    "CODED_KEYS",
    "FEATURES",
    "ORDER",
    "SERVICE_KINDS",
    "account_id",
    "add_features",
    "address_changes",
    "api_expr",
    "coded",
    "day_entities",
    "decoded",
    "first_by_time",
    "haversine_km",
    "narrowed",
    "order_of",
    "principal_label",
    "second_factor",
    "second_factor_rows",
    "with_codes",
    "workload_kind_expr",
    "workload_who",
]
