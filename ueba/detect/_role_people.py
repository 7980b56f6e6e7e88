"""Several people new to one shared role on one day, each low for the same reason: one note.

People federated into a role others share (SAML from an external IdP, IAM Identity Center) are
each their own actor (:mod:`ueba.detect._grouping`), so a team's onboarding day (seasonal staff
given the support role, a new class of students) is one low finding per person, each saying the
same thing: a network new for the role, the role's own client. :func:`role_people` folds exactly
those into one finding of the role for the day (actor ``role_people``, the role's ARN), listing
every person, with every key, address and event ID as any finding holds them.

Only what is low **for the same reason** folds: every hit of the person at most low, the set of
``rule/signal`` of their low hits the same as the others', a mature role, no credential misuse
(a threat-listed address, a key used elsewhere) and no new country. A person with anything more
(a medium, a second reason, another country) stays their own finding, so a stolen session that
shows more than a colleague's new home network is never hidden in the note.
"""

from __future__ import annotations

import polars as pl

ROLE_PEOPLE = "role_people"
# workload kinds of people signing in to a role others share
_PEOPLE = ("sso_user", "saml_user")
_PERSON = ["_home", "actor_kind", "actor_id", "cause"]
# the account of an IAM or STS ARN (also the home account of an actor, ._grouping)
ARN_ACCOUNT = r"^arn:[^:]+:(?:iam|sts)::(\d{12}):"


def _in_role(misuse: str) -> pl.Expr:
    """A hit of a person signed in to a role (not credential misuse): what may fold."""
    return (
        pl.col("actor_kind").is_in(_PEOPLE).fill_null(False)
        & (pl.col("cause") != misuse)
        & pl.col("principal_arn").str.contains(":role/").fill_null(False)
    )


def role_people_can_fold(h: pl.DataFrame, *, low: int, misuse: str) -> bool:
    """Whether :func:`role_people` can fold anything of ``h`` (its input, collected). A note needs
    two people of a role, each low and mature (so each with a mature hit at ``low``); without two
    such people it returns ``h`` as it is (the same rows, columns and types), and the fold skips
    it (benchmarks/README.md, "CI time", twenty-seventh session)."""
    low_mature = (pl.col("sev_rank") == low) & (pl.col("maturity") == "mature")
    return h.filter(_in_role(misuse) & low_mature).get_column("actor_id").n_unique() >= 2


def role_people(h: pl.LazyFrame, *, low: int, misuse: str) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``maturity``, ``cause``, the actor columns and
    ``_home``) with the hits of people folded into their role's note: ``actor_kind``
    ``role_people``, ``actor_id`` the role's ARN, and one more row (a copy of the group's
    strongest hit) whose reason names every person. ``low`` is the rank of severity low."""
    why = pl.format("{}/{}", "rule", "signal").filter(pl.col("sev_rank") >= low)
    people = (
        h.filter(_in_role(misuse))
        .group_by(_PERSON)
        .agg(
            pl.col("principal_arn").unique().alias("_roles"),
            pl.col("sev_rank").max().alias("_top"),
            (pl.col("maturity").fill_null("learning") == "mature").all().alias("_mature"),
            why.unique().sort().str.join(" ").alias("_why"),
            pl.col("event_time").min().dt.date().alias("_day"),
        )
        # why: a person on the onboarding list of a mature role shows only what her colleagues
        # show (the role's client, her own new home network); more than that (a medium, another
        # reason, a country the role never saw) is her own finding, as a stolen session would be
        .filter(
            (pl.col("_roles").list.len() == 1)
            & (pl.col("_top") == low)
            & pl.col("_mature")
            & (pl.col("_why") != "")
            & ~pl.col("_why").str.contains("country")
        )
        .with_columns(pl.col("_roles").list.first().alias("_role"))
        .with_columns(pl.col("actor_id").n_unique().over("_role", "_day", "_why").alias("_n"))
        .filter(pl.col("_n") >= 2)
    )
    # one note per role and day: the reason most of its new people share (ties by its text)
    best = (
        people.select("_role", "_day", "_why", "_n")
        .unique()
        .sort(["_n", "_why"], descending=[True, False])
        .group_by("_role", "_day", maintain_order=True)
        .first()
    )
    members = people.join(best, on=["_role", "_day", "_why", "_n"], how="semi").select(
        *_PERSON, "_role", "_day", "_why", "_n"
    )
    names = members.group_by("_role", "_day").agg(
        pl.col("actor_id").unique().sort().str.join(", ").alias("_names")
    )
    account = pl.col("_role").str.extract(ARN_ACCOUNT, 1)
    h = h.join(members, on=_PERSON, how="left", nulls_equal=True).with_columns(
        pl.when(pl.col("_role").is_not_null())
        .then(pl.lit(ROLE_PEOPLE))
        .otherwise("actor_kind")
        .alias("actor_kind"),
        pl.coalesce("_role", "actor_id").alias("actor_id"),
        pl.coalesce(account, "_home").alias("_home"),
        pl.coalesce(account, "account_id").alias("account_id"),
    )
    order = ["weight", "event_time", "event_id", "reason"]
    note = (
        h.filter(pl.col("_role").is_not_null())
        .sort(order, descending=[True, False, False, False])
        .group_by("_role", "_day", maintain_order=True)
        .first()
        .join(names, on=["_role", "_day"], how="left")
        .with_columns(
            pl.format(
                "{} people new to role {} on {}, each low for the same reason alone ({}): {}",
                "_n",
                pl.col("_role").str.split("/").list.last(),
                "_day",
                "_why",
                "_names",
            ).alias("reason")
        )
        .drop("_names")
    )
    return pl.concat([h, note], how="diagonal_relaxed").drop("_role", "_day", "_why", "_n")


__all__ = ["ARN_ACCOUNT", "ROLE_PEOPLE", "role_people", "role_people_can_fold"]
