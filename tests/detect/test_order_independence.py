"""Findings do not depend on the order of the day's rows, nor on how the engine orders a step.

A held-out day (heldout3 seed 1, 2025-10-28) gave one finding a score of 0.7773 in one run and
0.8108 in the next, with the same input: ``explain_moves`` numbered its moves with a row index
over a frame whose row order was not fixed (a ``unique``), and the plan evaluated that numbering
once per branch, so one move's explanation (StartInstances) sometimes landed on the other move.
This crafted day has the same shape: an instance key replayed from another region's EC2 range,
the instance restarted, then the key back on a new address in its own region (explained by the
restart), beside a second instance that moved too. Every permutation of its rows must give the
same findings, byte for byte, and the hits of every rule the same rows.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ueba.detect.scorer import Scorer

KEY_A, KEY_B = "ASIAINSTANCEAAAAAAAA", "ASIAINSTANCEBBBBBBBB"
EIP = {
    "source_ip_address": "3.225.16.109",
    "source_kind": "aws",
    "network_key": "3.224.0.0/12",
    "aws_service": "EC2",
    "ip_aws_region": "us-east-1",
}
OTHER_REGION = {
    **EIP,
    "source_ip_address": "18.236.253.47",
    "network_key": "18.236.0.0/15",
    "ip_aws_region": "us-west-2",
}
MINTED = {
    "event_source": "sts.amazonaws.com",
    "event_name": "AssumeRole",
    "source_ip_address": "ec2.amazonaws.com",
    "source_kind": "aws_service",
    "identity_type": "AWSService",
    "principal_type": "aws_service",
    "invoked_by": "ec2.amazonaws.com",
    "aws_region": "us-east-1",
    "access_key_id": None,
    "credential_kind": None,
}


def _day(fx: Any) -> pl.DataFrame:
    def inst(key: str, instance: str, **extra: Any) -> dict[str, Any]:
        return {
            **fx.role("app", instance, key, "ec2", instance),
            **fx.AWS_IP,
            **fx.BOTO,
            "key_issuer_event_id": "ev-0000",
            **extra,
        }

    rows = [
        MINTED,
        inst(KEY_B, "i-0bbb"),
        inst(KEY_A, "i-0aaa", **OTHER_REGION, event_name="GetCallerIdentity"),
        inst(KEY_A, "i-0aaa", **OTHER_REGION, event_name="DescribeInstances"),
        inst(
            KEY_A,
            "i-0aaa",
            **OTHER_REGION,
            event_source="ec2.amazonaws.com",
            event_name="StartInstances",
            request_parameters='{"instancesSet":{"items":[{"instanceId":"i-0ccc"}]}}',
        ),
        inst(KEY_A, "i-0aaa", **EIP),
        inst(KEY_A, "i-0aaa", **EIP, event_name="DescribeInstances"),
        inst(KEY_B, "i-0bbb", **{**EIP, "source_ip_address": "3.225.16.110"}),
        inst(KEY_A, "i-0aaa", **EIP, event_name="GetObject"),
    ]
    return fx.build(rows).collect()


def _findings(day: pl.DataFrame) -> pl.DataFrame:
    return Scorer(None).score(day)


def _hits(day: pl.DataFrame) -> pl.DataFrame:
    hits = Scorer(None).hits(day)
    return hits.sort(hits.columns, nulls_last=True)


@pytest.fixture(scope="module")
def references(fx: Any) -> dict[str, pl.DataFrame]:
    """The crafted day in its own row order, its findings and its hits: scored once for the
    module, read by the first test and compared with every permutation by the second."""
    day = _day(fx)
    return {"day": day, "findings": _findings(day), "hits": _hits(day)}


def test_the_crafted_day_exercises_the_explanation(references: dict[str, pl.DataFrame]) -> None:
    findings = references["findings"]
    reasons = [r for rs in findings["reasons"].to_list() for r in rs]
    # the move back to the instance's own region is explained by the restart; the replay from
    # another region's range is not (it is what the finding is about)
    assert any("explained by StartInstances (event ev-0004)" in r for r in reasons)
    assert any("another region's EC2 range is another host" in r for r in reasons)
    assert findings["severity"].to_list()[0] == "medium"


# every example draws a new permutation of the same day; the module fixture is read only
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.permutations(range(9)))
def test_findings_are_identical_for_every_row_order(
    references: dict[str, pl.DataFrame], order: list[int]
) -> None:
    # each example is a scoring of its own in this process, compared with the reference's: the
    # engine ordering a step differently from one run to the next shows as it would in a second
    # scoring of the same permutation, and every example also gives it another row order
    shuffled = references["day"][list(order)]
    assert_frame_equal(_findings(shuffled), references["findings"])
    assert_frame_equal(_hits(shuffled), references["hits"])
