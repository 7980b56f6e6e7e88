"""Ingest helper processes exit when their parent is killed -9 (no orphans holding memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A parent that starts one guarded helper (which would sleep for an hour), prints the helper's
# PID and then waits to be killed.
_PARENT = """
import multiprocessing, sys, time
from ueba.io._parallel import spawn_guarded

if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    helper = spawn_guarded(
        context, time.sleep, (3600,), {}, lifeline=reader, use_prctl=sys.argv[1] == "prctl"
    )
    reader.close()
    print(helper.pid, flush=True)
    time.sleep(3600)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # exited; only waiting for init to reap it


def _wait_gone(pid: int) -> bool:
    # Generous: the helper is expected to go within milliseconds; this only bounds a failure.
    for _ in range(600):
        if _gone(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("mode", ["prctl", "pipe"])
def test_a_helper_exits_when_its_parent_is_killed(tmp_path: Path, mode: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(_PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert parent.stdout is not None
    helper = int(parent.stdout.readline())
    try:
        assert not _gone(helper)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _wait_gone(helper), f"helper {helper} outlived its killed parent ({mode})"
    finally:
        if not _gone(helper):
            os.kill(helper, signal.SIGKILL)


def _children(pid: int) -> list[tuple[int, str]]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            out.append((int(stat.parent.name), cmdline))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ueba_ingest_killed_9_leaves_no_helper_or_resource_tracker(tmp_path: Path) -> None:
    import gzip
    import json

    src = tmp_path / "src"
    src.mkdir()
    record = {
        "eventTime": "2024-07-01T10:00:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": "ListBuckets",
        "recipientAccountId": "111122223333",
    }
    for f in range(150):  # enough work that the helpers are still busy when the parent dies
        records = [{**record, "eventID": f"{f:06d}-{i:08d}"} for i in range(3000)]
        (src / f"f{f}.json.gz").write_bytes(
            gzip.compress(json.dumps({"Records": records}).encode(), 1)
        )
    parent = subprocess.Popen(
        [sys.executable, "-c", "from ueba.cli import main; main()", "ingest", str(src), "--lake", str(tmp_path / "lake"),
         "--workers", "2", "--quiet"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    children: list[tuple[int, str]] = []
    for _ in range(600):  # wait for the helper to be running
        children = _children(parent.pid)
        if any("spawn_main" in cmd for _, cmd in children) or parent.poll() is not None:
            break
        time.sleep(0.1)
    if parent.poll() is not None:
        pytest.skip("the ingest finished before a helper could be observed")
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    try:
        for pid, cmd in children:
            assert _wait_gone(pid), f"{cmd} (pid {pid}) outlived its killed parent"
    finally:
        for pid, _ in children:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
