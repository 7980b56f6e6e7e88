"""The benign changes of the scored days (expected at most low): each changes how a part of
the institute behaves, and adds its truth rows (principal + window)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout13._net import NETS, aws_address
from benchmarks.heldout13._partners import pipeline, vendor_push
from benchmarks.heldout13._people import session, signin, sso_principal, work
from benchmarks.heldout13._reviews import lake_changes, review
from benchmarks.heldout13._staff import BY_USER
from benchmarks.heldout13._trail import assumed, key, role_arn
from benchmarks.heldout13._workloads import NOTEBOOKS
from benchmarks.heldout13._world import (
    LAB_ADEYEMI,
    LAKE,
    RESEARCH,
    SHARED,
    UA,
    World,
    at,
    row,
    s3_params,
)

BATCH_SLR = "/aws-service-role/batch.amazonaws.com/"


def plan(w: World) -> None:
    """The switches the background reads, set before any day is drawn."""
    w.changes["grant_deadline"] = (at(w.s(0), 0), at(w.s(2), 24))
    w.changes["nb_upgrade"] = (at(w.s(1), 14), at(w.scored[-1], 48))
    for user in ("hiro.nakamura", "maria.rivera"):
        w.changes[f"travel:{user}"] = (at(w.s(1), 0), at(w.s(3), 24))
    w.changes["away:tom.becker"] = (at(w.s(4), 0), at(w.s(4), 48))


def workstation(w: World, day: dt.date) -> dict[int, str]:
    """The Adeyemi lab's EC2 analysis workstation, launched from Service Catalog on the lab's
    first day: its instance profile's key every hour, S3 and ECR from its address."""
    keys: dict[int, str] = {}
    if day < w.s(0):
        return keys
    rng, role, instance = w.rng("ws", day), "adeyemi-workstation-role", "i-07b5d3e1f9a2c4b86"
    ip = aws_address(w.rng("ws-ip"), "us-east-1", pool=7)
    for hour in range(10 if day == w.s(0) else 0, 24):
        t0 = at(day, hour + rng.uniform(0, 0.05))
        keys[hour], _ = w.trail.mint(
            LAB_ADEYEMI, "us-east-1", t0, "ec2.amazonaws.com", role, instance, rng, hours=6
        )
        ident = assumed(LAB_ADEYEMI, role, instance, keys[hour], created=t0, ec2=True)
        for _ in range(w.n(4, rng)):
            api = rng.choice(["GetObject", "PutObject", "ListObjects"])
            obj = f"assemblies/{rng.randrange(10**5)}.fa"
            w.trail.emit(
                LAB_ADEYEMI,
                "us-east-1",
                t0 + dt.timedelta(minutes=rng.uniform(1, 59)),
                "s3.amazonaws.com",
                api,
                ident,
                ip,
                UA["batch_py"],
                params=s3_params("ashgrove-adeyemi-data", obj),
                data=True,
            )
    return keys


def changes(w: World) -> None:
    """The benign changes' own events and every benign truth row."""
    s = w.s
    end = at(w.scored[-1], 24)
    # B1 grant deadline: Batch at ten times the jobs on new instance types (drawn by the background)
    start, stop = w.changes["grant_deadline"]
    for account, role, path in (
        (LAKE, "batch-genomics-job", "/"),
        (RESEARCH, "batch-imaging-job", "/"),
        (LAKE, "AWSServiceRoleForBatch", BATCH_SLR),
        (RESEARCH, "AWSServiceRoleForBatch", BATCH_SLR),
    ):
        row(
            w,
            "B1",
            "grant deadline: Batch x10 on new instance types",
            start,
            stop,
            principal=role_arn(account, role, path),
        )
    # B2 a new lab onboarded: the account created, people assigned, its workloads from day one
    t = at(s(0), 14.2)
    sam, kevin = BY_USER["sam.oconnor"], BY_USER["kevin.tran"]
    rng = w.rng("onboard")
    ip = NETS[sam.campus].host(11)
    signin(w, sam.user, t - dt.timedelta(minutes=5), ip, UA[sam.browser])
    ident = session(SHARED, "PlatformAdmin", sam.user, key(rng), t, console=True)
    for i, (source, name, params) in enumerate(
        [
            (
                "organizations.amazonaws.com",
                "CreateAccount",
                {"accountName": "ashgrove-lab-adeyemi", "email": "aws-lab-adeyemi@ashgrove.org"},
            ),
            ("organizations.amazonaws.com", "DescribeCreateAccountStatus", None),
            (
                "organizations.amazonaws.com",
                "MoveAccount",
                {"accountId": LAB_ADEYEMI, "destinationParentId": "ou-sbx-labs"},
            ),
            (
                "sso.amazonaws.com",
                "CreateAccountAssignment",
                {"targetId": LAB_ADEYEMI, "permissionSetArn": "ResearchAdmin"},
            ),
            ("sso.amazonaws.com", "ProvisionPermissionSet", {"targetId": LAB_ADEYEMI}),
            (
                "servicecatalog.amazonaws.com",
                "AssociatePrincipalWithPortfolio",
                {"portfolioId": "port-labsandbox"},
            ),
        ]
    ):
        w.trail.emit(
            SHARED,
            "us-east-1",
            t + dt.timedelta(minutes=2 * i),
            source,
            name,
            ident,
            ip,
            UA[sam.browser],
            params=params,
        )
    row(
        w,
        "B2",
        "a new lab onboarded",
        t - dt.timedelta(minutes=10),
        t + dt.timedelta(hours=1),
        principal=sso_principal(SHARED, "PlatformAdmin", sam.user),
    )
    for role, path in (
        ("adeyemi-notebook-role", "/"),
        ("adeyemi-workstation-role", "/"),
        ("AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
    ):
        row(
            w,
            "B2",
            "a new lab onboarded",
            at(s(0), 0),
            end,
            principal=role_arn(LAB_ADEYEMI, role, path),
        )
    row(
        w,
        "B2",
        "a new lab onboarded",
        at(s(0), 0),
        end,
        principal=sso_principal(LAB_ADEYEMI, "ResearchAdmin", "omar.adeyemi"),
    )
    # B3 SageMaker image upgrade: every notebook's agent changes at once (drawn by the background)
    start, stop = w.changes["nb_upgrade"]
    for account, _, role, *_ in NOTEBOOKS:
        row(w, "B3", "SageMaker image upgrade", start, stop, principal=role_arn(account, role))
    # B4 conference week in Kyoto: two researchers sign in with MFA from the hotel, usual tools
    for n, user in enumerate(("hiro.nakamura", "maria.rivera")):
        p = BY_USER[user]
        for d in (s(1), s(2), s(3)):
            work(
                w,
                p,
                d,
                ip=NETS["hotel_kyoto"].host(30 + n * 7 + d.day % 2),
                hours=(1.5 + p.offset, 7 + p.offset),
                calls=12,
            )
        for account, pset, _ in p.sets:
            row(
                w,
                "B4",
                "conference week abroad with MFA",
                at(s(1), 0),
                at(s(3), 24),
                principal=sso_principal(account, pset, user),
            )
    # B5 the vendor pushes a new sequencing run at night, three times the files
    _minted, _vip, _ = vendor_push(w, s(2), start=2.2, files=90, tag="night")
    row(
        w,
        "B5",
        "sequencing run pushed at night",
        at(s(2), 2),
        at(s(2), 6),
        principal=role_arn(LAKE, "seq-vendor-upload"),
    )
    # B6 the data-lake team re-registers Lake Formation locations and grants permissions
    lake_changes(w)
    # B7 the annual access review: a read-only role listing IAM and S3 ACLs for two days
    review(w)
    # B8 a researcher leaves: key deactivated, assignments and login removed by the admins
    t = at(s(4), 15.5)
    ip = NETS[kevin.campus].host(12)
    signin(w, kevin.user, t - dt.timedelta(minutes=3), ip, UA[kevin.browser])
    admin = session(SHARED, "AdministratorAccess", kevin.user, key(rng), t, console=True)
    leaving: list[tuple[str, str, dict[str, Any]]] = [
        (
            "sso.amazonaws.com",
            "DeleteAccountAssignment",
            {"targetId": RESEARCH, "principalId": "tom.becker"},
        ),
        (
            "identitystore.amazonaws.com",
            "DeleteGroupMembership",
            {"identityStoreId": "d-9067a1b2c3"},
        ),
        (
            "identitystore.amazonaws.com",
            "UpdateUser",
            {"userName": "tom.becker", "active": False},
        ),
    ]
    for i, (source, name, params) in enumerate(leaving):
        w.trail.emit(
            SHARED,
            "us-east-1",
            t + dt.timedelta(minutes=i),
            source,
            name,
            admin,
            ip,
            UA[kevin.browser],
            params=params,
        )
    member = session(RESEARCH, "AdministratorAccess", kevin.user, key(rng), t, console=True)
    for i, (name, params) in enumerate(
        [
            ("ListAccessKeys", {"userName": "tbecker"}),
            ("UpdateAccessKey", {"userName": "tbecker", "status": "Inactive"}),
            ("DeleteLoginProfile", {"userName": "tbecker"}),
        ]
    ):
        w.trail.emit(
            RESEARCH,
            "us-east-1",
            t + dt.timedelta(minutes=5 + i),
            "iam.amazonaws.com",
            name,
            member,
            ip,
            UA[kevin.browser],
            params=params,
        )
    for account in (SHARED, RESEARCH):
        row(
            w,
            "B8",
            "a researcher leaves",
            t - dt.timedelta(minutes=5),
            t + dt.timedelta(minutes=30),
            principal=sso_principal(account, "AdministratorAccess", kevin.user),
        )
    # B9 Bedrock model access enabled by the platform pipeline
    bedrock = [
        ("bedrock.amazonaws.com", "ListFoundationModels", None),
        (
            "bedrock.amazonaws.com",
            "GetFoundationModelAvailability",
            {"modelId": "anthropic.claude-3-5-haiku-20241022-v1:0"},
        ),
        ("bedrock.amazonaws.com", "PutUseCaseForModelAccess", {"formData": "<redacted>"}),
        (
            "bedrock.amazonaws.com",
            "ListFoundationModelAgreementOffers",
            {"modelId": "anthropic.claude-3-5-haiku-20241022-v1:0"},
        ),
        (
            "bedrock.amazonaws.com",
            "CreateFoundationModelAgreement",
            {"modelId": "anthropic.claude-3-5-haiku-20241022-v1:0"},
        ),
        (
            "bedrock.amazonaws.com",
            "PutFoundationModelEntitlement",
            {"modelId": "anthropic.claude-3-5-haiku-20241022-v1:0"},
        ),
    ]
    pipeline(w, s(3), extra=bedrock, runs=1)
    for role in ("platform-deployer", "gha-platform-deploy"):
        row(
            w,
            "B9",
            "Bedrock model access through the pipeline",
            at(s(3), 14),
            at(s(3), 23.5),
            principal=role_arn(SHARED, role),
        )
