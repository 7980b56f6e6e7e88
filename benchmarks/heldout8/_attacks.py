"""Attacks in the scored days, from public incident write-ups (expected at least medium).

Each is written as the write-ups describe the actor's first hour: discovery, then the move that
pays (password data, user-data injection, login profiles, DNS, backdoor roles, key policies,
logging). Truth names the key and the address, or the principal and the address, and the
event IDs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout8._background import Background
from benchmarks.heldout8._benign import key_at, row
from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import DR, OUTSIDE, PROD, SIM, UA
from benchmarks.heldout8._trail import credentials, iam_user, role_arn, role_session, root

M = dt.timedelta(minutes=1)
BOTO = ("Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 "
        "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11")
KALI_CLI = ("aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 "
            "prompt/off command/{cmd}")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
MAC_CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/130.0.0.0 Safari/537.36")
Step = tuple[str, str, dict[str, Any] | None, str | None]  # service, api, request, error


def _run(bg: Background, start: dt.datetime, account: str, region: str, ident: dict[str, Any], ip: str,
         agent: str, steps: list[Step], gap: float = 1.5, extra: dict[str, Any] | None = None) -> list[str]:
    ids = []
    for i, (svc, api, req, err) in enumerate(steps):
        at = start + dt.timedelta(minutes=gap * i + float(bg.trail.rng.uniform(0, gap / 2)))
        ids.append(bg.trail.event(at, account, region, svc, api, ident, ip,
                                  agent.replace("{cmd}", f"{svc}.{api.lower()}"), request=req, error=err,
                                  extra=extra))
    return ids


def attacks(bg: Background, first_scored: dt.date) -> list[dict[str, str]]:
    d = [dt.datetime(first_scored.year, first_scored.month, first_scored.day, tzinfo=dt.UTC)
         + dt.timedelta(days=i) for i in range(5)]
    rows: list[dict[str, str]] = []
    eu = [f for f in bg.fleet if f[1] == "eu-central-1" and f[2] == "mes-app"]
    hour = dt.timedelta(hours=1)

    # A1: an on-premises MES server's long-term key, from a VPS (Contabo): password data, user data
    at, ip = d[3] + dt.timedelta(hours=2, minutes=10), BLOCKS["contabo"].addr(23)
    key = bg.svc["svc-mes-chemnitz"]
    ident = iam_user(PROD, "svc-mes-chemnitz", key)
    steps: list[Step] = [("sts", "GetCallerIdentity", None, None), ("ec2", "DescribeRegions", None, None),
                         ("ec2", "DescribeInstances", None, None)]
    steps += [("ec2", "GetPasswordData", {"instanceId": f[3]}, None) for f in eu[:3]]
    steps += [("ec2", "StopInstances", {"instancesSet": {"items": [{"instanceId": eu[1][3]}]}}, None),
              ("ec2", "ModifyInstanceAttribute", {"instanceId": eu[1][3], "userData": "<sensitiveDataRemoved>"}, None),
              ("ec2", "StartInstances", {"instancesSet": {"items": [{"instanceId": eu[1][3]}]}}, None)]
    ids = _run(bg, at, PROD, "eu-central-1", ident, ip, BOTO, steps)
    ids += _run(bg, at + 4 * M, PROD, "us-east-1", ident, ip, BOTO, [("ec2", "DescribeInstances", None, None)])
    rows.append(row("A1", "on-prem MES key from a VPS: GetPasswordData, user-data injection", "attack", key=key,
                    ips=[ip], events=ids, start=at, end=at + hour, severity="high"))

    # A2: a Roles Anywhere certificate copied off a Greenville gateway, used from DigitalOcean
    at, ip = d[2] + dt.timedelta(hours=23, minutes=5), BLOCKS["digitalocean"].addr(45)
    _, serial = bg.gateways["gw-gre-02"]
    ident = bg.assume(at, PROD, "us-east-1", "plant-edge-gateway", serial, "rolesanywhere.amazonaws.com",
                      "attacker-a2", source_identity="CN=gw-gre-02")
    ids = _run(bg, at + M, PROD, "us-east-1", ident, ip, KALI_CLI, [
        ("sts", "GetCallerIdentity", None, None), ("s3", "ListBuckets", None, None),
        ("iot", "ListThings", None, None), ("iot", "ListCertificates", None, None),
        ("secretsmanager", "ListSecrets", None, None),
        ("secretsmanager", "GetSecretValue", {"secretId": "mes/greenville/sql"}, None),
        ("ssm", "DescribeParameters", None, None),
        ("ssm", "GetParametersByPath", {"path": "/", "recursive": True, "withDecryption": True}, None),
        ("iam", "ListAttachedRolePolicies", {"roleName": "plant-edge-gateway"}, "AccessDenied"),
    ])
    rows.append(row("A2", "stolen Roles Anywhere certificate used from a cloud VPS", "attack",
                    key=ident["accessKeyId"], ips=[ip], events=ids, start=at, end=at + hour, severity="medium"))

    # A3: SSM lateral movement from a compromised WorkSpace (the engineer's own address and CLI)
    katrin = "katrin.vogel@kessler-antriebe.de"
    at = d[4] + dt.timedelta(hours=15, minutes=20)
    ip = BLOCKS["ec2_eu"].addr(10 + sum(map(ord, katrin)) % 3)
    ident = bg.saml(at, PROD, "PlantEngineer", katrin, ip, UA["saml2aws"], "attacker-a3")
    targets = [f[3] for f in eu[:2]]
    steps = [("ssm", "DescribeInstanceInformation", None, None)]
    steps += [("ssm", "StartSession", {"target": x}, None) for x in targets]
    steps += [("ssm", "SendCommand", {"documentName": "AWS-RunPowerShellScript", "instanceIds": targets,
                                      "parameters": {"commands": ["<sensitiveDataRemoved>"]}}, None),
              ("ssm", "GetCommandInvocation", None, None), ("secretsmanager", "ListSecrets", None, None),
              ("secretsmanager", "GetSecretValue", {"secretId": "mes/eu/sql-sa"}, None)]
    ids = _run(bg, at + M, PROD, "eu-central-1", ident, ip, UA["cli_win"], steps, gap=3)
    rows.append(row("A3", "SSM sessions and commands from a compromised WorkSpace", "attack",
                    key=ident["accessKeyId"], ips=[ip], events=ids, start=at, end=at + hour, severity="medium"))

    # A4: the CI key from Hetzner gives a dormant IAM user a console password and signs in
    at, ip = d[1] + dt.timedelta(hours=3, minutes=40), BLOCKS["hetzner"].addr(77)
    key = bg.svc["svc-jenkins"]
    ident = iam_user(PROD, "svc-jenkins", key)
    dormant = "ext-integrator-2019"
    ids = _run(bg, at, PROD, "us-east-1", ident, ip, BOTO, [
        ("sts", "GetCallerIdentity", None, None), ("iam", "ListUsers", None, None),
        ("iam", "ListAccessKeys", {"userName": dormant}, None),
        ("iam", "GetLoginProfile", {"userName": dormant}, "NoSuchEntity"),
        ("iam", "CreateLoginProfile", {"userName": dormant, "passwordResetRequired": False}, None),
    ])
    login = at + 12 * M
    user = iam_user(PROD, dormant, "")
    user.pop("accessKeyId")
    ids.append(bg.trail.event(login, PROD, "us-east-1", "signin", "ConsoleLogin", user, ip, FIREFOX,
                              response={"ConsoleLogin": "Success"},
                              extra={"eventType": "AwsConsoleSignIn", "readOnly": False,
                                     "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No",
                                                             "LoginTo": "https://console.aws.amazon.com/"}}))
    ckey = bg.trail.key()
    console = iam_user(PROD, dormant, ckey)
    ids += _run(bg, login + M, PROD, "eu-central-1", console, ip, FIREFOX, [
        ("iam", "ListRoles", None, None), ("s3", "ListBuckets", None, None),
        ("ec2", "DescribeInstances", None, None), ("secretsmanager", "ListSecrets", None, None),
    ], extra={"sessionCredentialFromConsole": "true"})
    rows.append(row("A4", "CI key from Hetzner: login profile on a dormant user, console sign-in", "attack",
                    key=key, ips=[ip], events=ids, start=at, end=at + hour, severity="high"))
    rows.append(row("A4", "CI key from Hetzner: login profile on a dormant user, console sign-in", "attack",
                    principal=f"arn:aws:iam::{PROD}:user/{dormant}", ips=[ip], start=at, end=at + hour,
                    severity="high"))

    # A5: an IT admin's AD FS sign-in phished (adversary in the middle), Route 53 record hijacked
    jonas = "jonas.wagner@kessler-antriebe.de"
    at, ip = d[3] + dt.timedelta(hours=12, minutes=40), BLOCKS["viettel"].addr(31)
    ident = bg.saml(at, PROD, "ITOps", jonas, ip, MAC_CHROME, "attacker-a5")
    ids = [bg.trail.event(at + dt.timedelta(seconds=3), PROD, "us-east-1", "signin", "ConsoleLogin",
                          {k: v for k, v in ident.items() if k != "accessKeyId"}, ip, MAC_CHROME,
                          response={"ConsoleLogin": "Success"},
                          extra={"eventType": "AwsConsoleSignIn", "readOnly": False,
                                 "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"}})]
    ids += _run(bg, at + M, PROD, "us-east-1", ident, ip, MAC_CHROME, [
        ("route53", "ListHostedZones", None, None), ("route53", "GetHostedZone", None, None),
        ("route53", "ListResourceRecordSets", None, None),
        ("route53", "ChangeResourceRecordSets", {"hostedZoneId": "Z07311742KESSLER", "changeBatch": {
            "changes": [{"action": "UPSERT", "resourceRecordSet": {
                "name": "supplier.kessler-antriebe.de", "type": "A",
                "resourceRecords": [{"value": BLOCKS["viettel"].addr(32)}]}}]}}, None),
        ("route53", "GetChange", None, None),
    ], gap=2, extra={"sessionCredentialFromConsole": "true"})
    rows.append(row("A5", "phished AD FS sign-in from Vietnam hijacks a Route 53 record", "attack",
                    principal=role_arn(PROD, "ITOps"), ips=[ip], events=ids, start=at, end=at + hour,
                    severity="medium"))

    # A6: a developer's cached session stolen by an infostealer; CloudFormation creates a backdoor role
    daniel = "daniel.meyer@kessler-antriebe.de"
    legit = d[4] + dt.timedelta(hours=9, minutes=10)
    hq = BLOCKS["hq"].addr(8 + len(daniel) % 5)
    own = bg.saml(legit, PROD, "MESDevelopers", daniel, hq, UA["saml2aws"], daniel + "/cli")
    bg.calls(legit, PROD, "eu-central-1", own, hq, [("cloudformation", "DescribeStacks", "cli_win", 4)], span=1800)
    at, ip = d[4] + dt.timedelta(hours=13, minutes=30), BLOCKS["vultr"].addr(52)
    ids = _run(bg, at, PROD, "eu-central-1", own, ip, BOTO, [
        ("sts", "GetCallerIdentity", None, None),
        ("cloudformation", "CreateStack", {"stackName": "ops-automation-baseline",
                                           "capabilities": ["CAPABILITY_NAMED_IAM"]}, None),
    ])
    cfn = dict(own, invokedBy="cloudformation.amazonaws.com")
    ids += _run(bg, at + 4 * M, PROD, "us-east-1", cfn, "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com", [
                    ("iam", "CreateRole", {"roleName": "ops-automation", "assumeRolePolicyDocument":
                                           f'{{"Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}}}}'}, None),
                    ("iam", "AttachRolePolicy", {"roleName": "ops-automation",
                                                 "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None),
                ], gap=0.5)
    back = bg.trail.key()
    outsider = role_session(OUTSIDE, "ops", "x", bg.trail.key(), at)
    ids.append(bg.trail.event(at + 35 * M, PROD, "us-east-1", "sts", "AssumeRole", outsider, ip, BOTO,
                              request={"roleArn": role_arn(PROD, "ops-automation"), "roleSessionName": "x"},
                              response={"credentials": credentials(back, at, 1)}))
    ids += _run(bg, at + 36 * M, PROD, "eu-central-1", role_session(PROD, "ops-automation", "x", back, at),
                ip, BOTO, [("s3", "ListBuckets", None, None), ("iam", "ListUsers", None, None),
                           ("ec2", "DescribeInstances", None, None)])
    rows.append(row("A6", "stolen developer session: CloudFormation backdoor role for an outside account",
                    "attack", key=own["accessKeyId"], ips=[ip], events=ids, start=at, end=at + hour,
                    severity="medium"))
    rows.append(row("A6", "stolen developer session: CloudFormation backdoor role for an outside account",
                    "attack", principal=role_arn(PROD, "ops-automation"), start=at, end=at + hour,
                    severity="medium"))

    # A7: the DR account's root user signs in from Romania, grants an outside account a KMS key
    at, ip = d[2] + dt.timedelta(hours=4, minutes=10), BLOCKS["m247"].addr(14)
    ids = [bg.trail.event(at, DR, "us-east-1", "signin", "ConsoleLogin", root(DR), ip, FIREFOX,
                          response={"ConsoleLogin": "Success"},
                          extra={"eventType": "AwsConsoleSignIn", "readOnly": False,
                                 "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"}})]
    policy = f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}},"Action":"kms:*"}}]}}'
    ids += _run(bg, at + M, DR, "us-east-1", root(DR, bg.trail.key()), ip, FIREFOX, [
        ("kms", "ListKeys", None, None), ("kms", "ListAliases", None, None), ("kms", "GetKeyPolicy", None, None),
        ("kms", "PutKeyPolicy", {"keyId": "mrk-4f1c0e27b9d34a55", "policyName": "default", "policy": policy}, None),
        ("iam", "ListAccessKeys", None, None),
    ], extra={"sessionCredentialFromConsole": "true"})
    rows.append(row("A7", "DR account root sign-in without MFA; KMS key policy grants an outside account",
                    "attack", principal=f"arn:aws:iam::{DR}:root", ips=[ip], events=ids, start=at,
                    end=at + hour, severity="high"))

    # A8: the OT vendor's role assumed from outside the vendor's networks, on a Friday night
    at, ip = d[0] + dt.timedelta(hours=21, minutes=30), BLOCKS["ovh"].addr(90)
    historian = bg.fleet[-1][3]
    key = bg.vendor_session(at, ip, "otv-m.huber", "vendor_cli", historian)
    ident = role_session(PROD, "OTVendorSupport", "otv-m.huber", key, at)
    ids = _run(bg, at + 50 * M, PROD, "eu-central-1", ident, ip, KALI_CLI, [
        ("ssm", "SendCommand", {"documentName": "AWS-RunPowerShellScript", "instanceIds": [historian]}, None),
        ("secretsmanager", "ListSecrets", None, None),
        ("secretsmanager", "GetSecretValue", {"secretId": "pi/historian/admin"}, None),
    ])
    rows.append(row("A8", "OT vendor's cross-account role used from OVH, outside the vendor's networks",
                    "attack", principal=role_arn(PROD, "OTVendorSupport"), ips=[ip], events=ids, start=at,
                    end=at + 2 * hour, severity="medium"))

    # A9 (cold start): the new account's head-node credentials from Linode; logging tampered with
    at, ip = d[3] + dt.timedelta(hours=15, minutes=20), BLOCKS["linode"].addr(66)
    key = key_at(bg, bg.sim_head, at)
    ident = role_session(SIM, "pcluster-head", bg.sim_head, key, at, ec2=True)
    ids = _run(bg, at, SIM, "eu-central-1", ident, ip, BOTO, [
        ("sts", "GetCallerIdentity", None, None), ("s3", "ListBuckets", None, None),
        ("cloudtrail", "DescribeTrails", None, None), ("cloudtrail", "GetEventSelectors", None, None),
        ("cloudtrail", "PutEventSelectors", {"trailName": "eng-sim-trail", "eventSelectors": [
            {"readWriteType": "ReadOnly", "includeManagementEvents": True}]}, None),
        # from here on the trail keeps read-only calls only: what the actor writes is not logged
        ("ec2", "DescribeInstances", None, None), ("iam", "ListRoles", None, None),
    ])
    rows.append(row("A9", "new account: head-node credentials from Linode; write events dropped from the trail", "attack", key=key,
                    ips=[ip], events=ids, start=at, end=at + hour, severity="high"))
    return rows
