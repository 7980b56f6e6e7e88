"""Bytes to JSON text: gunzip (multi-member, capped), base64, and a tolerant record splitter.

Everything here works on ``bytes`` and never raises on bad input: problems come back as a
``(kind, reason)`` pair so the caller can quarantine the file and keep what was readable.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import cast

from isal import isal_zlib

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024

# Tokens that matter to structure: strings (so brackets inside them are ignored) and brackets.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_BASE64 = re.compile(rb"[A-Za-z0-9+/=\r\n]+")
_WHITESPACE = b" \t\r\n"
_GZIP_ERROR = cast(type[Exception], isal_zlib.error)


def first_char(data: bytes) -> tuple[int, int]:
    """Index and value of the first non-whitespace byte, ``(-1, -1)`` when there is none."""
    stripped = data.lstrip(_WHITESPACE)
    if not stripped:
        return -1, -1
    index = len(data) - len(stripped)
    return index, data[index]


def gunzip(data: bytes, cap: int) -> tuple[bytes, tuple[str, str] | None]:
    """Decompress every gzip member of ``data``, stopping once more than ``cap`` bytes come out.

    Returns what could be decompressed and, if something went wrong, ``(kind, reason)``:
    ``too_large`` (the cap was hit: a gzip bomb or a file to read with a larger cap),
    ``truncated_gzip`` (the stream ends early; the bytes before the cut are returned) or
    ``corrupt_gzip``.
    """
    chunks: list[bytes] = []
    total = 0
    pending = data
    while True:
        inflater = isal_zlib.decompressobj(wbits=31)
        try:
            while not inflater.eof:
                before = len(pending)
                out = inflater.decompress(pending, max(1, cap - total + 1))
                pending = inflater.unconsumed_tail
                if out:
                    chunks.append(out)
                    total += len(out)
                    if total > cap:
                        return b"".join(chunks)[:cap], (
                            "too_large",
                            f"decompresses to more than {cap:,} bytes, the per-file limit "
                            "(a gzip bomb, or a genuine file to read with a larger "
                            "max_decompressed_bytes / --max-decompressed-bytes)",
                        )
                elif not pending or len(pending) == before:
                    break
        except _GZIP_ERROR as exc:
            return b"".join(chunks), (
                "corrupt_gzip",
                f"the gzip stream is corrupt ({exc}); records before the damage were kept",
            )
        if not inflater.eof:
            return b"".join(chunks), (
                "truncated_gzip",
                "the gzip stream ends before its end marker (an interrupted upload or copy); "
                "complete records before the cut were kept, fetch the file again to read the rest",
            )
        rest = inflater.unused_data
        if not rest.strip(b"\x00" + _WHITESPACE):
            return b"".join(chunks), None
        if not rest.startswith(GZIP_MAGIC):
            return b"".join(chunks), (
                "corrupt_gzip",
                "bytes that are not gzip follow the last gzip member; they were ignored",
            )
        pending = rest


def maybe_base64(data: bytes) -> bytes | None:
    """The decoded bytes when ``data`` is entirely base64 text (CloudWatch Logs payloads)."""
    text = data.strip()
    if len(text) < 8 or _BASE64.fullmatch(text) is None:
        return None
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None


def split_array(data: bytes, open_at: int) -> tuple[list[tuple[int, int]], bool]:
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


def split_values(data: bytes) -> Iterator[tuple[int, int]]:
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


def find_records_array(data: bytes) -> int:
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
    "find_records_array",
    "first_char",
    "gunzip",
    "maybe_base64",
    "split_array",
    "split_values",
]
