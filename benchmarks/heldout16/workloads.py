"""The machines' side of a normal day: GTFS-realtime Lambdas, nightly Glue jobs, the legacy
scheduler, the vendors' long-lived keys, the MSP's cross-account role, the IoT provisioning
pipeline on CodeBuild, AWS Config and the Transfer Family server's role."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout16 import plan
from benchmarks.heldout16.background import Call, World, calls, s3, spread, ticks
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local
from benchmarks.heldout16.trail import Caller, iam_user, role_session

CONFIG_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
# (IAM user, account, network, client, when it runs (Pacific hours), runs a day, calls per run, menu)
VENDORS: tuple[tuple[str, str, str, str, tuple[float, ...], int, tuple[Call, ...]], ...] = (
    (
        "svc-fareproc-sftp",
        "fare",
        "fiserv",
        plan.BOTO_VENDOR,
        (2.0, 14.0),
        6,
        (
            ("transfer", "DescribeServer", {"serverId": "s-4f1c2b9e7a0d63581"}),
            s3("ListObjectsV2", "smt-fare-settlement-exports"),
            s3("GetObject", "smt-fare-settlement-exports", "settlement/latest.csv"),
            s3("PutObject", "smt-fare-card-inbound", "hotlist/hotlist.csv"),
        ),
    ),
    (
        "svc-payroll-vendor",
        "vendor",
        "paychex",
        plan.JAVA_PAYROLL,
        (6.0,),
        8,
        (
            s3("ListObjectsV2", "smt-payroll-exports"),
            s3("GetObject", "smt-payroll-exports", "timesheets/week.csv"),
        ),
    ),
    (
        "svc-connect-reporting",
        "corp",
        "datacentre",
        plan.BOTO_VENDOR.replace("azure", "generic"),
        tuple(float(h) for h in range(6, 20, 2)),
        3,
        (
            ("connect", "GetMetricDataV2", None),
            ("connect", "ListQueues", None),
            ("connect", "GetCurrentMetricData", None),
        ),
    ),
)


def vendor_network(world: World, user: str, day: dt.date, default: str) -> str:
    return world.addresses.get((user, day), default)


def vendors(world: World, day: dt.date) -> None:
    trail = world.trail
    for user, account, net, agent, hours, per_run, menu in VENDORS:
        if user == "svc-payroll-vendor" and day.weekday() >= 5:
            continue
        rng = world.rng(user, day)
        ip = Ids(world.seed, f"{user}:addr").address(vendor_network(world, user, day, net))
        me = Caller(iam_user(account, user, world.keys[user]), ACCOUNTS[account][0], ip, agent)
        for hour in hours:
            n = per_run * (3 if user == "svc-payroll-vendor" and day.weekday() == 4 else 1)
            calls(trail, me, spread(rng, local(day, hour), 0.2, n), menu, rng, denied=0.003)
    # the CAD/AVL vendor pushes AVL snapshots and pulls the schedule every half hour, all day
    user, rng = "svc-cadavl-vendor", world.rng("svc-cadavl-vendor", day)
    ip = Ids(world.seed, f"{user}:addr:{vendor_network(world, user, day, 'cadavl_old')}").address(
        vendor_network(world, user, day, "cadavl_old")
    )
    me = Caller(
        iam_user("vendor", user, world.keys[user]), ACCOUNTS["vendor"][0], ip, plan.DOTNET_CADAVL
    )
    menu = (
        s3("PutObject", "smt-cadavl-exchange", "avl/snapshot.json"),
        s3("GetObject", "smt-cadavl-exchange", "schedule/current.zip"),
        s3("ListObjectsV2", "smt-cadavl-exchange"),
    )
    calls(trail, me, list(ticks(day, world.every(30), rng)), menu, rng, denied=0.003)


def legacy_scheduler(world: World, day: dt.date) -> None:
    """A RHEL 7 server in the city data centre, an IAM user key, aws-cli v1 from cron."""
    trail, rng = world.trail, world.rng("legacy", day)
    user = "svc-legacy-scheduler"
    me = Caller(
        iam_user("ops", user, world.keys[user]), ACCOUNTS["ops"][0], "8.64.41.23", plan.CLI_RHEL7
    )
    menu: tuple[Call, ...] = (
        s3("ListObjects", "smt-schedule-exchange"),
        s3("PutObject", "smt-schedule-exchange", "blocks/run.xml"),
        ("ec2", "DescribeInstances", {"filterSet": {"items": [{"name": "tag:Role"}]}}),
    )
    calls(trail, me, list(ticks(day, world.every(15), rng)), menu, rng, denied=0.002)


def gtfs_realtime(world: World, day: dt.date) -> None:
    """Two Lambda functions: the feed builder (every minute-ish, S3 data events on the feed
    bucket) and the alerts publisher (invalidates the feed's CloudFront path)."""
    trail = world.trail
    factor = world.volume.get(("gtfs", day), 1.0)
    for function, every, menu in (
        (
            "gtfs-rt-builder",
            4.0,
            (
                s3("PutObject", "smt-gtfs-realtime", "vehicle-positions.pb"),
                s3("PutObject", "smt-gtfs-realtime", "trip-updates.pb"),
                ("ssm", "GetParameter", {"name": "/gtfs/rt/config"}),
            ),
        ),
        (
            "gtfs-alerts-publisher",
            30.0,
            (
                s3("PutObject", "smt-gtfs-realtime", "service-alerts.pb"),
                ("cloudfront", "CreateInvalidation", {"distributionId": "E1SMTREALTIME"}),
            ),
        ),
    ):
        rng = world.rng(function, day)
        ids = Ids(world.seed, f"{function}:{day}")
        times = list(ticks(day, world.every(every) / factor, rng))
        for block in range(
            0, 24, 3
        ):  # a new execution environment, a new key and address every 3 h
            start = dt.datetime(day.year, day.month, day.day, block, tzinfo=plan.UTC)
            mine = [t for t in times if start <= t < start + dt.timedelta(hours=3)]
            if not mine:
                continue
            key = trail.mint_for_service("ops", f"{function}-role", function, "lambda", start)
            me = Caller(
                role_session("ops", f"{function}-role", function, key, start),
                ACCOUNTS["ops"][0],
                ids.address("us-west-2"),
                plan.BOTO_LAMBDA,
            )
            calls(trail, me, mine, menu, rng, denied=0.002)


def glue_nightly(world: World, day: dt.date) -> None:
    """Three jobs build the open-data feeds at night from the raw telemetry lake."""
    trail = world.trail
    for n, job in enumerate(("gtfs-static-build", "ridership-daily", "open-data-export")):
        rng = world.rng(job, day)
        start = local(day, 1 + n * 0.7)
        key = trail.mint_for_service(
            "ops", "glue-opendata-jobs", "GlueJobRunnerSession", "glue", start
        )
        me = Caller(
            role_session("ops", "glue-opendata-jobs", "GlueJobRunnerSession", key, start),
            ACCOUNTS["ops"][0],
            Ids(world.seed, f"{job}:{day}").address("us-west-2"),
            plan.GLUE_SPARK,
        )
        menu: list[Call] = [
            ("glue", "GetTable", {"databaseName": "telemetry", "name": "avl_raw"}),
            ("glue", "GetPartitions", {"databaseName": "telemetry", "tableName": "avl_raw"}),
            s3("ListObjectsV2", "smt-telemetry-raw"),
            s3("GetObject", "smt-telemetry-raw", f"avl/{day}/part-0.parquet"),
        ]
        if job == "open-data-export":
            menu.append(
                ("glue", "BatchCreatePartition", {"databaseName": "opendata", "tableName": "stops"})
            )
        calls(
            trail,
            me,
            spread(
                rng,
                start + dt.timedelta(minutes=1),
                0.5,
                max(3, int(rng.randint(20, 40) * world.scale)),
            ),
            menu,
            rng,
        )
        if job == "open-data-export":  # the export lands in the GIS account's public bucket
            out = Caller(me.identity, ACCOUNTS["gis"][0], me.ip, me.agent)
            trail.call(
                out,
                start + dt.timedelta(minutes=40),
                "s3",
                "PutObject",
                region="us-east-1",
                params={"bucketName": "smt-open-data", "key": f"ridership/{day}.csv"},
            )


def msp(world: World, day: dt.date) -> None:
    """The MSP's engineers assume SMT-MSP-Operations in four accounts from their office."""
    if day.weekday() >= 5:
        return
    trail = world.trail
    menu: tuple[Call, ...] = (
        ("cloudwatch", "DescribeAlarms", None),
        ("ec2", "DescribeInstances", None),
        ("ssm", "DescribeInstanceInformation", None),
        ("cloudtrail", "DescribeTrails", None),
        ("cloudtrail", "GetTrailStatus", {"name": "smt-trail"}),
        ("health", "DescribeEvents", None),
        ("config", "DescribeComplianceByConfigRule", None),
        ("backup", "ListBackupJobs", None),
    )
    for engineer in ("jlee", "mortiz", "kpatel"):
        rng = world.rng(engineer, day)
        for account in rng.sample(["corp", "ops", "fare", "vendor"], rng.randint(1, 3)):
            when = local(day, rng.uniform(6, 16))
            ip = Ids(world.seed, f"msp:{engineer}").address("msp")
            agent = plan.CLI_MAC.format(cmd="cloudwatch.describe-alarms")
            key, _ = trail.mint_cross_account(
                account,
                "SMT-MSP-Operations",
                engineer,
                when,
                ip,
                agent,
                source_account=plan.MSP_ACCOUNT,
            )
            me = Caller(
                role_session(account, "SMT-MSP-Operations", engineer, key, when),
                ACCOUNTS[account][0],
                ip,
                agent,
            )
            calls(
                trail,
                me,
                spread(rng, when + dt.timedelta(seconds=5), 0.6, rng.randint(5, 15)),
                menu,
                rng,
                denied=0.01,
            )


def config_and_pipeline(world: World, day: dt.date) -> None:
    """AWS Config in every account that exists; the IoT provisioning pipeline on Wednesdays;
    Transfer Family's role when the fare processor's SFTP batches land."""
    trail = world.trail
    for account in ACCOUNTS:
        if account == "pilot" and day < plan.days(5)[0]:
            continue
        rng = world.rng(f"config:{account}", day)
        for hour in range(0, 24, 6):
            when = dt.datetime(day.year, day.month, day.day, hour, tzinfo=plan.UTC) + dt.timedelta(
                minutes=rng.uniform(0, 30)
            )
            key = trail.mint_for_service(account, CONFIG_ROLE, "AWSConfig-Describe", "config", when)
            me = Caller(
                role_session(account, CONFIG_ROLE, "AWSConfig-Describe", key, when),
                ACCOUNTS[account][0],
                "config.amazonaws.com",
                "config.amazonaws.com",
            )
            menu: tuple[Call, ...] = (
                ("ec2", "DescribeSecurityGroups", None),
                ("iam", "GetRole", None),
                ("s3", "GetBucketPolicy", None),
                ("ec2", "DescribeVolumes", None),
            )
            calls(trail, me, spread(rng, when, 0.2, rng.randint(3, 8)), menu, rng)
    rng = world.rng("transfer", day)
    for hour in (2.1, 14.1):
        when = local(day, hour)
        key = trail.mint_for_service(
            "fare", "transfer-sftp-s3-access", "fareproc", "transfer", when
        )
        me = Caller(
            role_session("fare", "transfer-sftp-s3-access", "fareproc", key, when),
            ACCOUNTS["fare"][0],
            "transfer.amazonaws.com",
            "transfer.amazonaws.com",
        )
        calls(
            trail,
            me,
            spread(rng, when, 0.1, 4),
            (s3("PutObject", "smt-fare-card-inbound", "taps/batch.csv"),),
            rng,
        )
    if day.weekday() == 2:
        pipeline(
            world,
            day,
            [
                ("iot", "DescribeThing", {"thingName": "bus-4411"}),
                ("iot", "UpdateThing", {"thingName": "bus-4411"}),
                ("iot", "ListThingsInThingGroup", {"thingGroupName": "depot-north"}),
            ],
            10,
        )


def pipeline(
    world: World, day: dt.date, menu: list[Call], n: int, *, hour: float = 10.0
) -> tuple[Caller, list[str]]:
    """The IoT provisioning CodeBuild project's run: its session and the event ids."""
    trail, rng = world.trail, world.rng("codebuild", day)
    when = local(day, hour)
    key = trail.mint_for_service(
        "ops", "codebuild-iot-provisioning", "AWSCodeBuild-5c1e0f4a", "codebuild", when
    )
    me = Caller(
        role_session("ops", "codebuild-iot-provisioning", "AWSCodeBuild-5c1e0f4a", key, when),
        ACCOUNTS["ops"][0],
        Ids(world.seed, f"codebuild:{day}").address("us-west-2"),
        plan.CODEBUILD_CLI.format(cmd="iot.describe-thing"),
    )
    return me, calls(trail, me, spread(rng, when + dt.timedelta(minutes=2), 0.4, n), menu, rng)
