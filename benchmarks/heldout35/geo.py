"""The suite's GeoIP databases: exactly the public addresses the organisation uses."""

from __future__ import annotations

from pathlib import Path

from benchmarks.heldout35 import org as o


def write_mmdb(root: Path) -> tuple[Path, Path]:
    """``GeoLite2-ASN.mmdb`` and ``GeoLite2-City.mmdb`` under ``root`` (temporary file, then
    rename)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout35 ASN", int_type="u32")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout35 City", int_type="u32")
    for ip, (number, org, country, name, lat, lon) in sorted(o.GEO.items()):
        where = IPSet([f"{ip}/32"])
        asn.insert_network(where, {"autonomous_system_number": number,
                                   "autonomous_system_organization": org})  # fmt: skip
        city.insert_network(where, {"country": {"iso_code": country, "names": {"en": country}},
                                    "city": {"names": {"en": name}},
                                    "location": {"latitude": lat, "longitude": lon}})  # fmt: skip
    out = []
    for writer, name in ((asn, "GeoLite2-ASN.mmdb"), (city, "GeoLite2-City.mmdb")):
        tmp = root / (name + ".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(root / name)
        out.append(root / name)
    return out[0], out[1]
