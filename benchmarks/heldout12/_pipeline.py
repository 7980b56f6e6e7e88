"""CodePipeline and CodeBuild in the tools account: each weekday build is minted a key by
``codebuild.amazonaws.com`` (session ``AWSCodeBuild-<build id>``), runs on a fresh AWS address,
reads its secrets and assumes ``GridDeployRole`` in the IoT account to run CloudFormation."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout12 import _org, _trail
from benchmarks.heldout12._background import BUCKETS, Day, calls

BUILD_ROLE = "codebuild-grid-deploy-service-role"
PIPELINE_ROLE = "AWSCodePipelineServiceRole-ca-central-1-grid"
DEPLOY_ROLE = "GridDeployRole"
BUILD_APIS = ("s3:GetObject", "ecr:GetAuthorizationToken", "s3:PutObject", "ssm:GetParameters",
              "secretsmanager:GetSecretValue", "logs:CreateLogStream", "logs:PutLogEvents")  # fmt: skip
DEPLOY_APIS = ("cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:CreateChangeSet",
               "cloudformation:ExecuteChangeSet", "cloudformation:DescribeChangeSet")  # fmt: skip


def build(
    d: Day,
    hour: float,
    tag: str,
    *,
    deploy_apis: tuple[str, ...] = DEPLOY_APIS,
    region: str = _org.CA,
) -> dict[str, str]:
    """One pipeline run and its build; returns the build's keys and address."""
    tools, iot = _org.ACCOUNTS["tools"], _org.ACCOUNTS["gridiot"]
    r = d.rng("build", tag)
    start = d.at(hour)
    ua = _org.CODEBUILD_NEW if d.on("codebuild") else _org.CODEBUILD_OLD
    # the pipeline's service role starts the build
    pk = _trail.key(r)
    d.out.append(
        _trail.minted(
            r,
            start,
            "codepipeline.amazonaws.com",
            tools,
            _org.CA,
            PIPELINE_ROLE,
            str(r.getrandbits(40)),
            pk,
        )
    )
    pident = _trail.assumed(
        tools, PIPELINE_ROLE, "pipeline", pk, start, invoked_by="codepipeline.amazonaws.com"
    )
    calls(d, r, pident, ("codebuild:StartBuild", "s3:PutObject", "codebuild:BatchGetBuilds"), 4, account=tools, region=_org.CA,
          ip="codepipeline.amazonaws.com", ua="codepipeline.amazonaws.com", start=start, minutes=2, bucket=BUCKETS["artifacts"])  # fmt: skip
    session = f"AWSCodeBuild-{_trail.uid(r)}"
    bk = _trail.key(r)
    t = start + dt.timedelta(minutes=1)
    d.out.append(
        _trail.minted(r, t, "codebuild.amazonaws.com", tools, _org.CA, BUILD_ROLE, session, bk)
    )
    ident = _trail.assumed(tools, BUILD_ROLE, session, bk, t)
    ip = _org.aws_addr(_org.CA, r.randrange(10**6))
    calls(d, r, ident, BUILD_APIS, d.count(r, 14) + 4, account=tools, region=_org.CA, ip=ip, ua=ua,
          start=t + dt.timedelta(seconds=20), minutes=8, bucket=BUCKETS["artifacts"])  # fmt: skip
    dk = _trail.key(r)
    t2 = t + dt.timedelta(minutes=9)
    response = {
        "credentials": {
            "accessKeyId": dk,
            "sessionToken": "<redacted>",
            "expiration": _trail.iso(t2 + dt.timedelta(hours=1)),
        }
    }
    d.out.append(_trail.record(r, t2, "sts:AssumeRole", ident, account=iot, region=_org.CA, ip=ip, ua=ua.replace("{cmd}", "sts.assume-role"),
                               request={"roleArn": _org.role_arn(iot, DEPLOY_ROLE), "roleSessionName": f"deploy-{tag}"}, response=response))  # fmt: skip
    dident = _trail.assumed(iot, DEPLOY_ROLE, f"deploy-{tag}", dk, t2)
    calls(d, r, dident, deploy_apis, d.count(r, 8) + len(deploy_apis), account=iot, region=region, ip=ip, ua=ua,
          start=t2 + dt.timedelta(seconds=10), minutes=6)  # fmt: skip
    return {"build_key": bk, "deploy_key": dk, "ip": ip, "session": session}


def pipeline_day(d: Day) -> None:
    if not d.weekday:
        return
    for i, hour in enumerate((14.2, 17.6, 19.9)):
        if d.rng("pipeline", i).random() < 0.75:
            build(d, hour + d.rng("pipeline-at", i).uniform(0, 0.5), f"{d.date:%m%d}-{i}")
