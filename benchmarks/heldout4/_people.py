"""People (Okta SAML into account roles, console and CLI), the legacy IAM users and GitHub
Actions: the human and pipeline part of Cobalt Ridge Health's day."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout4._org import (
    ACCOUNTS, BROWSERS, CLIS, DOCKER, GHA, GHA_CLI, JENKINS, OKTA_CLI, PARTNER, TERRAFORM, ZABBIX,
    Org, Person, at,
)
from benchmarks.heldout4._trail import Incident, vpce

# (service, API) people of each role call; the first ones more often
WORK = {
    "Okta-PlatformAdmin": [("ec2", "DescribeInstances"), ("cloudwatch", "DescribeAlarms"),
                           ("ssm", "DescribeInstanceInformation"), ("iam", "ListRoles"),
                           ("ec2", "DescribeSecurityGroups"), ("autoscaling", "DescribeAutoScalingGroups"),
                           ("cloudtrail", "LookupEvents"), ("iam", "GetRole"), ("logs", "FilterLogEvents"),
                           ("elasticloadbalancing", "DescribeTargetHealth"), ("rds", "DescribeDBInstances")],
    "Okta-Engineer": [("logs", "FilterLogEvents"), ("ecs", "DescribeServices"), ("lambda", "ListFunctions"),
                      ("cloudformation", "DescribeStacks"), ("ecr", "DescribeImages"), ("s3", "ListBuckets"),
                      ("lambda", "GetFunction"), ("ecs", "ListTasks"), ("ssm", "GetParameter"),
                      ("cloudwatch", "GetMetricData"), ("sqs", "ListQueues")],
    "Okta-DataEngineer": [("elasticmapreduce", "ListClusters"), ("glue", "GetJobRuns"), ("states", "ListExecutions"),
                          ("elasticmapreduce", "DescribeCluster"), ("glue", "GetTables"), ("athena", "StartQueryExecution"),
                          ("athena", "GetQueryExecution"), ("elasticmapreduce", "ListSteps"), ("logs", "FilterLogEvents"),
                          ("states", "DescribeExecution"), ("batch", "DescribeJobs")],
    "Okta-Analyst": [("athena", "StartQueryExecution"), ("athena", "GetQueryExecution"), ("athena", "GetQueryResults"),
                     ("glue", "GetDatabases"), ("athena", "ListWorkGroups"), ("redshift", "GetClusterCredentialsWithIAM")],
    "Okta-FinOps": [("ce", "GetCostAndUsage"), ("ce", "GetCostForecast"), ("budgets", "DescribeBudgets"),
                    ("ec2", "DescribeReservedInstances"), ("compute-optimizer", "GetEC2InstanceRecommendations")],
    "Okta-SecurityAudit": [("guardduty", "ListFindings"), ("securityhub", "GetFindings"), ("cloudtrail", "LookupEvents"),
                           ("iam", "GetCredentialReport"), ("access-analyzer", "ListFindings"), ("guardduty", "GetFindings"),
                           ("config", "DescribeComplianceByConfigRule")],
    "Okta-WestAdmin": [("ec2", "DescribeInstances"), ("autoscaling", "DescribeAutoScalingGroups"), ("lambda", "ListFunctions"),
                       ("logs", "FilterLogEvents"), ("cloudwatch", "DescribeAlarms")],
}


@dataclass
class Humans:
    org: Org
    scale: float
    joined: dt.date  # the day the west account's trail starts
    session_hours: dict[str, float] = field(default_factory=dict)  # role -> SAML duration
    long_sessions: tuple[dt.datetime, Incident] | None = None  # B3: engineers' sessions last 12 h

    def home(self, person: Person, day: dt.date) -> str:
        if person.isp == "office":
            return self.org.net.host("office", name="office-nat")
        lease = (day.toordinal() + zlib.crc32(person.first.encode()) % 7) // 11  # DHCP leases of ~11 days
        return self.org.net.host(person.isp, name=f"home:{person.first}:{lease}")

    def work(
        self, person: Person, account: str, start: dt.datetime, calls: int, *, ip: str,
        cli: bool, incident: Incident | None = None, region: str = "us-east-1",
        apis: list[tuple[str, str]] | None = None, console_agent: str | None = None,
    ) -> str:
        """One sign-in and its calls; returns the session's key."""
        org, rng = self.org, self.org.rng
        acc = ACCOUNTS[account]
        hours = self.session_hours.get(person.role, 1.0)
        if self.long_sessions and person.role == "Okta-Engineer" and start >= self.long_sessions[0]:
            hours, incident = 12.0, incident or self.long_sessions[1]
        agent = OKTA_CLI if cli else (console_agent or BROWSERS[person.device])
        saml_key = org.saml(start, acc, person.role, person.email, ip, agent, hours=hours, incident=incident)
        if cli:
            key = saml_key
        else:
            org.console_login(start + dt.timedelta(seconds=2), acc, person.role, person.email, ip, agent,
                              incident=incident)
            key = org.trail.key()
        identity = org.session(acc, person.role, person.email, key, start)
        pool = apis or WORK[person.role]
        span = min(hours, 3.0 if hours <= 1 else 9.0) * 3600
        for _ in range(calls):
            t = start + dt.timedelta(seconds=5 + rng.random() * span)
            svc, api = pool[min(int(rng.expovariate(0.35)), len(pool) - 1)]
            internal = not cli and rng.random() < 0.2
            source = "AWS Internal" if internal else ip
            ua = ("AWS Internal" if internal else agent) if not cli else CLIS[person.device].format(
                cmd=f"{svc}.{api.lower()}")
            error = "denied" if rng.random() < 0.02 else None
            org.trail.event(t, acc, region, svc, api, identity, source, ua, params={},
                            error=error, console=not cli, incident=incident)
            if svc == "athena" and api == "StartQueryExecution":
                helper = org.session(acc, person.role, person.email, key, start, invoked_by="athena.amazonaws.com")
                for name in ("GetTable", "GetPartitions"):
                    org.trail.event(t + dt.timedelta(seconds=1), acc, region, "glue", name, helper,
                                    "athena.amazonaws.com", "athena.amazonaws.com",
                                    params={"databaseName": "claims", "name": "adjudicated_claims"},
                                    incident=incident)
        return key

    def day(self, day: dt.date) -> None:
        rng = self.org.rng
        for person in self._people(day):
            workday = self.org.workday(day)
            if not workday and rng.random() > 0.08:
                continue
            for n in range(1 + (rng.random() < 0.5)):
                local = rng.uniform(8.3, 10.5) + n * rng.uniform(3, 5)
                start = at(day, local + person.tz)
                account = rng.choice(person.accounts)
                cli = person.role not in ("Okta-Analyst", "Okta-FinOps") and rng.random() < 0.45
                self.work(person, account, start, rng.randrange(6, 30), ip=self.home(person, day), cli=cli)

    def _people(self, day: dt.date) -> list[Person]:
        from benchmarks.heldout4._org import PEOPLE, WEST_PEOPLE

        return PEOPLE + (WEST_PEOPLE if day >= self.joined else [])


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

    def vpce(self, account: str, svc: str) -> str:
        return vpce(account, svc)

    def day(self, day: dt.date) -> None:
        org, rng, trail = self.org, self.org.rng, self.org.trail
        shared, prod = ACCOUNTS["shared"], ACCOUNTS["prod"]
        workday = org.workday(day)
        # Jenkins: builds on workdays, each deploying to prod through jenkins-deployer
        jenkins = org.user(shared, "svc-jenkins", self.key("svc-jenkins"))
        ip = self.dx("jenkins")
        for _ in range(int((rng.randrange(8, 16) if workday else rng.randrange(0, 2)) * max(self.scale, 0.3))):
            t = at(day, rng.uniform(12.5, 23))
            for svc, api in (("sts", "GetCallerIdentity"), ("ecr", "GetAuthorizationToken"),
                             ("ecr", "BatchCheckLayerAvailability"), ("ecr", "PutImage")):
                t += dt.timedelta(seconds=rng.uniform(2, 40))
                trail.event(t, shared, "us-east-1", svc, api, jenkins, ip, JENKINS.format(cmd=f"{svc}.{api.lower()}"),
                            params={}, vpce=self.vpce(shared, svc))
            if rng.random() < 0.4:
                key = org.assume_cross(t, jenkins, shared, prod, "jenkins-deployer", "jenkins", ip,
                                       JENKINS.format(cmd="sts.assume-role"), vpce=self.vpce(shared, "sts"))
                deployer = org.session(prod, "jenkins-deployer", "jenkins", key, t)
                for api in ("DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet"):
                    t += dt.timedelta(seconds=rng.uniform(3, 60))
                    trail.event(t, prod, "us-east-1", "cloudformation", api, deployer, ip,
                                JENKINS.format(cmd=f"cloudformation.{api.lower()}"), params={},
                                vpce=self.vpce(prod, "cloudformation"))
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
                    trail.event(t + dt.timedelta(seconds=rng.uniform(0, 9)), shared, region, svc, api, zabbix, zip_,
                                ZABBIX.format(api=f"{svc}#1.40.0"), params={}, vpce=self.vpce(shared, svc + region),
                                error=error)
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
            self.partner_poll(t, key_now, org.net.host("partner", name=f"partner-{int(minute) % 2}"),
                              tag[1] if tag and t >= tag[0] else None)
            minute += step
        # Terraform on-prem, once a workday, reading IAM from the office circuit
        if workday:
            tf = org.user(shared, "svc-tf-legacy", self.key("svc-tf-legacy"))
            t = at(day, rng.uniform(14, 16))
            for api in ["GetCallerIdentity"] + ["GetRole", "ListAttachedRolePolicies", "GetPolicyVersion",
                                                "ListRolePolicies", "GetUser"] * 3:
                t += dt.timedelta(seconds=rng.uniform(0.2, 2))
                trail.event(t, shared, "us-east-1", "sts" if api == "GetCallerIdentity" else "iam", api, tf,
                            org.net.host("office", name="office-nat"), TERRAFORM, params={})
        self.actions(day)

    def partner_poll(self, t: dt.datetime, key: str, ip: str, incident: Incident | None = None) -> None:
        org, rng = self.org, self.org.rng
        partner = org.user(ACCOUNTS["shared"], "svc-partner-clearinghouse", key)
        bucket = "crh-partner-exchange-311145520981"
        res = [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
        org.trail.event(t, ACCOUNTS["shared"], "us-east-1", "s3", "ListObjectsV2", partner, ip, PARTNER,
                        params={"bucketName": bucket, "prefix": "outbound/835/", "Host": f"{bucket}.s3.amazonaws.com"},
                        resources=res, additional={"SignatureVersion": "SigV4", "bytesTransferredIn": 0},
                        incident=incident)
        for _ in range(rng.choice((0, 0, 1, 2))):
            name = f"outbound/835/ERA_{rng.randrange(10**8):08d}.x12"
            for api in ("GetObject", "DeleteObject"):
                org.trail.event(t + dt.timedelta(seconds=rng.uniform(1, 20)), ACCOUNTS["shared"], "us-east-1",
                                "s3", api, partner, ip, PARTNER, params={"bucketName": bucket, "key": name},
                                resources=res, incident=incident, read_only=api == "GetObject")
        if rng.random() < 0.3:
            name = f"inbound/837/CLM_{rng.randrange(10**8):08d}.x12"
            org.trail.event(t + dt.timedelta(seconds=rng.uniform(1, 20)), ACCOUNTS["shared"], "us-east-1", "s3",
                            "PutObject", partner, ip, PARTNER, params={"bucketName": bucket, "key": name},
                            resources=res, incident=incident, read_only=False)

    def actions(self, day: dt.date) -> None:
        org, rng = self.org, self.org.rng
        if not org.workday(day):
            return
        for since, account, repo in [(at(day, 0), "prod", "cobalt-ridge/patient-portal"),
                                     (at(day, 0), "dev", "cobalt-ridge/patient-portal"),
                                     (at(day, 0), "prod", "cobalt-ridge/claims-api"), *self.repos]:
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
            key = org.github(t, acc, "gha-terraform-plan", "repo:cobalt-ridge/platform-infra:pull_request", ip)
            ident = org.session(acc, "gha-terraform-plan", "GitHubActions", key, t)
            for svc, api in [("sts", "GetCallerIdentity")] + [("iam", "GetRole"), ("iam", "GetPolicy"),
                                                              ("ec2", "DescribeVpcs"), ("s3", "GetBucketPolicy"),
                                                              ("ec2", "DescribeSubnets")] * 4:
                t += dt.timedelta(seconds=rng.uniform(0.1, 1.5))
                org.trail.event(t, acc, "us-east-1", svc, api, ident, ip, GHA_CLI.format(cmd="none").replace(
                    "aws-cli/2.27.25", "APN/1.0 HashiCorp/1.0 Terraform/1.9.8").split(" md/command")[0], params={})

    def deploy(self, t: dt.datetime, account: str, repo: str, incident: Incident | None) -> None:
        org, rng = self.org, self.org.rng
        acc = ACCOUNTS[account]
        ip = org.net.host("azure")  # a fresh GitHub-hosted runner each run
        key = org.github(t, acc, "gha-deploy", f"repo:{repo}:ref:refs/heads/main", ip, incident=incident)
        ident = org.session(acc, "gha-deploy", "GitHubActions", key, t)
        steps: list[tuple[str, str, str]] = [("sts", "GetCallerIdentity", GHA), ("ecr", "GetAuthorizationToken", GHA)]
        steps += [("ecr", api, DOCKER) for api in ("BatchCheckLayerAvailability", "InitiateLayerUpload",
                                                      "CompleteLayerUpload", "PutImage")]
        steps += [("ecs", api, GHA_CLI.format(cmd=f"ecs.{api.lower()}"))
                  for api in ("RegisterTaskDefinition", "UpdateService", "DescribeServices")]
        for svc, api, ua in steps:
            t += dt.timedelta(seconds=rng.uniform(1, 30))
            params: dict[str, Any] = {"repositoryName": repo.split("/")[1]} if svc == "ecr" else {}
            org.trail.event(t, acc, "us-east-1", svc, api, ident, ip, ua, params=params, incident=incident)
