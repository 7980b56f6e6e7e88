"""One bounded atheris run of a fuzz harness in a child process, for the fuzz tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bounded(harness: Path, corpus: Path, workdir: Path, runs: int) -> None:
    """Run ``harness`` for ``runs`` inputs from ``corpus`` (seeded, inputs up to 4 KiB) with this
    tree first on the path, and fail with libFuzzer's output when it crashed, found a difference
    or stopped early. libFuzzer counts the seed corpus's replays too: it reports ``runs`` or a
    few more."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [
            sys.executable,
            str(harness),
            f"-runs={runs}",
            "-seed=12345",
            "-max_len=4096",
            f"-artifact_prefix={workdir}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=workdir,
        check=False,
    )
    output = result.stdout[-2000:] + result.stderr[-3000:]
    assert result.returncode == 0, output
    done = re.search(r"Done (\d+) runs", result.stderr)
    assert done is not None and int(done.group(1)) >= runs, output
