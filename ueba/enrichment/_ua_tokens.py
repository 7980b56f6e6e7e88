"""Tokens of a user agent: splitting, session-part removal and version trimming.

Everything here is a single left-to-right pass over a bounded string (no regular expressions,
so nothing can backtrack). Each loop charges a :class:`Work` counter; the tests assert that the
count grows linearly with the input, which is how "a 1 KB adversarial agent parses in under a
millisecond" is checked without a clock.
"""

from __future__ import annotations

from dataclasses import dataclass

# CloudTrail keeps at most about 1 KB of an agent; anything longer is truncated here as well so
# the worst case stays bounded whatever a caller feeds in.
MAX_AGENT_LENGTH = 2048

# Punctuation that wraps a token but is not part of it: S3 puts agents in [brackets], SDKs put
# runtime details in (parentheses; separated; by semicolons), consoles join products with commas.
_WRAPPERS = "[](),;\"'"

# Tokens that change every session or every command: dropped before anything else so that they
# can never influence the family, the OS or the fingerprint.
_SESSION_KEYS = frozenset({"sid", "m", "command", "prompt", "ft", "api", "md/command", "md/prompt"})

_HEX = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")

# Kernel and build strings that name a distribution, in the order they are tested: specific tags
# first (a Kali kernel is also a Debian kernel).
DISTRO_HINTS: tuple[tuple[str, str], ...] = (
    ("kali", "kali"),
    ("parrot", "parrot"),
    ("amzn", "amzn"),
    ("ubuntu", "ubuntu"),
    ("-generic", "ubuntu"),
    ("-aws", "ubuntu"),
    ("-azure", "ubuntu"),
    ("-gcp", "ubuntu"),
    ("microsoft-standard", "wsl"),
    ("-microsoft", "wsl"),
    ("linuxkit", "docker-desktop"),
    ("manjaro", "manjaro"),
    ("-arch", "arch"),
    (".el7", "rhel"),
    (".el8", "rhel"),
    (".el9", "rhel"),
    (".fc", "fedora"),
    ("-default", "suse"),
    ("gentoo", "gentoo"),
    ("+deb", "debian"),
    ("-cloud-amd64", "debian"),
    ("debian", "debian"),
)


@dataclass
class Work:
    """Counts the steps the parser takes: one per token and one per character it loops over."""

    steps: int = 0


def distro_of(text: str) -> str | None:
    """The distribution a kernel or build string names (``5.10.0-kali7-amd64`` -> ``kali``)."""
    low = text.lower()
    for needle, distro in DISTRO_HINTS:
        if needle in low:
            return distro
    return None


# A distribution's own id (os-release ``ID``) as aws-cli v2 writes it: ``md/distrib#kali.2024``.
_DISTRIB_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
_DISTRIB_MAX = 32


def distrib_of(value: str) -> str | None:
    """The distribution of an ``md/distrib#`` value (``kali.2024`` -> ``kali``, ``ubuntu.22`` ->
    ``ubuntu``): its id before the version, lower-cased; ``None`` when that is not an id."""
    name = value.partition(".")[0].lower()
    if not 0 < len(name) <= _DISTRIB_MAX or not set(name) <= _DISTRIB_CHARS:
        return None
    return name


def split_tokens(agent: str, work: Work) -> list[str]:
    """Whitespace tokens with wrappers stripped and session-specific tokens removed."""
    tokens: list[str] = []
    for raw in agent[:MAX_AGENT_LENGTH].split():
        work.steps += 1
        token = raw.strip(_WRAPPERS)
        if token and not is_session_token(token):
            tokens.append(token)
    return tokens


def is_session_token(token: str) -> bool:
    """``sid/…``, ``m/…``, ``command/…``, ``md/command#…``: parts that differ per session."""
    name, slash, value = token.partition("/")
    if not slash:
        return False
    name = name.lower()
    if name == "md":
        return f"md/{value.partition('#')[0].lower()}" in _SESSION_KEYS
    return name in _SESSION_KEYS


def looks_like_id(text: str) -> bool:
    """A UUID, or a run of 16+ hex digits with at least one digit: a per-run identifier."""
    if len(text) < 16:
        return False
    stripped = text.replace("-", "")
    if len(stripped) < 16 or not set(stripped) <= _HEX:
        return False
    return not set(stripped).isdisjoint(_DIGITS)


def strip_ids(text: str, work: Work) -> str:
    """Replace identifier pieces between ``_`` with ``<id>`` (``grimoire_<uuid>`` -> ``grimoire_<id>``)."""
    if len(text) < 16:
        return text
    pieces = text.split("_")
    work.steps += len(pieces)
    return "_".join("<id>" if looks_like_id(piece) else piece for piece in pieces)


def trim_version(text: str, work: Work) -> str:
    """Keep major.minor of a version and drop patch level and build (``5.10.0-kali7`` -> ``5.10~kali``).

    A value that does not start like a version (``x86_64``, ``CloudShell``) comes back unchanged
    apart from identifiers. The distribution named in a dropped build suffix is kept after ``~``
    because it says which machine this is, unlike the build number itself.
    """
    if looks_like_id(text):
        return "<id>"
    prefix_end = 0
    low = text.lower()
    if low.startswith("go") and len(text) > 2 and text[2] in _DIGITS:
        prefix_end = 2
    elif low.startswith("v") and len(text) > 1 and text[1] in _DIGITS:
        prefix_end = 1
    if prefix_end >= len(text) or text[prefix_end] not in _DIGITS:
        return strip_ids(text, work)
    components = 0
    index = prefix_end
    while index < len(text):
        work.steps += 1
        char = text[index]
        if char in _DIGITS:
            index += 1
            continue
        if char in "._" and index + 1 < len(text) and text[index + 1] in _DIGITS:
            components += 1
            if components == 2:
                break
            index += 1
            continue
        break
    kept = text[:index]
    rest = text[index:]
    if rest:
        work.steps += len(rest)
        distro = distro_of(rest)
        if distro is not None:
            return f"{kept}~{distro}"
    return kept


def normalise_token(token: str, work: Work) -> str:
    """One token of the fingerprint: versions trimmed and identifiers masked in every part."""
    parts = token.split("/")
    work.steps += len(parts)
    normalised: list[str] = []
    for part in parts:
        name, hash_sign, value = part.partition("#")
        if hash_sign:
            normalised.append(f"{strip_ids(name, work)}#{trim_version(value, work)}")
        else:
            normalised.append(trim_version(part, work))
    return "/".join(normalised)


__all__ = [
    "DISTRO_HINTS",
    "MAX_AGENT_LENGTH",
    "Work",
    "distro_of",
    "is_session_token",
    "looks_like_id",
    "normalise_token",
    "split_tokens",
    "strip_ids",
    "trim_version",
]
