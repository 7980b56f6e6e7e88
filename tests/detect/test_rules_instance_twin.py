"""An EC2 instance's key used from an AWS address the instance never used, while the instance
goes on calling from its own, is medium even when both addresses share an ``ip-ranges.json``
prefix (``credential_ip_lock``'s ``instance_key_elsewhere``; sixteenth session, tuning on
heldout26's A7: an instance key taken by SSRF, replayed from another account's instance of the
same region with the application's own SDK). An instance that moved (every later key from the
new address), one that stopped calling from home, or a known address is not this signal."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.features import add_features, day_entities, with_codes
from ueba.detect.rules import CredentialIpLock
from ueba.detect.scorer import ENGINE

ROLE = "odra-app-ec2"
PREFIX = {"source_kind": "aws", "network_key": "aws:54.74.0.0/15", "aws_service": "EC2"}
HOME_IP, AWAY_IP = "54.75.151.100", "54.75.201.17"


def _call(fx: Any, key: str, ip: str, name: str = "GetSecretValue") -> dict[str, Any]:
    return {
        **fx.role(ROLE, "i-0qv5hnfcaa4uysmzk", key, "ec2", "i-0qv5hnfcaa4uysmzk"),
        "event_source": "secretsmanager.amazonaws.com",
        "event_name": name,
        "source_ip_address": ip,
        **PREFIX,
        **fx.BOTO,
    }


def _day(fx: Any, *, after: bool = True, moved: bool = False) -> list[dict[str, Any]]:
    home, stolen = "ASIAINSTANCEHOME0001", "ASIAINSTANCECOPY0001"
    rows = [_call(fx, home, HOME_IP, "DescribeTags")]
    rows += [_call(fx, stolen, AWAY_IP, "ListSecrets"), _call(fx, stolen, AWAY_IP)]
    if moved:  # the instance's next key calls from the new address too
        rows.append(_call(fx, "ASIAINSTANCENEXT0001", AWAY_IP, "DescribeTags"))
    if after:
        rows.append(_call(fx, home, HOME_IP, "DescribeTags"))
    return rows


def _view(fx: Any, *addresses: str) -> Any:
    workload = "ec2:i-0qv5hnfcaa4uysmzk"
    rows = [("workload", workload, "source_ip", ip) for ip in (HOME_IP, *addresses)]
    rows += [("workload", workload, "network_key", PREFIX["network_key"])]
    return fx.view(rows, mature_workloads=[workload])


def _hits(fx: Any, rows: list[dict[str, Any]], view: Any) -> pl.DataFrame:
    hits = CredentialIpLock().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == "instance_key_elsewhere")


def test_an_instance_key_elsewhere_while_the_instance_stays_home_is_medium(fx: Any) -> None:
    # the rule's every hit on the day, evaluated once: the signal's rows, and no other signal
    every = CredentialIpLock().evaluate(fx.day(_day(fx)), _view(fx)).collect()
    hits = every.filter(pl.col("signal") == "instance_key_elsewhere")
    assert hits["event_name"].to_list() == ["ListSecrets", "GetSecretValue"]
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    assert AWAY_IP in hits["reason"][0] and HOME_IP in hits["reason"][0]
    # the network lock alone holds: same prefix, no other signal of the rule
    assert set(every["signal"]) == {"instance_key_elsewhere"}


def test_a_moved_instance_one_that_left_home_or_a_known_address_is_not_this_signal(
    fx: Any,
) -> None:
    assert _hits(fx, _day(fx, moved=True), _view(fx)).is_empty()
    assert _hits(fx, _day(fx, after=False), _view(fx)).is_empty()
    assert _hits(fx, _day(fx), _view(fx, AWAY_IP)).is_empty()


TASK_ROLE = "newsletter-builder-task"
TASK_ARN = f"arn:aws:iam::653711331788:role/{TASK_ROLE}"
NAT_IP, OTHER_IP = "54.247.134.233", "54.247.122.223"


def _task_call(fx: Any, key: str, ip: str, name: str = "ListContacts") -> dict[str, Any]:
    task = key[-4:]  # one task run, one key
    return {
        **fx.role(TASK_ROLE, f"task-{task}", key, "ecs", f"task-{task}"),
        "event_source": "sesv2.amazonaws.com",
        "event_name": name,
        "source_ip_address": ip,
        **PREFIX,
        **fx.BOTO,
    }


def _task_hits(fx: Any, rows: list[dict[str, Any]], *addresses: str) -> pl.DataFrame:
    rows_ = [("principal", TASK_ARN, "source_ip", ip) for ip in (NAT_IP, *addresses)]
    view = fx.view(rows_, mature=[TASK_ARN])
    hits = CredentialIpLock().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == "task_key_elsewhere")


def test_a_tasks_key_elsewhere_after_the_task_used_it_at_home_is_medium(fx: Any) -> None:
    # tuning on heldout28's A11: the newsletter task's key, read from the task metadata by SSRF,
    # from another account's instance in the NAT gateway's prefix after the task's own calls
    key = "ASIATASKRUN000000001"
    rows = [
        _task_call(fx, key, NAT_IP, "GetSecretValue"),
        _task_call(fx, key, OTHER_IP, "ListContactLists"),
        _task_call(fx, key, OTHER_IP),
    ]
    hits = _task_hits(fx, rows)
    assert hits["event_name"].to_list() == ["ListContactLists", "ListContacts"]
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    assert OTHER_IP in hits["reason"][0] and NAT_IP in hits["reason"][0]


def test_a_new_nat_gateway_a_known_address_or_a_key_never_home_is_not_this_signal(
    fx: Any,
) -> None:
    key = "ASIATASKRUN000000001"
    home, away = _task_call(fx, key, NAT_IP), _task_call(fx, key, OTHER_IP)
    # every later task calls from the new address too: a new NAT gateway
    later = _task_call(fx, "ASIATASKRUN000000002", OTHER_IP)
    assert _task_hits(fx, [home, away, later]).is_empty()
    assert _task_hits(fx, [home, away], OTHER_IP).is_empty()
    # a task whose whole life is at the new address (a task in a new subnet) never was home
    assert _task_hits(fx, [away]).is_empty()
    # away first, home after (events timed in order): the key did not leave home
    assert _task_hits(fx, [away, home]).is_empty()


def _scored(fx: Any, rows: list[dict[str, Any]], view: Any) -> pl.DataFrame:
    """The rule's hits as a scoring sees them: the day featured and coded, the view narrowed
    to the day's entities with an engine (the path that looks up the day's distinct (entity,
    address) pairs and gathers only the calls of the pairs away and their home calls)."""
    today = with_codes(add_features(fx.build(rows).collect())).lazy()
    scoring = view.for_entities(day_entities(today), engine=ENGINE)
    return CredentialIpLock().evaluate(today, scoring).collect(engine=ENGINE)


def test_within_a_scoring_the_twins_are_the_same_among_other_instances_and_tasks(
    fx: Any,
) -> None:
    # the twinned instance among a second instance of the role that only calls from home, an
    # instance whose lone new address is never followed by home, and a task twinned the same day
    other = {**fx.role(ROLE, "i-0other", "ASIAOTHERINSTANCE001", "ec2", "i-0other")}
    gone = {**fx.role(ROLE, "i-0gone", "ASIAGONEINSTANCE0001", "ec2", "i-0gone")}

    def at(who: dict[str, Any], ip: str) -> dict[str, Any]:
        return {**_call(fx, "x", ip, "DescribeTags"), **who}

    key = "ASIATASKRUN000000001"
    tasks = [_task_call(fx, key, NAT_IP), _task_call(fx, key, OTHER_IP)]
    rows = [at(other, "54.75.151.101"), at(gone, "54.75.151.102")]
    rows += _day(fx) + tasks + [at(other, "54.75.151.101"), at(gone, "54.75.9.9")]
    rows_ = [
        ("workload", "ec2:i-0other", "source_ip", "54.75.151.101"),
        ("workload", "ec2:i-0gone", "source_ip", "54.75.151.102"),
        ("workload", "ec2:i-0qv5hnfcaa4uysmzk", "source_ip", HOME_IP),
        ("principal", TASK_ARN, "source_ip", NAT_IP),
    ]
    # the lazy view a rule run alone gets (alone=True), against the scoring's (_scored)
    view = fx.view(
        rows_, mature=[TASK_ARN], mature_workloads=["ec2:i-0qv5hnfcaa4uysmzk"], alone=True
    )
    # each path's hits once (the rule on the raw day alone; the scoring's path), then per signal
    every_alone = CredentialIpLock().evaluate(fx.build(rows), view).collect()
    every_scored = _scored(fx, rows, view)
    for signal, names in (
        ("instance_key_elsewhere", ["ListSecrets", "GetSecretValue"]),
        ("task_key_elsewhere", ["ListContacts"]),
    ):
        alone = every_alone.filter(pl.col("signal") == signal).sort("event_id")
        scored = every_scored.filter(pl.col("signal") == signal).sort("event_id")
        assert scored["event_name"].to_list() == names
        assert scored.equals(alone)
