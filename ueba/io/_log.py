"""The lake's commit log: which files exist, as an append-only list of small JSON entries.

``_log/00000000000000000007.json`` is commit 7. An entry names the files it adds (parts under
``events/``, a run's ``_manifest/`` and ``_quarantine/`` files) and the ones it removes (a repair).
The lake is what the entries, replayed in order, say it is: a file no entry names is invisible,
so a writer that dies after uploading parts but before its entry leaves nothing a reader sees.

A writer appends entry ``n + 1`` with a create-if-absent (:meth:`LakeFS.create`). When two writers
race for the same number, exactly one wins; the other reads the winner's entry, drops the events
the winner stored, and tries ``n + 2``. The same idea as Delta Lake's log, kept to what ``ueba``
needs. Parts are never rewritten once named by an entry.

A lake written before the log existed (parts but no ``_log``) reads as all its files; the first
commit to it adopts them in entry 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ueba.exceptions import LakeError
from ueba.io._fs import LakeFS

LOG_DIR = "_log"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    seq: int
    run_id: str
    operation: str  # init, ingest, repair
    add: tuple[str, ...]
    remove: tuple[str, ...] = ()


@dataclass
class LakeState:
    """The files a lake holds after replaying its log up to ``seq`` (-1: no log yet)."""

    seq: int = -1
    files: dict[str, int] = field(default_factory=dict)  # path -> seq of the entry that added it
    legacy: bool = False

    def _under(self, prefix: str, name: str) -> list[str]:
        return sorted(
            p for p in self.files if p.startswith(prefix) and p.rsplit("/", 1)[-1].startswith(name)
        )

    @property
    def parts(self) -> list[str]:
        return [p for p in self._under("events/", "part-") if p.endswith(".parquet")]

    @property
    def manifests(self) -> list[str]:
        return self._under("_manifest/", "manifest-")

    @property
    def quarantine(self) -> list[str]:
        return self._under("_quarantine/", "")

    def apply(self, entry: Entry) -> None:
        for path in entry.remove:
            self.files.pop(path, None)
        for path in entry.add:
            self.files[path] = entry.seq
        self.seq = entry.seq


def entry_name(seq: int) -> str:
    return f"{LOG_DIR}/{seq:020d}.json"


def _parse(fs: LakeFS, name: str) -> Entry:
    try:
        doc = json.loads(fs.read_bytes(name))
        return Entry(
            seq=int(doc["seq"]),
            run_id=str(doc["run_id"]),
            operation=str(doc["operation"]),
            add=tuple(doc["add"]),
            remove=tuple(doc.get("remove", ())),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise LakeError(
            f"commit {name} of the lake's log cannot be read ({exc})",
            path=fs.display(name),
            fix="restore it from a backup or versioned bucket; the log must not be edited",
        ) from exc


def _log_seqs(fs: LakeFS) -> list[int]:
    seqs = []
    for name in fs.listdir(LOG_DIR):
        stem = name.rsplit("/", 1)[-1]
        if stem.endswith(".json") and stem[:-5].isdigit():
            seqs.append(int(stem[:-5]))
    return sorted(seqs)


def entries_after(fs: LakeFS, seq: int) -> list[Entry]:
    """The committed entries after ``seq``, in order (a gap ends the list: never committed)."""
    out: list[Entry] = []
    expected = seq + 1
    for number in _log_seqs(fs):
        if number < expected:
            continue
        if number != expected:
            break
        out.append(_parse(fs, entry_name(number)))
        expected += 1
    return out


def _legacy_files(fs: LakeFS) -> list[str]:
    parts = [
        p
        for p in fs.listdir("events", recursive=True)
        if p.rsplit("/", 1)[-1].startswith("part-") and p.endswith(".parquet")
    ]
    return [
        *parts,
        *(p for p in fs.listdir("_manifest") if p.rsplit("/", 1)[-1].startswith("manifest-")),
        *(p for p in fs.listdir("_quarantine") if p.endswith(".parquet")),
    ]


def read_state(fs: LakeFS) -> LakeState:
    """The lake's files: its log replayed, or (no log yet) every file in its directories."""
    state = LakeState()
    entries = entries_after(fs, -1)
    if not entries:
        legacy = _legacy_files(fs)
        state.files = dict.fromkeys(legacy, -1)
        state.legacy = bool(legacy)
        return state
    for entry in entries:
        state.apply(entry)
    return state


def refresh(fs: LakeFS, state: LakeState) -> list[Entry]:
    """Bring ``state`` up to date; return the entries it had not seen."""
    new = entries_after(fs, state.seq)
    if new and state.legacy:
        state.files.clear()  # entry 0 adopted the legacy files: replay from the start
        state.seq, state.legacy = -1, False
        new = entries_after(fs, -1)
    for entry in new:
        state.apply(entry)
    return new


def append(
    fs: LakeFS,
    seq: int,
    run_id: str,
    operation: str,
    add: list[str],
    remove: list[str] | None = None,
) -> bool:
    """Commit entry ``seq``; ``False`` when another writer committed that number first."""
    doc = {
        "format": FORMAT,
        "seq": seq,
        "run_id": run_id,
        "operation": operation,
        "committed_at": datetime.now(UTC).isoformat(),
        "add": sorted(add),
        "remove": sorted(remove or []),
    }
    return fs.create(entry_name(seq), json.dumps(doc, indent=1).encode())


def ensure_log(fs: LakeFS, state: LakeState, run_id: str) -> None:
    """Start the log (entry 0) before a writer uploads anything, adopting a legacy lake's files.

    Without entry 0 a reader would list directories, and see a crashed writer's parts."""
    if state.seq >= 0:
        return
    append(fs, 0, run_id, "init", sorted(state.files))
    refresh(fs, state)


__all__ = [
    "LOG_DIR",
    "Entry",
    "LakeState",
    "append",
    "ensure_log",
    "entries_after",
    "entry_name",
    "read_state",
    "refresh",
]
