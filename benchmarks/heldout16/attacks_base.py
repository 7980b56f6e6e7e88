"""What every attack does alike: play its calls one after another, an attacker's address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout16.background import World
from benchmarks.heldout16.plan import Ids
from benchmarks.heldout16.trail import Caller

Step = tuple[str, str, dict[str, Any] | None] | tuple[str, str, dict[str, Any] | None, str]


def play(
    world: World,
    me: Caller,
    start: dt.datetime,
    steps: Sequence[Step],
    *,
    gap: tuple[int, int] = (8, 90),
    region: str | None = None,
) -> tuple[list[str], dt.datetime]:
    """The attacker's calls one after another (a step's fourth item is its error code)."""
    rng, t, last, events = world.rng(f"attack:{me.ip}", start.date()), start, start, []
    for step in steps:
        error = step[3] if len(step) > 3 else None  # type: ignore[misc]
        events.append(
            world.trail.call(me, t, step[0], step[1], params=step[2], error=error, region=region)
        )
        last, t = t, t + dt.timedelta(seconds=rng.randint(*gap))
    return events, last


def attacker_ip(world: World, network: str) -> str:
    return Ids(world.seed, f"attacker:{network}").address(network)
