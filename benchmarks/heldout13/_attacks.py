"""The attacks of the scored days, after public write-ups: LLMjacking with a leaked key
(Sysdig 2024), workload credentials used away from their workload (Permiso, Datadog, the
flaws2 seed), Lake Formation and S3 replication exfiltration (Wiz, Unit 42, Invictus IR),
CloudTrail data-event selectors removed (Stratus Red Team), recon with an instrument's key,
Identity Center sign-in without MFA then IAM persistence (Expel, Mandiant), a Service Catalog
launch role abused, and EC2 user data changed on a stopped head node (Stratus Red Team)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout13._attacks_late import later
from benchmarks.heldout13._net import NETS, aws_address
from benchmarks.heldout13._spree import BOTO_EC2, BOTO_VPS, KALI, Call, minted_key, spree, steal_sso
from benchmarks.heldout13._trail import (
    assumed,
    iam_user,
    key,
    other_account,
    role_arn,
)
from benchmarks.heldout13._world import (
    COLLAB_ACCOUNT,
    LAB_RIVERA,
    LAKE,
    RESEARCH,
    UA,
    World,
    at,
    lake_bucket,
    row,
    s3_params,
    s3_resources,
)


def attacks(w: World, machine_keys: dict[str, str], workstation_keys: dict[int, str]) -> None:
    s, lake = w.s, lake_bucket("us-east-1")
    obj = [f"curated/variants/cohort{i}/part-0000{i}.parquet" for i in range(8)]

    # A1 LLMjacking: the Rivera lab CI's leaked key probes Bedrock in four regions, asks for model access, invokes
    t, k = at(s(0), 9.3), machine_keys["rivera-ci"]
    ident, ips = (
        iam_user(LAB_RIVERA, "rivera-ci", k),
        [NETS["vultr"].host(51), NETS["ovh"].host(140)],
    )
    ids = spree(
        w,
        LAB_RIVERA,
        "us-east-1",
        t,
        ident,
        ips[0],
        BOTO_VPS,
        [("sts.amazonaws.com", "GetCallerIdentity", None, None)],
    )
    for n, region in enumerate(("us-east-1", "us-west-2", "eu-central-1", "ap-southeast-1")):
        probe: list[Call] = [
            ("bedrock.amazonaws.com", "GetModelInvocationLoggingConfiguration", None, None),
            ("bedrock.amazonaws.com", "ListFoundationModels", None, None),
            (
                "bedrock.amazonaws.com",
                "GetFoundationModelAvailability",
                {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                None,
            ),
        ]
        if n == 0:
            probe += [
                (
                    "bedrock.amazonaws.com",
                    "PutUseCaseForModelAccess",
                    {"formData": "<redacted>"},
                    None,
                ),
                (
                    "bedrock.amazonaws.com",
                    "CreateFoundationModelAgreement",
                    {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                    None,
                ),
                (
                    "bedrock.amazonaws.com",
                    "PutFoundationModelEntitlement",
                    {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                    None,
                ),
            ]
        probe += [
            (
                "bedrock.amazonaws.com",
                "InvokeModel",
                {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
                (
                    "AccessDeniedException",
                    "You don't have access to the model with the specified model ID.",
                )
                if n > 1 and i % 2
                else None,
            )
            for i in range(6 + 4 * (n < 2))
        ]
        ids += spree(
            w,
            LAB_RIVERA,
            region,
            t + dt.timedelta(minutes=3 + 12 * n),
            ident,
            ips[n % 2],
            BOTO_VPS,
            probe,
            gap=35,
        )
    row(
        w,
        "A1",
        "LLMjacking with a leaked CI key",
        t,
        t + dt.timedelta(hours=1.2),
        key_id=k,
        ips=" ".join(ips),
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A2 a SageMaker notebook's execution-role key used from a home address far from AWS
    t = at(s(1), 20.6)
    role = "AmazonSageMaker-ExecutionRole-Genomics"
    k = minted_key(w, RESEARCH, role, "SageMaker", t)
    ip, ident = NETS["charter"].host(903), assumed(RESEARCH, role, "SageMaker", k)
    calls: list[Call] = [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None),
        ("s3.amazonaws.com", "ListBuckets", None, None),
        ("sagemaker.amazonaws.com", "ListNotebookInstances", None, None),
        ("s3.amazonaws.com", "ListObjects", s3_params(lake), None),
    ]
    calls += [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj]
    ids = spree(
        w, RESEARCH, "us-east-1", t, ident, ip, UA["cli_mac"].replace("2.18.4", "2.13.0"), calls
    )
    row(
        w,
        "A2",
        "SageMaker notebook credentials outside AWS",
        t,
        t + dt.timedelta(minutes=10),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A3 a Batch job's task key used from an EC2 instance in someone else's account
    t = at(s(2), 11.0)
    k = minted_key(w, LAKE, "batch-genomics-job", "*", t)
    sess = next(
        r["requestParameters"]["roleSessionName"]
        for *_, r in reversed(w.trail.records)
        if r["eventName"] == "AssumeRole"
        and (r["responseElements"] or {}).get("credentials", {}).get("accessKeyId") == k
    )
    ip, ident = (
        aws_address(w.rng("a3"), "us-east-1", pool=10),
        assumed(LAKE, "batch-genomics-job", sess, k),
    )
    calls = [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None),
        ("s3.amazonaws.com", "ListBuckets", None, None),
        ("s3.amazonaws.com", "GetBucketPolicy", s3_params(lake), None),
        (
            "iam.amazonaws.com",
            "ListAttachedRolePolicies",
            {"roleName": "batch-genomics-job"},
            ("AccessDenied", "not authorized"),
        ),
    ]
    calls += [("s3.amazonaws.com", "GetObject", s3_params(lake, o), None) for o in obj]
    ids = spree(
        w, LAKE, "us-east-1", t + dt.timedelta(minutes=40), ident, ip, BOTO_EC2, calls, gap=12
    )
    row(
        w,
        "A3",
        "Batch job credentials inside another AWS account",
        t,
        t + dt.timedelta(hours=1),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="medium",
    )

    # A4 Lake Formation grant to an outside account, then the outside account reads through Athena
    t, ip = at(s(3), 4.5), NETS["digitalocean"].host(222)
    k, ident, first = steal_sso(w, "priya.raman", LAKE, "DataLakeAdmin", t, ip, KALI)
    grant = {
        "principal": {"dataLakePrincipalIdentifier": COLLAB_ACCOUNT},
        "resource": {"table": {"databaseName": "genomics", "tableWildcard": {}}},
        "permissions": ["SELECT", "DESCRIBE"],
        "permissionsWithGrantOption": ["SELECT", "DESCRIBE"],
    }
    ids = [
        first,
        *spree(
            w,
            LAKE,
            "us-east-1",
            t + dt.timedelta(minutes=1),
            ident,
            ip,
            KALI,
            [
                ("lakeformation.amazonaws.com", "GetDataLakeSettings", None, None),
                ("glue.amazonaws.com", "GetDatabases", None, None),
                ("glue.amazonaws.com", "GetTables", {"databaseName": "genomics"}, None),
                ("lakeformation.amazonaws.com", "GrantPermissions", grant, None),
                (
                    "lakeformation.amazonaws.com",
                    "GrantPermissions",
                    {**grant, "resource": {"database": {"name": "genomics"}}},
                    None,
                ),
            ],
        ),
    ]
    outside = other_account(COLLAB_ACCOUNT, "AROAOUTSIDEANALYST01:x")
    lf = assumed(
        LAKE,
        "AWSServiceRoleForLakeFormationDataAccess",
        f"AWSLF-00-AT-{COLLAB_ACCOUNT}-1",
        key(w.rng("a4")),
        path="/aws-service-role/lakeformation.amazonaws.com/",
    )
    lf["invokedBy"] = "athena.amazonaws.com"
    for i, o in enumerate(obj * 2):
        tc = t + dt.timedelta(minutes=25 + i)
        ids.append(
            w.trail.emit(
                LAKE,
                "us-east-1",
                tc,
                "lakeformation.amazonaws.com",
                "GetDataAccess",
                outside,
                "athena.amazonaws.com",
                "athena.amazonaws.com",
                params={"tableArn": "genomics/variants"},
            )
        )
        ids.append(
            w.trail.emit(
                LAKE,
                "us-east-1",
                tc + dt.timedelta(seconds=5),
                "s3.amazonaws.com",
                "GetObject",
                lf,
                "athena.amazonaws.com",
                "athena.amazonaws.com",
                params=s3_params(lake, o),
                extra=s3_resources(LAKE, lake, o),
                data=True,
            )
        )
    row(
        w,
        "A4",
        "Lake Formation grant to an outside account, read through Athena",
        t,
        t + dt.timedelta(hours=1),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    # A5 the legacy ETL user's key sets S3 replication of the lake to an outside account's bucket
    t, k, ip = at(s(4), 3.2), machine_keys["lake-etl-legacy"], NETS["ovh"].host(77)
    ident = iam_user(LAKE, "lake-etl-legacy", k)
    ids = spree(
        w,
        LAKE,
        "us-east-1",
        t,
        ident,
        ip,
        KALI,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None, None),
            ("s3.amazonaws.com", "ListBuckets", None, None),
            (
                "s3.amazonaws.com",
                "GetBucketReplication",
                s3_params(lake),
                (
                    "ReplicationConfigurationNotFoundError",
                    "The replication configuration was not found",
                ),
            ),
            ("iam.amazonaws.com", "ListRoles", None, None),
            (
                "s3.amazonaws.com",
                "PutBucketVersioning",
                {**s3_params(lake), "VersioningConfiguration": {"Status": "Enabled"}},
                None,
            ),
            (
                "s3.amazonaws.com",
                "PutBucketReplication",
                {
                    **s3_params(lake),
                    "ReplicationConfiguration": {
                        "Role": role_arn(LAKE, "s3-replication-role"),
                        "Rule": {
                            "Status": "Enabled",
                            "Destination": {
                                "Bucket": "arn:aws:s3:::bkp-archive-7731",
                                "Account": COLLAB_ACCOUNT,
                            },
                        },
                    },
                },
                None,
            ),
        ],
        gap=45,
    )
    row(
        w,
        "A5",
        "S3 replication to an outside account",
        t,
        t + dt.timedelta(minutes=30),
        key_id=k,
        ips=ip,
        events=" ".join(ids),
        label="attack",
        severity="high",
    )

    later(w, machine_keys, workstation_keys)
