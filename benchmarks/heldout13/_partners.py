"""Partners and automation: visiting collaborators federated by SAML from their universities, the
sequencing vendor's cross-account role, the platform pipeline on GitHub OIDC, Service Catalog
launches."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout13._net import NETS
from benchmarks.heldout13._people import session, where
from benchmarks.heldout13._staff import BY_USER
from benchmarks.heldout13._trail import (
    assumed,
    key,
    other_account,
    role_arn,
)
from benchmarks.heldout13._world import (
    LAKE,
    RESEARCH,
    SHARED,
    UA,
    VENDOR,
    World,
    at,
    s3_params,
    s3_resources,
    weekday,
)

COLLABORATORS = [
    ("a.lindqvist@ki.se", "sunet", 12),
    ("m.weber@uni-heidelberg.de", "dfn", 40),
    ("c.dubois@pasteur.fr", "renater", 90),
]


def collaborators(w: World, day: dt.date) -> None:
    """Visiting collaborators: SAML federation from their university's IdP into the shared
    ``VisitingCollaborator`` role in the lake account; Athena over the shared tables."""
    role = "VisitingCollaborator"
    for name, net, host in COLLABORATORS:
        rng = w.rng("collab", name, day)
        if not weekday(day) or rng.random() < 0.45:
            continue
        t0, ip = at(day, rng.uniform(8, 15)), NETS[net].host(host + rng.randrange(3))
        minted = key(rng)
        w.trail.emit(
            LAKE,
            "eu-west-2",
            t0,
            "sts.amazonaws.com",
            "AssumeRoleWithSAML",
            {
                "type": "SAMLUser",
                "principalId": f"Zq8pV2cLh0kD4m3Q7n:{name}",
                "userName": name,
                "identityProvider": "Zq8pV2cLh0kD4m3Q7n",
            },
            ip,
            UA["cli_linux"],
            params={
                "roleArn": role_arn(LAKE, role),
                "principalArn": f"arn:aws:iam::{LAKE}:saml-provider/eduGAIN-partners",
                "durationSeconds": 14400,
            },
            response={
                "credentials": {"accessKeyId": minted},
                "subject": name,
                "audience": "https://signin.aws.amazon.com/saml",
            },
        )
        ident = assumed(LAKE, role, name, minted, created=t0)
        for i in range(w.n(12, rng)):
            api = rng.choice(
                ["StartQueryExecution", "GetQueryExecution", "GetQueryResults", "GetObject"]
            )
            tc = t0 + dt.timedelta(minutes=2 + 9 * i)
            if api == "GetObject":
                w.trail.emit(
                    LAKE,
                    "eu-west-2",
                    tc,
                    "s3.amazonaws.com",
                    api,
                    ident,
                    ip,
                    UA["cli_linux"],
                    params=s3_params("ashgrove-athena-results-euw2", f"collab/{i}.csv"),
                    data=True,
                )
            else:
                w.trail.emit(
                    LAKE,
                    "eu-west-2",
                    tc,
                    "athena.amazonaws.com",
                    api,
                    ident,
                    ip,
                    UA["cli_linux"],
                    params={"workGroup": "collaborators"},
                )


def vendor_push(
    w: World, day: dt.date, *, start: float = 16.0, files: int = 30, tag: str = "push"
) -> tuple[str, str, list[str]]:
    """The sequencing vendor assumes its upload role with the external ID from its lab and
    uploads a run's FASTQ files in parts. Returns (the session key, the address, event ids)."""
    rng = w.rng("vendor", tag, day)
    t0, ip, role = (
        at(day, start + rng.uniform(0, 1)),
        NETS["vendor_lab"].host(5 + rng.randrange(2)),
        "seq-vendor-upload",
    )
    minted = key(rng)
    ids = [
        w.trail.emit(
            LAKE,
            "us-east-1",
            t0,
            "sts.amazonaws.com",
            "AssumeRole",
            other_account(VENDOR, "AIDAVENDORSEQUPLOAD01"),
            ip,
            UA["vendor"],
            params={
                "roleArn": role_arn(LAKE, role),
                "roleSessionName": "seq-upload",
                "externalId": "ashgrove-7f3e",
            },
            response={"credentials": {"accessKeyId": minted}},
            read_only=True,
        )
    ]
    ident, bucket = (
        assumed(LAKE, role, "seq-upload", minted, created=t0),
        "ashgrove-sequencing-landing",
    )
    for f in range(w.n(files, rng)):
        obj, tf = (
            f"incoming/{day:%y%m%d}_{tag}/S{f:03d}_R1.fastq.gz",
            t0 + dt.timedelta(seconds=60 + 25 * f),
        )
        for j, api in enumerate(
            ["CreateMultipartUpload", "UploadPart", "UploadPart", "CompleteMultipartUpload"]
        ):
            ids.append(
                w.trail.emit(
                    LAKE,
                    "us-east-1",
                    tf + dt.timedelta(seconds=5 * j),
                    "s3.amazonaws.com",
                    api,
                    ident,
                    ip,
                    UA["vendor"],
                    params=s3_params(bucket, obj),
                    extra=s3_resources(LAKE, bucket, obj),
                    data=True,
                )
            )
    return minted, ip, ids


def pipeline(
    w: World,
    day: dt.date,
    *,
    extra: list[tuple[str, str, dict[str, Any] | None]] | None = None,
    runs: int | None = None,
) -> list[str]:
    """The platform team's GitHub Actions: OIDC into ``gha-platform-deploy`` in the management
    account, then ``platform-deployer`` in a member account, CloudFormation change sets, and
    CloudFormation acting with the deployer's session. ``extra`` calls (source, name, params)
    are made by the deployer in the management account on the first run."""
    rng = w.rng("pipeline", day)
    ids: list[str] = []
    if not weekday(day) and extra is None:
        return ids
    for run in range(runs if runs is not None else w.n(2, rng)):
        t0, ip = at(day, rng.uniform(14, 22)), NETS["gh_runners"].host(rng.randrange(1000))
        web_key = key(rng)
        w.trail.emit(
            SHARED,
            "us-east-1",
            t0,
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            {
                "type": "WebIdentityUser",
                "principalId": "arn:aws:iam::402918375561:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:ashgrove-institute/platform:ref:refs/heads/main",
                "userName": "repo:ashgrove-institute/platform:ref:refs/heads/main",
                "identityProvider": "token.actions.githubusercontent.com",
            },
            ip,
            UA["gha_js"],
            params={
                "roleArn": role_arn(SHARED, "gha-platform-deploy"),
                "roleSessionName": "GitHubActions",
            },
            response={"credentials": {"accessKeyId": web_key}},
        )
        target = [SHARED, RESEARCH, LAKE][run % 3] if extra is None else SHARED
        dep_key = key(rng)
        gha = assumed(SHARED, "gha-platform-deploy", "GitHubActions", web_key, created=t0)
        w.trail.emit(
            target,
            "us-east-1",
            t0 + dt.timedelta(seconds=20),
            "sts.amazonaws.com",
            "AssumeRole",
            gha,
            ip,
            UA["gha_js"],
            params={
                "roleArn": role_arn(target, "platform-deployer"),
                "roleSessionName": "gha-deploy",
            },
            response={"credentials": {"accessKeyId": dep_key}},
            read_only=True,
        )
        dep = assumed(target, "platform-deployer", "gha-deploy", dep_key, created=t0)
        calls: list[tuple[str, str, dict[str, Any] | None]] = [
            ("cloudformation.amazonaws.com", n, None)
            for n in (
                "DescribeStacks",
                "CreateChangeSet",
                "DescribeChangeSet",
                "ExecuteChangeSet",
                "DescribeStackEvents",
            )
        ]
        if extra is not None and run == 0:
            calls = calls[:1] + extra + calls[1:]
        for i, (source, name, params) in enumerate(calls):
            ids.append(
                w.trail.emit(
                    target,
                    "us-east-1",
                    t0 + dt.timedelta(seconds=40 + 15 * i),
                    source,
                    name,
                    dep,
                    ip,
                    UA["terraform"],
                    params=params,
                )
            )
        dep_cfn = dict(dep)
        dep_cfn["invokedBy"] = "cloudformation.amazonaws.com"
        for i, (source, name) in enumerate(
            rng.sample(
                [
                    ("lambda.amazonaws.com", "UpdateFunctionCode"),
                    ("iam.amazonaws.com", "PutRolePolicy"),
                    ("ssm.amazonaws.com", "PutParameter"),
                    ("events.amazonaws.com", "PutRule"),
                ],
                2,
            )
        ):
            w.trail.emit(
                target,
                "us-east-1",
                t0 + dt.timedelta(seconds=140 + 10 * i),
                source,
                name,
                dep_cfn,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
            )
    return ids


def catalog_launch(
    w: World, account: str, pset: str, user: str, t: dt.datetime, ip: str, rng: random.Random
) -> None:
    """A researcher provisions a Service Catalog product from the console; Service Catalog's
    CloudFormation stack runs with the launch role."""
    ident = session(account, pset, user, key(rng), t, console=True)
    w.trail.emit(
        account,
        "us-east-1",
        t,
        "servicecatalog.amazonaws.com",
        "ProvisionProduct",
        ident,
        ip,
        UA["chrome_mac"],
        params={
            "productId": "prod-sagemakernb01",
            "provisionedProductName": f"{user.split('.')[0]}-nb",
        },
    )
    minted, _ = w.trail.mint(
        account,
        "us-east-1",
        t + dt.timedelta(seconds=30),
        "servicecatalog.amazonaws.com",
        "SCLaunchRole-Research",
        "SC-launch",
        rng,
    )
    launch = assumed(account, "SCLaunchRole-Research", "SC-launch", minted, created=t)
    launch["invokedBy"] = "cloudformation.amazonaws.com"
    for i, (source, name) in enumerate(
        [
            ("s3.amazonaws.com", "CreateBucket"),
            ("iam.amazonaws.com", "PassRole"),
            ("sagemaker.amazonaws.com", "CreateNotebookInstance"),
            ("s3.amazonaws.com", "PutBucketTagging"),
        ]
    ):
        w.trail.emit(
            account,
            "us-east-1",
            t + dt.timedelta(seconds=60 + 20 * i),
            source,
            name,
            launch,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
        )


def catalog(w: World, day: dt.date) -> None:
    rng = w.rng("catalog", day)
    if weekday(day) and rng.random() < 0.45:
        p = rng.choice([BY_USER["maria.rivera"], BY_USER["grace.liu"], BY_USER["tom.becker"]])
        catalog_launch(
            w, RESEARCH, "ResearchUser", p.user, at(day, rng.uniform(14, 21)), where(w, p, day), rng
        )
