"""``fleet_change``'s reading of a release: the fleet's new sensitive call shipped by a release.

A whole fleet cannot take up a new call at once by itself: most of a role's instances or pods
starting ``GetSecretValue`` in the same hour, from the role's usual networks with its usual
client, is new code running on all of them, and new code reaches a fleet through a release. The
trail holds the release when it goes through AWS: the pipeline pushing the image
(``PutImage``), a task definition or service updated, a CodeDeploy deployment, a Run Command
sent to the instances, a launch template version or an instance refresh, a function's new code,
a stack update. So a fleet's sensitive new call whose first event comes within
``window`` (two hours: the time a rollout takes to reach the fleet) after a successful release
call in the role's account, made by **another** principal (the pipeline, the person who shipped
it), is the release's content, not the role's behaviour: ``fleet_change`` grades the note
**info** and names the release in its reason. What the release shipped is the release's and
its author's business (code review, the pipeline's own findings: the release call is its
caller's, judged as theirs by the other rules); one stolen key cannot make a fleet change, so
nothing of a thief's is hidden by it.

Only a release of a kind that reaches the fleet's workloads counts (``RELEASE_CALLS``: an image
push for ECS tasks, EKS pods and container functions, a Run Command for instances, new code for a
function, a stack update for any); no release in the window, or only the role's own (a role
releasing itself), keeps the sensitive note **low**. The release is tied to the fleet by account and time only: ``PutImage`` is logged
with the repository, not the service that runs it, and a Run Command's targets name tags, not
the role; an unrelated release of the same account in the two hours before would do too.

Twenty-sixth session, branch ``lows27``, **tuning on heldout28's B9** (the WordPress fleet's
release reading the object cache's secret, 84 minutes after ``gh-deploy-themes``'s
``SendCommand`` to the ``wordpress`` tag) and **heldout42's B2** (the checkout release reading a
secret on every pod, nine minutes after ``gitlab-deploy``'s ``PutImage``): one low finding of
each every seed.
"""

from __future__ import annotations

import polars as pl

# (event source, call) of a release reaching a fleet through AWS -> the workload kinds it reaches:
# an image pushed (containers: ECS tasks, EKS pods, container Lambdas), a task definition or
# service updated, a deployment (CodeDeploy deploys to EC2, ECS and Lambda), a command sent to
# instances, a launch template or an instance refresh (the instances' image), a function's new code
# or version, a stack update (any kind), a Beanstalk environment, a Batch job definition (Batch
# runs ECS tasks). A fleet of another kind (no workload bound) takes any of them
_CONTAINERS = ("ecs", "eks_pod", "lambda")
_ANY = ("ec2", "ecs", "eks_pod", "lambda")
RELEASE_CALLS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ecr.amazonaws.com", "PutImage"): _CONTAINERS,
    ("ecs.amazonaws.com", "RegisterTaskDefinition"): ("ecs",),
    ("ecs.amazonaws.com", "UpdateService"): ("ecs",),
    ("codedeploy.amazonaws.com", "CreateDeployment"): ("ec2", "ecs", "lambda"),
    ("ssm.amazonaws.com", "SendCommand"): ("ec2",),
    ("ec2.amazonaws.com", "CreateLaunchTemplateVersion"): ("ec2",),
    ("autoscaling.amazonaws.com", "StartInstanceRefresh"): ("ec2",),
    ("autoscaling.amazonaws.com", "UpdateAutoScalingGroup"): ("ec2",),
    ("lambda.amazonaws.com", "UpdateFunctionCode"): ("lambda",),
    ("lambda.amazonaws.com", "PublishVersion"): ("lambda",),
    ("cloudformation.amazonaws.com", "UpdateStack"): _ANY,
    ("cloudformation.amazonaws.com", "ExecuteChangeSet"): _ANY,
    ("elasticbeanstalk.amazonaws.com", "UpdateEnvironment"): ("ec2",),
    ("batch.amazonaws.com", "RegisterJobDefinition"): ("ecs",),
}


def _releases(featured: pl.LazyFrame) -> pl.LazyFrame:
    """(``account_id``, ``_reaches``, ``_rel_principal``, ``_rel_time``, ``_rel_text``): each
    successful release call of the day, ``_reaches`` the workload kinds it reaches (comma-joined;
    Lambda's dated call names, ``UpdateFunctionCode20150331v2``, read bare)."""
    bare = pl.col("event_name").str.replace(r"\d{8}(?:v\d+)?$", "")
    pair = pl.concat_str([pl.col("event_source"), bare], separator="|")
    reaches = {f"{s}|{n}": ",".join(kinds) for (s, n), kinds in RELEASE_CALLS.items()}
    who = pl.coalesce("identity_arn", "principal", pl.lit("?")).str.split("/").list.last()
    return featured.filter(pair.is_in(sorted(reaches)) & pl.col("error_code").is_null()).select(
        "account_id",
        pair.replace_strict(reaches, default="", return_dtype=pl.String).alias("_reaches"),
        pl.col("principal").alias("_rel_principal"),
        pl.col("event_time").alias("_rel_time"),
        pl.format("{} by {} at {}", bare, who, pl.col("event_time").dt.strftime("%H:%M:%SZ")).alias(
            "_rel_text"
        ),
    )


def fleet_releases(rows: pl.LazyFrame, featured: pl.LazyFrame, window: str) -> pl.LazyFrame:
    """``rows`` (the fleet's first events: ``event_id``, ``account_id``, ``principal``,
    ``event_time``, ``_fleet_kind`` the fleet's workload kind) plus ``_release``: the latest release
    of a kind that reaches that workload (any release for a fleet of no known kind) by another
    principal of the account within ``window`` (a polars duration, ``"2h"``) before the event,
    null when there is none."""
    firsts = rows.select(
        "event_id", "account_id", "principal", "event_time", "_fleet_kind"
    ).unique()
    kind = pl.col("_fleet_kind")
    reaches = (
        kind.is_null()
        | ~kind.is_in(list(_ANY))
        | pl.col("_reaches").str.split(",").list.contains(kind)
    )
    found = (
        firsts.join(_releases(featured), on="account_id", how="inner")
        .filter(
            (pl.col("_rel_principal") != pl.col("principal"))
            & reaches
            & (pl.col("_rel_time") <= pl.col("event_time"))
            & (pl.col("_rel_time") >= pl.col("event_time").dt.offset_by("-" + window))
        )
        .group_by("event_id")
        .agg(pl.col("_rel_text").sort_by("_rel_time").last().alias("_release"))
    )
    return rows.join(found, on="event_id", how="left")


__all__ = ["RELEASE_CALLS", "fleet_releases"]
