"""The attacks, from public incident reports and the seed documents. Each returns truth rows
(``label`` attack, ``expected_min_severity``)."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._benign import Row, row
from benchmarks.heldout2._org import DEV, EXTERNAL, HOME, PROD, Org
from benchmarks.heldout2._records import Actor, Call, new_key
from benchmarks.heldout2._workloads import gha_run, qa_run

KALI_CLI = "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
VPS_BOTO = ("Boto3/1.35.63 md/Botocore#1.35.63 ua/2.0 os/linux#5.15.0-125-generic md/arch#x86_64 lang/python#3.11.2 "
            "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.63")
DEBIAN_CLI = ("aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.11.9 "
              "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#{cmd}")


class Run:
    """One attacker's session: emits calls a few seconds apart and keeps their event ids."""

    def __init__(self, org: Org, rng: random.Random, call: Call, t: dt.datetime) -> None:
        self.org, self.rng, self.call, self.t, self.ids = org, rng, call, t, []  # type: list[str]
        self.ids = []

    def __call__(self, service: str, name: str, region: str = HOME, gap: float = 6, **kw) -> str:  # type: ignore[no-untyped-def]
        self.t += dt.timedelta(seconds=self.rng.uniform(gap * 0.5, gap * 1.5))
        cmd = kw.pop("cmd", None)
        if cmd:
            self.call.ua = cmd
        event = self.org.trail.emit(self.rng, self.call, self.t, service, name, region, **kw)
        self.ids.append(event)
        return event


def _deny(service: str, call: Call, name: str) -> tuple[str, str]:
    actor = call.actor
    return ua.denied(service, actor.user_arn if actor.kind == "IAMUser" else actor.role_arn, name)


def llmjacking(org: Org) -> list[Row]:
    """A1 (Sysdig's LLMjacking): a CI user's key leaked on GitHub; Bedrock probed in several
    regions, model access requested, then InvokeModel for hours."""
    t, rng = org.at["llmjacking"], org.trail.rng("A1")
    user = org.actors["ml-sandbox-ci"]
    ip = org.plan.ip("m247_ro", rng)
    org.threat.append(ip)  # a known M247 LLMjacking proxy, on the team's threat feed
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    run("sts", "GetCallerIdentity")
    run("iam", "ListUsers", error=_deny("iam", run.call, "ListUsers"))
    for region in ("us-east-1", "us-west-2", "eu-central-1", "ap-south-1"):
        run("bedrock", "ListFoundationModels", region)
        run("bedrock", "GetFoundationModelAvailability", region, req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"})
    run("bedrock", "GetModelInvocationLoggingConfiguration", "us-east-1")
    run("bedrock", "PutUseCaseForModelAccess", "us-east-1")
    run("bedrock", "ListFoundationModelAgreementOffers", "us-east-1")
    run("bedrock", "CreateFoundationModelAgreement", "us-east-1", req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"})
    run("bedrock", "InvokeModel", "us-east-1", req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
        error=("ValidationException", "max_tokens_to_sample: range: 1..1,000,000"))
    for i in range(int(60 * max(org.scale, 0.5))):
        region = "us-east-1" if i % 3 else "us-west-2"
        run("bedrock", "InvokeModel", region, gap=90, req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"})
    return [row("A1", "LLMjacking with a leaked CI key", t, run.t, label="attack", key=org.keys[user.name], ips=ip, severity="high")]


def ses_abuse(org: Org) -> list[Row]:
    """A2 (Permiso, SES abuse): the helpdesk's SES key enumerates quota and identities, verifies
    an attacker domain, asks for production access; the mail itself goes over SMTP, unlogged."""
    t, rng = org.at["ses"], org.trail.rng("A2")
    user = org.actors["ses-mailer"]
    ip = org.plan.ip("tencent_cn", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, ""), t)
    cli = "aws-cli/2.15.30 Python/3.11.8 Linux/4.15.0-213-generic exe/x86_64.ubuntu.18 prompt/off command/{}"
    run("ses", "GetSendQuota", cmd=cli.format("ses.get-send-quota"))
    run("ses", "GetSendStatistics")
    run("ses", "ListIdentities", cmd=cli.format("ses.list-identities"))
    run("ses", "GetIdentityVerificationAttributes")
    for region in ("us-east-1", "eu-west-1", "us-west-2"):
        run("ses", "GetAccount", region, cmd=cli.format("sesv2.get-account"))
        run("ses", "ListEmailIdentities", region)
    run("ses", "CreateEmailIdentity", req={"emailIdentity": "secure-docsign-notify.com"})
    run("ses", "PutAccountDetails", req={"mailType": "TRANSACTIONAL", "websiteURL": "https://secure-docsign-notify.com"},
        error=_deny("ses", run.call, "PutAccountDetails"))
    run("ses", "UpdateAccountSendingEnabled", req={"enabled": True})
    return [row("A2", "SES enumeration and sending with a vendor's key", t, run.t, label="attack", key=org.keys[user.name],
                ips=ip, severity="medium")]


def crypto_mining(org: Org) -> list[Row]:
    """A3: the legacy Jenkins key launches GPU instances in regions the company never uses."""
    t, rng = org.at["mining"], org.trail.rng("A3")
    user = org.actors["jenkins-legacy"]
    ip = org.plan.ip("digitalocean", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    run("sts", "GetCallerIdentity")
    run("ec2", "DescribeRegions")
    run("servicequotas", "GetServiceQuota", "us-east-1", req={"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"})
    for region in ("ap-northeast-2", "sa-east-1", "ap-south-1", "eu-central-1"):
        run("ec2", "DescribeImages", region)
        run("ec2", "CreateKeyPair", region, req={"keyName": "aws-key"})
        run("ec2", "CreateSecurityGroup", region, req={"groupName": "default-ssh"})
        run("ec2", "AuthorizeSecurityGroupIngress", region, req={"ipPermissions": {"items": [{"ipProtocol": "-1", "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}})
        for itype in ("p4d.24xlarge", "g5.12xlarge", "g4dn.12xlarge"):
            ok = itype == "g4dn.12xlarge"
            run("ec2", "RunInstances", region, req={"instanceType": itype, "minCount": 4, "maxCount": 10},
                error=None if ok else ("Client.VcpuLimitExceeded", f"You have requested more vCPU capacity than your current vCPU limit allows for the instance bucket that the specified instance type {itype} belongs to."))
    return [row("A3", "GPU crypto-mining in unused regions", t, run.t, label="attack", key=org.keys[user.name], ips=ip, severity="high")]


def persistence(org: Org) -> list[Row]:
    """A4: an engineer's CLI key from a VPN exit: console access for a service user
    (CreateLoginProfile), a reset colleague password, GetFederationToken, console as both."""
    t, rng = org.at["persistence"], org.trail.rng("A4")
    victim = org.actors["priya.raman"]
    ip = org.plan.ip("proton_ch", rng)
    run = Run(org, rng, Call(victim, org.keys[victim.name], ip, KALI_CLI.format(cmd="sts.get-caller-identity")), t)
    run("sts", "GetCallerIdentity")
    run("iam", "ListUsers", cmd=KALI_CLI.format(cmd="iam.list-users"))
    run("iam", "ListAttachedUserPolicies", req={"userName": "svc-reporting"})
    run("iam", "GetLoginProfile", req={"userName": "svc-reporting"},
        error=("NoSuchEntityException", "Login Profile for User svc-reporting cannot be found."))
    run("iam", "CreateLoginProfile", req={"userName": "svc-reporting", "passwordResetRequired": False}, cmd=KALI_CLI.format(cmd="iam.create-login-profile"))
    run("iam", "UpdateLoginProfile", req={"userName": "owen.brooks"}, cmd=KALI_CLI.format(cmd="iam.update-login-profile"))
    fkey = new_key(rng, "ASIA")
    run("sts", "GetFederationToken", req={"name": "priya", "durationSeconds": 129600, "policyArns": [{"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}]},
        resp={"credentials": {"accessKeyId": fkey}, "federatedUser": {"arn": f"arn:aws:sts::{PROD}:federated-user/priya"}},
        cmd=KALI_CLI.format(cmd="sts.get-federation-token"))
    fed = Actor("FederatedUser", PROD, "priya", victim.unique, session=victim.name)
    browser = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    from benchmarks.heldout2._people import console_login

    later = run.t + dt.timedelta(minutes=4)
    console_login(org, rng, fed, later, ip, browser, mfa=False)
    frun = Run(org, rng, Call(fed, fkey, ip, browser, created=later, console=True), later)
    for s, n in (("s3", "ListBuckets"), ("ec2", "DescribeInstances"), ("secretsmanager", "ListSecrets"), ("iam", "ListRoles")):
        frun(s, n, gap=40)
    svc = org.actors["svc-reporting"]
    next_day = t + dt.timedelta(hours=14)
    console_login(org, rng, svc, next_day, ip, browser, mfa=False)
    srun = Run(org, rng, Call(svc, new_key(rng, "ASIA"), ip, browser, created=next_day, console=True), next_day)
    for s, n in (("s3", "ListBuckets"), ("secretsmanager", "ListSecrets"), ("secretsmanager", "GetSecretValue")):
        srun(s, n, gap=60)
    return [row("A4", "login-profile and federation-token persistence", t, run.t, label="attack", key=org.keys[victim.name], ips=ip, severity="high"),
            row("A4", "login-profile and federation-token persistence", later, frun.t, label="attack", principal=fed_arn(fed), ips=ip, severity="high"),
            row("A4", "login-profile and federation-token persistence", next_day, srun.t, label="attack", principal=svc.user_arn, ips=ip, severity="high")]


def fed_arn(actor: Actor) -> str:
    return f"arn:aws:sts::{actor.account}:federated-user/{actor.name}"


def backdoor(org: Org) -> list[Row]:
    """A5: the DR cron's key shares a snapshot with an outside account and makes the break-glass
    role trust that account, which then assumes it."""
    t, rng = org.at["backdoor"], org.trail.rng("A5")
    user = org.actors["dr-snapshots"]
    ip = org.plan.ip("hetzner_de", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, DEBIAN_CLI.format(cmd="sts.get-caller-identity")), t)
    run("sts", "GetCallerIdentity")
    run("ec2", "DescribeSnapshots", cmd=DEBIAN_CLI.format(cmd="ec2.describe-snapshots"))
    run("ec2", "ModifySnapshotAttribute", req={"snapshotId": "snap-0c7d2e9f41a3b6d58", "attributeType": "CREATE_VOLUME_PERMISSION",
                                              "createVolumePermission": {"add": {"items": [{"userId": EXTERNAL}]}}},
        cmd=DEBIAN_CLI.format(cmd="ec2.modify-snapshot-attribute"))
    run("iam", "ListRoles", cmd=DEBIAN_CLI.format(cmd="iam.list-roles"))
    role = org.actors["breakglass"]
    run("iam", "GetRole", req={"roleName": role.name})
    policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::' + EXTERNAL + ':root"},"Action":"sts:AssumeRole"}]}'
    run("iam", "UpdateAssumeRolePolicy", req={"roleName": role.name, "policyDocument": policy}, cmd=DEBIAN_CLI.format(cmd="iam.update-assume-role-policy"))
    outside = Actor("AWSAccount", EXTERNAL, "", new_key(rng, "AIDA"))
    later = run.t + dt.timedelta(minutes=25)
    key, _ = org.trail.assume(rng, later, Call(outside, None, ip, VPS_BOTO), role, "maint", HOME)
    brun = Run(org, rng, Call(role.as_session("maint"), key, ip, VPS_BOTO, created=later), later)
    for s, n in (("s3", "ListBuckets"), ("secretsmanager", "ListSecrets"), ("secretsmanager", "GetSecretValue"), ("iam", "ListUsers")):
        brun(s, n, gap=30)
    return [row("A5", "snapshot shared and role backdoored to an outside account", t, run.t, label="attack", key=org.keys[user.name], ips=ip, severity="high"),
            row("A5", "snapshot shared and role backdoored to an outside account", later, brun.t, label="attack", principal=role.role_arn, ips=ip, severity="high")]


def ransomware(org: Org) -> list[Row]:
    """A6 (Halcyon's Codefinger): objects rewritten with SSE-C keys, a 7-day expiry lifecycle
    rule, and the bucket's KMS key scheduled for deletion."""
    t, rng = org.at["ransom"], org.trail.rng("A6")
    user = org.actors["assets-sync"]
    ip = org.plan.ip("linode", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    bucket = "quill-customer-documents"
    run("s3", "ListBuckets")
    for n in ("GetBucketVersioning", "GetBucketEncryption", "GetBucketLifecycleConfiguration"):
        run("s3", n, req={"bucketName": bucket})
    for _ in range(int(80 * max(org.scale, 0.5))):
        obj = f"tenants/t-{rng.randrange(10**5):05d}/docs/{rng.getrandbits(48):012x}.pdf"
        res = [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"}]
        run("s3", "GetObject", gap=2, data=True, req={"bucketName": bucket, "key": obj}, resources=res)
        run("s3", "PutObject", gap=2, data=True, resources=res,
            req={"bucketName": bucket, "key": obj, "x-amz-server-side-encryption-customer-algorithm": "AES256"})
    run("s3", "PutBucketLifecycleConfiguration", req={"bucketName": bucket, "LifecycleConfiguration": {"Rule": {"Expiration": {"Days": 7}}}})
    run("kms", "ScheduleKeyDeletion", req={"keyId": "arn:aws:kms:us-west-2:318664012957:key/2f6b7c1e-93d4-4a0e-b8f5-61c2d7e9a041", "pendingWindowInDays": 7})
    return [row("A6", "S3 SSE-C ransomware and KMS key deletion", t, run.t, label="attack", key=org.keys[user.name], ips=ip, severity="high")]


def ci_lateral(org: Org) -> list[Row]:
    """A7: a poisoned pull-request workflow gets the dev deploy role through OIDC, from GitHub's
    own runners, and runs shell on the build box with SSM SendCommand."""
    t, rng = org.at["ssm_ci"], org.trail.rng("A7")
    call = gha_run(org, rng, DEV, t, steps=False)
    runner_cli = ("aws-cli/2.22.8 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 "
                  "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{}")
    run = Run(org, rng, call, t)
    run("sts", "GetCallerIdentity", cmd=runner_cli.format("sts.get-caller-identity"))
    run("ec2", "DescribeInstances", cmd=runner_cli.format("ec2.describe-instances"))
    run("ssm", "DescribeInstanceInformation", cmd=runner_cli.format("ssm.describe-instance-information"))
    run("ssm", "SendCommand", req={"documentName": "AWS-RunShellScript", "instanceIds": ["i-07f3d92ab1c4e8850"],
                                   "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS"}, cmd=runner_cli.format("ssm.send-command"))
    run("ssm", "GetCommandInvocation", gap=20)
    run("ssm", "SendCommand", req={"documentName": "AWS-RunShellScript", "instanceIds": ["i-07f3d92ab1c4e8850"]}, cmd=runner_cli.format("ssm.send-command"))
    run("secretsmanager", "ListSecrets", cmd=runner_cli.format("secretsmanager.list-secrets"))
    return [row("A7", "SSM SendCommand from a poisoned CI workflow", t, run.t, label="attack", key=call.key or "", severity="medium")]


def sagemaker_outside(org: Org, keys: list[tuple[Call, dt.datetime]]) -> list[Row]:
    """A8: the notebook role's current key, taken from the notebook, used from a VPS."""
    t, rng = org.at["sagemaker_out"], org.trail.rng("A8")
    live = [call for call, start in keys if start <= t] or [keys[0][0]]
    stolen = live[-1]  # the key the notebook holds right now
    ip = org.plan.ip("datacamp_nl", rng)
    run = Run(org, rng, Call(stolen.actor, stolen.key, ip, DEBIAN_CLI.format(cmd="sts.get-caller-identity"), created=stolen.created), t)
    run("sts", "GetCallerIdentity")
    for s, n in (("s3", "ListBuckets"), ("glue", "GetDatabases"), ("glue", "GetTables"), ("athena", "ListWorkGroups"),
                 ("athena", "StartQueryExecution"), ("athena", "GetQueryResults"), ("secretsmanager", "ListSecrets"),
                 ("sagemaker", "ListNotebookInstances")):
        run(s, n, gap=25, cmd=DEBIAN_CLI.format(cmd=f"{s}.x"))
    return [row("A8", "SageMaker notebook credentials used outside AWS", t, run.t, label="attack", key=stolen.key or "", ips=ip, severity="medium")]


def slow_recon(org: Org, envs: list[tuple[str, Call, dt.datetime, dt.datetime]]) -> list[Row]:
    """A9: code running inside webhook-dispatch (a poisoned dependency) enumerates one call every
    ~45 minutes, from the function's own address, key and user agent."""
    t0, rng = org.at["slow_recon"], org.trail.rng("A9")
    calls = (("sts", "GetCallerIdentity"), ("iam", "ListRoles"), ("iam", "ListUsers"), ("s3", "ListBuckets"), ("ec2", "DescribeInstances"),
             ("kms", "ListKeys"), ("secretsmanager", "ListSecrets"), ("dynamodb", "ListTables"), ("lambda", "ListFunctions20150331"),
             ("rds", "DescribeDBInstances"), ("sns", "ListTopics"), ("cognito-idp", "ListUserPools"), ("iam", "GetAccountAuthorizationDetails"))
    ids, t, i = [], t0, 0
    mine = [(c, s, e) for name, c, s, e in envs if name == "webhook-dispatch"]
    while i < len(calls) and mine:
        live = [c for c, s, e in mine if s <= t < e] or [min(mine, key=lambda m: abs((m[1] - t).total_seconds()))[0]]
        svc, name = calls[i]
        error = _deny(svc, live[0], name) if name == "GetAccountAuthorizationDetails" else None
        ids.append(org.trail.emit(rng, live[0], t, svc, name, HOME, error=error))
        t += dt.timedelta(minutes=rng.uniform(35, 55))
        i += 1
    return [row("A9", "slow recon from inside a Lambda function", t0, t, label="attack", events=" ".join(ids), severity="low")]


def role_chain(org: Org) -> list[Row]:
    """A10: the QA key, stolen, walks its usual chain from dev into prod from a VPS and reads
    function code and secrets there."""
    t, rng = org.at["chain"], org.trail.rng("A10")
    ip = org.plan.ip("ovh_fr", rng)
    agent = VPS_BOTO.replace("1.35.63", "1.35.40")
    prod = (("lambda", "ListFunctions20150331"), ("lambda", "GetFunction20150331v2"), ("lambda", "GetFunction20150331v2"),
            ("secretsmanager", "ListSecrets"), ("secretsmanager", "GetSecretValue"), ("iam", "ListRoles"), ("s3", "ListBuckets"))
    qa_run(org, rng, t, ip, agent, org.keys["qa-automation"], prod_calls=prod)
    end = t + dt.timedelta(minutes=10)
    return [row("A10", "role chaining from dev into prod", t, end, label="attack", key=org.keys["qa-automation"], ips=ip, severity="medium"),
            row("A10", "role chaining from dev into prod", t, end, label="attack", principal=org.actors["integration-test"].role_arn, ips=ip, severity="medium"),
            row("A10", "role chaining from dev into prod", t, end, label="attack", principal=org.actors["prod-support"].role_arn, ips=ip, severity="medium")]


ATTACKS = (llmjacking, ses_abuse, crypto_mining, persistence, backdoor, ransomware, ci_lateral, role_chain)
