"""The attacks (A1...), each drawn from public incident write-ups: what the actor did, from
where, with which tool, and the truth rows that name its key, principal and addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._background import sso_signin
from benchmarks.heldout39._records import role_arn
from benchmarks.heldout39._truth import row, saml_principal, sso_principal
from benchmarks.heldout39._world import World

Rows = list[dict[str, Any]]
DENIED = "AccessDenied"


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


# the parameters AWS records for the calls that change something
REQUESTS: dict[str, dict[str, Any]] = {
    "DeleteDetector": {"detectorId": "a2c7e1b94f0d3e6a8b15c2d7e9f04a31"},
    "StopLogging": {"name": f"arn:aws:cloudtrail:eu-north-1:{org.MGMT}:trail/fjordlaks-org-trail"},
    "StopConfigurationRecorder": {"configurationRecorderName": "default"},
    "CreateRole": {
        "roleName": "AWSSupportOps",
        "assumeRolePolicyDocument": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::730335218864:root"},"Action":"sts:AssumeRole"}]}',
    },
    "AttachRolePolicy": {
        "roleName": "AWSSupportOps",
        "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
    },
    "CreateSnapshot": {"volumeId": "vol-0e4a1c7b92d35f086", "description": "hana-data"},
    "ModifySnapshotAttribute": {
        "snapshotId": "snap-07c1e9a4b2d58f316",
        "attributeType": "CREATE_VOLUME_PERMISSION",
        "createVolumePermission": {"add": {"items": [{"userId": "730335218864"}]}},
    },
    "RunInstances": {
        "instancesSet": {
            "items": [{"imageId": "ami-0b7a3c91d4e2f5608", "minCount": 4, "maxCount": 4}]
        },
        "instanceType": "g5.12xlarge",
        "keyName": "k1",
    },
    "RequestServiceQuotaIncrease": {
        "serviceCode": "ec2",
        "quotaCode": "L-DB2E81BA",
        "desiredValue": 192.0,
    },
    "CreateKeyPair": {"keyName": "k1"},
    "AuthorizeSecurityGroupIngress": {
        "groupId": "sg-0f2a9c7e3b1d4a586",
        "ipPermissions": {
            "items": [
                {
                    "ipProtocol": "tcp",
                    "fromPort": 22,
                    "toPort": 22,
                    "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
                }
            ]
        },
    },
    "CreateUser": {"userName": "lims-sync"},
    "CreateAccessKey": {"userName": "lims-sync"},
    "SendCommand": {
        "documentName": "AWS-RunShellScript",
        "instanceIds": ["i-0a4c81e2f9d3b5706", "i-07e9b3d1c2a48f615"],
    },
    "StopInstances": {
        "instancesSet": {"items": [{"instanceId": "i-0a4c81e2f9d3b5706"}]},
        "force": False,
    },
    "StartInstances": {"instancesSet": {"items": [{"instanceId": "i-0a4c81e2f9d3b5706"}]}},
}


def burst(
    w: World,
    start: dt.datetime,
    calls: Sequence[tuple[str, str, str | None]],
    account: str,
    region: str,
    who: dict[str, Any],
    address: str,
    agent: str,
    gap: tuple[int, int] = (2, 20),
) -> dt.datetime:
    """Calls one after another (source, name, error code or None); the time of the last."""
    when = start
    for source, name, error in calls:
        when += dt.timedelta(seconds=w.rng.randint(*gap))
        err = (
            None
            if error is None
            else (
                error,
                f"User: {who.get('arn', '')} is not authorized to perform: {source.split('.')[0]}:{name}",
            )
        )
        w.trail.event(
            when,
            account,
            region,
            who,
            source,
            name,
            address,
            agent,
            error=err,
            request=REQUESTS.get(name, {}),
        )
    return when


def leaked_report_key(w: World, day: dt.date) -> Rows:
    """A1: the report script, pushed to a public GitHub repository with its key; a secret
    scanner's verification within minutes (GetCallerIdentity, Go SDK), then a VPS that lists
    and copies a month of health certificates."""
    key = w.user_key(org.PROD, "harvest-report-sync")
    who = w.user(org.PROD, "harvest-report-sync")
    scanner, vps = w.fresh("digitalocean"), w.fresh("hetzner")
    t0 = at(day, 3.2)
    w.trail.event(
        t0,
        org.PROD,
        org.GLOBAL,
        who,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        scanner,
        org.UA_TRUFFLE,
        request=None,
    )
    t1 = at(day, 5.6)
    end = burst(
        w,
        t1,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", None),
            ("iam.amazonaws.com", "ListUsers", DENIED),
            ("ec2.amazonaws.com", "DescribeInstances", DENIED),
            ("s3.amazonaws.com", "GetBucketLocation", None),
        ],
        org.PROD,
        org.HOME,
        who,
        vps,
        org.UA_BOTO_KALI,
    )
    for i in range(90):
        month_day = day - dt.timedelta(days=1 + i % 28)
        if i % 15 == 0:
            w.s3_list(
                end,
                org.PROD,
                who,
                org.DOCS_BUCKET,
                f"certificates/{month_day:%Y/%m/%d}/",
                vps,
                org.UA_BOTO_KALI,
            )
        end += dt.timedelta(seconds=w.rng.randint(1, 4))
        w.s3_object(
            end,
            org.PROD,
            who,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{month_day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            vps,
            org.UA_BOTO_KALI,
        )
    return [
        row(
            "A1",
            "harvest-report-sync key leaked on GitHub: scanner check, then certificates copied from a VPS",
            t0,
            end + dt.timedelta(minutes=1),
            key=key,
            addresses=(scanner, vps),
            severity="high",
        )
    ]


def camera_certificate(w: World, day: dt.date) -> Rows:
    """A2: a pen camera's device certificate and key copied off its SD card; credentials from
    the IoT credential provider used from a server to look around and upload files."""
    device = "froya-pen03-cam"
    start = at(day, 21.3)  # the cameras are idle at night
    s = w.session(
        start,
        org.PROD,
        "pen-camera-uploader",
        device,
        minted_by="credentials.iot.amazonaws.com",
        new=True,
    )
    address = w.fresh("hetzner")
    end = burst(
        w,
        start,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", DENIED),
            ("iot.amazonaws.com", "ListThings", DENIED),
            ("s3.amazonaws.com", "GetBucketAcl", DENIED),
        ],
        org.PROD,
        org.HOME,
        s.identity,
        address,
        org.UA_BOTO_KALI,
    )
    w.s3_list(
        end,
        org.PROD,
        s.identity,
        org.IMAGES_BUCKET,
        "",
        address,
        org.UA_BOTO_KALI,
        error=(DENIED, "Access Denied"),
    )
    for i in range(25):
        end += dt.timedelta(seconds=w.rng.randint(3, 30))
        w.s3_object(
            end,
            org.PROD,
            s.identity,
            "PutObject",
            org.IMAGES_BUCKET,
            f"froya/pen03/upload/{i:04d}.bin",
            address,
            org.UA_BOTO_KALI,
            size=w.rng.randint(40_000_000, 90_000_000),
            kms=False,
        )
    w.sessions.pop((org.PROD, "pen-camera-uploader", device))
    return [
        row(
            "A2",
            "pen camera's device certificate stolen; IoT-provided credentials used from Hetzner",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.PROD, "pen-camera-uploader"),
            addresses=(address,),
            severity="medium",
        )
    ]


def notebook_role(w: World, day: dt.date) -> Rows:
    """A3: a malicious JupyterLab extension reads the notebook's role credentials from the
    instance metadata and sends them out; they are used from a VPN exit in Amsterdam."""
    start = at(day, 14.2)
    s = w.session(
        start,
        org.PROD,
        "sagemaker-feedopt-exec",
        "SageMaker",
        minted_by="sagemaker.amazonaws.com",
        region="eu-west-1",
    )
    address = w.fresh("m247")
    end = burst(
        w,
        start,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", None),
            ("iam.amazonaws.com", "ListRoles", DENIED),
            ("iam.amazonaws.com", "ListAttachedRolePolicies", DENIED),
            ("secretsmanager.amazonaws.com", "ListSecrets", DENIED),
            ("sagemaker.amazonaws.com", "ListNotebookInstances", None),
        ],
        org.PROD,
        "eu-west-1",
        s.identity,
        address,
        org.UA_BOTO_KALI,
    )
    for i in range(45):
        end += dt.timedelta(seconds=w.rng.randint(2, 8))
        w.s3_object(
            end,
            org.PROD,
            s.identity,
            "GetObject",
            org.TRAINING_BUCKET,
            f"features/site={'hitra' if i % 2 else 'froya'}/{i % 28 + 1:02d}.parquet",
            address,
            org.UA_BOTO_KALI,
            region="eu-west-1",
            size=w.rng.randint(2_000_000, 9_000_000),
        )
    return [
        row(
            "A3",
            "SageMaker notebook role credentials taken by a JupyterLab extension, used from a VPN",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.PROD, "sagemaker-feedopt-exec"),
            addresses=(address,),
            severity="high",
        )
    ]


def admin_evasion(w: World, day: dt.date) -> Rows:
    """A4: the IT lead's Google Workspace session phished through an AiTM proxy; the attacker
    opens the production account as administrator, deletes GuardDuty's detector, stops the
    Config recorder, fails to stop the organisation trail, then copies certificates."""
    person = org.PEOPLE[0]
    role = w.sso_role(person.permission_set)
    address = w.fresh("linode")

    start = at(day, 19.4)
    s = sso_signin(w, start, person, org.PROD, address, org.UA_BROWSER_WIN, console=True)
    end = burst(
        w,
        start + dt.timedelta(seconds=30),
        [
            ("guardduty.amazonaws.com", "ListDetectors", None),
            ("guardduty.amazonaws.com", "DeleteDetector", None),
            ("cloudtrail.amazonaws.com", "DescribeTrails", None),
            ("cloudtrail.amazonaws.com", "StopLogging", "AccessDeniedException"),
            ("config.amazonaws.com", "DescribeConfigurationRecorders", None),
            ("config.amazonaws.com", "StopConfigurationRecorder", None),
            ("s3.amazonaws.com", "ListBuckets", None),
        ],
        org.PROD,
        org.HOME,
        s.identity,
        address,
        org.UA_BROWSER_WIN,
        gap=(8, 40),
    )
    cli = org.UA_CLI_LINUX.format(cmd="s3.cp")
    for i in range(70):
        end += dt.timedelta(seconds=w.rng.randint(1, 3))
        w.s3_object(
            end,
            org.PROD,
            s.identity,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{day - dt.timedelta(days=i % 20):%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            address,
            cli,
        )
    return [
        row(
            "A4",
            "IT lead's Identity Center session phished (AiTM): GuardDuty deleted, Config stopped, certificates copied",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=sso_principal(org.PROD, role, person.email),
            addresses=(address,),
            severity="critical",
        ),
        row(
            "A4",
            "the attacker's sign-in: AssumeRoleWithSAML from the attacker's address",
            start - dt.timedelta(minutes=1),
            start + dt.timedelta(minutes=1),
            principal=saml_principal(person.email),
            addresses=(address,),
            severity="critical",
        ),
    ]


def quiet_recon(w: World, day: dt.date) -> Rows:
    """A7: a data scientist's CLI session (token cache) replayed through a Norwegian
    residential proxy with her own CLI's user agent: two hours of slow listing."""
    person = org.PEOPLE[3]
    role = w.sso_role(person.permission_set)
    address = w.fresh("telia_oslo_proxy")

    start = at(day, 10.5)
    s = sso_signin(
        w, start, person, org.PROD, address, org.UA_CLI_MAC.format(cmd="sso_login"), console=False
    )
    calls = [
        ("sts", "GetCallerIdentity", None),
        ("iam", "ListRoles", DENIED),
        ("iam", "ListUsers", DENIED),
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketPolicy", None),
        ("ec2", "DescribeInstances", None),
        ("sagemaker", "ListNotebookInstances", None),
        ("organizations", "DescribeOrganization", DENIED),
        ("secretsmanager", "ListSecrets", DENIED),
        ("lambda", "ListFunctions20150331", None),
        ("ec2", "DescribeSecurityGroups", None),
        ("s3", "GetBucketAcl", None),
        ("kms", "ListKeys", None),
    ]
    end = start
    for i in range(30):
        short, name, error = calls[i % len(calls)]
        end += dt.timedelta(seconds=w.rng.randint(90, 300))
        err = (
            None
            if error is None
            else (error, f"User: {s.identity['arn']} is not authorized to perform: {short}:{name}")
        )
        w.trail.event(
            end,
            org.PROD,
            org.GLOBAL if short in ("iam", "organizations") else org.HOME,
            s.identity,
            f"{short}.amazonaws.com",
            name,
            address,
            org.UA_CLI_MAC.format(cmd=f"{short}.{name.lower()}"),
            error=err,
            request={},
        )
    return [
        row(
            "A7",
            "data scientist's Identity Center CLI session replayed through a Norwegian residential proxy: slow recon",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=sso_principal(org.PROD, role, person.email),
            addresses=(address,),
            severity="medium",
        ),
        row(
            "A7",
            "the attacker's sign-in: AssumeRoleWithSAML from the attacker's address",
            start - dt.timedelta(minutes=1),
            start + dt.timedelta(minutes=1),
            principal=saml_principal(person.email),
            addresses=(address,),
            severity="medium",
        ),
    ]
