"""AWS services acting in every account: AWS Config's recorder, GuardDuty, Control Tower's
StackSets role checking its baseline, AWS Backup's nightly RDS snapshots, and Transfer Family
assuming suppliers' roles for their SFTP sessions."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout30.cloudtrail import Session
from benchmarks.heldout30.org import ACCOUNTS, REGIONS
from benchmarks.heldout30.world import World


def service_day(
    world: World, day: dt.date, accounts: list[str], *, joined: str | None = None
) -> None:
    """AWS Config's recorder, GuardDuty and Security Hub in every account and region; Control
    Tower's StackSets role checking its baseline; AWS Backup's nightly RDS snapshots;
    Transfer Family assuming suppliers' roles for their SFTP sessions."""
    tr = world.trail
    for acct in accounts:
        for region in REGIONS:
            config = tr.role_session(
                acct,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                world.at(day, 0),
                path="/aws-service-role/config.amazonaws.com/",
            )
            for _ in range(max(2, round(10 * max(world.scale, 0.3)))):
                api = world.rng.choice(
                    (
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "DescribeVpcs",
                        "DescribeSubnets",
                        "DescribeNetworkInterfaces",
                    )
                )
                tr.call(
                    config,
                    world.at(day, world.rng.uniform(12 if acct == joined else 0, 24)),
                    "ec2.amazonaws.com",
                    api,
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                    region=region,
                    invoked_by="config.amazonaws.com",
                )
            gd = tr.role_session(
                acct,
                "AWSServiceRoleForAmazonGuardDuty",
                "AmazonGuardDuty",
                world.at(day, 0),
                path="/aws-service-role/guardduty.amazonaws.com/",
            )
            for _ in range(2):
                tr.call(
                    gd,
                    world.at(day, world.rng.uniform(12 if acct == joined else 0, 24)),
                    "ec2.amazonaws.com",
                    "DescribeInstances",
                    "guardduty.amazonaws.com",
                    "guardduty.amazonaws.com",
                    region=region,
                    invoked_by="guardduty.amazonaws.com",
                )
        # Control Tower's drift check through StackSets: the management account's role in each member
        if acct != ACCOUNTS["management"] and acct != joined:
            stackset_check(world, acct, world.at(day, 3.1, 20))
    for acct, db in ((ACCOUNTS["permits"], "permits-prod"), (ACCOUNTS["social"], "sd-suite-prod")):
        backup = tr.role_session(
            acct,
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            world.at(day, 1),
            path="/service-role/",
        )
        t = world.at(day, 1.0, 10)
        snap = f"awsbackup:job-{tr.hexid(8)}-{tr.hexid(4)}"
        tr.call(
            backup,
            t,
            "rds.amazonaws.com",
            "CreateDBSnapshot",
            "backup.amazonaws.com",
            "backup.amazonaws.com",
            invoked_by="backup.amazonaws.com",
            request={"dBSnapshotIdentifier": snap, "dBInstanceIdentifier": db},
        )
        tr.call(
            backup,
            t + dt.timedelta(minutes=40),
            "rds.amazonaws.com",
            "DeleteDBSnapshot",
            "backup.amazonaws.com",
            "backup.amazonaws.com",
            invoked_by="backup.amazonaws.com",
            request={"dBSnapshotIdentifier": f"awsbackup:job-{tr.hexid(8)}"},
        )
    suppliers = (
        "suppl-belastingen",
        "suppl-jeugdzorg",
        "suppl-afval",
        "suppl-gba",
        "suppl-drukkerij",
    )
    net = ACCOUNTS["network"]
    for _ in range(max(2, round(20 * max(world.scale, 0.3)) if day.weekday() < 5 else 2)):
        user = world.rng.choice(suppliers)
        transfer_login(world, net, user, world.at(day, world.rng.uniform(5, 18)))


def transfer_login(world: World, net: str, user: str, t: dt.datetime) -> str:
    tr = world.trail
    s = tr.role_session(net, f"sftp-{user}", f"{user}.{tr.hexid(16)}", t)
    return tr.call(
        Session({"type": "AWSService", "invokedBy": "transfer.amazonaws.com"}, net),
        t,
        "sts.amazonaws.com",
        "AssumeRole",
        "transfer.amazonaws.com",
        "transfer.amazonaws.com",
        read_only=True,
        request={
            "roleArn": f"arn:aws:iam::{net}:role/sftp-{user}",
            "roleSessionName": s.identity["principalId"].split(":")[1],
        },
        response={
            "assumedRoleUser": {
                "assumedRoleId": s.identity["principalId"],
                "arn": s.identity["arn"],
            },
            "credentials": {
                "accessKeyId": s.key,
                "expiration": (t + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
        },
    )


def stackset_check(
    world: World,
    acct: str,
    t: dt.datetime,
    *,
    apis: tuple[str, ...] = ("DescribeStacks", "ListStackResources"),
) -> list[str]:
    """CloudFormation StackSets (for Control Tower) assuming ``AWSControlTowerExecution`` in a
    member account and reading the baseline stacks."""
    tr = world.trail
    mgmt = ACCOUNTS["management"]
    # the StackSets role's own session in the management account (its key and issuer)
    stackset = tr.role_session(
        mgmt, "AWSControlTowerStackSetRole", "stacksets-exec", t, path="/service-role/"
    )
    caller = {**stackset.identity, "invokedBy": "cloudformation.amazonaws.com"}
    s, first = tr.assume(
        Session(caller, acct),
        t,
        acct,
        "AWSControlTowerExecution",
        f"stacksets-exec-{tr.hexid(32)}",
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        caller_identity=caller,
    )
    events = [first]
    for api in apis:
        events.append(
            tr.call(
                s,
                t + dt.timedelta(seconds=world.rng.randint(2, 40)),
                "cloudformation.amazonaws.com",
                api,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
                invoked_by="cloudformation.amazonaws.com",
                request={"stackName": "StackSet-AWSControlTowerBP-BASELINE-CONFIG"},
            )
        )
    return events
