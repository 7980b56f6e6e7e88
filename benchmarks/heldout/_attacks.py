"""The attacks, each on its scored day after the background, with its truth rows."""

from __future__ import annotations

import datetime as dt
import json

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._incidents import ENUM_BOTO, KALI_CLI, MAC_CLI, WIN_CLI, burst, person, truth
from benchmarks.heldout._org import DATA_BUCKET, LEGACY, PROD, Ctx, sso_role, SSO_PATH
from benchmarks.heldout._people import ci_run

ENUMERATE = [
    (s, n)
    for s, n in [
        ("iam", "ListUsers"), ("iam", "ListRoles"), ("iam", "ListPolicies"), ("iam", "GetAccountSummary"),
        ("iam", "ListGroups"), ("ec2", "DescribeInstances"), ("ec2", "DescribeVpcs"), ("ec2", "DescribeRegions"),
        ("s3", "ListBuckets"), ("lambda", "ListFunctions"), ("rds", "DescribeDBInstances"),
        ("dynamodb", "ListTables"), ("secretsmanager", "ListSecrets"), ("ssm", "DescribeParameters"),
        ("kms", "ListKeys"), ("sns", "ListTopics"), ("sqs", "ListQueues"), ("ecr", "DescribeRepositories"),
        ("eks", "ListClusters"), ("cloudtrail", "DescribeTrails"), ("guardduty", "ListDetectors"),
        ("organizations", "DescribeOrganization"), ("route53", "ListHostedZones"), ("cloudformation", "ListStacks"),
        ("elasticbeanstalk", "DescribeApplications"), ("redshift", "DescribeClusters"), ("glue", "GetDatabases"),
        ("athena", "ListWorkGroups"), ("codecommit", "ListRepositories"), ("ses", "ListIdentities"),
    ]
]


def attacks(ctx: Ctx, day: int) -> None:
    s = day - ctx.first_scored
    if s == 0:
        _ci_persistence(ctx)
    elif s == 1:
        _ssrf(ctx)
    elif s == 2:
        _two_continents(ctx)
        _lambda_env(ctx)
    elif s == 3:
        _leaked_key(ctx)
        _irsa_token(ctx)
        _exfiltration(ctx)
    elif s == 4:
        _console_stoplogging(ctx)


def _ci_persistence(ctx: Ctx) -> None:
    """A poisoned pipeline run: the deployer role creates an access key for an IAM user; the
    new key is used that evening from a VPS."""
    rng = ctx.rng("A3")
    lo = ctx.at(0, 13.3)
    key, _, ip = ci_run(ctx, rng, PROD, lo, apply=False, extra=[("iam", "ListAccessKeys"), ("iam", "CreateAccessKey")])
    new = ct.new_key(rng, "AKIA")
    ctx.out[-1]["requestParameters"] = {"userName": "svc-reporting"}
    ctx.out[-1]["responseElements"] = {"accessKey": {"accessKeyId": new, "status": "Active", "userName": "svc-reporting", "createDate": ct.iso(lo)}}
    truth(ctx, "A3", "compromised CI role creates an access key for an IAM user", "attack", key=key,
          start=lo, end=lo + dt.timedelta(minutes=20), severity="medium")
    vps = ctx.pool.isp("digitalocean")
    t = ctx.at(0, 21.0)
    ident = ct.iam_user(PROD, "svc-reporting", new)
    burst(ctx, t, PROD, ident, vps, KALI_CLI, [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("athena", "ListWorkGroups"), ("iam", "ListAttachedUserPolicies")] + [("s3", "GetObject")] * 20, denied=frozenset({3}), request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"})
    truth(ctx, "A3", "compromised CI role creates an access key for an IAM user", "attack", key=new,
          ips=[vps], start=t, end=t + dt.timedelta(minutes=30), severity="medium")


def _ssrf(ctx: Ctx) -> None:
    t = ctx.at(1, 3.2)
    iid = sorted(ctx.plan["instances"][("prod-web-instance", "us-east-1")])[0]
    live = [i for i in sorted(ctx.plan["instances"][("prod-web-instance", "us-east-1")]) if any(k[0] <= t < k[1] for k in ctx.keys.get(f"ec2:{PROD}:{i}", []))]
    iid = live[0]
    minted, _, key, _, _ = ctx.key_at(f"ec2:{PROD}:{iid}", t)
    vps = ctx.pool.isp("vultr")
    ident = ct.assumed_role(PROD, "prod-web-instance", iid, key, minted, ec2=True)
    calls = [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("secretsmanager", "ListSecrets"), ("secretsmanager", "GetSecretValue"), ("secretsmanager", "GetSecretValue"), ("iam", "ListAttachedRolePolicies")] + [("s3", "GetObject")] * 8
    end = burst(ctx, t, PROD, ident, vps, KALI_CLI, calls, gap=20, denied=frozenset({5}), request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"})
    truth(ctx, "A1", "SSRF-stolen instance credentials used from a VPS", "attack", key=key, ips=[vps],
          start=t, end=end + dt.timedelta(minutes=1), severity="high")


def _two_continents(ctx: Ctx) -> None:
    """An infostealer took a person's SSO CLI cache; her session key is used from Brazil while
    she works with it in the US."""
    from benchmarks.heldout._people import session

    rng = ctx.rng("A4")
    p = person("aisha")
    ip = str(ctx.plan["office_ips"][0])
    key = session(ctx, rng, p, PROD, ctx.at(2, 14.5), 2.0, ip, console=False)
    proxy = ctx.pool.isp("claro_br")
    t = ctx.at(2, 15.1)
    ident = ct.assumed_role(PROD, sso_role("PowerUserAccess"), p.email, key, ctx.at(2, 14.5), path=SSO_PATH)
    calls = [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("lambda", "ListFunctions"), ("lambda", "GetFunction"), ("lambda", "GetFunction"), ("secretsmanager", "ListSecrets"), ("secretsmanager", "GetSecretValue")] + [("s3", "GetObject")] * 10
    end = burst(ctx, t, PROD, ident, proxy, WIN_CLI, calls, gap=60, request={"bucketName": DATA_BUCKET, "key": "exports/2026/part-0001.parquet"})
    truth(ctx, "A4", "an SSO session key used from two continents at once", "attack", key=key,
          ips=[proxy], start=t, end=end + dt.timedelta(minutes=1), severity="medium")


def _lambda_env(ctx: Ctx) -> None:
    t = ctx.at(2, 20.0)
    minted, _, key, _, _ = ctx.key_at(f"lambda:{PROD}:us-east-1:thumbnailer", t)
    laptop = ctx.pool.isp("digi_ro")
    ident = ct.assumed_role(PROD, "thumbnailer-lambda-role", "thumbnailer", key, minted)
    calls = [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("dynamodb", "ListTables"), ("kms", "ListKeys")] + [("s3", "GetObject")] * 15
    end = burst(ctx, t, PROD, ident, laptop, MAC_CLI, calls, gap=15, request={"bucketName": DATA_BUCKET, "key": "exports/2026/part-0002.parquet"})
    truth(ctx, "A5", "a Lambda's environment credentials used with aws-cli from a laptop", "attack",
          key=key, ips=[laptop], start=t, end=end + dt.timedelta(minutes=1), severity="medium")


def _leaked_key(ctx: Ctx) -> None:
    """A static key committed to GitHub, picked up by a scanner and probed enumerate-iam style
    from Tor exits: many services in a minute, most of it denied."""
    user = next(u for u in LEGACY if u.name == "svc-site-publisher")
    key = ctx.keys[f"user:{user.name}"][0][2]
    ident = ct.iam_user(PROD, user.name, key)
    exits = ctx.plan["tor_exits"]
    t = ctx.at(3, 4.0)
    calls = [("sts", "GetCallerIdentity")] + ENUMERATE + ENUMERATE[:12]
    allowed = {0, 8}
    end = burst(ctx, t, PROD, ident, exits[0], ENUM_BOTO, calls, gap=0.8, denied=frozenset(i for i in range(len(calls)) if i not in allowed))
    end2 = burst(ctx, end + dt.timedelta(minutes=7), PROD, ident, exits[1], ENUM_BOTO, [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("cloudfront", "ListDistributions")], gap=3)
    truth(ctx, "A2", "IAM user key leaked on GitHub, enumerate-iam from Tor exits", "attack",
          key=key, ips=exits[:2], start=t, end=end2 + dt.timedelta(minutes=1), severity="high")


def _irsa_token(ctx: Ctx) -> None:
    """A pod's service-account token exfiltrated and exchanged for keys from outside AWS."""
    rng = ctx.rng("A8")
    role, subject = "eks-external-dns", "system:serviceaccount:kube-system:external-dns"
    oidc = f"arn:aws:iam::{PROD}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C0F9A41D8E27B3364A1F0C9D2E8B7A4"
    vps = ctx.pool.isp("ovh")
    t = ctx.at(3, 10.0)
    key = ct.new_key(rng)
    session = "botocore-session-1781085600"
    ctx.out.append(ct.record(rng, t, PROD, "us-east-1", "sts", "AssumeRoleWithWebIdentity", ct.web_identity_user(oidc, subject), vps, KALI_CLI.format(cmd="sts.assume-role-with-web-identity"), request={"roleArn": ct.role_arn(PROD, role), "roleSessionName": session}, response={**ct.minted(rng, key, role, PROD, session, t, 1), "subjectFromWebIdentityToken": subject, "provider": oidc, "audience": "sts.amazonaws.com"}, read_only=True))
    ident = ct.assumed_role(PROD, role, session, key, t, web_identity=(oidc, subject))
    end = burst(ctx, t, PROD, ident, vps, KALI_CLI, [("sts", "GetCallerIdentity"), ("route53", "ListHostedZones"), ("route53", "ListResourceRecordSets"), ("route53", "ChangeResourceRecordSets"), ("s3", "ListBuckets")], gap=30)
    truth(ctx, "A8", "an EKS service-account token exchanged for keys from a VPS", "attack", key=key,
          ips=[vps], start=t, end=end + dt.timedelta(minutes=1), severity="medium")


def _exfiltration(ctx: Ctx) -> None:
    """A deploy tool's key from a VPS: a GetObject burst, then the bucket made public."""
    user = next(u for u in LEGACY if u.name == "svc-jenkins")
    key = ctx.keys[f"user:{user.name}"][0][2]
    ident = ct.iam_user(PROD, user.name, key)
    vps = ctx.pool.isp("hetzner")
    t = ctx.at(3, 22.0)
    n = max(60, int(400 * ctx.scale))
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{DATA_BUCKET}/*"}]})
    calls = [("s3", "ListBuckets"), ("s3", "GetBucketPolicy")] + [("s3", "GetObject")] * n
    end = burst(ctx, t, PROD, ident, vps, user.agent, calls, gap=1.0, request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"})
    end = burst(ctx, end, PROD, ident, vps, user.agent, [("s3", "DeleteBucketPublicAccessBlock"), ("s3", "PutBucketPolicy")], gap=10, request={"bucketName": DATA_BUCKET, "bucketPolicy": policy})
    truth(ctx, "A6", "S3 GetObject burst, then the bucket policy made public", "attack", key=key,
          ips=[vps], start=t, end=end + dt.timedelta(minutes=1), severity="high")


def _console_stoplogging(ctx: Ctx) -> None:
    rng = ctx.rng("A7")
    vps = ctx.pool.isp("m247")
    t = ctx.at(4, 1.5)
    base = {k: v for k, v in ct.iam_user(PROD, "ops-admin", "").items() if k != "accessKeyId"}
    ctx.out.append(ct.record(rng, t, PROD, "us-east-1", "signin", "ConsoleLogin", base, vps, ct.BROWSER.replace("Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64"), response={"ConsoleLogin": "Success"}, read_only=False, extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}, "eventType": "AwsConsoleSignIn"}))
    key = ct.new_key(rng)
    ident = ct.iam_user(PROD, "ops-admin", key, mfa=False)
    end = burst(ctx, t, PROD, ident, vps, "console.amazonaws.com", [("cloudtrail", "DescribeTrails"), ("cloudtrail", "GetTrailStatus"), ("cloudtrail", "StopLogging"), ("guardduty", "ListDetectors"), ("ec2", "DescribeFlowLogs"), ("ec2", "DeleteFlowLogs"), ("iam", "ListUsers")], gap=25)
    for r in ctx.out[-7:]:
        r["sessionCredentialFromConsole"] = "true"
        if r["eventName"] == "StopLogging":
            r["requestParameters"] = {"name": f"arn:aws:cloudtrail:us-east-1:{PROD}:trail/prod-audit-trail"}
    truth(ctx, "A7", "console sign-in without MFA, then CloudTrail StopLogging", "attack", key=key,
          ips=[vps], start=t, end=end + dt.timedelta(minutes=1), severity="high")
    truth(ctx, "A7", "console sign-in without MFA, then CloudTrail StopLogging", "attack",
          principal=f"arn:aws:iam::{PROD}:user/ops-admin", ips=[vps], start=t,
          end=end + dt.timedelta(minutes=1), severity="high")
