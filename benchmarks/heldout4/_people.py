"""People (Okta SAML into account roles, console and CLI), the legacy IAM users and GitHub
Actions: the human and pipeline part of Cobalt Ridge Health's day."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from benchmarks.heldout4._org import (
    ACCOUNTS,
    BROWSERS,
    CLIS,
    OKTA_CLI,
    Org,
    Person,
    at,
)
from benchmarks.heldout4._trail import Incident

# (service, API) people of each role call; the first ones more often
WORK = {
    "Okta-PlatformAdmin": [
        ("ec2", "DescribeInstances"),
        ("monitoring", "DescribeAlarms"),
        ("ssm", "DescribeInstanceInformation"),
        ("iam", "ListRoles"),
        ("ssm", "StartSession"),  # Session Manager is how admins reach instances
        ("ssm", "TerminateSession"),
        ("ec2", "DescribeSecurityGroups"),
        ("autoscaling", "DescribeAutoScalingGroups"),
        ("cloudtrail", "LookupEvents"),
        ("iam", "GetRole"),
        ("logs", "FilterLogEvents"),
        ("elasticloadbalancing", "DescribeTargetHealth"),
        ("rds", "DescribeDBInstances"),
    ],
    "Okta-Engineer": [
        ("logs", "FilterLogEvents"),
        ("ecs", "DescribeServices"),
        ("lambda", "ListFunctions20150331"),
        ("cloudformation", "DescribeStacks"),
        ("ecr", "DescribeImages"),
        ("s3", "ListBuckets"),
        ("lambda", "GetFunction20150331v2"),
        ("ecs", "ListTasks"),
        ("ssm", "GetParameter"),
        ("monitoring", "GetMetricData"),
        ("sqs", "ListQueues"),
    ],
    "Okta-DataEngineer": [
        ("elasticmapreduce", "ListClusters"),
        ("glue", "GetJobRuns"),
        ("states", "ListExecutions"),
        ("elasticmapreduce", "DescribeCluster"),
        ("glue", "GetTables"),
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("elasticmapreduce", "ListSteps"),
        ("logs", "FilterLogEvents"),
        ("states", "DescribeExecution"),
        ("batch", "DescribeJobs"),
    ],
    "Okta-Analyst": [
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("glue", "GetDatabases"),
        ("athena", "ListWorkGroups"),
        ("redshift", "GetClusterCredentialsWithIAM"),
    ],
    "Okta-FinOps": [
        ("ce", "GetCostAndUsage"),
        ("ce", "GetCostForecast"),
        ("budgets", "DescribeBudgets"),
        ("ec2", "DescribeReservedInstances"),
        ("compute-optimizer", "GetEC2InstanceRecommendations"),
    ],
    "Okta-SecurityAudit": [
        ("guardduty", "ListFindings"),
        ("securityhub", "GetFindings"),
        ("cloudtrail", "LookupEvents"),
        ("iam", "GetCredentialReport"),
        ("access-analyzer", "ListFindings"),
        ("guardduty", "GetFindings"),
        ("config", "DescribeComplianceByConfigRule"),
    ],
    "Okta-WestAdmin": [
        ("ec2", "DescribeInstances"),
        ("autoscaling", "DescribeAutoScalingGroups"),
        ("lambda", "ListFunctions20150331"),
        ("logs", "FilterLogEvents"),
        ("monitoring", "DescribeAlarms"),
    ],
}


@dataclass
class Humans:
    org: Org
    scale: float
    joined: dt.date  # the day the west account's trail starts
    long_sessions: tuple[dt.datetime, Incident] | None = None  # B3: engineers' sessions last 12 h

    def home(self, person: Person, day: dt.date) -> str:
        if person.isp == "office":
            return self.org.net.host("office", name="office-nat")
        lease = (
            day.toordinal() + zlib.crc32(person.first.encode()) % 7
        ) // 11  # DHCP leases of ~11 days
        return self.org.net.host(person.isp, name=f"home:{person.first}:{lease}")

    def work(
        self,
        person: Person,
        account: str,
        start: dt.datetime,
        calls: int,
        *,
        ip: str,
        cli: bool,
        incident: Incident | None = None,
        region: str = "us-east-1",
        apis: list[tuple[str, str]] | None = None,
        console_agent: str | None = None,
    ) -> str:
        """One sign-in and its calls; returns the session's key."""
        org, rng = self.org, self.org.rng
        acc = ACCOUNTS[account]
        hours = 1.0  # the SAML roles' default session
        if self.long_sessions and person.role == "Okta-Engineer" and start >= self.long_sessions[0]:
            hours, incident = 12.0, incident or self.long_sessions[1]
        agent = OKTA_CLI if cli else (console_agent or BROWSERS[person.device])
        saml_key = org.saml(
            start, acc, person.role, person.email, ip, agent, hours=hours, incident=incident
        )
        if cli:
            key = saml_key
        else:
            org.console_login(
                start + dt.timedelta(seconds=2),
                acc,
                person.role,
                person.email,
                ip,
                agent,
                incident=incident,
            )
            key = org.trail.key()
        identity = org.session(acc, person.role, person.email, key, start)
        pool = apis or WORK[person.role]
        span = min(hours, 3.0 if hours <= 1 else 9.0) * 3600
        for _ in range(calls):
            t = start + dt.timedelta(seconds=5 + rng.random() * span)
            svc, api = pool[min(int(rng.expovariate(0.35)), len(pool) - 1)]
            internal = not cli and rng.random() < 0.2
            source = "AWS Internal" if internal else ip
            ua = (
                ("AWS Internal" if internal else agent)
                if not cli
                else CLIS[person.device].format(cmd=f"{svc}.{api.lower()}")
            )
            error = "denied" if rng.random() < 0.02 else None
            org.trail.event(
                t,
                acc,
                region,
                svc,
                api,
                identity,
                source,
                ua,
                params={},
                error=error,
                console=not cli,
                incident=incident,
            )
            if svc == "athena" and api == "StartQueryExecution":
                helper = org.session(
                    acc, person.role, person.email, key, start, invoked_by="athena.amazonaws.com"
                )
                for name in ("GetTable", "GetPartitions"):
                    org.trail.event(
                        t + dt.timedelta(seconds=1),
                        acc,
                        region,
                        "glue",
                        name,
                        helper,
                        "athena.amazonaws.com",
                        "athena.amazonaws.com",
                        params={"databaseName": "claims", "name": "adjudicated_claims"},
                        incident=incident,
                    )
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
                self.work(
                    person, account, start, rng.randrange(6, 30), ip=self.home(person, day), cli=cli
                )

    def _people(self, day: dt.date) -> list[Person]:
        from benchmarks.heldout4._org import PEOPLE, WEST_PEOPLE

        return PEOPLE + (WEST_PEOPLE if day >= self.joined else [])
