"""Writing the suite out: S3-layout CloudTrail delivery files and the GeoIP stand-ins."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout19._plan import AWS_BLOCKS, NETWORKS
from benchmarks.heldout19._trail import _b32


def write_files(records: list[dict[str, Any]], root: Path) -> int:
    """One gzip JSON file per account, region and five minutes, in S3 layout (added to when
    another day already wrote it); returns the files written."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rec in records:
        t = rec["eventTime"]
        bucket = t[:14] + f"{int(t[14:16]) // 5 * 5:02d}"
        groups.setdefault((rec["recipientAccountId"], rec["awsRegion"], bucket), []).append(rec)
    for (account, region, bucket), recs in groups.items():
        stamp = bucket.replace("-", "").replace(":", "") + "Z"
        folder = (
            root
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / bucket[:4]
            / bucket[5:7]
            / bucket[8:10]
        )
        folder.mkdir(parents=True, exist_ok=True)
        name = (
            f"{account}_CloudTrail_{region}_{stamp}_{_b32(account + region + bucket, 16)}.json.gz"
        )
        if (folder / name).exists():  # a Japanese day's night runs into the next UTC day's files
            recs = recs + json.loads(gzip.decompress((folder / name).read_bytes()))["Records"]
        recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(_gz.compress(body))
        tmp.replace(folder / name)
    return len(groups)


def write_geo(out: Path) -> tuple[Path, Path]:
    """MaxMind-format ASN and City databases covering exactly the suite's networks."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn_db = MMDBWriter(4, "GeoLite2-ASN", description="heldout19 ASN stand-in")
    city_db = MMDBWriter(4, "GeoLite2-City", description="heldout19 City stand-in")
    nets = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETWORKS.values()]
    nets += [(c, 16509, "AMAZON-02", m[1], m[2], m[3], m[4]) for c, m in AWS_BLOCKS.items()]
    for cidr, asn, org, country, city, lat, lon in nets:
        asn_db.insert_network(
            IPSet([cidr]), {"autonomous_system_number": asn, "autonomous_system_organization": org}
        )
        city_db.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": city}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    paths = out / "heldout19-ASN.mmdb", out / "heldout19-City.mmdb"
    for db, path in zip((asn_db, city_db), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        db.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
