"""Writers for the synthetic organisation: CloudTrail files, GeoIP/ASN databases, a threat list.

``write_cloudtrail`` turns an EVENTS frame back into CloudTrail's camelCase records, vectorised
(polars struct -> JSON, free-form members spliced in as raw JSON), and writes them in the S3
layout CloudTrail delivers: ``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import tempfile
from pathlib import Path

import polars as pl

from benchmarks.synth._plan import NETWORKS, THREAT_IP, _aws_prefixes

_ISO = "%Y-%m-%dT%H:%M:%SZ"
_RAW_MEMBERS = (
    ("request_parameters", "requestParameters", True),
    ("response_elements", "responseElements", True),
    ("additional_event_data", "additionalEventData", False),
    ("resources", "resources", False),
    ("service_event_details", "serviceEventDetails", False),
)
_REGION_COUNTRY = {"us": "US", "eu-west-1": "IE", "eu-central-1": "DE", "eu-west-2": "GB"}


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _bool_text(name: str) -> pl.Expr:
    return (
        pl.when(pl.col(name)).then(pl.lit("true")).when(pl.col(name).not_()).then(pl.lit("false"))
    )


def _record_struct() -> pl.Expr:
    session_issuer = pl.when(pl.col("session_issuer_arn").is_not_null()).then(
        pl.struct(
            pl.col("session_issuer_type").alias("type"),
            pl.col("session_issuer_principal_id").alias("principalId"),
            pl.col("session_issuer_arn").alias("arn"),
            pl.col("session_issuer_account_id").alias("accountId"),
            pl.col("session_issuer_user_name").alias("userName"),
        )
    )
    has_session = (
        pl.col("session_creation_date").is_not_null() | pl.col("session_issuer_arn").is_not_null()
    )
    session_context = pl.when(has_session).then(
        pl.struct(
            session_issuer.alias("sessionIssuer"),
            pl.struct(
                pl.col("session_creation_date").dt.strftime(_ISO).alias("creationDate"),
                _bool_text("mfa_authenticated").alias("mfaAuthenticated"),
            ).alias("attributes"),
            pl.col("source_identity").alias("sourceIdentity"),
            pl.col("ec2_role_delivery").alias("ec2RoleDelivery"),
        )
    )
    identity = pl.struct(
        pl.col("identity_type").alias("type"),
        pl.col("identity_principal_id").alias("principalId"),
        pl.col("identity_arn").alias("arn"),
        pl.col("identity_account_id").alias("accountId"),
        pl.col("access_key_id").alias("accessKeyId"),
        pl.col("identity_user_name").alias("userName"),
        session_context.alias("sessionContext"),
        pl.col("invoked_by").alias("invokedBy"),
        pl.col("identity_provider").alias("identityProvider"),
        pl.col("credential_id").alias("credentialId"),
    )
    tls = pl.when(pl.col("tls_version").is_not_null()).then(
        pl.struct(
            pl.col("tls_version").alias("tlsVersion"),
            pl.col("tls_cipher_suite").alias("cipherSuite"),
            pl.col("tls_client_provided_host_header").alias("clientProvidedHostHeader"),
        )
    )
    return pl.struct(
        pl.col("event_version").alias("eventVersion"),
        identity.alias("userIdentity"),
        pl.col("event_time").dt.strftime(_ISO).alias("eventTime"),
        pl.col("event_source").alias("eventSource"),
        pl.col("event_name").alias("eventName"),
        pl.col("aws_region").alias("awsRegion"),
        pl.col("source_ip_address").alias("sourceIPAddress"),
        pl.col("user_agent").alias("userAgent"),
        pl.col("error_code").alias("errorCode"),
        pl.col("error_message").alias("errorMessage"),
        pl.col("request_id").alias("requestID"),
        pl.col("event_id").alias("eventID"),
        pl.col("read_only").alias("readOnly"),
        pl.col("event_type").alias("eventType"),
        pl.col("management_event").alias("managementEvent"),
        pl.col("recipient_account_id").alias("recipientAccountId"),
        pl.col("shared_event_id").alias("sharedEventID"),
        pl.col("vpc_endpoint_id").alias("vpcEndpointId"),
        pl.col("vpc_endpoint_account_id").alias("vpcEndpointAccountId"),
        pl.col("event_category").alias("eventCategory"),
        tls.alias("tlsDetails"),
        _bool_text("session_credential_from_console").alias("sessionCredentialFromConsole"),
    )


def cloudtrail_records(events: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """EVENTS rows as CloudTrail JSON record text (column ``record``), nulls left out."""
    lazy = events.lazy()
    encoded = _record_struct().struct.json_encode()
    # CloudTrail leaves absent keys out rather than writing null
    for pattern, repl in (
        (r',"[A-Za-z0-9]+":null', ""),
        (r'\{"[A-Za-z0-9]+":null,', "{"),
        (r'\{"[A-Za-z0-9]+":null\}', "{}"),
    ):
        encoded = encoded.str.replace_all(pattern, repl)
    # ... and leaves out objects that became empty
    encoded = encoded.str.replace_all(r',"[A-Za-z0-9]+":\{\}', "").str.replace_all(
        r'"[A-Za-z0-9]+":\{\},', ""
    )
    tail = [
        pl.when(pl.col(col).is_not_null())
        .then(pl.format(',"{}":{}', pl.lit(key), pl.col(col)))
        .otherwise(pl.lit(f',"{key}":null' if always else ""))
        for col, key, always in _RAW_MEMBERS
    ]
    record = pl.concat_str([encoded.str.strip_suffix("}"), *tail, pl.lit("}")])
    return lazy.with_columns(record.alias("record"))


def write_cloudtrail(
    events: pl.DataFrame | pl.LazyFrame, out_dir: str | os.PathLike[str], *, minutes: int = 60
) -> list[Path]:
    """Write EVENTS as CloudTrail S3-layout ``{"Records": [...]}`` ``.json.gz`` files.

    One file per account, region and ``minutes`` of event time; returns the paths written.
    Each file is written to a temporary name and renamed, so none is ever half written.

    >>> paths = write_cloudtrail(generate_org(days=2, scale=0.2, inject_days=1).events, tmp)  # doctest: +SKIP
    """
    from isal import igzip

    out = Path(out_dir)
    files = (
        cloudtrail_records(events)
        .with_columns(
            pl.col("recipient_account_id").fill_null("000000000000").alias("_account"),
            pl.col("aws_region").fill_null("us-east-1").alias("_region"),
            pl.col("event_time").dt.truncate(f"{minutes}m").alias("_bucket"),
        )
        .group_by("_account", "_region", "_bucket")
        .agg(pl.col("record").str.join(","), pl.len().alias("n"))
        .sort("_account", "_region", "_bucket")
        .collect()
    )
    written = []
    for account, region, bucket, text, _ in files.iter_rows():
        stamp = bucket.strftime("%Y%m%dT%H%MZ")
        unique = hashlib.sha256(f"{account}{region}{stamp}".encode()).hexdigest()[:16]
        path = (
            out
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / bucket.strftime("%Y/%m/%d")
            / (f"{account}_CloudTrail_{region}_{stamp}_{unique}.json.gz")
        )
        _atomic_write(
            path, igzip.compress(('{"Records":[' + text + "]}").encode(), compresslevel=1)
        )
        written.append(path)
    return written


def write_geoip_mmdb(out_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write ``synth-ASN.mmdb`` and ``synth-City.mmdb`` describing the organisation's IP plan.

    Covers every network of the plan (ISPs, office, travel, attackers, threat list) and the EC2
    prefixes the generator draws AWS addresses from. Returns ``(asn_path, city_path)``.

    >>> asn_db, city_db = write_geoip_mmdb("geo/")  # doctest: +SKIP
    >>> geo = ueba.MaxMindReader(asn_db=asn_db, city_db=city_db)  # doctest: +SKIP
    """
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="ueba synthetic ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="ueba synthetic City")
    for net in NETWORKS:
        nets = IPSet([net.cidr])
        asn.insert_network(
            nets,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.as_org},
        )
        city.insert_network(
            nets,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.latitude, "longitude": net.longitude},
            },
        )
    for region, prefixes in _aws_prefixes().items():
        country = _REGION_COUNTRY.get(region, _REGION_COUNTRY.get(region[:2], "US"))
        nets = IPSet([p[2] for p in prefixes])
        number = 14618 if region == "us-east-1" else 16509
        asn.insert_network(
            nets,
            {
                "autonomous_system_number": number,
                "autonomous_system_organization": "AMAZON-AES" if number == 14618 else "AMAZON-02",
            },
        )
        city.insert_network(nets, {"country": {"iso_code": country, "names": {"en": country}}})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "synth-ASN.mmdb", out / "synth-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-", suffix=".mmdb")
        os.close(fd)
        writer.to_db_file(tmp)
        os.replace(tmp, path)
    return paths


def write_threat_list(path: str | os.PathLike[str]) -> Path:
    """Write the synthetic threat list (one IP or CIDR per line) and return its path.

    Give it to the scorer as ``[intel] threat = ["threat.txt"]`` in the TOML config.

    >>> write_threat_list("threat.txt")  # doctest: +SKIP
    """
    target = Path(path)
    _atomic_write(target, f"{ipaddress.ip_address(THREAT_IP)}\n".encode())
    return target
