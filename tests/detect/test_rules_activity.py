"""volume_spike, error_spike, threat_intel, console: positive and negative fixtures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import ConsoleRisk, ErrorSpike, ThreatIntel, VolumeSpike
from ueba.exceptions import ConfigError

ROLE = "arn:aws:iam::653711331788:role/app"
USER = "arn:aws:iam::653711331788:user/pedro"


def _app(fx: Any, n: int, **extra: Any) -> list[dict[str, Any]]:
    r = {**fx.role("app", "s", "ASIAAPP", None, None), **fx.AWS_IP, **fx.BOTO, **extra}
    return [{**r, "event_time": fx.T0 + dt.timedelta(seconds=i)} for i in range(n)]


def test_hour_far_above_the_busiest_baseline_hour_is_a_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 40, 0, 0), ("principal", ROLE, 60, 0, 0)])
    hits = VolumeSpike(max_events=5).evaluate(fx.day(_app(fx, 400)), base).collect()
    assert hits.height == 5
    assert "400 calls by role app" in hits["reason"][0]


def test_busy_but_ordinary_hour_is_not_a_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 300, 0, 0), ("principal", ROLE, 350, 0, 0)])
    assert VolumeSpike().evaluate(fx.day(_app(fx, 400)), base).collect().is_empty()


def test_small_counts_never_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 1, 0, 0)])
    assert VolumeSpike().evaluate(fx.day(_app(fx, 50)), base).collect().is_empty()


def test_access_denied_burst_over_many_apis_fires_without_baseline(fx: Any) -> None:
    rows = [
        {**r, "event_name": f"List{i % 8}", "error_code": "AccessDenied"}
        for i, r in enumerate(_app(fx, 30))
    ]
    hits = ErrorSpike().evaluate(fx.day(rows), fx.no_history()).collect()
    assert set(hits["signal"]) == {"access_denied_burst"}
    assert "30 AccessDenied errors over 8 APIs" in hits["reason"][0]


def test_repeated_denials_of_one_api_are_not_probing(fx: Any) -> None:
    # flaws2: the Lambda's CreateLogStream is denied again and again - a misconfiguration
    rows = [
        {**r, "event_name": "CreateLogStream", "error_code": "AccessDenied"} for r in _app(fx, 30)
    ]
    assert ErrorSpike().evaluate(fx.day(rows), fx.no_history()).collect().is_empty()


def test_error_spike_against_baseline(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 100, 2, 0), ("principal", ROLE, 90, 3, 0)])
    rows = [{**r, "error_code": "ThrottlingException"} for r in _app(fx, 40)]
    hits = ErrorSpike().evaluate(fx.day(rows), base).collect()
    assert set(hits["signal"]) == {"error_spike"}
    calm = [{**r, "error_code": "ThrottlingException"} for r in _app(fx, 3)]
    assert ErrorSpike().evaluate(fx.day(calm), base).collect().is_empty()


def test_failures_only_in_opt_in_regions_not_enabled_are_context(fx: Any) -> None:
    # a script sweeping every region: the account never enabled Cape Town or Bahrain, so each
    # call there fails to authenticate (AuthFailure from EC2, InvalidClientTokenId elsewhere)
    base = fx.view([], volume=[("principal", ROLE, 100, 1, 0), ("principal", ROLE, 90, 0, 0)])
    codes = ("AuthFailure", "InvalidClientTokenId")
    rows = [
        {**r, "aws_region": ("af-south-1", "me-south-1")[i % 2], "error_code": codes[i % 2]}
        for i, r in enumerate(_app(fx, 14))
    ]
    hits = ErrorSpike().evaluate(fx.day(rows), base).collect()
    assert set(hits["severity"]) == {"info"}
    assert "every one in an opt-in region the account has not enabled" in hits["reason"][0]
    # the same errors in regions enabled by default are refusals of a valid key: medium
    enabled = [{**r, "aws_region": "eu-west-1"} for r in rows]
    assert set(ErrorSpike().evaluate(fx.day(enabled), base).collect()["severity"]) == {"medium"}
    # and one throttled or refused call among them is no longer "region not enabled"
    mixed = [*rows, {**_app(fx, 1)[0], "error_code": "AccessDenied"}]
    assert set(ErrorSpike().evaluate(fx.day(mixed), base).collect()["severity"]) == {"medium"}


def test_failures_that_are_reads_of_things_that_do_not_exist_are_context(fx: Any) -> None:
    # an access review: GetLoginProfile for every user; IAM answers NoSuchEntity for each user
    # with no console password (IAM API Reference, GetLoginProfile)
    base = fx.view([], volume=[("principal", ROLE, 100, 0, 0), ("principal", ROLE, 90, 0, 0)])
    review = {"event_name": "GetLoginProfile", "read_only": True}
    rows = [{**r, **review, "error_code": "NoSuchEntityException"} for r in _app(fx, 15)]
    hits = ErrorSpike().evaluate(fx.day(rows), base).collect()
    assert set(hits["severity"]) == {"info"}
    assert "answered NoSuchEntity" in hits["reason"][0]
    # a failed write, or one refusal among them, keeps the spike medium
    writes = [{**r, "read_only": False, "event_name": "DeleteLoginProfile"} for r in rows]
    mixed = [*rows, {**_app(fx, 1)[0], "error_code": "AccessDenied"}]
    for other in (writes, mixed):
        assert set(ErrorSpike().evaluate(fx.day(other), base).collect()["severity"]) == {"medium"}


def test_threat_list_address_is_a_hit_and_others_are_not(fx: Any) -> None:
    rule = ThreatIntel(networks=["104.102.221.0/24"], list_name="the CTF list")
    day = fx.day([*_app(fx, 2), *_app(fx, 1, **fx.ATTACKER_IP)])
    hits = rule.evaluate(day, fx.no_history()).collect()
    assert hits["source_ip"].to_list() == ["104.102.221.250"]
    assert "the CTF list" in hits["reason"][0]
    assert ThreatIntel().evaluate(day, fx.no_history()).collect().is_empty()


def test_threat_list_rejects_a_bad_cidr() -> None:
    with pytest.raises(ConfigError, match="not an IP address or CIDR"):
        ThreatIntel(networks=["104.102.221.0/33"]).check_params()


def _login(fx: Any, mfa: str, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "event_name": "ConsoleLogin",
        "event_source": "signin.amazonaws.com",
        "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
        "response_elements": '{"ConsoleLogin":"Success"}',
        **fx.ATTACKER_IP,
        **extra,
    }


def test_console_login_without_mfa(fx: Any) -> None:
    hits = ConsoleRisk().evaluate(fx.day([_login(fx, "No")]), fx.no_history()).collect()
    assert hits["signal"].to_list() == ["no_mfa"]


def test_console_login_with_mfa_and_failed_login_are_not_no_mfa(fx: Any) -> None:
    failed = _login(
        fx,
        "No",
        error_message="Failed authentication",
        response_elements='{"ConsoleLogin":"Failure"}',
    )
    day = fx.day([_login(fx, "Yes"), failed])
    assert ConsoleRisk().evaluate(day, fx.no_history()).collect().is_empty()


def test_federated_sign_in_reports_no_mfa_but_is_not_flagged(fx: Any) -> None:
    row = {
        **_login(fx, "No"),
        "principal_type": "role",
        "principal_arn": "arn:aws:iam::653711331788:role/AWSReservedSSO_Admin",
    }
    assert ConsoleRisk().evaluate(fx.day([row]), fx.no_history()).collect().is_empty()


def test_impossible_travel_between_logins(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90, "country": "NL"}
    syd = {"latitude": -33.87, "longitude": 151.21, "country": "AU"}
    day = fx.day([_login(fx, "Yes", **ams), _login(fx, "Yes", **syd)])
    hits = ConsoleRisk().evaluate(day, fx.no_history()).collect()
    assert hits["signal"].to_list() == ["impossible_travel"]
    assert "NL and AU" in hits["reason"][0]


def test_two_people_federated_into_one_role_are_not_one_traveller(fx: Any) -> None:
    okta = {"principal_type": "role", "principal_arn": "arn:aws:iam::653711331788:role/Okta-Eng"}
    ams = {"latitude": 52.37, "longitude": 4.90, "country": "NL"}
    syd = {"latitude": -33.87, "longitude": 151.21, "country": "AU"}
    ana = _login(fx, "Yes", **okta, **ams, session_name="ana@example.com")
    bo = _login(fx, "Yes", **okta, **syd, session_name="bo@example.com")
    assert ConsoleRisk().evaluate(fx.day([ana, bo]), fx.no_history()).collect().is_empty()
    # the same person's session name from both places is still impossible travel
    ana_syd = {**bo, "session_name": "ana@example.com"}
    hits = ConsoleRisk().evaluate(fx.day([ana, ana_syd]), fx.no_history()).collect()
    assert hits["signal"].to_list() == ["impossible_travel"]


def test_travel_through_an_anonymous_range_is_skipped(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90}
    vpn = {"latitude": -33.87, "longitude": 151.21, "ip_is_anonymous": True}
    day = fx.day([_login(fx, "Yes", **ams), _login(fx, "Yes", **vpn)])
    assert ConsoleRisk().evaluate(day, fx.no_history()).collect().is_empty()


def test_plausible_travel_is_not_impossible(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90, "event_time": fx.T0}
    lon = {"latitude": 51.51, "longitude": -0.13, "event_time": fx.T0 + dt.timedelta(hours=3)}
    day = fx.day([_login(fx, "Yes", **ams), _login(fx, "Yes", **lon)])
    assert ConsoleRisk().evaluate(day, fx.no_history()).collect().is_empty()


def test_root_use_is_high(fx: Any) -> None:
    row = {
        "principal_arn": "arn:aws:iam::653711331788:root",
        "principal_type": "root",
        **fx.ATTACKER_IP,
        "event_name": "CreateAccessKey",
    }
    hits = ConsoleRisk().evaluate(fx.day([row]), fx.no_history()).collect()
    assert hits["signal"].to_list() == ["root_use"] and hits["severity"][0] == "high"


def test_login_from_new_country_needs_a_mature_baseline(fx: Any) -> None:
    base = fx.view(
        [("principal", USER, "country", "NL"), ("principal", USER, "asn", "20940")], mature=[USER]
    )
    hits = ConsoleRisk().evaluate(fx.day([_login(fx, "Yes")]), base).collect()
    assert hits["signal"].to_list() == ["new_country"]
    assert hits["severity"].to_list() == ["low"]
    young = fx.view([("principal", USER, "country", "NL")], mature=[])
    assert ConsoleRisk().evaluate(fx.day([_login(fx, "Yes")]), young).collect().is_empty()


def _fleet_hour(fx: Any, denied_apis: list[str]) -> list[dict[str, Any]]:
    """Ten instances of role app, 60 calls each in one hour, and a few refusals among them."""
    rows = []
    for n in range(10):
        inst = f"i-0{n:015d}"
        base = {**fx.role("app", inst, f"ASIA{n:04d}", "ec2", inst), **fx.AWS_IP, **fx.BOTO}
        rows += [
            {**base, "event_time": fx.T0 + dt.timedelta(seconds=n * 60 + i)} for i in range(60)
        ]
    for i, api in enumerate(denied_apis):
        rows[i * 23]["event_name"] = api
        rows[i * 23]["error_code"] = "AccessDenied"
    return rows


def test_denials_a_busy_fleet_always_has_are_low_without_history(fx: Any) -> None:
    # 24 refusals over 24 APIs among 600 calls of 10 instances: 4% refused, no enumeration
    rows = _fleet_hour(fx, [f"Get{i}" for i in range(24)])
    hits = ErrorSpike().evaluate(fx.day(rows), fx.no_history()).collect()
    assert set(hits["signal"]) == {"access_denied_burst"}
    assert set(hits["severity"]) == {"low"}
    assert "no history to compare with" in hits["reason"][0]


def test_one_instance_refused_most_of_its_calls_is_medium_without_history(fx: Any) -> None:
    rows = _fleet_hour(fx, [])
    probe = [r for r in rows if r["session_name"] == "i-0000000000000003"]
    for i, r in enumerate(probe[:40]):
        r["event_name"], r["error_code"] = f"Describe{i % 25}", "AccessDenied"
    hits = ErrorSpike().evaluate(fx.day(rows), fx.no_history()).collect()
    assert set(hits["severity"]) == {"medium"}
    assert "67% of an actor's calls refused" in hits["reason"][0]


def test_refused_enumeration_calls_corroborate_a_burst_without_history(fx: Any) -> None:
    recon = ["ListUsers", "ListRoles", "GetAccountAuthorizationDetails"]
    rows = _fleet_hour(fx, recon + [f"Get{i}" for i in range(21)])
    hits = ErrorSpike().evaluate(fx.day(rows), fx.no_history()).collect()
    assert set(hits["severity"]) == {"medium"}
    assert "3 enumeration calls" in hits["reason"][0]


def _root_day(fx: Any, *, mfa: str = "Yes", key: str = "ASIAROOTSESSION") -> pl.LazyFrame:
    base = {
        "principal_arn": "arn:aws:iam::653711331788:root",
        "principal_type": "root",
        "identity_type": "Root",
        **fx.ATTACKER_IP,
    }
    login = {**_login(fx, mfa), **base, "access_key_id": "ASIAROOTSESSION"}
    call = {
        **base,
        "access_key_id": key,
        "event_source": "iam.amazonaws.com",
        "event_name": "UpdateAccountPasswordPolicy",
    }
    return fx.build([login, call])


def test_root_console_session_behind_mfa_is_low_with_no_history(fx: Any) -> None:
    # GuardDuty's Policy:IAMUser/RootCredentialUsage is Low: owners sign in as root for the
    # few tasks that need it; with MFA, on a new trail, there is no "elsewhere" to judge yet
    hits = ConsoleRisk().evaluate(_root_day(fx), fx.no_history()).collect()
    assert hits["signal"].to_list() == ["root_use", "root_use"]
    assert set(hits["severity"]) == {"low"}
    assert "in a console session behind MFA" in hits["reason"][1]


def test_root_without_mfa_or_with_a_long_term_key_is_high(fx: Any) -> None:
    bare = ConsoleRisk().evaluate(_root_day(fx, mfa="No"), fx.no_history()).collect()
    assert set(bare.filter(pl.col("signal") == "root_use")["severity"]) == {"high"}
    akia = ConsoleRisk().evaluate(_root_day(fx, key="AKIAROOTKEY"), fx.no_history()).collect()
    # a rule's hits come in no set order
    assert sorted(akia["severity"]) == ["high", "low"]
    assert "long-term root access key" in akia.filter(pl.col("severity") == "high")["reason"][0]


def test_root_behind_mfa_from_a_network_the_mature_account_never_used_is_high(fx: Any) -> None:
    account = "653711331788"
    elsewhere = fx.view([("account", account, "network_key", "AS7018")], mature_accounts=[account])
    hits = ConsoleRisk().evaluate(_root_day(fx), elsewhere).collect()
    assert set(hits["severity"]) == {"high"}
    assert "a network the account has not used" in hits["reason"][0]
    home = fx.view([("account", account, "network_key", "AS20940")], mature_accounts=[account])
    assert set(ConsoleRisk().evaluate(_root_day(fx), home).collect()["severity"]) == {"low"}


def test_activity_rules_give_the_same_hits_within_a_scoring(fx: Any) -> None:
    # within a scoring (collected features, the profile cut to the day, known() and the fleet
    # collected once) the hits must be those of the rules run alone on a lazy plan
    from ueba.detect.features import add_features, day_entities
    from ueba.detect.rules import FirstSeen, SensitiveApi
    from ueba.schema import ENRICHED, conform

    base = fx.view(
        [], volume=[("principal", ROLE, 100, 2, 0), ("principal", ROLE, 90, 3, 0)], alone=True
    )
    denied = [
        {**r, "event_name": f"List{i % 8}", "error_code": "AccessDenied"}
        for i, r in enumerate(_app(fx, 30))
    ]
    day = fx.build([*_app(fx, 400), *denied])
    featured = add_features(conform(day, ENRICHED)).collect(engine="in-memory").lazy()
    scoring = base.for_entities(day_entities(featured), engine="in-memory")
    key = ["event_id", "signal", "reason"]
    rules = [VolumeSpike(max_events=5), ErrorSpike(), FirstSeen(), SensitiveApi()]
    within: dict[str, pl.DataFrame] = {}
    for rule in rules:
        alone = rule.evaluate(day, base).collect().sort(key)
        within[rule.name] = rule.evaluate(featured, scoring).collect().sort(key)
        assert within[rule.name].equals(alone), rule.name
    assert within[VolumeSpike.name].height == 5


def test_a_spike_of_throttled_calls_is_load_and_throttled_recon_is_not_hidden(fx: Any) -> None:
    # a surge: DynamoDB sheds load (ThrottlingException, ProvisionedThroughputExceeded...) on a
    # few percent of a function's table calls; nothing was refused
    base = fx.view([], volume=[("principal", ROLE, 100, 0, 0), ("principal", ROLE, 90, 0, 0)])
    codes = ("ThrottlingException", "ProvisionedThroughputExceededException")
    table = {"event_source": "dynamodb.amazonaws.com", "event_name": "Query"}
    surge = [{**r, **table, "error_code": codes[i % 2]} for i, r in enumerate(_app(fx, 14))]
    hits = ErrorSpike().evaluate(fx.day(surge), base).collect()
    assert set(hits["severity"]) == {"low"}
    assert "14 of them throttled and none refused" in hits["reason"][0]
    # a stolen key's recon throttled along with its refusals: the denials keep it medium
    recon = ("ListUsers", "ListRoles", "ListBuckets", "DescribeInstances", "ListFunctions")
    denied = [
        {**r, "event_name": recon[i % 5], "error_code": "AccessDenied"}
        for i, r in enumerate(_app(fx, 6))
    ]
    probed = [*surge, *denied]
    assert set(ErrorSpike().evaluate(fx.day(probed), base).collect()["severity"]) == {"medium"}
    # and failures of another kind that spike on their own keep it medium too
    other = [{**r, "error_code": "ValidationException"} for r in _app(fx, 12)]
    mixed = [*surge, *other]
    assert set(ErrorSpike().evaluate(fx.day(mixed), base).collect()["severity"]) == {"medium"}


def test_root_behind_mfa_from_the_network_the_accounts_people_signed_in_from_today_is_low(
    fx: Any,
) -> None:
    # month-end billing as root from the office's new line, the day the office moved: two of
    # the account's people signed in to the console from that network today (heldout28's B10,
    # tuning); one colleague alone, or root without MFA, keeps high
    account = "653711331788"
    elsewhere = fx.view([("account", account, "network_key", "AS7018")], mature_accounts=[account])

    def colleague(name: str) -> dict[str, Any]:
        arn = f"arn:aws:iam::{account}:user/{name}"
        return {**_login(fx, "No"), "principal_arn": arn, "identity_arn": arn}

    def day(mfa: str, *people: str) -> pl.LazyFrame:
        rows = _root_day(fx, mfa=mfa).collect().to_dicts()
        return fx.day([colleague(p) for p in people] + rows)

    def root_hits(frame: pl.LazyFrame) -> pl.DataFrame:
        hits = ConsoleRisk().evaluate(frame, elsewhere).collect()
        return hits.filter(pl.col("signal") == "root_use")

    office = root_hits(day("Yes", "marta", "javier"))
    assert set(office["severity"]) == {"low"}
    assert "2 of the account's people signed in from today" in office["reason"][0]
    assert set(root_hits(day("Yes", "marta"))["severity"]) == {"high"}
    assert set(root_hits(day("No", "marta", "javier"))["severity"]) == {"high"}
