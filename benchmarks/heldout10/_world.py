"""The state a generated organisation carries from day to day: identities that persist (role
and user principal IDs, long-lived keys, instance ids), and the hooks benign changes set on the
background (a volume multiplier, an SDK upgrade, a crew member's trip, a key rotation)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._records import Session, iam_user, key_id, principal_id, role_session


@dataclass
class World:
    seed: int
    start: dt.date
    days: int
    scale: float
    # (actor, first datetime, last datetime, factor): volume changes (a live-event evening)
    surges: list[tuple[str, dt.datetime, dt.datetime, float]] = field(default_factory=list)
    sdk_upgrade_at: dt.datetime | None = None
    # person -> {day: network names}: where a person works from on given days (a trip)
    trips: dict[str, dict[dt.date, tuple[str, ...]]] = field(default_factory=dict)
    # IAM user -> [(from, key)]: the key in use from a time on (a rotation)
    key_history: dict[str, list[tuple[dt.datetime, str]]] = field(default_factory=dict)
    vendor_engineers: list[tuple[dt.date, str]] = field(default_factory=list)
    channels_from: list[tuple[dt.datetime, str]] = field(default_factory=list)
    # sessions minted for workloads, kept so an attack can reuse one: actor -> [(session, from, ip)]
    minted: dict[str, list[tuple[Session, dt.datetime, str]]] = field(default_factory=dict)

    @property
    def scored_from(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 5)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    def day(self, offset: int) -> dt.date:
        """The ``offset``-th scored day (0 = the first)."""
        return self.scored_from + dt.timedelta(days=offset)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def pid(self, name: str, prefix: str = "AROA") -> str:
        """A principal ID that stays the same for a name across days (and differs per seed)."""
        digest = hashlib.sha256(f"{self.seed}:{prefix}:{name}".encode()).digest()
        return principal_id(random.Random(digest), prefix)

    def long_key(self, user: str, t: dt.datetime) -> str:
        """The access key ``user`` signs with at ``t``."""
        history = self.key_history.setdefault(
            user, [(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), key_id(self.rng("key", user), "AKIA"))]
        )
        current = history[0][1]
        for since, key in history:
            if t >= since:
                current = key
        return current

    def user(self, account: str, name: str, t: dt.datetime) -> Session:
        return iam_user(account, name, self.long_key(name, t), self.pid(name, "AIDA"))

    def factor(self, actor: str, t: dt.datetime) -> float:
        out = 1.0
        for who, first, last, k in self.surges:
            if who == actor and first <= t <= last:
                out *= k
        return out

    def count(self, rng: random.Random, mean: float) -> int:
        """A Poisson-ish count with mean ``mean * scale`` (at least 0)."""
        lam = max(mean * self.scale, 0.0)
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1

    def remember(self, actor: str, who: Session, since: dt.datetime, ip: str) -> None:
        self.minted.setdefault(actor, []).append((who, since, ip))

    def session_at(self, actor: str, t: dt.datetime) -> tuple[Session, str]:
        """The latest session minted for ``actor`` before ``t`` and the address it calls from."""
        best = None
        for who, since, ip in self.minted.get(actor, []):
            if since <= t and (best is None or since >= best[1]):
                best = (who, since, ip)
        if best is None:
            raise LookupError(f"no session of {actor} before {t}")
        return best[0], best[2]

    def channels(self, t: dt.datetime) -> list[str]:
        return list(org.CHANNELS) + [name for since, name in self.channels_from if since <= t]


def diurnal(hour: float, *, low: float = 0.35) -> float:
    """Viewing-driven load: quiet at 03:00 UTC, peaking in the European evening."""
    return low + (1 - low) * (0.5 - 0.5 * math.cos((hour - 4) / 24 * 2 * math.pi)) ** 1.5


def sso_session(
    w: World, account: str, person: org.Person, key: str, created: dt.datetime, console: bool
) -> Session:
    role = f"AWSReservedSSO_{person.team}_{org.SSO_SUFFIX[person.team]}"
    return role_session(
        account,
        role,
        person.email,
        key,
        w.pid(f"{account}:{role}"),
        created,
        console=console,
        path="/aws-reserved/sso.amazonaws.com/eu-central-1/",
    )


def sso_arn(account: str, person: org.Person) -> str:
    role = f"AWSReservedSSO_{person.team}_{org.SSO_SUFFIX[person.team]}"
    return f"arn:aws:sts::{account}:assumed-role/{role}/{person.email}"


def saml_identity(account: str, person: org.Person) -> dict[str, Any]:
    return {
        "type": "SAMLUser",
        "principalId": f"Mq0pXl7Hr2VwTz4sYcK9bQ1eNd8=:{person.email}",
        "userName": person.email,
        "identityProvider": org.SSO_IDP.format(acct=account),
    }
