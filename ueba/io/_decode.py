"""Bytes to JSON text: gunzip (multi-member, capped), base64, and a tolerant record splitter.

Everything here works on ``bytes`` and never raises on bad input: problems come back as a
``(kind, reason)`` pair so the caller can quarantine the file and keep what was readable.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any, cast

from isal import isal_zlib

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024

# Tokens that matter to structure: strings (so brackets inside them are ignored) and brackets.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_BASE64 = re.compile(rb"[A-Za-z0-9+/=\r\n]+")
_WHITESPACE = b" \t\r\n"
_NON_SPACE = re.compile(rb"[^ \t\r\n]")
_PADDING = frozenset(b"\x00 \t\r\n")  # what tools leave between or after gzip members
UTF8_BOM = b"\xef\xbb\xbf"
_GZIP_ERROR = cast(type[Exception], isal_zlib.error)


def first_char(data: bytes | bytearray) -> tuple[int, int]:
    """Index and value of the first non-whitespace byte, ``(-1, -1)`` when there is none."""
    # A search, not ``lstrip``: stripping would copy a file of up to the size cap.
    match = _NON_SPACE.search(data)
    if match is None:
        return -1, -1
    return match.start(), data[match.start()]


def strip_bom(data: bytes | bytearray) -> bytes | bytearray:
    """``data`` without a leading UTF-8 byte order mark (Windows tools write one)."""
    if data[:3] != UTF8_BOM:
        return data
    if isinstance(data, bytearray):
        del data[:3]  # moves the buffer's start: no copy
        return data
    return data[3:]


class Inflater:
    """Multi-member gunzip fed in pieces, with a cap on the bytes it will produce.

    Work is linear in the input whatever the member count: each member is fed in windows of
    about twice the size of the member before it (the first one gets :attr:`MAX_WINDOW`),
    doubling while it lasts, so what the decompressor copies when a member ends (its
    ``unused_data``) is bounded by about twice the previous member's size, never by the rest
    of the file. :attr:`copied` counts input bytes handed to or copied by the
    decompressor, so tests can check that without a clock. A file that comes out in one piece
    (nearly all: a piece is up to 16 MiB) is that piece, not copied; longer output grows in one
    ``bytearray`` (no join at the end), and at most an eighth of the cap (16 MiB at most) comes out per call,
    so memory stays near ``cap`` even for a bomb; past the cap the output is dropped.
    """

    MIN_WINDOW = 64
    MAX_WINDOW = 1 << 20
    MAX_PIECE = 16 << 20

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._piece = max(1 << 16, min(self.MAX_PIECE, cap // 8))
        self.out: bytes | bytearray = b""
        self.copied = 0
        self.members = 0
        self.problem: tuple[str, str] | None = None
        self._member: Any = None  # the current member's decompressor
        self._window = self.MAX_WINDOW
        self._next_window = self.MAX_WINDOW  # a single-member file takes one call
        self._consumed = 0  # input bytes of the current member
        self._carry = b""  # a lone 0x1f at the end of a piece: maybe half a gzip magic

    @property
    def stopped(self) -> bool:
        """True once nothing more will be decompressed (a problem was found)."""
        return self.problem is not None

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        if self.stopped:
            return
        if self._carry:
            data, self._carry = self._carry + bytes(data), b""
        view = memoryview(data)
        pos = 0
        size = len(view)
        while pos < size and not self.stopped:
            if self._member is None:
                pos = self._next_member(view, pos)
                continue
            window = view[pos : pos + self._window]
            unused = self._inflate(window)
            if unused is None:  # the member goes on past this window
                pos += len(window)
                self._consumed += len(window)
                self._window = min(self._window * 2, self.MAX_WINDOW)
            else:
                pos += len(window) - unused
                self._consumed += len(window) - unused
                self._next_window = min(max(2 * self._consumed, self.MIN_WINDOW), self.MAX_WINDOW)

    def _next_member(self, view: memoryview, pos: int) -> int:
        """Skip padding between members and start the next one; the new position."""
        size = len(view)
        while pos < size and view[pos] in _PADDING:
            pos += 1
        if pos >= size:
            return pos
        if view[pos] == 0x1F and pos + 1 == size:
            self._carry = b"\x1f"
            return size
        if bytes(view[pos : pos + 2]) != GZIP_MAGIC:
            self.problem = (
                "corrupt_gzip",
                "bytes that are not gzip follow the last gzip member; they were ignored",
            )
            return size
        self._member = isal_zlib.decompressobj(wbits=31)
        self._window = self._next_window
        self._consumed = 0
        self.members += 1
        return pos

    def _inflate(self, window: memoryview | bytes) -> int | None:
        """Feed ``window`` to the current member; None if it needs more, else how many of the
        window's bytes follow the member's end."""
        member = self._member
        pending: memoryview | bytes = window
        try:
            while True:
                room = min(self.cap - len(self.out) + 1, self._piece)
                piece = member.decompress(pending, room)
                self.copied += len(pending)
                if piece:
                    if not self.out:
                        self.out = piece  # one copy fewer of the whole file, and its page faults
                    else:
                        if isinstance(self.out, bytes):
                            self.out = bytearray(self.out)
                        self.out += piece
                    if len(self.out) > self.cap:
                        self._too_large()
                        return 0
                if member.eof:
                    break
                pending = member.unconsumed_tail
                if not pending:
                    return None
        except _GZIP_ERROR as exc:
            self.problem = (
                "corrupt_gzip",
                f"the gzip stream is corrupt ({exc}); records before the damage were kept",
            )
            return 0
        unused = len(member.unused_data)
        self.copied += unused
        self._member = None
        return unused

    def _too_large(self) -> None:
        self.out = b""  # a bomb's output is never used: free it now
        self.problem = (
            "too_large",
            f"decompresses to more than {self.cap:,} bytes, the per-file limit "
            "(a gzip bomb, or a genuine file to read with a larger "
            "max_decompressed_bytes / --max-decompressed-bytes)",
        )

    def finish(self) -> tuple[bytes | bytearray, tuple[str, str] | None]:
        """What was decompressed and the problem, if any (a member cut short: truncated)."""
        if self.problem is None and (self._member is not None or self._carry):
            self.problem = (
                "truncated_gzip",
                "the gzip stream ends before its end marker (an interrupted upload or copy); "
                "complete records before the cut were kept, fetch the file again to read the rest",
            )
        return self.out, self.problem


def gunzip(data: bytes | bytearray, cap: int) -> tuple[bytes | bytearray, tuple[str, str] | None]:
    """Decompress every gzip member of ``data``, stopping once more than ``cap`` bytes come out.

    Returns what could be decompressed and, if something went wrong, ``(kind, reason)``:
    ``too_large`` (the cap was hit: a gzip bomb or a file to read with a larger cap; nothing
    is returned), ``truncated_gzip`` (the stream ends early; the bytes before the cut are
    returned) or ``corrupt_gzip``.
    """
    inflater = Inflater(cap)
    inflater.feed(data)
    return inflater.finish()


def too_large(cap: int) -> tuple[str, str]:
    return (
        "too_large",
        f"the file is larger than {cap:,} bytes, the per-file limit; read it with "
        "a larger max_decompressed_bytes / --max-decompressed-bytes",
    )


def maybe_base64(data: bytes | bytearray) -> bytes | None:
    """The decoded bytes when ``data`` is entirely base64 text (CloudWatch Logs payloads)."""
    text = data.strip()
    if len(text) < 8 or _BASE64.fullmatch(text) is None:
        return None
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None


def split_array(data: bytes | bytearray, open_at: int) -> tuple[list[tuple[int, int]], bool]:
    """Spans of the elements of the JSON array whose ``[`` is at ``open_at``.

    Works on damaged input (truncated, an element that is not JSON, 10,000-deep nesting)
    because it only tracks brackets outside strings: each element can then be decoded on its
    own and a bad one quarantined alone. Returns the spans and whether the array was closed.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = open_at + 1
    for match in _TOKENS.finditer(data, open_at):
        token = match.group()
        char = token[0]
        if char in b"[{":
            depth += 1
        elif char in b"]}":
            depth -= 1
            if depth == 0:
                if data[start : match.start()].strip(_WHITESPACE):
                    spans.append((start, match.start()))
                return spans, True
        elif char == 0x2C and depth == 1:  # a comma between elements
            spans.append((start, match.start()))
            start = match.end()
    if data[start:].strip(_WHITESPACE):
        spans.append((start, len(data)))
    return spans, False


def split_values(data: bytes | bytearray) -> Iterator[tuple[int, int]]:
    """Spans of concatenated top-level JSON values (``{..}{..}`` or pretty-printed NDJSON)."""
    depth = 0
    start = -1
    for match in _TOKENS.finditer(data):
        char = match.group()[0]
        if char in b"[{":
            if depth == 0:
                start = match.start()
            depth += 1
        elif char in b"]}" and depth > 0:
            depth -= 1
            if depth == 0:
                yield start, match.end()
    if depth > 0 and start >= 0:
        yield start, len(data)


def find_records_array(data: bytes | bytearray) -> int:
    """Position of the ``[`` that opens the top-level ``"Records"`` array, or -1."""
    depth = 0
    after_key = False
    for match in _TOKENS.finditer(data):
        token = match.group()
        char = token[0]
        if after_key and char == 0x5B:
            return match.start()
        after_key = depth == 1 and token == b'"Records"'
        if char in b"[{":
            depth += 1
        elif char in b"]}":
            depth -= 1
    return -1


__all__ = [
    "DEFAULT_MAX_DECOMPRESSED_BYTES",
    "GZIP_MAGIC",
    "UTF8_BOM",
    "Inflater",
    "find_records_array",
    "first_char",
    "gunzip",
    "maybe_base64",
    "split_array",
    "split_values",
    "strip_bom",
    "too_large",
]
