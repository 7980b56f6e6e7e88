"""The calendar: every day's background, the benign changes on the scored days (with their
truth rows) and then the attacks. The last day is 2026-11-12; Diwali falls on the first scored
day (Sunday 8 November), the week after it is a festival week."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import (
    autoscaler,
    aws_services,
    eks_services,
    lambdas,
    node_group,
)
from benchmarks.heldout11._attacks import attacks
from benchmarks.heldout11._changes import (
    audit_day,
    blue_green,
    diwali_sale,
    dr_test,
    eks_upgrade,
    new_service,
    retire_key,
    rotate_key,
)
from benchmarks.heldout11._net import AWS
from benchmarks.heldout11._ops import _dr_check, _ids, sso_arn
from benchmarks.heldout11._people import (
    engineer_day,
    fraud_vendor,
    github_actions,
    legacy_users,
    observability_vendor,
    support_desk,
)
from benchmarks.heldout11._trail import Trail
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World

END = dt.date(2026, 11, 12)
SCORED = 5
DATA_FUNCTIONS = (
    (
        "kinesis-txn-archiver",
        (("s3", "PutObject"), ("kinesis", "GetRecords"), ("cloudwatch", "PutMetricData")),
        14.0,
    ),
    (
        "msk-settlement-consumer",
        (("s3", "PutObject"), ("dynamodb", "PutItem"), ("kafka", "DescribeClusterV2")),
        8.0,
    ),
    (
        "glue-partition-loader",
        (("glue", "BatchCreatePartition"), ("glue", "GetTable"), ("s3", "ListObjectsV2")),
        3.0,
    ),
)
ACCOUNTS_OF = {
    "PlatformEngineer": (org.PROD, org.PROD, org.PLAT),
    "DBAdmin": (org.PROD,),
    "BackendDeveloper": (org.PROD,),
    "SecurityAdmin": (org.PROD, org.PLAT, org.DATA),
    "DataEngineer": (org.DATA,),
}


def generate(seed: int, days: int = 24, scale: float = 1.0) -> tuple[Trail, Truth, list[dt.date]]:
    if days < 8:
        raise ValueError("heldout11 needs at least 8 days (3 of history before the 5 scored)")
    trail = Trail(random.Random(seed * 1_000_003 + 11))
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    w = World(
        trail, random.Random(seed * 7919 + 3), np.random.default_rng([seed, 11]), scale, dates
    )
    truth = Truth()
    s0, s1, s2, s3, s4 = scored = dates[-SCORED:]
    keys = {
        u: trail.token("AKIA") for u in ("svc-bank-sftp", "svc-settlement-recon", "svc-reporting")
    }
    nat = {
        r: [AWS[r].host(2000 + 97 * i) for i in range(n)]
        for r, n in (("ap-south-1", 3), ("ap-south-2", 2), ("ap-southeast-1", 2))
    }
    nat["lend"] = [AWS["ap-south-1b"].host(5000)]
    w.state["nat"] = nat
    prod_nodes, hyd_nodes, dr_nodes = _ids(w, 6), _ids(w, 3), _ids(w, 2)
    w.state["lend_nodes"] = lend_nodes = _ids(w, 2)
    agents = list(org.SUPPORT)
    payouts_v2 = org.Service(
        "payouts-v2",
        "payouts",
        "go",
        (
            ("dynamodb", "PutItem"),
            ("dynamodb", "Query"),
            ("sqs", "SendMessage"),
            ("kms", "Decrypt"),
        ),
        3,
    )
    end_all = w.local(s4, 24 + 5.5)

    for day in dates:
        sale = 8.0 if day == s0 else 1.0
        full = [(i, 0.0, 24.0) for i in prod_nodes]
        kubelet, cni_ua = org.UA["kubelet"], org.UA["cni"]
        if day == s0:  # B1: the Diwali sale, node group from 6 to 14
            full += diwali_sale(w, truth, day)
        if day == s2:  # B2: EKS 1.29 -> 1.30, a new node group on the new AMI
            full, prod_nodes = eks_upgrade(w, truth, day, prod_nodes, end_all)
        if day >= s2:
            kubelet = "aws-sdk-go/1.51.21 (go1.22.5; linux; amd64)"
            cni_ua = org.UA["cni"].replace("v1.18.1", "v1.19.0").replace("1.26.1", "1.30.3")
            if day > s2:
                full = [(i, 0.0, 24.0) for i in prod_nodes]
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-south-1",
            nodes=full,
            nat=nat["ap-south-1"],
            ua=kubelet,
            cni_ua=cni_ua,
        )
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-south-2",
            nodes=[(i, 0.0, 24.0) for i in hyd_nodes],
            nat=nat["ap-south-2"],
        )
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-southeast-1",
            nodes=[(i, 0.0, 24.0) for i in dr_nodes],
            nat=nat["ap-southeast-1"],
        )
        autoscaler(
            w,
            day,
            acct=org.PROD,
            region="ap-south-1",
            nat=nat["ap-south-1"],
            scale_calls=4 if day == s0 else 0,
        )
        services = list(org.SERVICES)
        eks_services(
            w, day, services, acct=org.PROD, region="ap-south-1", nat=nat["ap-south-1"], sale=sale
        )
        eks_services(
            w,
            day,
            [s for s in services if s.hyd],
            acct=org.PROD,
            region="ap-south-2",
            nat=nat["ap-south-2"],
            rate=0.4,
            sale=sale,
        )
        eks_services(
            w,
            day,
            [s for s in services if s.name == "external-secrets"],
            acct=org.PROD,
            region="ap-southeast-1",
            nat=nat["ap-southeast-1"],
            rate=0.3,
        )
        if day == s0:  # B4: payouts-v2 gets its IRSA role from the deploy pipeline, then runs
            new_service(w, truth, day, end_all)
        if day >= s0:
            eks_services(
                w,
                day,
                [payouts_v2],
                acct=org.PROD,
                region="ap-south-1",
                nat=nat["ap-south-1"],
                hours=range(7 if day == s0 else 0, 24),
            )
            # the lending account joins the organisation trail
            node_group(
                w,
                day,
                acct=org.LEND,
                region="ap-south-1",
                nodes=[(i, 0.0, 24.0) for i in lend_nodes],
                nat=nat["lend"],
            )
            eks_services(
                w, day, org.LENDING_SERVICES, acct=org.LEND, region="ap-south-1", nat=nat["lend"]
            )
            aws_services(w, day, org.LEND)
            observability_vendor(w, day, org.LEND)
        if day == s4:  # B6: the DR test
            dr_test(w, truth, day, services, nat)
        else:
            _dr_check(w, day)
        for acct in (org.PROD, org.PLAT, org.DATA):
            aws_services(w, day, acct)
            observability_vendor(w, day, acct)
        fraud_vendor(w, day, rate=sale / 2 if sale > 1 else 1.0)
        github_actions(w, day)
        lambdas(w, day, acct=org.DATA, functions=DATA_FUNCTIONS)
        if day == s2:  # B8: the security admin rotates the reporting tool's key
            rotate_key(w, truth, day, keys, end_all)
        if day in (s3, s4):
            retire_key(w, truth, day, final=day == s4)
        legacy_users(w, day, keys)
        if day == s0:  # B5: the support desk's rotation: three leave, three join, same office
            agents = list(org.SUPPORT[3:]) + list(org.SUPPORT_NEW)
            for who in org.SUPPORT_NEW:
                truth.benign(
                    "B5",
                    "support shift rotation: a new agent",
                    w.local(day, 0),
                    end_all,
                    principal=sso_arn(org.PROD, "SupportReadOnly", who),
                )
        support_desk(w, day, agents)
        if (
            s0 - dt.timedelta(days=3) <= day <= s3 and day.weekday() < 5
        ) or day == s0 - dt.timedelta(days=3):  # B7: the RBI / PCI audit
            audit_day(w, truth, day, s0 - dt.timedelta(days=3), end_all)
        for p in org.ENGINEERS:
            accounts = ACCOUNTS_OF[p.perm] + (
                (org.LEND,) if day >= s0 and p.perm == "BackendDeveloper" else ()
            )
            festival = p.home_town and s1 <= day <= s3
            engineer_day(w, day, p, net=p.home_town if festival else None, accounts=accounts)
            if festival and day == s1:  # B9: the festival week from the family home
                for acct in sorted(set(accounts)):
                    truth.benign(
                        "B9",
                        "festival week from a new home ISP",
                        w.local(s1, 0),
                        w.local(s3, 24),
                        principal=sso_arn(acct, p.perm, f"{p.name}@sitarapay.in"),
                    )
        if day == s3:  # B3: Aurora blue/green switchover by the DBA
            blue_green(w, truth, day)
    attacks(w, truth, scored, keys)
    return trail, truth, dates
