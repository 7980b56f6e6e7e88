"""CloudTrail records and the S3 layout they are delivered in, plus the GeoIP databases.

Records are plain dicts shaped like the ones CloudTrail writes (userIdentity, eventTime,
requestParameters, ...); identities are built by the helpers below so every actor's events
look alike. Nothing here knows about ``ueba``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import json
import os
import random
import string
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout7._org import DST_START, END, NETWORKS

_KEY = string.ascii_uppercase + "234567"
_READ = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Query", "Scan", "BatchGet")


def local_offset(when: dt.datetime) -> dt.timedelta:
    """Sydney's offset from UTC at ``when`` (UTC): +10 before the change, +11 after."""
    return dt.timedelta(hours=11 if when >= DST_START else 10)


def sydney(day: dt.date, hour: float) -> dt.datetime:
    """The UTC time of ``hour`` (fractional) on the Sydney calendar day ``day``."""
    naive = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)
    guess = naive - dt.timedelta(hours=10)
    return naive - local_offset(guess)


class Ids:
    """Seeded identifiers: event IDs, request IDs, access keys."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def uuid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "VWPY" + "".join(self.rng.choice(_KEY) for _ in range(12))

    def hexid(self, n: int) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def ip(self, network: str) -> str:
        base, hosts = NETWORKS[network][0], NETWORKS[network][1]
        if base.count(".") == 3:
            return f"{base}{10 + self.rng.randrange(min(hosts, 240))}"
        n = self.rng.randrange(hosts)
        return f"{base}{1 + (n // 250) % 254}.{1 + n % 250}"


# ---- identities ------------------------------------------------------------------------------


def role_session(
    acct: str,
    role: str,
    session: str,
    key: str,
    *,
    issued: dt.datetime,
    console: bool = False,
    path: str = "/",
    source_identity: str | None = None,
) -> dict[str, Any]:
    role_id = "AROA" + (acct + role).encode().hex()[:17].upper()
    ctx: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{acct}:role{path}{role}",
            "accountId": acct,
            "userName": role,
        },
        "attributes": {"creationDate": stamp(issued), "mfaAuthenticated": "false"},
    }
    if source_identity:
        ctx["sourceIdentity"] = source_identity
    out = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{session}",
        "accountId": acct,
        "accessKeyId": key,
        "sessionContext": ctx,
    }
    if console:
        out["_console"] = True
    return out


def sso_role(pset: str) -> str:
    return f"AWSReservedSSO_{pset}_{(pset.encode().hex() + '0' * 16)[:16]}"


def sso_session(
    acct: str, user: str, pset: str, key: str, *, issued: dt.datetime
) -> dict[str, Any]:
    return role_session(
        acct,
        sso_role(pset),
        user,
        key,
        issued=issued,
        path=f"/aws-reserved/sso.amazonaws.com/{'ap-southeast-2'}/",
    )


def iam_user(acct: str, user: str, key: str) -> dict[str, Any]:
    uid = "AIDA" + (acct + user).encode().hex()[:17].upper()
    return {
        "type": "IAMUser",
        "principalId": uid,
        "arn": f"arn:aws:iam::{acct}:user/{user}",
        "accountId": acct,
        "accessKeyId": key,
        "userName": user,
    }


def root(acct: str, key: str = "") -> dict[str, Any]:
    out = {
        "type": "Root",
        "principalId": acct,
        "arn": f"arn:aws:iam::{acct}:root",
        "accountId": acct,
    }
    if key:
        out["accessKeyId"] = key
    return out


def service(svc: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": svc}


def other_account(acct: str, principal: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal, "accountId": acct}


def web_identity(acct: str, subject: str) -> dict[str, Any]:
    idp = f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com"
    return {
        "type": "WebIdentityUser",
        "principalId": f"{idp}:sts.amazonaws.com:{subject}",
        "userName": subject,
        "identityProvider": idp,
    }


def saml_user(acct: str, user: str) -> dict[str, Any]:
    idp = f"arn:aws:iam::{acct}:saml-provider/AWSSSO_4f1c2b7e9d0a3c55_DO_NOT_DELETE"
    return {
        "type": "SAMLUser",
        "principalId": f"{idp.split('/')[-1]}:{user}",
        "userName": user,
        "identityProvider": idp,
    }


def minted(
    key: str, role_arn: str, session: str, when: dt.datetime, hours: float = 1.0
) -> dict[str, Any]:
    acct = role_arn.split(":")[4]
    role = role_arn.rsplit("/", 1)[-1]
    return {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "<redacted>",
            "expiration": stamp(when + dt.timedelta(hours=hours)),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"AROA{(acct + role).encode().hex()[:17].upper()}:{session}",
            "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{session}",
        },
    }


def stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- records ---------------------------------------------------------------------------------


class Trail:
    """Collects records; ``add`` returns the event ID so incidents can name their events."""

    def __init__(self, rng: random.Random) -> None:
        self.ids = Ids(rng)
        self.records: list[dict[str, Any]] = []

    def add(
        self,
        when: dt.datetime,
        acct: str,
        region: str,
        source: str,
        name: str,
        identity: dict[str, Any],
        ip: str,
        ua: str,
        *,
        req: Any = None,
        resp: Any = None,
        error: str | None = None,
        data: bool = False,
        extra: dict[str, Any] | None = None,
        event_type: str = "AwsApiCall",
    ) -> str:
        identity = dict(identity)
        console = identity.pop("_console", False)
        event_id = self.ids.uuid()
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if not data else "1.09",
            "userIdentity": identity,
            "eventTime": stamp(when),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": req,
            "responseElements": resp,
            "requestID": self.ids.uuid(),
            "eventID": event_id,
            "readOnly": name.startswith(_READ),
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": acct,
            "eventCategory": "Data" if data else "Management",
        }
        if ip[0].isdigit():
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
            }
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = f"{error}: the request was refused"
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return event_id


def write_trail(
    records: list[dict[str, Any]], out: Path, rng: random.Random, minutes: int = 5
) -> int:
    """Deliver ``records`` as CloudTrail does: per account, region and ~``minutes`` window one
    ``.json.gz`` under ``AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/``. Returns files written."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        slot = t.replace(minute=t.minute - t.minute % minutes, second=0) + dt.timedelta(
            minutes=minutes
        )
        groups[(rec["recipientAccountId"], rec["awsRegion"], slot.strftime("%Y%m%dT%H%MZ"))].append(
            rec
        )
    for (acct, region, slot), recs in sorted(groups.items()):
        day = f"{slot[:4]}/{slot[4:6]}/{slot[6:8]}"
        folder = out / "AWSLogs" / acct / "CloudTrail" / region / day
        folder.mkdir(parents=True, exist_ok=True)
        suffix = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(16))
        path = folder / f"{acct}_CloudTrail_{region}_{slot}_{suffix}.json.gz"
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        tmp = path.with_suffix(".tmp")
        with (
            open(tmp, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as gz,
        ):
            gz.write(body)
        os.replace(tmp, path)
    return len(groups)


def write_geo(out: Path) -> tuple[Path, Path]:
    """``geo/heldout7-ASN.mmdb`` and ``geo/heldout7-City.mmdb`` covering exactly NETWORKS."""
    from mmdb_writer import MmdbU32, MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn_db = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout7 ASN")
    city_db = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout7 City")
    for base, _hosts, asn, org, cc, city, lat, lon in NETWORKS.values():
        cidr = base + "0/24" if base.count(".") == 3 else base + "0.0/16"
        ipaddress.ip_network(cidr)
        nets = IPSet([cidr])
        asn_db.insert_network(
            nets, {"autonomous_system_number": MmdbU32(asn), "autonomous_system_organization": org}
        )
        city_db.insert_network(
            nets,
            {
                "country": {"iso_code": cc, "names": {"en": cc}},
                "city": {"names": {"en": city}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    epoch = int(
        dt.datetime.combine(END, dt.time(), dt.UTC).timestamp()
    )  # not the clock: same bytes every run
    for db in (asn_db, city_db):
        meta = db._build_meta
        db._build_meta = lambda meta=meta: {**meta(), "build_epoch": epoch}  # type: ignore[method-assign]
    paths = out / "heldout7-ASN.mmdb", out / "heldout7-City.mmdb"
    for db, path in zip((asn_db, city_db), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        db.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths
