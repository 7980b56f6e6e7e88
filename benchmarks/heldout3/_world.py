"""The state one seed's trail is drawn from: accounts, roles, workloads, keys handed out."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._net import VPC, Addresses
from benchmarks.heldout3._trail import Trail, assumed_role

UTC = dt.UTC


@dataclass
class Session:
    """One key handed to a holder (an instance, a pod, a task, a person's sign-in)."""

    holder: str
    issued: dt.datetime
    key: str
    identity: dict[str, Any]
    ip: str
    agent: str
    account: str
    region: str


class World:
    def __init__(self, seed: int, start: dt.date, days: int, scored_days: int, scale: float) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.scale = scale
        self.trail = Trail(seed, org.ORG_ID)
        self.addr = Addresses(random.Random(seed * 31 + 7))
        self.days = [start + dt.timedelta(days=i) for i in range(days)]
        self.scored = self.days[-scored_days:]
        self.vended = self.days[-8]  # Account Factory vends the data account (B7)
        self.changes: dict[str, dt.datetime] = {}
        self.moved: set[str] = set()  # workloads the region move (B4) takes to eu-north-1
        self.role_ids: dict[tuple[str, str], str] = {}
        self.sessions: dict[str, list[Session]] = {}
        self.endpoints: dict[tuple[str, str], str] = {}
        self.truth: list[dict[str, Any]] = []
        self.workloads = build_workloads(self.rng, scale)

    # -- names -----------------------------------------------------------------------------
    def account(self, name: str) -> str:
        return org.ACCOUNTS[name]

    def live_accounts(self, day: dt.date) -> list[str]:
        return [n for n in org.ACCOUNTS if n != org.VENDED or day > self.vended]

    def role_id(self, account: str, role: str) -> str:
        if (account, role) not in self.role_ids:
            digest = hashlib.sha256(f"{account}/{role}".encode()).digest()
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            self.role_ids[(account, role)] = "AROA" + "".join(alphabet[b % 32] for b in digest[:17])
        return self.role_ids[(account, role)]

    def endpoint(self, account: str, service: str) -> str:
        if (account, service) not in self.endpoints:
            digest = hashlib.sha256(f"{account}/{service}".encode()).hexdigest()
            self.endpoints[(account, service)] = f"vpce-{digest[:17]}"
        return self.endpoints[(account, service)]

    def nat(self, account: str, region: str, which: int = 0) -> str:
        return self.addr.named(f"nat:{account}:{region}:{which}", f"aws:{region}")

    def vpc(self, account: str) -> str:
        return VPC.get(account, "10.50.0.0/16")

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        seconds = int(hour * 3600)
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC) + dt.timedelta(seconds=seconds)

    def local(self, day: dt.date, hour: float, tz: str) -> dt.datetime:
        """``hour`` o'clock local time in ``tz`` on ``day``, in UTC (the DST change moves it)."""
        local = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
        return (local + dt.timedelta(seconds=int(hour * 3600))).astimezone(UTC)

    def after(self, change: str, when: dt.datetime) -> bool:
        return change in self.changes and when >= self.changes[change]

    # -- keys -------------------------------------------------------------------------------
    def mint(
        self,
        holder: str,
        when: dt.datetime,
        account_name: str,
        role: str,
        session: str,
        *,
        region: str,
        invoked_by: str,
        ip: str,
        agent: str,
        path: str = "/",
        ec2: bool = False,
        params: dict[str, Any] | None = None,
        source_identity: str | None = None,
    ) -> Session:
        """``invoked_by`` (a service) calls AssumeRole for ``holder``; the new key is returned."""
        from benchmarks.heldout3._trail import credentials, service

        account = self.account(account_name)
        key = self.trail.key()
        role_id = self.role_id(account, role)
        arn = f"arn:aws:iam::{account}:role{path}{role}"
        self.trail.call(
            when,
            account,
            region,
            "sts:AssumeRole",
            service(invoked_by),
            invoked_by,
            invoked_by,
            params={"roleArn": arn, "roleSessionName": session, **(params or {})},
            response={
                "credentials": credentials(key, when + dt.timedelta(hours=6)),
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            extra=None,
        )
        identity = assumed_role(
            account, role, role_id, session, key, when, path=path, ec2=ec2,
            source_identity=source_identity,
        )
        found = Session(holder, when, key, identity, ip, agent, account, region)
        self.sessions.setdefault(holder, []).append(found)
        return found

    def key_at(self, holder: str, when: dt.datetime) -> Session:
        """The holder's key current at ``when``."""
        current = [s for s in self.sessions[holder] if s.issued <= when]
        return current[-1]


def build_workloads(rng: random.Random, scale: float) -> list[org.Workload]:
    W = org.Workload
    node_apis = [("ec2:DescribeInstances", 3), ("ec2:DescribeNetworkInterfaces", 2),
                 ("ec2:AssignPrivateIpAddresses", 1), ("ecr:GetAuthorizationToken", 1),
                 ("ecr:BatchGetImage", 2), ("ecr:GetDownloadUrlForLayer", 2),
                 ("ssm:UpdateInstanceInformation", 2), ("ec2messages:GetMessages", 2)]
    app = {
        "orders-api": [("kms:Decrypt", 5), ("secretsmanager:GetSecretValue", 1), ("s3:PutObject", 3),
                       ("s3:GetObject", 3), ("ssm:GetParameter", 1)],
        "tracking-worker": [("kms:GenerateDataKey", 3), ("kms:Decrypt", 3), ("s3:PutObject", 4),
                            ("dynamodb:DescribeTable", 1), ("secretsmanager:GetSecretValue", 1)],
        "label-renderer": [("s3:GetObject", 5), ("s3:PutObject", 3), ("kms:Decrypt", 2)],
        "external-dns": [("route53:ListHostedZones", 1), ("route53:ListResourceRecordSets", 4),
                         ("route53:ChangeResourceRecordSets", 0.2)],
    }
    lam = [("s3:GetObject", 3), ("s3:PutObject", 2), ("kms:Decrypt", 3), ("secretsmanager:GetSecretValue", 1),
           ("ssm:GetParameter", 1)]
    ecs = [("kms:Decrypt", 3), ("secretsmanager:GetSecretValue", 1), ("s3:PutObject", 3),
           ("ssm:GetParameters", 1), ("sqs:ListQueues", 0.3)]
    karpenter = [("ec2:DescribeInstances", 4), ("ec2:DescribeInstanceTypeOfferings", 1),
                 ("ec2:DescribeLaunchTemplates", 1), ("ec2:DescribeSubnets", 2),
                 ("ec2:DescribeSecurityGroups", 2), ("pricing:GetProducts", 1), ("ssm:GetParameter", 1),
                 ("sqs:GetQueueAttributes", 1), ("ec2:DescribeImages", 1)]
    s = scale
    out = [
        W("prod-nodes", "prod", "eu-central-1", "node", "KarpenterNodeRole-halvard-prod", node_apis,
          "", ("", ""), 7 * s, holders=max(2, round(8 * s))),
        W("staging-nodes", "staging", "eu-central-1", "node", "KarpenterNodeRole-halvard-staging",
          node_apis, "", ("", ""), 5 * s, holders=max(2, round(3 * s))),
        W("karpenter", "prod", "eu-central-1", "pod_identity", "KarpenterController-halvard-prod",
          karpenter, org.KARPENTER, ("", ""), 14 * s, namespace="kube-system"),
        W("karpenter-staging", "staging", "eu-central-1", "pod_identity",
          "KarpenterController-halvard-staging", karpenter, org.KARPENTER, ("", ""), 6 * s,
          namespace="kube-system"),
        W("billing-sync", "prod", "eu-central-1", "ecs", "billing-sync-task", ecs, org.JAVA_ECS,
          org.JAVA, 8 * s, holders=2),
        W("billing-sync-staging", "staging", "eu-central-1", "ecs", "billing-sync-task", ecs,
          org.JAVA_ECS, org.JAVA, 3 * s),
        W("wms-connector", "prod", "eu-central-1", "onprem", "onprem-wms-connector",
          [("s3:PutObject", 5), ("kms:GenerateDataKey", 3), ("secretsmanager:GetSecretValue", 0.3)],
          org.ONPREM_JAVA, ("", ""), 10 * s),
        W("securityhub-forwarder", "audit", "eu-central-1", "lambda", "securityhub-forwarder-role",
          [("securityhub:GetFindings", 3), ("sns:ListTopics", 0.2), ("kms:Decrypt", 1)],
          org.PY_LAMBDA, org.BOTO, 4 * s),
        W("sandbox-experiments", "sandbox", "eu-central-1", "lambda", "sandbox-experiments-role",
          lam, org.PY_LAMBDA, org.BOTO, 1.5 * s),
    ]
    for name in app:
        for env, rate in (("prod", 9.0), ("staging", 2.5)):
            if env == "staging" and name in ("label-renderer", "external-dns"):
                continue
            agent = org.GO_V2 if name == "external-dns" else org.PY_POD
            sdk = org.GO_SDK if name == "external-dns" else org.BOTO
            out.append(W(f"{name}-{env}" if env == "staging" else name, env, "eu-central-1", "irsa",
                         f"{name}-{env}", app[name], agent, sdk, rate * s, holders=2,
                         namespace=name.split("-")[0]))
    for fn in ("eta-calculator", "customs-docs", "invoice-export"):
        out.append(W(fn, "prod", "eu-central-1", "lambda", f"{fn}-role", lam, org.PY_LAMBDA, org.BOTO, 6 * s))
    out.append(W("eta-calculator-staging", "staging", "eu-central-1", "lambda", "eta-calculator-role",
                 lam, org.PY_LAMBDA, org.BOTO, 2 * s))
    # the vended data account's workloads start the day after vending
    out.append(W("ingest-shipments", "data", "eu-central-1", "lambda", "ingest-shipments-role", lam,
                 org.PY_LAMBDA, org.BOTO, 5 * s))
    out.append(W("dbt-runner", "data", "eu-central-1", "ecs", "dbt-runner-task",
                 [("athena:StartQueryExecution", 3), ("athena:GetQueryExecution", 4), ("glue:GetTable", 3),
                  ("s3:GetObject", 2), ("kms:Decrypt", 1)], org.JAVA_ECS, org.JAVA, 6 * s))
    rng.shuffle(out)
    return sorted(out, key=lambda w: w.name)
