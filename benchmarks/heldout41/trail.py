"""CloudTrail records as AWS writes them (identities, minting calls, errors), the organisation
trail's five-minute S3 delivery with some records a delivery late, and the GeoIP test
databases and threat list the run reads."""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.heldout41 import org

HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase + "234567"
COORDS = {
    "Frankfurt am Main": (50.11, 8.68),
    "Abu Dhabi": (24.45, 54.38),
    "Ashburn": (39.04, -77.49),
    "Moncks Corner": (33.19, -80.01),
    "Istanbul": (41.01, 28.98),
    "Ankara": (39.93, 32.86),
    "Izmir": (38.42, 27.14),
    "Dubai": (25.2, 55.27),
    "Amsterdam": (52.37, 4.9),
    "Kocaeli": (40.77, 29.92),
    "Bucharest": (44.43, 26.1),
    "Berlin": (52.52, 13.4),
    "Helsinki": (60.17, 24.94),
    "Hanoi": (21.03, 105.85),
    "Nuremberg": (49.45, 11.08),
    "Bursa": (40.19, 29.06),
    "Gravelines": (50.99, 2.13),
}


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A credential and the identity block CloudTrail writes for it."""

    identity: dict[str, Any]
    key: str
    principal: str  # as the truth file names it
    region: str
    account: str


@dataclass
class Trail:
    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)

    # identifiers -----------------------------------------------------------------------
    def uuid(self) -> str:
        h = "".join(self.rng.choice(HEX) for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(UPPER) for _ in range(16))

    def instance_id(self) -> str:
        return "i-0" + "".join(self.rng.choice(HEX) for _ in range(16))

    def task_id(self) -> str:
        return "".join(self.rng.choice(HEX) for _ in range(32))

    def ip(self, net: str) -> str:
        n = ipaddress.ip_network(org.NETS[net].cidr)
        return str(n[self.rng.randrange(1, n.num_addresses - 1)])

    # records ---------------------------------------------------------------------------
    def event(
        self,
        t: dt.datetime,
        who: Session | dict[str, Any],
        source: str,
        name: str,
        ip: str,
        ua: str,
        *,
        account: str | None = None,
        region: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        read_only: bool | None = None,
        vpce: str | None = None,
        data: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        identity = who.identity if isinstance(who, Session) else who
        if isinstance(who, Session):
            account, region = account or who.account, region or who.region
        assert account and region
        if read_only is None:
            read_only = name.startswith(("Get", "List", "Describe", "Lookup", "Head"))
        r: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": None if error else response,
            "requestID": self.uuid(),
            "eventID": self.uuid(),
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            r["errorCode"] = error
            r["errorMessage"] = {
                "AccessDenied": f"User: {identity.get('arn', 'unknown')} is not authorized to perform: {source}:{name}",
                "ThrottlingException": "Rate exceeded",
                "Client.RequestLimitExceeded": "Request limit exceeded.",
            }.get(error, error)
        if vpce:
            r["vpcEndpointId"] = vpce
            r["vpcEndpointAccountId"] = account
        if not ip.endswith("amazonaws.com"):
            r["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if extra:
            r.update(extra)
        self.records.append(r)
        return r

    def assumed(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        session_name: str,
        region: str,
        *,
        arn: str | None = None,
        principal: str | None = None,
        ec2: bool = False,
        mfa: bool = False,
        console: bool = False,
    ) -> Session:
        """A role session's identity block (the key is new; its minting call is the caller's)."""
        role_arn = arn or org.role_arn(account, role)
        role_id = "AROA" + "".join(random.Random(role_arn).choice(UPPER) for _ in range(17))
        attributes = {"creationDate": iso(t), "mfaAuthenticated": "true" if mfa else "false"}
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": role_arn,
                "accountId": account,
                "userName": role,
            },
            "attributes": attributes,
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        if console:
            context["sessionCredentialFromConsole"] = "true"
        key = self.key()
        identity = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session_name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session_name}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        return Session(identity, key, principal or role_arn, region, account)

    def user(
        self, account: str, name: str, region: str, key: str | None = None, *, mfa: bool = False
    ) -> Session:
        uid = "AIDA" + "".join(random.Random(name + account).choice(UPPER) for _ in range(17))
        arn = org.user_arn(account, name)
        key = key or "AKIA" + "".join(random.Random("k" + name).choice(UPPER) for _ in range(16))
        identity: dict[str, Any] = {
            "type": "IAMUser",
            "principalId": uid,
            "arn": arn,
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }
        if mfa:
            identity["sessionContext"] = {
                "sessionIssuer": {},
                "attributes": {"creationDate": "", "mfaAuthenticated": "true"},
            }
        return Session(identity, key, arn, region, account)

    def minted(
        self,
        t: dt.datetime,
        service: str,
        account: str,
        role: str,
        session_name: str,
        region: str,
        *,
        ec2: bool = False,
    ) -> Session:
        """A service-minted role session (``ec2``/``lambda``/``ecs-tasks``/``elasticmapreduce``)
        and the ``AssumeRole`` CloudTrail records for it in the role's account."""
        s = self.assumed(t, account, role, session_name, region, ec2=ec2)
        self.event(
            t,
            {"type": "AWSService", "invokedBy": f"{service}.amazonaws.com"},
            "sts",
            "AssumeRole",
            f"{service}.amazonaws.com",
            f"{service}.amazonaws.com",
            account=account,
            region=region,
            params={"roleArn": s.principal, "roleSessionName": session_name},
            response=self.credentials(t, s),
            read_only=True,
            extra={"sharedEventID": self.uuid()},
        )
        return s

    def credentials(self, t: dt.datetime, s: Session, hours: int = 6) -> dict[str, Any]:
        return {
            "credentials": {
                "accessKeyId": s.key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + s.key,
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": s.identity["principalId"],
                "arn": s.identity["arn"],
            },
        }


# delivery ---------------------------------------------------------------------------------
def deliver(records: list[dict[str, Any]], root: Path, rng: random.Random) -> int:
    """The organisation trail's S3 layout: one gzip per account, region and five-minute
    delivery, about 1% of records a delivery late. Returns the number of files."""
    batches: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        slot = t.replace(minute=t.minute - t.minute % 5, second=0) + dt.timedelta(minutes=5)
        if rng.random() < 0.01:
            slot += dt.timedelta(minutes=5 * rng.randint(1, 3))
        batches.setdefault((r["recipientAccountId"], r["awsRegion"], slot), []).append(r)
    for (account, region, slot), batch in sorted(batches.items()):
        day = root / f"AWSLogs/{org.ORG_ID}/{account}/CloudTrail/{region}/{slot:%Y/%m/%d}"
        day.mkdir(parents=True, exist_ok=True)
        tag = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(16))
        name = f"{account}_CloudTrail_{region}_{slot:%Y%m%dT%H%MZ}_{tag}.json.gz"
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        tmp = day / (name + ".tmp")
        tmp.write_bytes(gzip.compress(body, mtime=0))
        tmp.rename(day / name)
    return len(batches)


def write_geo(out: Path) -> tuple[Path, Path, Path]:
    """The ASN and City test databases holding every network of ``org.NETS``, and the threat
    list: (asn_db, city_db, threat)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout41 test ASN")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout41 test City")
    for net in org.NETS.values():
        where = IPSet([net.cidr])
        asn.insert_network(
            where, {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org}
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": COORDS[net.city][0], "longitude": COORDS[net.city][1]},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    asn_db, city_db, threat = out / "asn.mmdb", out / "city.mmdb", out / "threat.txt"
    asn.to_db_file(str(asn_db))
    city.to_db_file(str(city_db))
    threat.write_text("\n".join(org.THREAT) + "\n")
    return asn_db, city_db, threat
