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
