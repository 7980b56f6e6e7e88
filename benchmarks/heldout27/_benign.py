"""The benign changes of the scored days: what really makes a detector cry wolf at a genomics
institute (a grant deadline, conference travel, a pipeline release, a Spot reclaim, a burst to
another region, a NAT gateway replaced, a Terraform provider upgrade, a new account, a new
collaborator, the sequencing core moving, the consortium moving, an audit), and their truth
rows (``expected_max_severity``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout27._attacks import Row, row
from benchmarks.heldout27._background import Changes, at
from benchmarks.heldout27._org import CRYOEM, HOME, PLATFORM, RESEARCH, SEQCORE, Org, Person
from benchmarks.heldout27._people import sso_role
from benchmarks.heldout27._trail import UA

REGIONS = (
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)


def plan(org: Org, slot: Callable[[int], dt.date]) -> Changes:
    """When each change reaches the background."""
    traveller = org.researchers[1]
    return Changes(
        cryo_joins=slot(1),
        release=slot(2),
        spot_swap=slot(1),
        burst_west=slot(3),
        nat_swap=slot(3),
        tf_v6=slot(3),
        consortium_west=slot(4),
        core_moved=slot(2),
        deadline=tuple(sorted({slot(0), slot(1)})),
        away={traveller.name: (slot(1), org.addr.pick("hotel_bcn"))},
    )


def end(d: dt.date) -> dt.datetime:
    return at(d, 24)


def benign(org: Org, slot: Callable[[int], dt.date], ch: Changes) -> list[Row]:
    rows: list[Row] = []
    d0 = slot(0)
    for role in sorted({p.role.arn for p in org.researchers if "Collaborator" not in p.role.arn}):
        rows.append(
            row(
                "B1",
                "benign",
                "grant deadline: evenings, second sessions, three times the queries",
                at(d0, 0),
                at(slot(1), 27),
                principal=role,
                severity="low",
            )
        )
    traveller = org.researchers[1]
    d, ip = ch.away[traveller.name]
    rows.append(
        row(
            "B2",
            "benign",
            "a researcher at a meeting in Barcelona, same saml2aws and CLI",
            at(d, 0),
            end(d + dt.timedelta(days=1)),
            principal=traveller.role.arn,
            ips=(ip,),
            severity="low",
        )
    )
    assert (
        ch.release is not None
        and ch.spot_swap is not None
        and ch.burst_west is not None
        and ch.nat_swap is not None
    )
    job_role = org.role(RESEARCH, "tmk-align-job").arn
    rows.append(
        row(
            "B3",
            "benign",
            "pipeline release bwa-gatk:15: every job reads its licence secret, writes a manifest, new Boto3",
            at(ch.release, 0),
            end(slot(4)),
            principal=job_role,
            severity="low",
        )
    )
    for role in sorted(r.arn for r in org.roles.values() if r.account == CRYOEM):
        rows.append(
            row(
                "B4",
                "benign",
                "the cryo-EM lab's account joins",
                at(slot(1), 0),
                end(slot(1)),
                principal=role,
                severity="low",
            )
        )
    rows.append(
        row(
            "B5",
            "benign",
            "a burst to us-west-2: jobs from the Oregon NAT",
            at(ch.burst_west, 0),
            end(slot(4)),
            principal=job_role,
            ips=tuple(org.nat["us-west-2"]),
            severity="low",
        )
    )
    rows += seqcore_move(org, slot(2))
    ec2_role = org.role(RESEARCH, "ecsInstanceRole").arn
    rows.append(
        row(
            "B11",
            "benign",
            "a Spot reclaim replaces the whole compute environment within the hour",
            at(ch.spot_swap, 12),
            end(ch.spot_swap),
            principal=ec2_role,
            severity="low",
        )
    )
    rows.append(
        row(
            "B11",
            "benign",
            "Auto Scaling replacing the instances",
            at(ch.spot_swap, 12),
            end(ch.spot_swap),
            principal=org.role(
                RESEARCH,
                "AWSServiceRoleForAutoScaling",
                "/aws-service-role/autoscaling.amazonaws.com/",
            ).arn,
            severity="low",
        )
    )
    rows += nat_swap(org, ch.nat_swap)
    for account in (RESEARCH, SEQCORE, CRYOEM):
        rows.append(
            row(
                "B9",
                "benign",
                "Terraform AWS provider 6: new agent, new reads, some denied",
                at(slot(3), 0),
                end(slot(4)),
                principal=org.role(account, "TerraformDeployer").arn,
                severity="low",
            )
        )
    rows.append(
        row(
            "B8",
            "benign",
            "the consortium moves its ETL to us-west-2",
            at(slot(4), 0),
            end(slot(4)),
            principal=org.role(RESEARCH, "tmk-consortium-reader").arn,
            ips=(org.consortium_west_ip,),
            severity="low",
        )
    )
    rows += audit(org, slot(4))
    return rows


def newcomer(org: Org, d: dt.date) -> list[Row]:
    """B6: a visiting postdoc from Cape Town starts: her first SAML sessions, from her home
    university's network, on the collaborators' role (the background runs her days)."""
    ip = org.addr.pick("tenet")
    role = org.role(RESEARCH, "Researcher-Collaborator", "/federated/")
    ua = UA["cli_linux"].replace("ubuntu.24", "fedora.41")
    org.researchers.append(Person("nmokoena@uct.ac.za", "tenet", ip, ua, False, role, since=d))
    return [
        row(
            "B6",
            "benign",
            "a visiting postdoc from Cape Town starts",
            at(d, 0),
            at(d + dt.timedelta(days=30), 0),
            principal=role.arn,
            ips=(ip,),
            severity="low",
        )
    ]


def seqcore_move(org: Org, d: dt.date) -> list[Row]:
    """B7: the sequencing core moves to the new building: an engineer registers a new DataSync
    agent and task; the core's scheduler key now comes from the new building's network."""
    eng = org.engineers[1]
    t = at(d, 14.2)
    s = org.saml(t, sso_role(org, SEQCORE), eng.name, eng.ip, eng.ua, hours=8)
    for k, name in enumerate(
        ("CreateAgent", "CreateLocationNfs", "CreateLocationS3", "CreateTask", "DescribeTask")
    ):
        org.trail.call(
            t + dt.timedelta(minutes=3 + 2 * k),
            SEQCORE,
            HOME,
            "datasync.amazonaws.com",
            name,
            s.identity(),
            eng.ip,
            eng.ua,
            params={
                "agentArns": [f"arn:aws:datasync:{HOME}:{SEQCORE}:agent/agent-0{org.ids.hexid(16)}"]
            }
            if name != "DescribeTask"
            else None,
        )
    user = org.users["svc-seqcore-sync"]
    return [
        row(
            "B7",
            "benign",
            "the sequencing core's scheduler from the new building's network",
            at(d, 0),
            end(d + dt.timedelta(days=10)),
            principal=f"arn:aws:iam::{SEQCORE}:user/{user.name}",
            ips=(org.new_core_ip,),
            severity="low",
        ),
        row(
            "B7",
            "benign",
            "an engineer registers the new DataSync agent",
            t,
            t + dt.timedelta(hours=1),
            key=s.key,
            severity="low",
        ),
    ]


def nat_swap(org: Org, d: dt.date) -> list[Row]:
    """B12: the research VPC's NAT gateways replaced by a Terraform apply just before midnight;
    the compute environment's instances and jobs egress from the new addresses."""
    t = at(d, -0.15)
    gha = org.github(t, "repo:tamarack-rc/infra:ref:refs/heads/main", org.addr.pick("github"))
    dep = org.assume(
        t + dt.timedelta(seconds=10),
        gha.identity(),
        org.role(RESEARCH, "TerraformDeployer"),
        f"gha-{org.ids.hexid(8)}",
        gha_ip := org.trail.records[-1][3]["sourceIPAddress"],
        UA["terraform"],
    )
    for k, name in enumerate(
        (
            "AllocateAddress",
            "AllocateAddress",
            "CreateNatGateway",
            "CreateNatGateway",
            "ReplaceRoute",
            "ReplaceRoute",
            "DeleteNatGateway",
            "DeleteNatGateway",
        )
    ):
        org.trail.call(
            t + dt.timedelta(seconds=30 + 20 * k),
            RESEARCH,
            HOME,
            "ec2.amazonaws.com",
            name,
            dep.identity(),
            gha_ip,
            UA["terraform"],
        )
    new = tuple(org.nat["new"])
    return [
        row(
            "B12",
            "benign",
            "NAT gateways replaced: instances egress from new addresses",
            at(d, 0),
            end(d),
            principal=org.role(RESEARCH, "ecsInstanceRole").arn,
            ips=new,
            severity="low",
        ),
        row(
            "B12",
            "benign",
            "NAT gateways replaced: jobs egress from new addresses",
            at(d, 0),
            end(d),
            principal=org.role(RESEARCH, "tmk-align-job").arn,
            ips=new,
            severity="low",
        ),
        row(
            "B12",
            "benign",
            "the apply that replaced them",
            t,
            t + dt.timedelta(minutes=5),
            key=dep.key,
            severity="low",
        ),
    ]


def audit(org: Org, d: dt.date) -> list[Row]:
    """B10: the institute's security office runs Prowler through an Identity Center
    SecurityAudit permission set in every account and region; some checks are denied."""
    rows: list[Row] = []
    ip = org.addr.pick("campus")
    checks = (
        ("ec2.amazonaws.com", "DescribeSecurityGroups"),
        ("ec2.amazonaws.com", "DescribeFlowLogs"),
        ("guardduty.amazonaws.com", "ListDetectors"),
        ("cloudtrail.amazonaws.com", "DescribeTrails"),
        ("config.amazonaws.com", "DescribeConfigurationRecorders"),
        ("kms.amazonaws.com", "ListKeys"),
        ("s3.amazonaws.com", "GetBucketPublicAccessBlock"),
        ("securityhub.amazonaws.com", "DescribeHub"),
        ("accessanalyzer.amazonaws.com", "ListAnalyzers"),
    )
    for n, account in enumerate((RESEARCH, SEQCORE, PLATFORM, CRYOEM)):
        t = at(d, 14 + n * 0.6)
        s = org.saml(
            t, sso_role(org, account, "SecurityAudit"), "jmorin", ip, UA["prowler"], hours=4
        )
        k = 0
        for region in REGIONS:
            for source, name in checks:
                k += 1
                error = (
                    (
                        "AccessDeniedException",
                        "User is not authorized to perform: securityhub:DescribeHub",
                    )
                    if source.startswith("securityhub") and region != HOME
                    else None
                )
                org.trail.call(
                    t + dt.timedelta(seconds=2 * k),
                    account,
                    region,
                    source,
                    name,
                    s.identity(),
                    ip,
                    UA["prowler"],
                    error=error,
                )
        for name in (
            "GetAccountPasswordPolicy",
            "GenerateCredentialReport",
            "GetCredentialReport",
            "ListUsers",
            "ListRoles",
            "ListPolicies",
        ):
            org.trail.call(
                t + dt.timedelta(seconds=2 * k + 5),
                account,
                "us-east-1",
                "iam.amazonaws.com",
                name,
                s.identity(),
                ip,
                UA["prowler"],
            )
        rows.append(
            row(
                "B10",
                "benign",
                "a Prowler audit from the security office",
                t,
                t + dt.timedelta(hours=1),
                key=s.key,
                ips=(ip,),
                severity="low",
            )
        )
    return rows
