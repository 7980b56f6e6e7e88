"""Identity chains: back to the original identity across accounts, forward to minted keys."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
from rich.console import Console

from ueba.investigate import chain
from ueba.schema import EVENTS, conform

UTC = dt.UTC
USER = "arn:aws:iam::111111111111:user/eliav"
DEPLOY = "ASIADEPLOYKEY0000001"


def _path_arns(c: object) -> list[str]:
    nodes = dict(zip(c.nodes["node_id"], c.nodes["principal_arn"], strict=True))  # type: ignore[attr-defined]
    return [nodes[n] for n in c.path_to_target()]  # type: ignore[attr-defined]


def test_chain_back_from_a_chained_role_key_reaches_the_iam_user_across_accounts(
    lake: Path,
) -> None:
    c = chain(lake, DEPLOY, at="2026-01-09T10:08:00Z")
    assert _path_arns(c) == [
        USER,
        USER,
        "arn:aws:sts::222222222222:assumed-role/admin/itadmin",
        "arn:aws:sts::222222222222:assumed-role/deploy/itadmin-deploy",
    ]
    hops = c.edges.sort("event_time").select(
        "via", "cross_account", "parent_account_id", "child_account_id"
    )
    assert hops.rows() == [
        ("GetSessionToken", False, "111111111111", "111111111111"),
        ("AssumeRole", True, "111111111111", "222222222222"),
        ("AssumeRole", False, "222222222222", "222222222222"),
    ]
    root = c.roots.row(0, named=True)
    assert root["access_key_id"] == "AKIAELIAVPERMANENT01"


def test_chain_forward_from_the_user_key_lists_every_key_it_minted(lake: Path) -> None:
    c = chain(lake, "AKIAELIAVPERMANENT01")
    minted = c.nodes.filter(pl.col("depth") > 0).sort("depth")
    assert minted.get_column("access_key_id").to_list() == [
        "ASIAELIAVSESSION0001",
        "ASIAADMINITADMIN0001",
        DEPLOY,
    ]
    # The later key was recycled from an EC2 instance's: only the use after the mint counts.
    deploy = minted.filter(pl.col("access_key_id") == DEPLOY).row(0, named=True)
    assert deploy["events"] == 2
    assert deploy["source_ips"] == ["192.0.2.44"]
    assert set(c.edges.get_column("direction")) == {"descendant"}


def test_recycled_key_id_is_traced_to_the_nearest_preceding_mint(lake: Path) -> None:
    both = chain(lake, DEPLOY)
    incarnations = both.nodes.filter(pl.col("is_target")).sort("minted_at")
    assert incarnations.get_column("principal_arn").to_list() == [
        "arn:aws:sts::222222222222:assumed-role/web-instance/i-0abc1234def567890",
        "arn:aws:sts::222222222222:assumed-role/deploy/itadmin-deploy",
    ]
    assert incarnations.get_column("events").to_list() == [1, 2]
    assert set(both.roots.get_column("principal_arn")) == {"ec2.amazonaws.com", USER}
    early = chain(lake, DEPLOY, at="2026-01-09T04:10:00Z")
    assert early.roots.get_column("principal_arn").to_list() == ["ec2.amazonaws.com"]


def test_a_mint_after_the_use_is_not_its_origin() -> None:
    t = dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
    frame = conform(
        pl.LazyFrame(
            {
                "event_time": [t, t + dt.timedelta(hours=1)],
                "event_id": ["use", "mint"],
                "event_name": ["ListBuckets", "AssumeRole"],
                "access_key_id": ["ASIARECYCLED00000001", "AKIAOTHERCALLER00001"],
                "identity_type": ["AssumedRole", "IAMUser"],
                "identity_arn": ["arn:aws:sts::1:assumed-role/r/s", "arn:aws:iam::1:user/u"],
                "response_elements": [
                    None,
                    '{"credentials": {"accessKeyId": "ASIARECYCLED00000001"}}',
                ],
            }
        ),
        EVENTS,
    )
    c = chain(frame, "ASIARECYCLED00000001")
    assert c.edges.filter(pl.col("direction") == "ancestor").get_column("via").to_list() == []


def test_console_role_switch_is_traced_to_the_console_sign_in(lake: Path) -> None:
    c = chain(lake, "ASIASWITCHEDPEDRO001")
    edge = c.edges.row(0, named=True)
    assert (edge["via"], edge["parent_arn"], edge["cross_account"]) == (
        "SwitchRole",
        "arn:aws:iam::111111111111:user/pedro",
        True,
    )
    root = c.roots.row(0, named=True)
    assert root["note"] == "console sign-in 2026-01-10T09:00:00Z from 192.0.2.77, MFA Yes"


def test_console_session_key_is_traced_to_console_login(lake: Path) -> None:
    c = chain(lake, "ASIACONSOLEPEDRO0001")
    back = c.edges.filter(pl.col("direction") == "ancestor")
    assert back.get_column("via").to_list() == ["ConsoleLogin"]
    assert c.roots.get_column("principal_arn").to_list() == ["arn:aws:iam::111111111111:user/pedro"]


def test_created_access_key_chains_back_to_the_leaked_key(lake: Path) -> None:
    c = chain(lake, "AKIA5NWOLFACTIVEKEY1")
    assert c.edges.select("via", "parent_access_key_id").rows() == [
        ("CreateAccessKey", "AKIA5LEAKEDEXAMPLE01")
    ]


def test_stratus_federation_token_key_chains_to_the_iam_user(lake: Path) -> None:
    c = chain(lake, "ASIASTJKC5GCM7ZE6LUP")
    assert c.edges.select("via", "parent_access_key_id").rows() == [
        ("GetFederationToken", "AKIA6V1GNZTT65XQH36M")
    ]
    assert c.roots.get_column("identity_type").to_list() == ["IAMUser"]


def test_flaws2_level3_key_was_minted_for_an_ecs_task(lake: Path) -> None:
    c = chain(lake, "ASIAZQNB3KHGNXWXBSJS")
    edge = c.edges.row(0, named=True)
    assert (edge["via"], edge["parent_arn"]) == ("AssumeRole", "ecs-tasks.amazonaws.com")
    assert edge["child_arn"].startswith("arn:aws:sts::653711331788:assumed-role/level3/")


def test_json_and_tree_outputs(lake: Path) -> None:
    c = chain(lake, DEPLOY, at="2026-01-09T10:08:00Z")
    doc = json.loads(json.dumps(c.to_dict()))
    root = doc["roots"][0]
    assert root["principal_arn"] == USER
    assert root["children"][0]["via"]["via"] == "GetSessionToken"
    assert len(doc["edges"]) == 3
    console = Console(width=200, record=True)
    console.print(c.to_tree())
    text = console.export_text()
    assert "GetSessionToken" in text and "cross-account" in text and DEPLOY in text


def test_unknown_key_gives_an_empty_chain(lake: Path) -> None:
    c = chain(lake, "ASIANOTINTHELAKE0000")
    assert c.nodes.is_empty() and c.edges.is_empty() and c.to_dict()["roots"] == []


def test_max_depth_limits_the_hops_each_way(lake: Path) -> None:
    c = chain(lake, DEPLOY, at="2026-01-09T10:08:00Z", max_depth=1)
    assert c.edges.get_column("via").to_list() == ["AssumeRole"]
    assert c.roots.get_column("access_key_id").to_list() == ["ASIAADMINITADMIN0001"]


def test_web_identity_key_is_traced_to_the_outside_identity() -> None:
    t = dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
    provider = "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"
    frame = conform(
        pl.LazyFrame(
            {
                "event_time": [t, t + dt.timedelta(minutes=1)],
                "event_id": ["mint", "use"],
                "event_name": ["AssumeRoleWithWebIdentity", "GetCallerIdentity"],
                "access_key_id": [None, "ASIAGITHUBACTIONS001"],
                "identity_type": ["WebIdentityUser", "AssumedRole"],
                "identity_user_name": ["repo:org/app:ref:refs/heads/main", None],
                "identity_provider": [provider, None],
                "identity_arn": [None, "arn:aws:sts::1:assumed-role/deploy/GitHubActions"],
                "response_elements": [
                    '{"credentials": {"accessKeyId": "ASIAGITHUBACTIONS001"},'
                    ' "assumedRoleUser": {"arn": "arn:aws:sts::1:assumed-role/deploy/GitHubActions"}}',
                    None,
                ],
            }
        ),
        EVENTS,
    )
    c = chain(frame, "ASIAGITHUBACTIONS001")
    assert c.edges.get_column("via").to_list() == ["AssumeRoleWithWebIdentity"]
    root = c.roots.row(0, named=True)
    assert root["principal_arn"] == f"WebIdentityUser:{provider}:repo:org/app:ref:refs/heads/main"


def test_console_session_leads_forward_to_the_switched_role_keys(lake: Path) -> None:
    c = chain(lake, "ASIACONSOLEPEDRO0001")
    forward = c.edges.filter(pl.col("direction") == "descendant")
    assert forward.select("via", "child_access_key_id", "cross_account").rows() == [
        ("SwitchRole", "ASIASWITCHEDPEDRO001", True)
    ]
