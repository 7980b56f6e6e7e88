"""A run of calls with one identity from one address and agent, a few seconds apart: how an
attack's steps are written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._org import Ctx
from benchmarks.heldout22._people import _session

Call = tuple[str, str, dict[str, Any]]


def run(
    ctx: Ctx,
    ident: dict[str, Any],
    when: dt.datetime,
    ip: str,
    agent: str,
    account: str,
    calls: list[Call],
    *,
    gap: tuple[int, int] = (2, 30),
    console: bool = False,
    region: str = w.HOME,
) -> tuple[list[str], dt.datetime]:
    ids = []
    for service, api, req in calls:
        when += dt.timedelta(seconds=ctx.rng.randrange(*gap))
        data = api in ("GetItem", "Query", "Scan", "GetObject", "RestoreObject")
        ids.append(
            ctx.trail.add(
                ident,
                when,
                service,
                api,
                region,
                ip,
                agent,
                account=account,
                request=req,
                console=console,
                data=data,
            )
        )
    return ids, when


def stolen_sso(
    ctx: Ctx,
    who: w.Person,
    account: str,
    net: str,
    when: dt.datetime,
    agent: str,
    calls: list[Call],
    *,
    gap: tuple[int, int] = (2, 30),
) -> tuple[dict[str, Any], str, list[str]]:
    """A person's Identity Center token cache, stolen, used from an address on ``net``: the
    session's identity, the address, and the event ids (``GetRoleCredentials``, then ``calls``)."""
    ip = ctx.ip(net)
    ident = _session(ctx, who, account, when, ip, console=False, agent=agent)
    minted = ctx.last_mint
    ids, _ = run(ctx, ident, when, ip, agent, account, calls, gap=gap)
    return ident, ip, [minted, *ids]
