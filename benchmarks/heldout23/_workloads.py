"""LwaziPay's workloads, day by day: EKS node groups and IRSA pods (wallet, USSD gateway), Jenkins
and its build agents deploying with Terraform, the invoice Lambda, SageMaker notebooks, AWS
Config, and the legacy IAM users (the MSK cron job, a developer's SES key, a contractor)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from benchmarks.heldout23._net import aws_address, ua
from benchmarks.heldout23._org import ACCOUNTS, HOME, World
from benchmarks.heldout23._trail import Session, iam_user, service

Call = tuple[str, str]  # (service, API)
PAY, BILL, SHARED = ACCOUNTS["payments"], ACCOUNTS["billing"], ACCOUNTS["shared"]
SECRETS = ("wallet/aurora-app", "wallet/hsm-pin-key", "wallet/mno-api", "ussd/gateway-sms")


def spread(
    w: World,
    who: Session,
    start: dt.datetime,
    hours: float,
    calls: Sequence[Call],
    ip: str,
    agent: str | Callable[[str, str], str],
    *,
    region: str = HOME,
    params: Callable[[str, str], dict[str, object] | None] = lambda s, a: None,
) -> list[str]:
    """``calls`` by ``who`` at random moments of ``[start, start + hours)``; the event IDs."""
    out = []
    for svc, api in calls:
        t = start + dt.timedelta(seconds=w.rng.random() * hours * 3600)
        text = agent(svc, api) if callable(agent) else agent
        out.append(w.trail.call(who, t, svc, api, ip, text, region=region, params=params(svc, api)))
    return out


def secret_params(svc: str, api: str) -> dict[str, object] | None:
    if api == "GetSecretValue":
        return {"secretId": SECRETS[0] if svc == "secretsmanager" else SECRETS[3]}
    if svc == "kms":
        return {"keyId": "alias/wallet-ledger", "encryptionContext": {"service": "wallet"}}
    return None


def instances(w: World, fleet: str, n: int, renew: bool = False) -> list[str]:
    """A fleet's instance ids, kept from day to day (new ones when ``renew``)."""
    if renew or fleet not in w.fleets:
        w.fleets[fleet] = [w.ids.instance() for _ in range(n)]
    return w.fleets[fleet]


def hourly_instance(
    w: World,
    day: dt.date,
    account: str,
    role: str,
    ids: Sequence[str],
    per_hour: Sequence[Call],
    ip: str,
    agent: Callable[[str, str], str],
    *,
    region: str = HOME,
    by: str = "ec2",
    hours: Sequence[int] = range(24),
) -> None:
    """Instance-profile (or notebook) keys minted every hour by ``by``, each used for the hour."""
    for instance in ids:
        for hour in hours:
            t = w.at(day, hour) + dt.timedelta(minutes=w.rng.randrange(5))
            key = w.session(account, role, instance, t, instance=by == "ec2")
            w.trail.mint(t, by, key, region=region)
            spread(w, key, t, 0.95, per_hour, ip, agent, region=region)


def eks_nodes(w: World, day: dt.date) -> None:
    """The wallet cluster (payments; in eu-west-1 on the DR day) and the USSD gateway cluster
    (billing; upgraded 1.28 -> 1.29 on the third scored day: new nodes at 10:00 UTC)."""
    region = w.dr_region(day)
    wallet = instances(w, f"wallet-{region}", w.count(4, 2))
    kubelet = "kubelet_129" if region != HOME or day > w.s(3) else "kubelet_128"
    calls: list[Call] = [("ecr", "GetAuthorizationToken"), ("ec2", "DescribeInstances")]
    agent = lambda s, a, k=kubelet: ua(k) if s == "ecr" else ua("cni")  # noqa: E731
    hourly_instance(
        w, day, PAY, "wallet-eks-node", wallet, calls, w.nat_ip(PAY, region), agent, region=region
    )
    old = instances(w, "ussd", w.count(3, 2))
    upgrade = day == w.s(3)
    before = range(10) if upgrade else range(24)

    def agent_old(s, a):
        return ua("kubelet_129" if day > w.s(3) else "kubelet_128") if s == "ecr" else ua("cni")

    hourly_instance(
        w, day, BILL, "ussd-eks-node", old, calls, w.nat_ip(BILL, HOME), agent_old, hours=before
    )
    if upgrade:
        new = instances(w, "ussd", len(old), renew=True)
        w.notes["B4"] = {"old": old, "new": new}
        agent_new = lambda s, a: ua("kubelet_129") if s == "ecr" else ua("cni")  # noqa: E731
        hourly_instance(
            w,
            day,
            BILL,
            "ussd-eks-node",
            new,
            calls,
            w.nat_ip(BILL, HOME),
            agent_new,
            hours=range(10, 24),
        )


def irsa_pods(w: World, day: dt.date) -> None:
    """Service-account pods: an ``AssumeRoleWithWebIdentity`` per pod and hour, then the
    service's calls; the wallet's KMS volume follows the salary calendar."""
    region = w.dr_region(day)
    services = (
        (PAY, "wallet-api", "wallet", region, w.count(6, 2), "wallet", w.salary(day)),
        (PAY, "txn-publisher", "wallet", region, w.count(2, 1), "wallet", 1.0),
        (BILL, "ussd-gateway", "ussd", HOME, w.count(3, 1), "ussd", 1.0),
    )
    for account, role, namespace, where, pods, tool, volume in services:
        subject = f"system:serviceaccount:{namespace}:{role}"
        provider = f"arn:aws:iam::{account}:oidc-provider/oidc.eks.{where}.amazonaws.com/id/{namespace.upper()}5E1B"
        web = Session(
            {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": provider,
            },
            None,
        )
        ip = w.nat_ip(account, where)
        for pod in range(pods):
            for hour in range(24):
                t = w.at(day, hour) + dt.timedelta(seconds=w.rng.randrange(600))
                name = f"aws-sdk-{tool}-{int(t.timestamp() * 1000) + pod}"
                key = w.session(account, f"{role}-irsa", name, t)
                agent = ua(tool, svc="sts")
                w.trail.call(
                    web,
                    t,
                    "sts",
                    "AssumeRoleWithWebIdentity",
                    ip,
                    agent,
                    region=where,
                    account=account,
                    params={
                        "roleArn": f"arn:aws:iam::{account}:role/{role}-irsa",
                        "roleSessionName": name,
                    },
                    response={
                        "credentials": {"accessKeyId": key.key},
                        "subjectFromWebIdentityToken": subject,
                    },
                )
                busy = 1.0 if 5 <= hour <= 19 else 0.4
                if role == "wallet-api":
                    n = max(1, round(w.rng.randint(2, 4) * volume * busy))
                    calls: list[Call] = (
                        [("secretsmanager", "GetSecretValue")]
                        + [("kms", "GenerateDataKey")] * n
                        + [("kms", "Decrypt")] * n
                    )
                elif role == "txn-publisher":
                    calls = [("kafka", "GetBootstrapBrokers"), ("kafka", "DescribeClusterV2")]
                else:
                    calls = [
                        ("secretsmanager", "GetSecretValue"),
                        ("kms", "Decrypt"),
                        ("ssm", "GetParameter"),
                    ]
                spread(
                    w,
                    key,
                    t,
                    0.9,
                    calls,
                    ip,
                    lambda s, a, tl=tool: ua(tl, svc=s),
                    region=where,
                    params=secret_params,
                )


def jenkins(w: World, day: dt.date) -> None:
    """The Jenkins controller's instance-profile keys (hourly, from its Elastic IP), each build's
    ``AssumeRole`` into a workload account's ``terraform-deploy`` and Terraform's plan; the
    build agents pushing images (new AMI, new instances and a new aws-cli on the last day)."""
    controller = instances(w, "jenkins", 1)
    eip = w.addresses.setdefault("jenkins-eip", aws_address(w.rng, HOME))
    w.notes.setdefault("jenkins", {"instance": controller[0], "ip": eip, "keys": {}})
    keys: dict[int, Session] = {}
    for hour in range(24):
        t = w.at(day, hour) + dt.timedelta(minutes=w.rng.randrange(4))
        keys[hour] = w.session(SHARED, "jenkins-controller", controller[0], t, instance=True)
        w.trail.mint(t, "ec2", keys[hour])
        w.trail.call(
            keys[hour],
            t + dt.timedelta(minutes=7),
            "sts",
            "GetCallerIdentity",
            eip,
            ua("jenkins_cli"),
        )
    w.notes["jenkins"]["keys"][day] = keys  # type: ignore[index]
    builds = w.count(9 if day.weekday() < 5 else 2)
    for build in range(builds):
        t = w.jitter(day, 6, 17)
        key = keys[t.hour]
        target = PAY if w.rng.random() < 0.45 else BILL
        name = f"jenkins-{day:%m%d}-{build}"
        deploy = w.session(target, "terraform-deploy", name, t)
        w.trail.call(
            key,
            t,
            "sts",
            "AssumeRole",
            eip,
            ua("jenkins_cli", "sts.assume-role"),
            account=target,
            params={
                "roleArn": f"arn:aws:iam::{target}:role/terraform-deploy",
                "roleSessionName": name,
            },
            response={"credentials": {"accessKeyId": deploy.key}},
        )
        plan: list[Call] = [
            ("sts", "GetCallerIdentity"),
            ("iam", "GetRole"),
            ("iam", "GetPolicy"),
            ("iam", "ListAttachedRolePolicies"),
            ("ec2", "DescribeSecurityGroups"),
            ("ec2", "DescribeSubnets"),
            ("ec2", "DescribeVpcs"),
            ("eks", "DescribeCluster"),
            ("eks", "DescribeNodegroup"),
            ("kms", "DescribeKey"),
            ("kms", "GetKeyPolicy"),
            ("rds", "DescribeDBClusters"),
            ("kafka", "DescribeClusterV2"),
            ("logs", "DescribeLogGroups"),
            ("secretsmanager", "DescribeSecret"),
        ]
        if target == BILL:
            plan += [("lambda", "GetFunction"), ("lambda", "UpdateFunctionCode20150331v2")] * (
                build % 2
            )
        spread(
            w,
            deploy,
            t + dt.timedelta(seconds=20),
            0.05,
            plan,
            eip,
            lambda s, a: ua("terraform", svc=s),
        )
    rebuilt = day == w.s(5)
    agents = instances(w, "agents", w.count(2, 1))
    ip = w.nat_ip(SHARED, HOME)
    pushes: list[Call] = [
        ("ecr", "GetAuthorizationToken"),
        ("ecr", "BatchCheckLayerAvailability"),
        ("ecr", "InitiateLayerUpload"),
        ("ecr", "PutImage"),
    ]
    fresh = instances(w, "agents", len(agents), renew=True) if rebuilt else agents
    if rebuilt:
        w.notes["B5"] = {"old": agents, "new": fresh}
    for hours, fleet in ((range(8), agents), (range(8, 24), fresh)):
        tool = "agent_new" if fleet is not agents else "agent_old"
        for busy in (True, False):  # pushes in build hours, a login token otherwise
            span = [h for h in hours if (6 <= h < 18 and builds > 2) == busy]
            hourly_instance(
                w,
                day,
                SHARED,
                "jenkins-agent",
                fleet,
                pushes if busy else pushes[:1],
                ip,
                lambda s, a, tl=tool: ua(tl, "ecr.get-login-password"),
                hours=span,
            )  # type: ignore[arg-type]


def invoice_lambda(w: World, day: dt.date) -> None:
    """``invoice-render`` (billing): three or four execution environments a day, each a new
    AWS address and a new key; month-end and salary-day runs send more invoices."""
    role = "invoice-render-role"
    envs = w.rng.randint(3, 4)
    for env in range(envs):
        start = w.at(day, env * 24 / envs) + dt.timedelta(minutes=w.rng.randrange(30))
        ip = aws_address(w.rng, HOME)
        key = w.session(BILL, role, "invoice-render", start)
        w.trail.mint(start, "lambda", key, hours=12)
        w.notes.setdefault("lambda", {})[(day, env)] = (key, ip, start)  # type: ignore[index]
        per = max(2, round(4 * w.scale * (2 if day.day >= 25 else 1)))
        calls: list[Call] = [("kms", "Decrypt"), ("ssm", "GetParameter")] + [
            ("ses", "SendRawEmail")
        ] * per
        spread(
            w,
            key,
            start,
            24 / envs - 0.5,
            calls * 2,
            ip,
            lambda s, a: ua("lambda_py"),
            params=secret_params,
        )


def notebooks(w: World, day: dt.date) -> None:
    """SageMaker notebook instances (keys hourly from ``sagemaker.amazonaws.com``): the fraud
    team's in the data lake, and the new fraud-ml account's from its first day."""
    books = [(ACCOUNTS["datalake"], "fraud-notebook-role", "fraud-nb-01")]
    if day >= w.s(2):
        books.append((ACCOUNTS["fraudml"], "fraudml-notebook-role", "fraudml-nb-01"))
    for account, role, _name in books:
        ip = w.addresses.setdefault(f"nb:{account}", aws_address(w.rng, HOME))
        calls: list[Call] = [
            ("athena", "StartQueryExecution"),
            ("athena", "GetQueryExecution"),
            ("athena", "GetQueryResults"),
            ("glue", "GetTable"),
        ]
        work = range(6, 17) if day.weekday() < 5 else range(8, 10)
        keys = {}
        for hour in range(24):
            t = w.at(day, hour) + dt.timedelta(minutes=w.rng.randrange(3))
            key = w.session(account, role, "SageMaker", t)
            keys[hour] = key
            w.trail.mint(t, "sagemaker", key)
            spread(w, key, t, 0.9, calls if hour in work else [], ip, lambda s, a: ua("notebook"))
        w.notes.setdefault("nb", {})[(account, day)] = (keys, ip)  # type: ignore[index]


def config_service(w: World, day: dt.date) -> None:
    """AWS Config's service-linked role in every account, four sweeps a day."""
    for name, account in ACCOUNTS.items():
        if name == "fraudml" and day < w.s(2):
            continue
        for sweep in range(4):
            t = w.at(day, sweep * 6 + 1) + dt.timedelta(minutes=w.rng.randrange(50))
            who = w.session(
                account,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                t,
                path="aws-service-role/config.amazonaws.com/",
            )
            who.identity["invokedBy"] = "config.amazonaws.com"
            calls: list[Call] = [
                ("ec2", "DescribeSecurityGroups"),
                ("iam", "GetRole"),
                ("s3", "GetBucketPolicy"),
                ("kms", "DescribeKey"),
            ]
            spread(w, who, t, 0.2, calls, "config.amazonaws.com", "config.amazonaws.com")


def legacy_users(w: World, day: dt.date) -> None:
    """IAM users with access keys: ``kafka-ops`` (a cron job in the Johannesburg data centre,
    every 30 minutes), ``dev-lerato.m`` (SES templates from home) and the contractor
    ``ext-mandla.c`` (CLI and console with MFA, until his extended end date)."""
    dc = w.person_ip_fixed("jhb_dc", 17)
    ops = iam_user(w.ids, BILL, "kafka-ops", w.keys.setdefault("kafka-ops", w.ids.key("AKIA")))
    for slot in range(48):
        t = w.at(day, slot / 2) + dt.timedelta(seconds=w.rng.randrange(40))
        for svc, api in (
            ("kafka", "DescribeClusterV2"),
            ("kafka", "ListNodes"),
            ("cloudwatch", "PutMetricData"),
        ):
            w.trail.call(ops, t, svc, api, dc, ua("kafka_ops"))
    weekday = day.weekday() < 5
    lerato = iam_user(
        w.ids, BILL, "dev-lerato.m", w.keys.setdefault("dev-lerato.m", w.ids.key("AKIA"))
    )
    if weekday and w.rng.random() < 0.7:
        home = w.person_ip_fixed("home_cybersmart", 61)
        ses: list[Call] = [
            ("ses", "ListTemplates"),
            ("ses", "GetTemplate"),
            ("ses", "GetTemplate"),
            ("sesv2", "GetEmailTemplate"),
            ("ses", "UpdateTemplate"),
            ("logs", "FilterLogEvents"),
        ]
        spread(
            w,
            lerato,
            w.jitter(day, 7, 9),
            6,
            ses * w.rng.randint(1, 3),
            home,
            lambda s, a: ua("cli_mac", f"{s}.{a.lower()}"),
        )
    end = w.s(4)  # his contract ended on the third scored day; extended by one day
    if weekday and day <= end:
        contractor = iam_user(
            w.ids, BILL, "ext-mandla.c", w.keys.setdefault("ext-mandla.c", w.ids.key("AKIA"))
        )
        home = w.person_ip_fixed("home_afrihost", 140)
        t = w.jitter(day, 7, 8)
        console = iam_user(w.ids, BILL, "ext-mandla.c", w.ids.key("ASIA"))
        w.trail.call(
            console,
            t,
            "signin",
            "ConsoleLogin",
            home,
            ua("console"),
            region="us-east-1",
            response={"ConsoleLogin": "Success"},
            extra={"additionalEventData": {"MFAUsed": "Yes", "MobileVersion": "No"}},
        )
        work: list[Call] = [
            ("lambda", "ListFunctions"),
            ("logs", "FilterLogEvents"),
            ("cloudwatch", "GetMetricData"),
            ("ssm", "GetParameter"),
        ]
        spread(w, console, t, 7, work * 3, home, ua("console"))
        spread(
            w,
            contractor,
            t + dt.timedelta(hours=1),
            6,
            work * 2,
            home,
            lambda s, a: ua("cli_old", f"{s}.{a.lower()}"),
        )


def services_acting(w: World, day: dt.date) -> None:
    """AWS services in the trail: KMS' yearly rotation of the ledger key falls on the last
    scored day (``RotateKey`` by ``kms.amazonaws.com``); EKS' node-group service role."""
    if day == w.s(5):
        t = w.at(day, 3.2)
        w.notes["B8"] = {
            "event": w.trail.call(
                service("kms.amazonaws.com"),
                t,
                "kms",
                "RotateKey",
                "kms.amazonaws.com",
                "kms.amazonaws.com",
                account=PAY,
                params={"keyId": "arn:aws:kms:af-south-1:310455870224:key/6c1f0e2a-wallet-ledger"},
                extra={"eventType": "AwsServiceEvent"},
            ),
            "t": t,
        }
