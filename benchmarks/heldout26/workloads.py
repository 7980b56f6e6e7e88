"""The customers' own workloads and people on an ordinary day: EC2 fleets with the SSM and
CloudWatch agents, Lambda functions, ECS tasks, IAM users' keys, SAML console sessions and AWS
Config's service-linked role; and ``day``, which writes a whole day of the organisation."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.background import Org, engineers_day, patching_day, runbooks_day, weekday
from benchmarks.heldout26.records import Identity, Trail, assumed, iam_user

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def fleet_day(trail: Trail, org: Org, c: o.Customer, i: int) -> None:
    """The customer's EC2 fleet: instance keys every six hours, the SSM and CloudWatch agents,
    the application's secret reads (with KMS called by Secrets Manager on its behalf)."""
    rng = org.rng
    moved = org.changes.get("eip_move")
    for inst in c.instances:
        offset = rng.uniform(0, 6)
        for s in range(4):
            t = org.at(i, offset + 6 * s)
            ip = inst.ip
            if moved and moved[0] is inst and t >= moved[1]:
                ip = moved[2]
            k = o.key(rng)
            trail.mint(
                t,
                c.account,
                c.region,
                "ec2.amazonaws.com",
                c.fleet_role,
                c.role_ids["fleet"],
                inst.instance_id,
                k,
            )
            who = assumed(
                c.account, c.fleet_role, inst.instance_id, k, c.role_ids["fleet"], t, instance=True
            )
            trail.call(
                t + M,
                c.account,
                c.region,
                who,
                "ec2.amazonaws.com",
                "DescribeTags",
                ip,
                o.CW_AGENT,
                request={
                    "filterSet": {
                        "items": [
                            {
                                "name": "resource-id",
                                "valueSet": {"items": [{"value": inst.instance_id}]},
                            }
                        ]
                    }
                },
            )
            for h in range(0, 6, 2):
                tt = t + H * h + M * rng.uniform(2, 50)
                trail.call(
                    tt,
                    c.account,
                    c.region,
                    who,
                    "ssm.amazonaws.com",
                    "UpdateInstanceInformation",
                    ip,
                    o.SSM_AGENT,
                    request={"instanceId": inst.instance_id, "agentVersion": "3.3.987.0"},
                )
                trail.call(
                    tt + M,
                    c.account,
                    c.region,
                    who,
                    "ssm.amazonaws.com",
                    "ListInstanceAssociations",
                    ip,
                    o.SSM_AGENT,
                    request={"instanceId": inst.instance_id},
                )
            if rng.random() < 0.7:
                tt = t + H * rng.uniform(0, 5.5)
                trail.call(
                    tt,
                    c.account,
                    c.region,
                    who,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    ip,
                    o.APP_PY,
                    request={"secretId": f"{c.name}/app/db"},
                )
                trail.call(
                    tt,
                    c.account,
                    c.region,
                    who,
                    "kms.amazonaws.com",
                    "Decrypt",
                    "secretsmanager.amazonaws.com",
                    "secretsmanager.amazonaws.com",
                    request={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                    invoked_by="secretsmanager.amazonaws.com",
                )


def serverless_day(trail: Trail, org: Org, c: o.Customer, i: int) -> None:
    """Lambda functions (a key per cold start) and ECS tasks (a key every six hours)."""
    rng = org.rng
    nat_move = org.changes.get("nat_move")
    for f in c.functions:
        for s in range(3):
            t = org.at(i, 8 * s + rng.uniform(0, 7))
            k = o.key(rng)
            trail.mint(
                t,
                c.account,
                c.region,
                "lambda.amazonaws.com",
                f"{f}-role",
                c.role_ids["lambda"],
                f,
                k,
                hours=12,
            )
            who = assumed(c.account, f"{f}-role", f, k, c.role_ids["lambda"], t)
            ip = o.aws_ip(rng, c.region)
            for j in range(rng.randint(2, 6)):
                tt = t + M * rng.uniform(0, 400)
                if j % 2:
                    trail.call(
                        tt,
                        c.account,
                        c.region,
                        who,
                        "ssm.amazonaws.com",
                        "GetParameter",
                        ip,
                        o.LAMBDA_NODE.replace("{svc}", "ssm"),
                        request={"name": f"/{c.name}/{f}/config", "withDecryption": True},
                    )
                else:
                    trail.call(
                        tt,
                        c.account,
                        c.region,
                        who,
                        "kms.amazonaws.com",
                        "GenerateDataKey",
                        ip,
                        o.LAMBDA_NODE.replace("{svc}", "kms"),
                        request={"keySpec": "AES_256"},
                    )
    sdk = org.changes.get("sdk_upgrade")
    for task in range(c.tasks):
        task_id = f"{int(c.account) * 7919 + task * 104729:032x}"[-32:]
        for s in range(4):
            t = org.at(i, 6 * s + rng.uniform(0, 1))
            k = o.key(rng)
            trail.mint(
                t,
                c.account,
                c.region,
                "ecs-tasks.amazonaws.com",
                f"{c.name.split('-')[0]}-api-task",
                c.role_ids["ecs"],
                task_id,
                k,
            )
            who = assumed(
                c.account, f"{c.name.split('-')[0]}-api-task", task_id, k, c.role_ids["ecs"], t
            )
            ip = c.nat_ips[0]
            if nat_move and nat_move[0] is c and t >= nat_move[1]:
                ip = nat_move[2]
            agent = o.APP_JAVA
            if sdk and sdk[0] is c and t >= sdk[1]:
                agent = o.APP_PY_NEW
            for _ in range(rng.randint(3, 8)):
                tt = t + M * rng.uniform(0, 350)
                name = rng.choice(("GetSecretValue", "DescribeTable", "GetParameters"))
                src = {
                    "GetSecretValue": "secretsmanager",
                    "DescribeTable": "dynamodb",
                    "GetParameters": "ssm",
                }[name]
                trail.call(
                    tt,
                    c.account,
                    c.region,
                    who,
                    f"{src}.amazonaws.com",
                    name,
                    ip,
                    agent,
                    request={},
                )


def staff_day(trail: Trail, org: Org, c: o.Customer, i: int) -> None:
    """The customer's own people: IAM users' keys from the office, console through SAML, and
    AWS Config's service-linked role describing the account."""
    rng = org.rng
    for s in range(4):
        t = org.at(i, 6 * s + rng.uniform(0, 2))
        k = o.key(rng)
        trail.mint(
            t,
            c.account,
            c.region,
            "config.amazonaws.com",
            "AWSServiceRoleForConfig",
            c.role_ids["config"],
            "AWSConfig-Describe",
            k,
            hours=1,
            path="/aws-service-role/config.amazonaws.com/",
        )
        slr = assumed(
            c.account,
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            k,
            c.role_ids["config"],
            t,
            path="/aws-service-role/config.amazonaws.com/",
        )
        for name in ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes"):
            trail.call(
                t + M,
                c.account,
                c.region,
                slr,
                "ec2.amazonaws.com",
                name,
                "config.amazonaws.com",
                "config.amazonaws.com",
                request={},
                invoked_by="config.amazonaws.com",
            )
    if not weekday(org, i):
        return
    for user, akid, agent in c.users:
        if rng.random() < 0.3:
            continue
        me = iam_user(
            c.account, user, akid, org.user_ids.setdefault(c.account + user, o.uid(rng, "AIDA"))
        )
        t = org.at(i, rng.uniform(7, 16))
        ip = rng.choice(c.office_ips)
        for _ in range(rng.randint(3, 15)):
            t += M * rng.uniform(0.1, 20)
            src, name = rng.choice(
                (
                    ("s3.amazonaws.com", "ListBuckets"),
                    ("cloudformation.amazonaws.com", "DescribeStacks"),
                    ("ec2.amazonaws.com", "DescribeInstances"),
                    ("lambda.amazonaws.com", "GetFunction20150331v2"),
                    ("s3.amazonaws.com", "GetBucketLocation"),
                    ("cloudformation.amazonaws.com", "UpdateStack"),
                )
            )
            trail.call(
                t,
                c.account,
                o.GLOBAL if name == "ListBuckets" else c.region,
                me,
                src,
                name,
                ip,
                agent.replace("{cmd}", f"{src.split('.')[0]}.{name.lower()}").replace(
                    "{svc}", src.split(".")[0]
                ),
                request={},
            )
    for person in c.console_people:
        if rng.random() < 0.4:
            continue
        t = org.at(i, rng.uniform(8, 15))
        ip = rng.choice(c.office_ips)
        k = o.key(rng)
        saml = Identity(
            {
                "type": "SAMLUser",
                "principalId": f"Gmk0PVZnPxqEx1bQhaRHgA==:{person}",
                "userName": person,
                "identityProvider": f"arn:aws:iam::{c.account}:saml-provider/EntraID",
            }
        )
        trail.call(
            t,
            c.account,
            c.region,
            saml,
            "sts.amazonaws.com",
            "AssumeRoleWithSAML",
            ip,
            o.CONSOLE_UA,
            request={
                "roleArn": f"arn:aws:iam::{c.account}:role/CustomerAdmins",
                "principalArn": f"arn:aws:iam::{c.account}:saml-provider/EntraID",
                "durationSeconds": 3600,
            },
            response={
                "credentials": {
                    "accessKeyId": k,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + k,
                    "expiration": (t + H).strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{c.role_ids['saml']}:{person}",
                    "arn": f"arn:aws:sts::{c.account}:assumed-role/CustomerAdmins/{person}",
                },
                "subject": person,
                "subjectType": "persistent",
                "issuer": "https://sts.windows.net/4f1c2a9e-7d3b-4e5a-9c61-2b8d0f7e3a15/",
                "audience": "https://signin.aws.amazon.com/saml",
            },
        )
        who = assumed(c.account, "CustomerAdmins", person, k, c.role_ids["saml"], t, mfa=True)
        for _ in range(rng.randint(3, 12)):
            t += M * rng.uniform(0.2, 6)
            src, name = rng.choice(
                (
                    ("ec2.amazonaws.com", "DescribeInstances"),
                    ("cloudwatch.amazonaws.com", "GetMetricData"),
                    ("s3.amazonaws.com", "ListBuckets"),
                    ("ce.amazonaws.com", "GetCostAndUsage"),
                    ("health.amazonaws.com", "DescribeEventAggregates"),
                )
            )
            region = o.GLOBAL if src in ("ce.amazonaws.com", "health.amazonaws.com") else c.region
            trail.call(
                t, c.account, region, who, src, name, ip, o.CONSOLE_UA, request={}, console=True
            )


def day(trail: Trail, org: Org, i: int) -> None:
    engineers_day(trail, org, i)
    runbooks_day(trail, org, i)
    patching_day(trail, org, i)
    for c in org.present(i):
        fleet_day(trail, org, c, i)
        serverless_day(trail, org, c, i)
        staff_day(trail, org, c, i)
