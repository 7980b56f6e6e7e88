"""The benign changes real accounts make (B1-B10), each with the severity it may reach."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._people import federate, home_ip, portal_identity, sso_principal
from benchmarks.heldout3._services import terraform_run
from benchmarks.heldout3._trail import iam_user
from benchmarks.heldout3._world import World

OFFSITE = ("j.brandt", "t.meyer", "l.schulz", "p.wagner", "r.hoffmann")
SWEEP = [
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "iam:ListRoles",
    "iam:ListUsers",
    "iam:ListAccessKeys",
    "iam:GetRole",
    "s3:ListBuckets",
    "s3:GetBucketPolicy",
    "cloudtrail:LookupEvents",
    "cloudtrail:DescribeTrails",
    "logs:DescribeLogGroups",
    "kms:ListKeys",
    "lambda:ListFunctions",
    "ecs:ListClusters",
    "eks:ListClusters",
    "ec2:DescribeSnapshots",
]


def row(world: World, id_: str, name: str, label: str, allowed: str, **fields: Any) -> None:
    world.truth.append(
        {
            "id": id_,
            "name": name,
            "label": label,
            "access_key_id": "",
            "principal_arn": "",
            "source_ip": "",
            "event_ids": "",
            "start": "",
            "end": "",
            "expected_min_severity": allowed if label == "attack" else "",
            "expected_max_severity": allowed if label == "benign" else "",
            **fields,
        }
    )


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def role_arn(world: World, account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{world.account(account)}:role{path}{role}"


def schedule(world: World) -> None:
    """Before the background is drawn: set the moments the background itself changes."""
    d = world.scored
    end = iso(world.at(d[-1], 24))
    world.changes["sdk_upgrade"] = world.at(d[1], 10)
    for w in world.workloads:
        if w.sdk[0] and w.account != org.VENDED:
            row(
                world,
                "B1",
                "fleet-wide SDK upgrade (Boto3, Go v2 and Java SDKs)",
                "benign",
                "low",
                principal_arn=role_arn(world, w.account, w.role),
                start=iso(world.changes["sdk_upgrade"]),
                end=end,
            )
    # B2: Karpenter scales the prod cluster out threefold for a peak
    nodes = next(w for w in world.workloads if w.name == "prod-nodes")
    peak = world.at(d[2], 8), world.at(d[2], 18)
    for _ in range(max(4, len({i.id for i in nodes.instances if i.start < peak[0] < i.end}) * 2)):
        start = peak[0] + dt.timedelta(minutes=world.rng.uniform(0, 60))
        nodes.instances.append(
            org.Instance(
                f"i-0{world.rng.getrandbits(64):016x}",
                start,
                peak[1] + dt.timedelta(minutes=world.rng.uniform(0, 90)),
                world.addr.private(world.vpc("prod")),
            )
        )
    for role in ("KarpenterNodeRole-halvard-prod", "KarpenterController-halvard-prod"):
        row(
            world,
            "B2",
            "Karpenter scale-out for a peak",
            "benign",
            "low",
            principal_arn=role_arn(world, "prod", role),
            start=iso(peak[0]),
            end=iso(peak[1] + dt.timedelta(hours=2)),
        )
    # B4: invoice-export and billing-sync move to eu-north-1
    world.changes["region_move"] = world.at(d[1], 13)
    world.moved |= {"invoice-export", "billing-sync"}
    for role in ("invoice-export-role", "billing-sync-task"):
        row(
            world,
            "B4",
            "workload moved to eu-north-1",
            "benign",
            "low",
            principal_arn=role_arn(world, "prod", role),
            start=iso(world.changes["region_move"]),
            end=end,
        )
    # B6: the CSPM vendor adds a scanner region (eu-west-1 addresses)
    world.changes["cspm_region"] = world.at(d[0], 0)
    for name in org.ACCOUNTS:
        if name != "management":
            row(
                world,
                "B6",
                "CSPM vendor adds a scanner region",
                "benign",
                "low",
                principal_arn=role_arn(world, name, "ScanwiseAuditRole"),
                start=iso(world.at(d[0], 0)),
                end=end,
            )
    # B10: the VPN is down; the on-prem connector falls back to the internet through the office
    world.changes["vpn_failover"], world.changes["vpn_restored"] = (
        world.at(d[3], 5.5),
        world.at(d[3], 10.75),
    )
    row(
        world,
        "B10",
        "VPN failover: on-prem connector over the internet",
        "benign",
        "low",
        principal_arn=role_arn(world, "prod", "onprem-wms-connector"),
        start=iso(world.at(d[3], 5.5)),
        end=iso(world.at(d[3], 11)),
    )


def offsite_ip(world: World, user: str, day: dt.date) -> str | None:
    if user in OFFSITE and day in world.scored[3:5]:
        return world.addr.named(f"offsite:{day}", "meo")
    return None


def apply(world: World) -> None:
    """After the background: the changes made of their own events."""
    d, rng = world.scored, world.rng
    people = {p.user: p for p in org.PEOPLE}
    # B5: the security team's incident-response read sweep across accounts and regions
    start = world.at(d[2], 13.2)
    for user in ("f.richter", "g.lewandowska"):
        person = people[user]
        for account, permission_set in person.assignments:
            from benchmarks.heldout3._people import cli_agent

            s = federate(
                world,
                user,
                account,
                permission_set,
                start,
                home_ip(world, person, d[2]),
                cli_agent(person, "ec2.describe-instances"),
                console=False,
            )
            for region in (org.HOME, "eu-west-1", "eu-north-1", "us-east-1"):
                for api in SWEEP:
                    world.trail.call(
                        start + dt.timedelta(seconds=rng.randrange(10, 5400)),
                        s.account,
                        region,
                        api,
                        s.identity,
                        s.ip,
                        cli_agent(person, api.replace(":", ".").lower()),
                        error="denied" if rng.random() < 0.04 else None,
                    )
            row(
                world,
                "B5",
                "incident-response read sweep by the security team",
                "benign",
                "low",
                principal_arn=sso_principal(world.account(account), permission_set, user),
                start=iso(start),
                end=iso(start + dt.timedelta(hours=2)),
            )
        row(
            world,
            "B5",
            "incident-response read sweep by the security team",
            "benign",
            "low",
            principal_arn=portal_identity(world, user)["principalId"],
            start=iso(start),
            end=iso(start + dt.timedelta(minutes=10)),
        )
    _breakglass(world, world.local(d[1], 10.5, "Europe/Berlin"))
    from benchmarks.heldout3._vending import vend

    vend(world)
    for day in d[2:]:
        when = world.at(day, 10 + rng.random() * 4)
        terraform_run(
            world,
            "data-platform",
            org.VENDED,
            when,
            calls=25,
            apis=[
                ("iam:CreateRole", 1),
                ("iam:PutRolePolicy", 1),
                ("iam:CreatePolicy", 1),
                ("s3:CreateBucket", 1),
                ("glue:CreateDatabase", 1),
                ("kms:CreateKey", 0.5),
                ("iam:GetRole", 3),
                ("s3:GetBucketPolicy", 2),
                ("lambda:CreateFunction20150331", 0.5),
                ("iam:AttachRolePolicy", 0.5),
            ],
        )
        for arn in (
            role_arn(world, "shared", "tfc-platform"),
            role_arn(world, org.VENDED, "TerraformExecution"),
        ):
            row(
                world,
                "B9",
                "a new Terraform Cloud workspace (data-platform)",
                "benign",
                "low",
                principal_arn=arn,
                start=iso(when - dt.timedelta(minutes=5)),
                end=iso(when + dt.timedelta(minutes=15)),
            )


def _breakglass(world: World, when: dt.datetime) -> None:
    """B8: the announced break-glass drill: console with MFA from the office, a look, sign out."""
    mgmt = world.account("management")
    key, ip = world.trail.key(), world.addr.named("office-nat", "office")
    browser = org.BROWSER["mac_chrome"]
    ident = iam_user(mgmt, "breakglass-admin", "AIDAUSYB3KQ4BREAKGLS1", "", console_mfa=True)
    world.trail.call(
        when,
        mgmt,
        "us-east-1",
        "signin:ConsoleLogin",
        ident,
        ip,
        browser,
        event_type="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        extra={
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": "Yes",
        },
    )
    ident = iam_user(mgmt, "breakglass-admin", "AIDAUSYB3KQ4BREAKGLS1", key, console_mfa=True)
    for i, api in enumerate(
        [
            "iam:GetAccountSummary",
            "iam:ListUsers",
            "organizations:ListAccounts",
            "sso:ListInstances",
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "iam:ListMFADevices",
            "organizations:DescribeOrganization",
        ]
    ):
        world.trail.call(
            when + dt.timedelta(seconds=40 + 35 * i),
            mgmt,
            "us-east-1" if api.startswith(("iam", "organizations")) else org.HOME,
            api,
            ident,
            ip,
            browser,
            console=True,
        )
    row(
        world,
        "B8",
        "announced break-glass drill (console with MFA from the office)",
        "benign",
        "medium",
        principal_arn=f"arn:aws:iam::{mgmt}:user/breakglass-admin",
        start=iso(when),
        end=iso(when + dt.timedelta(hours=1)),
    )


def late_rows(world: World) -> None:
    """B3's and B7's truth, from the sessions the trail handed out."""
    d = world.scored
    away = (world.at(d[3], 0), world.at(d[4], 24))
    venue = {world.addr.named(f"offsite:{day}", "meo") for day in d[3:5]}
    used = {
        s.identity["arn"]
        for user in OFFSITE
        for holder, sessions in world.sessions.items()
        if holder.startswith(f"{user}@")
        for s in sessions
        if away[0] <= s.issued < away[1] and s.ip in venue
    }
    for arn in sorted(used):
        row(
            world,
            "B3",
            "team offsite in Lisbon (SSO with MFA, usual clients)",
            "benign",
            "low",
            principal_arn=arn,
            start=iso(away[0]),
            end=iso(away[1]),
        )
    # the portal (sign-in, Federate, GetRoleCredentials) names each traveller by their
    # Identity Center user id
    travellers = {
        holder.split("@")[0]
        for holder, sessions in world.sessions.items()
        for s in sessions
        if holder.split("@")[0] in OFFSITE and away[0] <= s.issued < away[1] and s.ip in venue
    }
    for user in sorted(travellers):
        row(
            world,
            "B3",
            "team offsite in Lisbon (SSO with MFA, usual clients)",
            "benign",
            "low",
            principal_arn=portal_identity(world, user)["principalId"],
            source_ip=" ".join(sorted(venue)),
            start=iso(away[0]),
            end=iso(away[1]),
        )
    # B7: every principal seen in the vended account
    account = world.account(org.VENDED)
    arns = set()
    for sessions in world.sessions.values():
        for s in sessions:
            if s.account == account:
                ident = s.identity
                sso = "/AWSReservedSSO_" in ident["arn"]
                arns.add(ident["arn"] if sso else ident["sessionContext"]["sessionIssuer"]["arn"])
    for arn in sorted(arns):
        row(
            world,
            "B7",
            "a new account vended by Account Factory mid-trail",
            "benign",
            "low",
            principal_arn=arn,
            start=iso(world.at(world.vended, 0)),
            end=iso(world.at(world.scored[-1], 24)),
        )
