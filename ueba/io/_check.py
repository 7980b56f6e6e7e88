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
from ueba.io._fs import LakeFS, open_lake

CORRUPT_DIR = "_corrupt"


@dataclass(frozen=True)
class BadPart:
    path: Path | str  # a local path, or the URI of a part on an object store
    reason: str


@dataclass
class LakeCheck:
    """What :func:`check_lake` found (and, with ``repair``, moved)."""

    lake: Path | str
    parts: int = 0
    events: int = 0
    corrupt: list[BadPart] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    moved: list[Path | str] = field(default_factory=list)

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


def stray_dirs(fs: LakeFS, *, warn: bool = True) -> list[str]:
    """Directories under ``events/`` that are not ``event_date=YYYY-MM-DD`` (warned about)."""
    from pyarrow import fs as pafs

    selector = pafs.FileSelector(fs.full("events"), allow_not_found=True)
    out = []
    for info in fs.filesystem.get_file_info(selector):
        name, _, value = info.base_name.partition("=")
        try:
            ok = name == "event_date" and bool(date.fromisoformat(value))
        except ValueError:
            ok = False
        if info.type == pafs.FileType.Directory and not ok:
            out.append(fs.display(f"events/{info.base_name}"))
    if warn:
        for directory in out:
            warnings.warn(
                f"{directory}: not a partition of the lake (event_date must be YYYY-MM-DD); "
                "skipped. Move it out of events/ if it is not yours",
                LakeWarning,
                stacklevel=3,
            )
    return out


def part_key(rel: str) -> tuple[date, str] | None:
    """(day, account directory) of ``events/event_date=…/account_id=…/part-….parquet``."""
    bits = rel.split("/")
    if (
        len(bits) != 4
        or not bits[1].startswith("event_date=")
        or not bits[2].startswith("account_id=")
    ):
        return None
    try:
        return date.fromisoformat(bits[1][len("event_date=") :]), bits[2][len("account_id=") :]
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


def readable_parts(
    fs: LakeFS, rels: Iterable[str], *, what: str = "skipped"
) -> tuple[list[str], list[BadPart]]:
    """:func:`readable` for parts of any lake, named relative to its root."""
    if fs.local:
        good, bad = readable((fs.local_path(rel) for rel in rels), what=what)
        return [str(path.relative_to(fs.local_path())) for path in good], bad
    ok: list[str] = []
    broken: list[BadPart] = []
    for rel in rels:
        try:
            fs.read_metadata(rel)
        except (OSError, ValueError) as exc:
            reason = str(exc) or type(exc).__name__
            broken.append(BadPart(fs.display(rel), reason))
            warnings.warn(
                f"{fs.display(rel)}: corrupt part of the lake ({reason}); {what}. Run `ueba "
                f"lake check --repair --lake {fs.uri}` to move it aside",
                LakeWarning,
                stacklevel=3,
            )
            continue
        ok.append(rel)
    return ok, broken


def _full_read_error(fs: LakeFS, rel: str) -> tuple[str | None, int]:
    try:
        return None, fs.read_table(rel).num_rows
    except (OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__, 0


def check_lake(lake: str | os.PathLike[str] | LakeFS, *, repair: bool = False) -> LakeCheck:
    """Read every part of the lake whole; with ``repair``, move unreadable ones to ``_corrupt/``.

    A moved part keeps its path under ``_corrupt/`` (``_corrupt/events/event_date=…/…``) so it
    can be examined or restored. Its events are no longer in the lake; the source files they
    came from can be ingested into a new lake to recover them. Repair first commits an entry
    removing the parts from the lake's log, so it never races an ingest: readers stop seeing
    the parts at that entry, and only then are they moved.
    """
    from ueba.io import _log

    fs = open_lake(lake)
    result = LakeCheck(lake=fs.local_path() if fs.local else fs.uri)
    if not fs.is_dir("events"):
        return result
    result.stray = stray_dirs(fs, warn=False)
    state = _log.read_state(fs)
    bad: list[str] = []
    for rel in state.parts:
        if part_key(rel) is None:
            continue
        result.parts += 1
        reason, rows = _full_read_error(fs, rel)
        if reason is None:
            result.events += rows
            continue
        bad.append(rel)
        result.corrupt.append(BadPart(fs.local_path(rel) if fs.local else fs.display(rel), reason))
    if repair and bad:
        run_id = f"repair-{os.getpid()}-{id(result):x}"
        _log.ensure_log(fs, state, run_id)
        while not _log.append(fs, state.seq + 1, run_id, "repair", [], bad):
            _log.refresh(fs, state)
        for rel in bad:
            target = f"{CORRUPT_DIR}/{rel}"
            if fs.local:
                fs.local_path(target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(fs.local_path(rel), fs.local_path(target))
                result.moved.append(fs.local_path(target))
            else:
                fs.filesystem.move(fs.full(rel), fs.full(target))
                result.moved.append(fs.display(target))
    return result


__all__ = [
    "CORRUPT_DIR",
    "BadPart",
    "LakeCheck",
    "check_lake",
    "day_dirs",
    "footer_error",
    "part_key",
    "partition_day",
    "readable",
    "readable_parts",
    "stray_dirs",
]
