"""Roles that outsiders assume, used by someone else: two signals of ``outside_account_grant``.

``vendor_role_from_hosting`` (:func:`hosting_off_history`). A role assumed from another
account (a vendor's, a partner's: the trust policy names them, often with an ``ExternalId``)
from a hosting provider's network (a VPS, a data centre, a VPN exit) that the role's sessions
never used in the window. A vendor calls from where it runs: its office, its own platform; the
compromise of a third party shows as its role assumed, with the right account, ExternalId,
session name and even client, from infrastructure the attacker rents (Unit 42, "Cloud Threat
Report" on third-party access; Wiz on cross-account role abuse; AWS's IAM User Guide, "Access to
AWS accounts owned by third parties": the ExternalId is a secret shared with the vendor, so the
right one from elsewhere means the vendor's secrets are elsewhere). ``vendor_role_off_platform``
covers a role whose history is only inside AWS; this one covers any history, since a hosting
provider is not where a vendor's office or its people are. A vendor moving to a new hosting
provider is a hit once (the next day it is history). Whether a network is a hosting provider's
is :mod:`ueba.detect._hosting`'s judgement (MaxMind's flag, else the ASN's registered name).

``web_identity_new_owner`` (:func:`new_token_owner`). An ``AssumeRoleWithWebIdentity`` whose
token's subject belongs to an organisation, repository owner or group that no web-identity
token exchanged anywhere in the trail over the window carried, where tokens of that kind were
seen (so the provider is in use). CloudTrail records the token's subject in ``userIdentity``
(``userName``; ``principalId`` is ``<provider>:<audience>:<subject>``). A role whose OIDC trust
checks the audience but not the subject admits every organisation of the provider: any
Terraform Cloud organisation (``organization:<org>:project:...:workspace:...``), any GitHub
repository (``repo:<owner>/<repo>:...``), any GitLab project (``project_path:<group>/...``)
(Datadog Security Labs on misconfigured GitHub Actions and Terraform Cloud OIDC trusts; AWS's
IAM User Guide, "Configuring a role for GitHub OIDC identity provider": "always use a condition
on the sub"). A new workspace, repository or run phase of the organisation's own is routine
and not a hit; the owner part is what an outsider cannot forge. Subjects of other shapes (an
EKS service account, a Cognito identity) name no owner and are not judged here.

Both put their hit on every call of the session key the exchange minted (the role's actor)
and on the exchange itself only when its key made no call (:func:`_on_sessions`), and need the
role's account to be mature (basis novelty: the window is the reference).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import hosting_expr, hosting_source_expr
from ueba.detect.rules._base import Rule, role_name
from ueba.detect.rules._outside_assume import _on_sessions

# The owner part of a web-identity subject, for the shapes whose owner an outsider cannot pick:
# Terraform Cloud / Buildkite (organization:<org>:...), GitHub (repo:<owner>/<repo>:...), GitLab
# (project_path:<group>/<project>:...), CircleCI (org/<organization id>/project/...).
_OWNER = r"(?:^|:)(organization:[^:]+|repo:[^/:]+|project_path:[^/:]+|org/[^/:]+)"


def _owner(text: pl.Expr) -> pl.Expr:
    return text.str.extract(_OWNER, 1)


def _kind(owner: pl.Expr) -> pl.Expr:
    return owner.str.extract(r"^([a-z_]+)[:/]", 1)


def hosting_off_history(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): the calls of a key minted by a successful
    ``AssumeRole`` from another account (not one of the trail's own) into a mature account,
    from a hosting provider's network the role's sessions never used (the role has a history);
    or that ``AssumeRole`` when its key made no call. Plus ``_caller``, ``_role``,
    ``_assume_id``, ``_external_id``, ``_network``, ``_hosting_by`` and ``_known_networks``."""
    request = pl.col("request_parameters").fill_null("")
    own = lf.select(pl.col("recipient_account_id").alias("identity_account_id")).unique()
    known = (
        baseline.known("principal", "network_key")
        .group_by("entity")
        .agg(pl.col("value").unique().alias("_networks"))
        .select(
            pl.col("entity").alias("_role_arn"),
            "_networks",
            pl.col("_networks").list.sort().list.head(5).list.join(", ").alias("_known_networks"),
        )
    )
    assumes = (
        lf.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("error_code").is_null()
            & (pl.col("identity_account_id") != pl.col("account_id")).fill_null(False)
            & ~pl.col("is_service_call")
            & hosting_expr()
        )
        .join(own, on="identity_account_id", how="anti")
        .join(baseline.mature_accounts(), on="account_id", how="semi")
        .with_columns(
            pl.col("identity_account_id").alias("_caller"),
            request.str.json_path_match("$.roleArn").alias("_role_arn"),
            pl.col("event_id").alias("_assume_id"),
            request.str.contains(r'"externalId"\s*:').alias("_external_id"),
            pl.format(
                "{} ({})",
                pl.coalesce("as_org", pl.lit("unnamed network")),
                pl.col("network_key"),
            ).alias("_network"),
            hosting_source_expr().alias("_hosting_by"),
        )
        .join(known, on="_role_arn", how="inner")
        .filter(~pl.col("_networks").list.contains(pl.col("network_key")).fill_null(False))
        .with_columns(role_name(pl.col("_role_arn")).alias("_role"))
        .drop("_networks", "_role_arn")
    )
    columns = ["_caller", "_role", "_assume_id", "_external_id", "_network", "_hosting_by"]
    return _on_sessions(lf, assumes, [*columns, "_known_networks"], baseline)


def unseen_owner_exchanges(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """The successful ``AssumeRoleWithWebIdentity`` calls of ``lf`` into a mature account
    whose token's owner (organisation, repository owner, group) no web-identity principal of
    the baseline carried, while owners of that kind were seen; with ``_role``,
    ``_assume_id``, ``_owner``, ``_subject`` and ``_known_owners``. Read by
    :func:`new_token_owner` and by :func:`._pipeline.outside_jobs` (such a job is no
    pipeline of the organisation's)."""
    request = pl.col("request_parameters").fill_null("")
    history = (
        baseline.maturity_of("principal")
        .filter(pl.col("entity").str.starts_with("web_identity:"))
        .select(_owner(pl.col("entity")).alias("_owner"))
        .drop_nulls()
        .unique()
        .with_columns(_kind(pl.col("_owner")).alias("_kind"))
    )
    kinds = history.group_by("_kind").agg(
        pl.col("_owner").sort().head(5).str.join(", ").alias("_known_owners")
    )
    subject = pl.coalesce(pl.col("identity_user_name"), pl.col("identity_principal_id"))
    return (
        lf.filter(
            (pl.col("event_name") == "AssumeRoleWithWebIdentity") & pl.col("error_code").is_null()
        )
        .with_columns(
            _owner(subject).alias("_owner"),
            subject.alias("_subject"),
            pl.col("event_id").alias("_assume_id"),
            role_name(request.str.json_path_match("$.roleArn")).alias("_role"),
        )
        .filter(pl.col("_owner").is_not_null())
        .with_columns(_kind(pl.col("_owner")).alias("_kind"))
        .join(baseline.mature_accounts(), on="account_id", how="semi")
        .join(kinds, on="_kind", how="inner")
        .join(history.select("_owner"), on="_owner", how="anti")
        .drop("_kind")
    )


def new_token_owner(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): the calls of a key minted by an exchange of
    :func:`unseen_owner_exchanges`, or that exchange when its key made no call. Plus
    ``_role``, ``_assume_id``, ``_owner``, ``_subject`` and ``_known_owners``."""
    exchanges = unseen_owner_exchanges(lf, baseline)
    return _on_sessions(
        lf, exchanges, ["_role", "_assume_id", "_owner", "_subject", "_known_owners"], baseline
    )


def hosting_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``vendor_role_from_hosting`` hits: a role assumed from
    another account, from a hosting provider's network its sessions never used
    (:func:`hosting_off_history`)."""
    rows = hosting_off_history(lf, baseline)
    vendor = pl.when(pl.col("_external_id")).then(pl.lit(" with an ExternalId"))
    return rule.emit(
        rows,
        signal="vendor_role_from_hosting",
        reason=pl.format(
            "role {} assumed by account {}{} (AssumeRole, event {}) from {}, {}, a network "
            "its sessions never used in the window (they came from {}): a third party's "
            "role used from rented infrastructure, the vendor's credentials elsewhere",
            pl.col("_role"),
            pl.col("_caller"),
            vendor.otherwise(pl.lit("")),
            pl.col("_assume_id"),
            pl.col("_network"),
            pl.col("_hosting_by"),
            pl.col("_known_networks"),
        ),
        baseline=pl.format("sessions from {}", pl.col("_known_networks")),
        observed=pl.format("AssumeRole from {}", pl.col("_network")),
        weight=float(rule["hosting_factor"]),
        severity=str(rule["hosting_severity"]),
        basis="novelty",
    )


def token_owner_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``web_identity_new_owner`` hits: a web-identity token of an
    owner the trail never saw assumes a role (:func:`new_token_owner`)."""
    rows = new_token_owner(lf, baseline)
    return rule.emit(
        rows,
        signal="web_identity_new_owner",
        reason=pl.format(
            "role {} assumed with a web-identity token of {} (AssumeRoleWithWebIdentity, "
            "event {}, subject {}), an owner no token exchanged in the trail carried in the "
            "window (known: {}): a trust that does not pin the subject admits every "
            "organisation of the identity provider",
            pl.col("_role"),
            pl.col("_owner"),
            pl.col("_assume_id"),
            pl.col("_subject"),
            pl.col("_known_owners"),
        ),
        baseline=pl.format("token owners {}", pl.col("_known_owners")),
        observed=pl.format("token of {}", pl.col("_owner")),
        weight=float(rule["token_owner_factor"]),
        severity=str(rule["token_owner_severity"]),
        basis="novelty",
    )


__all__ = [
    "hosting_hits",
    "hosting_off_history",
    "new_token_owner",
    "token_owner_hits",
    "unseen_owner_exchanges",
]
