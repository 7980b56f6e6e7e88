"""A console sign-in from an anonymising network with a browser the person never used
(``console``'s ``anonymising_network_new_browser``; twelfth session, tuned on the eighteenth
held-out suite's A9 after its blind measure).

The classic stolen-password or stolen-session sign-in does not come from abroad: it comes from
a commercial VPN or a residential proxy exit chosen *in the victim's own country*, so that
impossible travel and "new country" stay quiet (Permiso's and Mandiant's write-ups on LUCR-3 /
Scattered Spider; CISA AA23-320A: "use of commercial VPN services ... to appear to come from the
victim's region"). What still gives it away is the pair: a network that belongs to a hosting or
anonymising provider (a VPN exit, a VPS) the person never signed in from, *and* a browser (the
product: Firefox, Chrome, Edge, Safari; not its version, which updates every month) the person
never used. A traveller's hotel, a café or a new office ISP is a residential or corporate
network, and the person brings their own browser; someone trying a VPN on their own laptop
keeps their browser. Both at once is a different machine on a rented exit: **medium** (a
person should look today). An MFA AWS itself checked for this sign-in (``MFAUsed: Yes``) is
the owner's device in hand: **low**; a federated sign-in's MFA is the identity provider's,
whose stolen session passes it.

*Anonymising* is MaxMind's Anonymous-IP ``is_anonymous`` (VPN, Tor, proxy, hosting) when that
database is given, else :func:`ueba.detect._hosting.hosting_expr` (MaxMind's hosting flag, or the
ASN organisation's name). Only mature principals (``logins`` comes filtered) are judged.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import hosting_expr
from ueba.detect.rules._base import Rule
from ueba.detect.rules._console_habit import place_and_device
from ueba.enrichment.useragent import parsed_agents


def anonymising_expr() -> pl.Expr:
    """The row's public source is an anonymising network: MaxMind's ``ip_is_anonymous`` when
    known (VPN, Tor exit, public proxy, hosting), else a hosting provider's
    (:func:`~ueba.detect._hosting.hosting_expr`).

    Examples
    --------
    >>> df = pl.DataFrame({"source_kind": ["public", "public", "public"],
    ...     "as_org": ["Telia Company AB", "Telia Company AB", "31173 Services AB"],
    ...     "ip_is_anonymous": [None, True, None], "ip_is_hosting": [None, False, None]})
    >>> df.select(anonymising_expr()).to_series().to_list()
    [False, True, True]
    """
    anonymous = (pl.col("source_kind") == "public") & pl.col("ip_is_anonymous")
    return pl.coalesce(anonymous, hosting_expr()).fill_null(False)


def _browsers(baseline: BaselineView) -> pl.LazyFrame:
    """(principal, _browsers_all, _browsers): the browser products (``ua_runtime`` of the
    ``browser`` family: firefox, chrome, edge, safari ...) of each principal's fingerprints in
    the window; each distinct fingerprint is parsed once."""
    known = baseline.known("principal", "ua_fingerprint").select("entity", "value")
    products = (
        parsed_agents(known.select(pl.col("value").alias("user_agent")))
        .filter(pl.col("ua_family") == "browser")
        .select(pl.col("user_agent").alias("value"), pl.col("ua_runtime").alias("_product"))
        .drop_nulls("_product")
    )
    return (
        known.join(products, on="value", how="inner")
        .group_by("entity")
        .agg(pl.col("_product").unique().sort().alias("_browsers_all"))
        .select(
            pl.col("entity").alias("principal"),
            "_browsers_all",
            pl.col("_browsers_all").list.join(", ").alias("_browsers"),
        )
    )


def anonymising_new_browser(logins: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``logins`` (successful console sign-ins of mature principals) from an anonymising network
    (:func:`anonymising_expr`) whose ASN the principal never used in the window, with a browser
    product it never used, plus ``_browsers`` (the products it used, or "none") for the
    reason."""
    asns = baseline.known("principal", "asn").select(
        pl.col("entity").alias("principal"),
        pl.col("value").alias("_asn"),
        _asn_seen=pl.lit(True),
    )
    candidates = (
        logins.filter(
            anonymising_expr()
            & (pl.col("ua_family") == "browser")
            & pl.col("ua_runtime").is_not_null()
        )
        .with_columns(pl.col("asn").cast(pl.String).alias("_asn"))
        .join(asns, on=["principal", "_asn"], how="left")
        .filter(pl.col("_asn_seen").is_null())
        .join(_browsers(baseline), on="principal", how="left")
    )
    used = pl.col("_browsers_all").list.contains(pl.col("ua_runtime")).fill_null(False)
    return (
        candidates.filter(~used)
        .with_columns(pl.col("_browsers").fill_null("none").alias("_browsers"))
        .drop("_asn", "_asn_seen", "_browsers_all")
    )


def device_hits(
    rule: Rule, logins: pl.LazyFrame, baseline: BaselineView, mfa: pl.Expr
) -> list[pl.LazyFrame]:
    """``console``'s two hits on a sign-in's place and machine together: ``new_place_and_device``
    (a country and an OS both new for the principal, :func:`place_and_device`) and
    ``anonymising_network_new_browser`` (:func:`anonymising_new_browser`); ``logins`` are the
    mature principals' successful sign-ins, ``mfa`` the sign-in's ``MFAUsed``."""
    w0 = float(rule["weight"])
    hits: list[pl.LazyFrame] = []
    # why: a new country and a new OS at one sign-in is a stolen session or password
    # (Entra ID's unfamiliar sign-in properties, Okta's new geo-location + new device);
    # an MFA AWS itself checked for this sign-in (MFAUsed: Yes) is the owner's device in
    # hand, e.g. a phone on holiday (sixth held-out suite's B8): low. A federated
    # sign-in's MFA is the IdP's, whose stolen session passes it (Permiso's LUCR-3)
    proved = (mfa == "Yes").fill_null(False)

    def severity(key: str) -> pl.Expr:
        return pl.when(proved).then(pl.lit("low")).otherwise(pl.lit(str(rule[key])))

    hits.append(
        rule.emit(
            place_and_device(logins, baseline),
            signal="new_place_and_device",
            reason=pl.format(
                "{} signed in to the console from {} with {} ({}), both new for it (it "
                "was seen from {} with {}): a new place and a new device at once{}",
                pl.col("principal_label"),
                pl.col("country"),
                pl.col("ua_os_family"),
                pl.col("source_ip_address"),
                pl.col("_known_countries"),
                pl.col("_known_os"),
                pl.when(proved)
                .then(pl.lit(", with an MFA AWS checked (the owner's new device)"))
                .otherwise(pl.lit("")),
            ),
            baseline=pl.format("{} / {}", pl.col("_known_countries"), pl.col("_known_os")),
            observed=pl.format("{} / {}", pl.col("country"), pl.col("ua_os_family")),
            weight=float(rule["place_and_device_weight"]) / w0,
            severity=severity("place_and_device_severity"),
            basis="novelty",
        )
    )
    # why: a VPN exit or proxy in the victim's own country with another machine's
    # browser is how stolen passwords and sessions are used (CISA AA23-320A on
    # Scattered Spider; Permiso on LUCR-3): ._console_vpn
    hits.append(
        rule.emit(
            anonymising_new_browser(logins, baseline),
            signal="anonymising_network_new_browser",
            reason=pl.format(
                "{} signed in to the console from {} ({}, AS{} {}), an anonymising or "
                "hosting network it never used, with {}, a browser it never used (it "
                "used: {}){}",
                pl.col("principal_label"),
                pl.col("source_ip_address"),
                pl.col("country").fill_null("?"),
                pl.col("asn"),
                pl.col("as_org").fill_null("?"),
                pl.col("ua_runtime"),
                pl.col("_browsers"),
                pl.when(proved)
                .then(pl.lit(", with an MFA AWS checked (the owner's device)"))
                .otherwise(pl.lit("")),
            ),
            baseline=pl.col("_browsers"),
            observed=pl.format("AS{} / {}", pl.col("asn"), pl.col("ua_runtime")),
            weight=float(rule["place_and_device_weight"]) / w0,
            severity=severity("vpn_new_browser_severity"),
            basis="novelty",
        )
    )
    return hits


__all__ = ["anonymising_expr", "anonymising_new_browser", "device_hits"]
