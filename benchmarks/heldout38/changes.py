"""The benign changes (B1-B12) that make detectors cry wolf in an online pharmacy, with their
truth rows; the volume and agent changes themselves are in the daily background (B1 flu,
B3 new pharmacists, B6 the WorkSpaces image, B8 Datadog, B9 the insurer, B10 the EDI key,
B12 the fax instance), the one-off work here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import HOME, MGMT, PROD, QC
from benchmarks.heldout38.pharmacy import World
from benchmarks.heldout38.plan import at, jitter
from benchmarks.heldout38.records import Session

LAMBDA_ROLES = (
    "rx-intake-lambda",
    "textract-callback-lambda",
    "rx-dispatch-lambda",
    "order-notifier-lambda",
)


def role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def sso_arn(w: World, account: str, permission: str, user: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/{w.tr.sso_role(account, permission)}/{user}"


def qc_instance(w: World, day: dt.date) -> None:
    """The Quebec intake instance (launched in B2 at 16:00 on slot 2): EC2 minting its
    credentials, the SSM agent every five minutes."""
    if not w.plan.since(2, day):
        return
    name = w.tr.org.instance("qc-instance")
    first = 16.1 if w.plan.slot(2) == day else 0.0
    if "qc_eip" not in w.net:
        w.net["qc_eip"] = w.tr.org.ip("15.223.90", o.AWS_CA)
    w.rotate(
        "ec2",
        QC,
        "qc-intake-ec2",
        name,
        day,
        hours=(6.0, 6.0),
        first=first,
        pool=[w.net["qc_eip"]],
        ec2=True,
    )
    for m in range(int(first * 12) + 5, 288):
        t = at(day, m / 12 + w.rng.uniform(0.005, 0.02))
        s = w.current(QC, name, t)
        w.tr.call(
            t,
            s,
            QC,
            HOME,
            "ssm",
            "UpdateInstanceInformation",
            w.net["qc_eip"],
            o.SSM_AGENT,
            params={"instanceId": name, "agentStatus": "Active", "platformType": "Linux"},
        )


def b2_quebec(w: World) -> None:
    """B2: the Quebec launch: the account created in Organizations by an engineer, then built
    through OrganizationAccountAccessRole (CloudFormation, roles, functions, the instance, a
    French sending identity)."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(2)
    p = w.net["platform"][3]
    ip = p.ips[1]
    t0 = t = at(day, 13.5 + rng.uniform(0, 0.3))
    s = tr.saml(MGMT, p.permission, p.user, t, ip, p.agent)
    t = jitter(rng, t, 30, 120)
    tr.call(
        t,
        s,
        MGMT,
        "us-east-1",
        "organizations",
        "CreateAccount",
        ip,
        p.agent,
        params={"accountName": "cedarline-prod-qc", "email": "HIDDEN_DUE_TO_SECURITY_REASONS"},
        response={
            "createAccountStatus": {
                "id": "car-" + f"{rng.getrandbits(128):032x}",
                "state": "IN_PROGRESS",
                "accountName": "cedarline-prod-qc",
            }
        },
        console=True,
    )
    t = jitter(rng, t, 200, 400)
    tr.call(
        t,
        s,
        MGMT,
        "us-east-1",
        "organizations",
        "DescribeCreateAccountStatus",
        ip,
        p.agent,
        console=True,
    )
    tr.call(
        jitter(rng, t, 5, 30),
        s,
        MGMT,
        "us-east-1",
        "organizations",
        "MoveAccount",
        ip,
        p.agent,
        params={
            "accountId": QC,
            "sourceParentId": "r-k3x9",
            "destinationParentId": "ou-k3x9-prodwk1",
        },
        console=True,
    )
    # role chaining from the management session into the new account
    t = jitter(rng, t, 60, 240)
    q = tr.session(QC, "OrganizationAccountAccessRole", p.user, t)
    _, role_arn = tr.role_ids(QC, "OrganizationAccountAccessRole")
    tr.call(
        t,
        s,
        QC,
        "us-east-1",
        "sts",
        "AssumeRole",
        ip,
        p.agent,
        params={"roleArn": role_arn, "roleSessionName": p.user},
        response=tr._minted(q, 3600),
        resources=[{"accountId": QC, "type": "AWS::IAM::Role", "ARN": role_arn}],
        console=True,
    )
    steps: list[tuple[str, str, dict[str, Any] | None]] = [
        ("cloudformation", "CreateStack", {"stackName": "qc-baseline"})
    ]
    steps += [("iam", "CreateRole", {"roleName": r}) for r in ("qc-intake-ec2", *LAMBDA_ROLES)]
    steps += [
        ("lambda", "CreateFunction20150331", {"functionName": f})
        for f in ("rx-intake", "textract-callback", "order-notifier")
    ]
    steps += [
        ("s3", "CreateBucket", {"bucketName": "cedarline-rx-scans-prod-qc"}),
        ("states", "CreateStateMachine", {"name": "prescription-fulfilment"}),
    ]
    steps += [
        (
            "ec2",
            "RunInstances",
            {
                "instanceType": "t3.medium",
                "iamInstanceProfile": {"name": "qc-intake-ec2"},
                "minCount": 1,
                "maxCount": 1,
            },
        )
    ]
    steps += [
        ("sesv2", "CreateEmailIdentity", {"emailIdentity": "ordonnances.cedarlinerx.ca"}),
        ("cloudformation", "DescribeStacks", None),
    ]
    for service, name, params in steps:
        t = jitter(rng, t, 20, 150)
        region = "us-east-1" if service == "iam" else HOME
        tr.call(t, q, QC, region, service, name, ip, p.agent, params=params, console=True)
    end = at(w.plan.scored[-1], 24)
    w.row(
        "B2",
        "Quebec launch: the account created and built",
        t0,
        jitter(rng, t, 60, 60),
        arn=s.arn,
        severity="low",
    )
    w.row(
        "B2", "Quebec launch: the account created and built", t0, end, arn=role_arn, severity="low"
    )
    for r in (*LAMBDA_ROLES, "qc-intake-ec2"):
        w.row(
            "B2",
            "Quebec launch: the new account's workloads",
            t0,
            end,
            arn=role(QC, r),
            severity="low",
        )
    for ph in w.net["pharmacists"][:2]:
        w.row(
            "B2",
            "Quebec launch: pharmacists reviewing in the new account",
            t0,
            end,
            arn=sso_arn(w, QC, ph.permission, ph.user),
            severity="low",
        )
    w.row(
        "B2",
        "Quebec launch: AWS Config in the new account",
        t0,
        end,
        arn=role(QC, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
        severity="low",
    )


def b4_ses_domain(w: World) -> None:
    """B4: a new SES sending domain for refill reminders: identity, DKIM, MAIL FROM, the DNS
    records in Route 53, a configuration set; then polled until verified."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(2)
    p = w.net["platform"][3]
    ip = p.ips[1]
    t0 = t = at(day, 18.0 + rng.uniform(0, 0.5))
    s = tr.saml(PROD, p.permission, p.user, t, ip, p.agent)
    steps = [
        ("sesv2", "CreateEmailIdentity", {"emailIdentity": "refills.cedarlinerx.ca"}),
        (
            "sesv2",
            "PutEmailIdentityMailFromAttributes",
            {
                "emailIdentity": "refills.cedarlinerx.ca",
                "mailFromDomain": "bounce.refills.cedarlinerx.ca",
            },
        ),
        ("sesv2", "CreateConfigurationSet", {"configurationSetName": "refill-reminders"}),
        ("route53", "ListHostedZones", None),
    ] + [("route53", "ChangeResourceRecordSets", {"hostedZoneId": "Z08123ABCDEF"})] * 4
    steps += [
        ("sesv2", "GetEmailIdentity", {"emailIdentity": "refills.cedarlinerx.ca"})
    ] * rng.randrange(5, 9)
    steps += [("ses", "GetSendQuota", None), ("sesv2", "GetAccount", None)]
    for service, name, params in steps:
        t = jitter(rng, t, 15, 240)
        region = "us-east-1" if service == "route53" else HOME
        tr.call(t, s, PROD, region, service, name, ip, p.agent, params=params, console=True)
    w.row("B4", "a new SES sending domain for refill reminders", t0, t, arn=s.arn, severity="low")


def b5_auditor(w: World) -> None:
    """B5: the external privacy auditor (PIPEDA / PHIPA assessment): a read-only role with an
    external ID, assumed from the firm's Ottawa office; Prowler and the CLI over two days."""
    tr, rng = w.tr, w.rng
    ips = w.net["auditor"]
    checks = [
        ("iam", "GetAccountPasswordPolicy"),
        ("iam", "ListUsers"),
        ("iam", "ListRoles"),
        ("iam", "ListPolicies"),
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "GenerateCredentialReport"),
        ("iam", "GetCredentialReport"),
        ("iam", "ListMFADevices"),
        ("iam", "ListAccessKeys"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketEncryption"),
        ("s3", "GetBucketPolicy"),
        ("s3", "GetBucketPublicAccessBlock"),
        ("s3", "GetBucketLogging"),
        ("s3", "GetBucketVersioning"),
        ("cloudtrail", "DescribeTrails"),
        ("cloudtrail", "GetTrailStatus"),
        ("cloudtrail", "GetEventSelectors"),
        ("kms", "ListKeys"),
        ("kms", "DescribeKey"),
        ("kms", "GetKeyRotationStatus"),
        ("config", "DescribeConfigurationRecorders"),
        ("guardduty", "ListDetectors"),
        ("ec2", "DescribeSecurityGroups"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeVolumes"),
        ("rds", "DescribeDBInstances"),
        ("lambda", "ListFunctions20150331"),
        ("lambda", "GetPolicy20150331v2"),
        ("secretsmanager", "ListSecrets"),
        ("macie2", "GetMacieSession"),
        ("backup", "ListBackupPlans"),
    ]
    for slot in (1, 2):
        day = w.plan.slot(slot)
        t0 = t = at(day, 14.0 + rng.uniform(0, 0.5))
        s: Session | None = None
        for k in range(rng.randrange(180, 260)):
            if k % 60 == 0:
                t = jitter(rng, t, 10, 60)
                s = tr.cross_account(
                    o.AUDITOR,
                    "assessor",
                    PROD,
                    "us-east-1",
                    "privacy-audit-readonly",
                    f"audit-{day:%m%d}-{k // 60}",
                    t,
                    ips[0],
                    o.PROWLER,
                    "pipeda-2026-cedarline",
                )
            assert s is not None
            t = jitter(rng, t, 1, 25)
            service, name = rng.choice(checks)
            region = "us-east-1" if service in ("iam", "s3") else rng.choice(o.REGIONS)
            agent = o.PROWLER if k % 5 else o.AUDIT_CLI.format(cmd=f"{service}.{name.lower()}")
            error = (
                (
                    "AccessDenied",
                    f"User: {s.identity['arn']} is not authorized to perform: {service}:{name}",
                )
                if name in ("GetBucketPolicy", "GetMacieSession") and rng.random() < 0.4
                else None
            )
            tr.call(t, s, PROD, region, service, name, ips[k % 2], agent, error=error)
        w.row(
            "B5",
            "the external privacy auditor's read-only assessment",
            t0,
            t,
            arn=role(PROD, "privacy-audit-readonly"),
            ips=ips,
            severity="low",
        )
        w.row(
            "B5",
            "the external privacy auditor's read-only assessment (AssumeRole)",
            t0,
            t,
            ips=ips,
            severity="low",
        )
