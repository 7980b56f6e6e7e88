"""The benign changes of the scored days (B1-B9: the truth rows of those the day loop makes
are written here too), each from how real retail accounts behave in peak season."""

from __future__ import annotations

import dataclasses
from typing import Any

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._attacks import FIREFOX_WIN
from benchmarks.heldout9._net import NETS, aws_host
from benchmarks.heldout9._org import (
    CLI_MAC,
    CONTRACTORS,
    DATA,
    EDGE_WIN,
    MKT,
    STORE,
    TERRAFORM,
    TOOLS,
    Org,
    mint,
    saml_signin,
)
from benchmarks.heldout9._people import person_day, prowler_run
from benchmarks.heldout9._workloads import jenkins_assume


def staff(org: Org, name: str) -> Any:
    return next(p for p in org.people if p.email.startswith(name))


def benign(
    org: Org, ident: str, name: str, principals: list[str], start: float, end: float
) -> None:
    for principal in principals:
        org.truth.append(
            {
                "id": ident,
                "name": name,
                "label": "benign",
                "access_key_id": "",
                "principal_arn": principal,
                "source_ip": "",
                "event_ids": "",
                "start": R.iso(start),
                "end": R.iso(end),
                "expected_min_severity": "",
                "expected_max_severity": "low",
            }
        )


def rotate(org: Org, index: int, keys: dict[str, str], warehouse: str) -> dict[str, str]:
    """B8: an admin rotates the warehouse users' keys; the new keys take over the same day."""
    admin = staff(org, "maya.okafor")
    t = org.t(index, 15)
    ident, _ = saml_signin(
        org,
        t,
        STORE,
        admin.role,
        admin.email,
        admin.ip,
        FIREFOX_WIN.replace("Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 14.6"),
        console=True,
    )
    new = {}
    for name in ("wms-sync", "wms-labels"):
        new[name] = org.trail.key("AKIA")
        for api, key in (
            ("CreateAccessKey", new[name]),
            ("UpdateAccessKey", keys[name]),
            ("DeleteAccessKey", keys[name]),
        ):
            t += float(org.rng.uniform(30, 600))
            org.trail.add(
                t,
                STORE,
                "us-east-1",
                api,
                ident,
                admin.ip,
                "console.iam.amazonaws.com",
                source="iam.amazonaws.com",
                params={"userName": name, "accessKeyId": key},
                extra={"sessionCredentialFromConsole": "true"},
            )
    benign(
        org,
        "B8",
        "key rotation of the warehouse IAM users",
        # the users whose keys change, and the admin's Okta session that changes them (this
        # row was missing at the blind measure; see benchmarks/README.md)
        [
            f"arn:aws:iam::{STORE}:user/wms-sync",
            f"arn:aws:iam::{STORE}:user/wms-labels",
            R.role_arn(STORE, admin.role),
        ],
        org.t(index, 0),
        org.t(index + 1, 12),
    )
    return new


def changes(org: Org, state: dict[str, Any], s: list[int]) -> None:
    end = org.t(org.days, 0)
    role = lambda acct, name: R.role_arn(acct, name)  # noqa: E731
    benign(
        org,
        "B1",
        "Black Friday scale-out: five times the tasks, more image-resize instances",
        [
            role(STORE, r)
            for r in (
                "storefront-web-task",
                "checkout-task",
                "catalog-task",
                "order-worker-task",
                "image-resize-ec2",
            )
        ]
        + ["autoscaling.amazonaws.com"],
        org.t(s[1], 0),
        end,
    )
    benign(
        org,
        "B2",
        "EMR 7.2: new SDK, Lake Formation and batch Glue calls",
        [role(DATA, "EMR_EC2_DefaultRole"), role(DATA, "EMR_DefaultRole")],
        org.t(s[2], 0),
        end,
    )
    benign(
        org,
        "B4",
        "seasonal support contractors onboarded in Okta",
        [role(STORE, "Okta-SupportReadOnly")],
        org.t(s[0], 0),
        end,
    )
    benign(
        org,
        "B5",
        "Jenkins agents rebuilt on new instances (same NAT)",
        [role(TOOLS, "jenkins-agent")],
        org.t(s[1], 0),
        end,
    )
    benign(
        org,
        "B9",
        "the marketplace account joins",
        [
            role(MKT, r)
            for r in ("seller-api-task", "Okta-Admin", "jenkins-deploy", "AWSServiceRoleForConfig")
        ],
        org.t(s[0], 0),
        end,
    )
    # B3: a data scientist trains in us-west-2 for the first time
    ds = staff(org, "jin.park")
    t = org.t(s[4], 17)
    ident, _ = saml_signin(org, t, DATA, ds.role, ds.email, ds.ip, FIREFOX_WIN, console=False)
    for job in range(3):
        org.trail.add(
            t + 60 + job * 900,
            DATA,
            "us-west-2",
            "CreateTrainingJob",
            ident,
            ds.ip,
            CLI_MAC.format(p=2, cmd="sagemaker.create-training-job"),
            source="sagemaker.amazonaws.com",
            params={
                "trainingJobName": f"demand-forecast-gpu-{job}",
                "resourceConfig": {"instanceType": "ml.g5.2xlarge"},
            },
        )
        tk = t + 300 + job * 900
        key = mint(
            org, tk, DATA, "us-west-2", "sagemaker-ds-exec", "SageMaker", "sagemaker.amazonaws.com"
        )
        job_ident = R.session(DATA, "sagemaker-ds-exec", "SageMaker", key, tk)
        ip = aws_host("us-west-2", org.rng)
        for api in ("GetAuthorizationToken", "CreateLogStream", "GetObject", "GetObject"):
            org.trail.add(
                tk + float(org.rng.uniform(5, 400)),
                DATA,
                "us-west-2",
                api,
                job_ident,
                ip,
                "aws-sdk-go/1.44.298 (go1.20.5; linux; amd64) sagemaker-training-toolkit",
                data=api == "GetObject",
                source="s3.amazonaws.com" if api == "GetObject" else None,
                params={"bucketName": "tg-ml-artifacts"},
            )
    benign(
        org,
        "B3",
        "SageMaker training in us-west-2 for the first time",
        [role(DATA, "Okta-DataScientist"), role(DATA, "sagemaker-ds-exec")],
        org.t(s[4], 16),
        org.t(s[4] + 1, 0),
    )
    # B4: the contractors' first days
    contractors = [
        dataclasses.replace(
            staff(org, "beth.nakamura"),
            email=f"{name}@tallgrassgoods.com",
            home=home,
            ip=NETS[home].host(org.rng),
        )
        for name, home in CONTRACTORS
    ]
    for index in range(s[0], org.days):
        for person in contractors:
            person_day(org, index, person, ua_console=EDGE_WIN, busy=0.6)
    # B6: lifecycle and Intelligent-Tiering on every data bucket, by Terraform from Jenkins
    t = org.t(s[3], 9)
    key, _ = jenkins_assume(
        org, t, DATA, "jenkins-s3-tiering", state["jenkins:s3"], 0, TERRAFORM.format(api="sts")
    )
    ident = R.session(DATA, "jenkins-deploy", "jenkins-s3-tiering", key, t)
    buckets = [
        f"tg-{area}-{kind}"
        for area in ("orders", "clicks", "catalog", "returns", "ads", "search", "ml")
        for kind in ("raw", "curated", "archive")
    ]
    for bucket in buckets:
        for api in (
            "GetBucketLocation",
            "PutBucketLifecycleConfiguration",
            "PutBucketIntelligentTieringConfiguration",
        ):
            t += float(org.rng.uniform(0.5, 3))
            org.trail.add(
                t,
                DATA,
                "us-east-2",
                api,
                ident,
                org.nat[TOOLS],
                TERRAFORM.format(api="s3"),
                source="s3.amazonaws.com",
                params={"bucketName": bucket},
            )
    benign(
        org,
        "B6",
        "S3 lifecycle and Intelligent-Tiering rolled out to every data bucket",
        [role(DATA, "jenkins-deploy")],
        org.t(s[3], 8),
        org.t(s[3], 12),
    )
    # B7: the security team's full Prowler audit of every account
    prowler_run(org, s[4], staff(org, "owen.mercer"), (STORE, DATA, TOOLS), org.n(700) + 300)
    benign(
        org,
        "B7",
        "the security team's full Prowler audit of every account",
        [role(a, "Okta-Security") for a in (STORE, DATA, TOOLS)],
        org.t(s[4], 0),
        org.t(s[4] + 1, 0),
    )
