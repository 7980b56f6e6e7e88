"""An administrator's first policy attachment of a kind, made where and how they always work
(``sensitive_api``'s ``privilege_escalation``; twenty-first session, branch ``tune39``; **this is
tuning on heldout33**, its seed 3 false high).

``privilege_escalation`` calls (``AttachRolePolicy``, ``PutUserPolicy``, ``CreatePolicyVersion``
...) new for the principal are **high**: a stolen key or session granting itself or a backdoor
more rights is the step before the damage. ``docs/rules.md`` makes high "a near-certain
compromise". A person whose history already grants access (an Identity Center assignment, a
role created, another policy call: their job is administering access), making a new kind of
grant from a network they used and with the client they use, whose request shows no
administrator policy (``AdministratorAccess``, ``"Action": "*"``), is not near-certain: it is
what an administrator's ordinary day looks like, and what a session stolen and replayed from the
victim's own address would look like too. So it is at most **medium** (a person should look at
it today), never dropped.

What keeps the call's high: a new network or client (the suites' attacks that attach a policy
come from a VPS, a VPN, a proxy or a threat-listed exit: heldout16 A3, heldout18 A8, heldout8
A6 from Vultr), a request naming an administrator policy (heldout17 A6 and heldout5 A7, from
the victim's own country, a residential proxy and his CLI in heldout5's, both attach
``AdministratorAccess``), a principal with no history of granting access (a developer's first
grant), a machine's key, a grant to itself or to a user it created today (``basis`` ``self``),
or a grant from a network nobody in the account used (:mod:`._access_grants`, high).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from ueba.detect._baseline import BaselineView

# categories whose calls give access: a history holding one is an administrator's
GRANTING_CATEGORIES = ("persistence", "privilege_escalation")


def mark_grant_history(
    named: pl.LazyFrame, baseline: BaselineView, apis: Mapping[str, Iterable[str]]
) -> pl.LazyFrame:
    """``named`` plus ``_granted_before``: the principal's history (the baseline's ``api``
    dimension, ``<event_source>:<event_name>``) holds a call of ``apis`` (the rule's calls per
    category) of a :data:`GRANTING_CATEGORIES` category."""
    names = sorted({a for c in GRANTING_CATEGORIES for a in apis.get(c, [])})
    granted = (
        baseline.known("principal", "api")
        .filter(pl.col("value").str.extract(r":([^:]+)$", 1).is_in(names))
        .select(pl.col("entity").alias("principal"), _granted_before=pl.lit(True))
        .unique()
    )
    return named.join(granted, on="principal", how="left").with_columns(
        pl.col("_granted_before").fill_null(False)
    )


def usual_admin_grant(known: pl.Expr, is_new: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the call is an administrator's grant from their usual network and client, its note):
    ``known`` is a person with history and no escalating request (``sensitive_api``'s)."""
    hit = (
        known
        & is_new
        & (pl.col("category") == "privilege_escalation")
        & pl.col("_usual")
        & pl.col("_granted_before")
    )
    note = pl.when(hit).then(
        pl.lit(
            "; by a person whose history grants access, from their usual network and client, "
            "the request naming no administrator policy (at most medium)"
        )
    )
    return hit, note


__all__ = ["GRANTING_CATEGORIES", "mark_grant_history", "usual_admin_grant"]
