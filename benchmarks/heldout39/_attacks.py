"""The attacks (A1...), each drawn from public incident write-ups: what the actor did, from
where, with which tool, and the truth rows that name its key, principal and addresses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._background import sso_signin
from benchmarks.heldout39._records import role_arn
from benchmarks.heldout39._truth import row, sso_principal
from benchmarks.heldout39._world import World

Rows = list[dict[str, Any]]
DENIED = "AccessDenied"


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


def burst(w: World, start: dt.datetime, calls: list[tuple[str, str, str | None]], account: str, region: str,
          who: dict[str, Any], address: str, agent: str, gap: tuple[int, int] = (2, 20)) -> dt.datetime:
    """Calls one after another (source, name, error code or None); the time of the last."""
    when = start
    for source, name, error in calls:
        when += dt.timedelta(seconds=w.rng.randint(*gap))
        err = None if error is None else (error, f"User: {who.get('arn', '')} is not authorized to perform: {source.split('.')[0]}:{name}")
        w.trail.event(when, account, region, who, source, name, address, agent, error=err, request={})
    return when


def leaked_report_key(w: World, day: dt.date) -> Rows:
    """A1: the report script, pushed to a public GitHub repository with its key; a secret
    scanner's verification within minutes (GetCallerIdentity, Go SDK), then a VPS that lists
    and copies a month of health certificates."""
    key = w.user_key(org.PROD, "harvest-report-sync")
    who = w.user(org.PROD, "harvest-report-sync")
    scanner, vps = w.fresh("digitalocean"), w.fresh("hetzner")
    t0 = at(day, 3.2)
    w.trail.event(t0, org.PROD, org.GLOBAL, who, "sts.amazonaws.com", "GetCallerIdentity", scanner, org.UA_TRUFFLE, request=None)
    t1 = at(day, 5.6)
    end = burst(w, t1, [("sts.amazonaws.com", "GetCallerIdentity", None), ("s3.amazonaws.com", "ListBuckets", None),
                        ("iam.amazonaws.com", "ListUsers", DENIED), ("ec2.amazonaws.com", "DescribeInstances", DENIED),
                        ("s3.amazonaws.com", "GetBucketLocation", None)], org.PROD, org.HOME, who, vps, org.UA_BOTO_KALI)
    for i in range(90):
        month_day = day - dt.timedelta(days=1 + i % 28)
        if i % 15 == 0:
            w.s3_list(end, org.PROD, who, org.DOCS_BUCKET, f"certificates/{month_day:%Y/%m/%d}/", vps, org.UA_BOTO_KALI)
        end += dt.timedelta(seconds=w.rng.randint(1, 4))
        w.s3_object(end, org.PROD, who, "GetObject", org.DOCS_BUCKET,
                    f"certificates/{month_day:%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf", vps, org.UA_BOTO_KALI)
    return [row("A1", "harvest-report-sync key leaked on GitHub: scanner check, then certificates copied from a VPS",
                t0, end + dt.timedelta(minutes=1), key=key, addresses=(scanner, vps), severity="high")]


def camera_certificate(w: World, day: dt.date) -> Rows:
    """A2: a pen camera's device certificate and key copied off its SD card; credentials from
    the IoT credential provider used from a server to look around and upload files."""
    device = "froya-pen03-cam"
    start = at(day, 21.3)  # the cameras are idle at night
    s = w.session(start, org.PROD, "pen-camera-uploader", device, minted_by="credentials.iot.amazonaws.com", new=True)
    address = w.fresh("hetzner")
    end = burst(w, start, [("sts.amazonaws.com", "GetCallerIdentity", None), ("s3.amazonaws.com", "ListBuckets", DENIED),
                           ("iot.amazonaws.com", "ListThings", DENIED), ("s3.amazonaws.com", "GetBucketAcl", DENIED)],
                org.PROD, org.HOME, s.identity, address, org.UA_BOTO_KALI)
    w.s3_list(end, org.PROD, s.identity, org.IMAGES_BUCKET, "", address, org.UA_BOTO_KALI, error=(DENIED, "Access Denied"))
    for i in range(25):
        end += dt.timedelta(seconds=w.rng.randint(3, 30))
        w.s3_object(end, org.PROD, s.identity, "PutObject", org.IMAGES_BUCKET, f"froya/pen03/upload/{i:04d}.bin",
                    address, org.UA_BOTO_KALI, size=w.rng.randint(40_000_000, 90_000_000), kms=False)
    w.sessions.pop((org.PROD, "pen-camera-uploader", device))
    return [row("A2", "pen camera's device certificate stolen; IoT-provided credentials used from Hetzner",
                start, end + dt.timedelta(minutes=1), key=s.key, principal=role_arn(org.PROD, "pen-camera-uploader"),
                addresses=(address,), severity="medium")]


def notebook_role(w: World, day: dt.date) -> Rows:
    """A3: a malicious JupyterLab extension reads the notebook's role credentials from the
    instance metadata and sends them out; they are used from a VPN exit in Amsterdam."""
    start = at(day, 14.2)
    s = w.session(start, org.PROD, "sagemaker-feedopt-exec", "SageMaker", minted_by="sagemaker.amazonaws.com", region="eu-west-1")
    address = w.fresh("m247")
    end = burst(w, start, [("sts.amazonaws.com", "GetCallerIdentity", None), ("s3.amazonaws.com", "ListBuckets", None),
                           ("iam.amazonaws.com", "ListRoles", DENIED), ("iam.amazonaws.com", "ListAttachedRolePolicies", DENIED),
                           ("secretsmanager.amazonaws.com", "ListSecrets", DENIED),
                           ("sagemaker.amazonaws.com", "ListNotebookInstances", None)],
                org.PROD, "eu-west-1", s.identity, address, org.UA_BOTO_KALI)
    for i in range(45):
        end += dt.timedelta(seconds=w.rng.randint(2, 8))
        w.s3_object(end, org.PROD, s.identity, "GetObject", org.TRAINING_BUCKET,
                    f"features/site={'hitra' if i % 2 else 'froya'}/{i % 28 + 1:02d}.parquet", address, org.UA_BOTO_KALI,
                    region="eu-west-1", size=w.rng.randint(2_000_000, 9_000_000))
    return [row("A3", "SageMaker notebook role credentials taken by a JupyterLab extension, used from a VPN",
                start, end + dt.timedelta(minutes=1), key=s.key, principal=role_arn(org.PROD, "sagemaker-feedopt-exec"),
                addresses=(address,), severity="high")]


def admin_evasion(w: World, day: dt.date) -> Rows:
    """A4: the IT lead's Google Workspace session phished through an AiTM proxy; the attacker
    opens the production account as administrator, deletes GuardDuty's detector, stops the
    Config recorder, fails to stop the organisation trail, then copies certificates."""
    person = org.PEOPLE[0]
    role = w.sso_role(person.permission_set)
    address = w.fresh("linode")

    start = at(day, 19.4)
    s = sso_signin(w, start, person, org.PROD, address, org.UA_BROWSER_WIN, console=True)
    end = burst(w, start + dt.timedelta(seconds=30),
                [("guardduty.amazonaws.com", "ListDetectors", None), ("guardduty.amazonaws.com", "DeleteDetector", None),
                 ("cloudtrail.amazonaws.com", "DescribeTrails", None), ("cloudtrail.amazonaws.com", "StopLogging", "AccessDeniedException"),
                 ("config.amazonaws.com", "DescribeConfigurationRecorders", None),
                 ("config.amazonaws.com", "StopConfigurationRecorder", None), ("s3.amazonaws.com", "ListBuckets", None)],
                org.PROD, org.HOME, s.identity, address, org.UA_BROWSER_WIN, gap=(8, 40))
    cli = org.UA_CLI_LINUX.format(cmd="s3.cp")
    for i in range(70):
        end += dt.timedelta(seconds=w.rng.randint(1, 3))
        w.s3_object(end, org.PROD, s.identity, "GetObject", org.DOCS_BUCKET,
                    f"certificates/{day - dt.timedelta(days=i % 20):%Y/%m/%d}/HC-{w.rng.randint(10000, 99999)}.pdf", address, cli)
    return [row("A4", "IT lead's Identity Center session phished (AiTM): GuardDuty deleted, Config stopped, certificates copied",
                start, end + dt.timedelta(minutes=1), key=s.key, principal=sso_principal(org.PROD, role, person.email),
                addresses=(address,), severity="critical")]


def partner_backdoor(w: World, day: dt.date) -> Rows:
    """A5: the SAP partner's jump host compromised; at night the attacker uses the partner's
    support role (with the right external ID) to create a role trusting an outside account,
    which then snapshots the HANA volume and shares the snapshot out."""
    jump = w.address("sap-partner/jump", "aws:eu-central-1")

    start = at(day, 2.4)
    who = {"type": "AssumedRole", "principalId": "AROASAPPARTNEROPS01:m.keller",
           "arn": f"arn:aws:sts::{org.SAP_PARTNER}:assumed-role/basis-ops/m.keller", "accountId": org.SAP_PARTNER,
           "accessKeyId": w.trail.session_key()}
    s = w.session(start, org.ERP, "sap-partner-support", "m.keller", caller=(who, jump, org.UA_BOTO_KALI),
                  external_id="fjl-sap-7c21e94b", new=True)
    outside = "730335218864"
    end = burst(w, start, [("iam.amazonaws.com", "ListRoles", None), ("iam.amazonaws.com", "GetAccountAuthorizationDetails", None),
                           ("iam.amazonaws.com", "CreateRole", None), ("iam.amazonaws.com", "AttachRolePolicy", None)],
                org.ERP, org.GLOBAL, s.identity, jump, org.UA_BOTO_KALI, gap=(5, 30))
    vps = w.fresh("digitalocean_fra")
    t = end + dt.timedelta(minutes=7)
    outsider = {"type": "AssumedRole", "principalId": "AROAOUTSIDE00000001:x", "arn": f"arn:aws:sts::{outside}:assumed-role/ops/x",
                "accountId": outside, "accessKeyId": w.trail.session_key()}
    b = w.session(t, org.ERP, "AWSSupportOps", "support", caller=(outsider, vps, org.UA_BOTO_KALI), new=True)
    last = burst(w, t, [("ec2.amazonaws.com", "DescribeInstances", None), ("ec2.amazonaws.com", "DescribeVolumes", None),
                        ("ec2.amazonaws.com", "CreateSnapshot", None), ("ec2.amazonaws.com", "DescribeSnapshots", None),
                        ("ec2.amazonaws.com", "ModifySnapshotAttribute", None)], org.ERP, org.HOME, b.identity, vps,
                 org.UA_BOTO_KALI, gap=(10, 90))
    return [
        row("A5", "SAP partner's support role used from its compromised jump host to make a role trusting an outside account",
            start, end + dt.timedelta(minutes=1), key=s.key, principal=role_arn(org.ERP, "sap-partner-support"),
            addresses=(jump,), severity="high"),
        row("A5", "the backdoor role used from outside: HANA volume snapshot shared out", t, last + dt.timedelta(minutes=1),
            key=b.key, principal=role_arn(org.ERP, "AWSSupportOps"), addresses=(vps,), severity="high"),
    ]


def mining(w: World, day: dt.date) -> Rows:
    """A6: an infostealer on the ERP admin's laptop takes his cached Identity Center CLI
    session; GPU instances are started in São Paulo, a region Fjordlaks never uses."""
    person = org.PEOPLE[1]
    role = w.sso_role(person.permission_set)
    address = w.fresh("chinanet")

    start = at(day, 16.8)
    s = sso_signin(w, start, person, org.ERP, address, org.UA_BOTO_KALI, console=False)
    region = "sa-east-1"
    end = burst(w, start, [("ec2.amazonaws.com", "DescribeRegions", None), ("servicequotas.amazonaws.com", "GetServiceQuota", None),
                           ("ec2.amazonaws.com", "DescribeImages", None), ("ec2.amazonaws.com", "CreateKeyPair", None),
                           ("ec2.amazonaws.com", "CreateSecurityGroup", None), ("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", None),
                           ("ec2.amazonaws.com", "RunInstances", "Client.VcpuLimitExceeded"),
                           ("servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", None),
                           ("ec2.amazonaws.com", "RunInstances", None), ("ec2.amazonaws.com", "RunInstances", None),
                           ("ec2.amazonaws.com", "DescribeInstances", None)], org.ERP, region, s.identity, address, org.UA_BOTO_KALI,
                gap=(4, 60))
    return [row("A6", "ERP admin's cached Identity Center CLI session stolen: GPU instances in sa-east-1",
                start, end + dt.timedelta(minutes=1), key=s.key, principal=sso_principal(org.ERP, role, person.email),
                addresses=(address,), severity="high")]


def quiet_recon(w: World, day: dt.date) -> Rows:
    """A7: a data scientist's CLI session (token cache) replayed through a Norwegian
    residential proxy with her own CLI's user agent: two hours of slow listing."""
    person = org.PEOPLE[3]
    role = w.sso_role(person.permission_set)
    address = w.fresh("telia_oslo_proxy")

    start = at(day, 10.5)
    s = sso_signin(w, start, person, org.PROD, address, org.UA_CLI_MAC.format(cmd="sso_login"), console=False)
    calls = [("sts", "GetCallerIdentity", None), ("iam", "ListRoles", DENIED), ("iam", "ListUsers", DENIED),
             ("s3", "ListBuckets", None), ("s3", "GetBucketPolicy", None), ("ec2", "DescribeInstances", None),
             ("sagemaker", "ListNotebookInstances", None), ("organizations", "DescribeOrganization", DENIED),
             ("secretsmanager", "ListSecrets", DENIED), ("lambda", "ListFunctions20150331", None),
             ("ec2", "DescribeSecurityGroups", None), ("s3", "GetBucketAcl", None), ("kms", "ListKeys", None)]
    end = start
    for i in range(30):
        short, name, error = calls[i % len(calls)]
        end += dt.timedelta(seconds=w.rng.randint(90, 300))
        err = None if error is None else (error, f"User: {s.identity['arn']} is not authorized to perform: {short}:{name}")
        w.trail.event(end, org.PROD, org.GLOBAL if short in ("iam", "organizations") else org.HOME, s.identity,
                      f"{short}.amazonaws.com", name, address, org.UA_CLI_MAC.format(cmd=f"{short}.{name.lower()}"), error=err, request={})
    return [row("A7", "data scientist's Identity Center CLI session replayed through a Norwegian residential proxy: slow recon",
                start, end + dt.timedelta(minutes=1), key=s.key, principal=sso_principal(org.PROD, role, person.email),
                addresses=(address,), severity="medium")]
