"""credential_outside_workload's ``pool_rented_reads`` (nineteenth session, heldout34's A10): an
identity pool's key (Cognito) on a rented server reading data in bulk with calls its role never
made is a script holding the pool's key: medium, with no history of the key. The app's users on
their carriers, the role's usual reads, a few reads, a failed read, and a learning account are
not."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import CredentialOutsideWorkload

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Cognito_RegUnauth_Role"
HETZNER = {
    "source_ip_address": "65.21.246.192",
    "source_kind": "public",
    "network_key": "AS24940",
    "asn": 24940,
    "as_org": "Hetzner Online GmbH",
    "country": "FI",
}
CARRIER = {**HETZNER, "network_key": "AS33771", "asn": 33771, "as_org": "Safaricom Limited"}
SCAN = ("dynamodb.amazonaws.com", "Scan")


def _reads(
    fx: Any,
    n: int,
    where: dict[str, Any] = HETZNER,
    call: tuple[str, str] = SCAN,
    key: str = "ASIAPOOLKEY000000001",
    **extra: Any,
) -> list[dict[str, Any]]:
    r = fx.role("Cognito_RegUnauth_Role", "CognitoIdentityCredentials", key, None, None)
    return [
        {
            **r,
            **where,
            "web_id_federation_provider": "cognito-identity.amazonaws.com",
            "event_source": call[0],
            "event_name": call[1],
            "read_only": True,
            "management_event": False,
            "event_category": "Data",
            "ua_family": "python-requests",
            **extra,
        }
        for _ in range(n)
    ]


def _hits(
    fx: Any,
    rows: list[dict[str, Any]],
    known: tuple[str, ...] = (),
    mature: bool = True,
    seen: bool = False,
) -> pl.DataFrame:
    history = [("principal", ROLE, "api", api) for api in known]
    base = fx.view(
        history, mature=[ROLE] if seen else [], mature_accounts=[ACCOUNT] if mature else []
    )
    hits = CredentialOutsideWorkload().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "pool_rented_reads")


def test_a_pool_key_scanning_a_table_from_a_rented_server_is_medium(fx: Any) -> None:
    photos = ("s3.amazonaws.com", "GetObject")
    hits = _hits(fx, _reads(fx, 10) + _reads(fx, 6, call=photos))
    assert hits.height == 16
    # a role the baseline never saw: judged against the mature account, not gated as learning
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"self"}
    assert "16 data read(s) the role never made (GetObject, Scan)" in hits["reason"][0]
    assert "Hetzner" in hits["reason"][0]
    # a role with a history of its own: novelty, silenced by the scorer while it learns
    seen = _hits(fx, _reads(fx, 10), known=("s3.amazonaws.com:PutObject",), seen=True)
    assert seen.height == 10 and set(seen["basis"]) == {"novelty"}


def test_the_apps_users_the_roles_usual_reads_and_a_few_reads_are_not_hits(fx: Any) -> None:
    assert _hits(fx, _reads(fx, 10, where=CARRIER)).is_empty()
    assert _hits(fx, _reads(fx, 10), known=("dynamodb.amazonaws.com:Scan",)).is_empty()
    assert _hits(fx, _reads(fx, 4)).is_empty()
    # reads of two different keys are two sessions, each under the bar
    two = _reads(fx, 3) + _reads(fx, 3, key="ASIAPOOLKEY000000002")
    assert _hits(fx, two).is_empty()


def test_refused_reads_management_calls_and_a_learning_account_are_not_hits(fx: Any) -> None:
    assert _hits(fx, _reads(fx, 10, error_code="AccessDenied")).is_empty()
    assert _hits(fx, _reads(fx, 10, management_event=True)).is_empty()
    assert _hits(fx, _reads(fx, 10), mature=False).is_empty()
    # another web identity (an IRSA or a CI provider's role) is not an identity pool's key
    other = _reads(fx, 10, web_id_federation_provider="token.actions.githubusercontent.com")
    assert _hits(fx, other).is_empty()
