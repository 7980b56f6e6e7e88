"""The first helper lists the sources, while the calling process imports its modules.

Before, a run with ``workers`` given started its helpers, listed the sources, imported polars,
Arrow and the lake's modules, made its plan and only then sent the helpers their job. A helper
was ready about 0.45 CPU s into the run and then waited for all of that (on 41,160
five-minute files: the listing 0.27 CPU s, the imports 0.33, the plan 0.08), with one core
idle. Now the first helper lists the local sources before its own imports and sends the
listing to the calling process as three columns, while the calling process imports its
modules. The listing is made once, by the helper; the calling process plans on the copy it
is sent (as columns: :class:`FileColumns`), and the helper keeps its own: the job then names
the files to read by their positions in that listing (none at all when every listed file is
new), not file by file.

Nothing here changes what is read: the plan still keeps the files no manifest has, and the
claims still give each of them to one process. Anything unusual is listed by the calling
process as before: a source that is an ``s3://`` URL (an object store is listed where its
errors are reported and its requests made once) or a :class:`SourceFile` given as it is; a
listing that fails in the helper (a missing path) or never arrives (the helper died) is made
again by the calling process, which then meets the same error itself. This module imports
nothing heavy: a helper runs it before its imports.
"""

from __future__ import annotations

import contextlib
import operator
import os
import threading
from array import array
from collections.abc import Sequence
from typing import Any

from ueba.io._source_file import FileColumns, SourceFile
from ueba.io.sources import list_columns


def local_names(items: Sequence[Any]) -> list[str] | None:
    """``items`` as local path texts when a helper may list them: every one a path (text or
    ``os.PathLike``) that is not an ``s3://`` URL. None otherwise (the caller lists)."""
    names = []
    for item in items:
        if not isinstance(item, str | os.PathLike):
            return None
        text = os.fspath(item)
        if not isinstance(text, str) or text.startswith("s3://"):
            return None
        names.append(text)
    return names or None


def list_for_parent(names: list[str], conn: Any) -> Sequence[SourceFile] | None:
    """In the helper: list ``names``, send the listing on ``conn`` and keep it.

    Returns the listing (plain local files as :class:`FileColumns`), or None when the listing
    failed (the calling process lists again and reports the error). It is sent from a thread:
    a pipe takes the listing only as fast as the calling process reads it, which it does once
    its own imports are done, and the helper imports its own meanwhile. A listing the calling
    process never reads (it closed its end) or does not get is harmless: it then sends the
    job's files themselves, as without a listing.
    """
    try:
        listed = list_columns(names)
    except Exception:  # the calling process lists again and meets it itself
        conn.close()
        return None

    def deliver() -> None:
        try:
            with contextlib.suppress(OSError):  # BrokenPipeError: the caller closed its end
                conn.send(listed)
        finally:
            conn.close()

    threading.Thread(target=deliver, daemon=True).start()
    return listed


def received_listing(conn: Any) -> Sequence[SourceFile] | None:
    """In the calling process: the helper's listing as it was sent (plain local files as
    :class:`FileColumns`, which the plan keeps as columns: no object per file is made here),
    or None when none came (the helper failed to list, or died)."""
    try:
        listed: Sequence[SourceFile] = conn.recv()
    except (EOFError, OSError):
        return None
    finally:
        conn.close()
    return listed


class OwnListing:
    """A job's files named by position in the listing the helper made itself (None: all)."""

    __slots__ = ("positions",)

    def __init__(self, positions: array[int] | None) -> None:
        self.positions = positions

    def __reduce__(self) -> tuple[Any, ...]:
        return OwnListing, (self.positions,)

    def files(self, own: Sequence[SourceFile] | None) -> Sequence[SourceFile]:
        """The job's files, out of the helper's own listing ``own``."""
        if own is None:  # never sent, so the job cannot name it: a broken run, not data lost
            raise RuntimeError("the job names a listing this helper did not make")
        if self.positions is None:
            return own
        if isinstance(own, FileColumns):
            return own.take(self.positions)
        return [own[i] for i in self.positions]


def positions(listing: Sequence[SourceFile], todo: Sequence[SourceFile]) -> OwnListing | None:
    """``todo`` as positions in ``listing`` when it is the listing, taken from it
    (:meth:`FileColumns.take`), or a subsequence of its objects (the plan keeps the listed
    files in listing order); None when it is none of these."""
    if todo is listing:
        return OwnListing(None)
    if isinstance(todo, FileColumns):
        origin = todo.origin
        return OwnListing(origin[1]) if origin is not None and origin[0] is listing else None
    if len(todo) == len(listing) and all(map(operator.is_, todo, listing)):
        return OwnListing(None)
    found = array("q")
    at = 0
    for item in todo:
        while at < len(listing) and listing[at] is not item:
            at += 1
        if at == len(listing):
            return None
        found.append(at)
        at += 1
    return OwnListing(found)


__all__ = ["OwnListing", "list_for_parent", "local_names", "positions", "received_listing"]
