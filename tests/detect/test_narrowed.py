"""``narrowed`` and ``second_factor_rows`` keep the rows of the one filter they replace.

polars merges consecutive filters into one predicate and evaluates every operand of ``&`` on
every row, so the rules choose a day's few rows on cheap columns first and evaluate the costly
part (regexes, JSON paths on the request) on those alone (``features.narrowed``). The answer
must be the filter's: the same rows in the same order with the same schema, a null in either
part never keeping a row. ``second_factor_rows`` must keep exactly the rows where
``second_factor()`` holds.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect.features import narrowed, second_factor, second_factor_rows

BOOLS = st.one_of(st.none(), st.booleans())
EVENTS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "ConsoleLogin",
            "UserAuthentication",
            "CredentialVerification",
            "GetObject",
            "AssumeRoleWithSAML",
        ]
    ),
)
EXTRA = st.one_of(
    st.none(),
    st.sampled_from(
        [
            '{"MFAUsed": "Yes"}',
            '{"MFAUsed":"No"}',
            '{"CredentialType": "TOTP"}',
            '{"CredentialType": "PASSWORD"}',
            '{"bytesTransferredIn": 12}',
        ]
    ),
)
KINDS = st.one_of(st.none(), st.sampled_from(["sso_user", "saml_user", "ec2", "iam_user"]))
PRINCIPALS = st.one_of(st.none(), st.sampled_from(["saml_user", "role", "iam_user", "root"]))
DETAILS = st.one_of(st.none(), st.sampled_from(['{"CredentialVerification": "Failure"}', "{}"]))
ERRORS = st.one_of(st.none(), st.just("AccessDenied"))


def _day(rows: list[tuple]) -> pl.LazyFrame:
    names = [
        "event_name",
        "additional_event_data",
        "mfa_authenticated",
        "workload_kind",
        "principal_type",
        "service_event_details",
        "error_code",
        "flag",
    ]
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data["n"] = list(range(len(rows)))
    schema = {n: pl.String for n in names} | {
        "mfa_authenticated": pl.Boolean,
        "flag": pl.Boolean,
        "n": pl.Int64,
    }
    return pl.LazyFrame(data, schema=schema)


ROWS = st.lists(
    st.tuples(EVENTS, EXTRA, BOOLS, KINDS, PRINCIPALS, DETAILS, ERRORS, BOOLS), max_size=30
)


@settings(max_examples=80, deadline=None)
@given(rows=ROWS)
def test_narrowed_is_the_one_filter(rows: list[tuple]) -> None:
    day = _day(rows)
    cheap = pl.col("event_name").is_in(["ConsoleLogin", "GetObject"]) & pl.col("flag")
    costly = pl.col("additional_event_data").str.json_path_match("$.MFAUsed") == "Yes"
    one = day.filter(cheap & costly).collect(engine="in-memory")
    got = narrowed(day, cheap, costly).collect(engine="in-memory")
    assert got.schema == one.schema
    assert got.equals(one)


@settings(max_examples=80, deadline=None)
@given(rows=ROWS, with_cheap=st.booleans())
def test_second_factor_rows_are_second_factor(rows: list[tuple], with_cheap: bool) -> None:
    day = _day(rows)
    extra = pl.col("flag").fill_null(False)
    want = day.filter(second_factor() & extra if with_cheap else second_factor())
    got = second_factor_rows(day, extra if with_cheap else None)
    assert got.collect(engine="in-memory").equals(want.collect(engine="in-memory"))


def test_a_null_in_either_part_keeps_no_row() -> None:
    day = pl.LazyFrame({"a": [True, None, True, False], "b": [None, True, True, True]})
    got = narrowed(day, pl.col("a"), pl.col("b")).collect(engine="in-memory")
    assert got.to_dict(as_series=False) == {"a": [True], "b": [True]}
