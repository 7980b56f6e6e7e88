"""The synthetic organisation: deterministic, exactly EVENTS, realistic rhythm, truth present."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synth import (
    NETWORK,
    NETWORKS,
    SynthOrg,
    generate_org,
    iter_days,
    make_plan,
    threat_ips,
    write_threat_list,
)
from benchmarks.synth._frames import ip_strings
from ueba.schema import EVENTS

SMALL = {"days": 8, "seed": 11, "scale": 0.2, "accounts": 2, "inject_days": 2}


@pytest.fixture(scope="module")
def org() -> SynthOrg:
    return generate_org(**SMALL)  # type: ignore[arg-type]


def test_same_seed_gives_the_same_events(org: SynthOrg) -> None:
    again = generate_org(**SMALL)  # type: ignore[arg-type]
    assert again.events.equals(org.events)
    assert again.truth.equals(org.truth)


def test_another_seed_gives_another_organisation(org: SynthOrg) -> None:
    other = generate_org(**{**SMALL, "seed": 12})  # type: ignore[arg-type]
    assert set(other.accounts) != set(org.accounts)
    assert not other.events["event_id"].is_in(org.events["event_id"].implode()).any()


def test_events_are_exactly_the_events_schema(org: SynthOrg) -> None:
    assert org.events.schema == pl.Schema(EVENTS)


def test_event_ids_are_unique_and_times_inside_the_days(org: SynthOrg) -> None:
    events = org.events
    assert events["event_id"].n_unique() == events.height
    first = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert events["event_time"].min() >= first  # type: ignore[operator]
    assert events["event_time"].max() < first + dt.timedelta(days=SMALL["days"])  # type: ignore[operator]


def test_iter_days_yields_the_same_day_as_generate_org(org: SynthOrg) -> None:
    plan = make_plan(**SMALL)  # type: ignore[arg-type]
    day, events = next(iter_days(plan, first=3, last=3))
    assert day == dt.date(2024, 6, 4)
    assert events.equals(org.events.filter(pl.col("event_time").dt.date() == day))


def test_weekdays_are_busier_than_weekends(org: SynthOrg) -> None:
    per_day = org.events.group_by(day=pl.col("event_time").dt.date()).len()
    per_day = per_day.with_columns(weekend=pl.col("day").dt.weekday() >= 6)
    means = dict(per_day.group_by("weekend").agg(pl.col("len").mean()).iter_rows())
    assert means[False] > 1.2 * means[True]
    people = org.events.filter(pl.col("identity_type") == "IAMUser")
    hours = people["event_time"].dt.hour()
    assert ((hours >= 7) & (hours <= 19)).mean() > 0.9  # type: ignore[operator]


def test_every_session_key_is_minted_before_its_first_use(org: SynthOrg) -> None:
    events = org.events
    minted = events.filter(pl.col("event_name") == "AssumeRole").select(
        key=pl.col("response_elements").str.json_path_match("$.credentials.accessKeyId"),
        minted=pl.col("event_time"),
        session=pl.col("request_parameters").str.json_path_match("$.roleSessionName"),
    )
    used = (
        events.filter(
            (pl.col("identity_type") == "AssumedRole")
            & pl.col("access_key_id").str.starts_with("ASIA")
        )
        .group_by(key=pl.col("access_key_id"))
        .agg(first_use=pl.col("event_time").min(), arn=pl.col("identity_arn").first())
    )
    joined = used.join(minted, on="key", how="left")
    assert joined["minted"].null_count() == 0
    assert (joined["minted"] < joined["first_use"]).all()
    # the session name on the key's calls is the one its AssumeRole asked for
    assert (joined["arn"].str.split("/").list.last() == joined["session"]).all()


def test_instance_roles_are_assumed_by_ec2_with_the_instance_id(org: SynthOrg) -> None:
    assume = org.events.filter(
        (pl.col("event_name") == "AssumeRole") & (pl.col("invoked_by") == "ec2.amazonaws.com")
    )
    sessions = assume["request_parameters"].str.json_path_match("$.roleSessionName")
    assert assume.height > 0
    assert sessions.str.contains(r"^i-0[0-9a-f]{16}$").all()
    assert (assume["source_ip_address"] == "ec2.amazonaws.com").all()


def test_every_compromise_is_in_the_events(org: SynthOrg) -> None:
    compromises = org.truth.filter(pl.col("kind") == "compromise")
    assert sorted(compromises["id"]) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    for row in compromises.iter_rows(named=True):
        window = org.events.filter(pl.col("event_time").is_between(row["start"], row["end"]))
        mine = window.filter(
            (pl.col("access_key_id") == row["access_key_id"])
            if row["access_key_id"]
            else (pl.col("session_issuer_arn") == row["principal_arn"])
        )
        assert mine.height > 0, row["id"]
        assert row["start"].date() >= org.inject_from


def test_compromises_come_from_where_the_truth_says(org: SynthOrg) -> None:
    truth = {r["id"]: r for r in org.truth.iter_rows(named=True)}

    def ips(id_: str) -> set[str]:
        row = truth[id_]
        return set(
            org.events.filter(
                (pl.col("access_key_id") == row["access_key_id"])
                & pl.col("event_time").is_between(row["start"], row["end"])
            )["source_ip_address"]
        )

    assert ips("C5") == set(threat_ips())
    outside = ipaddress.ip_network(NETWORK["charter"].cidr)
    assert any(ipaddress.ip_address(ip) in outside for ip in ips("C1"))
    c4 = org.events.filter(pl.col("event_name") == "ConsoleLogin").filter(
        pl.col("additional_event_data").str.contains('"MFAUsed":"No"')
    )
    assert c4.height == 1 and c4["identity_arn"][0] == truth["C4"]["principal_arn"]
    c3 = org.events.filter(pl.col("access_key_id") == truth["C3"]["access_key_id"])
    assert {"CreateUser", "CreateAccessKey", "AttachUserPolicy"} <= set(c3["event_name"])


def test_every_benign_change_is_in_the_events(org: SynthOrg) -> None:
    truth = {r["id"]: r for r in org.truth.iter_rows(named=True)}

    def after(id_: str) -> pl.DataFrame:
        row = truth[id_]
        return org.events.filter(
            (pl.col("event_time") >= row["start"])
            & (
                (pl.col("session_issuer_arn") == row["principal_arn"])
                | (pl.col("identity_arn") == row["principal_arn"])
            )
        )

    def before(id_: str) -> pl.DataFrame:
        row = truth[id_]
        return org.events.filter(
            (pl.col("event_time") < row["start"])
            & (pl.col("session_issuer_arn") == row["principal_arn"])
        )

    assert set(after("B1")["event_name"]) - set(before("B1")["event_name"])  # new APIs
    assert "1.35.10" in " ".join(set(after("B3")["user_agent"]))  # the upgraded SDK
    new_ids = set(after("B4")["identity_arn"].str.split("/").list.last()) - set(
        before("B4")["identity_arn"].str.split("/").list.last()
    )
    assert new_ids  # a new instance id
    assert set(after("B5")["vpc_endpoint_id"].drop_nulls()) - set(
        before("B5")["vpc_endpoint_id"].drop_nulls()
    )
    assert before("B6").height == 0 and after("B6").height > 0  # a brand-new service role
    travel = ipaddress.ip_network(NETWORK["orange"].cidr)
    assert any(ipaddress.ip_address(ip) in travel for ip in after("B2")["source_ip_address"])
    assert (org.truth.filter(pl.col("kind") == "benign_change")["expected"] == "not medium+").all()


def test_background_has_the_edge_cases_detectors_must_handle(org: SynthOrg) -> None:
    events = org.events
    assert (
        events.filter(pl.col("source_ip_address") == "s3.amazonaws.com")["invoked_by"]
        .eq("s3.amazonaws.com")
        .all()
    )
    assert (
        events.filter(pl.col("vpc_endpoint_id").is_not_null())["source_ip_address"]
        .str.starts_with("10.")
        .all()
    )
    assert {"AccessDenied", "ThrottlingException"} <= set(events["error_code"].drop_nulls())
    assert (
        events.filter(pl.col("event_name") == "ConsoleLogin")["additional_event_data"]
        .str.contains('"MFAUsed":"Yes"')
        .any()
    )
    agents = " ".join(events["user_agent"].drop_nulls().unique())
    for needle in (
        "Terraform/",
        "os/macos",
        "os/windows",
        "exec-env/AWS_Lambda",
        "AWS_ECS_FARGATE",
        "config.amazonaws.com",
    ):
        assert needle in agents
    # Lambda functions move between AWS addresses; instances keep theirs
    lam = events.filter(
        pl.col("session_issuer_arn").str.contains("lambda") & pl.col("invoked_by").is_null()
    )
    ec2 = events.filter(
        (pl.col("ec2_role_delivery") == "2.0")
        & pl.col("vpc_endpoint_id").is_null()
        & pl.col("invoked_by").is_null()
        & (pl.col("event_time").dt.date() < org.inject_from)
    )
    assert (
        lam.group_by("identity_arn")
        .agg(pl.col("source_ip_address").n_unique())["source_ip_address"]
        .min()
        > 20
    )  # type: ignore[operator]
    assert (
        ec2.group_by("identity_arn")
        .agg(pl.col("source_ip_address").n_unique())["source_ip_address"]
        .max()
        == 1
    )


def test_people_change_address_inside_their_isp(org: SynthOrg) -> None:
    plan = org.plan
    victims = set(org.truth["principal_arn"])
    person = next(p for p in plan.people if not p.ci and not p.office and p.arn not in victims)
    ips = set(
        org.events.filter(
            (pl.col("identity_arn") == person.arn) & (pl.col("source_ip_address") != "AWS Internal")
        )["source_ip_address"]
    )
    home = ipaddress.ip_network(NETWORK[person.home].cidr)
    assert len(ips) >= 2 and all(ipaddress.ip_address(ip) in home for ip in ips)


def test_ip_plan_is_outside_aws_ranges() -> None:
    from importlib import resources

    data = json.loads(resources.files("ueba").joinpath("data/ip-ranges.json").read_text())
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in data["prefixes"]]
    for net in NETWORKS:
        mine = ipaddress.ip_network(net.cidr)
        assert not any(mine.overlaps(a) for a in aws), net.name


def test_threat_list_file_lists_the_threat_address(tmp_path: Path) -> None:
    path = write_threat_list(tmp_path / "threat.txt")
    assert path.read_text().split() == threat_ips()
    assert ipaddress.ip_address(threat_ips()[0]) in ipaddress.ip_network(NETWORK["m247"].cidr)


def test_scale_grows_the_volume_linearly() -> None:
    small = generate_org(days=2, seed=5, scale=1.0, accounts=1, inject_days=1).events.height
    large = generate_org(days=2, seed=5, scale=3.0, accounts=1, inject_days=1).events.height
    assert 2.0 < large / small < 4.0


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="days"):
        generate_org(days=1)
    with pytest.raises(ValueError, match="inject_days"):
        generate_org(days=5, inject_days=5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=20))
def test_ip_strings_match_ipaddress(values: list[int]) -> None:
    import numpy as np

    assert ip_strings(np.array(values)).to_list() == [str(ipaddress.ip_address(v)) for v in values]
