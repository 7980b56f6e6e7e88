"""The attacks (A1-A11), each written into the trail with its truth rows. Drawn from public
reports: adversary-in-the-middle phishing of Entra ID sessions (Tycoon 2FA, EvilProxy),
device-code phishing (Storm-2372), infostealers taking ``~/.aws/sso/cache``, a managed-service
provider's credentials abused (CISA AA22-131A), Veeam's CVE-2023-27532 handing out stored
cloud keys, keys leaked in public repositories, SSRF to the instance and task metadata
endpoints, RDS snapshots shared out, S3 replication to an outside bucket, GuardDuty findings
auto-archived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout30.cloudtrail import Session, stamp
from benchmarks.heldout30.org import ACCOUNTS, GLOBAL, HOME, NEW_ACCOUNT, PARTNER_EXTERNAL_ID, Person
from benchmarks.heldout30.people import PARTNER_ROLE, SSO_PATH, partner_engineer, sso_session
from benchmarks.heldout30.workloads import Instance, fleet_key
from benchmarks.heldout30.world import EDGE, World, cli_agent

CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
KALI_CLI = "aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off md/command#{}"
UBUNTU_CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{}"
BOTO_AMZN = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"
TRUFFLE = "Botocore/1.31.62 Python/3.11.6 Linux/6.5.0-1015-azure"
CLOUDSHELL = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/CloudShell cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{}"
PWSH_ATTACK = "AWSPowerShell.Common/4.1.680.0 .NET_Runtime/8.0 .NET_Framework/8.0 OS/Microsoft_Windows_10.0.22631 PowerShellCore/7.4 ClientSync"

Step = tuple[str, str, dict[str, Any] | None, str | None]  # service, API, request, error


def row(world: World, id_: str, name: str, label: str, start: dt.datetime, end: dt.datetime, *, key: str = "",
        principal: str = "", ips: str = "", events: list[str] | None = None, severity: str = "medium") -> None:
    world.add_truth({
        "id": id_, "name": name, "label": label, "access_key_id": key, "principal_arn": principal,
        "source_ip": ips, "event_ids": " ".join(events or []), "start": stamp(start), "end": stamp(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    })


def run(world: World, s: Session, t: dt.datetime, ip: str, ua: str, steps: list[Step], *, gap: tuple[int, int] = (4, 90),
        region: str = HOME) -> tuple[list[str], dt.datetime]:
    """The steps of an attack one after another; (event IDs, time of the last)."""
    events = []
    for service, api, request, error in steps:
        t += dt.timedelta(seconds=world.rng.randint(*gap))
        where = GLOBAL if service in ("iam", "organizations") else region
        agent = ua.format(f"{service}.{api.lower()}") if "{}" in ua else ua
        events.append(world.trail.call(s, t, f"{service}.amazonaws.com", api, ip, agent, region=where,
                                       request=request or {}, error=error))
    return events, t


def sso_principal(s: Session, p: Person) -> str:
    """An Identity Center session's principal as ``ueba`` names it (the person, per account)."""
    return f"arn:aws:sts::{s.account}:assumed-role/{s.identity['arn'].split('/')[1]}/{p.user}"


def person(world: World, team: str, n: int = 0) -> Person:
    return [p for p in world.people if p.team == team][n]


def a1_aitm_permits(world: World) -> None:
    p = person(world, "permits-dev", 0)
    ip, t = "185.206.224.67", world.at(world.slot(1), 10.7, 10)
    s, signin = sso_session(world, p, ACCOUNTS["permits"], t, ip, cli=False, ua=CHROME_WIN)
    steps: list[Step] = [("secretsmanager", "ListSecrets", None, None)]
    steps += [("secretsmanager", "GetSecretValue", {"secretId": sid}, None) for sid in
              ("permits/portal/rds", "permits/portal/smtp", "permits/dms/api-key", "permits/mijnoverheid/cert")]
    steps += [("lambda", "ListFunctions", None, None), ("lambda", "GetFunction", {"functionName": "permit-notifier"}, None),
              ("iam", "CreateUser", {"userName": "svc-permit-export"}, "AccessDenied"),
              ("iam", "ListAttachedRolePolicies", {"roleName": p.permission_set}, "AccessDenied")]
    events, end = run(world, s, t, ip, CHROME_WIN, steps, gap=(15, 140))
    row(world, "A1", "AiTM-phished Entra session in Identity Center, permits secrets read", "attack", t, end,
        key=s.key or "", principal=sso_principal(s, p), ips=ip, severity="medium")
    row(world, "A1", "", "attack", t, end, events=signin, ips=ip, severity="medium")


def a2_partner_snapshot(world: World) -> None:
    acct = ACCOUNTS["social"]
    ip, t = "51.178.92.14", world.at(world.slot(2), 19.3, 10)
    caller = partner_engineer(world, "m.jacobs", acct)
    s, first = world.trail.assume(caller, t, acct, PARTNER_ROLE, "m.jacobs", ip, KALI_CLI.format("sts.assume-role"),
                                  external_id=PARTNER_EXTERNAL_ID)
    snap = "sd-suite-prod-manual-1202"
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("rds", "DescribeDBInstances", None, None),
                         ("rds", "DescribeDBSnapshots", {"dBInstanceIdentifier": "sd-suite-prod"}, None),
                         ("rds", "CreateDBSnapshot", {"dBSnapshotIdentifier": snap, "dBInstanceIdentifier": "sd-suite-prod"}, None)]
    steps += [("rds", "DescribeDBSnapshots", {"dBSnapshotIdentifier": snap}, None)] * 3
    steps += [("rds", "ModifyDBSnapshotAttribute", {"dBSnapshotIdentifier": snap, "attributeName": "restore",
                                                    "valuesToAdd": ["937551202214"]}, None)]
    events, end = run(world, s, t, ip, KALI_CLI, steps, gap=(20, 400))
    row(world, "A2", "partner engineer's stolen key: social-services RDS snapshot shared with an outside account", "attack",
        t, end, key=s.key or "", principal=f"arn:aws:iam::{acct}:role/{PARTNER_ROLE}", ips=ip, severity="high")
    row(world, "A2", "", "attack", t, end, events=[first], ips=ip, severity="high")


def a3_confused_deputy(world: World) -> None:
    ip, t = "54.85.12.40", world.at(world.slot(0), 14.2, 20)
    tr = world.trail
    outsider = "771209334150"
    who = {"type": "AWSAccount", "principalId": tr.unique_id("AROA", "outsider") + ":reporting-sync", "accountId": outsider}
    events = []
    for account, external in (("permits", None), ("social", None), ("gis", "dommelvaart"), ("contact", None),
                              ("social", "dataplan"), ("permits", "dmv-dataplan")):
        t += dt.timedelta(seconds=world.rng.randint(30, 600))
        acct = ACCOUNTS[account]
        _, e = tr.assume(Session(who, acct), t, acct, "DataplanMonitoring", "reporting-sync", ip, BOTO_AMZN,
                         external_id=external, error="AccessDenied", caller_identity=who)
        events.append(e)
    start = t - dt.timedelta(hours=1)
    row(world, "A3", "confused deputy: another AWS account assuming the partner's monitoring role without its external ID",
        "attack", start, t, principal=f"aws_account:{outsider}", ips=ip, events=events, severity="medium")


def a4_sso_token(world: World) -> None:
    p = person(world, "cloud", 1)
    acct = ACCOUNTS["gis"]
    ip, t = "88.198.54.211", world.at(world.slot(3), 1.6, 10)
    s, signin = sso_session(world, p, acct, t, ip, cli=True, ua=UBUNTU_CLI.format("sso.get-role-credentials"))
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("organizations", "DescribeOrganization", None, None),
                         ("organizations", "LeaveOrganization", None, "AccessDenied"),
                         ("config", "StopConfigurationRecorder", {"configurationRecorderName": "aws-controltower-BaselineConfigRecorder"}, "AccessDenied"),
                         ("guardduty", "ListDetectors", None, None),
                         ("guardduty", "CreateFilter", {"detectorId": "d2c5f1e0b7a94c3e8f6a1b2c3d4e5f60", "name": "ops-noise",
                                                        "action": "ARCHIVE", "findingCriteria": {"criterion": {"severity": {"gte": 1}}}}, None)]
    steps += [("ec2", "DescribeInstances", None, None)] * 2
    events, end = run(world, s, t, ip, UBUNTU_CLI, steps, gap=(10, 120), region="eu-west-1")
    principal = sso_principal(s, p)
    row(world, "A4", "infostealer's copy of an admin's Identity Center token: LeaveOrganization, Config stop, GuardDuty findings auto-archived",
        "attack", t, end, key=s.key or "", principal=principal, ips=ip, severity="high")
    row(world, "A4", "", "attack", t, end, events=signin, ips=ip, severity="high")


def a5_sftp_key(world: World) -> None:
    tr = world.trail
    s = tr.user(ACCOUNTS["network"], "svc-sftp-admin")
    ip, t = "212.102.35.154", world.at(world.slot(2), 16.4, 20)
    steps: list[Step] = [("transfer", "ListServers", None, None), ("transfer", "ListUsers", {"serverId": "s-4f1a2b3c4d5e6f708"}, None),
                         ("transfer", "DescribeUser", {"serverId": "s-4f1a2b3c4d5e6f708", "userName": "suppl-belastingen"}, None),
                         ("transfer", "ImportSshPublicKey", {"serverId": "s-4f1a2b3c4d5e6f708", "userName": "suppl-belastingen",
                                                             "sshPublicKeyBody": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9x"}, None)]
    events, end = run(world, s, t, ip, PWSH_ATTACK, steps, gap=(6, 60))
    row(world, "A5", "SFTP onboarding key stolen from the jump host: an SSH key added to a supplier's Transfer Family user",
        "attack", t, end, key=s.key or "", principal=s.identity["arn"], ips=ip, severity="medium")


def a6_device_code(world: World) -> None:
    p = person(world, "contact-sup", 0)
    acct = ACCOUNTS["contact"]
    ip, t = "62.45.190.17", world.at(world.slot(3), 8.3, 15)
    s, signin = sso_session(world, p, acct, t, ip, cli=False, ua=EDGE)
    steps: list[Step] = [("connect", "ListInstances", None, None),
                         ("connect", "ListInstanceStorageConfigs", {"resourceType": "CALL_RECORDINGS"}, None),
                         ("s3", "GetBucketReplication", {"bucketName": "dommelvaart-connect-recordings"}, None),
                         ("s3", "PutBucketReplication", {"bucketName": "dommelvaart-connect-recordings", "ReplicationConfiguration": {
                             "Rule": {"Destination": {"Bucket": "arn:aws:s3:::callrec-archive-552210874413", "Account": "552210874413"}}}}, None),
                         ("connect", "SearchContacts", None, None)]
    events, end = run(world, s, t, ip, EDGE, steps, gap=(40, 300))
    principal = sso_principal(s, p)
    row(world, "A6", "device-code phished supervisor: Connect call recordings replicated to an outside account's bucket",
        "attack", t, end, key=s.key or "", principal=principal, ips=ip, severity="medium")
    row(world, "A6", "", "attack", t, end, events=signin, ips=ip, severity="medium")


def a7_new_account_instance(world: World, airflow: Instance) -> None:
    day = world.slot(2)
    key = fleet_key(airflow, day, 13.2)
    s = world.trail.role_session(airflow.account, airflow.role, airflow.instance_id, world.at(day, 13.2), ec2=True, key=key)
    ip, t = "167.99.215.40", world.at(day, 17.8, 10)
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("s3", "ListBuckets", None, None),
                         ("iam", "ListRoles", None, "AccessDenied"), ("ec2", "DescribeInstances", None, None),
                         ("secretsmanager", "ListSecrets", None, None),
                         ("secretsmanager", "GetSecretValue", {"secretId": "dataplatform/airflow/db"}, None)]
    events, end = run(world, s, t, ip, KALI_CLI, steps, gap=(8, 90))
    row(world, "A7", "new account's first day: the Airflow instance's credentials taken through SSRF (IMDSv1), used from a VPS",
        "attack", t, end, key=key, principal=f"arn:aws:iam::{NEW_ACCOUNT[1]}:role/{airflow.role}", ips=ip, severity="medium")


def a8_leaked_geosync(world: World) -> None:
    s = world.trail.user(ACCOUNTS["gis"], "svc-geoserver-sync")
    t = world.at(world.slot(1), 3.4, 10)
    first, t1 = run(world, s, t, "193.142.146.35", TRUFFLE, [("sts", "GetCallerIdentity", None, None)])
    t2 = t1 + dt.timedelta(minutes=world.rng.randint(35, 60))
    steps: list[Step] = [("s3", "ListBuckets", None, None), ("s3", "GetBucketAcl", {"bucketName": "dommelvaart-gis-tiles"}, None),
                         ("iam", "ListUsers", None, "AccessDenied"), ("iam", "ListAttachedUserPolicies", {"userName": "svc-geoserver-sync"}, "AccessDenied"),
                         ("ec2", "DescribeRegions", None, "UnauthorizedOperation")]
    events, end = run(world, s, t2, "172.105.77.203", KALI_CLI, steps, gap=(5, 40), region="eu-west-1")
    row(world, "A8", "GeoServer sync key leaked in a public repository: a scanner on the threat list, then recon from Linode",
        "attack", t, end, key=s.key or "", principal=s.identity["arn"], ips="193.142.146.35 172.105.77.203", severity="medium")


def a9_cloudshell(world: World) -> None:
    p = person(world, "social", 1)
    acct = ACCOUNTS["social"]
    ip, t = "46.19.141.82", world.at(world.slot(4), 9.1, 10)
    s, signin = sso_session(world, p, acct, t, ip, cli=False, ua=EDGE)
    opened, opened_at = run(world, s, t, ip, EDGE, [("cloudshell", "CreateEnvironment", None, None),
                                                    ("cloudshell", "CreateSession", None, None),
                                                    ("cloudshell", "GetEnvironmentStatus", None, None)], gap=(5, 30))
    shell = world.trail.role_session(acct, s.identity["arn"].split("/")[1], p.user, opened_at, path=SSO_PATH)
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("rds", "DescribeDBInstances", None, None),
                         ("rds", "DescribeDBSnapshots", None, None), ("ec2", "DescribeInstances", None, None),
                         ("iam", "ListRoles", None, "AccessDenied"), ("secretsmanager", "ListSecrets", None, None),
                         ("s3", "ListBuckets", None, None), ("rds", "DescribeDBClusters", None, None)]
    events, end = run(world, shell, opened_at, "3.120.44.7", CLOUDSHELL, steps, gap=(300, 900))
    principal = sso_principal(s, p)
    row(world, "A9", "AiTM session of a social-services operator: slow recon through CloudShell", "attack", t, end,
        key=s.key or "", principal=principal, ips=ip, severity="medium")
    row(world, "A9", "", "attack", opened_at, end, key=shell.key or "", principal=principal, ips="3.120.44.7", severity="medium")
    row(world, "A9", "", "attack", t, end, events=signin + opened, ips=ip, severity="medium")


def a10_task_ssrf(world: World) -> None:
    tr = world.trail
    day = world.slot(0)
    task = tr.hexid(32)
    t0 = world.at(day, 11.0, 5)
    s = tr.mint(t0, ACCOUNTS["permits"], "permit-portal-task", task, "ecs-tasks")
    tr.call(s, t0 + dt.timedelta(seconds=4), "secretsmanager.amazonaws.com", "GetSecretValue", "18.184.2.9",
            "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.34.162",
            request={"secretId": "permits/portal/rds"})
    ip, t = "18.197.8.8", world.at(day, 15.2, 10)
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("secretsmanager", "ListSecrets", None, None),
                         ("secretsmanager", "GetSecretValue", {"secretId": "permits/portal/rds"}, None),
                         ("secretsmanager", "GetSecretValue", {"secretId": "permits/dms/api-key"}, "AccessDeniedException"),
                         ("s3", "ListBuckets", None, None), ("rds", "DescribeDBInstances", None, None)]
    events, end = run(world, s, t, ip, BOTO_AMZN, steps, gap=(10, 200))
    row(world, "A10", "permit portal task credentials taken through SSRF, used from an EC2 instance of another AWS account",
        "attack", t, end, key=s.key or "", principal=f"arn:aws:iam::{ACCOUNTS['permits']}:role/permit-portal-task", ips=ip, severity="medium")


def a11_veeam(world: World) -> None:
    s = world.trail.user(ACCOUNTS["social"], "veeam-backup")
    ip, t = "45.138.16.231", world.at(world.slot(4), 2.2, 10)
    bucket = {"bucketName": "dommelvaart-veeam-repo"}
    steps: list[Step] = [("s3", "ListBuckets", None, None), ("s3", "GetBucketVersioning", bucket, None),
                         ("s3", "GetObjectLockConfiguration", bucket, None),
                         ("s3", "PutBucketVersioning", {**bucket, "VersioningConfiguration": {"Status": "Suspended"}}, "AccessDenied"),
                         ("s3", "PutBucketLifecycleConfiguration", {**bucket, "LifecycleConfiguration": {"Rule": {
                             "Status": "Enabled", "Expiration": {"Days": 1}, "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}}}, None)]
    events, end = run(world, s, t, ip, "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/{}", steps, gap=(20, 180))
    row(world, "A11", "Veeam's stored key (CVE-2023-27532) from a bulletproof host: backup repository set to expire in a day",
        "attack", t, end, key=s.key or "", principal=s.identity["arn"], ips=ip, severity="high")


def attacks(world: World, airflow: Instance) -> None:
    for write in (a1_aitm_permits, a2_partner_snapshot, a3_confused_deputy, a4_sso_token, a5_sftp_key, a6_device_code,
                  a8_leaked_geosync, a9_cloudshell, a10_task_ssrf, a11_veeam):
        write(world)
    a7_new_account_instance(world, airflow)
