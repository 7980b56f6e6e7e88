"""IAM users that are machines, each with its long-term key: the farms' milk-meter gateways,
the lab NAS's nightly archive sync, the old on-premises Jenkins and a data scientist's notebook."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.machines import GATEWAY, JENKINS, NAS, NOTEBOOK, hours
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.world import DATA, DATA_REGION, PROD, PROD_REGION, host


def machine_users(s: Scene) -> None:
    """IAM users that are machines, each with its long-term key."""
    rng = s.rng("users")
    farms = s.count(8, 2)
    gw = s.trail.user(PROD, "farm-gateway", s.ids.key("AKIA", "farm-gateway"))
    nas = s.trail.user(DATA, "lab-nas-sync", s.ids.key("AKIA", "lab-nas-sync"))
    jenkins = s.trail.user(PROD, "ci-legacy", s.ids.key("AKIA", "ci-legacy"))
    notebook = s.trail.user(DATA, "ml-notebook", s.ids.key("AKIA", "ml-notebook"))
    home = host("home_2degrees", 7321)
    for day in s.days:
        for farm in range(farms):  # milking twice a day: the meters upload every 30 minutes
            ip = host("farms", 5000 + 37 * farm)
            for m in range(0, 1440, 30):
                t = hours(day) + dt.timedelta(minutes=m + farm, seconds=rng.randrange(30))
                s.trail.call(
                    t,
                    gw,
                    "s3",
                    "PutObject",
                    PROD_REGION,
                    ip,
                    GATEWAY,
                    data=True,
                    params={
                        "bucketName": "kowhai-milk-meter",
                        "key": f"farm{farm:03d}/{t:%H%M}.csv",
                    },
                )
        t = hours(day) + dt.timedelta(hours=13, minutes=rng.randrange(20))  # 02:00 NZDT
        ip = host("office", 10)
        s.trail.call(
            t,
            nas,
            "s3",
            "ListObjectsV2",
            DATA_REGION,
            ip,
            NAS,
            data=True,
            params={"bucketName": "kowhai-lab-archive"},
        )
        for k in range(s.count(30, 4)):
            s.trail.call(
                t + dt.timedelta(seconds=20 * k + 5),
                nas,
                "s3",
                "PutObject",
                DATA_REGION,
                ip,
                NAS,
                data=True,
                params={"bucketName": "kowhai-lab-archive", "key": f"{day}/plate-{k}.tif"},
            )
        t = hours(day) + dt.timedelta(
            hours=15, minutes=rng.randrange(10)
        )  # 04:00 NZDT nightly build
        for k, (source, name) in enumerate(
            (
                ("ecr", "GetAuthorizationToken"),
                ("rds", "DescribeDBInstances"),
                ("s3", "PutObject"),
                ("s3", "PutObject"),
            )
        ):
            s.trail.call(
                t + dt.timedelta(seconds=30 * k),
                jenkins,
                source,
                name,
                PROD_REGION,
                ip,
                JENKINS,
                data=source == "s3",
                params={"bucketName": "kowhai-build-artifacts"} if source == "s3" else None,
            )
        local = hours(day) + dt.timedelta(
            hours=21, minutes=rng.randrange(60)
        )  # 10:00 NZDT next day
        if (
            local + dt.timedelta(hours=13)
        ).weekday() < 5:  # the data scientist's notebook, weekdays
            for k in range(rng.randrange(6, 18)):
                source, name = rng.choice(
                    [
                        ("s3", "GetObject"),
                        ("s3", "ListObjectsV2"),
                        ("athena", "StartQueryExecution"),
                        ("athena", "GetQueryResults"),
                        ("sagemaker", "DescribeNotebookInstance"),
                    ]
                )
                s.trail.call(
                    local + dt.timedelta(minutes=9 * k, seconds=rng.randrange(60)),
                    notebook,
                    source,
                    name,
                    DATA_REGION,
                    home,
                    NOTEBOOK,
                    data=source == "s3",
                    params={"bucketName": "kowhai-herd-lake"} if source == "s3" else None,
                )
