"""The ``UebaError`` tree. Every error names the file or record it is about and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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


class LakeError(UebaError):
    """The lake is missing, empty for what was asked, or cannot be written."""


class LakeWarning(UserWarning):
    """Part of the lake was skipped (a corrupt part, a stray directory); the rest was read.

    Readers go on without the damaged piece and say so with this warning; the command line
    turns it into a non-zero exit code so the damage is never silent.
    """


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``" (did you mean X?)"`` for the closest of ``known`` to a mistyped ``word``, else ``""``.

    The one spelling hint of every "unknown key", "unknown rule" and "not a severity" error.

    >>> "detect.rules.first_seen.treshold: unknown key" + did_you_mean("treshold", ["threshold"])
    'detect.rules.first_seen.treshold: unknown key (did you mean threshold?)'
    >>> did_you_mean("zzz", ["threshold"])
    ''
    """
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


__all__ = [
    "ConfigError",
    "FeedError",
    "InputError",
    "LakeError",
    "LakeWarning",
    "ModelError",
    "UebaError",
    "did_you_mean",
]
