"""The Arrow form of the EVENTS and ERRORS schemas, for the parser's processes.

Worker processes build Arrow tables and never need polars; spelling the Arrow schema out here
(rather than deriving it from :mod:`ueba.schema`, which imports polars) keeps polars' import
out of every worker. ``tests/io/test_arrow_schema.py`` checks it equals what polars derives
from ``ueba.schema``, so the contract still has one source.
"""

from __future__ import annotations

import pyarrow as pa

_TEXT = pa.large_string()
_TIME = pa.timestamp("us", tz="UTC")

EVENTS_ARROW = pa.schema(
    [
        ("event_time", _TIME),
        ("event_version", _TEXT),
        ("event_source", _TEXT),
        ("event_name", _TEXT),
        ("aws_region", _TEXT),
        ("source_ip_address", _TEXT),
        ("user_agent", _TEXT),
        ("error_code", _TEXT),
        ("error_message", _TEXT),
        ("read_only", pa.bool_()),
        ("event_type", _TEXT),
        ("management_event", pa.bool_()),
        ("event_category", _TEXT),
        ("recipient_account_id", _TEXT),
        ("event_id", _TEXT),
        ("request_id", _TEXT),
        ("shared_event_id", _TEXT),
        ("vpc_endpoint_id", _TEXT),
        ("vpc_endpoint_account_id", _TEXT),
        ("tls_version", _TEXT),
        ("tls_cipher_suite", _TEXT),
        ("tls_client_provided_host_header", _TEXT),
        ("session_credential_from_console", pa.bool_()),
        ("identity_type", _TEXT),
        ("identity_arn", _TEXT),
        ("identity_principal_id", _TEXT),
        ("identity_account_id", _TEXT),
        ("access_key_id", _TEXT),
        ("identity_user_name", _TEXT),
        ("invoked_by", _TEXT),
        ("identity_provider", _TEXT),
        ("credential_id", _TEXT),
        ("on_behalf_of_user_id", _TEXT),
        ("session_issuer_type", _TEXT),
        ("session_issuer_arn", _TEXT),
        ("session_issuer_principal_id", _TEXT),
        ("session_issuer_user_name", _TEXT),
        ("session_issuer_account_id", _TEXT),
        ("session_creation_date", _TIME),
        ("mfa_authenticated", pa.bool_()),
        ("source_identity", _TEXT),
        ("ec2_role_delivery", _TEXT),
        ("web_id_federation_provider", _TEXT),
        ("request_parameters", _TEXT),
        ("response_elements", _TEXT),
        ("resources", _TEXT),
        ("additional_event_data", _TEXT),
        ("service_event_details", _TEXT),
        ("source_file", _TEXT),
        ("extra", _TEXT),
    ]
)

ERRORS_ARROW = pa.schema(
    [
        ("source_file", _TEXT),
        ("record_index", pa.int64()),
        ("error_kind", _TEXT),
        ("reason", _TEXT),
        ("excerpt", _TEXT),
        ("detected_at", _TIME),
    ]
)

__all__ = ["ERRORS_ARROW", "EVENTS_ARROW"]
