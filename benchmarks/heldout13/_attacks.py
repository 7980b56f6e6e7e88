"""The attacks of the scored days, after public write-ups: LLMjacking with a leaked key
(Sysdig 2024), workload credentials used away from their workload (Permiso, Datadog, the
flaws2 seed), Lake Formation and S3 replication exfiltration (Wiz, Unit 42, Invictus IR),
CloudTrail data-event selectors removed (Stratus Red Team), recon with an instrument's key,
Identity Center sign-in without MFA then IAM persistence (Expel, Mandiant), a Service Catalog
launch role abused, and EC2 user data changed on a stopped head node (Stratus Red Team)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout13._benign import row
from benchmarks.heldout13._net import NETS, aws_address, threat_address
from benchmarks.heldout13._people import session, signin, sso_principal, console_login
from benchmarks.heldout13._trail import Ident, assumed, iam_user, key, other_account, role_arn
from benchmarks.heldout13._workloads import HEAD_NODE
from benchmarks.heldout13._world import (
    COLLAB_ACCOUNT, LAB_ADEYEMI, LAB_RIVERA, LAKE, RESEARCH, SHARED, UA, World, at, lake_bucket,
    s3_params, s3_resources,
)

KALI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off"
BOTO_VPS = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.0-26-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54"
BOTO_EC2 = "Boto3/1.35.66 md/Botocore#1.35.66 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.66"
CLI_V1_NODE = "aws-cli/1.33.2 Python/3.9.19 Linux/5.15.0-1066-aws botocore/1.34.51"
Call = tuple[str, str, "dict[str, Any] | None", "tuple[str, str] | None"]


def minted_key(w: World, account: str, role: str, session_name: str, before: dt.datetime) -> str:
    """The key a service last minted for (role, session) at or before ``before``."""
    arn, best = role_arn(account, role), ("", "")
    for acct, _, t, r in w.trail.records:
        if acct == account and r["eventName"] == "AssumeRole" and t <= before:
            p = r["requestParameters"] or {}
            if p.get("roleArn") == arn and (session_name == "*" or p.get("roleSessionName") == session_name) and r["eventTime"] >= best[0]:
                best = (r["eventTime"], r["responseElements"]["credentials"]["accessKeyId"])
    if not best[1]:
        raise RuntimeError(f"no key minted for {role}/{session_name} before {before}")
    return best[1]


def spree(w: World, account: str, region: str, t0: dt.datetime, ident: Ident, ip: str, agent: str,
          calls: list[Call], *, gap: float = 20.0) -> list[str]:
    """Calls one after another ``gap`` seconds apart (S3 object calls as data events in the
    bucket's account); returns their event ids."""
    ids = []
    for i, (source, name, params, error) in enumerate(calls):
        t = t0 + dt.timedelta(seconds=gap * i)
        data = source == "s3.amazonaws.com" and params is not None and "key" in params
        where = LAKE if data and str(params.get("bucketName", "")).startswith("ashgrove-genomics") else account
        ids.append(w.trail.emit(where, region, t, source, name, ident, ip, agent, params=params, error=error, data=data,
                                extra=s3_resources(where, params["bucketName"], params["key"]) if data and params else None))
    return ids


def steal_sso(w: World, user: str, account: str, pset: str, t: dt.datetime, ip: str, agent: str) -> tuple[str, Ident, str]:
    """A stolen Identity Center token (the CLI's cache) turned into role credentials from the
    attacker's machine: (the key, its identity, the GetRoleCredentials event id)."""
    eid = w.trail.emit(SHARED, "us-east-1", t, "sso.amazonaws.com", "GetRoleCredentials",
                       {"type": "Unknown", "principalId": f"{SHARED}:{user}", "accountId": SHARED, "userName": user},
                       ip, agent, params={"accountId": account, "roleName": pset})
    stolen = key(w.rng("stolen", user, t))
    return stolen, session(account, pset, user, stolen, t), eid


def attacks(w: World, machine_keys: dict[str, str], workstation_keys: dict[int, str]) -> None:
    s, lake = w.s, lake_bucket("us-east-1")
    obj = [f"curated/variants/cohort{i}/part-0000{i}.parquet" for i in range(8)]

    # A1 LLMjacking: the Rivera lab CI's leaked key probes Bedrock in four regions, asks for model access, invokes
    t, k = at(s(0), 9.3), machine_keys["rivera-ci"]
    ident, ips = iam_user(LAB_RIVERA, "rivera-ci", k), [NETS["vultr"].host(51), NETS["ovh"].host(140)]
    ids = spree(w, LAB_RIVERA, "us-east-1", t, ident, ips[0], BOTO_VPS, [("sts.amazonaws.com", "GetCallerIdentity", None, None)])
    for n, region in enumerate(("us-east-1", "us-west-2", "eu-central-1", "ap-southeast-1")):
        probe: list[Call] = [("bedrock.amazonaws.com", "GetModelInvocationLoggingConfiguration", None, None),
                             ("bedrock.amazonaws.com", "ListFoundationModels", None, None),
                             ("bedrock.amazonaws.com", "GetFoundationModelAvailability", {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"}, None)]
        if n == 0:
            probe += [("bedrock.amazonaws.com", "PutUseCaseForModelAccess", {"formData": "<redacted>"}, None),
                      ("bedrock.amazonaws.com", "CreateFoundationModelAgreement", {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"}, None),
                      ("bedrock.amazonaws.com", "PutFoundationModelEntitlement", {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"}, None)]
        probe += [("bedrock.amazonaws.com", "InvokeModel", {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                   ("AccessDeniedException", "You don't have access to the model with the specified model ID.") if n > 1 and i % 2 else None)
                  for i in range(6 + 4 * (n < 2))]
        ids += spree(w, LAB_RIVERA, region, t + dt.timedelta(minutes=3 + 12 * n), ident, ips[n % 2], BOTO_VPS, probe, gap=35)
    row(w, "A1", "LLMjacking with a leaked CI key", t, t + dt.timedelta(hours=1.2), key_id=k, ips=" ".join(ips),
        events=" ".join(ids), label="attack", severity="high")

    # A2 a SageMaker notebook's execution-role key used from a home address far from AWS
    t = at(s(1), 20.6)
    role = "AmazonSageMaker-ExecutionRole-Genomics"
    k = minted_key(w, RESEARCH, role, "SageMaker", t)
    ip, ident = NETS["charter"].host(903), assumed(RESEARCH, role, "SageMaker", k)
    calls: list[Call] = [("sts.amazonaws.com", "GetCallerIdentity", None, None), ("s3.amazonaws.com", "ListBuckets", None, None),
                         ("sagemaker.amazonaws.com", "ListNotebookInstances", None, None),
                         ("s3.amazonaws.com", "ListObjects", s3_params(lake), None)]
    calls += [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj]
    ids = spree(w, RESEARCH, "us-east-1", t, ident, ip, UA["cli_mac"].replace("2.18.4", "2.13.0"), calls)
    row(w, "A2", "SageMaker notebook credentials outside AWS", t, t + dt.timedelta(minutes=10), key_id=k, ips=ip,
        events=" ".join(ids), label="attack", severity="high")

    # A3 a Batch job's task key used from an EC2 instance in someone else's account
    t = at(s(2), 11.0)
    k = minted_key(w, LAKE, "batch-genomics-job", "*", t)
    sess = next(r["requestParameters"]["roleSessionName"] for *_, r in reversed(w.trail.records)
                if r["eventName"] == "AssumeRole" and (r["responseElements"] or {}).get("credentials", {}).get("accessKeyId") == k)
    ip, ident = aws_address(w.rng("a3"), "us-east-1", pool=10), assumed(LAKE, "batch-genomics-job", sess, k)
    calls = [("sts.amazonaws.com", "GetCallerIdentity", None, None), ("s3.amazonaws.com", "ListBuckets", None, None),
             ("s3.amazonaws.com", "GetBucketPolicy", s3_params(lake), None), ("iam.amazonaws.com", "ListAttachedRolePolicies",
             {"roleName": "batch-genomics-job"}, ("AccessDenied", "not authorized"))]
    calls += [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj]
    ids = spree(w, LAKE, "us-east-1", t + dt.timedelta(minutes=40), ident, ip, BOTO_EC2, calls, gap=12)
    row(w, "A3", "Batch job credentials inside another AWS account", t, t + dt.timedelta(hours=1), key_id=k, ips=ip,
        events=" ".join(ids), label="attack", severity="medium")

    # A4 Lake Formation grant to an outside account, then the outside account reads through Athena
    t, ip = at(s(3), 4.5), NETS["digitalocean"].host(222)
    k, ident, first = steal_sso(w, "priya.raman", LAKE, "DataLakeAdmin", t, ip, KALI)
    grant = {"principal": {"dataLakePrincipalIdentifier": COLLAB_ACCOUNT},
             "resource": {"table": {"databaseName": "genomics", "tableWildcard": {}}}, "permissions": ["SELECT", "DESCRIBE"],
             "permissionsWithGrantOption": ["SELECT", "DESCRIBE"]}
    ids = [first] + spree(w, LAKE, "us-east-1", t + dt.timedelta(minutes=1), ident, ip, KALI, [
        ("lakeformation.amazonaws.com", "GetDataLakeSettings", None, None), ("glue.amazonaws.com", "GetDatabases", None, None),
        ("glue.amazonaws.com", "GetTables", {"databaseName": "genomics"}, None), ("lakeformation.amazonaws.com", "GrantPermissions", grant, None),
        ("lakeformation.amazonaws.com", "GrantPermissions", {**grant, "resource": {"database": {"name": "genomics"}}}, None)])
    outside = other_account(COLLAB_ACCOUNT, "AROAOUTSIDEANALYST01:x")
    lf = assumed(LAKE, "AWSServiceRoleForLakeFormationDataAccess", f"AWSLF-00-AT-{COLLAB_ACCOUNT}-1", key(w.rng("a4")),
                 path="/aws-service-role/lakeformation.amazonaws.com/")
    lf["invokedBy"] = "athena.amazonaws.com"
    for i, o in enumerate(obj * 2):
        tc = t + dt.timedelta(minutes=25 + i)
        ids.append(w.trail.emit(LAKE, "us-east-1", tc, "lakeformation.amazonaws.com", "GetDataAccess", outside,
                                "athena.amazonaws.com", "athena.amazonaws.com", params={"tableArn": "genomics/variants"}))
        ids.append(w.trail.emit(LAKE, "us-east-1", tc + dt.timedelta(seconds=5), "s3.amazonaws.com", "GetObject", lf,
                                "athena.amazonaws.com", "athena.amazonaws.com", params=s3_params(lake, o),
                                extra=s3_resources(LAKE, lake, o), data=True))
    row(w, "A4", "Lake Formation grant to an outside account, read through Athena", t, t + dt.timedelta(hours=1), key_id=k,
        ips=ip, events=" ".join(ids), label="attack", severity="high")

    # A5 the legacy ETL user's key sets S3 replication of the lake to an outside account's bucket
    t, k, ip = at(s(4), 3.2), machine_keys["lake-etl-legacy"], NETS["ovh"].host(77)
    ident = iam_user(LAKE, "lake-etl-legacy", k)
    ids = spree(w, LAKE, "us-east-1", t, ident, ip, KALI, [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None), ("s3.amazonaws.com", "ListBuckets", None, None),
        ("s3.amazonaws.com", "GetBucketReplication", s3_params(lake), ("ReplicationConfigurationNotFoundError", "The replication configuration was not found")),
        ("iam.amazonaws.com", "ListRoles", None, None), ("s3.amazonaws.com", "PutBucketVersioning", {**s3_params(lake), "VersioningConfiguration": {"Status": "Enabled"}}, None),
        ("s3.amazonaws.com", "PutBucketReplication", {**s3_params(lake), "ReplicationConfiguration": {
            "Role": role_arn(LAKE, "s3-replication-role"), "Rule": {"Status": "Enabled", "Destination": {
                "Bucket": "arn:aws:s3:::bkp-archive-7731", "Account": COLLAB_ACCOUNT}}}}, None)], gap=45)
    row(w, "A5", "S3 replication to an outside account", t, t + dt.timedelta(minutes=30), key_id=k, ips=ip,
        events=" ".join(ids), label="attack", severity="high")

    # A6 on the head node itself: its key, its address, the node's aws-cli v1 removes the trail's data events
    t, role = at(s(1), 4.4), "parallelcluster-hpc-HeadNodeRole"
    k = minted_key(w, RESEARCH, role, HEAD_NODE, t)
    ip = aws_address(w.rng("head-ip"), "us-east-1", pool=6)
    ident = assumed(RESEARCH, role, HEAD_NODE, k, ec2=True)
    ids = spree(w, RESEARCH, "us-east-1", t, ident, ip, CLI_V1_NODE, [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None), ("cloudtrail.amazonaws.com", "DescribeTrails", None, None),
        ("cloudtrail.amazonaws.com", "GetEventSelectors", {"trailName": "ashgrove-research"}, None),
        ("cloudtrail.amazonaws.com", "PutEventSelectors", {"trailName": "ashgrove-research", "eventSelectors": [
            {"readWriteType": "All", "includeManagementEvents": True, "dataResources": []}]}, None),
        ("s3.amazonaws.com", "ListObjects", s3_params(lake), None)] + [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj[:4]])
    row(w, "A6", "CloudTrail data events removed from the head node", t, t + dt.timedelta(minutes=10), events=" ".join(ids),
        label="attack", severity="high")

    # A7 the cryo-EM workstation's key from a VPS: recon
    t, k, ip = at(s(3), 22.1), machine_keys["cryoem-ws-01"], NETS["vultr"].host(300)
    denied = ("AccessDenied", "User: arn:aws:iam::529104738862:user/cryoem-ws-01 is not authorized")
    ids = spree(w, LAKE, "us-east-1", t, iam_user(LAKE, "cryoem-ws-01", k), ip, KALI, [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None), ("s3.amazonaws.com", "ListBuckets", None, None),
        ("iam.amazonaws.com", "GetAccountAuthorizationDetails", None, denied), ("iam.amazonaws.com", "ListUsers", None, denied),
        ("iam.amazonaws.com", "ListRoles", None, denied), ("iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": "cryoem-ws-01"}, denied),
        ("s3.amazonaws.com", "GetBucketAcl", s3_params(lake), None), ("ec2.amazonaws.com", "DescribeInstances", None, denied),
        ("secretsmanager.amazonaws.com", "ListSecrets", None, denied)], gap=70)
    row(w, "A7", "instrument key recon from a VPS", t, t + dt.timedelta(minutes=15), key_id=k, ips=ip, events=" ".join(ids),
        label="attack", severity="medium")

    # A8 Identity Center sign-in without MFA from Indonesia, then an IAM user for persistence
    t, ip, browser = at(s(2), 13.6), NETS["telkom"].host(9), UA["firefox_win"]
    ids = signin(w, "maria.rivera", t, ip, browser, mfa=None)
    ids.append(console_login(w, LAB_RIVERA, "ResearchAdmin", "maria.rivera", t + dt.timedelta(minutes=1), ip, browser))
    k = key(w.rng("a8"))
    ident = session(LAB_RIVERA, "ResearchAdmin", "maria.rivera", k, t, console=True)
    ids += spree(w, LAB_RIVERA, "us-east-1", t + dt.timedelta(minutes=2), ident, ip, browser, [
        ("iam.amazonaws.com", "ListUsers", None, None), ("iam.amazonaws.com", "CreateUser", {"userName": "svc-backup-sync"}, None),
        ("iam.amazonaws.com", "CreateLoginProfile", {"userName": "svc-backup-sync", "passwordResetRequired": False}, None),
        ("iam.amazonaws.com", "AttachUserPolicy", {"userName": "svc-backup-sync", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None),
        ("iam.amazonaws.com", "CreateAccessKey", {"userName": "svc-backup-sync"}, None)], gap=40)
    row(w, "A8", "Identity Center sign-in without MFA from a new country, IAM persistence", t, t + dt.timedelta(minutes=10),
        principal=sso_principal(LAB_RIVERA, "ResearchAdmin", "maria.rivera"), ips=ip, events=" ".join(ids), label="attack", severity="high")

    # A9 a stolen researcher token assumes the Service Catalog launch role and makes an admin role
    t, ip = at(s(4), 19.2), NETS["contabo"].host(61)
    k, ident, first = steal_sso(w, "grace.liu", RESEARCH, "ResearchUser", t, ip, BOTO_VPS)
    launch_key = key(w.rng("a9"))
    ids = [first] + spree(w, RESEARCH, "us-east-1", t + dt.timedelta(minutes=1), ident, ip, BOTO_VPS, [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None), ("servicecatalog.amazonaws.com", "SearchProducts", None, None),
        ("iam.amazonaws.com", "GetRole", {"roleName": "SCLaunchRole-Research"}, None)])
    ids.append(w.trail.emit(RESEARCH, "us-east-1", t + dt.timedelta(minutes=3), "sts.amazonaws.com", "AssumeRole", ident, ip, BOTO_VPS,
                            params={"roleArn": role_arn(RESEARCH, "SCLaunchRole-Research"), "roleSessionName": "maint"},
                            response={"credentials": {"accessKeyId": launch_key}}, read_only=True))
    launch = assumed(RESEARCH, "SCLaunchRole-Research", "maint", launch_key, created=t)
    ids += spree(w, RESEARCH, "us-east-1", t + dt.timedelta(minutes=4), launch, ip, BOTO_VPS, [
        ("iam.amazonaws.com", "CreateRole", {"roleName": "sc-maintenance"}, None),
        ("iam.amazonaws.com", "AttachRolePolicy", {"roleName": "sc-maintenance", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None),
        ("iam.amazonaws.com", "UpdateAssumeRolePolicy", {"roleName": "sc-maintenance"}, None)], gap=30)
    row(w, "A9", "Service Catalog launch role abused to escalate", t, t + dt.timedelta(minutes=15), key_id=k, ips=ip,
        events=" ".join(ids), label="attack", severity="medium")
    row(w, "A9", "Service Catalog launch role abused to escalate", t, t + dt.timedelta(minutes=15), key_id=launch_key, ips=ip,
        label="attack", severity="medium")

    # A10 a stolen HPC admin token from a threat-list address: stop the head node, change its user data, start it
    t, ip = w.changes["head_stopped"][0] - dt.timedelta(minutes=3), threat_address()
    k, ident, first = steal_sso(w, "dan.whitfield", RESEARCH, "HPCAdmin", t, ip, UA["cli_linux"])
    node = {"instancesSet": {"items": [{"instanceId": HEAD_NODE}]}}
    ids = [first] + spree(w, RESEARCH, "us-east-1", t + dt.timedelta(minutes=1), ident, ip, UA["cli_linux"], [
        ("ec2.amazonaws.com", "DescribeInstances", None, None), ("ec2.amazonaws.com", "StopInstances", node, None),
        ("ec2.amazonaws.com", "ModifyInstanceAttribute", {"instanceId": HEAD_NODE, "userData": "<sensitiveDataRemoved>"}, None)], gap=90)
    ids += spree(w, RESEARCH, "us-east-1", w.changes["head_stopped"][1] - dt.timedelta(minutes=1), ident, ip, UA["cli_linux"],
                 [("ec2.amazonaws.com", "StartInstances", node, None)])
    row(w, "A10", "user data changed on the stopped HPC head node", t, w.changes["head_stopped"][1], key_id=k, ips=ip,
        events=" ".join(ids), label="attack", severity="high")

    # A11 cold start: the new lab's workstation key from DigitalOcean, on the lab's third day
    t = at(s(2), 16.4)
    k, ip = workstation_keys[16], NETS["digitalocean"].host(17)
    ident = assumed(LAB_ADEYEMI, "adeyemi-workstation-role", "i-07b5d3e1f9a2c4b86", k, ec2=True)
    ids = spree(w, LAB_ADEYEMI, "us-east-1", t, ident, ip, KALI, [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None), ("s3.amazonaws.com", "ListBuckets", None, None),
        ("ec2.amazonaws.com", "DescribeInstances", None, None), ("secretsmanager.amazonaws.com", "ListSecrets", None, None),
        ("s3.amazonaws.com", "ListObjects", s3_params("ashgrove-adeyemi-data"), None),
        ("s3.amazonaws.com", "GetObject", s3_params("ashgrove-adeyemi-data", "assemblies/ref.fa"), None)], gap=30)
    row(w, "A11", "cold start: the new lab's workstation credentials outside AWS", t, t + dt.timedelta(minutes=10), key_id=k,
        ips=ip, events=" ".join(ids), label="attack", severity="medium")
