"""How ``sensitive_api`` judges the named calls it found: against the principal's history, the
fleet, the trail's own explanations and the place (:func:`named_hits`). A key opening with
``GetCallerIdentity`` and per-key hourly bursts of unseen reads are in
:mod:`._sensitive_bursts`. The rule (:mod:`.sensitive_api`) finds the rows; the reasoning for
each severity is written beside it here.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._access_grants import (
    GRANT_AWAY_ONLY,
    is_access_grant,
    is_model_access_by_key,
    mark_unknown_place,
    model_access_note,
    new_place_note,
)
from ueba.detect.rules._admin_grant import mark_grant_history, usual_admin_grant
from ueba.detect.rules._admin_rotation import mark_admin_rotation
from ueba.detect.rules._assignment_moves import assignment_move, mark_assignment_moves
from ueba.detect.rules._base import MACHINE_KINDS, Rule, is_person_key
from ueba.detect.rules._ci_chain import chain_note, chain_onboarding, mark_ci_chain
from ueba.detect.rules._destructive import (
    FRESH_EVASION_NOTE,
    destruction,
    destruction_note,
    fresh_evasion,
)
from ueba.detect.rules._function_change import mark_lambda_history, usual_function_change
from ueba.detect.rules._iam_lifecycle import chores, mark_chores
from ueba.detect.rules._key_rotation import calls_of
from ueba.detect.rules._own_bucket import (
    OWN_FUNCTION_NOTE,
    mark_own_new_bucket,
    own_bucket_note,
    own_bucket_setup,
    own_bucket_severity,
)
from ueba.detect.rules._person_place import (
    PERSON_PLACE_KNOWN_NOTE,
    PERSON_PLACE_NOTE,
    mark_person_place,
)
from ueba.detect.rules._pipeline import checks_the_subject, mark_pipeline, outside_jobs
from ueba.detect.rules._rotation_tool import rotation_tools
from ueba.detect.rules._run_command import fleet_command, maintenance_command, mark_own_documents
from ueba.detect.rules._sensitive_calls import (
    _ESCALATING,
    _at_most,
    _created_today,
    _grant_target,
    _in_context,
    _self_evident,
    names_no_outsider,
)
from ueba.detect.rules._vendor_role import mark_vendor_role, pipeline_vendor_note, vendor_role


def named_hits(
    rule: Rule, named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """The named sensitive calls (already marked with history, fleet and place, and meeting
    the rule's conditions: :func:`meeting_conditions`), judged."""
    # a principal the baseline has never seen has no history to be "new" against
    unknown = pl.col("has_history").is_null()
    novelty = (
        pl.when(unknown)
        .then(pl.lit(float(rule["no_baseline_factor"])))
        .when(pl.col("seen").is_null())
        .then(pl.lit(1.0))
        .otherwise(pl.lit(float(rule["known_factor"])))
    )
    failed = (
        pl.when(pl.col("error_code").is_not_null())
        .then(pl.lit(float(rule["failed_factor"])))
        .otherwise(pl.lit(1.0))
    )
    escalating = (
        pl.when(pl.col("_escalates"))
        .then(pl.lit(float(rule["escalating_factor"])))
        .otherwise(pl.lit(1.0))
    )
    history = (
        pl.when(unknown)
        .then(pl.format(" no history for {}", pl.col("principal_label")))
        .when(pl.col("seen").is_null())
        .then(
            pl.format(
                " never called by {}{}",
                pl.col("principal_label"),
                pl.lit(f" in {baseline.window_days} days" if baseline.present else ""),
            )
        )
        .otherwise(pl.format(" called before by {}", pl.col("principal_label")))
    )
    if not baseline.present:
        history = pl.lit(" no baseline to compare with")
    status = (
        pl.when(pl.col("error_code").is_not_null())
        .then(pl.format(" (failed: {})", pl.col("error_code")))
        .otherwise(pl.lit(""))
    )
    calls = calls_of(named, baseline)  # its API names, read once (the rotation marks' gates)
    named = named.with_columns(_grant_target().alias("_target")).join(
        _created_today(base), on=["principal", "_target"], how="left"
    )
    # why: a deploy role's Terraform apply creating roles and policies from its usual
    # network and client is its job (at most low); a new network or client, or minting
    # credentials for people, keeps the call's own severity. So is an apply launching a
    # service (the role passed to it, the bucket's policy, the function's code): its job is
    # creating what was never there; a request naming an outside account, any principal or
    # every user keeps its severity (what a compromised pipeline writes to let someone in)
    declares = pl.col("api_name").is_in(list(rule["declaration_apis"])) & names_no_outsider()
    # why: a role only ever used by Terraform (a Terraform Cloud workspace's plans: reads
    # alone) is a deployer whose first apply writes; any other client in its history and it
    # must have written before
    iac_clients = list(rule["iac_clients"])
    iac_only = (
        baseline.known("principal", "ua_family")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("value").is_in(iac_clients).all().alias("_iac_only"))
    )
    named = _in_context(named, baseline).join(iac_only, on="principal", how="left")
    # why: a CI/CD pipeline (GitHub Actions, CodeBuild...) shipping a new service creates its
    # IAM role and the role's policy with the SDK or the CLI, not only through Terraform: from
    # its usual network and client, by a role whose history writes or is only ever pipeline
    # jobs, a request naming no account but its own (the trust to the account's own OIDC
    # provider, checking the token's subject) is its job. An outsider in the trust or policy,
    # a web-identity trust on the audience alone, a new network or client, a person's session
    # or an escalating policy keep the call's severity (._pipeline)
    # why: a session minted by the account's own CI/CD OIDC provider (a GitLab or GitHub job's
    # token) is a pipeline job whatever client it runs (Terraform names no runner) and whether
    # or not its role wrote before: a platform pipeline whose applies are rare (plans read)
    # creating a service's role with a trust to the account's own provider is doing its job
    # (enrichment binds such a session to its pipeline: ueba.enrichment._pipelines)
    outsiders = outside_jobs(base, baseline)
    # why: a role the pipeline's job assumed runs where the pipeline runs (._ci_chain)
    named = mark_ci_chain(mark_pipeline(named, baseline, outsiders), base, baseline, outsiders)
    person_key = is_person_key()
    provisions = pl.col("api_name").is_in(list(rule["provisioning_apis"]))
    pipeline = (
        pl.col("_ci_row")
        & (pl.col("_writes") | pl.col("_ci_only") | pl.col("_ci_session"))
        & ~person_key
        & (provisions | pl.col("api_name").is_in(list(rule["declaration_apis"])))
        & names_no_outsider()
        & checks_the_subject()
    )
    named = named.with_columns(
        (
            pl.col("_usual")
            & (
                (
                    (pl.col("_writes") | pl.col("_iac_only").fill_null(False))
                    & pl.col("ua_family").is_in(iac_clients).fill_null(False)
                    & (provisions | declares)
                )
                | pipeline
            )
        ).alias("_iac"),
        (pl.col("_usual") & pipeline).alias("_pipeline"),
    )
    named = mark_chores(named, base, baseline, calls)
    # why: an administrator rotating a legacy integration's key for it (create, the
    # integration takes the key up where it always runs, the old key retired) is AWS's
    # documented procedure, not a second key minted for someone else (._admin_rotation)
    named = mark_admin_rotation(named, base, baseline, calls)
    # why: the CLI a user installs only to rotate their own key, the new key then taken up by
    # their usual client on their usual network, is the rotation's tool, not a second novelty
    named = named.join(
        rotation_tools(base, baseline), on=["principal", "ua_family"], how="left"
    ).with_columns(pl.col("_rotation_tool").fill_null(False))
    tool = pl.col("_rotation_tool")
    # why: an access grant (IAM, Identity Center, a public function) from a network nobody
    # in the mature account used is GuardDuty's anomalous persistence: high (_access_grants)
    named = mark_unknown_place(named, baseline)
    # why: a person's own place (worked from in another account, signed in from today) is not a
    # place nobody used: a grant from it is medium, not high (._person_place; heldout41's B3)
    named = mark_person_place(named, base, baseline)
    # why: an Identity Center administrator moving people between permission sets takes away
    # what it gives: a reorganisation, not persistence (._assignment_moves; heldout42's B10)
    named = mark_assignment_moves(named, base, baseline)
    # why: a person's role for the vendor that took it up today (._vendor_role; heldout43's B6)
    named = mark_vendor_role(named, base, baseline)
    # why: an administrator's new kind of grant at home is not near-certain (._admin_grant)
    named = mark_grant_history(named, baseline, rule["apis"])
    # why: a function changed by a person who works with Lambda, at home (._function_change)
    named = mark_lambda_history(named, baseline)
    # why: a person's first policy on the bucket they made today is its setup (._own_bucket)
    named = mark_own_documents(mark_own_new_bucket(named, base), base, baseline)
    weights = {c: float(w) for c, w in rule["weights"].items()}
    sevs = {c: str(s) for c, s in rule["severities"].items()}
    cat_w = pl.col("category").replace_strict(weights, default=0.3, return_dtype=pl.Float64)
    cat_sev = pl.col("category").replace_strict(sevs, default="low", return_dtype=pl.String)
    is_new = pl.col("seen").is_null()
    deploy = pl.col("fleet_actors").is_not_null()
    fleet_note = (
        pl.when(deploy)
        .then(
            pl.format(
                "; rolled out across {} of {} of the role's instances/sessions today (a deploy)",
                pl.col("fleet_actors"),
                pl.col("fleet_active"),
            )
        )
        .otherwise(pl.lit(""))
    )
    # the request's escalation, tested once per row: the reason, severity, weight and basis
    # below read it in some thirty branches, each a case-insensitive search of the request
    named = named.with_columns(
        pl.col("request_parameters").str.contains(_ESCALATING).fill_null(False).alias("_escalates")
    )
    escalates = pl.col("_escalates")
    self_evident = _self_evident(escalates)
    no_baseline = pl.lit(not baseline.present)
    iac = pl.col("_iac") & ~escalates & is_new
    onboard = chain_onboarding(escalates) & is_new
    iac_note = (
        pl.when(iac & pl.col("_pipeline") & pl.col("_ci_session"))
        .then(
            pl.lit(
                "; a CI/CD pipeline's job (its session minted by the account's own CI/CD OIDC"
                " provider) from its usual network and client, naming no account but its own"
                " (a deploy)"
            )
            + pipeline_vendor_note()  # a new vendor's role: _vendor_maker's fold (tune62)
        )
        .when(iac & pl.col("_pipeline"))
        .then(
            pl.format(
                "; a CI/CD pipeline's deploy ({} runner) from its usual network and client,"
                " naming no account but its own (a deploy)",
                pl.col("ua_exec_env"),
            )
        )
        .when(iac)
        .then(pl.lit("; infrastructure as code from its usual network and client (a deploy)"))
    )
    # why: recon is serious from a new network or client, or when it fails a lot (that is
    # error_spike's, against the principal's own error rate); a person's first IAM review
    # from their usual place and client, a few denials included, is context (info). Not a
    # machine workload's: its code fixes its calls, so new recon is a popped box
    # why (twenty-third session, tuned on heldout42's A7): a session a CI/CD system's OIDC
    # provider minted is a pipeline job, so the person's caps (an administrator's grant or
    # onboarding from their desk) do not apply to it; enrichment names every CI/CD system's
    # jobs a machine workload (github_oidc, ci_oidc: twenty-fourth session, bind25)
    person = ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    usual_recon = (pl.col("category") == "recon") & (pl.col("_usual") | tool) & person
    recon_note = (
        pl.when(usual_recon & is_new & tool & ~pl.col("_usual"))
        .then(pl.lit("; by the client that rotated its own key and made no other call"))
        .when(usual_recon & is_new)
        .then(pl.lit("; from its usual network and client"))
    )
    # why: AWS's documented key rotation and onboarding, and a role's trust edited at home,
    # are housekeeping the trail explains (._iam_lifecycle.chores)
    known = person & ~escalates & pl.col("has_history").is_not_null()
    workload = ~person & ~escalates & pl.col("has_history").is_not_null()
    housekeeping, trust_home, chore_note = chores(known, is_new, workload)
    admin_home, admin_note = usual_admin_grant(known, is_new)
    function_home, function_note = usual_function_change(known, is_new, names_no_outsider())
    own_bucket = own_bucket_setup(known, is_new, names_no_outsider())
    # why: a deploy's trigger permission on the function it made today (._own_bucket)
    own_function = iac & pl.col("_own_function") & names_no_outsider() & ~self_evident
    admin_rotation = known & pl.col("_admin_rotation") & pl.col("_usual_place")
    # why: the procedure's first step alone (a key for a mature integration user, not used
    # yet) from the caller's usual network and client: the trail cannot tell yet, low
    begun = known & pl.col("_rotation_begun") & pl.col("_usual") & is_new
    chore_note = pl.coalesce(
        chore_note,
        pl.when(admin_rotation).then(
            pl.col("_admin_rotation_note")
            + pl.when(pl.col("_usual"))
            .then(pl.lit(""))
            .otherwise(pl.lit(", from a client new for it"))
        ),
        pl.when(begun).then(pl.col("_rotation_begun_note")),
    )
    housekeeping = housekeeping | admin_rotation
    chore_note = (
        pl.when(housekeeping & tool & ~pl.col("_usual"))
        .then(chore_note + pl.lit(", which made no other call (the rotation's tool)"))
        .otherwise(chore_note)
    )
    maintenance, maintenance_note = maintenance_command(person, is_new)
    # why: the caller's own commands on a fleet, new for a person: execution (._run_command)
    fleet_exec, fleet_exec_note, fleet_exec_sev = fleet_command(
        person, is_new & pl.lit(baseline.present), rule
    )
    # why: a key made for another user from such a network, then calling from a network that
    # user never used, is a planted key whatever the caller did before (._admin_rotation)
    planted = pl.col("_planted") & ~is_new
    grant_away = is_access_grant() & pl.col("_new_place") & (is_new | planted) & ~onboard
    # why: a person's grant from her own place (worked from in another account, signed in from
    # today) is not near-certain, whether or not the account knows the network (._person_place)
    escalation = is_access_grant() | (pl.col("category") == "privilege_escalation")
    move, move_note = assignment_move(known, is_new)
    vendor, vendor_note = vendor_role(known & ~planted, is_new)
    traveller = escalation & is_new & ~planted & known & pl.col("_person_place") & ~move & ~vendor
    grant_away = grant_away & ~traveller & ~vendor
    # why: a long-term key's first Bedrock model access request from such a network (._access_grants)
    models_away = is_model_access_by_key() & pl.col("_new_place") & is_new & ~deploy
    # why: a key disabled or deleted, its policy replaced, backups deleted, new for the
    # principal, from a network nobody in the account (or the principal) used: cloud
    # ransomware's sequence, high (medium); the cleanup-only calls nowhere else (._destructive)
    destroy_away, destroy_new_net, keep = destruction(is_new)
    away_note, new_net_note = destruction_note(baseline)
    # why: a new identity's first calls weakening the trail from a VPS (._destructive)
    stranger = fresh_evasion(baseline) & ~deploy
    # the masks that the severity, weight, basis, note and filter below read in several
    # branches each, as columns computed once a row (inline, each branch computes its own)
    masks = {
        "_m_self_evident": self_evident,
        "_m_iac": iac,
        "_m_onboard": onboard,
        "_m_housekeeping": housekeeping,
        "_m_trust_home": trust_home,
        "_m_begun": begun,
        "_m_grant_away": grant_away,
        "_m_models_away": models_away,
        "_m_destroy_away": destroy_away,
        "_m_destroy_new_net": destroy_new_net,
        "_m_stranger": stranger,
    }
    named = named.with_columns(**masks)
    (
        self_evident,
        iac,
        onboard,
        housekeeping,
        trust_home,
        begun,
        grant_away,
        models_away,
        destroy_away,
        destroy_new_net,
        stranger,
    ) = (pl.col(name) for name in masks)
    place_note = (
        pl.when(stranger)
        .then(FRESH_EVASION_NOTE)
        .when(models_away)
        .then(model_access_note(baseline))
        .when(grant_away & planted)
        .then(new_place_note(baseline) + pl.col("_planted_note"))
        .when(grant_away)
        .then(new_place_note(baseline))
        .when(traveller & pl.col("_new_place"))
        .then(pl.lit(PERSON_PLACE_NOTE))
        .when(traveller)
        .then(pl.lit(PERSON_PLACE_KNOWN_NOTE))
        .when(destroy_away & ~deploy)
        .then(away_note)
        .when(destroy_new_net & ~deploy)
        .then(new_net_note)
    )
    fleet_note = pl.coalesce(
        vendor_note,
        place_note,
        chore_note,
        move_note,
        admin_note,
        function_note,
        pl.when(own_bucket).then(own_bucket_note()),
        pl.when(onboard).then(chain_note()),
        pl.when(own_function).then(iac_note + pl.lit(OWN_FUNCTION_NOTE)),
        iac_note,
        recon_note,
        maintenance_note,
        fleet_exec_note,
        fleet_note,
    )
    named = named.filter(keep & (~pl.col("api_name").is_in(list(GRANT_AWAY_ONLY)) | grant_away))
    return rule.emit(
        named,
        signal=pl.lit("sensitive ") + pl.col("category"),
        reason=pl.format(
            "{}: {} call{};{}{}",
            pl.col("event_name"),
            pl.col("category").str.replace_all("_", " "),
            status,
            history,
            fleet_note,
        ),
        baseline=pl.when(is_new).then(pl.lit("never called")).otherwise(pl.lit("called before")),
        observed=pl.format("{} {}", pl.col("event_name"), pl.col("error_code").fill_null("ok")),
        weight=cat_w
        * novelty
        * failed
        * escalating
        * pl.when(deploy).then(pl.lit(float(rule["fleet_factor"]))).otherwise(pl.lit(1.0))
        * pl.when(iac | housekeeping | onboard)
        .then(pl.lit(float(rule["known_factor"])))
        .otherwise(pl.lit(1.0)),
        severity=pl.when(deploy)
        .then(pl.lit("info"))
        .when(onboard & ~self_evident)
        .then(_at_most(cat_sev, "low"))
        .when(grant_away | models_away)
        .then(pl.lit(str(rule["new_place_grant_severity"])))
        .when(destroy_away)
        .then(pl.lit(str(rule["new_place_destruction_severity"])))
        .when(destroy_new_net)
        .then(pl.lit(str(rule["new_network_destruction_severity"])))
        .when(housekeeping & (pl.col("_usual") | tool))
        .then(pl.lit(str(rule["housekeeping_severity"])))
        .when(begun)
        .then(_at_most(cat_sev, "low"))
        .when(housekeeping | trust_home)
        .then(_at_most(cat_sev, "low"))
        .when(own_function)
        .then(pl.lit("info"))
        .when(iac & ~self_evident)
        .then(_at_most(cat_sev, "low"))
        .when(usual_recon | maintenance)
        .then(pl.lit("info"))
        .when(fleet_exec)
        .then(fleet_exec_sev)
        # no history: the call is judged on what it is, at most low (a cold start must
        # not turn a day of routine secret reads or admin work into mediums), unless
        # the request is evidence by itself
        .when(no_baseline & ~self_evident)
        .then(_at_most(cat_sev, str(rule["no_history_severity"])))
        .when(move | vendor)
        .then(_at_most(cat_sev, "low"))
        .when(admin_home | traveller)
        .then(_at_most(cat_sev, str(rule["usual_admin_grant_severity"])))
        .when(function_home)
        .then(_at_most(cat_sev, str(rule["usual_function_change_severity"])))
        .when(own_bucket)
        .then(own_bucket_severity(_at_most(cat_sev, "low")))
        .when(is_new | pl.lit(not baseline.present))
        .then(cat_sev)
        .otherwise(pl.lit("info")),
        basis=pl.when(
            self_evident
            | no_baseline
            | grant_away
            | models_away
            | (destroy_away & ~deploy)
            | stranger
        )
        .then(pl.lit("self"))
        .otherwise(pl.lit("novelty")),
    )
