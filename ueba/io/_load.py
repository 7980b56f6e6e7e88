"""Read one listed source within the size cap: stat first, then stream and gunzip as it comes.

A plain file larger than the cap is refused from its size, before any of it is read; a gzip
file is decompressed while it is read, so a bomb stops at the cap having held at most the cap
and one piece of input in memory. The content hash (the manifest's way to know a copy of a
file already ingested) is computed on the stored bytes as they stream past.

Content hashes are versioned by a prefix: ``blake3:`` and 32 hex digits (BLAKE3, 128 bits)
since the sixth ingest pass; a bare 32-hex value is the BLAKE2b-128 that manifests held before.
BLAKE3 stays a cryptographic hash (a collision would make a file skipped as a copy: nobody
who writes log files must be able to make one) at about six times BLAKE2b's speed here. A
lake whose manifest still holds BLAKE2b values gets both hashes of every file it reads, so a
copy of a file ingested before keeps being recognised (:func:`legacy_hashes`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from blake3 import blake3
from isal import igzip_lib, isal_zlib
from pyarrow import ArrowException

from ueba.io._decode import GZIP_MAGIC, Inflater, too_large
from ueba.io.sources import NotRegularFile, SourceFile

CHUNK_BYTES = 1 << 20
# Each read of an S3 stream is a ranged GET: fewer, larger reads there.
S3_CHUNK_BYTES = 8 << 20
HASH_PREFIX = "blake3:"
HASH_BYTES = 16  # 128 bits, as the BLAKE2b values before
# Files under this many stored bytes are read in one call (``_read``). A gzip file so read
# is inflated in one call too when it is one whole member; its gzip trailer's size (ISIZE) sizes
# the output once, so the output is never grown by copies, and bounds it: the one call stops
# one byte past what the trailer announces, which must be at most the cap.
SMALL_BYTES = 256 << 10
# Deflate's most output per input byte (1032:1, RFC 1951's longest match per 258 bytes of
# output at about two bits): a gzip file of n bytes inflates to less than n times this.
MAX_INFLATION = 1032
_TRAILER_BYTES = 8  # CRC-32 and ISIZE, the member's size mod 2**32
_SMALLEST_MEMBER = len(GZIP_MAGIC) + _TRAILER_BYTES
_GZIP_ERROR = cast(type[Exception], isal_zlib.error)
# A one-call inflate of a whole gzip member: (the file's bytes, its trailer's size) -> the
# member's bytes, or None when the file is anything else (``isal_member``, ``member_inflater``).
Inflate = Callable[[bytes, int], bytes | None]
# A whole small local file read and inflated in one compiled call: (its path, the size it must
# stay under, the cap) -> (its bytes, their one member's bytes or None), or None where
# ``SourceFile.read_small`` gives None (``Members.read_whole``, from :func:`whole_reader`).
ReadWhole = Callable[[str, int, int], tuple[bytes, bytes | None] | None]


def legacy_hashes(known: Iterable[str]) -> bool:
    """Whether ``known`` (a manifest's content hashes) holds BLAKE2b values from before."""
    return any(not value.startswith(HASH_PREFIX) for value in known)


class _Digest:
    """The content hash of the stored bytes, fed as they stream past; BLAKE2b too on request."""

    __slots__ = ("_legacy", "_main")

    def __init__(self, legacy: bool) -> None:
        self._main = blake3()
        self._legacy = hashlib.blake2b(digest_size=HASH_BYTES) if legacy else None

    def update(self, piece: bytes | bytearray) -> None:
        self._main.update(piece)
        if self._legacy is not None:
            self._legacy.update(piece)

    def values(self) -> tuple[str, str | None]:
        legacy = None if self._legacy is None else self._legacy.hexdigest()
        return HASH_PREFIX + self._main.hexdigest(HASH_BYTES), legacy


@dataclass(slots=True)
class Loaded:
    """What a source held, ready for the parser.

    ``data`` is the content (gunzipped when the file was gzip); ``problem`` a file-level
    ``(kind, reason)`` (``unsafe_path``, ``unreadable``, ``too_large``, ``corrupt_gzip``,
    ``truncated_gzip``: the last two with the data before the damage); ``skipped`` why the
    source is not read although that is no error; ``content_hash`` the ``blake3:`` hash of the
    stored bytes, None when they were not all read; ``legacy_hash`` their BLAKE2b-128 when it
    was asked for (a lake whose manifest holds such values).
    """

    data: bytes | bytearray = b""
    content_hash: str | None = None
    legacy_hash: str | None = None
    problem: tuple[str, str] | None = None
    skipped: str | None = None

    @property
    def readable(self) -> bool:
        """Whether ``data`` is worth parsing (damaged gzip keeps what came before the damage)."""
        return self.skipped is None and (
            self.problem is None or self.problem[0] in ("corrupt_gzip", "truncated_gzip")
        )


def load_source(
    source: SourceFile,
    cap: int,
    *,
    legacy_hash: bool = False,
    inflate: Inflate | None = None,
    read_whole: ReadWhole | None = None,
) -> Loaded:
    """Read ``source`` against ``cap`` decompressed bytes. Never raises on bad input.

    ``legacy_hash``: compute the BLAKE2b-128 of the stored bytes too (``Loaded.legacy_hash``).
    ``inflate``: the one-call inflate of a whole gzip member, from :func:`member_inflater`
    (a worker keeps one for all its files); by default libdeflate's with a decompressor of
    its own for the call (isal's where libdeflate was not compiled).
    ``read_whole``: the compiled read and inflate of a small local file (:func:`whole_reader`
    of the worker's ``inflate``), which gives what :meth:`SourceFile.read_small` and the
    one-call inflate give, in one call without the GIL; None: those two, from Python.
    """
    if inflate is None:
        inflate = _WHOLE_MEMBER
    if source.skipped is not None:
        return Loaded(skipped=source.skipped)
    if source.refused is not None:
        return Loaded(problem=("unsafe_path", source.refused))
    if not legacy_hash:
        limit = min(max(CHUNK_BYTES, SMALL_BYTES), cap + 1)
        if read_whole is not None and source.plain_local:
            found = read_whole(source.path, limit, cap)
            if found is not None:
                data, out = found
                if out is None:
                    return _read(
                        io.BytesIO(data), len(data), cap, CHUNK_BYTES, _Digest(False), None
                    )
                return Loaded(
                    data=out, content_hash=HASH_PREFIX + blake3(data).hexdigest(HASH_BYTES)
                )
        whole = source.read_small(limit)
        if whole is not None:
            return _small(whole, cap, inflate)
    try:
        stream, size = source.open()
    except NotRegularFile as exc:
        return Loaded(skipped=str(exc))
    except (OSError, ArrowException) as exc:
        return Loaded(problem=("unreadable", f"the file cannot be read ({exc})"))
    chunk = S3_CHUNK_BYTES if source.path.startswith("s3://") else CHUNK_BYTES
    try:
        with stream:
            return _read(stream, size, cap, chunk, _Digest(legacy_hash), inflate)
    except (OSError, ArrowException) as exc:
        return Loaded(problem=("unreadable", f"the file cannot be read ({exc})"))


def _small(data: bytes, cap: int, inflate: Inflate) -> Loaded:
    """A whole local file read in one call (:meth:`SourceFile.read_small`: a five-minute
    delivery, tens of thousands a run, each paying this module's per-file Python more than
    its bytes): one whole gzip member is inflated at once as in ``_one_member``; anything
    else is read from those bytes by ``_read`` (the one call not tried again)."""
    out = _inflate_member(data, cap, inflate)
    if out is None:
        digest = _Digest(False)
        return _read(io.BytesIO(data), len(data), cap, CHUNK_BYTES, digest, None)
    return Loaded(data=out, content_hash=HASH_PREFIX + blake3(data).hexdigest(HASH_BYTES))


def _read(
    stream: BinaryIO | Any,
    size: int,
    cap: int,
    chunk_bytes: int,
    digest: _Digest,
    inflate: Inflate | None,
) -> Loaded:
    """``inflate``: the one call for a file within a chunk; None: not tried (again)."""
    if size < max(chunk_bytes, SMALL_BYTES) and size <= cap:
        # A file within one chunk (a five-minute delivery holds about 4 KB, an hourly one a
        # few hundred) is read in one call of its own size, not a chunk's (each read of a
        # chunk allocates 1 MiB), and, when it is one whole gzip member, inflated in one call
        # whose output the trailer sizes and the cap bounds (``_one_member``).
        head = stream.read(size + 1)
        if inflate is not None and len(head) <= size:  # all of it (one that grew: as usual)
            whole = _one_member(head, digest, cap, inflate)
            if whole is not None:
                return whole
    else:
        # Two bytes tell gzip from plain text; a plain file over the cap is refused unread.
        head = stream.read(2) if size > cap else stream.read(chunk_bytes)
    if head[:2] != GZIP_MAGIC:
        if size > cap:
            return Loaded(problem=too_large(cap))
        data = bytearray(head)
        digest.update(head)
        while len(data) <= cap:
            piece = stream.read(chunk_bytes)
            if not piece:
                break
            digest.update(piece)
            data += piece
        if len(data) > cap:  # it grew after it was listed
            return Loaded(problem=too_large(cap))
        content_hash, legacy = digest.values()
        return Loaded(data=data, content_hash=content_hash, legacy_hash=legacy)
    inflater = Inflater(cap)
    piece = head
    while piece:
        digest.update(piece)
        inflater.feed(piece)
        if inflater.problem is not None and inflater.problem[0] == "too_large":
            return Loaded(problem=inflater.problem)
        piece = stream.read(chunk_bytes)
    inflated, problem = inflater.finish()
    content_hash, legacy = digest.values()
    return Loaded(data=inflated, content_hash=content_hash, legacy_hash=legacy, problem=problem)


def _one_member(data: bytes, digest: _Digest, cap: int, inflate: Inflate) -> Loaded | None:
    """``data`` inflated when it is exactly one whole gzip member; None for anything else
    (plain text, several members, padding after the member, damage, a trailer whose size is
    not the member's or is past the cap), which the :class:`Inflater` reads and explains as
    before.

    The output buffer is allocated once, at the size the gzip trailer announces plus one
    byte, and the inflate stops there: no growth by ``realloc`` copies (3% of the
    instructions per event on large files), and never more than ``cap + 1`` bytes held
    whatever the trailer says. A trailer that lies (too small: the member does not end
    within it; too large: past the cap) sends the file to the :class:`Inflater`; the
    member's own CRC-32 and size are still checked by the inflate, so only a member that
    ends where its trailer says, with nothing after it, is taken here.
    """
    out = _inflate_member(data, cap, inflate)
    if out is None:
        return None
    digest.update(data)
    content_hash, legacy = digest.values()
    return Loaded(data=out, content_hash=content_hash, legacy_hash=legacy)


def _inflate_member(data: bytes, cap: int, inflate: Inflate) -> bytes | None:
    """``data`` inflated when it is exactly one whole gzip member whose trailer's size is
    within ``cap`` and true, in one call whose output that size bounds; else None."""
    if data[:2] != GZIP_MAGIC or len(data) < _SMALLEST_MEMBER:
        return None
    announced = int.from_bytes(data[-4:], "little")
    if announced > cap:
        return None
    return inflate(data, announced)


def isal_member(data: bytes, size: int) -> bytes | None:
    """``data`` inflated by isal when it is exactly one whole gzip member of ``size`` bytes;
    else None (the one call where ``ueba.io._inflate`` is not built)."""
    member = igzip_lib.IgzipDecompressor(flag=igzip_lib.DECOMP_GZIP)
    try:
        out = member.decompress(data, size + 1)
    except _GZIP_ERROR:
        return None
    if not member.eof or member.unused_data or len(out) != size:
        return None
    return out


def _whole_member() -> Inflate:
    """libdeflate's one call (``ueba.io._inflate``: about half isal's cost on a five-minute
    file, whose Huffman tables cost isal more than its bytes) when it was compiled, else
    isal's; both take a file only when it is one whole member, and give the same bytes."""
    try:
        from ueba.io._inflate import gzip_member
    except ImportError:
        return isal_member
    return gzip_member


def member_inflater() -> Inflate:
    """A one-call inflate for one worker's files: libdeflate's with one decompressor kept
    for all of them (``ueba.io._inflate.Members``: 12,000 instructions a file less than
    allocating one per file) where it was compiled, else isal's (which keeps nothing)."""
    try:
        from ueba.io._inflate import Members
    except ImportError:
        return isal_member
    return Members()


def whole_reader(inflate: Inflate) -> ReadWhole | None:
    """The compiled read of a whole small file that goes with ``inflate`` (a ``Members`` from
    :func:`member_inflater`: its ``read_whole``, with the same decompressor);
    None where libdeflate was not compiled (the file is read from Python)."""
    read: ReadWhole | None = getattr(inflate, "read_whole", None)
    return read


# Chosen once, when the module is imported (a function, no state): the same for every file.
_WHOLE_MEMBER = _whole_member()


__all__ = [
    "CHUNK_BYTES",
    "HASH_PREFIX",
    "Inflate",
    "Loaded",
    "legacy_hashes",
    "load_source",
    "member_inflater",
    "whole_reader",
]
