"""The benign changes (B1-B12) that make detectors cry wolf in a municipality's landing zone,
with their truth rows. Some are written here; those that change the background (B1 Zscaler,
B7 the ArcGIS release, B8 the portal's SDK, B9 the NAT gateway, B12 Auto Scaling) happen in
the background's own code from their slot's day, and only their truth rows are written here."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout30.changes_access import (
    b6_auditors,
    b10_cloudshell,
    b11_new_partner_engineer,
)
from benchmarks.heldout30.incident import end_of, person, row, run, sso_principal, start_of
from benchmarks.heldout30.org import ACCOUNTS, GLOBAL, NETS, NEW_ACCOUNT, Person, sso_role
from benchmarks.heldout30.people import (
    MEMBER,
    PARTNER_ROLE,
    agent_day,
    partner_session,
    sso_session,
)
from benchmarks.heldout30.services import stackset_check, transfer_login
from benchmarks.heldout30.workloads import Instance
from benchmarks.heldout30.world import EDGE, World

TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 "
    "md/GOOS#linux md/GOARCH#amd64 api/{}"
)


def b1_b7_b8_b9_rows(world: World) -> None:
    last = end_of(world.scored[-1])
    row(
        world,
        "B1",
        "Entra conditional access: every laptop sign-in through Zscaler Amsterdam",
        "benign",
        start_of(world.slot(0)),
        last,
        ips=" ".join(NETS["zscaler"].addresses),
        severity="low",
    )
    day = world.slot(2)
    row(
        world,
        "B7",
        "ArcGIS release: every server reads the data store's licence secret",
        "benign",
        world.at(day, 9.8),
        end_of(day),
        principal=f"arn:aws:iam::{ACCOUNTS['gis']}:role/arcgis-server",
        severity="low",
    )
    day = world.slot(1)
    row(
        world,
        "B8",
        "permit portal image with a newer boto3 on every task",
        "benign",
        start_of(day),
        end_of(day),
        principal=f"arn:aws:iam::{ACCOUNTS['permits']}:role/permit-portal-task",
        severity="low",
    )
    row(
        world,
        "B9",
        "a WorkSpaces NAT gateway replaced: a new Elastic IP for half the staff",
        "benign",
        start_of(world.slot(3)),
        last,
        ips="3.76.40.11",
        severity="low",
    )


def b2_change_window(world: World) -> None:
    day = world.slot(1)
    ip = NETS["partner-office"].addresses[0]
    menu = (
        ("ssm", "UpdatePatchBaseline", "home", 2),
        ("ssm", "RegisterPatchBaselineForPatchGroup", "home", 1),
        ("rds", "ModifyDBParameterGroup", "home", 1),
        ("ec2", "CreateTags", "home", 3),
        ("ec2", "DescribeInstances", "home", 6),
        ("ssm", "SendCommand", "home", 2),
        ("cloudformation", "UpdateStack", "home", 1),
        ("ec2", "DescribeSecurityGroups", "home", 3),
    )
    for k, account in enumerate(MEMBER):
        acct = ACCOUNTS[account]
        t = world.at(day, 19.0 + 0.6 * k, 5)
        _s, _events = partner_session(
            world, "r.dewit", acct, t, ip, world.rng.randint(25, 45), menu=menu, ua=TERRAFORM
        )
        row(
            world,
            "B2",
            "the partner's monthly change window in every member account (Terraform, patch baselines)",
            "benign",
            t,
            t + dt.timedelta(hours=2),
            principal=f"arn:aws:iam::{acct}:role/{PARTNER_ROLE}",
            ips=ip,
            severity="low",
        )


def b3_new_supplier(world: World) -> None:
    day = world.slot(2)
    p = person(world, "cloud", 0)
    acct = ACCOUNTS["network"]
    ip, t = world.laptop_ip(p, day), world.at(day, 9.2, 10)
    s, _signin = sso_session(world, p, acct, t, ip, cli=False)
    server = {"serverId": "s-4f1a2b3c4d5e6f708", "userName": "suppl-parkeren"}
    _events, end = run(
        world,
        s,
        t,
        ip,
        EDGE,
        [
            ("iam", "CreateRole", {"roleName": "sftp-suppl-parkeren"}, None),
            (
                "iam",
                "PutRolePolicy",
                {"roleName": "sftp-suppl-parkeren", "policyName": "home-dir"},
                None,
            ),
            (
                "transfer",
                "CreateUser",
                {**server, "homeDirectory": "/dommelvaart-sftp-inbox/parkeren"},
                None,
            ),
            (
                "transfer",
                "ImportSshPublicKey",
                {**server, "sshPublicKeyBody": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ"},
                None,
            ),
            ("transfer", "DescribeUser", server, None),
        ],
        gap=(30, 200),
    )
    for h in (13.0, 14.5, 16.0):
        transfer_login(world, acct, "suppl-parkeren", world.at(day, h, 20))
    row(
        world,
        "B3",
        "a new supplier (parking fines) onboarded on the SFTP server with its SSH key",
        "benign",
        t,
        end,
        principal=sso_principal(s, p),
        severity="low",
    )


def b4_tax_letters(world: World) -> list[Person]:
    """The day the municipal tax assessments land: four times the lookups (the background's
    ``peak``) and eight temporary agents signing in for the first time."""
    day = world.slot(3)
    row(
        world,
        "B4",
        "tax assessment letters: four times the contact centre's lookups, eight temporary agents",
        "benign",
        start_of(day),
        end_of(day),
        principal=f"arn:aws:iam::{ACCOUNTS['contact']}:role/connect-citizen-lookup-role",
        severity="low",
    )
    temps = [
        Person(
            f"tijdelijk.{i + 1:02d}@dommelvaart.nl",
            "agents",
            "ConnectAgent",
            ("contact",),
            "",
            False,
            True,
        )
        for i in range(world.count(8))
    ]
    acct = ACCOUNTS["contact"]
    for p in temps:
        events: list[str] = []
        while not events:
            events = agent_day(world, p, day, ip=world.rng.choice(NETS["townhall"].addresses))
        row(
            world,
            "B4",
            "",
            "benign",
            start_of(day),
            end_of(day),
            principal=f"arn:aws:sts::{acct}:assumed-role/{sso_role(acct, 'ConnectAgent')}/{p.user}",
            severity="low",
        )
    return temps


def b5_account_factory(world: World) -> None:
    day = world.slot(2)
    tr = world.trail
    mgmt, new = ACCOUNTS["management"], NEW_ACCOUNT[1]
    p = person(world, "cloud", 3)
    ip, t = world.laptop_ip(p, day), world.at(day, 10.0, 10)
    s, _ = sso_session(world, p, mgmt, t, ip, cli=False)
    run(
        world,
        s,
        t,
        ip,
        EDGE,
        [
            ("servicecatalog", "SearchProductsAsAdmin", None, None),
            (
                "servicecatalog",
                "ProvisionProduct",
                {
                    "productName": "AWS Control Tower Account Factory",
                    "provisionedProductName": "dataplatform",
                },
                None,
            ),
        ],
    )
    ct = tr.role_session(mgmt, "AWSControlTowerAdmin", "AWS-ControlTower", t, path="/service-role/")
    t1 = t + dt.timedelta(minutes=3)
    tr.call(
        ct,
        t1,
        "organizations.amazonaws.com",
        "CreateAccount",
        "controltower.amazonaws.com",
        "controltower.amazonaws.com",
        region=GLOBAL,
        invoked_by="controltower.amazonaws.com",
        request={"accountName": "dataplatform", "email": "aws-dataplatform@dommelvaart.nl"},
    )
    tr.call(
        ct,
        t1 + dt.timedelta(minutes=6),
        "organizations.amazonaws.com",
        "MoveAccount",
        "controltower.amazonaws.com",
        "controltower.amazonaws.com",
        region=GLOBAL,
        invoked_by="controltower.amazonaws.com",
        request={"accountId": new, "destinationParentId": "ou-dmv4-workloads"},
    )
    apis = ("CreateStack", "DescribeStacks", "ListStackResources")
    t2 = t1 + dt.timedelta(minutes=12)
    for k in range(3):
        stackset_check(world, new, t2 + dt.timedelta(minutes=4 * k), apis=apis)
    execution = tr.role_session(
        new, "AWSControlTowerExecution", f"stacksets-exec-{tr.hexid(32)}", t2
    )
    for k, (service, api) in enumerate(
        (
            ("config", "PutConfigurationRecorder"),
            ("config", "PutDeliveryChannel"),
            ("config", "StartConfigurationRecorder"),
            ("iam", "CreateRole"),
            ("iam", "AttachRolePolicy"),
            ("sns", "CreateTopic"),
            ("lambda", "CreateFunction20150331"),
            ("cloudwatch", "PutMetricAlarm"),
            ("guardduty", "CreateDetector"),
        )
    ):
        tr.call(
            execution,
            t2 + dt.timedelta(minutes=2 + k),
            f"{service}.amazonaws.com",
            api,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            region=GLOBAL if service == "iam" else "eu-central-1",
            invoked_by="cloudformation.amazonaws.com",
            request={},
            read_only=False,
        )
    t3 = t2 + dt.timedelta(minutes=50)
    s2, _ = sso_session(world, p, new, t3, ip, cli=False)
    run(
        world,
        s2,
        t3,
        ip,
        EDGE,
        [
            ("ec2", "DescribeVpcs", None, None),
            ("ec2", "RunInstances", {"instanceType": "m6i.large"}, None),
            ("iam", "PassRole", None, None),
            ("ec2", "DescribeInstances", None, None),
        ],
    )
    end = end_of(day)
    label = "Account Factory vends the dataplatform account; Control Tower baselines it"
    row(
        world,
        "B5",
        label,
        "benign",
        t,
        end,
        principal=f"arn:aws:iam::{new}:role/AWSControlTowerExecution",
        severity="low",
    )
    row(
        world,
        "B5",
        "",
        "benign",
        t,
        end,
        principal=f"arn:aws:iam::{mgmt}:role/service-role/AWSControlTowerAdmin",
        severity="low",
    )
    row(world, "B5", "", "benign", t, end, principal=sso_principal(s2, p), severity="low")
    row(world, "B5", "", "benign", t, end, principal=sso_principal(s, p), severity="low")


def b12_rows(world: World, replacement: Instance) -> None:
    day = world.slot(4)
    for h, key in replacement.keys.get(day, []):
        row(
            world,
            "B12",
            "Auto Scaling replaced an ArcGIS server (new instance id, same role and NAT)",
            "benign",
            world.at(day, h),
            end_of(day),
            key=key,
            severity="low",
        )


def changes(world: World, replacement: Instance) -> None:
    b1_b7_b8_b9_rows(world)
    b2_change_window(world)
    b3_new_supplier(world)
    b5_account_factory(world)
    b6_auditors(world)
    b10_cloudshell(world)
    b11_new_partner_engineer(world)
    b12_rows(world, replacement)
