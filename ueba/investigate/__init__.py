"""ueba.investigate: answer "who did it, what did they do, from where" for one key or principal.

Every view is a function over a lake directory or a polars frame of EVENTS, reading only the
days and columns it needs, and returning polars frames (for notebooks) that the CLI prints::

    import ueba
    tl = ueba.investigate.key_timeline("lake/", "AKIAIOSFODNN7EXAMPLE")
    tl.first_use, tl.created                   # first call; users and keys it created
    c = ueba.investigate.chain("lake/", "ASIA...")
    c.roots, c.edges                           # the original identity; the minting calls
    ueba.investigate.session_summary("lake/", "ASIA...")   # one row per API call
    ueba.investigate.principal_view("lake/", "arn:aws:iam::1:role/app", model="models/prod")
"""

from __future__ import annotations

from ueba.investigate.chains import IdentityChain, chain
from ueba.investigate.principal import PrincipalView, principal_view
from ueba.investigate.sessions import SENSITIVE_READ_ONLY, session_summary
from ueba.investigate.timeline import KeyTimeline, key_timeline

__all__ = [
    "SENSITIVE_READ_ONLY",
    "IdentityChain",
    "KeyTimeline",
    "PrincipalView",
    "chain",
    "key_timeline",
    "principal_view",
    "session_summary",
]
