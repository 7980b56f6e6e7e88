"""The features the rules share: the day-level forms give what the per-row definitions give."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect.features import add_features, workload_kind_expr
from ueba.schema import ENRICHED, conform

_AGENTS = [
    "aws-sdk-go/1.44 exec-env/AWS_Lambda_go1.x",
    "awslambda-worker/1.0 rusoto",
    "Boto3/1.28 md/exec-env#AWS_ECS_FARGATE",
    "aws-cli/2.15",
    None,
]
_ENVS = ["AWS_Lambda_python3.12", "AWS_ECS_EC2", "AWS_ECS_FARGATE", "ec2", None]
_KEYS = ["ASIAONE", "ASIATWO", "AKIAUSER", None]
_ROW = st.fixed_dictionaries(
    {
        "event_id": st.uuids().map(str),
        "access_key_id": st.sampled_from(_KEYS),
        "principal_type": st.sampled_from(["role", "iam_user", None]),
        "workload_kind": st.sampled_from([None, None, "ec2", "ci"]),
        "user_agent": st.sampled_from(_AGENTS),
        "ua_exec_env": st.sampled_from(_ENVS),
    }
)


def _day(rows: list[dict[str, object]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    return conform(frame.lazy(), ENRICHED).collect(engine="in-memory")


@settings(max_examples=60, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=25))
def test_workload_kind_on_the_days_keys_equals_the_per_row_window(
    rows: list[dict[str, object]],
) -> None:
    day = _day(rows)
    expected = day.select(workload_kind_expr().alias("workload_kind"))["workload_kind"]
    eager = add_features(day)["workload_kind"]
    lazy = add_features(day.lazy()).collect(engine="in-memory")["workload_kind"]
    assert eager.to_list() == expected.to_list()
    assert lazy.to_list() == expected.to_list()


def test_a_keys_first_inferred_row_in_the_days_order_decides_its_kind() -> None:
    rows = [
        {
            "event_id": "1",
            "access_key_id": "ASIAONE",
            "principal_type": "role",
            "workload_kind": None,
            "user_agent": "aws-cli/2.15",
            "ua_exec_env": None,
        },
        {
            "event_id": "2",
            "access_key_id": "ASIAONE",
            "principal_type": "role",
            "workload_kind": None,
            "user_agent": "awslambda-worker/1.0",
            "ua_exec_env": None,
        },
        {
            "event_id": "3",
            "access_key_id": "ASIAONE",
            "principal_type": "role",
            "workload_kind": None,
            "user_agent": "x",
            "ua_exec_env": "AWS_ECS_EC2",
        },
    ]
    kinds = add_features(_day(rows))["workload_kind"].to_list()
    assert kinds == ["lambda", "lambda", "lambda"]
