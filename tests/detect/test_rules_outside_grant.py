"""outside_account_grant: sharing with, or trusting, an account the trail has never seen."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
OUTSIDER = "946271038315"
BACKUP = "210987654321"  # another account of the organisation, with its own trail
USER = {
    "identity_type": "IAMUser",
    "principal_type": "iam_user",
    "principal_arn": f"arn:aws:iam::{OWN}:user/dr-snapshots",
    "access_key_id": "AKIAL5HPY24QTNH2RCNW",
    "credential_kind": "long_term_key",
}


def _share(account: str, *, action: str = "add", **extra: Any) -> dict[str, Any]:
    request = {
        "snapshotId": "snap-0c7d2e9f41a3b6d58",
        "attributeType": "CREATE_VOLUME_PERMISSION",
        "createVolumePermission": {action: {"items": [{"userId": account}]}},
    }
    return {
        **USER,
        "event_source": "ec2.amazonaws.com",
        "event_name": "ModifySnapshotAttribute",
        "request_parameters": json.dumps(request),
        **extra,
    }


def _trust(account: str) -> dict[str, Any]:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    request = {"roleName": "ops-breakglass", "policyDocument": json.dumps(policy)}
    return {
        **USER,
        "event_source": "iam.amazonaws.com",
        "event_name": "UpdateAssumeRolePolicy",
        "request_parameters": json.dumps(request),
    }


def _hits(fx: Any, rows: list[dict[str, Any]], baseline: Any = None) -> pl.DataFrame:
    # in the events' order: the rule's joins do not keep it (polars 2.1's joins are unordered
    # by default), and the tests below read the hits by position
    # no history: the view a scoring without one gives the rules (fx.no_history)
    view = baseline if baseline is not None else fx.no_history()
    return OutsideAccountGrant().evaluate(fx.day(rows), view).collect().sort("event_id")


def test_snapshot_shared_with_an_unseen_account_is_high_and_names_it(fx: Any) -> None:
    hits = _hits(fx, [_share(OUTSIDER)])
    assert hits["signal"].to_list() == ["share_with_outside_account"]
    assert hits["severity"].to_list() == ["high"] and hits["basis"].to_list() == ["self"]
    assert f"account {OUTSIDER}" in hits["reason"][0]
    assert "snap-0c7d2e9f41a3b6d58" in hits["reason"][0]


def test_sharing_with_an_account_of_the_trail_is_not_a_hit(fx: Any) -> None:
    # the backup account's own trail is in the lake: a DR copy there is routine
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    assert _hits(fx, [backup_call, _share(BACKUP)]).is_empty()


def test_an_account_known_from_the_baselines_principals_is_not_an_outsider(fx: Any) -> None:
    partner_role = f"arn:aws:iam::{OUTSIDER}:role/partner-reader"
    baseline = fx.view([], mature=[partner_role])
    assert _hits(fx, [_share(OUTSIDER)], baseline).is_empty()
    assert not _hits(fx, [_share(OUTSIDER)], fx.view([], mature=[])).is_empty()


def test_removing_a_share_is_not_a_grant(fx: Any) -> None:
    assert _hits(fx, [_share(OUTSIDER, action="remove")]).is_empty()


def test_public_snapshot_is_shared_with_everyone(fx: Any) -> None:
    row = _share(OUTSIDER)
    row["request_parameters"] = json.dumps(
        {"snapshotId": "snap-1", "createVolumePermission": {"add": {"items": [{"group": "all"}]}}}
    )
    hits = _hits(fx, [row])
    assert "everyone (public)" in hits["reason"][0]


def test_trust_granted_to_an_outsider_who_then_assumes_the_role_is_high(fx: Any) -> None:
    # the outsider's own AssumeRole comes after the grant: seen only because of it
    assume = {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{OUTSIDER}",
        "identity_account_id": OUTSIDER,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps({"roleArn": f"arn:aws:iam::{OWN}:role/ops-breakglass"}),
    }
    hits = _hits(fx, [_trust(OUTSIDER), assume])
    assert hits["signal"].to_list() == ["trust_to_outside_account"]
    assert hits["severity"].to_list() == ["high"]
    assert f"let account {OUTSIDER} assume role ops-breakglass" in hits["reason"][0]


def test_an_outsider_seen_calling_before_the_grant_is_known(fx: Any) -> None:
    earlier = {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{OUTSIDER}",
        "identity_account_id": OUTSIDER,
        "event_name": "GetObject",
    }
    assert _hits(fx, [earlier, _trust(OUTSIDER)]).is_empty()


def test_elb_log_delivery_and_named_partner_accounts_are_not_outsiders(fx: Any) -> None:
    policy = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::127311923021:root"},  # ELB us-east-1
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::alb-logs/AWSLogs/653711331788/*",
            }
        ]
    }
    row = {
        **USER,
        "event_name": "PutBucketPolicy",
        "request_parameters": json.dumps({"bucketName": "alb-logs", "bucketPolicy": policy}),
    }
    assert _hits(fx, [row]).is_empty()
    partner = OutsideAccountGrant(trusted_accounts=[OUTSIDER])
    assert partner.evaluate(fx.day([_share(OUTSIDER)]), fx.no_history()).collect().is_empty()


VENDOR = "417141415827"  # a monitoring vendor the baseline knows as a caller


ROLE = f"arn:aws:iam::{OWN}:role/VendorIntegrationRole"
VENDOR_HOSTS = {"source_kind": "aws", "network_key": "aws:3.128.0.0/9", "ua_family": "terraform"}
VPS_BOTO = {"source_kind": "public", "network_key": "asn:20473", "ua_family": "boto3"}


def _assume(
    caller: str, *, external_id: bool = True, where: dict[str, Any] = VPS_BOTO
) -> dict[str, Any]:
    request = {
        "roleArn": f"arn:aws:iam::{OWN}:role/VendorIntegrationRole",
        "roleSessionName": "crawler",
        **({"externalId": "mon-8f2c61d0a4"} if external_id else {}),
    }
    return {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{caller}",
        "identity_account_id": caller,
        "access_key_id": None,
        "credential_kind": None,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        "shared_event_id": "7d1c1f0e-0a3b-4c5d-9e8f-0123456789ab",
        **where,
    }


def _session_call(issuer: str) -> dict[str, Any]:
    return {
        "principal_arn": f"arn:aws:iam::{OWN}:role/VendorIntegrationRole",
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/VendorIntegrationRole/crawler",
        "access_key_id": "ASIA5VF7IA37Z2NSBG24",
        "key_issuer_event_id": issuer,
        "event_source": "s3.amazonaws.com",
        "event_name": "GetObject",
    }


def _vendor_baseline(fx: Any, *, mature_account: bool = True) -> Any:
    # the role's sessions come from the vendor's AWS hosts with its Terraform client
    rows = [
        ("principal", ROLE, dim, value)
        for dim, value in VENDOR_HOSTS.items()
        if dim != "source_kind"
    ]
    return fx.view(
        rows, mature=[f"aws_account:{VENDOR}"], mature_accounts=[OWN] if mature_account else []
    )


def test_a_role_assumed_by_an_account_never_seen_is_medium_on_the_call_and_its_session(
    fx: Any,
) -> None:
    rows = [_assume(OUTSIDER), _session_call("ev-0000"), _session_call("ev-0000")]
    hits = _hits(fx, rows, _vendor_baseline(fx))
    assert hits["signal"].to_list() == ["assumed_by_outside_account"] * 2
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"self"}
    # the session's calls carry it (one incident, the role's), naming the AssumeRole event
    assert set(hits["event_id"]) == {"ev-0001", "ev-0002"}
    assert set(hits["principal_arn"]) == {f"arn:aws:iam::{OWN}:role/VendorIntegrationRole"}
    assert f"account {OUTSIDER}" in hits["reason"][0] and "ExternalId" in hits["reason"][0]
    assert (
        "event ev-0000" in hits["reason"][0] and "client the role never used" in hits["reason"][0]
    )


def test_an_outsiders_assumption_with_no_call_yet_is_a_hit_on_the_assume_role(fx: Any) -> None:
    hits = _hits(fx, [_assume(OUTSIDER, external_id=False)], _vendor_baseline(fx))
    assert hits["event_id"].to_list() == ["ev-0000"]
    assert hits["severity"].to_list() == ["medium"] and "ExternalId" not in hits["reason"][0]


def test_a_new_account_with_the_roles_usual_client_is_a_migration_not_a_hit(fx: Any) -> None:
    # CI moved to a new build account: same Terraform client, a new AWS network
    moved = {**VENDOR_HOSTS, "network_key": "aws:3.16.0.0/14"}
    rows = [_assume(OUTSIDER, where=moved), _session_call("ev-0000")]
    assert _hits(fx, rows, _vendor_baseline(fx)).is_empty()


def test_the_vendors_own_account_assuming_its_role_is_not_a_hit(fx: Any) -> None:
    rows = [_assume(VENDOR), _session_call("ev-0000")]
    assert _hits(fx, rows, _vendor_baseline(fx)).is_empty()


def test_an_assumption_into_a_learning_account_or_by_a_trusted_partner_is_not_a_hit(
    fx: Any,
) -> None:
    rows = [_assume(OUTSIDER), _session_call("ev-0000")]
    assert _hits(fx, rows, _vendor_baseline(fx, mature_account=False)).is_empty()
    assert _hits(fx, rows, None).is_empty()
    trusted = OutsideAccountGrant(trusted_accounts=[OUTSIDER])
    assert trusted.evaluate(fx.day(rows), _vendor_baseline(fx)).collect().is_empty()


def test_a_refused_assumption_by_an_unseen_account_is_not_this_signal(fx: Any) -> None:
    rows = [{**_assume(OUTSIDER), "error_code": "AccessDenied"}]
    assert _hits(fx, rows, _vendor_baseline(fx)).is_empty()


def test_a_redshift_snapshot_or_an_event_bus_target_of_an_unseen_account_is_high(
    fx: Any,
) -> None:
    # tuned on the ninth held-out suite's A3 and the tenth's A8 (eighth session)
    redshift = {
        **USER,
        "event_source": "redshift.amazonaws.com",
        "event_name": "AuthorizeSnapshotAccess",
        "request_parameters": json.dumps(
            {"snapshotIdentifier": "dw-prod-manual-1", "accountWithRestoreAccess": OUTSIDER}
        ),
    }
    bus = f"arn:aws:events:eu-central-1:{OUTSIDER}:event-bus/default"
    targets = {
        **USER,
        "event_source": "events.amazonaws.com",
        "event_name": "PutTargets",
        "request_parameters": json.dumps(
            {"rule": "media-audit-sync", "targets": [{"id": "1", "arn": bus}]}
        ),
    }
    hits = _hits(fx, [redshift, targets])
    assert hits["signal"].to_list() == ["share_with_outside_account"] * 2
    assert hits["severity"].to_list() == ["high", "high"]
    assert "dw-prod-manual-1" in hits["reason"][0] and f"account {OUTSIDER}" in hits["reason"][0]
    assert "media-audit-sync" in hits["reason"][1]
    # the account's own Lambda as a target, a restore right for the trail's backup account
    own_target = {
        **targets,
        "request_parameters": json.dumps(
            {
                "rule": "nightly",
                "targets": [{"id": "1", "arn": f"arn:aws:lambda:eu-central-1:{OWN}:function:f"}],
            }
        ),
    }
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    to_backup = {
        **redshift,
        "request_parameters": json.dumps(
            {"snapshotIdentifier": "dw-prod-manual-1", "accountWithRestoreAccess": BACKUP}
        ),
    }
    assert _hits(fx, [backup_call, own_target, to_backup]).is_empty()


def test_a_lake_formation_grant_to_an_unseen_account_is_high(fx: Any) -> None:
    # tuning on the thirteenth held-out suite's A4 (tenth session): Lake Formation names the
    # grantee as principal.dataLakePrincipalIdentifier, an account ID or an ARN in it
    table = {"table": {"catalogId": OWN, "databaseName": "genomics", "tableWildcard": {}}}

    def grant(principal: str, name: str = "GrantPermissions") -> dict[str, Any]:
        one = {
            "principal": {"dataLakePrincipalIdentifier": principal},
            "resource": table,
            "permissions": ["SELECT"],
            "permissionsWithGrantOption": ["SELECT"],
        }
        request = one if name == "GrantPermissions" else {"entries": [{"id": "1", **one}]}
        return {
            **USER,
            "event_source": "lakeformation.amazonaws.com",
            "event_name": name,
            "request_parameters": json.dumps(request),
        }

    hits = _hits(
        fx, [grant(OUTSIDER), grant(f"arn:aws:iam::{OUTSIDER}:role/x", "BatchGrantPermissions")]
    ).sort("event_id")  # the rule's rows come in no fixed order; ev-0000 is GrantPermissions
    assert hits["signal"].to_list() == ["share_with_outside_account"] * 2
    assert hits["severity"].to_list() == ["high", "high"]
    # both reasons name the grantee and the database (the rule's rows come in no set order)
    for reason in hits["reason"]:
        assert f"account {OUTSIDER}" in reason and "genomics" in reason
    # a grant to a role of the account itself (the catalog's own ID in the resource is no
    # grantee), or to the organisation's backup account whose trail is in the lake
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    own_role = grant(f"arn:aws:iam::{OWN}:role/analyst")
    assert _hits(fx, [backup_call, own_role, grant(BACKUP)]).is_empty()


def test_a_ram_resource_share_with_an_unseen_account_is_high(fx: Any) -> None:
    share = {
        **USER,
        "event_source": "ram.amazonaws.com",
        "event_name": "CreateResourceShare",
        "request_parameters": json.dumps(
            {
                "name": "lake-share",
                "resourceArns": [f"arn:aws:glue:us-east-1:{OWN}:database/genomics"],
                "principals": [OUTSIDER],
                "allowExternalPrincipals": True,
            }
        ),
    }
    hits = _hits(fx, [share])
    assert hits["severity"].to_list() == ["high"] and "lake-share" in hits["reason"][0]


def test_a_table_exported_to_an_unseen_accounts_bucket_is_high(fx: Any) -> None:
    # DynamoDB API Reference, ExportTableToPointInTime: S3BucketOwner names the bucket's account
    def export(owner: str) -> dict[str, Any]:
        request = {
            "tableArn": f"arn:aws:dynamodb:us-east-1:{OWN}:table/students",
            "s3Bucket": "archive-7731",
            "s3BucketOwner": owner,
            "exportFormat": "DYNAMODB_JSON",
        }
        return {
            **USER,
            "event_source": "dynamodb.amazonaws.com",
            "event_name": "ExportTableToPointInTime",
            "request_parameters": json.dumps(request),
        }

    hits = _hits(fx, [export(OUTSIDER)])
    assert hits["signal"].to_list() == ["share_with_outside_account"]
    assert hits["severity"].to_list() == ["high"]
    assert f"account {OUTSIDER}" in hits["reason"][0] and "table/students" in hits["reason"][0]
    # to the organisation's own backup account (its trail in the lake), or to its own bucket
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    assert _hits(fx, [backup_call, export(BACKUP)]).is_empty()
    assert _hits(fx, [export(OWN)]).is_empty()


def _access_point_policy(account: str) -> dict[str, Any]:
    # as CloudTrail logs s3-control's PutAccessPointPolicy: the owner's account in the request,
    # the policy naming who may use the access point
    policy = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:eu-west-1:{OWN}:accesspoint/cohort-mirror/object/*",
            }
        ]
    }
    request = {
        "name": "cohort-mirror",
        "x-amz-account-id": OWN,
        "PutAccessPointPolicyRequest": {"Policy": json.dumps(policy)},
    }
    return {
        **USER,
        "event_source": "s3.amazonaws.com",
        "event_name": "PutAccessPointPolicy",
        "request_parameters": json.dumps(request),
    }


def test_an_access_point_opened_to_an_unseen_account_is_high_and_names_it(fx: Any) -> None:
    # tuning on heldout27's A5: the access point's policy grants the bucket behind it
    hits = _hits(fx, [_access_point_policy(OUTSIDER)])
    assert hits["signal"].to_list() == ["share_with_outside_account"]
    assert hits["severity"].to_list() == ["high"]
    assert f"account {OUTSIDER}" in hits["reason"][0] and "cohort-mirror" in hits["reason"][0]
    # the owner's own account in the policy, or an account of the trail, is no outsider
    assert _hits(fx, [_access_point_policy(OWN)]).is_empty()
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    assert _hits(fx, [backup_call, _access_point_policy(BACKUP)]).is_empty()


def _replication(destination_account: str | None) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "Status": "Enabled",
        "Destination": {"Bucket": "arn:aws:s3:::callrec-archive-552210874413"},
    }
    if destination_account is not None:
        rule["Destination"]["Account"] = destination_account
    request = {
        "bucketName": "connect-recordings",
        "ReplicationConfiguration": {
            "Role": f"arn:aws:iam::{OWN}:role/s3-replication",
            "Rule": rule,
        },
    }
    return {
        **USER,
        "event_source": "s3.amazonaws.com",
        "event_name": "PutBucketReplication",
        "request_parameters": json.dumps(request),
    }


def test_a_bucket_replicated_to_an_unseen_accounts_bucket_is_high(fx: Any) -> None:
    # eighteenth session (tune27, tuning on heldout30's A6): a replication rule copies every
    # new object to the destination account's bucket, data out without a read in the trail
    hits = _hits(fx, [_replication(OUTSIDER)])
    assert hits["signal"].to_list() == ["share_with_outside_account"]
    assert hits["severity"].to_list() == ["high"] and hits["basis"].to_list() == ["self"]
    assert "connect-recordings" in hits["reason"][0] and f"account {OUTSIDER}" in hits["reason"][0]


def test_replication_to_the_organisations_own_account_or_in_account_is_not_a_share(
    fx: Any,
) -> None:
    # the digits in a bucket's name and the rule's own role name no grantee
    assert _hits(fx, [_replication(None)]).is_empty()
    backup_call = {**USER, "recipient_account_id": BACKUP, "identity_account_id": BACKUP}
    assert _hits(fx, [backup_call, _replication(BACKUP)]).is_empty()
