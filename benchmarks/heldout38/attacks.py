"""The attacks (A1-A11), each drawn from a public incident pattern, with their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import HOME, PROD, SCANS
from benchmarks.heldout38.people import gha_session
from benchmarks.heldout38.pharmacy import World, fax_instance
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
