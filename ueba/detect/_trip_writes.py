"""A person's session from a country nobody in the account came from, making writes nobody in
the account ever made: medium.

Travel is context: a person abroad, signed in through their identity provider with their usual
client, doing their usual work is at most low (issue 8; docs/rules.md, "What each severity
promises"). A hijacked person looks the same at the door: a SIM swap or a phished identity
provider account signs the thief in with the person's own factor, and the console is the console
whatever browser drives it, so the sign-in alone cannot tell them apart. What the thief does next
can: they came to change something, and what they change is what no one in the account changes
(a contact centre's flow forwarded to an outside number, a phone number claimed: Permiso on
Amazon Connect abuse; Mandiant on SIM-swapping crews going straight for the telephony and
identity settings). A trip's work is the person's own or their team's.

:func:`writes_abroad_in_context` raises ``first_seen``'s new-call hits of a person to
``severity`` (medium) when, on one session key, the person called at least ``min_writes``
distinct write APIs new for the whole account (``first_seen`` low, which it gives a call new
for the account only with a second novelty) at or after a ``first_seen`` new-country hit of the
same key at low or above (a country new for the account too). Reads stay as they are (a
traveller looking around is not changing anything), so does one new write (a first
``CreateStack`` on a trip), a country some colleague already works from, and any machine
workload (its calls are its code's; the credential rules judge a workload key away from home).

Joins the day's hits with themselves (a few hundred rows), never the day's events.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._context import PERSON_TYPES
from ueba.detect.rules._base import MACHINE_KINDS, PERSON_WORKLOADS, READ_NAME
from ueba.schema import SEVERITY_RANK

_RANK = SEVERITY_RANK
# why: one new write on a trip is a person's first task there (a stack, a ticket's fix); a
# thief who came to change the account makes a run of them (claim a number, rewrite the flow,
# point the number at it), as an attacker's recon is a sweep of several reads
MIN_WRITES = 2


def writes_abroad_applies(hits: pl.DataFrame) -> bool:
    """Whether :func:`writes_abroad_in_context` can change any of ``hits`` (HITS, collected): it
    raises writes only after a ``first_seen`` new country on a key; without one it returns the
    hits as they are (the same rows, columns and types), so a scoring skips it
    (benchmarks/README.md, "CI time", twenty-seventh session)."""
    abroad = _abroad_on_key(pl.col("rule") == "first_seen")
    return hits.filter(abroad).height > 0


def _abroad_on_key(seen: pl.Expr) -> pl.Expr:
    """A ``seen`` hit of a new country on a session key."""
    return seen & (pl.col("signal") == "new_country") & pl.col("access_key_id").is_not_null()


def writes_abroad_in_context(
    hits: pl.LazyFrame, *, severity: str = "medium", min_writes: int = MIN_WRITES
) -> pl.LazyFrame:
    """``hits`` with a person's ``first_seen`` new-call hits raised to ``severity`` when they are
    writes new for the account, at least ``min_writes`` distinct ones on one key, at or after a
    new-for-the-account country on that key (both ``first_seen`` at low or above); the reason
    says so.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 11, 27, 1, 48, tzinfo=dt.UTC)
    >>> def hit(signal, name, key="ASIA1", minute=0):
    ...     return {"rule": "first_seen", "signal": signal, "severity": "low", "account_id": "1",
    ...             "access_key_id": key, "event_name": name, "principal_type": "role",
    ...             "workload_kind": "sso_user", "event_time": t + dt.timedelta(minutes=minute),
    ...             "reason": f"{name}: never called", "evidence": {"observed": name}}
    >>> hits = pl.LazyFrame([hit("new_country", "ConsoleLogin"),
    ...     hit("new_api", "ListContactFlows", minute=1),
    ...     hit("new_api", "ClaimPhoneNumber", minute=2),
    ...     hit("new_api", "UpdateContactFlowContent", minute=3),
    ...     hit("new_api", "CreateStack", key="ASIA2", minute=3)])
    >>> writes_abroad_in_context(hits).collect()["severity"].to_list()
    ['low', 'low', 'medium', 'medium', 'low']
    """
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    seen = (pl.col("rule") == "first_seen") & (rank >= _RANK["low"])
    person = pl.col("principal_type").is_in(PERSON_TYPES).fill_null(False) | pl.col(
        "workload_kind"
    ).is_in(PERSON_WORKLOADS).fill_null(False)
    machine = pl.col("workload_kind").is_in(MACHINE_KINDS).fill_null(False)
    key = ["account_id", "access_key_id"]
    abroad = (
        hits.filter(_abroad_on_key(seen))
        .group_by(key)
        .agg(
            pl.col("event_time").min().alias("_abroad_at"),
            pl.col("evidence")
            .struct.field("observed")
            .sort_by("event_time")
            .first()
            .alias("_country"),
        )
    )
    write = (
        seen
        & (pl.col("signal") == "new_api")
        & ~pl.col("event_name").str.contains(READ_NAME).fill_null(True)
        & person
        & ~machine
    )
    joined = hits.join(abroad, on=key, how="left", maintain_order="left").with_columns(
        (write & (pl.col("event_time") >= pl.col("_abroad_at")).fill_null(False)).alias("_w")
    )
    runs = (
        joined.filter(pl.col("_w"))
        .group_by(key)
        .agg(pl.col("event_name").n_unique().alias("_writes"))
    )
    raised = pl.col("_w") & (pl.col("_writes") >= min_writes).fill_null(False)
    return (
        joined.join(runs, on=key, how="left", maintain_order="left")
        .with_columns(
            pl.when(raised & (rank < _RANK[severity]))
            .then(pl.lit(severity))
            .otherwise(pl.col("severity"))
            .alias("severity"),
            pl.when(raised)
            .then(
                pl.format(
                    "{}; one of {} writes nobody in the account ever made, in a session from "
                    "country {} new for the account (first at {}): a hijacked person changing "
                    "the account, not a trip's work",
                    pl.col("reason"),
                    pl.col("_writes"),
                    pl.col("_country"),
                    pl.col("_abroad_at").dt.strftime("%H:%MZ"),
                )
            )
            .otherwise(pl.col("reason"))
            .alias("reason"),
        )
        .drop("_abroad_at", "_country", "_w", "_writes")
    )


__all__ = ["MIN_WRITES", "writes_abroad_applies", "writes_abroad_in_context"]
