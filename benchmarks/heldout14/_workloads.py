"""The machines: ECS Fargate services, Lambda functions, the order-flow state machine, the ETL
instances in the data account, and the AWS services that act for the accounts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout14._context import WORKLOAD_RATE, Ctx, Issued, private_ip, weighted
from benchmarks.heldout14._org import BATCH, FUNCTIONS, SERVICES, SSM_AGENT, Function, Service
from benchmarks.heldout14._plan import ACCOUNTS, HOME, at, hexid
from benchmarks.heldout14._records import service_identity

BUCKETS = {
    "catalog-api": "jabuti-catalog-images",
    "seller-portal": "jabuti-seller-docs",
    "image-resizer": "jabuti-catalog-images",
    "search-indexer": "jabuti-catalog-feed",
    "pix-gateway": "jabuti-pix-receipts",
    "connect-order-lookup": "jabuti-order-archive",
    "etl": "jabuti-datalake-raw",
}


def request(
    rng: random.Random, service: str, name: str, account: str, actor: str
) -> dict[str, Any] | None:
    """Plausible request parameters for the workload APIs the generator uses."""
    if service == "s3":
        return {
            "bucketName": f"{BUCKETS.get(actor, 'jabuti-app-assets')}-{account[-4:]}",
            "key": f"{actor}/{hexid(rng, 12)}.json",
        }
    if service == "secretsmanager":
        return {
            "secretId": f"arn:aws:secretsmanager:{HOME}:{account}:secret:prod/{actor}/db-{hexid(rng, 6)}"
        }
    if service == "sqs":
        return {"queueUrl": f"https://sqs.{HOME}.amazonaws.com/{account}/{actor}-events"}
    if service == "kms":
        return {
            "keyId": f"arn:aws:kms:{HOME}:{account}:key/{hexid(rng, 8)}-app",
            "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
        }
    if service == "ssm":
        return {"names": [f"/{actor}/config"], "withDecryption": True}
    if service == "sns":
        return {"topicArn": f"arn:aws:sns:{HOME}:{account}:{actor}-notify"}
    if service == "states":
        return {"stateMachineArn": f"arn:aws:states:{HOME}:{account}:stateMachine:order-flow"}
    return None


def _endpoint(ctx: Ctx, account: str) -> tuple[str, str]:
    """The account's interface endpoint for S3 and SQS: its id and private address."""
    endpoints = ctx.notes.setdefault("vpce", {})
    if account not in endpoints:
        rng = ctx.plan.sub(f"vpce-{account}")
        endpoints[account] = (f"vpce-{hexid(rng, 17)}", private_ip(rng))
    return endpoints[account]  # type: ignore[no-any-return]


def _calls(
    ctx: Ctx,
    rng: random.Random,
    cred: Any,
    actor: str,
    account: str,
    apis: Any,
    agent: str,
    ip: str,
    day: dt.date,
    hours: range,
    rate: float,
    vpce: bool = False,
) -> None:
    """The calls of one key over ``hours`` of ``day``, following the day's traffic."""
    for hour in hours:
        for _ in range(ctx.calls(rng, rate * WORKLOAD_RATE * ctx.traffic(day, hour))):
            service, name = weighted(rng, apis)
            where, extra = ip, None
            if vpce and service in ("s3", "sqs"):
                endpoint, where = _endpoint(ctx, account)
                extra = {"vpcEndpointId": endpoint, "vpcEndpointAccountId": account}
            error = "ThrottlingException" if rng.random() < 0.002 else None
            ctx.trail.event(
                cred,
                ctx.moment(rng, day, hour),
                service,
                name,
                where,
                agent.format(api=service),
                request=request(rng, service, name, account, actor),
                error=error,
                extra=extra,
            )


def service_day(ctx: Ctx, spec: Service, day: dt.date, apis: Any = None) -> None:
    """One ECS service's tasks for one day: new tasks every day (deploys and Fargate
    maintenance), each task's role key minted by ``ecs-tasks.amazonaws.com`` every six hours."""
    if not ctx.joined(spec.account, day):
        return
    rng = ctx.plan.sub(f"svc-{spec.account}-{spec.name}-{day}")
    role = f"ecs-{spec.name}-task"
    surge = max(1.0, min(3.0, ctx.surge(day, 12) / 3))
    tasks = max(1, round(spec.tasks * surge))
    nat = ctx.nat[spec.account]
    for n in range(tasks):
        task_id = hexid(rng, 32)
        for start in (0, 6, 12, 18):
            when = at(day, start + rng.random() * 0.1)
            cred, _ = ctx.trail.mint(
                spec.account,
                role,
                task_id,
                when,
                by=service_identity("ecs-tasks.amazonaws.com"),
                ip="ecs-tasks.amazonaws.com",
                agent="ecs-tasks.amazonaws.com",
                hours=6,
            )
            ip = nat[n % len(nat)]
            ctx.keep(
                spec.account,
                role,
                Issued(cred, when, when + dt.timedelta(hours=6), ip, f"{spec.name}/{task_id}"),
            )
            _calls(
                ctx,
                rng,
                cred,
                spec.name,
                spec.account,
                apis or spec.apis,
                spec.agent,
                ip,
                day,
                range(start, start + 6),
                spec.rate * spec.tasks / tasks,
                spec.vpce,
            )


def function_day(ctx: Ctx, spec: Function, day: dt.date, envs_factor: float = 1.0) -> None:
    """A Lambda function's execution environments of one day: each gets its key from
    ``lambda.amazonaws.com`` (session = the function's name) and lives two to six hours."""
    if not ctx.joined(spec.account, day):
        return
    rng = ctx.plan.sub(f"fn-{spec.account}-{spec.name}-{day}")
    role = f"lambda-{spec.name}"
    envs = max(1, round(spec.envs * envs_factor * min(4.0, ctx.surge(day, 12))))
    for _ in range(envs):
        start = rng.choices(range(24), weights=[ctx.traffic(day, h) for h in range(24)])[0]
        life = rng.randint(2, 6)
        when = at(day, start + rng.random() * 0.5)
        cred, _ = ctx.trail.mint(
            spec.account,
            role,
            spec.name,
            when,
            by=service_identity("lambda.amazonaws.com"),
            ip="lambda.amazonaws.com",
            agent="lambda.amazonaws.com",
            hours=12,
        )
        ip = rng.choice(ctx.nat[spec.account]) if spec.vpc else ctx.plan.aws_ip(HOME, rng)
        ctx.keep(
            spec.account, role, Issued(cred, when, when + dt.timedelta(hours=life), ip, spec.name)
        )
        _calls(
            ctx,
            rng,
            cred,
            spec.name,
            spec.account,
            spec.apis,
            spec.agent,
            ip,
            day,
            range(start, min(24, start + life)),
            spec.rate * spec.envs / envs,
        )


def state_machine_day(ctx: Ctx, day: dt.date) -> None:
    """The order-flow state machine: Step Functions calls Lambda, SQS and SNS with its role;
    the source is ``states.amazonaws.com``."""
    rng = ctx.plan.sub(f"sfn-{day}")
    account, role = ACCOUNTS["prod"], "order-flow-sfn"
    apis = (("lambda", "Invoke", 5), ("sqs", "SendMessage", 2), ("sns", "Publish", 1))
    for start in range(0, 24, 3):
        when = at(day, start + rng.random() * 0.2)
        cred, _ = ctx.trail.mint(
            account,
            role,
            hexid(rng, 32),
            when,
            by=service_identity("states.amazonaws.com"),
            ip="states.amazonaws.com",
            agent="states.amazonaws.com",
            invoked_by="states.amazonaws.com",
        )
        _calls(
            ctx,
            rng,
            cred,
            "order-flow",
            account,
            apis,
            "states.amazonaws.com",
            "states.amazonaws.com",
            day,
            range(start, start + 3),
            30,
        )


def etl_day(ctx: Ctx, day: dt.date, instances: list[str]) -> None:
    """The data account's ETL instances: hourly instance-profile keys, the app's Boto3 and the
    SSM agent, from the account's NAT gateways."""
    rng = ctx.plan.sub(f"etl-{day}")
    account, role = ACCOUNTS["data"], "etl-batch-instance"
    apis = (
        ("s3", "GetObject", 5),
        ("s3", "PutObject", 3),
        ("glue", "GetTable", 1),
        ("glue", "BatchCreatePartition", 0.5),
        ("athena", "StartQueryExecution", 0.5),
    )
    for n, instance in enumerate(instances):
        ip = ctx.nat[account][n % 3]
        for hour in range(24):
            when = at(day, hour + rng.random() * 0.05)
            cred, _ = ctx.trail.mint(
                account,
                role,
                instance,
                when,
                by=service_identity("ec2.amazonaws.com"),
                ip="ec2.amazonaws.com",
                agent="ec2.amazonaws.com",
                hours=6,
                ec2=True,
            )
            ctx.keep(account, role, Issued(cred, when, when + dt.timedelta(hours=1), ip, instance))
            ctx.trail.event(
                cred,
                ctx.moment(rng, day, hour),
                "ssm",
                "UpdateInstanceInformation",
                ip,
                SSM_AGENT,
                request={"instanceId": instance, "agentVersion": "3.3.484.0"},
            )
            busy = 12 if 1 <= hour <= 5 else 1.5  # the nightly load
            _calls(
                ctx, rng, cred, "etl", account, apis, BATCH, ip, day, range(hour, hour + 1), busy
            )


def service_roles_day(ctx: Ctx, day: dt.date) -> None:
    """AWS Config in every account, and Application Auto Scaling adjusting the prod services."""
    rng = ctx.plan.sub(f"slr-{day}")
    for name, account in ACCOUNTS.items():
        if not ctx.joined(account, day):
            continue
        for hour in range(0, 24, 6):
            when = at(day, hour + rng.random())
            cred, _ = ctx.trail.mint(
                account,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                when,
                by=service_identity("config.amazonaws.com"),
                ip="config.amazonaws.com",
                agent="config.amazonaws.com",
                invoked_by="config.amazonaws.com",
            )
            for api in rng.sample(
                [
                    "DescribeInstances",
                    "DescribeSecurityGroups",
                    "DescribeVpcs",
                    "DescribeSubnets",
                    "DescribeNetworkInterfaces",
                ],
                3,
            ):
                ctx.trail.event(
                    cred,
                    when + dt.timedelta(seconds=rng.randrange(5, 600)),
                    "ec2",
                    api,
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                )
            ctx.trail.event(
                cred,
                when + dt.timedelta(seconds=rng.randrange(5, 900)),
                "iam",
                "GetRole" if name != "log-archive" else "ListRoles",
                "config.amazonaws.com",
                "config.amazonaws.com",
                region="us-east-1",
            )
    prod = ACCOUNTS["prod"]
    moves = 2 + int(ctx.surge(day, 12) * 3)
    for _ in range(moves):
        hour = rng.randrange(24)
        when = at(day, hour + rng.random())
        cred, _ = ctx.trail.mint(
            prod,
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            "AutoScaling",
            when,
            by=service_identity("application-autoscaling.amazonaws.com"),
            ip="application-autoscaling.amazonaws.com",
            agent="application-autoscaling.amazonaws.com",
            invoked_by="application-autoscaling.amazonaws.com",
        )
        svc = rng.choice(["checkout-api", "catalog-api", "seller-portal", "payments-svc"])
        ctx.trail.event(
            cred,
            when,
            "cloudwatch",
            "DescribeAlarms",
            "application-autoscaling.amazonaws.com",
            "application-autoscaling.amazonaws.com",
        )
        ctx.trail.event(
            cred,
            when + dt.timedelta(seconds=20),
            "ecs",
            "UpdateService",
            "application-autoscaling.amazonaws.com",
            "application-autoscaling.amazonaws.com",
            request={"cluster": "jabuti-prod", "service": svc, "desiredCount": rng.randint(3, 12)},
        )


def workloads_day(ctx: Ctx, day: dt.date, payments_apis: Any = None) -> None:
    """Every machine of one day. ``payments_apis``: the payment service's calls from that day on
    (the new provider's integration, B4), else its usual ones."""
    for spec in SERVICES:
        apis = payments_apis if spec.name == "payments-svc" and payments_apis else None
        service_day(ctx, spec, day, apis)
    for fn in FUNCTIONS:
        function_day(ctx, fn, day)
    state_machine_day(ctx, day)
    ids = ctx.plan.sub("etl-ids")
    etl_day(ctx, day, ctx.notes.setdefault("etl", [f"i-0{hexid(ids, 16)}" for _ in range(6)]))
    service_roles_day(ctx, day)
