"""One day of every person and every CI/CD user, vectorised over people.

People work weekdays in office hours (few at weekends) from their home ISP, whose address is
re-leased every few days inside the same ASN, or from the office NAT; about half of them sign
in to the console (with MFA) and browse with a session key. CI/CD runs Terraform a few times a
weekday from the office NAT with a long-term key, each run opening with GetCallerIdentity.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from benchmarks.synth._frames import (
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_SECOND,
    access_keys,
    gather,
    ip_strings,
    masked,
    rows,
    times,
    uuids,
)
from benchmarks.synth._people import cli_agent, home_ip
from benchmarks.synth._plan import (
    CONSOLE_APIS,
    NETWORK,
    OFFICE_NAT,
    UA_BROWSER,
    UA_TERRAFORM,
    OrgPlan,
)

_READ = r"^(Get|List|Describe|Head|Scan|Query|Filter|Check|Receive)"


def _people_tables(plan: OrgPlan) -> dict[str, pl.Series]:
    region = {r.account: r.region for r in reversed(plan.roles)}
    return {
        "arn": pl.Series(values=[p.arn for p in plan.people]),
        "user_id": pl.Series(values=[p.user_id for p in plan.people]),
        "account": pl.Series(values=[p.account for p in plan.people]),
        "name": pl.Series(values=[p.name for p in plan.people]),
        "key": pl.Series(values=[p.key for p in plan.people]),
        "region": pl.Series(values=[region[p.account] for p in plan.people]),
        "browser": pl.Series(values=[UA_BROWSER[p.os] for p in plan.people]),
    }


def _user_calls(
    rng: np.random.Generator,
    tables: dict[str, pl.Series],
    person: np.ndarray,
    t: np.ndarray,
    api: pl.Series,
    ip: pl.Series,
    ua: pl.Series,
    *,
    deny: float,
    key: pl.Series | None = None,
) -> pl.DataFrame:
    """IAM-user API calls: ``person`` indexes plan.people, one entry per call."""
    n = len(person)
    parts = api.str.split_exact(":", 1).struct.unnest()
    account = gather(tables["account"], person)
    return rows(
        n,
        {
            "event_time": times(t),
            "event_version": "1.09",
            "event_source": parts["field_0"],
            "event_name": parts["field_1"],
            "read_only": parts["field_1"].str.contains(_READ),
            "aws_region": gather(tables["region"], person),
            "source_ip_address": ip,
            "user_agent": ua,
            "error_code": masked(rng.random(n) < deny, "AccessDenied"),
            "event_type": "AwsApiCall",
            "management_event": True,
            "event_category": "Management",
            "event_id": uuids(rng, n),
            "request_id": uuids(rng, n),
            "tls_version": "TLSv1.3",
            "identity_type": "IAMUser",
            "identity_arn": gather(tables["arn"], person),
            "identity_principal_id": gather(tables["user_id"], person),
            "identity_account_id": account,
            "identity_user_name": gather(tables["name"], person),
            "recipient_account_id": account,
            "access_key_id": key if key is not None else gather(tables["key"], person),
        },
    )


def crowd_day(plan: OrgPlan, day: int) -> list[pl.DataFrame]:
    """Every person's and CI/CD user's activity on ``day``."""
    rng = np.random.default_rng([plan.seed, day, 100])
    day_us = plan.start_us + day * US_PER_DAY
    weekend = int((day_us // US_PER_DAY + 3) % 7) >= 5
    tables = _people_tables(plan)
    humans = np.array([i for i, p in enumerate(plan.people) if not p.ci], dtype=np.int64)
    frames = _ci(plan, rng, tables, day_us, weekend)
    if len(humans) == 0:
        return frames
    h = len(humans)
    travelling = np.array([plan.travel.get(int(i), (-1, ""))[0] == day for i in humans])
    works = travelling | (rng.random(h) < (0.08 if weekend else 0.75))
    office = (
        np.array([plan.people[i].office for i in humans])
        & (rng.random(h) < 0.6)
        & ~travelling
        & (not weekend)
    )
    ip_int = np.empty(h, dtype=np.int64)
    for j, i in enumerate(humans):  # per person, not per event
        if travelling[j]:
            net = NETWORK[plan.travel[int(i)][1]]
            ip_int[j] = net.start + 1 + int(rng.integers(0, net.size - 2))
        else:
            ip_int[j] = OFFICE_NAT if office[j] else home_ip(plan, int(i), day)
    person_ip = ip_strings(ip_int)

    # CLI: a couple of hours of commands, tool = aws-cli on the person's OS
    n_cli = np.where(works, 1 + rng.poisson(20, h), 0)
    e = np.repeat(np.arange(h), n_cli)
    start = day_us + ((8 + rng.random(h) * 8) * US_PER_HOUR).astype(np.int64)
    t = start[e] + (rng.random(len(e)) * 2 * US_PER_HOUR).astype(np.int64)
    width = max(len(plan.people[i].apis) for i in humans)
    api_table = [f"{s}:{n}" for i in humans for s, n in (plan.people[i].apis * width)[:width]]
    ua_table = [
        cli_agent(plan.people[i].os, s, n)
        for i in humans
        for s, n in (plan.people[i].apis * width)[:width]
    ]
    n_apis = np.array([len(plan.people[i].apis) for i in humans])
    slot = e * width + (rng.random(len(e)) * n_apis[e]).astype(np.int64)
    frames.append(
        _user_calls(
            rng,
            tables,
            humans[e],
            t,
            gather(api_table, slot),
            gather(person_ip, e),
            gather(ua_table, slot),
            deny=0.02,
        )
    )

    # console: a sign-in with MFA, then browsing with the session's key
    console = (
        works
        & np.array([plan.people[i].console for i in humans])
        & (travelling | (rng.random(h) < 0.5))
    )
    s_idx = np.nonzero(console)[0]
    if len(s_idx):
        frames += _console(rng, tables, humans[s_idx], day_us, gather(person_ip, s_idx))
    return frames


def _console(
    rng: np.random.Generator,
    tables: dict[str, pl.Series],
    person: np.ndarray,
    day_us: int,
    ip: pl.Series,
) -> list[pl.DataFrame]:
    s = len(person)
    t0 = day_us + ((7.5 + rng.random(s) * 9) * US_PER_HOUR).astype(np.int64)
    account = gather(tables["account"], person)
    login = rows(
        s,
        {
            "event_time": times(t0),
            "event_version": "1.09",
            "event_source": "signin.amazonaws.com",
            "event_name": "ConsoleLogin",
            "aws_region": "us-east-1",
            "source_ip_address": ip,
            "user_agent": gather(tables["browser"], person),
            "read_only": False,
            "event_type": "AwsConsoleSignIn",
            "management_event": True,
            "event_category": "Management",
            "event_id": uuids(rng, s),
            "response_elements": '{"ConsoleLogin":"Success"}',
            "additional_event_data": '{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"Yes"}',
            "identity_type": "IAMUser",
            "identity_arn": gather(tables["arn"], person),
            "identity_principal_id": gather(tables["user_id"], person),
            "identity_account_id": account,
            "identity_user_name": gather(tables["name"], person),
            "recipient_account_id": account,
        },
    )
    keys = access_keys(rng, s, "ASIA")
    m = 5 + rng.poisson(15, s)
    e = np.repeat(np.arange(s), m)
    t = t0[e] + 30 * US_PER_SECOND + (rng.random(len(e)) * 2 * US_PER_HOUR).astype(np.int64)
    api = gather([f"{a}:{b}" for a, b in CONSOLE_APIS], rng.integers(0, len(CONSOLE_APIS), len(e)))
    internal = rng.random(len(e)) < 0.1  # calls the console makes from inside AWS
    calls_ip = gather(ip, e).zip_with(
        pl.Series(values=~internal), pl.Series(values=["AWS Internal"] * len(e))
    )
    ua = gather(tables["browser"], person[e]).zip_with(
        pl.Series(values=~internal), pl.Series(values=["AWS Internal"] * len(e))
    )
    calls = _user_calls(
        rng, tables, person[e], t, api, calls_ip, ua, deny=0.01, key=gather(keys, e)
    )
    calls = calls.with_columns(
        session_creation_date=times(t0[e] // US_PER_SECOND * US_PER_SECOND),
        mfa_authenticated=pl.lit(True),
        session_credential_from_console=pl.lit(True),
    )
    return [login, calls]


def _ci(
    plan: OrgPlan,
    rng: np.random.Generator,
    tables: dict[str, pl.Series],
    day_us: int,
    weekend: bool,
) -> list[pl.DataFrame]:
    ci = np.array([i for i, p in enumerate(plan.people) if p.ci], dtype=np.int64)
    if len(ci) == 0:
        return []
    runs = rng.poisson(0.3 if weekend else 3.0, len(ci)) + (0 if weekend else 1)
    run_person = np.repeat(ci, runs)
    r = len(run_person)
    if r == 0:
        return []
    start = day_us + ((9 + rng.random(r) * 10) * US_PER_HOUR).astype(np.int64)
    size = 20 + rng.integers(0, 31, r)
    e = np.repeat(np.arange(r), size)
    t = start[e] + (rng.random(len(e)) * 180 * US_PER_SECOND).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    t[first] = start  # every run starts by asking who it is
    apis = plan.people[int(ci[0])].apis
    pick = rng.integers(0, len(apis) - 1, len(e))
    pick[first] = len(apis) - 1  # GetCallerIdentity is last in CI_APIS
    api = gather([f"{a}:{b}" for a, b in apis], pick)
    n = len(e)
    ip = pl.Series(values=[ip_strings(np.array([OFFICE_NAT]))[0]] * n)
    return [
        _user_calls(
            rng, tables, run_person[e], t, api, ip, pl.Series(values=[UA_TERRAFORM] * n), deny=0.005
        )
    ]
