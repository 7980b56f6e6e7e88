"""AWS services working for the company: the data pipeline (EventBridge Scheduler -> Step
Functions -> Glue / Athena), the SageMaker notebook, the Cognito identity pool's app users,
AWS Backup, GuardDuty and Inspector."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._org import HOME, PROD, Org
from benchmarks.heldout2._records import Actor, Call
from benchmarks.heldout2._workloads import _busy, _svc, _t


def data_pipeline(org: Org, day: dt.date) -> None:
    """Nightly: Scheduler starts Step Functions, which runs Glue jobs and Athena queries."""
    rng = org.trail.rng("pipeline", day)
    jobs = [("glue", "nightly-events-etl")]
    if day > org.at["pipeline"].date():
        jobs.append(("glue-new", "invoices-etl"))  # benign change B3
    t = _t(day, 2 * 3600 + rng.randrange(120))
    sched, sfn = org.actors["scheduler"], org.actors["sfn"]
    key, _ = org.trail.assume(rng, t, _svc("scheduler"), sched, "scheduler-nightly", HOME)
    on_behalf = Call(
        sched.as_session("scheduler-nightly"),
        key,
        "scheduler.amazonaws.com",
        "scheduler.amazonaws.com",
        created=t,
        invoked_by="scheduler.amazonaws.com",
    )
    org.trail.emit(rng, on_behalf, t + dt.timedelta(seconds=1), "states", "StartExecution", HOME)
    skey, _ = org.trail.assume(rng, t, _svc("states"), sfn, f"{rng.getrandbits(64):016x}", HOME)
    states = Call(
        sfn.as_session("nightly"),
        skey,
        "states.amazonaws.com",
        "states.amazonaws.com",
        created=t,
        invoked_by="states.amazonaws.com",
    )
    for role_name, job in jobs:
        t += dt.timedelta(minutes=rng.randrange(2, 6))
        org.trail.emit(rng, states, t, "glue", "StartJobRun", HOME, req={"jobName": job})
        gkey, _ = org.trail.assume(
            rng,
            t + dt.timedelta(seconds=50),
            _svc("glue"),
            org.actors[role_name],
            "GlueJobRunnerSession",
            HOME,
        )
        glue = Call(
            org.actors[role_name].as_session("GlueJobRunnerSession"),
            gkey,
            org.plan.aws(HOME, rng),
            ua.GLUE,
            created=t,
        )
        for i in range(int(rng.randint(20, 60) * org.scale) + 2):
            name = ("GetTable", "GetPartitions", "BatchCreatePartition", "GetDatabase")[
                rng.randrange(4)
            ]
            org.trail.emit(rng, glue, t + dt.timedelta(seconds=60 + 7 * i), "glue", name, HOME)
        t += dt.timedelta(minutes=rng.randrange(10, 25))
    for i in range(3):
        org.trail.emit(
            rng, states, t + dt.timedelta(seconds=30 * i), "athena", "StartQueryExecution", HOME
        )
        athena = Call(
            states.actor,
            skey,
            "athena.amazonaws.com",
            "athena.amazonaws.com",
            created=t,
            invoked_by="athena.amazonaws.com",
        )
        org.trail.emit(rng, athena, t + dt.timedelta(seconds=30 * i + 2), "glue", "GetTable", HOME)


def sagemaker_notebook(org: Org, day: dt.date) -> list[tuple[Call, dt.datetime]]:
    """The contractor's notebook: started in her morning, hourly keys, stopped at night.
    Returns each key's (call, start), so an incident can steal the one live at a moment."""
    rng = org.trail.rng("notebook", day)
    if day.weekday() >= 5:
        return []
    role = org.actors["sagemaker"]
    start = _t(day, 7.5 * 3600 + rng.randrange(1800))
    keys = []
    for h in range(9):
        t = start + dt.timedelta(hours=h)
        key, _ = org.trail.assume(rng, t, _svc("sagemaker"), role, "SageMaker", HOME)
        call = Call(
            role.as_session("SageMaker"),
            key,
            org.fixed_ips["sagemaker"],
            ua.SAGEMAKER_NB,
            created=t,
        )
        for _ in range(int(rng.randint(3, 12) * org.scale) + 1):
            name = (
                ("athena", "StartQueryExecution"),
                ("athena", "GetQueryResults"),
                ("glue", "GetTable"),
                ("sagemaker", "DescribeNotebookInstance"),
                ("s3", "ListBuckets"),
            )[rng.randrange(5)]
            org.trail.emit(
                rng, call, t + dt.timedelta(seconds=rng.randrange(3500)), name[0], name[1], HOME
            )
        keys.append((call, t))
    return keys


def cognito_users(org: Org, day: dt.date) -> None:
    """App users upload receipts with identity-pool credentials, from anywhere."""
    rng = org.trail.rng("cognito", day)
    role = org.actors["cognito"]
    nets = (
        "comcast_sea",
        "spectrum_la",
        "verizon_nyc",
        "att_atl",
        "tmobile_us",
        "vodafone_de",
        "bharti_in",
        "telstra_au",
    )
    for _ in range(int(rng.randint(6, 14) * _busy(day) * org.scale) + 1):
        t = _t(day, rng.randrange(86000))
        ip = org.plan.ip(nets[rng.randrange(len(nets))], rng)
        agent = ua.IOS_SDK if rng.random() < 0.55 else ua.ANDROID_SDK
        identity = f"us-west-2:{rng.getrandbits(128):032x}"
        web = Actor("WebIdentityUser", PROD, "", "cognito-identity.amazonaws.com", session=identity)
        key, _ = org.trail.assume(
            rng,
            t,
            Call(web, None, ip, agent),
            role,
            "CognitoIdentityCredentials",
            HOME,
            name="AssumeRoleWithWebIdentity",
        )
        call = Call(role.as_session("CognitoIdentityCredentials"), key, ip, agent, created=t)
        for i in range(rng.randint(1, 3)):
            obj = f"uploads/{identity}/{rng.getrandbits(40):010x}.jpg"
            org.trail.emit(
                rng,
                call,
                t + dt.timedelta(seconds=3 + i),
                "s3",
                "PutObject",
                HOME,
                data=True,
                req={"bucketName": "quill-mobile-uploads", "key": obj},
                resources=[
                    {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::quill-mobile-uploads/{obj}"}
                ],
            )


def security_services(org: Org, day: dt.date) -> None:
    """AWS Backup nightly, GuardDuty and Inspector through their service-linked roles."""
    rng = org.trail.rng("security-services", day)
    t = _t(day, 5 * 3600 + rng.randrange(600))
    backup = org.actors["backup"]
    key, _ = org.trail.assume(
        rng, t, _svc("backup"), backup, "AWSBackup-AWSBackupDefaultServiceRole", HOME
    )
    on_behalf = Call(
        backup.as_session("AWSBackup-AWSBackupDefaultServiceRole"),
        key,
        "backup.amazonaws.com",
        "backup.amazonaws.com",
        created=t,
        invoked_by="backup.amazonaws.com",
    )
    for i, name in enumerate(
        ("CreateBackup", "DescribeBackup", "CreateSnapshot", "DescribeSnapshots")
    ):
        org.trail.emit(
            rng,
            on_behalf,
            t + dt.timedelta(seconds=30 * i),
            "dynamodb" if "Backup" in name else "ec2",
            name,
            HOME,
        )
    for account in org.accounts_on(day):
        gd = org.actors[f"guardduty:{account}"]
        for h in range(0, 24, 6):
            t = _t(day, h * 3600 + rng.randrange(1800))
            key, _ = org.trail.assume(
                rng, t, _svc("guardduty"), gd, "AmazonGuardDuty-Session", HOME
            )
            call = Call(
                gd.as_session("AmazonGuardDuty-Session"),
                key,
                "guardduty.amazonaws.com",
                "guardduty.amazonaws.com",
                created=t,
                invoked_by="guardduty.amazonaws.com",
            )
            for i, (s, n) in enumerate(
                (
                    ("ec2", "DescribeInstances"),
                    ("s3", "ListBuckets"),
                    ("s3", "GetBucketPolicyStatus"),
                    ("ec2", "DescribeVpcs"),
                )
            ):
                org.trail.emit(rng, call, t + dt.timedelta(seconds=5 * i), s, n, HOME)
    insp = org.actors["inspector"]
    t = _t(day, 11 * 3600 + rng.randrange(3600))
    key, _ = org.trail.assume(rng, t, _svc("inspector2"), insp, "inspector2", HOME)
    call = Call(
        insp.as_session("inspector2"),
        key,
        "inspector2.amazonaws.com",
        "inspector2.amazonaws.com",
        created=t,
        invoked_by="inspector2.amazonaws.com",
    )
    for i, (s, n) in enumerate(
        (
            ("lambda", "ListFunctions20150331"),
            ("lambda", "GetFunction20150331v2"),
            ("ec2", "DescribeInstances"),
            ("ssm", "ListInventoryEntries"),
        )
    ):
        org.trail.emit(rng, call, t + dt.timedelta(seconds=4 * i), s, n, HOME)
