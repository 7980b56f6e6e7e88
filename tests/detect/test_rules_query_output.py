"""outside_account_grant's ``query_output_outside`` (issue 8; twentieth session, tuning on
heldout36's A3): an Athena query whose results go to a bucket no other call of the day names,
by a person's session from a rented network (a VPN exit, a hosting provider) it never used, is
medium on each such query. The organisation's results bucket named by another analyst, by a
workgroup or created in the trail, the person's usual network, a new network that is not
rented, a person with no history, a learning account or a refused query is no hit."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant
from ueba.detect.rules._query_output import output_bucket

OWN = "653711331788"  # the fixtures' account
ANALYST = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_DataAnalyst_0a1b/oskar"
PEER = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_DataAnalyst_0a1b/lena"
HOME = {"source_kind": "public", "network_key": "asn:3301", "as_org": "Telia Company AB"}
VPN = {"source_kind": "public", "network_key": "asn:39351", "as_org": "31173 Services AB"}
HOTEL = {"source_kind": "public", "network_key": "asn:2119", "as_org": "Telenor Norge AS"}
OURS = "s3://acme-athena-results/analysts/"
THEIRS = "s3://archive-eu-2291/out/"


def _query(who: str, where: dict[str, Any], output: str, **extra: Any) -> dict[str, Any]:
    request = {"queryString": "SELECT * FROM lake.drivers", "workGroup": "analysts"}
    return {
        "principal_arn": who,
        "event_source": "athena.amazonaws.com",
        "event_name": "StartQueryExecution",
        "read_only": False,
        "request_parameters": json.dumps(
            {**request, "resultConfiguration": {"outputLocation": output}}
        ),
        **where,
        **extra,
    }


def _call(who: str, api: str, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "principal_arn": who,
        "event_source": "s3.amazonaws.com",
        "event_name": api,
        "read_only": False,
        "request_parameters": json.dumps(request),
        **HOME,
    }


def _base(fx: Any, mature: bool = True, history: bool = True) -> Any:
    rows = [("principal", ANALYST, "network_key", HOME["network_key"])]
    return fx.view(
        rows, mature=[ANALYST] if history else [], mature_accounts=[OWN] if mature else []
    )


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "query_output_outside").sort("event_id")


def test_results_to_a_bucket_nobody_names_from_a_rented_network_are_medium(fx: Any) -> None:
    rows = [_query(PEER, HOME, OURS), _query(ANALYST, VPN, THEIRS), _query(ANALYST, VPN, THEIRS)]
    hits = _hits(fx, rows, _base(fx))
    assert hits["event_id"].to_list() == ["ev-0001", "ev-0002"]
    assert hits["severity"].to_list() == ["medium", "medium"]
    assert set(hits["basis"].to_list()) == {"novelty"}
    reason = hits["reason"][0]
    assert "to bucket archive-eu-2291" in reason and "31173 Services AB" in reason


def test_the_organisations_results_bucket_is_not_a_hit(fx: Any) -> None:
    # another analyst names the same bucket today
    assert _hits(
        fx, [_query(PEER, HOME, THEIRS), _query(ANALYST, VPN, THEIRS)], _base(fx)
    ).is_empty()
    # a new results bucket created in the trail that day, by the analyst himself
    created = [_call(ANALYST, "CreateBucket", {"bucketName": "archive-eu-2291"})]
    assert _hits(fx, [*created, _query(ANALYST, VPN, THEIRS)], _base(fx)).is_empty()
    # the workgroup's configuration names it (an s3:// URI in another call's request)
    workgroup = {
        "principal_arn": PEER,
        "event_source": "athena.amazonaws.com",
        "event_name": "UpdateWorkGroup",
        "request_parameters": json.dumps(
            {"configurationUpdates": {"resultConfigurationUpdates": {"outputLocation": THEIRS}}}
        ),
        **HOME,
    }
    assert _hits(fx, [workgroup, _query(ANALYST, VPN, THEIRS)], _base(fx)).is_empty()


def test_a_known_or_unrented_network_history_or_maturity_is_needed(fx: Any) -> None:
    assert _hits(fx, [_query(ANALYST, HOME, THEIRS)], _base(fx)).is_empty()
    # a new network that is not rented: a hotel's or a phone's
    assert _hits(fx, [_query(ANALYST, HOTEL, THEIRS)], _base(fx)).is_empty()
    # a VPN exit the person always uses
    used = fx.view(
        [("principal", ANALYST, "network_key", VPN["network_key"])],
        mature=[ANALYST],
        mature_accounts=[OWN],
    )
    assert _hits(fx, [_query(ANALYST, VPN, THEIRS)], used).is_empty()
    assert _hits(fx, [_query(ANALYST, VPN, THEIRS)], _base(fx, history=False)).is_empty()
    assert _hits(fx, [_query(ANALYST, VPN, THEIRS)], _base(fx, mature=False)).is_empty()
    refused = _query(ANALYST, VPN, THEIRS, error_code="AccessDenied")
    assert _hits(fx, [refused], _base(fx)).is_empty()


def test_the_output_bucket_is_read_from_the_result_configuration() -> None:
    frame = pl.DataFrame(
        {
            "r": [
                json.dumps({"resultConfiguration": {"outputLocation": THEIRS}}),
                json.dumps({"resultConfiguration": {"outputLocation": "s3://b.c-1"}}),
                json.dumps({"workGroup": "primary"}),
                None,
            ]
        }
    )
    got = frame.select(output_bucket(pl.col("r")))["r"].to_list()
    assert got == ["archive-eu-2291", "b.c-1", None, None]


def test_a_bucket_the_account_read_or_wrote_in_the_window_is_its_own(fx: Any) -> None:
    # a lone weekend query from a VPN into the usual results bucket, which nobody names today
    # but the account's people read from in the window: the organisation's, no hit; a bucket
    # another account's people used says nothing about this one
    for dimension in ("s3_read", "s3_write"):
        rows = [
            ("principal", ANALYST, "network_key", HOME["network_key"]),
            ("account", OWN, dimension, "archive-eu-2291"),
        ]
        base = fx.view(rows, mature=[ANALYST], mature_accounts=[OWN])
        assert _hits(fx, [_query(ANALYST, VPN, THEIRS)], base).is_empty(), dimension
    rows = [
        ("principal", ANALYST, "network_key", HOME["network_key"]),
        ("account", "111122223333", "s3_write", "archive-eu-2291"),
    ]
    base = fx.view(rows, mature=[ANALYST], mature_accounts=[OWN, "111122223333"])
    assert _hits(fx, [_query(ANALYST, VPN, THEIRS)], base)["severity"].to_list() == ["medium"]
