"""The twenty-first held-out suite: Koorak Minerals, an Australian mining company, written
without reading the rules (``docs/evaluation.md``, "The twenty-first held-out suite").

``generate(out, seed=1, days=24, scale=1.0)`` writes ``out/AWSLogs/<account>/CloudTrail/
<region>/YYYY/MM/DD/*.json.gz`` (five-minute delivery files), ``out/truth.csv``,
``out/threat.txt`` and ``out/geo/heldout21-{ASN,City}.mmdb``; the same seed writes the same
bytes. Nothing here imports ``ueba``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout21 import (
    _attacks,
    _attacks_late,
    _background,
    _benign,
    _org,
    _people,
    _services,
)
from benchmarks.heldout21._net import write_geo
from benchmarks.heldout21._trail import Trail
from benchmarks.heldout21._truth import Truth

THREAT = ("185.231.248.0/22", "45.155.205.0/24", "194.26.192.0/24")


@dataclass(frozen=True)
class Written:
    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    events: int
    files: int
    accounts: tuple[str, ...]


def generate(out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0) -> Written:
    """Write a seed's trail, truth, threat list and GeoIP databases into ``out``."""
    if days < _org.SCORED + 3:
        raise ValueError(f"days: at least {_org.SCORED + 3} (the scored window and some history)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cal = _org.Calendar.make(days)
    trail, truth = Trail(seed), Truth()
    egress = _background.egress_for(seed, cal)
    fleets = _background.fleets(scale)
    keys = {}
    for name, fleet in fleets.items():
        keys[name] = _background.draw_fleet(
            trail,
            seed,
            name,
            fleet,
            cal,
            egress,
            _volume(name, cal),
            ua=_jump_ua(cal) if name == "jump" else None,
            silent=(lambda d: cal.cyclone(d)) if name == "gw_a" else (lambda d: False),
        )
    _services.draw_partner(trail, seed, cal)
    _services.draw_pipelines(trail, seed, cal)
    _services.draw_config(trail, seed, cal)
    _people.draw_people(trail, seed, cal, scale)
    made = _benign.draw(trail, seed, cal, truth, scale)
    rng = _attacks.draw(trail, seed, cal, truth, keys, made["lithium"])  # type: ignore[arg-type]
    _attacks_late.draw(trail, seed, cal, truth, keys, made["lithium"], rng)  # type: ignore[arg-type]
    events, files = trail.write(out, cal.bounds)
    truth.write(out / "truth.csv")
    threat = out / "threat.txt"
    threat.write_text("\n".join(THREAT) + "\n")
    asn_db, city_db = write_geo(out / "geo")
    accounts = tuple(sorted(p.name for p in (out / "AWSLogs").iterdir()))
    return Written(
        out,
        out / "AWSLogs",
        out / "truth.csv",
        threat,
        asn_db,
        city_db,
        cal.days,
        cal.scored,
        events,
        files,
        accounts,
    )


def _volume(name: str, cal: _org.Calendar):  # type: ignore[no-untyped-def]
    if name == "erp_glue":
        return cal.close_volume
    if name == "sap":
        return lambda d: 3 if cal.patch_weekend(d) else 1
    return lambda d: 1


def _jump_ua(cal: _org.Calendar):  # type: ignore[no-untyped-def]
    def ua(day: dt.date) -> tuple[str, str]:
        if cal.jump_upgraded(day):
            return _org.UA_PS_NEW, _org.UA_SSM_WIN_NEW
        return _org.UA_PS, _org.UA_SSM_WIN

    return ua
