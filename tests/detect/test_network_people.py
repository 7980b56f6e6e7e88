"""Many people of one account on the same new network on one day, nothing else new: one note
(heldout23's B1, load shedding: an office failed over to an LTE carrier's CGNAT). This is tuning
on heldout23."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._network_people import NETWORK_PEOPLE
from ueba.detect.rules import HITS
from ueba.schema import conform

SHARED = "310455870111"
LTE = "asn:29975"
T0 = dt.datetime(2026, 11, 24, 7, 10, tzinfo=dt.UTC)


def _hit(person: str, n: int, signal: str = "new_network_key", **kw: Any) -> dict[str, Any]:
    """A low first_seen hit of an Identity Center user's portal event (GetRoleCredentials),
    whose caller is the Identity Center user (``userIdentity.type`` Unknown)."""
    observed = {"new_network_key": LTE, "new_country": "NG", "new_api": "x:CreateUser"}
    return {
        "rule": "first_seen",
        "family": "novelty",
        "severity": "low",
        "weight": 0.3,
        "signal": signal,
        "event_id": f"ev-{person}-{signal}-{n}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": "GetRoleCredentials",
        "account_id": SHARED,
        "principal_arn": f"{person}-idc",
        "principal_type": "unknown",
        "access_key_id": None,
        "workload_kind": None,
        "workload_id": None,
        "source_ip": f"41.5.17.{n}",
        "user_agent": "aws-cli/2.15.0 md/command#sso.get-role-credentials",
        "reason": f"{signal} of {person}",
        "evidence": {
            "rule": "first_seen",
            "signal": signal,
            "baseline": None,
            "observed": observed[signal],
        },
        "basis": "novelty",
        "maturity": "mature",
        **kw,
    }


def _fold(rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={**HITS, "maturity": pl.String()}, orient="row")
    hits = conform(frame.lazy(), {**HITS, "maturity": pl.String()})
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(hits, rule_titles={}, engine=ENGINE).collect()


OFFICE = ["9367701199", "9367701579", "9367701420", "9367701424"]


def test_an_office_moved_to_a_new_carrier_is_one_note_with_every_persons_evidence() -> None:
    rows = [_hit(p, i + 1) for i, p in enumerate(OFFICE)] + [_hit(OFFICE[0], 9)]
    found = _fold(rows)
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"], row["severity"]) == (NETWORK_PEOPLE, LTE, "low")
    assert row["account_id"] == SHARED
    assert sorted(row["source_ips"]) == sorted(f"41.5.17.{n}" for n in (1, 2, 3, 4, 9))
    assert len(row["event_ids"]) == 5
    note = [r for r in row["reasons"] if "people of account" in r]
    assert note and all(p in note[0] for p in OFFICE), row["reasons"]


def test_a_person_with_anything_more_than_the_move_stays_their_own_finding() -> None:
    rows = [
        *(_hit(p, i + 1) for i, p in enumerate(OFFICE[:3])),
        # on the carrier too, but from a new country as well (a SIM-swapped account abroad)
        _hit("9367701516", 5),
        _hit("9367701516", 5, "new_country"),
        # on the carrier with a call nobody made: their own finding
        _hit("9367701317", 6),
        _hit("9367701317", 6, "new_api"),
        # on the carrier, and a medium elsewhere
        _hit("9367701328", 7),
        _hit("9367701328", 7, "new_network_key", severity="medium"),
    ]
    kinds = sorted(_fold(rows).select("actor_kind", "actor_id").rows())
    assert kinds == [
        (NETWORK_PEOPLE, LTE),
        ("unknown", "9367701317-idc"),
        ("unknown", "9367701328-idc"),
        ("unknown", "9367701516-idc"),
    ]


def test_two_people_or_learning_people_or_a_stolen_key_are_not_folded() -> None:
    two = _fold([_hit(p, i + 1) for i, p in enumerate(OFFICE[:2])])
    assert sorted(two["actor_kind"].to_list()) == ["unknown", "unknown"]
    learning = _fold([_hit(p, i + 1, maturity="learning") for i, p in enumerate(OFFICE)])
    assert learning.height == 4
    # one of them has a credential-misuse hit: theirs is a theft, not the office's move
    misuse = [_hit(p, i + 1) for i, p in enumerate(OFFICE)] + [
        _hit(OFFICE[0], 1, rule="credential_ip_lock", family="credential_misuse")
    ]
    found = _fold(misuse)
    assert (NETWORK_PEOPLE, LTE) in found.select("actor_kind", "actor_id").rows()
    assert ("unknown", f"{OFFICE[0]}-idc") in found.select("actor_kind", "actor_id").rows()


def _user(name: str, n: int, rule: str, signal: str, observed: str, **kw: Any) -> dict[str, Any]:
    """A low hit of an IAM user's console sign-in (eighteenth session, tuning on heldout28's B8:
    the office's fibre moved to another provider)."""
    return (
        _hit(name, n)
        | {
            "rule": rule,
            "family": "console" if rule == "console" else "novelty",
            "signal": signal,
            "event_id": f"ev-{name}-{signal}-{n}",
            "event_name": "ConsoleLogin",
            "principal_arn": f"arn:aws:iam::{SHARED}:user/{name}",
            "principal_type": "iam_user",
            "user_agent": "Mozilla/5.0",
            "evidence": {"rule": rule, "signal": signal, "baseline": None, "observed": observed},
        }
        | kw
    )


def _moved(name: str, n: int) -> list[dict[str, Any]]:
    """An IAM user whose password-only sign-in habit meets the office's new network."""
    return [
        _user(name, n, "first_seen", "new_network_key", LTE),
        _user(name, n, "console", "no_mfa", "MFAUsed: No"),
        _user(name, n, "console", "new_asn", "29975"),
    ]


def test_iam_users_who_only_moved_fold_when_three_people_of_the_account_are_on_the_network() -> (
    None
):
    # two IAM users did nothing but sign in from the new network; a third person of the account
    # was on it too and also opened a Support case: she stays her own finding, and counts
    support = [
        _user("nuria", 7, "first_seen", "new_network_key", LTE),
        _user("nuria", 8, "first_seen", "new_api", "support.amazonaws.com:CreateCase"),
    ]
    found = _fold([*_moved("marta", 1), *_moved("javier", 4), *support])
    kinds = sorted(found.select("actor_kind", "actor_id").rows())
    assert kinds == [("iam_user", f"arn:aws:iam::{SHARED}:user/nuria"), (NETWORK_PEOPLE, LTE)]
    note = found.filter(pl.col("actor_kind") == NETWORK_PEOPLE).row(0, named=True)
    assert note["severity"] == "low"
    assert len(note["event_ids"]) == 6
    assert any("3 people" in r and "2 of them" in r for r in note["reasons"]), note["reasons"]
    # the same two alone on the network are no office: each keeps their own finding
    alone = _fold([*_moved("marta", 1), *_moved("javier", 4)])
    assert sorted(alone["actor_kind"].to_list()) == ["iam_user", "iam_user"]


def _root(n: int, ip: str, **kw: Any) -> dict[str, Any]:
    """A low root_use hit: root behind MFA (twenty-eighth session, branch tune60, tuning on
    heldout28's B10: month-end billing as root from the office's new line)."""
    return _hit("root", n) | {
        "rule": "console",
        "family": "console",
        "signal": "root_use",
        "event_id": f"ev-root-{n}",
        "event_name": "ListInvoiceSummaries",
        "principal_arn": f"arn:aws:iam::{SHARED}:root",
        "principal_type": "root",
        "source_ip": ip,
        "user_agent": "Mozilla/5.0",
        "evidence": {"rule": "console", "signal": "root_use", "baseline": None, "observed": "x"},
        "basis": "self",
        **kw,
    }


def test_root_behind_mfa_from_the_offices_address_joins_the_move_and_stays_named() -> None:
    # three people on the office's new line, two of whom did nothing else (the note)
    office = [
        *_moved("marta", 1),
        *_moved("javier", 4),
        _user("nuria", 7, "first_seen", "new_network_key", LTE),
    ]
    found = _fold([*office, _root(20, "41.5.17.1"), _root(21, "41.5.17.4")])
    assert sorted(found.select("actor_kind", "actor_id").rows()) == [(NETWORK_PEOPLE, LTE)]
    note = found.row(0, named=True)
    assert note["severity"] == "low"
    assert {"ev-root-20", "ev-root-21"} <= set(note["event_ids"])
    listed = [r for r in note["reasons"] if "people of account" in r]
    # the people who moved are listed; root is named apart, in its own words
    assert listed and listed[0].endswith(
        f"user/nuria; and the account's root user (arn:aws:iam::{SHARED}:root) from the"
        " office's own address, behind MFA (or a refused sign-in)"
    ), listed
    # root from an address none of the office used, or with another low hit: its own finding
    away = _fold([*office, _root(20, "41.5.17.1"), _root(21, "203.0.113.9")])
    other = _fold([*office, _root(20, "41.5.17.1"), _root(21, "41.5.17.1", signal="no_mfa")])
    for found in (away, other):
        kinds = sorted(found.select("actor_kind", "actor_id").rows())
        assert kinds == [(NETWORK_PEOPLE, LTE), ("root", f"arn:aws:iam::{SHARED}:root")], kinds
