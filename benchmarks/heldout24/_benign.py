"""The benign changes of the scored days (each expected at most low): a hotel's ISP renumbering,
a hotel changing ISP, a new hotel, the PMS vendor's update, the Christmas-week peak, the
loyalty promotion's batch, the vendor's new egress region, a finance user abroad, the key
rotation campaign, the runners' new NAT gateway and the new account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout24 import _truth
from benchmarks.heldout24._org import (
    ACCOUNTS,
    CLI,
    HOME,
    LAMBDA_UA,
    LEDGER,
    OPERA_UPDATED,
    PMS_UA,
    RUNNER_UA,
    Hotel,
    World,
    free_hotel,
    hotel_arn,
    person,
    role_arn,
    sso_arn,
)
from benchmarks.heldout24._people import portal_day, sso
from benchmarks.heldout24._routine import lambda_session
from benchmarks.heldout24._truth import end_of, start_of, w_at, w_end

Hook = Callable[[World, dt.date], None]
Plan = dict[dt.date, list[Hook]]
EUROPE = ("dtag", "vodafone_de", "orange", "virgin", "telefonica", "tim", "swisscom", "ziggo", "du")


def plan(world: World, before: Plan, after: Plan) -> None:
    s = world.scored
    rows = world.truth
    last = end_of(s[-1])

    # B1: a hotel's cable ISP re-leases its line: the PMS key from a new address of the same ISP
    b1 = free_hotel(world, operator="comcast", dynamic=True)
    b1_ip = world.net.isp(b1.operator)
    b1.renumber = 10**6

    def renumber(w: World, day: dt.date) -> None:
        b1.ip = b1_ip

    before[s[2]].append(renumber)
    _truth.benign(
        rows,
        "B1",
        "hotel ISP renumbers its broadband",
        [hotel_arn(b1)],
        start_of(s[2]),
        last,
        ips=[b1_ip],
    )

    # B2: after a renovation a hotel moves from its cable ISP to an AT&T business line (ticket)
    b2 = free_hotel(world, operator="cox", dynamic=True)
    b2_ip = world.net.isp("att")
    b2.renumber = 10**6

    def new_isp(w: World, day: dt.date) -> None:
        b2.operator, b2.ip, b2.dynamic = "att", b2_ip, False

    before[s[1]].append(new_isp)
    _truth.benign(
        rows,
        "B2",
        "hotel changes ISP after a renovation",
        [hotel_arn(b2)],
        start_of(s[1]),
        last,
        ips=[b2_ip],
    )

    # B3: a new hotel in Osaka joins: the onboarding pipeline makes its IAM user and key, its PMS
    # uploads that night
    new = Hotel(
        code="NT900",
        user="pms-nt900",
        principal_id=world.trail.uid("AIDA"),
        key=world.trail.key("AKIA"),
        operator="ntt",
        offset=9,
        dynamic=False,
        pms="opera",
        ip=world.net.isp("ntt"),
        renumber=10**6,
        ua=PMS_UA["opera"],
    )
    world.hotels.append(new)
    world.state.setdefault("joins", {})[new.code] = s[2]
    world.state["taken"].add(new.code)

    def onboard(w: World, day: dt.date) -> None:
        t = w.at(day, 1 + w.rng.random())
        who = lambda_session(w, ACCOUNTS["integrations"], "hotel-onboarding", t)
        ip = w.state[("env", who["accessKeyId"])]
        for n, name in enumerate(("CreateUser", "TagUser", "AddUserToGroup", "CreateAccessKey")):
            params: dict[str, Any] = {"userName": new.user}
            if name == "CreateUser":
                params["path"] = "/franchise/"
            if name == "AddUserToGroup":
                params["groupName"] = "franchise-pms"
            response = (
                {"accessKey": {"accessKeyId": new.key, "status": "Active", "userName": new.user}}
                if name == "CreateAccessKey"
                else None
            )
            w.trail.call(
                who,
                t + dt.timedelta(seconds=3 * n),
                "iam",
                name,
                HOME,
                ip,
                LAMBDA_UA,
                params=params,
                response=response,
            )

    before[s[2]].append(onboard)
    onboarder = role_arn(ACCOUNTS["integrations"], "hotel-onboarding-role")
    _truth.benign(
        rows, "B3", "a new hotel joins the franchise", [hotel_arn(new)], start_of(s[2]), last
    )
    _truth.benign(
        rows, "B3", "a new hotel joins the franchise", [onboarder], start_of(s[2]), w_end(s[2], 3)
    )

    # B4: the Opera PMS vendor's update reaches 40 hotels in one night: a new Java SDK
    opera = [
        h
        for h in world.hotels
        if h.pms == "opera" and h.code not in world.state["taken"] and h.operator not in EUROPE
    ]
    updated = opera[: min(40, max(6, len(opera) * 2 // 3))]
    world.state["taken"].update(h.code for h in updated)

    def update(w: World, day: dt.date) -> None:
        for h in updated:
            h.ua = OPERA_UPDATED

    before[s[3]].append(update)
    _truth.benign(
        rows,
        "B4",
        "PMS vendor update, new SDK at 40 hotels",
        [hotel_arn(h) for h in updated],
        start_of(s[3]),
        last,
    )

    # B5: the Christmas-week booking peak: x3 over the weekend, x6 from Monday
    world.state["peak"] = {s[0]: 3.0, s[1]: 3.0, s[2]: 6.0, s[3]: 6.0, s[4]: 6.0}
    roles = [
        "booking-api-task",
        "availability-task",
        "payments-gw-task",
        "confirmation-mailer-task",
    ]
    busy = [role_arn(ACCOUNTS["booking"], r) for r in roles] + [
        role_arn(ACCOUNTS["loyalty"], "points-accrual-role")
    ]
    _truth.benign(rows, "B5", "Christmas-week booking peak", busy, start_of(s[0]), last)

    # B6: the loyalty promotion: CI deploys a batch function that credits bonus points once
    promo = max(60, round(400 * world.scale))

    def promotion(w: World, day: dt.date) -> None:
        t = w.at(day, 15 + w.rng.random() / 4)
        nat, runner = w.state["runner_nat"], w.state["runners"][0]
        instance = w.session(
            ACCOUNTS["corpit"], "gitlab-runner", runner, t, by="ec2.amazonaws.com", hours=1
        )
        deployer = w.session(
            ACCOUNTS["loyalty"],
            "gitlab-deployer",
            f"gitlab-{w.rng.randrange(10**6, 10**7)}",
            t,
            by="assume",
            hours=1,
            caller=instance,
            ip=nat,
            ua=RUNNER_UA,
        )
        for n, name in enumerate(("CreateFunction20150331", "GetFunction")):
            w.trail.call(
                deployer,
                t + dt.timedelta(seconds=10 + n),
                "lambda",
                name,
                HOME,
                nat,
                RUNNER_UA,
                params={"functionName": "points-promo-dec"},
            )
        run = t + dt.timedelta(minutes=5)
        for _ in range(promo):
            at = run + dt.timedelta(seconds=w.rng.randrange(0, 1800))
            who = lambda_session(w, ACCOUNTS["loyalty"], "points-promo-dec", at)
            w.trail.call(
                who,
                at,
                "dynamodb",
                "BatchWriteItem",
                HOME,
                w.state[("env", who["accessKeyId"])],
                LAMBDA_UA,
                params={"requestItems": {LEDGER: "25 items"}},
            )

    after[s[3]].append(promotion)
    _truth.benign(
        rows,
        "B6",
        "loyalty promotion's bulk points batch",
        [role_arn(ACCOUNTS["loyalty"], "points-promo-dec-role")],
        w_at(s[3], 14.5),
        end_of(s[3]),
    )

    # B7: YieldPilot moves its egress to us-west-2
    west = [world.net.ec2("us-west-2") for _ in range(2)]

    def egress(w: World, day: dt.date) -> None:
        w.state["vendor_ips"] = west

    before[s[1]].append(egress)
    _truth.benign(
        rows,
        "B7",
        "revenue vendor's egress moves region",
        [role_arn(ACCOUNTS["data"], "yieldpilot-revenue"), "aws_account:742915506318"],
        start_of(s[1]),
        last,
        ips=west,
    )

    # B8: a finance manager at a conference in London on Monday and Tuesday: MFA, usual browser
    robert = person(world, "robert.hayes")
    hotel_wifi = world.net.isp("virgin")
    travel = world.state.setdefault("travel", {})
    for day in s[2:4]:
        travel[(robert.email, day)] = hotel_wifi
    _truth.benign(
        rows,
        "B8",
        "finance user at a conference abroad",
        [sso_arn(world, robert, ACCOUNTS["corpit"])],
        start_of(s[2]),
        end_of(s[3]),
        ips=[hotel_wifi],
    )

    # B9: the key rotation campaign for European and Gulf hotels: a new key made on Monday
    # evening, used from the next upload, the old key deactivated and deleted on Wednesday
    rotated = [
        h for h in world.hotels if h.operator in EUROPE and h.code not in world.state["taken"]
    ]
    world.state["taken"].update(h.code for h in rotated)
    new_keys = {h.code: world.trail.key("AKIA") for h in rotated}
    old_keys = {h.code: h.key for h in rotated}

    def create(w: World, day: dt.date) -> None:
        t = w.at(day, 21 + w.rng.random() / 2)
        who = lambda_session(w, ACCOUNTS["integrations"], "hotel-onboarding", t)
        for n, h in enumerate(rotated):
            w.trail.call(
                who,
                t + dt.timedelta(seconds=2 * n),
                "iam",
                "CreateAccessKey",
                HOME,
                w.state[("env", who["accessKeyId"])],
                LAMBDA_UA,
                params={"userName": h.user},
                response={"accessKey": {"accessKeyId": new_keys[h.code], "status": "Active"}},
            )

    def switch(w: World, day: dt.date) -> None:
        for h in rotated:
            h.key = new_keys[h.code]

    def retire(w: World, day: dt.date) -> None:
        t = w.at(day, 9 + w.rng.random() / 2)
        who = lambda_session(w, ACCOUNTS["integrations"], "hotel-onboarding", t)
        for n, h in enumerate(rotated):
            for m, name in enumerate(("UpdateAccessKey", "DeleteAccessKey")):
                w.trail.call(
                    who,
                    t + dt.timedelta(seconds=4 * n + 2 * m),
                    "iam",
                    name,
                    HOME,
                    w.state[("env", who["accessKeyId"])],
                    LAMBDA_UA,
                    params={"userName": h.user, "accessKeyId": old_keys[h.code]},
                )

    after[s[2]].append(create)
    before[s[3]].append(switch)
    after[s[4]].append(retire)
    _truth.benign(
        rows,
        "B9",
        "access-key rotation campaign",
        [hotel_arn(h) for h in rotated] + [onboarder],
        w_at(s[2], 20.5),
        last,
    )

    # B10: the GitLab runners move to a new subnet behind a new NAT gateway
    nat = world.net.ec2(HOME)

    def move(w: World, day: dt.date) -> None:
        maya = person(w, "maya.okafor")
        t = w.at(day, 11 + w.rng.random() / 2)
        who = sso(w, maya, ACCOUNTS["corpit"], t, ip=maya.ip)
        for n, name in enumerate(
            (
                "CreateSubnet",
                "AllocateAddress",
                "CreateNatGateway",
                "CreateRouteTable",
                "CreateRoute",
                "ReplaceRouteTableAssociation",
            )
        ):
            w.trail.call(who, t + dt.timedelta(seconds=30 * n), "ec2", name, HOME, maya.ip, CLI)
        w.state["runner_nat"] = nat

    before[s[2]].append(move)
    ci_roles = [role_arn(ACCOUNTS["corpit"], "gitlab-runner")] + [
        role_arn(ACCOUNTS[a], "gitlab-deployer")
        for a in ("booking", "loyalty", "integrations", "data")
    ]
    _truth.benign(
        rows,
        "B10",
        "GitLab runners behind a new NAT gateway",
        ci_roles,
        w_at(s[2], 11),
        last,
        ips=[nat],
    )

    # B11: the franchise-portal account joins the organisation
    portal = ACCOUNTS["portal"]
    world.state["joins"]["portal"] = s[1]
    instance = f"i-0{world.rng.getrandbits(64):016x}"
    public = world.net.ec2(HOME)
    world.state["portal"] = (instance, public)

    def vend(w: World, day: dt.date) -> None:
        maya = person(w, "maya.okafor")
        t = w.at(day, 14 + w.rng.random() / 2)
        who = sso(w, maya, ACCOUNTS["corpit"], t, ip=maya.ip)
        w.trail.call(
            who,
            t,
            "organizations",
            "CreateAccount",
            HOME,
            maya.ip,
            CLI,
            params={"accountName": "franchise-portal"},
        )
        t += dt.timedelta(minutes=12)
        admin = w.session(
            portal,
            "OrganizationAccountAccessRole",
            maya.email,
            t,
            by="assume",
            hours=1,
            caller=who,
            ip=maya.ip,
            ua=CLI,
        )
        for n, name in enumerate(
            (
                "CreateRole",
                "CreateInstanceProfile",
                "AddRoleToInstanceProfile",
                "RunInstances",
                "CreateBucket",
            )
        ):
            service = {"RunInstances": "ec2", "CreateBucket": "s3"}.get(name, "iam")
            w.trail.call(admin, t + dt.timedelta(seconds=40 * n), service, name, HOME, maya.ip, CLI)

    before[s[1]].append(vend)
    for day in s[1:]:
        after[day].append(portal_day)
    portal_roles = [
        role_arn(portal, r) for r in ("portal-web", "OrganizationAccountAccessRole")
    ] + [role_arn(portal, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/")]
    _truth.benign(
        rows, "B11", "the franchise-portal account joins", portal_roles, start_of(s[1]), last
    )
    _truth.benign(
        rows,
        "B11",
        "the franchise-portal account joins",
        [sso_arn(world, person(world, "maya.okafor"), ACCOUNTS["corpit"])],
        w_at(s[1], 13.9),
        w_at(s[1], 15),
    )
