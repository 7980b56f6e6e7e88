"""People and partners: the cloud team, the operations control centre and the contact-centre
supervisors through Identity Center (Okta SAML), the EFB iPads through a Cognito identity pool,
the GDS partner and the MRO vendor through roles with external IDs, GitHub Actions through
OIDC, and the three IAM users the airline still has (the co-brand card partner's key, a legacy
S3 sync key on an office server, a reporting console user with a password and no MFA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.records import Session, Trail
from benchmarks.heldout35.workloads import State, at, n

SSO_PATH = "/aws-reserved/sso.amazonaws.com/sa-east-1/"
PERMISSION_SETS = {
    "CloudAdmin": "AWSReservedSSO_CloudAdmin_5c2e8a71f03b9d46",
    "OCCOperator": "AWSReservedSSO_OCCOperator_a81d4f0c7e2b6935",
    "ContactCenterSupervisor": "AWSReservedSSO_ContactCenterSupervisor_3b7e19d0c5a2f846",
    "PCIAssessorReadOnly": "AWSReservedSSO_PCIAssessorReadOnly_e04c7b2d9a16f583",
}
CLOUD_TEAM = {  # person: (home address, local hour they start)
    "ana.ribeiro": (o.HOMES[0], 8.5),
    "bruno.tavares": (o.HOMES[1], 9.5),
    "carla.nunes": (o.HOMES[2], 9.0),
    "diego.matos": (o.HOMES[3], 10.0),
}
OCC_STAFF = ("joao.pereira", "luana.costa", "marcos.alves", "patricia.lima", "rafael.souza")
SUPERVISORS = ("fernanda.rocha", "gustavo.melo", "helena.dias")


def sso(
    tr: Trail, t: dt.datetime, acct: str, pset: str, person: str, ip: str, *, console: bool
) -> Session:
    """An Identity Center sign-in to an account: the ``AssumeRoleWithSAML`` the member account
    sees, and the person's session."""
    role = PERMISSION_SETS[pset]
    sess = tr.role_session(acct, role, person, t, path=SSO_PATH, console=console)
    tr.call(
        t,
        {
            "type": "SAMLUser",
            "principalId": f"Hk8y2Qm3VjL0cR5tW9xZ1eN7pA4=:{person}@caracara.aero",
            "userName": f"{person}@caracara.aero",
            "identityProvider": "Hk8y2Qm3VjL0cR5tW9xZ1eN7pA4=",
        },
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        region="sa-east-1",
        ip=ip,
        ua=o.UA_CHROME if console else o.UA_CLI.format(cmd="sso.login"),
        read_only=True,
        params={
            "roleArn": f"arn:aws:iam::{acct}:role{SSO_PATH}{role}",
            "principalArn": f"arn:aws:iam::{acct}:saml-provider/{o.SSO_PROVIDER}",
            "durationSeconds": 43200,
        },
        resp=tr.credentials(sess, t, hours=12),
        account=acct,
    )
    return sess


READS: dict[
    str, list[tuple[str, str, str | None]]
] = {  # what a person looks at, by permission set: (source, event name, region or None)
    "CloudAdmin": [
        ("ecs.amazonaws.com", "DescribeServices", None),
        ("lambda.amazonaws.com", "GetFunction20150331v2", None),
        ("logs.amazonaws.com", "FilterLogEvents", None),
        ("cloudformation.amazonaws.com", "DescribeStacks", None),
        ("iam.amazonaws.com", "ListRoles", "us-east-1"),
        ("ec2.amazonaws.com", "DescribeInstances", None),
        ("dynamodb.amazonaws.com", "DescribeTable", None),
        ("s3.amazonaws.com", "ListBuckets", None),
        ("cloudwatch.amazonaws.com", "DescribeAlarms", None),
    ],
    "OCCOperator": [
        ("ecs.amazonaws.com", "DescribeServices", None),
        ("ecs.amazonaws.com", "ListTasks", None),
        ("cloudwatch.amazonaws.com", "DescribeAlarms", None),
        ("cloudwatch.amazonaws.com", "GetMetricData", None),
        ("logs.amazonaws.com", "FilterLogEvents", None),
    ],
    "ContactCenterSupervisor": [
        ("connect.amazonaws.com", "ListUsers", None),
        ("connect.amazonaws.com", "DescribeUser", None),
        ("connect.amazonaws.com", "ListQueues", None),
        ("connect.amazonaws.com", "GetCurrentMetricData", None),
    ],
}


def browse(
    tr: Trail, sess: Session, t: dt.datetime, pset: str, ip: str, ua: str, count: int, region: str
) -> dt.datetime:
    """``count`` reads a person makes, a few seconds to minutes apart."""
    r = tr.rng
    for _ in range(count):
        t += dt.timedelta(seconds=5 + r.expovariate(1 / 90))
        source, name, where = r.choice(READS[pset])
        cmd = source.split(".")[0] + "." + name.lower()
        tr.call(t, sess, source, name, region=where or region, ip=ip, ua=ua.format(cmd=cmd),
                read_only=True, params=None)  # fmt: skip
    return t


def cloud_team(tr: Trail, day: dt.date, st: State) -> None:
    """Weekdays: each engineer signs in from home or the office, CLI most of the day and the
    console now and then, mostly in the booking and ops accounts."""
    if day.weekday() >= 5:
        return
    r = tr.rng
    for person, (home, start) in CLOUD_TEAM.items():
        if r.random() < 0.15 or person in st.skip:
            continue  # a day off
        ip = o.OFFICE if day.weekday() in (1, 3) else home
        for acct in r.sample((o.BOOKING, o.OPS, o.MGMT, o.CONTACT), 2):
            t = at(day, start + r.random() * 6)
            cli = r.random() < 0.7
            sess = sso(tr, t, acct, "CloudAdmin", person, ip, console=not cli)
            st.sessions[f"sso:{person}"] = sess
            ua = o.UA_CLI if cli else o.UA_CHROME
            browse(tr, sess, t, "CloudAdmin", ip, ua, n(tr, 25), "sa-east-1")


def occ(tr: Trail, day: dt.date) -> None:
    """The operations control centre, staffed around the clock in three shifts."""
    r = tr.rng
    for shift in (6, 14, 22):
        for person in r.sample(OCC_STAFF, 2):
            t = at(day, shift + r.random() * 2)
            sess = sso(tr, t, o.OPS, "OCCOperator", person, o.OCC, console=True)
            for _ in range(3):
                t = browse(tr, sess, t, "OCCOperator", o.OCC, o.UA_CHROME, n(tr, 8), "sa-east-1")
                t += dt.timedelta(hours=1 + r.random() * 2)


def supervisors(tr: Trail, day: dt.date) -> None:
    """Contact-centre supervisors in Recife: the Connect console, and a few recordings played
    back for quality reviews."""
    r = tr.rng
    for person in SUPERVISORS:
        if day.weekday() >= 5 and person != "helena.dias":
            continue
        t = at(day, 7.5 + r.random() * 2)
        sess = sso(tr, t, o.CONTACT, "ContactCenterSupervisor", person, o.RECIFE_CC, console=True)
        t = browse(tr, sess, t, "ContactCenterSupervisor", o.RECIFE_CC, o.UA_CHROME, n(tr, 12),
                   "us-east-1")  # fmt: skip
        for _ in range(n(tr, 4)):
            t += dt.timedelta(minutes=3 + r.random() * 20)
            obj = f"connect/caracara-cc/CallRecordings/{t:%Y/%m/%d}/{tr.uid()}_{t:%Y%m%dT%H:%M}_UTC.wav"
            tr.s3(t, sess, "GetObject", f"caracara-connect-recordings-{o.CONTACT}", obj,
                  region="us-east-1", ip=o.RECIFE_CC, ua=o.UA_CHROME, owner=o.CONTACT,
                  size=r.randrange(400000, 9000000))  # fmt: skip


def ipads(tr: Trail, day: dt.date, st: State, *, away: dict[int, str] | None = None) -> None:
    """Each EFB iPad syncs two to four times a day before its flights: it exchanges its Cognito
    token for the EFB role, pulls charts and the load sheet, pushes the signed load sheet."""
    r = tr.rng
    if not st.ipads:
        count = max(6, round(40 * st.scale))
        st.ipads = [(f"sa-east-1:{tr.uid()}", i % len(o.IPAD_NETS)) for i in range(count)]
    away = away or {}
    for i, (ident, home) in enumerate(st.ipads):
        for _ in range(r.choice((2, 3, 3, 4))):
            t = at(day, 4.5 + r.random() * 18)
            ip = away.get(i) or r.choice(
                o.IPAD_NETS[home] if r.random() < 0.7 else r.choice(o.IPAD_NETS)
            )
            ipad_sync(tr, t, st, ident, ip)


def ipad_sync(tr: Trail, t: dt.datetime, st: State, ident: str, ip: str) -> Session:
    r = tr.rng
    web = {
        "federatedProvider": "cognito-identity.amazonaws.com",
        "attributes": {
            "cognito-identity.amazonaws.com:aud": st.pool,
            "cognito-identity.amazonaws.com:sub": ident,
            "cognito-identity.amazonaws.com:amr": '["authenticated","cognito-idp.sa-east-1.amazonaws.com/sa-east-1_Qx7TfE2bN"]',
        },
    }
    sess = tr.role_session(o.OPS, "efb-ipad-sync", "CognitoIdentityCredentials", t, web=web)
    resp: dict[str, Any] = tr.credentials(sess, t)
    resp.update({"provider": "cognito-identity.amazonaws.com", "subjectFromWebIdentityToken": ident,
                 "audience": st.pool})  # fmt: skip
    tr.call(
        t,
        {
            "type": "WebIdentityUser",
            "principalId": f"cognito-identity.amazonaws.com:{st.pool}:{ident}",
            "userName": ident,
            "identityProvider": "cognito-identity.amazonaws.com",
        },
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
        region="sa-east-1",
        ip=ip,
        ua=st.ipad_ua,
        read_only=True,
        params={
            "roleArn": f"arn:aws:iam::{o.OPS}:role/efb-ipad-sync",
            "roleSessionName": "CognitoIdentityCredentials",
            "durationSeconds": 3600,
        },
        resp=resp,
        account=o.OPS,
    )
    airports = ("SBKP", "SBCF", "SBRF", "SBUL", "SBGR", "SBSV")
    for j in range(r.randrange(3, 7)):
        obj = f"charts/{r.choice(airports)}/{r.choice(('SID', 'STAR', 'APP'))}-{r.randrange(1, 9)}.pdf"
        tr.s3(t + dt.timedelta(seconds=2 + j), sess, "GetObject", "caracara-efb-content", obj,
              region="sa-east-1", ip=ip, ua=st.ipad_ua, owner=o.OPS,
              size=r.randrange(200000, 3000000))  # fmt: skip
    flight = f"AD{r.randrange(2000, 5999)}"
    tr.s3(t + dt.timedelta(seconds=15), sess, "GetObject", "caracara-efb-content",
          f"loadsheets/{t:%Y%m%d}/{flight}.json", region="sa-east-1", ip=ip, ua=st.ipad_ua,
          owner=o.OPS, size=r.randrange(4000, 9000))  # fmt: skip
    tr.s3(t + dt.timedelta(minutes=8 + r.random() * 20), sess, "PutObject",
          "caracara-efb-uploads", f"signed/{t:%Y%m%d}/{flight}.json", region="sa-east-1", ip=ip,
          ua=st.ipad_ua, owner=o.OPS, size=r.randrange(4000, 9000))  # fmt: skip
    if st.ipad_ua == o.UA_IOS_NEW:  # B5: the release acknowledges each load sheet
        tr.ddb(t + dt.timedelta(minutes=30), sess, "PutItem", "efb-acknowledgements",
               region="sa-east-1", ip=ip, ua=st.ipad_ua)  # fmt: skip
    return sess
