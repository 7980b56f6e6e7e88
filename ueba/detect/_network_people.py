"""Many people of one account on the same new network on one day, nothing else new: one note.

A whole office moves at once when its line fails: a power cut (South Africa's load shedding)
fails the office over from fibre to an LTE carrier, and everyone in it calls from the carrier's
CGNAT for hours. Each person signing in through IAM Identity Center or an identity provider is
their own actor (:mod:`ueba.detect._grouping`), and the portal event that issues their session
(``GetRoleCredentials``, ``Federate``) is a principal of its own, so one move is one low
``first_seen`` finding per person, each saying the same thing: a network new for them and for
the account. :func:`network_people` folds exactly those into one finding of the account and
network for the day (actor ``network_people``, the network's key), listing every person, with
every key, address and event ID as any finding holds them (the person-side twin of the fleet
fold, :mod:`ueba.detect.fleet`, and of :mod:`ueba.detect._role_people`).

Only the move itself folds: every hit of the person that day is a new network (no new country,
client, call or region at any severity; for an IAM user, its console sign-in from there), at
most low, on one network only, the person mature, no credential misuse; at least ``MIN_PEOPLE``
people of the account show that same network that day (whatever else each did: eighteenth
session, tuning on heldout28's B8, IAM users signing in from an office's new provider), and at
least two of them fold.
A person alone on a new network, or on it with a new client, new calls or a new country, stays
their own finding, so an attacker who shares the carrier but does anything the office does not
is never hidden in the note. The note keeps the severity its people had (low): the fold changes
how many findings one move makes, never how loud it is.

Root joins the note when all it did that day is ``console``'s ``root_use`` at low (a console
session behind MFA, or a failed sign-in), every call from an address the note's people used on
the moved network that day (twenty-eighth session, branch ``tune60``, **tuning on heldout28's
B10**: month-end billing as root, with MFA, from the office's new line the day the whole office
moved to it). The person holding root's password and MFA device works in that office: root's
network is new for the same reason everyone's is. Root use stays in the note, named in its
reason with every call, event ID and address, at low, so the weekly review still reads it (CIS
1.7 asks for root use to be seen, not for a second finding of the same move). Root with any
other hit (a sensitive call, a new client at low, anything above low), without MFA, or from
an address nobody of the office used stays its own finding, as before.
"""

from __future__ import annotations

import polars as pl

NETWORK_PEOPLE = "network_people"
# actors that are people signing in through an identity provider: an Identity Center person's
# role sessions (sso_user), a SAML person (saml_user), and the portal events that issue their
# sessions, whose caller is the Identity Center user (``userIdentity.type`` IdentityCenterUser
# or, in older trails and for GetRoleCredentials/Federate, Unknown: ._chains.PORTAL_PRINCIPALS)
# and, since the eighteenth session (tuning on heldout28's B8, an office's fibre moved to
# another provider), IAM users: each signs in to the console from the new network, a console
# sign-in that is its own event and its own user
PEOPLE = ("sso_user", "saml_user", "identity_center_user", "unknown", "iam_user")
# the signals a move to a new network shows, and nothing else: the network new for the person,
# and an IAM user's console sign-in from it (an ASN new for it, or without MFA as is its habit:
# console.py keeps either at low only with its usual browser, and the fold takes only hits at
# low). The root user is not a person of the office: root use stays its own finding
_MOVE = (
    "first_seen/new_network_key",
    "first_seen/new_network_key_for_person",
    "console/new_asn",
    "console/no_mfa",
)
_PERSON = ["_home", "actor_kind", "actor_id", "cause"]
# why: two colleagues on one hotel's Wi-Fi is a coincidence, not an office; three or more
# people of one account on a network none of them (nor the account) ever used, on the same day,
# is the office's line failing over (or a team offsite), a change of the place, not of a person
MIN_PEOPLE = 3


def _person(misuse: str) -> pl.Expr:
    """A hit of a person (not credential misuse): what may fold."""
    return pl.col("actor_kind").is_in(PEOPLE).fill_null(False) & (pl.col("cause") != misuse)


def network_people_can_fold(h: pl.DataFrame, *, misuse: str, min_people: int = MIN_PEOPLE) -> bool:
    """Whether :func:`network_people` can fold anything of ``h`` (its input, collected). A note
    needs ``min_people`` people (and two at least) with a network new for them (the network
    they are counted on); without them it returns ``h`` as it is (the same rows, columns and
    types), and the fold skips it (benchmarks/README.md, "CI time", twenty-seventh session)."""
    moved = (pl.format("{}/{}", "rule", "signal") == _MOVE[0]) & pl.col("evidence").struct.field(
        "observed"
    ).is_not_null()
    return h.filter(_person(misuse) & moved).get_column("actor_id").n_unique() >= max(min_people, 2)


def network_people(
    h: pl.LazyFrame, *, low: int, misuse: str, min_people: int = MIN_PEOPLE
) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``maturity``, ``cause``, the actor columns and
    ``_home``) with the hits of people who only moved to a new network folded into one note per
    account, network and day: ``actor_kind`` ``network_people``, ``actor_id`` the network's key
    (``network_key``: ASN or /24), and one more row (a copy of the group's strongest hit) whose
    reason names every person. ``low`` is the rank of severity low."""
    pair = pl.format("{}/{}", "rule", "signal")
    net = pl.col("evidence").struct.field("observed")
    persons = (
        h.filter(_person(misuse))
        .group_by(_PERSON)
        .agg(
            pl.col("account_id").unique().alias("_accounts"),
            pl.col("sev_rank").max().alias("_top"),
            (pl.col("maturity").fill_null("learning") == "mature").all().alias("_mature"),
            pair.is_in(list(_MOVE)).all().alias("_only_move"),
            net.filter(pair == _MOVE[0]).drop_nulls().unique().alias("_nets"),
            pl.col("event_time").min().dt.date().alias("_day"),
        )
        .filter(pl.col("_accounts").list.len() == 1)
        .with_columns(pl.col("_accounts").list.first().alias("_acct"))
    )
    where = ["_acct", "_net", "_day"]
    # why: the office is every person of the account the trail shows on the new network that
    # day, whatever else each did (eighteenth session, heldout28's B8: five people signed in
    # from the office's new provider, one of them also opening a Support case); only those who
    # did nothing else fold, and a note needs two of them
    present = (
        persons.select("actor_id", "_acct", "_day", pl.col("_nets").alias("_net"))
        .explode("_net")
        .drop_nulls("_net")
        .group_by(where)
        .agg(pl.col("actor_id").n_unique().alias("_n"))
    )
    people = (
        persons
        # why: an office's move shows nothing but the new network, at low (no MFA the trail can
        # see on the portal event); a new country, client, call or region, or anything above low,
        # is the person's own finding, as a stolen session on the same carrier would be
        .filter(
            (pl.col("_top") == low)
            & pl.col("_mature")
            & pl.col("_only_move")
            & (pl.col("_nets").list.len() == 1)
        )
        .with_columns(pl.col("_nets").list.first().alias("_net"))
        .join(present, on=where, how="inner")
        .with_columns(pl.col("actor_id").n_unique().over(where).alias("_k"))
        .filter((pl.col("_n") >= min_people) & (pl.col("_k") >= 2))
        .select(*_PERSON, *where, "_n", "_k")
    )
    roots = _office_root(h, people, where, misuse=misuse, low=low)
    reason = pl.format(
        "{} people of account {} on network {} on {}, new for each of them and for the "
        "account, {} of them with nothing else new (a move of the place they work from, "
        "such as an office's fail-over to a mobile carrier or its line moved to another "
        "provider): {}{}",
        "_n",
        "_acct",
        "_net",
        "_day",
        "_k",
        "_names",
        pl.when(pl.col("_root").fill_null(False))
        .then(
            pl.format(
                "; and the account's root user (arn:aws:iam::{}:root) from the office's own"
                " address, behind MFA (or a refused sign-in)",
                "_acct",
            )
        )
        .otherwise(pl.lit("")),
    )
    people = pl.concat([people, roots], how="diagonal_relaxed")
    people = people.with_columns(pl.col("_is_root").fill_null(False)).with_columns(
        pl.col("_is_root").any().over(where).alias("_root")
    )
    # root is named in its own words, not among the people who moved
    listed = ~pl.col("_is_root")
    return group_note(
        h, people, group="_net", kind=NETWORK_PEOPLE, where=where, reason=reason, listed=listed
    ).drop("_acct", "_net", "_day", "_n", "_k", "_root", "_is_root")


def _office_root(
    h: pl.LazyFrame, people: pl.LazyFrame, where: list[str], *, misuse: str, low: int
) -> pl.LazyFrame:
    """Root actors of ``h`` that join an office's note (``people``' groups): every hit of the
    day at low is ``console``'s ``root_use`` (behind MFA, or a failed sign-in), none above, not
    credential misuse, and every address is one the note's people called from on the moved
    network that day. The rows have ``people``'s columns and ``_is_root`` True."""
    pair = pl.format("{}/{}", "rule", "signal")
    day = pl.col("event_time").min().dt.date().alias("_day")
    # the addresses each note's people used that day (their hits are all the move's)
    office = (
        h.join(people.select(*_PERSON, *where), on=_PERSON, how="inner", nulls_equal=True)
        .select(*where, pl.col("source_ip").alias("_ip"))
        .drop_nulls("_ip")
        .unique()
    )
    roots = (
        h.filter(pl.col("actor_kind") == "root")
        .group_by(_PERSON)
        .agg(
            pl.col("account_id").unique().alias("_accounts"),
            pl.col("sev_rank").max().alias("_top"),
            ((pair == "console/root_use") | (pl.col("sev_rank") < low))
            .all()
            .alias("_only_root_use"),
            pl.col("source_ip").unique().alias("_ips"),
            day,
        )
        .filter(
            (pl.col("_accounts").list.len() == 1)
            & (pl.col("_top") <= low)
            & pl.col("_only_root_use")
            & (pl.col("cause") != misuse)
        )
        .with_columns(pl.col("_accounts").list.first().alias("_acct"))
        .explode("_ips")
        .rename({"_ips": "_ip"})
    )
    # why: a root address outside the office's (or none) keeps root its own finding
    matched = (
        roots.join(office, on=["_acct", "_day", "_ip"], how="left")
        .group_by(*_PERSON, "_acct", "_day")
        .agg(pl.col("_net").unique().alias("_nets"), pl.col("_net").null_count().alias("_off"))
    )
    counts = people.group_by(where).agg(pl.col("_n").first(), pl.col("_k").first())
    return (
        matched.filter((pl.col("_off") == 0) & (pl.col("_nets").list.len() == 1))
        .with_columns(pl.col("_nets").list.first().alias("_net"))
        .join(counts, on=where, how="inner")
        .select(*_PERSON, *where, "_n", "_k", _is_root=pl.lit(True))
    )


def group_note(
    h: pl.LazyFrame,
    people: pl.LazyFrame,
    *,
    group: str,
    kind: str,
    where: list[str],
    reason: pl.Expr,
    listed: pl.Expr | None = None,
) -> pl.LazyFrame:
    """``h`` with the hits of ``people`` (one row per person, ``_PERSON`` and the group's
    columns ``where``: ``_acct``, the group's id ``group``, ``_day``) given to their group's
    actor (``actor_kind`` ``kind``, ``actor_id`` the group's id, the group's account), and one
    more row per group: a copy of its strongest hit whose reason is ``reason`` (which may read
    ``_names``, the people listed). The folds of people into one note (:mod:`._network_people`,
    :mod:`._trip_people`) share it; the caller drops its own columns. ``listed``: which of
    ``people`` ``_names`` lists (all of them without it)."""
    names = (
        people.filter(pl.lit(True) if listed is None else listed)
        .group_by(where)
        .agg(pl.col("actor_id").unique().sort().str.join(", ").alias("_names"))
    )
    h = h.join(people, on=_PERSON, how="left", nulls_equal=True).with_columns(
        pl.when(pl.col(group).is_not_null())
        .then(pl.lit(kind))
        .otherwise("actor_kind")
        .alias("actor_kind"),
        pl.coalesce(group, "actor_id").alias("actor_id"),
        pl.coalesce("_acct", "_home").alias("_home"),
        pl.coalesce("_acct", "account_id").alias("account_id"),
    )
    order = ["weight", "event_time", "event_id", "reason"]
    note = (
        h.filter(pl.col(group).is_not_null())
        .sort(order, descending=[True, False, False, False])
        .group_by(where, maintain_order=True)
        .first()
        .join(names, on=where, how="left")
        .with_columns(reason.alias("reason"))
        .drop("_names")
    )
    return pl.concat([h, note], how="diagonal_relaxed")


__all__ = [
    "MIN_PEOPLE",
    "NETWORK_PEOPLE",
    "PEOPLE",
    "group_note",
    "network_people",
    "network_people_can_fold",
]
