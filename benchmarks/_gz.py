"""The gzip level of the generated suites' trail files, in one place.

A generated trail file is written once and read a few times (ingest, the CI modules' checks), so
the fastest level is the right one: level 1 compresses CloudTrail's JSON in about a third of the
CPU of level 9 (``gzip.compress``'s default), for files about a third larger; the decompressed
records are the same at every level, and ``mtime=0`` keeps a seed's files byte for byte the same
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
