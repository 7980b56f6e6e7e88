"""Attacks A6-A10: defence evasion, exfiltration, persistence, a replayed session, slow recon."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._attacks import BOTO_EC2, BOTO_VPS, KALI_CLI, _attack, _calls
from benchmarks.heldout3._changes import iso, offsite_ip, row
from benchmarks.heldout3._people import federate, home_ip, work
from benchmarks.heldout3._trail import assumed_role, credentials, web_identity
from benchmarks.heldout3._world import Session, World


def run_late(world: World) -> None:
    d, rng = world.scored, world.rng
    people = {p.user: p for p in org.PEOPLE}

    # A6: defence evasion from a Tor exit with a platform admin's stolen CLI credentials
    t, ip = world.at(d[4], 1.25), world.addr.named("tor-exit", "tor")
    agent = KALI_CLI
    steps: list[tuple[str, str, list[str | tuple[str, str | None]]]] = [
        (
            "management",
            "OrgAdmin",
            [
                "sts:GetCallerIdentity",
                "cloudtrail:DescribeTrails",
                "cloudtrail:PutEventSelectors",
                ("cloudtrail:StopLogging", "AccessDenied"),
            ],
        ),
        (
            "prod",
            "PlatformAdmin",
            [
                "guardduty:ListDetectors",
                ("guardduty:DeleteDetector", "AccessDenied"),
                "guardduty:UpdateDetector",
                "ec2:DescribeFlowLogs",
                "ec2:DeleteFlowLogs",
            ],
        ),
        ("sandbox", "PlatformAdmin", [("organizations:LeaveOrganization", "AccessDenied")]),
    ]
    for account, permission_set, apis in steps:
        s = federate(
            world,
            "j.brandt",
            account,
            permission_set,
            t,
            ip,
            agent.format(c="sso.login"),
            console=False,
        )
        portal = world.trail.last_id  # GetRoleCredentials from the Tor exit
        ids, t = _calls(world, s, t, apis, ip, agent)
        _attack(
            world,
            "A6",
            "defence evasion: event selectors, StopLogging, GuardDuty, flow logs, LeaveOrganization",
            "high",
            s.key,
            ip,
            [portal, *ids],
            s.issued,
            t,
        )

    # A7: a pod's service-account token exchanged outside AWS; S3 replication to an outside account
    t, ip = world.at(d[3], 9.66), world.addr.public("hetzner")
    prod = world.account("prod")
    provider = f"arn:aws:iam::{prod}:oidc-provider/{org.EKS_OIDC['prod']}"
    subject = "system:serviceaccount:label:label-renderer"
    key, role_id, sess = world.trail.key(), world.role_id(prod, "label-renderer-prod"), "exfil"
    first = world.trail.call(
        t,
        prod,
        org.HOME,
        "sts:AssumeRoleWithWebIdentity",
        web_identity(provider, subject, "sts.amazonaws.com"),
        ip,
        BOTO_VPS,
        params={
            "roleArn": f"arn:aws:iam::{prod}:role/label-renderer-prod",
            "roleSessionName": sess,
        },
        response={
            "credentials": credentials(key, t + dt.timedelta(hours=1)),
            "subjectFromWebIdentityToken": subject,
            "provider": provider,
            "audience": "sts.amazonaws.com",
        },
    )
    s = Session(
        "a7",
        t,
        key,
        assumed_role(prod, "label-renderer-prod", role_id, sess, key, t),
        ip,
        BOTO_VPS,
        prod,
        org.HOME,
    )
    ids, end = _calls(
        world,
        s,
        t,
        [
            "s3:ListBuckets",
            "s3:GetBucketReplication",
            "s3:PutBucketVersioning",
            "s3:PutBucketReplication",
            "s3:PutBucketPolicy",
            "s3:GetObject",
            "s3:GetObject",
        ],
        ip,
        BOTO_VPS,
        params={
            "s3:PutBucketReplication": {
                "bucketName": "halvard-prod-label",
                "ReplicationConfiguration": {
                    "Rule": {
                        "Destination": {
                            "Bucket": "arn:aws:s3:::cargo-mirror-7731",
                            "Account": org.ATTACKER_ACCOUNTS[1],
                        }
                    }
                },
            },
            "s3:PutBucketPolicy": {
                "bucketName": "halvard-prod-label",
                "bucketPolicy": {
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:aws:iam::{org.ATTACKER_ACCOUNTS[1]}:root"},
                            "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::halvard-prod-label/*",
                        }
                    ]
                },
            },
        },
    )
    _attack(
        world,
        "A7",
        "IRSA token exchanged outside AWS; S3 replication and policy to an outside account",
        "high",
        key,
        ip,
        [first, *ids],
        t,
        end,
    )

    # A8: a staging node's instance credentials used from another AWS account: user-data persistence
    t, ip = world.at(d[2], 19.5), world.addr.aws("ap-southeast-1")
    node = next(
        i
        for w in world.workloads
        if w.name == "staging-nodes"
        for i in w.instances
        if i.start < t < i.end - dt.timedelta(hours=1)
    )
    s = world.key_at(node.id, t)
    ids, end = _calls(
        world,
        s,
        t,
        [
            "sts:GetCallerIdentity",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceAttribute",
            "ec2:StopInstances",
            "ec2:ModifyInstanceAttribute",
            "ec2:StartInstances",
        ],
        ip,
        BOTO_EC2,
        gap=(20, 120),
    )
    _attack(
        world,
        "A8",
        "staging node credentials from another AWS account: EC2 user-data persistence",
        "medium",
        s.key,
        ip,
        ids,
        t,
        end,
    )

    # A9: a developer's console session taken from the browser and replayed from Romania
    person = people["t.meyer"]
    morning = world.local(d[4], 8.2, person.city_tz)
    where = offsite_ip(world, person.user, d[4]) or home_ip(world, person, d[4])
    s = federate(
        world,
        person.user,
        "staging",
        "DeveloperAccess",
        morning,
        where,
        org.BROWSER[person.browser],
        console=True,
    )
    work(world, s, "DeveloperAccess", morning, 240, 30, console=True)
    t, ip = world.at(d[4], 14.2), world.addr.public("rcs_rds")
    ids, end = _calls(
        world,
        s,
        t,
        [
            "secretsmanager:ListSecrets",
            "secretsmanager:GetSecretValue",
            "secretsmanager:GetSecretValue",
            "secretsmanager:GetSecretValue",
            "s3:ListBuckets",
            "s3:GetObject",
            "iam:ListRoles",
            "lambda:ListFunctions20150331",
        ],
        ip,
        s.agent,
        console=True,
    )
    _attack(
        world,
        "A9",
        "stolen console session replayed from a second country",
        "medium",
        s.key,
        ip,
        ids,
        t,
        end,
    )

    # A10: slow recon through a compromised pod, with its own key, address and SDK
    holder = "tracking-worker:0"
    t = world.at(d[3], 6)
    recon = [
        "sts:GetCallerIdentity",
        "iam:ListRoles",
        "iam:ListPolicies",
        "organizations:DescribeOrganization",
        "secretsmanager:ListSecrets",
        "ec2:DescribeSnapshots",
        "rds:DescribeDBSnapshots",
        "kms:ListAliases",
        "s3:ListBuckets",
        "lambda:ListFunctions20150331",
        "ecr:DescribeRepositories",
        "dynamodb:ListTables",
        "sns:ListTopics",
        "cloudtrail:DescribeTrails",
        "guardduty:ListDetectors",
    ]
    ids = []
    for api in recon:
        t += dt.timedelta(minutes=rng.uniform(38, 55))
        s = world.key_at(holder, t)
        ids.append(
            world.trail.call(
                t,
                s.account,
                "us-east-1" if api.startswith(("iam", "organizations")) else org.HOME,
                api,
                s.identity,
                s.ip,
                s.agent.replace("sts#", f"{api.split(':')[0]}#"),
            )
        )
    row(
        world,
        "A10",
        "slow recon with the pod's own key, address and SDK",
        "attack",
        "low",
        event_ids=" ".join(ids),
        start=iso(world.at(d[3], 6)),
        end=iso(t + dt.timedelta(minutes=1)),
    )
