"""How :mod:`ueba.detect._api_rarity`'s reasons write APIs and shares: short service names, the
first few of a list, whole percentages."""

from __future__ import annotations

import polars as pl

SHOWN = 4  # APIs named in a reason
# APIs named in a rare day's evidence: the whole list a context rule reads (every new call a
# deploy's create, ``ueba.detect._context``), cut only on a day too wide to judge call by call
EVIDENCE_SHOWN = 40


def short(api: pl.Expr) -> pl.Expr:
    """``iam.amazonaws.com:ListUsers`` -> ``iam:ListUsers``."""
    return api.str.replace(r"\.amazonaws\.com:", ":")


def listed(apis: pl.Expr, shown_max: int = SHOWN) -> pl.Expr:
    """The first few (``shown_max``) APIs of a list, short, and how many more there are."""
    shown = apis.list.head(shown_max).list.eval(short(pl.element())).list.join(", ")
    more = apis.list.len().cast(pl.Int64) - shown_max
    return shown + pl.when(more > 0).then(pl.format(" (+{} more)", more)).otherwise(pl.lit(""))


def pct(share: pl.Expr) -> pl.Expr:
    """A share in [0, 1] as a whole percentage, rounded down."""
    return (share * 100).floor().cast(pl.Int64)


__all__ = ["EVIDENCE_SHOWN", "SHOWN", "listed", "pct", "short"]
