"""The partners and feeds around the orders: the courier's pickups, the insurer's claims
files (both through roles with external IDs) and the dispensary's EDI server."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import CLAIMS, EDI, HOME, MANIFESTS, PROD
from benchmarks.heldout38.pharmacy import COURIER_EXTERNAL_ID, INSURER_EXTERNAL_ID, World
from benchmarks.heldout38.plan import at, jitter


def courier(w: World, day: dt.date, manifests: list[tuple[dt.datetime, str]]) -> None:
    """The courier assumes its role every half hour (10:00-04:00 UTC) with its external ID,
    lists and reads the new manifests and confirms each pickup."""
    tr, rng, ip = w.tr, w.rng, w.net["courier"]
    pending = sorted(manifests)
    for half in range(0, 48):
        h = half / 2
        if 4.0 <= h < 10.0:
            continue
        t = at(day, h + rng.uniform(0.01, 0.05))
        s = tr.cross_account(
            o.COURIER,
            "dispatch-sync-worker",
            PROD,
            HOME,
            "courier-dispatch-partner",
            "dispatch-sync",
            t,
            ip,
            o.COURIER_UA,
            COURIER_EXTERNAL_ID,
        )
        assert s is not None
        tr.s3(jitter(rng, t, 1, 3), s, PROD, HOME, "ListObjects", MANIFESTS, None, ip, o.COURIER_UA)
        due = [m for m in pending if m[0] <= t]
        pending = [m for m in pending if m[0] > t]
        for k, (_, name) in enumerate(due):
            u = jitter(rng, t, 3 + k, 5 + k)
            tr.s3(
                u,
                s,
                PROD,
                HOME,
                "GetObject",
                MANIFESTS,
                name,
                ip,
                o.COURIER_UA,
                size=rng.randrange(900, 2600),
            )
            tr.call(
                jitter(rng, u, 1, 4),
                s,
                PROD,
                HOME,
                "states",
                "SendTaskSuccess",
                ip,
                o.COURIER_UA,
                params={
                    "taskToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                    "output": "HIDDEN_DUE_TO_SECURITY_REASONS",
                },
            )


def insurer(w: World, day: dt.date) -> None:
    """The insurer's adjudication batch every 15 minutes: its role with the external ID, the
    claims files listed, read and answered; it moves to ca-central-1 in slot 4 (B9)."""
    tr, rng = w.tr, w.rng
    moved = w.plan.since(4, day)
    pool = w.net["insurer_new"] if moved else w.net["insurer"]
    agent = o.INSURER_UA_NEW if moved else o.INSURER_UA
    for q in range(96):
        t = at(day, q / 4 + rng.uniform(0.0, 0.03))
        ip = pool[q % len(pool)]
        name = f"claims-adjudication-{int(t.timestamp() * 1000)}"
        s = tr.cross_account(
            o.INSURER,
            "claims-batch",
            PROD,
            HOME if moved else "us-east-1",
            "insurer-claims-exchange",
            name,
            t,
            ip,
            agent,
            INSURER_EXTERNAL_ID,
        )
        assert s is not None
        tr.s3(jitter(rng, t, 1, 2), s, PROD, HOME, "ListObjects", CLAIMS, None, ip, agent)
        for _ in range(rng.choice((0, 0, 1, 1, 2)) if t.hour >= 12 or t.hour < 3 else 0):
            tr.s3(
                jitter(rng, t, 2, 9),
                s,
                PROD,
                HOME,
                "GetObject",
                CLAIMS,
                f"outbound/{day:%Y%m%d}/claim-{rng.getrandbits(40):010x}.x12",
                ip,
                agent,
                size=rng.randrange(3000, 40000),
            )
            tr.s3(
                jitter(rng, t, 10, 20),
                s,
                PROD,
                HOME,
                "PutObject",
                CLAIMS,
                f"inbound/{day:%Y%m%d}/adj-{rng.getrandbits(40):010x}.x12",
                ip,
                agent,
                size=rng.randrange(1500, 9000),
            )


def edi(w: World, day: dt.date) -> None:
    """The dispensary's on-prem EDI server (IAM user key): the wholesaler's files every half
    hour in business hours; the key rotated in slot 3 (B10)."""
    tr, rng, ip = w.tr, w.rng, w.net["edi"]
    for half in range(22, 47):
        t = at(day, half / 2 + rng.uniform(0, 0.05))
        rotated = w.plan.since(3, day) and (w.plan.slot(3) != day or t.hour >= 17)
        s = tr.user(
            PROD, "edi-gateway", tr.org.uid("edi-key-2" if rotated else "edi-key-1", "AKIA")
        )
        tr.s3(t, s, PROD, HOME, "ListObjects", EDI, None, ip, o.EDI_UA.replace("s3.cp", "s3.ls"))
        for _ in range(rng.choice((0, 1, 1, 2))):
            tr.s3(
                jitter(rng, t, 2, 20),
                s,
                PROD,
                HOME,
                "GetObject",
                EDI,
                f"wholesaler/{day:%Y%m%d}/{rng.getrandbits(32):08x}.edi",
                ip,
                o.EDI_UA,
                size=rng.randrange(2000, 60000),
            )
