"""People and the work around the pipelines: researchers through Shibboleth, the
research-computing team through Identity Center, the postdoc's old IAM key, Terraform from
GitHub Actions into each account, the consortium's daily pull through its access point, AWS
Config, and the cryo-EM lab's account once it has joined."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout27._background import AP, EXTERNAL_ID, RESULTS, Changes, at
from benchmarks.heldout27._org import (
    CONSORTIUM,
    CRYOEM,
    HOME,
    PLATFORM,
    RESEARCH,
    SEQCORE,
    Org,
    Person,
)
from benchmarks.heldout27._trail import UA, Role, Session, s3_object

SSO_PATH = "/aws-reserved/sso.amazonaws.com/ca-central-1/"


def sso_role(org: Org, account: str, permission_set: str = "RCAdmin") -> Role:
    return org.role(account, f"AWSReservedSSO_{permission_set}_4f1c2b7a9e03d5e6", SSO_PATH)


def people(org: Org, d: dt.date, ch: Changes, weekday: bool) -> None:
    rng = org.rng
    for p in org.researchers:
        if p.since is not None and d < p.since:
            continue
        busy = d in ch.deadline and p.since is None
        if not weekday and not busy and rng.random() > 0.15:
            continue
        if rng.random() < 0.1 and not busy and p.since != d:
            continue  # a day without AWS
        ip = p.ip
        if (
            p.name in ch.away
            and d >= ch.away[p.name][0]
            and d <= ch.away[p.name][0] + dt.timedelta(days=1)
        ):
            ip = ch.away[p.name][1]
        elif p.home_ip and rng.random() < 0.3:
            ip = p.home_ip
        start = at(d, rng.uniform(12.5, 15.5) if not busy else rng.uniform(12, 14))
        s = org.saml(start, p.role, p.name, ip, UA["saml2aws"], console=p.console)
        work(
            org, p, s, start, ip, rng.randint(12, 30) if not busy else rng.randint(40, 70), RESEARCH
        )
        if busy:  # B1: the grant deadline: evenings, a second session, more queries
            late = at(d, rng.uniform(23, 26))
            s2 = org.saml(late, p.role, p.name, p.home_ip or ip, UA["saml2aws"], console=p.console)
            work(org, p, s2, late, p.home_ip or ip, rng.randint(20, 40), RESEARCH)
    user = org.users["a.bergeron"]
    if weekday:
        ip = org.researchers[0].home_ip or org.researchers[0].ip
        for _ in range(org.n(20, 5)):
            t = at(d, rng.uniform(13, 22))
            key = f"results/TMK-{rng.randrange(1000):03d}/g.vcf.gz"
            name = rng.choice(["GetObject", "GetObject", "ListBuckets", "PutObject"])
            data = s3_object(RESULTS, key, RESEARCH) if name != "ListBuckets" else None
            org.trail.call(
                t,
                RESEARCH,
                HOME,
                "s3.amazonaws.com",
                name,
                user.identity(),
                ip,
                UA["jupyter"],
                params={"bucketName": RESULTS, "key": key} if data else None,
                data=data,
            )
    accounts = [RESEARCH, SEQCORE, PLATFORM] + (
        [CRYOEM] if ch.cryo_joins and d >= ch.cryo_joins else []
    )
    for p in org.engineers:
        if not weekday and rng.random() > 0.2:
            continue
        ip = p.ip if rng.random() < 0.7 else (p.home_ip or p.ip)
        for account in rng.sample(accounts, 2):
            start = at(d, rng.uniform(13, 20))
            s = org.saml(start, sso_role(org, account), p.name, ip, p.ua, hours=8)
            admin(org, s, start, ip, p.ua, account, rng.randint(6, 16))


def admin(
    org: Org, s: Session, start: dt.datetime, ip: str, ua: str, account: str, calls: int
) -> None:
    """An engineer's look around an account: Batch queues, instances, logs, IAM, CloudTrail."""
    rng = org.rng
    menu = (
        ("batch.amazonaws.com", "DescribeJobQueues"),
        ("batch.amazonaws.com", "ListJobs"),
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("logs.amazonaws.com", "FilterLogEvents"),
        ("iam.amazonaws.com", "ListRoles"),
        ("iam.amazonaws.com", "GetRole"),
        ("cloudtrail.amazonaws.com", "LookupEvents"),
        ("datasync.amazonaws.com", "ListTaskExecutions"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("states.amazonaws.com", "ListExecutions"),
    )
    for _ in range(calls):
        source, name = rng.choice(menu)
        region = "us-east-1" if source.startswith("iam") else HOME
        org.trail.call(
            start + dt.timedelta(minutes=rng.uniform(1, 300)),
            account,
            region,
            source,
            name,
            s.identity(),
            ip,
            ua,
        )


def terraform(org: Org, d: dt.date, ch: Changes) -> None:
    """Plans on pull requests and applies on merge: the runner's OIDC key, then the deployer
    role of each account it manages."""
    rng = org.rng
    v6 = ch.tf_v6 is not None and d >= ch.tf_v6
    ua = UA["terraform_v6"] if v6 else UA["terraform"]
    for run in range(org.n(4, 2)):
        ip = org.addr.pick("github")
        t = at(d, rng.uniform(13, 21))
        subject = (
            "repo:tamarack-rc/infra:ref:refs/heads/main"
            if run == 0
            else "repo:tamarack-rc/infra:pull_request"
        )
        gha = org.github(t, subject, ip)
        org.trail.call(
            t + dt.timedelta(seconds=3),
            PLATFORM,
            HOME,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            gha.identity(),
            ip,
            UA["gha_sts"],
        )
        accounts = [RESEARCH, SEQCORE] + ([CRYOEM] if ch.cryo_joins and d >= ch.cryo_joins else [])
        for account in accounts:
            role = org.role(account, "TerraformDeployer")
            s = org.assume(
                t + dt.timedelta(seconds=20),
                gha.identity(),
                role,
                f"gha-{org.ids.hexid(8)}",
                ip,
                ua,
            )
            plan(org, s, t + dt.timedelta(seconds=30), ip, ua, account, v6)
            if run == 0 and rng.random() < 0.4:
                org.trail.call(
                    t + dt.timedelta(minutes=4),
                    account,
                    HOME,
                    "batch.amazonaws.com",
                    "UpdateJobQueue",
                    s.identity(),
                    ip,
                    ua,
                    params={"jobQueue": "genomics-spot-q", "priority": 10},
                )


def plan(org: Org, s: Session, t: dt.datetime, ip: str, ua: str, account: str, v6: bool) -> None:
    reads = [
        ("ec2.amazonaws.com", "DescribeVpcs"),
        ("ec2.amazonaws.com", "DescribeSubnets"),
        ("ec2.amazonaws.com", "DescribeSecurityGroups"),
        ("ec2.amazonaws.com", "DescribeNatGateways"),
        ("iam.amazonaws.com", "GetRole"),
        ("iam.amazonaws.com", "ListAttachedRolePolicies"),
        ("s3.amazonaws.com", "GetBucketPolicy"),
        ("s3.amazonaws.com", "GetBucketVersioning"),
        ("batch.amazonaws.com", "DescribeComputeEnvironments"),
        ("batch.amazonaws.com", "DescribeJobQueues"),
        ("kms.amazonaws.com", "DescribeKey"),
        ("logs.amazonaws.com", "DescribeLogGroups"),
    ]
    if v6:  # B9: provider 6 reads more of each resource, and some of it is not granted yet
        reads += [
            ("ec2.amazonaws.com", "DescribeVpcAttribute"),
            ("s3.amazonaws.com", "GetBucketAbac"),
            ("iam.amazonaws.com", "ListRoleTags"),
            ("batch.amazonaws.com", "ListTagsForResource"),
        ]
    for k, (source, name) in enumerate(reads):
        region = "us-east-1" if source.startswith("iam") else HOME
        error = (
            (
                "AccessDenied",
                f"User: arn:aws:sts::{account}:assumed-role/TerraformDeployer/{s.name} is not authorized to perform: s3:GetBucketAbac",
            )
            if name == "GetBucketAbac"
            else None
        )
        org.trail.call(
            t + dt.timedelta(seconds=2 * k),
            account,
            region,
            source,
            name,
            s.identity(),
            ip,
            ua,
            error=error,
        )


def consortium(org: Org, d: dt.date, ch: Changes) -> None:
    """The Canadian Genomics Consortium's coordinating centre pulls the shared cohort every
    morning: its ETL role (their account) assumes our reader role with the external ID, then
    reads through the consortium access point."""
    rng = org.rng
    west = ch.consortium_west is not None and d >= ch.consortium_west
    ip = org.consortium_west_ip if west else org.consortium_ip
    region_etl = "us-west-2" if west else "us-east-1"
    etl = Role(CONSORTIUM, "CoordinatingCenterETL", "AROAVCGCETL7Q2XKM4P")
    caller = Session(
        etl,
        "i-0c0ffee5a17e0e2b1" if not west else "i-0d15ea5ebadcafe42",
        "ASIAVCGC" + org.ids.key()[8:],
        at(d, 5.5),
        ec2=True,
    ).identity()
    t = at(d, 6 + rng.random() * 0.5)
    role = org.role(RESEARCH, "tmk-consortium-reader")
    s = org.assume(
        t, caller, role, f"cgc-etl-{d:%Y%m%d}", ip, UA["consortium"], external_id=EXTERNAL_ID
    )
    del region_etl
    for k in range(org.n(60, 6)):
        key = f"shared/cohort-2026/batch-{rng.randrange(40):02d}/{org.ids.hexid(8)}.vcf.gz"
        org.trail.call(
            t + dt.timedelta(seconds=10 + 4 * k),
            RESEARCH,
            HOME,
            "s3.amazonaws.com",
            "GetObject",
            s.identity(),
            ip,
            UA["consortium"],
            params={
                "bucketName": RESULTS,
                "key": key,
                "Host": f"consortium-share-{RESEARCH}.s3-accesspoint.{HOME}.amazonaws.com",
            },
            data=[
                *s3_object(RESULTS, key, RESEARCH),
                {"accountId": RESEARCH, "type": "AWS::S3::AccessPoint", "ARN": AP},
            ],
        )


def work(
    org: Org, p: Person, s: Session, start: dt.datetime, ip: str, calls: int, account: str
) -> None:
    """A person's session: S3 browsing and downloads, Athena over the variant tables."""
    rng, tr = org.rng, org.trail
    ua = UA["s3_console"] if p.console else p.ua
    for _k in range(calls):
        t = start + dt.timedelta(minutes=rng.uniform(1, 420))
        pick = rng.random()
        ident = s.identity()
        if pick < 0.35:
            key = f"results/TMK-{rng.randrange(1000):03d}/{rng.choice(['qc.html', 'g.vcf.gz', 'coverage.tsv'])}"
            tr.call(
                t,
                account,
                HOME,
                "s3.amazonaws.com",
                "GetObject",
                ident,
                ip,
                ua,
                params={"bucketName": RESULTS, "key": key},
                data=s3_object(RESULTS, key, account),
                console=p.console,
            )
        elif pick < 0.5:
            tr.call(
                t,
                account,
                HOME,
                "s3.amazonaws.com",
                "ListBuckets",
                ident,
                ip,
                ua,
                console=p.console,
            )
        elif pick < 0.85:
            athena_ua = UA["athena_console"] if p.console else p.ua
            tr.call(
                t,
                account,
                HOME,
                "athena.amazonaws.com",
                "StartQueryExecution",
                ident,
                ip,
                athena_ua,
                params={"workGroup": "research", "queryExecutionContext": {"database": "variants"}},
                read_only=False,
                console=p.console,
            )
            tr.call(
                t + dt.timedelta(seconds=2),
                account,
                HOME,
                "lakeformation.amazonaws.com",
                "GetDataAccess",
                {**ident, "invokedBy": "athena.amazonaws.com"},
                "athena.amazonaws.com",
                "athena.amazonaws.com",
                params={"tableArn": f"arn:aws:glue:{HOME}:{account}:table/variants/gvcf_calls"},
            )
            tr.call(
                t + dt.timedelta(seconds=9),
                account,
                HOME,
                "athena.amazonaws.com",
                "GetQueryExecution",
                ident,
                ip,
                athena_ua,
                console=p.console,
            )
        else:
            tr.call(
                t,
                account,
                HOME,
                "glue.amazonaws.com",
                "GetTables",
                ident,
                ip,
                p.ua if not p.console else UA["athena_console"],
                params={"databaseName": "variants"},
                console=p.console,
            )
        if rng.random() < 0.02:
            tr.call(
                t + dt.timedelta(seconds=3),
                account,
                HOME,
                "s3.amazonaws.com",
                "GetObject",
                ident,
                ip,
                ua,
                params={"bucketName": "tmk-seqcore-runs", "key": "runs/restricted/manifest.tsv"},
                data=s3_object("tmk-seqcore-runs", "runs/restricted/manifest.tsv", SEQCORE),
                error=("AccessDenied", "Access Denied"),
                console=p.console,
            )
