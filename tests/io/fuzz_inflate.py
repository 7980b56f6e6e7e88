"""atheris harness for the one-call inflate: ``python tests/io/fuzz_inflate.py [libFuzzer args] SEEDS``.

Each input is a stored file. libdeflate's one call (``ueba.io._inflate.gzip_member``) is
asked for it at the size its trailer announces and one byte either side; a crash, a
sanitizer report or an exception is a finding, and so is any answer that differs from
isal's one call (``ueba.io._load.isal_member``), or bytes taken that are not what gzip reads
from a file of exactly one member. The one difference allowed: a header with reserved flag
bits set, which RFC 1952 forbids, libdeflate refuses and isal reads (the refused file then
takes the streaming path, isal's, so its lake is the same). ``tests/io/test_inflate_fuzz.py`` runs it bounded
(``-runs=N``) with seeds from the real gzip samples; run it unbounded by hand to fuzz longer.
"""

from __future__ import annotations

import sys
import zlib

import atheris

with atheris.instrument_imports():
    from ueba.io._load import isal_member

try:
    from ueba.io._inflate import gzip_member
except ImportError:
    gzip_member = None

_RESERVED_FLAGS = 0xE0
_LARGEST = 1 << 22  # sizes past this are not asked (a fuzzed trailer may say 4 GiB)


def _gunzip_one(data: bytes) -> bytes | None:
    member = zlib.decompressobj(wbits=31)
    try:
        out = member.decompress(data)
    except zlib.error:
        return None
    return out if member.eof and not member.unused_data else None


def test_one_input(data: bytes) -> None:
    if gzip_member is None:
        raise RuntimeError("the libdeflate extension is not built")
    announced = int.from_bytes(data[-4:], "little") if len(data) >= 4 else 0
    for size in (announced, announced - 1, announced + 1):
        if not 0 <= size <= _LARGEST:
            continue
        got = gzip_member(data, size)
        want = isal_member(data, size)
        if got is None and len(data) > 3 and data[3] & _RESERVED_FLAGS:
            continue
        if got != want:
            raise AssertionError(f"libdeflate {got!r:.80} and isal {want!r:.80} differ")
        if got is not None and got != _gunzip_one(data):
            raise AssertionError(f"libdeflate took bytes gzip does not read: {data[:200]!r}")


def main() -> None:
    if gzip_member is None:
        sys.exit("the libdeflate extension is not built: nothing to fuzz")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
