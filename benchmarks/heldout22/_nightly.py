"""The data pipelines and AWS services of every day: the nightly roster sync (districts' SFTP
uploads through Transfer Family, EventBridge Scheduler starting Step Functions, Glue loading the
student tables), AWS Config in every account, QuickSight querying Redshift Serverless."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._org import Ctx, service_session


# -- the nightly roster sync --------------------------------------------------------------------
def roster_day(ctx: Ctx, day: dt.date) -> None:
    data = w.ACCOUNTS["data"]
    districts = list(w.DISTRICTS) + ([w.NEW_DISTRICT] if ctx.cal.district_live(day) else [])
    for district in districts:
        when = ctx.at(day, ctx.rng.uniform(6.0, 9.0))  # 1-4 am in the districts
        ident, _ = service_session(
            ctx, "transfer.amazonaws.com", when, data, "transfer-roster-upload", district
        )
        for part in ("students", "enrollments", "teachers", "sections"):
            ctx.trail.add(
                ident,
                when + dt.timedelta(seconds=ctx.rng.randrange(5, 300)),
                "s3",
                "PutObject",
                w.HOME,
                "transfer.amazonaws.com",
                "AWS Transfer",
                account=data,
                request={"bucketName": f"bp-roster-{district}", "key": f"inbound/{part}.csv"},
                data=True,
                invoked_by="transfer.amazonaws.com",
            )
    start = ctx.at(day, 9.5)
    sched, _ = service_session(
        ctx, "scheduler.amazonaws.com", start, data, "roster-sync-scheduler", "roster-nightly"
    )
    ctx.trail.add(
        sched,
        start,
        "states",
        "StartExecution",
        w.HOME,
        "scheduler.amazonaws.com",
        "scheduler.amazonaws.com",
        account=data,
        invoked_by="scheduler.amazonaws.com",
        request={"stateMachineArn": f"arn:aws:states:us-east-1:{data}:stateMachine:roster-sync"},
    )
    sfn, _ = service_session(
        ctx, "states.amazonaws.com", start, data, "roster-sync-sfn", "roster-sync"
    )
    glue_start = start + dt.timedelta(minutes=2)
    ctx.trail.add(
        sfn,
        glue_start,
        "glue",
        "StartJobRun",
        w.HOME,
        "states.amazonaws.com",
        "states.amazonaws.com",
        account=data,
        invoked_by="states.amazonaws.com",
        request={"jobName": "roster-normalise"},
    )
    glue, _ = service_session(
        ctx,
        "glue.amazonaws.com",
        glue_start,
        data,
        "glue-roster-etl",
        "GlueJobRunnerSession",
        hours=2,
    )
    ip = ctx.ip("aws_east")
    for district in districts:
        for api, service, req in (
            ("GetObject", "s3", {"bucketName": f"bp-roster-{district}"}),
            ("GetObject", "s3", {"bucketName": f"bp-roster-{district}"}),
            ("BatchWriteItem", "dynamodb", {"requestItems": [w.STUDENT_TABLE]}),
            ("BatchWriteItem", "dynamodb", {"requestItems": ["lms-enrollments"]}),
        ):
            ctx.trail.add(
                glue,
                glue_start + dt.timedelta(seconds=ctx.rng.randrange(60, 2400)),
                service,
                api,
                w.HOME,
                ip,
                w.GLUE_UA,
                account=data,
                request=req,
                data=True,
            )


# -- AWS Config and QuickSight ------------------------------------------------------------------
def services_day(ctx: Ctx, day: dt.date) -> None:
    for name, account in w.ACCOUNTS.items():
        if name == "staging" and not ctx.cal.staging_on(day):
            continue
        when = ctx.at(day, ctx.rng.uniform(0, 3))
        ident, _ = service_session(
            ctx,
            "config.amazonaws.com",
            when,
            account,
            "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            hours=12,
        )
        for _ in range(ctx.n(10)):
            api = ctx.rng.choice(
                (
                    "DescribeTable",
                    "GetFunction",
                    "DescribeUserPool",
                    "GetBucketPolicy",
                    "ListTagsForResource",
                )
            )
            service = {
                "DescribeTable": "dynamodb",
                "GetFunction": "lambda",
                "DescribeUserPool": "cognito-idp",
            }.get(api, "s3")
            ctx.trail.add(
                ident,
                ctx.at(day, ctx.rng.uniform(0, 23.9)),
                service,
                api,
                w.HOME,
                "config.amazonaws.com",
                "config.amazonaws.com",
                account=account,
                invoked_by="config.amazonaws.com",
            )
    data = w.ACCOUNTS["data"]
    when = ctx.at(day, 12.0)
    qs, _ = service_session(
        ctx,
        "quicksight.amazonaws.com",
        when,
        data,
        "service-role/aws-quicksight-service-role-v0",
        "QuickSight",
        hours=12,
    )
    for _ in range(ctx.n(12 * ctx.cal.reporting(day))):
        api = ctx.rng.choice(("ExecuteStatement", "DescribeStatement", "GetStatementResult"))
        ctx.trail.add(
            qs,
            ctx.at(day, ctx.rng.uniform(12.0, 23.5)),
            "redshift-data",
            api,
            w.HOME,
            "quicksight.amazonaws.com",
            "quicksight.amazonaws.com",
            account=data,
            invoked_by="quicksight.amazonaws.com",
            request={"workgroupName": "analytics"},
        )
