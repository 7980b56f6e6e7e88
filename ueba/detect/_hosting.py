"""Is a public source address a hosting provider's (a VPS, a data centre, a VPN exit)?

Enrichment fills ``ip_is_hosting`` only from MaxMind's Anonymous-IP database
(``is_hosting_provider``); without it the column is null. What every run has is the ASN and its
registered organisation name (``as_org``), from a MaxMind ASN database or the IP-to-ASN table
bundled with ``ueba`` (``ueba/data/asn-ipv4.parquet``, RouteViews / DB-IP names such as
"DigitalOcean, LLC", "The Constant Company, LLC", "Hetzner Online GmbH"). So a source is judged a
hosting provider's by MaxMind's flag when there is one, else by its organisation's name: the
words a hosting company registers under ("hosting", "servers", "data center", "VPS", "cloud" as
a word) or the name of one of the large VPS and VPN-backbone operators whose names carry none
of those words. What the name cannot tell: the clouds of companies that are also something
else (Google Cloud is "Google LLC", Azure "Microsoft Corporation", Oracle Cloud "Oracle
Corporation"): they are not called hosting here. ``source_kind == "aws"`` is AWS's own ranges,
judged apart by every rule.
"""

from __future__ import annotations

import polars as pl

# why: the organisation names of VPS, dedicated-server and VPN-exit operators (the networks
# attackers rent: Unit 42 "Cloud Threat Report" and Wiz on third-party role abuse name
# DigitalOcean, Vultr, Linode, OVH, Hetzner, M247 ...); words first, then operators by name
HOSTING_ORG_PATTERN = (
    r"(?i)\bhosting\b|\bhost(ed|ers?)?\b|\bservers?\b|\bcloud\b|\bdata ?cent(er|re)s?\b|\bvps\b"
    r"|\bdedicated\b|\bcolocation\b|digitalocean|\bvultr\b|the constant company|\bchoopa\b"
    r"|\blinode\b|akamai connected cloud|\bovh\b|\bhetzner\b|\bcontabo\b|\bm247\b|leaseweb"
    r"|\bscaleway\b|\bhostinger\b|\bionos\b|\bnetcup\b|\bg-?core\b|\bkamatera\b|\bupcloud\b"
    r"|\bhostwinds\b|\bpsychz\b|\bquadranet\b|colocrossing|\bfrantech\b|stark industries"
    r"|\baeza\b|\bdatacamp\b|\bzenlayer\b|\bcherry servers\b|\bworldstream\b|\bservinga\b"
    # why: commercial VPNs that run their own exits under a company name with no hosting
    # word: Mullvad's servers are 31173 Services AB's (AS39351, Mullvad's sister company, as
    # its published server list says), NordVPN's PacketHub S.A.'s (AS147049, AS207137)
    r"|\b31173 services\b|\bmullvad\b|\bpackethub\b"
)


def hosting_expr() -> pl.Expr:
    """True when the row's source is a public address of a hosting provider (MaxMind's
    ``ip_is_hosting`` when known, else ``as_org`` by :data:`HOSTING_ORG_PATTERN`), else False.

    Examples
    --------
    >>> df = pl.DataFrame({"source_kind": ["public", "public", "public", "aws"],
    ...     "as_org": ["DigitalOcean, LLC", "Eircom Limited", "Hetzner Online GmbH", "AMAZON-02"],
    ...     "ip_is_hosting": [None, None, False, None]})
    >>> df.select(hosting_expr()).to_series().to_list()
    [True, False, False, False]
    """
    by_name = pl.col("as_org").fill_null("").str.contains(HOSTING_ORG_PATTERN)
    return (
        (pl.col("source_kind") == "public") & pl.coalesce(pl.col("ip_is_hosting"), by_name)
    ).fill_null(False)


def rented_expr() -> pl.Expr:
    """True when the row's source is rented rather than where a person sits: a hosting
    provider's public address (:func:`hosting_expr`) or an anonymiser's (a VPN, proxy or Tor
    exit, MaxMind's ``ip_is_anonymous``)."""
    return hosting_expr() | pl.col("ip_is_anonymous").fill_null(False)


def hosting_source_expr() -> pl.Expr:
    """Which source said so, for a reason: MaxMind's database or the organisation's name."""
    return (
        pl.when(pl.col("ip_is_hosting").is_not_null())
        .then(pl.lit("a hosting provider by MaxMind's anonymous-IP database"))
        .otherwise(
            pl.lit(
                "a hosting provider by its registered name in the ASN data (no MaxMind "
                "anonymous-IP database given)"
            )
        )
    )


__all__ = ["HOSTING_ORG_PATTERN", "hosting_expr", "hosting_source_expr", "rented_expr"]
