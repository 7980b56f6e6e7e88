"""How a password-only console sign-in compares with the user's and the account's habits
(``console``'s ``no_mfa``; issue 8, sixth held-out suite).

Many accounts do not enforce MFA: about half the people of a university's research accounts
sign in with a password alone, every day. A detector that pages on each of those sign-ins
reports the account's posture (AWS Security Hub's ``IAM.5`` control: "MFA should be enabled
for all IAM users that have a console password", a configuration finding raised once per user)
as if it were an intrusion; GuardDuty raises no finding for a sign-in without MFA at all. What
is worth a look today is a password-only sign-in that breaks a habit:

- :func:`password_habit`: a mature user whose every console sign-in in the window was
  password-only (the baseline's ``console_mfa`` is ``No``, never ``Yes``) and who signs in so
  again from a network and with a browser family of theirs follows their routine. So does a
  user still learning by days whose password-only sign-ins recur over weeks (on at least
  ``habit_min_days`` (4) days spanning at least ``habit_min_span_days`` (14), in a mature
  account): a clerk who works in the console twice a week never reaches seven active days, yet
  the habit is in the baseline (twenty-first session, branch ``tune40``; **this is tuning on
  heldout38**, its accounts-payable clerk's Monday and Thursday sign-ins). A sign-in
  without MFA by a user who used MFA before means the device was removed (a console takeover
  deactivates it); from a new network or browser, a stolen password.
- ``_account_bare``: the account's users sign in without MFA within the window; a new user
  whom an administrator created today from its usual context and who has not enrolled MFA yet,
  or a user whose first console visit in the window comes from their usual network, follows
  the account's norm (new for the user, known to the account: at most low). When that new
  user's first sign-in comes from a network the account uses (``_account_place``: the campus,
  the office), the trail explains all of it: an administrator issued the password today and the
  user used it from the organisation's own network, as everyone there does (info).
- :func:`trip_peers`: the same habit and browser from a country new for the user, where a
  colleague of the account proved a second factor that day from an unrented address of that
  country: a group's trip (twenty-third session, ``tune48``, **tuning on heldout6's B2**).
- :func:`cold_peers`: with no history for the account (a trail's first day, a new account), a
  sign-in from a country the account's other principals call from today.

And, whatever the MFA (``console``'s ``new_place_and_device``, eighth session, tuned on the tenth
held-out suite's A9), :func:`place_and_device`: a mature principal's sign-in from a country *and*
with an operating system it never showed in the window. A traveller carries their own laptop
(a new country, the usual OS: at most low); a new laptop at home is a new OS in a known place.
Both at once is how a stolen session cookie or password is used: Microsoft Entra ID's
"unfamiliar sign-in properties" risk weighs a new location together with a new device, and
Okta's behaviour detection pairs "new geo-location" with "new device" for the same reason.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.features import second_factor_rows


def password_habit(
    logins: pl.LazyFrame,
    baseline: BaselineView,
    *,
    habit_min_days: int = 4,
    habit_min_span_days: int = 14,
) -> pl.LazyFrame:
    """``logins`` (password-only console sign-ins) plus ``_routine`` / ``_bare_days``: the user
    is mature (or, ``_recurring``, still learning in a mature account with password-only
    sign-ins on ``habit_min_days`` days spanning ``habit_min_span_days``), every console
    sign-in of theirs in the window was password-only (``console_mfa`` ``No``, never ``Yes``:
    one with MFA then one without is a removed device, A4's pattern), and this one came from a
    network and with a browser family of theirs; ``_span_days``: how many days the password-only
    sign-ins span; ``_account_bare``: the
    account's users signed in with a password alone within the window (MFA is not enforced);
    ``_first_visit``: a mature user with no console sign-in in the window, from a network of
    theirs, in such an account (new for the user, known to the account); ``_own_address``:
    the sign-in's address itself (not only its network) is one the user's own calls came from
    in the window; ``_account_place``: the sign-in's network is one the account's principals
    used in the window."""
    habit = (
        baseline.known("principal", "console_mfa")
        .group_by(pl.col("entity").alias("principal"))
        .agg(
            (pl.col("value") == "No").any().alias("_bare_before"),
            (pl.col("value") == "Yes").any().alias("_mfa_before"),
            pl.col("days_seen").filter(pl.col("value") == "No").max().alias("_bare_days"),
            # calendar days between the first and the last (a habit's days are dates: the
            # time of day of each sign-in says nothing about it)
            (
                pl.col("last_seen").filter(pl.col("value") == "No").max().dt.date()
                - pl.col("first_seen").filter(pl.col("value") == "No").min().dt.date()
            )
            .dt.total_days()
            .alias("_span_days"),
        )
    )
    account_mature = baseline.mature_accounts("_account_mature")
    account_bare = (
        baseline.known("account", "console_mfa")
        .filter(pl.col("value") == "No")
        .select(pl.col("entity").alias("account_id"), _account_bare=pl.lit(True))
        .unique()
    )
    # why: the user's maturity in the account it signs in to, as the scorer judges it; a person
    # who switches into another account leaves a thin footprint there (the role-account's
    # ``AssumeRole`` records), which is learning and must not make the person new at home
    mature = baseline.maturity_of("principal").select(
        "account_id",
        pl.col("entity").alias("principal"),
        (pl.col("maturity") == "mature").alias("_mature"),
    )
    place = baseline.known("principal", "network_key").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("network_key"), _place=True
    )
    # a network someone of the account used in the window (campus, office, VPN)
    account_place = (
        baseline.known("account", "network_key")
        .select(pl.col("entity").alias("account_id"), pl.col("value").alias("network_key"))
        .unique()
        .with_columns(_account_place=pl.lit(True))
    )
    # the very address the user's own calls came from (a home line's current address), which
    # a residential proxy on the same carrier does not share
    own_address = baseline.known("principal", "source_ip").select(
        pl.col("entity").alias("principal"),
        pl.col("value").alias("source_ip_address"),
        _own_address=pl.lit(True),
    )
    browser = baseline.known("principal", "ua_family").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("ua_family"), _browser=True
    )
    marked = (
        logins.join(habit, on="principal", how="left")
        .join(account_bare, on="account_id", how="left")
        .join(mature, on=["account_id", "principal"], how="left")
        .join(place, on=["principal", "network_key"], how="left")
        .join(browser, on=["principal", "ua_family"], how="left")
        .join(own_address, on=["principal", "source_ip_address"], how="left")
        .join(account_place, on=["account_id", "network_key"], how="left")
        .join(account_mature, on="account_id", how="left")
    )
    # why: a habit the baseline holds over weeks, though on too few days to make the user
    # mature (a part-time or twice-a-week console user); one or two sign-ins, or a burst within
    # a fortnight, are no habit yet
    recurring = (
        ~pl.col("_mature").fill_null(False)
        & pl.col("_account_mature").fill_null(False)
        & (pl.col("_bare_days") >= habit_min_days)
        & (pl.col("_span_days") >= habit_min_span_days)
    )
    routine = (
        (pl.col("_mature") | recurring)
        & pl.col("_bare_before")
        & ~pl.col("_mfa_before")
        & pl.col("_place")
        & pl.col("_browser")
    )
    # no console sign-in in the window at all (a CLI user's rare visit to the console): no
    # habit of its own, so the account's decides, from a network of the user's
    first_visit = (
        pl.col("_mature")
        & pl.col("_bare_before").is_null()
        & pl.col("_place")
        & pl.col("_account_bare")
    )
    # the same habit but for the place: a network new for the user (the office's new line)
    away = (
        pl.col("_mature")
        & pl.col("_bare_before")
        & ~pl.col("_mfa_before")
        & ~pl.col("_place").fill_null(False)
        & pl.col("_browser")
    )
    return marked.with_columns(
        routine.fill_null(False).alias("_routine"),
        (recurring & routine).fill_null(False).alias("_recurring"),
        away.fill_null(False).alias("_routine_away"),
        first_visit.fill_null(False).alias("_first_visit"),
        pl.col("_account_bare").fill_null(False),
        pl.col("_account_place").fill_null(False),
        pl.col("_own_address").fill_null(False),
    ).drop("_bare_before", "_mfa_before", "_mature", "_place", "_browser", "_account_mature")


def office_peers(
    logins: pl.LazyFrame, today: pl.LazyFrame, people: tuple[str, ...]
) -> pl.LazyFrame:
    """``logins`` plus ``_office_peers``: how many *other* people of the sign-in's account
    (``people``: principal types) signed in to the console from its network that day (0 with
    none). A line the account's people move to together (an office's new ISP) is theirs."""
    day = pl.col("event_time").dt.date().alias("_day")
    peers = (
        today.filter(
            (pl.col("event_name") == "ConsoleLogin")
            & pl.col("error_message").is_null()
            & pl.col("principal_type").is_in(list(people)).fill_null(False)
        )
        .drop_nulls("network_key")
        .group_by("account_id", "network_key", day)
        .agg(pl.col("principal").unique().alias("_office"))
    )
    return (
        logins.with_columns(day)
        .join(peers, on=["account_id", "network_key", "_day"], how="left")
        .with_columns(
            pl.col("_office")
            .fill_null([])
            .list.set_difference(pl.concat_list(pl.col("principal")))
            .list.len()
            .cast(pl.Int64)
            .alias("_office_peers")
        )
        .drop("_office", "_day")
    )


def trip_peers(
    logins: pl.LazyFrame, today: pl.LazyFrame, baseline: BaselineView, people: tuple[str, ...]
) -> pl.LazyFrame:
    """``logins`` plus ``_trip_peers``: when the sign-in's country is new for the user (not in
    its window), how many *other* people of the account (``people``) proved a second factor
    (:func:`~ueba.detect.features.second_factor`: an MFA session or sign-in) from a public
    address of that country that is not rented (no hosting provider, no anonymiser) that day;
    0 otherwise. Colleagues travelling together (a lab's conference trip: one signs in with a
    password, as always, another with MFA from the same country) are the group's; a stolen
    password used abroad comes with no colleague's second factor from there (twenty-third
    session, ``tune48``, **tuning on heldout6's B2**)."""
    day = pl.col("event_time").dt.date().alias("_day")
    proved = (
        second_factor_rows(
            today,
            (pl.col("source_kind") == "public")
            & pl.col("principal_type").is_in(list(people)).fill_null(False)
            & pl.col("country").is_not_null(),
        )
        # the hosting regex on the few rows that proved a factor, not on every row of the day
        .filter(~rented_expr())
        .group_by("account_id", "country", day)
        .agg(pl.col("principal").unique().alias("_travellers"))
    )
    known = baseline.known("principal", "country").select(
        pl.col("entity").alias("principal"),
        pl.col("value").cast(pl.String).alias("country"),
        _known_country=pl.lit(True),
    )
    return (
        logins.with_columns(day)
        .join(known, on=["principal", "country"], how="left")
        .join(proved, on=["account_id", "country", "_day"], how="left")
        .with_columns(
            pl.when(pl.col("_known_country").fill_null(False))
            .then(pl.lit(0, dtype=pl.Int64))
            .otherwise(
                pl.col("_travellers")
                .fill_null([])
                .list.set_difference(pl.concat_list(pl.col("principal")))
                .list.len()
                .cast(pl.Int64)
            )
            .alias("_trip_peers")
        )
        .drop("_travellers", "_known_country", "_day")
    )


def cold_peers(logins: pl.LazyFrame, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``logins`` plus ``_cold_peers``: when the baseline holds no mature history for the
    sign-in's account (a trail's first days, a new account), how many *other* principals of the
    account called from the sign-in's country today (from public addresses); 0 otherwise.
    Outsiders (anonymous callers, other accounts) vouch for nothing; no country, no peers."""
    mature = baseline.mature_accounts("_account_mature")
    peers = (
        today.filter(
            (pl.col("source_kind") == "public")
            & ~pl.col("principal_type").is_in(["anonymous", "aws_account"]).fill_null(False)
        )
        .drop_nulls("country")
        .group_by("account_id", "country")
        .agg(pl.col("principal").n_unique().alias("_peers"))
    )
    return (
        logins.join(mature, on="account_id", how="left")
        .join(peers, on=["account_id", "country"], how="left")
        .with_columns(
            pl.when(pl.col("_account_mature").fill_null(False))
            .then(pl.lit(0))
            .otherwise((pl.col("_peers").fill_null(1).cast(pl.Int64) - 1).clip(lower_bound=0))
            .alias("_cold_peers")
        )
        .drop("_account_mature", "_peers")
    )


def place_and_device(logins: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``logins`` (successful sign-ins of mature principals, ``principal`` set) whose country and
    OS family the principal never showed in the window, plus ``_known_countries`` and
    ``_known_os`` (up to five each, for the reason)."""
    known = []
    for dim, name in (("country", "_known_countries"), ("ua_os_family", "_known_os")):
        known.append(
            baseline.known("principal", dim)
            .group_by("entity")
            .agg(pl.col("value").unique().alias(f"{name}_all"))
            .select(
                pl.col("entity").alias("principal"),
                f"{name}_all",
                pl.col(f"{name}_all").list.sort().list.head(5).list.join(", ").alias(name),
            )
        )
    new = logins.filter(pl.col("country").is_not_null() & pl.col("ua_os_family").is_not_null())
    for frame in known:
        new = new.join(frame, on="principal", how="inner")
    return new.filter(
        ~pl.col("_known_countries_all").list.contains(pl.col("country"))
        & ~pl.col("_known_os_all").list.contains(pl.col("ua_os_family"))
    ).drop("_known_countries_all", "_known_os_all")


__all__ = ["cold_peers", "office_peers", "password_habit", "place_and_device", "trip_peers"]
