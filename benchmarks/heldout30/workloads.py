"""Workloads and services: EC2 instance profiles with the SSM and CloudWatch agents, the permit
portal's Fargate tasks, Lambda functions, AWS Config, GuardDuty and Control Tower acting in
every account, AWS Backup's nightly snapshots, Transfer Family assuming suppliers' roles, and
the three IAM users a municipality keeps for on-premises tools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout30.cloudtrail import Session
from benchmarks.heldout30.org import ACCOUNTS, HOME, NETS, NEW_ACCOUNT
from benchmarks.heldout30.world import World

SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.9; linux; amd64) amazon-ssm-agent/3.3.1142.0"
CW_AGENT = "aws-sdk-go/1.55.5 (go1.22.9; linux; amd64) CWAgent/1.300049.1"
APP_JAVA = "aws-sdk-java/2.29.6 Linux/5.10.228-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_EC2 io/sync http/Apache cfg/retry-mode/legacy"
BOTO_ECS = "Boto3/{v} md/Botocore#{v} ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/{v}"
NODE_LAMBDA = "aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/{api}#3.687.0 exec-env/AWS_Lambda_nodejs20.x"
VEEAM = "APN/1.0 Veeam/1.0 Backup/12.2"
GEOSYNC = "Boto3/1.34.2 md/Botocore#1.34.2 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.2"
PWSH = "AWSPowerShell.Common/4.1.680.0 .NET_Runtime/8.0 .NET_Framework/8.0 OS/Microsoft_Windows_10.0.20348 PowerShellCore/7.4 ClientSync"
LAMBDA_IPS = NETS["lambda"].addresses


@dataclass
class Instance:
    account: str
    role: str
    instance_id: str
    region: str
    nat: str  # its egress (a NAT gateway's address), or a private address behind an endpoint
    endpoint: str | None  # the VPC endpoint its SSM and Secrets Manager calls go through
    secret: str
    born: dt.date | None = None  # launched on this day (Auto Scaling or a new account)
    gone: dt.date | None = None  # terminated on this day
    keys: dict[dt.date, list[tuple[float, str]]] = field(default_factory=dict)  # minted (hour, key)


def fleet_key(inst: Instance, day: dt.date, hour: float) -> str:
    """The key ``inst`` held at ``hour`` on ``day``."""
    return [k for h, k in inst.keys[day] if h <= hour][-1]


def fleet(world: World) -> list[Instance]:
    tr = world.trail
    out = [
        Instance(
            ACCOUNTS["social"],
            "sd-app-instance",
            f"i-0{tr.hexid(16)}",
            HOME,
            f"10.42.{11 + i}.{20 + i}",
            "vpce-0b7e2d91c4a6f3e18",
            "social/suite/db",
        )
        for i in range(2)
    ]
    out += [
        Instance(
            ACCOUNTS["permits"],
            "permits-clamav-instance",
            f"i-0{tr.hexid(16)}",
            HOME,
            "18.184.2.10",
            None,
            "permits/clamav/license",
        )
        for _ in range(2)
    ]
    out += [
        Instance(
            ACCOUNTS["gis"],
            "arcgis-server",
            f"i-0{tr.hexid(16)}",
            "eu-west-1",
            "34.240.12.9",
            None,
            "gis/arcgis/portal",
        )
        for _ in range(3)
    ]
    # B12: Auto Scaling replaces the third ArcGIS server on slot 4
    out[-1].gone = world.slot(4)
    replacement = Instance(
        ACCOUNTS["gis"],
        "arcgis-server",
        f"i-0{tr.hexid(16)}",
        "eu-west-1",
        "34.240.12.9",
        None,
        "gis/arcgis/portal",
        born=world.slot(4),
    )
    out.append(replacement)
    out.append(
        Instance(
            NEW_ACCOUNT[1],
            "dataplatform-airflow",
            f"i-0{tr.hexid(16)}",
            HOME,
            "3.78.9.14",
            None,
            "dataplatform/airflow/db",
            born=world.slot(2),
        )
    )
    return out


def instance_day(world: World, inst: Instance, day: dt.date) -> dict[str, str]:
    """An instance's day: its key re-minted every six hours by ec2.amazonaws.com, the SSM
    agent's heartbeat every five minutes, the CloudWatch agent's tag look-up hourly, the app's
    secret read at 02:00. Returns the keys minted, by hour."""
    tr = world.trail
    start_h = 0.0
    end_h = 24.0
    if inst.born == day:
        start_h = 9.5 if inst.account != NEW_ACCOUNT[1] else 13.2
    if inst.gone == day:
        end_h = 10.0
    if (inst.born and day < inst.born) or (inst.gone and day > inst.gone):
        return {}
    keys: dict[str, str] = {}
    step = 5 / 60 / min(1.0, max(world.scale, 0.34))
    h = start_h
    session: Session | None = None
    minted_at = -99.0
    release = world.after(2, day) and inst.role == "arcgis-server"  # B7
    while h < end_h:
        if h - minted_at >= 6:
            t = world.at(day, h)
            session = tr.mint(
                t, inst.account, inst.role, inst.instance_id, "ec2", region=inst.region, ec2=True
            )
            minted_at = h
            keys[f"{h:.2f}"] = session.key or ""
            inst.keys.setdefault(day, []).append((h, session.key or ""))
        assert session is not None
        t = world.at(day, h, 0.4)
        ip = inst.nat
        tr.call(
            session,
            t,
            "ssm.amazonaws.com",
            "UpdateInstanceInformation",
            ip,
            SSM_AGENT,
            region=inst.region,
            request={
                "instanceId": inst.instance_id,
                "agentVersion": "3.3.1142.0",
                "agentStatus": "Active",
            },
            read_only=False,
            endpoint=inst.endpoint,
        )
        if abs(h % 1.0) < step * 0.99:
            tr.call(
                session,
                world.at(day, h + 0.01),
                "ec2.amazonaws.com",
                "DescribeTags",
                ip,
                CW_AGENT,
                region=inst.region,
                request={
                    "filterSet": {
                        "items": [
                            {
                                "name": "resource-id",
                                "valueSet": {"items": [{"value": inst.instance_id}]},
                            }
                        ]
                    }
                },
            )
        if abs(h - 2.0) < step * 0.99 or (release and abs(h - 10.0) < step * 0.99):
            secret = inst.secret if not (release and h >= 9.9) else "gis/arcgis/datastore-license"
            t2 = world.at(day, h + 0.02)
            tr.call(
                session,
                t2,
                "secretsmanager.amazonaws.com",
                "GetSecretValue",
                ip,
                APP_JAVA,
                region=inst.region,
                request={"secretId": secret},
                endpoint=inst.endpoint,
            )
            tr.call(
                session,
                t2 + dt.timedelta(seconds=1),
                "kms.amazonaws.com",
                "Decrypt",
                "secretsmanager.amazonaws.com",
                "secretsmanager.amazonaws.com",
                region=inst.region,
                invoked_by="secretsmanager.amazonaws.com",
                request={
                    "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                    "encryptionContext": {"SecretARN": secret},
                },
            )
        h += step
    return keys


def task_day(world: World, day: dt.date) -> None:
    """The permit portal on Fargate: three tasks a day (a deploy replaces them at 05:00), each
    key re-minted every six hours; the secret at start, parameters hourly. B8 (slot 1): the
    release moves the image to a newer boto3."""
    tr = world.trail
    version = "1.35.54" if world.after(1, day) else "1.34.162"
    ua = BOTO_ECS.format(v=version)
    for _ in range(max(1, round(3 * max(world.scale, 0.34)))):
        task = tr.hexid(32)
        for block in range(4):
            t = world.at(day, (5, 11, 17, 23)[block], 3)
            s = tr.mint(t, ACCOUNTS["permits"], "permit-portal-task", task, "ecs-tasks")
            ip = world.rng.choice(("18.184.2.9", "18.184.2.10"))
            if block == 0:
                tr.call(
                    s,
                    t + dt.timedelta(seconds=4),
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    ip,
                    ua,
                    request={"secretId": "permits/portal/rds"},
                )
                tr.call(
                    s,
                    t + dt.timedelta(seconds=5),
                    "kms.amazonaws.com",
                    "Decrypt",
                    "secretsmanager.amazonaws.com",
                    "secretsmanager.amazonaws.com",
                    invoked_by="secretsmanager.amazonaws.com",
                    request={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                )
            for k in range(6 if block < 3 else 1):
                tr.call(
                    s,
                    t + dt.timedelta(minutes=60 * k + 7, seconds=world.rng.randint(0, 59)),
                    "ssm.amazonaws.com",
                    "GetParametersByPath",
                    ip,
                    ua,
                    request={"path": "/permits/portal/", "recursive": True},
                )


LAMBDAS = (
    # (account, function, role, invocations per day at scale 1, API)
    ("permits", "permit-notifier", "permit-notifier-role", 40, ("ssm", "GetParameter")),
    ("network", "sftp-intake-scan", "sftp-intake-scan-role", 24, ("ssm", "GetParameter")),
    (
        "contact",
        "connect-citizen-lookup",
        "connect-citizen-lookup-role",
        60,
        ("secretsmanager", "GetSecretValue"),
    ),
    ("audit", "guardduty-to-teams", "guardduty-to-teams-role", 6, ("ssm", "GetParameter")),
)


def lambda_day(world: World, day: dt.date, *, peak: dict[str, float] | None = None) -> None:
    """Each function's invocations in working hours; a new execution environment (a new key)
    every couple of hours."""
    tr = world.trail
    for account, fn, role, per_day, (service, api) in LAMBDAS:
        n = per_day * (peak or {}).get(fn, 1.0) * (0.3 if day.weekday() >= 5 else 1.0)
        n = max(2, round(n * max(world.scale, 0.25)))
        hours = sorted(world.rng.uniform(6, 21) for _ in range(n))
        s: Session | None = None
        minted = -9.0
        for h in hours:
            t = world.at(day, h)
            if h - minted > 2.0:
                s = tr.mint(
                    t - dt.timedelta(seconds=1), ACCOUNTS[account], role, fn, "lambda", hours=12
                )
                minted = h
            assert s is not None
            name = {"ssm": "ssm-parameter", "secretsmanager": "secrets-manager"}[service]
            tr.call(
                s,
                t,
                f"{service}.amazonaws.com",
                api,
                world.rng.choice(LAMBDA_IPS),
                NODE_LAMBDA.format(api=name),
                request={"name" if service == "ssm" else "secretId": f"/{fn}/config"},
            )


def iam_users_day(world: World, day: dt.date) -> None:
    """The on-premises tools' keys: GeoServer's sync hourly from the town hall, Veeam's nightly
    check of its backup buckets, the SFTP onboarding script now and then."""
    tr = world.trail
    geo = tr.user(ACCOUNTS["gis"], "svc-geoserver-sync")
    if day.weekday() < 5:
        for h in range(6, 20):
            t = world.at(day, h + 0.1, 3)
            tr.call(
                geo,
                t,
                "s3.amazonaws.com",
                "ListBuckets",
                "77.161.34.12",
                GEOSYNC,
                region="eu-west-1",
                request={"Host": "s3.eu-west-1.amazonaws.com"},
            )
            tr.call(
                geo,
                t + dt.timedelta(seconds=1),
                "s3.amazonaws.com",
                "GetBucketLocation",
                "77.161.34.12",
                GEOSYNC,
                region="eu-west-1",
                request={"bucketName": "dommelvaart-gis-tiles", "location": ""},
            )
    veeam = tr.user(ACCOUNTS["social"], "veeam-backup")
    t = world.at(day, 0.5, 10)
    for api in (
        "ListBuckets",
        "GetBucketVersioning",
        "GetObjectLockConfiguration",
        "GetBucketLocation",
    ):
        t += dt.timedelta(seconds=world.rng.randint(1, 9))
        tr.call(
            veeam,
            t,
            "s3.amazonaws.com",
            api,
            "77.161.34.14",
            VEEAM,
            request={"bucketName": "dommelvaart-veeam-repo"},
        )
    if day.weekday() == 2 and world.rng.random() < 0.8:
        sftp = tr.user(ACCOUNTS["network"], "svc-sftp-admin")
        t = world.at(day, 9.5, 40)
        for api in ("ListServers", "ListUsers", "DescribeUser"):
            t += dt.timedelta(seconds=world.rng.randint(1, 5))
            tr.call(
                sftp,
                t,
                "transfer.amazonaws.com",
                api,
                "77.161.34.11",
                PWSH,
                request={"serverId": "s-4f1a2b3c4d5e6f708"},
            )
