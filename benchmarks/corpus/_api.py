"""The API calls of :mod:`benchmarks.corpus` and their free-form members.

Each API has a template builder that returns one plausible ``requestParameters``,
``responseElements``, ``resources`` and ``additionalEventData``. A handful of variants per API and
account/region are built once and pre-encoded as JSON text; events pick a variant by index, so the
per-event work is a vectorised gather, not a dict build.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

# Replaced per event by 32 random hex digits (object keys, request IDs are unique in real trails).
UNIQUE = "@@U@@"

Built = tuple[Any, Any, Any, Any]  # request, response, resources, additionalEventData
Builder = Callable[[random.Random, str, str], Built]


@dataclass(frozen=True)
class Api:
    source: str
    name: str
    read_only: bool
    data_event: bool
    vpce: bool  # reachable through a VPC endpoint (S3, DynamoDB, KMS, ...)
    other_error: tuple[str, str]  # (errorCode, errorMessage) besides AccessDenied/Throttling
    kinds: dict[str, float]  # actor kind -> relative weight
    build: Builder


def _h(rng: random.Random, n: int) -> str:
    return "".join(rng.choices("0123456789abcdef", k=n))


def _words(rng: random.Random, k: int) -> str:
    return "/".join(
        rng.choices(
            (
                "logs",
                "2024",
                "exports",
                "raw",
                "daily",
                "img",
                "tmp",
                "v2",
                "reports",
                "parquet",
                "cache",
                "users",
            ),
            k=k,
        )
    )


def _bucket(rng: random.Random, acct: str) -> str:
    return f"{rng.choice(('data', 'assets', 'logs', 'backup', 'ml'))}-{acct}-{rng.choice(('prod', 'dev'))}"


def _tags(rng: random.Random, n: int) -> list[dict[str, str]]:
    return [
        {"key": rng.choice(("Name", "team", "env", "cost-center", "owner")), "value": _h(rng, 8)}
        for _ in range(n)
    ]


def _s3_get(rng: random.Random, acct: str, region: str) -> Built:
    bucket, key = _bucket(rng, acct), f"{_words(rng, 5)}/{UNIQUE}.json"
    req = {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com", "key": key}
    res = [
        {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
        {"accountId": acct, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
    ]
    add = {
        "SignatureVersion": "SigV4",
        "CipherSuite": "TLS_AES_128_GCM_SHA256",
        "bytesTransferredIn": 0,
        "AuthenticationMethod": "AuthHeader",
        "x-amz-id-2": UNIQUE + _h(rng, 44),
        "bytesTransferredOut": rng.randrange(100, 10**7),
        "aclRequired": "No",
        "requestPayer": "BucketOwner",
        "x-amz-server-side-encryption-aws-kms-key-id": f"arn:aws:kms:{region}:{acct}:key/{_h(rng, 36)}",
    }
    return req, None, res, add


def _s3_put(rng: random.Random, acct: str, region: str) -> Built:
    req, _, res, add = _s3_get(rng, acct, region)
    add["bytesTransferredIn"], add["bytesTransferredOut"] = rng.randrange(100, 10**7), 0
    resp = {"x-amz-server-side-encryption": "AES256", "x-amz-version-id": _h(rng, 32)}
    return req, resp, res, add


def _s3_list(rng: random.Random, acct: str, region: str) -> Built:
    bucket = _bucket(rng, acct)
    req = {
        "list-type": "2",
        "bucketName": bucket,
        "encoding-type": "url",
        "max-keys": "1000",
        "prefix": _words(rng, 2) + "/",
        "delimiter": "/",
        "Host": f"{bucket}.s3.{region}.amazonaws.com",
    }
    return (
        req,
        None,
        [{"accountId": acct, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}],
        None,
    )


def _s3_buckets(rng: random.Random, acct: str, region: str) -> Built:
    return {"Host": f"s3.{region}.amazonaws.com"}, None, None, {"SignatureVersion": "SigV4"}


def _ec2_describe(rng: random.Random, acct: str, region: str) -> Built:
    ids = [{"instanceId": f"i-0{_h(rng, 16)}"} for _ in range(rng.randrange(0, 24))]
    filters = [
        {
            "name": rng.choice(("tag:env", "instance-state-name", "vpc-id")),
            "valueSet": {"items": [{"value": _h(rng, 8)} for _ in range(rng.randrange(1, 4))]},
        }
        for _ in range(rng.randrange(0, 4))
    ]
    return {"instancesSet": {"items": ids}, "filterSet": {"items": filters}}, None, None, None


def _ec2_sg(rng: random.Random, acct: str, region: str) -> Built:
    return (
        {
            "securityGroupSet": {},
            "securityGroupIdSet": {
                "items": [{"groupId": f"sg-0{_h(rng, 16)}"} for _ in range(rng.randrange(1, 12))]
            },
            "filterSet": {
                "items": [
                    {"name": "vpc-id", "valueSet": {"items": [{"value": f"vpc-0{_h(rng, 16)}"}]}}
                ]
            },
        },
        None,
        None,
        None,
    )


def _ec2_run(rng: random.Random, acct: str, region: str) -> Built:
    n = rng.randrange(1, 4)
    items = [
        {
            "instanceId": f"i-0{_h(rng, 16)}",
            "imageId": f"ami-0{_h(rng, 16)}",
            "instanceState": {"code": 0, "name": "pending"},
            "privateDnsName": f"ip-10-0-{i}-{i}.ec2.internal",
            "amiLaunchIndex": i,
            "productCodes": {},
            "instanceType": rng.choice(("t3.micro", "m6i.large")),
            "launchTime": 1719800000000 + i,
            "placement": {"availabilityZone": f"{region}a", "tenancy": "default"},
            "monitoring": {"state": "disabled"},
            "subnetId": f"subnet-0{_h(rng, 16)}",
            "vpcId": f"vpc-0{_h(rng, 16)}",
            "privateIpAddress": f"10.0.{i}.{i + 10}",
            "groupSet": {"items": [{"groupId": f"sg-0{_h(rng, 16)}", "groupName": "default"}]},
            "networkInterfaceSet": {
                "items": [
                    {
                        "networkInterfaceId": f"eni-0{_h(rng, 16)}",
                        "macAddress": "0e:" + ":".join(_h(rng, 2) for _ in range(5)),
                        "sourceDestCheck": True,
                        "interfaceType": "interface",
                    }
                ]
            },
            "tagSet": {"items": _tags(rng, 3)},
            "capacityReservationSpecification": {"capacityReservationPreference": "open"},
            "enclaveOptions": {"enabled": False},
            "metadataOptions": {
                "state": "pending",
                "httpTokens": "required",
                "httpPutResponseHopLimit": 2,
            },
        }
        for i in range(n)
    ]
    req = {
        "instancesSet": {
            "items": [{"imageId": f"ami-0{_h(rng, 16)}", "minCount": n, "maxCount": n}]
        },
        "instanceType": "t3.micro",
        "blockDeviceMapping": {},
        "monitoring": {"enabled": False},
        "disableApiTermination": False,
        "tagSpecificationSet": {"items": [{"resourceType": "instance", "tags": _tags(rng, 3)}]},
    }
    resp = {
        "requestId": f"{_h(rng, 8)}-{_h(rng, 4)}",
        "reservationId": f"r-0{_h(rng, 16)}",
        "ownerId": acct,
        "groupSet": {},
        "instancesSet": {"items": items},
    }
    return req, resp, None, None


def _ec2_tags(rng: random.Random, acct: str, region: str) -> Built:
    req = {
        "resourcesSet": {"items": [{"resourceId": f"i-0{_h(rng, 16)}"}]},
        "tagSet": {"items": _tags(rng, rng.randrange(1, 5))},
    }
    return req, {"requestId": f"{_h(rng, 8)}-{_h(rng, 4)}", "_return": True}, None, None


def _iam_read(rng: random.Random, acct: str, region: str) -> Built:
    req = {
        "roleName": rng.choice(("web-app-role", "batch-worker-role", "orders-task-role")),
        "maxItems": 100,
    }
    if rng.random() < 0.5:  # a pagination token, as SDK paginators send
        req["marker"] = _h(rng, 180)
    return req, None, None, None


def _iam_put_policy(rng: random.Random, acct: str, region: str) -> Built:
    stmts = [
        {
            "Effect": "Allow",
            "Action": [
                f"s3:{a}"
                for a in rng.sample(("GetObject", "PutObject", "ListBucket", "DeleteObject"), k=2)
            ],
            "Resource": f"arn:aws:s3:::{_bucket(rng, acct)}/*",
        }
        for _ in range(rng.randrange(1, 5))
    ]
    doc = msgspec.json.encode({"Version": "2012-10-17", "Statement": stmts}).decode()
    return (
        {"roleName": "web-app-role", "policyName": f"inline-{_h(rng, 6)}", "policyDocument": doc},
        None,
        None,
        None,
    )


def _sts_identity(rng: random.Random, acct: str, region: str) -> Built:
    return None, None, None, None


def _kms_decrypt(rng: random.Random, acct: str, region: str) -> Built:
    key = f"arn:aws:kms:{region}:{acct}:key/{_h(rng, 8)}-{_h(rng, 4)}-{_h(rng, 4)}-{_h(rng, 4)}-{_h(rng, 12)}"
    req = {
        "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
        "encryptionContext": {
            "aws:lambda:FunctionArn": f"arn:aws:lambda:{region}:{acct}:function:orders-api",
            "aws:s3:arn": f"arn:aws:s3:::{_bucket(rng, acct)}/{_words(rng, 2)}",
        },
    }
    return req, None, [{"accountId": acct, "type": "AWS::KMS::Key", "ARN": key}], None


def _ddb(rng: random.Random, acct: str, region: str) -> Built:
    table = rng.choice(("orders", "sessions", "inventory"))
    req = {
        "tableName": table,
        "key": {"pk": "<redacted>", "sk": "<redacted>"},
        "consistentRead": rng.random() < 0.5,
        "projectionExpression": "#a, #b, #c",
    }
    res = [
        {
            "accountId": acct,
            "type": "AWS::DynamoDB::Table",
            "ARN": f"arn:aws:dynamodb:{region}:{acct}:table/{table}",
        }
    ]
    return req, None, res, None


def _logs(rng: random.Random, acct: str, region: str) -> Built:
    return (
        {
            "logGroupName": f"/aws/lambda/{rng.choice(('orders-api', 'etl-nightly'))}",
            "logStreamName": f"2024/07/01/[$LATEST]{_h(rng, 32)}",
        },
        None,
        None,
        None,
    )


def _ssm(rng: random.Random, acct: str, region: str) -> Built:
    return (
        {"name": f"/app/{rng.choice(('prod', 'dev'))}/{_h(rng, 6)}", "withDecryption": True},
        None,
        None,
        None,
    )


def _secret(rng: random.Random, acct: str, region: str) -> Built:
    return (
        {"secretId": f"arn:aws:secretsmanager:{region}:{acct}:secret:db-{_h(rng, 6)}"},
        None,
        None,
        None,
    )


def _ecr(rng: random.Random, acct: str, region: str) -> Built:
    return (
        {
            "repositoryName": "orders",
            "registryId": acct,
            "imageIds": [{"imageTag": f"v{rng.randrange(1, 90)}"}],
            "acceptedMediaTypes": [
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.oci.image.manifest.v1+json",
            ],
        },
        None,
        None,
        None,
    )


def _cfn(rng: random.Random, acct: str, region: str) -> Built:
    stack = (
        f"arn:aws:cloudformation:{region}:{acct}:stack/app-{_h(rng, 4)}/{_h(rng, 8)}-{_h(rng, 4)}"
    )
    return (
        {"stackName": stack, "nextToken": _h(rng, 120) if rng.random() < 0.5 else None},
        None,
        None,
        None,
    )


def _login(rng: random.Random, acct: str, region: str) -> Built:
    return (
        None,
        {"ConsoleLogin": "Success"},
        None,
        {
            "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
            "MobileVersion": "No",
            "MFAUsed": "Yes",
        },
    )


_DENIED = ("AccessDenied", "Access Denied")
_HUMAN = {"iam_user": 1.0, "sso": 1.0}
_WORK = {"ec2": 1.0, "lambda": 1.0, "ecs": 1.0}
_ALL = {**_HUMAN, **_WORK}

CATALOG: tuple[Api, ...] = (
    Api(
        "s3.amazonaws.com",
        "GetObject",
        True,
        True,
        True,
        ("NoSuchKey", "The specified key does not exist."),
        {"ec2": 6, "lambda": 4, "ecs": 5, "iam_user": 1},
        _s3_get,
    ),
    Api(
        "s3.amazonaws.com",
        "PutObject",
        False,
        True,
        True,
        _DENIED,
        {"ec2": 3, "lambda": 2, "ecs": 2, "iam_user": 0.5},
        _s3_put,
    ),
    Api(
        "s3.amazonaws.com",
        "ListObjects",
        True,
        True,
        True,
        _DENIED,
        {"ec2": 1, "iam_user": 1, "sso": 1},
        _s3_list,
    ),
    Api(
        "s3.amazonaws.com",
        "ListBuckets",
        True,
        False,
        True,
        _DENIED,
        {"iam_user": 0.3, "sso": 0.3},
        _s3_buckets,
    ),
    Api(
        "ec2.amazonaws.com",
        "DescribeInstances",
        True,
        False,
        False,
        ("Client.InvalidInstanceID.NotFound", "The instance ID does not exist"),
        {**_ALL, "service": 2},
        _ec2_describe,
    ),
    Api(
        "ec2.amazonaws.com",
        "DescribeSecurityGroups",
        True,
        False,
        False,
        _DENIED,
        {**_HUMAN, "service": 1},
        _ec2_sg,
    ),
    Api(
        "ec2.amazonaws.com",
        "RunInstances",
        False,
        False,
        False,
        ("Client.InsufficientInstanceCapacity", "Insufficient capacity."),
        {"iam_user": 0.2, "sso": 0.1, "service": 1.0},
        _ec2_run,
    ),
    Api(
        "ec2.amazonaws.com",
        "CreateTags",
        False,
        False,
        False,
        _DENIED,
        {"iam_user": 0.2, "service": 0.5},
        _ec2_tags,
    ),
    Api(
        "iam.amazonaws.com",
        "GetRole",
        True,
        False,
        False,
        ("NoSuchEntity", "The role cannot be found."),
        {**_HUMAN, "service": 1},
        _iam_read,
    ),
    Api(
        "iam.amazonaws.com",
        "ListAttachedRolePolicies",
        True,
        False,
        False,
        _DENIED,
        {**_HUMAN, "service": 1},
        _iam_read,
    ),
    Api(
        "iam.amazonaws.com",
        "PutRolePolicy",
        False,
        False,
        False,
        _DENIED,
        {"iam_user": 0.1, "sso": 0.05},
        _iam_put_policy,
    ),
    Api(
        "sts.amazonaws.com",
        "GetCallerIdentity",
        True,
        False,
        True,
        _DENIED,
        {**_ALL},
        _sts_identity,
    ),
    Api(
        "kms.amazonaws.com",
        "Decrypt",
        True,
        False,
        True,
        ("InvalidCiphertextException", ""),
        {"ec2": 2, "lambda": 3, "ecs": 2},
        _kms_decrypt,
    ),
    Api(
        "dynamodb.amazonaws.com",
        "GetItem",
        True,
        True,
        True,
        ("ResourceNotFoundException", "Requested resource not found"),
        {"lambda": 4, "ecs": 3},
        _ddb,
    ),
    Api(
        "dynamodb.amazonaws.com",
        "PutItem",
        False,
        True,
        True,
        ("ConditionalCheckFailedException", "The conditional request failed"),
        {"lambda": 2, "ecs": 2},
        _ddb,
    ),
    Api(
        "logs.amazonaws.com",
        "CreateLogStream",
        False,
        False,
        True,
        ("ResourceAlreadyExistsException", "The specified log stream already exists"),
        {"lambda": 1, "ecs": 1},
        _logs,
    ),
    Api(
        "ssm.amazonaws.com",
        "GetParameter",
        True,
        False,
        True,
        ("ParameterNotFound", ""),
        {"ec2": 1, "lambda": 1, "ecs": 1},
        _ssm,
    ),
    Api(
        "secretsmanager.amazonaws.com",
        "GetSecretValue",
        True,
        False,
        True,
        ("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
        {"ecs": 1, "lambda": 1},
        _secret,
    ),
    Api(
        "ecr.amazonaws.com",
        "BatchGetImage",
        True,
        False,
        True,
        ("RepositoryNotFoundException", ""),
        {"ecs": 1, "ec2": 0.5},
        _ecr,
    ),
    Api(
        "cloudformation.amazonaws.com",
        "DescribeStacks",
        True,
        False,
        False,
        ("ValidationError", "Stack does not exist"),
        {"iam_user": 1, "sso": 1},
        _cfn,
    ),
    Api(
        "signin.amazonaws.com",
        "ConsoleLogin",
        False,
        False,
        False,
        ("Failed authentication", ""),
        {"root": 1, "sso": 0.05},
        _login,
    ),
)


def variants(
    api: Api, acct: str, region: str, rng: random.Random, n: int
) -> list[tuple[str, str, str, str]]:
    """``n`` variants of ``api``'s free-form members as JSON text ('' for an absent member)."""
    out = []
    for _ in range(n):
        req, resp, res, add = api.build(rng, acct, region)
        out.append(
            tuple(
                msgspec.json.encode(v).decode() if v is not None else ""
                for v in (req, resp, res, add)
            )
        )
    return out  # type: ignore[return-value]
