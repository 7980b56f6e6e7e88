"""One ordinary day of Cardo Azul Digital. ``mods`` carries what the day's benign changes alter
in the routine (the office's new line, a campaign's volume, the fleet's release, an upgraded
CLI), so that a change shows in the same records the routine writes."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout28._org import (
    AGENCY,
    SITES,
    Instance,
    Org,
    Person,
    Sink,
    at,
    jitter,
    work_hours,
)
from benchmarks.heldout28._rec import (
    AMZN_CLI,
    SSM_AGENT,
    UPDRAFT,
    WP_PHP,
    WP_SES,
    Cred,
    cli_v2,
    console_login,
    event,
    key_id,
    mint,
)

EC2_SVC = Cred("service", "", "ec2.amazonaws.com")
LAMBDA_SVC = Cred("service", "", "lambda.amazonaws.com")
ECS_SVC = Cred("service", "", "ecs-tasks.amazonaws.com")
TA_SVC = Cred("service", "", "trustedadvisor.amazonaws.com")


def key_at(keys: list[Cred], t: dt.datetime) -> Cred:
    """The newest of an instance's keys minted by ``t`` (the first, for a call before any)."""
    return max(
        (k for k in keys if (k.issued or t) <= t), key=lambda k: k.issued or t, default=keys[0]
    )


def instance_day(
    rng: random.Random,
    sink: Sink,
    inst: Instance,
    day: dt.date,
    mods: dict[str, Any],
    *,
    from_hour: float = 0.0,
    to_hour: float = 24.0,
) -> list[Cred]:
    """An instance's keys (one every six hours, minted by EC2) and its agents' calls: the SSM
    agent every five minutes, associations every half hour, the nightly backup's secret read
    (KMS called by Secrets Manager on its behalf)."""
    keys = []
    hour = from_hour
    while hour < to_hour:
        # the first key of the day before the agent's first call; each next one up to ten
        # minutes before the last expires (EC2 refreshes instance credentials ahead of expiry)
        if hour == from_hour:
            t = jitter(rng, at(day, hour), 60)
        else:
            t = at(day, hour) - dt.timedelta(seconds=rng.randrange(60, 600))
        rec, cred = mint(
            rng,
            EC2_SVC,
            t,
            inst.role,
            inst.instance_id,
            inst.region,
            "ec2.amazonaws.com",
            "ec2.amazonaws.com",
            hours=7,  # a key lives past the next one's minting, however late that is
        )
        sink.append(rec)
        keys.append(cred.__class__(**{**cred.__dict__, "ec2": True}))
        hour += 6
    start = at(day, from_hour)
    minutes = int((to_hour - from_hour) * 60)
    for m in range(2 + rng.randrange(0, 4), minutes, 5):
        t = start + dt.timedelta(minutes=m, seconds=rng.randrange(0, 50))
        cred = key_at(keys, t)
        sink.append(
            event(
                rng,
                cred,
                t,
                "ssm",
                "UpdateInstanceInformation",
                inst.region,
                inst.ip,
                SSM_AGENT,
                read_only=False,
                params={
                    "instanceId": inst.instance_id,
                    "agentVersion": "3.3.1142.0",
                    "agentStatus": "Active",
                    "platformType": "Linux",
                    "platformName": "Amazon Linux",
                    "platformVersion": "2023",
                },
            )
        )
        if m % 30 < 5:
            sink.append(
                event(
                    rng,
                    cred,
                    t + dt.timedelta(seconds=2),
                    "ssm",
                    "ListInstanceAssociations",
                    inst.region,
                    inst.ip,
                    SSM_AGENT,
                    read_only=True,
                    params={"instanceId": inst.instance_id, "maxResults": 50},
                )
            )
    if keys and from_hour <= 2:
        t = jitter(rng, at(day, 2), 1800)
        cred = keys[0]
        ua = cli_v2(AMZN_CLI, "secretsmanager.get-secret-value", "2.15.30")
        secret = "wordpress/db" if inst.account == SITES else "bodega/shop-db"
        rec = event(
            rng,
            cred,
            t,
            "secretsmanager",
            "GetSecretValue",
            inst.region,
            inst.ip,
            ua,
            read_only=True,
            params={"secretId": secret},
        )
        sink.append(rec)
        kms = cred.__class__(**{**cred.__dict__, "invoked_by": "secretsmanager.amazonaws.com"})
        sink.append(
            event(
                rng,
                kms,
                t + dt.timedelta(seconds=1),
                "kms",
                "Decrypt",
                inst.region,
                "secretsmanager.amazonaws.com",
                "secretsmanager.amazonaws.com",
                read_only=True,
                params={
                    "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                    "encryptionContext": {
                        "SecretARN": f"arn:aws:secretsmanager:{inst.region}:{inst.account}:secret:{secret}-Ab12Cd"
                    },
                },
            )
        )
    if keys and mods.get("fleet_release") and inst.account == SITES:
        # B9: the release reads the new Redis object-cache secret and an SSM parameter
        for s in range(6):
            tt = at(day, 10 + s * 2) + dt.timedelta(seconds=rng.randrange(0, 3000))
            hour = (tt - at(day, 0)).total_seconds() / 3600
            if not from_hour + 0.1 <= hour < to_hour:
                continue  # the instance is not running then
            k = key_at(keys, tt)
            sink.append(
                event(
                    rng,
                    k,
                    tt,
                    "secretsmanager",
                    "GetSecretValue",
                    inst.region,
                    inst.ip,
                    cli_v2(AMZN_CLI, "secretsmanager.get-secret-value", "2.15.30"),
                    read_only=True,
                    params={"secretId": "wordpress/redis-cache"},
                )
            )
            sink.append(
                event(
                    rng,
                    k,
                    tt + dt.timedelta(seconds=1),
                    "ssm",
                    "GetParameter",
                    inst.region,
                    inst.ip,
                    cli_v2(AMZN_CLI, "ssm.get-parameter", "2.15.30"),
                    read_only=True,
                    params={"name": "/wordpress/redis/endpoint", "withDecryption": False},
                )
            )
    return keys


def console_session(
    rng: random.Random,
    sink: Sink,
    p: Person,
    account: str,
    t: dt.datetime,
    ip: str,
    calls: int,
    *,
    mfa: bool | None = None,
    apis: Any = None,
    login: bool = True,
) -> Cred:
    """A console sign-in and ``calls`` console calls over the next hour or two."""
    mfa = p.mfa if mfa is None else mfa
    if login:
        sink.append(console_login(rng, p.user, t, ip, p.browser, mfa=mfa))
    cred = Cred(
        "console_user",
        account,
        p.user.name,
        principal_id=p.user.principal_id,
        key=key_id(rng, "ASIA"),
        issued=t,
        mfa=mfa,
    )
    for _i in range(calls):
        svc, name, region, ro = rng.choice(apis or p.apis)
        tt = t + dt.timedelta(seconds=20 + rng.randrange(0, 5400))
        sink.append(
            event(rng, cred, tt, svc, name, region, ip, p.browser, read_only=ro, console=True)
        )
    return cred


def staff_day(rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any]) -> None:
    weekday = day.weekday() < 5
    office = org.ips[mods.get("office", "office")]
    for name, p in org.people.items():
        if name in mods.get("absent", ()) or name not in mods.get("active_people", org.people):
            continue
        if not weekday and rng.random() > 0.15:
            continue
        sessions = int(p.weight) + (rng.random() < p.weight % 1)
        for _ in range(sessions):
            where = p.networks[0] if rng.random() < 0.85 else p.networks[-1]
            ip = office if where == "office" else p.ips[where]
            t = work_hours(rng, day) if where == "office" else work_hours(rng, day, 19, 23)
            console_session(rng, sink, p, AGENCY, t, ip, rng.randrange(6, 30))
        if p.cli and weekday:
            ua_version = mods.get("cli_version", {}).get(name, "2.22.4")
            os_ = mods.get("cli_os", {}).get(name, p.cli)
            where = p.networks[0]
            ip = office if where == "office" else p.ips[where]
            user = p.user
            # the developer's work in ``sites`` goes through CardoSitesAdmin from his key
            t = work_hours(rng, day)
            rec, sess = mint(
                rng,
                user,
                t,
                org.roles["sites_admin"],
                name,
                "eu-south-2",
                ip,
                cli_v2(os_, "sts.assume-role", ua_version),
            )
            sink.append(rec)
            for _i in range(rng.randrange(8, 25)):
                svc, api, region, ro = rng.choice(p.apis)
                tt = t + dt.timedelta(seconds=30 + rng.randrange(0, 3500))
                cmd = f"{svc}.{api.lower()}"
                sink.append(
                    event(
                        rng,
                        sess,
                        tt,
                        svc,
                        api,
                        region,
                        ip,
                        cli_v2(os_, cmd, ua_version),
                        read_only=ro,
                        recipient=SITES,
                    )
                )
            for _i in range(rng.randrange(2, 6)):
                tt = work_hours(rng, day)
                sink.append(
                    event(
                        rng,
                        user,
                        tt,
                        "sts",
                        "GetCallerIdentity",
                        "eu-south-2",
                        ip,
                        cli_v2(os_, "sts.get-caller-identity", ua_version),
                        read_only=True,
                    )
                )


def plugins_day(
    rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any]
) -> None:
    """WP Offload SES checks the account's sending quota every hour from its site's host;
    UpdraftPlus finds its bucket at night before the backup upload."""
    boost = mods.get("campaign", 1)
    sendy, sendy_ip = org.extra["sendy"], org.ips["sendy"]
    for h in range(24):
        t = jitter(rng, at(day, h), 3500)
        sink.append(
            event(
                rng, sendy, t, "ses", "GetSendQuota", "eu-west-1", sendy_ip, WP_PHP, read_only=True
            )
        )
        if h % 6 == 3:
            sink.append(
                event(
                    rng,
                    sendy,
                    t + dt.timedelta(seconds=2),
                    "ses",
                    "ListIdentities",
                    "eu-west-1",
                    sendy_ip,
                    WP_PHP,
                    read_only=True,
                    params={"maxItems": 100},
                )
            )
    for site in org.sites:
        if site.ses_user is not None:
            for h in range(24):
                t = jitter(rng, at(day, h), 3500)
                sink.append(
                    event(
                        rng,
                        site.ses_user,
                        t,
                        "ses",
                        "GetAccount",
                        "eu-west-1",
                        site.host_ip,
                        WP_SES,
                        read_only=True,
                    )
                )
                if boost > 1 and rng.random() < 0.3:
                    sink.append(
                        event(
                            rng,
                            site.ses_user,
                            t + dt.timedelta(seconds=3),
                            "ses",
                            "GetSendQuota",
                            "eu-west-1",
                            site.host_ip,
                            WP_SES,
                            read_only=True,
                        )
                    )
        if site.backup_user is not None:
            t = jitter(rng, at(day, 1), 7200)
            sink.append(
                event(
                    rng,
                    site.backup_user,
                    t,
                    "s3",
                    "GetBucketLocation",
                    "eu-south-2",
                    site.host_ip,
                    UPDRAFT,
                    read_only=True,
                    params={
                        "bucketName": "cardoazul-wp-backups",
                        "location": "",
                        "Host": "cardoazul-wp-backups.s3.eu-south-2.amazonaws.com",
                    },
                )
            )
