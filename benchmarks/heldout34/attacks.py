"""The attacks of the scored days (A1...A11), each drawn from a public incident pattern, and
the truth rows that name them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout34.background import at
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail, s3_extra, s3_resources
from benchmarks.heldout34.identity import Session, cross_assume, sso_mint
from benchmarks.heldout34.org import (
    DATA,
    EMERG,
    EXTERNAL_ID,
    OPS,
    PROVIDER,
    REG,
    VENDOR,
    VENDOR_ROLE_ID,
    Org,
    Person,
)

ATTACKER_ACCOUNT, KMS_ACCOUNT, PROBE_ACCOUNT = "208875431190", "571234098765", "613458792201"


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Truth:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        id: str,
        name: str,
        label: str,
        severity: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str = "",
        principal: str = "",
        ips: tuple[str, ...] = (),
    ) -> None:
        self.rows.append(
            {
                "id": id,
                "name": name,
                "label": label,
                "access_key_id": key,
                "principal_arn": principal,
                "source_ip": " ".join(ips),
                "start": iso(start),
                "end": iso(end),
                "expected_min_severity": severity if label == "attack" else "",
                "expected_max_severity": severity if label == "benign" else "",
            }
        )


def s3get(
    trail: Trail,
    t: dt.datetime,
    account: str,
    ident: dict[str, Any],
    region: str,
    ip: str,
    ua: str,
    bucket: str,
    key: str,
    name: str = "GetObject",
    read: bool = True,
    req: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
) -> None:
    trail.call(
        t,
        account,
        ident,
        "s3.amazonaws.com",
        name,
        region,
        ip,
        ua,
        read=read,
        data=True,
        req={"bucketName": bucket, "key": key, **(req or {})},
        resources=s3_resources(account, bucket, key),
        extra=s3_extra(trail, out_bytes=random.Random(key).randrange(10**5, 10**7) if read else 0),
        error=error,
    )


DENIED = (
    "AccessDenied",
    "User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
)


def denied(arn: str, action: str) -> tuple[str, str]:
    return DENIED[0], DENIED[1].format(arn=arn, action=action)


def a1_miner(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The volunteers' Athena key, committed in a public notebook, picked up by a cryptomining
    bot within hours: identity check, then GPU instances tried in every region it can."""
    user = org.users["volunteer-athena"]
    key, ip, ua = user.keys[0], org.addr.pick("do_sgp"), UA["miner"]
    t0 = t = at(day, 3 + rng.random())
    ident = user.ident(key)
    trail.call(t, DATA, ident, "sts.amazonaws.com", "GetCallerIdentity", GLOBAL, ip, ua, read=True)
    trail.call(
        t + dt.timedelta(seconds=4),
        DATA,
        ident,
        "iam.amazonaws.com",
        "ListAttachedUserPolicies",
        GLOBAL,
        ip,
        ua,
        read=True,
        req={"userName": user.name},
        error=denied(user.arn, "iam:ListAttachedUserPolicies"),
    )
    for i, region in enumerate(
        ["eu-central-1", "af-south-1", "me-south-1", "us-east-1", "eu-west-1", "ap-southeast-1"]
    ):
        t = t0 + dt.timedelta(seconds=10 + 9 * i)
        trail.call(
            t,
            DATA,
            ident,
            "ec2.amazonaws.com",
            "DescribeRegions",
            region,
            ip,
            ua,
            read=True,
            error=(
                "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation.",
            ),
        )
        trail.call(
            t + dt.timedelta(seconds=3),
            DATA,
            ident,
            "ec2.amazonaws.com",
            "RunInstances",
            region,
            ip,
            ua,
            read=False,
            req={
                "instanceType": "g4dn.12xlarge",
                "instancesSet": {
                    "items": [{"imageId": "ami-0" + trail.hexid(16), "minCount": 1, "maxCount": 8}]
                },
            },
            error=(
                "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation. User: "
                + user.arn
                + " is not authorized to perform: ec2:RunInstances",
            ),
        )
    t = t0 + dt.timedelta(seconds=80)
    trail.call(
        t,
        DATA,
        ident,
        "iam.amazonaws.com",
        "CreateUser",
        GLOBAL,
        ip,
        ua,
        read=False,
        req={"userName": "aws-mining-svc"},
        error=denied(user.arn, "iam:CreateUser"),
    )
    trail.call(
        t + dt.timedelta(seconds=5),
        DATA,
        ident,
        "servicequotas.amazonaws.com",
        "GetServiceQuota",
        "eu-central-1",
        ip,
        ua,
        read=True,
        req={"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
        error=denied(user.arn, "servicequotas:GetServiceQuota"),
    )
    truth.add(
        "A1",
        "volunteers' Athena key from a public notebook used by a cryptomining bot",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=key,
        principal=user.arn,
        ips=(ip,),
    )


def a2_phished_export(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, victim: Person
) -> None:
    """An AiTM phishing kit relays a developer's Google sign-in; the attacker enters Identity
    Center from a VPN exit and exports the beneficiaries table to a bucket it owns."""
    ip, ua = org.addr.pick("m247_nl"), UA["chrome"]
    t0 = at(day, 18.5 + rng.random())
    role = org.sso(REG, victim.pset)
    s = sso_mint(trail, t0, role, victim.email, ip, ua, PROVIDER, console=True)
    t = t0
    for name, req in (
        ("ListTables", None),
        ("DescribeTable", {"tableName": "beneficiaries"}),
        ("DescribeContinuousBackups", {"tableName": "beneficiaries"}),
    ):
        t += dt.timedelta(seconds=rng.randint(20, 90))
        trail.call(
            t,
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            name,
            "af-south-1",
            ip,
            ua,
            read=True,
            req=req,
        )
    t += dt.timedelta(seconds=70)
    export = f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries/export/01733{trail.hexid(8)}"
    trail.call(
        t,
        REG,
        s.ident(),
        "dynamodb.amazonaws.com",
        "ExportTableToPointInTime",
        "af-south-1",
        ip,
        ua,
        read=False,
        req={
            "tableArn": f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries",
            "s3Bucket": "reg-archive-sync-0930",
            "s3BucketOwner": ATTACKER_ACCOUNT,
            "exportFormat": "DYNAMODB_JSON",
        },
        resp={"exportDescription": {"exportArn": export, "exportStatus": "IN_PROGRESS"}},
    )
    for k in range(3):
        trail.call(
            t + dt.timedelta(minutes=3 + 4 * k),
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            "DescribeExport",
            "af-south-1",
            ip,
            ua,
            read=True,
            req={"exportArn": export},
        )
    truth.add(
        "A2",
        "phished developer session exports the beneficiaries table to an outside bucket",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=15),
        key=s.key,
        principal=s.arn,
        ips=(ip,),
    )


def a3_ransom(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The NAS backup key, taken by ransomware on the NAS, re-encrypting the backups with the
    attacker's own KMS key, expiring old versions and leaving a note."""
    user = org.users["svc-backup-geneva"]
    key, ip, ua = user.keys[0], org.addr.pick("contabo_de"), UA["requests"]
    ident, bucket = user.ident(key), "lumen-gva-nas-backup"
    t0 = t = at(day, 22 + rng.random())
    trail.call(
        t,
        OPS,
        ident,
        "s3.amazonaws.com",
        "ListBuckets",
        "eu-central-1",
        ip,
        ua,
        read=True,
        data=False,
    )
    trail.call(
        t + dt.timedelta(seconds=3),
        OPS,
        ident,
        "s3.amazonaws.com",
        "GetBucketVersioning",
        "eu-central-1",
        ip,
        ua,
        read=True,
        req={"bucketName": bucket},
    )
    kms = f"arn:aws:kms:eu-central-1:{KMS_ACCOUNT}:key/{trail.uid()}"
    for _k in range(max(25, int(60 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(1, 4))
        obj = (
            f"nas/shares/{rng.choice(['finance', 'hr', 'programmes', 'grants'])}/{trail.hexid(10)}"
        )
        s3get(
            trail,
            t,
            OPS,
            ident,
            "eu-central-1",
            ip,
            ua,
            bucket,
            obj,
            name="CopyObject",
            read=False,
            req={
                "x-amz-copy-source": f"{bucket}/{obj}",
                "x-amz-server-side-encryption": "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id": kms,
            },
        )
    trail.call(
        t + dt.timedelta(seconds=10),
        OPS,
        ident,
        "s3.amazonaws.com",
        "PutBucketLifecycleConfiguration",
        "eu-central-1",
        ip,
        ua,
        read=False,
        req={
            "bucketName": bucket,
            "LifecycleConfiguration": {
                "Rule": {"NoncurrentVersionExpiration": {"NoncurrentDays": 1}, "Status": "Enabled"}
            },
        },
    )
    s3get(
        trail,
        t + dt.timedelta(seconds=15),
        OPS,
        ident,
        "eu-central-1",
        ip,
        ua,
        bucket,
        "README-RESTORE-FILES.txt",
        name="PutObject",
        read=False,
    )
    truth.add(
        "A3",
        "NAS backup key re-encrypts the backups with an outside KMS key and leaves a ransom note",
        "attack",
        "critical",
        t0,
        t + dt.timedelta(minutes=1),
        key=key,
        principal=user.arn,
        ips=(ip,),
    )


def a4_vendor(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """After the donor-CRM vendor's breach, its sync worker's credentials assume Lumen's role
    (the external ID is in the vendor's config) from a VPS, and read the programme lake."""
    ip, ua = org.addr.pick("vultr_us"), UA["pacu"]
    t0 = at(day, 1 + rng.random())
    s = cross_assume(
        trail,
        t0,
        org.roles["vendor"],
        VENDOR,
        VENDOR_ROLE_ID,
        "givestack-sync-worker",
        ip,
        ua,
        external_id=EXTERNAL_ID,
    )
    assert s is not None
    t = t0 + dt.timedelta(seconds=5)
    trail.call(
        t,
        DATA,
        s.ident(),
        "s3.amazonaws.com",
        "ListBuckets",
        "eu-central-1",
        ip,
        ua,
        read=True,
        error=denied(s.arn, "s3:ListAllMyBuckets"),
    )
    for bucket in ("lumen-donor-exchange", "lumen-programme-lake"):
        t += dt.timedelta(seconds=8)
        err = None if bucket == "lumen-donor-exchange" else denied(s.arn, "s3:ListBucket")
        trail.call(
            t,
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "ListObjects",
            "eu-central-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"bucketName": bucket, "prefix": "", "list-type": "2"},
            resources=s3_resources(DATA, bucket, None),
            error=err,
        )
    for k in range(12):
        t += dt.timedelta(seconds=rng.randint(2, 9))
        s3get(
            trail,
            t,
            DATA,
            s.ident(),
            "eu-central-1",
            ip,
            ua,
            "lumen-donor-exchange",
            f"outbound/gifts-2026-{11 - k // 6:02d}-{10 + k:02d}.csv",
        )
    truth.add(
        "A4",
        "donor-CRM vendor's breached worker credentials assume the sync role from a VPS",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=s.role.arn,
        ips=(ip,),
    )


def a5_console(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The grants team's password-only console user, its password sprayed from a mobile line
    in Nigeria: signs in without MFA, lists, reads the grant reports, tries IAM."""
    from benchmarks.heldout34.background import grants_console

    ip = org.addr.pick("mtn_ng")
    ua = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36"
    t0 = grants_console(trail, org, day, ip, rng, ua)
    user = org.users["grants-reporting"]
    key = trail.ident("ASIA")
    ident = user.ident(key, console_since=t0)
    t = t0 + dt.timedelta(minutes=25)
    trail.call(t, DATA, ident, "s3.amazonaws.com", "ListBuckets", "eu-central-1", ip, ua, read=True)
    trail.call(
        t + dt.timedelta(seconds=40),
        DATA,
        ident,
        "iam.amazonaws.com",
        "ListUsers",
        GLOBAL,
        ip,
        ua,
        read=True,
        error=denied(user.arn, "iam:ListUsers"),
    )
    trail.call(
        t + dt.timedelta(seconds=70),
        DATA,
        ident,
        "iam.amazonaws.com",
        "CreateAccessKey",
        GLOBAL,
        ip,
        ua,
        read=False,
        req={"userName": user.name},
        error=denied(user.arn, "iam:CreateAccessKey"),
    )
    truth.add(
        "A5",
        "grants console user signs in without MFA from Nigeria and tries to make itself a key",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=2),
        principal=user.arn,
        ips=(ip,),
    )


def a6_recon(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, victim: Person
) -> None:
    """An IT admin's Identity Center token cache, stolen by an infostealer, replayed through a
    Swiss residential proxy with the team's own aws-cli: slow recon, a call every half hour."""
    ip = org.addr.pick("resi_proxy_ch")
    ua = UA["cli_mac" if victim.browser != "chrome" else "cli_win"]
    t0 = at(day, 10 + rng.random())
    s = sso_mint(
        trail,
        t0,
        org.sso(OPS, victim.pset),
        victim.email,
        ip,
        ua.format(cmd="sso.login"),
        PROVIDER,
        console=False,
    )
    t = t0
    for source, name in (
        ("sts", "GetCallerIdentity"),
        ("iam", "ListRoles"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountAuthorizationDetails"),
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("ec2", "DescribeInstances"),
        ("iam", "ListAccessKeys"),
        ("organizations", "ListAccounts"),
        ("kms", "ListKeys"),
    ):
        t += dt.timedelta(minutes=rng.randint(20, 40))
        err = denied(s.arn, "organizations:ListAccounts") if name == "ListAccounts" else None
        trail.call(
            t,
            OPS,
            s.ident(),
            f"{source}.amazonaws.com",
            name,
            GLOBAL if source in ("iam", "sts", "organizations") else "eu-central-1",
            ip,
            ua.format(cmd=f"{source}.{name.lower()}"),
            read=True,
            error=err,
        )
    truth.add(
        "A6",
        "IT admin's stolen SSO token cache: slow recon through a Swiss residential proxy",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=s.arn,
        ips=(ip,),
    )


def a7_cold(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, field_session: Session
) -> None:
    """The emergency account's Kobo instance, stood up in a hurry with IMDSv1, leaks its
    instance credentials through an SSRF on its first day; used from an OVH host."""
    ip, ua = org.addr.pick("ovh_fr"), UA["pacu"]
    s = field_session
    t0 = t = max(s.created + dt.timedelta(hours=2), at(day, 16))
    trail.call(
        t, EMERG, s.ident(), "sts.amazonaws.com", "GetCallerIdentity", GLOBAL, ip, ua, read=True
    )
    trail.call(
        t + dt.timedelta(seconds=20),
        EMERG,
        s.ident(),
        "s3.amazonaws.com",
        "ListBuckets",
        "af-south-1",
        ip,
        ua,
        read=True,
    )
    for _k in range(8):
        t += dt.timedelta(seconds=rng.randint(15, 60))
        s3get(
            trail,
            t + dt.timedelta(seconds=30),
            EMERG,
            s.ident(),
            "af-south-1",
            ip,
            ua,
            "lumen-emerg-chad-intake",
            f"intake/{trail.hexid(12)}.json",
        )
    truth.add(
        "A7",
        "emergency account's Kobo instance credentials (IMDSv1 SSRF) used from OVH on the account's first day",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=2),
        key=s.key,
        principal=s.role.arn,
        ips=(ip,),
    )


def a8_lambda(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, session: Session
) -> None:
    """The submit function's credentials, read from its environment by a compromised
    dependency, scanning the beneficiaries table from an EC2 instance in another account."""
    ip, ua = org.addr.pick("aws_iad"), UA["requests"]
    t0 = t = session.created + dt.timedelta(minutes=40)
    table = f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries"
    trail.call(
        t,
        REG,
        session.ident(),
        "dynamodb.amazonaws.com",
        "DescribeTable",
        "af-south-1",
        ip,
        ua,
        read=True,
        req={"tableName": "beneficiaries"},
    )
    for _k in range(max(10, int(30 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(1, 3))
        trail.call(
            t,
            REG,
            session.ident(),
            "dynamodb.amazonaws.com",
            "Scan",
            "af-south-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"tableName": "beneficiaries", "limit": 1000},
            resources=[{"accountId": REG, "type": "AWS::DynamoDB::Table", "ARN": table}],
        )
    truth.add(
        "A8",
        "submit Lambda's credentials scanning the beneficiaries table from another AWS account",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=session.key,
        principal=session.role.arn,
        ips=(ip,),
    )


def a9_tor(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, session: Session
) -> None:
    """The donor-report task's credentials, taken through an SSRF to the task metadata
    endpoint, used from a Tor exit: trying to stop the trail and GuardDuty, reading donors."""
    ip, ua = org.addr.pick("tor_exit"), UA["pacu"]
    t0 = t = session.created + dt.timedelta(minutes=50)
    arn = session.arn
    for source, name, region, err in (
        ("sts", "GetCallerIdentity", GLOBAL, None),
        ("cloudtrail", "DescribeTrails", "eu-central-1", None),
        ("cloudtrail", "StopLogging", "eu-central-1", denied(arn, "cloudtrail:StopLogging")),
        ("guardduty", "ListDetectors", "eu-central-1", denied(arn, "guardduty:ListDetectors")),
        ("guardduty", "DeleteDetector", "eu-central-1", denied(arn, "guardduty:DeleteDetector")),
    ):
        t += dt.timedelta(seconds=rng.randint(5, 30))
        trail.call(
            t,
            DATA,
            session.ident(),
            f"{source}.amazonaws.com",
            name,
            region,
            ip,
            ua,
            read=name.startswith(("Get", "Describe", "List")),
            error=err,
            req={"name": f"arn:aws:cloudtrail:eu-central-1:{DATA}:trail/org-trail"}
            if name == "StopLogging"
            else None,
        )
    for k in range(5):
        t += dt.timedelta(seconds=rng.randint(5, 20))
        s3get(
            trail,
            t,
            DATA,
            session.ident(),
            "eu-central-1",
            ip,
            ua,
            "lumen-donor-exchange",
            f"inbound/donors-{day - dt.timedelta(days=k)}-0{k}.json",
        )
    truth.add(
        "A9",
        "donor-report task credentials from a Tor exit try StopLogging and DeleteDetector, read donor files",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=session.key,
        principal=session.role.arn,
        ips=(ip,),
    )


def a10_cognito(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The registration app's Cognito identity pool allows unauthenticated identities, and
    its unauthenticated role was left with read on the table and the photo bucket."""
    role = org.roles["cognito_unauth"]
    ip, ua = org.addr.pick("hetzner_fi"), UA["requests"]
    t0 = t = at(day, 13 + rng.random())
    identity = f"me-south-1:{trail.uid()}"
    s = Session(
        role, "CognitoIdentityCredentials", trail.ident("ASIA"), t, web_identity="unauthenticated"
    )
    trail.call(
        t,
        REG,
        {
            "type": "WebIdentityUser",
            "principalId": f"cognito-identity.amazonaws.com:me-south-1:5b2f0e1c:{identity}",
            "userName": identity,
            "identityProvider": "cognito-identity.amazonaws.com",
        },
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
        "me-south-1",
        ip,
        ua,
        read=True,
        req={"roleArn": role.arn, "roleSessionName": "CognitoIdentityCredentials"},
        resp={
            "credentials": {"accessKeyId": s.key},
            "subjectFromWebIdentityToken": identity,
            "assumedRoleUser": {
                "arn": s.arn,
                "assumedRoleId": f"{role.role_id}:CognitoIdentityCredentials",
            },
        },
    )
    table = f"arn:aws:dynamodb:me-south-1:{REG}:table/beneficiaries"
    for _k in range(10):
        t += dt.timedelta(seconds=rng.randint(2, 6))
        trail.call(
            t,
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            "Scan",
            "me-south-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"tableName": "beneficiaries"},
            resources=[{"accountId": REG, "type": "AWS::DynamoDB::Table", "ARN": table}],
        )
    for _k in range(6):
        t += dt.timedelta(seconds=rng.randint(2, 6))
        s3get(
            trail,
            t,
            REG,
            s.ident(),
            "me-south-1",
            ip,
            ua,
            "lumen-reg-docs-me-south-1",
            f"cases/{trail.hexid(12)}/id-photo.jpg",
        )
    truth.add(
        "A10",
        "unauthenticated Cognito identity scans the beneficiaries table and reads ID photos",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=role.arn,
        ips=(ip,),
    )


def a11_probe(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """A confused-deputy probe: another account tries the donor-CRM role without the
    external ID, then with guessed ones."""
    ip = org.addr.pick("aws_iad")
    t0 = t = at(day, 7 + rng.random())
    for guess in (None, None, "lumen", "givestack", "lumenrelief", None):
        t += dt.timedelta(seconds=rng.randint(3, 30))
        cross_assume(
            trail,
            t,
            org.roles["vendor"],
            PROBE_ACCOUNT,
            "AROAPROBE7Q2M4X9KD3",
            "s3-audit",
            ip,
            UA["pacu"],
            external_id=guess,
            denied=True,
        )
    truth.add(
        "A11",
        "another account tries the donor-CRM role without its external ID",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        ips=(ip,),
    )


__all__ = ["OPS", "Truth"]
