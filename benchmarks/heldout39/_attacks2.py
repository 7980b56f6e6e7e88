"""The attacks on the new account, the workloads' credentials, the lab's key (A8-A11), the
SAP partner's backdoor (A5) and the mining (A6)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._attacks import DENIED, Rows, at, burst
from benchmarks.heldout39._background import sso_signin
from benchmarks.heldout39._records import role_arn
from benchmarks.heldout39._truth import row, saml_principal, sso_principal
from benchmarks.heldout39._workloads import partner_identity
from benchmarks.heldout39._world import World

QUOTE_INSTANCE = "i-0d2b7f49c3e815a60"


def new_account_instance(w: World, day: dt.date) -> Rows:
    """A8: the Japan account's quote web tool, up since the morning, has an SSRF in its PDF
    preview; its instance credentials are read from the metadata service and used from a
    droplet the same afternoon: no history for the account, the role or the key."""
    start = at(day, 7.9)
    s = w.session(
        start,
        org.JAPAN,
        "quote-web",
        QUOTE_INSTANCE,
        minted_by="ec2.amazonaws.com",
        hours=6,
        region="ap-northeast-1",
    )
    address = w.fresh("digitalocean")
    end = burst(
        w,
        start,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", None),
            ("iam.amazonaws.com", "ListAttachedRolePolicies", DENIED),
            ("ec2.amazonaws.com", "DescribeRegions", None),
            ("ec2.amazonaws.com", "DescribeInstances", None),
            ("ssm.amazonaws.com", "DescribeParameters", None),
            ("ssm.amazonaws.com", "GetParameter", None),
            ("ssm.amazonaws.com", "GetParameter", None),
            ("secretsmanager.amazonaws.com", "ListSecrets", DENIED),
            ("lambda.amazonaws.com", "ListFunctions20150331", DENIED),
        ],
        org.JAPAN,
        "ap-northeast-1",
        s.identity,
        address,
        org.UA_PACU,
        gap=(3, 25),
    )
    return [
        row(
            "A8",
            "new Japan account: quote tool's instance credentials (SSRF) used from DigitalOcean on its first day",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.JAPAN, "quote-web"),
            addresses=(address,),
            severity="medium",
        )
    ]


def booking_credentials(w: World, day: dt.date) -> Rows:
    """A9: a malicious npm dependency in the booking function posts its environment (the
    role's credentials) out; they are used from an instance in another AWS account."""
    start = at(day, 12.7)
    s = w.session(
        start,
        org.PROD,
        "airfreight-booking-lambda",
        "airfreight-booking",
        minted_by="lambda.amazonaws.com",
        hours=3,
    )
    address = w.fresh("aws:us-east-1")
    agent = (
        "aws-sdk-go-v2/1.32.2 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.66.0"
    )
    end = burst(
        w,
        start,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("secretsmanager.amazonaws.com", "GetSecretValue", None),
            ("s3.amazonaws.com", "ListBuckets", DENIED),
        ],
        org.PROD,
        org.HOME,
        s.identity,
        address,
        agent,
    )
    for i in range(50):
        if i % 10 == 0:
            w.s3_list(
                end,
                org.PROD,
                s.identity,
                org.DOCS_BUCKET,
                f"certificates/{day - dt.timedelta(days=i // 10):%Y/%m/%d}/",
                address,
                agent,
            )
        end += dt.timedelta(seconds=w.rng.randint(1, 5))
        w.s3_object(
            end,
            org.PROD,
            s.identity,
            "GetObject",
            org.DOCS_BUCKET,
            f"certificates/{day - dt.timedelta(days=i // 10):%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            address,
            agent,
        )
    return [
        row(
            "A9",
            "booking Lambda's credentials sent out by a malicious npm dependency, used from another AWS account",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.PROD, "airfreight-booking-lambda"),
            addresses=(address,),
            severity="medium",
        )
    ]


def lab_key(w: World, day: dt.date) -> Rows:
    """A10: the lab's LIMS server's credentials file taken; the key is tried from a Tor exit:
    persistence refused (no IAM rights), then the lab results it can read are pulled."""
    key = w.user_key(org.PROD, "labvantage-export")
    who = w.user(org.PROD, "labvantage-export")
    address = w.fresh("frantech")
    start = at(day, 23.1)
    end = burst(
        w,
        start,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("iam.amazonaws.com", "CreateUser", DENIED),
            ("iam.amazonaws.com", "CreateAccessKey", DENIED),
            ("iam.amazonaws.com", "ListUsers", DENIED),
            ("s3.amazonaws.com", "ListBuckets", DENIED),
        ],
        org.PROD,
        org.GLOBAL,
        who,
        address,
        org.UA_BOTO_KALI,
    )
    for i in range(30):
        end += dt.timedelta(seconds=w.rng.randint(2, 9))
        w.s3_object(
            end,
            org.PROD,
            who,
            "GetObject",
            org.DOCS_BUCKET,
            f"lab-results/{day - dt.timedelta(days=i % 7):%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.xml",
            address,
            org.UA_BOTO_KALI,
            size=w.rng.randint(4_000, 20_000),
        )
    return [
        row(
            "A10",
            "lab LIMS server's IAM key used from a Tor exit: IAM persistence refused, lab results pulled",
            start,
            end + dt.timedelta(minutes=1),
            key=key,
            addresses=(address,),
            severity="high",
        )
    ]


def renderer_task(w: World, day: dt.date) -> Rows:
    """A11: HTML injection in a certificate template makes the renderer fetch the task
    credentials endpoint into a PDF; they are used slowly from a VPS with the task's own SDK
    user agent, reading lab results for three hours (the credentials last six)."""
    start = at(day, 10.6)
    task = f"{w.rng.getrandbits(128):032x}"
    s = w.session(
        start,
        org.PROD,
        "export-docs-renderer-task",
        task,
        minted_by="ecs-tasks.amazonaws.com",
        hours=6,
        new=True,
    )
    nat = w.address("nat/prod", f"aws:{org.HOME}")
    for i in range(6):  # the batch it was started for
        w.s3_object(
            start + dt.timedelta(minutes=2 + 3 * i),
            org.PROD,
            s.identity,
            "PutObject",
            org.DOCS_BUCKET,
            f"certificates/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf",
            nat,
            org.UA_ECS_PY,
        )
    address = w.fresh("linode")
    end = start + dt.timedelta(minutes=40)
    w.s3_list(end, org.PROD, s.identity, org.DOCS_BUCKET, "lab-results/", address, org.UA_ECS_PY)
    for _ in range(16):
        end += dt.timedelta(seconds=w.rng.randint(300, 700))
        w.s3_object(
            end,
            org.PROD,
            s.identity,
            "GetObject",
            org.DOCS_BUCKET,
            f"lab-results/{day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.xml",
            address,
            org.UA_ECS_PY,
            size=w.rng.randint(4_000, 20_000),
        )
    return [
        row(
            "A11",
            "certificate renderer's task credentials leaked through HTML injection, read lab results from a VPS",
            start + dt.timedelta(minutes=39),
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.PROD, "export-docs-renderer-task"),
            addresses=(address,),
            severity="medium",
        )
    ]


def partner_backdoor(w: World, day: dt.date) -> Rows:
    """A5: the SAP partner's jump host compromised; at night the attacker uses the partner's
    support role (with the right external ID) to create a role trusting an outside account,
    which then snapshots the HANA volume and shares the snapshot out."""
    jump = w.address("sap-partner/jump", "aws:eu-central-1")

    start = at(day, 2.4)
    who = partner_identity(w, "m.keller", day)
    s = w.session(
        start,
        org.ERP,
        "sap-partner-support",
        "m.keller",
        caller=(who, jump, org.UA_BOTO_KALI),
        external_id="fjl-sap-7c21e94b",
        new=True,
    )
    outside = "730335218864"
    end = burst(
        w,
        start,
        [
            ("iam.amazonaws.com", "ListRoles", None),
            ("iam.amazonaws.com", "GetAccountAuthorizationDetails", None),
            ("iam.amazonaws.com", "CreateRole", None),
            ("iam.amazonaws.com", "AttachRolePolicy", None),
        ],
        org.ERP,
        org.GLOBAL,
        s.identity,
        jump,
        org.UA_BOTO_KALI,
        gap=(5, 30),
    )
    vps = w.fresh("digitalocean_fra")
    t = end + dt.timedelta(minutes=7)
    outsider = {
        "type": "AssumedRole",
        "principalId": "AROAOUTSIDE00000001:x",
        "arn": f"arn:aws:sts::{outside}:assumed-role/ops/x",
        "accountId": outside,
        "accessKeyId": w.trail.session_key(),
    }
    b = w.session(
        t, org.ERP, "AWSSupportOps", "support", caller=(outsider, vps, org.UA_BOTO_KALI), new=True
    )
    last = burst(
        w,
        t,
        [
            ("ec2.amazonaws.com", "DescribeInstances", None),
            ("ec2.amazonaws.com", "DescribeVolumes", None),
            ("ec2.amazonaws.com", "CreateSnapshot", None),
            ("ec2.amazonaws.com", "DescribeSnapshots", None),
            ("ec2.amazonaws.com", "ModifySnapshotAttribute", None),
        ],
        org.ERP,
        org.HOME,
        b.identity,
        vps,
        org.UA_BOTO_KALI,
        gap=(10, 90),
    )
    return [
        row(
            "A5",
            "SAP partner's support role used from its compromised jump host to make a role trusting an outside account",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=role_arn(org.ERP, "sap-partner-support"),
            addresses=(jump,),
            severity="high",
        ),
        row(
            "A5",
            "the backdoor role used from outside: HANA volume snapshot shared out",
            t,
            last + dt.timedelta(minutes=1),
            key=b.key,
            principal=role_arn(org.ERP, "AWSSupportOps"),
            addresses=(vps,),
            severity="high",
        ),
    ]


def mining(w: World, day: dt.date) -> Rows:
    """A6: an infostealer on the ERP admin's laptop takes his cached Identity Center CLI
    session; GPU instances are started in São Paulo, a region Fjordlaks never uses."""
    person = org.PEOPLE[1]
    role = w.sso_role(person.permission_set)
    address = w.fresh("chinanet")

    start = at(day, 16.8)
    s = sso_signin(w, start, person, org.ERP, address, org.UA_BOTO_KALI, console=False)
    region = "sa-east-1"
    end = burst(
        w,
        start,
        [
            ("ec2.amazonaws.com", "DescribeRegions", None),
            ("servicequotas.amazonaws.com", "GetServiceQuota", None),
            ("ec2.amazonaws.com", "DescribeImages", None),
            ("ec2.amazonaws.com", "CreateKeyPair", None),
            ("ec2.amazonaws.com", "CreateSecurityGroup", None),
            ("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", None),
            ("ec2.amazonaws.com", "RunInstances", "Client.VcpuLimitExceeded"),
            ("servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", None),
            ("ec2.amazonaws.com", "RunInstances", None),
            ("ec2.amazonaws.com", "RunInstances", None),
            ("ec2.amazonaws.com", "DescribeInstances", None),
        ],
        org.ERP,
        region,
        s.identity,
        address,
        org.UA_BOTO_KALI,
        gap=(4, 60),
    )
    return [
        row(
            "A6",
            "ERP admin's cached Identity Center CLI session stolen: GPU instances in sa-east-1",
            start,
            end + dt.timedelta(minutes=1),
            key=s.key,
            principal=sso_principal(org.ERP, role, person.email),
            addresses=(address,),
            severity="high",
        ),
        row(
            "A6",
            "the attacker's sign-in: AssumeRoleWithSAML from the attacker's address",
            start - dt.timedelta(minutes=1),
            start + dt.timedelta(minutes=1),
            principal=saml_principal(person.email),
            addresses=(address,),
            severity="high",
        ),
    ]
