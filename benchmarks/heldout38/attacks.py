"""The attacks (A1-A11), each drawn from a public incident pattern, with their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import DATA, HOME, MANIFESTS, MGMT, PROD, QC, SCANS
from benchmarks.heldout38.people import gha_session
from benchmarks.heldout38.pharmacy import CALLBACK, COURIER_EXTERNAL_ID, World, fax_instance
from benchmarks.heldout38.plan import at, jitter
from benchmarks.heldout38.records import Session

DENIED = (
    "AccessDenied",
    "User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
)
EC2_DENIED = (
    "Client.UnauthorizedOperation",
    "You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action}",
)


def denied(
    s: Session, action: str, *, ec2: bool = False, code: str | None = None
) -> tuple[str, str]:
    c, m = EC2_DENIED if ec2 else DENIED
    return code or c, m.format(arn=s.identity["arn"], action=action)


def old_docs(w: World, day: dt.date, n: int, prefix: str = "rx") -> list[str]:
    """Object keys of earlier days' prescriptions, as a lister would find them."""
    rng = w.rng
    return [
        f"{prefix}/{day - dt.timedelta(days=rng.randrange(1, 12)):%Y/%m/%d}/{w.tr.uuid()}.pdf"
        for _ in range(n)
    ]


def a1_ses(w: World) -> None:
    """A1: the SES SMTP user's key (SMTP credentials are an IAM user's key) leaked from an old
    mobile-app build: the quota checked, production access asked for, identities added; the
    pattern of the SES-phishing reports. The user never calls the API otherwise."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(0)
    ip = tr.org.ip("45.76.162", o.VULTR)
    s = tr.user(PROD, "ses-smtp-notify")
    t0 = t = at(day, 2.1 + rng.uniform(0, 0.4))
    steps = [
        ("us-east-1", "sts", "GetCallerIdentity", None, None),
        (HOME, "ses", "GetSendQuota", None, None),
        (HOME, "sesv2", "GetAccount", None, None),
        (HOME, "ses", "ListIdentities", {"identityType": "Domain"}, None),
        (
            HOME,
            "ses",
            "GetIdentityVerificationAttributes",
            {"identities": ["cedarlinerx.ca"]},
            None,
        ),
        ("us-east-1", "ses", "GetSendQuota", None, None),
        ("us-east-1", "sesv2", "GetAccount", None, None),
        ("us-east-1", "iam", "ListUsers", None, "iam:ListUsers"),
        (
            "us-east-1",
            "sesv2",
            "PutAccountDetails",
            {
                "mailType": "MARKETING",
                "websiteURL": "https://cedarlinerx.ca",
                "productionAccessEnabled": True,
            },
            None,
        ),
        (
            HOME,
            "ses",
            "VerifyEmailIdentity",
            {"emailAddress": "pharmacy-refills@cedarline-rx-care.com"},
            None,
        ),
        (HOME, "sesv2", "CreateEmailIdentity", {"emailIdentity": "cedarline-rx-care.com"}, None),
        (HOME, "ses", "GetSendStatistics", None, None),
    ]
    for region, service, name, params, action in steps:
        t = jitter(rng, t, 4, 90)
        tr.call(
            t,
            s,
            PROD,
            region,
            service,
            name,
            ip,
            o.KALI_BOTO,
            params=params,
            error=denied(s, action) if action else None,
        )
    w.row(
        "A1",
        "leaked SES SMTP key: quota, production access, new sending identities",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="high",
    )


def a2_llmjacking(w: World) -> None:
    """A2: LLMjacking (Sysdig's reports): the old Jenkins user's key, leaked with a Jenkinsfile,
    checks Bedrock, asks for model access and invokes Claude from a proxy and a Tor exit."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(1)
    ips = [tr.org.ip("185.156.46", o.M247), tr.org.ip("185.220.101", o.TOR_EXIT)]
    s = tr.user(PROD, "jenkins-legacy")
    t0 = t = at(day, 3.0 + rng.uniform(0, 0.5))
    tr.call(
        t,
        s,
        PROD,
        "us-east-1",
        "sts",
        "GetCallerIdentity",
        ips[0],
        o.KALI_CLI.format(cmd="sts.get-caller-identity"),
    )
    for region in ("us-east-1", "us-west-2"):
        for name, params in (
            ("ListFoundationModels", None),
            ("GetModelInvocationLoggingConfiguration", None),
            (
                "GetFoundationModelAvailability",
                {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
            ),
            ("PutUseCaseForModelAccess", {"formData": "HIDDEN_DUE_TO_SECURITY_REASONS"}),
            (
                "ListFoundationModelAgreementOffers",
                {"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
            ),
            (
                "CreateFoundationModelAgreement",
                {
                    "modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0",
                    "offerToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                },
            ),
        ):
            t = jitter(rng, t, 3, 40)
            tr.call(
                t,
                s,
                PROD,
                region,
                "bedrock",
                name,
                ips[0],
                o.GO_LLM.replace("bedrockruntime#1.20.3", "bedrock#1.22.1"),
                params=params,
            )
    for _ in range(rng.randrange(40, 70)):
        t = jitter(rng, t, 5, 120)
        region = rng.choice(("us-east-1", "us-west-2"))
        error = (
            ("ThrottlingException", "Too many requests, please wait before trying again.")
            if rng.random() < 0.1
            else None
        )
        tr.call(
            t,
            s,
            PROD,
            region,
            "bedrock-runtime",
            "InvokeModel",
            rng.choice(ips),
            o.GO_LLM,
            params={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
            error=error,
        )
    w.row(
        "A2",
        "LLMjacking: Bedrock model access asked for and models invoked with Jenkins' key",
        t0,
        t,
        key=s.key,
        ips=ips,
        severity="high",
    )


def a3_backdoor(w: World) -> None:
    """A3: an infostealer on an engineer's laptop took his Identity Center token cache; his
    CLI credentials, from a Hetzner server, replace the intake Lambda's code and open a
    function URL to it."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(2)
    p = w.net["platform"][2]
    ip = tr.org.ip("116.203.54", o.HETZNER)
    t0 = t = at(day, 23.4 + rng.uniform(0, 0.3))
    s = tr.sso_cli(PROD, p.permission, p.user, t - dt.timedelta(minutes=3))
    for name, cmd, params in (
        ("GetCallerIdentity", "sts.get-caller-identity", None),
        ("ListFunctions20150331", "lambda.list-functions", None),
        ("GetFunction20150331v2", "lambda.get-function", {"functionName": "rx-intake"}),
        ("GetPolicy20150331v2", "lambda.get-policy", {"functionName": "rx-intake"}),
        (
            "UpdateFunctionCode20150331v2",
            "lambda.update-function-code",
            {"functionName": "rx-intake", "publish": False},
        ),
        (
            "UpdateFunctionConfiguration20150331v2",
            "lambda.update-function-configuration",
            {"functionName": "rx-intake", "environment": {}},
        ),
        (
            "CreateFunctionUrlConfig20211031",
            "lambda.create-function-url-config",
            {"functionName": "rx-intake", "authType": "NONE"},
        ),
        (
            "AddPermission20150331v2",
            "lambda.add-permission",
            {
                "functionName": "rx-intake",
                "statementId": "FunctionURLAllowPublicAccess",
                "action": "lambda:InvokeFunctionUrl",
                "principal": "*",
                "functionUrlAuthType": "NONE",
            },
        ),
    ):
        t = jitter(rng, t, 8, 70)
        service = "sts" if name == "GetCallerIdentity" else "lambda"
        tr.call(t, s, PROD, HOME, service, name, ip, o.KALI_CLI.format(cmd=cmd), params=params)
    w.row(
        "A3",
        "stolen Identity Center token cache: the intake Lambda backdoored",
        t0,
        t,
        key=s.key,
        arn=s.arn,
        ips=[ip],
        severity="high",
    )


def a4_persistence(w: World) -> None:
    """A4: a pull_request_target workflow lets a fork's code run with the deploy role (from
    GitHub's own runners, as every deploy): an IAM user made with a key and AdministratorAccess,
    which is used two hours later from a DigitalOcean droplet."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(3)
    runner = rng.choice(w.net["gha"])
    t0 = t = at(day, 19.0 + rng.uniform(0, 1))
    s = gha_session(w, t, runner, "repo:cedarline-rx/rx-platform:pull_request")
    new_key = o.key(rng, "AKIA")
    for name, params in (
        ("GetCallerIdentity", None),
        ("CreateUser", {"userName": "svc-metrics-export"}),
        ("CreateAccessKey", {"userName": "svc-metrics-export"}),
        (
            "AttachUserPolicy",
            {
                "userName": "svc-metrics-export",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
    ):
        t = jitter(rng, t, 2, 15)
        response = (
            {
                "accessKey": {
                    "userName": "svc-metrics-export",
                    "accessKeyId": new_key,
                    "status": "Active",
                    "createDate": "Dec 3, 2026, 7:00:00 PM",
                }
            }
            if name == "CreateAccessKey"
            else None
        )
        tr.call(
            t,
            s,
            PROD,
            "us-east-1",
            "sts" if name.startswith("Get") else "iam",
            name,
            runner,
            o.GHA_CLI.format(cmd="iam." + name.lower()),
            params=params,
            response=response,
        )
    w.row(
        "A4",
        "deploy role from a fork's workflow: a persistence IAM user",
        t0,
        t,
        key=s.key,
        ips=[runner],
        severity="medium",
    )
    ip = tr.org.ip("167.99.10", o.DO_NYC)
    u = tr.user(PROD, "svc-metrics-export", new_key)
    t1 = t = jitter(rng, t, 6000, 8000)
    for service, name in (
        ("sts", "GetCallerIdentity"),
        ("iam", "ListUsers"),
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("iam", "ListRoles"),
    ):
        t = jitter(rng, t, 10, 120)
        tr.call(
            t,
            u,
            PROD,
            "us-east-1" if service in ("sts", "iam", "s3") else HOME,
            service,
            name,
            ip,
            o.PACU_UA,
        )
    w.row(
        "A4",
        "deploy role from a fork's workflow: the new user's key used",
        t1,
        t,
        key=new_key,
        ips=[ip],
        severity="medium",
    )


def a5_scans(w: World) -> None:
    """A5: SSRF in the fax gateway's web console (IMDSv1): its instance credentials, from an OVH
    server in Quebec, list and copy prescription scans."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(4)
    ip = tr.org.ip("51.161.87", o.OVH_CA)
    t0 = t = at(day, 5.0 + rng.uniform(0, 0.5))
    s = w.current(PROD, fax_instance(w, day, t), t)
    tr.call(
        t,
        s,
        PROD,
        "us-east-1",
        "sts",
        "GetCallerIdentity",
        ip,
        o.KALI_CLI.format(cmd="sts.get-caller-identity"),
    )
    t = jitter(rng, t, 10, 60)
    tr.call(
        t,
        s,
        PROD,
        "us-east-1",
        "s3",
        "ListBuckets",
        ip,
        o.KALI_CLI.format(cmd="s3.ls"),
        error=denied(s, "s3:ListAllMyBuckets"),
    )
    tr.s3(
        jitter(rng, t, 10, 40),
        s,
        PROD,
        HOME,
        "ListObjects",
        SCANS,
        None,
        ip,
        o.KALI_CLI.format(cmd="s3.ls"),
    )
    for doc in old_docs(w, day, rng.randrange(120, 200)) + old_docs(w, day, 30, "fax"):
        t = jitter(rng, t, 0.5, 6)
        tr.s3(
            t,
            s,
            PROD,
            HOME,
            "GetObject",
            SCANS,
            doc,
            ip,
            o.KALI_CLI.format(cmd="s3.cp"),
            size=rng.randrange(60_000, 2_400_000),
        )
    w.row(
        "A5",
        "fax gateway's instance credentials (SSRF) copying prescription scans",
        t0,
        t,
        key=s.key,
        ips=[ip],
        severity="high",
    )


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
    name = "i-0" + tr.org.uid("qc-instance", "i")[1:15].lower()
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


ATTACKS = (
    a1_ses,
    a2_llmjacking,
    a3_backdoor,
    a4_persistence,
    a5_scans,
    a6_courier,
    a7_console,
    a8_recon,
    a9_coldstart,
    a10_hijack,
    a11_lambda,
)
