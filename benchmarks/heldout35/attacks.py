"""The eleven attacks (A1...A11), each from a public incident pattern, written into the trail on
its slot's scored day with its truth rows (``expected_min_severity`` per attack)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.partners import GDS_EXTERNAL_ID, console_login, cross_account
from benchmarks.heldout35.people import PERMISSION_SETS, ipad_sync, sso
from benchmarks.heldout35.records import Session, Trail, stamp
from benchmarks.heldout35.workloads import State, at

Row = dict[str, Any]


def row(ident: str, name: str, label: str, severity: str, start: dt.datetime, end: dt.datetime,
        *, key: str = "", principal: str = "", ips: tuple[str, ...] = ()) -> Row:  # fmt: skip
    return {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def sso_arn(acct: str, pset: str, person: str) -> str:
    return f"arn:aws:sts::{acct}:assumed-role/{PERMISSION_SETS[pset]}/{person}"


def spree(tr: Trail, sess: Session, t: dt.datetime, calls: list[tuple[str, str, str]], *,
          ip: str, ua: str, gap: float = 4.0, denied: tuple[str, ...] = ()) -> dt.datetime:  # fmt: skip
    """Calls one after another (source, name, region); those in ``denied`` refused."""
    r = tr.rng
    for source, name, region in calls:
        t += dt.timedelta(seconds=1 + r.expovariate(1 / gap))
        err = None
        if name in denied:
            err = ("AccessDenied", f"User: {sess.identity['arn']} is not authorized to perform: "
                   f"{source.split('.')[0]}:{name} because no identity-based policy allows it")  # fmt: skip
        ro = name.startswith(("List", "Get", "Describe"))
        tr.call(t, sess, source, name, region=region, ip=ip,
                ua=ua.format(cmd=source.split(".")[0] + "." + name.lower()), read_only=ro,
                params=None, error=err)  # fmt: skip
    return t


def a1_loyalty_drain(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The co-brand partner's IAM key, leaked from its batch server, posting points to a ring
    of member accounts from a VPS at night (loyalty fraud; the partner's own client)."""
    r, ip = tr.rng, o.DO_VPS
    sess = tr.user(o.BOOKING, "svc-cobrand-accruals", st.user_keys["cobrand"])
    start = t = at(day, 3.2 + r.random() * 0.3)
    ua = o.UA_ATTACK_PY
    tr.call(t, sess, "sts.amazonaws.com", "GetCallerIdentity", region="us-east-1", ip=ip, ua=ua,
            read_only=True, params=None)  # fmt: skip
    ring = [f"CA{r.randrange(10**8):08d}" for _ in range(12)]
    for _ in range(90):
        t += dt.timedelta(seconds=20 + r.random() * 40)
        member = {"memberId": {"S": r.choice(ring)}}
        tr.ddb(t, sess, "PutItem", "loyalty-ledger", region="sa-east-1", ip=ip, ua=ua, key=member)
        tr.ddb(t + dt.timedelta(milliseconds=200), sess, "UpdateItem", "loyalty-members",
               region="sa-east-1", ip=ip, ua=ua, key=member)  # fmt: skip
    return [row("A1", "loyalty points drained with the co-brand partner's key", "attack",
                "medium", start, t, key=sess.key, ips=(ip,))]  # fmt: skip


def a2_recordings(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """A supervisor's Okta session phished (AiTM); the attacker takes CLI credentials from the
    access portal and syncs the call recordings out from a Hetzner host."""
    r, ip, person = tr.rng, o.HETZNER, "fernanda.rocha"
    start = t = at(day, 19.0 + r.random())
    sess = sso(tr, t, o.CONTACT, "ContactCenterSupervisor", person, ip, console=False)
    ua = o.UA_ATTACK_CLI
    bucket = f"caracara-connect-recordings-{o.CONTACT}"
    for _ in range(4):
        t += dt.timedelta(seconds=3)
        tr.s3(t, sess, "ListObjectsV2", bucket, None, region="us-east-1", ip=ip,
              ua=ua.format(cmd="s3.sync"), owner=o.CONTACT)  # fmt: skip
    for _ in range(320):
        t += dt.timedelta(seconds=r.random() * 6)
        d = day - dt.timedelta(days=r.randrange(0, 20))
        obj = f"connect/caracara-cc/CallRecordings/{d:%Y/%m/%d}/{tr.uid()}_{d:%Y%m%d}T14:02_UTC.wav"
        tr.s3(t, sess, "GetObject", bucket, obj, region="us-east-1", ip=ip,
              ua=ua.format(cmd="s3.sync"), owner=o.CONTACT, size=r.randrange(400000, 9000000))  # fmt: skip
    return [row("A2", "call recordings synced out with a phished supervisor's session", "attack",
                "medium", start, t, key=sess.key,
                principal=sso_arn(o.CONTACT, "ContactCenterSupervisor", person), ips=(ip,))]  # fmt: skip


def a3_ipad(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """An EFB iPad's Cognito session credentials, lifted from a jailbroken iPad's app container,
    used from a VPS within the hour: who am I, what buckets, then every load sheet."""
    r, ip = tr.rng, o.DO_VPS2
    ident, home = st.ipads[3]
    t0 = at(day, 13 + r.random())
    sess = ipad_sync(tr, t0, st, ident, o.IPAD_NETS[home][0])
    start = t = t0 + dt.timedelta(minutes=12)
    ua = o.UA_ATTACK_CLI
    t = spree(tr, sess, t, [("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                            ("s3.amazonaws.com", "ListBuckets", "us-east-1")],
              ip=ip, ua=ua, denied=("ListBuckets",))  # fmt: skip
    tr.s3(t, sess, "ListObjectsV2", "caracara-efb-content", None, region="sa-east-1", ip=ip,
          ua=ua.format(cmd="s3.ls"), owner=o.OPS)  # fmt: skip
    for i in range(140):
        t += dt.timedelta(seconds=0.5 + r.random())
        tr.s3(t, sess, "GetObject", "caracara-efb-content",
              f"loadsheets/{day - dt.timedelta(days=i % 9):%Y%m%d}/AD{r.randrange(2000, 5999)}.json",
              region="sa-east-1", ip=ip, ua=ua.format(cmd="s3.cp"), owner=o.OPS, size=6000)  # fmt: skip
    return [row("A3", "an EFB iPad's Cognito credentials used from a VPS", "attack", "medium",
                start, t, key=sess.key, ips=(ip,))]  # fmt: skip


def a4_gds(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The GDS partner breached: its worker's credentials assume our role with the right
    external ID from outside its AWS estate and read the PNR archive."""
    r, ip = tr.rng, o.M247
    start = t = at(day, 1.5 + r.random())
    sess = cross_account(tr, t, caller=o.GDS_ACCOUNT, caller_role="inventory-sync", acct=o.BOOKING,
                         role="gds-partner-inventory", name="orion-sync-debug",
                         external_id=GDS_EXTERNAL_ID, ip=ip, ua=o.UA_ATTACK_PY)  # fmt: skip
    t = spree(tr, sess, t, [("s3.amazonaws.com", "ListBuckets", "us-east-1")], ip=ip,
              ua=o.UA_ATTACK_PY, denied=("ListBuckets",))  # fmt: skip
    for _ in range(3):
        t += dt.timedelta(seconds=2)
        tr.s3(t, sess, "ListObjectsV2", "caracara-pnr-archive", None, region="sa-east-1", ip=ip,
              ua=o.UA_ATTACK_PY, owner=o.BOOKING)  # fmt: skip
    for _ in range(220):
        t += dt.timedelta(seconds=r.random() * 3)
        d = day - dt.timedelta(days=r.randrange(1, 15))
        tr.s3(t, sess, "GetObject", "caracara-pnr-archive", f"{d:%Y/%m/%d}/{tr.key('')[:6]}.json",
              region="sa-east-1", ip=ip, ua=o.UA_ATTACK_PY, owner=o.BOOKING, size=7000)  # fmt: skip
    return [row("A4", "the GDS partner's role assumed after its breach, PNR archive read", "attack",
                "medium", start, t, key=sess.key, ips=(ip,))]  # fmt: skip


def a5_ci_leak(
    tr: Trail, day: dt.date, st: State, deploy_key: Session, t0: dt.datetime
) -> list[Row]:
    """The deploy role's session printed in a public workflow's debug log; a scraper uses it
    within the hour: the functions' environment and the secrets."""
    ip = o.HETZNER2
    start = t = t0 + dt.timedelta(minutes=17)
    t = spree(tr, deploy_key, t, [
        ("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
        ("lambda.amazonaws.com", "ListFunctions20150331", "sa-east-1"),
        ("lambda.amazonaws.com", "GetFunction20150331v2", "sa-east-1"),
        ("lambda.amazonaws.com", "GetFunction20150331v2", "sa-east-1"),
        ("secretsmanager.amazonaws.com", "ListSecrets", "sa-east-1"),
        ("secretsmanager.amazonaws.com", "GetSecretValue", "sa-east-1"),
        ("secretsmanager.amazonaws.com", "GetSecretValue", "sa-east-1"),
        ("iam.amazonaws.com", "ListRoles", "us-east-1"),
        ("iam.amazonaws.com", "CreateAccessKey", "us-east-1"),
    ], ip=ip, ua=o.UA_ATTACK_CLI, denied=("ListRoles", "CreateAccessKey"))  # fmt: skip
    return [row("A5", "the CI deploy role's session from a build log used from Hetzner", "attack",
                "medium", start, t, key=deploy_key.key, ips=(ip,))]  # fmt: skip


def a6_console(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The reporting user's password (reused, in a stealer log) signs in without MFA from
    Romania; looks around and tries to give itself a key."""
    r, ip = tr.rng, o.ROMANIA_HOME
    start = at(day, 4 + r.random())
    sess = console_login(tr, start, o.OPS, "ops-reporting", ip, o.UA_CHROME, mfa=False)
    t = spree(tr, sess, start, [
        ("s3.amazonaws.com", "ListBuckets", "sa-east-1"),
        ("iam.amazonaws.com", "GetAccountSummary", "us-east-1"),
        ("iam.amazonaws.com", "ListUsers", "us-east-1"),
        ("ec2.amazonaws.com", "DescribeInstances", "sa-east-1"),
        ("iam.amazonaws.com", "CreateAccessKey", "us-east-1"),
        ("iam.amazonaws.com", "CreateLoginProfile", "us-east-1"),
    ], ip=ip, ua=o.UA_CHROME, gap=25,
        denied=("GetAccountSummary", "ListUsers", "DescribeInstances", "CreateAccessKey",
                "CreateLoginProfile"))  # fmt: skip
    for i in range(6):
        t += dt.timedelta(seconds=30)
        tr.s3(t, sess, "GetObject", "caracara-ops-reports", f"monthly/2026{i + 5:02d}/fleet.xlsx",
              region="sa-east-1", ip=ip, ua=o.UA_CHROME, owner=o.OPS, size=300000)  # fmt: skip
    return [row("A6", "console sign-in without MFA from Romania", "attack", "medium", start, t,
                principal=f"arn:aws:iam::{o.OPS}:user/ops-reporting", ips=(ip,))]  # fmt: skip


RECON = [
    ("iam.amazonaws.com", "ListUsers", "us-east-1"),
    ("iam.amazonaws.com", "ListRoles", "us-east-1"),
    ("iam.amazonaws.com", "ListAttachedRolePolicies", "us-east-1"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails", "us-east-1"),
    ("s3.amazonaws.com", "ListBuckets", "us-east-1"),
    ("s3.amazonaws.com", "GetBucketPolicy", "sa-east-1"),
    ("ec2.amazonaws.com", "DescribeInstances", "us-west-2"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups", "us-west-2"),
    ("secretsmanager.amazonaws.com", "ListSecrets", "sa-east-1"),
    ("dynamodb.amazonaws.com", "ListTables", "sa-east-1"),
    ("kms.amazonaws.com", "ListKeys", "sa-east-1"),
    ("lambda.amazonaws.com", "ListFunctions20150331", "us-east-1"),
]


def a7_recon(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """An engineer's Identity Center token cache stolen by an infostealer; the attacker works
    through a São Paulo residential proxy with the team's own aws-cli, a few calls an hour."""
    r, ip, person = tr.rng, o.RESI_PROXY, "carla.nunes"
    rows = []
    for k, acct in enumerate((o.BOOKING, o.OPS)):
        t = start = at(day, 11 + 4 * k + r.random())
        sess = sso(tr, t, acct, "CloudAdmin", person, ip, console=False)
        for _ in range(9):
            t = spree(tr, sess, t, [r.choice(RECON)], ip=ip, ua=o.UA_CLI, gap=2)
            t += dt.timedelta(minutes=10 + r.random() * 15)
        rows.append(row("A7", "quiet recon with an engineer's stolen SSO token and the team's CLI",
                        "attack", "medium", start, t, key=sess.key,
                        principal=sso_arn(acct, "CloudAdmin", person), ips=(ip,)))  # fmt: skip
    return rows
