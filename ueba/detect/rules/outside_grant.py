"""outside_account_grant: a resource shared with, or a role's trust granted to, an AWS account
the trail has never seen.

Copying a snapshot or an AMI out (``ModifySnapshotAttribute`` ``createVolumePermission``,
``ModifyImageAttribute`` ``launchPermission``, ``ModifyDBSnapshotAttribute`` ``restore``), opening
a bucket, key, secret or function to another account (``PutBucketPolicy``, ``PutKeyPolicy``,
``PutResourcePolicy``, ``AddPermission``, ``CreateGrant``, ``SetRepositoryPolicy``, an S3
access point's ``PutAccessPointPolicy``, a signing profile's ``AddProfilePermission``; Lake
Formation's and RAM's grants to a named principal) or letting
another account assume a role (``UpdateAssumeRolePolicy``, ``CreateRole``) is how data leaves
and how access outlives a rotated key: MITRE ATT&CK T1537 (transfer data to a cloud account)
and T1098 (account manipulation); GuardDuty's ``Exfiltration:S3/ObjectRead.Unusual`` and the
IAM Access Analyzer "external access" findings judge the same grants. Sharing with the
organisation's own accounts is routine (DR copies to a backup account), so the rule asks only
whether the *grantee* is an outsider: an account that is none of the trail's accounts
(``recipientAccountId``), not the account of any principal the baseline or today's trail saw
before the grant (callers, their ARNs, roles they assumed), and not a past cross-account caller.
Snapshots and images shared with ``all`` are public: an outsider too.

The use of such a trust is judged too (``assumed_by_outside_account``, :mod:`._outside_assume`):
a role assumed by an account none of the trail's accounts, principals or past callers ever were,
from a network and with a client the role never used, is **medium**, once the role's account is
mature; so is a third party's role *refused* to such an account in several of the mature
accounts (``refused_to_outside_account``, :mod:`._outside_refused`). A bucket replicated to
another account's bucket (``PutBucketReplication``) is a share like the others
(:mod:`._grant_events`); an Athena query's results written to a bucket no other call of the
trail names, from a rented network the caller never used, is **medium** (:mod:`._query_output`). A
person's first IoT job whose job document is in a bucket no call of the trail names is **medium**
(:mod:`._job_document`).

It compares the request with the trail itself, so it works on the first day (``basis = self``).
Account IDs come out of the raw ``requestParameters`` JSON with polars string expressions: the
part that adds access for the ``Modify*Attribute`` calls, the whole request (its policy
document) for the others.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._audit_role import mark_audit_role
from ueba.detect.rules._aws_accounts import ELB_LOG_ACCOUNTS
from ueba.detect.rules._base import Rule
from ueba.detect.rules._deputy import deputy_hits
from ueba.detect.rules._grant_events import GRANT_EVENTS
from ueba.detect.rules._job_document import JOB_EVENTS, job_document_hits
from ueba.detect.rules._made_today import mark_made_today
from ueba.detect.rules._off_platform import off_platform_hits
from ueba.detect.rules._outside_assume import (
    assumed_by_outsiders,
    known_accounts,
    mark_commissioned,
    trail_accounts,
    with_session_actor,
)
from ueba.detect.rules._outside_identities import hosting_hits, token_owner_hits
from ueba.detect.rules._outside_refused import refused_hits
from ueba.detect.rules._partner_trust import (
    TRUST_EVENTS,
    mark_partner_trust,
    mark_takeup,
    partner_note,
    partner_takeups,
)
from ueba.detect.rules._pipeline_grant import pipeline_grant_hits
from ueba.detect.rules._pr_token import pull_request_hits
from ueba.detect.rules._query_output import QUERY_EVENTS, query_output_hits
from ueba.detect.rules._vendor_onboarding import mark_onboarded

_SHARE_EVENTS = (
    "ModifySnapshotAttribute",
    "ModifyImageAttribute",
    "ModifyDBSnapshotAttribute",
    "ModifyDBClusterSnapshotAttribute",
)
# A 12-digit account ID standing alone (ARN field, JSON string, list item), never a run of
# digits inside a longer token such as a snapshot ID or an epoch in milliseconds.
_ACCOUNT_TOKEN = r"(?:^|[^0-9A-Za-z_-])\d{12}(?:[^0-9A-Za-z_-]|$)"
PUBLIC = "all"


def _granted(request: pl.Expr) -> pl.Expr:
    """The text of the request that grants access, per event name."""
    part: pl.Expr = pl.lit(None, dtype=pl.String)
    for name, path in GRANT_EVENTS.items():
        text = request if path is None else request.str.json_path_match(path)
        part = pl.when(pl.col("event_name") == name).then(text).otherwise(part)
    return part


class OutsideAccountGrant(Rule):
    """A resource shared with, or a role's trust granted to, an account the trail never saw."""

    name = "outside_account_grant"
    family = "exfiltration"
    basis = "self"
    severity = "high"
    weight = 0.85
    description = "resource shared or role trust granted to an account the trail has never seen"
    signal_titles: ClassVar[dict[str, str]] = {
        "assumed_by_outside_account": "role assumed by an account the trail has never seen",
        "vendor_role_off_platform": "a third-party role assumed from outside its platform",
        "vendor_role_from_hosting": "a third-party role assumed from a hosting provider it never used",
        "web_identity_new_owner": "role assumed with a web-identity token of an unseen owner",
        "assumed_without_external_id": "an unused role assumed without the ExternalId the caller always passes",
        "web_identity_pull_request": "a role assumed with a pull request's token, a context its repository never used",
        "refused_to_outside_account": "a third party's role refused to an account the trail has never seen",
        "pipeline_grant_new_client": "a CI/CD pipeline's grant made with a client the pipeline never used",
        "query_output_outside": "query results written to a bucket the trail never names, from a rented network",
        "job_document_outside": "a fleet job whose document is in a bucket the trail never names",
    }
    params: ClassVar[dict[str, Any]] = {
        "events": list(GRANT_EVENTS),
        # accounts that are never outsiders: AWS's own log-delivery accounts, and any partner
        # the user names (a vendor's account before its first call is in the trail)
        "trusted_accounts": list(ELB_LOG_ACCOUNTS),
        "failed_severity": "medium",  # a refused grant is an attempt
        "failed_factor": 0.6,
        # a role assumed by an account the trail has never seen (_outside_assume)
        "assume_severity": "medium",
        "assume_factor": 0.6,
        # ... by a commissioned scanner: an ExternalId, reads only, the tool the role is named for
        "commissioned_severity": "low",
        "commissioned_factor": 0.4,
        # ... the share of an audit role's calls a policy may refuse (a scanner's checks)
        "audit_refused_share": 0.1,
        # ... by a new vendor on its new role, reading only what the account's vendors read
        # from outside any rented network (._vendor_onboarding)
        "onboarded_severity": "low",
        "onboarded_factor": 0.4,
        # a vendor's role (ExternalId) used from outside AWS when its sessions never were
        "off_platform_severity": "medium",
        "off_platform_factor": 0.6,
        # ... by the partner's own person doing its platform's work, not from a rented network
        # (._off_platform; tune47, heldout39's B9 and B3)
        "off_platform_person_severity": "low",
        "off_platform_person_factor": 0.4,
        # a role assumed from another account, from a hosting provider its sessions never used
        "hosting_severity": "medium",
        "hosting_factor": 0.6,
        # a web-identity token of an organisation / repository owner the trail never saw
        "token_owner_severity": "medium",
        "token_owner_factor": 0.6,
        # a partner's trust (ExternalId) written by the pipeline, and the partner's take-up
        "partner_severity": "low",
        "partner_factor": 0.4,
        "takeup_severity": "info",
        # a deputy steered into an unused role without the ExternalId it always passes (_deputy)
        "deputy_severity": "medium",
        "deputy_factor": 0.6,
        "deputy_min_siblings": 2,
        # a pull request's token for a repository only ever seen from branches, writing (_pr_token)
        "pull_request_severity": "medium",
        "pull_request_factor": 0.6,
        # a third party's role refused to an account the trail never saw, in several accounts
        "refused_severity": "medium",
        "refused_factor": 0.6,
        "refused_min_accounts": 2,
        # ... or in one account, this many times, every try from a rented network
        "refused_rented_min_tries": 5,
        # ... or in one account, naming this many different ExternalIds (guessing; _outside_refused)
        "refused_guess_min_ids": 2,
        # ... or by a stranger refused on this many different roles of the organisation today
        # (walking its trusts; _outside_refused)
        "refused_spread_min_roles": 3,
        # a CI/CD session's grant, its grantee unrecorded, with a client never used (_pipeline_grant)
        "pipeline_grant_severity": "medium",
        "pipeline_grant_factor": 0.6,
        # a query's results written to a bucket no other call names, by a session from a rented
        # network the principal never used (_query_output)
        "query_output_severity": "medium",
        "query_output_factor": 0.6,
        # a person's first fleet job with its document in a bucket no call names (_job_document)
        "job_document_severity": "medium",
        "job_document_factor": 0.6,
    }

    def requires(self) -> pl.Expr:
        """Every hit is a grant (``events``: the shares and the pipeline's grants), a query's or
        a job's request, or the call of a session that a principal's own ``AssumeRole`` (not
        AWS acting for it: every reader of one filters so) or an ``AssumeRoleWithWebIdentity``
        of the day minted, or that call itself (refused or not): a day without any has none."""
        names = {*self["events"], "AssumeRoleWithWebIdentity", *QUERY_EVENTS, *JOB_EVENTS}
        assumed = (pl.col("event_name") == "AssumeRole") & ~pl.col("is_service_call")
        return pl.col("event_name").is_in(sorted(names)) | assumed

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today)
        request = pl.col("request_parameters").fill_null("")
        granted = _granted(request)
        grants = (
            lf.filter(pl.col("event_name").is_in(list(self["events"])) & ~pl.col("is_service_call"))
            .with_columns(granted.alias("_granted"))
            .filter(pl.col("_granted").is_not_null())
            .with_columns(
                pl.concat_list(
                    pl.col("_granted")
                    .str.extract_all(_ACCOUNT_TOKEN)
                    .list.eval(pl.element().str.extract(r"(\d{12})", 1)),
                    # a snapshot or image shared with the group "all" is public
                    pl.when(
                        pl.col("event_name").is_in(_SHARE_EVENTS)
                        & pl.col("_granted").str.contains(r'"(group"\s*:\s*")?all"')
                    )
                    .then(pl.lit([PUBLIC]))
                    .otherwise(pl.lit([], dtype=pl.List(pl.String))),
                )
                .list.unique()
                .alias("grantee")
            )
            .explode("grantee")
            .filter(
                pl.col("grantee").is_not_null()
                & (pl.col("grantee") != pl.col("account_id"))
                & ~pl.col("grantee").is_in(list(self["trusted_accounts"]))
            )
        )
        # read by both signals: the day's accounts gathered once in a scoring
        trail = baseline.materialize(trail_accounts(lf, baseline).unique())
        known = known_accounts(lf, baseline, trail).with_columns(pl.lit(True).alias("_known"))
        # an account first seen at or after the grant (the outsider assuming the role it was
        # just given) is still an outsider at the time of the grant
        outsiders = grants.join(known, on="grantee", how="left").filter(
            pl.col("_known").is_null()
            | (pl.col("known_since") >= pl.col("event_time")).fill_null(False)
        )
        # why: a trust holding the partner to an ExternalId, written by the account's own
        # pipeline from its usual place, is how partners are onboarded: low (._partner_trust)
        outsiders = baseline.materialize(mark_partner_trust(outsiders, baseline))
        partner = pl.col("_partner_trust")
        resource = pl.coalesce(
            *(
                request.str.json_path_match(f"$.{field}")
                for field in (
                    "snapshotId",
                    "imageId",
                    "dBSnapshotIdentifier",
                    "dBClusterSnapshotIdentifier",
                    "snapshotIdentifier",
                    "tableArn",
                    "bucketName",
                    "keyId",
                    "roleName",
                    "secretId",
                    "resourceArn",
                    "functionName",
                    "repositoryName",
                    "rule",
                    "resource",
                    # Lake Formation's batch grant names each entry's resource
                    "entries[0].resource",
                    "resourceShareArn",
                    "name",
                    "profileName",
                )
            ),
            pl.lit("?"),
        )
        trust = pl.col("event_name").is_in(TRUST_EVENTS)
        grantee = (
            pl.when(pl.col("grantee") == PUBLIC)
            .then(pl.lit("everyone (public)"))
            .otherwise(pl.format("account {}", pl.col("grantee")))
        )
        never = pl.lit(
            ", an account the trail has never seen (none of its accounts, principals or callers)"
        )
        failed = pl.col("error_code").is_not_null()
        attempt = (
            pl.when(failed)
            .then(pl.format(" (failed: {}, an attempt)", pl.col("error_code")))
            .otherwise(pl.lit(""))
        )
        shared = self.emit(
            outsiders,
            signal=pl.when(trust)
            .then(pl.lit("trust_to_outside_account"))
            .otherwise(pl.lit("share_with_outside_account")),
            reason=pl.when(trust)
            .then(
                pl.format(
                    "{} let {} assume role {} ({}){}{}{}",
                    pl.col("principal_label"),
                    grantee,
                    resource,
                    pl.col("event_name"),
                    never,
                    attempt,
                    pl.when(partner).then(partner_note()).otherwise(pl.lit("")),
                )
            )
            .otherwise(
                pl.format(
                    "{} opened {} to {} ({}){}{}",
                    pl.col("principal_label"),
                    resource,
                    grantee,
                    pl.col("event_name"),
                    pl.when(pl.col("grantee") == PUBLIC).then(pl.lit("")).otherwise(never),
                    attempt,
                )
            ),
            baseline=pl.lit("grants to the trail's own accounts and known principals"),
            observed=pl.format("{} -> {}", pl.col("event_name"), pl.col("grantee")),
            weight=pl.when(failed)
            .then(pl.lit(float(self["failed_factor"])))
            .when(partner)
            .then(pl.lit(float(self["partner_factor"])))
            .otherwise(pl.lit(1.0)),
            severity=pl.when(failed)
            .then(pl.lit(str(self["failed_severity"])))
            .when(partner)
            .then(pl.lit(str(self["partner_severity"])))
            .otherwise(pl.lit(str(self["severity"]))),
        )
        takeups = partner_takeups(outsiders.filter(trust), resource)
        return pl.concat(
            [
                shared,
                self._assumed(lf, baseline, trail, takeups),
                off_platform_hits(self, lf, baseline),
                hosting_hits(self, lf, baseline),
                token_owner_hits(self, lf, baseline),
                deputy_hits(self, lf, baseline),
                pull_request_hits(self, lf, baseline),
                refused_hits(self, lf, trail, baseline),
                pipeline_grant_hits(self, lf, baseline, list(self["events"])),
                query_output_hits(self, lf, baseline),
                job_document_hits(self, lf, baseline),
            ],
            how="vertical",
        )

    def _assumed(
        self, lf: pl.LazyFrame, baseline: BaselineView, trail: pl.LazyFrame, takeups: pl.LazyFrame
    ) -> pl.LazyFrame:
        """``assumed_by_outside_account``: an outsider's AssumeRole and its session's calls;
        **info** for a partner taking up the role a flagged partner trust gave it today."""
        rows = mark_audit_role(
            mark_commissioned(
                mark_takeup(
                    assumed_by_outsiders(lf, trail, baseline, list(self["trusted_accounts"])),
                    takeups,
                )
            ),
            refused_share=float(self["audit_refused_share"]),
        )
        # why: a new vendor's first sync on the role made for it, reading only a bucket the
        # account's existing vendor reads, from its platform or office (._vendor_onboarding)
        # (or the role a person of the account made for it today: ._made_today)
        rows = mark_made_today(mark_onboarded(rows, lf, baseline), lf, baseline).with_columns(
            # why: a role the customer named for audits, read with a scanner's client (and the
            # CLI beside it), only configuration, nothing refused beyond a scanner's share, from
            # no rented network (._audit_role): a commissioned assessment as well
            pl.col("_commissioned") | pl.col("_audit"),
            pl.coalesce("_tool", "_audit_tool").alias("_tool"),
        )
        # why: the same outsider's sessions of the role that day are one incident (._outside_assume)
        rows = with_session_actor(rows)
        vendor = pl.when(pl.col("_external_id")).then(
            pl.lit(" with an ExternalId (a third-party role)")
        )
        # why: a scanner the customer commissioned (Prowler, ScoutSuite as a service) assumes a
        # role made for it, with the ExternalId it was given, and only reads; a thief's recon
        # with stolen keys has no such role to assume (IAM User Guide, "Access to AWS accounts
        # owned by third parties"): low, named; any write, another client or no ExternalId
        # keeps it medium
        scanner = (
            pl.when(pl.col("_commissioned") & pl.col("_audit"))
            .then(
                pl.when(pl.col("_audit_note").is_null())
                .then(
                    pl.format(
                        "; every call of the session a configuration read (no data read, none "
                        "refused), with {}'s client throughout, on a role named for audits or "
                        "read-only access (a commissioned assessment)",
                        pl.col("_tool"),
                    )
                )
                .otherwise(
                    pl.format(
                        "; every call of the session a configuration read (no data read) with "
                        "{}'s client{}, on a role named for audits or read-only access (a "
                        "commissioned assessment)",
                        pl.col("_tool"),
                        pl.col("_audit_note"),
                    )
                )
            )
            .when(pl.col("_commissioned"))
            .then(
                pl.format(
                    "; every call of the session a read, with the client of {} the role is "
                    "named for (a commissioned scanner)",
                    pl.col("_tool"),
                )
            )
            .when(pl.col("_onboarded"))
            .then(pl.col("_onboarded_note"))
        )
        return self.emit(
            rows,
            signal="assumed_by_outside_account",
            reason=pl.format(
                "role {} assumed by account {}{} (AssumeRole, event {}), an account the trail "
                "has never seen (none of its accounts, principals or past callers), from a "
                "network and with a client the role never used{}{}",
                pl.col("_role"),
                pl.col("_caller"),
                vendor.otherwise(pl.lit("")),
                pl.col("_assume_id"),
                pl.col("_takeup_note"),
                scanner.otherwise(pl.lit("")),
            ),
            baseline=pl.lit("callers from the trail's own accounts and known principals"),
            observed=pl.format("AssumeRole by {}", pl.col("_caller")),
            weight=pl.when(pl.col("_commissioned"))
            .then(pl.lit(float(self["commissioned_factor"])))
            .when(pl.col("_onboarded"))
            .then(pl.lit(float(self["onboarded_factor"])))
            .otherwise(pl.lit(float(self["assume_factor"]))),
            severity=pl.when(pl.col("_takeup"))
            .then(pl.lit(str(self["takeup_severity"])))
            .when(pl.col("_commissioned"))
            .then(pl.lit(str(self["commissioned_severity"])))
            .when(pl.col("_onboarded"))
            .then(pl.lit(str(self["onboarded_severity"])))
            .otherwise(pl.lit(str(self["assume_severity"]))),
        )
