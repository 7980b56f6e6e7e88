"""The clients that act for the organisation without a person at a console: the technicians'
tablets (Cognito), the factory's provisioning key, the GitLab deployer, the Power BI gateway
and the firmware pipeline (CodePipeline and CodeBuild signing with KMS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._people import athena_query
from benchmarks.heldout36._records import Record, Trail
from benchmarks.heldout36._routine import FIRMWARE_KEY, World, at


def technicians(tr: Trail, world: World, day: dt.date, crew: list[tuple[str, str]]) -> None:
    """Field technicians' tablets: a Cognito identity, new credentials each hour of work
    (AssumeRoleWithWebIdentity), photos uploaded, manuals read, chargers looked up."""
    if day.weekday() == 6:
        return
    for identity, country in crew:
        if day.weekday() == 5 and tr.rng.random() > 0.3:
            continue
        tz = 0 if country == "ie" else 1
        net = {"ie": "mobile_ie", "de": "mobile_de", "se": "mobile_se"}[country]
        loc = {"ie": "en_IE", "de": "de_DE", "se": "sv_SE"}[country]
        for hour in range(tr.rng.randint(5, 8)):
            t = at(day, 7.5 - tz + hour + tr.rng.uniform(0, 0.3))
            new = world.android_new_from is not None and t >= world.android_new_from
            agent = org.ANDROID.format(v=org.ANDROID_NEW if new else org.ANDROID_OLD, loc=loc)
            ip = tr.rng.choice(org.NETS[net].ips)
            technician_hour(tr, t, identity, ip, agent, calls=tr.rng.randint(1, 3))


def technician_hour(
    tr: Trail, t: dt.datetime, identity: str, ip: str, agent: str, *, calls: int
) -> tuple[str, Record]:
    key = tr.key()
    pool = "eu-west-1:4b1e8d3c-2f9a-4c6d-9e0b-7a5f3c1d8e26"
    tr.add(
        t,
        org.PLATFORM,
        org.HOME,
        {
            "type": "WebIdentityUser",
            "principalId": f"cognito-identity.amazonaws.com:{pool}:{identity}",
            "userName": identity,
            "identityProvider": "cognito-identity.amazonaws.com",
        },
        ip,
        agent,
        "sts",
        "AssumeRoleWithWebIdentity",
        read_only=True,
        request={
            "roleArn": f"arn:aws:iam::{org.PLATFORM}:role/field-tech-authenticated",
            "roleSessionName": "CognitoIdentityCredentials",
            "durationSeconds": 3600,
        },
        response={
            "credentials": {"accessKeyId": key, "expiration": ""},
            "subjectFromWebIdentityToken": identity,
            "assumedRoleUser": {
                "assumedRoleId": "AROA:CognitoIdentityCredentials",
                "arn": f"arn:aws:sts::{org.PLATFORM}:assumed-role/field-tech-authenticated/CognitoIdentityCredentials",
            },
            "provider": "cognito-identity.amazonaws.com",
            "audience": pool,
        },
    )
    ident = tr.role(org.PLATFORM, "field-tech-authenticated", "CognitoIdentityCredentials", key, t)
    ident["sessionContext"]["webIdFederationData"] = {
        "federatedProvider": "cognito-identity.amazonaws.com",
        "attributes": {
            "cognito-identity.amazonaws.com:aud": pool,
            "cognito-identity.amazonaws.com:sub": identity,
        },
    }
    for i in range(calls):
        s = t + dt.timedelta(minutes=5 + 15 * i + tr.rng.uniform(0, 10))
        roll = tr.rng.random()
        if roll < 0.5:
            obj = f"photos/{identity[10:18]}/{s:%Y%m%d%H%M%S}.jpg"
            tr.add(
                s,
                org.PLATFORM,
                org.HOME,
                ident,
                ip,
                agent,
                "s3",
                "PutObject",
                read_only=False,
                data=True,
                request={"bucketName": "voltaro-field-photos", "key": obj},
                resources=[
                    {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::voltaro-field-photos/{obj}"}
                ],
            )
        elif roll < 0.75:
            obj = f"manuals/{tr.rng.choice(('ac22', 'dc150', 'dc300'))}-service.pdf"
            tr.add(
                s,
                org.PLATFORM,
                org.HOME,
                ident,
                ip,
                agent,
                "s3",
                "GetObject",
                read_only=True,
                data=True,
                request={"bucketName": "voltaro-field-manuals", "key": obj},
                resources=[
                    {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::voltaro-field-manuals/{obj}"}
                ],
            )
        else:
            tr.add(
                s,
                org.PLATFORM,
                org.HOME,
                ident,
                ip,
                agent,
                "iot",
                "DescribeThing",
                read_only=True,
                request={"thingName": f"VC-IE-{tr.rng.randrange(10000, 99999)}"},
            )
    return key, ident


def factory(tr: Trail, world: World, day: dt.date) -> None:
    """The charger maker's end-of-line station registering each new charger in IoT Core."""
    if day.weekday() >= 5:
        return
    old, new = world.factory_keys
    for _ in range(world.n(35)):
        t = at(day, tr.rng.uniform(5, 21))
        key = new if world.factory_rotate_at is not None and t >= world.factory_rotate_at else old
        ident = tr.user(org.PLATFORM, "factory-provisioning", key)
        region = tr.rng.choice(("eu-west-1", "eu-central-1"))
        thing = f"VC-{'IE' if region == 'eu-west-1' else 'DE'}-{tr.rng.randrange(10000, 99999)}"
        for i, (name, ro) in enumerate(
            (
                ("CreateThing", False),
                ("CreateKeysAndCertificate", False),
                ("AttachThingPrincipal", False),
                ("AddThingToThingGroup", False),
            )
        ):
            tr.add(
                t + dt.timedelta(seconds=2 * i),
                org.PLATFORM,
                region,
                ident,
                org.ip_of("factory", 0),
                org.FACTORY_BOTO,
                "iot",
                name,
                read_only=ro,
                request={"thingName": thing, "setAsActive": True} if i else {"thingName": thing},
            )


def gitlab(tr: Trail, world: World, day: dt.date, *, runs: int | None = None) -> None:
    """GitLab.com runners applying the platform's Terraform with the deployer's IAM key."""
    if day.weekday() >= 5 and runs is None:
        return
    plan = (
        ("sts", "GetCallerIdentity", True, "us-east-1"),
        ("s3", "GetObject", True, "eu-west-1"),
        ("ecs", "DescribeServices", True, "eu-west-1"),
        ("ecs", "DescribeTaskDefinition", True, "eu-west-1"),
        ("iam", "GetRole", True, "us-east-1"),
        ("iam", "ListRolePolicies", True, "us-east-1"),
        ("ec2", "DescribeSecurityGroups", True, "eu-west-1"),
        ("iot", "DescribeThingGroup", True, "eu-west-1"),
        ("ecs", "DescribeServices", True, "eu-central-1"),
    )
    for _ in range(runs if runs is not None else tr.rng.randint(2, 4)):
        t = at(day, tr.rng.uniform(8, 17))
        new = world.gitlab_new_from is not None and t >= world.gitlab_new_from
        tf, prov = org.TF_NEW if new else org.TF_OLD
        ip = tr.rng.choice(org.NETS["gitlab_runners_new" if new else "gitlab_runners"].ips)
        ident = tr.user(org.PLATFORM, "gitlab-deployer", world.gitlab_key)
        steps = list(plan) * 2
        if tr.rng.random() < 0.4:
            steps += [
                ("ecs", "RegisterTaskDefinition", False, "eu-west-1"),
                ("ecs", "UpdateService", False, "eu-west-1"),
            ]
        for i, (svc, name, ro, region) in enumerate(steps):
            req: dict[str, Any] = (
                {"bucketName": "voltaro-tfstate", "key": "platform/terraform.tfstate"}
                if svc == "s3"
                else {}
            )
            tr.add(
                t + dt.timedelta(seconds=3 * i),
                org.PLATFORM,
                region,
                ident,
                ip,
                org.TERRAFORM.format(tf=tf, prov=prov, api=f"{svc}#1.0"),
                svc,
                name,
                read_only=ro,
                request=req,
                data=svc == "s3",
            )


def powerbi(tr: Trail, world: World, day: dt.date) -> None:
    """The Power BI gateway's refreshes through the Simba Athena driver, hourly on weekdays."""
    if day.weekday() >= 5:
        return
    ident = tr.user(org.DATA, "powerbi-athena", world.powerbi_key)
    for hour in range(7, 19, max(1, round(1 / max(world.scale, 0.1)))):
        athena_query(
            tr,
            at(day, hour + tr.rng.uniform(0, 0.1)),
            org.DATA,
            ident,
            org.ip_of("azure_gateway", 0),
            org.SIMBA,
            console=False,
            output="s3://voltaro-athena-results/powerbi/",
            table="kpi_daily",
            reads=2,
        )


def firmware(
    tr: Trail, world: World, day: dt.date, *, runs: int | None = None, hour: float | None = None
) -> list[str]:
    """The firmware pipeline: CodePipeline takes the source, CodeBuild builds, signs the image
    with the KMS signing key and uploads it; the build keys minted."""
    keys: list[str] = []
    if day.weekday() >= 5 and runs is None:
        return keys
    for _ in range(runs if runs is not None else tr.rng.randint(1, 2)):
        t = at(day, hour + tr.rng.uniform(0, 0.2) if hour is not None else tr.rng.uniform(10, 17))
        pkey = tr.key()
        session = str(tr.rng.randrange(10**12, 10**13))
        tr.mint(
            t,
            org.PLATFORM,
            org.HOME,
            "codepipeline.amazonaws.com",
            "firmware-pipeline-role",
            session,
            pkey,
            hours=1,
        )
        pipe = tr.role(
            org.PLATFORM,
            "firmware-pipeline-role",
            session,
            pkey,
            t,
            invoked_by="codepipeline.amazonaws.com",
        )
        host = "codepipeline.amazonaws.com"
        tr.add(
            t + dt.timedelta(seconds=5),
            org.PLATFORM,
            org.HOME,
            pipe,
            host,
            host,
            "codebuild",
            "StartBuild",
            read_only=False,
            request={"projectName": "ocpp-firmware-build"},
        )
        bkey, bsess = tr.key(), f"AWSCodeBuild-{tr.uuid()}"
        b = t + dt.timedelta(seconds=40)
        tr.mint(
            b,
            org.PLATFORM,
            org.HOME,
            "codebuild.amazonaws.com",
            "firmware-build-role",
            bsess,
            bkey,
            hours=1,
        )
        keys.append(bkey)
        build = tr.role(org.PLATFORM, "firmware-build-role", bsess, bkey, b)
        ip = tr.rng.choice(org.CODEBUILD_IPS)
        image = f"builds/{t:%Y%m%d}-{tr.hexid(7)}/charger-fw.bin"
        for i, (svc, name, ro, req) in enumerate(
            (
                (
                    "s3",
                    "GetObject",
                    True,
                    {"bucketName": "voltaro-firmware", "key": "source/fw.zip"},
                ),
                ("kms", "GetPublicKey", True, {"keyId": FIRMWARE_KEY}),
                (
                    "kms",
                    "Sign",
                    True,
                    {
                        "keyId": FIRMWARE_KEY,
                        "signingAlgorithm": "ECDSA_SHA_256",
                        "messageType": "DIGEST",
                    },
                ),
                ("s3", "PutObject", False, {"bucketName": "voltaro-firmware", "key": image}),
                (
                    "s3",
                    "PutObject",
                    False,
                    {"bucketName": "voltaro-firmware", "key": image + ".sig"},
                ),
            )
        ):
            tr.add(
                b + dt.timedelta(minutes=4 + i * 0.5),
                org.PLATFORM,
                org.HOME,
                build,
                ip,
                org.CODEBUILD_CLI.format(cmd="kms.sign" if svc == "kms" else "s3.cp"),
                svc,
                name,
                read_only=ro,
                request=req,
                data=svc == "s3",
            )
    return keys
