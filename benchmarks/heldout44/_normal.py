"""A day of Chao Phraya Cold Chain's ordinary activity: the telemetry fleet, the dispatch API's
Fargate tasks, two Lambda functions, Bitbucket Pipelines, the people through Identity Center,
the IAM users' long-term keys, Datadog, the nightly Glue job and AWS Config in every account."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import (
    Ctx,
    assume,
    at,
    by_service,
    hash_index,
    spread,
    utc,
)
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._people import long_term_keys, people
from benchmarks.heldout44._trail import Identity, service, web_identity

H = dt.timedelta(hours=1)
SECRETS = ("telemetry/kinesis-writer", "telemetry/timescale")


def fleet(c: Ctx, day: dt.date) -> None:
    """Each telemetry instance: a new instance-profile session every six hours, the SSM agent's
    check-ins, parameter and secret reads, KMS decrypts; through the NAT gateway."""
    w = c.org.telemetry
    members = c.plan.replaced.get(day, w.members)
    for n, instance in enumerate(members):
        offset = (hash_index(instance) % 360) / 60
        for block in range(4):
            start = utc(day, block * 6 + offset)
            who = by_service(
                c, start, "ec2.amazonaws.com", org.PROD, w.role, instance, ec2=True, hours=6
            )
            for t in spread(c, start, 6, 12):
                c.trail.call(
                    t,
                    who,
                    org.PROD,
                    "ssm:UpdateInstanceInformation",
                    org.HOME,
                    c.nat(t, n),
                    org.SSM_AGENT,
                )
            agent = org.TELEMETRY.format(p=149)
            for t in spread(c, start + H / 4, 5.5, 6):
                c.trail.call(t, who, org.PROD, "ssm:GetParameters", org.HOME, c.nat(t, n), agent)
                ip, vpce = endpoint(c, t, n)
                c.trail.call(
                    t + H / 120, who, org.PROD, "kms:Decrypt", org.HOME, ip, agent, vpce=vpce
                )
            t = start + dt.timedelta(minutes=c.rng.randrange(5, 300))
            ip, vpce = secret(c, t, who, n, agent, SECRETS[block % 2])
            if c.plan.release is not None and start >= c.plan.release:  # B1: every instance at once
                for t in spread(c, start + H / 2, 5, 2):
                    ip, vpce = secret(c, t, who, n, agent, "telemetry/iot-core-cert")
                    c.trail.call(
                        t + H / 60, who, org.PROD, "iot:DescribeThing", org.HOME, c.nat(t, n), agent
                    )


def secret(
    c: Ctx, t: dt.datetime, who: Identity, n: int, agent: str, name: str
) -> tuple[str, str | None]:
    """A prod workload's read of secret ``name`` (the ``n``-th member's network at ``t``);
    where the call came from, as ``endpoint``."""
    ip, vpce = endpoint(c, t, n)
    c.trail.call(
        t,
        who,
        org.PROD,
        "secretsmanager:GetSecretValue",
        org.HOME,
        ip,
        agent,
        params={"secretId": name},
        vpce=vpce,
    )
    return ip, vpce


def endpoint(c: Ctx, t: dt.datetime, n: int) -> tuple[str, str | None]:
    """Secrets Manager and KMS: through the NAT, or the new interface endpoints (B4)."""
    if c.plan.vpce is not None and t >= c.plan.vpce:
        return f"10.40.{16 + n % 3 * 16}.{20 + n}", "vpce-0a4c1e7d93b2f5061"
    return c.nat(t, n), None


def dispatch(c: Ctx, day: dt.date) -> None:
    """The dispatch API's Fargate tasks: Step Functions executions for each booking, secret and
    parameter reads; throttled now and then, more at the year-end peak (B11)."""
    w = c.org.dispatch
    peak = c.plan.peak == day
    tasks = w.members * (3 if peak else 1)
    busy = 1.0 if c.workday(day) else 0.45
    for n, task in enumerate(tasks):
        name = task if n < len(w.members) else c.ids.hex(32)
        for block in range(4):
            start = utc(day, block * 6 + (n % 5) / 3)
            who = by_service(c, start, "ecs-tasks.amazonaws.com", org.PROD, w.role, name, hours=6)
            sdk = 29 if c.plan.sdk is not None and start >= c.plan.sdk else 25
            agent = org.DISPATCH.format(v=f"{sdk}.{hash_index(name) % 9 + 1}")
            busy_hours = block in (0, 1)  # 07:00-19:00 local
            calls = int((16 if busy_hours else 4) * busy * (1.6 if peak else 1))
            for t in spread(c, start, 6, calls):
                err = None
                if c.rng.random() < (0.05 if peak else 0.006):
                    err = "ThrottlingException"
                c.trail.call(
                    t,
                    who,
                    org.PROD,
                    "states:StartExecution",
                    org.HOME,
                    c.nat(t, n),
                    agent,
                    error=err,
                    params={
                        "stateMachineArn": f"arn:aws:states:{org.HOME}:{org.PROD}:stateMachine:booking-flow"
                    },
                )
            for t in spread(c, start, 6, 2):
                ip, vpce = secret(c, t, who, n, agent, "dispatch/db")
                c.trail.call(
                    t + H / 200,
                    who,
                    org.PROD,
                    "kms:GenerateDataKey",
                    org.HOME,
                    ip,
                    agent,
                    vpce=vpce,
                )
            c.trail.call(
                start + H / 30, who, org.PROD, "ssm:GetParameters", org.HOME, c.nat(start, n), agent
            )


def functions(c: Ctx, day: dt.date) -> None:
    """The reefer-alarm handler (an IoT rule's target) and the manifest parser: a session per
    container start, calls from Lambda's addresses in the region."""
    agent_of = {"reefer-alarm-handler": "sfn", "manifest-parser": "dynamodb"}
    for name in c.org.functions.members:
        for k in range(c.rng.randrange(3, 6)):
            start = utc(day, k * 5 + c.rng.random() * 4)
            who = by_service(c, start, "lambda.amazonaws.com", org.PROD, name, name, hours=12)
            ip = BLOCKS["aws_bkk"].host(600 + hash_index(name) % 50 + k + day.day * 7)
            agent = org.LAMBDA_NODE.format(api=agent_of[name])
            action = (
                "states:StartExecution"
                if name == "reefer-alarm-handler"
                else "dynamodb:DescribeTable"
            )
            for t in spread(c, start, 4.5, c.rng.randrange(4, 14)):
                c.trail.call(t, who, org.PROD, action, org.HOME, ip, agent)
            c.trail.call(start + H / 100, who, org.PROD, "ssm:GetParameter", org.HOME, ip, agent)


def pipelines(c: Ctx, day: dt.date) -> None:
    """Bitbucket Pipelines deploys through OIDC on working days: image push, new task definition,
    service update."""
    if not c.workday(day):
        return
    for t in spread(c, at(day, 10), 9, c.rng.randrange(4, 9)):
        build = c.rng.randrange(4000, 9000)
        ip = BLOCKS["aws_iad" if build % 2 else "aws_pdx"].pick(c.rng)
        agent = org.BITBUCKET_UA.format(p=c.rng.randrange(10, 20))
        caller = web_identity(org.BITBUCKET, "{a3f1c2d4-77b0-4e0e-9d35-chaophraya}:{dispatch-api}")
        who, _ = assume(
            c,
            t,
            caller,
            org.PROD,
            "bitbucket-deploy",
            f"bitbucket-{build}",
            ip,
            agent,
            action="sts:AssumeRoleWithWebIdentity",
        )
        for k, action in enumerate(
            (
                "ecr:GetAuthorizationToken",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecs:RegisterTaskDefinition",
                "ecs:UpdateService",
                "ecs:DescribeServices",
            )
        ):
            c.trail.call(
                t + dt.timedelta(seconds=20 + 25 * k), who, org.PROD, action, org.HOME, ip, agent
            )
        slr = service("ecs.amazonaws.com")
        c.trail.call(
            t + H / 10,
            slr,
            org.PROD,
            "ec2:CreateNetworkInterface",
            org.HOME,
            "ecs.amazonaws.com",
            "ecs.amazonaws.com",
        )


def vendors(c: Ctx, day: dt.date) -> None:
    """Datadog's integration role every hour, with its external ID, from its AWS account."""
    caller = {
        "type": "AWSAccount",
        "principalId": "AROAZ6IVLYGVEXAMPLE0:datadog",
        "accountId": org.DATADOG_ACCOUNT,
    }
    for h in range(24):
        t = utc(day, h + 0.21)
        ip = BLOCKS["aws_iad"].host(9100 + h % 6)
        who, _ = assume(
            c,
            t,
            caller,
            org.PROD,
            "DatadogIntegrationRole",
            f"DatadogAWSIntegration-{h}",
            ip,
            org.DATADOG_UA,
            extra={"externalId": "6f1c2e9a8b7d4c3e"},
        )
        for k, action in enumerate(
            (
                "cloudwatch:GetMetricData",
                "ec2:DescribeInstances",
                "tag:GetResources",
                "ecs:ListClusters",
                "lambda:ListFunctions20150331",
            )
        ):
            c.trail.call(
                t + dt.timedelta(seconds=5 + 9 * k),
                who,
                org.PROD,
                action,
                org.HOME,
                ip,
                org.DATADOG_UA,
            )


def services(c: Ctx, day: dt.date) -> None:
    """AWS Config's service-linked role every two hours in each account, the nightly Glue job."""
    accounts = [
        a for a in org.ACCOUNTS if a != org.MEKONG or (c.plan.mekong and day >= c.plan.mekong)
    ]
    for account in accounts:
        who = {
            "type": "AssumedRole",
            "principalId": f"{c.org.role_ids['AWSServiceRoleForConfig']}:AWSConfig-Describe",
            "arn": f"arn:aws:sts::{account}:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe",
            "accountId": account,
            "accessKeyId": c.ids.key(),
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": c.org.role_ids["AWSServiceRoleForConfig"],
                    "arn": f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                    "accountId": account,
                    "userName": "AWSServiceRoleForConfig",
                },
                "attributes": {"creationDate": f"{day}T00:00:00Z", "mfaAuthenticated": "false"},
            },
            "invokedBy": "config.amazonaws.com",
        }
        for h in range(0, 24, 2):
            t = utc(day, h + 0.1)
            for k, action in enumerate(
                ("ec2:DescribeSecurityGroups", "iam:GetRole", "s3:GetBucketPolicy")
            ):
                c.trail.call(
                    t + dt.timedelta(seconds=k * 4),
                    who,
                    account,
                    action,
                    org.HOME,
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                )
    t = at(day, 25 + c.rng.random() / 4)
    who = by_service(
        c,
        t,
        "glue.amazonaws.com",
        org.DATA,
        "glue-nightly-etl",
        "GlueJobRunnerSession",
        region=org.SSO_REGION,
    )
    ip = BLOCKS["aws_sin"].host(3000 + day.day)
    for t2 in spread(c, t + H / 20, 1.2, 18):
        c.trail.call(
            t2,
            who,
            org.DATA,
            c.rng.choice(
                ("glue:GetTable", "glue:GetPartitions", "glue:BatchCreatePartition", "kms:Decrypt")
            ),
            org.SSO_REGION,
            ip,
            org.GLUE,
        )


def day_of(c: Ctx, day: dt.date) -> None:
    for part in (fleet, dispatch, functions, pipelines, people, long_term_keys, vendors, services):
        part(c, day)
