"""Which day each scored incident falls on: five slots over the scored days, folded onto fewer
scored days when the trail is short (CI scale), and the state the benign changes leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

END = dt.date(2026, 12, 6)  # a Sunday: the terminal works every day
SLOTS = 5


@dataclass(frozen=True)
class Plan:
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    scale: float

    @classmethod
    def make(cls, days: int, scored_days: int, scale: float) -> Plan:
        if days < 2 or not 1 <= scored_days < days:
            raise ValueError("need at least one history day before the scored days")
        all_days = tuple(END - dt.timedelta(days=days - 1 - i) for i in range(days))
        return cls(all_days, all_days[-scored_days:], scale)

    def slot(self, n: int) -> dt.date:
        """The scored day of slot ``n`` (0-4)."""
        k = len(self.scored)
        return self.scored[min(k - 1, n * k // SLOTS)]

    def since(self, n: int, day: dt.date) -> bool:
        return day >= self.slot(n)

    def count(self, base: float, floor: int = 1) -> int:
        return max(floor, round(base * self.scale))


def at(day: dt.date, hour: float, minute: float = 0, second: float = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        hours=hour, minutes=minute, seconds=second
    )


# the slots of the benign changes that change the background from their day on
MEGA_VESSEL = 0  # B1: one day at five times the volume
NEW_LINE = 1  # B2: a new shipping line's SFTP user
NODE_GROUP = 2  # B3: the EKS node group replaced by the 1.31 upgrade
TOKYO_JOINS = 2  # B7: the Shinonome terminal's account
BROKER_V2 = 2  # B6: the customs system's new API version
VENDOR_DE = 3  # B4: the crane maker's support from Germany
WORKSPACES_NAT = 3  # B9: the WorkSpaces directory's new NAT gateway
DR_TEST = 4  # B5: the failover test to Sydney
GREENGRASS_UP = 4  # B10: nucleus upgrade on every crane gateway
KEY_ROTATION = 1  # B11: the customs bridge's key rotated
ON_CALL_BALI = 0  # B8: an engineer on call from Bali
