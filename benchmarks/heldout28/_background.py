"""One ordinary day of Cardo Azul Digital. ``mods`` carries what the day's benign changes alter
in the routine (the office's new line, a campaign's volume, the fleet's release, an upgraded
CLI), so that a change shows in the same records the routine writes."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout28._org import (
    AGENCY,
    BODEGA,
    BODEGA_EXTERNAL_ID,
    EXTERNAL_ID,
    MONITOR_ACCOUNT,
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
    AZURE_CLI,
    FARGATE_PY,
    GH_ACTION,
    LAMBDA_PY,
    SAAS_GO,
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
    new_uuid,
)

EC2_SVC = Cred("service", "", "ec2.amazonaws.com")
LAMBDA_SVC = Cred("service", "", "lambda.amazonaws.com")
ECS_SVC = Cred("service", "", "ecs-tasks.amazonaws.com")
TA_SVC = Cred("service", "", "trustedadvisor.amazonaws.com")


def instance_day(rng: random.Random, sink: Sink, inst: Instance, day: dt.date, mods: dict[str, Any],
                 *, from_hour: float = 0.0, to_hour: float = 24.0) -> list[Cred]:
    """An instance's keys (one every six hours, minted by EC2) and its agents' calls: the SSM
    agent every five minutes, associations every half hour, the nightly backup's secret read
    (KMS called by Secrets Manager on its behalf)."""
    keys = []
    hour = from_hour
    while hour < to_hour:
        t = jitter(rng, at(day, hour), 600)
        rec, cred = mint(rng, EC2_SVC, t, inst.role, inst.instance_id, inst.region,
                         "ec2.amazonaws.com", "ec2.amazonaws.com", hours=6)
        sink.append(rec)
        keys.append(cred.__class__(**{**cred.__dict__, "ec2": True}))
        hour += 6
    start = at(day, from_hour)
    minutes = int((to_hour - from_hour) * 60)
    for m in range(rng.randrange(0, 5), minutes, 5):
        t = start + dt.timedelta(minutes=m, seconds=rng.randrange(0, 50))
        cred = keys[max(0, min((m - 10) // 360, len(keys) - 1))]
        sink.append(event(rng, cred, t, "ssm", "UpdateInstanceInformation", inst.region, inst.ip,
                          SSM_AGENT, read_only=False,
                          params={"instanceId": inst.instance_id, "agentVersion": "3.3.1142.0",
                                  "agentStatus": "Active", "platformType": "Linux",
                                  "platformName": "Amazon Linux", "platformVersion": "2023"}))
        if m % 30 < 5:
            sink.append(event(rng, cred, t + dt.timedelta(seconds=2), "ssm", "ListInstanceAssociations",
                              inst.region, inst.ip, SSM_AGENT, read_only=True,
                              params={"instanceId": inst.instance_id, "maxResults": 50}))
    if keys and from_hour <= 2:
        t = jitter(rng, at(day, 2), 1800)
        cred = keys[0]
        ua = cli_v2(AMZN_CLI, "secretsmanager.get-secret-value", "2.15.30")
        secret = "wordpress/db" if inst.account == SITES else "bodega/shop-db"
        rec = event(rng, cred, t, "secretsmanager", "GetSecretValue", inst.region, inst.ip, ua,
                    read_only=True, params={"secretId": secret})
        sink.append(rec)
        kms = cred.__class__(**{**cred.__dict__, "invoked_by": "secretsmanager.amazonaws.com"})
        sink.append(event(rng, kms, t + dt.timedelta(seconds=1), "kms", "Decrypt", inst.region,
                          "secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com", read_only=True,
                          params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                                  "encryptionContext": {"SecretARN": f"arn:aws:secretsmanager:{inst.region}:{inst.account}:secret:{secret}-Ab12Cd"}}))
        if mods.get("fleet_release") and inst.account == SITES:
            # B9: the release reads the new Redis object-cache secret and an SSM parameter
            for s in range(6):
                tt = at(day, 10 + s * 2) + dt.timedelta(seconds=rng.randrange(0, 3000))
                k = keys[min(int(tt.hour // 6), len(keys) - 1)]
                sink.append(event(rng, k, tt, "secretsmanager", "GetSecretValue", inst.region, inst.ip,
                                  cli_v2(AMZN_CLI, "secretsmanager.get-secret-value", "2.15.30"),
                                  read_only=True, params={"secretId": "wordpress/redis-cache"}))
                sink.append(event(rng, k, tt + dt.timedelta(seconds=1), "ssm", "GetParameter", inst.region,
                                  inst.ip, cli_v2(AMZN_CLI, "ssm.get-parameter", "2.15.30"), read_only=True,
                                  params={"name": "/wordpress/redis/endpoint", "withDecryption": False}))
    return keys


def console_session(rng: random.Random, sink: Sink, p: Person, account: str, t: dt.datetime, ip: str,
                    calls: int, *, mfa: bool | None = None, apis: Any = None, login: bool = True) -> Cred:
    """A console sign-in and ``calls`` console calls over the next hour or two."""
    mfa = p.mfa if mfa is None else mfa
    if login:
        sink.append(console_login(rng, p.user, t, ip, p.browser, mfa=mfa))
    cred = Cred("console_user", account, p.user.name, principal_id=p.user.principal_id,
                key=key_id(rng, "ASIA"), issued=t, mfa=mfa)
    for i in range(calls):
        svc, name, region, ro = rng.choice(apis or p.apis)
        tt = t + dt.timedelta(seconds=20 + rng.randrange(0, 5400))
        sink.append(event(rng, cred, tt, svc, name, region, ip, p.browser, read_only=ro, console=True,
                          params=None if ro else {"note": "console"}))
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
            rec, sess = mint(rng, user, t, org.roles["sites_admin"], name, "eu-south-2", ip,
                             cli_v2(os_, "sts.assume-role", ua_version))
            sink.append(rec)
            for i in range(rng.randrange(8, 25)):
                svc, api, region, ro = rng.choice(p.apis)
                tt = t + dt.timedelta(seconds=30 + rng.randrange(0, 3500))
                cmd = f"{svc}.{api.lower()}"
                sink.append(event(rng, sess, tt, svc, api, region, ip, cli_v2(os_, cmd, ua_version),
                                  read_only=ro, recipient=SITES))
            for i in range(rng.randrange(2, 6)):
                tt = work_hours(rng, day)
                sink.append(event(rng, user, tt, "sts", "GetCallerIdentity", "eu-south-2", ip,
                                  cli_v2(os_, "sts.get-caller-identity", ua_version), read_only=True))


def plugins_day(rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any]) -> None:
    """WP Offload SES checks the account's sending quota every hour from its site's host;
    UpdraftPlus finds its bucket at night before the backup upload."""
    boost = mods.get("campaign", 1)
    sendy, sendy_ip = org.extra["sendy"], org.ips["sendy"]
    for h in range(24):
        t = jitter(rng, at(day, h), 3500)
        sink.append(event(rng, sendy, t, "ses", "GetSendQuota", "eu-west-1", sendy_ip, WP_PHP, read_only=True))
        if h % 6 == 3:
            sink.append(event(rng, sendy, t + dt.timedelta(seconds=2), "ses", "ListIdentities", "eu-west-1",
                              sendy_ip, WP_PHP, read_only=True, params={"maxItems": 100}))
    for site in org.sites:
        if site.ses_user is not None:
            for h in range(24):
                t = jitter(rng, at(day, h), 3500)
                sink.append(event(rng, site.ses_user, t, "ses", "GetAccount", "eu-west-1", site.host_ip,
                                  WP_SES, read_only=True))
                if boost > 1 and rng.random() < 0.3:
                    sink.append(event(rng, site.ses_user, t + dt.timedelta(seconds=3), "ses",
                                      "GetSendQuota", "eu-west-1", site.host_ip, WP_SES, read_only=True))
        if site.backup_user is not None:
            t = jitter(rng, at(day, 1), 7200)
            sink.append(event(rng, site.backup_user, t, "s3", "GetBucketLocation", "eu-south-2",
                              site.host_ip, UPDRAFT, read_only=True,
                              params={"bucketName": "cardoazul-wp-backups", "location": "",
                                      "Host": "cardoazul-wp-backups.s3.eu-south-2.amazonaws.com"}))


def automation_day(rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any]) -> None:
    """GitHub Actions deploys, the DNS-monitor Lambda, the bounce handler Lambda, the newsletter
    builder's Fargate tasks, the SaaS's cross-account reads, Trusted Advisor's checks."""
    boost = mods.get("campaign", 1)
    runs = rng.randrange(4, 14) if day.weekday() < 5 else rng.randrange(0, 2)
    for r in range(runs):
        t = work_hours(rng, day, 9, 20)
        ip = org.ips["github"] if rng.random() < 0.5 else org.ips["github2"]
        web = Cred("web", "", "repo:cardoazul/wp-themes:ref:refs/heads/main",
                   extra={"provider": f"arn:aws:iam::{SITES}:oidc-provider/token.actions.githubusercontent.com"})
        rec, sess = mint(rng, web, t, org.roles["gh_deploy"], "GitHubActions", "eu-south-2", ip, GH_ACTION,
                         api="AssumeRoleWithWebIdentity", params={"durationSeconds": 3600})
        sink.append(rec)
        sess = sess.__class__(**{**sess.__dict__, "extra": {"web": {"federatedProvider": web.extra["provider"]}}})
        cmd_id = new_uuid(rng)
        sink.append(event(rng, sess, t + dt.timedelta(seconds=25), "ssm", "SendCommand", "eu-south-2", ip,
                          cli_v2(AZURE_CLI, "ssm.send-command"), read_only=False,
                          params={"documentName": "AWS-RunShellScript", "targets": [{"key": "tag:Role", "values": ["wordpress"]}]},
                          response={"command": {"commandId": cmd_id}}))
        for k in range(3):
            sink.append(event(rng, sess, t + dt.timedelta(seconds=40 + 15 * k), "ssm", "ListCommandInvocations",
                              "eu-south-2", ip, cli_v2(AZURE_CLI, "ssm.list-command-invocations"), read_only=True,
                              params={"commandId": cmd_id, "details": False}))
        sink.append(event(rng, sess, t + dt.timedelta(seconds=95), "cloudfront", "CreateInvalidation", "us-east-1",
                          ip, cli_v2(AZURE_CLI, "cloudfront.create-invalidation"), read_only=False,
                          params={"distributionId": "E2K4Q7ZB1XW9RT", "invalidationBatch": {"paths": {"quantity": 1, "items": ["/*"]}}}))
    # the DNS monitor: a new execution environment every few hours, checks every hour
    cred = None
    for h in range(24):
        if h % 5 == 0:
            t = jitter(rng, at(day, h), 300)
            rec, cred = mint(rng, LAMBDA_SVC, t, org.roles["dns_lambda"], "dns-monitor", "eu-south-2",
                             "lambda.amazonaws.com", "lambda.amazonaws.com", hours=12)
            sink.append(rec)
            lam_ip = org.net.aws("eu-south-2")
        assert cred is not None
        t = jitter(rng, at(day, h + 0.1), 600)
        sink.append(event(rng, cred, t, "route53", "ListHostedZones", "us-east-1", lam_ip, LAMBDA_PY, read_only=True))
        sink.append(event(rng, cred, t + dt.timedelta(seconds=2), "acm", "ListCertificates", "us-east-1",
                          lam_ip, LAMBDA_PY, read_only=True, params={"includes": {}}))
    # the bounce handler: suppresses each hard bounce
    bounce = None
    for i in range(rng.randrange(8, 20) * boost):
        t = jitter(rng, at(day, 6), 16 * 3600)
        if bounce is None or (t - (bounce.issued or t)).total_seconds() > 3 * 3600:
            rec, bounce = mint(rng, LAMBDA_SVC, t - dt.timedelta(seconds=1), org.roles["bounce_lambda"],
                               "ses-bounce-handler", "eu-west-1", "lambda.amazonaws.com", "lambda.amazonaws.com", hours=12)
            sink.append(rec)
            bounce_ip = org.net.aws("eu-west-1")
        sink.append(event(rng, bounce, t, "ses", "PutSuppressedDestination", "eu-west-1", bounce_ip, LAMBDA_PY,
                          read_only=False, params={"emailAddress": f"user{rng.randrange(10**6)}@example.com", "reason": "BOUNCE"}))
    # newsletter builder tasks behind the agency's NAT gateway
    for i in range(2 * boost if day.weekday() < 5 else 1):
        t = work_hours(rng, day, 7, 21)
        task = f"{rng.getrandbits(128):032x}"
        rec, cred = mint(rng, ECS_SVC, t, org.roles["newsletter_task"], task, "eu-west-1",
                         "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com", hours=6)
        sink.append(rec)
        ip = org.ips["nat_agency"]
        sink.append(event(rng, cred, t + dt.timedelta(seconds=8), "secretsmanager", "GetSecretValue", "eu-west-1",
                          ip, FARGATE_PY, read_only=True, params={"secretId": "newsletter/mailchimp-import"}))
        kms = cred.__class__(**{**cred.__dict__, "invoked_by": "secretsmanager.amazonaws.com"})
        sink.append(event(rng, kms, t + dt.timedelta(seconds=9), "kms", "Decrypt", "eu-west-1",
                          "secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com", read_only=True,
                          params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}))
        for api in ("GetAccount", "ListContactLists", "GetEmailTemplate"):
            sink.append(event(rng, cred, t + dt.timedelta(seconds=12 + rng.randrange(30)), "ses", api,
                              "eu-west-1", ip, FARGATE_PY, read_only=True))
    # the cost-monitoring SaaS, with the agency's external ID
    caller = Cred("account", MONITOR_ACCOUNT, "saas", principal_id=f"AROAW2BNCX7QE4YTRKLM:{new_uuid(rng)[:8]}")
    for h in (1, 7, 13, 19):
        t = jitter(rng, at(day, h), 900)
        ip = org.ips["monitor"] if h < 12 else org.ips["monitor2"]
        rec, cred = mint(rng, caller, t, org.roles["monitor"], f"costmon-{day:%Y%m%d}{h:02d}", "us-east-1", ip,
                         SAAS_GO.format(api="sts"), params={"externalId": EXTERNAL_ID, "durationSeconds": 900})
        sink.append(rec)
        for svc, api, region in (("ce", "GetCostAndUsage", "us-east-1"), ("cloudwatch", "DescribeAlarms", "eu-south-2"),
                                 ("ses", "GetAccount", "eu-west-1"), ("lightsail", "GetInstances", "eu-west-1")):
            sink.append(event(rng, cred, t + dt.timedelta(seconds=3 + rng.randrange(40)), svc, api, region, ip,
                              SAAS_GO.format(api=svc), read_only=True))
    accounts = [(AGENCY, "ta_agency"), (SITES, "ta_sites")]
    if mods.get("bodega_live"):
        accounts.append((BODEGA, "ta_bodega"))
    for account, role in accounts:
        t = jitter(rng, at(day, 4), 3600)
        session = f"TrustedAdvisor_{account}_{new_uuid(rng)}"
        cred = org.roles[role].with_key(key_id(rng, "ASIA"), t, session)
        for api in ("DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups", "DescribeAddresses",
                    "DescribeSnapshots", "DescribeRegions"):
            for region in ("eu-south-2", "eu-west-1", "us-east-1"):
                sink.append(event(rng, cred, t + dt.timedelta(seconds=rng.randrange(120)), "ec2", api, region,
                                  "trustedadvisor.amazonaws.com", "trustedadvisor.amazonaws.com", read_only=True))


def bodega_day(rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any],
               from_hour: float, keys: dict[str, list[Cred]]) -> None:
    """The client's account once it has joined: its two shop instances, the agency's staff
    through CardoAgencyAccess with the client's external ID."""
    for inst in org.bodega_fleet:
        keys[inst.instance_id] = instance_day(rng, sink, inst, day, mods, from_hour=from_hour)
    for name in ("lucia.ferrer", "javier.molina"):
        p = org.people[name]
        t = max(work_hours(rng, day), at(day, from_hour + 0.5))
        ip = org.ips[mods.get("office", "office")]
        console = console_session(rng, sink, p, AGENCY, t, ip, 0, login=False)
        rec, sess = mint(rng, console, t, org.roles["bodega_access"], name, "us-east-1", ip, p.browser,
                         params={"externalId": BODEGA_EXTERNAL_ID})
        rec["sessionCredentialFromConsole"] = "true"
        sink.append(rec)
        for i in range(rng.randrange(6, 18)):
            svc, api, region, ro = rng.choice((
                ("ec2", "DescribeInstances", "eu-south-2", True), ("ec2", "DescribeSecurityGroups", "eu-south-2", True),
                ("route53", "ListHostedZones", "us-east-1", True), ("iam", "ListUsers", "us-east-1", True),
                ("ce", "GetCostAndUsage", "us-east-1", True), ("ssm", "DescribeInstanceInformation", "eu-south-2", True)))
            sink.append(event(rng, sess, t + dt.timedelta(seconds=20 + rng.randrange(3000)), svc, api, region, ip,
                              p.browser, read_only=ro, console=True))


def day_records(org: Org, day: dt.date, mods: dict[str, Any]) -> tuple[Sink, dict[str, list[Cred]]]:
    """Everything the routine writes on ``day``, and each instance's keys of the day."""
    from benchmarks.heldout28._org import sub_rng

    rng = sub_rng(org.seed, "day", day)
    sink: Sink = []
    keys: dict[str, list[Cred]] = {}
    for inst in org.fleet:
        hours = mods.get("instance_hours", {}).get(inst.instance_id, (0.0, 24.0))
        keys[inst.instance_id] = instance_day(rng, sink, inst, day, mods, from_hour=hours[0], to_hour=hours[1])
    staff_day(rng, org, sink, day, mods)
    plugins_day(rng, org, sink, day, mods)
    automation_day(rng, org, sink, day, mods)
    if "bodega_from" in mods:
        bodega_day(rng, org, sink, day, mods, mods["bodega_from"], keys)
    return sink, keys
