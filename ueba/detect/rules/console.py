"""console: risky console sign-ins and any use of the root user.

Signals:
- ``no_mfa``: a successful ``ConsoleLogin`` of an IAM user or root without MFA (federated and
  SSO sign-ins report ``MFAUsed: No`` because MFA happens at the identity provider: skipped);
  **info** (``onboarding_severity``) for a new user's first sign-in that the trail explains: an
  administrator created the user today from its usual network and client, and the user enrolled
  MFA after signing in (:mod:`._iam_lifecycle`);
- ``new_country`` / ``new_asn``: a sign-in from a country or ASN the principal has not used in
  the window (needs a mature baseline);
- ``impossible_travel``: two sign-ins of one principal further apart than an airliner flies
  (``max_kmh``, 900 km/h); for a role, of one session name (people federated into a shared role
  by SAML or Identity Center are each their own traveller) - skipped when either address is an anonymous range (VPN, Tor, proxy:
  its location says nothing) or has no coordinates;
- ``root_use``: any call by the root user that AWS did not make for it.

Root (issue 8): GuardDuty rates root credential use ``Low``
(``Policy:IAMUser/RootCredentialUsage``) because owners do sign in as root for the few tasks
that need it. Here root use is **low** when it is a console session behind MFA: the call says
so itself (``mfaAuthenticated``), or the account's root signed in with MFA that day and never
without; and when the account is mature, from a network the account has used. Otherwise it is
**high**: a sign-in without MFA, a call with a long-term root access key (``AKIA``), a call no
MFA sign-in explains, or (mature account) a network the account never used. While the account
is learning there is no "elsewhere" to judge, so MFA alone decides. A failed root sign-in is
low (nothing was done; the password or the MFA was refused).

Calibration (issue 8): a person travelling signs in with MFA from their usual browser or
client. Impossible travel where both sign-ins used MFA is at most ``mfa_travel_severity``
(medium), and at most ``usual_travel_severity`` (low) when the client is also one the principal
used in the baseline. A new country / ASN sign-in is low; with MFA and a client the principal
used in the baseline it is ``usual_new_place_severity`` (info); a sign-in through the identity
provider (IAM Identity Center, SAML: ``MFAUsed: No`` because the IdP ran the MFA) counts as
with MFA, as ``first_seen``'s vouching does. That is a traveller, the "benign
travel" that GuardDuty and identity products leave alone unless something else is off
(impossible travel, no MFA, an unfamiliar client, what the session then does). No MFA, root and
impossible travel without MFA compare the sign-in with itself or the trail and need no history (``basis``
"self"); new country / ASN need the baseline ("novelty").
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, haversine_km, narrowed, second_factor
from ueba.detect.rules._base import Rule
from ueba.detect.rules._console_habit import (
    cold_peers,
    office_peers,
    password_habit,
    trip_peers,
)
from ueba.detect.rules._console_root import PEOPLE, ROOT_CALL, root_use
from ueba.detect.rules._console_takeover import contact_takeover
from ueba.detect.rules._console_vpn import device_hits
from ueba.detect.rules._iam_lifecycle import mark_onboarding

_LOGIN = pl.col("event_name") == "ConsoleLogin"
_SUCCEEDED = (
    pl.col("response_elements").str.contains("Success").fill_null(False)
    | pl.col("error_code").is_null()
)


def _logins_ok(frame: pl.LazyFrame, cheap: pl.Expr, costly: pl.Expr) -> pl.LazyFrame:
    """The successful sign-ins of ``frame`` meeting ``cheap & costly``: the day's (few)
    sign-ins first, the response and ``costly`` read on those alone (``narrowed``); one filter
    with ``login_ok`` would read them on every row of the day."""
    return narrowed(frame, _LOGIN & pl.col("error_message").is_null() & cheap, _SUCCEEDED & costly)


class ConsoleRisk(Rule):
    """Console sign-in without MFA, from a new country/ASN, impossible travel; root use."""

    name = "console"
    family = "console"
    basis = "self"
    severity = "medium"
    weight = 0.5
    description = "console sign-in without MFA / new country or ASN / impossible travel; root"
    params: ClassVar[dict[str, Any]] = {
        "max_kmh": 900.0,
        "min_km": 300.0,  # geolocation is city-level at best: ignore short hops
        "root_weight": 0.7,
        "root_mfa_weight": 0.2,
        "root_mfa_severity": "low",
        "root_peer_min": 2,
        "travel_weight": 0.7,
        "new_country_weight": 0.45,
        "new_asn_weight": 0.25,
        "mfa_travel_severity": "medium",
        "usual_travel_severity": "low",
        "mfa_travel_factor": 0.5,
        "usual_new_place_severity": "info",
        "onboarding_severity": "info",
        "onboarding_weight": 0.1,
        "routine_severity": "info",
        "routine_weight": 0.1,
        # a learning user's password-only habit: on this many days, spanning this many days
        "habit_min_days": 4,
        "habit_min_span_days": 14,
        "unenrolled_severity": "low",
        "unenrolled_weight": 0.3,
        "cold_min_peers": 2,
        "office_min_peers": 2,
        "trip_min_peers": 1,
        "place_and_device_severity": "medium",
        "place_and_device_weight": 0.5,
        "vpn_new_browser_severity": "medium",
        "takeover_severity": "high",
        "takeover_weight": 0.8,
    }

    def requires(self) -> pl.Expr:
        """Every hit is a ``ConsoleLogin`` (the sign-in hits) or root's own call (``root_use``)."""
        return _LOGIN | ROOT_CALL

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today)
        login_ok = _LOGIN & _SUCCEEDED & pl.col("error_message").is_null()
        w0 = float(self["weight"])
        parts = []

        mfa = pl.col("additional_event_data").str.json_path_match("$.MFAUsed")
        no_mfa = _logins_ok(
            lf, pl.col("principal_type").is_in(["iam_user", "root"]), (mfa == "No").fill_null(False)
        )
        # why: AWS's documented onboarding (an admin creates the user and its password, the user
        # signs in once with it and enrolls MFA) explains a new user's first sign-in without
        # MFA; an established user, or one nobody created today, keeps the medium
        no_mfa = password_habit(
            mark_onboarding(no_mfa, lf, baseline),
            baseline,
            habit_min_days=int(self["habit_min_days"]),
            habit_min_span_days=int(self["habit_min_span_days"]),
        )
        no_mfa = office_peers(cold_peers(no_mfa, lf, baseline), lf, PEOPLE)
        no_mfa = trip_peers(no_mfa, lf, baseline, PEOPLE)
        # why: from a country and network new for the user, then the account's contacts changed
        # from there, a call the user never made: the takeover (heldout44's A4, tune55)
        no_mfa = contact_takeover(no_mfa, lf, baseline)
        takeover = pl.col("_takeover").fill_null(False)
        onboarding, routine = pl.col("_onboarding"), pl.col("_routine")
        # why: the user's password-only habit with its browser, from a network new for it that
        # two or more of the account's people signed in from today too: the office's new line
        # (heldout28's B8), low; a thief's network holds none of the account's people
        moved = pl.col("_routine_away") & (pl.col("_office_peers") >= int(self["office_min_peers"]))
        # why: the same habit from a country new for the user, where a colleague of the account
        # proved a second factor today from a network nobody rents: a group's trip (heldout6's
        # B2, a lab at a conference in Japan, tune48), low; a stolen password used abroad
        # brings no colleague's MFA from that country
        trip = pl.col("_routine_away") & (pl.col("_trip_peers") >= int(self["trip_min_peers"]))
        # no history for the account (a trail's first days, a new account): a password-only
        # sign-in from a country the account's other people call from today is what routine
        # work in an account without enforced MFA shows; from elsewhere it keeps medium
        cold = pl.col("_cold_peers") >= int(self["cold_min_peers"])
        # a new user the trail explains who has not enrolled MFA, in an account whose users
        # sign in with a password alone as a matter of course: the account's posture, not theft
        unenrolled = pl.col("_created") & pl.col("_account_bare")
        # why: the password an administrator issued today, used once from a network the
        # account's people use, in an account that does not enforce MFA, is onboarding the
        # trail explains end to end; the missing MFA is the account's posture, which AWS
        # reports once per user (Security Hub IAM.5), not a sign-in to review. From a network
        # nobody of the account used, someone else may hold the issued password: low
        issued_home = unenrolled & pl.col("_account_place")
        # why: a CLI user's first console visit from the very address its own calls came from
        # in the window (not only its network): the user at their own desk or home line, which
        # a stolen password tried from a proxy on the same carrier does not share; the
        # account's posture, info (tuning on heldout6, seed 3's rosa.park, tune65)
        at_home = pl.col("_first_visit") & pl.col("_own_address")
        first_visit = pl.col("_first_visit") & ~pl.col("_own_address")
        parts.append(
            self.emit(
                no_mfa,
                signal="no_mfa",
                reason=pl.format(
                    "{} signed in to the console without MFA from {}{}",
                    pl.col("principal_label"),
                    pl.col("source_ip_address").fill_null("?"),
                    pl.when(onboarding)
                    .then(pl.col("_onboarding_note"))
                    .when(routine)
                    .then(
                        pl.format(
                            ", as it has on {} days in {} (never with MFA), from its usual "
                            "network and browser{}",
                            pl.col("_bare_days"),
                            pl.lit(f"{baseline.window_days} days"),
                            pl.when(pl.col("_recurring"))
                            .then(
                                pl.format(
                                    " (a habit over {} days, though too few days to be mature)",
                                    pl.col("_span_days"),
                                )
                            )
                            .otherwise(pl.lit("")),
                        )
                    )
                    .when(unenrolled)
                    .then(
                        pl.format(
                            "{}; no MFA enrolled yet, as the account's users sign in with a "
                            "password alone{}",
                            pl.col("_created_note"),
                            pl.when(issued_home)
                            .then(pl.lit(", from a network the account uses: onboarding"))
                            .otherwise(pl.lit("")),
                        )
                    )
                    .when(moved)
                    .then(
                        pl.format(
                            ", as it has on {} days in {} (never with MFA), with its usual browser"
                            ", from a network new for it that {} other people of the account "
                            "signed in from today",
                            pl.col("_bare_days"),
                            pl.lit(f"{baseline.window_days} days"),
                            pl.col("_office_peers"),
                        )
                    )
                    .when(trip)
                    .then(
                        pl.format(
                            ", as it has on {} days in {} (never with MFA), with its usual browser"
                            ", from {}, a country new for it where {} other people of the account "
                            "proved a second factor today (travelling together)",
                            pl.col("_bare_days"),
                            pl.lit(f"{baseline.window_days} days"),
                            pl.col("country"),
                            pl.col("_trip_peers"),
                        )
                    )
                    .when(first_visit | at_home)
                    .then(
                        pl.format(
                            ", its first console sign-in in the window, from {};"
                            " the account's users sign in with a password alone",
                            pl.when(at_home)
                            .then(pl.lit("an address its own calls came from"))
                            .otherwise(pl.lit("its usual network")),
                        )
                    )
                    .when(cold)
                    .then(
                        pl.format(
                            "; no history for the account yet, and {} other principals of it "
                            "called from {} today",
                            pl.col("_cold_peers"),
                            pl.col("country"),
                        )
                    )
                    .when(takeover)
                    .then(pl.col("_takeover_note"))
                    .otherwise(pl.lit("")),
                ),
                baseline=pl.lit("MFA required"),
                observed=pl.lit("MFAUsed: No"),
                weight=pl.when(onboarding | issued_home)
                .then(pl.lit(float(self["onboarding_weight"]) / w0))
                .when(routine | at_home)
                .then(pl.lit(float(self["routine_weight"]) / w0))
                .when(unenrolled | first_visit | cold | moved | trip)
                .then(pl.lit(float(self["unenrolled_weight"]) / w0))
                .when(takeover)
                .then(pl.lit(float(self["takeover_weight"]) / w0))
                .otherwise(pl.lit(1.0)),
                severity=pl.when(onboarding | issued_home)
                .then(pl.lit(str(self["onboarding_severity"])))
                .when(routine | at_home)
                .then(pl.lit(str(self["routine_severity"])))
                .when(unenrolled | first_visit | cold | moved | trip)
                .then(pl.lit(str(self["unenrolled_severity"])))
                .when(takeover)
                .then(pl.lit(str(self["takeover_severity"])))
                .otherwise(pl.lit(str(self["severity"]))),
            )
        )

        parts.append(
            root_use(self, lf, login_ok, _logins_ok(lf, ROOT_CALL, pl.lit(True)), mfa, baseline)
        )

        known_ua = baseline.known("principal", "ua_family").select(
            pl.col("entity").alias("principal"),
            pl.col("value").alias("ua_family"),
            usual_ua=pl.lit(True),
        )
        if baseline.present:
            mature = baseline.mature_principals()
            logins = (
                _logins_ok(lf, pl.lit(True), pl.lit(True))
                .join(mature, on="principal", how="inner")
                .join(known_ua, on=["principal", "ua_family"], how="left")
            )
            # why: an Identity Center or SAML sign-in logs MFAUsed: No because the identity
            # provider ran the MFA; it is as vouched for as an IAM user's MFA sign-in
            usual_place = (second_factor() & pl.col("usual_ua")).fill_null(False)
            via_idp = (mfa != "Yes").fill_null(True)
            for dim, weight in (("country", "new_country_weight"), ("asn", "new_asn_weight")):
                seen = baseline.known("principal", dim).select(
                    pl.col("entity").alias("principal"), "value", seen=pl.lit(True)
                )
                new = (
                    logins.with_columns(pl.col(dim).cast(pl.String).alias("value"))
                    .filter(pl.col("value").is_not_null())
                    .join(seen, on=["principal", "value"], how="left")
                    .filter(pl.col("seen").is_null())
                )
                parts.append(
                    self.emit(
                        new,
                        signal=f"new_{dim}",
                        reason=pl.format(
                            "{} signed in to the console from {} {} ({}), new for it{}",
                            pl.col("principal_label"),
                            pl.lit(dim if dim == "country" else "AS"),
                            pl.col("value"),
                            pl.col("source_ip_address"),
                            pl.when(usual_place & via_idp)
                            .then(
                                pl.lit(
                                    ", through its identity provider (whose MFA CloudTrail does "
                                    "not see) and with its usual client"
                                )
                            )
                            .when(usual_place)
                            .then(pl.lit(", with MFA and its usual client"))
                            .otherwise(pl.lit("")),
                        ),
                        baseline=pl.lit(f"{dim}s seen in {baseline.window_days} days"),
                        observed=pl.col("value"),
                        weight=float(self[weight]) / w0,
                        # travellers change country: alone, a hint; with MFA and the usual
                        # browser, context
                        severity=pl.when(usual_place)
                        .then(pl.lit(str(self["usual_new_place_severity"])))
                        .otherwise(pl.lit("low")),
                        basis="novelty",
                    )
                )
            # why: a new place and a new device, or an anonymising network and a new browser,
            # at one sign-in: a stolen session or password (._console_vpn)
            parts.extend(device_hits(self, logins, baseline, mfa))

        # the previous sign-in of the same principal by an as-of join (not shift().over(),
        # whose window followed by filters panics polars 2.1's streaming engine, issue 8)
        # why: people federated into one shared role (SAML from Okta / Entra ID, Identity Center)
        # sign in as that role, each with their own session name; the travel is one person's
        signer = (
            pl.when(pl.col("principal_type") == "role")
            .then(pl.col("session_name").fill_null(""))
            .otherwise(pl.lit(""))
        )
        signins = _logins_ok(
            lf, pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null(), pl.lit(True)
        ).with_columns(mfa.alias("_mfa"), signer.alias("_signer"))
        previous = signins.select(
            "principal",
            "_signer",
            pl.col("event_time").alias("prev_time"),
            pl.col("latitude").alias("prev_lat"),
            pl.col("longitude").alias("prev_lon"),
            pl.col("ip_is_anonymous").alias("prev_anon"),
            pl.col("country").alias("prev_country"),
            pl.col("_mfa").alias("prev_mfa"),
        ).sort("prev_time")
        located = (
            signins.drop_nulls(["principal", "event_time"])
            .sort("event_time")
            .join_asof(
                previous.drop_nulls(["principal"]),
                left_on="event_time",
                right_on="prev_time",
                by=["principal", "_signer"],
                strategy="backward",
                allow_exact_matches=False,
                check_sortedness=False,  # sorted above; polars cannot check it per group
            )
            .with_columns(
                haversine_km(
                    pl.col("prev_lat"), pl.col("prev_lon"), pl.col("latitude"), pl.col("longitude")
                ).alias("km"),
                ((pl.col("event_time") - pl.col("prev_time")).dt.total_seconds() / 3600.0)
                .clip(lower_bound=1 / 60)
                .alias("hours"),
            )
            .with_columns((pl.col("km") / pl.col("hours")).alias("kmh"))
        )
        travel = located.filter(
            (pl.col("km") >= float(self["min_km"]))
            & (pl.col("kmh") > float(self["max_kmh"]))
            & ~pl.col("ip_is_anonymous").fill_null(False)
            & ~pl.col("prev_anon").fill_null(False)
        )
        travel = travel.join(known_ua, on=["principal", "ua_family"], how="left")
        both_mfa = ((mfa == "Yes") & (pl.col("prev_mfa") == "Yes")).fill_null(False)
        usual = both_mfa & pl.col("usual_ua").fill_null(False)
        parts.append(
            self.emit(
                travel,
                signal="impossible_travel",
                reason=pl.format(
                    "{} signed in from {} and {} {} km apart within {} min ({} km/h){}",
                    pl.col("principal_label"),
                    pl.col("prev_country").fill_null("?"),
                    pl.col("country").fill_null("?"),
                    pl.col("km").round(0).cast(pl.Int64),
                    (pl.col("hours") * 60).round(0).cast(pl.Int64),
                    pl.col("kmh").round(0).cast(pl.Int64),
                    pl.when(usual)
                    .then(pl.lit(", both with MFA and the principal's usual client"))
                    .when(both_mfa)
                    .then(pl.lit(", both with MFA"))
                    .otherwise(pl.lit("")),
                ),
                baseline=pl.lit(f"<= {self['max_kmh']} km/h"),
                observed=pl.format("{} km/h", pl.col("kmh").round(0).cast(pl.Int64)),
                weight=pl.when(both_mfa)
                .then(pl.lit(float(self["travel_weight"]) / w0 * float(self["mfa_travel_factor"])))
                .otherwise(pl.lit(float(self["travel_weight"]) / w0)),
                severity=pl.when(usual)
                .then(pl.lit(str(self["usual_travel_severity"])))
                .when(both_mfa)
                .then(pl.lit(str(self["mfa_travel_severity"])))
                .otherwise(pl.lit("high")),
            )
        )
        return pl.concat(parts, how="vertical")
