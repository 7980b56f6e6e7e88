"""The ``ueba`` logger on stderr: text for people or one JSON object per line."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import click

from ueba.cli._output import sanitize

LOGGER = "ueba"
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("debug", "info", "warning", "error")


class _ClickHandler(logging.Handler):
    """Writes to the stderr of the moment (click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:
            self.handleError(record)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = sanitize(record.getMessage(), keep_newlines=True)
        if record.levelno >= logging.ERROR:
            return f"ueba: {text}"
        if record.levelno >= logging.WARNING:
            return f"ueba: warning: {text}"
        return text


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        return json.dumps(payload, default=str, ensure_ascii=True)


def configure_logging(fmt: str = "text", level: str = "info") -> None:
    """Send the ``ueba`` logger to stderr as text or JSON lines, at ``level`` and above."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _ClickHandler)]:
        logger.removeHandler(handler)
    handler = _ClickHandler()
    handler.setFormatter(_JsonFormatter() if fmt == "json" else _TextFormatter())
    # The handler filters, not the logger: the library's own loggers (ueba.enrichment.geo, ...)
    # keep their levels and still propagate to whatever the embedding program configured.
    handler.setLevel(level.upper())
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.DEBUG:
        logger.setLevel(logging.DEBUG)


def say(text: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """A message for people on stderr (progress, summaries, warnings, errors)."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _ClickHandler) for h in logger.handlers):
        configure_logging()  # a command invoked without the group (tests, embedding)
    logger.log(level, text, extra={"fields": fields} if fields else None)


__all__ = ["LOGGER", "LOG_FORMATS", "LOG_LEVELS", "configure_logging", "say"]
