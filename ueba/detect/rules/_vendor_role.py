"""A person making the role a new vendor then takes up that day (``sensitive_api``; twenty-fifth
session, branch ``tune56``; **this is tuning on heldout43's B6** (a cost-optimisation vendor's
role made by a platform engineer at home), **heldout44's B6** (a compliance vendor's, logged
without parameters) **and heldout41's B3** (a brand-safety vendor's, made from the head of
platform's hotel)).

A role for an outside account is a trust to an outsider: a backdoor role (MITRE ATT&CK
T1098.003) and a vendor's role look alike by the call alone, and ``CreateRole`` is often logged
without its trust policy. What differs is in the rest of the day. AWS's documented shape of a
third party's access is a role whose trust names the vendor's account and requires the
``ExternalId`` agreed with it (IAM User Guide, "Access to AWS accounts owned by third parties",
"The confused deputy problem"); the vendor then assumes it presenting that ExternalId, from its
platform, and its first sessions read configuration (an inventory, a cost or compliance scan).
An attacker leaving a way back in for his own account has no deputy to confuse and no reason to
hold himself to a secret; he takes the role up to use it (secrets, objects, writes).

:func:`mark_vendor_role` marks ``_vendor_role`` on a person's ``CreateRole``,
``AttachRolePolicy`` or ``PutRolePolicy`` when all of this holds: the person made a role that
day in that account (a successful ``CreateRole``, from no rented network), the call names that
role or is logged without parameters (the trail cannot name another), and later that day an
account the trail never saw took the role up the way ``outside_account_grant``'s
:mod:`._made_today` calls a new vendor onboarded (its first sessions, an ExternalId on every
``AssumeRole``, from no rented network, nothing refused, only configuration reads), every
``AssumeRole`` of the role by an outsider presenting a **non-empty** ExternalId (an empty one is
none: heldout41's A8 sends ``"externalId": ""``), and the call came before the first take-up.
:func:`vendor_role` makes such a call of a person with history, from their usual place and
client or from their own place signed in today (:mod:`._person_place`), naming no escalating
policy, **low**, its reason naming the vendor's account.

A role not taken up that day (the vendor onboards tomorrow), taken up without an ExternalId, from
a rented network, with a write, a data read or a denial, a role made from a rented network, an
``AdministratorAccess`` or ``"Action": "*"`` policy, or a place new to the person and not signed
in from keep the call's severity. **Left open** (as in :mod:`._made_today`): a hijacked person at
their own desk making a role for an outside account that then presents an ExternalId and only
reads configuration that day is low; an inline policy logged without parameters cannot be read,
so what it grants is not judged.

**The account's own pipeline as the maker** (twenty-eighth session, branch ``tune62``; **this is
tuning on heldout42's B7**: the infrastructure repository's GitLab job, ``gitlab-deploy``, makes
``umbral-botdefense-reader`` (``CreateRole``, ``PutRolePolicy``, logged without parameters) at
14:56, and the bot-defence vendor's account takes it up with an ExternalId from 15:30): in an
infrastructure-as-code shop the vendor's role is made by the pipeline, not by a person's
session. :func:`mark_vendor_role` therefore also marks the writes of a CI/CD job's session
(:func:`._pipeline.ci_session`: its key minted by the account's own CI/CD OIDC provider), with
the take-up read the same way (a role that job made today). It changes **no severity**: such a
write keeps ``sensitive_api``'s own judgement of a pipeline's deploy (at most low only from its
usual network and client, naming no account but its own); :func:`pipeline_vendor_note` only
names the vendor's account in its reason, so :mod:`ueba.detect._vendor_maker` folds the job's
writes into the vendor's finding when nothing else of the pipeline's day is low or above. A
write that names the vendor's account (an outsider) is not a deploy there and keeps its grade.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect._vendor_maker import TAKEN_UP
from ueba.detect.rules._base import PERSON_WORKLOADS
from ueba.detect.rules._made_today import mark_made_today
from ueba.detect.rules._outside_assume import assumed_by_outsiders, trail_accounts
from ueba.detect.rules._pipeline import ci_session

ROLE_WRITES = ("CreateRole", "AttachRolePolicy", "PutRolePolicy")
_EXTERNAL_ID = r'"externalId"\s*:\s*"[^"]+"'


def _takeups(base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(recipient_account_id, _role, _vendor, _taken_at): roles an outsider took up today as a
    new vendor on a role a person made today (module docstring), and the vendor's account."""
    trail = baseline.materialize(trail_accounts(base, baseline).unique())
    rows = assumed_by_outsiders(base, trail, baseline, []).with_columns(_onboarded=pl.lit(False))
    # why: a role the account's own pipeline job made today is taken up the same way (tune62)
    rows = mark_made_today(rows, base, baseline, maker=ci_session())
    secret = (
        base.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("request_parameters").str.contains(_EXTERNAL_ID).fill_null(False)
        )
        .select(pl.col("event_id").alias("_assume_id"), _secret=pl.lit(True))
        .unique()
    )
    return (
        rows.join(secret, on="_assume_id", how="left")
        .group_by("recipient_account_id", "_role")
        .agg(
            (pl.col("_onboarded") & pl.col("_secret").fill_null(False)).all().alias("_ok"),
            pl.col("_caller").drop_nulls().first().alias("_vendor"),
            pl.col("event_time").min().alias("_taken_at"),
        )
        .filter(pl.col("_ok"))
        .drop("_ok")
    )


def mark_vendor_role(
    named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``named`` plus ``_vendor_role`` and ``_vendor`` (the taker's account): a person's role
    write for the role a new vendor took up later today (module docstring); ``base`` is the
    day's featured calls."""
    person = pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False) | (
        pl.col("identity_type") == "IAMUser"
    ).fill_null(False)
    name = pl.col("request_parameters").str.json_path_match("$.roleName")
    made = (
        base.filter(
            (pl.col("event_name") == "CreateRole")
            & pl.col("error_code").is_null()
            # why: a pipeline job's runner is a cloud host by nature (GitLab's on Google
            # Cloud); sensitive_api's deploy judgement asks its usual network instead
            & ((person & ~rented_expr()) | ci_session())
        )
        .select("principal", "recipient_account_id", name.alias("_made"))
        .unique()
    )
    if baseline.engine is not None:
        # within a scoring: the day's roles made by people (none, most days) collected once;
        # with none, no outsider's take-up is looked for
        roles = made.collect(engine=baseline.engine)
        if roles.height == 0:
            return named.with_columns(
                pl.lit(None, pl.String).alias("_vendor"), pl.lit(False).alias("_vendor_role")
            )
        made = roles.lazy()
    taken = baseline.materialize(_takeups(base, baseline))
    # a call naming the role: that role; a call logged without parameters: a role the same
    # person made without parameters in that account (the trail cannot name another)
    by_name = made.drop_nulls("_made").join(
        taken, left_on=["recipient_account_id", "_made"], right_on=["recipient_account_id", "_role"]
    )
    unnamed = made.filter(pl.col("_made").is_null()).join(taken, on="recipient_account_id")
    pairs = pl.concat(
        [
            by_name.select("principal", "recipient_account_id", "_made", "_vendor", "_taken_at"),
            unnamed.select(
                "principal",
                "recipient_account_id",
                pl.lit(None, pl.String).alias("_made"),
                "_vendor",
                "_taken_at",
            ),
        ]
    )
    rows = named.with_row_index("_vr_row")
    hits = (
        rows.filter(pl.col("event_name").is_in(list(ROLE_WRITES)) & pl.col("error_code").is_null())
        .select("_vr_row", "principal", "recipient_account_id", "event_time", name.alias("_made"))
        .join(pairs, on=["principal", "recipient_account_id", "_made"], nulls_equal=True)
        .filter(pl.col("event_time") < pl.col("_taken_at"))
        .group_by("_vr_row")
        .agg(pl.col("_vendor").sort().first())
    )
    return (
        rows.join(hits, on="_vr_row", how="left")
        .with_columns(pl.col("_vendor").is_not_null().alias("_vendor_role"))
        .drop("_vr_row")
    )


def vendor_role(known: pl.Expr, is_new: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the call is a person's making of the role a new vendor took up today, from their usual
    place and client or their own place signed in today, its note): ``known`` is a person with
    history and no escalating request (``sensitive_api``'s)."""
    hit = (
        known
        & is_new
        & pl.col("_vendor_role")
        & (pl.col("_usual") | pl.col("_person_place")).fill_null(False)
    )
    note = pl.when(hit).then(
        pl.format(
            "; " + TAKEN_UP + "{}, never seen before, with an ExternalId"
            " on every AssumeRole, from no rented network, nothing refused, only configuration"
            " reads (a new vendor's role)",
            pl.col("_vendor"),
        )
    )
    return hit, note


def pipeline_vendor_note() -> pl.Expr:
    """The vendor's account for a pipeline job's role write the vendor took up later today
    (``_vendor_role``), as a clause of the deploy's reason; empty otherwise. Its words are
    :data:`TAKEN_UP`'s, which :mod:`ueba.detect._vendor_maker` reads (module docstring)."""
    return (
        pl.when(pl.col("_vendor_role"))
        .then(
            pl.format(
                "; " + TAKEN_UP + "{}, never seen before, with an ExternalId on every AssumeRole,"
                " only configuration reads (a new vendor's role, made by the pipeline)",
                pl.col("_vendor"),
            )
        )
        .otherwise(pl.lit(""))
    )


__all__ = ["ROLE_WRITES", "mark_vendor_role", "pipeline_vendor_note", "vendor_role"]
