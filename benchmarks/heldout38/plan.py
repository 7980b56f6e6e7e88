"""The calendar of a seed: its days, the scored ones, and the five slots the scored incidents
are placed in (folded onto fewer scored days at CI scale)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

LAST_DAY = dt.date(2026, 12, 4)  # a Friday: re:Invent week, flu season building
SLOTS = 5


@dataclass(frozen=True)
class Plan:
    days: list[dt.date]
    scored: list[dt.date]

    @classmethod
    def make(cls, days: int, scored_days: int) -> Plan:
        if not 1 <= scored_days < days:
            raise ValueError("need at least one unscored day before the scored ones")
        every = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
        return cls(every, every[-scored_days:])

    def slot(self, i: int) -> dt.date:
        """The scored day incidents of slot ``i`` (0-4) happen on."""
        return self.scored[i % len(self.scored)]

    def since(self, i: int, day: dt.date) -> bool:
        """Whether a change that starts in slot ``i`` is in force on ``day``."""
        return day >= self.slot(i)

    def flu(self, day: dt.date) -> float:
        """B1: order volume over the scored days, tripling by the last."""
        if day not in self.scored:
            return 1.0
        k = self.scored.index(day) + 1
        return 1.0 + 2.0 * k / len(self.scored)


def at(day: dt.date, hours: float) -> dt.datetime:
    """``hours`` after midnight UTC of ``day`` (past 24: the next day)."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return base + dt.timedelta(seconds=round(hours * 3600))


def jitter(rng: random.Random, t: dt.datetime, low: float, high: float) -> dt.datetime:
    """``t`` plus between ``low`` and ``high`` seconds."""
    return t + dt.timedelta(seconds=rng.uniform(low, high))


def workday(day: dt.date) -> bool:
    return day.weekday() < 5
