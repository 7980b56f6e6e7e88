"""The gzip level of the generated suites' trail files, in one place.

A generated trail file is written once and read a few times (ingest, the CI modules' checks), so
the fastest level is the right one: at level 1 the held-out suites' trail files at CI scale take
~62% of the CPU of level 9 (``gzip.compress``'s default; 3.30 against 5.30 CPU s for 30 suites,
the per-call cost of many small files included) and are ~7% larger; the decompressed records are
the same at every level, and ``mtime=0`` keeps a seed's files byte for byte the same
from run to run. A generator writes its files with :func:`compress`, or opens a
``gzip.GzipFile(..., compresslevel=LEVEL, mtime=0)`` when it streams into one.
"""

from __future__ import annotations

import gzip

LEVEL = 1


def compress(body: bytes) -> bytes:
    """``body`` gzipped at :data:`LEVEL`, with no timestamp in the header (the same bytes for
    the same body: a seed writes the same files).

    >>> import gzip
    >>> gzip.decompress(compress(b'{"Records":[]}'))
    b'{"Records":[]}'
    >>> compress(b"x" * 100) == compress(b"x" * 100)
    True
    """
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)
