"""Read Amazon Security Lake's CloudTrail tables (OCSF Parquet) into the EVENTS schema.

Security Lake stores CloudTrail management events as OCSF "API Activity" (``class_uid`` 6003;
``ConsoleLogin`` and IAM changes may land in other classes with the same mapping) Parquet under
``aws/CLOUD_TRAIL_MGMT/<source version>/region=.../accountId=.../eventDay=.../``. Both mapping
versions are read: source version 2 (OCSF 1.1: ``actor.user.uid`` is the ARN, ``uid_alt`` the
principal ID, ``actor.session.is_mfa``, ``created_time_dt``) and version 1 (OCSF 1.0.0-rc.2:
``actor.user.uuid`` is the ARN, ``uid`` the principal ID, ``actor.session.mfa``). CloudTrail
fields OCSF has no place for arrive in the ``unmapped`` map under their dotted CloudTrail names
(``recipientAccountId``, ``tlsDetails.tlsVersion``, ...); they are looked up case-insensitively
and whatever is left over is kept in ``extra``. The OCSF names never leave this module.

>>> import ueba.io.ocsf as ocsf
>>> events = ocsf.read_security_lake("s3://aws-security-data-lake-us-east-1-x/aws/CLOUD_TRAIL_MGMT/2.0/")  # doctest: +SKIP
>>> events.select("event_time", "event_name", "access_key_id").head(3)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime

import polars as pl

from ueba._collect import ENGINE
from ueba._time import day_span, time_range
from ueba.exceptions import InputError
from ueba.io._ocsf_fields import FieldFinder, json_object, redact_json_text
from ueba.io.sources import SourceFile, list_sources
from ueba.schema import EVENTS, conform

Sources = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]

# unmapped keys (lower-cased dotted CloudTrail names) -> EVENTS column they fill
_UNMAPPED_COLUMNS = {
    "readonly": "read_only",
    "managementevent": "management_event",
    "recipientaccountid": "recipient_account_id",
    "sharedeventid": "shared_event_id",
    "vpcendpointaccountid": "vpc_endpoint_account_id",
    "tlsdetails.tlsversion": "tls_version",
    "tlsdetails.ciphersuite": "tls_cipher_suite",
    "tlsdetails.clientprovidedhostheader": "tls_client_provided_host_header",
    "sessioncredentialfromconsole": "session_credential_from_console",
    "eventtype": "event_type",
    "eventcategory": "event_category",
    "useridentity.credentialid": "credential_id",
    "useridentity.onbehalfof.userid": "on_behalf_of_user_id",
    "useridentity.sessioncontext.sessionissuer.type": "session_issuer_type",
    "useridentity.sessioncontext.sessionissuer.principalid": "session_issuer_principal_id",
    "useridentity.sessioncontext.sessionissuer.username": "session_issuer_user_name",
    "useridentity.sessioncontext.sessionissuer.accountid": "session_issuer_account_id",
    "useridentity.sessioncontext.sourceidentity": "source_identity",
    "useridentity.sessioncontext.ec2roledelivery": "ec2_role_delivery",
    "useridentity.sessioncontext.webidfederationdata.federatedprovider": "web_id_federation_provider",
    "useridentity.identityprovider": "identity_provider",
}
_NESTED_PREFIXES = {
    "additionaleventdata.": "additional_event_data",
    "serviceeventdetails.": "service_event_details",
}
_BOOLEAN = {"read_only", "management_event", "session_credential_from_console"}
# An access key ID; OCSF's credential_uid also carries Identity Center credential IDs.
_ACCESS_KEY = r"^A[A-Z0-9]{3}[A-Z0-9]{12,124}$"


def _as_list(sources: Sources) -> list[str | os.PathLike[str]]:
    if isinstance(sources, str | os.PathLike):
        return [sources]
    return list(sources)


def _events(lf: pl.LazyFrame) -> pl.LazyFrame:
    """One schema group of OCSF rows -> EVENTS (the heart of the mapping)."""
    f = FieldFinder(lf.collect_schema())
    v1 = f.has("actor.user.uuid") and not f.has("actor.user.uid_alt")
    unmapped = {column: f.unmapped(key) for key, column in _UNMAPPED_COLUMNS.items()}
    identity_type = f.text("actor.user.type")
    idp = f.text("actor.idp.name")
    credential = f.text("actor.user.credential_uid")
    is_key = credential.str.contains(_ACCESS_KEY)
    session_created = pl.coalesce(
        f.time("actor.session.created_time_dt"), f.time("actor.session.created_time")
    )
    columns: dict[str, pl.Expr] = {
        "event_time": pl.coalesce(f.time("time_dt"), f.time("time")),
        "event_version": pl.coalesce(
            f.text("metadata.product.version"), f.unmapped("eventversion")
        ),
        "event_source": f.text("api.service.name"),
        "event_name": f.text("api.operation"),
        "aws_region": f.text("cloud.region"),
        "source_ip_address": pl.coalesce(f.text("src_endpoint.ip"), f.text("src_endpoint.domain")),
        "user_agent": f.text("http_request.user_agent"),
        "error_code": f.text("api.response.error"),
        "error_message": f.text("api.response.message"),
        "event_type": pl.coalesce(f.text("metadata.event_code"), unmapped["event_type"]),
        "event_category": pl.coalesce(
            f.text("metadata.product.feature.name"), unmapped["event_category"]
        ),
        "recipient_account_id": pl.coalesce(
            unmapped["recipient_account_id"], f.text("cloud.account.uid")
        ),
        "event_id": f.text("metadata.uid"),
        "request_id": f.text("api.request.uid"),
        "vpc_endpoint_id": f.text("src_endpoint.uid"),
        "identity_type": identity_type,
        "identity_arn": f.text("actor.user.uuid") if v1 else f.text("actor.user.uid"),
        "identity_principal_id": f.text("actor.user.uid") if v1 else f.text("actor.user.uid_alt"),
        "identity_account_id": pl.coalesce(
            f.text("actor.user.account.uid"), f.text("actor.user.account_uid")
        ),
        "access_key_id": pl.when(is_key).then(credential),
        "credential_id": pl.coalesce(unmapped["credential_id"], pl.when(~is_key).then(credential)),
        "identity_user_name": f.text("actor.user.name"),
        "invoked_by": f.text("actor.invoked_by"),
        "identity_provider": pl.coalesce(
            unmapped["identity_provider"], pl.when(identity_type != "WebIdentityUser").then(idp)
        ),
        "web_id_federation_provider": pl.coalesce(
            unmapped["web_id_federation_provider"],
            pl.when(identity_type == "WebIdentityUser").then(idp),
        ),
        "session_issuer_arn": f.text("actor.session.issuer"),
        "session_creation_date": session_created,
        "mfa_authenticated": pl.coalesce(
            f.boolean("actor.session.is_mfa"), f.boolean("actor.session.mfa")
        ),
        "request_parameters": redact_json_text(f.json("api.request.data")),
        "response_elements": redact_json_text(f.json("api.response.data")),
        "resources": f.resources(),
        "source_file": pl.col("source_file"),
    }
    for column, expr in unmapped.items():
        if column not in columns:
            columns[column] = (expr.str.to_lowercase() == "true") if column in _BOOLEAN else expr
    for prefix, column in _NESTED_PREFIXES.items():
        columns[column] = redact_json_text(f.unmapped_object(prefix))  # or its whole JSON text
    login_to = f.text("dst_endpoint.svc_name")
    columns["additional_event_data"] = pl.coalesce(
        columns["additional_event_data"],
        pl.when(login_to.is_not_null()).then(json_object([("LoginTo", login_to)])),
    )
    consumed = [*_UNMAPPED_COLUMNS, "eventversion", *_NESTED_PREFIXES]
    columns["extra"] = redact_json_text(f.unmapped_rest(consumed))
    keep = f.text("api.operation").is_not_null()
    if f.has("metadata.product.name"):
        product = f.text("metadata.product.name")
        keep = keep & (product.is_null() | (product.str.to_lowercase() == "cloudtrail"))
    return conform(lf.filter(keep).select([e.alias(c) for c, e in columns.items()]), EVENTS)


def _group_by_schema(files: list[SourceFile]) -> list[list[SourceFile]]:
    """Files of one Parquet schema scan together; mapping versions may share a prefix."""
    import pyarrow.parquet as pq

    groups: dict[str, list[SourceFile]] = {}
    for item in files:
        if item.refused is not None:
            raise InputError(item.refused, path=item.path)
        try:
            if item._filesystem is None:
                schema = pq.read_schema(item.path)
            else:
                with item._filesystem.open_input_file(item._fs_path) as handle:
                    schema = pq.read_schema(handle)
        except (OSError, ValueError) as exc:  # ArrowInvalid is a ValueError
            raise InputError(
                f"not a Parquet file ({exc})",
                path=item.path,
                fix="point at the Security Lake CLOUD_TRAIL_MGMT prefix, or read raw CloudTrail "
                "JSON with read_cloudtrail",
            ) from exc
        groups.setdefault(schema.to_string(show_schema_metadata=False), []).append(item)
    return list(groups.values())


def _scan_group(files: list[SourceFile]) -> pl.LazyFrame:
    if all(item._filesystem is None for item in files):
        lf = pl.scan_parquet(
            [item.path for item in files], include_file_paths="source_file", hive_partitioning=False
        )
        return _events(lf)
    import pyarrow.dataset as ds

    parts = [
        pl.scan_pyarrow_dataset(
            ds.dataset(item._fs_path, filesystem=item._filesystem, format="parquet")
        ).with_columns(source_file=pl.lit(item.path))
        for item in files
    ]
    return _events(pl.concat(parts, how="vertical"))


def _partition(path: str, key: str) -> str | None:
    """The value of a ``key=value`` folder in ``path`` (Security Lake's hive-style layout)."""
    for part in path.split("/"):
        if part.startswith(f"{key}="):
            return part.split("=", 1)[1]
    return None


def _wanted(
    item: SourceFile, first: date | None, last: date | None, accounts: set[str] | None
) -> bool:
    day = _partition(item.path, "eventDay")
    if day is not None and len(day) == 8 and day.isdigit():
        when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        if (first is not None and when < first) or (last is not None and when > last):
            return False
    account = _partition(item.path, "accountId")
    return accounts is None or account is None or account in accounts


def scan_security_lake(
    sources: Sources,
    *,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    accounts: Iterable[str] | None = None,
    s3_endpoint: str | None = None,
) -> pl.LazyFrame:
    """A LazyFrame of EVENTS over Security Lake CloudTrail Parquet files.

    Parameters
    ----------
    sources
        Parquet files, directories (recursive), globs or ``s3://bucket/prefix`` URLs, e.g.
        ``s3://aws-security-data-lake-us-east-1-<id>/aws/CLOUD_TRAIL_MGMT/2.0/``.
    start, end
        Keep events from ``start`` (inclusive). ``end`` as a date (``"2024-07-31"``) includes
        that whole day; as a datetime it is exclusive. Files in ``eventDay=`` folders outside
        the range are not opened at all.
    accounts
        Keep these recipient account IDs; files in other ``accountId=`` folders are not opened.
    s3_endpoint
        An S3-compatible endpoint URL for ``s3://`` sources (default: ``AWS_ENDPOINT_URL_S3``).

    Files are listed and their Parquet schemas read now; rows are read when collected, so
    filters push down to the scan. A file that is not Parquet raises
    :class:`~ueba.exceptions.InputError` naming it.

    Examples
    --------
    >>> lf = scan_security_lake("security-lake/CLOUD_TRAIL_MGMT/2.0/", start="2024-07-01", end="2024-07-31")  # doctest: +SKIP
    >>> lf.filter(pl.col("access_key_id") == "ASIAZQNB3KHGNXWXBSJS").collect()  # doctest: +SKIP
    """
    since, until = time_range(start, end)
    first, last = day_span(since, until)
    wanted = None if accounts is None else {str(a) for a in accounts}
    files = [
        item
        for item in list_sources(_as_list(sources), s3_endpoint=s3_endpoint)
        if _wanted(item, first, last, wanted)
    ]
    frames = [_scan_group(group) for group in _group_by_schema(files)]
    if not frames:
        return pl.LazyFrame(schema=dict(EVENTS))
    frame = pl.concat(frames, how="vertical")
    if since is not None:
        frame = frame.filter(pl.col("event_time") >= pl.lit(since))
    if until is not None:
        frame = frame.filter(pl.col("event_time") < pl.lit(until))
    if wanted is not None:
        frame = frame.filter(pl.col("recipient_account_id").is_in(sorted(wanted)))
    return frame


def read_security_lake(
    sources: Sources,
    *,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    accounts: Iterable[str] | None = None,
    s3_endpoint: str | None = None,
) -> pl.DataFrame:
    """Read Security Lake CloudTrail Parquet into a DataFrame of exactly the EVENTS schema.

    The options are those of :func:`scan_security_lake`.

    Examples
    --------
    >>> events = read_security_lake(["lake/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/"])  # doctest: +SKIP
    >>> events.group_by("event_name").len().sort("len", descending=True)  # doctest: +SKIP
    """
    return scan_security_lake(
        sources, start=start, end=end, accounts=accounts, s3_endpoint=s3_endpoint
    ).collect(engine=ENGINE)


__all__ = ["read_security_lake", "scan_security_lake"]
