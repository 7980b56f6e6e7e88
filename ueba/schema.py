"""The canonical, versioned schema of every pipeline stage.

Each stage of ``ueba`` hands the next a polars frame of one of the schemas below. Columns are
snake_case; CloudTrail's camelCase never leaves the parsers in :mod:`ueba.io`.

``SCHEMA_VERSION`` changes whenever a column is added, removed, renamed or retyped; saved
baselines and lake manifests record it so that an incompatible file is refused, not misread.
The incident store kept beside a model has its own number, ``INCIDENTS_FORMAT_VERSION``.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

SCHEMA_VERSION = "1.1"

UTC_US = pl.Datetime("us", "UTC")

# --------------------------------------------------------------------------------------------
# EVENTS: one row per CloudTrail record, as read (ueba.io). Nothing is dropped: unknown top-level
# keys go to ``extra`` as JSON text; free-form members stay JSON text.
# --------------------------------------------------------------------------------------------
EVENTS: Mapping[str, pl.DataType] = {
    "event_time": UTC_US,
    "event_version": pl.String(),
    "event_source": pl.String(),
    "event_name": pl.String(),
    "aws_region": pl.String(),
    "source_ip_address": pl.String(),
    "user_agent": pl.String(),
    "error_code": pl.String(),
    "error_message": pl.String(),
    "read_only": pl.Boolean(),
    "event_type": pl.String(),
    "management_event": pl.Boolean(),
    "event_category": pl.String(),
    "recipient_account_id": pl.String(),
    "event_id": pl.String(),
    "request_id": pl.String(),
    "shared_event_id": pl.String(),
    "vpc_endpoint_id": pl.String(),
    "vpc_endpoint_account_id": pl.String(),
    "tls_version": pl.String(),
    "tls_cipher_suite": pl.String(),
    "tls_client_provided_host_header": pl.String(),
    "session_credential_from_console": pl.Boolean(),
    # userIdentity, flat
    "identity_type": pl.String(),
    "identity_arn": pl.String(),
    "identity_principal_id": pl.String(),
    "identity_account_id": pl.String(),
    "access_key_id": pl.String(),
    "identity_user_name": pl.String(),
    "invoked_by": pl.String(),
    "identity_provider": pl.String(),
    "credential_id": pl.String(),
    "on_behalf_of_user_id": pl.String(),
    "session_issuer_type": pl.String(),
    "session_issuer_arn": pl.String(),
    "session_issuer_principal_id": pl.String(),
    "session_issuer_user_name": pl.String(),
    "session_issuer_account_id": pl.String(),
    "session_creation_date": UTC_US,
    "mfa_authenticated": pl.Boolean(),
    "source_identity": pl.String(),
    "ec2_role_delivery": pl.String(),
    "web_id_federation_provider": pl.String(),
    # free-form members, JSON text (secrets already redacted)
    "request_parameters": pl.String(),
    "response_elements": pl.String(),
    "resources": pl.String(),
    "additional_event_data": pl.String(),
    "service_event_details": pl.String(),
    # where the record came from, and anything the parser did not know (JSON object text)
    "source_file": pl.String(),
    "extra": pl.String(),
}

# --------------------------------------------------------------------------------------------
# ERRORS: one row per file or record that could not be read; written to the lake's _quarantine.
# ``record_index`` is null when the whole file failed.
# --------------------------------------------------------------------------------------------
ERRORS: Mapping[str, pl.DataType] = {
    "source_file": pl.String(),
    "record_index": pl.Int64(),
    "error_kind": pl.String(),  # e.g. truncated_gzip, not_json, not_cloudtrail, too_large, bad_record
    "reason": pl.String(),  # a sentence a person reads, naming the fix where there is one
    "excerpt": pl.String(),  # up to 200 characters of the offending input, secrets redacted
    "detected_at": UTC_US,
}

# --------------------------------------------------------------------------------------------
# ENRICHED = EVENTS + the columns below (ueba.enrich). Each is computed once per unique value
# (IP, user agent, identity) and joined back.
# --------------------------------------------------------------------------------------------
SOURCE_KINDS = (
    "aws",
    "vpc_endpoint",
    "private",
    "aws_service",
    "aws_internal",
    "public",
    "invalid",
)

ENRICHED_NETWORK: Mapping[str, pl.DataType] = {
    "source_kind": pl.String(),  # one of SOURCE_KINDS
    "aws_services": pl.List(pl.String()),  # every service the matched prefixes are listed under
    "aws_service": pl.String(),  # the most specific one (EC2 rather than AMAZON)
    "ip_aws_region": pl.String(),
    "ip_network_border_group": pl.String(),
    "ip_aws_prefix": pl.String(),  # the most specific matching prefix, CIDR text
    "asn": pl.Int64(),
    "as_org": pl.String(),
    "country": pl.String(),  # ISO 3166-1 alpha-2
    "city": pl.String(),
    "latitude": pl.Float64(),
    "longitude": pl.Float64(),
    "ip_is_anonymous": pl.Boolean(),  # VPN, Tor exit, public proxy, per the Anonymous-IP database
    "ip_is_hosting": pl.Boolean(),  # hosting provider / data centre
    "network_key": pl.String(),  # AWS prefix for aws; ASN (else /24 or /48) for public; else kind
}

ENRICHED_USER_AGENT: Mapping[str, pl.DataType] = {
    "ua_family": pl.String(),
    "ua_version": pl.String(),
    "ua_runtime": pl.String(),
    "ua_os_family": pl.String(),  # macos, linux, windows, ios, android, other
    "ua_distro": pl.String(),  # kali, parrot, amzn, ubuntu, ... when the agent says
    "ua_exec_env": pl.String(),  # CloudShell, Lambda, EC2, ECS, ...
    "ua_fingerprint": pl.String(),  # the agent with session-specific parts removed
}

ENRICHED_IDENTITY: Mapping[str, pl.DataType] = {
    "principal_arn": pl.String(),
    "principal_type": pl.String(),  # iam_user, role, root, federated_user, saml_user, web_identity_user, aws_service, aws_account, anonymous
    "session_name": pl.String(),
    "credential_kind": pl.String(),  # long_term_key, session_key, console_session, aws_service, none
    "workload_kind": pl.String(),  # ec2, lambda, ecs, sso_user, saml_user, github_oidc, ci_oidc, ...
    "workload_id": pl.String(),
    "key_issued_at": UTC_US,
    "key_issuer_event_id": pl.String(),
    "parent_access_key_id": pl.String(),
}

ENRICHED: Mapping[str, pl.DataType] = {
    **EVENTS,
    **ENRICHED_NETWORK,
    **ENRICHED_USER_AGENT,
    **ENRICHED_IDENTITY,
}

# --------------------------------------------------------------------------------------------
# BASELINE: mergeable daily summaries (ueba.baseline). Long format so that any split of the data
# summarises and merges to the same result: group by the key, sum counts, min/max the times.
# --------------------------------------------------------------------------------------------
SUMMARY_SCOPES = ("principal", "credential", "workload", "account")

SUMMARY: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "scope": pl.String(),  # one of SUMMARY_SCOPES
    "entity": pl.String(),  # principal ARN, access key, workload id or account id
    "account_id": pl.String(),
    "dimension": pl.String(),  # network_key, asn, prefix24, country, ua_os_family, ua_family, ...
    "value": pl.String(),
    "count": pl.Int64(),
    "first_seen": UTC_US,
    "last_seen": UTC_US,
}

VOLUME: Mapping[str, pl.DataType] = {
    "hour": UTC_US,  # truncated to the hour
    "scope": pl.String(),
    "entity": pl.String(),
    "account_id": pl.String(),
    "events": pl.Int64(),
    "errors": pl.Int64(),
    "access_denied": pl.Int64(),
}

# What a fitted baseline learnt from its window (ueba.baseline), saved beside the summaries.
# PROFILE: per scope, entity, account, dimension and value, how much and on how many days.
PROFILE: Mapping[str, pl.DataType] = {
    "scope": pl.String(),
    "entity": pl.String(),
    "account_id": pl.String(),
    "dimension": pl.String(),
    "value": pl.String(),
    "count": pl.Int64(),
    "days_seen": pl.Int64(),
    "first_seen": UTC_US,
    "last_seen": UTC_US,
}

MATURITIES = ("learning", "mature")

# MATURITY: how long and how much each entity was observed. ``maturity`` is ``mature`` when the
# entity has at least ``min_events`` (20) events and its routine was observed: at least
# ``min_days`` (7) active days, or one whole cycle at work (history spanning ``cycle_days`` (7)
# calendar days, ``cycle_active_days`` (5) of them active within some 7 consecutive days); and,
# for a principal, its account is mature too; else ``learning``. ``cold_start`` = learning.
#
# BASELINE_FORMAT_VERSION numbers what a saved baseline's files mean, beyond their columns:
#   1: maturity was ``min_days`` active days alone; manifests have no ``cycle_*`` parameters.
#   2: the rule above; manifests record ``cycle_days`` and ``cycle_active_days``.
#   3: the profile's ``principal`` scope also holds dimension ``workload`` (the instances,
#      tasks and functions that ran as the principal: the workload -> role map).
#   4: the profile's ``principal`` and ``account`` scopes also hold dimensions ``s3_read`` and
#      ``s3_write`` (the buckets of successful S3 object reads and writes), the ``account``
#      scope ``s3_person_write`` (the buckets people write); manifests record
#      ``buckets_since``, the first instant whose buckets were learnt.
# A format-1 baseline loads with ``cycle_active_days=None`` (its own rule, unchanged); a
# format-1 or 2 baseline has no ``workload`` rows (a role's new task is judged as before the map
# until the daily updates have learnt its tasks); a format-1, 2 or 3 baseline has no bucket rows
# and learns them from its next update on (``buckets_since`` is its window's end): the rules
# that read buckets stay silent on it until the window has slid past that day, or it is refit;
# a newer format than this ueba knows is
# refused with the fix (upgrade ueba, or rebuild the baseline).
# The workload kind ``ci_oidc`` (a non-GitHub CI/CD job, twenty-fourth session) is a new value,
# no new column or meaning of a file: a format-4 baseline saved before it loads as it is and
# learns those jobs' ``workload`` rows from its next update.
BASELINE_FORMAT_VERSION = 4
MATURITY: Mapping[str, pl.DataType] = {
    "scope": pl.String(),
    "entity": pl.String(),
    "account_id": pl.String(),
    "days_observed": pl.Int64(),
    "events": pl.Int64(),
    "first_seen": UTC_US,
    "last_seen": UTC_US,
    "age_days": pl.Int64(),
    "cold_start": pl.Boolean(),
    "maturity": pl.String(),  # one of MATURITIES
}

VOLUME_MEASURES = ("events", "errors", "access_denied")
VOLUME_STATISTICS = ("median", "mad", "mean", "p95", "max")

# VOLUME_STATS: statistics of each entity's hourly counts over the hours it was active.
VOLUME_STATS: Mapping[str, pl.DataType] = {
    "scope": pl.String(),
    "entity": pl.String(),
    "account_id": pl.String(),
    "hours_observed": pl.Int64(),
    **{
        f"{measure}_{stat}": pl.Float64()
        for measure in VOLUME_MEASURES
        for stat in VOLUME_STATISTICS
    },
}

# --------------------------------------------------------------------------------------------
# FINDINGS: one row per incident (ueba.detect): one actor (workload or person) and one cause.
# --------------------------------------------------------------------------------------------
SEVERITIES = ("info", "low", "medium", "high", "critical")
# each severity's position in SEVERITIES (info = 0 ... critical = 4), for comparing them
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

EVIDENCE = pl.Struct(
    {
        "rule": pl.String(),
        "signal": pl.String(),
        "baseline": pl.String(),
        "observed": pl.String(),
    }
)

# One source address of a finding, as enrichment saw it (ueba.enrich): what exporters need for
# OCSF src_endpoint.location / autonomous_system without re-reading the events.
SOURCE_NETWORK = pl.Struct(
    {
        "ip": pl.String(),
        "source_kind": pl.String(),  # one of SOURCE_KINDS; "invalid" never becomes an OCSF ip
        "asn": pl.Int64(),
        "as_org": pl.String(),
        "country": pl.String(),
        "city": pl.String(),
        "latitude": pl.Float64(),
        "longitude": pl.Float64(),
    }
)

ACTIVITIES = ("create", "update", "close")

FINDINGS: Mapping[str, pl.DataType] = {
    # uuid5(account, actor_kind, actor_id, cause, opened): stable for the incident's life, never
    # dependent on which rules fired; an incident that goes on over later days keeps it
    "finding_id": pl.String(),
    "activity": pl.String(),  # one of ACTIVITIES: first report, grown evidence, suppressed
    "rule": pl.String(),  # the rule that weighed most
    "rules": pl.List(pl.String()),
    "cause": pl.String(),  # why this incident exists (the family of what happened), not the rule
    "severity": pl.String(),  # one of SEVERITIES
    "score": pl.Float64(),  # [0, 1], higher = more anomalous
    "title": pl.String(),
    "account_id": pl.String(),
    # the actor: the workload (ec2_instance, lambda_function, ecs_task, ci_role, ...) or the
    # person (iam_user, sso_user, root, ...) every session key of which folds into the incident
    "actor_kind": pl.String(),
    "actor_id": pl.String(),
    "maturity": pl.String(),  # one of MATURITIES: how much the baseline knew of the actor
    "principal_arn": pl.String(),
    "principal_type": pl.String(),
    "access_key_id": pl.String(),  # the key that weighed most
    "access_key_ids": pl.List(pl.String()),  # every key folded into the incident
    "workload_kind": pl.String(),
    "workload_id": pl.String(),
    "source_ips": pl.List(pl.String()),
    "user_agents": pl.List(pl.String()),
    "first_seen": UTC_US,
    "last_seen": UTC_US,
    "event_count": pl.Int64(),
    "event_ids": pl.List(pl.String()),
    "reasons": pl.List(pl.String()),
    "evidence": pl.List(EVIDENCE),
    "source_networks": pl.List(SOURCE_NETWORK),  # one per source_ips entry, same order
    "regions": pl.List(pl.String()),  # AWS regions of the finding's events, most events first
}


# INCIDENTS: the open incidents kept beside a model (ueba.detect.incidents.IncidentStore), so a
# finding that goes on over later days or files keeps its ``finding_id``.
#
# INCIDENTS_FORMAT_VERSION numbers the store's file (``incidents.parquet``), recorded in its
# Parquet metadata under ``ueba.incidents_format``. The store is versioned apart from
# SCHEMA_VERSION so that a column of it does not make every saved baseline and lake refused:
#   1: finding_id ... updates; no version recorded (every store saved before format 2).
#   2: access_key_ids and source_ips (the keys and Internet addresses a later finding must
#      share to continue the incident after a quiet day).
#   3: signals (the "rule/signal" pairs of its evidence: a finding the next day must share one,
#      a key or a new address to continue it).
# A format-1 store loads with empty key and address lists (its incidents continue day to day
# only); a newer format than this ueba knows is refused with the fix.
INCIDENTS_FORMAT_VERSION = 3
INCIDENTS: Mapping[str, pl.DataType] = {
    "finding_id": pl.String(),
    "account_id": pl.String(),
    "actor_kind": pl.String(),
    "actor_id": pl.String(),
    "cause": pl.String(),
    "opened": pl.Date(),  # the UTC day the incident opened (part of its id)
    "first_seen": UTC_US,
    "last_seen": UTC_US,
    "severity": pl.String(),  # the highest severity reported so far
    "score": pl.Float64(),  # the highest score reported so far
    "event_count": pl.Int64(),  # events reported over all updates (re-scored files may recount)
    "updates": pl.Int64(),  # how many times it was reported
    # the evidence a later finding must share to continue it after a quiet day (IncidentStore)
    "access_key_ids": pl.List(pl.String()),
    "source_ips": pl.List(pl.String()),
    # the "rule/signal" pairs of its evidence (null: saved before format 3, unknown)
    "signals": pl.List(pl.String()),
}


# --------------------------------------------------------------------------------------------
# TRUTH: labelled incidents to grade findings against (ueba.evaluate). Rows sharing an ``id``
# are one incident; any identifier may be null, at least one is not.
# --------------------------------------------------------------------------------------------
TRUTH: Mapping[str, pl.DataType] = {
    "id": pl.String(),
    "label": pl.String(),  # attack | benign
    "name": pl.String(),
    "access_key_id": pl.String(),
    "principal_arn": pl.String(),
    "source_ips": pl.List(pl.String()),  # the attacker's (or the change's) addresses
    "event_ids": pl.List(pl.String()),
    "start": UTC_US,
    "end": UTC_US,
}

# EVALUATION: one row per severity tier ("this severity or above") of an evaluation
EVALUATION: Mapping[str, pl.DataType] = {
    "tier": pl.String(),
    "attacks": pl.Int64(),
    "attacks_found": pl.Int64(),
    "recall": pl.Float64(),
    "benign": pl.Int64(),
    "benign_flagged": pl.Int64(),
    "findings": pl.Int64(),
    "false_findings": pl.Int64(),  # findings that belong to no attack (benign changes included)
    "unlabelled_findings": pl.Int64(),  # findings that belong to no incident at all
    "precision": pl.Float64(),
    "false_per_1000": pl.Float64(),  # false findings per 1,000 principal-days
    "findings_per_incident": pl.Float64(),  # mean over incidents with a finding at the tier
    "max_findings_per_incident": pl.Int64(),
    "min_score": pl.Float64(),  # the lowest score of a finding at the tier
}


def empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame of ``schema``, for stages that found nothing."""
    return pl.DataFrame(schema=dict(schema))


def conform(frame: pl.LazyFrame, schema: Mapping[str, pl.DataType]) -> pl.LazyFrame:
    """Select ``schema``'s columns in order, cast to its types, adding missing ones as nulls.

    Columns the frame has beyond ``schema`` are dropped, so the result is exactly the schema.
    """
    have = frame.collect_schema()
    return frame.select(
        [
            (pl.col(name) if name in have else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )


__all__ = [
    "ACTIVITIES",
    "BASELINE_FORMAT_VERSION",
    "ENRICHED",
    "ENRICHED_IDENTITY",
    "ENRICHED_NETWORK",
    "ENRICHED_USER_AGENT",
    "ERRORS",
    "EVALUATION",
    "EVENTS",
    "EVIDENCE",
    "FINDINGS",
    "INCIDENTS",
    "INCIDENTS_FORMAT_VERSION",
    "MATURITIES",
    "MATURITY",
    "PROFILE",
    "SCHEMA_VERSION",
    "SEVERITIES",
    "SEVERITY_RANK",
    "SOURCE_KINDS",
    "SOURCE_NETWORK",
    "SUMMARY",
    "SUMMARY_SCOPES",
    "TRUTH",
    "UTC_US",
    "VOLUME",
    "VOLUME_MEASURES",
    "VOLUME_STATISTICS",
    "VOLUME_STATS",
    "conform",
    "empty",
]
