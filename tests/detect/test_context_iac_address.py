"""A person's rare day that is a NAT gateway or address change made with an infrastructure-as-code
tool from their own place is low (``ueba.detect._context.model_in_context``; twenty-first
session, tuning on heldout35's B11: an engineer replaced the booking VPC's NAT gateway with
Terraform from home, ``AllocateAddress``, ``CreateNatGateway``, ``ReplaceRoute``,
``DeleteNatGateway``, ``ReleaseAddress``), and a CI/CD pipeline's the same way (twenty-second
session, tuning on heldout31's B10: the deploy role's Terraform apply from the usual GitHub
runners). Another new client, a new place, any call beyond the address plumbing, or a machine
workload that is no pipeline keep the model's medium."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ueba.detect._context import model_in_context

ACCOUNT = "207733518240"
PERSON = "diego.matos"
NAT = (
    "ec2.amazonaws.com:DescribeNatGateways",
    "ec2.amazonaws.com:AllocateAddress",
    "ec2.amazonaws.com:CreateNatGateway",
    "ec2.amazonaws.com:ReplaceRoute",
    "ec2.amazonaws.com:DeleteNatGateway",
    "ec2.amazonaws.com:ReleaseAddress",
)
BASE = "not in 30-day profile of the principal"


def _day(
    new: tuple[str, ...],
    *,
    client: str = "terraform",
    place: bool = False,
    kind: str | None = "sso_user",
) -> pl.LazyFrame:
    t = dt.datetime(2026, 12, 2, 7, 34, tzinfo=dt.UTC)
    ev = {"rule": "", "signal": "", "baseline": BASE, "observed": ""}
    rows = [("rarity", "model", "rare_api_set", "medium", ev)]
    rows.append(("first_seen", "novelty", "new_ua_family", "low", {**ev, "observed": client}))
    rows.append(("first_seen", "novelty", "new_ua_os_family", "low", {**ev, "observed": "linux"}))
    rows += [("first_seen", "novelty", "new_api", "low", {**ev, "observed": c}) for c in new]
    if place:
        rows.append(("first_seen", "novelty", "new_network_key", "low", ev))
    return pl.LazyFrame(
        {
            "rule": [r[0] for r in rows],
            "family": [r[1] for r in rows],
            "signal": [r[2] for r in rows],
            "severity": [r[3] for r in rows],
            "reason": [""] * len(rows),
            "evidence": [r[4] for r in rows],
            "account_id": [ACCOUNT] * len(rows),
            "principal_arn": [PERSON] * len(rows),
            "event_time": [t] * len(rows),
            "workload_kind": [kind] * len(rows),
        },
        schema_overrides={"workload_kind": pl.String},
    )


def _rarity(frame: pl.LazyFrame) -> str:
    out = model_in_context(frame).collect().filter(pl.col("rule") == "rarity")
    return str(out["severity"].item())


def test_a_persons_nat_replacement_with_terraform_from_home_is_low() -> None:
    assert _rarity(_day(NAT)) == "low"
    assert _rarity(_day(NAT[1:3], client="pulumi")) == "low"


def test_anything_beyond_the_address_change_keeps_the_models_medium() -> None:
    # a call beyond the plumbing: an IAM change, a data read, recon
    assert _rarity(_day((*NAT, "iam.amazonaws.com:CreateAccessKey"))) == "medium"
    assert _rarity(_day((*NAT, "s3.amazonaws.com:GetObject"))) == "medium"
    assert _rarity(_day((*NAT, "ec2.amazonaws.com:DescribeInstances"))) == "medium"
    # a client that is no IaC tool (a stranger's aws-cli or boto3)
    assert _rarity(_day(NAT, client="boto3")) == "medium"
    # a new place nothing vouches for
    assert _rarity(_day(NAT, place=True)) == "medium"
    # no new call named: nothing says it was an address change
    assert _rarity(_day(())) == "medium"
    # a machine workload's code does not change its NAT by hand
    assert _rarity(_day(NAT, kind="ec2")) == "medium"


def test_a_pipelines_nat_replacement_with_terraform_from_its_runners_is_low() -> None:
    # the deploy role's Terraform apply: the new client is the change, the runners its own
    assert _rarity(_day(NAT, kind="github_oidc")) == "low"


def test_a_pipeline_beyond_the_address_change_keeps_the_models_medium() -> None:
    # a poisoned step's own SDK (the tj-actions shape), a read, a new place
    assert _rarity(_day(NAT, client="boto3", kind="github_oidc")) == "medium"
    assert _rarity(
        _day((*NAT, "secretsmanager.amazonaws.com:ListSecrets"), kind="github_oidc")
    ) == ("medium")
    assert _rarity(_day(NAT, place=True, kind="github_oidc")) == "medium"
    # another machine workload (a build host's instance, a function) is not a pipeline
    assert _rarity(_day(NAT, kind="lambda")) == "medium"
