"""B2, the Norway launch: the nordic account created under Organizations, stood up with
Terraform, its gateway instance running and Config recording from then on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._attacks import Row, row, sso_arn
from benchmarks.heldout36._changes import AOIFE, MATS, end_of
from benchmarks.heldout36._partners import config_recorder
from benchmarks.heldout36._people import person_day, saml_session
from benchmarks.heldout36._records import Trail
from benchmarks.heldout36._routine import World, at

GATEWAY_GO = (
    "aws-sdk-go-v2/1.32.2 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#arm64 api/{api}#1.55.4"
)


def b2_nordic(
    tr: Trail, w: World, day: dt.date, days: list[dt.date]
) -> tuple[list[Row], tuple[str, dt.datetime, str]]:
    """Norway goes live: the account created under Organizations, stood up with Terraform
    through OrganizationAccountAccessRole, the gateway instance running; Config from then on;
    the Stockholm SRE working in it the next days. Returns the rows and the gateway's first
    key (when minted, instance id) for A7."""
    ip = org.ip_of("dublin_office", 0)
    t = at(day, 9.0)
    mgmt = saml_session(tr, t, org.MGMT, org.SRE_SET, AOIFE, ip)
    tr.add(
        t + dt.timedelta(minutes=3),
        org.MGMT,
        "us-east-1",
        mgmt,
        ip,
        org.CHROME,
        "organizations",
        "CreateAccount",
        read_only=False,
        request={"accountName": "voltaro-nordic", "email": "aws-nordic@voltaro.eu"},
        response={"createAccountStatus": {"state": "IN_PROGRESS"}},
        extra={"sessionCredentialFromConsole": "true"},
    )
    s = t + dt.timedelta(minutes=20)
    key = tr.key()
    tr.add(
        s,
        org.NORDIC,
        "us-east-1",
        {
            "type": "AWSAccount",
            "principalId": f"AROA{org.MGMT[-6:]}X2K4:{AOIFE}",
            "accountId": org.MGMT,
        },
        ip,
        org.CLI_MAC.format(cmd="sts.assume-role"),
        "sts",
        "AssumeRole",
        read_only=True,
        request={
            "roleArn": f"arn:aws:iam::{org.NORDIC}:role/OrganizationAccountAccessRole",
            "roleSessionName": "aoife-bootstrap",
        },
        response={"credentials": {"accessKeyId": key, "expiration": ""}},
    )
    oaar = tr.role(org.NORDIC, "OrganizationAccountAccessRole", "aoife-bootstrap", key, s)
    iid = tr.instance()
    tf = (
        org.TERRAFORM.format(tf=org.TF_NEW[0], prov=org.TF_NEW[1], api="ec2#1.177.3")
        .replace("os/linux", "os/macos")
        .replace("md/GOOS#linux", "md/GOOS#darwin")
        .replace("md/GOARCH#amd64", "md/GOARCH#arm64")
    )
    plan: list[tuple[str, str, str, dict[str, Any]]] = [
        ("iam", "CreateRole", "us-east-1", {"roleName": "ocpp-gateway-ec2"}),
        ("iam", "CreateInstanceProfile", "us-east-1", {}),
        ("iam", "AddRoleToInstanceProfile", "us-east-1", {}),
        ("ec2", "CreateVpc", "eu-north-1", {"cidrBlock": "10.60.0.0/16"}),
    ]
    plan += [
        ("ec2", "CreateSubnet", "eu-north-1", {"cidrBlock": f"10.60.{i}.0/24"}) for i in range(3)
    ]
    plan += [
        ("ec2", "CreateInternetGateway", "eu-north-1", {}),
        ("ec2", "AllocateAddress", "eu-north-1", {"domain": "vpc"}),
        ("s3", "CreateBucket", "eu-north-1", {"bucketName": "voltaro-no-gateway-config"}),
        ("iot", "CreateThingGroup", "eu-north-1", {"thingGroupName": "fleet-no"}),
        (
            "ec2",
            "RunInstances",
            "eu-north-1",
            {"instancesSet": {"items": [{"imageId": "ami-0b9e3c1a7d5f2e804"}]}},
        ),
        (
            "ec2",
            "AssociateAddress",
            "eu-north-1",
            {"instanceId": iid, "publicIp": org.NORDIC_GATEWAY_EIP},
        ),
    ]
    u = s + dt.timedelta(minutes=2)
    for svc, name, region, req in plan:
        tr.add(u, org.NORDIC, region, oaar, ip, tf, svc, name, read_only=False, request=req)
        u += dt.timedelta(seconds=tr.rng.uniform(5, 40))
    rows = [
        row(
            "B2",
            "Norway launch: the nordic account created and stood up",
            "benign",
            t,
            end_of(day),
            principal=f"arn:aws:iam::{org.NORDIC}:role/OrganizationAccountAccessRole",
            severity="low",
        ),
        row(
            "B2",
            "Norway launch: the nordic account created and stood up",
            "benign",
            t,
            t + dt.timedelta(hours=1),
            principal=sso_arn(org.MGMT, org.SRE_SET, AOIFE),
            ips=(ip,),
            severity="low",
        ),
    ]
    first: tuple[str, dt.datetime, str] | None = None
    for d in days:
        if d < day:
            continue
        start = 10.5 if d == day else 0
        config_recorder(tr, w, d, org.NORDIC, ("eu-north-1",), start=start)
        for block in range(4):
            minted = at(d, start + 6 * block + 0.05)
            if minted.date() != d:
                break
            gkey = tr.key()
            tr.mint(
                minted, org.NORDIC, "eu-north-1", "ec2.amazonaws.com", "ocpp-gateway-ec2", iid, gkey
            )
            first = first or (gkey, minted, iid)
            gw = tr.role(org.NORDIC, "ocpp-gateway-ec2", iid, gkey, minted, ec2=True)
            g = minted + dt.timedelta(minutes=1)
            while g < minted + dt.timedelta(hours=6) and g.date() == d:
                api = tr.rng.choice(("ssm", "iot", "s3"))
                name, req = {
                    "ssm": ("GetParameter", {"name": "/gateway/ocpp-url"}),
                    "iot": ("DescribeEndpoint", {"endpointType": "iot:Data-ATS"}),
                    "s3": (
                        "GetObject",
                        {"bucketName": "voltaro-no-gateway-config", "key": "gateway.yaml"},
                    ),
                }[api]
                tr.add(
                    g,
                    org.NORDIC,
                    "eu-north-1",
                    gw,
                    org.NORDIC_GATEWAY_EIP,
                    GATEWAY_GO.format(api=api),
                    api,
                    name,
                    read_only=True,
                    request=req,
                    data=api == "s3",
                )
                g += dt.timedelta(minutes=w.every(15) * tr.rng.uniform(0.8, 1.2))
        if d > day:
            mats = next(p for p in org.people() if p.user == MATS)
            for ident in person_day(
                tr,
                w,
                d,
                org.Person(MATS, mats.pset, mats.home, mats.ip_index, 1, False, (org.NORDIC,)),
            ):
                del ident
            rows.append(
                row(
                    "B2",
                    "Norway launch: the nordic account created and stood up",
                    "benign",
                    at(d, 0),
                    end_of(d),
                    principal=sso_arn(org.NORDIC, org.SRE_SET, MATS),
                    severity="low",
                )
            )
    rows.append(
        row(
            "B2",
            "Norway launch: the nordic account created and stood up",
            "benign",
            at(day, 10.5),
            end_of(days[-1]),
            principal=f"arn:aws:iam::{org.NORDIC}:role/ocpp-gateway-ec2",
            ips=(org.NORDIC_GATEWAY_EIP,),
            severity="low",
        )
    )
    assert first is not None
    return rows, first
