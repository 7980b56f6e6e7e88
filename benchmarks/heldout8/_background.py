"""A day of Kessler's normal operations: fleets, plant equipment, service keys and people.

Per actor and hour (never per event) the counts are drawn, then each call is written.
``Changes`` carries the benign changes that alter this background (the ISP renumbering, the
shutdown, the certificate rotation, the secondment, the PowerShell upgrade, the new account).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout8._actors import OtherActors
from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import (
    CORP,
    DR,
    NAT_BLOCK,
    PEOPLE,
    PROD,
    SIM,
    SITES,
    UA,
)
from benchmarks.heldout8._trail import (
    Trail,
    credentials,
    iam_user,
    role_arn,
    role_session,
    saml_user,
    service,
)

H = dt.timedelta(hours=1)
Call = tuple[str, str, str, float]  # service, api, user agent key, calls per hour


@dataclass
class Changes:
    renumber: dt.datetime  # B1: Greenville's ISP moves the plant to a new range
    shutdown: tuple[dt.date, dt.date]  # B3: Nagoya maintenance shutdown (inclusive)
    rotate: dt.datetime  # B4: gw-stu-01 gets a new certificate
    secondment: dt.date  # B5: lukas.fischer works from Nagoya from this day
    upgrade: dt.datetime  # B6: svc-mes-stuttgart's AWS Tools for PowerShell upgrade
    sim_joins: dt.date  # B9: eng-sim account's first day


@dataclass
class Background(OtherActors):
    trail: Trail
    scale: float
    changes: Changes
    # actor -> [(start, end, key)]: who held which session key when, for the incidents
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = self.trail.rng
        self.fleet: list[tuple[str, str, str, str, str]] = []  # account, region, role, id, ip
        layout = [
            ("mes-app", "eu-central-1", 4),
            ("mes-app", "us-east-1", 2),
            ("mes-app", "ap-northeast-1", 2),
            ("pi-historian", "eu-central-1", 2),
        ]
        for role, region, n in layout:
            for i in range(n):
                iid = "i-0" + rng.bytes(8).hex()[:16]
                # private subnets: the region's NAT gateway is the source address
                self.fleet.append((PROD, region, role, iid, BLOCKS[NAT_BLOCK[region]].addr(i % 2)))
        self.replication = ["i-0" + rng.bytes(8).hex()[:16] for _ in range(2)]
        self.sim_head = "i-0" + rng.bytes(8).hex()[:16]
        self.gateways = {
            f"gw-{site[:3]}-{n:02d}": (site, rng.bytes(10).hex()) for site in SITES for n in (1, 2)
        }
        self.new_serial = rng.bytes(10).hex()
        self.svc = {
            name: self.trail.key("AKIA")
            for name in (
                "svc-mes-stuttgart",
                "svc-mes-chemnitz",
                "svc-mes-greenville",
                "svc-mes-nagoya",
                "svc-historian-sync",
                "svc-jenkins",
            )
        }

    # --- helpers ----------------------------------------------------------------------------
    def n(self, rate: float) -> int:
        return int(self.trail.rng.poisson(rate * self.scale)) if rate > 0 else 0

    def at(self, t0: dt.datetime, span: float = 3600.0) -> dt.datetime:
        return t0 + dt.timedelta(seconds=float(self.trail.rng.uniform(0, span)))

    def site_ip(self, site: str, t: dt.datetime, index: int) -> str:
        name = SITES[site][0]
        if site == "greenville" and t >= self.changes.renumber:
            name = "greenville_new"
        return BLOCKS[name].addr(index)

    def calls(
        self,
        t0: dt.datetime,
        account: str,
        region: str,
        ident: dict[str, Any],
        ip: str,
        calls: list[Call],
        *,
        span: float = 3600.0,
        error_rate: float = 0.003,
        extra: dict[str, Any] | None = None,
    ) -> None:
        rng = self.trail.rng
        for svc, api, ua, rate in calls:
            for _ in range(self.n(rate)):
                agent = UA.get(ua, ua).replace("{cmd}", f"{svc}.{api.lower()}")
                err = "AccessDenied" if rng.random() < error_rate else None
                self.trail.event(
                    self.at(t0, span),
                    account,
                    region,
                    svc,
                    api,
                    ident,
                    ip,
                    agent,
                    error=err,
                    extra=extra,
                )

    def assume(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        role: str,
        session: str,
        by: str,
        actor: str,
        hours: float = 1.0,
        **kw: Any,
    ) -> dict[str, Any]:
        """AssumeRole by an AWS service; returns the session's identity."""
        key = self.trail.key()
        arn = role_arn(account, role)
        self.trail.event(
            t,
            account,
            region,
            "sts",
            "AssumeRole",
            service(by),
            by,
            by,
            request={"roleArn": arn, "roleSessionName": session},
            response={
                "credentials": credentials(key, t, hours),
                "assumedRoleUser": {
                    "assumedRoleId": f"AROA:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/"
                    f"{role.rsplit('/', 1)[-1]}/{session}",
                },
            },
        )
        self.keys.setdefault(actor, []).append((t, t + hours * H, key))
        return role_session(account, role, session, key, t, **kw)

    def saml(
        self, t: dt.datetime, account: str, role: str, email: str, ip: str, agent: str, actor: str
    ) -> dict[str, Any]:
        key = self.trail.key()
        provider = f"arn:aws:iam::{account}:saml-provider/KesslerADFS"
        self.trail.event(
            t,
            account,
            "us-east-1",
            "sts",
            "AssumeRoleWithSAML",
            saml_user(account, email),
            ip,
            agent,
            request={
                "roleArn": role_arn(account, role),
                "principalArn": provider,
                "durationSeconds": 28800,
            },
            response={
                "credentials": credentials(key, t, 8),
                "subject": email,
                "subjectType": "persistent",
                "issuer": "http://sts.kessler-antriebe.de/adfs/services/trust",
                "assumedRoleUser": {"arn": f"arn:aws:sts::{account}:assumed-role/{role}/{email}"},
            },
        )
        self.keys.setdefault(actor, []).append((t, t + 8 * H, key))
        return role_session(account, role, email, key, t)

    # --- the day ----------------------------------------------------------------------------
    def day(self, d: dt.date) -> None:
        midnight = dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)
        weekend = d.weekday() >= 5
        holiday = (d.month, d.day) == (11, 3)  # Culture Day: the Nagoya plant runs one shift
        for h in range(24):
            t0 = midnight + h * H
            self.fleet_hour(t0)
            self.gateway_hour(t0, d)
            self.service_keys_hour(t0, d, weekend, holiday)
            self.aws_services_hour(t0, d)
        for person in PEOPLE:
            self.person_day(person, d, midnight, weekend)
        self.jenkins_day(midnight, weekend)
        self.vendor_day(midnight, d)
        self.corp_day(midnight, weekend)
        if d >= self.changes.sim_joins:
            self.sim_day(midnight, d)

    def fleet_hour(self, t0: dt.datetime) -> None:
        for account, region, role, iid, ip in self.fleet:
            t = self.at(t0, 120)
            ident = self.assume(t, account, region, role, iid, "ec2.amazonaws.com", iid, ec2=True)
            app: list[Call] = (
                [
                    ("secretsmanager", "GetSecretValue", "dotnet", 0.6),
                    ("ssm", "GetParameter", "dotnet", 2),
                    ("kms", "Decrypt", "dotnet", 2),
                    ("dynamodb", "DescribeTable", "dotnet", 0.5),
                    ("sqs", "GetQueueAttributes", "dotnet", 0.5),
                ]
                if role == "mes-app"
                else [
                    ("timestream", "DescribeEndpoints", "dotnet_fw", 1.5),
                    ("kinesis", "DescribeStreamSummary", "dotnet_fw", 1),
                    ("kms", "Decrypt", "dotnet_fw", 1),
                ]
            )
            app += [
                ("ssm", "UpdateInstanceInformation", "ssm_agent", 1),
                ("ssm", "ListInstanceAssociations", "ssm_agent", 1),
                ("ec2messages", "GetMessages", "ssm_agent", 0.5),
                ("ec2", "DescribeTags", "cwagent", 0.5),
            ]
            self.calls(t, account, region, ident, ip, app, span=3400)

    def gateway_hour(self, t0: dt.datetime, d: dt.date) -> None:
        down = self.changes.shutdown[0] <= d <= self.changes.shutdown[1]
        for index, (gw, (site, serial)) in enumerate(sorted(self.gateways.items())):
            _, region, _ = SITES[site]
            if site == "nagoya" and down and (t0.hour % 6):
                continue  # during the shutdown the gateways only check in every six hours
            if gw == "gw-stu-01" and t0 >= self.changes.rotate:
                serial = self.new_serial
            t = self.at(t0, 300)
            ident = self.assume(
                t,
                PROD,
                region,
                "plant-edge-gateway",
                serial,
                "rolesanywhere.amazonaws.com",
                gw,
                source_identity=f"CN={gw}",
            )
            ip = self.site_ip(site, t, 3 + index % 2)
            self.calls(
                t,
                PROD,
                region,
                ident,
                ip,
                [
                    ("ssm", "GetParameters", "gateway", 1),
                    ("iot", "DescribeEndpoint", "gateway", 0.5),
                    ("kms", "Decrypt", "gateway", 1),
                ],
                span=3000,
            )
        for site, (_, region, _) in SITES.items():
            if site == "nagoya" and down:
                continue
            t = self.at(t0, 300)
            thing = f"gg-core-{site}"
            ident = self.assume(
                t,
                PROD,
                region,
                "GreengrassV2TokenExchangeRole",
                thing,
                "credentials.iot.amazonaws.com",
                thing,
            )
            self.calls(
                t,
                PROD,
                region,
                ident,
                self.site_ip(site, t, 5),
                [
                    ("logs", "CreateLogStream", "greengrass", 0.4),
                    ("ecr", "GetAuthorizationToken", "greengrass", 0.3),
                    ("secretsmanager", "GetSecretValue", "greengrass", 0.2),
                ],
                span=3000,
            )

    def service_keys_hour(self, t0: dt.datetime, d: dt.date, weekend: bool, holiday: bool) -> None:
        c = self.changes
        plan: list[tuple[str, str, str, float]] = [  # user, site, region, activity
            ("svc-mes-stuttgart", "stuttgart", "eu-central-1", 1.0),
            ("svc-mes-chemnitz", "chemnitz", "eu-central-1", 1.0),
            ("svc-mes-greenville", "greenville", "us-east-1", 1.0),
            (
                "svc-mes-nagoya",
                "nagoya",
                "ap-northeast-1",
                0.05 if c.shutdown[0] <= d <= c.shutdown[1] else 0.3 if holiday else 1.0,
            ),
        ]
        for user, site, region, activity in plan:
            ua = "dotnet_fw" if user == "svc-mes-chemnitz" else "ps_old"
            if user == "svc-mes-stuttgart" and t0 >= c.upgrade:
                ua = "ps_new"
            ident = iam_user(PROD, user, self.svc[user])
            ip = self.site_ip(site, t0, 1)
            rate = 0.75 * activity * (0.8 if weekend else 1.0)
            self.calls(
                t0,
                PROD,
                region,
                ident,
                ip,
                [
                    ("s3", "GetBucketLocation", ua, 2 * rate),
                    ("kms", "GenerateDataKey", ua, 2 * rate),
                    ("ssm", "GetParameter", ua, rate),
                    ("s3", "ListBuckets", ua, 0.3 * rate),
                ],
            )
        # the historian's replication over Direct Connect: private VIF, interface endpoint
        ident = iam_user(PROD, "svc-historian-sync", self.svc["svc-historian-sync"])
        self.calls(
            t0,
            PROD,
            "eu-central-1",
            ident,
            f"10.40.8.{17 + t0.hour % 3}",
            [
                ("kinesis", "DescribeStream", "dotnet_fw", 1.5),
                ("kms", "GenerateDataKey", "dotnet_fw", 1.5),
            ],
            extra={"vpcEndpointId": "vpce-0d5c1a7e93b2f4c61"},
        )

    def aws_services_hour(self, t0: dt.datetime, d: dt.date) -> None:
        config = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
        accounts = [(PROD, r) for r in ("eu-central-1", "us-east-1", "ap-northeast-1")]
        accounts += [(CORP, "eu-central-1"), (DR, "us-east-1")]
        if d >= self.changes.sim_joins:
            accounts.append((SIM, "eu-central-1"))
        for account, region in accounts:
            if self.trail.rng.random() < 0.5:
                continue
            t = self.at(t0)
            ident = role_session(account, config, "AWSConfig-Describe", self.trail.key(), t)
            ident["invokedBy"] = "config.amazonaws.com"
            self.calls(
                t,
                account,
                region,
                ident,
                "config.amazonaws.com",
                [
                    ("ec2", "DescribeInstances", "config.amazonaws.com", 1),
                    ("iam", "GetRole", "config.amazonaws.com", 0.3),
                ],
                span=600,
                error_rate=0,
            )
        for i, iid in enumerate(self.replication):  # DRS replication servers in the DR account
            t = self.at(t0, 120)
            ident = self.assume(
                t,
                DR,
                "us-east-1",
                "AWSElasticDisasterRecoveryReplicationServerRole",
                iid,
                "ec2.amazonaws.com",
                iid,
                ec2=True,
            )
            self.calls(
                t,
                DR,
                "us-east-1",
                ident,
                BLOCKS["ec2_us"].addr(40 + i),
                [
                    ("ec2", "DescribeVolumes", "drs", 1),
                    ("ec2", "DescribeSnapshots", "drs", 0.5),
                    ("ec2", "CreateSnapshot", "drs", 0.25),
                    ("ec2", "CreateTags", "drs", 0.25),
                ],
                span=3400,
            )
