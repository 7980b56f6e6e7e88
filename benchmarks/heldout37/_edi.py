"""The EDI exchange: shipping lines' SFTP users through Transfer Family, the translator tasks on
Fargate, the on-premises customs bridge's key, and the partners' cross-account roles (the customs
broker, the port authority, the crane maker)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._background import _obj, _poisson, busy
from benchmarks.heldout37._plan import (
    BROKER_V2,
    KEY_ROTATION,
    NEW_LINE,
    VENDOR_DE,
    Plan,
    at,
)
from benchmarks.heldout37._records import Key, Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME


def edi(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    """SFTP partners through Transfer Family, the translator tasks, the customs bridge."""
    load = busy(plan, day)
    users = list(w.sftp_users) + (["nordwind-lines-edi"] if day > plan.slot(NEW_LINE) else [])
    for user in users:
        for _ in range(_poisson(t, 5 * (load if user in w.sftp_users[:4] else 1))):
            when = at(day, t.rng.uniform(0, 23.9))
            key = t.mint(
                org.EDI,
                "pmct-sftp-partner-access",
                user,
                when,
                by="transfer.amazonaws.com",
                region=HOME,
            )
            key.identity["invokedBy"] = "transfer.amazonaws.com"
            sftp_session(t, key, user, when)
    for task_n in range(2):
        task = t.hexid(32)
        key = t.mint(
            org.EDI,
            "pmct-edi-translator-task",
            task,
            at(day, 0, 5 + task_n),
            by="ecs-tasks.amazonaws.com",
            region=HOME,
        )
        for hour in range(24):
            for _ in range(_poisson(t, 2 * load)):
                when = at(day, hour, t.rng.uniform(0, 59.5))
                obj = f"translated/{when:%Y%m%d}/{t.hexid(12)}.xml"
                t.call(
                    key,
                    when,
                    "s3",
                    "GetObject",
                    region=HOME,
                    account=org.EDI,
                    ip=place("nat_edi"),
                    agent=org.UA_ECS,
                    params={
                        "bucketName": org.EDI_BUCKET,
                        "key": obj.replace("translated", "inbound"),
                    },
                    resources=_obj(org.EDI, org.EDI_BUCKET, obj),
                )
                t.call(
                    key,
                    when + dt.timedelta(seconds=2),
                    "kms",
                    "Decrypt",
                    region=HOME,
                    account=org.EDI,
                    ip="10.41.3." + str(t.rng.randint(10, 200)),
                    agent=org.UA_ECS,
                    endpoint="vpce-07d2b9c4e1f5a3068",
                    params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                )
                t.call(
                    key,
                    when + dt.timedelta(seconds=4),
                    "s3",
                    "PutObject",
                    region=HOME,
                    account=org.EDI,
                    ip=place("nat_edi"),
                    agent=org.UA_ECS,
                    params={"bucketName": org.EDI_BUCKET, "key": obj},
                    resources=_obj(org.EDI, org.EDI_BUCKET, obj),
                )
    if day.weekday() < 5:
        admin = t.iam_user(org.EDI, "edi-sftp-admin", w.edi_admin_key)
        when = at(day, 1, t.rng.uniform(30, 50))
        for n, name in enumerate(
            ("ListServers", "ListUsers", "DescribeUser", "DescribeUser", "DescribeUser")
        ):
            params = {"serverId": "s-4b1f7c2e9a0d63851"} if name != "ListServers" else {}
            if name == "DescribeUser":
                params["userName"] = t.rng.choice(w.sftp_users)
            t.call(
                admin,
                when + dt.timedelta(seconds=2 * n),
                "transfer",
                name,
                region=HOME,
                account=org.EDI,
                ip=place("office"),
                agent=org.CLI_WIN,
                params=params,
            )
    rotated = plan.slot(KEY_ROTATION)
    for minute in range(0, 24 * 60, 20):
        when = at(day, 0, minute + t.rng.uniform(0, 3))
        new = day > rotated or (day == rotated and when >= at(day, 3, 30))
        key = t.iam_user(
            org.EDI, "customs-edi-bridge", w.bridge_key_new if new else w.bridge_key_old
        )
        t.call(
            key,
            when,
            "s3",
            "ListObjects",
            region=HOME,
            account=org.EDI,
            ip=place("onprem"),
            agent=org.UA_BRIDGE,
            params={"bucketName": org.EDI_BUCKET, "prefix": "customs/responses/"},
            resources=[
                {
                    "accountId": org.EDI,
                    "type": "AWS::S3::Bucket",
                    "ARN": f"arn:aws:s3:::{org.EDI_BUCKET}",
                }
            ],
        )
        if t.rng.random() < 0.4 * load:
            obj = f"customs/declarations/{when:%Y%m%d}/{t.hexid(10)}.edi"
            t.call(
                key,
                when + dt.timedelta(seconds=3),
                "s3",
                "PutObject",
                region=HOME,
                account=org.EDI,
                ip=place("onprem"),
                agent=org.UA_BRIDGE,
                params={"bucketName": org.EDI_BUCKET, "key": obj},
                resources=_obj(org.EDI, org.EDI_BUCKET, obj),
            )


def sftp_session(t: Trail, key: Key, user: str, when: dt.datetime) -> None:
    for n in range(t.rng.randint(1, 3)):
        kind = t.rng.choice(("COPARN", "BAPLIE", "IFTMIN"))
        obj = f"inbound/{user}/{kind}_{when:%Y%m%d%H%M}_{n}.edi"
        t.call(
            key,
            when + dt.timedelta(seconds=3 + n),
            "s3",
            "PutObject",
            region=HOME,
            account=org.EDI,
            ip="transfer.amazonaws.com",
            agent="AWSTransfer",
            params={"bucketName": org.EDI_BUCKET, "key": obj},
            resources=_obj(org.EDI, org.EDI_BUCKET, obj),
        )
    obj = f"outbound/{user}/CODECO_{when:%Y%m%d}.edi"
    t.call(
        key,
        when + dt.timedelta(seconds=9),
        "s3",
        "GetObject",
        region=HOME,
        account=org.EDI,
        ip="transfer.amazonaws.com",
        agent="AWSTransfer",
        params={"bucketName": org.EDI_BUCKET, "key": obj},
        resources=_obj(org.EDI, org.EDI_BUCKET, obj),
    )


def partners(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    """The customs broker's manifest reader, the port authority's vessel feed, the crane maker."""
    load = busy(plan, day)
    v2 = plan.since(BROKER_V2, day)
    broker = t.other_account(org.BROKER, "AROA" + "BROKERMANIFEST7Q2:i-0b7e1c")
    for minute in range(0, 24 * 60, 15):
        when = at(day, 0, minute + t.rng.uniform(0, 2))
        new = v2 and (day > plan.slot(BROKER_V2) or when >= at(day, 6))
        ip, agent = (
            (place("broker_ec2_v2"), org.UA_BROKER_V2)
            if new
            else (place("broker_ec2"), org.UA_BROKER)
        )
        key = t.assume(
            broker,
            org.EDI,
            "pmct-customs-broker-manifests",
            "customs-sync",
            when,
            region=HOME,
            ip=ip,
            agent=agent,
            external_id=w.broker_external_id,
        )
        assert key is not None
        t.call(
            key,
            when + dt.timedelta(seconds=2),
            "s3",
            "ListObjects",
            region=HOME,
            account=org.EDI,
            ip=ip,
            agent=agent,
            params={"bucketName": org.EDI_BUCKET, "prefix": "manifests/"},
            resources=[
                {
                    "accountId": org.EDI,
                    "type": "AWS::S3::Bucket",
                    "ARN": f"arn:aws:s3:::{org.EDI_BUCKET}",
                }
            ],
        )
        for n in range(_poisson(t, 1.5 * load)):
            obj = f"manifests/{when:%Y%m%d}/CUSCAR_{t.hexid(8)}.edi"
            if new:
                t.call(
                    key,
                    when + dt.timedelta(seconds=3 + n),
                    "s3",
                    "HeadObject",
                    region=HOME,
                    account=org.EDI,
                    ip=ip,
                    agent=agent,
                    params={"bucketName": org.EDI_BUCKET, "key": obj},
                    resources=_obj(org.EDI, org.EDI_BUCKET, obj),
                )
                t.call(
                    key,
                    when + dt.timedelta(seconds=4 + n),
                    "s3",
                    "GetObjectTagging",
                    region=HOME,
                    account=org.EDI,
                    ip=ip,
                    agent=agent,
                    params={"bucketName": org.EDI_BUCKET, "key": obj},
                    resources=_obj(org.EDI, org.EDI_BUCKET, obj),
                )
            t.call(
                key,
                when + dt.timedelta(seconds=5 + n),
                "s3",
                "GetObject",
                region=HOME,
                account=org.EDI,
                ip=ip,
                agent=agent,
                params={"bucketName": org.EDI_BUCKET, "key": obj},
                resources=_obj(org.EDI, org.EDI_BUCKET, obj),
            )
    authority = t.other_account(org.AUTHORITY, "AIDA" + "MPAVTSFEEDSVC4K8Z")
    for minute in range(0, 24 * 60, 30):
        when = at(day, 0, minute + t.rng.uniform(0, 4))
        key = t.assume(
            authority,
            org.TOS,
            "pmct-port-authority-vessel-feed",
            "mpa-vts",
            when,
            region=HOME,
            ip=place("authority"),
            agent=org.UA_AUTHORITY,
            external_id=w.authority_external_id,
        )
        assert key is not None
        t.call(
            key,
            when + dt.timedelta(seconds=1),
            "dynamodb",
            "Query",
            region=HOME,
            account=org.TOS,
            ip=place("authority"),
            agent=org.UA_AUTHORITY,
            params={"tableName": "vessel-calls"},
            resources=[
                {
                    "accountId": org.TOS,
                    "type": "AWS::DynamoDB::Table",
                    "ARN": f"arn:aws:dynamodb:{HOME}:{org.TOS}:table/vessel-calls",
                }
            ],
        )
    if day.toordinal() % 3 == 0 or day == plan.slot(VENDOR_DE):
        german = day == plan.slot(VENDOR_DE)
        ip = place("vendor_de") if german else place("vendor_sg")
        start = at(day, 9 if german else 2, t.rng.uniform(0, 40))
        vendor = t.other_account(org.VENDOR, "AIDA" + "KRANWERKSUPPORT2M")
        key = t.assume(
            vendor,
            org.TOS,
            "pmct-crane-vendor-support",
            "kranwerk-remote",
            start,
            region=HOME,
            ip=ip,
            agent=org.UA_VENDOR,
            external_id=w.vendor_external_id,
        )
        assert key is not None
        names = [
            "ListCoreDevices",
            "GetCoreDevice",
            "ListInstalledComponents",
            "GetCoreDevice",
            "ListEffectiveDeployments",
        ]
        if german:
            names += ["CreateDeployment", "GetDeployment", "ListInstalledComponents"]
        for n, name in enumerate(names * 2):
            params = (
                {"coreDeviceThingName": t.rng.choice(w.gateways)}
                if name != "ListCoreDevices"
                else {}
            )
            t.call(
                key,
                start + dt.timedelta(minutes=1 + 3 * n),
                "greengrass",
                name,
                region=HOME,
                account=org.TOS,
                ip=ip,
                agent=org.UA_VENDOR,
                params=params,
            )
        for n in range(4):
            t.call(
                key,
                start + dt.timedelta(minutes=2 + 5 * n),
                "iot",
                "DescribeThing",
                region=HOME,
                account=org.TOS,
                ip=ip,
                agent=org.UA_VENDOR,
                params={"thingName": t.rng.choice(w.gateways)},
            )
