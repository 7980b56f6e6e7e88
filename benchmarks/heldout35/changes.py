"""The eleven benign changes (B1...B11): what really makes detectors cry wolf at an airline.
``prepare`` sets a change's state before the day's background is written; ``write`` adds the
change's own events after it. Each returns its truth rows (``expected_max_severity``)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.attacks import Row, row, spree, sso_arn
from benchmarks.heldout35.partners import deploy
from benchmarks.heldout35.people import browse, sso
from benchmarks.heldout35.records import Trail
from benchmarks.heldout35.workloads import LAMBDAS, State, at, n

PROWLER = [
    (s, e)
    for s, e in (
        ("iam.amazonaws.com", "GetAccountPasswordPolicy"),
        ("iam.amazonaws.com", "ListUsers"),
        ("iam.amazonaws.com", "ListPolicies"),
        ("iam.amazonaws.com", "GenerateCredentialReport"),
        ("iam.amazonaws.com", "GetCredentialReport"),
        ("s3.amazonaws.com", "GetBucketEncryption"),
        ("s3.amazonaws.com", "GetBucketPublicAccessBlock"),
        ("s3.amazonaws.com", "GetBucketLogging"),
        ("ec2.amazonaws.com", "DescribeSecurityGroups"),
        ("ec2.amazonaws.com", "DescribeFlowLogs"),
        ("ec2.amazonaws.com", "DescribeVolumes"),
        ("kms.amazonaws.com", "ListKeys"),
        ("kms.amazonaws.com", "GetKeyRotationStatus"),
        ("cloudtrail.amazonaws.com", "DescribeTrails"),
        ("cloudtrail.amazonaws.com", "GetEventSelectors"),
        ("guardduty.amazonaws.com", "ListDetectors"),
        ("config.amazonaws.com", "DescribeConfigurationRecorders"),
        ("securityhub.amazonaws.com", "DescribeHub"),
        ("lambda.amazonaws.com", "ListFunctions20150331"),
        ("dynamodb.amazonaws.com", "ListTables"),
    )
]
QSA = "renata.alves.qsa"


def lambda_rows(ident: str, name: str, start: dt.datetime, end: dt.datetime, *,
                ips: tuple[str, ...] = ()) -> list[Row]:  # fmt: skip
    return [
        row(
            ident,
            name,
            "benign",
            "low",
            start,
            end,
            principal=f"arn:aws:iam::{o.BOOKING}:role/{fn}-role",
            ips=ips,
        )
        for fn in sorted(LAMBDAS)
    ]


def prepare(tr: Trail, day: dt.date, slot: dict[int, list[str]], st: State, end: dt.datetime) -> list[Row]:  # fmt: skip
    """State changes that the background of ``day`` then writes."""
    here, rows = slot.get(day.toordinal(), []), []
    st.irrops, st.skip = 1.0, frozenset()
    if "B1" in here:
        st.irrops = 10.0
        rows.append(row("B1", "irregular operations: a storm closes Viracopos, rebooking at 10x",
                        "benign", "low", at(day, 0), at(day, 24),
                        principal=f"arn:aws:iam::{o.BOOKING}:role/irrops-rebook-role"))  # fmt: skip
    if "B7" in here:
        st.skip = frozenset({"bruno.tavares"})
    if "B5" in here:
        st.ipad_ua = o.UA_IOS_NEW
        rows.append(row("B5", "the load-sheet app's release to every EFB iPad (new SDK, a new "
                        "acknowledgements table)", "benign", "low", at(day, 0), end,
                        principal=f"arn:aws:iam::{o.OPS}:role/efb-ipad-sync"))  # fmt: skip
    if "B4" in here:
        st.mro_eu = True
        rows.append(row("B4", "the MRO vendor moves its tech-log sync to eu-west-1", "benign",
                        "low", at(day, 0), end, principal=f"arn:aws:iam::{o.OPS}:role/mro-techlog-access",
                        ips=o.MRO_NAT_EU))  # fmt: skip
    if "B10" in here:
        t = at(day, 6 + tr.rng.random() * 0.3)
        deploy(tr, t, st, sorted(LAMBDAS))
        st.ua_from = t + dt.timedelta(minutes=3)
        rows += lambda_rows("B10", "the booking functions moved from Node.js 18 to 20 (new SDK)",
                            st.ua_from, end)  # fmt: skip
        rows.append(row("B10", "the runtime upgrade's deploy", "benign", "low", t,
                        t + dt.timedelta(minutes=5),
                        principal=f"arn:aws:iam::{o.BOOKING}:role/gha-deploy-booking"))  # fmt: skip
    if "B11" in here:
        t = at(day, 4.5 + tr.rng.random() * 0.2)
        sess = sso(tr, t, o.BOOKING, "CloudAdmin", "diego.matos", o.HOMES[3], console=False)
        done = spree(tr, sess, t, [("ec2.amazonaws.com", e, "sa-east-1") for e in (
            "DescribeNatGateways", "AllocateAddress", "CreateNatGateway", "DescribeNatGateways",
            "ReplaceRoute", "ReplaceRoute", "DeleteNatGateway", "ReleaseAddress")],
            ip=o.HOMES[3], ua=o.UA_TF.replace("{api}", "ec2"), gap=20)  # fmt: skip
        st.nat_from = done - dt.timedelta(seconds=60)
        rows += lambda_rows("B11", "the booking VPC's NAT gateway replaced (a new address)",
                            st.nat_from, end, ips=(o.NAT_BOOKING_NEW,))  # fmt: skip
        rows.append(row("B11", "the NAT gateway's replacement with Terraform", "benign", "low", t,
                        done, principal=sso_arn(o.BOOKING, "CloudAdmin", "diego.matos")))  # fmt: skip
    if "B8" in here:
        st.cargo_live = True
    return rows


def write(tr: Trail, day: dt.date, slot: dict[int, list[str]], st: State, end: dt.datetime) -> list[Row]:  # fmt: skip
    """The changes' own events on ``day``."""
    here, rows, r = slot.get(day.toordinal(), []), [], tr.rng
    if "B2" in here:
        person = "gustavo.melo"
        t = start = at(day, 9 + r.random())
        sess = sso(tr, t, o.CONTACT, "ContactCenterSupervisor", person, o.RECIFE_CC, console=True)
        for i in range(max(10, round(60 * st.scale))):
            for name in ("CreateUser", "UpdateUserRoutingProfile", "UpdateUserHierarchy"):
                t += dt.timedelta(seconds=8 + r.random() * 20)
                tr.call(t, sess, "connect.amazonaws.com", name, region="us-east-1",
                        ip=o.RECIFE_CC, ua=o.UA_CHROME, read_only=False,
                        params={"instanceId": "7c1e0b2f-3d9a-4e58-a6b1-f0c2d8e93a47",
                                "username": f"temp.agent{i:03d}"})  # fmt: skip
        rows.append(row("B2", "sixty temporary contact-centre agents added in a hurry", "benign",
                        "low", start, t, principal=sso_arn(o.CONTACT, "ContactCenterSupervisor", person)))  # fmt: skip
    if "B3" in here:
        away = {i: r.choice(o.BOGOTA) for i in range(min(6, len(st.ipads)))}
        from benchmarks.heldout35.people import ipad_sync

        for i, ip in away.items():
            for _ in range(2):
                ipad_sync(tr, at(day, 5 + r.random() * 14), st, st.ipads[i][0], ip)
        rows.append(row("B3", "the inaugural Bogotá route: crews sync from the hotel and Claro "
                        "Colombia", "benign", "low", at(day, 0), at(day, 24),
                        principal=f"arn:aws:iam::{o.OPS}:role/efb-ipad-sync", ips=o.BOGOTA))  # fmt: skip
    if "B6" in here:
        for acct in (o.BOOKING, o.OPS, o.CONTACT):
            t = start = at(day, 9 + r.random() * 6)
            sess = sso(tr, t, acct, "PCIAssessorReadOnly", QSA, o.QSA_OFFICE, console=False)
            for region in o.REGIONS:
                for source, name in PROWLER:
                    t += dt.timedelta(seconds=0.3 + r.random())
                    where = "us-east-1" if source == "iam.amazonaws.com" else region
                    denied = name in ("GetCredentialReport", "DescribeHub") and r.random() < 0.5
                    err = ("AccessDenied", "not authorized") if denied else None
                    tr.call(t, sess, source, name, region=where, ip=o.QSA_OFFICE,
                            ua=o.UA_PROWLER, read_only=True, params=None, error=err)  # fmt: skip
            console = sso(tr, t, acct, "PCIAssessorReadOnly", QSA, o.QSA_OFFICE, console=True)
            t = browse(tr, console, t, "CloudAdmin", o.QSA_OFFICE, o.UA_CHROME, 15, "sa-east-1")
            rows.append(row("B6", "the PCI assessor's read-only access: Prowler and the console",
                            "benign", "low", start, t, principal=sso_arn(acct, "PCIAssessorReadOnly", QSA),
                            ips=(o.QSA_OFFICE,)))  # fmt: skip
    if "B7" in here:
        person, ip = "bruno.tavares", o.LISBON_HOTEL
        for acct, k in ((o.OPS, 0), (o.BOOKING, 1)):
            t = start = at(day, 17 + k * 1.5 + r.random())  # after the storm closes the hub
            sess = sso(tr, t, acct, "CloudAdmin", person, ip, console=k == 0)
            ua = o.UA_CHROME if k == 0 else o.UA_CLI
            t = browse(tr, sess, t, "CloudAdmin", ip, ua, n(tr, 20), "sa-east-1")
            if acct == o.OPS:
                t = spree(tr, sess, t, [("ecs.amazonaws.com", "UpdateService", "sa-east-1")],
                          ip=ip, ua=ua)  # fmt: skip
            else:
                t = spree(tr, sess, t, [("lambda.amazonaws.com", "PutFunctionConcurrency", "sa-east-1"),
                                        ("lambda.amazonaws.com", "GetFunctionConcurrency", "sa-east-1")],
                          ip=ip, ua=ua)  # fmt: skip
            rows.append(row("B7", "an engineer on call from a layover hotel in Lisbon", "benign",
                            "low", start, t, principal=sso_arn(acct, "CloudAdmin", person), ips=(ip,)))  # fmt: skip
    if "B9" in here:
        task = f"{r.getrandbits(128):032x}"
        start = t = at(day, 2 + r.random() * 0.2)
        sess = tr.mint(t, "ecs-tasks.amazonaws.com", o.OPS, "crew-roster-task", task,
                       region="sa-east-1")  # fmt: skip
        for _ in range(30):
            t += dt.timedelta(seconds=2 + r.random() * 2)
            tr.ddb(t, sess, "Scan", "crew-roster", region="sa-east-1", ip=o.NAT_OPS, ua=o.UA_JAVA)
        for i in range(max(60, round(900 * st.scale))):
            t += dt.timedelta(seconds=0.2 + r.random() * 0.5)
            tr.s3(t, sess, "PutObject", "caracara-crew-rosters", f"{day:%Y-%m}/crew-{i:05d}.pdf",
                  region="sa-east-1", ip=o.NAT_OPS, ua=o.UA_JAVA, owner=o.OPS, size=80000)  # fmt: skip
        rows.append(row("B9", "the monthly roster publication task: the whole crew table read, a "
                        "roster per crew member written", "benign", "low", start, t,
                        key=sess.key, principal=f"arn:aws:iam::{o.OPS}:role/crew-roster-task"))  # fmt: skip
    return rows
