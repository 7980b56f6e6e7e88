"""The scored days' incidents: ten attacks drawn from public reports of MSP compromises and
eleven benign changes that make detectors cry wolf at a managed service provider.

``plan`` sets what changes the background (``Org.changes``) before the days are written;
``inject`` writes each incident's own records after them and returns the truth rows. Scored
incidents sit on five "slots" spread over the scored days; with fewer scored days (CI scale)
the slots fold onto them, so that two days hold all of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.background import Org, sso_session
from benchmarks.heldout26.benign import benign as _benign
from benchmarks.heldout26.records import Identity, Trail, assumed, iam_user, role_arn, stamp
from benchmarks.heldout26.truth import Row, row, slots

M = dt.timedelta(minutes=1)


def plan(org: Org, scored: list[int]) -> None:
    rng = org.rng
    s = slots(scored)
    old = [c for c in org.customers if c.joins == 0]
    gone = old[-1]
    gone.offboarded = s[2]
    org.changes["offboarded"] = gone
    org.changes["offboard_cleaned"] = (s[2], 16)
    org.changes["upgrade_day"] = (s[3], 10)
    org.changes["emergency_patch_day"] = s[0]
    eip = old[0]
    org.changes["eip_move"] = (eip.instances[0], org.at(s[2], 11.5), o.aws_ip(rng, eip.region))
    nat = old[1 % len(old)]
    org.changes["nat_move"] = (nat, org.at(s[1], 14.0), o.aws_ip(rng, nat.region))
    sdk = old[2 % len(old)]
    org.changes["sdk_upgrade"] = (sdk, org.at(s[3], 9.0))
    galway = [e for e in org.engineers if e.office == "galway_office"]
    org.changes["away"] = {(galway[-1].name, s[2])}  # B5's traveller is not at the office


def _attacker(trail: Trail, t: dt.datetime, c: o.Customer, who: Identity, ip: str, agent: str, calls: list[tuple[str, str, dict[str, Any] | None]], *, region: str | None = None, step: float = 1.0, errors: dict[str, str] | None = None) -> list[str]:
    ids = []
    for n, (src, name, req) in enumerate(calls):
        cmd = f"{src.split('.')[0]}.{name.lower()}"
        err = (errors or {}).get(name)
        r = trail.call(t + M * step * n, c.account, region or (o.GLOBAL if src == "iam.amazonaws.com" else c.region), who, src, name, ip, agent.replace("{cmd}", cmd), request=req or {}, error=err)
        ids.append(r["eventID"])
    return ids


def inject(trail: Trail, org: Org, scored: list[int]) -> list[Row]:
    rng = org.rng
    s = slots(scored)
    rows: list[Row] = []
    old = [c for c in org.customers if c.joins == 0]
    new = next(c for c in org.customers if c.joins > 0)
    gone = org.changes["offboarded"]
    live = [c for c in old if c is not gone]
    victim_engineer = next(e for e in org.engineers if e.office == "krakow_office")
    end_of = lambda i: org.at(i, 24)  # noqa: E731

    # A1: an engineer's Identity Center token stolen by an infostealer, replayed from a VPS
    nl = o.host(rng, "vps_nl")
    t1 = org.at(s[1], 19.4)
    kali = o.KALI_CLI
    stolen = sso_session(trail, org, victim_engineer, t1, o.IDENTITY_ACCOUNT, nl, kali.replace("{cmd}", "sso.login"))
    trail.call(t1, o.IDENTITY_ACCOUNT, o.HOME, stolen, "sts.amazonaws.com", "GetCallerIdentity", nl, kali.replace("{cmd}", "sts.get-caller-identity"))
    for n, name in enumerate(("ListAccounts", "DescribeOrganization", "ListDelegatedAdministrators")):
        trail.call(t1 + M * (1 + n), o.IDENTITY_ACCOUNT, o.GLOBAL, stolen, "organizations.amazonaws.com", name, nl, kali.replace("{cmd}", f"organizations.{name.lower()}"))
    auto = sso_session(trail, org, victim_engineer, t1 + M * 6, o.AUTOMATION_ACCOUNT, nl, kali.replace("{cmd}", "sso.login"))
    trail.call(t1 + M * 7, o.AUTOMATION_ACCOUNT, o.HOME, auto, "ssm.amazonaws.com", "GetParametersByPath", nl, kali.replace("{cmd}", "ssm.get-parameters-by-path"), request={"path": "/skellig/customers/", "recursive": True, "withDecryption": True})
    rows.append(row("A1", "engineer's Identity Center token replayed from a VPS (infostealer)", "attack", "high", t1, t1 + M * 10, access_key_id=stolen.key, source_ip=nl))
    rows.append(row("A1", "", "attack", "high", t1, t1 + M * 10, access_key_id=auto.key, source_ip=nl))

    # A2: the stolen session pivots into three customers with the external IDs it just read
    planted: list[tuple[o.Customer, str, str]] = []
    t2 = t1 + M * 15
    for n, c in enumerate(live[:3]):
        k = o.key(rng)
        trail.assume(t2, stolen, nl, kali.replace("{cmd}", "sts.assume-role"), c.account, c.region, "SkelligOperator", c.role_ids["SkelligOperator"], victim_engineer.name, k, external_id=c.external_id, caller_region=o.HOME)
        op = assumed(c.account, "SkelligOperator", victim_engineer.name, k, c.role_ids["SkelligOperator"], t2)
        calls: list[tuple[str, str, dict[str, Any] | None]] = [("sts.amazonaws.com", "GetCallerIdentity", None), ("s3.amazonaws.com", "ListBuckets", None), ("iam.amazonaws.com", "ListUsers", None), ("secretsmanager.amazonaws.com", "ListSecrets", None), ("iam.amazonaws.com", "ListRoles", None)]
        if n < 2:
            user = "aws-support-sync"
            new_key = o.key(rng, "AKIA")
            planted.append((c, user, new_key))
            calls += [("iam.amazonaws.com", "CreateUser", {"userName": user}), ("iam.amazonaws.com", "AttachUserPolicy", {"userName": user, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})]
        _attacker(trail, t2 + M, c, op, nl, kali, calls)
        if n < 2:
            trail.call(t2 + M * 9, c.account, o.GLOBAL, op, "iam.amazonaws.com", "CreateAccessKey", nl, kali.replace("{cmd}", "iam.create-access-key"), request={"userName": planted[-1][1]}, response={"accessKey": {"userName": planted[-1][1], "accessKeyId": planted[-1][2], "status": "Active", "createDate": stamp(t2 + M * 9)}})
        rows.append(row("A2", "the stolen session assumes SkelligOperator in three customers (external IDs from SSM)" if n == 0 else "", "attack", "medium", t2, t2 + M * 12, access_key_id=k, source_ip=nl))
        t2 += M * 13

    # A3: the planted users' keys used the next slot from another VPS
    de = o.host(rng, "vps_de")
    t3 = org.at(s[2], 3.2)
    for c, user, akid in planted:
        me = iam_user(c.account, user, akid, o.uid(rng, "AIDA"))
        _attacker(trail, t3, c, me, de, o.PACU, [("sts.amazonaws.com", "GetCallerIdentity", None), ("ec2.amazonaws.com", "DescribeRegions", None), ("iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": user}), ("s3.amazonaws.com", "ListBuckets", None), ("rds.amazonaws.com", "DescribeDBInstances", None)], step=2.5)
        rows.append(row("A3", "backdoor IAM users' keys (planted in A2) used from Hetzner" if not rows[-1]["id"] == "A3" else "", "attack", "medium", t3, t3 + M * 15, access_key_id=akid, source_ip=de))
        t3 += M * 17

    # A4: confused deputy: a trial tenant of Skellig's portal names a customer's legacy role that
    # trusts the automation account without an external ID; the dispatcher assumes it
    c4 = live[3 % len(live)]
    t4 = org.at(s[4], 14.02)
    disp_key = o.key(rng)
    trail.mint(t4 - M * 2, o.AUTOMATION_ACCOUNT, o.HOME, "lambda.amazonaws.com", "runbook-dispatcher", org.runbook_role_id, "skellig-runbook-dispatcher", disp_key)
    disp = assumed(o.AUTOMATION_ACCOUNT, "runbook-dispatcher", "skellig-runbook-dispatcher", disp_key, org.runbook_role_id, t4 - M * 2)
    k4 = o.key(rng)
    agent = o.LAMBDA_PY312
    nat = org.automation_nat[0]
    first = len(trail.records)
    trail.assume(t4, disp, nat, agent, c4.account, c4.region, "skellig-legacy-readonly", c4.role_ids["legacy"], "trial-7731", k4, external_id=None, caller_region=o.HOME)
    assume_ids = [r["eventID"] for _, _, r in trail.records[first:]]
    legacy = assumed(c4.account, "skellig-legacy-readonly", "trial-7731", k4, c4.role_ids["legacy"], t4)
    _attacker(trail, t4 + M * 0.1, c4, legacy, nat, agent, [("s3.amazonaws.com", "ListBuckets", None), ("s3.amazonaws.com", "GetBucketPolicy", {"bucketName": f"{c4.name}-records"}), ("ec2.amazonaws.com", "DescribeInstances", None), ("iam.amazonaws.com", "ListUsers", None), ("secretsmanager.amazonaws.com", "ListSecrets", None), ("rds.amazonaws.com", "DescribeDBSnapshots", None)], step=0.05)
    rows.append(row("A4", "confused deputy: the dispatcher assumes a customer's legacy role without external ID for a trial tenant", "attack", "medium", t4, t4 + M * 3, access_key_id=k4, principal_arn=role_arn(c4.account, "skellig-legacy-readonly")))
    rows.append(row("A4", "", "attack", "medium", t4 - M, t4 + M, event_ids=" ".join(assume_ids)))

    # A5: a customer's CI key leaked in a public repository, used from a Tor exit to mine
    c5 = next((c for c in live if c.users), live[0])
    user5, akid5, _ = c5.users[0]
    tor = o.host(rng, "tor_exit")
    t5 = org.at(s[3], 2.1)
    me5 = iam_user(c5.account, user5, akid5, org.user_ids.setdefault(c5.account + user5, o.uid(rng, "AIDA")))
    ids = _attacker(trail, t5, c5, me5, tor, o.PACU, [("sts.amazonaws.com", "GetCallerIdentity", None), ("ec2.amazonaws.com", "DescribeRegions", None), ("ec2.amazonaws.com", "DescribeInstanceTypeOfferings", None)], region=o.GLOBAL)
    ids += _attacker(trail, t5 + M * 4, c5, me5, tor, o.PACU, [("ec2.amazonaws.com", "CreateKeyPair", {"keyName": "k1"}), ("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", {"groupId": "sg-0a1b2c3d4e5f60718", "ipPermissions": {"items": [{"ipProtocol": "-1", "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}}), ("ec2.amazonaws.com", "RunInstances", {"instanceType": "g4dn.12xlarge", "instancesSet": {"items": [{"imageId": "ami-0e86e20dae9224db8", "minCount": 8, "maxCount": 8}]}}), ("ec2.amazonaws.com", "RunInstances", {"instanceType": "c5.4xlarge", "instancesSet": {"items": [{"imageId": "ami-0e86e20dae9224db8", "minCount": 4, "maxCount": 4}]}})], region=o.GLOBAL, errors={"RunInstances": "Client.VcpuLimitExceeded"})
    rows.append(row("A5", "a customer's CI key leaked on GitHub, used from a Tor exit to launch GPU miners in us-east-1", "attack", "high", t5, t5 + M * 10, access_key_id=akid5, source_ip=tor))

    # A6: data staged out: a customer's ECS task credentials (SSRF to the task's credential
    # endpoint) snapshot a volume and share it with an outside account
    c6 = live[1 % len(live)]
    us = o.host(rng, "vps_us")
    t6 = org.at(s[3], 22.6)
    task_id = f"{int(c6.account) * 7919:032x}"[-32:]
    k6 = o.key(rng)
    trail.mint(t6 - dt.timedelta(hours=1.5), c6.account, c6.region, "ecs-tasks.amazonaws.com", f"{c6.name.split('-')[0]}-api-task", c6.role_ids["ecs"], task_id, k6)
    task = assumed(c6.account, f"{c6.name.split('-')[0]}-api-task", task_id, k6, c6.role_ids["ecs"], t6 - dt.timedelta(hours=1.5))
    vol = o.uid(rng, "vol-0", 16).lower()
    snap = o.uid(rng, "snap-0", 16).lower()
    _attacker(trail, t6, c6, task, us, o.APP_PY, [("sts.amazonaws.com", "GetCallerIdentity", None), ("ec2.amazonaws.com", "DescribeVolumes", None), ("ec2.amazonaws.com", "CreateSnapshot", {"volumeId": vol}), ("ec2.amazonaws.com", "DescribeSnapshots", {"snapshotSet": {"items": [{"snapshotId": snap}]}}), ("ec2.amazonaws.com", "ModifySnapshotAttribute", {"snapshotId": snap, "createVolumePermission": {"add": {"items": [{"userId": o.account_id(rng)}]}}, "attributeType": "CREATE_VOLUME_PERMISSION"})], step=3)
    rows.append(row("A6", "ECS task credentials stolen through SSRF share a database volume's snapshot with an outside account", "attack", "medium", t6, t6 + M * 15, access_key_id=k6, source_ip=us))

    # A7: quiet: an instance's credentials (IMDSv1 SSRF) used from an EC2 instance in another
    # AWS account in the same region, with the application's own SDK, reading more secrets
    c7 = live[2 % len(live)]
    inst = c7.instances[-1]
    t7 = org.at(s[4], 4.3)
    k7 = o.key(rng)
    trail.mint(t7 - M * 40, c7.account, c7.region, "ec2.amazonaws.com", c7.fleet_role, c7.role_ids["fleet"], inst.instance_id, k7)
    who7 = assumed(c7.account, c7.fleet_role, inst.instance_id, k7, c7.role_ids["fleet"], t7 - M * 40, instance=True)
    there = o.aws_ip(rng, c7.region)
    _attacker(trail, t7, c7, who7, there, o.APP_PY, [("secretsmanager.amazonaws.com", "ListSecrets", None), ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"{c7.name}/app/db"}), ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"{c7.name}/payments/api-key"}), ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"{c7.name}/sftp/partner"})], step=7)
    rows.append(row("A7", "an instance's credentials used from an EC2 instance in another AWS account, the app's SDK, reading secrets", "attack", "medium", t7, t7 + M * 25, access_key_id=k7, source_ip=there))

    # A8: the new customer's first day: its bastion's instance credentials used from a VPS
    sg = o.host(rng, "vps_sg")
    t8 = org.at(new.joins, 20.3)
    bastion = new.instances[0]
    k8 = o.key(rng)
    trail.mint(t8 - dt.timedelta(hours=2), new.account, new.region, "ec2.amazonaws.com", new.fleet_role, new.role_ids["fleet"], bastion.instance_id, k8)
    who8 = assumed(new.account, new.fleet_role, bastion.instance_id, k8, new.role_ids["fleet"], t8 - dt.timedelta(hours=2), instance=True)
    _attacker(trail, t8, new, who8, sg, kali, [("sts.amazonaws.com", "GetCallerIdentity", None), ("s3.amazonaws.com", "ListBuckets", None), ("iam.amazonaws.com", "ListAttachedRolePolicies", {"roleName": new.fleet_role}), ("ec2.amazonaws.com", "DescribeInstances", None)], step=2)
    rows.append(row("A8", "the onboarded customer's bastion credentials used from a VPS on its first day", "attack", "medium", t8, t8 + M * 10, access_key_id=k8, source_ip=sg))

    # A9: Codefinger-style ransom: a customer's user key sets a 7-day expiry on its records
    c9 = next((c for c in reversed(live) if c.users and c is not c5), live[-1])
    user9, akid9, _ = c9.users[-1]
    de2 = o.host(rng, "vps_de")
    t9 = org.at(s[4], 1.7)
    me9 = iam_user(c9.account, user9, akid9, org.user_ids.setdefault(c9.account + user9, o.uid(rng, "AIDA")))
    bucket = f"{c9.name}-records"
    _attacker(trail, t9, c9, me9, de2, o.S3_BROWSER, [("s3.amazonaws.com", "ListBuckets", None), ("s3.amazonaws.com", "GetBucketVersioning", {"bucketName": bucket}), ("s3.amazonaws.com", "PutBucketVersioning", {"bucketName": bucket, "VersioningConfiguration": {"Status": "Suspended"}}), ("s3.amazonaws.com", "PutBucketLifecycle", {"bucketName": bucket, "LifecycleConfiguration": {"Rule": {"Expiration": {"Days": 7}, "Status": "Enabled"}}})], step=1.5)
    rows.append(row("A9", "a customer's user key suspends versioning and sets a 7-day expiry on the records bucket (Codefinger-style)", "attack", "high", t9, t9 + M * 8, access_key_id=akid9, source_ip=de2))

    # A10: back in the automation account, the same stolen identity plants code in the runbook
    t10 = org.at(s[3], 20.1)
    auto2 = sso_session(trail, org, victim_engineer, t10, o.AUTOMATION_ACCOUNT, nl, kali.replace("{cmd}", "sso.login"))
    for n, (name, req) in enumerate((("GetFunction20150331v2", {"functionName": "skellig-runbook-dispatcher"}), ("UpdateFunctionCode20150331v2", {"functionName": "skellig-runbook-dispatcher", "publish": True}), ("UpdateFunctionConfiguration20150331v2", {"functionName": "skellig-runbook-dispatcher", "environment": {}}), ("DeleteLogGroup", {"logGroupName": "/aws/lambda/skellig-runbook-dispatcher"}))):
        src = "logs.amazonaws.com" if name == "DeleteLogGroup" else "lambda.amazonaws.com"
        trail.call(t10 + M * (1 + 2 * n), o.AUTOMATION_ACCOUNT, o.HOME, auto2, src, name, nl, kali.replace("{cmd}", f"{src.split('.')[0]}.x"), request=req)
    rows.append(row("A10", "the stolen identity changes the runbook dispatcher's code and deletes its log group", "attack", "medium", t10, t10 + M * 10, access_key_id=auto2.key, source_ip=nl))

    rows += _benign(trail, org, s, old, live, new, gone, end_of)
    return rows

