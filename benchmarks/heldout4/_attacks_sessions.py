"""The attacks with stolen sessions and workload credentials (A5, A7 to A10): a hijacked
console session, a GitHub OIDC role assumed from a foreign repository, EMR node credentials
from a VPS, a stolen CLI session sharing snapshots out, and slow recon from an instance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout4._org import ACCOUNTS, BOTO_EC2, GHA_CLI, OUTSIDE, PEOPLE, at
from benchmarks.heldout4._trail import vpce

PY_LINUX = "Boto3/1.34.98 md/Botocore#1.34.98 ua/2.0 os/linux#6.8.0-35-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.98"
MAC_CLI = "aws-cli/2.17.33 md/awscrt#0.21.2 ua/2.0 os/macos#23.4.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{}"
ATTACKER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36"
Step = tuple[str, str, str, dict[str, Any], str | None]


class SessionAttacks:
    """Mixed into :class:`benchmarks.heldout4._attacks.Attacks` (which supplies ``calls``)."""

    d: list[dt.date]
    humans: Any
    work: Any
    org: Any
    trail: Any

    calls: Callable[..., dt.datetime]

    def ssm_lateral(self) -> None:
        inc = self.trail.incident(
            "A5",
            "stolen admin console session (AitM): SSM SendCommand and StartSession",
            "attack",
            "medium",
        )
        priya = next(p for p in PEOPLE if p.first == "priya.raman")
        prod = ACCOUNTS["prod"]
        t = at(self.d[3], 16.1)
        key = self.humans.work(
            priya, "prod", t, 10, ip=self.humans.home(priya, self.d[3]), cli=False
        )
        ident = self.org.session(prod, priya.role, priya.email, key, t)
        ip = self.org.net.host("packethub", name="a5")
        targets = [
            i.id for i in self.work.live(t + dt.timedelta(hours=1)) if i.role == "portal-web-ec2"
        ][:3]
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "ssm", "DescribeInstanceInformation", {}, None),
            ("us-east-1", "ec2", "DescribeInstances", {}, None),
            (
                "us-east-1",
                "ssm",
                "SendCommand",
                {
                    "documentName": "AWS-RunShellScript",
                    "instanceIds": targets,
                    "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
                },
                None,
            ),
            ("us-east-1", "ssm", "ListCommandInvocations", {}, None),
            ("us-east-1", "ssm", "GetCommandInvocation", {"instanceId": targets[0]}, None),
            ("us-east-1", "ssm", "StartSession", {"target": targets[0]}, None),
            ("us-east-1", "ssm", "TerminateSession", {}, None),
        ]
        self.calls(
            inc,
            t + dt.timedelta(minutes=35),
            prod,
            ident,
            ip,
            ATTACKER_BROWSER,
            steps,
            gap=(20, 200),
            console=True,
        )

    def oidc(self) -> None:
        inc = self.trail.incident(
            "A7",
            "GitHub OIDC role assumed from a repository outside the org (no sub condition)",
            "attack",
            "medium",
        )
        shared = ACCOUNTS["shared"]
        t = at(self.d[4], 11.3)
        ip = self.org.net.host("azure", name="a7")
        key = self.org.github(
            t,
            shared,
            "gha-terraform-plan",
            "repo:tsk-labs/ci-probe:ref:refs/heads/main",
            ip,
            incident=inc,
        )
        ident = self.org.session(shared, "gha-terraform-plan", "GitHubActions", key, t)
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None),
            ("us-east-1", "s3", "ListBuckets", {}, None),
            ("us-east-1", "secretsmanager", "ListSecrets", {}, None),
            (
                "us-east-1",
                "secretsmanager",
                "GetSecretValue",
                {"secretId": "jenkins/deploy"},
                "AccessDeniedException",
            ),
            ("us-east-1", "iam", "ListRoles", {}, None),
            ("us-east-1", "iam", "ListUsers", {}, None),
            ("us-east-1", "ec2", "DescribeInstances", {}, None),
            ("us-west-2", "ec2", "DescribeInstances", {}, None),
            ("us-east-1", "ssm", "DescribeParameters", {}, None),
        ]
        self.calls(
            inc,
            t,
            shared,
            ident,
            ip,
            GHA_CLI.replace("md/command#{cmd}", "md/command#{}"),
            steps,
            gap=(1, 8),
        )

    def emr_outside(self) -> None:
        inc = self.trail.incident(
            "A8", "EMR node credentials (IMDS via a notebook) used from a VPS", "attack", "high"
        )
        data = ACCOUNTS["data"]
        t = at(self.d[2], 20.4)
        node = [i for i in self.work.live(t) if i.role == "EMR_EC2_ClaimsRole"][-1]
        key = node.key_at(t)
        ident = self.org.session(data, node.role, node.id, key, t, ec2=True)
        ip = self.org.net.host("contabo", name="a8")
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None),
            ("us-east-1", "s3", "ListBuckets", {}, None),
            ("us-east-1", "glue", "GetDatabases", {}, None),
            ("us-east-1", "glue", "GetTables", {"databaseName": "claims"}, None),
            ("us-east-1", "s3", "GetBucketPolicy", {"bucketName": "crh-phi-datalake"}, None),
            ("us-east-1", "secretsmanager", "ListSecrets", {}, None),
            ("us-east-1", "kms", "ListAliases", {}, None),
        ]
        self.calls(inc, t, data, ident, ip, MAC_CLI, steps, gap=(4, 50))

    def snapshot(self) -> None:
        inc = self.trail.incident(
            "A9",
            "stolen data engineer CLI session shares snapshots with an outside account",
            "attack",
            "high",
        )
        kenji = next(p for p in PEOPLE if p.first == "kenji.watanabe")
        data = ACCOUNTS["data"]
        t = at(self.d[4], 16.0)
        key = self.humans.work(kenji, "data", t, 8, ip=self.humans.home(kenji, self.d[4]), cli=True)
        ident = self.org.session(data, kenji.role, kenji.email, key, t)
        ip = self.org.net.ec2("us-east-1", name="a9")
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            (
                "us-east-1",
                "ec2",
                "DescribeSnapshots",
                {"ownersSet": {"items": [{"owner": "self"}]}},
                None,
            ),
            ("us-east-1", "rds", "DescribeDBClusterSnapshots", {}, None),
            (
                "us-east-1",
                "ec2",
                "CreateSnapshot",
                {"volumeId": "vol-0" + self.trail.hexid("", 16)},
                None,
            ),
            (
                "us-east-1",
                "ec2",
                "ModifySnapshotAttribute",
                {
                    "attributeType": "CREATE_VOLUME_PERMISSION",
                    "createVolumePermission": {"add": {"items": [{"userId": OUTSIDE}]}},
                },
                None,
            ),
            (
                "us-east-1",
                "rds",
                "ModifyDBClusterSnapshotAttribute",
                {"attributeName": "restore", "valuesToAdd": [OUTSIDE]},
                None,
            ),
        ]
        t = self.calls(
            inc,
            t + dt.timedelta(minutes=20),
            data,
            ident,
            ip,
            PY_LINUX.replace("6.8.0-35-generic", "6.1.141-155.222.amzn2023.x86_64"),
            steps,
            gap=(10, 90),
        )
        self.trail.event(
            t + dt.timedelta(minutes=6),
            data,
            "us-east-1",
            "ec2",
            "SharedSnapshotCopyInitiated",
            {"type": "AWSAccount", "accountId": OUTSIDE, "principalId": OUTSIDE},
            "ec2.amazonaws.com",
            "ec2.amazonaws.com",
            event_type="AwsServiceEvent",
            incident=inc,
            read_only=False,
            additional={"snapshotId": "snap-0" + self.trail.hexid("", 16)},
        )

    def slow_recon(self) -> None:
        inc = self.trail.incident(
            "A10",
            "slow recon from a web instance with its own SDK, address and keys",
            "attack",
            "medium",
        )
        t = at(self.d[3], 2.0)
        inst = next(
            i for i in self.work.live(t) if i.role == "portal-web-ec2" and i.region == "us-west-2"
        )
        apis = [
            ("iam", "ListRoles"),
            ("iam", "ListUsers"),
            ("sts", "GetCallerIdentity"),
            ("ec2", "DescribeSnapshots"),
            ("rds", "DescribeDBInstances"),
            ("kms", "ListKeys"),
            ("secretsmanager", "ListSecrets"),
            ("s3", "ListBuckets"),
            ("lambda", "ListFunctions20150331"),
            ("iam", "GetAccountAuthorizationDetails"),
            ("dynamodb", "ListTables"),
            ("bedrock", "ListFoundationModels"),
            ("ec2", "DescribeVpcs"),
        ]
        for svc, api in apis:
            t += dt.timedelta(minutes=self.org.rng.uniform(35, 55))
            if inst.died is not None and t >= inst.died:
                break
            key = inst.key_at(t)
            ident = self.org.session(inst.account, inst.role, inst.id, key, t, ec2=True)
            endpoint = svc in ("kms", "secretsmanager", "dynamodb")
            ip = (
                self.org.net.private("10.40", name=f"ip:{inst.id}")
                if endpoint
                else self.org.net.ec2(inst.region, name=inst.nat)
            )
            self.trail.event(
                t,
                inst.account,
                inst.region,
                svc,
                api,
                ident,
                ip,
                BOTO_EC2,
                params={},
                vpce=vpce(inst.account, svc + inst.region) if endpoint else None,
                incident=inc,
            )
