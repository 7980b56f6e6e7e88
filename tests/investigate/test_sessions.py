"""Session summaries (seed 003's method): grouped by API call, with samples and denials."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.investigate import session_summary
from ueba.investigate.sessions import denied_target
from ueba.schema import EVENTS, conform

UTC = dt.UTC


def _row(summary: pl.DataFrame, name: str) -> dict[str, object]:
    return summary.filter(pl.col("event_name") == name).row(0, named=True)


def test_flaws2_level3_key_made_one_list_buckets_from_the_attacker(lake: Path) -> None:
    summary = session_summary(lake, "ASIAZQNB3KHGNXWXBSJS")
    assert summary.select("event_name", "total", "succeeded", "failed").rows() == [
        ("ListBuckets", 1, 1, 0)
    ]
    row = summary.row(0, named=True)
    assert row["source_ips"] == ["104.102.221.250"]
    assert row["sensitive"] is True
    assert row["first_seen"] == dt.datetime(2018, 11, 28, 23, 9, 28, tzinfo=UTC)


def test_access_denied_target_comes_from_the_error_message(lake: Path) -> None:
    summary = session_summary(lake, "AKIA5LEAKEDEXAMPLE01")
    denied = _row(summary, "ListRoles")
    assert (denied["failed"], denied["access_denied"]) == (1, 1)
    assert denied["access_denied_targets"] == ["arn:aws:iam::111111111111:role/"]


def test_flaws2_lambda_key_denied_log_streams_are_named(lake: Path) -> None:
    row = _row(session_summary(lake, "ASIAZQNB3KHGIGYQXVVG"), "CreateLogStream")
    assert row["failed"] == row["total"] == 5
    targets = row["access_denied_targets"]
    assert targets and all(t.startswith("arn:aws:logs:us-east-1:653711331788:") for t in targets)


def test_write_calls_keep_a_sample_of_request_parameters_reads_do_not(lake: Path) -> None:
    summary = session_summary(lake, "AKIA5LEAKEDEXAMPLE01")
    attach = _row(summary, "AttachUserPolicy")
    assert attach["read_only"] is False and attach["sensitive"] is False
    params = json.loads(str(attach["sample_request_parameters"]))
    assert params["policyArn"] == "arn:aws:iam::aws:policy/AdministratorAccess"
    assert _row(summary, "CreateUser")["total"] == 2
    assert _row(summary, "ListUsers")["sample_request_parameters"] is None


def test_describe_calls_keep_their_filter_sets(lake: Path) -> None:
    row = _row(session_summary(lake, "AKIA5LEAKEDEXAMPLE01"), "DescribeInstances")
    (filters,) = row["filter_sets"]  # type: ignore[misc]
    assert json.loads(filters)[0]["name"] == "instance-state-name"


def test_sensitive_read_only_calls_are_marked(lake: Path) -> None:
    summary = session_summary(lake, "AKIA5NWOLFACTIVEKEY1")
    sensitive = set(summary.filter(pl.col("sensitive")).get_column("event_name"))
    assert {"ListBuckets", "ListSecrets", "ListUsers", "GetCallerIdentity"} <= sensitive
    assert "DeleteUser" not in sensitive


def test_console_sibling_keys_of_one_sign_in_are_one_session() -> None:
    created = dt.datetime(2024, 7, 1, 9, tzinfo=UTC)
    user = "arn:aws:iam::1:user/pedro"
    frame = conform(
        pl.LazyFrame(
            {
                "event_time": [created + dt.timedelta(minutes=m) for m in (1, 2, 3)],
                "event_id": ["a", "b", "c"],
                "event_source": ["ec2.amazonaws.com"] * 3,
                "event_name": ["DescribeInstances", "DescribeVolumes", "DescribeVpcs"],
                "access_key_id": [
                    "ASIAUSEAST1000000001",
                    "ASIAEUWEST1000000001",
                    "ASIAOTHER00000000001",
                ],
                "identity_arn": [user] * 3,
                "session_creation_date": [created, created, created + dt.timedelta(hours=3)],
                "session_credential_from_console": [True, True, True],
            }
        ),
        EVENTS,
    )
    together = session_summary(frame, "ASIAUSEAST1000000001")
    assert sorted(together.get_column("event_name")) == ["DescribeInstances", "DescribeVolumes"]
    alone = session_summary(frame, "ASIAUSEAST1000000001", console_siblings=False)
    assert alone.get_column("event_name").to_list() == ["DescribeInstances"]


@pytest.mark.parametrize(
    ("code", "message", "target"),
    [
        (
            "AccessDenied",
            "User: arn:aws:iam::1:user/x is not authorized to perform: iam:ListRoles on "
            "resource: arn:aws:iam::1:role/ because no identity-based policy allows it",
            "arn:aws:iam::1:role/",
        ),
        (
            "AccessDeniedException",
            "User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: "
            "secretsmanager:GetSecretValue on resource: prod/db",
            "prod/db",
        ),
        (
            "Client.UnauthorizedOperation",
            "You are not authorized to perform this operation. User: arn:aws:iam::1:user/x is "
            "not authorized to perform: ec2:DescribeInstances with an explicit deny",
            "ec2:DescribeInstances",
        ),
        ("NoSuchKey", "The specified key does not exist.", None),
    ],
)
def test_denied_target_reads_the_error_message(code: str, message: str, target: str | None) -> None:
    frame = pl.DataFrame({"error_code": [code], "error_message": [message]})
    assert frame.select(denied_target()).item() == target


_RESOURCE = st.from_regex(
    r"arn:aws:[a-z0-9-]{2,12}:[a-z0-9-]{0,12}:[0-9]{12}:[A-Za-z0-9_/.:+=@-]{1,40}", fullmatch=True
)
_ACTION = st.from_regex(r"[a-z0-9-]{2,16}:[A-Za-z]{3,30}", fullmatch=True)


@settings(max_examples=50, deadline=None)
@given(
    resource=_RESOURCE,
    action=_ACTION,
    tail=st.sampled_from(
        ["", " because no identity-based policy allows it", " with an explicit deny"]
    ),
)
def test_denied_target_finds_any_resource_arn(resource: str, action: str, tail: str) -> None:
    message = f"User: arn:aws:iam::123456789012:user/x is not authorized to perform: {action} on resource: {resource}{tail}"
    frame = pl.DataFrame({"error_code": ["AccessDenied"], "error_message": [message]})
    assert frame.select(denied_target()).item() == resource


def test_several_keys_make_one_session(lake: Path) -> None:
    summary = session_summary(lake, ["AKIA5LEAKEDEXAMPLE01", "AKIA5NWOLFACTIVEKEY1"])
    list_users = _row(summary, "ListUsers")
    assert list_users["total"] == 2
    assert sorted(list_users["access_keys"]) == ["AKIA5LEAKEDEXAMPLE01", "AKIA5NWOLFACTIVEKEY1"]  # type: ignore[arg-type]
