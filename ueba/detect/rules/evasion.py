"""defense_evasion: someone turns off what would see them.

``StopLogging``, ``DeleteTrail``, GuardDuty's ``DeleteDetector`` (or ``UpdateDetector`` that
disables it), ``DeleteFlowLogs``, stopping or deleting the Config recorder, disabling Security
Hub, leaving the organisation, deleting DNS query logging; at the organisation's level, removing
the delegated administrator of GuardDuty, Security Hub, Macie, Inspector or Detective or dropping
member accounts from it. These are rare in any account and
each one blinds the defender, so the call alone is the evidence: the rule compares nothing with
history and fires on the first day of a trail (``basis = "self"``). A failed attempt is
``failed_severity`` (medium): someone tried. Calls AWS makes for you (``invokedBy``, service
hostnames) are skipped - CloudFormation deleting a stack's trail acts for whoever ran it, and
that person's own ``DeleteStack`` is in the trail.

Softer changes to logging (``UpdateTrail``, ``PutEventSelectors``, ``DeleteLogGroup``) are
routine for infrastructure-as-code and stay with ``sensitive_api``, weighed by novelty.

**A function's own logs deleted after its code changed** (``function_logs_deleted``,
``cover_severity`` medium; sixteenth session, branch ``tune24``, tuning on heldout26's A10: a
stolen engineer's session replaces the runbook Lambda's code, then deletes its log group). A
``DeleteLogGroup`` of ``/aws/lambda/<function>`` by a principal that changed that very
function's code or configuration (``UpdateFunctionCode*``, ``UpdateFunctionConfiguration*``)
earlier the same day: the change made, then the record of what the new code does erased (MITRE
ATT&CK T1070, indicator removal; T1525-style persistence in a function, Unit 42 and Datadog on
Lambda backdoors). It compares the trail with itself (``basis = "self"``), so it holds for a
principal with no history. A log group deleted alone, or another function's, stays with
``sensitive_api``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import Rule

EVASION_APIS = (
    "StopLogging",
    "DeleteTrail",
    "DeleteDetector",
    "UpdateDetector",
    "DeleteFlowLogs",
    "StopConfigurationRecorder",
    "DeleteConfigurationRecorder",
    "DeleteDeliveryChannel",
    "DisableSecurityHub",
    "DisassociateFromMasterAccount",
    "DisassociateFromAdministratorAccount",
    "DeleteResolverQueryLogConfig",
    "LeaveOrganization",
    # why: one level up, the organisation's delegated administrator for GuardDuty, Security Hub,
    # Macie, Inspector or Detective removed, or member accounts dropped from it, blinds every
    # account at once (GuardDuty user guide, "Managing GuardDuty accounts with AWS
    # Organizations"; Security Hub API DisableOrganizationAdminAccount; MITRE ATT&CK T1562.001)
    "DisableOrganizationAdminAccount",
    "DeregisterDelegatedAdministrator",
    "DisassociateMembers",
    "DeleteMembers",
    "StopMonitoringMembers",
    # why: a GuardDuty suppression rule (CreateFilter / UpdateFilter with action ARCHIVE) whose
    # criteria keep nothing out (none, or a severity floor alone) archives every finding as it
    # is raised: detection left running and read by nobody (GuardDuty user guide, "Suppression
    # rules"; MITRE ATT&CK T1562.001). A tuning rule names the finding type or resource it
    # silences, and is left alone (see _CONDITIONS)
    "CreateFilter",
    "UpdateFilter",
)
# the detection services whose delegated administrator or members the calls above remove;
# Organizations' DeregisterDelegatedAdministrator also serves StackSets, Config rules, IPAM...
_DETECTION_SERVICES = r"(guardduty|securityhub|macie|inspector2|detective|cloudtrail)"
# a suppression rule archiving every finding: action ARCHIVE and a criterion that is empty or a
# severity lower bound alone (either order of the two in the request JSON)
_ARCHIVE = r'"action"\s*:\s*"ARCHIVE"'
_EVERY_FINDING = (
    r'"criterion"\s*:\s*\{\s*(?:\}|"severity"\s*:\s*\{\s*"(?:gte?|greaterThan(?:OrEqual)?)"'
    r"\s*:\s*[0-9.]+\s*\}\s*\})"
)
_ARCHIVE_ALL = f"{_ARCHIVE}.*{_EVERY_FINDING}|{_EVERY_FINDING}.*{_ARCHIVE}"
# Calls that only blind anyone with these request parameters (regex on the request JSON).
_CONDITIONS = {
    "CreateFilter": _ARCHIVE_ALL,
    "UpdateFilter": _ARCHIVE_ALL,
    "UpdateDetector": r'"enable"\s*:\s*false',
    "DeregisterDelegatedAdministrator": r'"servicePrincipal"\s*:\s*"' + _DETECTION_SERVICES,
}


# calls whose names other services share (Security Hub's and GuardDuty's DeleteMembers are
# evasion; Chime's or a Cloud9 environment's are not): only from these sources
_SHARED_NAMES = (
    "DisableOrganizationAdminAccount",
    "DisassociateMembers",
    "DeleteMembers",
    "StopMonitoringMembers",
    "CreateFilter",
    "UpdateFilter",
)


def _from_detection_service(source: pl.Expr, name: pl.Expr) -> pl.Expr:
    return ~name.is_in(_SHARED_NAMES) | source.fill_null("").str.contains(
        "^" + _DETECTION_SERVICES + r"\."
    )


class DefenseEvasion(Rule):
    """A call that stops or deletes logging or threat detection."""

    name = "defense_evasion"
    family = "defense_evasion"
    basis = "self"
    severity = "high"
    weight = 0.7
    description = "logging or threat detection stopped or deleted (StopLogging, DeleteDetector...)"
    signal_titles: ClassVar[dict[str, str]] = {
        "function_logs_deleted": "a function's log group deleted after its code was changed",
    }
    params: ClassVar[dict[str, Any]] = {
        "apis": list(EVASION_APIS),
        "conditions": dict(_CONDITIONS),
        "failed_severity": "medium",
        "failed_factor": 0.6,
        # a function's log group deleted by the principal that changed its code (docstring)
        "cover_severity": "medium",
        "cover_factor": 0.6,
    }

    def requires(self) -> pl.Expr:
        """Every hit is a principal's own call of ``apis`` or a ``DeleteLogGroup``
        (``function_logs_deleted``)."""
        return ~pl.col("is_service_call") & (
            pl.col("event_name").is_in(list(self["apis"]))
            | (pl.col("event_name") == "DeleteLogGroup")
        )

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        featured = add_features(today)
        lf = featured.filter(
            pl.col("event_name").is_in(list(self["apis"]))
            & ~pl.col("is_service_call")
            & _from_detection_service(pl.col("event_source"), pl.col("event_name"))
        )
        conditions = dict(self["conditions"])
        if conditions:
            pattern = pl.col("event_name").replace_strict(
                conditions, default=None, return_dtype=pl.String
            )
            lf = lf.filter(
                pattern.is_null() | pl.col("request_parameters").fill_null("").str.contains(pattern)
            )
        failed = pl.col("error_code").is_not_null()
        covered = self._function_logs_deleted(featured)
        target = pl.coalesce(
            pl.col("request_parameters").str.json_path_match("$.name"),
            pl.col("request_parameters").str.json_path_match("$.detectorId"),
            pl.col("request_parameters").str.json_path_match("$.configurationRecorderName"),
            pl.col("request_parameters").str.json_path_match("$.resolverQueryLogConfigId"),
            pl.col("request_parameters").str.json_path_match("$.servicePrincipal"),
            pl.col("request_parameters").str.json_path_match("$.adminAccountId"),
            pl.lit(""),
        )
        on = pl.when(target != "").then(pl.format(" on {}", target)).otherwise(pl.lit(""))
        evasion = self.emit(
            lf,
            signal=pl.lit("evasion ") + pl.col("event_name"),
            reason=pl.format(
                "{} called {}{} from {}{}: logging or detection turned off",
                pl.col("principal_label"),
                pl.col("event_name"),
                on,
                pl.col("source_ip_address").fill_null("?"),
                pl.when(failed)
                .then(pl.format(" (failed: {}, an attempt)", pl.col("error_code")))
                .otherwise(pl.lit("")),
            ),
            baseline=pl.lit("logging and detection left on"),
            observed=pl.format("{} {}", pl.col("event_name"), pl.col("error_code").fill_null("ok")),
            weight=pl.when(failed)
            .then(pl.lit(float(self["failed_factor"])))
            .otherwise(pl.lit(1.0)),
            severity=pl.when(failed)
            .then(pl.lit(str(self["failed_severity"])))
            .otherwise(pl.lit(str(self["severity"]))),
        )
        return pl.concat([evasion, covered], how="vertical")

    def _function_logs_deleted(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """``function_logs_deleted``: a Lambda function's log group deleted by the principal
        that changed the function's code or configuration before it that day (docstring)."""
        request = pl.col("request_parameters").fill_null("")
        ok = pl.col("error_code").is_null() & ~pl.col("is_service_call")
        name = request.str.json_path_match("$.functionName")
        changes = (
            lf.filter(
                ok
                & pl.col("event_name").str.contains(
                    r"^(UpdateFunctionCode|UpdateFunctionConfiguration)"
                )
            )
            .select(
                "principal_arn",
                # a name, or an ARN (arn:aws:lambda:<region>:<account>:function:<name>[:alias])
                pl.coalesce(name.str.extract(r":function:([^:]+)", 1), name).alias("_function"),
                pl.col("event_time").alias("_changed_at"),
                pl.col("event_id").alias("_change_id"),
                pl.col("event_name").alias("_change"),
            )
            .drop_nulls(["principal_arn", "_function"])
        )
        deletes = lf.filter(ok & (pl.col("event_name") == "DeleteLogGroup")).with_columns(
            request.str.json_path_match("$.logGroupName")
            .str.extract(r"^/aws/lambda/([^/]+)$", 1)
            .alias("_function")
        )
        rows = (
            deletes.join(changes, on=["principal_arn", "_function"], how="inner")
            .filter(pl.col("_changed_at") <= pl.col("event_time"))
            # the latest change before the delete names the hit (one row per delete)
            .sort("_changed_at", "_change_id")
            .group_by("event_id", maintain_order=True)
            .last()
        )
        return self.emit(
            rows,
            signal="function_logs_deleted",
            reason=pl.format(
                "{} deleted the log group of function {} from {}, after changing its code or "
                "configuration ({}, event {}): the change made, then its record erased",
                pl.col("principal_label"),
                pl.col("_function"),
                pl.col("source_ip_address").fill_null("?"),
                pl.col("_change"),
                pl.col("_change_id"),
            ),
            baseline=pl.lit("a function's logs kept after a change"),
            observed=pl.format("{} then DeleteLogGroup", pl.col("_change")),
            weight=float(self["cover_factor"]),
            severity=str(self["cover_severity"]),
        )
