"""The models of ``ueba baseline --models``: a registry by name and a directory beside the baseline.

``models/prod/models/`` holds one skops file per model and ``models.json`` (name, file, SHA-256,
parameters), written last and atomically. Loading checks each file's SHA-256 and gives skops
only the types that model trusts. Models are imported on use (they need scikit-learn).

>>> from ueba.detect.models import build_models, save_models, load_models
>>> models = [m.fit(enriched_history) for m in build_models("rarity")]   # doctest: +SKIP
>>> save_models(models, "models/prod"); load_models("models/prod")       # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ueba._files import write_text
from ueba.exceptions import ConfigError, ModelError

# ``ueba baseline --models NAME,...``: name -> (module, class). Imported on use (scikit-learn).
MODELS: dict[str, tuple[str, str]] = {
    "iforest": ("ueba.detect.models", "IsolationForestModel"),
    "rarity": ("ueba.detect._api_rarity", "ApiRarityModel"),
}
# Models that earned a place in the defaults of ``ueba baseline`` (benchmarks/README.md,
# "Models"): rarity raised recall at medium+ on both suites at an equal false-finding count
# (synthetic 14/18 -> 17/18, adversarial scenarios 18/24 -> 24/24); iforest added no attack.
DEFAULT_MODELS: tuple[str, ...] = ("rarity",)
INDEX = "models.json"
_INDEX_VERSION = 1


def _model_class(name: str) -> Any:
    import importlib

    if name not in MODELS:
        from ueba.exceptions import did_you_mean

        raise ConfigError(
            f"unknown model {name!r}{did_you_mean(name, list(MODELS))}",
            fix=f"choose from {', '.join(MODELS)}",
        )
    module, cls = MODELS[name]
    return getattr(importlib.import_module(module), cls)


def default_models() -> list[str]:
    """DEFAULT_MODELS when scikit-learn is installed (``ueba[ml]``), else none."""
    import importlib.util

    return list(DEFAULT_MODELS) if importlib.util.find_spec("sklearn") is not None else []


def build_models(names: str | Sequence[str]) -> list[Any]:
    """Unfitted models for ``names`` (``"iforest,rarity"`` or a list; ``"none"``: no model)."""
    wanted = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    wanted = [n for n in wanted if n and n != "none"]
    if len(set(wanted)) != len(wanted):
        raise ConfigError(f"a model is named twice in {','.join(wanted)}", fix="name each once")
    return [_model_class(n)() for n in wanted]


def fit_models(names: str | Sequence[str], history: pl.LazyFrame | pl.DataFrame) -> list[Any]:
    """Models for ``names`` fitted on ENRICHED ``history``."""
    return [m.fit(history) for m in build_models(names)]


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_models(models: Sequence[Any], directory: str | os.PathLike[str]) -> Path:
    """Save fitted models under ``directory/models/`` (one ``NAME.skops`` each, with skops) and
    an index (``models.json``: name, file, SHA-256, parameters), written last and atomically,
    so a directory never lists a model it does not hold. Returns the index path."""
    import json

    import ueba

    folder = Path(directory) / "models"
    folder.mkdir(parents=True, exist_ok=True)
    names = {_registry_name(m): m for m in models}
    entries = []
    for name, model in names.items():
        target = Path(model.save(folder / f"{name}.skops"))
        entries.append(
            {
                "name": name,
                "file": target.name,
                "sha256": _sha256(target),
                "params": model.get_params(),
            }
        )
    for stale in folder.glob("*.skops"):
        if stale.stem not in names:
            stale.unlink()
    index = folder / INDEX
    body = {"ueba_models": _INDEX_VERSION, "ueba": ueba.__version__, "models": entries}
    write_text(index, json.dumps(body, indent=2, sort_keys=True) + "\n")
    return index


def _registry_name(model: Any) -> str:
    for name, (module, cls) in MODELS.items():
        if type(model).__name__ == cls and type(model).__module__ == module:
            return name
    raise ConfigError(
        f"{type(model).__name__} is not a model ueba can save",
        fix=f"use one of {', '.join(MODELS)}",
    )


def load_models(directory: str | os.PathLike[str] | None) -> list[Any]:
    """The models saved under ``directory/models/`` (none: ``[]``), each checked against the
    SHA-256 in the index and loaded with skops' trusted types only."""
    import json

    if directory is None:
        return []
    index = Path(directory) / "models" / INDEX
    if not index.exists():
        return []
    try:
        body = json.loads(index.read_text())
        entries = list(body["models"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"the model index is unreadable ({exc})",
            path=str(index),
            fix="re-create it with ueba baseline --models ...",
        ) from exc
    out = []
    for entry in entries:
        path = index.parent / str(entry["file"])
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise ModelError(
                f"model {entry['name']!r} is missing or does not match its SHA-256 in {INDEX}",
                path=str(path),
                fix="re-create the models with ueba baseline --models ...",
            )
        out.append(_model_class(str(entry["name"])).load(path))
    return out


class DailyFeatures:
    """Fit models over a sliding window from per-day features, each day summarised once.

    What an evaluation or a long ``ueba run`` needs: each scored day's models learn from the
    window of days before it, as ``ueba baseline`` fits them, without enriching the whole window
    again every day. :meth:`add` summarises a day of ENRICHED events for every model;
    :meth:`fit` fits fresh models on the last ``days`` days added. A model that cannot learn yet
    (too little history) is left out with a note, as ``ueba baseline`` does for default models.

    >>> window = DailyFeatures(default_models(), days=30)   # doctest: +SKIP
    >>> window.add(day, enriched_day)                        # doctest: +SKIP
    >>> models, notes = window.fit()                         # doctest: +SKIP
    """

    def __init__(self, names: str | Sequence[str], *, days: int) -> None:
        self.names = [_registry_name(m) for m in build_models(names)]
        self.days = days
        self._by_day: dict[Any, list[pl.DataFrame]] = {}

    def add(self, day: Any, enriched: pl.LazyFrame | pl.DataFrame) -> None:
        """Summarise ``day``'s ENRICHED events for every model; older days beyond the window
        are dropped."""
        if not self.names:
            return
        self._by_day[day] = [m.features(enriched) for m in build_models(self.names)]
        for old in sorted(self._by_day)[: -self.days]:
            del self._by_day[old]

    def fit(self) -> tuple[list[Any], list[str]]:
        """Models fitted on the window's days, and notes for those skipped."""
        done: list[Any] = []
        notes: list[str] = []
        if not self._by_day:
            return done, [f"{n} skipped (no history)" for n in self.names]
        for i, model in enumerate(build_models(self.names)):
            frames = [f[i] for f in self._by_day.values() if f[i].height]
            try:
                if not frames:
                    raise ModelError("no history to learn from", fix="add days first")
                done.append(model.fit_features(pl.concat(frames, how="vertical_relaxed")))
            except ModelError as exc:
                notes.append(f"{model.name} skipped ({exc.message})")
        return done, notes


__all__ = [
    "DEFAULT_MODELS",
    "INDEX",
    "MODELS",
    "DailyFeatures",
    "build_models",
    "default_models",
    "fit_models",
    "load_models",
    "save_models",
]
