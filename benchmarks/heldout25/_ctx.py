"""The state one seed's generation shares: the trail, the random source, the calendar (history
and scored days, and which scored day each incident falls on), the accounts, and the keys each
workload held when (so that an incident steals the key that was really live)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout25._records import Trail

FIELD, APP, DATA, SEC, COOP = (
    "318740265511",  # ipe-field: IoT Core, the field gateways and tractors
    "318740265522",  # ipe-grower-app: Cognito identity pool, the app's API, the assistant
    "318740265533",  # ipe-datalake: S3, Glue, Athena, the ingest workers
    "318740265544",  # ipe-shared: CodeBuild deployments, security tooling
    "318740265555",  # ipe-coop-exchange: joins on the second scored day
)
ACCOUNTS = (FIELD, APP, DATA, SEC, COOP)
VENDOR = "602318447190"  # OrbitaSat, the satellite-imagery vendor
END = dt.date(2026, 3, 6)  # a Friday in the soy harvest


@dataclass
class Ctx:
    trail: Trail
    rng: random.Random
    days: list[dt.date]
    scored: list[dt.date]
    scale: float
    # workload name -> [(valid from, valid to, access key, userIdentity)]
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str, dict[str, Any]]]] = field(
        default_factory=dict
    )

    def slot(self, index: int) -> dt.date:
        """The scored day of an incident placed on the ``index``-th (0-4) of five scored days;
        with fewer scored days (CI scale) the incidents share them in the same order."""
        n = len(self.scored)
        return self.scored[min(index * n // 5, n - 1)]

    @property
    def joined(self) -> dt.date:
        """The day the cooperative account joins."""
        return self.slot(1)

    def peak(self, day: dt.date) -> bool:
        """The harvest peak: the scored days (B1)."""
        return day >= self.scored[0]

    def live_key(self, workload: str, when: dt.datetime) -> tuple[str, dict[str, Any]]:
        """The key a workload held at ``when`` (the latest minted before it)."""
        held = [k for k in self.keys[workload] if k[0] <= when < k[1]]
        if not held:
            raise LookupError(f"{workload} held no key at {when}")
        _, _, key, identity = max(held, key=lambda k: k[0])
        return key, identity

    def remember(
        self, workload: str, start: dt.datetime, hours: float, key: str, ident: dict[str, Any]
    ) -> None:
        end = start + dt.timedelta(hours=hours)
        self.keys.setdefault(workload, []).append((start, end, key, ident))


def at(day: dt.date, hour: float) -> dt.datetime:
    """``day`` at ``hour`` UTC (fractions are minutes and seconds; past 24 is the next day)."""
    base = dt.datetime(day.year, day.month, day.day)
    return base + dt.timedelta(seconds=round(hour * 3600))


def jitter(rng: random.Random, when: dt.datetime, seconds: float) -> dt.datetime:
    return when + dt.timedelta(seconds=rng.uniform(0, seconds))
