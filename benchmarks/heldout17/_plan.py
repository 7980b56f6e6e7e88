"""What the incidents share: a change to an actor's behaviour from a moment on, the truth
rows, a person's deliberate sequence of calls, an attack's calls with the stolen identity, and
the key an actor was really using at a moment."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout17._activity import UTC, World, address
from benchmarks.heldout17._org import Actor
from benchmarks.heldout17._trail import iso, key_id


@dataclass(frozen=True)
class Change:
    """From ``start`` to ``end`` the actor behaves as ``alter(actor)``; ``tag`` names the new
    keys it gets (new pods or instances); an empty tag keeps its keys."""

    actor: str
    start: dt.datetime
    end: dt.datetime
    alter: Callable[[Actor], Actor]
    tag: str = ""


def principal(actor: Actor) -> str:
    """The principal as ``ueba`` names it (docs/enrichment-identity.md): a role session's role,
    an Identity Center session's person, a user's ARN."""
    if actor.kind == "sso" and actor.role is not None:
        return actor.role.session_arn(actor.person)
    if actor.user is not None:
        return actor.user.arn
    assert actor.role is not None
    return actor.role.arn


def row(
    ident: str, name: str, label: str, start: dt.datetime, end: dt.datetime, **more: Any
) -> dict[str, Any]:
    out = {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": "",
        "principal_arn": "",
        "source_ip": "",
        "event_ids": "",
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expected_min_severity": "medium" if label == "attack" else "",
        "expected_max_severity": "low" if label == "benign" else "",
    }
    out.update(more)
    return out


def at(world: World, day_index: int, hour: float) -> dt.datetime:
    midnight = dt.datetime.combine(world.start + dt.timedelta(days=day_index), dt.time(), UTC)
    return midnight + dt.timedelta(hours=hour)


def steps(
    world: World,
    actor: Actor,
    t: dt.datetime,
    apis: list[tuple[str, dict[str, Any] | None]],
    *,
    region: str | None = None,
    surface: str = "console",
    gap: int = 40,
) -> list[str]:
    """A person's deliberate sequence of calls from their usual place and client, in a session
    of its own (a console sign-in, or the CLI)."""
    assert actor.role is not None
    rng = world.rng("steps", actor.name, t)
    ip = address(world, actor, (t.date() - world.start).days, 0, 0, t, rng)
    key = key_id("ASIA", world.seed, actor.name, "steps", t)
    identity = actor.role.identity(actor.person, key, t)
    agent = actor.agents[-1] if surface == "console" else actor.agents[0]
    trail = world.trail
    saml = {
        "type": "SAMLUser",
        "principalId": f"Kb3v9Qx1TzYp0mWc7NdR2s4=:{actor.person}",
        "userName": actor.person,
    }
    trail.call(
        t,
        saml,
        ip,
        agent,
        actor.region,
        "sts-global:AssumeRoleWithSAML",
        account=actor.account,
        response={"credentials": {"accessKeyId": key}},
    )
    if surface == "console":
        trail.call(
            t,
            identity,
            ip,
            agent,
            actor.region,
            "signin:ConsoleLogin",
            account=actor.account,
            response={"ConsoleLogin": "Success"},
            extra={"additionalEventData": {"MobileVersion": "No", "MFAUsed": "No"}},
        )
    ids = []
    for i, (api, request) in enumerate(apis):
        when = t + dt.timedelta(seconds=30 + i * (gap + rng.randrange(0, gap)))
        ids.append(
            trail.call(
                when,
                identity,
                ip,
                agent,
                region or actor.region,
                api,
                account=actor.account,
                params=request,
            )
        )
    return ids


Step = tuple[str, dict[str, Any] | None, str | None]  # api, request, error


class Attack:
    """One incident's calls: each step recorded with the stolen identity, its ids kept."""

    def __init__(
        self, world: World, ident: str, name: str, identity: dict[str, Any], account: str
    ) -> None:
        self.world, self.ident, self.name = world, ident, name
        self.identity, self.account = identity, account
        self.ids: list[str] = []
        self.ips: set[str] = set()
        self.first: dt.datetime | None = None
        self.last: dt.datetime | None = None

    def play(
        self,
        t: dt.datetime,
        ip: str,
        agent: str,
        region: str,
        plan: list[Step],
        *,
        gap: tuple[int, int] = (3, 25),
        rng: random.Random | None = None,
    ) -> dt.datetime:
        rng = rng or self.world.rng(self.ident, t)
        for api, request, error in plan:
            self.ids.append(
                self.world.trail.call(
                    t,
                    self.identity,
                    ip,
                    agent,
                    region,
                    api,
                    account=self.account,
                    params=request,
                    error=error,
                )
            )
            self.ips.add(ip)
            self.first = min(self.first or t, t)
            self.last = max(self.last or t, t)
            t += dt.timedelta(seconds=rng.randrange(*gap))
        return t

    def truth(self, severity: str = "high", *, key: str = "") -> list[dict[str, Any]]:
        assert self.first is not None and self.last is not None
        key = key or self.identity.get("accessKeyId", "")
        window = (self.first, self.last + dt.timedelta(seconds=1))
        evidence = (
            {"event_ids": " ".join(self.ids)},
            {"access_key_id": key, "source_ip": " ".join(sorted(self.ips))},
        )
        return [
            row(self.ident, self.name, "attack", *window, expected_min_severity=severity, **e)
            for e in evidence
        ]


def live_key(
    world: World, actor: Actor, t: dt.datetime, unit: int | None = None
) -> tuple[str, dict[str, Any], str, str]:
    """The session key the actor was really using last before ``t`` (on ``unit``'s address when
    given): (key, userIdentity, address, user agent), taken from the trail written so far."""
    role_arn = actor.role.arn if actor.role else None
    stamp = iso(t)
    best: dict[str, Any] | None = None
    for r in world.trail.records[actor.account]:
        who = r["userIdentity"]
        issuer = who.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        if issuer != role_arn or r["eventTime"] > stamp or not r["sourceIPAddress"][0].isdigit():
            continue
        if (
            unit is not None
            and r["sourceIPAddress"] != world.nat.get(actor.account, [""] * 9)[unit % 3]
        ):
            continue
        if best is None or r["eventTime"] > best["eventTime"]:
            best = r
    if best is None:
        raise ValueError(f"{actor.name} has no session before {stamp}")
    return (
        best["userIdentity"]["accessKeyId"],
        best["userIdentity"],
        best["sourceIPAddress"],
        best["userAgent"],
    )
