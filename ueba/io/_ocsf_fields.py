"""Column expressions for OCSF Parquet whose nested fields may or may not exist.

OCSF versions, Security Lake source versions and other producers differ in which optional
fields a file has; a :class:`FieldFinder` built from the file's schema returns an expression for
a dotted path when it exists and a typed null otherwise, so one mapping serves every variant.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.io._redact import REDACTED, TEXT_SECRET_MEMBER

# A JSON member whose key names a secret, with a string value: keep the key, drop the value.
_SECRET_MEMBER = TEXT_SECRET_MEMBER


def json_string(expr: pl.Expr) -> pl.Expr:
    """``expr`` as a JSON string literal (quoted and escaped), or ``null``, without Python."""
    encoded = pl.struct(expr.cast(pl.String).alias("v")).struct.json_encode()
    return encoded.str.strip_prefix('{"v":').str.strip_suffix("}")


def json_object(pairs: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """A JSON object text with a fixed set of string members."""
    pieces: list[pl.Expr] = [pl.lit("{")]
    for i, (key, value) in enumerate(pairs):
        pieces += [pl.lit(("," if i else "") + f'"{key}":'), json_string(value)]
    return pl.concat_str([*pieces, pl.lit("}")])


def redact_json_text(expr: pl.Expr) -> pl.Expr:
    """Replace the string value of every secret-named member (sessionToken, password, ...)."""
    return expr.str.replace_all(_SECRET_MEMBER, f'${{1}}"{REDACTED}"')


class FieldFinder:
    """Expressions for dotted OCSF paths of one Parquet schema (null where a path is absent)."""

    def __init__(self, schema: pl.Schema, *, element: bool = False) -> None:
        self.schema = schema
        self.element = element  # paths start at pl.element() (inside list.eval), not a column
        self._entries = self._unmapped_entries()

    def dtype(self, path: str) -> pl.DataType | None:
        first, *rest = path.split(".")
        dtype: Any = self.schema.get(first)
        for part in rest:
            if not isinstance(dtype, pl.Struct):
                return None
            dtype = next((fld.dtype for fld in dtype.fields if fld.name == part), None)
        return dtype if isinstance(dtype, pl.DataType) else None

    def has(self, path: str) -> bool:
        return self.dtype(path) is not None

    def _expr(self, path: str) -> pl.Expr:
        first, *rest = path.split(".")
        expr = pl.element().struct.field(first) if self.element else pl.col(first)
        for part in rest:
            expr = expr.struct.field(part)
        return expr

    def text(self, path: str) -> pl.Expr:
        dtype = self.dtype(path)
        if dtype is None or isinstance(dtype, pl.Struct | pl.List):
            return pl.lit(None, dtype=pl.String)
        return self._expr(path).cast(pl.String)

    def boolean(self, path: str) -> pl.Expr:
        dtype = self.dtype(path)
        if dtype == pl.Boolean:
            return self._expr(path)
        if dtype == pl.String:
            return self._expr(path).str.to_lowercase() == "true"
        return pl.lit(None, dtype=pl.Boolean)

    def time(self, path: str) -> pl.Expr:
        """A UTC microsecond timestamp from a datetime, epoch milliseconds or ISO text."""
        dtype = self.dtype(path)
        expr = self._expr(path)
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                expr = expr.dt.replace_time_zone("UTC")
            return expr.dt.convert_time_zone("UTC").cast(pl.Datetime("us", "UTC"))
        if dtype is not None and dtype.is_integer():
            return pl.from_epoch(expr.cast(pl.Int64), time_unit="ms").dt.replace_time_zone("UTC")
        if dtype == pl.String:
            return expr.str.to_datetime(time_zone="UTC", strict=False, time_unit="us")
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))

    def json(self, path: str) -> pl.Expr:
        """JSON text: as stored when text (Security Lake), encoded when a struct."""
        dtype = self.dtype(path)
        if dtype == pl.String:
            return self._expr(path)
        if isinstance(dtype, pl.Struct):
            return self._expr(path).struct.json_encode()
        return pl.lit(None, dtype=pl.String)

    def resources(self) -> pl.Expr:
        """OCSF ``resources[]`` back to CloudTrail's ``[{"ARN", "accountId", "type"}]`` text."""
        dtype = self.dtype("resources")
        if not isinstance(dtype, pl.List) or not isinstance(dtype.inner, pl.Struct):
            return pl.lit(None, dtype=pl.String)
        inner = FieldFinder(pl.Schema({f.name: f.dtype for f in dtype.inner.fields}), element=True)

        def member(key: str, expr: pl.Expr, first: bool = False) -> pl.Expr:
            text = pl.concat_str([pl.lit(("" if first else ",") + f'"{key}":'), json_string(expr)])
            return pl.when(expr.is_not_null()).then(text)

        field = inner.text
        account = pl.coalesce(field("owner.account.uid"), field("account_uid"))
        element = pl.concat_str(
            [
                pl.lit("{"),
                member("ARN", field("uid"), first=True),
                member("accountId", account),
                member("type", field("type")),
                pl.lit("}"),
            ],
            ignore_nulls=True,
        ).str.replace(r"^\{,", "{")
        joined = pl.col("resources").list.eval(element).list.join(",")
        return pl.when(pl.col("resources").is_not_null()).then(
            pl.concat_str([pl.lit("["), joined, pl.lit("]")])
        )

    # ---- the unmapped map: CloudTrail fields OCSF has no place for, under dotted names ----
    def _unmapped_entries(self) -> pl.Expr | None:
        dtype = self.schema.get("unmapped")
        if isinstance(dtype, pl.Map):
            return pl.col("unmapped").map.entries()
        if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
            names = {fld.name for fld in dtype.inner.fields}
            if {"key", "value"} <= names:
                return pl.col("unmapped")
        return None

    def unmapped(self, key: str) -> pl.Expr:
        """The value under ``key`` (matched case-insensitively), or null."""
        if self._entries is None:
            return pl.lit(None, dtype=pl.String)
        name = pl.element().struct.field("key").str.to_lowercase()
        value = pl.element().struct.field("value").cast(pl.String)
        return self._entries.list.eval(value.filter(name == key.lower())).list.first()

    def _object(self, keep: pl.Expr, strip: str = "") -> pl.Expr:
        if self._entries is None:
            return pl.lit(None, dtype=pl.String)
        key = pl.element().struct.field("key")
        value = pl.element().struct.field("value")
        member = pl.concat_str(
            [json_string(key.str.slice(len(strip))), pl.lit(":"), json_string(value)]
        )
        members = self._entries.list.eval(member.filter(keep))
        return pl.when(members.list.len() > 0).then(
            pl.concat_str([pl.lit("{"), members.list.join(","), pl.lit("}")])
        )

    def unmapped_object(self, prefix: str) -> pl.Expr:
        """Entries under ``prefix`` (e.g. ``additionalEventData.``) as one JSON object; an entry
        named exactly like the prefix is taken to hold the whole object as JSON text."""
        whole = self.unmapped(prefix.rstrip("."))
        lowered = pl.element().struct.field("key").str.to_lowercase()
        return pl.coalesce(
            whole, self._object(lowered.str.starts_with(prefix.lower()), strip=prefix)
        )

    def unmapped_rest(self, consumed: list[str]) -> pl.Expr:
        """Every entry not consumed by a column, as a JSON object (nothing is dropped)."""
        lowered = pl.element().struct.field("key").str.to_lowercase()
        keep = ~lowered.is_in([c.rstrip(".") for c in consumed])
        for prefix in (c for c in consumed if c.endswith(".")):
            keep = keep & ~lowered.str.starts_with(prefix)
        return self._object(keep)


__all__ = ["FieldFinder", "json_object", "json_string", "redact_json_text"]
