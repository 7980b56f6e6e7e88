"""volume_spike on a fleet role (issue 8 items 2 and 5): more instances make more calls. An hour
far above the role's busiest that is spread over many of its instances, each at an instance's
usual pace, is a scale-out (info); one caller's burst stays low."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import VolumeSpike

NODES = "arn:aws:iam::653711331788:role/nodes"
# the role's hours over three nodes: about 40 calls, 79 at its busiest; each node at most 15
HISTORY = [("principal", NODES, n, 0, 0) for n in (35, 40, 45, 79)] + [
    ("workload", f"ec2:i-old{k}", n, 0, 0) for k in range(3) for n in (12, 15)
]


def _node_calls(fx: Any, instance: str, n: int, start: int = 0) -> list[dict[str, Any]]:
    r = {**fx.role("nodes", instance, f"ASIA{instance.upper():0<16}"[:20], "ec2", instance)}
    return [
        {**r, **fx.AWS_IP, **fx.BOTO, "event_time": fx.T0 + dt.timedelta(seconds=start + 7 * i)}
        for i in range(n)
    ]


def _spike(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return VolumeSpike(max_events=3).evaluate(fx.build(rows), fx.view([], volume=HISTORY)).collect()


def test_a_role_whose_instances_tripled_at_their_usual_pace_is_a_scale_out(fx: Any) -> None:
    # the three known nodes and 17 new ones, 12 calls each: 240 calls in the hour
    nodes = [f"i-old{k}" for k in range(3)] + [f"i-new{k:02d}" for k in range(17)]
    rows = [row for i, node in enumerate(nodes) for row in _node_calls(fx, node, 12, start=i)]
    hits = _spike(fx, rows)
    assert set(hits["severity"]) == {"info"}
    assert "spread over 20 of its instances/tasks, at most 12 calls each" in hits["reason"][0]


def test_one_instance_making_the_burst_stays_low(fx: Any) -> None:
    rows = _node_calls(fx, "i-old0", 230) + _node_calls(fx, "i-old1", 10, start=1)
    hits = _spike(fx, rows)
    assert set(hits["severity"]) == {"low"}
    assert "scale-out" not in hits["reason"][0]


def test_instances_each_far_busier_than_an_instance_ever_was_stay_low(fx: Any) -> None:
    # four nodes at 60 calls each: the spread is there, the pace is not an instance's
    rows = [row for k in range(4) for row in _node_calls(fx, f"i-old{k % 3}{k}", 60, start=k)]
    assert set(_spike(fx, rows)["severity"]) == {"low"}


def test_a_person_is_no_fleet(fx: Any) -> None:
    user = "arn:aws:iam::653711331788:user/pedro"
    history = [("principal", user, n, 0, 0) for n in (35, 40, 45, 79)]
    rows = [
        {
            "principal_arn": user,
            "principal_type": "iam_user",
            "identity_type": "IAMUser",
            "access_key_id": "AKIAPEDRO",
            "credential_kind": "long_term_key",
            **fx.ATTACKER_IP,
            **fx.MAC_CLI,
            "event_time": fx.T0 + dt.timedelta(seconds=i),
        }
        for i in range(240)
    ]
    hits = VolumeSpike(max_events=3).evaluate(fx.build(rows), fx.view([], volume=history))
    assert set(hits.collect()["severity"]) == {"low"}


def test_a_fleet_surge_at_up_to_twice_an_instances_pace_is_a_scale_out(fx: Any) -> None:
    # a flash sale: twenty tasks each at 24 calls (1.6 times an instance's busiest hour, 15),
    # evenly: each task busier before target tracking adds more
    nodes = [f"i-old{k}" for k in range(3)] + [f"i-new{k:02d}" for k in range(17)]
    rows = [row for i, node in enumerate(nodes) for row in _node_calls(fx, node, 24, start=i)]
    hits = _spike(fx, rows)
    assert set(hits["severity"]) == {"info"}
    assert (
        "at most 24 calls each (an instance's busiest hour: 15): a scale-out" in hits["reason"][0]
    )


def test_a_fleet_at_three_times_an_instances_pace_stays_low(fx: Any) -> None:
    # every task of the service at 45 calls, three times any instance's busiest hour: not load
    nodes = [f"i-old{k}" for k in range(3)] + [f"i-new{k:02d}" for k in range(17)]
    rows = [row for i, node in enumerate(nodes) for row in _node_calls(fx, node, 45, start=i)]
    assert set(_spike(fx, rows)["severity"]) == {"low"}
