"""One operator's same change in the role it assumes in many accounts: one change note
(heldout26's B3, an MSP's runbook dispatcher upgraded: new SDK, three new reads in every
customer's ``SkelligAutomation`` at once). This is tuning on heldout26."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._operator_fleet import OPERATOR_FLEET, operator_sessions
from ueba.detect.rules import HITS
from ueba.schema import conform

MSP = "527381946032"
DISPATCHER = f"arn:aws:iam::{MSP}:role/runbook-dispatcher"
CUSTOMERS = ["471803888744", "352185840632", "626936435154", "160413725513", "682285103732"]
NOTE_ID = f"{DISPATCHER} as role/SkelligAutomation"
T0 = dt.datetime(2026, 12, 4, 10, 2, tzinfo=dt.UTC)
NEW_READS = ("inspector2:ListFindings", "securityhub:GetFindings", "ssm:GetInventory")


def _key(account: str) -> str:
    return f"ASIA{account}RB"


def _hit(account: str, n: int, *, signal: str = "new_api", minutes: int = 0, **kw: Any) -> dict:
    """A first_seen hit of the customer's SkelligAutomation session (its own actor: a role)."""
    observed = NEW_READS[n % 3] if signal == "new_api" else "asn:16509"
    return {
        "rule": "first_seen",
        "family": "novelty",
        "severity": "medium",
        "weight": 0.5,
        "signal": signal,
        "event_id": f"ev-{account}-{signal}-{n}",
        "event_time": T0 + dt.timedelta(minutes=minutes, seconds=n),
        "event_name": observed.split(":")[-1],
        "account_id": account,
        "principal_arn": f"arn:aws:iam::{account}:role/SkelligAutomation",
        "principal_type": "role",
        "access_key_id": _key(account),
        "workload_kind": None,
        "workload_id": None,
        "source_ip": "63.35.224.192",
        "user_agent": "Boto3/1.35.36 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12",
        "reason": f"{signal} {observed} in {account}",
        "evidence": {
            "rule": "first_seen",
            "signal": signal,
            "baseline": None,
            "observed": observed,
        },
        "basis": "novelty",
        "maturity": "mature",
        **kw,
    }


def _release(account: str, minutes: int = 0) -> list[dict[str, Any]]:
    return [_hit(account, n, minutes=minutes) for n in range(3)]


def _operators(accounts: list[str], writes: dict[str, list[str]] | None = None) -> pl.LazyFrame:
    writes = writes or {}
    return pl.LazyFrame(
        {
            "access_key_id": [_key(a) for a in accounts],
            "_op_source": [DISPATCHER] * len(accounts),
            "_op_role": ["SkelligAutomation"] * len(accounts),
            "_op_account": accounts,
            "_op_day": [T0.date()] * len(accounts),
            "_op_writes": [writes.get(a, []) for a in accounts],
        },
        schema_overrides={"_op_writes": pl.List(pl.String)},
    )


def _fold(
    rows: list[dict[str, Any]], operators: pl.LazyFrame | None, engine: Any = ENGINE
) -> pl.DataFrame:
    """The fold as the Scorer runs it (with its engine: the hits collected between the folds);
    ``engine=None`` gives the one lazy plan (cache nodes), ~10x the CPU on a few hits."""
    schema = {**HITS, "maturity": pl.String()}
    hits = conform(pl.DataFrame(rows, schema=schema, orient="row").lazy(), schema)
    return fold(hits, rule_titles={}, operators=operators, engine=engine).collect()


def _actors(found: pl.DataFrame) -> list[tuple[str, str]]:
    return sorted(found.select("actor_kind", "actor_id").rows())


def test_one_operators_release_in_every_customer_is_one_low_note_with_all_evidence() -> None:
    rows = [r for i, a in enumerate(CUSTOMERS[:4]) for r in _release(a, minutes=i * 10)]
    found = _fold(rows, _operators(CUSTOMERS))
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"], row["severity"]) == (OPERATOR_FLEET, NOTE_ID, "low")
    assert row["account_id"] == MSP and row["cause"] == "change"
    assert sorted(row["access_key_ids"]) == sorted(_key(a) for a in CUSTOMERS[:4])
    assert len(row["event_ids"]) == 12
    note = [r for r in row["reasons"] if "changed the same way" in r]
    assert note and "4 of the 5 accounts" in note[0]
    assert all(a in note[0] for a in CUSTOMERS[:4])
    # the one lazy plan (no engine) folds the release the same
    assert found.equals(_fold(rows, _operators(CUSTOMERS), engine=None))
    # without the operators' sessions every customer is its own medium finding
    alone = _fold(rows, None)
    assert alone.height == 4 and set(alone["severity"]) == {"medium"}


def test_a_customer_with_a_new_network_a_write_or_a_late_start_stays_its_own() -> None:
    rows = [
        *_release(CUSTOMERS[0]),
        *_release(CUSTOMERS[1]),
        *_release(CUSTOMERS[2]),
        # the same reads, from a network the role never used: its own finding
        *_release(CUSTOMERS[3]),
        _hit(CUSTOMERS[3], 7, signal="new_network_key"),
        # the same calls, but one of them a write this session made: its own finding
        *_release(CUSTOMERS[4]),
    ]
    writes = {CUSTOMERS[4]: ["GetInventory"]}
    found = _fold(rows, _operators(CUSTOMERS, writes))
    role = "arn:aws:iam::{}:role/SkelligAutomation"
    assert _actors(found) == sorted(
        [
            (OPERATOR_FLEET, NOTE_ID),
            ("role", role.format(CUSTOMERS[3])),
            ("role", role.format(CUSTOMERS[4])),
        ]
    )
    note = found.filter(pl.col("actor_kind") == OPERATOR_FLEET).row(0, named=True)
    assert note["severity"] == "low" and len(note["access_key_ids"]) == 3
    # three customers, the fourth two hours later (not the release's hour): it stays its own
    late = [*(r for a in CUSTOMERS[:3] for r in _release(a)), *_release(CUSTOMERS[3], 120)]
    assert ("role", role.format(CUSTOMERS[3])) in _actors(_fold(late, _operators(CUSTOMERS)))


def test_one_or_two_customers_or_a_minority_of_the_reached_accounts_are_not_folded() -> None:
    two = _fold([r for a in CUSTOMERS[:2] for r in _release(a)], _operators(CUSTOMERS))
    assert two.height == 2 and OPERATOR_FLEET not in set(two["actor_kind"])
    # three customers alike among eight reached: not most of the operator's accounts
    reached = [*CUSTOMERS, "111111111111", "222222222222", "333333333333"]
    minority = _fold([r for a in CUSTOMERS[:3] for r in _release(a)], _operators(reached))
    assert minority.height == 3 and OPERATOR_FLEET not in set(minority["actor_kind"])
    # a credential-misuse hit in one customer: that customer is a theft, not the release
    misuse = [r for a in CUSTOMERS[:4] for r in _release(a)] + [
        _hit(CUSTOMERS[0], 9, rule="credential_ip_lock", family="credential_misuse")
    ]
    found = _fold(misuse, _operators(CUSTOMERS))
    assert (OPERATOR_FLEET, NOTE_ID) in _actors(found)
    stolen = found.filter(pl.col("account_id") == CUSTOMERS[0])
    assert stolen.height == 1 and stolen["cause"][0] == "credential_misuse"


def test_operator_sessions_names_the_source_of_cross_account_sessions_only() -> None:
    events = pl.LazyFrame(
        {
            "access_key_id": ["ASIAOPS", "ASIAC1", "ASIALOCAL"],
            "parent_access_key_id": [None, "ASIAOPS", "ASIAOPS"],
            "principal_type": ["role"] * 3,
            "principal_arn": [
                DISPATCHER,
                f"arn:aws:iam::{CUSTOMERS[0]}:role/path/SkelligAutomation",
                f"arn:aws:iam::{MSP}:role/local-helper",
            ],
            "event_name": ["AssumeRole", "DescribeInstances", "ListFunctions"],
            "read_only": [False, True, True],
            "event_time": [T0, T0, T0],
            "event_id": ["e1", "e2", "e3"],
        }
    )
    rows = operator_sessions(events).collect()
    assert rows.select("access_key_id", "_op_source", "_op_role", "_op_account").rows() == [
        ("ASIAC1", DISPATCHER, "SkelligAutomation", CUSTOMERS[0])
    ]
    assert rows["_op_writes"].to_list() == [[]]
