"""Hand-built ENRICHED frames for rule tests (no dependency on ingest or enrichment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

from ueba._collect import ENGINE
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, with_codes
from ueba.schema import ENRICHED, conform

T0 = dt.datetime(2018, 11, 28, 22, 0, tzinfo=dt.UTC)

DEFAULTS: dict[str, Any] = {
    "event_source": "s3.amazonaws.com",
    "event_name": "ListObjects",
    "aws_region": "us-east-1",
    "recipient_account_id": "653711331788",
    "identity_account_id": "653711331788",
    "identity_type": "AssumedRole",
    "principal_type": "role",
    "credential_kind": "session_key",
}

AWS_IP = {
    "source_ip_address": "34.234.236.212",
    "source_kind": "aws",
    "network_key": "34.224.0.0/12",
    "aws_service": "EC2",
    "ip_aws_region": "us-east-1",
    "asn": 14618,
    "as_org": "AMAZON-AES",
}
ATTACKER_IP = {
    "source_ip_address": "104.102.221.250",
    "source_kind": "public",
    "network_key": "AS20940",
    "asn": 20940,
    "as_org": "Akamai",
    "country": "US",
}
MAC_CLI = {
    "user_agent": "aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9",
    "ua_family": "aws-cli",
    "ua_version": "1.16.19",
    "ua_os_family": "macos",
    "ua_fingerprint": "aws-cli/1 Python Darwin",
}
BOTO = {
    "user_agent": "Boto3/1.9.0 Python/3.7 Linux/4.14 exec-env/AWS_Lambda_python3.7",
    "ua_family": "boto3",
    "ua_version": "1.9.0",
    "ua_os_family": "linux",
    "ua_exec_env": "Lambda",
    "ua_fingerprint": "Boto3 Python Linux",
}


@pytest.fixture(autouse=True, scope="module")
def _scorer_engine() -> Iterator[None]:
    """A rule's plan collected by a test (``rule.evaluate(day, view).collect()``) runs on the
    engine the Scorer collects every rule's plan with (``ENGINE``, in memory), not on polars'
    default: since polars 2.0 that is the streaming engine, which the product never runs a rule
    on, and whose start-up per plan cost a crafted few-row day ~5x the in-memory collect
    (benchmarks/README.md, "CI time", ci18). The lowest polars admitted defaults to in memory
    already. Module-scoped (an xdist worker runs a whole module), so Hypothesis tests see no
    function-scoped fixture; the engine is restored after the module. The product's own collects
    name their engine (``ueba._collect``) and do not read this setting."""
    with pl.Config(engine_affinity=ENGINE):
        yield


def role(
    name: str, session: str, key: str, kind: str | None, workload: str | None
) -> dict[str, Any]:
    return {
        "identity_arn": f"arn:aws:sts::653711331788:assumed-role/{name}/{session}",
        "principal_arn": f"arn:aws:iam::653711331788:role/{name}",
        "session_name": session,
        "access_key_id": key,
        "workload_kind": kind,
        "workload_id": workload,
    }


def saml_sign_in(person: str) -> dict[str, Any]:
    """A person's sign-in through the identity provider as enrichment shapes it (an
    ``AssumeRoleWithSAML`` of a ``SAMLUser`` caller): the sign-in that vouches for a desk
    (``_person_place``), which a replayed token does not make. Add the place and client."""
    return {
        "identity_arn": None,
        "principal_arn": f"saml:XHzq0+4UkwrOa8sQ8dOiSGcI5Ck=:{person}",
        "session_name": None,
        "access_key_id": None,
        "identity_type": "SAMLUser",
        "principal_type": "saml_user",
        "identity_user_name": person,
        "workload_kind": "saml_user",
        "workload_id": person,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithSAML",
    }


def build(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    """ENRICHED LazyFrame from partial rows; event_id/event_time filled in order."""
    full = []
    for i, row in enumerate(rows):
        r = {**DEFAULTS, "event_id": f"ev-{i:04d}", "event_time": T0 + dt.timedelta(minutes=i)}
        r.update(row)
        full.append(r)
    cols = sorted({k for r in full for k in r})
    data = {c: [r.get(c) for r in full] for c in cols}
    schema = {c: ENRICHED[c] for c in cols}
    return conform(pl.DataFrame(data, schema=schema).lazy(), ENRICHED)


def day(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    """The day of ``rows`` (:func:`build`) as a scoring hands it to the rules
    (``Scorer._hits``): collected, the features added once (``add_features``) and the shared
    group-by keys coded (``with_codes``), a LazyFrame over the frame in memory.

    A rule handed :func:`build`'s plan adds the features inside its own plan, again in every
    branch that reads the day: the path of a rule run alone on a raw day, which
    ``ueba.testing.check_rule`` runs for every registered rule. On this path sensitive_api's plan
    on a one-row day is ~1,800 lines instead of ~3,300 and collects in about half the CPU
    (benchmarks/README.md, "CI time", ci25a); the hits are the same."""
    return with_codes(add_features(build(rows).collect(engine=ENGINE))).lazy()


@pytest.fixture
def enriched() -> Callable[[list[dict[str, Any]]], pl.LazyFrame]:
    return build


@pytest.fixture(scope="session")
def fx() -> SimpleNamespace:
    """The helpers and canned values of this module, for tests (importlib mode has no
    sibling imports). Session-scoped: pure functions and constants that no test changes, so
    module-scoped fixtures (a day scored once for a module's tests) can use them too."""
    return SimpleNamespace(
        build=build,
        day=day,
        role=role,
        saml_sign_in=saml_sign_in,
        T0=T0,
        AWS_IP=AWS_IP,
        ATTACKER_IP=ATTACKER_IP,
        MAC_CLI=MAC_CLI,
        BOTO=BOTO,
        view=view,
        no_history=no_history,
    )


def no_history() -> BaselineView:
    """The view a scoring without history gives the rules (``Scorer(None)``: no baseline, the
    scoring's ``engine`` set, a fresh memo), where a rule run alone gets ``None``. The same
    answers (``ueba.testing.check_rule`` runs every rule with ``None``), at about half a rule
    test's CPU (see :func:`view`)."""
    return BaselineView(engine=ENGINE)


def view(
    rows: list[tuple[str, str, str, str]],
    *,
    mature: list[str] = (),  # type: ignore[assignment]
    mature_accounts: list[str] = (),  # type: ignore[assignment]
    mature_workloads: list[str] = (),  # type: ignore[assignment]
    volume: list[tuple[str, str, int, int, int]] = (),  # type: ignore[assignment]
    days: int = 20,
    alone: bool = False,
) -> BaselineView:
    """A baseline view from (scope, entity, dimension, value) rows seen daily before T0.

    As a scoring gives it to the rules (``Scorer`` -> ``BaselineView.for_entities``): with the
    scoring's ``engine`` set, so that ``known`` and ``materialize`` collect what they share
    once, in memory, and a rule's plan reads those frames instead of recomputing them per
    branch. That is the path the product runs, and it costs a rule test about half the CPU of
    the lazy one (benchmarks/README.md, "CI time", ci24a). ``alone=True`` gives the view a
    rule run outside a scoring gets (no engine: every look-up stays one lazy plan), for the
    tests that compare the two paths; ``ueba.testing.check_rule`` runs every rule that way
    too."""
    seen = T0 - dt.timedelta(days=1)
    n = len(rows)
    profile = pl.DataFrame(
        {
            "scope": [r[0] for r in rows],
            "entity": [r[1] for r in rows],
            "account_id": ["653711331788"] * n,
            "dimension": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "count": [50] * n,
            "days_seen": [days] * n,
            "first_seen": [seen - dt.timedelta(days=days)] * n,
            "last_seen": [seen] * n,
        },
        schema_overrides={"value": pl.String, "entity": pl.String},
    )
    entities = (
        [("principal", e) for e in mature]
        + [("account", a) for a in mature_accounts]
        + [("workload", w) for w in mature_workloads]
    )
    maturity = pl.DataFrame(
        {
            "scope": [e[0] for e in entities],
            "entity": [e[1] for e in entities],
            "account_id": ["653711331788"] * len(entities),
            "days_observed": [days] * len(entities),
            "events": [1000] * len(entities),
            "cold_start": [False] * len(entities),
        },
        schema_overrides={"entity": pl.String},
    )
    vol = pl.DataFrame(
        {
            "hour": [seen.replace(minute=0) - dt.timedelta(hours=i) for i in range(len(volume))],
            "scope": [v[0] for v in volume],
            "entity": [v[1] for v in volume],
            "account_id": ["653711331788"] * len(volume),
            "events": [v[2] for v in volume],
            "errors": [v[3] for v in volume],
            "access_denied": [v[4] for v in volume],
        },
        schema_overrides={
            "entity": pl.String,
            "scope": pl.String,
            "events": pl.Int64,
            "errors": pl.Int64,
            "access_denied": pl.Int64,
        },
    )
    lazy = BaselineView.from_frames(
        profile=profile, maturity=maturity, volume=vol, as_of=T0.replace(hour=0)
    )
    return lazy if alone else replace(lazy, engine=ENGINE)
