"""The legacy IAM users (Jenkins, Zabbix and Terraform on-prem over Direct Connect, the partner
clearinghouse's file exchange) and GitHub Actions through OIDC."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout4._org import (
    ACCOUNTS,
    DOCKER,
    GHA,
    GHA_CLI,
    JENKINS,
    PARTNER,
    TERRAFORM,
    ZABBIX,
    Org,
    at,
)
from benchmarks.heldout4._trail import Incident, vpce


@dataclass
class Machines:
    """Legacy IAM users (Jenkins, Zabbix and Terraform on-prem over Direct Connect, the partner
    clearinghouse) and GitHub Actions."""

    org: Org
    scale: float
    partner_keys: list[tuple[dt.datetime, str]] = field(default_factory=list)  # (from, key)
    repos: list[tuple[dt.datetime, str, str]] = field(default_factory=list)  # (from, account, repo)
    repo_incident: dict[str, Incident] = field(default_factory=dict)
    partner_incident: tuple[dt.datetime, Incident] | None = None  # B6: polls with the new key
    keys: dict[str, str] = field(default_factory=dict)

    def key(self, name: str) -> str:
        return self.keys.setdefault(name, self.org.trail.key(temporary=False))

    def dx(self, name: str) -> str:
        return self.org.net.private("10.50", name=f"dx:{name}")

    def day(self, day: dt.date) -> None:
        org, rng, trail = self.org, self.org.rng, self.org.trail
        shared, prod = ACCOUNTS["shared"], ACCOUNTS["prod"]
        workday = org.workday(day)
        # Jenkins: builds on workdays, each deploying to prod through jenkins-deployer
        jenkins = org.user(shared, "svc-jenkins", self.key("svc-jenkins"))
        ip = self.dx("jenkins")
        for _ in range(
            int((rng.randrange(8, 16) if workday else rng.randrange(0, 2)) * max(self.scale, 0.3))
        ):
            t = at(day, rng.uniform(12.5, 23))
            for svc, api in (
                ("sts", "GetCallerIdentity"),
                ("ecr", "GetAuthorizationToken"),
                ("ecr", "BatchCheckLayerAvailability"),
                ("ecr", "PutImage"),
            ):
                t += dt.timedelta(seconds=rng.uniform(2, 40))
                trail.event(
                    t,
                    shared,
                    "us-east-1",
                    svc,
                    api,
                    jenkins,
                    ip,
                    JENKINS.format(cmd=f"{svc}.{api.lower()}"),
                    params={},
                    vpce=vpce(shared, svc),
                )
            if rng.random() < 0.4:
                key = org.assume_cross(
                    t,
                    jenkins,
                    shared,
                    prod,
                    "jenkins-deployer",
                    "jenkins",
                    ip,
                    JENKINS.format(cmd="sts.assume-role"),
                    vpce=vpce(shared, "sts"),
                )
                deployer = org.session(prod, "jenkins-deployer", "jenkins", key, t)
                for api in (
                    "DescribeStacks",
                    "CreateChangeSet",
                    "DescribeChangeSet",
                    "ExecuteChangeSet",
                ):
                    t += dt.timedelta(seconds=rng.uniform(3, 60))
                    trail.event(
                        t,
                        prod,
                        "us-east-1",
                        "cloudformation",
                        api,
                        deployer,
                        ip,
                        JENKINS.format(cmd=f"cloudformation.{api.lower()}"),
                        params={},
                        vpce=vpce(prod, "cloudformation"),
                    )
        # Zabbix polls CloudWatch and EC2 every 10 minutes, in both regions
        zabbix = org.user(shared, "svc-monitoring", self.key("svc-monitoring"))
        zip_ = self.dx("zabbix")
        step = 10 / max(self.scale, 0.25)
        minute = rng.uniform(0, step)
        while minute < 1440:
            t = at(day, minute / 60)
            for region in ("us-east-1", "us-west-2"):
                for svc, api in (("monitoring", "GetMetricData"), ("ec2", "DescribeInstances")):
                    error = "throttled" if rng.random() < 0.003 else None
                    trail.event(
                        t + dt.timedelta(seconds=rng.uniform(0, 9)),
                        shared,
                        region,
                        svc,
                        api,
                        zabbix,
                        zip_,
                        ZABBIX.format(api=f"{svc}#1.40.0"),
                        params={},
                        vpce=vpce(shared, svc + region),
                        error=error,
                    )
            minute += step
        # the partner clearinghouse's file exchange (S3 data events on its bucket)
        key_now = self.key("svc-partner-clearinghouse")
        step = (15 if workday else 30) / max(self.scale, 0.25)
        minute = rng.uniform(0, step)
        while minute < 1440:
            t = at(day, minute / 60)
            for since, key in self.partner_keys:
                if t >= since:
                    key_now = key
            tag = self.partner_incident
            self.partner_poll(
                t,
                key_now,
                org.net.host("partner", name=f"partner-{int(minute) % 2}"),
                tag[1] if tag and t >= tag[0] else None,
            )
            minute += step
        # Terraform on-prem, once a workday, reading IAM from the office circuit
        if workday:
            tf = org.user(shared, "svc-tf-legacy", self.key("svc-tf-legacy"))
            t = at(day, rng.uniform(14, 16))
            for api in ["GetCallerIdentity"] + [
                "GetRole",
                "ListAttachedRolePolicies",
                "GetPolicyVersion",
                "ListRolePolicies",
                "GetUser",
            ] * 3:
                t += dt.timedelta(seconds=rng.uniform(0.2, 2))
                trail.event(
                    t,
                    shared,
                    "us-east-1",
                    "sts" if api == "GetCallerIdentity" else "iam",
                    api,
                    tf,
                    org.net.host("office", name="office-nat"),
                    TERRAFORM,
                    params={},
                )
        self.actions(day)

    def partner_poll(
        self, t: dt.datetime, key: str, ip: str, incident: Incident | None = None
    ) -> None:
        org, rng = self.org, self.org.rng
        partner = org.user(ACCOUNTS["shared"], "svc-partner-clearinghouse", key)
        bucket = "crh-partner-exchange-311145520981"
        res = [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
        org.trail.event(
            t,
            ACCOUNTS["shared"],
            "us-east-1",
            "s3",
            "ListObjectsV2",
            partner,
            ip,
            PARTNER,
            params={
                "bucketName": bucket,
                "prefix": "outbound/835/",
                "Host": f"{bucket}.s3.amazonaws.com",
            },
            resources=res,
            additional={"SignatureVersion": "SigV4", "bytesTransferredIn": 0},
            incident=incident,
        )
        for _ in range(rng.choice((0, 0, 1, 2))):
            name = f"outbound/835/ERA_{rng.randrange(10**8):08d}.x12"
            for api in ("GetObject", "DeleteObject"):
                org.trail.event(
                    t + dt.timedelta(seconds=rng.uniform(1, 20)),
                    ACCOUNTS["shared"],
                    "us-east-1",
                    "s3",
                    api,
                    partner,
                    ip,
                    PARTNER,
                    params={"bucketName": bucket, "key": name},
                    resources=res,
                    incident=incident,
                    read_only=api == "GetObject",
                )
        if rng.random() < 0.3:
            name = f"inbound/837/CLM_{rng.randrange(10**8):08d}.x12"
            org.trail.event(
                t + dt.timedelta(seconds=rng.uniform(1, 20)),
                ACCOUNTS["shared"],
                "us-east-1",
                "s3",
                "PutObject",
                partner,
                ip,
                PARTNER,
                params={"bucketName": bucket, "key": name},
                resources=res,
                incident=incident,
                read_only=False,
            )

    def actions(self, day: dt.date) -> None:
        org, rng = self.org, self.org.rng
        if not org.workday(day):
            return
        for since, account, repo in [
            (at(day, 0), "prod", "cobalt-ridge/patient-portal"),
            (at(day, 0), "dev", "cobalt-ridge/patient-portal"),
            (at(day, 0), "prod", "cobalt-ridge/claims-api"),
            *self.repos,
        ]:
            for _ in range(max(1, int(rng.randrange(1, 4) * self.scale))):
                t = at(day, rng.uniform(13, 23))
                if t < since:
                    continue
                self.deploy(t, account, repo, self.repo_incident.get(repo))
        # terraform plan on pull requests, read-only, in the shared account
        for _ in range(rng.randrange(0, 3)):
            t = at(day, rng.uniform(14, 22))
            acc = ACCOUNTS["shared"]
            ip = org.net.host("azure")
            key = org.github(
                t, acc, "gha-terraform-plan", "repo:cobalt-ridge/platform-infra:pull_request", ip
            )
            ident = org.session(acc, "gha-terraform-plan", "GitHubActions", key, t)
            for svc, api in [("sts", "GetCallerIdentity")] + [
                ("iam", "GetRole"),
                ("iam", "GetPolicy"),
                ("ec2", "DescribeVpcs"),
                ("s3", "GetBucketPolicy"),
                ("ec2", "DescribeSubnets"),
            ] * 4:
                t += dt.timedelta(seconds=rng.uniform(0.1, 1.5))
                org.trail.event(
                    t,
                    acc,
                    "us-east-1",
                    svc,
                    api,
                    ident,
                    ip,
                    GHA_CLI.format(cmd="none")
                    .replace("aws-cli/2.27.25", "APN/1.0 HashiCorp/1.0 Terraform/1.9.8")
                    .split(" md/command")[0],
                    params={},
                )

    def deploy(self, t: dt.datetime, account: str, repo: str, incident: Incident | None) -> None:
        org, rng = self.org, self.org.rng
        acc = ACCOUNTS[account]
        ip = org.net.host("azure")  # a fresh GitHub-hosted runner each run
        key = org.github(
            t, acc, "gha-deploy", f"repo:{repo}:ref:refs/heads/main", ip, incident=incident
        )
        ident = org.session(acc, "gha-deploy", "GitHubActions", key, t)
        steps: list[tuple[str, str, str]] = [
            ("sts", "GetCallerIdentity", GHA),
            ("ecr", "GetAuthorizationToken", GHA),
        ]
        steps += [
            ("ecr", api, DOCKER)
            for api in (
                "BatchCheckLayerAvailability",
                "InitiateLayerUpload",
                "CompleteLayerUpload",
                "PutImage",
            )
        ]
        steps += [
            ("ecs", api, GHA_CLI.format(cmd=f"ecs.{api.lower()}"))
            for api in ("RegisterTaskDefinition", "UpdateService", "DescribeServices")
        ]
        for svc, api, ua in steps:
            t += dt.timedelta(seconds=rng.uniform(1, 30))
            params: dict[str, Any] = {"repositoryName": repo.split("/")[1]} if svc == "ecr" else {}
            org.trail.event(
                t, acc, "us-east-1", svc, api, ident, ip, ua, params=params, incident=incident
            )
