"""The everyday trail of Fjällmark Mutual: workloads minting keys and calling their APIs, people
through Identity Center, the SOC vendor, AWS services, the CDK pipeline, nightly backups.
Counts are drawn per actor and hour (numpy Poisson); records are built per event."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

import numpy as np

from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._net import NETS, AwsAddresses, private
from benchmarks.heldout18._record import (
    Record,
    assume_role,
    ident,
    record,
    role_identity,
    user_identity,
)

HOUR = dt.timedelta(hours=1)


def split(api: str) -> tuple[str, str]:
    source, name = api.split(":")
    return source, name


class Trail:
    """Every record of the organisation, and the keys its workloads were given (incidents reuse
    them: a stolen key is a key the trail already shows)."""

    def __init__(self, seed: int, plan: org.Plan, scale: float) -> None:
        self.seed, self.plan, self.scale = seed, plan, scale
        self.aws = AwsAddresses(seed)
        self.records: list[Record] = []
        self.keys: list[dict[str, Any]] = []

    # -- deterministic randomness -------------------------------------------------------------
    def rng(self, *parts: object) -> random.Random:
        digest = hashlib.sha256(":".join(map(str, (self.seed, *parts))).encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def counts(self, expected: np.ndarray, *parts: object) -> np.ndarray:
        digest = hashlib.sha256(":".join(map(str, (self.seed, "n", *parts))).encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "big")).poisson(expected)

    def midnight(self, di: int) -> dt.datetime:
        d = self.plan.days[di]
        return dt.datetime(d.year, d.month, d.day)

    def first(self, index: int) -> int:
        """A first day given as negative means the first scored day."""
        return self.plan.scored_from if index < 0 else index

    # -- rhythms ------------------------------------------------------------------------------
    def weights(self, rhythm: str, di: int) -> np.ndarray:
        """Per UTC hour of day ``di``: the share of the busiest hour's volume."""
        hours = np.arange(24)
        weekend = self.plan.days[di].weekday() >= 5
        holiday = self.plan.holiday[0] <= di <= self.plan.holiday[1]
        if rhythm == "office":
            w = np.where((hours >= 6) & (hours < 16), 1.0, 0.12)
            w = w * (0.12 if weekend else 0.45 if holiday else 1.0)
        elif rhythm == "night":
            w = np.where(hours < 5, 1.0, 0.2) * (0.7 if weekend else 1.0)
        elif rhythm == "deploys":
            w = np.where((hours >= 7) & (hours < 15), 0.12, 0.0) * (0.0 if weekend else 1.0)
        else:
            w = np.full(24, 0.8 if weekend else 1.0)
        return w

    # -- one record ---------------------------------------------------------------------------
    def add(
        self,
        rng: random.Random,
        t: dt.datetime,
        account: str,
        api: str,
        who: dict[str, Any],
        ip: str,
        agent: str,
        region: str = "eu-north-1",
        **kw: Any,
    ) -> Record:
        source, name = split(api)
        if source == "iam":
            region = "us-east-1"
        error, deny = kw.pop("error", None), kw.pop("deny", 0.003)
        if error is None and rng.random() < deny:
            error = "AccessDenied"
        out = record(rng, t, account, region, source, name, who, ip, agent, error=error, **kw)
        self.records.append(out)
        return out

    def at(self, rng: random.Random, start: dt.datetime, hours: float) -> dt.datetime:
        return start + dt.timedelta(seconds=rng.uniform(0, hours * 3600))

    # -- workloads ----------------------------------------------------------------------------
    def instance(self, w: org.Workload, n: int, di: int) -> str:
        if w.kind == "ec2":  # instances live the whole trail
            return "i-0" + ident("i", w.name, n, n=16).lower()[:16]
        if w.kind == "ecs":  # Fargate tasks replaced every day
            return ident("task", w.name, n, di, n=32).lower()
        return w.role if w.kind in ("lambda", "service") else w.name

    def egress(
        self, w: org.Workload, ident_: str, di: int, period: int, rng: random.Random
    ) -> tuple[str, str | None]:
        """(source address, VPC endpoint id) of a workload's calls."""
        if w.kind == "service":
            return w.agent, None
        if w.egress == "private":
            return private(f"{w.name}:{ident_}"), "vpce-0" + ident("vpce", w.account, n=16).lower()
        if w.egress == "gha":
            return NETS["gha_azure"].address(rng), None
        if w.kind == "lambda":  # a new execution environment, a new address
            return self.aws.get(f"lambda:{w.name}:{ident_}:{di}:{period}", w.region), None
        if w.egress == "own" or (w.kind == "ec2" and w.egress != "nat"):
            return self.aws.get(f"inst:{ident_}", w.region), None
        return self.aws.get(
            f"nat:{w.account}:{w.region}:{sum(map(ord, ident_)) % 2}", w.region
        ), None

    def workload_day(self, w: org.Workload, di: int) -> None:
        if di < self.first(w.from_day):
            return
        weights = self.weights(w.rhythm, di) * w.rate * self.scale / w.fleet
        apis = list(w.apis)
        if w.name == "claims-intake" and di >= self.plan.textract_feature:
            apis += ["textract:AnalyzeID", "textract:GetAdapter", "textract:StartDocumentAnalysis"]
        popularity = [1.0 / (i + 1) for i in range(len(apis))]
        for n in range(w.fleet):
            name = self.instance(w, n, di)
            rng = self.rng("w", w.name, n, di)
            counts = self.counts(weights, w.name, n, di)
            if w.kind == "user":
                self.user_day(w, counts, di, rng, apis, popularity)
                continue
            for period in range(24 // w.key_hours):
                start = (
                    self.midnight(di)
                    + period * w.key_hours * HOUR
                    + dt.timedelta(minutes=rng.randint(0, 9))
                )
                key = "ASIA" + ident("key", self.seed, w.name, n, di, period)
                ip, vpce = self.egress(w, name, di, period, rng)
                role = w.role
                host = {
                    "ec2": "ec2.amazonaws.com",
                    "ecs": "ecs-tasks.amazonaws.com",
                    "lambda": "lambda.amazonaws.com",
                }.get(w.kind, w.agent)
                self.records.append(
                    assume_role(
                        rng,
                        start,
                        w.account,
                        w.region,
                        role,
                        name,
                        key,
                        by=host,
                        hours=w.key_hours + 0.5,
                    )
                )
                who = role_identity(w.account, role, name, key, start, ec2=w.kind == "ec2")
                todo = int(counts[period * w.key_hours : (period + 1) * w.key_hours].sum())
                for _ in range(todo):
                    api = rng.choices(apis, popularity)[0]
                    self.add(
                        rng,
                        self.at(rng, start, w.key_hours),
                        w.account,
                        api,
                        who,
                        ip,
                        w.agent,
                        region=w.region,
                        vpce=vpce,
                        bucket=w.bucket,
                    )
                if w.kind == "ec2":  # the SSM agent calls with the instance's key
                    for _ in range(rng.randint(1, 3) * w.key_hours):
                        api = rng.choice(
                            [
                                "ssm:UpdateInstanceInformation",
                                "ec2messages:GetMessages",
                                "ssmmessages:CreateControlChannel",
                            ]
                        )
                        self.add(
                            rng,
                            self.at(rng, start, w.key_hours),
                            w.account,
                            api,
                            who,
                            ip,
                            org.SSM_AGENT,
                            region=w.region,
                            vpce=vpce,
                        )
                self.keys.append(
                    {
                        "workload": w.name,
                        "instance": name,
                        "key": key,
                        "start": start,
                        "end": start + w.key_hours * HOUR,
                        "ip": ip,
                        "account": w.account,
                        "role": role,
                        "agent": w.agent,
                        "day": di,
                    }
                )

    def user_day(
        self,
        w: org.Workload,
        counts: np.ndarray,
        di: int,
        rng: random.Random,
        apis: list[str],
        popularity: list[float],
    ) -> None:
        """An IAM user's long-term key: GitHub runs in bursts, the mainframe bridge all day."""
        key = "AKIA" + ident("akia", self.seed, w.role)
        who = user_identity(w.account, w.role, key)
        start = self.midnight(di)
        if w.egress == "gha":
            runs = self.counts(
                np.array([1.6 if self.weights("deploys", di).sum() else 0.0]), w.name, di
            )[0]
            for _ in range(int(runs)):
                t0 = start + dt.timedelta(hours=rng.uniform(7, 15))
                ip, _ = self.egress(w, w.name, di, 0, rng)
                self.add(rng, t0, w.account, "sts:GetCallerIdentity", who, ip, w.agent)
                for _ in range(int(w.rate * self.scale * rng.uniform(0.6, 1.2)) + 1):
                    self.add(
                        rng,
                        t0 + dt.timedelta(seconds=rng.uniform(2, 240)),
                        w.account,
                        rng.choices(apis, popularity)[0],
                        who,
                        ip,
                        w.agent,
                        bucket=w.bucket,
                    )
            return
        ip, vpce = self.egress(w, w.name, di, 0, rng)
        for hour, n in enumerate(counts):
            for _ in range(int(n)):
                self.add(
                    rng,
                    self.at(rng, start + hour * HOUR, 1),
                    w.account,
                    rng.choices(apis, popularity)[0],
                    who,
                    ip,
                    w.agent,
                    vpce=vpce,
                    bucket=w.bucket,
                )
