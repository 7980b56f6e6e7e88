"""What every part of the generator shares for one seed: the plan, the trail, the calendar, the
traffic curve (Black Friday included), the NAT gateways and the keys handed out so far."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout14._plan import ACCOUNTS, BLACK_FRIDAY, HOME, Plan, at
from benchmarks.heldout14._records import Cred, Trail

# shoppers by hour of the day, Brasilia time: quiet before dawn, a lunch bump, an evening peak
CURVE = (
    0.35,
    0.25,
    0.2,
    0.18,
    0.2,
    0.3,
    0.5,
    0.7,
    0.9,
    1.0,
    1.1,
    1.2,
    1.2,
    1.15,
    1.1,
    1.1,
    1.15,
    1.2,
    1.3,
    1.4,
    1.45,
    1.35,
    1.0,
    0.6,
)
WORKLOAD_RATE = 0.15  # calls per unit of a spec's rate at scale 1


@dataclass
class Issued:
    """A key handed out to an actor, and where its calls came from."""

    cred: Cred
    start: dt.datetime
    end: dt.datetime
    ip: str
    actor: str


@dataclass
class Ctx:
    plan: Plan
    trail: Trail
    days: Sequence[dt.date]
    scored: Sequence[dt.date]
    scale: float
    nat: dict[str, list[str]] = field(default_factory=dict)
    issued: dict[tuple[str, str], list[Issued]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, Any] = field(default_factory=dict)  # what incidents need from the background

    def __post_init__(self) -> None:
        rng = self.plan.sub("nat")
        for name, account in ACCOUNTS.items():
            if name not in ("log-archive",):
                self.nat[account] = [self.plan.aws_ip(HOME, rng) for _ in range(3)]

    @property
    def first_scored(self) -> dt.date:
        return self.scored[0]

    def joined(self, account: str, day: dt.date) -> bool:
        """Whether ``account`` exists on ``day``: the pix account from the first scored day."""
        return account != ACCOUNTS["pix"] or day >= self.first_scored

    def surge(self, day: dt.date, hour: int) -> float:
        """Black Friday: the night before builds up, the day runs at ten times, the weekend and
        Cyber Monday at three."""
        if day == BLACK_FRIDAY:
            return 10.0
        if day == BLACK_FRIDAY - dt.timedelta(days=1):
            return 4.0 if hour >= 20 else 1.5
        if BLACK_FRIDAY < day <= BLACK_FRIDAY + dt.timedelta(days=3):
            return 3.0
        return 1.0

    def traffic(self, day: dt.date, hour: int) -> float:
        weekend = 0.9 if day.weekday() >= 5 else 1.0
        return CURVE[hour] * weekend * self.surge(day, hour)

    def calls(self, rng: random.Random, mean: float) -> int:
        """A whole number of calls whose expectation is ``mean``."""
        mean *= self.scale
        whole = int(mean)
        return whole + (1 if rng.random() < mean - whole else 0)

    def moment(
        self, rng: random.Random, day: dt.date, hour: float, width: float = 1.0
    ) -> dt.datetime:
        return at(day, hour + rng.random() * width)

    def keep(self, account: str, role: str, item: Issued) -> None:
        self.issued[(account, role)].append(item)


def weighted(rng: random.Random, apis: Sequence[tuple[str, str, float]]) -> tuple[str, str]:
    service, name, _ = rng.choices(apis, weights=[a[2] for a in apis])[0]
    return service, name


def private_ip(rng: random.Random) -> str:
    return f"10.{rng.randrange(16, 32)}.{rng.randrange(0, 255)}.{rng.randrange(4, 250)}"
