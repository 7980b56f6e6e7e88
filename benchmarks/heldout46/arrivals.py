"""The newcomers of the scored days: the retained incident responders (B7), the statutory
auditor (B8) and the Tauranga laboratory's account, created and built (B10)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.machines import JAVA, SSM
from benchmarks.heldout46.people import CHROME, Person, admin_calls, session
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import GLOBAL
from benchmarks.heldout46.truth import benign
from benchmarks.heldout46.world import LAB, MGMT, PROD_REGION, host


def responders(s: Scene) -> None:
    """B7: the retained incident responders from Wellington, a new role, many reads."""
    rng = s.rng("responders")
    t = s.at(4, 20, 15) if len(s.scored) > 1 else s.at(4, 21, 30)
    for n in range(2):
        p = Person(
            f"responder{n}@kawaiwai-ir.co.nz",
            "okta-incident-response",
            "ir_firm",
            host("ir_firm", 300 + n),
            False,
        )
        actor, _ = session(
            s, p, p.role, t + dt.timedelta(minutes=4 * n), p.home_ip, rng, calls=70, tag="ir"
        )
        benign(s.truth, "B7", "retained incident responders with a new role", actor.arn, t, s.stop)


def auditors(s: Scene, admin: Person) -> None:
    """B8: the statutory auditor's read-only IAM console user with MFA, through Zscaler."""
    rng = s.rng("auditors")
    made = s.at(1, 21, 0)
    actor, _ = session(
        s,
        admin,
        "okta-org-admin",
        made - dt.timedelta(minutes=5),
        host("office", 40),
        rng,
        calls=2,
        tag="aud",
    )
    admin_calls(
        s,
        actor,
        made,
        host("office", 40),
        [
            ("iam", "CreateUser", ""),
            ("iam", "CreateLoginProfile", ""),
            ("iam", "AttachUserPolicy", ""),
            ("iam", "EnableMFADevice", ""),
        ],
    )
    user = f"arn:aws:iam::{MGMT}:user/auditor.hartley"
    for k in range(1, 5):
        t = s.at(k, 21, 30 + 5 * k) if k > 1 or len(s.scored) == 1 else s.at(k, 21, 40)
        if t <= made or t >= s.stop:
            continue
        ip = host("zscaler", 1500 + k)
        who = s.trail.user(
            MGMT, "auditor.hartley", s.ids.key("ASIA", "aud", k), console=True, mfa=True
        )
        s.trail.console(t, who, ip, CHROME, mfa=True)
        for j in range(20):
            source, name = rng.choice(
                [
                    ("organizations", "ListAccounts"),
                    ("iam", "ListUsers"),
                    ("iam", "GetCredentialReport"),
                    ("cloudtrail", "DescribeTrails"),
                    ("organizations", "ListPolicies"),
                    ("iam", "ListPolicies"),
                ]
            )
            s.trail.call(
                t + dt.timedelta(minutes=2 + 4 * j),
                who,
                source,
                name,
                GLOBAL,
                ip,
                CHROME,
                extra={"sessionCredentialFromConsole": "true"},
            )
    benign(
        s.truth,
        "B8",
        "statutory auditor's read-only console user with MFA through Zscaler",
        user,
        made,
        s.stop,
    )


def laboratory(s: Scene, admin: Person) -> None:
    """B10: the Tauranga laboratory's account: created, built by the admin and StackSets, then
    its sample-ingest instances."""
    rng, t = s.rng("lab"), s.lab_created
    office = host("office", 40)
    actor, _ = session(
        s, admin, "okta-org-admin", t - dt.timedelta(minutes=10), office, rng, calls=2, tag="lab"
    )
    s.trail.call(
        t,
        actor,
        "organizations",
        "CreateAccount",
        GLOBAL,
        office,
        CHROME,
        params={"accountName": "kowhai-tauranga-lab", "email": "aws-tauranga@kowhaiherd.co.nz"},
        response={"createAccountStatus": {"accountId": LAB, "state": "IN_PROGRESS"}},
        extra={"sessionCredentialFromConsole": "true"},
    )
    built, _ = s.trail.assume(
        t + dt.timedelta(minutes=9),
        actor,
        LAB,
        "OrganizationAccountAccessRole",
        admin.email,
        s.ids.key("ASIA", "oaar", t),
        office,
        CHROME,
    )
    admin_calls(
        s,
        built,
        t + dt.timedelta(minutes=10),
        office,
        [
            ("ec2", "CreateVpc", PROD_REGION),
            ("ec2", "CreateSubnet", PROD_REGION),
            ("ec2", "CreateNatGateway", PROD_REGION),
            ("iam", "CreateRole", ""),
            ("iam", "CreateInstanceProfile", ""),
            ("iam", "AddRoleToInstanceProfile", ""),
            ("ec2", "RunInstances", PROD_REGION),
            ("ec2", "RunInstances", PROD_REGION),
        ],
    )
    cfn = "cloudformation.amazonaws.com"
    stack = s.trail.role_session(
        LAB, "stacksets-exec-5a1f", "stacksets", s.ids.key("ASIA", "stackset", t), t, False
    )
    for k, (source, name) in enumerate(
        (
            ("iam", "CreateRole"),
            ("iam", "PutRolePolicy"),
            ("config", "PutConfigurationRecorder"),
            ("config", "StartConfigurationRecorder"),
            ("cloudtrail", "CreateTrail"),
        )
    ):
        s.trail.call(
            t + dt.timedelta(minutes=25, seconds=10 * k),
            stack,
            source,
            name,
            GLOBAL if source == "iam" else PROD_REGION,
            cfn,
            cfn,
            invoked_by=cfn,
        )
    first = t + dt.timedelta(minutes=40)
    nat = host("nat", 3900)
    for n in range(2):
        instance = f"i-0{s.ids.hexid(16, 'lab-instance', n)}"
        clock = first + dt.timedelta(minutes=n)
        while clock < s.stop:
            key = s.ids.key("ASIA", "lab", instance, clock)
            lab = s.trail.by_service(
                clock, LAB, "lab-ingest-ec2", instance, key, "ec2", PROD_REGION
            )
            for m in range(0, 360, 20):
                c = clock + dt.timedelta(minutes=m, seconds=rng.randrange(40))
                if c >= s.stop:
                    break
                s.trail.call(c, lab, "ssm", "UpdateInstanceInformation", PROD_REGION, nat, SSM)
                s.trail.call(
                    c + dt.timedelta(seconds=3),
                    lab,
                    "s3",
                    "PutObject",
                    PROD_REGION,
                    nat,
                    JAVA,
                    data=True,
                    params={"bucketName": "kowhai-tauranga-plates", "key": f"{c:%Y%m%d%H%M}.tif"},
                )
            clock += dt.timedelta(hours=6)
    for name in ("OrganizationAccountAccessRole", "stacksets-exec-5a1f", "lab-ingest-ec2"):
        benign(
            s.truth,
            "B10",
            "the Tauranga laboratory account created and built",
            f"arn:aws:iam::{LAB}:role/{name}",
            t,
            s.stop,
        )
