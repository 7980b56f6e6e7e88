"""The entry point for ``spark-submit``: ``python -m ueba.cli.spark_submit run ...`` is
``ueba run ... --engine spark`` (see ``docs/scale-out.md``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m ueba.cli.spark_submit run ...``: ``ueba run ... --engine spark``."""
    from ueba.cli import main as cli

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run" and "--engine" not in args:
        args += ["--engine", "spark"]
    cli(args=args, prog_name="python -m ueba.cli.spark_submit")


__all__ = ["main"]

if __name__ == "__main__":
    main()
