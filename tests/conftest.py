"""Session fixtures shared by every test area: an S3-compatible server on loopback (moto), and
the findings of the bundled samples (built once a run, whichever xdist worker needs them first:
the export and stream tests both check them)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# Dummy credentials so that neither boto3 nor pyarrow's AWS SDK goes looking for real ones
# (in ~/.aws or the EC2 instance metadata service, which would be a network call).
_MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


# No wall-clock limit in a test (the project's rule), Hypothesis's included: its default 200 ms
# deadline per example and its health check on slow data generation fail on a busy machine, and
# `.ci/run` runs the lowest-polars pass beside the main one at the lowest priority (meant to get
# a core only when the main run leaves one idle). A test's own @settings(...) sets the rest; one that
# lists its own suppressed health checks replaces this list, so it names too_slow as well.
settings.register_profile("ueba-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ueba-tests")


# The modules that take longest (a Spark session, whole days streamed in micro-batches, the
# notebook's end-to-end run). With `--dist loadscope` (pyproject) xdist hands whole modules to
# workers in collection order; starting with these keeps one worker from finishing alone on one.
_LONGEST_FIRST = (
    "tests/stream/test_differential.py",
    "tests/engines/test_spark_differential.py",
    "tests/stream/test_state.py",
    "tests/test_docs_notebook.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return _LONGEST_FIRST.index(path) if path in _LONGEST_FIRST else len(_LONGEST_FIRST)

    items.sort(key=rank)  # stable: every other test keeps its order


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server on 127.0.0.1 (a free port), with dummy AWS credentials set.

    The server only listens on loopback and moto answers every request itself: nothing leaves
    the machine. Tests create their own uniquely named buckets, so they do not interfere.
    """
    server_module = pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per request
    with pytest.MonkeyPatch.context() as patch:
        for name, value in _MOTO_ENV.items():
            patch.setenv(name, value)
        for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
            patch.delenv(name, raising=False)
        port = _free_loopback_port()
        server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


@pytest.fixture(autouse=True, scope="session")
def _no_installed_feeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests see only the feeds bundled with ueba, never ones a user installed on this machine
    with ``ueba feeds update`` (which the library's defaults would otherwise pick up)."""
    saved = os.environ.get("UEBA_FEEDS_DIR")
    os.environ["UEBA_FEEDS_DIR"] = str(tmp_path_factory.mktemp("no-installed-feeds"))
    yield
    if saved is None:
        os.environ.pop("UEBA_FEEDS_DIR", None)
    else:
        os.environ["UEBA_FEEDS_DIR"] = saved


@pytest.fixture(scope="session")
def sample_findings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Every finding of the bundled samples, as `ueba score --model models/demo --day all` gives
    (the batch job: ingest into a lake, then score every day against the demo model).

    Built once per run: under pytest-xdist the first worker to need it builds it (a file lock in
    the run's shared temporary directory) and writes it as Arrow IPC, which keeps every dtype;
    the other reads it back (the stream and the export modules use it, on either worker)."""
    import fcntl

    import polars as pl

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_sample_findings(tmp_path_factory)
    shared = tmp_path_factory.getbasetemp().parent / "sample-findings.arrow"
    with open(shared.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if shared.exists():
            return pl.read_ipc(shared)
        findings = _build_sample_findings(tmp_path_factory)
        partial = shared.with_suffix(".partial")
        findings.write_ipc(partial)
        partial.replace(shared)  # never read half written
        return findings


def _build_sample_findings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from ueba.io.lake import ingest
    from ueba.pipeline import load_model, score_days

    lake = tmp_path_factory.mktemp("samples-lake")
    ingest([str(ROOT / "data" / "samples")], str(lake))
    findings = score_days(lake, baseline=load_model(ROOT / "models" / "demo"), which="all").findings
    assert findings.height >= 10
    return findings


@pytest.fixture(autouse=True, scope="session")
def _no_inherited_columns() -> Iterator[None]:
    """pytest-xdist workers run with COLUMNS=80 in their environment, and the CLI honours
    COLUMNS (its tables would fold to 80 columns there and not in one process): a test sees
    COLUMNS only when it sets it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    saved = {name: os.environ.pop(name, None) for name in ("COLUMNS", "LINES")}
    yield
    os.environ.update({name: value for name, value in saved.items() if value is not None})
