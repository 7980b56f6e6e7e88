"""The attacks A7-A12 (``_attacks`` has A1-A6 and the shapes they share): a CI trust abused for
a backdoor role, a phished session turning detection off, the new account's instance
credentials, a snapshot shared out, LLMjacking, Identity Center persistence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._attacks import ATTACKER_ACCOUNT, CHROME_MAC, KALI, UBUNTU, Row, S, run
from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import DATA, MGMT, PLANT, PROD, REGION, Org
from benchmarks.heldout43._people import sso_session
from benchmarks.heldout43._trail import Trail, role_ident, truth_row, user_ident


def intrusions(trail: Trail, org: Org) -> list[Row]:
    """A7-A12."""
    rng, plan = trail.rng, org.plan
    rows: list[Row] = []

    def row(
        i: str, name: str, start: dt.datetime, end: dt.datetime, severity: str, **kw: Any
    ) -> None:
        rows.append(truth_row(i, name, "attack", start - S, end + S, severity=severity, **kw))

    # A7: GitHub OIDC trust without a subject condition: another repository's workflow makes a
    # backdoor role trusting the attacker's account, then assumes it from there
    t0 = plan.at(2, 12, 40, 5)
    sub = "repo:octo-lab-7731/actions-playground:ref:refs/heads/main"
    provider = f"arn:aws:iam::{PROD}:oidc-provider/token.actions.githubusercontent.com"
    caller = {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:sts.amazonaws.com:{sub}",
        "userName": sub,
        "identityProvider": provider,
    }
    ip = NETS["github"].host(rng)
    key = trail.key()
    minted = trail.mint(
        t0,
        PROD,
        REGION,
        caller,
        ip,
        "aws-sdk-nodejs/2.1692.0 linux/v20.18.0 configure-aws-credentials-for-github-actions promise",
        "kle-github-deploy",
        "GitHubActions",
        key,
        name="AssumeRoleWithWebIdentity",
        response={
            "subjectFromWebIdentityToken": sub,
            "audience": "sts.amazonaws.com",
            "provider": provider,
        },
    )
    ident = role_ident(PROD, "kle-github-deploy", "GitHubActions", key, t0)
    steps = [
        ("sts", "GetCallerIdentity"),
        ("iam", "ListRoles"),
        ("iam", "CreateRole"),
        ("iam", "AttachRolePolicy"),
        ("iam", "UpdateAssumeRolePolicy"),
    ]
    end = run(
        trail,
        t0,
        PROD,
        ident,
        steps,
        ip,
        "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#iam.create-role",
        gap=(3, 20),
    )
    row(
        "A7",
        "a foreign repository's workflow through the deploy role's OIDC trust makes a backdoor role",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
        events=minted,
    )
    t0 = end + dt.timedelta(minutes=34)
    key = trail.key()
    ip = NETS["attacker_aws_eu"].host(rng)
    outside = {
        "type": "AWSAccount",
        "principalId": "AIDA3XQ7ATTK0R5ECRT1:ops",
        "accountId": ATTACKER_ACCOUNT,
    }
    minted = trail.mint(
        t0,
        PROD,
        REGION,
        outside,
        ip,
        UBUNTU.format(c="sts.assume-role"),
        "kle-support-diagnostics",
        "diag",
        key,
    )
    ident = role_ident(PROD, "kle-support-diagnostics", "diag", key, t0)
    steps = [
        ("sts", "GetCallerIdentity"),
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "GetSecretValue"),
        ("iam", "ListUsers"),
        ("dynamodb", "ListTables"),
    ]
    end = run(trail, t0, PROD, ident, steps, ip, UBUNTU.format(c="secretsmanager.get-secret-value"))
    row(
        "A7",
        "the backdoor role assumed from the attacker's account",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
        events=minted,
    )
    # A8: a platform engineer's portal session phished through an AiTM proxy (TOTP relayed):
    # detector, flow logs, trail, recorder and Security Hub off, a bucket opened to another account
    victim = [p for p in org.people if p.permission_set == "PlatformAdmin"][-1]
    t0 = plan.at(4, 20, 10, 44)
    ip = NETS["ovh"].host(rng)
    key, minted, ident = sso_session(
        trail, victim, PROD, "PlatformAdmin", t0, ip, CHROME_MAC, console=False
    )
    steps = [
        ("guardduty", "ListDetectors"),
        ("guardduty", "DeleteDetector"),
        ("ec2", "DescribeFlowLogs"),
        ("ec2", "DeleteFlowLogs"),
        ("logs", "DeleteLogGroup"),
        ("cloudtrail", "DescribeTrails"),
        ("cloudtrail", "StopLogging"),
        ("config", "StopConfigurationRecorder"),
        ("securityhub", "DisableSecurityHub"),
        ("s3", "PutBucketPolicy"),
        ("s3", "PutBucketPublicAccessBlock"),
    ]
    end = run(
        trail, t0, PROD, ident, steps, ip, KALI.format(c="guardduty.delete-detector"), gap=(8, 60)
    )
    row(
        "A8",
        "AiTM-phished engineer session turns off detection and opens a bucket",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
        events=minted,
    )
    # A9: the Lahendong historian's instance credentials from Linode Tokyo on its first day
    t0 = plan.at(2, 11, 20, 3)
    inst = sorted(k for k in plan.keys if k.startswith(f"{PLANT}:historian:"))[0]
    key, session, issued = plan.held(inst, t0)
    ident = role_ident(PLANT, "lhd-historian-ingest", session, key, issued, ec2=True)
    ip = NETS["linode_tyo"].host(rng)
    steps = [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("s3", "ListObjectsV2")]
    steps += [("s3", "GetObject")] * 6 + [
        ("ec2", "DescribeInstances"),
        ("iam", "ListAttachedRolePolicies"),
        ("ssm", "DescribeParameters"),
    ]
    end = run(
        trail,
        t0,
        PLANT,
        ident,
        steps,
        ip,
        KALI.format(c="s3.ls"),
        denied=("ListAttachedRolePolicies",),
    )
    row(
        "A9",
        "new plant account's historian credentials from Linode Tokyo on its first day",
        t0,
        end,
        "medium",
        key=key,
        ips=ip,
    )
    # A10: the alarm notifier's credentials (a debug endpoint echoed its environment) share a
    # snapshot of the historian database volume with an outside account
    t0 = plan.at(3, 13, 31, 9)
    key, session, issued = plan.held(f"{PROD}:lambda:kle-alarm-notifier", t0)
    ident = role_ident(PROD, "kle-alarm-notifier-role", session, key, issued)
    ip = NETS["aeza"].host(rng)
    ua = (
        "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 "
        "lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"
    )
    steps = [
        ("sts", "GetCallerIdentity"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeVolumes"),
        ("ec2", "CreateSnapshot"),
        ("ec2", "DescribeSnapshots"),
        ("ec2", "DescribeSnapshots"),
        ("ec2", "DescribeSnapshots"),
        ("ec2", "ModifySnapshotAttribute"),
        ("ec2", "DescribeSnapshotAttribute"),
    ]
    end = run(trail, t0, PROD, ident, steps, ip, ua, gap=(20, 240))
    row(
        "A10",
        "Lambda credentials share a database volume snapshot with an outside account",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
    )
    # A11: LLMjacking: the data scientist's key from Alibaba Cloud Hong Kong
    t0 = plan.at(1, 21, 3, 3)
    key = org.plan.user_keys["notebook"]
    ident = user_ident(DATA, "svc-ml-notebook", key)
    ip = NETS["alibaba_hk"].host(rng)
    ua = "aws-sdk-js/3.600.0 ua/2.1 os/linux#5.15.0 lang/js md/nodejs#20.12.2 api/bedrock-runtime#3.600.0"
    t = t0
    for region, name in (
        ("us-east-1", "GetModelInvocationLoggingConfiguration"),
        ("us-east-1", "ListFoundationModels"),
        ("us-west-2", "ListFoundationModels"),
        ("us-east-1", "GetFoundationModelAvailability"),
        ("us-east-1", "ListFoundationModelAgreementOffers"),
        ("us-east-1", "PutUseCaseForModelAccess"),
        ("us-east-1", "CreateFoundationModelAgreement"),
    ) + (("us-east-1", "InvokeModel"),) * 8:
        t += dt.timedelta(seconds=rng.randint(3, 60))
        trail.add(
            t,
            DATA,
            region,
            ident,
            "bedrock",
            name,
            ip,
            ua,
            error="AccessDeniedException" if name == "InvokeModel" and rng.random() < 0.3 else None,
        )
    row(
        "A11",
        "LLMjacking with the data scientist's key from Alibaba Cloud Hong Kong",
        t0,
        t,
        "medium",
        key=key,
        ips=ip,
    )
    # A12: an administrator's portal token stolen by an infostealer: a new Identity Center user
    # with administrator assignments and a second SAML provider, through a VPN exit
    admin = next(p for p in org.people if p.permission_set == "AdministratorAccess")
    t0 = plan.at(4, 16, 33, 15)
    ip = NETS["vpn_sg"].host(rng)
    key, minted, ident = sso_session(
        trail, admin, MGMT, "AdministratorAccess", t0, ip, CHROME_MAC, console=True
    )
    steps = [
        ("organizations", "ListAccounts"),
        ("sso", "ListInstances"),
        ("sso", "ListPermissionSets"),
        ("identitystore", "CreateUser"),
        ("identitystore", "CreateGroupMembership"),
        ("sso", "CreateAccountAssignment"),
        ("sso", "CreateAccountAssignment"),
        ("sso", "CreateAccountAssignment"),
        ("iam", "CreateSAMLProvider"),
    ]
    end = run(trail, t0, MGMT, ident, steps, ip, CHROME_MAC, console=True, gap=(15, 120))
    row(
        "A12",
        "stolen admin portal token: a new Identity Center admin and a second SAML provider",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
        events=minted,
    )
    return rows
