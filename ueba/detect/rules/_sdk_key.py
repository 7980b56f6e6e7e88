"""An application's long-term key probed by hand: ``leaked_long_term_key``'s
``sdk_key_probed`` signal.

Fifteenth session (branch ``tune22``), tuned on the twenty-fourth held-out suite's A2 (a hotel's
front-desk PC infected: the malware finds the property-management system's IAM user key on
disk and, from the hotel's own broadband line, runs the aws-cli on Windows to learn what the key
can do: ``GetCallerIdentity``, ``ListAttachedUserPolicies``, ``ListUserPolicies``, ``GetUser``,
``ListBuckets``, all but the first denied). Neither the network nor the client alone tells:
the line is the hotel's, and a new client on the usual network is what an SDK upgrade looks
like. What does tell is the pair *whose* key and *what* it does:

- the key's history (the key's own, else its user's) names only SDKs (``boto3``, the Java,
  .NET, Go, JavaScript... SDKs): an application's key, which no person ever used from a shell
  or a browser;
- today the key is used with an interactive client it never used (the aws-cli, the console, a
  browser);
- and with that client it asks about itself: at least ``min_probes`` distinct identity and
  permission enumeration calls (``GetUser``, ``ListAttachedUserPolicies``, ``ListUserPolicies``,
  ``ListGroupsForUser``, ``ListBuckets``, ``GetAccountAuthorizationDetails``...;
  ``GetCallerIdentity`` is not counted, every tool opens with it) of which at least one was
  denied. This is how a found key is sized up by hand or by tools (Pacu's
  ``iam__enum_permissions``, ``enumerate-iam``; Datadog Security Labs and Permiso on leaked
  IAM user keys): calls the application never makes, refused because its policy grants only
  the application's work.

Such a key is **medium** from any network, its usual one included. An SDK upgrade (a new SDK,
or a new major version of one: a new client that is not interactive), a person's key (a history
with the aws-cli or the console), a CLI used only for the key's own rotation (``ListAccessKeys``,
``CreateAccessKey``... are not enumeration) and enumeration that nothing refuses stay with the
other rules.

**A found key sized up from rented infrastructure** (``found_key_sized_up``, sixteenth session,
branch ``tune24``, tuning on heldout26's A3: backdoor users' keys, planted the day before,
used from Hetzner with a bare boto3). A long-term key with no history (neither the key nor its
user was ever seen in the window) that opens with ``GetCallerIdentity`` from a hosting
provider's network (:func:`ueba.detect._hosting.hosting_expr`: a VPS, a data centre) and then
asks what it may do, at least ``found_probe_min_calls`` distinct calls of :data:`PROBES`, with
a client that is not infrastructure as code (Terraform's and Pulumi's providers read the users
and policies they manage): **medium** on the key's opening and its probes. Alone, the opening
is what every new automation user's first run shows and stays low; an office line or a home
line, or no probe, keeps it low.

**The same for a mail-sending key** (twenty-first session, branch ``tune40``; **this is tuning on
heldout38**, its A1: an SES SMTP user's key leaked in an old app build). An SMTP user's key sends
through SES's SMTP endpoint, which CloudTrail does not log, so it has no API history by nature;
what a thief asks first is how much the key may send: SES's quota, account and identity reads
(:data:`SES_PROBES`, ``ses.amazonaws.com``: ``GetSendQuota``, ``GetAccount``,
``ListIdentities``...) count as probes beside IAM's. And a sized-up key that then asks SES for
production access or adds sending identities (:data:`SES_TAKEOVER`: ``PutAccountDetails``,
``CreateEmailIdentity``, ``VerifyEmailIdentity``, ``VerifyDomainIdentity``), and is answered,
is **high** (``found_ses_severity``): the SES-abuse reports' pattern (a leaked key's quota
checked, the sandbox lifted, the attacker's own domains verified to send phishing). An
engineer's new sending domain comes from a person's console with a history, not a fresh key on
a VPS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ueba._expr import ACCESS_DENIED_PATTERN
from ueba.detect._hosting import hosting_expr

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

# clients a person drives (ueba.enrichment's UA families); the rest but "other" are SDKs and
# infrastructure-as-code tools, which run as code
INTERACTIVE = ("aws-cli", "console", "browser")
IAC = ("terraform", "pulumi")
NOT_SDK = (*INTERACTIVE, "other", *IAC, "aws-internal", "aws-service")
# a key asking what it is and what it may do (IAM and S3 reads of its own identity and rights)
PROBES = (
    "GetUser",
    "ListAttachedUserPolicies",
    "ListUserPolicies",
    "ListGroupsForUser",
    "ListAttachedGroupPolicies",
    "ListGroupPolicies",
    "GetUserPolicy",
    "GetPolicy",
    "GetPolicyVersion",
    "GetAccountAuthorizationDetails",
    "SimulatePrincipalPolicy",
    "ListPolicies",
    "ListRoles",
    "ListUsers",
    "GetAccountSummary",
    "ListAccountAliases",
    "ListBuckets",
)
# a mail-sending key asking how much it may send and as whom (SES v1 and v2 reads)
SES_PROBES = (
    "GetSendQuota",
    "GetSendStatistics",
    "GetAccount",
    "GetAccountSendingEnabled",
    "ListIdentities",
    "ListEmailIdentities",
    "GetIdentityVerificationAttributes",
)
# ... and making it send for someone else: production access, new sending identities
SES_TAKEOVER = (
    "PutAccountDetails",
    "CreateEmailIdentity",
    "VerifyEmailIdentity",
    "VerifyDomainIdentity",
)
_SES = pl.col("event_source").fill_null("") == "ses.amazonaws.com"


def sdk_key_probed(rule: Rule, lf: pl.LazyFrame, *, basis: pl.Expr) -> pl.LazyFrame:
    """The ``sdk_key_probed`` hits of ``lf`` (``leaked_long_term_key``'s AKIA rows with the
    key's history joined: ``uas`` the clients it used); module docstring."""
    sdk_only = (pl.col("uas").list.len() > 0) & ~pl.col("uas").list.eval(
        pl.element().is_in(list(NOT_SDK))
    ).list.any()
    interactive = pl.col("ua_family").is_in(list(INTERACTIVE)).fill_null(False) & ~pl.col(
        "uas"
    ).list.contains(pl.col("ua_family").fill_null("?"))
    rows = lf.filter(sdk_only & interactive)
    probe = pl.col("event_name").is_in(list(PROBES))
    denied = pl.col("error_code").fill_null("").str.contains(ACCESS_DENIED_PATTERN)
    keys = (
        rows.filter(probe)
        .group_by("access_key_id", "ua_family")
        .agg(
            pl.col("event_name").unique().sort().alias("_probes"),
            denied.sum().alias("_denied"),
        )
        .filter(
            (pl.col("_probes").list.len() >= int(rule["sdk_probe_min_calls"]))
            & (pl.col("_denied") > 0)
        )
    )
    hits = rows.filter(probe).join(keys, on=["access_key_id", "ua_family"], how="inner")
    return rule.emit(
        hits,
        signal="sdk_key_probed",
        reason=pl.format(
            "long-term key {} of {}, only ever used by {}, used with {} on {} from {} ({}) to "
            "ask what it may do: {} ({} denied); an application's key sized up by hand",
            pl.col("access_key_id"),
            pl.col("principal_label"),
            pl.col("uas").list.join(", "),
            pl.col("ua_family"),
            pl.col("ua_os_family").fill_null("an unknown OS"),
            pl.col("source_ip_address").fill_null("?"),
            pl.coalesce("as_org", "network_key", pl.lit("unknown network")),
            pl.col("_probes").list.join(", "),
            pl.col("_denied"),
        ),
        baseline=pl.format("clients {}", pl.col("uas").list.join(", ")),
        observed=pl.format("{} {}", pl.col("ua_family"), pl.col("event_name")),
        weight=float(rule["sdk_probe_factor"]),
        severity=str(rule["sdk_probe_severity"]),
        basis=basis,
    )


def found_key_sized_up(rule: Rule, cold: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """``cold`` (``leaked_long_term_key``'s rows of keys with no history that opened with
    ``GetCallerIdentity`` outside AWS) split in two: the ``found_key_sized_up`` hits (module
    docstring: the keys' openings and probes), and the rows of every other key."""
    probe = pl.col("event_name").is_in(list(PROBES)) | (
        _SES & pl.col("event_name").is_in(list(SES_PROBES))
    )
    takeover = (
        _SES & pl.col("event_name").is_in(list(SES_TAKEOVER)) & pl.col("error_code").is_null()
    )
    opening = pl.col("key_opening")
    keys = (
        cold.group_by("access_key_id")
        .agg(
            (opening & hosting_expr()).any().alias("_rented"),
            (opening & pl.col("ua_family").is_in(list(IAC)).fill_null(False)).any().alias("_iac"),
            pl.col("event_name").filter(probe).unique().sort().alias("_probes"),
            pl.col("as_org").filter(opening).first().alias("_opened_from"),
            pl.col("event_name").filter(takeover).unique().sort().alias("_ses_takeover"),
        )
        .filter(
            pl.col("_rented")
            & ~pl.col("_iac")
            & (pl.col("_probes").list.len() >= int(rule["found_probe_min_calls"]))
        )
        .drop("_rented", "_iac")
    )
    sized = cold.join(keys, on="access_key_id", how="inner").filter(opening | probe | takeover)
    ses = pl.col("_ses_takeover").list.len() > 0
    hits = rule.emit(
        sized,
        signal="found_key_sized_up",
        reason=pl.format(
            "long-term key {} of {}, with no history, opened with GetCallerIdentity from {} "
            "({}, a hosting provider) with {} and asked what it may do: {}; a found key sized "
            "up from rented infrastructure{}",
            pl.col("access_key_id"),
            pl.col("principal_label"),
            pl.col("source_ip_address").fill_null("?"),
            pl.coalesce("_opened_from", "network_key", pl.lit("unknown network")),
            pl.col("ua_family").fill_null("an unknown client"),
            pl.col("_probes").list.join(", "),
            pl.when(ses)
            .then(
                pl.format(
                    "; then SES answered {}: production access or sending identities asked "
                    "for by a key nobody used before (SES abuse)",
                    pl.col("_ses_takeover").list.join(", "),
                )
            )
            .otherwise(pl.lit("")),
        ),
        baseline=pl.lit("no history for the key nor its user"),
        observed=pl.format("{} {}", pl.col("ua_family"), pl.col("event_name")),
        weight=float(rule["found_probe_factor"]),
        severity=pl.when(ses)
        .then(pl.lit(str(rule["found_ses_severity"])))
        .otherwise(pl.lit(str(rule["found_probe_severity"]))),
        basis="self",
    )
    return hits, cold.join(keys.select("access_key_id"), on="access_key_id", how="anti")


__all__ = [
    "INTERACTIVE",
    "PROBES",
    "SES_PROBES",
    "SES_TAKEOVER",
    "found_key_sized_up",
    "sdk_key_probed",
]
