"""IAM housekeeping the trail explains (issue 8, second held-out suite): a person rotating their
own access key as AWS documents it, and an administrator onboarding a user it created today
(the user's first sign-in without MFA, then MFA enrolled), are context (info) when done from the
usual network and client; one's own rotation from the usual network with a new client is low,
and info when that client made nothing but the rotation and the usual client took the key up.
A key for another user, a new key used from elsewhere, a new place (or, but for rotation, a new
client), an established user signing in without MFA, or an existing user put into a group keep
their severity."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import ConsoleRisk, SensitiveApi

ACCOUNT = "653711331788"
DANA = f"arn:aws:iam::{ACCOUNT}:user/dana"
SOFIA = f"arn:aws:iam::{ACCOUNT}:user/sofia"
JORDAN = f"arn:aws:iam::{ACCOUNT}:user/jordan"
HOME = {
    "source_ip_address": "23.24.0.17",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "US",
}
BROWSER = {
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0",
    "ua_family": "browser",
    "ua_os_family": "macos",
}


def _history(arn: str, client: str) -> list[tuple[str, str, str, str]]:
    return [
        ("principal", arn, "api", "iam.amazonaws.com:ListUsers"),
        ("principal", arn, "ua_family", client),
        ("principal", arn, "network_key", "AS7922"),
    ]


def _user(arn: str, key: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "identity_arn": arn,
        "principal_arn": arn,
        "access_key_id": key,
        "event_source": "iam.amazonaws.com",
        **HOME,
        **extra,
    }


# -- key rotation ------------------------------------------------------------------------------

OLD, NEW = "AKIADANAOLDKEY000001", "AKIADANANEWKEY000001"


CLI = {
    "user_agent": "aws-cli/2.22.9 os/macos#24.1.0",
    "ua_family": "aws-cli",
    "ua_os_family": "macos",
}


def _create(target: str | None = "dana", **where: Any) -> dict[str, Any]:
    request = "{}" if target is None else f'{{"userName":"{target}"}}'
    return (
        _user(
            DANA,
            OLD,
            **CLI,
            event_name="CreateAccessKey",
            request_parameters=request,
            response_elements=f'{{"accessKey":{{"accessKeyId":"{NEW}","status":"Active"}}}}',
        )
        | where
    )


def _new_key_call(**where: Any) -> dict[str, Any]:
    row = _user(DANA, NEW, **CLI, event_source="logs.amazonaws.com", event_name="StartQuery")
    return row | where


def _retire(name: str = "UpdateAccessKey") -> dict[str, Any]:
    status = ',"status":"Inactive"' if name == "UpdateAccessKey" else ""
    return _user(
        DANA,
        NEW,
        **CLI,
        event_name=name,
        request_parameters=f'{{"userName":"dana","accessKeyId":"{OLD}"{status}}}',
    )


def _create_hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(_history(DANA, "aws-cli"), mature=[DANA])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(hits["event_name"] == "CreateAccessKey")


def test_rotating_ones_own_key_then_using_it_from_the_same_place_is_context(fx: Any) -> None:
    hits = _create_hits(fx, [_create(), _new_key_call()])
    assert hits["severity"].to_list() == ["info"]
    assert "rotation: its own new key" in hits["reason"][0]


def test_rotation_with_the_old_key_retired_names_the_retiring_event(fx: Any) -> None:
    for name in ("UpdateAccessKey", "DeleteAccessKey"):
        hits = _create_hits(fx, [_create(None), _retire(name)])
        assert hits["severity"].to_list() == ["info"], name
        assert f"old key {OLD} retired" in hits["reason"][0] and name in hits["reason"][0]


def test_a_key_made_in_the_console_and_set_up_in_the_cli_at_home_is_rotation(fx: Any) -> None:
    history = [*_history(DANA, "aws-cli"), ("principal", DANA, "ua_family", "browser")]
    rows = [_create(**BROWSER), _new_key_call()]
    hits = SensitiveApi().evaluate(fx.day(rows), fx.view(history, mature=[DANA])).collect()
    hits = hits.filter(hits["event_name"] == "CreateAccessKey")
    assert hits["severity"].to_list() == ["info"]
    assert "used only from its usual network and client" in hits["reason"][0]


def test_a_new_key_neither_used_nor_followed_by_retiring_the_old_one_keeps_medium(
    fx: Any,
) -> None:
    assert _create_hits(fx, [_create()])["severity"].to_list() == ["medium"]


def test_a_key_created_for_another_user_is_not_rotation(fx: Any) -> None:
    hits = _create_hits(fx, [_create("svc-reporting"), _new_key_call(), _retire()])
    assert hits["severity"].to_list() == ["medium"]


def test_a_new_key_first_used_from_elsewhere_is_not_rotation(fx: Any) -> None:
    away = _new_key_call(**fx.ATTACKER_IP)
    assert _create_hits(fx, [_create(), away, _retire()])["severity"].to_list() == ["medium"]
    other_client = _new_key_call(ua_family="boto3", user_agent="Boto3/1.35 Python/3.11 Linux")
    assert _create_hits(fx, [_create(), other_client])["severity"].to_list() == ["medium"]


def test_rotation_from_a_new_network_keeps_medium(fx: Any) -> None:
    rows = [_create(**fx.ATTACKER_IP), _new_key_call(**fx.ATTACKER_IP)]
    assert _create_hits(fx, rows)["severity"].to_list() == ["medium"]
    mac = {**fx.MAC_CLI, "ua_family": "python-requests", **fx.ATTACKER_IP}
    assert _create_hits(fx, [_create(**mac), _new_key_call(**mac)])["severity"].to_list() == [
        "medium"
    ]


def test_self_rotation_with_a_client_that_does_nothing_else_is_context(fx: Any) -> None:
    # a partner installing the CLI to rotate its SDK's key, as AWS recommends: its own key,
    # from its usual network, the CLI making no other call, the new key taken up by the SDK
    # on the usual network: the CLI is the rotation's tool, one observation (info)
    view = fx.view(_history(DANA, "aws-sdk-java"), mature=[DANA])
    listing = _user(DANA, OLD, **CLI, event_name="ListAccessKeys", request_parameters="{}")
    sdk = {"ua_family": "aws-sdk-java", "user_agent": "aws-sdk-java/1.12"}
    rows = [listing, _create(), _new_key_call(**sdk)]
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    create = hits.filter(hits["event_name"] == "CreateAccessKey")
    assert create["severity"].to_list() == ["info"]
    assert "which made no other call (the rotation's tool)" in create["reason"][0]
    assert set(hits.filter(hits["event_name"] == "ListAccessKeys")["severity"]) == {"info"}


def test_self_rotation_with_a_new_client_that_does_more_is_low(fx: Any) -> None:
    # the same new client also reading something else, or the new key used by that client
    # rather than the usual one: the client is a novelty of its own (low, the weekly list)
    view = fx.view(_history(DANA, "aws-sdk-java"), mature=[DANA])
    sdk = {"ua_family": "aws-sdk-java", "user_agent": "aws-sdk-java/1.12"}
    more = _user(DANA, OLD, **CLI, event_name="ListUsers", request_parameters="{}")
    for rows in ([_create(), more, _new_key_call(**sdk)], [_create(), _new_key_call()]):
        hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
        hits = hits.filter(hits["event_name"] == "CreateAccessKey")
        assert hits["severity"].to_list() == ["low"]
        assert (
            "rotation: its own new key" in hits["reason"][0]
            and "from a client new for it" in hits["reason"][0]
        )
    # the same new client minting a key for another user stays persistence
    other = [_create("svc-reporting"), _new_key_call(**sdk)]
    hits = SensitiveApi().evaluate(fx.day(other), view).collect()
    assert hits.filter(hits["event_name"] == "CreateAccessKey")["severity"].to_list() == ["medium"]


def test_first_seen_counts_the_rotations_tool_and_its_calls_as_one_observation(fx: Any) -> None:
    from ueba.detect.rules import FirstSeen

    history = [
        *_history(DANA, "aws-sdk-java"),
        ("principal", DANA, "api", "logs.amazonaws.com:StartQuery"),
        ("principal", DANA, "region", "us-east-1"),
        ("principal", DANA, "ua_os_family", "macos"),
        ("principal", DANA, "country", "US"),
        ("account", ACCOUNT, "ua_family", "aws-cli"),
    ]
    view = fx.view(history, mature=[DANA])
    sdk = {"ua_family": "aws-sdk-java", "user_agent": "aws-sdk-java/1.12"}
    listing = _user(DANA, OLD, **CLI, event_name="ListAccessKeys", request_parameters="{}")
    rotation = [listing, _create(), _new_key_call(**sdk)]
    hits = FirstSeen().evaluate(fx.day(rotation), view).collect()
    apis = hits.filter(hits["signal"] == "new_api")
    assert set(apis["event_name"]) == {"ListAccessKeys", "CreateAccessKey"}
    assert set(apis["severity"]) == {"info"}
    assert "only the rotation of its own key that hour" in apis["reason"][0]
    # the client also reading users: two facets in the hour again (low)
    more = _user(DANA, OLD, **CLI, event_name="ListUsers", request_parameters="{}")
    hits = FirstSeen().evaluate(fx.day([*rotation, more]), view).collect()
    assert "low" in set(hits.filter(hits["signal"] == "new_api")["severity"])


# -- onboarding: the administrator's side --------------------------------------------------------


def _admin(name: str, request: str, **where: Any) -> dict[str, Any]:
    return (
        _user(SOFIA, "ASIASOFIACONSOLE0001", **BROWSER, event_name=name, request_parameters=request)
        | where
    )


ONBOARD = [
    ("CreateUser", '{"userName":"jordan"}'),
    ("CreateLoginProfile", '{"userName":"jordan","passwordResetRequired":true}'),
    ("AddUserToGroup", '{"groupName":"engineers","userName":"jordan"}'),
]


def _admin_hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(_history(SOFIA, "browser"), mature=[SOFIA])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(hits["signal"] == "sensitive persistence")


def test_an_admin_onboarding_a_user_it_created_today_is_context(fx: Any) -> None:
    hits = _admin_hits(fx, [_admin(n, r) for n, r in ONBOARD])
    assert hits["severity"].to_list() == ["info"] * 3
    assert all("provisioning user jordan, which it created" in r for r in hits["reason"])


def test_an_access_key_for_a_user_the_admin_created_today_is_onboarding(fx: Any) -> None:
    # "Creating an IAM user": console password and access keys for the user just made
    key = ("CreateAccessKey", '{"userName":"jordan"}')
    hits = _admin_hits(fx, [_admin(*ONBOARD[0]), _admin(*key)])
    assert hits["severity"].to_list() == ["info", "info"]
    assert "provisioning user jordan" in hits["reason"][1]
    # for a user that existed before today, from a new network: each keeps medium
    assert _admin_hits(fx, [_admin(*key)])["severity"].to_list() == ["medium"]
    away = [_admin(*ONBOARD[0], **fx.ATTACKER_IP), _admin(*key, **fx.ATTACKER_IP)]
    assert _admin_hits(fx, away)["severity"].to_list() == ["medium", "medium"]


def test_adding_an_existing_user_to_a_group_keeps_medium(fx: Any) -> None:
    hits = _admin_hits(fx, [_admin(*ONBOARD[2])])
    assert hits["severity"].to_list() == ["medium"]


def test_a_console_password_for_an_existing_user_is_not_provisioning(fx: Any) -> None:
    # A4's persistence: a login profile for a user nobody created today
    hits = _admin_hits(fx, [_admin(*ONBOARD[1])])
    assert hits["severity"].to_list() == ["medium"]


def test_onboarding_from_a_new_network_or_into_an_admin_group_keeps_medium(fx: Any) -> None:
    away = _admin_hits(fx, [_admin(n, r, **fx.ATTACKER_IP) for n, r in ONBOARD])
    assert away["severity"].to_list() == ["medium"] * 3
    admins = '{"groupName":"Admins","userName":"jordan"}'
    rows = [_admin(*ONBOARD[0]), _admin("AddUserToGroup", admins)]
    hits = _admin_hits(fx, rows)
    assert dict(zip(hits["event_name"], hits["severity"], strict=True)) == {
        "CreateUser": "info",
        "AddUserToGroup": "medium",
    }


# -- onboarding: the new user's first sign-in ------------------------------------------------------


def _login(arn: str, **where: Any) -> dict[str, Any]:
    return (
        _user(
            arn,
            None,
            **BROWSER,
            event_source="signin.amazonaws.com",
            event_name="ConsoleLogin",
            additional_event_data='{"MFAUsed":"No"}',
            response_elements='{"ConsoleLogin":"Success"}',
            source_ip_address="23.30.0.133",
        )
        | where
    )


def _enroll(name: str = "EnableMFADevice") -> dict[str, Any]:
    return _user(JORDAN, "ASIAJORDANCONSOLE001", **BROWSER, event_name=name)


def _no_mfa(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(_history(SOFIA, "browser"), mature=[SOFIA])
    hits = ConsoleRisk().evaluate(fx.day(rows), view).collect()
    return hits.filter(hits["signal"] == "no_mfa")


def test_a_new_hires_first_sign_in_then_mfa_enrolment_is_onboarding(fx: Any) -> None:
    rows = [*(_admin(n, r) for n, r in ONBOARD[:2]), _login(JORDAN), _enroll()]
    hits = _no_mfa(fx, rows)
    assert hits["severity"].to_list() == ["info"]
    reason = hits["reason"][0]
    assert "created by user sofia" in reason and "CreateLoginProfile, CreateUser" in reason
    assert "enrolled MFA" in reason and "EnableMFADevice" in reason


def test_a_new_user_who_never_enrolls_mfa_keeps_medium(fx: Any) -> None:
    rows = [*(_admin(n, r) for n, r in ONBOARD[:2]), _login(JORDAN)]
    assert _no_mfa(fx, rows)["severity"].to_list() == ["medium"]


def test_an_established_user_without_mfa_keeps_medium(fx: Any) -> None:
    # nobody created sofia today: enrolling a device after a bare sign-in explains nothing
    rows = [_login(SOFIA), _user(SOFIA, "ASIASOFIA", **BROWSER, event_name="EnableMFADevice")]
    assert _no_mfa(fx, rows)["severity"].to_list() == ["medium"]


def test_a_user_created_from_a_new_network_is_not_onboarding(fx: Any) -> None:
    # a leaked key minting a console user and signing in as it: no usual context vouches
    rows = [
        *(_admin(n, r, **fx.ATTACKER_IP) for n, r in ONBOARD[:2]),
        _login(JORDAN),
        _enroll(),
    ]
    assert _no_mfa(fx, rows)["severity"].to_list() == ["medium"]


def test_a_user_creating_itself_is_not_onboarding(fx: Any) -> None:
    rows = [
        _user(JORDAN, "AKIAJORDAN", **BROWSER, event_name=n, request_parameters=r)
        for n, r in ONBOARD[:2]
    ]
    view = fx.view(_history(JORDAN, "browser"), mature=[JORDAN])
    day = fx.build([*rows, _login(JORDAN), _enroll()])
    hits = ConsoleRisk().evaluate(day, view).collect()
    assert hits.filter(hits["signal"] == "no_mfa")["severity"].to_list() == ["medium"]


def test_a_password_for_a_user_created_earlier_and_never_seen_is_onboarding(fx: Any) -> None:
    rows = [_admin(*ONBOARD[1]), _login(JORDAN), _enroll()]
    assert _no_mfa(fx, rows)["severity"].to_list() == ["info"]


def test_a_password_for_an_established_user_then_a_bare_sign_in_keeps_medium(fx: Any) -> None:
    # the user has history: a new console password and a sign-in without MFA is A4's pattern,
    # whatever device it then enrols
    history = [*_history(SOFIA, "browser"), ("principal", JORDAN, "ua_family", "aws-cli")]
    view = fx.view(history, mature=[SOFIA, JORDAN])
    day = fx.build([_admin(*ONBOARD[1]), _login(JORDAN), _enroll()])
    hits = ConsoleRisk().evaluate(day, view).collect()
    assert hits.filter(hits["signal"] == "no_mfa")["severity"].to_list() == ["medium"]


# -- a role's trust edited at home ---------------------------------------------------------------

ENGINEER = f"arn:aws:iam::{ACCOUNT}:role/Okta-Engineer"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"


def _trust(request: str, **where: Any) -> dict[str, Any]:
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/Okta-Engineer/tom@example.com"
    row = {
        "identity_type": "AssumedRole",
        "principal_type": "role",
        "identity_arn": session,
        "principal_arn": ENGINEER,
        "access_key_id": "ASIATOMSESSION000001",
        "event_source": "iam.amazonaws.com",
        "event_name": "UpdateAssumeRolePolicy",
        "request_parameters": request,
        "recipient_account_id": ACCOUNT,
        **HOME,
        **CLI,
    }
    return row | where


def _policy(principal: str) -> str:
    doc = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":' + principal + ","
        '"Action":"sts:AssumeRoleWithWebIdentity"}]}'
    )
    return '{"roleName":"gha-deploy","policyDocument":' + json.dumps(doc) + "}"


def _trust_hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(_history(ENGINEER, "aws-cli"), mature=[ENGINEER])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(hits["event_name"] == "UpdateAssumeRolePolicy")


def test_a_trust_edited_from_the_usual_desk_naming_only_its_account_is_low(fx: Any) -> None:
    # a CI repository added to a GitHub OIDC role's trust, and a trail that logs no document
    for request in (_policy('{"Federated":"' + OIDC + '"}'), "{}"):
        hits = _trust_hits(fx, [_trust(request)])
        assert hits["severity"].to_list() == ["low"], request
        assert "naming no other account" in hits["reason"][0]


def test_a_trust_naming_another_account_or_anyone_stays_persistence(fx: Any) -> None:
    outside = _policy('{"AWS":"arn:aws:iam::210987654321:root"}')
    anyone = _policy('{"AWS":"*"}')
    for request in (outside, anyone):
        assert _trust_hits(fx, [_trust(request)])["severity"].to_list() == ["medium"], request


def test_a_trust_edited_from_a_new_network_or_client_stays_persistence(fx: Any) -> None:
    request = _policy('{"Federated":"' + OIDC + '"}')
    for where in (fx.ATTACKER_IP, {**fx.MAC_CLI, "ua_family": "python-requests"}):
        hits = _trust_hits(fx, [_trust(request, **where)])
        assert hits["severity"].to_list() == ["medium"]


def test_a_session_duration_raised_is_no_sensitive_call(fx: Any) -> None:
    # UpdateRole (MaxSessionDuration, description) changes neither who may assume the role nor
    # what it may do: no persistence
    row = _trust('{"roleName":"Okta-Engineer","maxSessionDuration":43200}', event_name="UpdateRole")
    view = fx.view(_history(ENGINEER, "aws-cli"), mature=[ENGINEER])
    assert SensitiveApi().evaluate(fx.day([row]), view).collect().is_empty()


# -- an EKS cluster's identity provider ----------------------------------------------------------

ISSUER = "oidc.eks.us-west-2.amazonaws.com/id/9CD741FE56DF132D9DA86D2360E2D52B"


def _provider(url: str, **where: Any) -> dict[str, Any]:
    request = '{"url":"' + url + '","clientIDList":["sts.amazonaws.com"]}'
    return _trust(request, event_name="CreateOpenIDConnectProvider", **where)


def _cluster(region: str = "us-west-2", **where: Any) -> dict[str, Any]:
    request = '{"name":"genomics-gpu","version":"1.29"}'
    row = _trust(request, event_source="eks.amazonaws.com", event_name="CreateCluster")
    return row | {"aws_region": region} | where


def _provider_hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(_history(ENGINEER, "aws-cli"), mature=[ENGINEER])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(hits["event_name"] == "CreateOpenIDConnectProvider")


def test_the_identity_provider_of_a_cluster_it_created_today_is_low(fx: Any) -> None:
    # EKS's IRSA set-up (terraform-aws-modules/eks does it with every cluster)
    hits = _provider_hits(fx, [_cluster(), _provider(ISSUER)])
    assert hits["severity"].to_list() == ["low"]
    assert (
        "identity provider of EKS cluster genomics-gpu that it created in us-west-2"
        in (hits["reason"][0])
    )


def test_other_identity_providers_stay_persistence(fx: Any) -> None:
    # no cluster created today, a cluster in another region, another issuer, a new network
    github = "token.actions.githubusercontent.com"
    for rows in (
        [_provider(ISSUER)],
        [_cluster("us-east-2"), _provider(ISSUER)],
        [_cluster(), _provider(github)],
        [_cluster(**fx.ATTACKER_IP), _provider(ISSUER, **fx.ATTACKER_IP)],
    ):
        assert _provider_hits(fx, rows)["severity"].to_list() == ["medium"], rows[-1]


# -- the team's infrastructure-as-code tool, new for the person (tenth session, heldout6 B7) ----

TERRAFORM = {
    "user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 terraform-provider-aws/5.40.0 ua/2.0",
    "ua_family": "terraform",
    "ua_os_family": "linux",
}
PROVIDER_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{ISSUER}"


def _first_terraform_run(**where: Any) -> list[dict[str, Any]]:
    trust = _policy('{"Federated":"' + PROVIDER_ARN + '"}')
    return [
        _cluster(**TERRAFORM, **where),
        _provider(ISSUER, **TERRAFORM, **where),
        _trust(trust, **TERRAFORM, **where),
    ]


def _team_hits(fx: Any, rows: list[dict[str, Any]], account_tool: str = "terraform") -> Any:
    history = [*_history(ENGINEER, "aws-cli"), ("account", ACCOUNT, "ua_family", account_tool)]
    hits = SensitiveApi().evaluate(fx.day(rows), fx.view(history, mature=[ENGINEER])).collect()
    return hits.filter(
        hits["event_name"].is_in(["CreateOpenIDConnectProvider", "UpdateAssumeRolePolicy"])
    )


def test_a_first_run_of_the_teams_terraform_from_home_is_at_most_low(fx: Any) -> None:
    # new for the person, known to the account: the cluster's provider and the role's trust to
    # it are judged as from the usual client, at most low, the reason naming the tool
    hits = _team_hits(fx, _first_terraform_run())
    assert hits.height == 2
    assert set(hits["severity"]) == {"low"}
    assert all(
        "terraform, new for it, is a tool the account's people run" in r for r in hits["reason"]
    )


def test_a_tool_the_account_never_ran_keeps_medium(fx: Any) -> None:
    hits = _team_hits(fx, _first_terraform_run(), account_tool="pulumi")
    assert set(hits["severity"]) == {"medium"}


def test_the_teams_tool_from_a_new_network_keeps_its_severity(fx: Any) -> None:
    hits = _team_hits(fx, _first_terraform_run(**fx.ATTACKER_IP))
    assert set(hits["severity"]) & {"medium", "high"}
    assert "low" not in set(hits["severity"])


def test_the_teams_tool_naming_another_account_keeps_medium(fx: Any) -> None:
    rows = _first_terraform_run()
    rows[-1] = _trust(_policy('{"AWS":"arn:aws:iam::999988887777:root"}'), **TERRAFORM)
    hits = _team_hits(fx, rows)
    trust = hits.filter(hits["event_name"] == "UpdateAssumeRolePolicy")
    assert trust["severity"].to_list() == ["medium"]
