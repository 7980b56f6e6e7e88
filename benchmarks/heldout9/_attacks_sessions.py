"""The attacks that ride a federated or cross-account session: A3 (LUCR-3's hijacked Okta
session sharing a Redshift snapshot out), A6 (a compromised Jenkins sweeping Secrets Manager),
A7 (defence evasion, Stratus Red Team techniques) and A8 (the Snowflake-like vendor role from a
VPN host). Each returns its truth row."""

from __future__ import annotations

from typing import Any

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._attacks import UBUNTU_CLI, Run
from benchmarks.heldout9._net import NETS
from benchmarks.heldout9._org import EDGE_WIN, OUTSIDER, STORE, TOOLS, Org, saml_signin


def redshift_share(org: Org, index: int, email: str) -> dict[str, Any]:
    """A hijacked Okta session (LUCR-3): a new country, Windows Edge where she uses a Mac."""
    ip = NETS["digi_ro"].host(org.rng)
    start = org.t(index, 3.5 + float(org.rng.uniform(0, 1)))
    ident, ids = saml_signin(
        org, start, "519374620488", "Okta-DataEngineer", email, ip, EDGE_WIN, console=True
    )
    run = Run(org, "519374620488", ip, EDGE_WIN, ident)
    run.events += ids
    t = start + 40
    for api in (
        "DescribeClusters",
        "DescribeClusterSnapshots",
        "CreateClusterSnapshot",
        "DescribeClusterSnapshots",
    ):
        t = run.do(t, api, params={"clusterIdentifier": "tg-dw"})
    t = run.do(
        t + 600,
        "AuthorizeSnapshotAccess",
        params={"snapshotIdentifier": "tg-dw-manual-1127", "accountWithRestoreAccess": OUTSIDER},
    )
    return run.truth(
        "A3",
        "Okta session used from Romania to share a Redshift snapshot out",
        "medium",
        start,
        t,
        principal=R.role_arn("519374620488", "Okta-DataEngineer"),
    )


def jenkins_secrets(org: Org, index: int, state: dict[str, Any]) -> dict[str, Any]:
    """A Jenkins agent (a compromised plugin) sweeps every secret of the storefront, from its own
    NAT with the CLI it always uses."""
    from benchmarks.heldout9._workloads import jenkins_assume

    nat = org.nat[TOOLS]
    t = start = org.t(index, 21 + float(org.rng.uniform(0, 1)))
    ua = "aws-cli/2.13.25 Python/3.11.5 Linux/6.1.102-111.182.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/{cmd}"
    key, assumed = jenkins_assume(
        org, t, STORE, "jenkins-build-4471", state, 1, ua.format(cmd="sts.assume-role")
    )
    run = Run(org, STORE, nat, ua, R.session(STORE, "jenkins-deploy", "jenkins-build-4471", key, t))
    run.events += assumed
    t += 20
    t = run.do(t, "ListSecrets")
    t = run.do(t, "ListSecrets")
    for _ in range(int(3 + org.rng.integers(0, 3))):
        t = run.do(
            t,
            "BatchGetSecretValue",
            params={"filters": [{"key": "name", "values": ["prod/"]}], "maxResults": 20},
        )
    return run.truth(
        "A6",
        "Jenkins agent sweeps Secrets Manager with BatchGetSecretValue",
        "medium",
        start,
        t,
        key,
    )


def evasion(org: Org, index: int, email: str) -> dict[str, Any]:
    ip = NETS["m247"].host(org.rng)
    start = org.t(index, 2 + float(org.rng.uniform(0, 1.5)))
    gimme = "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.8.0-47-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.40"
    ident, ids = saml_signin(org, start, STORE, "Okta-Admin", email, ip, gimme, console=False)
    run = Run(org, STORE, ip, UBUNTU_CLI, ident)
    run.events += ids
    t = start + 30
    t = run.do(t, "DescribeTrails")
    t = run.do(t, "GetEventSelectors", params={"trailName": "tg-storefront-trail"})
    t = run.do(
        t,
        "PutEventSelectors",
        params={
            "trailName": "tg-storefront-trail",
            "eventSelectors": [
                {"readWriteType": "WriteOnly", "includeManagementEvents": True, "dataResources": []}
            ],
        },
    )
    t = run.do(t, "DescribeFlowLogs")
    t = run.do(
        t, "DeleteFlowLogs", params={"flowLogIds": [f"fl-0{int(org.rng.integers(1e15, 1e16)):x}"]}
    )
    t = run.do(t, "DescribeLogGroups")
    for group in ("/aws/vpc/flowlogs/prod", "/aws/ecs/checkout-api", "/aws/cloudtrail/storefront"):
        t = run.do(t, "DeleteLogGroup", params={"logGroupName": group})
    return run.truth(
        "A7",
        "Okta admin role from a VPN: trail narrowed, flow logs and log groups deleted",
        "high",
        start,
        t,
        principal=R.role_arn(STORE, "Okta-Admin"),
    )


def vendor_off_network(org: Org, index: int) -> dict[str, Any]:
    from benchmarks.heldout9._people import snowflake

    ip = NETS["datacamp"].host(org.rng)
    start = org.t(index, 11)
    events = snowflake(
        org,
        index,
        [ip],
        ip=ip,
        ua=UBUNTU_CLI.format(cmd="s3.sync"),
        hours=(11, 12),
        every=1.0,
        reads=60,
    )
    run = Run(org, "519374620488", ip, UBUNTU_CLI, {})
    run.events = events
    return run.truth(
        "A8",
        "Snowflake integration role assumed from a VPN host with the right ExternalId",
        "medium",
        start,
        start + 3600,
        principal=R.role_arn("519374620488", "snowflake-integration"),
    )
