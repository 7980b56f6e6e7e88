"""The attacks on LwaziPay, each from a public write-up, with their truth rows: by key, address
and event IDs, with the severity each must reach."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout23._net import BLOCKS, ua
from benchmarks.heldout23._org import ACCOUNTS, OUTSIDE_ACCOUNT, PEOPLE, World
from benchmarks.heldout23._people import sso_session
from benchmarks.heldout23._rows import attack, burst, row
from benchmarks.heldout23._trail import iam_user
from benchmarks.heldout23._workloads import Call

PAY, BILL, FRAUDML = ACCOUNTS["payments"], ACCOUNTS["billing"], ACCOUNTS["fraudml"]


def attacks(w: World) -> None:
    """A1..A10 on the scored days."""
    s1, s2, s3, s4, s5 = w.scored
    # A1 (Sysdig SCARLETEEL, Mandiant): an SSRF in a Jenkins plugin reads the controller's
    # instance-profile credentials from IMDS; used from a DigitalOcean droplet; A8 follows.
    vps = BLOCKS["vps_do"].host(77)
    jenkins = w.notes["jenkins"]
    key = jenkins["keys"][s2][19]  # type: ignore[index]
    t0 = w.at(s2, 19.3)
    ids, t = burst(
        w,
        key,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("s3", "ListBuckets"),
            ("secretsmanager", "ListSecrets"),
            ("iam", "ListRoles"),
            ("ec2", "DescribeInstances"),
        ],
        vps,
        ua("py_requests"),
        denied=("ListRoles",),
    )
    session = f"jenkins-{s2:%m%d}-99"
    deploy = w.session(PAY, "terraform-deploy", session, t)
    ids.append(
        w.trail.call(
            key,
            t + dt.timedelta(seconds=30),
            "sts",
            "AssumeRole",
            vps,
            ua("py_requests"),
            account=PAY,
            params={
                "roleArn": f"arn:aws:iam::{PAY}:role/terraform-deploy",
                "roleSessionName": session,
            },
            response={"credentials": {"accessKeyId": deploy.key}},
        )
    )
    row(
        w,
        "A1",
        "Jenkins instance credentials from IMDS used from a VPS",
        "attack",
        t0,
        t + dt.timedelta(minutes=1),
        key=key.key or "",
        ips=[vps],
        events=ids,
        severity="medium",
    )
    # A8 (Sysdig, Datadog Stratus: GuardDuty filter, shared snapshot): the deploy role from
    # the same droplet archives GuardDuty findings first, then shares an Aurora snapshot.
    filt = {
        "action": "ARCHIVE",
        "name": "suppress-noise",
        "findingCriteria": {"criterion": {"severity": {"gte": 0}}},
    }
    calls: list[Call] = [
        ("guardduty", "ListDetectors"),
        ("guardduty", "ListFilters"),
        ("guardduty", "CreateFilter"),
        ("rds", "DescribeDBClusters"),
        ("rds", "CreateDBClusterSnapshot"),
        ("rds", "DescribeDBClusterSnapshots"),
        ("rds", "ModifyDBClusterSnapshotAttribute"),
    ]
    ids, end = burst(
        w,
        deploy,
        t + dt.timedelta(minutes=3),
        calls,
        vps,
        ua("py_requests"),
        gap=90,
        params={
            "CreateFilter": filt,
            "ModifyDBClusterSnapshotAttribute": {
                "dBClusterSnapshotIdentifier": "wallet-ledger-manual-1",
                "attributeName": "restore",
                "valuesToAdd": ["all"],
            },
        },
    )
    row(
        w,
        "A8",
        "GuardDuty findings archived, then an Aurora snapshot shared publicly",
        "attack",
        t,
        end,
        key=deploy.key or "",
        ips=[vps],
        events=ids,
        severity="high",
    )
    # A3 (Permiso, Wiz: SES abuse): a developer's long-lived key checks SES quotas, verifies a
    # look-alike domain and asks for production access, then sends.
    lerato = iam_user(w.ids, BILL, "dev-lerato.m", w.keys["dev-lerato.m"])
    vpn = BLOCKS["vpn_datacamp"].host(31)
    calls = [
        ("sts", "GetCallerIdentity"),
        ("sesv2", "GetAccount"),
        ("ses", "GetSendQuota"),
        ("ses", "ListIdentities"),
        ("ses", "GetIdentityVerificationAttributes"),
        ("sesv2", "CreateEmailIdentity"),
        ("sesv2", "PutAccountDetails"),
        ("ses", "UpdateAccountSendingEnabled"),
    ] + [("ses", "SendEmail")] * 6
    t0 = w.at(s1, 14.1)
    attack(
        w,
        "A3",
        "SES phishing run from a developer's stolen access key",
        lerato,
        t0,
        calls,
        vpn,
        ua("py_requests"),
        gap=60,
        params={"CreateEmailIdentity": {"emailIdentity": "lwazipay-secure.co"}},
    )
    # A10 (cold start; Unit 42, Datadog: SageMaker notebook credentials): the new account's
    # notebook key exfiltrated on the account's second day and used from Contabo.
    keys, _ = w.notes["nb"][(FRAUDML, s3)]  # type: ignore[index]
    book = keys[11]
    far = BLOCKS["vps_contabo"].host(9)
    t0 = w.at(s3, 11.4)
    attack(
        w,
        "A10",
        "new account's notebook credentials used from a VPS (cold start)",
        book,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("s3", "ListBuckets"),
            ("iam", "ListRoles"),
            ("sagemaker", "ListNotebookInstances"),
            ("secretsmanager", "ListSecrets"),
            ("iam", "ListAttachedRolePolicies"),
        ],
        far,
        ua("py_requests"),
        account=FRAUDML,
    )
    # A6 (insider / vendor abuse, Invictus IR): the NOC's night shift reads secrets in bulk from
    # the NOC's own (new) egress with its own CLI: outside the read-only role's habits.
    arjun = next(p for p in PEOPLE if p.user == "noc.arjun.m")
    ip = w.person_ip(arjun, "noc_new")
    t0 = w.at(s3, 22.6)
    who, agent = sso_session(w, arjun, PAY, "NOCReadOnly", t0, ip, console=False)
    calls = [("secretsmanager", "ListSecrets")] * 3 + [
        ("secretsmanager", "GetSecretValue")
    ] * w.count(40, 12)
    attack(
        w,
        "A6",
        "NOC session reads secrets in bulk",
        who,
        t0,
        calls,
        ip,
        ua(arjun.tool, "secretsmanager.get-secret-value"),
        gap=12,
        account=PAY,
        named_ip=False,
    )
    # A2 (Wiz, Datadog security labs: EKS access entries): a platform engineer's cached SSO
    # token (infostealer) redeemed from a London VPS; cluster-admin for an outside principal.
    thandi = next(p for p in PEOPLE if p.user == "thandi.mokoena")
    vps2 = BLOCKS["vps_clouvider"].host(140)
    t0 = w.at(s4, 21.2)
    who, _ = sso_session(w, thandi, PAY, "PlatformAdmin", t0, vps2, console=False)
    issued = [str(w.notes["issued"]["event"])]  # GetRoleCredentials from the VPS
    outside = f"arn:aws:iam::{OUTSIDE_ACCOUNT}:role/eks-ops"
    attack(
        w,
        "A2",
        "EKS cluster-admin access entry for an outside principal",
        who,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("eks", "ListClusters"),
            ("eks", "DescribeCluster"),
            ("eks", "ListAccessEntries"),
            ("eks", "CreateAccessEntry"),
            ("eks", "AssociateAccessPolicy"),
        ],
        vps2,
        ua("kali_cli", "eks.create-access-entry"),
        gap=50,
        params={
            "CreateAccessEntry": {"clusterName": "wallet-prod", "principalArn": outside},
            "AssociateAccessPolicy": {
                "clusterName": "wallet-prod",
                "principalArn": outside,
                "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                "accessScope": {"type": "cluster"},
            },
        },
        first=issued,
    )
    # A7 (Rhino Security Labs, Datadog Stratus: KMS key policy): the invoice Lambda's
    # credentials (from its environment, through the PDF renderer) used from a VPN exit on the
    # threat list to open the ledger key to an outside account.
    lam, _, _ = w.notes["lambda"][(s4, 1)]  # type: ignore[index]
    bad = BLOCKS["threat_m247"].host(45)
    t0 = w.at(s4, 13.1)
    policy = {
        "keyId": "alias/billing-cdr",
        "policyName": "default",
        "policy": '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'
        + OUTSIDE_ACCOUNT
        + ':root"},"Action":"kms:*"}]}',
    }
    attack(
        w,
        "A7",
        "KMS key policy opened to an outside account with Lambda credentials",
        lam,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("kms", "ListKeys"),
            ("kms", "ListAliases"),
            ("kms", "GetKeyPolicy"),
            ("kms", "PutKeyPolicy"),
            ("kms", "CreateGrant"),
        ],
        bad,
        ua("py_requests"),
        params={
            "PutKeyPolicy": policy,
            "CreateGrant": {"granteePrincipal": f"arn:aws:iam::{OUTSIDE_ACCOUNT}:root"},
        },
    )
    # A4 (Permiso on Amazon Connect, Mandiant on SIM-swap crews): a supervisor's Okta account
    # taken over by SIM swap; from a Lagos mobile address the inbound flow forwards to a number.
    themba = next(p for p in PEOPLE if p.user == "themba.mahlangu")
    proxy = BLOCKS["proxy_ng"].host(23)
    t0 = w.at(s5, 1.8)
    who, agent = sso_session(
        w, themba, ACCOUNTS["contact"], "ConnectSupervisor", t0, proxy, console=True
    )
    issued = [str(w.notes["issued"]["event"])]  # Federate (Identity Center) from Lagos
    attack(
        w,
        "A4",
        "Connect contact flow forwards wallet-support calls to an outside number",
        who,
        t0,
        [
            ("connect", "ListContactFlows"),
            ("connect", "DescribeContactFlow"),
            ("connect", "ListPhoneNumbersV2"),
            ("connect", "SearchAvailablePhoneNumbers"),
            ("connect", "ClaimPhoneNumber"),
            ("connect", "UpdateContactFlowContent"),
            ("connect", "AssociatePhoneNumberContactFlow"),
        ],
        proxy,
        agent,
        gap=70,
        account=ACCOUNTS["contact"],
        params={
            "UpdateContactFlowContent": {
                "contactFlowId": "inbound-wallet-support",
                "content": "TransferToPhoneNumber +2348031234567",
            }
        },
        first=issued,
    )
    # A5 (Lacework, Datadog: MSK exposed): the MSK cron job's key from Hetzner.
    ops = iam_user(w.ids, BILL, "kafka-ops", w.keys["kafka-ops"])
    hz = BLOCKS["vps_hetzner"].host(201)
    t0 = w.at(s5, 10.2)
    attack(
        w,
        "A5",
        "MSK cluster made publicly reachable with the cron job's key",
        ops,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("kafka", "ListClustersV2"),
            ("kafka", "DescribeClusterV2"),
            ("kafka", "GetBootstrapBrokers"),
            ("kafka", "UpdateSecurity"),
            ("kafka", "UpdateConnectivity"),
            ("ec2", "DescribeSecurityGroups"),
            ("ec2", "AuthorizeSecurityGroupIngress"),
        ],
        hz,
        ua("pacu"),
        gap=60,
        params={
            "UpdateConnectivity": {
                "connectivityInfo": {"publicAccess": {"type": "SERVICE_PROVIDED_EIPS"}}
            },
            "AuthorizeSecurityGroupIngress": {
                "cidrIp": "0.0.0.0/0",
                "fromPort": 9198,
                "toPort": 9198,
            },
        },
    )
    # A9 (cold start; Invictus IR, AWS CIRT): a forgotten bootstrap IAM user of the
    # management account, never seen in the trail, assumes OrganizationAccountAccessRole into
    # the new account and makes itself an admin user there.
    boot = iam_user(w.ids, ACCOUNTS["shared"], "org-bootstrap")
    vultr = BLOCKS["vps_vultr"].host(66)
    t0 = w.at(s5, 15.1)
    org = w.session(FRAUDML, "OrganizationAccountAccessRole", "bootstrap", t0)
    first = w.trail.call(
        boot,
        t0,
        "sts",
        "AssumeRole",
        vultr,
        ua("kali_cli", "sts.assume-role"),
        account=FRAUDML,
        params={
            "roleArn": f"arn:aws:iam::{FRAUDML}:role/OrganizationAccountAccessRole",
            "roleSessionName": "bootstrap",
        },
        response={"credentials": {"accessKeyId": org.key}},
    )
    ids, end = burst(
        w,
        org,
        t0,
        [
            ("sts", "GetCallerIdentity"),
            ("iam", "ListUsers"),
            ("iam", "CreateUser"),
            ("iam", "AttachUserPolicy"),
            ("iam", "CreateAccessKey"),
            ("iam", "CreateLoginProfile"),
        ],
        vultr,
        ua("kali_cli", "iam.create-user"),
        account=FRAUDML,
        params={
            "CreateUser": {"userName": "svc-backup"},
            "AttachUserPolicy": {
                "userName": "svc-backup",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        },
    )
    row(
        w,
        "A9",
        "IAM admin user created in the new account by a never-seen credential",
        "attack",
        t0,
        end,
        key=boot.key or "",
        ips=[vultr],
        events=[first],
        severity="medium",
    )
    row(
        w,
        "A9",
        "IAM admin user created in the new account by a never-seen credential",
        "attack",
        t0,
        end,
        key=org.key or "",
        ips=[vultr],
        events=ids,
        severity="medium",
    )
