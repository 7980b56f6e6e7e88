"""The benign changes in who reaches PMCT and from where: a new shipping line, the crane maker's
German engineers, the customs system's new version, the Tokyo account, an engineer on call
abroad, the WorkSpaces NAT and a rotated key."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._benign import ADMIN, whole
from benchmarks.heldout37._edi import sftp_session
from benchmarks.heldout37._incident import Row, role_arn, row, sso_arn
from benchmarks.heldout37._people import TERRAFORM_CALLS, session_calls
from benchmarks.heldout37._plan import (
    BROKER_V2,
    KEY_ROTATION,
    NEW_LINE,
    ON_CALL_BALI,
    TOKYO_JOINS,
    VENDOR_DE,
    WORKSPACES_NAT,
    Plan,
    at,
)
from benchmarks.heldout37._records import Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME


def b2_new_line(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(NEW_LINE)
    start = at(day, 3, 5)
    ip = place("gh_runner_2")
    key = t.web_identity(
        org.TOS,
        "gha-terraform-apply",
        "GitHubActions",
        start,
        provider=org.GITHUB_OIDC,
        subject=org.GITHUB_SUB,
        audience="sts.amazonaws.com",
        region=HOME,
        ip=ip,
        agent=org.UA_GHA_STS,
    )
    when = session_calls(
        t, key, org.TOS, start, 18, TERRAFORM_CALLS, ip=ip, agent=org.UA_TERRAFORM, gap=0.05
    )
    # the EDI stack's provider assumes the deployer role in the EDI account (role chaining): a
    # session of the terminal account cannot make Transfer users in another account itself
    deployer = t.assume(
        key,
        org.EDI,
        "pmct-terraform-deployer",
        "terraform-edi",
        when + dt.timedelta(seconds=2),
        region=HOME,
        ip=ip,
        agent=org.UA_TERRAFORM,
    )
    assert deployer is not None
    user = "nordwind-lines-edi"
    for n, (name, params) in enumerate(
        (
            (
                "CreateUser",
                {
                    "serverId": "s-4b1f7c2e9a0d63851",
                    "userName": user,
                    "homeDirectoryType": "LOGICAL",
                    "role": role_arn(org.EDI, "pmct-sftp-partner-access"),
                },
            ),
            (
                "ImportSshPublicKey",
                {
                    "serverId": "s-4b1f7c2e9a0d63851",
                    "userName": user,
                    "sshPublicKeyBody": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + t.alnum(40),
                },
            ),
            (
                "TagResource",
                {"arn": f"arn:aws:transfer:{HOME}:{org.EDI}:user/s-4b1f7c2e9a0d63851/{user}"},
            ),
        )
    ):
        t.call(
            deployer,
            when + dt.timedelta(seconds=5 + 3 * n),
            "transfer",
            name,
            region=HOME,
            account=org.EDI,
            ip=ip,
            agent=org.UA_TERRAFORM,
            params=params,
        )
    first = at(day, 6, 40)
    sftp = t.mint(
        org.EDI, "pmct-sftp-partner-access", user, first, by="transfer.amazonaws.com", region=HOME
    )
    sftp.identity["invokedBy"] = "transfer.amazonaws.com"
    sftp_session(t, sftp, user, first)
    events = tuple(
        r["eventID"] for r in t.records if _is_session(r, user) and r["eventTime"][:10] >= str(day)
    )
    end = at(plan.scored[-1], 23, 59, 59)
    return [
        row(
            "B2",
            "a new shipping line onboarded: Terraform makes its SFTP user with an SSH key",
            "benign",
            start,
            when + dt.timedelta(minutes=1),
            key=key.key,
            severity="low",
        ),
        row(
            "B2",
            "the EDI deployer role Terraform assumes to make the user",
            "benign",
            start,
            when + dt.timedelta(minutes=1),
            key=deployer.key,
            severity="low",
        ),
        row(
            "B2",
            "the new line's first SFTP uploads",
            "benign",
            first,
            end,
            events=events,
            severity="low",
        ),
    ]


def _is_session(record: dict[str, object], user: str) -> bool:
    identity = record["userIdentity"]
    params = record.get("requestParameters") or {}
    return (isinstance(identity, dict) and str(identity.get("arn", "")).endswith("/" + user)) or (
        isinstance(params, dict) and params.get("roleSessionName") == user
    )


def b4_vendor(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(VENDOR_DE)
    start, end = whole(day)
    return [
        row(
            "B4",
            "the crane maker's remote support from its Bremen engineers",
            "benign",
            start,
            end,
            principal=role_arn(org.TOS, "pmct-crane-vendor-support"),
            ips=(place("vendor_de"),),
            severity="low",
        )
    ]


def b6_broker_v2(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(BROKER_V2)
    return [
        row(
            "B6",
            "the customs system's new API version: new SDK, new calls, new addresses",
            "benign",
            at(day, 6),
            at(plan.scored[-1], 23, 59, 59),
            principal=role_arn(org.EDI, "pmct-customs-broker-manifests"),
            ips=(place("broker_ec2_v2"),),
            severity="low",
        )
    ]


def b7_tokyo(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(TOKYO_JOINS)
    start = at(day, 2, 10)
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(
        org.MGMT, "wei.lim", "PlatformAdmin", start, ip=ip, agent=org.CHROME_MAC, console=True
    )
    for n, name in enumerate(
        (
            "InviteAccountToOrganization",
            "ListHandshakesForOrganization",
            "DescribeHandshake",
            "MoveAccount",
            "ListAccounts",
        )
    ):
        t.call(
            key,
            start + dt.timedelta(minutes=3 + 6 * n),
            "organizations",
            name,
            region=org.GLOBAL,
            account=org.MGMT,
            ip=ip,
            agent=org.UA_CONSOLE,
            params={"target": {"id": org.TOKYO, "type": "ACCOUNT"}} if n == 0 else None,
        )
    end = at(day, 23, 59, 59)
    rows = [
        row(
            "B7",
            "the Shinonome terminal's account joins the organisation",
            "benign",
            start,
            at(day, 2, 45),
            key=key.key,
            severity="low",
        ),
        row(
            "B7",
            "its gate servers' first day",
            "benign",
            at(day, 3),
            end,
            principal=role_arn(org.TOKYO, "shinonome-gate-server"),
            ips=(place("nat_tokyo"),),
            severity="low",
        ),
    ]
    rows += [
        row(
            "B7",
            "its administrators' first day",
            "benign",
            at(day, 3),
            end,
            principal=sso_arn(org.TOKYO, "PlatformAdmin", ADMIN, u),
            severity="low",
        )
        for u in ("k.sato", "y.mori")
    ]
    return rows


def b8_bali(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(ON_CALL_BALI))
    return [
        row(
            "B8",
            "an engineer on call from Bali, with his laptop and Entra ID's MFA",
            "benign",
            start,
            end,
            principal=sso_arn(account, "PlatformAdmin", ADMIN, "wei.lim"),
            ips=(place("bali"),),
            severity="low",
        )
        for account in (org.TOS, org.EDI)
    ]


def b9_workspaces(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(WORKSPACES_NAT))
    return [
        row(
            "B9",
            "the WorkSpaces directory moved to a new subnet: every operator from a new NAT address",
            "benign",
            start,
            end,
            principal=sso_arn(
                org.TOS, "OpsCentreOperator", org.PERMISSION_SETS["OpsCentreOperator"], u
            ),
            ips=(place("workspaces_new"),),
            severity="low",
        )
        for u in org.OPERATORS[: plan.count(8, 2)]
    ]


def b11_rotation(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(KEY_ROTATION)
    start = at(day, 2, 55)
    ip = place("office") if day.weekday() < 5 else place("home_priya")
    key = t.sso(
        org.EDI, "priya.nair", "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False
    )
    user = "customs-edi-bridge"
    t.call(
        key,
        start + dt.timedelta(minutes=2),
        "iam",
        "ListAccessKeys",
        region=org.GLOBAL,
        account=org.EDI,
        ip=ip,
        agent=org.CLI_MAC,
        params={"userName": user},
    )
    t.call(
        key,
        start + dt.timedelta(minutes=3),
        "iam",
        "CreateAccessKey",
        region=org.GLOBAL,
        account=org.EDI,
        ip=ip,
        agent=org.CLI_MAC,
        params={"userName": user},
        response={
            "accessKey": {"accessKeyId": w.bridge_key_new, "status": "Active", "userName": user}
        },
    )
    t.call(
        key,
        start + dt.timedelta(minutes=45),
        "iam",
        "UpdateAccessKey",
        region=org.GLOBAL,
        account=org.EDI,
        ip=ip,
        agent=org.CLI_MAC,
        params={"userName": user, "accessKeyId": w.bridge_key_old, "status": "Inactive"},
    )
    return [
        row(
            "B11",
            "the customs bridge's key rotated by the platform team",
            "benign",
            start,
            at(day, 23, 59, 59),
            key=w.bridge_key_new,
            severity="low",
        ),
        row(
            "B11",
            "the engineer rotating it",
            "benign",
            start,
            start + dt.timedelta(minutes=46),
            key=key.key,
            severity="low",
        ),
    ]
