"""Saving a model is crash-atomic: killed at any step, the old or the new model loads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ueba.baseline import Baseline
from ueba.baseline._store import model_absent, model_dir
from ueba.exceptions import ModelError

ROOT = Path(__file__).resolve().parents[2]

# Saves the model at argv[1] over copies of the model at argv[2], killing the saving process
# (os._exit: no cleanup, no finally, like kill -9) at its 1st, 2nd, ... file-system step, until a
# save gets through. polars and ueba are imported once; each save runs in a child forked for it
# (it loads the model, patches the steps and saves), so each kill is a whole process dying
# mid-save without a Python start and ueba's imports each time. Prints "<step> <exit code>" per
# child, and the child that got through prints "done" first.
_SAVE_AND_DIE = """
import builtins, io, os, shutil, sys, traceback
import polars as pl
from ueba.baseline import Baseline

source, old, root = sys.argv[1], sys.argv[2], sys.argv[3]


def save_and_die(target, die_at):
    model = Baseline.load(source)
    steps = 0

    def step(func):
        def wrapped(*args, **kwargs):
            nonlocal steps
            steps += 1
            if steps == die_at:
                os._exit(137)
            return func(*args, **kwargs)
        return wrapped

    for name in ("replace", "rename", "mkdir", "makedirs", "fsync", "unlink", "rmdir", "write", "open"):
        setattr(os, name, step(getattr(os, name)))
    shutil.rmtree = step(shutil.rmtree)
    builtins.open = io.open = step(io.open)
    pl.DataFrame.write_parquet = step(pl.DataFrame.write_parquet)
    model.save(target)
    print("done", steps, flush=True)


for die_at in range(1, 200):
    target = os.path.join(root, f"model-{die_at}")
    shutil.copytree(old, target)
    sys.stdout.flush()
    child = os.fork()
    if child == 0:
        try:
            save_and_die(target, die_at)
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
        os._exit(0)
    code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    print(die_at, code, flush=True)
    if code != 137:
        break
"""


def _window(path: Path) -> str:
    return str(Baseline.load(path).get_params()["window"])


def test_a_save_killed_at_every_step_leaves_the_old_or_the_new_model(
    tmp_path: Path, history
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    Baseline(window="30d", min_days=3).fit(history(5), until="2024-07-06").save(old)
    Baseline(window="7d", min_days=3).fit(history(3), until="2024-07-06").save(new)
    script = tmp_path / "save.py"
    script.write_text(_SAVE_AND_DIE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, str(script), str(new), str(old), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    seen = set()
    for die_at, line in enumerate([line for line in lines if not line.startswith("done")], 1):
        step, code = map(int, line.split())
        assert step == die_at
        window = _window(tmp_path / f"model-{die_at}")  # never raises: a complete model is there
        assert window in ("30d", "7d"), (die_at, window)
        seen.add(window)
        if code == 0:
            assert lines[-2].startswith("done") and window == "7d"
            break
        assert code == 137, run.stderr
        shutil.rmtree(tmp_path / f"model-{die_at}")
    else:
        pytest.fail("the save never completed")
    assert seen == {"30d", "7d"} and die_at > 5  # it was killed at several steps before the end


def test_a_legacy_model_is_loaded_and_replaced_by_a_versioned_one(tmp_path: Path, history) -> None:
    legacy = tmp_path / "model"
    Baseline(window="30d", min_days=3).fit(history(5), until="2024-07-06").save(legacy)
    current = model_dir(legacy)
    for path in current.iterdir():  # the layout before versioning: files directly in the dir
        path.rename(legacy / path.name)
    current.rmdir()
    (legacy / "CURRENT").unlink()
    assert _window(legacy) == "30d"
    Baseline(window="7d", min_days=3).fit(history(3), until="2024-07-06").save(legacy)
    assert _window(legacy) == "7d"
    assert not (legacy / "manifest.json").exists()


def test_the_previous_version_is_kept_and_older_ones_removed(tmp_path: Path, history) -> None:
    model = tmp_path / "model"
    names = []
    for window in ("30d", "14d", "7d"):
        Baseline(window=window, min_days=3).fit(history(3), until="2024-07-06").save(model)
        names.append(model_dir(model).name)
    assert sorted(p.name for p in model.iterdir()) == sorted(["CURRENT", *names[1:]])


def test_a_pointer_to_something_else_is_refused(tmp_path: Path, history) -> None:
    model = tmp_path / "model"
    Baseline(window="30d", min_days=3).fit(history(3), until="2024-07-06").save(model)
    (model / "CURRENT").write_text("../../etc\n")
    with pytest.raises(ModelError, match=r"CURRENT.*not a version directory"):
        Baseline.load(model)


def test_a_manifest_nested_too_deeply_is_a_model_error_not_a_crash(tmp_path: Path, history) -> None:
    model = tmp_path / "model"
    Baseline(window="30d", min_days=3).fit(history(3), until="2024-07-06").save(model)
    (model_dir(model) / "manifest.json").write_text("[" * 100_000)
    with pytest.raises(ModelError, match=r"manifest\.json is not valid JSON"):
        Baseline.load(model)


def test_only_a_missing_path_or_an_empty_directory_is_an_absent_model(tmp_path: Path) -> None:
    assert model_absent(tmp_path / "nowhere")
    assert model_absent(tmp_path)
    (tmp_path / "profile.parquet").write_bytes(b"")
    assert not model_absent(tmp_path)  # a model that lost its manifest is damaged, not absent
