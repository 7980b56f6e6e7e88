"""When the benign changes happen (their events and truth rows are in ``_benign``): the
background modules read these dates to bend an actor on its day."""

from __future__ import annotations

import datetime as dt

CHANGE_DAYS: dict[str, dt.date] = {
    "B1": dt.date(2026, 5, 8),  # nationwide OTA campaign
    "B2": dt.date(2026, 5, 7),  # a new vehicle model's thing type and policies
    "B3": dt.date(2026, 5, 9),  # annual CA rotation
    "B4": dt.date(2026, 5, 10),  # DR failover drill into Osaka
    "B5": dt.date(2026, 5, 7),  # back from Golden Week
    "B6": dt.date(2026, 5, 8),  # supplier Kariya's new egress range
    "B7": dt.date(2026, 5, 9),  # the night shift works from the Nagoya office
    "B8": dt.date(2026, 5, 11),  # WorkSpaces bundle upgrade
    "B9": dt.date(2026, 5, 7),  # Kinesis shards split, Lambda concurrency raised for a launch
    "B10": dt.date(2026, 5, 8),  # supplier Tokai onboarded by the pipeline
    "B11": dt.date(2026, 5, 8),  # the charging account is vended
}
PERSISTENT = {"B6", "B7", "B8", "B10", "B11"}  # once made, the change stays


def active(day: dt.date, *, through: bool = False) -> set[str]:
    """The changes made on ``day`` (``through``: and the lasting ones made before it)."""
    out = {c for c, d in CHANGE_DAYS.items() if d == day}
    if through:
        out |= {c for c in PERSISTENT if CHANGE_DAYS[c] <= day}
    return out
