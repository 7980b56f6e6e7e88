"""summarize / merge_summaries: dimension values, scopes, volume, and mergeability."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.baseline import DIMENSIONS, SCOPES, Summaries, merge_summaries, summarize
from ueba.baseline.summaries import summarize_volume
from ueba.exceptions import InputError
from ueba.schema import ENRICHED, EVENTS, SUMMARY, VOLUME, conform

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"


def values(summary: Summaries, scope: str, dimension: str) -> list[str]:
    return (
        summary.summary.filter((pl.col("scope") == scope) & (pl.col("dimension") == dimension))
        .select("value")
        .collect()
        .to_series()
        .sort()
        .to_list()
    )


def test_dimension_and_scope_names_are_the_documented_ones():
    assert SCOPES == ("principal", "credential", "workload", "account")
    assert set(DIMENSIONS) == {
        "network_key", "asn", "prefix24", "aws_prefix", "source_kind", "country", "ua_os_family",
        "ua_family", "ua_fingerprint", "api", "region", "hour_of_week", "error_code", "source_ip",
        "console_mfa", "workload", "s3_read", "s3_write", "s3_person_write",
    }  # fmt: skip


def test_the_workload_a_principal_ran_as_is_learnt_for_the_principal_only(make_event, make_frame):
    # the workload -> role map: which instances and tasks ran as the role (and none for a person)
    t = dt.datetime(2024, 7, 1, 9)
    rows = [
        make_event(t, workload=("ecs", "task-1")),
        make_event(t, workload=("ecs", "task-2")),
        make_event(t, workload=None, principal=f"arn:aws:iam::{ACCOUNT}:user/bob"),
    ]
    summary = summarize(make_frame(rows))
    assert values(summary, "principal", "workload") == ["ecs:task-1", "ecs:task-2"]
    for scope in ("credential", "workload", "account"):
        assert values(summary, scope, "workload") == [], scope


def test_summary_and_volume_have_exactly_the_schema(make_event, make_frame):
    result = summarize(make_frame([make_event(dt.datetime(2024, 7, 1, 9))])).collect()
    assert dict(result.summary.collect_schema()) == dict(SUMMARY)
    assert dict(result.volume.collect_schema()) == dict(VOLUME)


def test_api_is_event_source_colon_event_name(make_event, make_frame):
    rows = [make_event(dt.datetime(2024, 7, 1, 9), api="s3.amazonaws.com:ListBuckets")]
    assert values(summarize(make_frame(rows)), "principal", "api") == [
        "s3.amazonaws.com:ListBuckets"
    ]


def test_hour_of_week_counts_from_monday_midnight_utc(make_event, make_frame):
    # 2024-07-01 is a Monday; 2024-07-07 a Sunday.
    rows = [
        make_event(dt.datetime(2024, 7, 1, 0)),
        make_event(dt.datetime(2024, 7, 2, 5)),
        make_event(dt.datetime(2024, 7, 7, 23)),
    ]
    assert values(summarize(make_frame(rows)), "principal", "hour_of_week") == ["0", "167", "29"]


def test_prefix24_is_the_slash24_or_slash48_of_public_ips_only(make_event, make_frame):
    t = dt.datetime(2024, 7, 1, 9)
    rows = [
        make_event(t, source_ip_address="104.102.221.250", source_kind="public"),
        make_event(t, source_ip_address="2001:db8:1:2::7", source_kind="public"),
        make_event(t, source_ip_address="52.95.255.121", source_kind="aws"),
        make_event(t, source_ip_address="035.1.2.3", source_kind="public"),  # unparsable: skipped
    ]
    assert values(summarize(make_frame(rows)), "principal", "prefix24") == [
        "104.102.221.0/24",
        "2001:db8:1::/48",
    ]


def test_asn_is_text_and_nulls_are_not_values(make_event, make_frame):
    t = dt.datetime(2024, 7, 1, 9)
    rows = [make_event(t, asn=20940, country=None), make_event(t, asn=None, country="US")]
    result = summarize(make_frame(rows))
    assert values(result, "principal", "asn") == ["20940"]
    assert values(result, "principal", "country") == ["US"]
    assert values(result, "principal", "error_code") == []


def test_each_scope_is_keyed_by_its_entity(make_event, make_frame):
    rows = [make_event(dt.datetime(2024, 7, 1, 9), workload=("lambda", "level1"))]
    summary = summarize(make_frame(rows)).summary.collect()
    entities = dict(summary.select("scope", "entity").unique().iter_rows())
    assert entities == {
        "principal": ROLE,
        "credential": "ASIAAPP0000000000001",
        "workload": "lambda:level1",
        "account": ACCOUNT,
    }


def test_anonymous_callers_do_not_enter_the_account_profile(make_event, make_frame):
    t = dt.datetime(2024, 7, 1, 9)
    rows = [
        make_event(t),
        make_event(t, principal=None, key=None, workload=None, principal_type="anonymous",
                   network_key="AS20940"),
    ]  # fmt: skip
    assert values(summarize(make_frame(rows)), "account", "network_key") == ["52.95.255.0/24"]


def test_volume_counts_events_errors_and_access_denied_per_hour(make_event, make_frame):
    t = dt.datetime(2024, 7, 1, 9)
    rows = [
        make_event(t.replace(minute=1)),
        make_event(t.replace(minute=2), error_code="AccessDenied"),
        make_event(t.replace(minute=3), error_code="Client.UnauthorizedOperation"),
        make_event(t.replace(minute=4), error_code="NoSuchKey"),
        make_event(t.replace(hour=10)),
    ]
    volume = (
        summarize_volume(make_frame(rows))
        .filter(pl.col("scope") == "principal")
        .sort("hour")
        .select("events", "errors", "access_denied")
        .collect()
    )
    assert volume.rows() == [(4, 3, 2), (1, 0, 0)]


def test_events_without_time_are_skipped(make_event, make_frame):
    rows = [make_event(dt.datetime(2024, 7, 1, 9)), make_event(dt.datetime(2024, 7, 1, 9))]
    rows[1]["event_time"] = None
    volume = summarize_volume(make_frame(rows)).filter(pl.col("scope") == "account").collect()
    assert volume["events"].to_list() == [1]


def test_plain_events_without_enrichment_are_refused_with_the_fix():
    events = conform(pl.LazyFrame({"event_time": []}), EVENTS)
    with pytest.raises(InputError, match=r"ueba\.enrich"):
        summarize(events)


def test_merging_nothing_gives_empty_frames_of_the_schema():
    merged = merge_summaries()
    assert merged.summary.collect().is_empty()
    assert dict(merged.volume.collect_schema()) == dict(VOLUME)


# ----------------------------------------------------------------------------- mergeability
_TIMES = [
    dt.datetime(2024, 7, d, h, m, tzinfo=dt.UTC)
    for d in (1, 2, 8)
    for h in (0, 13)
    for m in (0, 30)
]
_ROW = st.fixed_dictionaries(
    {
        "event_time": st.sampled_from(_TIMES),
        "event_source": st.sampled_from(["s3.amazonaws.com", "sts.amazonaws.com"]),
        "event_name": st.sampled_from(["GetObject", "ListBuckets", "GetCallerIdentity"]),
        "aws_region": st.sampled_from(["us-east-1", "eu-west-1", None]),
        "recipient_account_id": st.sampled_from(["111122223333", "444455556666"]),
        "principal_arn": st.sampled_from([ROLE, "arn:aws:iam::111122223333:user/bob", None]),
        "principal_type": st.sampled_from(["role", "iam_user", "anonymous", None]),
        "access_key_id": st.sampled_from(["ASIA1", "ASIA2", "AKIA3", None]),
        "workload_kind": st.sampled_from(["ec2", "lambda", None]),
        "workload_id": st.sampled_from(["i-1", "fn", None]),
        "source_ip_address": st.sampled_from(["104.102.221.250", "2001:db8::1", "1.2.3.4", "bad", None]),
        "source_kind": st.sampled_from(["public", "aws", "invalid", None]),
        "asn": st.sampled_from([20940, 16509, None]),
        "country": st.sampled_from(["US", "DE", None]),
        "network_key": st.sampled_from(["AS20940", "52.95.255.0/24", None]),
        "ua_family": st.sampled_from(["aws-cli", "boto3", None]),
        "error_code": st.sampled_from([None, None, "AccessDenied", "NoSuchKey"]),
    }
)  # fmt: skip


def _sorted(result: Summaries) -> tuple[pl.DataFrame, pl.DataFrame]:
    summary, volume = result.collect()
    return (
        summary.collect().sort(list(SUMMARY)),
        volume.collect().sort(list(VOLUME)),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_ROW, min_size=0, max_size=30),
    parts=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_summaries_of_any_split_merge_to_the_summary_of_the_whole(rows, parts, data):
    time_type = {"event_time": pl.Datetime("us", "UTC")}
    raw = pl.DataFrame(rows, schema_overrides=time_type, infer_schema_length=None) if rows else pl.DataFrame(schema=time_type)  # fmt: skip
    whole = conform(raw.lazy(), ENRICHED)
    assignment = data.draw(
        st.lists(st.integers(0, parts - 1), min_size=len(rows), max_size=len(rows))
    )
    indexed = whole.collect().with_columns(pl.Series("__part", assignment, dtype=pl.Int64)).lazy()
    pieces = [summarize(indexed.filter(pl.col("__part") == p).drop("__part")) for p in range(parts)]
    # Merge in a random order and in two stages, as daily updates do.
    order = data.draw(st.permutations(range(parts)))
    first = merge_summaries(*[pieces[i] for i in order[: parts // 2 + 1]])
    merged = merge_summaries(first, *[pieces[i] for i in order[parts // 2 + 1 :]])
    expected = _sorted(summarize(whole))
    got = _sorted(merged)
    assert got[0].equals(expected[0])
    assert got[1].equals(expected[1])


def test_hour_of_week_is_utc_even_for_times_in_another_zone(make_event, make_frame):
    rows = [make_event(dt.datetime(2024, 7, 1, 0))]  # Monday 00:00 UTC = Monday 02:00 Berlin
    berlin = make_frame(rows).with_columns(
        pl.col("event_time").dt.convert_time_zone("Europe/Berlin")
    )
    assert values(summarize(berlin), "principal", "hour_of_week") == ["0"]
