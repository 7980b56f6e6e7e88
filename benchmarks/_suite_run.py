"""The harness every evaluation runner (``benchmarks/eval_*.py`` of a generated suite) runs in:
the command line, the per-seed loop with its progress on stderr, where each seed works, what is
printed when, and the exit code. A runner keeps what is its own (its generator, its grading,
its expectations, the text of its report) and hands it over as a ``Runner``.

The loop, for each seed of ``--seeds``: ``evaluate(seed, work, days=, scale=[, scored_days=],
quiet=, ...)`` returns the seed's run (a dict with at least ``seed``); with ``--format table``
(or no ``--format`` option) ``seed_text(run)`` is printed as soon as the seed is done, then
``final_text(runs)`` after the last seed; with ``--format json`` ``json_text(runs)`` alone. The
exit status is 1 when ``misses(run)`` names anything for some seed, else 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Run = dict[str, Any]


@dataclass(frozen=True)
class Option:
    """A runner's own command-line option, handed to ``evaluate`` by its ``dest``."""

    flag: str
    default: Any = None
    help: str | None = None
    action: str | None = None  # e.g. "store_true" for a flag

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Runner:
    """One suite's runner: how to evaluate a seed and how to report it (module docstring)."""

    description: str
    prefix: str  # of the temporary directory when --work is not given
    evaluate: Callable[..., Run]
    misses: Callable[[Run], Sequence[str]]
    days: int = 24
    scored_days: int | None = 5  # None: the suite has no --scored-days option
    seed_text: Callable[[Run], str | None] | None = None  # None from it: nothing printed
    final_text: Callable[[list[Run]], str] | None = None
    json_text: Callable[[list[Run]], str] | None = None  # None: no --format option
    options: tuple[Option, ...] = field(default=())
    seed_dir: str | None = "seed-{seed}"  # below --work; None: evaluate gets --work itself
    work_help: str = "Keep each seed's trail, lake and findings here."
    work_default: str | None = None  # None: a temporary directory, removed afterwards


def parser(runner: Runner) -> argparse.ArgumentParser:
    """The options every runner has (``--seeds --days --scale [--scored-days] --work [--format]
    --quiet``) and the runner's own."""
    out = argparse.ArgumentParser(description=runner.description)
    out.add_argument("--seeds", default="1,2,3", help="Comma-separated seeds, one run each.")
    out.add_argument("--days", type=int, default=runner.days, help="Days of trail.")
    out.add_argument("--scale", type=float, default=1.0, help="Size of the organisation.")
    if runner.scored_days is not None:
        out.add_argument(
            "--scored-days", type=int, default=runner.scored_days, help="Last days scored."
        )
    out.add_argument("--work", default=runner.work_default, help=runner.work_help)
    if runner.json_text is not None:
        out.add_argument("--format", choices=["table", "json"], default="table")
    for option in runner.options:
        if option.action is not None:
            out.add_argument(option.flag, action=option.action, help=option.help)
        else:
            out.add_argument(option.flag, default=option.default, help=option.help)
    out.add_argument("--quiet", action="store_true", help="No progress on stderr.")
    return out


def seeds(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def run_seeds(runner: Runner, args: argparse.Namespace, root: Path) -> list[Run]:
    """Each seed evaluated in turn under ``root``; a seed's text printed when it is done."""
    table = getattr(args, "format", "table") == "table"
    kwargs: dict[str, Any] = {"days": args.days, "scale": args.scale, "quiet": args.quiet}
    if runner.scored_days is not None:
        kwargs["scored_days"] = args.scored_days
    kwargs.update({o.dest: getattr(args, o.dest) for o in runner.options})
    runs = []
    for seed in seeds(args.seeds):
        started = time.perf_counter()
        work = root if runner.seed_dir is None else root / runner.seed_dir.format(seed=seed)
        run = runner.evaluate(seed, work, **kwargs)
        run.setdefault("seconds", time.perf_counter() - started)
        runs.append(run)
        if not args.quiet:
            print(f"seed {seed} done in {run['seconds']:.0f} s", file=sys.stderr, flush=True)
        text = runner.seed_text(run) if table and runner.seed_text is not None else None
        if text is not None:
            print(text, flush=True)
    return runs


def cli(runner: Runner, argv: list[str] | None = None) -> int:
    """Parse ``argv``, evaluate every seed, print the report; the exit status."""
    args = parser(runner).parse_args(argv)
    with tempfile.TemporaryDirectory(prefix=runner.prefix) as tmp:
        runs = run_seeds(runner, args, Path(args.work or tmp))
    if getattr(args, "format", "table") == "json":
        assert runner.json_text is not None
        print(runner.json_text(runs))
    elif runner.final_text is not None:
        print(runner.final_text(runs))
    return 1 if any(runner.misses(run) for run in runs) else 0


def unmet(run: Run) -> list[str]:
    """The sentences of a run's ``targets`` ((met, sentence) pairs) that were missed."""
    return [text for met, text in run["targets"] if not met]


def graded(
    doc: str | None,
    prefix: str,
    evaluate: Callable[..., Run],
    render_table: Callable[[list[Run]], str],
    render_json: Callable[[list[Run]], str],
    *,
    scored_days: int | None = 5,
) -> Runner:
    """The runner of a suite whose runs carry their ``targets``: 24 days by default, each
    seed's table printed when it is done (or one JSON document), exit 1 on any missed target."""
    return Runner(
        description=description(doc),
        prefix=prefix,
        evaluate=evaluate,
        misses=unmet,
        scored_days=scored_days,
        seed_text=lambda run: render_table([run]),
        json_text=render_json,
    )


def description(doc: str | None) -> str:
    """A module docstring's first paragraph, for ``--help``."""
    return (doc or "").split("\n\n")[0]
