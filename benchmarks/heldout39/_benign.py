"""The benign changes' own records (B1...): what the people and partners do that they had
not done before. The changes that alter the normal day (harvest volumes, the new site's
cameras, the office's new address, the rotated key) are the background's parameters."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._attacks import at, burst
from benchmarks.heldout39._background import sso_signin
from benchmarks.heldout39._workloads import partner_identity
from benchmarks.heldout39._world import World

SENJA = [f"senja-pen{n:02d}-cam" for n in range(1, 7)]


def harvest_bucket(w: World, day: dt.date, office: str) -> dt.datetime:
    """B1: the IT lead creates the harvest week's export bucket (encryption, policy for the
    Food Safety Authority's role, data events added to the trail from the management account)."""
    person = org.PEOPLE[0]
    start = at(day, 7.3)
    s = sso_signin(w, start, person, org.PROD, office, org.UA_BROWSER_MAC, console=True)
    bucket = f"fjordlaks-export-{day:%G}w{day:%V}"
    for i, name in enumerate(
        [
            "CreateBucket",
            "PutBucketEncryption",
            "PutBucketPublicAccessBlock",
            "PutBucketPolicy",
            "PutBucketVersioning",
            "PutBucketTagging",
            "GetBucketPolicy",
        ]
    ):
        w.trail.event(
            start + dt.timedelta(seconds=40 + 25 * i),
            org.PROD,
            org.HOME,
            s.identity,
            "s3.amazonaws.com",
            name,
            office,
            org.UA_CONSOLE,
            console=True,
            request={"bucketName": bucket, "Host": "s3.eu-north-1.amazonaws.com"},
        )
    return start + dt.timedelta(minutes=5)


def new_site(w: World, day: dt.date, office: str) -> tuple[dt.datetime, dt.datetime]:
    """B2: the Senja site commissioned: things, certificates and policies created for its six
    pen cameras (IoT console), which start uploading from the northern 4G cells."""
    person = org.PEOPLE[0]
    start = at(day, 8.1)
    s = sso_signin(w, start, person, org.PROD, office, org.UA_BROWSER_MAC, console=True)
    t = start
    for device in SENJA:
        for name in [
            "CreateThing",
            "CreateKeysAndCertificate",
            "AttachPolicy",
            "AttachThingPrincipal",
            "AddThingToThingGroup",
        ]:
            t += dt.timedelta(seconds=w.rng.randint(5, 30))
            w.trail.event(
                t,
                org.PROD,
                org.HOME,
                s.identity,
                "iot.amazonaws.com",
                name,
                office,
                org.UA_CONSOLE,
                console=True,
                request={"thingName": device},
            )
    return start, t


def patch_weekend(w: World, day: dt.date) -> tuple[dt.datetime, dt.datetime, str]:
    """B3: the SAP partner's quarterly patch weekend: three engineers in the support role on
    Saturday evening, SSM commands, instances stopped and started, snapshots first."""
    home = w.fresh("dtag_walldorf")
    start = at(day, 19.5)
    jump = w.address("sap-partner/jump", "aws:eu-central-1")
    last = start
    for n, (engineer, address) in enumerate(
        [("p.brandt", jump), ("s.weber", jump), ("j.fischer", home)]
    ):
        who = partner_identity(w, engineer, day)
        t = start + dt.timedelta(minutes=20 * n)
        s = w.session(
            t,
            org.ERP,
            "sap-partner-support",
            engineer,
            caller=(who, address, org.UA_PARTNER.format(cmd="sts.assume-role")),
            external_id="fjl-sap-7c21e94b",
            hours=8,
            new=True,
        )
        calls = [
            ("ec2.amazonaws.com", "DescribeInstances", None),
            ("ec2.amazonaws.com", "CreateSnapshot", None),
            ("ec2.amazonaws.com", "CreateSnapshot", None),
            ("ec2.amazonaws.com", "DescribeSnapshots", None),
            ("ssm.amazonaws.com", "SendCommand", None),
            ("ssm.amazonaws.com", "ListCommandInvocations", None),
            ("ssm.amazonaws.com", "ListCommandInvocations", None),
            ("ec2.amazonaws.com", "StopInstances", None),
            ("ec2.amazonaws.com", "DescribeInstanceStatus", None),
            ("ec2.amazonaws.com", "ModifyInstanceAttribute", None),
            ("ec2.amazonaws.com", "StartInstances", None),
            ("ssm.amazonaws.com", "SendCommand", None),
            ("ssm.amazonaws.com", "GetCommandInvocation", None),
        ]
        end = burst(
            w,
            t + dt.timedelta(minutes=3),
            calls * 2,
            org.ERP,
            org.HOME,
            s.identity,
            address,
            org.UA_PARTNER.format(cmd="ec2"),
            gap=(60, 400),
        )
        last = max(last, end)
    return start, last + dt.timedelta(minutes=1), home


def gpu_quota(w: World, day: dt.date, office: str) -> dt.datetime:
    """B4: a data scientist asks for p4d quota and starts the large retraining by hand."""
    person = org.PEOPLE[4]
    start = at(day, 9.4)
    s = sso_signin(w, start, person, org.PROD, office, org.UA_BROWSER_MAC, console=True)
    burst(
        w,
        start,
        [
            ("servicequotas.amazonaws.com", "ListServiceQuotas", None),
            ("servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", None),
            ("sagemaker.amazonaws.com", "CreateTrainingJob", None),
            ("sagemaker.amazonaws.com", "DescribeTrainingJob", None),
        ],
        org.PROD,
        "eu-west-1",
        s.identity,
        office,
        org.UA_CONSOLE,
        gap=(30, 200),
    )
    return start


def japan_region(w: World, day: dt.date, address: str) -> dt.datetime:
    """B6: the Tokyo sales office's first work in ap-northeast-1: an Athena workgroup and a
    results bucket near them, Glue tables for the Japanese customers' orders."""
    person = org.PEOPLE[9]
    start = at(day, 1.2)
    s = sso_signin(w, start, person, org.PROD, address, org.UA_BROWSER_WIN, console=True)
    calls = [
        ("s3.amazonaws.com", "CreateBucket", None),
        ("athena.amazonaws.com", "CreateWorkGroup", None),
        ("glue.amazonaws.com", "CreateDatabase", None),
        ("glue.amazonaws.com", "CreateTable", None),
    ]
    calls += [
        ("athena.amazonaws.com", "StartQueryExecution", None),
        ("athena.amazonaws.com", "GetQueryExecution", None),
        ("athena.amazonaws.com", "GetQueryResults", None),
    ] * 6
    burst(
        w,
        start,
        calls,
        org.PROD,
        "ap-northeast-1",
        s.identity,
        address,
        org.UA_CONSOLE,
        gap=(20, 240),
    )
    return start


def japan_account(w: World, day: dt.date, office: str) -> tuple[dt.datetime, dt.datetime]:
    """B7: the Japan account created under Organizations and set up: the IT lead assumes
    OrganizationAccountAccessRole, StackSets' execution role makes the baseline, the quote
    tool's instance is launched from its template."""
    person = org.PEOPLE[0]
    start = at(day, 6.1)
    s = sso_signin(w, start, person, org.MGMT, office, org.UA_BROWSER_MAC, console=True)
    for i, name in enumerate(
        [
            "CreateAccount",
            "DescribeCreateAccountStatus",
            "DescribeCreateAccountStatus",
            "MoveAccount",
            "ListAccounts",
        ]
    ):
        w.trail.event(
            start + dt.timedelta(seconds=30 + 40 * i),
            org.MGMT,
            org.GLOBAL,
            s.identity,
            "organizations.amazonaws.com",
            name,
            office,
            org.UA_CONSOLE,
            console=True,
            request={},
        )
    t = start + dt.timedelta(minutes=6)
    a = w.session(
        t,
        org.JAPAN,
        "OrganizationAccountAccessRole",
        person.email,
        caller=(s.identity, office, org.UA_CONSOLE),
        new=True,
    )
    t = burst(
        w,
        t,
        [
            ("iam.amazonaws.com", "CreateAccountAlias", None),
            ("iam.amazonaws.com", "UpdateAccountPasswordPolicy", None),
            ("ec2.amazonaws.com", "DescribeVpcs", None),
            ("ec2.amazonaws.com", "CreateVpc", None),
            ("ec2.amazonaws.com", "CreateSubnet", None),
            ("ec2.amazonaws.com", "CreateVpcEndpoint", None),
        ],
        org.JAPAN,
        "ap-northeast-1",
        a.identity,
        office,
        org.UA_CONSOLE,
        gap=(20, 90),
    )
    stack = w.session(
        t,
        org.JAPAN,
        "stacksets-exec-4f1b2c9a7e",
        "f7b1c2d3-stacksets",
        minted_by="cloudformation.amazonaws.com",
    )
    for i, name in enumerate(
        [
            "CreateRole",
            "PutRolePolicy",
            "CreateServiceLinkedRole",
            "CreateRole",
            "AttachRolePolicy",
            "CreateInstanceProfile",
            "AddRoleToInstanceProfile",
        ]
    ):
        w.trail.event(
            t + dt.timedelta(seconds=10 + 6 * i),
            org.JAPAN,
            org.GLOBAL,
            stack.identity,
            "iam.amazonaws.com",
            name,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            request={},
        )
    end = t + dt.timedelta(minutes=8)
    w.trail.event(
        end,
        org.JAPAN,
        "ap-northeast-1",
        stack.identity,
        "ec2.amazonaws.com",
        "RunInstances",
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        request={"instanceType": "t3.medium", "iamInstanceProfile": {"name": "quote-web"}},
    )
    return start, end + dt.timedelta(minutes=1)


def key_rotation(w: World, day: dt.date, office: str, new_key: str) -> dt.datetime:
    """B8: the lab key rotated: a second key made, the lab's server switched to it, the old
    one made inactive (and left for deletion a week later)."""
    person = org.PEOPLE[2]
    start = at(day, 7.15)
    s = sso_signin(w, start, person, org.PROD, office, org.UA_BROWSER_MAC, console=True)
    old = w.user_key(org.PROD, "labvantage-export")
    for i, (name, request) in enumerate(
        [
            ("ListAccessKeys", {"userName": "labvantage-export"}),
            ("CreateAccessKey", {"userName": "labvantage-export"}),
            (
                "UpdateAccessKey",
                {"userName": "labvantage-export", "accessKeyId": old, "status": "Inactive"},
            ),
        ]
    ):
        when = start + dt.timedelta(minutes=1 if i < 2 else 30, seconds=10 * i)
        w.trail.event(
            when,
            org.PROD,
            org.GLOBAL,
            s.identity,
            "iam.amazonaws.com",
            name,
            office,
            org.UA_CONSOLE,
            console=True,
            request=request,
            response={
                "accessKey": {
                    "userName": "labvantage-export",
                    "accessKeyId": new_key,
                    "status": "Active",
                }
            }
            if name == "CreateAccessKey"
            else None,
        )
    return start


def audit(w: World, day: dt.date) -> tuple[dt.datetime, dt.datetime, str]:
    """B9: a Food Safety Authority inspector audits a month of harvest certificates through
    the reader role, from the authority's regional office."""
    address = w.fresh("telia_trondheim")
    who = {
        "type": "AssumedRole",
        "principalId": "AROAMATTILSYNETINSP:inspektor-hanssen",
        "arn": f"arn:aws:sts::{org.MATTILSYNET}:assumed-role/inspeksjon/inspektor-hanssen",
        "accountId": org.MATTILSYNET,
        "accessKeyId": w.trail.session_key(),
    }
    start = at(day, 9.2)
    s = w.session(
        start,
        org.PROD,
        "mattilsynet-certificate-reader",
        "inspektor-hanssen",
        caller=(who, address, org.UA_S3_BROWSER),
        external_id="mattilsynet-fjl-2291",
        hours=4,
        new=True,
    )
    t = start
    for i in range(160):
        d = day - dt.timedelta(days=i % 30)
        if i % 16 == 0:
            w.s3_list(
                t,
                org.PROD,
                s.identity,
                org.DOCS_BUCKET,
                f"certificates/{d:%Y/%m/%d}/",
                address,
                org.UA_S3_BROWSER,
            )
        t += dt.timedelta(seconds=w.rng.randint(5, 40))
        w.s3_object(
            t,
            org.PROD,
            s.identity,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{d:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            address,
            org.UA_S3_BROWSER,
        )
    return start, t + dt.timedelta(minutes=1), address


def new_function(w: World, day: dt.date) -> None:
    """B10: for the Japanese forwarder, a second booking function created by the deploy
    workflow (a new step in the pipeline), then the usual deploys, three on the day."""
    from benchmarks.heldout39._deploys import github_deploys

    github_deploys(
        w,
        day,
        deploys=3,
        first=("CreateFunction20150331", "AddPermission20150331v2", "CreateAlias20150331"),
    )
