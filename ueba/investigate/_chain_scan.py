"""The look-ups an identity-chain walk makes: each one a narrow, time-bounded scan.

A walk asks three questions over and over: which events did these keys make, which event handed
out this key, and which console sign-in started this console session. Each question reads only
a handful of columns over only the days that can hold the answer (a temporary key is used within
36 hours of being minted), so a walk costs a few small scans however large the lake is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from ueba._collect import ENGINE
from ueba.investigate._source import MAX_SESSION, Source, minted_key, scan_events, succeeded

# Calls whose response hands out a new access key.
MINT_EVENTS = (
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
    "GetSessionToken",
    "GetFederationToken",
    "AssumeRoot",
    "CreateAccessKey",
)
# Console sign-ins: the console makes its own per-region session keys behind these.
CONSOLE_EVENTS = ("ConsoleLogin", "SwitchRole")

USAGE_COLUMNS = (
    "event_time",
    "event_id",
    "event_name",
    "access_key_id",
    "identity_type",
    "identity_arn",
    "identity_account_id",
    "identity_user_name",
    "identity_provider",
    "recipient_account_id",
    "session_issuer_arn",
    "session_creation_date",
    "session_credential_from_console",
    "source_ip_address",
    "user_agent",
    "invoked_by",
)
MINT_COLUMNS = (
    *USAGE_COLUMNS,
    "event_source",
    "error_code",
    "error_message",
    "request_parameters",
    "response_elements",
    "additional_event_data",
)


class ChainScanner:
    """Runs the walk's look-ups against one source, bounded by ``[start, end]``."""

    def __init__(
        self,
        source: Source,
        *,
        start: datetime | None,
        end: datetime | None,
        accounts: Sequence[str] | None,
    ) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.accounts = accounts

    def _bound(self, lo: datetime | None, hi: datetime | None) -> tuple[datetime | None, ...]:
        # Never read before the caller's start for usage, but a mint may precede it: callers
        # pass explicit bounds for mints, so only clamp the upper end here.
        if self.end is not None and (hi is None or hi > self.end):
            hi = self.end
        return lo, hi

    def usage(
        self, keys: Sequence[str], lo: datetime | None = None, hi: datetime | None = None
    ) -> pl.DataFrame:
        """Every event made with ``keys`` between ``lo`` and ``hi``, oldest first."""
        if not keys:
            return pl.DataFrame(schema=self._schema(USAGE_COLUMNS))
        lo = lo if lo is not None else self.start
        lo, hi = self._bound(lo, hi)
        return (
            scan_events(self.source, USAGE_COLUMNS, start=lo, end=hi, accounts=self.accounts)
            .filter(pl.col("access_key_id").is_in(list(keys)))
            .sort("event_time", "event_id")
            .collect(engine=ENGINE)
        )

    def mints_of(
        self, keys: Sequence[str], lo: datetime | None, hi: datetime | None
    ) -> pl.DataFrame:
        """Successful calls between ``lo`` and ``hi`` whose response handed out one of ``keys``."""
        lo, hi = self._bound(lo, hi)
        frame = scan_events(self.source, MINT_COLUMNS, start=lo, end=hi, accounts=self.accounts)
        # The substring test (Aho-Corasick) runs in the scan; the JSON is parsed only for the
        # few rows it lets through. Collecting in between matters: polars would otherwise push
        # the JSON predicate into the scan and parse every minting call's response.
        candidates = frame.filter(
            pl.col("event_name").is_in(_minted_by(keys))
            & pl.col("response_elements").str.contains_any(list(keys))
        ).collect(engine=ENGINE)
        return _mint_rows(candidates.filter(minted_key().is_in(list(keys))))

    def mints_by(
        self, keys: Sequence[str], lo: datetime | None, hi: datetime | None
    ) -> pl.DataFrame:
        """Successful calls made with ``keys`` between ``lo`` and ``hi`` that handed out a key."""
        lo, hi = self._bound(lo, hi)
        frame = scan_events(self.source, MINT_COLUMNS, start=lo, end=hi, accounts=self.accounts)
        frame = frame.filter(
            pl.col("access_key_id").is_in(list(keys)) & pl.col("event_name").is_in(MINT_EVENTS)
        )
        return _mint_rows(frame.collect(engine=ENGINE))

    def console_events(
        self, event_name: str, lo: datetime | None, hi: datetime | None
    ) -> pl.DataFrame:
        """ConsoleLogin or SwitchRole events between ``lo`` and ``hi`` that succeeded."""
        lo, hi = self._bound(lo, hi)
        extra = pl.col("additional_event_data")
        response = pl.col("response_elements")
        # Collected before the JSON is read, for the reason given in ``mints_of``.
        signins = (
            scan_events(self.source, MINT_COLUMNS, start=lo, end=hi, accounts=self.accounts)
            .filter(pl.col("event_name") == event_name)
            .collect(engine=ENGINE)
        )
        return (
            signins.lazy()
            .filter(
                succeeded()
                & (
                    response.str.json_path_match(f"$.{event_name}").is_null()
                    | (response.str.json_path_match(f"$.{event_name}") == "Success")
                )
            )
            .with_columns(
                switch_from=extra.str.json_path_match("$.SwitchFrom"),
                switch_to=extra.str.json_path_match("$.SwitchTo"),
                mfa_used=extra.str.json_path_match("$.MFAUsed"),
            )
            .drop("request_parameters", "response_elements", "additional_event_data")
            .sort("event_time")
            .collect(engine=ENGINE)
        )

    def console_keys(self, identity_arn: str, lo: datetime, hi: datetime) -> pl.DataFrame:
        """Uses of console keys of ``identity_arn`` whose session began between ``lo`` and ``hi``."""
        return (
            scan_events(self.source, USAGE_COLUMNS, start=lo, end=hi + MAX_SESSION)
            .filter(
                (pl.col("identity_arn") == identity_arn)
                & pl.col("session_credential_from_console").fill_null(False)
                & pl.col("session_creation_date").is_between(lo, hi)
                & pl.col("access_key_id").is_not_null()
            )
            .sort("event_time", "event_id")
            .collect(engine=ENGINE)
        )

    def _schema(self, columns: Sequence[str]) -> dict[str, pl.DataType]:
        from ueba.schema import EVENTS

        return {c: EVENTS[c] for c in columns}


def _minted_by(keys: Sequence[str]) -> list[str]:
    """The calls that can have minted ``keys``: STS hands out ``ASIA`` keys, IAM ``AKIA`` ones.

    Narrowing by prefix matters for a long-term key, whose minting call may be anywhere in the
    lake: its search then skips every AssumeRole.
    """
    names: set[str] = set()
    for key in keys:
        if key.startswith("AKIA"):
            names.add("CreateAccessKey")
        elif key.startswith("ASIA"):
            names.update(m for m in MINT_EVENTS if m != "CreateAccessKey")
        else:
            names.update(MINT_EVENTS)
    return sorted(names)


def _mint_rows(frame: pl.DataFrame) -> pl.DataFrame:
    request = pl.col("request_parameters")
    response = pl.col("response_elements")
    return (
        frame.lazy()
        .filter(succeeded())
        .with_columns(
            minted=minted_key(),
            role_arn=request.str.json_path_match("$.roleArn"),
            session_name=pl.coalesce(
                request.str.json_path_match("$.roleSessionName"),
                request.str.json_path_match("$.name"),
            ),
            child_arn=pl.coalesce(
                response.str.json_path_match("$.assumedRoleUser.arn"),
                response.str.json_path_match("$.federatedUser.arn"),
            ),
            created_user=response.str.json_path_match("$.accessKey.userName"),
        )
        .filter(pl.col("minted").is_not_null())
        .drop("request_parameters", "response_elements", "additional_event_data")
        .sort("event_time", "event_id")
        .collect(engine=ENGINE)
    )


__all__ = ["CONSOLE_EVENTS", "MINT_EVENTS", "ChainScanner"]
