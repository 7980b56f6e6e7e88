"""The attacks of the third to fifth scored days (A2, A5, A7, A8, A10 and the cold start A11);
``_attacks`` has the write-ups they follow and the first days' attacks."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import pod_session
from benchmarks.heldout11._attacks_kit import BOTO_VPS, KALI, _run
from benchmarks.heldout11._net import OUTSIDE
from benchmarks.heldout11._people import sso_session
from benchmarks.heldout11._trail import Mint, console, console_login, mint, service
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World


def later(w: World, truth: Truth, scored: list[dt.date]) -> None:
    s2, s3, s4 = scored[2:]
    trail = w.trail

    # A2: a platform engineer's CLI session, stolen from the laptop, adds an EKS access entry.
    t = w.local(s2, 10.2)
    rohan = next(p for p in org.ENGINEERS if p.name == "rohan.kulkarni")
    home = w.lease(rohan.name, rohan.home_town, s2)  # at the family home for the festival week
    s = sso_session(
        w,
        t,
        f"{rohan.name}@sitarapay.in",
        rohan.perm,
        acct=org.PROD,
        ip=home,
        ua=org.UA[rohan.cli].replace("{cmd}", "sso.login"),
    )
    w.calls(
        s,
        t,
        1200,
        6,
        org.PERM_CALLS[rohan.perm],
        acct=org.PROD,
        region="ap-south-1",
        ip=home,
        ua=org.UA[rohan.cli],
    )
    ip = OUTSIDE["ovh_fr"].pick(w.rng)
    outside_role = f"arn:aws:iam::{org.OUTSIDER}:role/k8s-ops"
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("eks", "ListClusters", None, None),
        ("eks", "DescribeCluster", {"name": "sitara-prod-aps1"}, None),
        ("eks", "ListAccessEntries", {"clusterName": "sitara-prod-aps1"}, None),
        (
            "eks",
            "CreateAccessEntry",
            {"clusterName": "sitara-prod-aps1", "principalArn": outside_role, "type": "STANDARD"},
            None,
        ),
        (
            "eks",
            "AssociateAccessPolicy",
            {
                "clusterName": "sitara-prod-aps1",
                "principalArn": outside_role,
                "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                "accessScope": {"type": "cluster"},
            },
            None,
        ),
    ]
    ids, end = _run(w, s, t + dt.timedelta(minutes=70), steps, acct=org.PROD, ip=ip, ua=KALI)
    truth.attack(
        "A2",
        "EKS access entry and cluster-admin policy for an outside account's role",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )

    # A5: the security admin's federated console sign-in from a Singapore VPS; key policy, then deletion.
    t = w.local(s2, 1.7)
    ip = OUTSIDE["vultr_sg"].pick(w.rng)
    nikhil = next(p for p in org.ENGINEERS if p.name == "nikhil.joshi")
    s = sso_session(
        w,
        t,
        f"{nikhil.name}@sitarapay.in",
        nikhil.perm,
        acct=org.PROD,
        ip=ip,
        ua=org.UA["browser_win"],
        hours=1,
    )
    mint_id = trail.records[-1][2]["eventID"]
    login = console_login(
        trail, t + dt.timedelta(seconds=4), s, acct=org.PROD, ip=ip, ua=org.UA["browser_win"]
    )
    c = console(s, trail)
    key_arn = f"arn:aws:kms:ap-south-1:{org.PROD}:key/7c1e9d52-3a0b-4f4e-9a61-2b8d7e0c5f13"
    steps = [
        ("kms", "ListKeys", None, None),
        ("kms", "ListAliases", None, None),
        *[("kms", "DescribeKey", {"keyId": key_arn}, None)] * 2,
        ("kms", "GetKeyPolicy", {"keyId": key_arn, "policyName": "default"}, None),
        (
            "kms",
            "PutKeyPolicy",
            {"keyId": key_arn, "policyName": "default", "bypassPolicyLockoutSafetyCheck": True},
            None,
        ),
        ("kms", "DisableKey", {"keyId": key_arn}, None),
        ("kms", "ScheduleKeyDeletion", {"keyId": key_arn, "pendingWindowInDays": 7}, None),
    ]
    ids, end = _run(
        w,
        c,
        t + dt.timedelta(seconds=30),
        steps,
        acct=org.PROD,
        ip=ip,
        ua=org.UA["browser_win"],
        gap=35,
    )
    truth.attack(
        "A5",
        "KMS key policy replaced, key disabled and scheduled for deletion from a VPS console",
        t,
        end,
        key=c.key,
        ip=ip,
        events=[mint_id, login, *ids],
        wants="high",
    )

    # A7: a platform engineer's session in the platform (Identity Center) account, from Hetzner.
    t = w.local(s3, 16.4)
    ip = OUTSIDE["hetzner_de"].pick(w.rng)
    s = sso_session(
        w,
        t,
        "aditi.rao@sitarapay.in",
        "PlatformEngineer",
        acct=org.PLAT,
        ip=ip,
        ua=KALI.replace("{cmd}", "sso.login"),
    )
    mint_id = trail.records[-1][2]["eventID"]
    instance = "arn:aws:sso:::instance/ssoins-65043d1e8a1b2c3d"
    steps = [
        ("sso", "ListInstances", None, None),
        ("identitystore", "ListUsers", None, None),
        (
            "identitystore",
            "CreateUser",
            {
                "identityStoreId": "d-9f6723c41a",
                "userName": "ops-contractor",
                "emails": [{"value": "ops.contractor@proton.me"}],
            },
            None,
        ),
        (
            "sso",
            "CreatePermissionSet",
            {"instanceArn": instance, "name": "OpsBreakGlass", "sessionDuration": "PT12H"},
            None,
        ),
        (
            "sso",
            "AttachManagedPolicyToPermissionSet",
            {
                "instanceArn": instance,
                "managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
            None,
        ),
        (
            "sso",
            "CreateAccountAssignment",
            {
                "instanceArn": instance,
                "targetId": org.PROD,
                "targetType": "AWS_ACCOUNT",
                "principalType": "USER",
            },
            None,
        ),
        (
            "sso",
            "ProvisionPermissionSet",
            {"instanceArn": instance, "targetType": "ALL_PROVISIONED_ACCOUNTS"},
            None,
        ),
    ]
    ids, end = _run(w, s, t, steps, acct=org.PLAT, ip=ip, ua=KALI)
    truth.attack(
        "A7",
        "Identity Center permission set with AdministratorAccess assigned to a new outside user",
        t,
        end,
        key=s.key,
        ip=ip,
        events=[mint_id, *ids],
        wants="high",
    )

    # A8: the ledger pod's current key, exfiltrated through SSRF, exports the ledger table.
    t = w.local(s3, 2.3)
    nat = w.state["nat"]["ap-south-1"]
    svc = next(s for s in org.SERVICES if s.name == "ledger")
    s = pod_session(
        w, t, svc, acct=org.PROD, region="ap-south-1", cluster="sitara-prod-aps1", ip=nat[1]
    )
    w.calls(
        s, t, 900, 6, svc.calls, acct=org.PROD, region="ap-south-1", ip=nat[1], ua=org.UA[svc.sdk]
    )
    ip = OUTSIDE["linode_mum"].pick(w.rng)
    steps = [
        ("dynamodb", "ListTables", None, None),
        ("dynamodb", "DescribeTable", {"tableName": "ledger-entries"}, None),
        ("dynamodb", "DescribeContinuousBackups", {"tableName": "ledger-entries"}, None),
        (
            "dynamodb",
            "ExportTableToPointInTime",
            {
                "tableArn": f"arn:aws:dynamodb:ap-south-1:{org.PROD}:table/ledger-entries",
                "s3Bucket": "ldgr-archive-7731",
                "s3BucketOwner": org.OUTSIDER,
                "exportFormat": "DYNAMODB_JSON",
            },
            None,
        ),
        *[("dynamodb", "DescribeExport", None, None)] * 3,
    ]
    ids, end = _run(
        w, s, t + dt.timedelta(minutes=12), steps, acct=org.PROD, ip=ip, ua=BOTO_VPS, gap=60
    )
    truth.attack(
        "A8",
        "ledger pod key exports a DynamoDB table to an outside account's bucket",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )

    # A10: the DBA's own laptop (malware on it): her network, her CLI, her hours; a snapshot shared out.
    t = w.local(s4, 14.2)
    meera = next(p for p in org.ENGINEERS if p.name == "meera.iyer")
    home = "office_blr" if s4.weekday() in meera.office_days else meera.home
    ip = OUTSIDE[home].host(3) if home == "office_blr" else w.lease(meera.name, home, s4)
    s = sso_session(
        w,
        t,
        f"{meera.name}@sitarapay.in",
        meera.perm,
        acct=org.PROD,
        ip=ip,
        ua=org.UA[meera.cli].replace("{cmd}", "sso.login"),
    )
    mint_id = trail.records[-1][2]["eventID"]
    snap = "payments-aurora-manual-20261112"
    steps = [
        ("rds", "DescribeDBClusters", None, None),
        (
            "rds",
            "CreateDBClusterSnapshot",
            {"dBClusterIdentifier": "payments-aurora", "dBClusterSnapshotIdentifier": snap},
            None,
        ),
        *[("rds", "DescribeDBClusterSnapshots", {"dBClusterSnapshotIdentifier": snap}, None)] * 3,
        (
            "rds",
            "ModifyDBClusterSnapshotAttribute",
            {
                "dBClusterSnapshotIdentifier": snap,
                "attributeName": "restore",
                "valuesToAdd": [org.OUTSIDER2],
            },
            None,
        ),
    ]
    ids, end = _run(w, s, t, steps, acct=org.PROD, ip=ip, ua=org.UA[meera.cli], gap=200)
    truth.attack(
        "A10",
        "Aurora cluster snapshot shared with an outside account from the DBA's own laptop",
        t,
        end,
        key=s.key,
        events=[mint_id, *ids],
    )

    # A11: cold start: a node of the lending account (joined on the first scored day), its
    # instance-profile key used from a VPS in Frankfurt.
    t = w.local(s3, 19.1)
    iid = w.state["lend_nodes"][0]
    s = mint(
        trail,
        t,
        Mint(
            "AssumeRole",
            service("ec2"),
            "ec2.amazonaws.com",
            "ec2.amazonaws.com",
            ec2=True,
            hours=6,
        ),
        acct=org.LEND,
        region="ap-south-1",
        role="eks-node-lending-aps1",
        session=iid,
    )
    lend_nat = w.state["nat"]["lend"]
    trail.add(
        t + dt.timedelta(seconds=40),
        s,
        "ecr",
        "GetAuthorizationToken",
        acct=org.LEND,
        region="ap-south-1",
        ip=lend_nat[0],
        ua=org.UA["kubelet"],
    )
    ip = OUTSIDE["do_fra"].pick(w.rng)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        ("secretsmanager", "ListSecrets", None, "AccessDenied"),
        ("ec2", "DescribeInstances", None, None),
        ("iam", "ListRoles", None, "AccessDenied"),
        ("s3", "ListObjectsV2", {"bucketName": "lending-applications"}, "AccessDenied"),
    ]
    ids, end = _run(w, s, t + dt.timedelta(minutes=35), steps, acct=org.LEND, ip=ip, ua=KALI)
    truth.attack(
        "A11",
        "new account's node credentials used from a VPS (cold start)",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )
