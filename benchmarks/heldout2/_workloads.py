"""Workloads: Lambda functions, the SSM-managed hosts, GitHub Actions deploys, and the service
users whose long-lived keys live on machines outside AWS (a helpdesk vendor, a colo, CI)."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._org import DATA, DEV, FUNCTIONS, HOME, PARTNERS, PROD, Function, Org
from benchmarks.heldout2._records import Actor, Call


def _svc(name: str) -> Call:
    """An AWS service assuming a role for the account (no key, no TLS details)."""
    host = f"{name}.amazonaws.com"
    return Call(Actor("AWSService", "", host), None, host, host)


def _t(day: dt.date, seconds: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)


def _busy(day: dt.date) -> float:
    return 0.45 if day.weekday() >= 5 else 1.0


def function_ua(org: Org, f: Function, t: dt.datetime) -> str:
    runtime = f.runtime
    if f.name == "doc-render" and t >= org.at["runtime"]:
        runtime = "nodejs20.x"  # benign change B4
    if runtime.startswith("nodejs"):
        node = "18.20.4" if runtime == "nodejs18.x" else "20.18.0"
        sdk = "3.632.0" if runtime == "nodejs18.x" else "3.682.0"
        return ua.js_v3(node, sdk, "kms")
    py = {"python3.12": "3.12.7", "python3.11": "3.11.10"}[runtime]
    return ua.boto3(
        f"AWS_Lambda_{runtime}", "1.34.145" if runtime == "python3.12" else "1.34.42", py
    )


def lambdas(org: Org, day: dt.date) -> list[tuple[str, Call, dt.datetime, dt.datetime]]:
    """Every function's execution environments of the day; returns (function, call, start,
    end) so incidents can act inside one (slow recon from the function's own environment)."""
    envs = []
    for f in FUNCTIONS:
        if f.account == PARTNERS and day < org.at["join"].date():
            continue
        rng = org.trail.rng("fn", f.name, day)
        role = org.actors["fn:" + f.name]
        count = max(1, round(f.envs * _busy(day) * org.scale))
        for i in range(count):
            start = _t(day, 86400 * (i + rng.random() * 0.8) / count)
            end = min(start + dt.timedelta(hours=rng.uniform(1.5, 5)), _t(day, 86399))
            region = HOME
            if (
                f.name == "api-handler"
                and org.at["dr_test"] <= start < org.at["dr_test"] + dt.timedelta(hours=6)
                and i % 2
            ):
                region = "us-east-2"  # benign change B2: half the traffic served by the DR region
            key, _ = org.trail.assume(rng, start, _svc("lambda"), role, f.name, region, hours=12)
            ip = org.fixed_ips["nat"] if f.vpc else org.plan.aws(region, rng)
            call = Call(role.as_session(f.name), key, ip, function_ua(org, f, start), created=start)
            org.trail.emit(
                rng,
                Call(call.actor, key, ip, "awslambda-worker", created=start),
                start + dt.timedelta(seconds=1),
                "logs",
                "CreateLogStream",
                region,
            )
            t = start
            while t < end:
                t += dt.timedelta(seconds=rng.expovariate(1 / 240))
                service, name = f.calls[rng.randrange(len(f.calls))]
                use = call
                if f.vpc and t >= org.at["vpce"] and service in {"secretsmanager", "kms", "ssm"}:
                    use = Call(
                        call.actor,
                        key,
                        f"10.20.{rng.randrange(16, 48)}.{rng.randrange(4, 250)}",
                        call.ua,
                        created=start,
                        vpce=org.vpce[service],
                    )
                error = ua.throttled(service) if rng.random() < 0.003 else None
                org.trail.emit(rng, use, t, service, name, region, error=error)
                if f.data_bucket and rng.random() < 0.6:
                    obj = (
                        f"tenants/t-{rng.randrange(10**5):05d}/docs/{rng.getrandbits(48):012x}.pdf"
                    )
                    verb = "GetObject" if rng.random() < 0.7 else "PutObject"
                    org.trail.emit(
                        rng,
                        call,
                        t + dt.timedelta(milliseconds=300),
                        "s3",
                        verb,
                        region,
                        data=True,
                        req={
                            "bucketName": f.data_bucket,
                            "key": obj,
                            "Host": f"{f.data_bucket}.s3.{region}.amazonaws.com",
                        },
                        resources=[
                            {
                                "type": "AWS::S3::Object",
                                "ARN": f"arn:aws:s3:::{f.data_bucket}/{obj}",
                            }
                        ],
                    )
            envs.append((f.name, call, start, end))
    return envs


def ssm_hosts(org: Org, day: dt.date) -> None:
    """The prod bastion and the dev build box: hourly instance keys, the SSM agent."""
    for name, instance in (("bastion", "i-0a41c7e2b9d3f5106"), ("buildbox", "i-07f3d92ab1c4e8850")):
        rng = org.trail.rng("host", name, day)
        role = org.actors[name]
        for hour in range(24):
            t = _t(day, hour * 3600 + rng.randrange(0, 300))
            key, _ = org.trail.assume(rng, t, _svc("ec2"), role, instance, HOME, hours=6)
            call = Call(
                role.as_session(instance), key, org.fixed_ips[name], ua.SSM_AGENT, created=t
            )
            org.trail.emit(
                rng,
                call,
                t + dt.timedelta(seconds=20),
                "ssm",
                "UpdateInstanceInformation",
                HOME,
                req={"instanceId": instance, "agentVersion": "3.3.1142.0", "agentStatus": "Active"},
            )
            if hour % 3 == 0:
                org.trail.emit(
                    rng, call, t + dt.timedelta(minutes=31), "ssm", "ListInstanceAssociations", HOME
                )


def deploys(org: Org, day: dt.date) -> list[Call]:
    """GitHub Actions: OIDC into each account's ``gha-deploy``, then SAM / CloudFormation."""
    sessions = []
    for account, runs in ((DEV, 5), (PROD, 2), (DATA, 1), (PARTNERS, 1)):
        if account == PARTNERS and day < org.at["join"].date():
            continue
        rng = org.trail.rng("gha", account, day)
        if day.weekday() >= 5 or day in {dt.date(2025, 11, 27), dt.date(2025, 11, 28)}:
            runs = 1 if rng.random() < 0.15 else 0
        for _ in range(rng.randint(max(runs - 1, 0), runs + 1)):
            t = _t(day, rng.randrange(15, 24) * 3600 + rng.randrange(3600))
            sessions.append(gha_run(org, rng, account, t))
    return sessions


def gha_run(
    org: Org, rng: random.Random, account: str, t: dt.datetime, *, steps: bool = True
) -> Call:
    role = org.actors[f"gha:{account}"]
    run = f"GitHubActions-{rng.randrange(10**10, 10**11)}"
    ip = org.plan.ip("github_runners", rng)
    sub = "repo:quillsign/platform:ref:refs/heads/main"
    oidc = Actor(
        "WebIdentityUser",
        account,
        "",
        f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com",
        session=sub,
    )
    key, _ = org.trail.assume(
        rng, t, Call(oidc, None, ip, ua.GHA_OIDC), role, run, HOME, name="AssumeRoleWithWebIdentity"
    )
    call = Call(role.as_session(run), key, ip, ua.SAM, created=t)
    if steps:
        org.trail.emit(rng, call, t + dt.timedelta(seconds=8), "sts", "GetCallerIdentity", HOME)
        stack = {
            "stackName": "quill-platform",
            "changeSetName": f"samcli-deploy{int(t.timestamp())}",
        }
        for i, name in enumerate(
            (
                "DescribeStacks",
                "CreateChangeSet",
                "DescribeChangeSet",
                "ExecuteChangeSet",
                "DescribeStackEvents",
            )
        ):
            org.trail.emit(
                rng,
                call,
                t + dt.timedelta(seconds=40 + 15 * i),
                "cloudformation",
                name,
                HOME,
                req=stack,
            )
        cfn = Call(
            call.actor,
            key,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            created=t,
            invoked_by="cloudformation.amazonaws.com",
        )
        for i in range(rng.randint(1, 4)):
            org.trail.emit(
                rng,
                cfn,
                t + dt.timedelta(seconds=130 + 9 * i),
                "lambda",
                "UpdateFunctionCode20150331v2",
                HOME,
            )
    return call


def service_users(org: Org, day: dt.date) -> None:
    """Long-lived keys of machines outside AWS: a helpdesk vendor, a colo, a device farm, CI."""
    rng = org.trail.rng("service-users", day)
    a, ips = org.actors, org.fixed_ips
    ses = Call(a["ses-mailer"], org.keys["ses-mailer"], ips["helpdesk"], ua.PHP_HELPDESK)
    for h in range(24):
        if rng.random() < 0.8:
            org.trail.emit(
                rng, ses, _t(day, h * 3600 + rng.randrange(3000)), "ses", "GetSendQuota", HOME
            )
    dr = Call(a["dr-snapshots"], org.keys["dr-snapshots"], ips["colo"], ua.JENKINS)
    for i, name in enumerate(
        ("DescribeSnapshots", "CreateSnapshot", "CreateSnapshot", "CopySnapshot", "DeleteSnapshot")
    ):
        org.trail.emit(
            rng,
            dr,
            _t(day, 6 * 3600 + 40 * i),
            "ec2",
            name,
            "us-east-2" if name == "CopySnapshot" else HOME,
        )
    sync = Call(a["assets-sync"], org.keys["assets-sync"], ips["colo"], "rclone/v1.68.1")
    for h in range(0, 24, 2):
        for n in ("ListBuckets", "GetBucketLocation"):
            org.trail.emit(rng, sync, _t(day, h * 3600 + 300), "s3", n, HOME)
    report = Call(a["svc-reporting"], org.keys["svc-reporting"], ips["colo"], ua.QA)
    org.trail.emit(rng, report, _t(day, 7 * 3600), "ce", "GetCostAndUsage", HOME)
    org.trail.emit(rng, report, _t(day, 7 * 3600 + 20), "monitoring", "GetMetricData", HOME)
    if day.weekday() >= 5:
        return
    jenkins = Call(a["jenkins-legacy"], org.keys["jenkins-legacy"], ips["colo"], ua.JENKINS)
    for _ in range(rng.randint(6, 14)):
        t = _t(day, rng.randrange(14, 26) * 3600 % 86400 + rng.randrange(3000))
        for i, (s, n) in enumerate(
            (
                ("ecr", "GetAuthorizationToken"),
                ("cloudformation", "DescribeStacks"),
                ("s3", "ListBuckets"),
            )
        ):
            org.trail.emit(rng, jenkins, t + dt.timedelta(seconds=10 * i), s, n, HOME)
    for _ in range(3):
        qa_run(
            org,
            rng,
            _t(day, rng.randrange(15, 22) * 3600 + rng.randrange(3000)),
            ips["device_farm"],
            ua.QA,
            org.keys["qa-automation"],
        )
    ml = Call(
        a["ml-sandbox-ci"],
        org.keys["ml-sandbox-ci"],
        "",
        ua.SAM.replace(" aws-sam-cli/1.125.0", ""),
    )
    for _ in range(rng.randint(2, 4)):
        ml.ip = org.plan.ip("github_runners", rng)
        t = _t(day, rng.randrange(15, 23) * 3600)
        for i, (s, n) in enumerate(
            (
                ("sts", "GetCallerIdentity"),
                ("ecr", "GetAuthorizationToken"),
                ("sagemaker", "ListTrainingJobs"),
                ("s3", "ListBuckets"),
            )
        ):
            org.trail.emit(rng, ml, t + dt.timedelta(seconds=6 * i), s, n, HOME)


def qa_run(
    org: Org,
    rng: random.Random,
    t: dt.datetime,
    ip: str,
    agent: str,
    key: str,
    *,
    prod_calls: tuple[tuple[str, str], ...] | None = None,
) -> list[str]:
    """qa-automation -> dev ``integration-test`` -> prod ``prod-readonly-support`` (smoke tests)."""
    qa = Call(org.actors["qa-automation"], key, ip, agent)
    it, support = org.actors["integration-test"], org.actors["prod-support"]
    dkey, _ = org.trail.assume(rng, t, qa, it, "qa-smoke", HOME)
    dev = Call(it.as_session("qa-smoke"), dkey, ip, agent, created=t)
    ids = [
        org.trail.emit(
            rng, dev, t + dt.timedelta(seconds=5), "cognito-idp", "AdminCreateUser", HOME
        )
    ]
    pkey, _ = org.trail.assume(rng, t + dt.timedelta(seconds=9), dev, support, "qa-smoke", HOME)
    prod = Call(support.as_session("qa-smoke"), pkey, ip, agent, created=t)
    for i, (s, n) in enumerate(
        prod_calls
        or (("lambda", "GetFunctionConfiguration20150331v2"), ("cloudformation", "DescribeStacks"))
    ):
        ids.append(org.trail.emit(rng, prod, t + dt.timedelta(seconds=15 + 20 * i), s, n, HOME))
    org.trail.emit(rng, dev, t + dt.timedelta(seconds=70), "cognito-idp", "AdminDeleteUser", HOME)
    return ids
