"""The everyday organisation: workloads with their hourly keys, people on Identity Center,
partners, CI and AWS services, one day at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._net import Addresses
from benchmarks.heldout15._records import WORKLOAD_ERRORS, Trail, assumed, credentials, iam_user, other_account, role_arn, service

Mult = Callable[[float], float]


def params(api: str, account: str, region: str) -> dict[str, Any] | None:
    """A plausible ``requestParameters`` for the calls the organisation makes."""
    name = api.split(":")[1]
    if api in ("kms:Sign", "kms:GetPublicKey", "kms:Verify"):
        return {"keyId": o.SIGNING_KEY if account == o.CUSTODY else f"alias/{account}-signing", "signingAlgorithm": "ECDSA_SHA_256", "messageType": "DIGEST"}
    if api.startswith("kms:"):
        return {"keyId": f"arn:aws:kms:{region}:{account}:alias/app-data", "encryptionContext": {"service": "corvid"}}
    if api == "secretsmanager:GetSecretValue":
        return {"secretId": f"arn:aws:secretsmanager:{region}:{account}:secret:prod/app-config"}
    if api == "s3:PutObject" or api == "s3:GetObject":
        return {"bucketName": "cdx-orderbook-exports", "key": "l2/BTC-USDT/2026/snapshot.parquet", "Host": "cdx-orderbook-exports.s3.ap-southeast-1.amazonaws.com"}
    if name.startswith("Describe") or name.startswith("List"):
        return None
    return {"name": name.lower()}


class Org:
    """The organisation's state across days: addresses, instances, role IDs and issued keys."""

    def __init__(self, trail: Trail, rng: np.random.Generator, scale: float) -> None:
        self.trail, self.rng, self.scale = trail, rng, scale
        self.addr = Addresses(rng)
        self.role_ids: dict[tuple[str, str], str] = {}
        self.instances: dict[str, list[tuple[str, str]]] = {}
        self.issued: dict[tuple[str, str], list[tuple[float, str, str]]] = {}  # (role, session) -> (t, key, ip)
        self.homes: dict[tuple[str, int], str] = {}
        self.user_ids: dict[str, str] = {}
        self.partner_ips: dict[str, list[str]] = {}

    def role_id(self, account: str, role: str) -> str:
        return self.role_ids.setdefault((account, role), self.trail.ident("AROA"))

    def user_id(self, name: str) -> str:
        return self.user_ids.setdefault(name, self.trail.ident("AIDA"))

    def fleet(self, w: o.Workload) -> list[tuple[str, str]]:
        if w.name not in self.instances:
            self.instances[w.name] = [self.new_instance(w) for _ in range(w.count)]
        return self.instances[w.name]

    def new_instance(self, w: o.Workload, subnet: int | None = None) -> tuple[str, str]:
        iid = "i-0" + "".join("0123456789abcdef"[i] for i in self.rng.integers(0, 16, 16))
        return iid, self.addr.aws(w.region, w.subnet if subnet is None else subnet)

    def key_at(self, role: str, session: str, t: float) -> tuple[str, str]:
        """The key (and address) a session held at ``t``."""
        held = [(k, ip) for s, k, ip in self.issued[(role, session)] if s <= t]
        return held[-1]

    def mint(self, t: float, account: str, region: str, role: str, session: str, by: str, ip: str, *, ec2: bool = False, hours: float = 6) -> dict[str, Any]:
        """The service's ``AssumeRole`` for a workload session, and the session's identity."""
        trail, rid = self.trail, self.role_id(account, role)
        key = trail.key()
        arn = f"arn:aws:sts::{account}:assumed-role/{role}/{session}"
        trail.add(t, service(by), "sts:AssumeRole", account=account, region=region, ip=by, ua=by,
                  params={"roleArn": role_arn(account, role), "roleSessionName": session, "durationSeconds": int(hours * 3600)},
                  response=credentials(key, t + hours * 3600, arn, rid, session), extra={"sharedEventID": trail.uid()})
        self.issued.setdefault((role, session), []).append((t, key, ip))
        return assumed(account, role, rid, session, key, t, ec2=ec2)

    def calls(self, who: dict[str, Any], t0: float, t1: float, n: int, apis: tuple[tuple[str, float], ...], *,
              account: str, region: str, ip: str, ua: str, errors: float = 0.003) -> None:
        if n <= 0:
            return
        names = [a for a, _ in apis]
        weights = np.array([w for _, w in apis], dtype=float)
        picks = self.rng.choice(len(names), size=n, p=weights / weights.sum())
        times = np.sort(self.rng.uniform(t0, t1, n))
        fails = self.rng.random(n) < errors
        for t, i, fail in zip(times, picks, fails, strict=True):
            api = names[i]
            svc = api.split(":")[0]
            self.trail.add(float(t), who, api, account=account, region=region, ip=ip, ua=ua.format(svc=svc, p=38, cmd=svc),
                           params=params(api, account, region), data_event=api.startswith("s3:") and "Object" in api,
                           error=WORKLOAD_ERRORS[int(self.rng.integers(2))] if fail else None)


def diurnal(h: float) -> float:
    """Trading volume over the UTC day: Asia's and Europe's sessions, never quiet (24x7)."""
    return 0.75 + 0.35 * np.exp(-((h - 4) ** 2) / 18) + 0.3 * np.exp(-((h - 14) ** 2) / 14)


def workload_day(org: Org, w: o.Workload, day: dt.date, *, mult: Mult = diurnal, ua: Callable[[float], str] | None = None,
                 fleet: list[tuple[str, str]] | None = None, start: float = 0.0) -> None:
    """One day of a fleet (hourly instance keys, each instance's own address) or a function
    (a new execution environment, address and key about every three hours)."""
    t_day = o.Clock.at(day)
    if w.kind == "ec2":
        for n, (iid, ip) in enumerate(fleet if fleet is not None else org.fleet(w)):
            offset = 60 * ((n * 17 + 7) % 50)
            for h in range(int(start), 24):
                t0 = t_day + h * 3600 + offset
                who = org.mint(t0 - 40, w.account, w.region, w.name, iid, "ec2.amazonaws.com", ip, ec2=True)
                count = int(org.rng.poisson(w.rate * org.scale * mult(h)))
                org.calls(who, t0, t0 + 3600, count, w.apis, account=w.account, region=w.region, ip=ip,
                          ua=(ua(t0) if ua else w.ua))
        return
    hour = start
    while hour < 24:
        life = float(org.rng.uniform(2.0, 4.0))
        t0 = t_day + hour * 3600 + float(org.rng.uniform(0, 600))
        ip = org.addr.aws(w.region)
        who = org.mint(t0 - 2, w.account, w.region, w.name, w.name, "lambda.amazonaws.com", ip, hours=12)
        count = int(org.rng.poisson(w.rate * org.scale * life * mult(hour + life / 2)))
        org.calls(who, t0, t0 + life * 3600, count, w.apis, account=w.account, region=w.region, ip=ip, ua=ua(t0) if ua else w.ua)
        hour += life


def config_day(org: Org, account: str, region: str, day: dt.date) -> None:
    """AWS Config's recorder: its service-linked role, from the service's own hostname."""
    t_day = o.Clock.at(day)
    who = assumed(account, "AWSServiceRoleForConfig", org.role_id(account, "AWSServiceRoleForConfig"), "AWSConfig-Describe",
                  org.trail.key(), t_day)
    who["invokedBy"] = "config.amazonaws.com"
    apis = (("ec2:DescribeInstances", 3), ("ec2:DescribeSecurityGroups", 2), ("iam:GetRole", 1), ("kms:DescribeKey", 1),
            ("s3:GetBucketPolicy", 1), ("lambda:GetFunction", 1))
    for h in range(0, 24, 12):
        who = dict(who, accessKeyId=org.trail.key())
        org.calls(who, t_day + h * 3600, t_day + (h + 12) * 3600, int(org.rng.poisson(10 * org.scale + 4)), apis,
                  account=account, region=region, ip="config.amazonaws.com", ua="config.amazonaws.com", errors=0)


def home(org: Org, person: o.Person, day: dt.date) -> str:
    """A person's home address, re-leased by the ISP about once a week."""
    week = (day.toordinal() + hash_of(person.user)) // 7
    if (person.user, week) not in org.homes:
        org.homes[(person.user, week)] = org.addr.net(f"{person.city}-home")
    return org.homes[(person.user, week)]


def hash_of(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text)) % 97


def sign_in(org: Org, person: o.Person, t: float, ip: str, ua: str) -> None:
    """Identity Center sign-in with the person's security key, in the management account."""
    who = {"type": "IdentityCenterUser", "accountId": o.MGMT, "onBehalfOf": {"userId": person.user, "identityStoreArn": "arn:aws:identitystore::731204560011:identitystore/d-9667b0e1c2"},
           "credentialId": org.trail.uid()}
    for step, extra in (("CredentialChallenge", {"CredentialType": "WEBAUTHN"}), ("CredentialVerification", {"CredentialType": "WEBAUTHN"}),
                        ("UserAuthentication", {"AuthWorkflowID": org.trail.uid(), "CredentialType": "WEBAUTHN"})):
        org.trail.add(t, who, f"signin:{step}", account=o.MGMT, region=o.SG, ip=ip, ua=ua, event_type="AwsServiceEvent",
                      extra={"serviceEventDetails": {"CredentialChallenge": "Success"}, "additionalEventData": extra})
        t += 3


def sso_session(org: Org, person: o.Person, t: float, ip: str, permission_set: str, account: str, *, console: bool,
                ua: str | None = None, hours: float = 1.0, n: int | None = None, apis: tuple[str, ...] | None = None,
                region: str = o.SG) -> dict[str, Any]:
    """A permission-set session: the SAML federation into the account, then the person's calls."""
    role = o.sso_role(permission_set)
    rid, key = org.role_id(account, role), org.trail.key()
    arn = f"arn:aws:sts::{account}:assumed-role/{role}/{person.user}"
    saml = {"type": "SAMLUser", "principalId": f"{o.SSO_SUFFIX[permission_set]}:{person.user}", "userName": person.user,
            "identityProvider": f"arn:aws:iam::{account}:saml-provider/AWSSSO_2f4c6e8a0b1d3f57_DO_NOT_DELETE"}
    browser = o.CONSOLE_WIN if person.windows else o.CONSOLE
    client = ua or (browser if console else (o.CLI_LINUX if person.windows else o.CLI_MAC))
    org.trail.add(t, saml, "sts:AssumeRoleWithSAML", account=account, region=region, ip=ip, ua=client,
                  params={"roleArn": role_arn(account, role), "principalArn": saml["identityProvider"], "durationSeconds": 3600 * 8},
                  response=credentials(key, t + 8 * 3600, arn, rid, person.user))
    who = assumed(account, role, rid, person.user, key, t)
    extra = {"sessionCredentialFromConsole": "true"} if console else None
    if console:
        org.trail.add(t + 2, dict(who, accessKeyId=""), "signin:ConsoleLogin", account=account, region=o.SG, ip=ip, ua=client,
                      event_type="AwsConsoleSignIn", response={"ConsoleLogin": "Success"},
                      extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}})
    count = n if n is not None else int(org.rng.poisson(14 * hours) + 2)
    picks = apis or person.apis
    for t_call in np.sort(org.rng.uniform(t + 5, t + hours * 3600, count)):
        api = picks[int(org.rng.integers(len(picks)))]
        fail = org.rng.random() < 0.02
        org.trail.add(float(t_call), who, api, account=account, region=region, ip=ip, ua=client.format(cmd=api.split(":")[0]),
                      params=params(api, account, region), extra=extra,
                      error=("AccessDenied", "User is not authorized to perform this operation") if fail else None)
    return who


def person_day(org: Org, person: o.Person, day: dt.date, *, where: str | None = None, tz: int | None = None) -> None:
    """A working day (or an on-call weekend day): sign-in, then one to three sessions."""
    rng = org.rng
    weekend = day.weekday() >= 5
    if (weekend and rng.random() > person.weekend) or (not weekend and rng.random() < 0.06):
        return
    city = where or person.city
    ip = org.addr.net(f"{city}-office") if (where is None and not weekend and rng.random() < 0.55) else home(org, person, day)
    if where is not None:
        ip = home(org, o.Person(person.user + city, city, 0, (), (), 0), day)
    local = 9.0 + float(rng.uniform(-1, 1.5))
    t = o.Clock.at(day, (local - (person.tz if tz is None else tz)) % 24)
    browser = o.CONSOLE_WIN if person.windows else o.CONSOLE
    sign_in(org, person, t, ip, browser)
    for s in range(int(rng.integers(1, 4 if not weekend else 2))):
        permission_set, account = person.sets[int(rng.integers(len(person.sets)))]
        console = bool(rng.random() < person.console)
        sso_session(org, person, t + 60 + s * 3 * 3600, ip, permission_set, account, console=console, hours=float(rng.uniform(0.5, 2.5)))


def partner_day(org: Org, day: dt.date, *, partner: str = o.MM_PARTNER, role: str = "mm-orderbook-reader",
                external_id: str = "cdx-mm-7f31", start: float = 0.0, region: str = "ap-northeast-1") -> None:
    """A market maker pulling order-book exports: AssumeRole with its external ID every 15 minutes
    from its own EC2 instances, then a few GetObject calls (S3 data events on the export bucket)."""
    ips = org.partner_ips.setdefault(partner, [org.addr.aws(region) for _ in range(2)])
    rid = org.role_id(o.DATA, role)
    t_day = o.Clock.at(day)
    for q in range(int(start * 4), 96, 1 if org.scale >= 0.5 else 2):
        t = t_day + q * 900 + float(org.rng.uniform(0, 60))
        ip = ips[q % 2]
        key, session = org.trail.key(), f"mm-sync-{int(t)}"
        arn = f"arn:aws:sts::{o.DATA}:assumed-role/{role}/{session}"
        org.trail.add(t, other_account(partner, f"AROA{partner[:8]}MMSYNC:order-sync"), "sts:AssumeRole",
                      account=o.DATA, region=o.SG, ip=ip, ua=o.BOTO.format(p=12), params={"roleArn": role_arn(o.DATA, role),
                      "roleSessionName": session, "externalId": external_id}, response=credentials(key, t + 3600, arn, rid, session))
        who = assumed(o.DATA, role, rid, session, key, t)
        org.calls(who, t + 1, t + 120, int(org.rng.integers(2, 6)), (("s3:GetObject", 1.0),), account=o.DATA, region=o.SG,
                  ip=ip, ua=o.BOTO.replace("1.34", "1.28").format(p=12), errors=0)


def github_day(org: Org, day: dt.date) -> None:
    """GitHub Actions deploys on weekdays: OIDC into ``gha-deploy``, then the release steps."""
    if day.weekday() >= 5:
        return
    for run in range(int(org.rng.integers(2, 5))):
        account = (o.TRADING, o.CUSTODY)[run % 2]
        t = o.Clock.at(day, float(org.rng.uniform(1, 11)))
        ip, key, rid = org.addr.net("github"), org.trail.key(), org.role_id(account, "gha-deploy")
        session = f"GitHubActions-{int(org.rng.integers(10**9, 10**10))}"
        web = {"type": "WebIdentityUser", "principalId": f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:corvid-digital/platform:ref:refs/heads/main",
               "userName": "repo:corvid-digital/platform:ref:refs/heads/main", "identityProvider": "token.actions.githubusercontent.com"}
        arn = f"arn:aws:sts::{account}:assumed-role/gha-deploy/{session}"
        org.trail.add(t, web, "sts:AssumeRoleWithWebIdentity", account=account, region=o.SG, ip=ip, ua="aws-sdk-nodejs/2.1691.0 linux/v20.18.0 configure-aws-credentials-for-github-actions promise",
                      params={"roleArn": role_arn(account, "gha-deploy"), "roleSessionName": session}, response=credentials(key, t + 3600, arn, rid, session))
        who = assumed(account, "gha-deploy", rid, session, key, t)
        steps = (("sts:GetCallerIdentity", 1), ("ecr:GetAuthorizationToken", 1), ("lambda:UpdateFunctionCode20150331v2", 1),
                 ("lambda:GetFunction", 1), ("autoscaling:StartInstanceRefresh", 0.5), ("ssm:SendCommand", 0.5))
        org.calls(who, t + 2, t + 600, int(org.rng.integers(6, 12)), steps, account=account, region=o.SG, ip=ip,
                  ua="aws-cli/2.22.2 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 command/{cmd}", errors=0)


def tfc_sessions(org: Org, t: float, accounts: tuple[str, ...], *, ip: str | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """A Terraform Cloud run: workload identity into ``tfc-landing-zone`` in the management
    account, then ``AssumeRole`` into each account's ``tfc-apply``. Returns the sessions and
    the run's address."""
    trail, ip = org.trail, ip or org.addr.aws("us-east-1")
    run = f"run-{org.rng.integers(10**7, 10**8)}"
    key, rid = trail.key(), org.role_id(o.MGMT, "tfc-landing-zone")
    web = {"type": "WebIdentityUser", "principalId": f"app.terraform.io:sts.amazonaws.com:organization:corvid:project:landing-zone:workspace:org-baseline:run_phase:apply",
           "userName": "organization:corvid:project:landing-zone:workspace:org-baseline:run_phase:apply", "identityProvider": "app.terraform.io"}
    arn = f"arn:aws:sts::{o.MGMT}:assumed-role/tfc-landing-zone/{run}"
    trail.add(t, web, "sts:AssumeRoleWithWebIdentity", account=o.MGMT, region=o.SG, ip=ip, ua=o.TERRAFORM.format(svc="sts"),
              params={"roleArn": role_arn(o.MGMT, "tfc-landing-zone"), "roleSessionName": run}, response=credentials(key, t + 3600, arn, rid, run))
    hub = assumed(o.MGMT, "tfc-landing-zone", rid, run, key, t)
    out = {o.MGMT: hub}
    for account in accounts:
        if account == o.MGMT:
            continue
        k2, r2 = trail.key(), org.role_id(account, "tfc-apply")
        a2 = f"arn:aws:sts::{account}:assumed-role/tfc-apply/{run}"
        trail.add(t + 4, other_account(o.MGMT, f"{rid}:{run}"), "sts:AssumeRole", account=account, region=o.SG, ip=ip,
                  ua=o.TERRAFORM.format(svc="sts"), params={"roleArn": role_arn(account, "tfc-apply"), "roleSessionName": run},
                  response=credentials(k2, t + 3600, a2, r2, run))
        out[account] = assumed(account, "tfc-apply", r2, run, k2, t + 4)
    return out, ip


def terraform_day(org: Org, day: dt.date, accounts: tuple[str, ...] = o.ACCOUNTS) -> None:
    """Terraform Cloud plans for the landing zone on Tuesdays and Thursdays: reads in every account."""
    if day.weekday() not in (1, 3):
        return
    t = o.Clock.at(day, float(org.rng.uniform(2, 8)))
    sessions, ip = tfc_sessions(org, t, accounts)
    reads = (("iam:GetRole", 3), ("iam:ListAttachedRolePolicies", 2), ("kms:DescribeKey", 1), ("ec2:DescribeVpcs", 2), ("s3:GetBucketPolicy", 1))
    for n, (account, who) in enumerate(sessions.items()):
        org.calls(who, t + 10 + n * 300, t + 300 + n * 300, int(org.rng.integers(10, 25)), reads, account=account, region=o.SG, ip=ip,
                  ua=o.TERRAFORM, errors=0)
