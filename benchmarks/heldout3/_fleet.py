"""The workloads of each account: what each role calls, with which client, how often."""

from __future__ import annotations

import random

from benchmarks.heldout3 import _org as org


def build_workloads(rng: random.Random, scale: float) -> list[org.Workload]:
    W = org.Workload
    node_apis = [
        ("ec2:DescribeInstances", 3),
        ("ec2:DescribeNetworkInterfaces", 2),
        ("ec2:AssignPrivateIpAddresses", 1),
        ("ecr:GetAuthorizationToken", 1),
        ("ecr:BatchGetImage", 2),
        ("ecr:GetDownloadUrlForLayer", 2),
        ("ssm:UpdateInstanceInformation", 2),
        ("ec2messages:GetMessages", 2),
    ]
    app: dict[str, list[tuple[str, float]]] = {
        "orders-api": [
            ("kms:Decrypt", 5),
            ("secretsmanager:GetSecretValue", 1),
            ("s3:PutObject", 3),
            ("s3:GetObject", 3),
            ("ssm:GetParameter", 1),
        ],
        "tracking-worker": [
            ("kms:GenerateDataKey", 3),
            ("kms:Decrypt", 3),
            ("s3:PutObject", 4),
            ("dynamodb:DescribeTable", 1),
            ("secretsmanager:GetSecretValue", 1),
        ],
        "label-renderer": [("s3:GetObject", 5), ("s3:PutObject", 3), ("kms:Decrypt", 2)],
        "external-dns": [
            ("route53:ListHostedZones", 1),
            ("route53:ListResourceRecordSets", 4),
            ("route53:ChangeResourceRecordSets", 0.2),
        ],
    }
    lam = [
        ("s3:GetObject", 3),
        ("s3:PutObject", 2),
        ("kms:Decrypt", 3),
        ("secretsmanager:GetSecretValue", 1),
        ("ssm:GetParameter", 1),
    ]
    ecs = [
        ("kms:Decrypt", 3),
        ("secretsmanager:GetSecretValue", 1),
        ("s3:PutObject", 3),
        ("ssm:GetParameters", 1),
        ("sqs:ListQueues", 0.3),
    ]
    karpenter = [
        ("ec2:DescribeInstances", 4),
        ("ec2:DescribeInstanceTypeOfferings", 1),
        ("ec2:DescribeLaunchTemplates", 1),
        ("ec2:DescribeSubnets", 2),
        ("ec2:DescribeSecurityGroups", 2),
        ("pricing:GetProducts", 1),
        ("ssm:GetParameter", 1),
        ("sqs:GetQueueAttributes", 1),
        ("ec2:DescribeImages", 1),
    ]
    s = scale
    out = [
        W(
            "prod-nodes",
            "prod",
            "eu-central-1",
            "node",
            "KarpenterNodeRole-halvard-prod",
            node_apis,
            "",
            ("", ""),
            7 * s,
            holders=max(2, round(8 * s)),
        ),
        W(
            "staging-nodes",
            "staging",
            "eu-central-1",
            "node",
            "KarpenterNodeRole-halvard-staging",
            node_apis,
            "",
            ("", ""),
            5 * s,
            holders=max(2, round(3 * s)),
        ),
        W(
            "karpenter",
            "prod",
            "eu-central-1",
            "pod_identity",
            "KarpenterController-halvard-prod",
            karpenter,
            org.KARPENTER,
            ("", ""),
            14 * s,
            namespace="kube-system",
        ),
        W(
            "karpenter-staging",
            "staging",
            "eu-central-1",
            "pod_identity",
            "KarpenterController-halvard-staging",
            karpenter,
            org.KARPENTER,
            ("", ""),
            6 * s,
            namespace="kube-system",
        ),
        W(
            "billing-sync",
            "prod",
            "eu-central-1",
            "ecs",
            "billing-sync-task",
            ecs,
            org.JAVA_ECS,
            org.JAVA,
            8 * s,
            holders=2,
        ),
        W(
            "billing-sync-staging",
            "staging",
            "eu-central-1",
            "ecs",
            "billing-sync-task",
            ecs,
            org.JAVA_ECS,
            org.JAVA,
            3 * s,
        ),
        W(
            "wms-connector",
            "prod",
            "eu-central-1",
            "onprem",
            "onprem-wms-connector",
            [
                ("s3:PutObject", 5),
                ("kms:GenerateDataKey", 3),
                ("secretsmanager:GetSecretValue", 0.3),
            ],
            org.ONPREM_JAVA,
            ("", ""),
            10 * s,
        ),
        W(
            "securityhub-forwarder",
            "audit",
            "eu-central-1",
            "lambda",
            "securityhub-forwarder-role",
            [("securityhub:GetFindings", 3), ("sns:ListTopics", 0.2), ("kms:Decrypt", 1)],
            org.PY_LAMBDA,
            org.BOTO,
            4 * s,
        ),
        W(
            "sandbox-experiments",
            "sandbox",
            "eu-central-1",
            "lambda",
            "sandbox-experiments-role",
            lam,
            org.PY_LAMBDA,
            org.BOTO,
            1.5 * s,
        ),
    ]
    for name in app:
        for env, rate in (("prod", 9.0), ("staging", 2.5)):
            if env == "staging" and name in ("label-renderer", "external-dns"):
                continue
            agent = org.GO_V2 if name == "external-dns" else org.PY_POD
            sdk = org.GO_SDK if name == "external-dns" else org.BOTO
            out.append(
                W(
                    f"{name}-{env}" if env == "staging" else name,
                    env,
                    "eu-central-1",
                    "irsa",
                    f"{name}-{env}",
                    app[name],
                    agent,
                    sdk,
                    rate * s,
                    holders=2,
                    namespace=name.split("-")[0],
                )
            )
    for fn in ("eta-calculator", "customs-docs", "invoice-export"):
        out.append(
            W(
                fn,
                "prod",
                "eu-central-1",
                "lambda",
                f"{fn}-role",
                lam,
                org.PY_LAMBDA,
                org.BOTO,
                6 * s,
            )
        )
    out.append(
        W(
            "eta-calculator-staging",
            "staging",
            "eu-central-1",
            "lambda",
            "eta-calculator-role",
            lam,
            org.PY_LAMBDA,
            org.BOTO,
            2 * s,
        )
    )
    # the vended data account's workloads start the day after vending
    out.append(
        W(
            "ingest-shipments",
            "data",
            "eu-central-1",
            "lambda",
            "ingest-shipments-role",
            lam,
            org.PY_LAMBDA,
            org.BOTO,
            5 * s,
        )
    )
    out.append(
        W(
            "dbt-runner",
            "data",
            "eu-central-1",
            "ecs",
            "dbt-runner-task",
            [
                ("athena:StartQueryExecution", 3),
                ("athena:GetQueryExecution", 4),
                ("glue:GetTable", 3),
                ("s3:GetObject", 2),
                ("kms:Decrypt", 1),
            ],
            org.JAVA_ECS,
            org.JAVA,
            6 * s,
        )
    )
    rng.shuffle(out)
    return sorted(out, key=lambda w: w.name)
