"""The benign changes of the scored days: the ones that make detectors cry wolf in a studio
during a delivery crunch. ``changes`` says which are in force on a day (the ordinary day
writes them); the functions here write the changes' own calls and return their truth rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout32 import background as bg
from benchmarks.heldout32 import org
from benchmarks.heldout32.org import Person, ip
from benchmarks.heldout32.plan import office_ip, slot_day
from benchmarks.heldout32.records import Ctx, Role, Session, call, s3_object
from benchmarks.heldout32.truth import row

Rows = list[dict[str, Any]]

NEW_SHOW = [
    Person("rohan.iyer", "FreelancerArtist", org.STUDIO, "in_act", org.SYNC_WIN, office="in_act"),
    Person(
        "meera.pillai",
        "FreelancerArtist",
        org.STUDIO,
        "in_airtel",
        org.SYNC_WIN,
        office="in_airtel",
    ),
    Person(
        "jack.doyle", "FreelancerArtist", org.STUDIO, "uk_virgin", org.SYNC_MAC, office="uk_virgin"
    ),
    Person("ella.frost", "FreelancerArtist", org.STUDIO, "uk_bt", org.SYNC_WIN, office="uk_bt"),
]
WRAPPED = {"tom.whitley", "kavya.rao"}  # off-boarded when the show wrapped (B9)
FORGOTTEN = "arjun.mehta"  # wrapped too, but his assignment was left in place (A6)
OFFICE_ORG = Role(org.BURST, "OrganizationAccountAccessRole", "AROAW8N3B5XORGACCS")
NEW_FSX = Role(
    org.STUDIO,
    "AWSServiceRoleForFSxS3Access_fs-04e1b7c9a3d5f2860",
    "AROAQ2J6H8FSXNEWFS",
    path="/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/",
)


def changes(day: dt.date, scored: list[dt.date]) -> bg.Changes:
    """The benign changes in force on ``day``."""
    s = [slot_day(scored, k) for k in range(5)]
    out = bg.Changes(
        crunch=day == s[1],
        deadline_new=day >= s[3],
        failover=day == s[3],
        new_laptop=day >= s[2],
        new_distributor=day >= s[4],
        burst=day >= s[2],
    )
    if day == s[2]:
        out.burst_from = 14.0
    if day >= s[0]:
        out.gone = set(WRAPPED) | {FORGOTTEN}
    if day > s[2]:
        out.extra_freelancers = list(NEW_SHOW)
    if day in (s[1], s[2]):
        out.skip_people = {"lbergeron"}
    return out


def _admin(ctx: Ctx, day: dt.date, hour: float, account: str = org.MGMT) -> tuple[Session, str]:
    p = next(x for x in org.people(0.1) if x.user == "mtremblay")
    session = bg.person_session(ctx, p, bg.at(day, hour), console=True)
    return session, office_ip(p, bg.Changes())


def _run(
    ctx: Ctx,
    who: Any,
    account: str,
    t: dt.datetime,
    src: str,
    ua: str,
    plan: list[tuple[str, str, str, bool]],
    gap: float = 40,
) -> dt.datetime:
    for region, source, name, ro in plan:
        t += dt.timedelta(seconds=ctx.rng.uniform(gap / 4, gap))
        call(
            ctx,
            t=t,
            who=who,
            account=account,
            region=region,
            source=source,
            name=name,
            ip=src,
            ua=ua,
            read_only=ro,
            params={},
        )
    return t


def b3_new_show(ctx: Ctx, day: dt.date) -> Rows:
    """A new show's freelancers onboarded: users, group memberships and account assignments
    in Identity Center; the UK pair sign in that afternoon, the Indian pair the next morning."""
    s, src = _admin(ctx, day, 13.8)
    plan = []
    for _ in NEW_SHOW:
        plan += [
            (org.HOME, "identitystore.amazonaws.com", "CreateUser", False),
            (org.HOME, "identitystore.amazonaws.com", "CreateGroupMembership", False),
            (org.HOME, "sso.amazonaws.com", "CreateAccountAssignment", False),
        ]
    end = _run(ctx, s, org.MGMT, bg.at(day, 13.82), src, org.CHROME_MAC, plan)
    out = [
        row(
            "B3",
            "new show's freelancers onboarded",
            "benign",
            principal=s.role.session_arn("mtremblay"),
            start=bg.at(day, 13.8),
            end=end,
            severity="low",
        )
    ]
    for p in NEW_SHOW:
        if p.home.startswith("uk_"):
            bg.artist(
                ctx, day, p, src=ip(p.home, 20 + len(p.user)), start=16 + ctx.rng.uniform(0, 1)
            )
        principal = org.sso_principal(p.account, p.permission_set, p.user)
        out.append(
            row(
                "B3",
                "new show's freelancers onboarded",
                "benign",
                principal=principal,
                start=bg.at(day, 13.8),
                end=bg.at(day, 24 * 9),
                severity="low",
            )
        )
    return out


def b7_burst_account(ctx: Ctx, day: dt.date) -> Rows:
    """The render vendor's burst account created in the organisation, its farm stood up
    through OrganizationAccountAccessRole; its workers start that afternoon."""
    s, src = _admin(ctx, day, 12.5)
    t = _run(
        ctx,
        s,
        org.MGMT,
        bg.at(day, 12.52),
        src,
        org.CHROME_MAC,
        [
            (org.EAST, "organizations.amazonaws.com", "CreateAccount", False),
            (org.EAST, "organizations.amazonaws.com", "DescribeCreateAccountStatus", True),
            (org.EAST, "organizations.amazonaws.com", "DescribeCreateAccountStatus", True),
            (org.EAST, "organizations.amazonaws.com", "ListAccounts", True),
        ],
    )
    org_session = Session(OFFICE_ORG, "mtremblay", ctx.ident("ASIA"), t, console=True)
    end = _run(
        ctx,
        org_session,
        org.BURST,
        t,
        src,
        org.CHROME_MAC,
        [
            (org.EAST, "iam.amazonaws.com", "CreateRole", False),
            (org.EAST, "iam.amazonaws.com", "CreateInstanceProfile", False),
            (org.EAST, "iam.amazonaws.com", "AddRoleToInstanceProfile", False),
            (org.WEST, "cloudformation.amazonaws.com", "CreateStack", False),
            (org.WEST, "cloudformation.amazonaws.com", "DescribeStacks", True),
            (org.WEST, "ec2.amazonaws.com", "DescribeVpcs", True),
            (org.WEST, "ec2.amazonaws.com", "RequestSpotFleet", False),
            (org.WEST, "ec2.amazonaws.com", "DescribeSpotFleetRequests", True),
        ],
        gap=90,
    )
    rows = [
        row(
            "B7",
            "render vendor's burst account joins",
            "benign",
            principal=a,
            start=bg.at(day, 12.5),
            end=bg.at(day, 24 * 9),
            severity="low",
        )
        for a in (org.BURST_WORKER.arn, org.BURST_SLR.arn, OFFICE_ORG.arn)
    ]
    rows.append(
        row(
            "B7",
            "render vendor's burst account joins",
            "benign",
            principal=s.role.session_arn("mtremblay"),
            start=bg.at(day, 12.5),
            end=end,
            severity="low",
        )
    )
    return rows


def b9_offboarding(ctx: Ctx, day: dt.date) -> Rows:
    """The wrapped show's freelancers off-boarded: their account assignments deleted."""
    s, src = _admin(ctx, day, 15.2)
    end = _run(
        ctx,
        s,
        org.MGMT,
        bg.at(day, 15.22),
        src,
        org.CHROME_MAC,
        [
            (org.HOME, "sso.amazonaws.com", "ListAccountAssignments", True),
            (org.HOME, "sso.amazonaws.com", "DeleteAccountAssignment", False),
            (org.HOME, "sso.amazonaws.com", "DeleteAccountAssignment", False),
            (org.HOME, "sso.amazonaws.com", "DescribeAccountAssignmentDeletionStatus", True),
            (org.HOME, "identitystore.amazonaws.com", "DeleteGroupMembership", False),
            (org.HOME, "identitystore.amazonaws.com", "DeleteGroupMembership", False),
        ],
    )
    return [
        row(
            "B9",
            "wrapped show's freelancers off-boarded",
            "benign",
            principal=s.role.session_arn("mtremblay"),
            start=bg.at(day, 15.2),
            end=end,
            severity="low",
        )
    ]


TPN_CALLS = (
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("s3.amazonaws.com", "GetBucketAcl"),
    ("s3.amazonaws.com", "GetBucketPublicAccessBlock"),
    ("s3.amazonaws.com", "GetBucketEncryption"),
    ("s3.amazonaws.com", "GetBucketLogging"),
    ("iam.amazonaws.com", "GetAccountPasswordPolicy"),
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "ListRoles"),
    ("iam.amazonaws.com", "GetCredentialReport"),
    ("iam.amazonaws.com", "ListPolicies"),
    ("cloudtrail.amazonaws.com", "DescribeTrails"),
    ("cloudtrail.amazonaws.com", "GetTrailStatus"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeFlowLogs"),
    ("kms.amazonaws.com", "ListKeys"),
    ("guardduty.amazonaws.com", "ListDetectors"),
    ("workspaces.amazonaws.com", "DescribeWorkspaceDirectories"),
    ("fsx.amazonaws.com", "DescribeFileSystems"),
)


def b10_tpn_assessment(ctx: Ctx, day: dt.date, n: int) -> Rows:
    """The MPA Trusted Partner Network content-security assessment: the assessor's tooling
    assumes a read-only role with an external id and reads every configuration it may."""
    t0 = bg.at(day, 14.1)
    key, src = ctx.ident("ASIA"), ip("assessor_nat", 33)
    call(
        ctx,
        t=t0,
        who={
            "type": "AWSAccount",
            "principalId": "AROAT9P2N4ASSESSOR:prowler",
            "accountId": org.ASSESSOR,
        },
        account=org.STUDIO,
        region=org.HOME,
        source="sts.amazonaws.com",
        name="AssumeRole",
        ip=src,
        ua=org.PROWLER_UA,
        read_only=True,
        params={
            "roleArn": org.TPN.arn,
            "roleSessionName": "tpn-assessment",
            "externalId": "tpn-2026-spd-4418",
        },
        response={"credentials": {"accessKeyId": key}},
        resources=[{"accountId": org.STUDIO, "type": "AWS::IAM::Role", "ARN": org.TPN.arn}],
    )
    s = Session(org.TPN, "tpn-assessment", key, t0)
    t = t0
    for k in range(n):
        t += dt.timedelta(seconds=ctx.rng.uniform(0.5, 6))
        source, name = TPN_CALLS[k % len(TPN_CALLS)]
        region = org.EAST if source.startswith("iam.") else (org.HOME, org.WEST, org.EAST)[k % 3]
        call(
            ctx,
            t=t,
            who=s,
            account=org.STUDIO,
            region=region,
            source=source,
            name=name,
            ip=src,
            ua=org.PROWLER_UA,
            read_only=True,
            params={},
        )
    return [
        row(
            "B10",
            "TPN content-security assessment, read-only",
            "benign",
            principal=org.TPN.arn,
            start=t0,
            end=t,
            severity="low",
        )
    ]


def b8_on_location(ctx: Ctx, day: dt.date) -> Rows:
    """The VFX supervisor on a location shoot in Iceland, reviewing from the console over
    Starlink with MFA and her usual browser."""
    p = next(x for x in org.people(0.1) if x.user == "lbergeron")
    start = 10 + ctx.rng.uniform(0, 2)
    s = bg.staff(
        ctx, day, p, bg.COORD_CALLS, src=ip("starlink", 61), start=start, n=8, console=True
    )
    return [
        row(
            "B8",
            "supervisor on location in Iceland over Starlink",
            "benign",
            principal=s.role.session_arn(p.user),
            start=bg.at(day, start),
            end=bg.at(day, 23.99),
            severity="low",
        )
    ]


def b11_new_fsx(ctx: Ctx, day: dt.date, n: int) -> Rows:
    """A second FSx for Lustre file system for the crunch, linked to the frames bucket: the
    engineer's Terraform creates it, FSx's new service-linked role imports the bucket."""
    p = next(x for x in org.people(0.1) if x.user == "kokafor")
    start = bg.at(day, 15.6)
    s = bg.person_session(ctx, p, start)
    src = office_ip(p, bg.Changes())
    end = _run(
        ctx,
        s,
        org.STUDIO,
        start,
        src,
        org.TERRAFORM,
        [
            (org.HOME, "ec2.amazonaws.com", "CreateSecurityGroup", False),
            (org.HOME, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", False),
            (org.HOME, "fsx.amazonaws.com", "CreateFileSystem", False),
            (org.HOME, "fsx.amazonaws.com", "DescribeFileSystems", True),
            (org.HOME, "fsx.amazonaws.com", "CreateDataRepositoryAssociation", False),
            (org.HOME, "fsx.amazonaws.com", "DescribeDataRepositoryAssociations", True),
        ],
        gap=60,
    )
    fsx = Session(NEW_FSX, "FSxLustreDataRepository", ctx.ident("ASIA"), end)
    t = end
    for k in range(n):
        t += dt.timedelta(seconds=ctx.rng.uniform(1, 8))
        s3_object(
            ctx,
            t=t,
            who=fsx,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.FRAMES,
            key=f"sq040/sh0120/comp/v0{30 + k % 20}/final.{1001 + k}.exr",
            ip="fsx.amazonaws.com",
            ua="fsx.amazonaws.com",
            size=ctx.rng.randint(10, 50) * 2**20,
            invoked_by="fsx.amazonaws.com",
        )
    return [
        row(
            "B11",
            "new FSx for Lustre file system on the frames bucket",
            "benign",
            principal=s.role.session_arn(p.user),
            start=start,
            end=end,
            severity="low",
        ),
        row(
            "B11",
            "new FSx for Lustre file system on the frames bucket",
            "benign",
            principal=NEW_FSX.arn,
            start=end,
            end=t,
            severity="low",
        ),
    ]


def whole_day(
    incident: str,
    name: str,
    day: dt.date,
    last: dt.date,
    principals: list[str],
    source_ip: str = "",
) -> Rows:
    """A change seen in the ordinary day's own records, from ``day`` to the end of ``last``."""
    end = bg.at(last, 23.99)
    if not principals:
        return [
            row(
                incident,
                name,
                "benign",
                source_ip=source_ip,
                start=bg.at(day, 0.0),
                end=end,
                severity="low",
            )
        ]
    return [
        row(
            incident,
            name,
            "benign",
            principal=p,
            source_ip=source_ip,
            start=bg.at(day, 0.0),
            end=end,
            severity="low",
        )
        for p in principals
    ]
