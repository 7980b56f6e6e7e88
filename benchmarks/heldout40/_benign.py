"""The benign changes of the scored days (B1-B11): what they change in the background
(``plan``, set before any day is written) and the events of their own (``events``), each with
its truth rows. Slots 0-4 are the five scored days (``World.slot``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout40._model import credentials, role_session
from benchmarks.heldout40._org import (
    ANALYSTS,
    ANALYTICS,
    BROWSER,
    CLI,
    CONTENT,
    CONTENT_OPS,
    GLOBAL,
    HOME,
    JP,
    KST,
    MGMT,
    NEW_TRANSLATORS,
    PLATFORM,
    PROD,
    TOKYO,
    US,
    World,
    role,
    slr,
    sso_person,
    user_id,
)
from benchmarks.heldout40._people import iam_user, saml

PST = dt.timedelta(hours=-8)


def row(
    world: World,
    id_: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: str = "",
    severity: str = "low",
) -> None:
    attack = label == "attack"
    world.truth.append(
        {
            "id": id_,
            "name": name,
            "label": label,
            "access_key_id": key,
            "principal_arn": principal,
            "source_ip": ips,
            "event_ids": events,
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "expected_min_severity": severity if attack else "",
            "expected_max_severity": "" if attack else severity,
        }
    )


def plan(world: World) -> None:
    """What the benign changes do to the background, before any day is written."""
    s = world.slot
    ch = world.changes
    vegas = world.net.public("vegas_hotel"), world.net.public("vegas_venue")
    ch["travel"] = {
        (PLATFORM[1].login, s(0)): (vegas[0], PST),
        (PLATFORM[1].login, s(1)): (vegas[1], PST),
    }
    ch["model_upgrade"] = world.at(s(0), 11, KST)
    deploys = {
        d: world.at(d, 14, KST) for d in world.days if d.weekday() == 1 and d not in world.scored
    }
    deploys[s(1)] = world.at(s(1), 11, KST)
    ch["api_deploys"] = deploys
    ch["api_new_from"] = deploys[s(1)]
    ch["partner_rotated"] = world.at(s(1), 3)
    ch["animated_jobs"] = {s(1): world.count(14, 6)}
    ch["jp_joins"] = s(2)
    ch["jp_instance_at"] = world.at(s(2), 3.5)
    ch["jp_instance"] = "i-0" + world.trail.hexid(16)
    ch["onboarded"] = s(2)
    ch["finale"] = (world.at(s(3), 19, KST), world.at(s(3), 24.5, KST))
    ch["translator_moves"] = {("tr-vi-tran.minh", s(3)): world.net.public("vn_fpt")}
    ch["backfill"] = {(ANALYSTS[0].login, s(4)): "home_lgu"}
    ch["emr_extra"] = {s(4): 4}
    ch["cms_replaced"] = world.at(s(4), 4 + 1 / 6)


def events(world: World) -> None:
    """The benign changes' own events and every benign truth row."""
    s, net, trail = world.slot, world.net, world.trail
    end = world.at(world.scored[-1], 24)
    ch = world.changes
    # B1: the finale of a hit series on Saturday night KST
    f0, f1 = ch["finale"]
    for principal in (
        role(PROD, "reader-api-task").arn,
        role(PROD, "Cognito_DalbitReadersUnauth_Role").arn,
        role(PROD, "episode-scheduler-role").arn,
        slr(
            PROD,
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            "application-autoscaling.amazonaws.com",
        ).arn,
    ):
        row(
            world,
            "B1",
            "hit series finale: ten times the readers, the API scaled out",
            "benign",
            f0,
            f1,
            principal=principal,
        )
    # B2: three translators onboarded from Thailand
    lead = CONTENT_OPS[0]
    office = net.public(lead.home)
    t = world.at(s(2), 10, KST)
    sess = saml(world, t, lead, CONTENT, office, BROWSER)
    for k, tr in enumerate(NEW_TRANSLATORS[: world.count(3, 2)]):
        u = iam_user(world, CONTENT, tr.name)
        base = t + dt.timedelta(minutes=2 + 3 * k)
        for j, (name, params) in enumerate(
            (
                (
                    "CreateUser",
                    {"userName": tr.name, "tags": [{"key": "vendor", "value": "freelance-th"}]},
                ),
                ("AddUserToGroup", {"groupName": "translators", "userName": tr.name}),
                ("CreateAccessKey", {"userName": tr.name}),
            )
        ):
            resp = (
                {"accessKey": {"accessKeyId": u.key, "status": "Active", "userName": tr.name}}
                if name == "CreateAccessKey"
                else None
            )
            if name == "CreateUser":
                resp = {
                    "user": {"userName": tr.name, "userId": user_id(CONTENT, tr.name), "arn": u.arn}
                }
            trail.emit(
                base + dt.timedelta(seconds=20 * j),
                CONTENT,
                GLOBAL,
                sess.identity,
                office,
                BROWSER,
                "iam",
                name,
                read_only=False,
                params=params,
                response=resp,
                console=True,
                host="iam.amazonaws.com",
            )
        row(
            world, "B2", "translators onboarded from Thailand", "benign", base, end, principal=u.arn
        )
    row(
        world,
        "B2",
        "translators onboarded from Thailand",
        "benign",
        t,
        t + dt.timedelta(hours=1),
        principal=sess.arn,
        ips=office,
    )
    # B3: the translation pipeline moves to a newer Claude; model access enabled first
    up = ch["model_upgrade"]
    eng = PLATFORM[0]
    home = net.public(eng.home)
    es = saml(world, up - dt.timedelta(minutes=50), eng, CONTENT, home, BROWSER)
    for j, name in enumerate(
        (
            "ListFoundationModels",
            "GetFoundationModelAvailability",
            "ListFoundationModelAgreementOffers",
            "CreateFoundationModelAgreement",
            "GetFoundationModelAvailability",
        )
    ):
        trail.emit(
            up - dt.timedelta(minutes=45 - 2 * j),
            CONTENT,
            US,
            es.identity,
            home,
            BROWSER,
            "bedrock",
            name,
            read_only=name.startswith(("List", "Get")),
            console=True,
            params={"modelId": "anthropic.claude-sonnet-4-20250514-v1:0"},
        )
    row(
        world,
        "B3",
        "Bedrock model upgrade of the translation pipeline",
        "benign",
        up,
        end,
        principal=role(CONTENT, "translation-pipeline-task").arn,
    )
    row(
        world,
        "B3",
        "Bedrock model upgrade of the translation pipeline",
        "benign",
        up - dt.timedelta(hours=1),
        up,
        principal=es.arn,
        ips=home,
    )
    # B4: the payment gateway rotates its client certificate, new egress and SDK
    rot = ch["partner_rotated"]
    row(
        world,
        "B4",
        "payment gateway's certificate rotation: new egress, SDK v2",
        "benign",
        rot,
        end,
        principal=role(PROD, "pg-settlement-partner").arn,
        ips=net.aws("partner-nat-2", HOME),
    )
    # B5: a platform engineer at re:Invent in Las Vegas
    vegas = " ".join((net.public("vegas_hotel"), net.public("vegas_venue")))
    for account in PLATFORM[1].accounts:
        row(
            world,
            "B5",
            "platform engineer at re:Invent, Las Vegas",
            "benign",
            world.at(s(0), 0),
            world.at(s(1), 24, PST),  # her Las Vegas evenings are the next UTC morning
            principal=sso_person(account, "PlatformAdmin", PLATFORM[1].login),
            ips=vegas,
        )
    # B6: the Japan-market account is created and built
    jp_account_created(world)
    # B7: a new animated series: many MediaConvert jobs
    row(
        world,
        "B7",
        "new animated series: MediaConvert jobs five times the usual",
        "benign",
        world.at(s(1), 0),
        world.at(s(1), 24),
        principal=role(CONTENT, "MediaConvert_Default_Role").arn,
    )
    row(
        world,
        "B7",
        "new animated series: MediaConvert jobs five times the usual",
        "benign",
        world.at(s(1), 0),
        world.at(s(1), 24),
        principal=sso_person(CONTENT, "ContentOps", CONTENT_OPS[0].login),
        ips=office,
    )
    # B8: an analyst's Sunday backfill from home, the EMR cluster grown for it
    row(
        world,
        "B8",
        "analyst's Sunday backfill from home; EMR grown",
        "benign",
        world.at(s(4), 0),
        end,
        principal=sso_person(ANALYTICS, "DataAnalyst", ANALYSTS[0].login),
        ips=net.public("home_lgu"),
    )
    row(
        world,
        "B8",
        "analyst's Sunday backfill from home; EMR grown",
        "benign",
        world.at(s(4), 0),
        end,
        principal=role(ANALYTICS, "EMR_EC2_DefaultRole").arn,
    )
    # B9: the reader API deploy: new SDK, one more secret read by every task
    dep = ch["api_new_from"]
    row(
        world,
        "B9",
        "reader API release: SDK bump and a new secret on every task",
        "benign",
        dep - dt.timedelta(minutes=5),
        end,
        principal=role(PROD, "reader-api-task").arn,
    )
    row(
        world,
        "B9",
        "reader API release: SDK bump and a new secret on every task",
        "benign",
        dep - dt.timedelta(minutes=5),
        dep + dt.timedelta(minutes=30),
        principal=role(PROD, "github-actions-deploy").arn,
    )
    # B10: a translator works from Da Nang on another ISP
    moved = world.at(s(3), 0)
    row(
        world,
        "B10",
        "translator working from Da Nang (FPT, not VNPT)",
        "benign",
        moved,
        moved + dt.timedelta(days=1),
        principal=iam_user(world, CONTENT, "tr-vi-tran.minh").arn,
    )
    # B11: a CMS instance replaced by Auto Scaling
    rep = ch["cms_replaced"]
    row(
        world,
        "B11",
        "CMS instance replaced by Auto Scaling",
        "benign",
        rep,
        end,
        principal=role(PROD, "cms-ec2-role").arn,
    )
    row(
        world,
        "B11",
        "CMS instance replaced by Auto Scaling",
        "benign",
        rep,
        rep + dt.timedelta(minutes=5),
        principal=slr(PROD, "AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com").arn,
    )


def jp_account_created(world: World) -> None:
    """B6: CreateAccount in the management account, then the engineer's role chain into the
    new account through OrganizationAccountAccessRole to build the web instance."""
    trail, net = world.trail, world.net
    day = world.changes["jp_joins"]
    eng = PLATFORM[0]
    home = net.public(eng.home)
    t = world.at(day, 1)
    ms = saml(world, t, eng, MGMT, home, CLI.format(cmd="sso.login"))
    trail.emit(
        t + dt.timedelta(minutes=1),
        MGMT,
        GLOBAL,
        ms.identity,
        home,
        CLI.format(cmd="organizations.create-account"),
        "organizations",
        "CreateAccount",
        read_only=False,
        params={"accountName": "dalbit-jp-market", "email": "aws-jp@dalbit.kr"},
        response={"createAccountStatus": {"id": "car-" + trail.hexid(32), "state": "IN_PROGRESS"}},
    )
    for k in range(3):
        trail.emit(
            t + dt.timedelta(minutes=2 + k),
            MGMT,
            GLOBAL,
            ms.identity,
            home,
            CLI.format(cmd="organizations.describe-create-account-status"),
            "organizations",
            "DescribeCreateAccountStatus",
            read_only=True,
        )
    oa = role(JP, "OrganizationAccountAccessRole")
    a = t + dt.timedelta(minutes=20)
    js = role_session(JP, oa.name, oa.role_id, "jiwoo-bootstrap", trail.key(), a, hours=1)
    trail.emit(
        a,
        JP,
        TOKYO,
        {"type": "AWSAccount", "principalId": f"{ms.identity['principalId']}", "accountId": MGMT},
        home,
        CLI.format(cmd="sts.assume-role"),
        "sts",
        "AssumeRole",
        read_only=True,
        params={"roleArn": oa.arn, "roleSessionName": "jiwoo-bootstrap"},
        response=credentials(js, trail),
    )
    steps: list[tuple[str, str, str, dict[str, Any]]] = [
        ("iam", "CreateRole", GLOBAL, {"roleName": "localiser-web-role"}),
        ("iam", "CreateInstanceProfile", GLOBAL, {"instanceProfileName": "localiser-web"}),
        ("iam", "AddRoleToInstanceProfile", GLOBAL, {"roleName": "localiser-web-role"}),
        ("ec2", "CreateVpc", TOKYO, {"cidrBlock": "10.42.0.0/16"}),
        ("ec2", "CreateSubnet", TOKYO, {"cidrBlock": "10.42.1.0/24"}),
        ("ec2", "CreateSecurityGroup", TOKYO, {"groupName": "localiser-web"}),
        ("secretsmanager", "CreateSecret", TOKYO, {"name": "localiser/db"}),
        ("ec2", "RunInstances", TOKYO, {"instanceType": "t3.large"}),
        ("ec2", "DescribeInstances", TOKYO, {}),
        ("config", "PutConfigurationRecorder", TOKYO, {}),
        ("config", "StartConfigurationRecorder", TOKYO, {}),
    ]
    for k, (service, name, region, params) in enumerate(steps):
        trail.emit(
            a + dt.timedelta(minutes=2 + 4 * k),
            JP,
            region,
            js.identity,
            home,
            CLI.format(cmd=f"{service}.{name.lower()}"),
            service,
            name,
            read_only=name.startswith("Describe"),
            params=params,
            response={"instancesSet": {"items": [{"instanceId": world.changes["jp_instance"]}]}}
            if name == "RunInstances"
            else None,
        )
    end = world.at(world.scored[-1], 24)
    row(world, "B6", "Japan-market account created and built", "benign", a, end, principal=oa.arn)
    row(
        world,
        "B6",
        "Japan-market account created and built",
        "benign",
        t,
        t + dt.timedelta(minutes=30),
        principal=ms.arn,
        ips=home,
    )
    row(
        world,
        "B6",
        "Japan-market account created and built",
        "benign",
        world.at(day, 0),
        end,
        principal=slr(JP, "AWSServiceRoleForConfig", "config.amazonaws.com").arn,
    )
