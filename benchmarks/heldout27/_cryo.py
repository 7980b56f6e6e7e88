"""AWS Config in every account, and the cryo-EM lab's account once it has joined."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout27._background import at
from benchmarks.heldout27._org import CRYOEM, HOME, Org
from benchmarks.heldout27._trail import UA, s3_object


def config(org: Org, d: dt.date, accounts: list[str]) -> None:
    rng = org.rng
    for account in accounts:
        role = org.role(
            account, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"
        )
        for h in range(0, 24, 3):
            s = org.by_service(
                at(d, h + rng.random()), role, "AWSConfig-Describe", "config.amazonaws.com", hours=1
            )
            for source, name in (
                ("ec2.amazonaws.com", "DescribeSecurityGroups"),
                ("s3.amazonaws.com", "GetBucketAcl"),
                ("iam.amazonaws.com", "GetRole"),
                ("batch.amazonaws.com", "DescribeComputeEnvironments"),
            ):
                region = "us-east-1" if source.startswith("iam") else HOME
                org.trail.call(
                    s.issued + dt.timedelta(seconds=rng.randint(5, 600)),
                    account,
                    region,
                    source,
                    name,
                    s.identity(),
                    "config.amazonaws.com",
                    "config.amazonaws.com",
                )


def cryo(org: Org, d: dt.date) -> None:
    """The cryo-EM lab's GPU server: CryoSPARC writes maps to S3 from its Elastic IP; the SSM
    agent checks in; lab members browse the maps through Shibboleth."""
    rng, tr = org.rng, org.trail
    role = org.role(CRYOEM, "cryosparc-worker")
    for h in range(0, 24, 6):
        s = org.by_service(
            at(d, h + rng.random() * 0.1),
            role,
            org.cryo_instance,
            "ec2.amazonaws.com",
            hours=6,
            ec2=True,
        )
        org.cryo_keys.append(s)
        for m in range(0, 360, 30):
            t = s.issued + dt.timedelta(minutes=m + rng.random() * 3)
            tr.call(
                t,
                CRYOEM,
                HOME,
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                s.identity(),
                org.cryo_ip,
                UA["ssm_agent"],
                params={"instanceId": org.cryo_instance, "agentVersion": "3.3.1142.0"},
            )
            if rng.random() < 0.5:
                key = f"maps/job{rng.randrange(900)}/J{rng.randrange(99)}_map.mrc"
                tr.call(
                    t + dt.timedelta(seconds=30),
                    CRYOEM,
                    HOME,
                    "s3.amazonaws.com",
                    "PutObject",
                    s.identity(),
                    org.cryo_ip,
                    UA["cryosparc"],
                    params={"bucketName": "tmk-cryoem-maps", "key": key},
                    data=s3_object("tmk-cryoem-maps", key, CRYOEM),
                )
    lab = org.role(CRYOEM, "Researcher-CryoEM", "/federated/")
    for p in org.researchers[:2]:
        start = at(d, rng.uniform(14, 17))
        s = org.saml(start, lab, p.name, p.ip, UA["saml2aws"], console=False)
        for _ in range(rng.randint(5, 12)):
            key = f"maps/job{rng.randrange(900)}/J{rng.randrange(99)}_map.mrc"
            tr.call(
                start + dt.timedelta(minutes=rng.uniform(1, 200)),
                CRYOEM,
                HOME,
                "s3.amazonaws.com",
                "GetObject",
                s.identity(),
                p.ip,
                p.ua,
                params={"bucketName": "tmk-cryoem-maps", "key": key},
                data=s3_object("tmk-cryoem-maps", key, CRYOEM),
            )
