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
)
# the detection services whose delegated administrator or members the calls above remove;
# Organizations' DeregisterDelegatedAdministrator also serves StackSets, Config rules, IPAM...
_DETECTION_SERVICES = r"(guardduty|securityhub|macie|inspector2|detective|cloudtrail)"
# Calls that only blind anyone with these request parameters (regex on the request JSON).
_CONDITIONS = {
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
    params: ClassVar[dict[str, Any]] = {
        "apis": list(EVASION_APIS),
        "conditions": dict(_CONDITIONS),
        "failed_severity": "medium",
        "failed_factor": 0.6,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today).filter(
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
        return self.emit(
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
