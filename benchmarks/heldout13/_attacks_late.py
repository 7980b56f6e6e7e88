"""The attacks A6 to A11: the head node's own key removing data events, an instrument key's recon,
sign-in without MFA and IAM persistence, a Service Catalog launch role abused, user data on a
stopped head node, and the new lab's workstation key from outside AWS (cold start)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout13._net import NETS, aws_address, threat_address
from benchmarks.heldout13._people import console_login, session, signin, sso_principal
from benchmarks.heldout13._spree import (
    BOTO_VPS,
    CLI_V1_NODE,
    KALI,
    minted_key,
    spree,
    steal_sso,
)
from benchmarks.heldout13._trail import (
    assumed,
    iam_user,
    key,
    role_arn,
)
from benchmarks.heldout13._workloads import HEAD_NODE
from benchmarks.heldout13._world import (
    LAB_ADEYEMI,
    LAB_RIVERA,
    LAKE,
    RESEARCH,
    UA,
    World,
    at,
    lake_bucket,
    row,
    s3_params,
)


def later(w: World, machine_keys: dict[str, str], workstation_keys: dict[int, str]) -> None:
    """A6 to A11, after A1 to A5 (the order the trail's event ids are drawn in)."""
    s, lake = w.s, lake_bucket("us-east-1")
    obj = [f"curated/variants/cohort{i}/part-0000{i}.parquet" for i in range(8)]

    # A6 on the head node itself: its key, its address, the node's aws-cli v1 removes the trail's data events
    t, role = at(s(1), 4.4), "parallelcluster-hpc-HeadNodeRole"
    k = minted_key(w, RESEARCH, role, HEAD_NODE, t)
    ip = aws_address(w.rng("head-ip"), "us-east-1", pool=6)
    ident = assumed(RESEARCH, role, HEAD_NODE, k, ec2=True)
    ids = spree(
        w,
        RESEARCH,
        "us-east-1",
        t,
        ident,
        ip,
        CLI_V1_NODE,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None, None),
            ("cloudtrail.amazonaws.com", "DescribeTrails", None, None),
            (
                "cloudtrail.amazonaws.com",
                "GetEventSelectors",
                {"trailName": "ashgrove-research"},
                None,
            ),
            (
                "cloudtrail.amazonaws.com",
                "PutEventSelectors",
                {
                    "trailName": "ashgrove-research",
                    "eventSelectors": [
                        {
                            "readWriteType": "All",
                            "includeManagementEvents": True,
                            "dataResources": [],
                        }
                    ],
                },
                None,
            ),
            ("s3.amazonaws.com", "ListObjects", s3_params(lake), None),
        ]
        + [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj[:4]],
    )
    row(
        w,
        "A6",
        "CloudTrail data events removed from the head node",
        t,
        t + dt.timedelta(minutes=10),
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A7 the cryo-EM workstation's key from a VPS: recon
    t, k, ip = at(s(3), 22.1), machine_keys["cryoem-ws-01"], NETS["vultr"].host(300)
    denied = ("AccessDenied", "User: arn:aws:iam::529104738862:user/cryoem-ws-01 is not authorized")
    ids = spree(
        w,
        LAKE,
        "us-east-1",
        t,
        iam_user(LAKE, "cryoem-ws-01", k),
        ip,
        KALI,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None, None),
            ("s3.amazonaws.com", "ListBuckets", None, None),
            ("iam.amazonaws.com", "GetAccountAuthorizationDetails", None, denied),
            ("iam.amazonaws.com", "ListUsers", None, denied),
            ("iam.amazonaws.com", "ListRoles", None, denied),
            ("iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": "cryoem-ws-01"}, denied),
            ("s3.amazonaws.com", "GetBucketAcl", s3_params(lake), None),
            ("ec2.amazonaws.com", "DescribeInstances", None, denied),
            ("secretsmanager.amazonaws.com", "ListSecrets", None, denied),
        ],
        gap=70,
    )
    row(
        w,
        "A7",
        "instrument key recon from a VPS",
        t,
        t + dt.timedelta(minutes=15),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="medium",
    )

    # A8 Identity Center sign-in without MFA from Indonesia, then an IAM user for persistence
    t, ip, browser = at(s(2), 13.6), NETS["telkom"].host(9), UA["firefox_win"]
    ids = signin(w, "maria.rivera", t, ip, browser, mfa=None)
    ids.append(
        console_login(
            w, LAB_RIVERA, "ResearchAdmin", "maria.rivera", t + dt.timedelta(minutes=1), ip, browser
        )
    )
    k = key(w.rng("a8"))
    ident = session(LAB_RIVERA, "ResearchAdmin", "maria.rivera", k, t, console=True)
    ids += spree(
        w,
        LAB_RIVERA,
        "us-east-1",
        t + dt.timedelta(minutes=2),
        ident,
        ip,
        browser,
        [
            ("iam.amazonaws.com", "ListUsers", None, None),
            ("iam.amazonaws.com", "CreateUser", {"userName": "svc-backup-sync"}, None),
            (
                "iam.amazonaws.com",
                "CreateLoginProfile",
                {"userName": "svc-backup-sync", "passwordResetRequired": False},
                None,
            ),
            (
                "iam.amazonaws.com",
                "AttachUserPolicy",
                {
                    "userName": "svc-backup-sync",
                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                },
                None,
            ),
            ("iam.amazonaws.com", "CreateAccessKey", {"userName": "svc-backup-sync"}, None),
        ],
        gap=40,
    )
    row(
        w,
        "A8",
        "Identity Center sign-in without MFA from a new country, IAM persistence",
        t,
        t + dt.timedelta(minutes=10),
        principal=sso_principal(LAB_RIVERA, "ResearchAdmin", "maria.rivera"),
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A9 a stolen researcher token assumes the Service Catalog launch role and makes an admin role
    t, ip = at(s(4), 19.2), NETS["contabo"].host(61)
    k, ident, first = steal_sso(w, "grace.liu", RESEARCH, "ResearchUser", t, ip, BOTO_VPS)
    launch_key = key(w.rng("a9"))
    ids = [
        first,
        *spree(
            w,
            RESEARCH,
            "us-east-1",
            t + dt.timedelta(minutes=1),
            ident,
            ip,
            BOTO_VPS,
            [
                ("sts.amazonaws.com", "GetCallerIdentity", None, None),
                ("servicecatalog.amazonaws.com", "SearchProducts", None, None),
                ("iam.amazonaws.com", "GetRole", {"roleName": "SCLaunchRole-Research"}, None),
            ],
        ),
    ]
    ids.append(
        w.trail.emit(
            RESEARCH,
            "us-east-1",
            t + dt.timedelta(minutes=3),
            "sts.amazonaws.com",
            "AssumeRole",
            ident,
            ip,
            BOTO_VPS,
            params={
                "roleArn": role_arn(RESEARCH, "SCLaunchRole-Research"),
                "roleSessionName": "maint",
            },
            response={"credentials": {"accessKeyId": launch_key}},
            read_only=True,
        )
    )
    launch = assumed(RESEARCH, "SCLaunchRole-Research", "maint", launch_key, created=t)
    ids += spree(
        w,
        RESEARCH,
        "us-east-1",
        t + dt.timedelta(minutes=4),
        launch,
        ip,
        BOTO_VPS,
        [
            ("iam.amazonaws.com", "CreateRole", {"roleName": "sc-maintenance"}, None),
            (
                "iam.amazonaws.com",
                "AttachRolePolicy",
                {
                    "roleName": "sc-maintenance",
                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                },
                None,
            ),
            ("iam.amazonaws.com", "UpdateAssumeRolePolicy", {"roleName": "sc-maintenance"}, None),
        ],
        gap=30,
    )
    row(
        w,
        "A9",
        "Service Catalog launch role abused to escalate",
        t,
        t + dt.timedelta(minutes=15),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="medium",
    )
    row(
        w,
        "A9",
        "Service Catalog launch role abused to escalate",
        t,
        t + dt.timedelta(minutes=15),
        key_id=launch_key,
        ips=ip,
        label="attack",
        severity="medium",
    )

    # A10 a stolen HPC admin token from a threat-list address: stop the head node, change its user data, start it
    t, ip = w.changes["head_stopped"][0] - dt.timedelta(minutes=3), threat_address()
    k, ident, first = steal_sso(w, "dan.whitfield", RESEARCH, "HPCAdmin", t, ip, UA["cli_linux"])
    node = {"instancesSet": {"items": [{"instanceId": HEAD_NODE}]}}
    ids = [
        first,
        *spree(
            w,
            RESEARCH,
            "us-east-1",
            t + dt.timedelta(minutes=1),
            ident,
            ip,
            UA["cli_linux"],
            [
                ("ec2.amazonaws.com", "DescribeInstances", None, None),
                ("ec2.amazonaws.com", "StopInstances", node, None),
                (
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    {"instanceId": HEAD_NODE, "userData": "<sensitiveDataRemoved>"},
                    None,
                ),
            ],
            gap=90,
        ),
    ]
    ids += spree(
        w,
        RESEARCH,
        "us-east-1",
        w.changes["head_stopped"][1] - dt.timedelta(minutes=1),
        ident,
        ip,
        UA["cli_linux"],
        [("ec2.amazonaws.com", "StartInstances", node, None)],
    )
    row(
        w,
        "A10",
        "user data changed on the stopped HPC head node",
        t,
        w.changes["head_stopped"][1],
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A11 cold start: the new lab's workstation key from DigitalOcean, on the lab's third day
    t = at(s(2), 16.4)
    k, ip = workstation_keys[16], NETS["digitalocean"].host(17)
    ident = assumed(LAB_ADEYEMI, "adeyemi-workstation-role", "i-07b5d3e1f9a2c4b86", k, ec2=True)
    ids = spree(
        w,
        LAB_ADEYEMI,
        "us-east-1",
        t,
        ident,
        ip,
        KALI,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None, None),
            ("s3.amazonaws.com", "ListBuckets", None, None),
            ("ec2.amazonaws.com", "DescribeInstances", None, None),
            ("secretsmanager.amazonaws.com", "ListSecrets", None, None),
            ("s3.amazonaws.com", "ListObjects", s3_params("ashgrove-adeyemi-data"), None),
            (
                "s3.amazonaws.com",
                "GetObject",
                s3_params("ashgrove-adeyemi-data", "assemblies/ref.fa"),
                None,
            ),
        ],
        gap=30,
    )
    row(
        w,
        "A11",
        "cold start: the new lab's workstation credentials outside AWS",
        t,
        t + dt.timedelta(minutes=10),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="medium",
    )
