"""The attacks A6-A11 (A1-A5 are in ``attacks``), with their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.attacks import denied, old_docs
from benchmarks.heldout38.org import DATA, HOME, MANIFESTS, MGMT, PROD, QC, SCANS
from benchmarks.heldout38.pharmacy import CALLBACK, COURIER_EXTERNAL_ID, World
from benchmarks.heldout38.plan import at, jitter


def a6_courier(w: World) -> None:
    """A6: the courier's dispatch worker breached: its role assumed with the right external ID
    from a DigitalOcean droplet outside the courier's hours, manifests (names and addresses)
    read back a fortnight, the scans bucket tried."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(1)
    ip = tr.org.ip("159.203.41", o.DO_TOR)
    t0 = t = at(day, 7.5 + rng.uniform(0, 0.5))
    s = tr.cross_account(
        o.COURIER,
        "dispatch-sync-worker",
        PROD,
        HOME,
        "courier-dispatch-partner",
        "dispatch-sync",
        t,
        ip,
        o.KALI_BOTO,
        COURIER_EXTERNAL_ID,
    )
    assert s is not None
    t = jitter(rng, t, 5, 30)
    tr.call(
        t,
        s,
        PROD,
        "us-east-1",
        "s3",
        "ListBuckets",
        ip,
        o.KALI_BOTO,
        error=denied(s, "s3:ListAllMyBuckets"),
    )
    tr.s3(
        jitter(rng, t, 5, 20),
        s,
        PROD,
        HOME,
        "ListObjects",
        SCANS,
        None,
        ip,
        o.KALI_BOTO,
        error=denied(s, "s3:ListBucket"),
    )
    for k in range(rng.randrange(90, 140)):
        t = jitter(rng, t, 0.5, 5)
        if k % 30 == 0:
            tr.s3(t, s, PROD, HOME, "ListObjects", MANIFESTS, None, ip, o.KALI_BOTO)
        back = day - dt.timedelta(days=rng.randrange(1, 15))
        tr.s3(
            t,
            s,
            PROD,
            HOME,
            "GetObject",
            MANIFESTS,
            f"manifests/{back:%Y-%m-%d}/{w.tr.uuid()}.json",
            ip,
            o.KALI_BOTO,
            size=rng.randrange(900, 2600),
        )
    w.row(
        "A6",
        "the courier's role abused from outside the courier",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="medium",
    )
    w.row(
        "A6",
        "the courier's role abused: the AssumeRole",
        t0 - dt.timedelta(seconds=5),
        t0 + dt.timedelta(seconds=5),
        ips=[ip],
        severity="medium",
    )


def a7_console(w: World) -> None:
    """A7: the AP clerk's phished password (no MFA): a failed then a good console sign-in
    from Lagos, a key made for the user, the account's billing contact changed."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(4)
    ip = tr.org.ip("102.89.34", o.MTN_NG)
    t0 = t = at(day, 9.0 + rng.uniform(0, 1))
    s = tr.console_user(MGMT, "ap-clerk", t, mfa=False)
    tr.console_login(t - dt.timedelta(seconds=40), s, ip, o.CHROME_WIN, mfa=False, ok=False)
    tr.console_login(t, s, ip, o.CHROME_WIN, mfa=False)
    for service, name, params in (
        ("ce", "GetCostAndUsage", None),
        ("iam", "GetUser", None),
        ("iam", "ListAccessKeys", {"userName": "ap-clerk"}),
        ("iam", "CreateAccessKey", {"userName": "ap-clerk"}),
        ("account", "GetAlternateContact", {"alternateContactType": "BILLING"}),
        (
            "account",
            "PutAlternateContact",
            {
                "alternateContactType": "BILLING",
                "emailAddress": "HIDDEN_DUE_TO_SECURITY_REASONS",
                "name": "HIDDEN_DUE_TO_SECURITY_REASONS",
            },
        ),
        ("organizations", "DescribeOrganization", None),
    ):
        t = jitter(rng, t, 15, 120)
        tr.call(
            t, s, MGMT, "us-east-1", service, name, ip, o.CHROME_WIN, params=params, console=True
        )
    w.row(
        "A7",
        "AP clerk's console without MFA from Nigeria: key made, billing contact changed",
        t0 - dt.timedelta(minutes=1),
        t,
        arn=s.arn,
        ips=[ip],
        severity="high",
    )


def a8_recon(w: World) -> None:
    """A8: the price-sync task's credentials (leaked in a stack trace shipped to a log SaaS)
    used over three hours from a Canadian residential proxy with the task's own Java SDK."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(0)
    ip = tr.org.ip("99.236.77", o.RESI_CA)
    t0 = t = at(day, 7.6 + rng.uniform(0, 0.3))
    s = w.current(PROD, "pricing-sync-task", t)  # the night's task, finished at 06:30
    for service, name, action in (
        ("sts", "GetCallerIdentity", None),
        ("secretsmanager", "ListSecrets", "secretsmanager:ListSecrets"),
        ("ssm", "DescribeParameters", None),
        ("dynamodb", "ListTables", None),
        ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
        ("iam", "ListAttachedRolePolicies", "iam:ListAttachedRolePolicies"),
        ("lambda", "ListFunctions20150331", "lambda:ListFunctions"),
        ("ecs", "ListClusters", "ecs:ListClusters"),
        ("ec2", "DescribeInstances", "ec2:DescribeInstances"),
    ):
        t = jitter(rng, t, 600, 1500)
        region = "us-east-1" if service in ("iam", "s3") else HOME
        code = {
            "lambda": "AccessDeniedException",
            "secretsmanager": "AccessDeniedException",
            "ecs": "AccessDeniedException",
        }.get(service)
        err = denied(s, action, ec2=service == "ec2", code=code) if action else None
        tr.call(
            t,
            s,
            PROD,
            region,
            service,
            name,
            ip,
            o.ECS_JAVA,
            params={"roleName": "pricing-sync-task"} if service == "iam" else None,
            error=err,
        )
    w.row(
        "A8",
        "price-sync task credentials: slow recon from a residential proxy with the task's SDK",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="medium",
    )


def a9_coldstart(w: World) -> None:
    """A9: the Quebec account's new intake instance, launched that afternoon with IMDSv1: its
    credentials used from DigitalOcean the same evening to look around and try GPU instances."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(2)
    ip = tr.org.ip("138.197.66", o.DO_NYC)
    name = tr.org.instance("qc-instance")
    t0 = t = at(day, 21.5 + rng.uniform(0, 0.5))
    s = w.current(QC, name, t)
    for service, n, params, action in (
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        ("ec2", "DescribeRegions", None, None),
        ("ec2", "DescribeInstances", None, None),
        ("iam", "ListRoles", None, "iam:ListRoles"),
        ("ec2", "DescribeInstanceTypeOfferings", {"locationType": "region"}, None),
        (
            "ec2",
            "RunInstances",
            {"instanceType": "g5.12xlarge", "minCount": 4, "maxCount": 4},
            "ec2:RunInstances",
        ),
        (
            "ec2",
            "RunInstances",
            {"instanceType": "g4dn.xlarge", "minCount": 10, "maxCount": 10},
            "ec2:RunInstances",
        ),
    ):
        t = jitter(rng, t, 5, 80)
        region = (
            "us-east-1"
            if service in ("iam", "s3", "sts")
            else rng.choice(("ca-central-1", "us-east-1", "us-west-2"))
        )
        err = denied(s, action, ec2=service == "ec2") if action else None
        tr.call(
            t,
            s,
            QC,
            region,
            service,
            n,
            ip,
            o.KALI_CLI.format(cmd=f"{service}.{n.lower()}"),
            params=params,
            error=err,
        )
    w.row(
        "A9",
        "the new Quebec account's instance credentials from DigitalOcean on its first day",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="medium",
    )


def a10_hijack(w: World) -> None:
    """A10: an analyst's console session cookie stolen by an infostealer, replayed through a VPN
    in her own country: Athena queries over the order tables, results pulled."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(3)
    p = w.net["analysts"][1]
    ip = tr.org.ip("146.70.202", o.PROTON)
    start = at(day, p.start_hour + 0.2)
    s = tr.saml(DATA, p.permission, p.user, start, p.ips[0], p.agent)
    tr.call(
        jitter(rng, start, 20, 60),
        s,
        DATA,
        HOME,
        "athena",
        "ListWorkGroups",
        p.ips[0],
        p.agent,
        console=True,
    )
    t0 = t = jitter(rng, start, 3600, 5400)
    tr.call(t, s, DATA, "us-east-1", "s3", "ListBuckets", ip, o.FIREFOX_WIN, console=True)
    tr.call(
        jitter(rng, t, 5, 20),
        s,
        DATA,
        HOME,
        "glue",
        "GetTables",
        ip,
        o.FIREFOX_WIN,
        params={"databaseName": "rx_lake"},
        console=True,
    )
    for _ in range(rng.randrange(6, 10)):
        t = jitter(rng, t, 40, 300)
        qid = tr.uuid()
        tr.call(
            t,
            s,
            DATA,
            HOME,
            "athena",
            "StartQueryExecution",
            ip,
            o.FIREFOX_WIN,
            params={"workGroup": "analysts", "queryExecutionContext": {"database": "rx_lake"}},
            response={"queryExecutionId": qid},
            console=True,
        )
        tr.call(
            jitter(rng, t, 1, 2),
            s,
            DATA,
            HOME,
            "glue",
            "GetTable",
            ip,
            o.FIREFOX_WIN,
            params={
                "databaseName": "rx_lake",
                "name": rng.choice(("patients", "orders_daily", "prescriptions")),
            },
            invoked_by="athena.amazonaws.com",
        )
        for k in range(rng.randrange(2, 5)):
            tr.call(
                jitter(rng, t, 8 + 4 * k, 11 + 4 * k),
                s,
                DATA,
                HOME,
                "athena",
                "GetQueryResults",
                ip,
                o.FIREFOX_WIN,
                params={"queryExecutionId": qid, "maxResults": 1000},
                console=True,
            )
    w.row(
        "A10",
        "an analyst's console session replayed through a VPN: patient tables queried",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="medium",
    )


def a11_lambda(w: World) -> None:
    """A11: a malicious dependency in the Textract callback read its environment: the
    function's credentials used from an EC2 instance in someone else's account (an AWS address)."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(4)
    ip = tr.org.ip("52.7.33", o.AWS_USE1)
    t0 = t = at(day, 16.0 + rng.uniform(0, 2))
    s = w.current(PROD, CALLBACK, t)
    agent = o.KALI_BOTO.replace("os/linux#6.11.2-amd64", "os/linux#6.1.112-124.190.amzn2023.x86_64")
    tr.call(t, s, PROD, "us-east-1", "sts", "GetCallerIdentity", ip, agent)
    t = jitter(rng, t, 20, 90)
    tr.call(
        t,
        s,
        PROD,
        HOME,
        "lambda",
        "ListFunctions20150331",
        ip,
        agent,
        error=denied(s, "lambda:ListFunctions", code="AccessDeniedException"),
    )
    tr.call(
        jitter(rng, t, 5, 30),
        s,
        PROD,
        HOME,
        "states",
        "ListStateMachines",
        ip,
        agent,
        error=denied(s, "states:ListStateMachines", code="AccessDeniedException"),
    )
    for doc in old_docs(w, day, rng.randrange(30, 50)):
        t = jitter(rng, t, 2, 20)
        tr.s3(
            t,
            s,
            PROD,
            HOME,
            "GetObject",
            SCANS,
            doc,
            ip,
            agent,
            size=rng.randrange(180_000, 2_400_000),
        )
    w.row(
        "A11",
        "Textract callback Lambda's credentials used from another AWS account's instance",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="medium",
    )
