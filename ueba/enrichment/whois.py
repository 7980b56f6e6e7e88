"""The last resort for a public address with no ASN: RDAP through ``ipwhois``, cached on disk.

Off unless you build a :class:`WhoisLookup` and pass it as ``enrich_network(..., whois=...)``.
It is then asked only about public addresses that neither MaxMind nor the ASN table placed,
answers from its cache (one entry per network block, with a time to live) where it can, and
queries at most ``max_queries`` new addresses per run, ``min_interval`` seconds apart. The
resolver is injectable: tests replay recorded RDAP responses and never touch the network.

>>> lookup = WhoisLookup("~/.cache/ueba/whois")  # doctest: +SKIP
>>> enrich_network(events, asn_table=AsnTable.bundled(), whois=lookup)  # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from ueba._files import write_text
from ueba.enrichment.geo import GEO_SCHEMA
from ueba.exceptions import FeedError

logger = logging.getLogger(__name__)

CACHE_FILE = "whois-cache.json"
CACHE_VERSION = 1


class WhoisResolver(Protocol):
    """Turns one address into ``{"asn", "as_org", "country", "cidr"}`` (or ``None``)."""

    def __call__(self, ip: str) -> dict[str, Any] | None: ...


def _import_ipwhois() -> Any:
    try:
        import ipwhois
        import ipwhois.asn
        import ipwhois.exceptions
        import ipwhois.net
        import ipwhois.rdap
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "whois look-ups need the ipwhois package: pip install 'ueba[geo]'"
        ) from exc
    return ipwhois


def record_from_rdap(result: dict[str, Any]) -> dict[str, Any] | None:
    """The fields ``ueba`` keeps from an ``ipwhois`` RDAP result (``asn_*`` keys + ``network``)."""
    network = result.get("network") or {}
    asn_text = str(result.get("asn") or "").split()[0] if result.get("asn") else ""
    asn = int(asn_text) if asn_text.isdigit() else None
    cidr = result.get("asn_cidr") or network.get("cidr") or ""
    cidr = str(cidr).split(",")[0].strip() or None
    if asn is None and cidr is None:
        return None
    return {
        "asn": asn,
        "as_org": result.get("asn_description") or network.get("name"),
        "country": result.get("asn_country_code") or network.get("country"),
        "cidr": cidr,
    }


class IpWhoisResolver:
    """RDAP look-ups with ``ipwhois`` (``pip install 'ueba[geo]'``).

    ``fetch(ip) -> (rdap_response, asn_data)`` replaces the network calls: the recorded
    responses then go through ipwhois' own RDAP parsing exactly as live ones would.
    """

    def __init__(
        self,
        *,
        timeout: float = 5.0,
        fetch: Callable[[str], tuple[dict[str, Any], dict[str, Any]]] | None = None,
    ) -> None:
        self.timeout = timeout
        self.fetch = fetch

    def __call__(self, ip: str) -> dict[str, Any] | None:
        ipwhois = _import_ipwhois()
        try:
            net = ipwhois.net.Net(ip, timeout=self.timeout)
        except ipwhois.exceptions.IPDefinedError:
            return None  # a reserved or private block: whois has nothing to say
        if self.fetch is None:
            asn_data = ipwhois.asn.IPASN(net).lookup()
            response = None
        else:
            response, asn_data = self.fetch(ip)
        rdap = ipwhois.rdap.RDAP(net).lookup(asn_data=asn_data, response=response, depth=0)
        return record_from_rdap({**asn_data, **rdap})


class WhoisLookup:
    """A :class:`~ueba.enrichment.geo.GeoReader` answering ``asn``, ``as_org`` and ``country``.

    Parameters
    ----------
    cache_dir
        Where ``whois-cache.json`` lives (written atomically after each run that learnt
        something).
    resolver
        The :class:`WhoisResolver`; :class:`IpWhoisResolver` by default.
    ttl
        How long a cached network block is trusted.
    min_interval
        Seconds between two resolver calls (RIRs rate-limit RDAP).
    max_queries
        New look-ups per call of :meth:`lookup`; the rest stay null (and are logged) so a
        run with many unknown addresses never stalls on whois.
    """

    def __init__(
        self,
        cache_dir: str | Path,
        *,
        resolver: WhoisResolver | None = None,
        ttl: timedelta = timedelta(days=30),
        min_interval: float = 1.0,
        max_queries: int = 50,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache_dir = Path(cache_dir).expanduser()
        self.resolver = resolver
        self.ttl = ttl
        self.min_interval = min_interval
        self.max_queries = max_queries
        self.clock = clock
        self.sleep = sleep

    @property
    def cache_path(self) -> Path:
        return self.cache_dir / CACHE_FILE

    def load_cache(self) -> dict[str, dict[str, Any]]:
        """``{cidr: {"asn", "as_org", "country", "fetched_at"}}``; empty if there is none."""
        path = self.cache_path
        if not path.exists():
            return {}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            blocks = doc["blocks"]
            if doc.get("version") != CACHE_VERSION or not isinstance(blocks, dict):
                raise ValueError("unknown cache layout")
        except (ValueError, KeyError, TypeError) as exc:
            raise FeedError(
                f"the whois cache is damaged ({exc})",
                path=str(path),
                fix="Delete the file; it is rebuilt on the next run",
            ) from exc
        return blocks

    def _save_cache(self, blocks: dict[str, dict[str, Any]]) -> None:
        doc = {"version": CACHE_VERSION, "blocks": blocks}
        write_text(self.cache_path, json.dumps(doc, indent=1, sort_keys=True))

    def _cached(self, ip: str, blocks: dict[str, dict[str, Any]], now: float) -> Any:
        address = ipaddress.ip_address(ip)
        best: tuple[int, dict[str, Any]] | None = None
        for cidr, entry in blocks.items():
            network = ipaddress.ip_network(cidr, strict=False)
            fresh = now - float(entry.get("fetched_at", 0)) < self.ttl.total_seconds()
            if fresh and address in network and (best is None or network.prefixlen > best[0]):
                best = (network.prefixlen, entry)
        return None if best is None else best[1]

    def lookup(self, ips: pl.Series) -> pl.DataFrame:
        """One row of :data:`~ueba.enrichment.geo.GEO_SCHEMA` per address (only ASN, org, country)."""
        resolver = self.resolver if self.resolver is not None else IpWhoisResolver()
        blocks = self.load_cache()
        rows: list[dict[str, Any]] = []
        queried = skipped = 0
        last_call: float | None = None
        learnt = False
        for ip in ips.to_list():
            entry = self._cached(ip, blocks, self.clock())
            if entry is None and queried < self.max_queries:
                if last_call is not None:
                    wait = self.min_interval - (self.clock() - last_call)
                    if wait > 0:
                        self.sleep(wait)
                queried += 1
                last_call = self.clock()
                try:
                    record = resolver(ip)
                except Exception as exc:  # any resolver failure leaves this one address null
                    logger.warning("whois look-up of %s failed: %s", ip, exc)
                    record = None
                if record is not None:
                    entry = {k: record.get(k) for k in ("asn", "as_org", "country")}
                    entry["fetched_at"] = self.clock()
                    cidr = record.get("cidr") or f"{ip}/{ipaddress.ip_address(ip).max_prefixlen}"
                    blocks[str(ipaddress.ip_network(cidr, strict=False))] = entry
                    learnt = True
            elif entry is None:
                skipped += 1
            entry = entry or {}
            rows.append(
                {
                    "ip": ip,
                    "asn": entry.get("asn"),
                    "as_org": entry.get("as_org"),
                    "country": entry.get("country"),
                }
            )
        if learnt:
            self._save_cache(blocks)
        if skipped:
            logger.warning(
                "whois: %d addresses left without an ASN (max_queries=%d per run)",
                skipped,
                self.max_queries,
            )
        return pl.DataFrame(
            rows, schema={k: GEO_SCHEMA[k] for k in ("ip", "asn", "as_org", "country")}
        ).select(
            *(
                pl.col(name)
                if name in ("ip", "asn", "as_org", "country")
                else pl.lit(None, dtype).alias(name)
                for name, dtype in GEO_SCHEMA.items()
            )
        )


__all__ = ["IpWhoisResolver", "WhoisLookup", "WhoisResolver", "record_from_rdap"]
