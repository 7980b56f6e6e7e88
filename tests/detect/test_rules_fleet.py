"""Fleet awareness: a change the whole fleet of a role makes at once is a deploy, not an alarm."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.features import add_features
from ueba.detect.fleet import fleet
from ueba.detect.rules import FirstSeen, FleetChange, SensitiveApi
from ueba.detect.scorer import Scorer

ROLE = "arn:aws:iam::653711331788:role/web"
SDK = {
    "user_agent": "Boto3/1.34 Python/3.12 Linux/5.10",
    "ua_family": "boto3",
    "ua_os_family": "linux",
}
SECRET = {"event_source": "secretsmanager.amazonaws.com", "event_name": "GetSecretValue"}


def _baseline(fx: Any, *, alone: bool = False) -> Any:
    rows = [
        ("principal", ROLE, "api", "s3.amazonaws.com:GetObject"),
        ("principal", ROLE, "ua_family", "boto3"),
        ("principal", ROLE, "ua_os_family", "linux"),
        ("principal", ROLE, "network_key", "34.224.0.0/12"),
        ("principal", ROLE, "source_kind", "aws"),
        ("principal", ROLE, "region", "us-east-1"),
        ("account", "653711331788", "api", "s3.amazonaws.com:GetObject"),
    ]
    rows += [("workload", f"ec2:i-000{i}", "network_key", "34.224.0.0/12") for i in range(6)]
    return fx.view(rows, mature=[ROLE], alone=alone)


def _instance(fx: Any, i: int, **extra: Any) -> dict[str, Any]:
    r = fx.role("web", f"i-000{i}", f"ASIAWEB{i:012d}", "ec2", f"i-000{i}")
    return {**r, **fx.AWS_IP, **SDK, "event_name": "GetObject", **extra}


def _release_day(fx: Any, *, adopters: range, outsider: dict[str, Any] | None = None) -> Any:
    """Six instances read objects; ``adopters`` also read a secret (the release)."""
    rows = [_instance(fx, i) for i in range(6)]
    rows += [_instance(fx, i, **SECRET) for i in adopters]
    if outsider is not None:
        rows.append(_instance(fx, 5, **SECRET, **outsider))
    return fx.build(rows)


def test_fleet_counts_instances_that_took_up_a_new_api(fx: Any) -> None:
    view = fleet(_release_day(fx, adopters=range(6)), _baseline(fx))
    obs = view.observations.filter(pl.col("dimension") == "api").collect()
    assert obs["value"].to_list() == ["secretsmanager.amazonaws.com:GetSecretValue"]
    assert obs.select("actors", "active_actors", "deploy").row(0) == (6, 6, True)


def test_release_reading_a_secret_on_every_instance_is_info_not_medium(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(6)), _baseline(fx)
    secret = SensitiveApi().evaluate(day, base).collect()
    assert secret.height == 6 and set(secret["severity"]) == {"info"}
    assert "6 of 6" in secret["reason"][0] and "a deploy" in secret["reason"][0]
    novelty = FirstSeen().evaluate(day, base).collect()
    assert set(novelty["severity"]) <= {"info"}


def test_release_gives_one_low_change_note_per_role(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(6)), _baseline(fx)
    note = FleetChange().evaluate(day, base).collect()
    assert note.height == 1
    assert note.select("severity", "signal").row(0) == ("low", "fleet_new_api")
    assert note["access_key_id"].to_list() == [None] and note["workload_id"].to_list() == [None]
    assert "GetSecretValue" in note["reason"][0] and "6 of 6" in note["reason"][0]
    findings = Scorer(base).score(day).collect()
    low_up = findings.filter(pl.col("severity") != "info")
    assert low_up.height == 1 and low_up["rule"].to_list() == ["fleet_change"]


def _released_day(fx: Any, release: dict[str, Any]) -> Any:
    """The release day of six instances, ``release`` (a call by some principal) logged first."""
    rows = [release] + [_instance(fx, i) for i in range(6)]
    return fx.build(rows + [_instance(fx, i, **SECRET) for i in range(6)])


def test_a_fleets_secret_read_right_after_a_release_is_info(fx: Any) -> None:
    # lows27, tuned on heldout28 B9 and heldout42 B2: the pipeline's Run Command to the
    # instances (another principal of the account) before the fleet's first read is the release's
    send = {
        **fx.role("gh-deploy", "pipeline-812", "ASIADEPLOY000001", None, None),
        **fx.AWS_IP,
        "event_source": "ssm.amazonaws.com",
        "event_name": "SendCommand",
    }
    base = _baseline(fx)
    note = FleetChange().evaluate(_released_day(fx, send), base).collect()
    assert note.height == 1 and note["severity"].to_list() == ["info"]
    assert "after the release SendCommand by pipeline-812 at 22:00:00Z" in note["reason"][0]
    # the role releasing itself, a release more than two hours before, a refused one, or one
    # that cannot reach instances (an image push) keeps the low note
    own = {**_instance(fx, 0), "event_source": "ssm.amazonaws.com", "event_name": "SendCommand"}
    early = {**send, "event_time": fx.T0 - dt.timedelta(hours=3)}
    failed = {**send, "error_code": "AccessDenied"}
    image = {**send, "event_source": "ecr.amazonaws.com", "event_name": "PutImage"}
    for release in (own, early, failed, image):
        note = FleetChange().evaluate(_released_day(fx, release), base).collect()
        assert note["severity"].to_list() == ["low"] and "release" not in note["reason"][0]


def test_the_same_new_call_from_one_instance_keeps_its_severity(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(1)), _baseline(fx)
    secret = SensitiveApi().evaluate(day, base).collect()
    assert secret["severity"].to_list() == ["medium"]
    assert FleetChange().evaluate(day, base).collect().is_empty()


def test_the_release_call_from_a_new_network_and_client_is_not_the_deploy(fx: Any) -> None:
    outsider = {**fx.ATTACKER_IP, **fx.MAC_CLI}
    day, base = _release_day(fx, adopters=range(5), outsider=outsider), _baseline(fx)
    secret = SensitiveApi().evaluate(day, base).collect()
    by_ip = dict(zip(secret["source_ip"], secret["severity"], strict=False))
    assert by_ip["104.102.221.250"] == "medium"
    assert by_ip[fx.AWS_IP["source_ip_address"]] == "info"


def test_a_new_client_on_most_instances_is_an_sdk_upgrade(fx: Any) -> None:
    upgraded = {"user_agent": "aws-sdk-go-v2/1.30 os/linux", "ua_family": "aws-sdk-go-v2"}
    rows = [_instance(fx, i, **upgraded) for i in range(5)] + [_instance(fx, 5)]
    hits = FirstSeen(dimensions=["ua_family"]).evaluate(fx.day(rows), _baseline(fx)).collect()
    assert hits.height == 5 and set(hits["severity"]) == {"info"}
    note = FleetChange().evaluate(fx.day(rows), _baseline(fx)).collect()
    assert note["signal"].to_list() == ["fleet_new_ua_family"]
    assert note["severity"].to_list() == ["info"]


def test_a_role_the_baseline_never_saw_gets_no_change_note(fx: Any) -> None:
    day = _release_day(fx, adopters=range(6))
    assert FleetChange().evaluate(day, fx.view([], mature=[])).collect().is_empty()
    assert FleetChange().evaluate(day, fx.no_history()).collect().is_empty()


def test_a_release_at_noon_over_hourly_keys_is_judged_on_the_afternoons_fleet(fx: Any) -> None:
    # four instances, a new session key per instance and hour; the release lands at hour 2,
    # and one instance was terminated before it (it cannot have taken the release up)
    import datetime as dt

    rows = []
    for hour in range(4):
        for i in range(5 if hour < 2 else 4):
            key = f"ASIAH{hour}I{i}{'X' * 10}"
            inst = fx.role("web", f"i-000{i}", key, "ec2", f"i-000{i}")
            at = fx.T0 + dt.timedelta(hours=hour, minutes=i)
            rows.append({**inst, **fx.AWS_IP, **SDK, "event_name": "GetObject", "event_time": at})
            if hour >= 2:
                later = at + dt.timedelta(seconds=30)
                rows.append({**inst, **fx.AWS_IP, **SDK, **SECRET, "event_time": later})
    day, base = fx.build(rows), _baseline(fx)
    obs = fleet(day, base).observations.filter(pl.col("dimension") == "api").collect()
    assert obs.select("actors", "active_actors", "deploy").row(0) == (4, 4, True)
    findings = Scorer(base).score(day).collect().filter(pl.col("severity") != "info")
    assert findings["rule"].to_list() == ["fleet_change"]


def test_candidates_only_filter_the_observations_they_name(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(4)), _baseline(fx, alone=True)
    full = fleet(day, base).observations.sort("dimension", "value").collect()
    secret = "secretsmanager.amazonaws.com:GetSecretValue"
    asked = pl.LazyFrame({"principal": [ROLE], "dimension": ["api"], "value": [secret]})
    only = fleet(day, base, candidates=asked).observations.collect()
    assert only.equals(full.filter(pl.col("value") == secret))


def test_the_days_fleet_tables_are_built_once_per_day_and_view(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(6)), _baseline(fx, alone=True)
    fleet(day, base)
    fleet(
        day,
        base,
        candidates=pl.LazyFrame(
            schema=dict.fromkeys(["principal", "dimension", "value"], pl.String)
        ),
    )
    assert sum(1 for key in base.memo if key[0] == "fleet") == 1
    fleet(_release_day(fx, adopters=range(2)), base)  # another day: its own tables
    assert sum(1 for key in base.memo if key[0] == "fleet") == 2


def test_a_scoring_leaves_nothing_of_its_day_in_the_scorers_view(fx: Any) -> None:
    scorer = Scorer(_baseline(fx)).fit()
    scorer.hits(_release_day(fx, adopters=range(6))).collect()
    assert not [key for key in scorer.view_.memo if key[0] == "fleet"]


def test_the_fleet_collected_within_a_scoring_equals_the_lazy_fleet(fx: Any) -> None:
    day, base = _release_day(fx, adopters=range(4)), _baseline(fx, alone=True)
    lazy = fleet(day, base).observations.sort("dimension", "value").collect()
    scoring = base.for_entities(pl.LazyFrame({"entity": [ROLE]}), engine="in-memory")
    collected = fleet(day, scoring).observations.sort("dimension", "value").collect()
    assert collected.height > 0
    assert collected.equals(lazy)


PERSON = "arn:aws:sts::653711331788:assumed-role/AWSReservedSSO_SecurityAdmin_0123abcd/a.admin"
BROWSER = {
    "user_agent": "Mozilla/5.0 Chrome/130.0",
    "ua_family": "browser",
    "ua_os_family": "windows",
}


def _person_rows(fx: Any) -> list[dict[str, Any]]:
    """One Identity Center person from a VPS: the SAML exchange, the console sign-in and two
    keys of the console session (a phished session; the person works from the office)."""
    who = {"identity_arn": PERSON, "principal_arn": PERSON, "session_name": "a.admin"}
    kms = {"event_source": "kms.amazonaws.com"}
    return [
        {
            **who,
            **fx.ATTACKER_IP,
            **BROWSER,
            "workload_kind": "saml_user",
            "workload_id": "a.admin",
            "event_name": "AssumeRoleWithSAML",
        },
        {
            **who,
            **fx.ATTACKER_IP,
            **BROWSER,
            "workload_kind": "sso_user",
            "workload_id": "a.admin",
            "access_key_id": "ASIAPERSON0000000001",
            "event_name": "ListKeys",
            **kms,
        },
        {
            **who,
            **fx.ATTACKER_IP,
            **BROWSER,
            "workload_kind": "sso_user",
            "workload_id": "a.admin",
            "access_key_id": "ASIAPERSON0000000002",
            "event_name": "DescribeKey",
            **kms,
        },
    ]


def test_one_person_is_never_a_fleet(fx: Any) -> None:
    # why: a person's SAML exchange, console key and a second sign-in's key are one actor, so
    # the person moving to a new network is no deploy that silences the novelty rules
    day = fx.build(_person_rows(fx))
    principal = add_features(day).select("principal").collect()["principal"][0]
    rows = [
        ("principal", principal, "network_key", "asn:3320"),
        ("principal", principal, "ua_family", "browser"),
        ("principal", principal, "api", "kms.amazonaws.com:ListKeys"),
    ]
    base = fx.view(rows, mature=[principal])
    obs = fleet(day, base).observations.filter(pl.col("dimension") == "network_key").collect()
    assert obs.select("actors", "deploy").row(0) == (1, False)
    assert FleetChange().evaluate(day, base).collect().is_empty()


def test_a_new_network_across_the_fleet_is_not_said_to_be_a_usual_one(fx: Any) -> None:
    # a NAT gateway replaced: every instance calls from a new AWS network with its usual client;
    # the note must not claim "the role's usual networks" for it
    nat = {**fx.AWS_IP, "network_key": "52.0.0.0/11", "source_ip_address": "52.1.2.3"}
    rows = [{**_instance(fx, i), **nat} for i in range(6)]
    note = FleetChange().evaluate(fx.day(rows), _baseline(fx)).collect()
    assert note["signal"].to_list() == ["fleet_new_network_key"]
    assert "with the role's usual client" in note["reason"][0]
    assert "usual networks" not in note["reason"][0]


def _observations(view: Any) -> pl.DataFrame:
    return view.observations.collect(engine="in-memory").sort(pl.all())


def test_a_scoring_reads_each_rules_candidates_from_the_days_observations(fx: Any) -> None:
    # within a scoring (an engine set) the day's observations of every new value are computed
    # once and each rule's candidates are chosen from them: the rows a rule gets must be the
    # ones computed from its candidates alone (the plan outside a scoring)
    outsider = {"ua_family": "curl", "user_agent": "curl/8.4"}
    day = _release_day(fx, adopters=range(4), outsider=outsider)
    featured = add_features(day)
    every = fleet(featured, _baseline(fx, alone=True))
    assert _observations(every).height >= 2  # the day has new values of the role to ask about
    asked = _observations(every).select("principal", "dimension", "value").head(1)
    scoring = _baseline(fx).for_entities(pl.LazyFrame({"entity": [ROLE]}), engine="in-memory")
    alone = fleet(featured, _baseline(fx, alone=True), candidates=asked.lazy())
    within = fleet(featured, scoring, candidates=asked.lazy())
    assert _observations(within).equals(_observations(alone))
    assert _observations(within).height == 1
    # the whole day's observations are the same within a scoring as outside it
    assert _observations(fleet(featured, scoring)).equals(_observations(every))


def test_a_rule_with_no_candidate_gets_no_observation_with_their_schema(fx: Any) -> None:
    day = add_features(_release_day(fx, adopters=range(6)))
    scoring = _baseline(fx).for_entities(pl.LazyFrame({"entity": [ROLE]}), engine="in-memory")
    none = pl.LazyFrame(schema={"principal": pl.String, "dimension": pl.String, "value": pl.String})
    within = fleet(day, scoring, candidates=none)
    alone = fleet(day, _baseline(fx, alone=True), candidates=none)
    assert within.observations.collect(engine="in-memory").height == 0
    assert within.observations.collect_schema() == alone.observations.collect_schema()
