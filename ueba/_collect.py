"""The one place the library chooses a polars engine: every collect in ``ueba/`` names one.

Issue 8, item 8: scoring works with every polars release ``pyproject.toml`` admits, so the
library never relies on an engine default. The default moved between releases (polars 1.x
collects in memory, polars 2 streams), and polars 2.1's streaming engine panicked on some
window-then-filter plans of the 593,600-event day. So each ``collect`` and ``collect_all`` in
the package passes ``engine=``: the caller's engine where one was chosen (the Scorer's
``engine=``, handed down), else :data:`ENGINE`. Streaming is chosen by name, and only where
it is deliberate (:data:`STREAMING`: the baseline's summary group-bys, the ingest's skew
check over a whole run's parts). ``tests/test_engine_explicit.py`` fails on a collect without
an engine anywhere in the package.

polars' own ``POLARS_ENGINE_AFFINITY`` (and ``pl.Config(engine_affinity=...)``) steer only
collects that name no engine, so they do not change what the library runs::

    frame.collect(engine=engine_or_default(engine))
"""

from __future__ import annotations

from typing import Any, Final

# The library's engine: everything it collects fits in memory (a scored day's plans peaked at
# 3 GB on the 593,600-event day), and this engine is the same on every polars release admitted.
ENGINE: Final = "in-memory"
# Named where bounded memory is the point and the plan is one the engine runs (see above).
STREAMING: Final = "streaming"


def engine_or_default(engine: Any = None) -> Any:
    """``engine`` when a caller chose one (a name or a ``pl.GPUEngine``), else :data:`ENGINE`.

    >>> engine_or_default(None), engine_or_default("streaming")
    ('in-memory', 'streaming')
    """
    return ENGINE if engine is None else engine


__all__ = ["ENGINE", "STREAMING", "engine_or_default"]
