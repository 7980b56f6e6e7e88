"""Members CloudTrail defines but EVENTS has no column for land in ``extra`` on the fast path.

The fast path (a whole S3 object decoded at once) finds the few records with such a member by
column, not record by record: these tests mix them with plain records at different positions.
"""

from __future__ import annotations

import copy
import gzip
import json
from typing import Any

import pytest

from tests.io.conftest import MakeRecord
from ueba.io.cloudtrail import parse_bytes


def _s3_file(records: list[dict[str, Any]]) -> bytes:
    return gzip.compress(json.dumps({"Records": records}).encode())


def _extras(records: list[dict[str, Any]]) -> list[Any]:
    parsed = parse_bytes(_s3_file(records), "s3://trail/file.json.gz")
    assert parsed.errors.num_rows == 0
    return [None if e is None else json.loads(e) for e in parsed.events.column("extra").to_pylist()]


def _with_identity(record: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(record)
    holder = record
    for key in path[:-1]:
        holder = holder.setdefault(key, {})
    holder[path[-1]] = value
    return record


@pytest.mark.parametrize("position", [0, 3, 7])
@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["apiVersion"], "2012-10-17", {"apiVersion": "2012-10-17"}),
        (["@version"], "1", {"@version": "1"}),
        (["addendum"], {"reason": "DELIVERY_DELAY"}, {"addendum": {"reason": "DELIVERY_DELAY"}}),
        (["edgeDeviceDetails"], {"type": "outposts"}, {"edgeDeviceDetails": {"type": "outposts"}}),
        (
            ["userIdentity", "inScopeOf", "issuerType"],
            "AWS::Lambda::Function",
            {"userIdentity": {"inScopeOf": {"issuerType": "AWS::Lambda::Function"}}},
        ),
        (
            ["userIdentity", "onBehalfOf"],
            {"userId": "u-1", "identityStoreArn": "arn:aws:identitystore::1:identitystore/d-1"},
            {
                "userIdentity": {
                    "onBehalfOf": {"identityStoreArn": "arn:aws:identitystore::1:identitystore/d-1"}
                }
            },
        ),
        (
            ["userIdentity", "sessionContext", "assumedRoot"],
            "true",
            {"userIdentity": {"sessionContext": {"assumedRoot": "true"}}},
        ),
        (
            ["userIdentity", "sessionContext", "webIdFederationData"],
            {"federatedProvider": "cognito", "attributes": {"aud": "x"}},
            {
                "userIdentity": {
                    "sessionContext": {"webIdFederationData": {"attributes": {"aud": "x"}}}
                }
            },
        ),
    ],
)
def test_known_member_without_column_goes_to_extra_of_that_record_only(
    make_record: MakeRecord, position: int, path: list[str], value: Any, expected: dict[str, Any]
) -> None:
    records = [make_record(n) for n in range(8)]
    records[position] = _with_identity(records[position], path, value)
    extras = _extras(records)
    assert extras[position] == expected
    assert [e for i, e in enumerate(extras) if i != position] == [None] * 7


def test_members_present_but_null_or_empty_leave_extra_null(make_record: MakeRecord) -> None:
    records = [make_record(1, apiVersion=None, addendum=None), make_record(2)]
    records[1] = _with_identity(
        records[1], ["userIdentity", "sessionContext", "webIdFederationData"], {"attributes": {}}
    )
    assert _extras(records) == [None, None]
