"""Tessellate AI's workloads, AWS services and automation, one table row each."""

from __future__ import annotations

from benchmarks.heldout17._clients import (
    AGENT_RT,
    AUDIT,
    BEDROCK_APP,
    CONFIG,
    EKS_NODE,
    ENDPOINT,
    GITHUB_JS,
    GLUE,
    INFERENCE_SDK,
    LAMBDA_PY,
    METERING,
    NODE_AGENT,
    RETRIEVAL,
    SCHEDULER,
    STUDIO,
    STUDIO_SDK,
    SYNC,
    TERRAFORM,
    TRAINING,
    TRAINING_NODE,
    VENDOR_GO,
    VENDOR_MIX,
    boto3,
    cli,
)
from benchmarks.heldout17._org import (
    ACCOUNTS,
    AGENTS,
    DATA,
    EAST,
    EMBED,
    INFERENCE,
    MODELS,
    PLATFORM,
    SANDBOX,
    SECURITY,
    WEST,
    Actor,
)
from benchmarks.heldout17._trail import Role, User


def workloads() -> list[Actor]:
    """The workloads, AWS services and automation of every account."""
    cluster = "nat:" + INFERENCE
    # a table, one actor a row
    # fmt: off
    out = [
        Actor("inference-api", INFERENCE, "irsa", BEDROCK_APP, (INFERENCE_SDK,), (cluster,), 2000, units=6, weekend=0.7, role=Role(INFERENCE, "inference-api-irsa"), errors=0.004, resources=MODELS),
        Actor("retrieval-svc", INFERENCE, "irsa", RETRIEVAL, (INFERENCE_SDK,), (cluster,), 520, units=3, weekend=0.7, role=Role(INFERENCE, "retrieval-svc-irsa"), resources=EMBED),
        Actor("eks-nodes", INFERENCE, "ec2", EKS_NODE, (NODE_AGENT,), (cluster,), 260, units=4, role=Role(INFERENCE, "eks-inference-node")),
        Actor("usage-metering", INFERENCE, "lambda", METERING, (LAMBDA_PY,), ("aws:" + EAST,), 160, units=2, rotate=3, role=Role(INFERENCE, "usage-metering-fn")),
        Actor("deploy-inference", INFERENCE, "github", (), (GITHUB_JS, TERRAFORM), ("github",), 4, hours=(15, 24), weekend=0.0, role=Role(INFERENCE, "github-deploy"), resources=("tessellate/inference-api",)),
        Actor("training-exec", PLATFORM, "sagemaker", TRAINING, (boto3("1.35.36", python="3.10.14", extra=" exec-env/SageMakerTraining"),), ("aws:" + WEST,), 520, region=WEST, units=2, rotate=12, role=Role(PLATFORM, "sagemaker-training-exec"), errors=0.002, resources=("tessellate-model-weights", "tessellate-training-data")),
        Actor("endpoint-exec", PLATFORM, "sagemaker", ENDPOINT, (boto3("1.35.36", python="3.10.14", extra=" exec-env/SageMakerInference"),), ("aws:" + WEST,), 110, region=WEST, units=1, rotate=6, role=Role(PLATFORM, "sagemaker-endpoint-exec"), resources=("tessellate-model-weights",)),
        Actor("training-node", PLATFORM, "ec2", TRAINING_NODE, (boto3("1.35.36", python="3.10.14"), "aws-sdk-go/1.53.9 (go1.22.4; linux; amd64) amazon-ssm-agent/3.3.987.0"), ("aws:" + WEST,), 180, region=WEST, units=2, role=Role(PLATFORM, "training-node"), resources=("tessellate-model-weights", "tessellate-training-data")),
        Actor("capacity-scheduler", PLATFORM, "lambda", SCHEDULER, (LAMBDA_PY,), ("aws:" + WEST,), 90, region=WEST, units=1, rotate=4, role=Role(PLATFORM, "capacity-scheduler-fn")),
        Actor("deploy-platform", PLATFORM, "github", (), (GITHUB_JS, TERRAFORM), ("github",), 2, region=WEST, hours=(16, 24), weekend=0.0, role=Role(PLATFORM, "github-deploy"), resources=("tessellate/ml-platform",)),
        Actor("labelling-vendor", DATA, "vendor", VENDOR_MIX, (VENDOR_GO,), ("vendor",), 260, hours=(3, 14), weekend=0.3, role=Role(DATA, "labelling-vendor-writer"), errors=0.004, resources=("tessellate-labelling-inbox",)),
        Actor("dataset-sync", DATA, "user", SYNC, (cli("2.17.44", "linux#6.5.0-35-generic", "s3.sync"),), ("office",), 140, weekend=1.0, user=User(DATA, "dataset-sync"), resources=("tessellate-training-data",)),
        Actor("glue-etl", DATA, "glue", GLUE, ("aws-internal/3 aws-sdk-java/1.12.770 Linux/5.10.227 OpenJDK_64-Bit_Server_VM/25.422-b05 java/1.8.0_422 vendor/Amazon.com_Inc. cfg/retry-mode/standard",), ("aws:" + EAST,), 140, hours=(6, 10), weekend=1.0, units=2, rotate=2, role=Role(DATA, "glue-etl-job"), resources=("tessellate-training-data",)),
        Actor("studio-exec", SANDBOX, "sagemaker", STUDIO, (STUDIO_SDK,), ("aws:" + EAST,), 420, hours=(14, 26), weekend=0.2, units=3, rotate=6, role=Role(SANDBOX, "sagemaker-studio-exec"), resources=MODELS),
        Actor("agent-runtime", AGENTS, "lambda", AGENT_RT, (LAMBDA_PY,), ("aws:" + EAST,), 300, units=3, rotate=3, role=Role(AGENTS, "agent-runtime-fn"), resources=MODELS),
        Actor("deploy-agents", AGENTS, "github", (), (GITHUB_JS, TERRAFORM), ("github",), 3, hours=(17, 24), weekend=0.0, role=Role(AGENTS, "github-deploy"), resources=("tessellate/agents",)),
    ]
    for account in ACCOUNTS:
        out.append(
            Actor(f"config-{account}", account, "config", CONFIG, ("config.amazonaws.com",), (), 40, weekend=1.0, role=Role(account, "AWSServiceRoleForConfig", "aws-service-role/config.amazonaws.com"))
        )
        if account != SECURITY:
            out.append(
                Actor(f"audit-{account}", account, "audit", AUDIT, (boto3("1.35.40", extra=" exec-env/AWS_Lambda_python3.12"),), ("aws:" + EAST,), 12, weekend=1.0, rotate=24, role=Role(account, "secops-audit"))
            )
    # fmt: on
    return out
