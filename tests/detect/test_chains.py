"""Role chains fold into the actor holding the chain's first key (one incident per actor)."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.scorer import Scorer

DEV, PROD = "742019385560", "318664012957"


def _call(key: str, parent: str | None, arn: str, kind: str, recipient: str) -> dict[str, Any]:
    return {
        "access_key_id": key,
        "parent_access_key_id": parent,
        "principal_arn": arn,
        "principal_type": kind,
        "identity_type": "IAMUser" if kind == "iam_user" else "AssumedRole",
        "identity_account_id": arn.split(":")[4],
        "recipient_account_id": recipient,
        "event_source": "cloudtrail.amazonaws.com",
        "event_name": "StopLogging",  # a self-basis hit on every key, with no history
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
    }


def _chain(user: str, suffix: str) -> list[dict[str, Any]]:
    user_arn = f"arn:aws:iam::{DEV}:user/{user}"
    dev_role = f"arn:aws:iam::{DEV}:role/integration-test"
    prod_role = f"arn:aws:iam::{PROD}:role/prod-readonly-support"
    return [
        _call(f"AKIA{suffix}", None, user_arn, "iam_user", DEV),
        _call(f"ASIADEV{suffix}", f"AKIA{suffix}", dev_role, "role", DEV),
        # the dev session's cross-account call, logged in the prod account's trail too
        _call(f"ASIADEV{suffix}", f"AKIA{suffix}", dev_role, "role", PROD),
        _call(f"ASIAPROD{suffix}", f"ASIADEV{suffix}", prod_role, "role", PROD),
    ]


def test_a_dev_to_prod_role_chain_is_one_incident_of_the_person(fx: Any) -> None:
    findings = Scorer(None).score(fx.build(_chain("qa-automation", "QA"))).collect()
    assert findings.height == 1
    row = findings.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == (
        "iam_user",
        f"arn:aws:iam::{DEV}:user/qa-automation",
    )
    assert row["account_id"] == DEV  # the person's account, wherever each call was logged
    assert sorted(row["access_key_ids"]) == ["AKIAQA", "ASIADEVQA", "ASIAPRODQA"]


def test_two_people_through_the_same_roles_stay_two_incidents(fx: Any) -> None:
    rows = _chain("qa-automation", "QA") + _chain("release-bot", "RB")
    findings = Scorer(None).score(fx.build(rows)).collect()
    assert sorted(findings["actor_id"].to_list()) == [
        f"arn:aws:iam::{DEV}:user/qa-automation",
        f"arn:aws:iam::{DEV}:user/release-bot",
    ]
    assert findings.filter(pl.col("access_key_ids").list.len() != 3).is_empty()


def test_a_chain_from_a_fleet_workload_stays_with_its_roles(fx: Any) -> None:
    instance = fx.role("web", "i-0123456789abcdef0", "ASIAWEB", "ec2", "i-0123456789abcdef0")
    rows = [
        {**_call("ASIAWEB", None, instance["principal_arn"], "role", DEV), **instance},
        _call("ASIAHOP", "ASIAWEB", f"arn:aws:iam::{PROD}:role/reader", "role", PROD),
    ]
    findings = Scorer(None).score(fx.build(rows)).collect()
    assert findings.height == 2


# --- IAM Identity Center: the portal and every account's AWSReservedSSO_* session are one person

MGMT, MEMBER = "318746205519", "583910274466"
THREAT = "104.102.221.0/24"  # ATTACKER_IP's network: a self-basis hit on every event, no history


def _portal(event: str, user_id: str, name: str | None, **extra: Any) -> dict[str, Any]:
    # userIdentity as AWS documents it: type IdentityCenterUser, onBehalfOf.userId, no ARN
    return {
        "identity_type": "IdentityCenterUser",
        "principal_type": "identity_center_user",
        "principal_arn": None,
        "identity_account_id": MGMT,
        "recipient_account_id": MGMT,
        "on_behalf_of_user_id": user_id,
        "identity_user_name": name,
        "access_key_id": None,
        "credential_kind": "none",
        "event_source": "sso.amazonaws.com",
        "event_name": event,
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
        **extra,
    }


def _sso_session(account: str, role: str, user: str, key: str) -> dict[str, Any]:
    return {
        "identity_arn": f"arn:aws:sts::{account}:assumed-role/{role}/{user}",
        "principal_arn": f"arn:aws:sts::{account}:assumed-role/{role}/{user}",
        "session_name": user,
        "identity_account_id": account,
        "recipient_account_id": account,
        "access_key_id": key,
        "workload_kind": "sso_user",
        "workload_id": user,
        "event_source": "cloudtrail.amazonaws.com",
        "event_name": "StopLogging",
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
    }


def _scorer() -> Scorer:
    from ueba.config import Config

    return Scorer(None, config=Config(threat_networks=(THREAT,)))


def test_an_identity_center_person_is_one_incident_across_portal_and_accounts(fx: Any) -> None:
    admin, dev = "AWSReservedSSO_OrgAdmin_dbb26dc6e038e513", "AWSReservedSSO_Dev_87e8dfbfdd9c1249"
    rows = [
        _portal(
            "CredentialVerification", "uid-jb", "j.brandt", event_source="signin.amazonaws.com"
        ),
        _portal("GetRoleCredentials", "uid-jb", "j.brandt"),
        _sso_session(MGMT, admin, "j.brandt", "ASIAMGMT"),
        _sso_session(MEMBER, dev, "j.brandt", "ASIAMEMBER"),
    ]
    findings = _scorer().score(fx.build(rows)).collect()
    assert findings.height == 1, findings.select("account_id", "actor_kind", "actor_id")
    row = findings.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == ("sso_user", "j.brandt")
    assert sorted(row["access_key_ids"]) == ["ASIAMEMBER", "ASIAMGMT"]
    assert row["event_count"] == 4


def test_a_portal_user_id_is_named_by_the_sign_in_events_user_name(fx: Any) -> None:
    # IdentityCenterUser identities name only the user ID; sign-in events carry the UserName
    signin = _portal(
        "CredentialChallenge",
        "uid-kz",
        None,
        event_source="signin.amazonaws.com",
        additional_event_data='{"CredentialType":"PASSWORD","UserName":"k.zielinski"}',
    )
    rows = [
        signin,
        _portal("Federate", "uid-kz", None),
        _sso_session(MEMBER, "AWSReservedSSO_Dev_d7aff2d029235923", "k.zielinski", "ASIAKZ"),
        # another person's fetch stays theirs, named by their ID when no event names them
        _portal("GetRoleCredentials", "uid-other", None),
    ]
    findings = _scorer().score(fx.build(rows)).collect()
    actors = sorted(findings.select("actor_kind", "actor_id").rows())
    assert actors == [("sso_user", "k.zielinski"), ("sso_user", "uid-other")]


def test_a_persons_incident_keeps_its_id_whichever_account_logs_the_next_day(
    fx: Any,
) -> None:
    import datetime as dt

    from ueba.detect.incidents import IncidentStore

    store = IncidentStore()
    role = "AWSReservedSSO_Dev_87e8dfbfdd9c1249"
    day1 = _scorer().score(fx.build([_sso_session(MGMT, role, "a.kowalczyk", "ASIA1")]))
    first = store.assign(day1.collect())
    later = {
        **_sso_session(MEMBER, role, "a.kowalczyk", "ASIA2"),
        "event_time": fx.T0 + dt.timedelta(days=1),
    }
    second = store.assign(_scorer().score(fx.build([later])).collect())
    assert first["account_id"].to_list() == [MGMT] and second["account_id"].to_list() == [MEMBER]
    assert second["finding_id"].to_list() == first["finding_id"].to_list()
    assert second["activity"].to_list() == ["update"]


def test_a_pods_token_exchange_and_the_keys_it_mints_are_one_incident(fx: Any) -> None:
    # IRSA: the exchange's caller is web_identity:<issuer>, its keys are the role's sessions
    role = "arn:aws:iam::653711331788:role/label-renderer-prod"
    subject = "system:serviceaccount:label:label-renderer"
    exchange = {
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "principal_arn": "web_identity:oidc.eks.eu-central-1.amazonaws.com/id/5C1F:sts",
        "access_key_id": None,
        "workload_kind": "eks_pod",
        "workload_id": subject,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "request_parameters": f'{{"roleArn":"{role}","roleSessionName":"botocore-1"}}',
        **fx.ATTACKER_IP,
        **fx.MAC_CLI,
    }
    key = {
        **fx.role("label-renderer-prod", "botocore-1", "ASIAPOD", "eks_pod", subject),
        **fx.ATTACKER_IP,
        **fx.MAC_CLI,
    }
    findings = Scorer(None).score(fx.build([exchange, key])).collect()
    assert findings.select("actor_kind", "actor_id").rows() == [("role", role)]


# --- People federated by SAML: one IdP user in roles of several accounts is one person


def _saml_session(account: str, role: str, user: str, key: str) -> dict[str, Any]:
    return {
        **_sso_session(account, role, user, key),
        "workload_kind": "saml_user",
    }


def test_a_saml_person_is_one_incident_across_accounts(fx: Any) -> None:
    # the same Okta user signed into the security role of two accounts (one IdP app for the
    # organisation): one person's day, one finding, both keys in it
    rows = [
        _saml_session(MGMT, "Okta-Security", "o.mercer@x.com", "ASIASAMLMGMT"),
        _saml_session(MEMBER, "Okta-Security", "o.mercer@x.com", "ASIASAMLMEMBER"),
    ]
    findings = _scorer().score(fx.build(rows)).collect()
    assert findings.height == 1, findings.select("account_id", "actor_kind", "actor_id")
    row = findings.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == ("saml_user", "o.mercer@x.com")
    assert sorted(row["access_key_ids"]) == ["ASIASAMLMEMBER", "ASIASAMLMGMT"]


def test_two_saml_people_stay_two_incidents(fx: Any) -> None:
    rows = [
        _saml_session(MGMT, "Okta-Security", "o.mercer@x.com", "ASIASAMLMGMT"),
        _saml_session(MEMBER, "Okta-Security", "a.ito@x.com", "ASIASAMLMEMBER"),
    ]
    findings = _scorer().score(fx.build(rows)).collect()
    assert sorted(findings["actor_id"].to_list()) == ["a.ito@x.com", "o.mercer@x.com"]
