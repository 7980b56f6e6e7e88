"""The ``UebaError`` tree. Every error names the file or record it is about and the fix."""

from __future__ import annotations


class UebaError(ValueError):
    """Root of every error ``ueba`` raises on purpose.

    ``path`` and ``record`` locate the problem; ``fix`` says what the user can do about it.
    ``str()`` reads as one sentence: "<path>, record 12: <message>. <fix>".
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.record = record
        self.fix = fix
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.record is not None:
                where += f", record {self.record}"
            where += ": "
        text = f"{where}{self.message.rstrip('.')}."
        if self.fix:
            text += f" {self.fix.rstrip('.')}."
        return text


class InputError(UebaError):
    """A source file or record cannot be read (it is quarantined, not fatal, during ingest)."""


class ConfigError(UebaError):
    """A configuration file or option is invalid."""


class ModelError(UebaError):
    """A saved baseline or model is missing, incompatible or has been tampered with."""


class FeedError(UebaError):
    """A threat feed, ip-ranges.json or geo database is missing or malformed."""


__all__ = ["ConfigError", "FeedError", "InputError", "ModelError", "UebaError"]
