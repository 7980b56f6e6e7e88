"""Reading a damaged lake: which partitions and parts can be trusted, and moving the rest aside.

A part whose bytes were overwritten, truncated or half-copied must not take every command down
with a traceback that names no file, nor be read silently as if nothing happened. Readers open
each part's footer before planning a scan (cheap: a few KiB per file), skip the parts that fail
and say which with a :class:`~ueba.exceptions.LakeWarning`; ``ueba lake check`` reads every
part whole and, with ``--repair``, moves the damaged ones under ``_corrupt/`` keeping their path.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from ueba.exceptions import LakeWarning

CORRUPT_DIR = "_corrupt"


@dataclass(frozen=True)
class BadPart:
    path: Path
    reason: str


@dataclass
class LakeCheck:
    """What :func:`check_lake` found (and, with ``repair``, moved)."""

    lake: Path
    parts: int = 0
    events: int = 0
    corrupt: list[BadPart] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    moved: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.corrupt and not self.stray


def partition_day(directory: Path) -> date | None:
    """The date of an ``event_date=YYYY-MM-DD`` directory, ``None`` for anything else."""
    name, _, value = directory.name.partition("=")
    if name != "event_date" or not directory.is_dir():
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_dirs(lake: Path, *, warn: bool = True) -> list[tuple[date, Path]]:
    """Every valid ``events/event_date=`` directory with its date; warns about the others."""
    out: list[tuple[date, Path]] = []
    for directory in sorted((lake / "events").glob("event_date=*")):
        day = partition_day(directory)
        if day is None:
            if warn:
                warnings.warn(
                    f"{directory}: not a partition of the lake (event_date must be YYYY-MM-DD); "
                    "skipped. Move it out of events/ if it is not yours",
                    LakeWarning,
                    stacklevel=3,
                )
            continue
        out.append((day, directory))
    return out


def footer_error(path: Path) -> str | None:
    """Why the part's Parquet footer cannot be read, or ``None`` when it can."""
    try:
        pq.read_metadata(path)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) or OSError
        return str(exc) or type(exc).__name__
    return None


def readable(paths: Iterable[Path], *, what: str = "skipped") -> tuple[list[Path], list[BadPart]]:
    """The parts whose footer reads, and the others (each reported with a LakeWarning)."""
    good: list[Path] = []
    bad: list[BadPart] = []
    for path in paths:
        reason = footer_error(path)
        if reason is None:
            good.append(path)
            continue
        bad.append(BadPart(path, reason))
        warnings.warn(
            f"{path}: corrupt part of the lake ({reason}); {what}. Run `ueba lake check "
            f"--repair --lake {path.parents[3]}` to move it aside",
            LakeWarning,
            stacklevel=3,
        )
    return good, bad


def _full_read_error(path: Path) -> tuple[str | None, int]:
    try:
        return None, pq.read_table(path).num_rows
    except (OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__, 0


def check_lake(lake: str | os.PathLike[str], *, repair: bool = False) -> LakeCheck:
    """Read every part of the lake whole; with ``repair``, move unreadable ones to ``_corrupt/``.

    A moved part keeps its path under ``_corrupt/`` (``_corrupt/events/event_date=…/…``) so it
    can be examined or restored. Its events are no longer in the lake; the source files they
    came from can be ingested into a new lake to recover them. Repairing holds the lake's
    ingest lock, so it never moves a part while an ingest commits.
    """
    root = Path(lake)
    if repair and (root / "events").is_dir():
        from ueba.io._manifest import lock  # moving parts must not race an ingest's commit

        with lock(root):
            return _check(root, repair=True)
    return _check(root, repair=False)


def _check(root: Path, *, repair: bool) -> LakeCheck:
    result = LakeCheck(lake=root)
    if not (root / "events").is_dir():
        return result
    for directory in sorted((root / "events").glob("event_date=*")):
        if partition_day(directory) is None:
            result.stray.append(str(directory))
    for _, directory in day_dirs(root, warn=False):
        for path in sorted(directory.glob("account_id=*/part-*.parquet")):
            result.parts += 1
            reason, rows = _full_read_error(path)
            if reason is None:
                result.events += rows
                continue
            result.corrupt.append(BadPart(path, reason))
            if repair:
                target = root / CORRUPT_DIR / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
                result.moved.append(target)
    return result


__all__ = [
    "CORRUPT_DIR",
    "BadPart",
    "LakeCheck",
    "check_lake",
    "day_dirs",
    "footer_error",
    "partition_day",
    "readable",
]
