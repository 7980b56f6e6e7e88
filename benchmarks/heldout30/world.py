"""The seed's world: the trail being written, the days, the five slots the scored incidents
sit in (folded onto fewer scored days at CI scale), the staff, and the dates the benign
changes take effect from."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout30.cloudtrail import Trail
from benchmarks.heldout30.org import FIRST, LAST, NETS, TEAMS, Person

SLOTS = 5

EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def cli_agent(
    command: str, *, os_name: str = "windows#10", arch: str = "amd64", version: str = "2.22.4"
) -> str:
    installer = "exe" if os_name.startswith("windows") else "source"
    return (
        f"aws-cli/{version} md/awscrt#0.22.0 ua/2.0 os/{os_name} md/arch#{arch} lang/python#3.12.6 "
        f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#{installer} md/prompt#off md/command#{command}"
    )


@dataclass
class World:
    trail: Trail
    rng: random.Random
    scale: float
    days: list[dt.date]
    scored: list[dt.date]
    people: list[Person] = field(default_factory=list)
    home_ip: dict[str, str] = field(default_factory=dict)
    laptop_os: dict[str, str] = field(default_factory=dict)
    truth: list[dict[str, Any]] = field(default_factory=list)

    def slot(self, i: int) -> dt.date:
        """The scored day incident slot ``i`` (0-4) falls on."""
        return self.scored[i * len(self.scored) // SLOTS]

    def at(self, day: dt.date, hour: float, jitter_min: float = 0.0) -> dt.datetime:
        """UTC time ``hour`` on ``day``, moved by up to ``jitter_min`` minutes either way."""
        seconds = hour * 3600 + self.rng.uniform(-jitter_min, jitter_min) * 60
        seconds = min(max(seconds, 0), 86399)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(seconds))

    def count(self, n: float) -> int:
        """``n`` scaled, at least 1."""
        return max(1, round(n * self.scale))

    def after(self, slot: int, day: dt.date) -> bool:
        """Whether ``day`` is on or after incident slot ``slot``'s day."""
        return day >= self.slot(slot)

    def laptop_ip(self, person: Person, day: dt.date) -> str:
        """Where a person's laptop reaches AWS from: home or the town hall until B1 (slot 0),
        then Zscaler Amsterdam (Entra conditional access requires the ZIA tunnel)."""
        if self.after(0, day):
            return self.rng.choice(NETS["zscaler"].addresses)
        if day.weekday() in (1, 3):  # office days
            return self.rng.choice(NETS["townhall"].addresses)
        return self.home_ip[person.user]

    def workspaces_ip(self, day: dt.date) -> str:
        """The WorkSpaces' egress: the NAT gateways until B9 (slot 3) replaced one."""
        if self.after(3, day):
            return self.rng.choice(("3.66.5.5", "3.76.40.11"))
        return self.rng.choice(NETS["workspaces"].addresses)

    def add_truth(self, row: dict[str, Any]) -> None:
        self.truth.append(row)


def staff(world: World) -> None:
    """The people of each team, their home lines and laptops, drawn once for the seed."""
    rng = world.rng
    used: set[str] = set()
    homes = [a for n in ("home-ziggo", "home-kpn", "home-odido") for a in NETS[n].addresses]
    rng.shuffle(homes)
    for team, (pset, accounts, n, cli, ws) in TEAMS.items():
        # the cloud and security teams are the same at every scale; the others grow with it
        size = (
            n
            if team in ("cloud", "security")
            else world.count(n)
            if team == "agents"
            else max(2, round(n * world.scale))
        )
        for _ in range(size):
            while True:
                name = f"{rng.choice(FIRST)}.{rng.choice(LAST)}"
                if name not in used:
                    break
            used.add(name)
            upn = f"{name}@dommelvaart.nl"
            world.people.append(Person(upn, team, pset, accounts, "", cli, ws))
            world.home_ip[upn] = homes.pop()
            world.laptop_os[upn] = rng.choice(("windows#10", "windows#10", "macos#24.1.0"))
