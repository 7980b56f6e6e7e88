"""The eleven benign changes: the events they add beyond what the background already changes
(``_plan``'s slots) and their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._background import PODS, sftp_session
from benchmarks.heldout37._incident import Row, role_arn, row, sso_arn
from benchmarks.heldout37._people import TERRAFORM_CALLS, session_calls
from benchmarks.heldout37._plan import (
    BROKER_V2,
    DR_TEST,
    GREENGRASS_UP,
    KEY_ROTATION,
    MEGA_VESSEL,
    NEW_LINE,
    NODE_GROUP,
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
ADMIN = org.PERMISSION_SETS["PlatformAdmin"]
TOS_WORKLOADS = tuple(f"pmct-irsa-{sa}" for _, sa, *_ in PODS) + ("pmct-gate-plate-reader", "pmct-greengrass-token-exchange")


def whole(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return at(day, 0), at(day, 23, 59, 59)


def b1_mega_vessel(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(MEGA_VESSEL))
    rows = [row("B1", "a 24,000-TEU vessel's call: five times the usual moves for a day", "benign", start, end,
                principal=role_arn(org.TOS, r), severity="low") for r in TOS_WORKLOADS]
    rows.append(row("B1", "the customs broker reads five times the manifests", "benign", start, end,
                    principal=role_arn(org.EDI, "pmct-customs-broker-manifests"), severity="low"))
    return rows


def b2_new_line(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(NEW_LINE)
    start = at(day, 3, 5)
    ip = place("gh_runner_2")
    key = t.web_identity(org.TOS, "gha-terraform-apply", "GitHubActions", start, provider=org.GITHUB_OIDC,
                         subject=org.GITHUB_SUB, audience="sts.amazonaws.com", region=HOME, ip=ip, agent=org.UA_GHA_STS)
    when = session_calls(t, key, org.TOS, start, 18, TERRAFORM_CALLS, ip=ip, agent=org.UA_TERRAFORM, gap=0.05)
    user = "nordwind-lines-edi"
    for n, (name, params) in enumerate((
        ("CreateUser", {"serverId": "s-4b1f7c2e9a0d63851", "userName": user, "homeDirectoryType": "LOGICAL",
                        "role": role_arn(org.EDI, "pmct-sftp-partner-access")}),
        ("ImportSshPublicKey", {"serverId": "s-4b1f7c2e9a0d63851", "userName": user,
                                "sshPublicKeyBody": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + t.alnum(40)}),
        ("TagResource", {"arn": f"arn:aws:transfer:{HOME}:{org.EDI}:user/s-4b1f7c2e9a0d63851/{user}"}),
    )):
        t.call(key, when + dt.timedelta(seconds=5 + 3 * n), "transfer", name, region=HOME, account=org.EDI, ip=ip,
               agent=org.UA_TERRAFORM, params=params)
    first = at(day, 6, 40)
    sftp = t.mint(org.EDI, "pmct-sftp-partner-access", user, first, by="transfer.amazonaws.com", region=HOME)
    sftp.identity["invokedBy"] = "transfer.amazonaws.com"
    sftp_session(t, sftp, user, first)
    events = tuple(r["eventID"] for r in t.records if _is_session(r, user) and r["eventTime"][:10] >= str(day))
    end = at(plan.scored[-1], 23, 59, 59)
    return [row("B2", "a new shipping line onboarded: Terraform makes its SFTP user with an SSH key", "benign", start,
                when + dt.timedelta(minutes=1), key=key.key, severity="low"),
            row("B2", "the new line's first SFTP uploads", "benign", first, end, events=events, severity="low")]


def _is_session(record: dict[str, object], user: str) -> bool:
    identity = record["userIdentity"]
    params = record.get("requestParameters") or {}
    return (isinstance(identity, dict) and str(identity.get("arn", "")).endswith("/" + user)) or (
        isinstance(params, dict) and params.get("roleSessionName") == user)


def b3_node_group(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(NODE_GROUP)
    start = at(day, 2, 20)
    user = "wei.lim"
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(org.TOS, user, "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False)
    for n, name in enumerate(("UpdateClusterVersion", "DescribeUpdate", "CreateNodegroup", "DescribeNodegroup",
                              "DescribeNodegroup", "DeleteNodegroup")):
        t.call(key, start + dt.timedelta(minutes=2 + 8 * n), "eks", name, region=HOME, account=org.TOS, ip=ip, agent=org.CLI_MAC,
               params={"name": "pmct-tos", "version": "1.31"} if n == 0 else {"clusterName": "pmct-tos", "nodegroupName": "tos-ng-131"})
    slr = t.role_session(org.TOS, "AWSServiceRoleForAmazonEKSNodegroup", "EKS", start,
                         path="/aws-service-role/eks-nodegroup.amazonaws.com/")
    slr.identity["invokedBy"] = "eks-nodegroup.amazonaws.com"
    asg = t.role_session(org.TOS, "AWSServiceRoleForAutoScaling", "AutoScaling", start,
                         path="/aws-service-role/autoscaling.amazonaws.com/")
    asg.identity["invokedBy"] = "autoscaling.amazonaws.com"
    for n, name in enumerate(("CreateLaunchTemplate", "CreateAutoScalingGroup", "PutLifecycleHook", "DescribeAutoScalingGroups")):
        source = "ec2" if "LaunchTemplate" in name else "autoscaling"
        t.call(slr, start + dt.timedelta(minutes=20 + n), source, name, region=HOME, account=org.TOS,
               ip="eks-nodegroup.amazonaws.com", agent="eks-nodegroup.amazonaws.com")
    for n, instance in enumerate(w.nodes_new):
        t.call(asg, at(day, 2, 55, n * 7), "ec2", "RunInstances", region=HOME, account=org.TOS,
               ip="autoscaling.amazonaws.com", agent="autoscaling.amazonaws.com",
               response={"instancesSet": {"items": [{"instanceId": instance}]}})
    for n, instance in enumerate(w.nodes_old):
        t.call(asg, at(day, 4, 5, n * 11), "ec2", "TerminateInstances", region=HOME, account=org.TOS,
               ip="autoscaling.amazonaws.com", agent="autoscaling.amazonaws.com",
               params={"instancesSet": {"items": [{"instanceId": instance}]}})
    end = at(day, 23, 59, 59)
    return [row("B3", "EKS 1.31 upgrade: the node group replaced, new instances", "benign", at(day, 2, 50), end,
                principal=role_arn(org.TOS, "pmct-eks-node-role"), severity="low"),
            row("B3", "the engineer running the upgrade", "benign", start, at(day, 3, 15),
                principal=sso_arn(org.TOS, "PlatformAdmin", ADMIN, user), severity="low"),
            row("B3", "the node group's service-linked roles", "benign", start, at(day, 4, 30),
                principal=role_arn(org.TOS, "AWSServiceRoleForAutoScaling", "/aws-service-role/autoscaling.amazonaws.com/"),
                severity="low")]


def b4_vendor(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(VENDOR_DE)
    start, end = whole(day)
    return [row("B4", "the crane maker's remote support from its Bremen engineers", "benign", start, end,
                principal=role_arn(org.TOS, "pmct-crane-vendor-support"), ips=(place("vendor_de"),), severity="low")]


def b5_dr_test(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(DR_TEST)
    start = at(day, 1, 40)
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(org.TOS, "wei.lim", "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False)
    steps = (("route53", "ChangeResourceRecordSets", org.GLOBAL), ("route53", "GetChange", org.GLOBAL),
             ("eks", "DescribeCluster", org.DR), ("autoscaling", "UpdateAutoScalingGroup", org.DR),
             ("dynamodb", "DescribeTable", org.DR), ("route53", "ChangeResourceRecordSets", org.GLOBAL))
    for n, (service, name, region) in enumerate(steps):
        when = start + dt.timedelta(minutes=8 * n) if n < 5 else at(day, 7, 2)
        t.call(key, when, service, name, region=region, account=org.TOS, ip=ip, agent=org.CLI_MAC)
    window = (at(day, 2), at(day, 7))
    rows = [row("B5", "failover test: the TOS runs in Sydney for five hours", "benign", *window,
                principal=role_arn(org.TOS, r), ips=(place("nat_dr"),), severity="low") for r in TOS_WORKLOADS]
    rows.append(row("B5", "the engineer running the failover test", "benign", start, at(day, 7, 10),
                    key=key.key, severity="low"))
    return rows


def b6_broker_v2(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(BROKER_V2)
    return [row("B6", "the customs system's new API version: new SDK, new calls, new addresses", "benign", at(day, 6),
                at(plan.scored[-1], 23, 59, 59), principal=role_arn(org.EDI, "pmct-customs-broker-manifests"),
                ips=(place("broker_ec2_v2"),), severity="low")]


def b7_tokyo(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(TOKYO_JOINS)
    start = at(day, 2, 10)
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(org.MGMT, "wei.lim", "PlatformAdmin", start, ip=ip, agent=org.CHROME_MAC, console=True)
    for n, name in enumerate(("InviteAccountToOrganization", "ListHandshakesForOrganization", "DescribeHandshake",
                              "MoveAccount", "ListAccounts")):
        t.call(key, start + dt.timedelta(minutes=3 + 6 * n), "organizations", name, region=org.GLOBAL, account=org.MGMT,
               ip=ip, agent=org.UA_CONSOLE, params={"target": {"id": org.TOKYO, "type": "ACCOUNT"}} if n == 0 else None)
    end = at(day, 23, 59, 59)
    rows = [row("B7", "the Shinonome terminal's account joins the organisation", "benign", start, at(day, 2, 45), key=key.key,
                severity="low"),
            row("B7", "its gate servers' first day", "benign", at(day, 3), end,
                principal=role_arn(org.TOKYO, "shinonome-gate-server"), ips=(place("nat_tokyo"),), severity="low")]
    rows += [row("B7", "its administrators' first day", "benign", at(day, 3), end,
                 principal=sso_arn(org.TOKYO, "PlatformAdmin", ADMIN, u), severity="low") for u in ("k.sato", "y.mori")]
    return rows


def b8_bali(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(ON_CALL_BALI))
    return [row("B8", "an engineer on call from Bali, with his laptop and Entra ID's MFA", "benign", start, end,
                principal=sso_arn(account, "PlatformAdmin", ADMIN, "wei.lim"), ips=(place("bali"),), severity="low")
            for account in (org.TOS, org.EDI)]


def b9_workspaces(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(WORKSPACES_NAT))
    return [row("B9", "the WorkSpaces directory moved to a new subnet: every operator from a new NAT address", "benign",
                start, end, principal=sso_arn(org.TOS, "OpsCentreOperator", org.PERMISSION_SETS["OpsCentreOperator"], u),
                ips=(place("workspaces_new"),), severity="low") for u in org.OPERATORS[: plan.count(8, 2)]]


def b10_greengrass(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(GREENGRASS_UP)
    start = at(day, 3, 30)
    ip = place("office") if day.weekday() < 5 else place("home_priya")
    key = t.sso(org.TOS, "priya.nair", "PlatformAdmin", start, ip=ip, agent=org.CHROME_MAC, console=True)
    for n, name in enumerate(("ListComponentVersions", "CreateDeployment", "GetDeployment", "ListEffectiveDeployments")):
        t.call(key, start + dt.timedelta(minutes=4 * n), "greengrass", name, region=HOME, account=org.TOS, ip=ip,
               agent=org.UA_CONSOLE, params={"targetArn": f"arn:aws:iot:{HOME}:{org.TOS}:thinggroup/quay-cranes"} if n == 1 else None)
    return [row("B10", "Greengrass nucleus 2.13 rolled out to every crane gateway: a new Java SDK and runtime", "benign",
                at(day, 4), at(day, 23, 59, 59), principal=role_arn(org.TOS, "pmct-greengrass-token-exchange"), severity="low"),
            row("B10", "the engineer deploying it", "benign", start, start + dt.timedelta(minutes=20), key=key.key, severity="low")]


def b11_rotation(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(KEY_ROTATION)
    start = at(day, 2, 55)
    ip = place("office") if day.weekday() < 5 else place("home_priya")
    key = t.sso(org.EDI, "priya.nair", "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False)
    user = "customs-edi-bridge"
    t.call(key, start + dt.timedelta(minutes=2), "iam", "ListAccessKeys", region=org.GLOBAL, account=org.EDI, ip=ip,
           agent=org.CLI_MAC, params={"userName": user})
    t.call(key, start + dt.timedelta(minutes=3), "iam", "CreateAccessKey", region=org.GLOBAL, account=org.EDI, ip=ip,
           agent=org.CLI_MAC, params={"userName": user},
           response={"accessKey": {"accessKeyId": w.bridge_key_new, "status": "Active", "userName": user}})
    t.call(key, start + dt.timedelta(minutes=45), "iam", "UpdateAccessKey", region=org.GLOBAL, account=org.EDI, ip=ip,
           agent=org.CLI_MAC, params={"userName": user, "accessKeyId": w.bridge_key_old, "status": "Inactive"})
    return [row("B11", "the customs bridge's key rotated by the platform team", "benign", start, at(day, 23, 59, 59),
                key=w.bridge_key_new, severity="low"),
            row("B11", "the engineer rotating it", "benign", start, start + dt.timedelta(minutes=46), key=key.key, severity="low")]


BENIGN = (b1_mega_vessel, b2_new_line, b3_node_group, b4_vendor, b5_dr_test, b6_broker_v2, b7_tokyo, b8_bali,
          b9_workspaces, b10_greengrass, b11_rotation)
