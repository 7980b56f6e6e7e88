"""The attacks with stolen workload credentials: an instance's (IMDSv1 SSRF) from a VPS, the
joining client's instance on its first day, a pull request's GitHub OIDC session, a Fargate
task's from another AWS account's instance in the same region."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout28._attacks import calls
from benchmarks.heldout28._org import SITES, Org, at
from benchmarks.heldout28._rec import ATTACK_PY, FARGATE_PY, GH_ACTION, KALI_CLI, Cred, cli_v2, mint
from benchmarks.heldout28._scene import Scene


def a6_ssrf(s: Scene, org: Org, day: dt.date, keys: dict[str, list[Cred]]) -> None:
    """A WordPress instance's role credentials, taken through IMDSv1 by an SSRF in a plugin,
    used from a VPS in Frankfurt."""
    inst = org.fleet[1]
    cred = keys[inst.instance_id][2]  # minted around noon
    ip, t0 = org.net.public("vps_do_fra"), at(day, 13.5)
    plan = [
        ("sts", "GetCallerIdentity", "us-east-1", True),
        ("s3", "ListBuckets", "us-east-1", True),
        ("secretsmanager", "ListSecrets", "eu-south-2", True),
        (
            "secretsmanager",
            "GetSecretValue",
            "eu-south-2",
            True,
            None,
            {"secretId": "wordpress/db"},
        ),
        ("ssm", "DescribeInstanceInformation", "eu-south-2", True),
        ("ec2", "DescribeInstances", "eu-south-2", True),
        ("iam", "ListRoles", "us-east-1", True, "AccessDenied"),
    ]
    end = calls(
        s, cred, t0, ip, cli_v2(KALI_CLI, "sts.get-caller-identity", "2.17.0"), plan, gap=25
    )
    s.truth(
        "A6",
        "WordPress instance credentials taken by SSRF (IMDSv1), used from a VPS",
        "attack",
        key=cred.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="high",
    )


def a7_bodega_first_day(s: Scene, org: Org, day: dt.date, keys: dict[str, list[Cred]]) -> None:
    """The joining client's shop instance (an old WooCommerce with IMDSv1) robbed on the day
    its account joins the trail: no history at all."""
    inst = org.bodega_fleet[0]
    cred = keys[inst.instance_id][-1]
    ip = org.net.public("vps_ovh")
    t0 = (cred.issued or at(day, 20)) + dt.timedelta(minutes=40)
    plan = [
        ("sts", "GetCallerIdentity", "us-east-1", True),
        ("s3", "ListBuckets", "us-east-1", True),
        ("ec2", "DescribeInstances", "eu-south-2", True),
        (
            "secretsmanager",
            "GetSecretValue",
            "eu-south-2",
            True,
            None,
            {"secretId": "bodega/shop-db"},
        ),
        ("iam", "ListAttachedRolePolicies", "us-east-1", True, "AccessDenied"),
    ]
    end = calls(s, cred, t0, ip, cli_v2(KALI_CLI, "s3.ls", "2.17.0"), plan, gap=30)
    s.truth(
        "A7",
        "The new account's shop instance credentials used from OVH on its first day",
        "attack",
        key=cred.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="medium",
    )


def a10_oidc_pull_request(s: Scene, org: Org, day: dt.date) -> None:
    """A pull request's workflow assuming the deploy role (its trust admits ``repo:cardoazul/*``),
    from a GitHub runner with the deploy action: it reads the Lightsail SSH keys and the DB
    secret."""
    ip, t0 = org.net.public("github_runner"), at(day, 16.2)
    web = Cred(
        "web",
        "",
        "repo:cardoazul/wp-themes:pull_request",
        extra={
            "provider": f"arn:aws:iam::{SITES}:oidc-provider/token.actions.githubusercontent.com"
        },
    )
    rec, sess = mint(
        s.rng,
        web,
        t0,
        org.roles["gh_deploy"],
        "GitHubActions",
        "eu-south-2",
        ip,
        GH_ACTION,
        api="AssumeRoleWithWebIdentity",
        params={"durationSeconds": 3600},
    )
    s.add(rec)
    plan = [
        ("sts", "GetCallerIdentity", "eu-south-2", True),
        ("lightsail", "GetInstances", "eu-west-1", True),
        ("lightsail", "GetInstanceAccessDetails", "eu-west-1", False),
        ("lightsail", "GetInstanceAccessDetails", "eu-west-1", False),
        ("secretsmanager", "ListSecrets", "eu-south-2", True, "AccessDeniedException"),
        (
            "ssm",
            "SendCommand",
            "eu-south-2",
            False,
            None,
            {
                "documentName": "AWS-RunShellScript",
                "targets": [{"key": "tag:Role", "values": ["wordpress"]}],
                "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
            },
        ),
    ]
    end = calls(
        s,
        sess,
        t0,
        ip,
        cli_v2(
            "linux#6.5.0-1025-azure md/distrib#ubuntu.22", "lightsail.get-instance-access-details"
        ),
        plan,
        gap=10,
    )
    s.truth(
        "A10",
        "A pull request's workflow assuming the deploy role, reading Lightsail SSH keys",
        "attack",
        key=sess.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="medium",
    )


def a11_task_from_aws(s: Scene, org: Org, day: dt.date) -> None:
    """The newsletter task's credentials (an SSRF to 169.254.170.2 in its HTML importer) used
    from the attacker's own EC2 instance in eu-west-1: exporting the contact lists."""
    t0 = at(day, 11.2)
    task = f"{s.rng.getrandbits(128):032x}"
    rec, cred = mint(
        s.rng,
        Cred("service", "", "ecs-tasks.amazonaws.com"),
        t0,
        org.roles["newsletter_task"],
        task,
        "eu-west-1",
        "ecs-tasks.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        hours=6,
    )
    s.add(rec)
    nat = org.ips["nat_agency"]

    calls(
        s,
        cred,
        t0,
        nat,
        FARGATE_PY,
        [
            (
                "secretsmanager",
                "GetSecretValue",
                "eu-west-1",
                True,
                None,
                {"secretId": "newsletter/mailchimp-import"},
            ),
            ("ses", "GetAccount", "eu-west-1", True),
        ],
        gap=5,
    )
    ip = org.net.aws("eu-west-1")
    t1 = t0 + dt.timedelta(minutes=35)
    plan = (
        [("ses", "ListContactLists", "eu-west-1", True)]
        + [("ses", "ListContacts", "eu-west-1", True)] * 6
        + [
            ("ses", "CreateExportJob", "eu-west-1", False, "AccessDeniedException"),
            ("s3", "ListBuckets", "us-east-1", True, "AccessDenied"),
        ]
    )
    end = calls(s, cred, t1, ip, ATTACK_PY, plan, gap=15)
    s.truth(
        "A11",
        "Newsletter task credentials used from another AWS account's EC2 instance",
        "attack",
        key=cred.key,
        ips=[ip],
        start=t1,
        end=end,
        min_sev="medium",
    )
