"""The truth rows of LwaziPay's benign changes (their activity is in the background and the
planned work): by principal, address or event IDs and window, with the severity each may reach."""

from __future__ import annotations

from benchmarks.heldout23._org import ACCOUNTS, PEOPLE, World, sso_principal
from benchmarks.heldout23._people import pci_review
from benchmarks.heldout23._rows import row

PAY, BILL, FRAUDML = ACCOUNTS["payments"], ACCOUNTS["billing"], ACCOUNTS["fraudml"]


def benign(w: World) -> None:
    """The truth rows of B1..B11 (their activity is in the background and planned work)."""
    s1, s2, s3, s4, s5 = w.scored
    day_end = lambda d: w.at(d, 24)  # noqa: E731
    for d in (s2, s4):
        ips = sorted(w.notes.get(f"B1:{d}", {}).get("ips", ()))  # type: ignore[call-overload]
        if ips:
            row(
                w,
                "B1",
                "load-shedding stage 4: the Cape Town office on LTE",
                "benign",
                w.at(d, 7),
                w.at(d, 17),
                ips=ips,
                severity="low",
            )
    b2 = w.notes["B2"]
    row(
        w,
        "B2",
        "salary day: wallet x5, a read replica",
        "benign",
        w.at(s3, 0),
        day_end(s3),
        principal=f"arn:aws:iam::{PAY}:role/wallet-api-irsa",
        severity="low",
    )
    row(
        w,
        "B2",
        "salary day: wallet x5, a read replica",
        "benign",
        w.at(s3, 8),
        w.at(s3, 9.5),
        principal=str(b2["principal"]),
        events=b2["events"],
        severity="low",
    )  # type: ignore[arg-type]
    for p in PEOPLE:
        if p.user.startswith("noc."):
            for account_name, _ in p.sets:
                row(
                    w,
                    "B3",
                    "the NOC vendor's announced new Pune egress",
                    "benign",
                    w.at(s1, 0),
                    day_end(s5),
                    principal=sso_principal(ACCOUNTS[account_name], "NOCReadOnly", p.user),
                    ips=[w.person_ip(p, "noc_new")],
                    severity="low",
                )
    row(
        w,
        "B4",
        "EKS 1.28 -> 1.29 on the USSD cluster",
        "benign",
        w.at(s3, 9),
        day_end(s3),
        principal=f"arn:aws:iam::{BILL}:role/ussd-eks-node",
        severity="low",
    )
    row(
        w,
        "B4",
        "EKS 1.28 -> 1.29 on the USSD cluster",
        "benign",
        w.at(s3, 9),
        w.at(s3, 11),
        events=w.notes["B4"]["events"],
        severity="low",
    )  # type: ignore[arg-type]
    row(
        w,
        "B5",
        "Jenkins agent AMI rebuilt (new aws-cli)",
        "benign",
        w.at(s5, 8),
        day_end(s5),
        principal=f"arn:aws:iam::{ACCOUNTS['shared']}:role/jenkins-agent",
        severity="low",
    )
    contact = ACCOUNTS["contact"]
    row(
        w,
        "B6",
        "a new Connect agent cohort's first week",
        "benign",
        w.at(s1, 0),
        day_end(s5),
        principal=f"arn:aws:iam::{contact}:role/ConnectAgentFederation",
        severity="low",
    )
    row(
        w,
        "B6",
        "a new Connect agent cohort's first week",
        "benign",
        w.at(s1, 6),
        w.at(s1, 7.5),
        events=w.notes["B6"]["events"],
        severity="low",
    )  # type: ignore[arg-type]
    review = pci_review(w, s2)
    for account_name in ("payments", "security"):
        row(
            w,
            "B7",
            "quarterly PCI access review",
            "benign",
            w.at(s2, 12),
            w.at(s2, 14.5),
            principal=sso_principal(ACCOUNTS[account_name], "SecurityAudit", "bongani.nkosi"),
            severity="low",
        )
    row(
        w,
        "B7",
        "quarterly PCI access review",
        "benign",
        w.at(s2, 12),
        w.at(s2, 14.5),
        events=review,
        severity="low",
    )
    row(
        w,
        "B8",
        "KMS scheduled rotation of the ledger key",
        "benign",
        w.at(s5, 3),
        w.at(s5, 3.5),
        events=[str(w.notes["B8"]["event"])],
        severity="low",
    )
    for role in ("wallet-api-irsa", "txn-publisher-irsa", "wallet-eks-node"):
        row(
            w,
            "B9",
            "DR test: the wallet in eu-west-1 for a day",
            "benign",
            w.at(s4, 0),
            day_end(s4),
            principal=f"arn:aws:iam::{PAY}:role/{role}",
            severity="low",
        )
    row(
        w,
        "B9",
        "DR test: the wallet in eu-west-1 for a day",
        "benign",
        w.at(s4, 4),
        w.at(s4, 6),
        events=w.notes["B9"]["events"],
        severity="low",
    )  # type: ignore[arg-type]
    row(
        w,
        "B10",
        "a contractor's access extended by a day",
        "benign",
        w.at(s4, 0),
        day_end(s4),
        principal=f"arn:aws:iam::{BILL}:user/ext-mandla.c",
        severity="low",
    )
    new = (
        f"arn:aws:iam::{FRAUDML}:role/fraudml-notebook-role",
        f"arn:aws:iam::{FRAUDML}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        sso_principal(FRAUDML, "PlatformAdmin", "sipho.dlamini"),
        sso_principal(FRAUDML, "FraudAnalyst", "lindiwe.zulu"),
    )
    for principal in new:
        row(
            w,
            "B11",
            "the fraud-ml account joins",
            "benign",
            w.at(s2, 0),
            day_end(s5),
            principal=principal,
            severity="low",
        )
