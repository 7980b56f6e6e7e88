"""docs/notebook.md runs: its ```python blocks, in order, in one namespace, in a temp dir."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("altair")

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "notebook.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[str]:
    """The bodies of the ```python fenced blocks of a Markdown text, in order."""
    return [m.group(1) for m in _BLOCK.finditer(text)]


def test_block_extraction_takes_python_fences_only() -> None:
    text = "a\n```python\nx = 1\n```\n```bash\nls\n```\n```python\ny = 2\n```\n"
    assert python_blocks(text) == ["x = 1\n", "y = 2\n"]


def test_the_notebook_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the walkthrough runs from a checkout: data/ and models/ are the repository's
    for name in ("data", "models"):
        os.symlink(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    namespace: dict[str, object] = {"__name__": "notebook"}
    for i, block in enumerate(blocks):
        try:
            exec(compile(block, f"{DOC.name} block {i + 1}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{DOC.name} block {i + 1} failed:\n{block}") from exc
    # what the walkthrough claims
    default, paging = namespace["default"], namespace["paging"]
    assert paging[0] == default[0]  # type: ignore[index]  # paging from medium loses nothing
    assert paging[1] <= default[1]  # type: ignore[index]
    assert (tmp_path / "ueba.toml").exists()
