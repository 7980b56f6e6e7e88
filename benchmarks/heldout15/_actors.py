"""The everyday organisation: workloads with their hourly keys, people on Identity Center,
partners, CI and AWS services, one day at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._net import Addresses
from benchmarks.heldout15._records import (
    WORKLOAD_ERRORS,
    Trail,
    assumed,
    credentials,
    role_arn,
    service,
)

Mult = Callable[[float], float]


def params(api: str, account: str, region: str) -> dict[str, Any] | None:
    """A plausible ``requestParameters`` for the calls the organisation makes."""
    name = api.split(":")[1]
    if api in ("kms:Sign", "kms:GetPublicKey", "kms:Verify"):
        return {
            "keyId": o.SIGNING_KEY if account == o.CUSTODY else f"alias/{account}-signing",
            "signingAlgorithm": "ECDSA_SHA_256",
            "messageType": "DIGEST",
        }
    if api.startswith("kms:"):
        return {
            "keyId": f"arn:aws:kms:{region}:{account}:alias/app-data",
            "encryptionContext": {"service": "corvid"},
        }
    if api == "secretsmanager:GetSecretValue":
        return {"secretId": f"arn:aws:secretsmanager:{region}:{account}:secret:prod/app-config"}
    if api == "s3:PutObject" or api == "s3:GetObject":
        return {
            "bucketName": "cdx-orderbook-exports",
            "key": "l2/BTC-USDT/2026/snapshot.parquet",
            "Host": "cdx-orderbook-exports.s3.ap-southeast-1.amazonaws.com",
        }
    if name.startswith("Describe") or name.startswith("List"):
        return None
    return {"name": name.lower()}


class Org:
    """The organisation's state across days: addresses, instances, role IDs and issued keys."""

    def __init__(self, trail: Trail, rng: np.random.Generator, scale: float) -> None:
        self.trail, self.rng, self.scale = trail, rng, scale
        self.addr = Addresses(rng)
        self.role_ids: dict[tuple[str, str], str] = {}
        self.instances: dict[str, list[tuple[str, str]]] = {}
        self.issued: dict[
            tuple[str, str], list[tuple[float, str, str]]
        ] = {}  # (role, session) -> (t, key, ip)
        self.homes: dict[tuple[str, int], str] = {}
        self.user_ids: dict[str, str] = {}
        self.partner_ips: dict[str, list[str]] = {}
        self.dev_key = ""  # marek.novak's long-lived key (A1 leaks it)
        self.threat_ip = ""  # the address A1 validates it from

    def role_id(self, account: str, role: str) -> str:
        return self.role_ids.setdefault((account, role), self.trail.ident("AROA"))

    def user_id(self, name: str) -> str:
        return self.user_ids.setdefault(name, self.trail.ident("AIDA"))

    def fleet(self, w: o.Workload) -> list[tuple[str, str]]:
        if w.name not in self.instances:
            # below scale 0.5 (CI) fleets shrink too, since the hourly keys do not scale with calls
            count = w.count if self.scale >= 0.5 else max(1, round(w.count * self.scale * 2))
            self.instances[w.name] = [self.new_instance(w) for _ in range(count)]
        return self.instances[w.name]

    def new_instance(self, w: o.Workload, subnet: int | None = None) -> tuple[str, str]:
        iid = "i-0" + "".join("0123456789abcdef"[i] for i in self.rng.integers(0, 16, 16))
        return iid, self.addr.aws(w.region, w.subnet if subnet is None else subnet)

    def key_at(self, role: str, session: str, t: float) -> tuple[str, str]:
        """The key (and address) a session held at ``t``."""
        held = [(k, ip) for s, k, ip in self.issued[(role, session)] if s <= t]
        return held[-1]

    def mint(
        self,
        t: float,
        account: str,
        region: str,
        role: str,
        session: str,
        by: str,
        ip: str,
        *,
        ec2: bool = False,
        hours: float = 6,
    ) -> dict[str, Any]:
        """The service's ``AssumeRole`` for a workload session, and the session's identity."""
        trail, rid = self.trail, self.role_id(account, role)
        key = trail.key()
        arn = f"arn:aws:sts::{account}:assumed-role/{role}/{session}"
        trail.add(
            t,
            service(by),
            "sts:AssumeRole",
            account=account,
            region=region,
            ip=by,
            ua=by,
            params={
                "roleArn": role_arn(account, role),
                "roleSessionName": session,
                "durationSeconds": int(hours * 3600),
            },
            response=credentials(key, t + hours * 3600, arn, rid, session),
            extra={"sharedEventID": trail.uid()},
        )
        self.issued.setdefault((role, session), []).append((t, key, ip))
        return assumed(account, role, rid, session, key, t, ec2=ec2)

    def calls(
        self,
        who: dict[str, Any],
        t0: float,
        t1: float,
        n: int,
        apis: tuple[tuple[str, float], ...],
        *,
        account: str,
        region: str,
        ip: str,
        ua: str,
        errors: float = 0.003,
    ) -> None:
        if n <= 0:
            return
        names = [a for a, _ in apis]
        weights = np.array([w for _, w in apis], dtype=float)
        picks = self.rng.choice(len(names), size=n, p=weights / weights.sum())
        times = np.sort(self.rng.uniform(t0, t1, n))
        fails = self.rng.random(n) < errors
        for t, i, fail in zip(times, picks, fails, strict=True):
            api = names[i]
            svc = api.split(":")[0]
            self.trail.add(
                float(t),
                who,
                api,
                account=account,
                region=region,
                ip=ip,
                ua=ua.format(svc=svc, p=38, cmd=svc),
                params=params(api, account, region),
                data_event=api.startswith("s3:") and "Object" in api,
                error=WORKLOAD_ERRORS[int(self.rng.integers(2))] if fail else None,
            )


def diurnal(h: float) -> float:
    """Trading volume over the UTC day: Asia's and Europe's sessions, never quiet (24x7)."""
    return 0.75 + 0.35 * np.exp(-((h - 4) ** 2) / 18) + 0.3 * np.exp(-((h - 14) ** 2) / 14)


def workload_day(
    org: Org,
    w: o.Workload,
    day: dt.date,
    *,
    mult: Mult = diurnal,
    ua: Callable[[float], str] | None = None,
    fleet: list[tuple[str, str]] | None = None,
    start: float = 0.0,
) -> None:
    """One day of a fleet (hourly instance keys, each instance's own address) or a function
    (a new execution environment, address and key about every three hours)."""
    t_day = o.Clock.at(day)
    if w.kind == "ec2":
        for n, (iid, ip) in enumerate(fleet if fleet is not None else org.fleet(w)):
            offset = 60 * ((n * 17 + 7) % 50)
            for h in range(int(start), 24):
                t0 = t_day + h * 3600 + offset
                who = org.mint(
                    t0 - 40, w.account, w.region, w.name, iid, "ec2.amazonaws.com", ip, ec2=True
                )
                count = int(org.rng.poisson(w.rate * org.scale * mult(h)))
                org.calls(
                    who,
                    t0,
                    t0 + 3600,
                    count,
                    w.apis,
                    account=w.account,
                    region=w.region,
                    ip=ip,
                    ua=(ua(t0) if ua else w.ua),
                )
        return
    hour = start
    while hour < 24:
        life = float(org.rng.uniform(2.0, 4.0))
        t0 = t_day + hour * 3600 + float(org.rng.uniform(0, 600))
        ip = org.addr.aws(w.region)
        who = org.mint(
            t0 - 2, w.account, w.region, w.name, w.name, "lambda.amazonaws.com", ip, hours=12
        )
        count = int(org.rng.poisson(w.rate * org.scale * life * mult(hour + life / 2)))
        org.calls(
            who,
            t0,
            t0 + life * 3600,
            count,
            w.apis,
            account=w.account,
            region=w.region,
            ip=ip,
            ua=ua(t0) if ua else w.ua,
        )
        hour += life


def config_day(org: Org, account: str, region: str, day: dt.date) -> None:
    """AWS Config's recorder: its service-linked role, from the service's own hostname."""
    t_day = o.Clock.at(day)
    who = assumed(
        account,
        "AWSServiceRoleForConfig",
        org.role_id(account, "AWSServiceRoleForConfig"),
        "AWSConfig-Describe",
        org.trail.key(),
        t_day,
    )
    who["invokedBy"] = "config.amazonaws.com"
    apis = (
        ("ec2:DescribeInstances", 3),
        ("ec2:DescribeSecurityGroups", 2),
        ("iam:GetRole", 1),
        ("kms:DescribeKey", 1),
        ("s3:GetBucketPolicy", 1),
        ("lambda:GetFunction", 1),
    )
    for h in range(0, 24, 12):
        who = dict(who, accessKeyId=org.trail.key())
        org.calls(
            who,
            t_day + h * 3600,
            t_day + (h + 12) * 3600,
            int(org.rng.poisson(10 * org.scale + 4)),
            apis,
            account=account,
            region=region,
            ip="config.amazonaws.com",
            ua="config.amazonaws.com",
            errors=0,
        )
