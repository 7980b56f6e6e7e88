"""Vectorised rendering of corpus files: numpy picks, polars ``concat_str`` builds the JSON text.

Every string that lands in a record is either generated here from a controlled alphabet (keys,
IDs, times) or was JSON-encoded once by msgspec (user agents, ARNs, free-form members), so
concatenating pieces yields valid JSON without per-event encoding.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import polars as pl

from benchmarks.corpus._api import CATALOG, UNIQUE, variants
from benchmarks.corpus._org import REGIONS, ROAMING, Actor, Org

VARIANTS = 16  # free-form variants per API and stream
_B32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_TLS = (
    '"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256"',
    '"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256"',
)


@dataclass(frozen=True)
class FileSpec:
    """One delivery file: its stream (account, region), time slice and event count."""

    account: int
    region: str
    index: int  # slice number within the stream
    t0: int  # epoch seconds, inclusive
    t1: int  # exclusive
    events: int


def _strings(chars: np.ndarray) -> pl.Series:
    """Rows of a uint8 ``(n, width)`` array as a String series, without a Python loop."""
    width = chars.shape[1]
    return pl.Series(np.ascontiguousarray(chars).view(f"S{width}").ravel()).cast(pl.String)


def _uuids(rng: np.random.Generator, n: int) -> pl.Series:
    digits = _HEX[rng.integers(0, 16, size=(n, 32))]
    dash = np.full((n, 1), ord("-"), dtype=np.uint8)
    return _strings(
        np.hstack(
            [
                digits[:, :8],
                dash,
                digits[:, 8:12],
                dash,
                digits[:, 12:16],
                dash,
                digits[:, 16:20],
                dash,
                digits[:, 20:],
            ]
        )
    )


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64: a cheap, well-spread hash of uint64s."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def session_keys(seed: int, actor: np.ndarray, period: np.ndarray) -> pl.Series:
    """The ASIA key of ``actor``'s ``period``-th session: the same wherever it is computed."""
    with np.errstate(over="ignore"):
        base = (np.uint64(seed) * np.uint64(1_000_003) + actor.astype(np.uint64)) * np.uint64(
            1_000_033
        ) + (period + 1).astype(np.uint64)
    h1, h2 = _mix(base), _mix(base ^ np.uint64(0x5DEECE66D))
    shifts = np.arange(0, 60, 5, dtype=np.uint64)
    low = (h1[:, None] >> shifts) & np.uint64(31)
    high = (h2[:, None] >> shifts[:4]) & np.uint64(31)
    chars = _B32[np.hstack([low, high]).astype(np.intp)]
    prefix = np.broadcast_to(np.frombuffer(b"ASIA", dtype=np.uint8), (len(actor), 4))
    return _strings(np.hstack([prefix, chars]))


def _times(epoch_s: np.ndarray) -> pl.Series:
    return pl.from_epoch(pl.Series(epoch_s, dtype=pl.Int64), time_unit="s").dt.replace_time_zone(
        "UTC"
    )


def _gather(values: list[str], idx: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(idx)


def _stream_tables(
    org: Org, account: int, region: str, seed: int
) -> tuple[list[int], list[list[str]]]:
    """Actors active in the stream, and the flattened free-form variants of every API."""
    active = [
        g
        for g, act in enumerate(org.actors)
        if act.account == account
        and act.region in (None, region)
        and any(act.kind in api.kinds for api in CATALOG)
    ]
    acct = org.accounts[account]
    members: list[list[str]] = [[], [], [], []]
    for j, api in enumerate(CATALOG):
        rng = random.Random(f"{seed}:{account}:{region}:{j}")
        for variant in variants(api, acct, region, rng, VARIANTS):
            for m in range(4):
                members[m].append(variant[m])
    return active, members


def render_stream(
    org: Org, specs: list[FileSpec], *, seed: int, start: int
) -> list[tuple[FileSpec, str, int]]:
    """The ``Records`` JSON text and record count of each file in ``specs`` (one account and region)."""
    account, region = specs[0].account, specs[0].region
    active, members = _stream_tables(org, account, region, seed)
    acts = [org.actors[g] for g in active]
    frames = []
    for spec in specs:
        rng = np.random.default_rng([seed, account, REGIONS.index(region), spec.index])
        frames.append(_events(org, acts, np.array(active), members, spec, rng, seed, start))
        frames.append(_mints(org, spec, rng, seed, start))
    table = pl.concat([f for f in frames if f.height], how="vertical").sort(
        ["file", "t"], maintain_order=True
    )
    joined = table.group_by("file", maintain_order=True).agg(pl.col("json").str.join(","), pl.len())
    texts = {row[0]: (row[1], row[2]) for row in joined.iter_rows()}
    out = []
    for spec in specs:
        text, count = texts.get(spec.index, ("", 0))
        out.append((spec, '{"Records":[' + text + "]}", int(count)))
    return out


def _events(
    org: Org,
    acts: list[Actor],
    active: np.ndarray,
    members: list[list[str]],
    spec: FileSpec,
    rng: np.random.Generator,
    seed: int,
    start: int,
) -> pl.DataFrame:
    n = spec.events
    t = np.sort(rng.integers(spec.t0, spec.t1, size=n))
    weights = np.array([a.weight for a in acts])
    local = rng.choice(len(acts), size=n, p=weights / weights.sum())
    kinds = [a.kind for a in acts]
    mix = np.array([[api.kinds.get(k, 0.0) for api in CATALOG] for k in kinds])
    cum = np.cumsum(mix / mix.sum(axis=1, keepdims=True), axis=1)
    api = np.minimum((rng.random(n)[:, None] > cum[local]).sum(axis=1), len(CATALOG) - 1)
    template = api * VARIANTS + rng.integers(0, VARIANTS, size=n)
    # session keys: the period the event falls in, and when that period's key was minted
    period = np.array([a.period_s for a in acts])[local]
    phase = np.array([a.phase_s for a in acts])[local]
    is_session = period > 0
    k = np.where(is_session, np.floor_divide(t - start - phase, np.maximum(period, 1)), 0)
    keys = session_keys(seed, active[local], k)
    static = _gather([a.static_key for a in acts], local)
    key = pl.select(pl.when(pl.Series(is_session)).then(keys).otherwise(static)).to_series()
    created = _times(start + phase + k * period).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    # where from: a private address through a VPC endpoint, or one of the actor's addresses
    vpce_ok = (
        np.array([c.vpce for c in CATALOG])[api] & np.array([bool(a.vpce) for a in acts])[local]
    )
    private = vpce_ok & (rng.random(n) < 0.4)
    ip_off = np.cumsum([0] + [len(a.ips) for a in acts])
    ip_idx = ip_off[local] + (rng.random(n) * np.diff(ip_off)[local]).astype(np.intp)
    # roaming: a fresh address from the stream's pools (Lambda egress, people on the move)
    isp, aws = org.pools["isp"], org.pools[f"aws:{spec.region}"]
    in_aws = np.array([a.kind in ("lambda", "ecs") for a in acts])[local]
    roam = ~private & (rng.random(n) < np.array([ROAMING.get(a.kind, 0.0) for a in acts])[local])
    pool_idx = np.where(
        in_aws, len(isp) + rng.integers(0, len(aws), size=n), rng.integers(0, len(isp), size=n)
    )
    ip = pl.select(
        pl.when(pl.Series(private))
        .then(_gather([a.private_ip for a in acts], local))
        .when(pl.Series(roam))
        .then(_gather([*isp, *aws], pool_idx))
        .otherwise(_gather([ip for a in acts for ip in a.ips], ip_idx))
    ).to_series()
    ua_off = np.cumsum([0] + [len(a.uas) for a in acts])
    ua_idx = ua_off[local] + (rng.random(n) * np.diff(ua_off)[local]).astype(np.intp)
    ua = _gather([u for a in acts for u in a.uas], ua_idx)
    # an Identity Center session used from the console (not the CLI) is a console session
    console = np.array(
        [a.kind == "sso" and not u.startswith('"aws-cli') for a in acts for u in a.uas]
    )[ua_idx]
    # 0 AccessDenied, 1 throttled, 2 the API's own error, 3 none; AWS services' own calls succeed
    err = np.searchsorted([0.03, 0.045, 0.05], rng.random(n), side="right")
    err[np.array([a.kind == "service" for a in acts])[local]] = 3
    arn = _gather([a.arn for a in acts], local)
    action = _gather([f"{c.source.split('.')[0]}:{c.name}" for c in CATALOG], api)
    version = np.array(["1.08", "1.09", "1.10"])[rng.choice(3, size=n, p=[0.2, 0.5, 0.3])]
    acct, region = org.accounts[spec.account], spec.region
    frame = pl.DataFrame(
        {
            "file": np.full(n, spec.index),
            "t": t,
            "err": err,
            "private": private,
            "service": np.array([a.kind == "service" for a in acts])[local],
            "console": console,
            "v110": version == "1.10",
            "data": np.array([c.data_event for c in CATALOG])[api],
        }
    ).with_columns(
        head=_gather([a.uid_head for a in acts], local),
        key=key,
        mid=_gather([a.uid_mid for a in acts], local),
        created=pl.when(pl.Series(is_session)).then(created).otherwise(pl.lit("")),
        tail=_gather([a.uid_tail for a in acts], local),
        time=_times(t).dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        source=_gather([c.source for c in CATALOG], api),
        name=_gather([c.name for c in CATALOG], api),
        ip=ip,
        ua=ua,
        unique=_strings(_HEX[rng.integers(0, 16, size=(n, 32))]),
        **{
            name: _gather(members[m], template)
            for m, name in enumerate(("req", "resp", "res", "add"))
        },
        rid=_uuids(rng, n).str.to_uppercase(),
        eid=_uuids(rng, n),
        version=pl.Series(version),
        ro=_gather(["true" if c.read_only else "false" for c in CATALOG], api),
        host=_gather(
            [c.source.replace(".amazonaws.com", f".{region}.amazonaws.com") for c in CATALOG], api
        ),
        other=_gather(
            [
                f'"errorCode":"{c.other_error[0]}","errorMessage":"{c.other_error[1]}"'
                for c in CATALOG
            ],
            api,
        ),
        vpce=_gather([a.vpce for a in acts], local),
        tls=pl.Series(np.array(_TLS)[rng.integers(0, 2, size=n)]),
        arn=arn,
        action=action,
    )
    c = pl.col
    frame = frame.with_columns(
        c(name).str.replace_all(UNIQUE, c("unique"), literal=True)
        for name in ("req", "resp", "res", "add")
    )
    error = (
        pl.when(c("err") == 0)
        .then(
            pl.concat_str(
                [
                    pl.lit(',"errorCode":"AccessDenied","errorMessage":"User: '),
                    c("arn"),
                    pl.lit(" is not authorized to perform: "),
                    c("action"),
                    pl.lit(" because no identity-based policy allows the "),
                    c("action"),
                    pl.lit(' action"'),
                ]
            )
        )
        .when(c("err") == 1)
        .then(pl.lit(',"errorCode":"ThrottlingException","errorMessage":"Rate exceeded"'))
        .when(c("err") == 2)
        .then(pl.concat_str([pl.lit(","), c("other")]))
        .otherwise(pl.lit(""))
    )
    json = pl.concat_str(
        [
            pl.lit('{"eventVersion":"'),
            c("version"),
            pl.lit('","userIdentity":'),
            c("head"),
            c("key"),
            c("mid"),
            c("created"),
            c("tail"),
            pl.lit(',"eventTime":"'),
            c("time"),
            pl.lit('","eventSource":"'),
            c("source"),
            pl.lit('","eventName":"'),
            c("name"),
            pl.lit(f'","awsRegion":"{region}","sourceIPAddress":"'),
            c("ip"),
            pl.lit('","userAgent":'),
            c("ua"),
            error,
            pl.lit(',"requestParameters":'),
            pl.when(c("req") == "").then(pl.lit("null")).otherwise(c("req")),
            pl.lit(',"responseElements":'),
            pl.when((c("resp") == "") | (c("err") < 3)).then(pl.lit("null")).otherwise(c("resp")),
            pl.when(c("add") == "")
            .then(pl.lit(""))
            .otherwise(pl.concat_str([pl.lit(',"additionalEventData":'), c("add")])),
            pl.lit(',"requestID":"'),
            c("rid"),
            pl.lit('","eventID":"'),
            c("eid"),
            pl.lit('","readOnly":'),
            c("ro"),
            pl.when(c("res") == "")
            .then(pl.lit(""))
            .otherwise(pl.concat_str([pl.lit(',"resources":'), c("res")])),
            pl.when(c("name") == "ConsoleLogin")
            .then(pl.lit(',"eventType":"AwsConsoleSignIn"'))
            .otherwise(pl.lit(',"eventType":"AwsApiCall"')),
            pl.when(c("data"))
            .then(pl.lit(',"managementEvent":false'))
            .otherwise(pl.lit(',"managementEvent":true')),
            pl.lit(f',"recipientAccountId":"{acct}"'),
            pl.when(c("private"))
            .then(
                pl.concat_str(
                    [
                        pl.lit(',"vpcEndpointId":"'),
                        c("vpce"),
                        pl.lit('"'),
                        pl.when(c("v110"))
                        .then(pl.lit(f',"vpcEndpointAccountId":"{acct}"'))
                        .otherwise(pl.lit("")),
                    ]
                )
            )
            .otherwise(pl.lit("")),
            pl.when(c("data"))
            .then(pl.lit(',"eventCategory":"Data"'))
            .otherwise(pl.lit(',"eventCategory":"Management"')),
            pl.when(c("service"))
            .then(pl.lit(""))
            .otherwise(
                pl.concat_str(
                    [
                        pl.lit(',"tlsDetails":{'),
                        c("tls"),
                        pl.lit(',"clientProvidedHostHeader":"'),
                        c("host"),
                        pl.lit('"}'),
                    ]
                )
            ),
            pl.when(c("console"))
            .then(pl.lit(',"sessionCredentialFromConsole":"true"'))
            .otherwise(pl.lit("")),
            pl.lit("}"),
        ]
    )
    return frame.select("file", "t", json.alias("json"))


def _mint_pieces(org: Org, g: int) -> tuple[str, str, str]:
    """The fixed JSON around an actor's minting AssumeRole: before the time, before the key, after."""
    act, acct = org.actors[g], org.accounts[org.actors[g].account]
    role_user = f'{{"assumedRoleId":"{act.role_id}:{act.session_name}","arn":"{act.arn}"}}'
    if act.kind == "sso":
        provider = (
            f"arn:aws:iam::{acct}:saml-provider/AWSSSO_{act.role_id[4:16].lower()}_DO_NOT_DELETE"
        )
        ident = (
            f'{{"type":"SAMLUser","principalId":"{act.role_id[4:]}:{act.session_name}",'
            f'"userName":"{act.session_name}","identityProvider":"{provider}"}}'
        )
        name, source, ua = (
            "AssumeRoleWithSAML",
            act.ips[0],
            '"aws-internal/3 aws-sdk-java/1.12.720"',
        )
        req = (
            f'{{"sAMLAssertionID":"_{act.role_id.lower()}","roleSessionName":"{act.session_name}",'
            f'"principalArn":"{provider}","roleArn":"{act.role_arn}","durationSeconds":28800}}'
        )
        extra = (
            f',"subjectType":"persistent","issuer":"https://portal.sso.us-east-1.amazonaws.com/'
            f'saml/assertion/{act.role_id}","audience":"https://signin.aws.amazon.com/saml",'
            f'"subject":"{act.session_name}"'
        )
    else:
        ident = f'{{"type":"AWSService","invokedBy":"{act.minter}"}}'
        name, source, ua = "AssumeRole", act.minter, f'"{act.minter}"'
        req = f'{{"roleArn":"{act.role_arn}","roleSessionName":"{act.session_name}"}}'
        extra = ""
    head = f'{{"eventVersion":"1.08","userIdentity":{ident},"eventTime":"'
    mid = (
        f'","eventSource":"sts.amazonaws.com","eventName":"{name}","awsRegion":"{{region}}",'
        f'"sourceIPAddress":"{source}","userAgent":{ua},"requestParameters":{req},'
        '"responseElements":{"credentials":{"accessKeyId":"'
    )
    tail = (
        f'"}},"assumedRoleUser":{role_user}{extra}}},"requestID":"{{rid}}","eventID":"{{eid}}",'
        f'"readOnly":true,"resources":[{{"accountId":"{acct}","type":"AWS::IAM::Role",'
        f'"ARN":"{act.role_arn}"}}],"eventType":"AwsApiCall","managementEvent":true,'
        f'"recipientAccountId":"{acct}","sharedEventID":"{{sid}}","eventCategory":"Management"}}'
    )
    return head, mid, tail


def _mints(
    org: Org, spec: FileSpec, rng: np.random.Generator, seed: int, start: int
) -> pl.DataFrame:
    """The AssumeRole events in this file's slice that mint the session keys used later."""
    who: list[int] = []
    ks: list[int] = []
    for g, act in enumerate(org.actors):
        here = act.region == spec.region or (act.kind == "sso" and spec.region == REGIONS[0])
        if act.account != spec.account or not act.period_s or not here:
            continue
        base = start + act.phase_s
        lo = max(0, -(-(spec.t0 - base) // act.period_s))
        hi = -(-(spec.t1 - base) // act.period_s)
        who.extend([g] * max(0, hi - lo))
        ks.extend(range(lo, hi))
    n = len(who)
    if not n:
        return pl.DataFrame(schema={"file": pl.Int64, "t": pl.Int64, "json": pl.String})
    k = np.array(ks)
    period = np.array([org.actors[i].period_s for i in who])
    t = start + np.array([org.actors[i].phase_s for i in who]) + k * period
    pieces = {i: _mint_pieces(org, i) for i in set(who)}
    tokens = [
        "IQoJb3JpZ2luX2VjE"
        + "".join(
            random.Random(f"{seed}:{i}").choices(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", k=1100
            )
        )
        for i in range(8)
    ]
    parts = {i: _split_tail(p[2]) for i, p in pieces.items()}
    c = pl.col
    frame = pl.DataFrame({"file": np.full(n, spec.index), "t": t}).with_columns(
        head=pl.Series([pieces[i][0] for i in who]),
        mid=pl.Series([pieces[i][1].replace("{region}", spec.region) for i in who]),
        **{f"tail{j}": pl.Series([parts[i][j] for i in who]) for j in range(4)},
        time=_times(t).dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        key=session_keys(seed, np.array(who), k),
        token=_gather(tokens, rng.integers(0, len(tokens), size=n)),
        exp=_times(t + 6 * 3600).dt.strftime("%b %-d, %Y, %-I:%M:%S %p"),
        rid=_uuids(rng, n),
        eid=_uuids(rng, n),
        sid=_uuids(rng, n),
    )
    json = pl.concat_str(
        [
            c("head"),
            c("time"),
            c("mid"),
            c("key"),
            pl.lit('","sessionToken":"'),
            c("token"),
            pl.lit('","expiration":"'),
            c("exp"),
            c("tail0"),
            c("rid"),
            c("tail1"),
            c("eid"),
            c("tail2"),
            c("sid"),
            c("tail3"),
        ]
    )
    return frame.select("file", "t", json.alias("json"))


def _split_tail(tail: str) -> tuple[str, str, str, str]:
    first, rest = tail.split("{rid}")
    second, rest = rest.split("{eid}")
    third, fourth = rest.split("{sid}")
    return first, second, third, fourth
