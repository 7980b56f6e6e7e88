"""More of the scored days' benign changes (B7...), and the history's own events that later
incidents lean on (the freelancer's offboarding, the accountant's Monday look at the bill)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout28._background import console_session
from benchmarks.heldout28._benign import EC2_CONSOLE, day_end
from benchmarks.heldout28._org import AGENCY, SITES, Org, at
from benchmarks.heldout28._rec import Cred, Record, console_login, event, key_id, mint
from benchmarks.heldout28._scene import Scene


def b7_new_laptop(s: Scene, org: Org, day: dt.date) -> None:
    """The developer's new MacBook: aws-cli 2.22.20 on macOS (``mods`` from this day on)."""
    p = org.people["javier.molina"]
    s.truth(
        "B7",
        "Developer's new laptop: macOS and a newer aws-cli",
        "benign",
        key=p.user.key,
        start=at(day, 0),
        end=day_end(day),
        max_sev="low",
    )
    s.truth(
        "B7",
        "",
        "benign",
        principal=org.roles["sites_admin"].arn,
        start=at(day, 0),
        end=day_end(day),
        max_sev="low",
    )


def b8_new_office_line(s: Scene, org: Org, day: dt.date) -> None:
    """The office moves from Movistar to Digi fibre: every member of staff from a new ASN."""
    s.truth(
        "B8",
        "Office's fibre moved to another provider (new ASN)",
        "benign",
        ips=[org.ips["office_digi"]],
        start=at(day, 0),
        end=day_end(day),
        max_sev="low",
    )


def b9_release(s: Scene, org: Org, day: dt.date) -> None:
    """The fleet's release: the Redis object cache's secret and endpoint read by every instance."""
    s.truth(
        "B9",
        "WordPress fleet release reading the object cache's secret and parameter",
        "benign",
        principal=org.roles["wordpress"].arn,
        start=at(day, 9.5),
        end=day_end(day),
        max_sev="low",
    )


def b10_root_billing(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """Month end: the accountant signs in as the agency's root (MFA) for the invoice and a new card."""
    root = org.root[AGENCY]
    t0 = at(day, 10.1)
    s.add(console_login(s.rng, root, t0, office, org.people["ana.roig"].browser, mfa=True))
    cred = Cred("root", AGENCY, "root", key=key_id(s.rng, "ASIA"), issued=t0, mfa=True)
    t = t0
    for svc, api, ro in (
        ("invoicing", "ListInvoiceSummaries", True),
        ("ce", "GetCostAndUsage", True),
        ("account", "GetContactInformation", True),
        ("payments", "ListPaymentInstruments", True),
        ("payments", "CreatePaymentInstrument", False),
        ("payments", "UpdatePaymentPreferences", False),
        ("tax", "GetTaxRegistration", True),
    ):
        t += dt.timedelta(seconds=30 + s.rng.randrange(120))
        s.add(
            event(
                s.rng,
                cred,
                t,
                svc,
                api,
                "us-east-1",
                office,
                org.people["ana.roig"].browser,
                read_only=ro,
                console=True,
            )
        )
    s.truth(
        "B10",
        "Month-end billing as root with MFA: invoice and a new card",
        "benign",
        principal=root.arn,
        start=t0,
        end=t,
        max_sev="low",
    )


def root_weekly(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """History: the accountant's Monday look at the bill as root."""
    root = org.root[AGENCY]
    t0 = at(day, 9.2 + s.rng.random())
    s.add(console_login(s.rng, root, t0, office, org.people["ana.roig"].browser, mfa=True))
    cred = Cred("root", AGENCY, "root", key=key_id(s.rng, "ASIA"), issued=t0, mfa=True)
    for svc, api in (
        ("ce", "GetCostAndUsage"),
        ("invoicing", "ListInvoiceSummaries"),
        ("ce", "GetCostForecast"),
    ):
        t0 += dt.timedelta(seconds=40)
        s.add(
            event(
                s.rng,
                cred,
                t0,
                svc,
                api,
                "us-east-1",
                office,
                org.people["ana.roig"].browser,
                read_only=True,
                console=True,
            )
        )


def b11_night_launch(s: Scene, org: Org, day: dt.date) -> None:
    """Black Friday's 03:30 launch, watched by marketing from home."""
    p = org.people["marta.soler"]
    ip = p.ips["home_masmovil"]
    t0 = at(day, 2.4)
    console_session(s.rng, s.records, p, AGENCY, t0, ip, 16)
    s.truth(
        "B11",
        "Black Friday launch watched from home at 03:30",
        "benign",
        principal=p.user.arn,
        start=t0,
        end=t0 + dt.timedelta(hours=1, minutes=40),
        max_sev="low",
    )


def offboard(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """History: the freelancer's contract ends; his password and group go, his key stays."""
    admin, name = org.people["javier.molina"], "diego.sosa"
    t0 = at(day, 16.2)
    cred = console_session(s.rng, s.records, admin, AGENCY, t0, office, 2)
    for api, params in (
        ("DeleteLoginProfile", {"userName": name}),
        ("RemoveUserFromGroup", {"groupName": "freelancers", "userName": name}),
    ):
        t0 += dt.timedelta(seconds=50)
        s.add(
            event(
                s.rng,
                cred,
                t0,
                "iam",
                api,
                "us-east-1",
                office,
                admin.browser,
                read_only=False,
                console=True,
                params=params,
            )
        )


def b12_eip_move(
    s: Scene,
    org: Org,
    day: dt.date,
    old: str,
    new: str,
    temp_ip: str,
    eip: str,
    hour: float,
    records: list[Record],
) -> None:
    """Sunday maintenance: a WordPress host replaced; the new instance calls from its launch
    address until the Elastic IP is moved to it, with the same key."""
    admin = org.people["javier.molina"]
    home = admin.ips["home_orange"]
    t0 = at(day, hour - 0.2)
    console = console_session(s.rng, s.records, admin, AGENCY, t0, home, 2)
    rec, cred = mint(
        s.rng,
        console,
        t0 + dt.timedelta(minutes=2),
        org.roles["sites_admin"],
        admin.user.name,
        "us-east-1",
        home,
        admin.browser,
    )
    rec["sessionCredentialFromConsole"] = "true"
    s.add(rec)
    assoc = at(day, hour + 0.55)
    for t, api, params in (
        (t0 + dt.timedelta(minutes=4), "RunInstances", {"instanceType": "t3.medium"}),
        (
            assoc,
            "AssociateAddress",
            {"instanceId": new, "publicIp": eip, "allowReassociation": True},
        ),
        (
            assoc + dt.timedelta(minutes=8),
            "TerminateInstances",
            {"instancesSet": {"items": [{"instanceId": old}]}},
        ),
    ):
        s.add(
            event(
                s.rng,
                cred,
                t,
                "ec2",
                api,
                "eu-south-2",
                home,
                EC2_CONSOLE,
                read_only=False,
                console=True,
                params=params,
                recipient=SITES,
            )
        )
    for r in records:
        ident = r["userIdentity"]
        if (
            r["sourceIPAddress"] == eip
            and ident.get("arn", "").endswith(f"/{new}")
            and r["eventTime"] < assoc.strftime("%Y-%m-%dT%H:%M:%SZ")
        ):
            r["sourceIPAddress"] = temp_ip
    s.truth(
        "B12",
        "A WordPress host replaced, its Elastic IP moved to the new instance",
        "benign",
        principal=org.roles["wordpress"].arn,
        ips=[temp_ip, eip],
        start=t0,
        end=day_end(day),
        max_sev="low",
    )
    s.truth(
        "B12",
        "",
        "benign",
        principal=org.roles["sites_admin"].arn,
        start=t0,
        end=assoc + dt.timedelta(minutes=20),
        max_sev="low",
    )
