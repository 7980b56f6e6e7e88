"""Partners and machines outside AWS: the GDS partner and the MRO vendor assuming their roles
with external IDs from their own accounts, GitHub Actions deploying the booking engine through
OIDC (CloudFormation acting for it), and the IAM users' long-term keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.records import Session, Trail
from benchmarks.heldout35.workloads import State, at, n

GDS_EXTERNAL_ID = "orion-gds-7Q2XK9"
MRO_EXTERNAL_ID = "techlog-5f1c0a9e"
REPO = "repo:caracara-air/booking-engine:ref:refs/heads/main"
OIDC = "token.actions.githubusercontent.com"


def cross_account(
    tr: Trail,
    t: dt.datetime,
    *,
    caller: str,
    caller_role: str,
    acct: str,
    role: str,
    name: str,
    external_id: str | None,
    ip: str,
    ua: str,
    region: str = "us-east-1",
    error: tuple[str, str] | None = None,
) -> Session:
    """Another account's principal assuming one of ours; the event is in our trail too."""
    sess = tr.role_session(acct, role, name, t)
    params: dict[str, Any] = {
        "roleArn": f"arn:aws:iam::{acct}:role/{role}",
        "roleSessionName": name,
        "durationSeconds": 3600,
    }
    if external_id is not None:
        params["externalId"] = external_id
    tr.call(
        t,
        {
            "type": "AWSAccount",
            "principalId": f"{tr.role_id(caller + caller_role)}:{caller_role}-worker",
            "accountId": caller,
        },
        "sts.amazonaws.com",
        "AssumeRole",
        region=region,
        ip=ip,
        ua=ua,
        read_only=True,
        params=params,
        resp=tr.credentials(sess, t),
        error=error,
        account=acct,
        resources=[
            {"accountId": acct, "type": "AWS::IAM::Role", "ARN": f"arn:aws:iam::{acct}:role/{role}"}
        ],
        more={"sharedEventID": tr.uid()},
    )
    return sess


def gds(tr: Trail, day: dt.date, st: State) -> None:
    """The GDS partner, every hour: fares and schedules in, seat availability out."""
    r = tr.rng
    for h in range(24):
        t = at(day, h + 0.05 + r.random() * 0.1)
        ip = r.choice(o.GDS_NAT)
        sess = cross_account(tr, t, caller=o.GDS_ACCOUNT, caller_role="inventory-sync",
                             acct=o.BOOKING, role="gds-partner-inventory",
                             name=f"orion-sync-{int(t.timestamp())}",
                             external_id=GDS_EXTERNAL_ID, ip=ip,
                             ua=o.UA_GO_GDS.replace("api/s3", "api/sts"))  # fmt: skip
        for j in range(r.randrange(2, 5)):
            tr.s3(t + dt.timedelta(seconds=3 + j), sess, "PutObject", "caracara-gds-inbound",
                  f"pnl/{t:%Y%m%d}/{tr.key('')[:8]}.xml", region="sa-east-1", ip=ip,
                  ua=o.UA_GO_GDS, owner=o.BOOKING, size=r.randrange(2000, 9000))  # fmt: skip
        tr.s3(t + dt.timedelta(seconds=9), sess, "GetObject", "caracara-gds-inbound",
              f"availability/{t:%Y%m%d%H}.json", region="sa-east-1", ip=ip, ua=o.UA_GO_GDS,
              owner=o.BOOKING, size=r.randrange(80000, 200000))  # fmt: skip


def mro(tr: Trail, day: dt.date, st: State, *, ips: tuple[str, ...], ua: str, region: str) -> None:
    """The MRO vendor's tech-log sync every two hours in the day: defects and work orders."""
    r = tr.rng
    for h in range(6, 23, 2):
        t = at(day, h + r.random() * 0.2)
        ip = r.choice(ips)
        sess = cross_account(tr, t, caller=o.MRO_ACCOUNT, caller_role="techlog-sync",
                             acct=o.OPS, role="mro-techlog-access", name="techlog-sync",
                             external_id=MRO_EXTERNAL_ID, ip=ip, ua=ua, region=region)  # fmt: skip
        for j in range(r.randrange(3, 8)):
            tr.s3(t + dt.timedelta(seconds=4 + j * 2), sess, "GetObject", "caracara-techlog",
                  f"defects/PR-A{r.randrange(10, 40)}/{t:%Y%m%d}-{j}.json", region="sa-east-1",
                  ip=ip, ua=ua, owner=o.OPS, size=r.randrange(2000, 30000))  # fmt: skip
        tr.s3(t + dt.timedelta(seconds=30), sess, "PutObject", "caracara-techlog",
              f"workorders/{t:%Y%m%d%H}.json", region="sa-east-1", ip=ip, ua=ua, owner=o.OPS,
              size=r.randrange(2000, 30000))  # fmt: skip


def github_session(tr: Trail, t: dt.datetime, ip: str) -> Session:
    """GitHub Actions exchanging its OIDC token for the deploy role."""
    provider = f"arn:aws:iam::{o.BOOKING}:oidc-provider/{OIDC}"
    sess = tr.role_session(o.BOOKING, "gha-deploy-booking", "GitHubActions", t,
                           web={"federatedProvider": provider, "attributes": {}})  # fmt: skip
    resp = tr.credentials(sess, t)
    resp.update({"provider": provider, "subjectFromWebIdentityToken": REPO,
                 "audience": "sts.amazonaws.com"})  # fmt: skip
    tr.call(
        t,
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{REPO}",
            "userName": REPO,
            "identityProvider": provider,
        },
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
        region="sa-east-1",
        ip=ip,
        ua="aws-sdk-js/3.637.0 ua/2.0 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.13.1 "
        "api/sts#3.637.0 configure-aws-credentials-for-github-actions",
        read_only=True,
        params={
            "roleArn": f"arn:aws:iam::{o.BOOKING}:role/gha-deploy-booking",
            "roleSessionName": "GitHubActions",
            "durationSeconds": 3600,
        },
        resp=resp,
        account=o.BOOKING,
    )
    return sess


def deploy(tr: Trail, t: dt.datetime, st: State, functions: list[str]) -> Session:
    """One ``sam deploy`` of the booking engine: a change set, CloudFormation updating the
    functions on the workflow's behalf."""
    r, region = tr.rng, "sa-east-1"
    ip = r.choice(o.GHA)
    sess = github_session(tr, t, ip)
    stack = {"stackName": "booking-engine"}
    for i, (name, ro) in enumerate((("DescribeStacks", True), ("CreateChangeSet", False),
                                    ("DescribeChangeSet", True), ("ExecuteChangeSet", False))):  # fmt: skip
        tr.call(t + dt.timedelta(seconds=20 + i * 8), sess, "cloudformation.amazonaws.com", name,
                region=region, ip=ip, ua=o.UA_SAM.format(cmd="cloudformation.deploy"),
                read_only=ro, params=stack)  # fmt: skip
    # CloudFormation updates the functions with the workflow's own session (forward access)
    acting = Session(sess.key, {**sess.identity, "invokedBy": "cloudformation.amazonaws.com"},
                     sess.account)  # fmt: skip
    for i, fn in enumerate(functions):
        tr.call(t + dt.timedelta(seconds=70 + i * 3), acting, "lambda.amazonaws.com",
                "UpdateFunctionCode20150331v2", region=region, ip="cloudformation.amazonaws.com",
                ua="cloudformation.amazonaws.com", read_only=False,
                params={"functionName": fn, "s3Bucket": "caracara-sam-artifacts", "publish": True})  # fmt: skip
    return sess


def ci(tr: Trail, day: dt.date, st: State) -> None:
    if day.weekday() >= 5:
        return
    r = tr.rng
    from benchmarks.heldout35.workloads import LAMBDAS

    for _ in range(r.choice((0, 1, 1, 2, 3))):
        t = at(day, 10 + r.random() * 8)
        deploy(tr, t, st, r.sample(sorted(LAMBDAS), r.randrange(1, 3)))


def card_partner(tr: Trail, day: dt.date, st: State) -> None:
    """The co-brand card partner's accrual batch, twice a day, with its IAM user's key."""
    r = tr.rng
    sess = tr.user(o.BOOKING, "svc-cobrand-accruals", st.user_keys["cobrand"])
    for h in (2, 14):
        t = at(day, h + r.random() * 0.3)
        for i in range(n(tr, 60 * max(st.scale, 0.15))):
            tr.ddb(t + dt.timedelta(seconds=i * 2), sess, "PutItem", "loyalty-ledger",
                   region="sa-east-1", ip=o.CARD_PARTNER, ua=o.UA_JAVA_PARTNER)  # fmt: skip
        tr.s3(t + dt.timedelta(minutes=5), sess, "PutObject", "caracara-loyalty-partner-drop",
              f"cobrand/{t:%Y%m%d%H}-report.csv", region="sa-east-1", ip=o.CARD_PARTNER,
              ua=o.UA_JAVA_PARTNER, owner=o.BOOKING, size=r.randrange(20000, 90000))  # fmt: skip


def legacy_sync(tr: Trail, day: dt.date, st: State) -> None:
    """A six-year-old IAM key on the office file server, pushing the nightly fare exports."""
    r = tr.rng
    sess = tr.user(o.BOOKING, "svc-s3-sync-legacy", st.user_keys["legacy"])
    t = at(day, 1 + r.random() * 0.5)
    ua = o.UA_CLI.replace(
        "os/macos#23.5.0 md/arch#arm64", "os/linux#5.15.0-125-generic md/arch#x86_64"
    )
    tr.s3(t, sess, "ListObjectsV2", "caracara-fare-exports", None, region="sa-east-1",
          ip=o.OFFICE, ua=ua.format(cmd="s3.sync"), owner=o.BOOKING)  # fmt: skip
    for i in range(r.randrange(4, 9)):
        tr.s3(t + dt.timedelta(seconds=3 + i), sess, "PutObject", "caracara-fare-exports",
              f"nightly/{t:%Y%m%d}/fares-{i}.csv.gz", region="sa-east-1", ip=o.OFFICE,
              ua=ua.format(cmd="s3.sync"), owner=o.BOOKING, size=r.randrange(10**5, 10**6))  # fmt: skip


def console_login(
    tr: Trail, t: dt.datetime, acct: str, user: str, ip: str, ua: str, *, mfa: bool
) -> Session:
    """An IAM user's console sign-in, and the session the console then calls with."""
    ident = tr.user(acct, user, "").identity
    ident = {k: v for k, v in ident.items() if k != "accessKeyId"}
    tr.call(t, ident, "signin.amazonaws.com", "ConsoleLogin", region="us-east-1", ip=ip, ua=ua,
            read_only=False, params=None, resp={"ConsoleLogin": "Success"}, account=acct,
            more={"additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home?region=sa-east-1&state=hashArgs%23",
                "MobileVersion": "No", "MFAUsed": "Yes" if mfa else "No"}})  # fmt: skip
    sess = tr.user(acct, user, tr.key("ASIA"))
    sess.identity["sessionContext"] = {
        "sessionIssuer": {},
        "attributes": {"creationDate": tr_stamp(t), "mfaAuthenticated": "true" if mfa else "false"},
    }
    sess.console = True
    return sess


def tr_stamp(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reporting_user(tr: Trail, day: dt.date, st: State) -> None:
    """The finance analyst's legacy console user (password, no MFA): weekday report download."""
    if day.weekday() >= 5:
        return
    r = tr.rng
    t = at(day, 9 + r.random() * 2)
    sess = console_login(tr, t, o.OPS, "ops-reporting", o.OFFICE, o.UA_CHROME, mfa=False)
    tr.call(t + dt.timedelta(seconds=20), sess, "s3.amazonaws.com", "ListBuckets",
            region="sa-east-1", ip=o.OFFICE, ua=o.UA_CHROME, read_only=True, params=None)  # fmt: skip
    for i in range(r.randrange(1, 4)):
        tr.s3(t + dt.timedelta(minutes=1 + i), sess, "GetObject", "caracara-ops-reports",
              f"daily/{day:%Y%m%d}/otp-{i}.xlsx", region="sa-east-1", ip=o.OFFICE,
              ua=o.UA_CHROME, owner=o.OPS, size=r.randrange(50000, 400000))  # fmt: skip
