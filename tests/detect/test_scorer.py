"""Scorer: one finding per incident, noisy-OR score, deterministic ids, suppressions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from ueba.config import Config
from ueba.detect.scorer import Scorer
from ueba.exceptions import ConfigError
from ueba.schema import FINDINGS

L1 = "ASIAZQNB3KHGIGYQXVVG"
L3 = "ASIAZQNB3KHGNXWXBSJS"


def _flaws2_like(fx: Any) -> pl.LazyFrame:
    l1 = fx.role("level1", "level1", L1, "lambda", "level1")
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    return fx.build(
        [
            {
                **l1,
                **fx.AWS_IP,
                **fx.BOTO,
                "event_name": "CreateLogStream",
                "error_code": "AccessDenied",
            },
            {**l1, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListObjects"},
            {
                **l1,
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "event_source": "ecr.amazonaws.com",
                "event_name": "ListImages",
            },
            {**l3, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListBuckets"},
            {
                "principal_type": "aws_service",
                "invoked_by": "lambda.amazonaws.com",
                "source_ip_address": "lambda.amazonaws.com",
                "source_kind": "aws_service",
                "event_source": "sts.amazonaws.com",
                "event_name": "AssumeRole",
            },
        ]
    )


@pytest.fixture(scope="module")
def flaws2_scored(fx: Any) -> pl.LazyFrame:
    """What ``score`` returns for the flaws2-like day given as a LazyFrame, with the default
    configuration and no baseline: scored once for the module."""
    return Scorer(None).score(_flaws2_like(fx))


@pytest.fixture(scope="module")
def flaws2_findings(flaws2_scored: pl.LazyFrame) -> pl.DataFrame:
    """The flaws2-like day's findings (``flaws2_scored`` collected), for the tests that only
    read them (a DataFrame: nothing can change it in place)."""
    return flaws2_scored.collect()


def test_findings_are_exactly_the_findings_schema(flaws2_findings: pl.DataFrame) -> None:
    assert dict(flaws2_findings.schema) == dict(FINDINGS)


def test_one_finding_per_actor_with_sentences_and_evidence(flaws2_findings: pl.DataFrame) -> None:
    out = flaws2_findings
    assert sorted(out["access_key_id"]) == [L1, L3]
    l3 = out.filter(pl.col("access_key_id") == L3).row(0, named=True)
    assert l3["event_count"] == 1 and l3["severity"] == "high"
    assert any("104.102.221.250" in r for r in l3["reasons"])
    assert any("macOS" in r for r in l3["reasons"])
    assert {e["rule"] for e in l3["evidence"]} >= {"credential_outside_workload"}
    assert l3["source_ips"] == ["104.102.221.250"]
    l1 = out.filter(pl.col("access_key_id") == L1).row(0, named=True)
    assert l1["event_count"] == 2  # the two attacker calls, not the Lambda's own
    assert 0.0 < l1["score"] <= 1.0


def _one_call(fx: Any) -> pl.LazyFrame:
    """One call of the ECS task's key from outside AWS with its own SDK: one signal."""
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    return fx.build([{**l3, **fx.ATTACKER_IP, **fx.BOTO, "event_name": "GetObject"}])


@pytest.fixture(scope="module")
def one_call_findings(fx: Any) -> pl.DataFrame:
    """``_one_call``'s findings with the default configuration, scored once for the module."""
    return Scorer(None).score(_one_call(fx)).collect()


def test_score_is_noisy_or_of_distinct_signals(fx: Any, one_call_findings: pl.DataFrame) -> None:
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    many = fx.build([{**l3, **fx.ATTACKER_IP, **fx.BOTO, "event_name": "GetObject"}] * 5)
    s1 = one_call_findings["score"][0]
    s5 = Scorer(None).score(many).collect()["score"][0]
    assert s1 == s5 == 0.9  # one signal, repeated: counted once at its weight
    both = fx.build([{**l3, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "GetObject"}])
    s2 = Scorer(None).score(both).collect()["score"][0]
    assert abs(s2 - (1 - (1 - 0.9) * (1 - 0.85))) < 1e-4


def test_finding_id_is_deterministic_and_distinct(fx: Any, flaws2_findings: pl.DataFrame) -> None:
    # the module's scoring and a second one of the same day, in the same process
    a = flaws2_findings.sort("access_key_id")
    b = Scorer(None).score(_flaws2_like(fx)).collect().sort("access_key_id")
    assert a["finding_id"].to_list() == b["finding_id"].to_list()
    assert a["finding_id"].n_unique() == 2


def test_benign_service_activity_raises_nothing(fx: Any) -> None:
    l1 = fx.role("level1", "level1", L1, "lambda", "level1")
    day = fx.build(
        [
            {
                **l1,
                **fx.AWS_IP,
                **fx.BOTO,
                "event_name": "CreateLogStream",
                "error_code": "AccessDenied",
            },
            {
                "principal_type": "aws_service",
                "invoked_by": "apigateway.amazonaws.com",
                "source_ip_address": "apigateway.amazonaws.com",
                "source_kind": "aws_service",
                "event_source": "lambda.amazonaws.com",
                "event_name": "Invoke",
            },
        ]
    )
    assert Scorer(None).score(day).collect().is_empty()


def test_suppression_allow_list_and_trusted_networks(fx: Any) -> None:
    day = _flaws2_like(fx)
    trusted = Config.from_dict({"intel": {"trusted": ["104.102.221.0/24"]}})
    assert Scorer(None, config=trusted).score(day).collect().is_empty()
    allow = Config.from_dict({"allow": {"principals": ["arn:aws:iam::*:role/level3"]}})
    keys = Scorer(None, config=allow).score(day).collect()["access_key_id"].to_list()
    assert keys == [L1]
    sup = Config.from_dict(
        {
            "detect": {
                "suppress": [
                    {
                        "rule": "credential_*",
                        "access_key_id": L1,
                        "source_ip": ["104.102.221.0/24"],
                        "reason": "red team exercise",
                    }
                ]
            }
        }
    )
    out = Scorer(None, config=sup).score(day).collect()
    assert L1 not in out["access_key_id"].to_list()


def test_min_severity_drops_weak_findings(fx: Any, one_call_findings: pl.DataFrame) -> None:
    day = _one_call(fx)
    assert one_call_findings["severity"].to_list() == ["high"]
    strict = Config.from_dict({"detect": {"min_severity": "critical"}})
    assert Scorer(None, config=strict).score(day).collect().is_empty()


def test_novelty_is_silent_while_the_principal_is_learning(fx: Any) -> None:
    role_arn = "arn:aws:iam::653711331788:role/app"
    who = fx.role("app", "s1", "ASIAAPP", None, None)
    day = fx.build([{**who, **fx.AWS_IP, **fx.BOTO, "event_name": "ListBuckets"}])
    rows = [("principal", role_arn, "api", "s3.amazonaws.com:GetObject")]
    learning = Scorer(fx.view(rows, mature=[])).score(day).collect()
    assert learning.is_empty()
    mature = Scorer(fx.view(rows, mature=[role_arn])).score(day).collect()
    assert mature.height == 1 and mature["maturity"].to_list() == ["mature"]
    assert "never called by role app" in " ".join(mature["reasons"][0])


def test_self_evidence_fires_and_says_learning_with_no_history(fx: Any) -> None:
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    day = fx.build([{**l3, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListBuckets"}])
    out = Scorer(None).score(day).collect()
    assert out["maturity"].to_list() == ["learning"]
    assert out["severity"][0] in ("high", "critical")


def test_corroborated_finding_is_promoted(fx: Any) -> None:
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    day = fx.build(
        [
            {
                **l3,
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "event_source": "cloudtrail.amazonaws.com",
                "event_name": "StopLogging",
            },
        ]
    )
    out = Scorer(None).score(day).collect()
    assert out["severity"].to_list() == ["critical"]
    assert set(out["rules"][0]) == {"credential_outside_workload", "defense_evasion"}


def test_an_actor_over_two_days_is_one_incident(fx: Any) -> None:
    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    rows = [
        {**l3, **fx.ATTACKER_IP, **fx.BOTO},
        {**l3, **fx.ATTACKER_IP, **fx.BOTO, "event_time": fx.T0 + dt.timedelta(days=1)},
    ]
    out = Scorer(None).score(fx.build(rows)).collect()
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["last_seen"] - row["first_seen"] == dt.timedelta(days=1)
    assert row["event_count"] == 2 and row["activity"] == "create"


def test_every_hourly_key_of_a_stolen_task_folds_into_one_incident(fx: Any) -> None:
    # the case: one stolen ECS task key used once an hour for a day, 12 session keys
    rows = [
        {
            **fx.role("level3", "d190", f"ASIASTOLEN{h:02d}", "ecs", "d190"),
            **fx.ATTACKER_IP,
            **fx.MAC_CLI,
            "event_time": fx.T0 + dt.timedelta(hours=h),
        }
        for h in range(12)
    ]
    out = Scorer(None).score(fx.build(rows)).collect()
    assert out.height == 1
    row = out.row(0, named=True)
    # a fleet workload's incident is its role's; the task stays named as the workload
    assert (row["actor_kind"], row["actor_id"], row["cause"]) == (
        "role",
        "arn:aws:iam::653711331788:role/level3",
        "credential_misuse",
    )
    assert (row["workload_kind"], row["workload_id"]) == ("ecs", "d190")
    assert row["access_key_ids"] == [f"ASIASTOLEN{h:02d}" for h in range(12)]
    assert row["event_count"] == 12 and row["severity"] == "high"
    assert len(row["reasons"]) == len(set(row["reasons"]))
    assert len(row["evidence"]) <= 20


def test_finding_id_names_actor_cause_and_opening_day_not_the_rules(fx: Any) -> None:
    import uuid

    from ueba.detect._grouping import FINDING_NAMESPACE

    l3 = fx.role("level3", "d190", L3, "ecs", "d190")
    one = Scorer(None).score(fx.build([{**l3, **fx.ATTACKER_IP, **fx.BOTO}])).collect()
    # more evidence of the same incident (another rule fires too): same id
    two = (
        Scorer(None)
        .score(fx.build([{**l3, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "StopLogging"}]))
        .collect()
    )
    assert set(one["rules"][0]) != set(two["rules"][0])
    assert one["finding_id"][0] == two["finding_id"][0]
    role = "arn:aws:iam::653711331788:role/level3"
    text = f"653711331788|role|{role}|credential_misuse|{fx.T0.date().isoformat()}"
    assert one["finding_id"][0] == str(uuid.uuid5(FINDING_NAMESPACE, text))


def test_scores_against_a_real_fitted_baseline(fx: Any) -> None:
    from ueba.baseline.profile import Baseline

    role_arn = "arn:aws:iam::653711331788:role/app"
    history = []
    for d in range(10):
        for h in range(3):
            history.append(
                {
                    **fx.role("app", f"s{d}", f"ASIAH{d:02d}", None, None),
                    **fx.AWS_IP,
                    **fx.BOTO,
                    "event_name": "GetObject",
                    "event_time": fx.T0 - dt.timedelta(days=10 - d, hours=-h),
                }
            )
    baseline = Baseline(window="30d", min_days=3).fit(
        fx.build(history), until=fx.T0.date().isoformat()
    )
    today = fx.build(
        [
            {
                **fx.role("app", "new", "ASIANEW", None, None),
                **fx.AWS_IP,
                **fx.BOTO,
                "event_name": "GetObject",
            },
            {
                **fx.role("app", "new", "ASIANEW", None, None),
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "event_name": "ListBuckets",
            },
        ]
    )
    out = Scorer(baseline).score(today).collect()
    assert out["principal_arn"].to_list() == [role_arn]
    reasons = " ".join(out["reasons"][0])
    assert "ListBuckets: recon call; never called by role app in 30 days" in reasons
    assert "operating system macos: never seen for role app" in reasons


def test_behaviour_of_a_roles_instances_is_one_finding_of_the_role(fx: Any) -> None:
    # the same sensitive call from two instances of one role, from their own AWS addresses:
    # a fleet changes together, so one behaviour incident for the role, naming both keys
    rows = [
        {
            **fx.role("app", f"i-0{n}", f"ASIAINST{n}", "ec2", f"i-0{n}"),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_source": "cloudtrail.amazonaws.com",
            "event_name": "StopLogging",
        }
        for n in (1, 2)
    ]
    out = Scorer(None).score(fx.build(rows)).collect()
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["cause"], row["actor_kind"]) == ("behaviour_change", "role")
    assert row["actor_id"] == "arn:aws:iam::653711331788:role/app"
    assert row["access_key_ids"] == ["ASIAINST1", "ASIAINST2"]


def test_the_constructor_only_stores_and_fit_checks(fx: Any) -> None:
    # scikit-learn's rule: a bad configuration is found by fit (or score), not by __init__.
    bad = Config.from_dict({"detect": {"rules": {"first_sen": {}}}})
    scorer = Scorer(None, config=bad, incidents="no/such/store")
    assert scorer.config is bad
    assert not hasattr(scorer, "rules_")
    with pytest.raises(ConfigError, match=r"first_sen: unknown rule \(did you mean first_seen\?\)"):
        scorer.fit()
    with pytest.raises(ConfigError, match=r"config must be a ueba\.Config, not str"):
        Scorer(None, config="ueba.toml").fit()  # type: ignore[arg-type]


def test_a_dataframe_in_gives_findings_as_a_dataframe(
    fx: Any, flaws2_scored: pl.LazyFrame, flaws2_findings: pl.DataFrame
) -> None:
    lazy = flaws2_scored  # the module's scoring of the day as a LazyFrame
    eager = Scorer(None).score(_flaws2_like(fx).collect())
    assert isinstance(lazy, pl.LazyFrame) and isinstance(eager, pl.DataFrame)
    # flaws2_findings is a LazyFrame in, collected: the same findings as the DataFrame in
    assert eager.equals(flaws2_findings)
    assert isinstance(Scorer(None).hits(_flaws2_like(fx).collect()), pl.DataFrame)


def test_score_reads_a_lazy_day_once_for_rules_chains_and_sources(fx: Any) -> None:
    # a lake scan is the usual input: the rules, the role chains and the findings' sources all
    # read the day collected once per scoring, not a scan each
    day = _flaws2_like(fx).collect()
    reads: list[int] = []

    def counted(frame: pl.DataFrame) -> pl.DataFrame:
        reads.append(frame.height)
        return frame

    lazy = day.lazy().map_batches(counted, schema=day.schema, streamable=False)
    out = Scorer(None).score(lazy).collect()
    assert sorted(out["access_key_id"]) == [L1, L3]
    assert reads == [day.height]


def test_fit_learns_a_baseline_from_history_when_none_was_given(fx: Any) -> None:
    history = _flaws2_like(fx)
    scorer = Scorer(None, config=Config.from_dict({"baseline": {"window": "7d", "min_days": 1}}))
    assert scorer.fit(history) is scorer
    assert scorer.view_.present and scorer.view_.window_days == 7


def test_hits_on_the_profile_cut_to_the_day_equal_hits_on_the_whole_profile(fx: Any) -> None:
    # the Scorer cuts the profile to the day's entities (BaselineView.for_entities) and collects
    # the features once; every rule run alone on the whole profile must give the same hits
    from ueba.baseline.profile import Baseline
    from ueba.detect._suppress import suppress
    from ueba.detect.features import add_features
    from ueba.schema import ENRICHED, conform

    history = [
        {
            **fx.role(name, f"s{d}", f"ASIA{name.upper()}{d:02d}", "ec2", f"i-{name}"),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_name": "GetObject",
            "event_time": fx.T0 - dt.timedelta(days=10 - d, hours=-h),
        }
        for name in ("app", "other")
        for d in range(10)
        for h in range(3)
    ]
    baseline = Baseline(window="30d", min_days=3).fit(
        fx.build(history), until=fx.T0.date().isoformat()
    )
    old_key = fx.role("app", "s9", "ASIAAPP09", "ec2", "i-app")
    today = fx.build(
        [
            {**old_key, **fx.AWS_IP, **fx.BOTO, "event_name": "GetObject"},
            {**old_key, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListBuckets"},
            {
                **fx.role("app", "new", "ASIANEW", "ec2", "i-app"),
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "event_name": "GetSecretValue",
                "event_source": "secretsmanager.amazonaws.com",
            },
        ]
    )
    scorer = Scorer(baseline).fit()
    got = scorer.hits(today).collect(engine="in-memory")
    featured = add_features(conform(today, ENRICHED))
    whole = baseline.view()  # a fresh view, its own empty memo
    parts = [rule.evaluate(featured, whole) for rule in scorer.rules_]
    expected = suppress(pl.concat(parts), scorer.config_).collect(engine="in-memory")
    assert got.height > 0
    key = ["rule", "event_id", "signal", "reason", "severity"]
    assert got.sort(key).equals(expected.sort(key))


def test_hits_collected_rule_by_rule_equal_the_one_plan(fx: Any) -> None:
    # score() collects each rule's plan on its own (polars optimises one ~40-rule plan slowly);
    # the lazy hits() keeps one plan: the same rows either way
    today = _flaws2_like(fx).collect()
    scorer = Scorer(None).fit()
    day = scorer._day(today)
    each = scorer._hits(day, collect=True).collect(engine="in-memory")
    one = scorer._hits(day).collect(engine="in-memory")
    assert each.height > 0
    key = ["rule", "event_id", "signal", "reason", "severity"]
    assert each.sort(key).equals(one.sort(key))


def test_day_entities_names_every_principal_account_key_and_workload(fx: Any) -> None:
    from ueba.detect.features import add_features, day_entities
    from ueba.schema import ENRICHED, conform

    today = fx.build(
        [{**fx.role("app", "s1", "ASIAONE", "ec2", "i-1"), **fx.AWS_IP, "event_name": "GetObject"}]
    )
    featured = add_features(conform(today, ENRICHED)).collect(engine="in-memory")
    names = set(day_entities(featured.lazy()).collect(engine="in-memory")["entity"].to_list())
    row = featured.row(0, named=True)
    expected = {row["principal"], row["account_id"], row["access_key_id"], row["workload_entity"]}
    assert expected <= names
    assert "ASIAONE" in names and "ec2:i-1" in names


def test_a_fleet_roles_misused_instance_and_unbound_keys_are_one_finding(fx: Any) -> None:
    # an instance key locked to its address then used from another (misuse) and, the same day,
    # keys of the same role the trail cannot bind to an instance calling StopLogging
    # (behaviour, weighing as much): one role, one finding, led by the stolen instance
    stolen = fx.role("bastion", "i-0e255a815a703c9f5", "ASIASTOLEN", "ec2", "i-0e255a815a703c9f5")
    moved = {**fx.AWS_IP, "source_ip_address": "3.80.1.2", "network_key": "3.80.0.0/12"}
    unbound = [fx.role("bastion", f"s{n}", f"ASIAUNBOUND{n}", None, None) for n in (1, 2)]
    rows = [
        {
            **key,
            **fx.AWS_IP,
            **fx.BOTO,
            "event_source": "cloudtrail.amazonaws.com",
            "event_name": "StopLogging",
        }
        for key in unbound
    ] + [
        {**stolen, **fx.AWS_IP, **fx.BOTO, "event_name": "ListBuckets"},
        {**stolen, **moved, **fx.BOTO, "event_name": "ListBuckets"},
    ]
    out = Scorer(None).score(fx.build(rows)).collect()
    assert out.height == 1, out.select("actor_kind", "actor_id", "cause")
    row = out.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"], row["cause"]) == (
        "role",
        "arn:aws:iam::653711331788:role/bastion",
        "credential_misuse",
    )
    assert row["access_key_ids"] == ["ASIASTOLEN", "ASIAUNBOUND1", "ASIAUNBOUND2"]
    # the instance stays named: as the finding's workload and in its first reason
    assert row["workload_id"] == "i-0e255a815a703c9f5"
    assert "i-0e255a815a703c9f5" in row["reasons"][0]
