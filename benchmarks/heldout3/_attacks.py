"""Ten attacks from public incident reports and the seeds, each with its expected severity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._changes import iso, offsite_ip, row
from benchmarks.heldout3._people import federate, home_ip, portal_identity, sso_principal, work
from benchmarks.heldout3._services import cross_assume
from benchmarks.heldout3._trail import assumed_role, credentials, other_account, web_identity
from benchmarks.heldout3._world import Session, World

KALI_CLI = ("aws-cli/2.18.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.6 "
            "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off "
            "md/command#{c}")
BOTO_VPS = ("Boto3/1.34.89 md/Botocore#1.34.89 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 "
            "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.89")
BOTO_EC2 = ("Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 "
            "lang/python#3.9.16 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#legacy Botocore/1.31.57")


def _calls(world: World, s: Session, start: dt.datetime, apis: list[str | tuple[str, str | None]], ip: str,
           agent: str, *, gap: tuple[int, int] = (8, 70), region: str = org.HOME, console: bool = False,
           params: dict[str, Any] | None = None) -> tuple[list[str], dt.datetime]:
    ids, when = [], start
    for item in apis:
        api, err = item if isinstance(item, tuple) else (item, None)
        when += dt.timedelta(seconds=world.rng.randrange(*gap))
        call_region = "us-east-1" if api.split(":")[0] in ("iam", "organizations") else region
        ids.append(world.trail.call(when, s.account, call_region, api, s.identity, ip,
                                    agent.format(c=api.replace(":", ".").lower()), error=err, console=console,
                                    params=(params or {}).get(api)))
    return ids, when


def _attack(world: World, id_: str, name: str, severity: str, key: str, ip: str, ids: list[str],
            start: dt.datetime, end: dt.datetime, principal: str = "") -> None:
    row(world, id_, name, "attack", severity, access_key_id=key, source_ip=ip, event_ids=" ".join(ids),
        principal_arn=principal, start=iso(start - dt.timedelta(minutes=1)), end=iso(end + dt.timedelta(minutes=1)))


def run(world: World) -> None:
    d, rng = world.scored, world.rng
    people = {p.user: p for p in org.PEOPLE}

    # A1: a prod Karpenter node's instance credentials taken through SSRF to IMDS, used from a VPS
    t = world.at(d[1], 2.6)
    node = next(i for w in world.workloads if w.name == "prod-nodes" for i in w.instances if i.start < t < i.end - dt.timedelta(hours=1))
    s, ip = world.key_at(node.id, t), world.addr.public("contabo")
    ids, end = _calls(world, s, t, ["sts:GetCallerIdentity", "s3:ListBuckets", ("iam:ListRoles", "denied"),
                                    "secretsmanager:ListSecrets", "s3:GetObject", "s3:GetObject", "s3:GetObject",
                                    "ecr:DescribeRepositories", "ec2:DescribeInstances"], ip, KALI_CLI)
    _attack(world, "A1", "EKS node instance credentials (SSRF to IMDS) used from a VPS", "high", s.key, ip, ids, t, end)

    # A2: Identity Center persistence from a hijacked admin portal session (device-code phishing)
    t, ip = world.at(d[2], 11.3), world.addr.public("datacamp")
    user = "a.kowalczyk"
    ident = portal_identity(world, user)
    mgmt = world.account("management")
    world.trail.call(t, mgmt, org.HOME, "sso-oauth:CreateToken", ident, ip, KALI_CLI.format(c="sso.login"),
                     params={"grantType": "urn:ietf:params:oauth:grant-type:device_code"})
    s = federate(world, user, "management", "OrgAdmin", t + dt.timedelta(seconds=20), ip,
                 KALI_CLI.format(c="sso.login"), console=False)
    ids, end = _calls(world, s, t + dt.timedelta(seconds=30), [
        "sso:ListInstances", "identitystore:ListUsers", "identitystore:CreateUser", "sso:CreatePermissionSet",
        "sso:AttachManagedPolicyToPermissionSet", "sso:CreateAccountAssignment", "sso:CreateAccountAssignment",
        "sso:ProvisionPermissionSet", "iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateAccessKey"], ip, KALI_CLI,
        params={"sso:AttachManagedPolicyToPermissionSet": {"managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                "iam:CreateUser": {"userName": "svc-backup-sync"}})
    _attack(world, "A2", "Identity Center persistence: permission set, assignment and an IAM user", "high", s.key,
            ip, ids, t, end, sso_principal(mgmt, "OrgAdmin", user))

    # A3: the monitoring vendor's role assumed from an outside account with the leaked ExternalId
    t, ip = world.at(d[3], 16.1), world.addr.public("vultr")
    caller = other_account(org.ATTACKER_ACCOUNTS[0], "AROA3XK7PQ2ZOPSROLE01:ops")
    s = cross_assume(world, caller, "prod", "MonitorlyIntegrationRole", "monitorly-5e1f0c2a", t, ip, BOTO_VPS,
                     external_id="mon-8f2c61d0a4")
    assumed = world.trail.last_id
    ids, end = _calls(world, s, t, ["s3:ListBuckets", "s3:GetBucketPolicy", "s3:GetBucketPolicy", "s3:GetObject",
                                    "s3:GetObject", "s3:GetObject", "ec2:DescribeInstances", ("iam:ListRoles", "denied"),
                                    ("secretsmanager:ListSecrets", "denied")], ip, BOTO_VPS)
    _attack(world, "A3", "vendor role assumed from outside the vendor's account", "medium", s.key, ip,
            [assumed, *ids], t, end)

    # A4: a developer's SSO token cache stolen; Lambda backdoor with a public function URL
    t, ip = world.at(d[1], 21.5), world.addr.public("ovh")
    s = federate(world, "k.zielinski", "staging", "DeveloperAccess", t, ip, BOTO_VPS, console=False)
    ids, end = _calls(world, s, t, ["lambda:ListFunctions20150331", "lambda:GetFunction",
                                    "lambda:UpdateFunctionCode20150331v2", "lambda:AddPermission20150331v2",
                                    "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionConfiguration20150331v2"],
                      ip, BOTO_VPS, params={"lambda:AddPermission20150331v2": {"principal": "*", "action": "lambda:InvokeFunctionUrl",
                                                                                "functionUrlAuthType": "NONE"},
                                            "lambda:CreateFunctionUrlConfig": {"authType": "NONE", "functionName": "eta-calculator"}})
    _attack(world, "A4", "Lambda backdoor (new code, public function URL) with a stolen SSO token", "high", s.key,
            ip, ids, t, end, sso_principal(world.account("staging"), "DeveloperAccess", "k.zielinski"))

    # A5: a malicious Terraform Cloud run sweeps Secrets Manager at night
    from benchmarks.heldout3._services import terraform_run

    t = world.at(d[2], 3.15)
    sweep = [("secretsmanager:ListSecrets", 3.0), ("secretsmanager:GetSecretValue", 12.0), ("ssm:GetParametersByPath", 1.5)]
    s = terraform_run(world, "eks-prod", "prod", t, calls=0)
    ids, end = _calls(world, s, t + dt.timedelta(seconds=20), [a for a, n in sweep for _ in range(int(n * 3))], s.ip,
                      BOTO_VPS.replace("5.15.0-122-generic", "5.10.226-214.879.amzn2.x86_64"), gap=(1, 6))
    _attack(world, "A5", "Secrets Manager sweep from a malicious Terraform Cloud run", "medium", s.key, s.ip, ids, t, end)

    # A6: defence evasion from a Tor exit with a platform admin's stolen CLI credentials
    t, ip = world.at(d[4], 1.25), world.addr.named("tor-exit", "tor")
    agent = KALI_CLI
    for account, permission_set, apis in (
        ("management", "OrgAdmin", ["sts:GetCallerIdentity", "cloudtrail:DescribeTrails", "cloudtrail:PutEventSelectors",
                                    ("cloudtrail:StopLogging", "AccessDenied")]),
        ("prod", "PlatformAdmin", ["guardduty:ListDetectors", ("guardduty:DeleteDetector", "AccessDenied"),
                                   "guardduty:UpdateDetector", "ec2:DescribeFlowLogs", "ec2:DeleteFlowLogs"]),
        ("sandbox", "PlatformAdmin", [("organizations:LeaveOrganization", "AccessDenied")]),
    ):
        s = federate(world, "j.brandt", account, permission_set, t, ip, agent.format(c="sso.login"), console=False)
        ids, t = _calls(world, s, t, apis, ip, agent)
        _attack(world, "A6", "defence evasion: event selectors, StopLogging, GuardDuty, flow logs, LeaveOrganization",
                "high", s.key, ip, ids, s.issued, t)

    # A7: a pod's service-account token exchanged outside AWS; S3 replication to an outside account
    t, ip = world.at(d[3], 9.66), world.addr.public("hetzner")
    prod = world.account("prod")
    provider = f"arn:aws:iam::{prod}:oidc-provider/{org.EKS_OIDC['prod']}"
    subject = "system:serviceaccount:label:label-renderer"
    key, role_id, sess = world.trail.key(), world.role_id(prod, "label-renderer-prod"), "exfil"
    first = world.trail.call(t, prod, org.HOME, "sts:AssumeRoleWithWebIdentity", web_identity(provider, subject, "sts.amazonaws.com"),
                             ip, BOTO_VPS, params={"roleArn": f"arn:aws:iam::{prod}:role/label-renderer-prod", "roleSessionName": sess},
                             response={"credentials": credentials(key, t + dt.timedelta(hours=1)), "subjectFromWebIdentityToken": subject,
                                       "provider": provider, "audience": "sts.amazonaws.com"})
    s = Session("a7", t, key, assumed_role(prod, "label-renderer-prod", role_id, sess, key, t), ip, BOTO_VPS, prod, org.HOME)
    ids, end = _calls(world, s, t, ["s3:ListBuckets", "s3:GetBucketReplication", "s3:PutBucketVersioning",
                                    "s3:PutBucketReplication", "s3:PutBucketPolicy", "s3:GetObject", "s3:GetObject"],
                      ip, BOTO_VPS, params={"s3:PutBucketReplication": {"bucketName": "halvard-prod-label", "ReplicationConfiguration": {
                          "Rule": {"Destination": {"Bucket": "arn:aws:s3:::cargo-mirror-7731", "Account": org.ATTACKER_ACCOUNTS[1]}}}},
                          "s3:PutBucketPolicy": {"bucketName": "halvard-prod-label", "bucketPolicy": {"Statement": [
                              {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{org.ATTACKER_ACCOUNTS[1]}:root"},
                               "Action": "s3:GetObject", "Resource": "arn:aws:s3:::halvard-prod-label/*"}]}}})
    _attack(world, "A7", "IRSA token exchanged outside AWS; S3 replication and policy to an outside account", "high",
            key, ip, [first, *ids], t, end)

    # A8: a staging node's instance credentials used from another AWS account: user-data persistence
    t, ip = world.at(d[2], 19.5), world.addr.aws("ap-southeast-1")
    node = next(i for w in world.workloads if w.name == "staging-nodes" for i in w.instances if i.start < t < i.end - dt.timedelta(hours=1))
    s = world.key_at(node.id, t)
    ids, end = _calls(world, s, t, ["sts:GetCallerIdentity", "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute",
                                    "ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances"], ip, BOTO_EC2,
                      gap=(20, 120))
    _attack(world, "A8", "staging node credentials from another AWS account: EC2 user-data persistence", "medium",
            s.key, ip, ids, t, end)

    # A9: a developer's console session taken from the browser and replayed from Romania
    person = people["t.meyer"]
    morning = world.local(d[4], 8.2, person.city_tz)
    where = offsite_ip(world, person.user, d[4]) or home_ip(world, person, d[4])
    s = federate(world, person.user, "staging", "DeveloperAccess", morning, where,
                 org.BROWSER[person.browser], console=True)
    work(world, s, "DeveloperAccess", morning, 240, 30, console=True)
    t, ip = world.at(d[4], 14.2), world.addr.public("rcs_rds")
    ids, end = _calls(world, s, t, ["secretsmanager:ListSecrets", "secretsmanager:GetSecretValue",
                                    "secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue", "s3:ListBuckets",
                                    "s3:GetObject", "iam:ListRoles", "lambda:ListFunctions20150331"], ip, s.agent,
                      console=True)
    _attack(world, "A9", "stolen console session replayed from a second country", "medium", s.key, ip, ids, t, end)

    # A10: slow recon through a compromised pod, with its own key, address and SDK
    holder = "tracking-worker:0"
    t = world.at(d[3], 6)
    recon = ["sts:GetCallerIdentity", "iam:ListRoles", "iam:ListPolicies", "organizations:DescribeOrganization",
             "secretsmanager:ListSecrets", "ec2:DescribeSnapshots", "rds:DescribeDBSnapshots", "kms:ListAliases",
             "s3:ListBuckets", "lambda:ListFunctions20150331", "ecr:DescribeRepositories", "dynamodb:ListTables",
             "sns:ListTopics", "cloudtrail:DescribeTrails", "guardduty:ListDetectors"]
    ids = []
    for api in recon:
        t += dt.timedelta(minutes=rng.uniform(38, 55))
        s = world.key_at(holder, t)
        ids.append(world.trail.call(t, s.account, "us-east-1" if api.startswith(("iam", "organizations")) else org.HOME,
                                    api, s.identity, s.ip, s.agent.replace("sts#", f"{api.split(':')[0]}#")))
    row(world, "A10", "slow recon with the pod's own key, address and SDK", "attack", "low",
        event_ids=" ".join(ids),
        start=iso(world.at(d[3], 6)), end=iso(t + dt.timedelta(minutes=1)))
