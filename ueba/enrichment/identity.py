"""Identity: who made each call (the principal), with which credential, for which workload.

The *principal* is the stable identity behaviour is learnt for: the role ARN for assumed roles
(from the session issuer, never the per-session ``assumed-role/…/session`` ARN), the IAM user ARN,
the account root, the federated user. The *credential* is the access key, whose kind says how it
was obtained. The *workload* is the EC2 instance, Lambda function, ECS task, SSO user or GitHub
workflow a session key was minted for (see :mod:`ueba.enrichment._binding`).

Every column is a polars expression; nothing runs per row in Python. Principal and session are
computed once per distinct identity and joined back; joins run on a narrow slice of columns and
the result is pasted beside the events, so the wide event frame is never copied.
"""

from __future__ import annotations

import polars as pl

from ueba._frame import FrameT, as_lazy, same_kind
from ueba.enrichment._binding import (
    ROLE_NAMED_WORKLOADS,
    SSO_ROLE_MARK,
    bind_keys,
    minting_events,
    pattern_workload,
    session_workloads,
)
from ueba.enrichment.useragent import parsed_agents
from ueba.schema import ENRICHED_IDENTITY, EVENTS

# CloudTrail userIdentity.type -> principal_type.
PRINCIPAL_TYPES = {
    "IAMUser": "iam_user",
    "AssumedRole": "role",
    "Root": "root",
    "FederatedUser": "federated_user",
    "SAMLUser": "saml_user",
    "WebIdentityUser": "web_identity_user",
    "AWSService": "aws_service",
    "AWSAccount": "aws_account",
    "IdentityCenterUser": "identity_center_user",
}

CREDENTIAL_KINDS = ("long_term_key", "session_key", "console_session", "aws_service", "none")

# The columns that decide principal, session and the workload fallbacks: everything derived
# from them is computed once per distinct combination.
_IDENTITY_KEY = (
    "identity_type",
    "identity_arn",
    "identity_principal_id",
    "identity_account_id",
    "recipient_account_id",
    "session_issuer_arn",
    "invoked_by",
    "identity_provider",
    "identity_user_name",
    "ec2_role_delivery",
)

# What credential kind and key binding read, per event.
_ROW_INPUTS = (
    "access_key_id",
    "event_time",
    "event_name",
    "session_credential_from_console",
    "user_agent",
    "source_ip_address",
)

# What S3 and others write for unauthenticated calls.
ANONYMOUS = "ANONYMOUS_PRINCIPAL"


def principal_type() -> pl.Expr:
    """``principal_type`` from ``identity_type``; anonymous callers are ``anonymous``.

    Examples
    --------
    >>> frame = pl.DataFrame({"identity_type": ["AssumedRole", "AWSAccount"],
    ...                       "identity_account_id": ["1", "ANONYMOUS_PRINCIPAL"]})
    >>> frame.select(principal_type()).to_series().to_list()
    ['role', 'anonymous']
    """
    kind = pl.col("identity_type")
    return (
        pl.when(kind.is_null() | (pl.col("identity_account_id") == ANONYMOUS))
        .then(pl.lit("anonymous"))
        .otherwise(
            kind.replace_strict(PRINCIPAL_TYPES, default=None, return_dtype=pl.String()).fill_null(
                kind.str.to_lowercase()
            )
        )
        .alias("principal_type")
    )


def _role_from_session_arn() -> pl.Expr:
    """``arn:aws:sts::1:assumed-role/R/S`` -> ``arn:aws:iam::1:role/R`` (role path unknown)."""
    parts = pl.col("identity_arn").str.extract_groups(
        r"^arn:([a-z-]+):sts::([0-9]*):assumed-role/([^/]+)/"
    )
    return pl.when(parts.struct.field("3").is_not_null()).then(
        pl.concat_str(
            [
                pl.lit("arn:"),
                parts.struct.field("1"),
                pl.lit(":iam::"),
                parts.struct.field("2"),
                pl.lit(":role/"),
                parts.struct.field("3"),
            ]
        )
    )


def _sso_person() -> pl.Expr:
    """An IAM Identity Center session is its person, not the permission set's role.

    Every person given a permission set assumes the same ``AWSReservedSSO_*`` role; learning
    behaviour per role would merge colleagues (two people sharing a role in two countries look
    like impossible travel, one's usual network is "known" for the other). The session name is
    the person's Identity Center user name, so the principal is the assumed-role ARN
    (``arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<set>_<id>/<user>``), as CloudTrail's
    ``userIdentity.arn`` shows it. Needs ``principal_arn`` and ``session_name`` first.
    """
    arn = pl.col("principal_arn")
    sso = (
        (pl.col("principal_type") == "role")
        & arn.str.contains(SSO_ROLE_MARK, literal=True)
        & pl.col("session_name").is_not_null()
    ).fill_null(False)
    role_name = arn.str.extract(r"/([^/]+)$")
    partition = arn.str.extract(r"^arn:([^:]+):iam::")
    account = arn.str.extract(r"^arn:[^:]+:iam::(\d{12}):")
    assumed = pl.concat_str(
        [
            pl.lit("arn:"),
            partition,
            pl.lit(":sts::"),
            account,
            pl.lit(":assumed-role/"),
            role_name,
            pl.lit("/"),
            pl.col("session_name"),
        ]
    )
    return pl.when(sso).then(pl.coalesce(assumed, arn)).otherwise(arn).alias("principal_arn")


def principal_arn() -> pl.Expr:
    """The principal behaviour is learnt for; needs ``principal_type`` first.

    Roles: the session issuer's ARN. Users, federated users: their ARN. Root:
    ``arn:aws:iam::<account>:root``. AWS services: ``invokedBy`` (``lambda.amazonaws.com``;
    :func:`enrich_identity` falls back to the service host in ``source_ip_address``).
    Other accounts: ``aws_account:<id>``. SAML and web-identity users: ``saml:<principal id>``,
    ``web_identity:<principal id>``. Unauthenticated calls: ``anonymous``.

    Examples
    --------
    >>> frame = pl.DataFrame({"principal_type": ["role", "root"],
    ...     "identity_arn": ["arn:aws:sts::1:assumed-role/app/s", None],
    ...     "session_issuer_arn": [None, None], "identity_account_id": ["1", "2"],
    ...     "recipient_account_id": ["1", "2"], "identity_principal_id": [None, "2"],
    ...     "invoked_by": [None, None]})
    >>> frame.select(principal_arn()).to_series().to_list()
    ['arn:aws:iam::1:role/app', 'arn:aws:iam::2:root']
    """
    kind = pl.col("principal_type")
    account = pl.coalesce(pl.col("identity_account_id"), pl.col("recipient_account_id"))
    return (
        pl.when(kind == "role")
        .then(pl.coalesce(pl.col("session_issuer_arn"), _role_from_session_arn()))
        .when(kind == "root")
        .then(
            pl.coalesce(
                pl.col("identity_arn"),
                pl.concat_str([pl.lit("arn:aws:iam::"), account, pl.lit(":root")]),
            )
        )
        .when(kind == "aws_service")
        .then(pl.col("invoked_by"))
        .when(kind == "aws_account")
        .then(
            pl.concat_str(
                [
                    pl.lit("aws_account:"),
                    pl.coalesce(pl.col("identity_account_id"), pl.col("identity_principal_id")),
                ]
            )
        )
        .when(kind == "anonymous")
        .then(pl.lit("anonymous"))
        .when(kind == "saml_user")
        .then(pl.concat_str([pl.lit("saml:"), pl.col("identity_principal_id")]))
        .when(kind == "web_identity_user")
        .then(pl.concat_str([pl.lit("web_identity:"), pl.col("identity_principal_id")]))
        .otherwise(pl.coalesce(pl.col("identity_arn"), pl.col("identity_principal_id")))
        .alias("principal_arn")
    )


def session_name() -> pl.Expr:
    """Role session or federated user name: the ARN's last segment, else the principal id
    after ``:``. Null for principals without sessions; needs ``principal_type`` first.

    Examples
    --------
    >>> frame = pl.DataFrame({"principal_type": ["role", "role", "iam_user"],
    ...     "identity_arn": ["arn:aws:sts::1:assumed-role/app/i-0abc12345", None, "arn:aws:iam::1:user/u"],
    ...     "identity_principal_id": ["AROAX:i-0abc12345", "AROAX:level1", "AIDAX"]})
    >>> frame.select(session_name()).to_series().to_list()
    ['i-0abc12345', 'level1', None]
    """
    from_arn = pl.when(
        pl.col("identity_arn").str.contains(":assumed-role/", literal=True)
        | pl.col("identity_arn").str.contains(":federated-user/", literal=True)
    ).then(pl.col("identity_arn").str.split("/").list.last())
    from_principal = pl.col("identity_principal_id").str.split_exact(":", 1).struct.field("field_1")
    return (
        pl.when(pl.col("principal_type").is_in(["role", "federated_user"]))
        .then(pl.coalesce(from_arn, from_principal))
        .alias("session_name")
    )


def credential_kind(console: pl.Expr) -> pl.Expr:
    """How the key was obtained: ``long_term_key`` (AKIA…), ``session_key`` (ASIA… from STS),
    ``console_session`` (the console's own session), ``aws_service``, or ``none``.

    ``console`` is a boolean expression saying the call came through the console (for example
    ``pl.col("ua_family") == "console"``); ``principal_type`` must be computed first.

    Examples
    --------
    >>> frame = pl.DataFrame({"principal_type": ["iam_user", "role", "iam_user"],
    ...     "access_key_id": ["AKIAX", "ASIAX", "ASIAY"], "event_name": ["GetObject"] * 3,
    ...     "session_credential_from_console": [None, None, True]})
    >>> frame.select(credential_kind(pl.lit(False))).to_series().to_list()
    ['long_term_key', 'session_key', 'console_session']
    """
    key = pl.col("access_key_id")
    from_console = (
        pl.col("session_credential_from_console").fill_null(False)
        | console
        | (pl.col("event_name") == "ConsoleLogin")
    )
    session_key = key.str.starts_with("ASIA") | key.str.starts_with("ABIA")
    return (
        pl.when(pl.col("principal_type") == "aws_service")
        .then(pl.lit("aws_service"))
        .when(key.str.starts_with("AKIA"))
        .then(pl.lit("long_term_key"))
        .when(from_console & (key.is_null() | session_key))
        .then(pl.lit("console_session"))
        .when(session_key)
        .then(pl.lit("session_key"))
        .otherwise(pl.lit("none"))
        .alias("credential_kind")
    )


def enrich_identity(events: FrameT) -> FrameT:
    """Add the ENRICHED_IDENTITY columns to ``events``: a LazyFrame gives a LazyFrame, a DataFrame
    a DataFrame.

    Pass the whole window at once: the AssumeRole event that minted a key is usually in the
    same frame as the key's use, and binding looks for it there. Row count and order are kept;
    identity columns already present are replaced. A ``ua_family`` column, when present,
    tells console sessions apart; otherwise each distinct ``user_agent`` is parsed for it.

    Workload binding, in order of trust: (1) the latest minting event of this key at or before
    the call; (2) the workload last minted for the same role and session name; (3) the
    identity alone: an ``i-…`` session name or ``ec2RoleDelivery`` (EC2), an
    ``AWSReservedSSO_`` role (SSO user), a GitHub OIDC web identity, an e-mail-shaped session
    name or a ``SAMLUser`` caller (a person federated by SAML: ``saml_user`` + session name). ``key_issued_at``,
    ``key_issuer_event_id`` and ``parent_access_key_id`` come only from (1).

    Examples
    --------
    >>> from ueba.schema import EVENTS, conform
    >>> events = conform(pl.LazyFrame({
    ...     "identity_type": ["AssumedRole"],
    ...     "identity_arn": ["arn:aws:sts::1:assumed-role/web/i-0317f6c6b66ae9c40"],
    ...     "session_issuer_arn": ["arn:aws:iam::1:role/web"],
    ...     "access_key_id": ["ASIAEXAMPLE"],
    ... }), EVENTS)
    >>> enrich_identity(events).select("principal_arn", "workload_kind", "workload_id").collect().row(0)
    ('arn:aws:iam::1:role/web', 'ec2', 'i-0317f6c6b66ae9c40')
    """
    return same_kind(events, _identity_columns(as_lazy(events)))


def _identity_columns(events: pl.LazyFrame) -> pl.LazyFrame:
    have = events.collect_schema()
    base = events.drop([name for name in ENRICHED_IDENTITY if name in have])
    missing = [name for name in EVENTS if name not in have]
    if missing:
        base = base.with_columns(pl.lit(None, dtype=EVENTS[name]).alias(name) for name in missing)
    # Principal, session and the workload fallbacks depend only on the identity columns:
    # computed once per distinct identity (hundreds) rather than per event (millions), then
    # joined back on a narrow slice of columns (joining the wide frame would copy every column).
    events_in = base.cache()
    mints = minting_events(events_in).cache()
    pattern_kind, pattern_id = pattern_workload()
    identities = (
        events_in.select(_IDENTITY_KEY)
        .unique()
        .with_columns(principal_type())
        .with_columns(principal_arn(), session_name())
        .join(
            session_workloads(mints),
            left_on=["principal_arn", "session_name"],
            right_on=["_mint_role", "_mint_session"],
            how="left",
        )
        .with_columns(
            pl.coalesce(pl.col("_session_kind"), pattern_kind).alias("_fallback_kind"),
            pl.when(pl.col("_session_kind").is_not_null())
            .then(pl.col("_session_id"))
            .otherwise(pattern_id)
            .alias("_fallback_id"),
        )
        .drop("_session_kind", "_session_id")
        .with_columns(_sso_person())
    )
    row_inputs = [*_IDENTITY_KEY, *_ROW_INPUTS, *(["ua_family"] if "ua_family" in have else [])]
    narrow = events_in.select(row_inputs).join(
        identities, on=list(_IDENTITY_KEY), how="left", nulls_equal=True, maintain_order="left"
    )
    if "ua_family" in have:
        console = (pl.col("ua_family") == "console").fill_null(False)
    else:
        # Without the user-agent stage, ask the same parser, once per distinct agent.
        agents = parsed_agents(events_in).select(
            pl.col("user_agent"), (pl.col("ua_family") == "console").alias("_console")
        )
        narrow = narrow.join(
            agents, on="user_agent", how="left", nulls_equal=True, maintain_order="left"
        )
        console = pl.col("_console").fill_null(False)
    service = pl.col("principal_type") == "aws_service"
    narrow = narrow.with_columns(
        pl.when(service)
        .then(pl.coalesce(pl.col("principal_arn"), pl.col("source_ip_address")))
        .otherwise(pl.col("principal_arn"))
        .alias("principal_arn")
    ).with_columns(credential_kind(console))
    from_key = pl.col("_mint_kind").is_not_null()
    # why: CloudTrail can log a minting call without the session it minted (an
    # AssumeRoleWithSAML with no request parameters and only the credentials in its response);
    # the key's own ARN still carries that session's name, the id the mint would have given it.
    # Without it a person's session is an actor apart from her own sign-in (two findings of one
    # hijacked portal session).
    session_named = ~pl.col("_mint_kind").is_in(ROLE_NAMED_WORKLOADS)
    minted_id = pl.coalesce(pl.col("_mint_id"), pl.when(session_named).then(pl.col("session_name")))
    workload = bind_keys(mints, narrow).select(
        pl.when(from_key)
        .then(pl.col("_mint_kind"))
        .otherwise(pl.col("_fallback_kind"))
        .alias("workload_kind"),
        pl.when(from_key).then(minted_id).otherwise(pl.col("_fallback_id")).alias("workload_id"),
        "principal_arn",
        "principal_type",
        "session_name",
        "credential_kind",
        "key_issued_at",
        "key_issuer_event_id",
        "parent_access_key_id",
    )
    # Every join above is a left join on unique right keys, so ``workload`` has the rows of
    # ``events_in`` in the same order and can be pasted beside it.
    result = pl.concat([events_in, workload], how="horizontal")
    return result.with_columns(
        pl.col(name).cast(dtype) for name, dtype in ENRICHED_IDENTITY.items()
    )


__all__ = [
    "CREDENTIAL_KINDS",
    "PRINCIPAL_TYPES",
    "credential_kind",
    "enrich_identity",
    "principal_arn",
    "principal_type",
    "session_name",
]
