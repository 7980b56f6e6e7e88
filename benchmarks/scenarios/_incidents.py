"""Benign changes and attacks in the scored days, each with its truth rows.

``changes`` edits the organisation's timelines before the background is drawn (a fleet's new
calls, a new address, a new client); ``attacks`` and ``service_actions`` add records after it,
using the keys the background minted. Every incident writes the truth a user would label:
attacks by the stolen key (or principal) *and the attacker's address*, or by event IDs where the
attacker shares the victim's address; benign changes by principal, and address where one is new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.scenarios._cloudtrail import CONSOLE_UA, iam_user, iso, record, role_session
from benchmarks.scenarios._net import NETWORKS
from benchmarks.scenarios._org import Call, Fleet, Member, Org, _boto3, at
from benchmarks.scenarios._people import SAML_ID, console_sign_in, deploy

KALI_CLI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
MAC_CLI_OLD = "aws-cli/1.29.62 Python/3.9.6 Darwin/22.6.0 botocore/1.31.62"
WIN_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Safari/537.36"
)
ATTACKER_BOTO = "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.2.0-1012-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57"


class Scenario:
    """When things happen: fractions of the scored window (the last ``scored_days`` days)."""

    def __init__(self, org: Org, scored_days: int) -> None:
        self.org = org
        self.first = org.day(-scored_days)
        self.span = dt.timedelta(days=scored_days)

    def at(self, fraction: float, hour: float) -> dt.datetime:
        """The day ``fraction`` of the way through the scored window, at ``hour`` UTC."""
        day = self.first + dt.timedelta(days=int(fraction * self.span.days))
        return day + dt.timedelta(hours=hour)

    def truth(
        self,
        id: str,
        name: str,
        label: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str | None = None,
        principal: str | None = None,
        ips: list[str] | None = None,
        event_ids: list[str] | None = None,
    ) -> None:
        self.org.truth.append(
            {
                "id": id,
                "name": name,
                "label": label,
                "access_key_id": key or "",
                "principal_arn": principal or "",
                "source_ip": " ".join(ips or []),
                "event_ids": " ".join(event_ids or []),
                "start": iso(start),
                "end": iso(end),
            }
        )


def _add(org: Org, recs: list[dict[str, Any]]) -> list[str]:
    org.records.extend(recs)
    return [r["eventID"] for r in recs]


def changes(org: Org, sc: Scenario) -> None:
    """The benign changes that live in timelines; drawn with the background."""
    end = org.end
    web = org.fleet("web-app")
    t = sc.at(0.2, 15.5)  # a release adds a secret read and two calls on every instance at once
    web.new_calls.append(
        (
            t,
            [
                Call("secretsmanager.amazonaws.com", "GetSecretValue", 2),
                Call("sqs.amazonaws.com", "SendMessage", 3, False, True),
                Call("kms.amazonaws.com", "GenerateDataKey", 1),
            ],
        )
    )
    sc.truth(
        "B1", "fleet-wide release adds GetSecretValue", "benign", t, end, principal=web.role.arn
    )

    batch = org.fleet("batch")  # Auto Scaling replaces an unhealthy instance
    t = sc.at(0.4, 3.2)
    old = batch.members[0]
    old.end = t
    new = Member(
        org.ids.instance(),
        t + dt.timedelta(minutes=4),
        end,
        [(t + dt.timedelta(minutes=4), org.aws.address(org.rng, batch.region))],
    )
    batch.members.append(new)
    sc.truth("B2", "Auto Scaling replacement", "benign", t, end, principal=batch.role.arn)

    edge = org.fleet("edge")  # an Elastic IP moves onto an instance mid-key
    t = sc.at(0.4, 17.1)
    eip = org.aws.address(org.rng, edge.region)
    edge.members[0].ips.append((t + dt.timedelta(seconds=8), eip))
    org.pending.append(("eip", t, edge.members[0], eip))
    sc.truth("B3", "Elastic IP re-associated", "benign", t, end, principal=edge.role.arn, ips=[eip])

    worker = org.fleet("worker")  # the NAT gateway is replaced: every instance egresses anew
    t = sc.at(0.6, 14.6)
    nat = org.aws.address(org.rng, worker.region)
    for m in worker.members:
        m.ips.append((t + dt.timedelta(minutes=3), nat))
    org.pending.append(("nat", t, None, nat))
    sc.truth("B4", "NAT gateway replaced", "benign", t, end, principal=worker.role.arn, ips=[nat])

    lam = org.fleet("thumbnailer")  # an SDK upgrade
    t = sc.at(0.2, 18.0)
    lam.ua.append((t, _boto3(org.rng, "AWS_Lambda_python3.11", "1.35.10")))
    sc.truth("B5", "SDK upgrade", "benign", t, end, principal=lam.role.arn)

    api = org.fleet("api-task")  # gateway endpoints for S3 and DynamoDB: private addresses
    t = sc.at(0.6, 16.0)
    vpce = org.ids.hexid("vpce-0", 16)
    api.vpce = [(org.start, None), (t, (vpce, {"s3.amazonaws.com", "dynamodb.amazonaws.com"}, 1.0))]
    org.pending.append(("vpce", t, None, vpce))
    sc.truth("B6", "new VPC endpoint", "benign", t, end, principal=api.role.arn)

    carol = org.person("carol")  # DHCP gives a home a new address of the same ISP
    carol.office_days = ()
    t = sc.at(0.4, 2.0)
    lease = NETWORKS[carol.home_net].address(org.rng)
    carol.home = [h for h in carol.home if h[0] < t] + [(t, lease)]
    sc.truth(
        "B7",
        "DHCP churn at home",
        "benign",
        t,
        end,
        principal=f"arn:aws:iam::{carol.account}:user/carol",
        ips=[lease],
    )

    dave = org.person("dave")  # travel abroad, console through the IdP (MFA), the usual CLI
    t = sc.at(0.2, 0.0)
    trip = NETWORKS["telefonica"].address(org.rng)
    dave.travel.append((t, t + dt.timedelta(days=2), trip))
    sc.truth(
        "B8",
        "travel with MFA",
        "benign",
        t,
        t + dt.timedelta(days=2),
        principal=org.sso_role["prod"].arn,
        ips=[trip],
    )
    # the IdP sign-ins (AssumeRoleWithSAML) are the SAML user's own calls
    sc.truth(
        "B8",
        "travel with MFA",
        "benign",
        t,
        t + dt.timedelta(days=2),
        principal=f"saml:{SAML_ID}:dave@acme.example",
        ips=[trip],
    )

    reports = org.fleet("reports")  # the CloudWatch agent is rolled out to a fleet
    t = sc.at(0.0, 11.0)
    reports.cw_agent_from = t
    sc.truth("B10", "CloudWatch agent rolled out", "benign", t, end, principal=reports.role.arn)

    analytics = org.accounts["analytics"]  # a new account joins the organisation
    for principal in [f.role.arn for f in org.fleets if f.role.account == analytics.id] + [
        org.sso_role["analytics"].arn,
        analytics.deployer.arn if analytics.deployer else "",
        analytics.config_role.arn if analytics.config_role else "",
    ]:
        sc.truth("B11", "new account joins", "benign", analytics.joins, end, principal=principal)


def infrastructure(org: Org, sc: Scenario) -> None:
    """The trail's own record of the changes: AssociateAddress, CreateNatGateway, CreateVpcEndpoint,
    Auto Scaling, and CloudFormation acting for a person."""
    alice = org.person("alice")
    for kind, t, member, value in org.pending:
        if kind == "eip":
            assert isinstance(member, Member)
            ident = iam_user(alice.account, "alice", alice.user_id, alice.key)
            ip = org.office_ip
            alloc = org.ids.hexid("eipalloc-0", 16)
            ua = alice.cli_ua
            recs = [
                record(
                    org.ids,
                    t,
                    account=alice.account,
                    region="us-east-1",
                    source="ec2.amazonaws.com",
                    name="AllocateAddress",
                    identity=ident,
                    ip=ip,
                    ua=ua.format(cmd="ec2.allocate-address"),
                    read_only=False,
                    params={"domain": "vpc"},
                    response={"publicIp": value, "allocationId": alloc, "domain": "vpc"},
                ),
                record(
                    org.ids,
                    t + dt.timedelta(seconds=6),
                    account=alice.account,
                    region="us-east-1",
                    source="ec2.amazonaws.com",
                    name="AssociateAddress",
                    identity=ident,
                    ip=ip,
                    ua=ua.format(cmd="ec2.associate-address"),
                    read_only=False,
                    params={
                        "instanceId": member.id,
                        "allocationId": alloc,
                        "allowReassociation": True,
                    },
                    response={"associationId": org.ids.hexid("eipassoc-0", 16)},
                ),
            ]
            ids = _add(org, recs)
            sc.truth(
                "B3",
                "Elastic IP re-associated",
                "benign",
                t,
                t + dt.timedelta(minutes=1),
                event_ids=ids,
                key=alice.key,
            )
        elif kind in ("nat", "vpce"):
            prod = org.accounts["prod"]
            caller = role_session(org.ci_role, "GitHubActions", org.ids.key(), t)
            ip = NETWORKS["github"].address(org.rng)
            key = deploy(org, prod.deployer, caller, t, ip, f"gha-{org.ids.hexid('', 10)}")
            assert prod.deployer is not None
            acting = role_session(
                prod.deployer, "cfn", key, t, invoked_by="cloudformation.amazonaws.com"
            )
            names = (
                ["AllocateAddress", "CreateNatGateway", "ReplaceRoute", "DeleteNatGateway"]
                if kind == "nat"
                else ["CreateVpcEndpoint", "ModifyVpcEndpoint"]
            )
            recs = [
                record(
                    org.ids,
                    t + dt.timedelta(seconds=200 + 10 * i),
                    account=prod.id,
                    region="us-east-1",
                    source="ec2.amazonaws.com",
                    name=n,
                    identity=acting,
                    ip="cloudformation.amazonaws.com",
                    ua="cloudformation.amazonaws.com",
                    read_only=False,
                    response={"natGateway": {"natGatewayAddressSet": [{"publicIp": value}]}}
                    if n == "CreateNatGateway"
                    else None,
                )
                for i, n in enumerate(names)
            ]
            _add(org, recs)
    batch = org.fleet("batch")
    old, new = batch.members[0], batch.members[-1]
    asg = org.accounts["prod"]
    for i, (name, instance) in enumerate(
        (("TerminateInstances", old.id), ("RunInstances", new.id))
    ):
        org.records.append(
            record(
                org.ids,
                old.end + dt.timedelta(seconds=30 + 60 * i),
                account=asg.id,
                region=batch.region,
                source="ec2.amazonaws.com",
                name=name,
                ip="autoscaling.amazonaws.com",
                ua="autoscaling.amazonaws.com",
                read_only=False,
                identity=role_session(
                    _asg_role(org),
                    "AutoScaling",
                    org.ids.key(),
                    old.end,
                    invoked_by="autoscaling.amazonaws.com",
                ),
                params={"instancesSet": {"items": [{"instanceId": instance}]}},
            )
        )
    # a person launches a stack from the console; CloudFormation creates it with her session
    erin = org.person("erin")
    t = sc.at(0.6, 10.5)
    ip = str(at(erin.home, t))
    sign_in, ident = console_sign_in(org, erin, erin.account, t, ip)
    key = ident["accessKeyId"]
    recs = [
        sign_in,
        record(
            org.ids,
            t + dt.timedelta(minutes=3),
            account=erin.account,
            region="us-east-1",
            source="cloudformation.amazonaws.com",
            name="CreateStack",
            identity=ident,
            ip=ip,
            ua=CONSOLE_UA,
            read_only=False,
            console=True,
        ),
    ]
    acting = dict(ident, invokedBy="cloudformation.amazonaws.com")
    for i, (source, name) in enumerate(
        (
            ("iam.amazonaws.com", "CreateRole"),
            ("iam.amazonaws.com", "PutRolePolicy"),
            ("s3.amazonaws.com", "CreateBucket"),
            ("lambda.amazonaws.com", "CreateFunction20150331"),
            ("iam.amazonaws.com", "PassRole"),
        )
    ):
        recs.append(
            record(
                org.ids,
                t + dt.timedelta(minutes=4, seconds=12 * i),
                account=erin.account,
                region="us-east-1",
                source=source,
                name=name,
                identity=acting,
                ip="cloudformation.amazonaws.com",
                ua="cloudformation.amazonaws.com",
                read_only=False,
            )
        )
    _add(org, recs)
    sc.truth(
        "B9", "CloudFormation acts for a person", "benign", t, t + dt.timedelta(minutes=10), key=key
    )


def _asg_role(org: Org) -> Any:
    from benchmarks.scenarios._cloudtrail import Role

    prod = org.accounts["prod"]
    return Role(
        prod.id,
        "AWSServiceRoleForAutoScaling",
        "AROA" + prod.id[:12] + "ASGRL",
        "/aws-service-role/autoscaling.amazonaws.com/",
    )


def _stolen(
    org: Org,
    f: Fleet,
    m: Member,
    t: dt.datetime,
    ip: str,
    ua: str,
    calls: list[tuple[str, str]],
    gap: dt.timedelta,
) -> tuple[str, list[str], dt.datetime]:
    """A workload key used by someone else: each call ``gap`` after the previous one."""
    key, created = m.key_at(t)
    recs = []
    for i, (source, name) in enumerate(calls):
        when = t + gap * i
        cmd = f"{source.split('.')[0]}.{name.lower()}"
        recs.append(
            record(
                org.ids,
                when,
                account=f.role.account,
                region=f.region,
                source=source,
                name=name,
                identity=role_session(f.role, m.id, key, created, ec2=f.kind == "ec2"),
                ip=ip,
                ua=ua.format(cmd=cmd),
                read_only=True,
                data=name == "GetObject",
            )
        )
    return key, _add(org, recs), t + gap * (len(calls) - 1)
