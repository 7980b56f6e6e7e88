"""One attacker at work (``Run``), the truth rows of attacks, and attackers' clients."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout6._net import NETS
from benchmarks.heldout6._org import Org
from benchmarks.heldout6._records import Who, stamp
from benchmarks.heldout6._s3 import data_event

Truth = list[dict[str, Any]]
Step = tuple[str, str, dict[str, Any] | None, str | None]  # service, name, parameters, error

TRUFFLE = "aws-cli/2.15.58 Python/3.11.8 Linux/6.1.0-18-cloud-amd64 exe/x86_64.debian.12 prompt/off command/{cmd}"
KALI_BOTO = (
    "Boto3/1.28.64 md/Botocore#1.31.64 ua/2.0 os/linux#6.5.0-kali3-amd64 md/arch#x86_64 lang/python#3.11.8 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.64"
)
WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"
OUTSIDE_BOTO = (
    "Boto3/1.34.1 md/Botocore#1.34.1 ua/2.0 os/linux#6.1.0-13-amd64 md/arch#x86_64 lang/python#3.11.2 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.1"
)


def row(
    id_: str, name: str, start: dt.datetime, end: dt.datetime, severity: str, **kw: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "name": name,
        "label": "attack",
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": severity,
        "expected_max_severity": "",
        **kw,
    }


class Run:
    """One attacker at work: a key, a few addresses, a client; records every step."""

    def __init__(
        self, org: Org, who: Who, net: str, agent: str, t: dt.datetime, region: str = "us-east-1"
    ) -> None:
        self.org, self.who, self.agent, self.t, self.region = org, who, agent, t, region
        pool = random.Random(f"{org.seed}:{net}:{who.key}")
        self.ips = [NETS[net].address(pool) for _ in range(2)]
        self.start = t
        self.ids: list[str] = []

    def step(
        self,
        service: str,
        name: str,
        params: dict[str, Any] | None = None,
        error: str | None = None,
        *,
        gap: float = 20.0,
        region: str | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        self.t += dt.timedelta(seconds=self.org.rng.uniform(gap / 3, gap))
        rec = self.org.emit(
            self.t,
            self.who,
            service,
            name,
            region or self.region,
            self.ips[0],
            self.agent,
            params=params,
            error=error,
            **kw,
        )
        self.ids.append(rec["eventID"])
        return rec

    def steps(self, steps: list[Step], gap: float = 20.0) -> None:
        for service, name, params, error in steps:
            self.step(service, name, params, error, gap=gap)

    def get(self, bucket: str, count: int, gap: float) -> None:
        for _ in range(count):
            self.t += dt.timedelta(seconds=self.org.rng.expovariate(1 / gap))
            self.ids.append(
                data_event(
                    self.org, self.t, self.who, "GetObject", bucket, self.ips[0], self.agent
                )["eventID"]
            )

    def truth(self, id_: str, name: str, severity: str, **kw: Any) -> dict[str, Any]:
        return row(
            id_,
            name,
            self.start,
            self.t + dt.timedelta(minutes=1),
            severity,
            access_key_id=self.who.key,
            source_ip=" ".join(self.ips),
            **kw,
        )
