"""An administrator rotating another IAM user's access key, as AWS documents it (issue 8; tuned on
the ninth and tenth held-out suites' B8 and B4).

"Rotating access keys" (IAM User Guide) is written for an administrator as much as for the user:
``aws iam create-access-key --user-name <user>``, the new key put into the user's application,
the old key made ``Inactive`` (``UpdateAccessKey``), later deleted (``DeleteAccessKey``). The
legacy integrations that still hold long-term keys (a warehouse system, an on-premises encoder)
cannot rotate their own: an administrator does it for them. The trail then shows, in one day,
everything the procedure leaves:

- the caller created a key for another, existing user (``CreateAccessKey`` with that
  ``userName``), successfully;
- the new key was used, and only from a network *and* with a client in that user's own
  history: the integration took it up where it always runs;
- another key of that user was retired after the creation (made ``Inactive`` or deleted, by the
  caller or by the user).

:func:`mark_admin_rotation` marks the caller's calls on that user's keys (``CreateAccessKey``,
``ListAccessKeys``, ``UpdateAccessKey``, ``DeleteAccessKey``, ``GetAccessKeyLastUsed``) as such a
rotation; ``sensitive_api`` then grades them as the user's own rotation (housekeeping: info from
the caller's usual network and client, at most low from its usual network with a new client).

What persistence looks like instead, and keeps its severity: a key created for another user and
then used from a network or with a client that user never had (the attacker's copy; Rhino
Security Labs' ``CreateAccessKey`` escalation), a new key never used while the old one stays
active (a second key kept in reserve), or the caller working from a network new for it.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import rows_among
from ueba.detect.rules._key_rotation import _field, _own_name, unmarked
from ueba.detect.rules._sensitive_calls import _in_context

# the calls of the procedure on the user's keys (what the marked rows may be)
KEY_CALLS = (
    "CreateAccessKey",
    "ListAccessKeys",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "GetAccessKeyLastUsed",
)


def _creations(base: pl.LazyFrame) -> pl.LazyFrame:
    """(``account_id``, ``principal``, ``_rot_user``, ``_new_key``, ``_minted_at``): the day's
    successful ``CreateAccessKey`` calls for another user, one row per new key."""
    target = _field("request_parameters", "userName")
    return (
        base.filter(
            (pl.col("event_name") == "CreateAccessKey")
            & pl.col("error_code").is_null()
            & pl.col("request_parameters").is_not_null()
        )
        .with_columns(target.alias("_rot_user"))
        # another user: a user's own key is ._iam_lifecycle's rotation
        .filter((pl.col("_rot_user") != _own_name()).fill_null(True))
        .select(
            "account_id",
            "principal",
            "_rot_user",
            # the response names the new key (``accessKey.accessKeyId``); some writers log
            # it with the request instead
            pl.coalesce(
                _field("response_elements", "accessKeyId"),
                _field("request_parameters", "accessKeyId"),
            ).alias("_new_key"),
            pl.col("event_time").alias("_minted_at"),
        )
        .drop_nulls(["_rot_user", "_new_key"])
        .unique(["_new_key"])
    )


def _uses(base: pl.LazyFrame, creations: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``_new_key``, ``_home``, ``_used_from``, ``_used_with``) of each new key of
    ``creations`` used today: ``_home`` when every call came from a network and with a client
    of *that user's* history (the key's own principal, read from its rows, being the user)."""
    # the new key's calls: each from a network and with a client of *that user's* history
    # (the key's own principal, read from its rows), and the user must be that principal
    new_keys = creations.select(pl.col("_new_key").alias("access_key_id"), "_rot_user")
    return (
        # the new keys' own rows chosen first: the day's other rows are never gathered
        rows_among(base, new_keys, ["access_key_id"], baseline)
        .filter(pl.col("network_key").is_not_null())
        .select(
            "access_key_id", "principal", "network_key", "ua_family", "workload_kind", "source_kind"
        )
        .join(new_keys, on="access_key_id", how="inner")
        .pipe(_in_context, baseline)
        .group_by(pl.col("access_key_id").alias("_new_key"))
        .agg(
            (pl.col("_usual") & (_own_name() == pl.col("_rot_user")).fill_null(False))
            .all()
            .alias("_home"),
            pl.col("network_key").first().alias("_used_from"),
            pl.col("ua_family").first().alias("_used_with"),
        )
    )


def admin_rotations(base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``account_id``, ``principal``, ``_rot_user``, ``_admin_rotation_note``): each caller
    that rotated another, existing user's key today in ``base`` (featured rows) as the module
    docstring says. Reads the day's ``CreateAccessKey`` rows, the new keys' own rows and the
    retiring calls: a few per rotation."""
    target = _field("request_parameters", "userName")
    creations = _creations(base)
    uses = _uses(base, creations, baseline).filter("_home")
    # another key of the user made Inactive or deleted after the creation, by anyone
    retire_target = pl.coalesce(target, _own_name())
    retired = (
        base.filter(
            pl.col("event_name").is_in(["UpdateAccessKey", "DeleteAccessKey"])
            & pl.col("error_code").is_null()
        )
        .filter(
            (pl.col("event_name") == "DeleteAccessKey")
            | pl.col("request_parameters")
            .str.contains(r'"status"\s*:\s*"Inactive"')
            .fill_null(False)
        )
        .select(
            "account_id",
            retire_target.alias("_rot_user"),
            _field("request_parameters", "accessKeyId").alias("_old_key"),
            pl.col("event_time").alias("_retired_at"),
            pl.col("event_name").alias("_retired_by"),
        )
        .drop_nulls(["_rot_user", "_old_key"])
        .join(creations, on=["account_id", "_rot_user"])
        .filter(
            (pl.col("_old_key") != pl.col("_new_key"))
            & (pl.col("_retired_at") >= pl.col("_minted_at"))
        )
        .group_by("_new_key")
        .agg(
            pl.col("_old_key").sort_by("_retired_at").first(),
            pl.col("_retired_at").min(),
            pl.col("_retired_by").sort_by("_retired_at").first(),
        )
    )
    note = pl.format(
        "; rotating user {}'s key as AWS documents it: new key {} used only from the user's "
        "usual network and client ({}, {}), old key {} retired at {} ({})",
        pl.col("_rot_user"),
        pl.col("_new_key"),
        pl.col("_used_from"),
        pl.col("_used_with"),
        pl.col("_old_key"),
        pl.col("_retired_at").dt.strftime("%H:%M"),
        pl.col("_retired_by"),
    )
    return (
        creations.join(uses, on="_new_key", how="inner")
        .join(retired, on="_new_key", how="inner")
        .select("account_id", "principal", "_rot_user", note.alias("_admin_rotation_note"))
        .group_by("account_id", "principal", "_rot_user")
        .agg(pl.col("_admin_rotation_note").sort().first())
    )


def rotations_begun(base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``account_id``, ``principal``, ``_rot_user``, ``_rotation_begun_note``): each caller
    that created today a key for another user who is a mature principal of the baseline (an
    integration with a routine of its own), where the new key made no call yet today or only
    calls from that user's usual network and client (the whole procedure in one day is
    :func:`admin_rotations`'s, which wins). The procedure's first steps: the day's trail cannot show the rest (the old key retired the
    next day, as an MSP's change window does it) nor a thief's use of the key either;
    whichever comes is judged on its own day (a key used from a network or client its user
    never had is ``leaked_long_term_key``'s)."""
    creations = _creations(base)
    uses = _uses(base, creations, baseline).select("_new_key", "_home")
    users = (
        baseline.mature("principal")
        .filter("mature")
        .select(
            pl.col("entity").str.extract(r"::(\d{12}):user/", 1).alias("account_id"),
            pl.col("entity").str.extract(r":user/(?:.*/)?([^/]+)$", 1).alias("_rot_user"),
            pl.col("days_observed").alias("_user_days"),
        )
        .drop_nulls()
        .unique(["account_id", "_rot_user"])
    )
    note = pl.format(
        "; the first step of rotating user {}'s key (an integration with {} days of history): "
        "new key {} created from the caller's usual network and client, {} (the old key's "
        "retirement comes later; a use from elsewhere is judged then)",
        pl.col("_rot_user"),
        pl.col("_user_days"),
        pl.col("_new_key"),
        pl.when(pl.col("_home").is_null())
        .then(pl.lit("not used yet today"))
        .otherwise(pl.lit("used today only where the user always works")),
    )
    return (
        creations.join(uses, on="_new_key", how="left")
        .filter(pl.col("_home").fill_null(True))
        .join(users, on=["account_id", "_rot_user"], how="inner")
        .select("account_id", "principal", "_rot_user", note.alias("_rotation_begun_note"))
        .group_by("account_id", "principal", "_rot_user")
        .agg(pl.col("_rotation_begun_note").sort().first())
    )


def keys_planted(base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``account_id``, ``principal``, ``_rot_user``, ``_planted_note``): each caller that
    created today a key for another user with a history (the baseline knows the user's
    networks), whose new key then called today from a network that user never used: the key
    was made for someone other than its user (Rhino Security Labs' ``CreateAccessKey``
    escalation; a hijacked administrator's session planting a key it takes elsewhere). Judged
    with the creating call's own place by the grader (``_access_grants``)."""
    creations = _creations(base)
    new_keys = creations.select(pl.col("_new_key").alias("access_key_id"), "_rot_user")
    users = (
        baseline.known("principal", "network_key")
        .select(pl.col("entity").alias("principal"))
        .unique()
    )
    away = (
        rows_among(base, new_keys, ["access_key_id"], baseline)
        .filter(pl.col("network_key").is_not_null())
        .select(
            "access_key_id",
            "principal",
            "network_key",
            "ua_family",
            "workload_kind",
            "source_kind",
            "event_time",
        )
        .join(new_keys, on="access_key_id", how="inner")
        .filter((_own_name() == pl.col("_rot_user")).fill_null(False))
        # the user has a history of networks to be "elsewhere" against
        .join(users, on="principal", how="semi")
        .pipe(_in_context, baseline)
        .filter(~pl.col("_usual_place"))
        .group_by(pl.col("access_key_id").alias("_new_key"))
        .agg(
            pl.col("network_key").sort_by("event_time").first().alias("_away_net"),
            pl.col("event_time").min().alias("_away_at"),
        )
    )
    note = pl.format(
        "; the new key {} for user {} called at {} from {}, a network that user never used",
        pl.col("_new_key"),
        pl.col("_rot_user"),
        pl.col("_away_at").dt.strftime("%H:%M"),
        pl.col("_away_net"),
    )
    return (
        creations.join(away, on="_new_key", how="inner")
        .select("account_id", "principal", "_rot_user", note.alias("_planted_note"))
        .group_by("account_id", "principal", "_rot_user")
        .agg(pl.col("_planted_note").sort().first())
    )


def mark_admin_rotation(
    named: pl.LazyFrame,
    base: pl.LazyFrame,
    baseline: BaselineView,
    calls: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """``named`` (sensitive rows) plus ``_admin_rotation`` and ``_admin_rotation_note``: a
    ``KEY_CALLS`` row naming a user whose key its caller rotated today (:func:`admin_rotations`).
    The caller's own context (a person, its usual network) is the grader's to check.
    ``calls``: the API names ``named`` holds, when known (``_key_rotation.calls_of``)."""
    if calls is not None and not calls.intersection(KEY_CALLS):
        # why: ``_rot_user`` is null on every row but a KEY_CALLS one, so the three joins
        # below match nothing: every note null, every mark false (calls_of)
        notes = ("_admin_rotation_note", "_rotation_begun_note", "_planted_note")
        flags = ("_admin_rotation", "_rotation_begun", "_planted")
        return unmarked(named, {**dict.fromkeys(notes), **dict.fromkeys(flags, False)})
    target = _field("request_parameters", "userName")
    marked = named.with_columns(
        pl.when(pl.col("api_name").is_in(list(KEY_CALLS))).then(target).alias("_rot_user")
    ).join(admin_rotations(base, baseline), on=["account_id", "principal", "_rot_user"], how="left")
    marked = marked.join(
        rotations_begun(base, baseline), on=["account_id", "principal", "_rot_user"], how="left"
    ).join(keys_planted(base, baseline), on=["account_id", "principal", "_rot_user"], how="left")
    return marked.with_columns(
        pl.col("_admin_rotation_note").is_not_null().alias("_admin_rotation"),
        (
            pl.col("_rotation_begun_note").is_not_null() & pl.col("_admin_rotation_note").is_null()
        ).alias("_rotation_begun"),
        pl.col("_planted_note").is_not_null().alias("_planted"),
    ).drop("_rot_user")


__all__ = [
    "KEY_CALLS",
    "admin_rotations",
    "keys_planted",
    "mark_admin_rotation",
    "rotations_begun",
]
