"""Failures that explain themselves: calls to an opt-in region the account has not enabled, and
IAM's "does not exist" answers to an access review's reads (used by ``error_spike``)."""

from __future__ import annotations

import polars as pl

# Regions an account must enable before use (AWS Account Management guide, "Enable or disable
# AWS Regions in your account"), and the errors a call to one that is not enabled returns.
OPT_IN_REGIONS = (
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
)
NOT_ENABLED_ERRORS = ("AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException")
# IAM's answer to a read about something that does not exist: GetLoginProfile for a user with no
# console password, GetAccessKeyLastUsed / ListMFADevices of a deleted user (IAM API Reference,
# GetLoginProfile: "If the user does not exist or does not have a password, the operation
# returns a 404 (NoSuchEntity) error"). An access review asks it of every user.
NOT_FOUND_ERRORS = ("NoSuchEntity", "NoSuchEntityException")


def not_enabled() -> pl.Expr:
    """A call that failed because its region is an opt-in region the account has not enabled."""
    return (
        pl.col("aws_region").is_in(list(OPT_IN_REGIONS))
        & pl.col("error_code").is_in(list(NOT_ENABLED_ERRORS))
    ).fill_null(False)


def not_found() -> pl.Expr:
    """A read-only call that failed because what it asked about does not exist (IAM)."""
    return (pl.col("read_only") & pl.col("error_code").is_in(list(NOT_FOUND_ERRORS))).fill_null(
        False
    )
