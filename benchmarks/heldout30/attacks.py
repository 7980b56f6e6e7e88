"""The attacks (A1-A11), each written into the trail with its truth rows. Drawn from public
reports: adversary-in-the-middle phishing of Entra ID sessions (Tycoon 2FA, EvilProxy),
device-code phishing (Storm-2372), infostealers taking ``~/.aws/sso/cache``, a managed-service
provider's credentials abused (CISA AA22-131A), Veeam's CVE-2023-27532 handing out stored
cloud keys, keys leaked in public repositories, SSRF to the instance and task metadata
endpoints, RDS snapshots shared out, S3 replication to an outside bucket, GuardDuty findings
auto-archived."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout30.attacks_sso import (
    a1_aitm_permits,
    a4_sso_token,
    a6_device_code,
    a9_cloudshell,
)
from benchmarks.heldout30.cloudtrail import Session
from benchmarks.heldout30.incident import BOTO_AMZN, KALI_CLI, PWSH_ATTACK, TRUFFLE, Step, row, run
from benchmarks.heldout30.org import (
    ACCOUNTS,
    NEW_ACCOUNT,
    PARTNER_EXTERNAL_ID,
)
from benchmarks.heldout30.people import PARTNER_ROLE, partner_engineer
from benchmarks.heldout30.workloads import Instance, fleet_key
from benchmarks.heldout30.world import World


def a2_partner_snapshot(world: World) -> None:
    acct = ACCOUNTS["social"]
    ip, t = "51.178.92.14", world.at(world.slot(2), 19.3, 10)
    caller = partner_engineer(world, "m.jacobs", acct)
    s, first = world.trail.assume(
        caller,
        t,
        acct,
        PARTNER_ROLE,
        "m.jacobs",
        ip,
        KALI_CLI.format("sts.assume-role"),
        external_id=PARTNER_EXTERNAL_ID,
    )
    snap = "sd-suite-prod-manual-1202"
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("rds", "DescribeDBInstances", None, None),
        ("rds", "DescribeDBSnapshots", {"dBInstanceIdentifier": "sd-suite-prod"}, None),
        (
            "rds",
            "CreateDBSnapshot",
            {"dBSnapshotIdentifier": snap, "dBInstanceIdentifier": "sd-suite-prod"},
            None,
        ),
    ]
    steps += [("rds", "DescribeDBSnapshots", {"dBSnapshotIdentifier": snap}, None)] * 3
    steps += [
        (
            "rds",
            "ModifyDBSnapshotAttribute",
            {
                "dBSnapshotIdentifier": snap,
                "attributeName": "restore",
                "valuesToAdd": ["937551202214"],
            },
            None,
        )
    ]
    _events, end = run(world, s, t, ip, KALI_CLI, steps, gap=(20, 400))
    row(
        world,
        "A2",
        "partner engineer's stolen key: social-services RDS snapshot shared with an outside account",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=f"arn:aws:iam::{acct}:role/{PARTNER_ROLE}",
        ips=ip,
        severity="high",
    )
    row(world, "A2", "", "attack", t, end, events=[first], ips=ip, severity="high")


def a3_confused_deputy(world: World) -> None:
    ip, t = "54.85.12.40", world.at(world.slot(0), 14.2, 20)
    tr = world.trail
    outsider = "771209334150"
    who = {
        "type": "AWSAccount",
        "principalId": tr.unique_id("AROA", "outsider") + ":reporting-sync",
        "accountId": outsider,
    }
    events = []
    for account, external in (
        ("permits", None),
        ("social", None),
        ("gis", "dommelvaart"),
        ("contact", None),
        ("social", "dataplan"),
        ("permits", "dmv-dataplan"),
    ):
        t += dt.timedelta(seconds=world.rng.randint(30, 600))
        acct = ACCOUNTS[account]
        _, e = tr.assume(
            Session(who, acct),
            t,
            acct,
            "DataplanMonitoring",
            "reporting-sync",
            ip,
            BOTO_AMZN,
            external_id=external,
            error="AccessDenied",
            caller_identity=who,
            caller_arn=f"arn:aws:sts::{outsider}:assumed-role/reporting-sync-role/reporting-sync",
        )
        events.append(e)
    start = t - dt.timedelta(hours=1)
    row(
        world,
        "A3",
        "confused deputy: another AWS account assuming the partner's monitoring role without its external ID",
        "attack",
        start,
        t,
        principal=f"aws_account:{outsider}",
        ips=ip,
        events=events,
        severity="medium",
    )


def a5_sftp_key(world: World) -> None:
    tr = world.trail
    s = tr.user(ACCOUNTS["network"], "svc-sftp-admin")
    ip, t = "212.102.35.154", world.at(world.slot(2), 16.4, 20)
    steps: list[Step] = [
        ("transfer", "ListServers", None, None),
        ("transfer", "ListUsers", {"serverId": "s-4f1a2b3c4d5e6f708"}, None),
        (
            "transfer",
            "DescribeUser",
            {"serverId": "s-4f1a2b3c4d5e6f708", "userName": "suppl-belastingen"},
            None,
        ),
        (
            "transfer",
            "ImportSshPublicKey",
            {
                "serverId": "s-4f1a2b3c4d5e6f708",
                "userName": "suppl-belastingen",
                "sshPublicKeyBody": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9x",
            },
            None,
        ),
    ]
    _events, end = run(world, s, t, ip, PWSH_ATTACK, steps, gap=(6, 60))
    row(
        world,
        "A5",
        "SFTP onboarding key stolen from the jump host: an SSH key added to a supplier's Transfer Family user",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=s.identity["arn"],
        ips=ip,
        severity="medium",
    )


def a7_new_account_instance(world: World, airflow: Instance) -> None:
    day = world.slot(2)
    key = fleet_key(airflow, day, 13.2)
    s = world.trail.role_session(
        airflow.account, airflow.role, airflow.instance_id, world.at(day, 13.2), ec2=True, key=key
    )
    ip, t = "167.99.215.40", world.at(day, 17.8, 10)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        ("iam", "ListRoles", None, "AccessDenied"),
        ("ec2", "DescribeInstances", None, None),
        ("secretsmanager", "ListSecrets", None, None),
        ("secretsmanager", "GetSecretValue", {"secretId": "dataplatform/airflow/db"}, None),
    ]
    _events, end = run(world, s, t, ip, KALI_CLI, steps, gap=(8, 90))
    row(
        world,
        "A7",
        "new account's first day: the Airflow instance's credentials taken through SSRF (IMDSv1), used from a VPS",
        "attack",
        t,
        end,
        key=key,
        principal=f"arn:aws:iam::{NEW_ACCOUNT[1]}:role/{airflow.role}",
        ips=ip,
        severity="medium",
    )


def a8_leaked_geosync(world: World) -> None:
    s = world.trail.user(ACCOUNTS["gis"], "svc-geoserver-sync")
    t = world.at(world.slot(1), 3.4, 10)
    _first, t1 = run(
        world, s, t, "193.142.146.35", TRUFFLE, [("sts", "GetCallerIdentity", None, None)]
    )
    t2 = t1 + dt.timedelta(minutes=world.rng.randint(35, 60))
    steps: list[Step] = [
        ("s3", "ListBuckets", None, None),
        ("s3", "GetBucketAcl", {"bucketName": "dommelvaart-gis-tiles"}, None),
        ("iam", "ListUsers", None, "AccessDenied"),
        ("iam", "ListAttachedUserPolicies", {"userName": "svc-geoserver-sync"}, "AccessDenied"),
        ("ec2", "DescribeRegions", None, "UnauthorizedOperation"),
    ]
    _events, end = run(
        world, s, t2, "172.105.77.203", KALI_CLI, steps, gap=(5, 40), region="eu-west-1"
    )
    row(
        world,
        "A8",
        "GeoServer sync key leaked in a public repository: a scanner on the threat list, then recon from Linode",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=s.identity["arn"],
        ips="193.142.146.35 172.105.77.203",
        severity="medium",
    )


def a10_task_ssrf(world: World) -> None:
    tr = world.trail
    day = world.slot(0)
    task = tr.hexid(32)
    t0 = world.at(day, 11.0, 5)
    s = tr.mint(t0, ACCOUNTS["permits"], "permit-portal-task", task, "ecs-tasks")
    tr.call(
        s,
        t0 + dt.timedelta(seconds=4),
        "secretsmanager.amazonaws.com",
        "GetSecretValue",
        "18.184.2.9",
        "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.34.162",
        request={"secretId": "permits/portal/rds"},
    )
    ip, t = "18.197.8.8", world.at(day, 15.2, 10)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("secretsmanager", "ListSecrets", None, None),
        ("secretsmanager", "GetSecretValue", {"secretId": "permits/portal/rds"}, None),
        (
            "secretsmanager",
            "GetSecretValue",
            {"secretId": "permits/dms/api-key"},
            "AccessDeniedException",
        ),
        ("s3", "ListBuckets", None, None),
        ("rds", "DescribeDBInstances", None, None),
    ]
    _events, end = run(world, s, t, ip, BOTO_AMZN, steps, gap=(10, 200))
    row(
        world,
        "A10",
        "permit portal task credentials taken through SSRF, used from an EC2 instance of another AWS account",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=f"arn:aws:iam::{ACCOUNTS['permits']}:role/permit-portal-task",
        ips=ip,
        severity="medium",
    )


def a11_veeam(world: World) -> None:
    s = world.trail.user(ACCOUNTS["social"], "veeam-backup")
    ip, t = "45.138.16.231", world.at(world.slot(4), 2.2, 10)
    bucket = {"bucketName": "dommelvaart-veeam-repo"}
    steps: list[Step] = [
        ("s3", "ListBuckets", None, None),
        ("s3", "GetBucketVersioning", bucket, None),
        ("s3", "GetObjectLockConfiguration", bucket, None),
        (
            "s3",
            "PutBucketVersioning",
            {**bucket, "VersioningConfiguration": {"Status": "Suspended"}},
            "AccessDenied",
        ),
        (
            "s3",
            "PutBucketLifecycleConfiguration",
            {
                **bucket,
                "LifecycleConfiguration": {
                    "Rule": {
                        "Status": "Enabled",
                        "Expiration": {"Days": 1},
                        "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                    }
                },
            },
            None,
        ),
    ]
    _events, end = run(
        world,
        s,
        t,
        ip,
        "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/{}",
        steps,
        gap=(20, 180),
    )
    row(
        world,
        "A11",
        "Veeam's stored key (CVE-2023-27532) from a bulletproof host: backup repository set to expire in a day",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=s.identity["arn"],
        ips=ip,
        severity="high",
    )


def attacks(world: World, airflow: Instance) -> None:
    for write in (
        a1_aitm_permits,
        a2_partner_snapshot,
        a3_confused_deputy,
        a4_sso_token,
        a5_sftp_key,
        a6_device_code,
        a8_leaked_geosync,
        a9_cloudshell,
        a10_task_ssrf,
        a11_veeam,
    ):
        write(world)
    a7_new_account_instance(world, airflow)
