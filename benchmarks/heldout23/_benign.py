"""The truth rows of LwaziPay's benign changes (their activity is in the background and the
planned work): by principal, address or event IDs and window, with the severity each may reach
(low for all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout23._org import ACCOUNTS, PEOPLE, World, sso_principal
from benchmarks.heldout23._people import pci_review
from benchmarks.heldout23._rows import row

PAY, BILL, FRAUDML = ACCOUNTS["payments"], ACCOUNTS["billing"], ACCOUNTS["fraudml"]
NAMES = {
    "B1": "load-shedding stage 4: the Cape Town office on LTE",
    "B2": "salary day: wallet x5, a read replica",
    "B3": "the NOC vendor's announced new Pune egress",
    "B4": "EKS 1.28 -> 1.29 on the USSD cluster",
    "B5": "Jenkins agent AMI rebuilt (new aws-cli)",
    "B6": "a new Connect agent cohort's first week",
    "B7": "quarterly PCI access review",
    "B8": "KMS scheduled rotation of the ledger key",
    "B9": "DR test: the wallet in eu-west-1 for a day",
    "B10": "a contractor's access extended by a day",
    "B11": "the fraud-ml account joins",
}
# (change, first scored day, hours from its midnight, last scored day, hours, what the row names)
Window = tuple[str, int, float, int, float, dict[str, Any]]


def role(account: str, name: str) -> dict[str, Any]:
    return {"principal": f"arn:aws:iam::{account}:role/{name}"}


def events(ids: Sequence[object]) -> dict[str, Any]:
    return {"events": [str(i) for i in ids]}


def benign(w: World) -> None:
    """The truth rows of B1..B11, in order."""
    notes = w.notes
    noc = [
        {
            "principal": sso_principal(ACCOUNTS[a], "NOCReadOnly", p.user),
            "ips": [w.person_ip(p, "noc_new")],
        }
        for p in PEOPLE
        if p.user.startswith("noc.")
        for a, _ in p.sets
    ]
    windows: list[Window] = [
        ("B1", d, 7, d, 17, {"ips": sorted(notes[f"B1:{w.s(d)}"]["ips"])})  # type: ignore[call-overload]
        for d in (2, 4)
        if notes.get(f"B1:{w.s(d)}", {}).get("ips")  # type: ignore[attr-defined]
    ]
    windows += [
        ("B2", 3, 0, 3, 24, role(PAY, "wallet-api-irsa")),
        (
            "B2",
            3,
            8,
            3,
            9.5,
            {"principal": str(notes["B2"]["principal"]), **events(notes["B2"]["events"])},
        ),  # type: ignore[arg-type]
        *(("B3", 1, 0, 5, 24, n) for n in noc),
        ("B4", 3, 9, 3, 24, role(BILL, "ussd-eks-node")),
        ("B4", 3, 9, 3, 11, events(notes["B4"]["events"])),  # type: ignore[arg-type]
        ("B5", 5, 8, 5, 24, role(ACCOUNTS["shared"], "jenkins-agent")),
        ("B6", 1, 0, 5, 24, role(ACCOUNTS["contact"], "ConnectAgentFederation")),
        ("B6", 1, 6, 1, 7.5, events(notes["B6"]["events"])),  # type: ignore[arg-type]
    ]
    review = pci_review(w, w.s(2))
    windows += [
        *(
            (
                "B7",
                2,
                12,
                2,
                14.5,
                {"principal": sso_principal(ACCOUNTS[a], "SecurityAudit", "bongani.nkosi")},
            )
            for a in ("payments", "security")
        ),
        ("B7", 2, 12, 2, 14.5, events(review)),
        ("B8", 5, 3, 5, 3.5, events([notes["B8"]["event"]])),
        *(
            ("B9", 4, 0, 4, 24, role(PAY, r))
            for r in ("wallet-api-irsa", "txn-publisher-irsa", "wallet-eks-node")
        ),
        ("B9", 4, 4, 4, 6, events(notes["B9"]["events"])),  # type: ignore[arg-type]
        ("B10", 4, 0, 4, 24, {"principal": f"arn:aws:iam::{BILL}:user/ext-mandla.c"}),
        ("B11", 2, 0, 5, 24, role(FRAUDML, "fraudml-notebook-role")),
        (
            "B11",
            2,
            0,
            5,
            24,
            role(FRAUDML, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
        ),
        (
            "B11",
            2,
            0,
            5,
            24,
            {"principal": sso_principal(FRAUDML, "PlatformAdmin", "sipho.dlamini")},
        ),
        ("B11", 2, 0, 5, 24, {"principal": sso_principal(FRAUDML, "FraudAnalyst", "lindiwe.zulu")}),
    ]
    for ident, first, start, last, end, names in windows:
        at: dt.datetime = w.at(w.s(first), start)
        row(w, ident, NAMES[ident], "benign", at, w.at(w.s(last), end), severity="low", **names)
