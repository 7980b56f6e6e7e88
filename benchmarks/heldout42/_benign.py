"""The benign changes a naive detector would flag: when each switches the normal day on
(``changes``) and what each adds to the trail (``inject``), with its truth rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from . import _org as o
from ._net import NETS
from ._normal import Normal
from ._trail import Cred, sso_principal

Slot = Callable[[int, int, int], dt.datetime]


@dataclass
class BRow:
    id: str
    name: str
    principal: str
    start: dt.datetime
    end: dt.datetime
    ips: tuple[str, ...] = ()
    severity: str = "low"


def changes(slot: Slot) -> dict[str, dt.datetime]:
    """When each change reaches the normal day."""
    return {
        "reorg": slot(0, 15, 0),
        "mty_kiosks": slot(0, 16, 0),
        "asg": slot(1, 12, 0),
        "umbral": slot(1, 15, 30),
        "release": slot(1, 18, 0),
        "travel": slot(1, 0, 0),
        "travel_end": slot(3, 23, 59),
        "sdk": slot(2, 3, 0),
        "fest": slot(2, 14, 0),
        "onsale": slot(2, 16, 0),
        "onsale_end": slot(2, 22, 0),
        "vpce": slot(3, 17, 0),
        "nat": slot(4, 2, 0),
    }


def role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def person(user: str) -> o.Person:
    return next(p for p in o.PEOPLE if p.user == user)


def admin_calls(
    normal: Normal,
    cred: Cred,
    at: dt.datetime,
    names: list[tuple[str, str]],
    region: str,
    ip: str,
    ua: str,
) -> dt.datetime:
    for source, name in names:
        at += dt.timedelta(seconds=20 + normal.rng.randrange(60))
        normal.t.emit(
            at,
            cred,
            source,
            name,
            region,
            ip,
            ua.replace("{cmd}", f"{source}.{name.lower()}").replace("{sid}", "77aa"),
        )
    return at


def inject(normal: Normal, slot: Slot, end: dt.datetime) -> list[BRow]:
    t, rng, rows = normal.t, normal.rng, []
    checkout = role(o.PROD, "eks-checkout-api")
    lucia = person("lucia.ramos")
    terraform = o.UA["terraform"]

    # B1: a stadium tour's on-sale: three times the checkout pods and calls, throttling, the
    # platform engineer raising the tables' capacity and a quota
    at = slot(2, 15, 40)
    cred = normal.person_session(lucia, at, (o.PROD, "PlatformAdmin"), short=True)
    steps = [
        ("dynamodb", "UpdateTable"),
        ("dynamodb", "UpdateTable"),
        ("application-autoscaling", "RegisterScalableTarget"),
        ("servicequotas", "RequestServiceQuotaIncrease"),
        ("eks", "UpdateNodegroupConfig"),
    ]
    admin_calls(normal, cred, at, steps, o.MX, normal.home[lucia.user], o.cli_ua(lucia.cli or ""))
    rows += [BRow("B1", "stadium tour on-sale: pods x3, throttling, capacity raised", checkout, slot(2, 16, 0), slot(2, 22, 0)),
             BRow("B1", "the capacity raised", cred.principal, at, at + dt.timedelta(hours=6))]  # fmt: skip

    # B2: a checkout release that reads a secret and decrypts on every pod
    normal.pipeline(slot(1, 17, 50), NETS["gitlab"].host(88))
    rows.append(
        BRow(
            "B2",
            "checkout release adding a secret read on every pod",
            checkout,
            slot(1, 18, 0),
            end,
        )
    )

    # B3: the seat-map fleet's AMI moves to a newer boto3 and Python
    normal.pipeline(slot(2, 2, 50), NETS["gitlab"].host(91), project="seatmap-renderer")
    rows.append(
        BRow(
            "B3",
            "seat-map fleet SDK and Python upgrade",
            role(o.PROD, "seatmap-renderer"),
            slot(2, 3, 0),
            end,
        )
    )

    # B4: interface endpoints for STS, Secrets Manager and DynamoDB: the pods' calls now come
    # from private addresses through them
    at = slot(3, 16, 30)
    cred = normal.person_session(lucia, at, (o.PROD, "PlatformAdmin"), short=True)
    admin_calls(
        normal,
        cred,
        at,
        [("ec2", "CreateVpcEndpoint")] * 3 + [("ec2", "ModifyVpcEndpoint")],
        o.MX,
        normal.home[lucia.user],
        terraform,
    )
    rows += [BRow("B4", "new VPC endpoints: pods through private addresses", checkout, slot(3, 17, 0), end),
             BRow("B4", "the endpoints created", cred.principal, at, at + dt.timedelta(hours=2))]  # fmt: skip

    # B5: the NAT gateway of the second zone replaced, a new Elastic IP
    at = slot(4, 1, 40)
    cred = normal.person_session(lucia, at, (o.PROD, "PlatformAdmin"), short=True)
    steps = [
        ("ec2", "AllocateAddress"),
        ("ec2", "CreateNatGateway"),
        ("ec2", "ReplaceRoute"),
        ("ec2", "ReplaceRoute"),
        ("ec2", "DeleteNatGateway"),
        ("ec2", "ReleaseAddress"),
    ]
    admin_calls(normal, cred, at, steps, o.MX, normal.home[lucia.user], terraform)
    rows += [BRow("B5", "NAT gateway replaced: pods' new egress address", checkout, slot(4, 2, 0), end, (NETS["nat_new"].host(6),)),
             BRow("B5", "NAT gateway replaced", role(o.PROD, "eks-inventory-sync"), slot(4, 2, 0), end),
             BRow("B5", "NAT gateway replaced", cred.principal, at, at + dt.timedelta(hours=1))]  # fmt: skip

    # B6: the CTO at a conference in Madrid, Identity Center (MFA at Entra ID), his usual tools
    cto = person("andres.villalobos")
    ip = NETS["madrid"].host(2020)
    for day in (1, 2, 3):
        at = slot(day, 8, 20 + rng.randrange(40))
        for grant in cto.grants:
            cred = normal.person_session(cto, at, grant, ip=ip)
            rows.append(
                BRow(
                    "B6",
                    "CTO travelling to Madrid",
                    cred.principal,
                    slot(day, 0, 0),
                    slot(day, 23, 59),
                    (ip,),
                )
            )

    # B7: a new bot-defence vendor's role with an external ID, created by the infra pipeline
    at = slot(1, 14, 55)
    cred, _ = normal.pipeline(at, NETS["gitlab"].host(140), project="infra-live")
    admin_calls(
        normal,
        cred,
        at,
        [("iam", "CreateRole"), ("iam", "PutRolePolicy"), ("iam", "TagRole")],
        o.USE1,
        NETS["gitlab"].host(140),
        o.UA["gitlab"],
    )
    rows += [BRow("B7", "new bot-defence vendor assuming its role", role(o.PROD, "umbral-botdefense-reader"), slot(1, 15, 30), end),
             BRow("B7", "the vendor's role created", cred.principal, at, at + dt.timedelta(minutes=30))]  # fmt: skip

    # B8: the PCI DSS assessor, a new Identity Center user with read-only auditing access
    qsa = o.Person(
        "rodrigo.quintero.qsa",
        "qsa",
        ((o.PROD, "AuditorReadOnly"), (o.SEC, "AuditorReadOnly")),
        "soc",
        browser=1,
    )
    audit = [("ec2", "DescribeSecurityGroups", 4, None), ("iam", "GetAccountPasswordPolicy", 1, None), ("iam", "ListUsers", 2, None), ("iam", "GetCredentialReport", 1, None), ("kms", "ListKeys", 2, None), ("cloudtrail", "DescribeTrails", 2, None), ("s3", "GetBucketEncryption", 3, None), ("config", "DescribeConfigRules", 2, None), ("ec2", "DescribeFlowLogs", 2, None)]  # fmt: skip
    for grant in qsa.grants:
        at = slot(1, 16, 10 + rng.randrange(60))
        ip = NETS["qsa"].host(25)
        cred, _ = t.by_saml(at, grant[0], grant[1], qsa.email, ip, o.BROWSERS[1], console=True)
        normal.burst(
            cred,
            at + dt.timedelta(seconds=30),
            4 * 3600,
            70,
            audit,
            o.USE1,
            ip,
            o.BROWSERS[1],
            err=0.08,
        )
        rows.append(
            BRow(
                "B8",
                "PCI DSS assessor's read-only review",
                cred.principal,
                at,
                at + dt.timedelta(hours=5),
            )
        )

    # B9: the security engineer's Prowler run from CloudShell across regions
    soc = person("tomas.ibarra")
    at = slot(0, 16, 0)
    cred, _ = t.by_saml(
        at,
        o.PROD,
        "SecurityAudit",
        soc.email,
        NETS["hq"].host(40 + o.PEOPLE.index(soc)),
        o.BROWSERS[0],
        console=True,
    )
    prowler = [("ec2", "DescribeInstances", 3, None), ("ec2", "DescribeVolumes", 2, None), ("iam", "ListRoles", 2, None), ("iam", "ListPolicies", 2, None), ("s3", "GetBucketAcl", 2, None), ("kms", "GetKeyRotationStatus", 2, None), ("lambda", "ListFunctions", 2, None), ("rds", "DescribeDBInstances", 1, None), ("guardduty", "ListDetectors", 1, None), ("cloudtrail", "GetTrailStatus", 1, None), ("sns", "ListTopics", 1, None), ("ecr", "DescribeRepositories", 1, None)]  # fmt: skip
    ip = NETS["cloudshell"].host(4242)
    for region in ("mx-central-1", "us-east-1", "us-east-2", "us-west-2", "sa-east-1", "eu-west-1"):
        normal.burst(
            cred,
            at + dt.timedelta(minutes=5),
            5400,
            50,
            prowler,
            region,
            ip,
            o.UA["cloudshell"],
            err=0.05,
        )
    rows.append(
        BRow(
            "B9",
            "Prowler from CloudShell across regions",
            cred.principal,
            at,
            at + dt.timedelta(hours=2),
        )
    )

    # B10: the analysts moved to the data-platform team's new permission set
    admin = person("manuel.herrera")
    at = slot(0, 14, 30)
    cred, _ = t.by_saml(
        at,
        o.MGMT,
        "OrgAdmin",
        admin.email,
        NETS["hq"].host(40 + o.PEOPLE.index(admin)),
        o.BROWSERS[0],
        console=True,
    )
    admin_calls(normal, cred, at, [("sso", "CreatePermissionSet"), ("sso", "ProvisionPermissionSet")] + [("sso", "CreateAccountAssignment"), ("sso", "DeleteAccountAssignment")] * 3, o.USE1, NETS["hq"].host(40 + o.PEOPLE.index(admin)), o.BROWSERS[0])  # fmt: skip
    rows.append(
        BRow(
            "B10",
            "reorganisation: permission sets reassigned",
            cred.principal,
            at,
            at + dt.timedelta(hours=1),
        )
    )
    for analyst in [p for p in normal.people if p.menu == "analyst"]:
        new = sso_principal(o.DATA, "DataPlatformEngineer", analyst.email)
        rows.append(
            BRow(
                "B10",
                "reorganisation: analysts under a new permission set",
                new,
                slot(0, 15, 0),
                end,
            )
        )

    # B11: Auto Scaling replaces two seat-map instances (new IDs, new public addresses)
    at = slot(1, 12, 0)
    normal.replacements = [f"i-0{rng.getrandbits(64):016x}" for _ in range(2)]
    asg = t.session(at, o.PROD, "AWSServiceRoleForAutoScaling", "AutoScaling")
    asg.identity["invokedBy"] = "autoscaling.amazonaws.com"
    for name in ("RunInstances", "RunInstances", "TerminateInstances", "TerminateInstances"):
        t.emit(
            at + dt.timedelta(seconds=rng.randrange(300)),
            asg,
            "ec2",
            name,
            o.MX,
            "autoscaling.amazonaws.com",
            "autoscaling.amazonaws.com",
        )
    rows.append(
        BRow(
            "B11",
            "Auto Scaling replaced two seat-map instances",
            role(o.PROD, "seatmap-renderer"),
            at,
            end,
        )
    )

    # B12: the acquired festival brand's account joins the organisation and is built
    at = slot(2, 13, 30)
    cred, _ = t.by_saml(
        at,
        o.MGMT,
        "OrgAdmin",
        admin.email,
        NETS["hq"].host(40 + o.PEOPLE.index(admin)),
        o.BROWSERS[0],
        console=True,
    )
    admin_calls(normal, cred, at, [("organizations", "InviteAccountToOrganization"), ("organizations", "DescribeHandshake"), ("sso", "CreateAccountAssignment")], o.USE1, NETS["hq"].host(40 + o.PEOPLE.index(admin)), o.BROWSERS[0])  # fmt: skip
    office = NETS["festival_office"].host(60)
    fest_admin, _ = t.console_login(
        at + dt.timedelta(minutes=10), o.FEST, "fest-admin", office, o.BROWSERS[0], mfa=True
    )
    steps = [
        ("organizations", "AcceptHandshake"),
        ("s3", "CreateBucket"),
        ("ec2", "CreateVpc"),
        ("ec2", "RunInstances"),
        ("ec2", "RunInstances"),
        ("iam", "CreateRole"),
        ("iam", "CreateInstanceProfile"),
    ]
    admin_calls(
        normal, fest_admin, at + dt.timedelta(minutes=10), steps, o.MX, office, o.BROWSERS[0]
    )
    rows += [BRow("B12", "festival account joins and is built", cred.principal, at, at + dt.timedelta(hours=1)),
             BRow("B12", "festival account joins and is built", fest_admin.principal, at, end),
             BRow("B12", "festival account's web instances", role(o.FEST, "festival-web"), slot(2, 14, 0), end)]  # fmt: skip
    devs = [
        o.Person(u, "festival_office", ((o.FEST, "FestivalDeveloper"),), "platform")
        for u in ("luis.canul", "itzel.pech")
    ]
    when = slot(2, 16, 0)
    while when < end:
        for n, dev in enumerate(devs):
            cred = normal.person_session(
                dev,
                when + dt.timedelta(minutes=20 * n),
                dev.grants[0],
                ip=NETS["festival_office"].host(61 + n),
            )
            rows.append(
                BRow("B12", "festival account's developers", cred.principal, slot(2, 14, 0), end)
            )
        when += dt.timedelta(days=1)

    # B13: an analyst's Saturday-evening backfill from home, ten times her usual queries
    analyst = person("daniela.rios")
    at = slot(4, 1, 0)
    cred, _ = t.by_saml(
        at,
        o.DATA,
        "DataPlatformEngineer",
        analyst.email,
        normal.home[analyst.user],
        o.BROWSERS[0],
        console=True,
    )
    normal.burst(
        cred,
        at + dt.timedelta(seconds=30),
        3 * 3600,
        160,
        o.MENUS["analyst"],
        o.USE1,
        normal.home[analyst.user],
        o.BROWSERS[0],
    )
    rows.append(
        BRow(
            "B13",
            "analyst's Saturday-evening Athena backfill",
            cred.principal,
            at,
            at + dt.timedelta(hours=4),
        )
    )

    # B14: box office opens at a new venue in Monterrey: two new kiosks on another ISP
    mty = tuple(NETS["venue_mty"].host(40 + 10 + i) for i in range(2))
    rows.append(
        BRow(
            "B14",
            "two new box-office kiosks in Monterrey",
            role(o.PROD, "boxoffice-kiosk"),
            slot(0, 16, 0),
            end,
            mty,
        )
    )
    return rows
