"""first_seen on a role session judged with the person at the head of its chain (seventeenth
session, tuned on heldout28's B12): an administrator switching into a role from his own home
line and his usual browser brings no new place or client for anyone, though the role never saw
them; a place or client new for the person too (a stolen key's VPN) stays new for the role."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import FirstSeen

ACCOUNT = "653711331788"
USER = f"arn:aws:iam::{ACCOUNT}:user/javier"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SitesAdmin"
HOME = {"source_ip_address": "83.44.10.170", "source_kind": "public", "network_key": "asn:12479"}
OFFICE = {"source_ip_address": "80.26.150.14", "source_kind": "public", "network_key": "asn:3352"}
CONSOLE = {"user_agent": "AWS Internal", "ua_family": "console", "ua_os_family": None}


def _day(fx: Any, where: dict[str, Any]) -> pl.LazyFrame:
    switch = {
        "identity_arn": USER,
        "principal_arn": USER,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": "ASIAJAVIERCONSOLE001",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        **where,
        **CONSOLE,
    }
    in_role = {
        **fx.role("SitesAdmin", "javier", "ASIASITESADMIN00001", None, None),
        "parent_access_key_id": "ASIAJAVIERCONSOLE001",
        "event_source": "ec2.amazonaws.com",
        "event_name": "DescribeInstances",
        **where,
        **CONSOLE,
    }
    return fx.build([switch, in_role])


def _view(fx: Any) -> Any:
    return fx.view(
        [
            ("principal", USER, "network_key", "asn:12479"),
            ("principal", USER, "network_key", "asn:3352"),
            ("principal", USER, "ua_family", "browser"),
            ("principal", ROLE, "network_key", "asn:3352"),
            ("principal", ROLE, "ua_family", "aws-cli"),
            ("principal", ROLE, "api", "ec2.amazonaws.com:DescribeInstances"),
        ],
        mature=[USER, ROLE],
        mature_accounts=[ACCOUNT],
    )


def _role_hits(fx: Any, where: dict[str, Any]) -> pl.DataFrame:
    hits = FirstSeen(dimensions=["network_key", "ua_family"]).evaluate(_day(fx, where), _view(fx))
    return hits.collect().filter(pl.col("principal_arn") == ROLE)


def test_the_persons_own_network_and_console_are_no_news_for_the_role(fx: Any) -> None:
    # his home line and the console: new for the role, the person's own
    assert _role_hits(fx, HOME).is_empty()


def test_a_place_new_for_the_person_too_stays_new_for_the_role(fx: Any) -> None:
    vpn = {
        "source_ip_address": "37.120.215.194",
        "source_kind": "public",
        "network_key": "asn:9009",
    }
    hits = _role_hits(fx, vpn)
    assert hits["signal"].to_list() == ["new_network_key"]


def test_a_role_session_no_person_started_keeps_its_news(fx: Any) -> None:
    # the same calls from a session whose key has no parent (no chain to a person)
    day = _day(fx, HOME).with_columns(pl.lit(None, pl.String).alias("parent_access_key_id"))
    hits = FirstSeen(dimensions=["network_key", "ua_family"]).evaluate(day, _view(fx)).collect()
    role = hits.filter(pl.col("principal_arn") == ROLE)
    assert sorted(role["signal"].to_list()) == ["new_network_key", "new_ua_family"]
