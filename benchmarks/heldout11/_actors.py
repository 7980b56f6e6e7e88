"""Sitara Pay's everyday activity, one function per kind of actor: EKS pods (IRSA and Pod
Identity), node groups, the cluster autoscaler, AWS services, vendors, CI, engineers, the
support desk, legacy IAM users and the data account's Lambdas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._net import AWS, OUTSIDE
from benchmarks.heldout11._trail import (
    Mint,
    Session,
    console,
    console_login,
    iam_user,
    mint,
    other_account,
    service,
)
from benchmarks.heldout11._world import World, curve


def web_user(provider: str, sub: str) -> dict[str, str]:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:sts.amazonaws.com:{sub}",
        "userName": sub,
        "identityProvider": provider,
    }


def pod_session(
    w: World, t: dt.datetime, svc: org.Service, *, acct: str, region: str, cluster: str, ip: str
) -> Session:
    """A pod's credentials: IRSA (the SDK exchanges the projected token) or EKS Pod Identity
    (the agent asks ``pods.eks.amazonaws.com``)."""
    if svc.pod_identity:
        how = Mint(
            "AssumeRole",
            service("pods.eks"),
            "pods.eks.amazonaws.com",
            "pods.eks.amazonaws.com",
            {
                "tags": [
                    {"key": "eks-cluster-name", "value": cluster},
                    {"key": "kubernetes-namespace", "value": svc.ns},
                ]
            },
            hours=6,
        )
        session = f"eks-{cluster}-{svc.name}-{w.trail.hexid('', 8)}"
    else:
        provider, sub = org.oidc(cluster, region), f"system:serviceaccount:{svc.ns}:{svc.name}"
        how = Mint(
            "AssumeRoleWithWebIdentity",
            web_user(provider, sub),
            ip,
            org.UA[svc.sdk],
            web=(provider, sub),
        )
        session = (
            f"botocore-session-{int(t.timestamp())}"
            if svc.sdk == "py"
            else f"{svc.name}-{int(t.timestamp() * 1000)}"
        )
    return mint(w.trail, t, how, acct=acct, region=region, role=f"eks-{svc.name}", session=session)


def eks_services(
    w: World,
    day: dt.date,
    services: Sequence[org.Service],
    *,
    acct: str,
    region: str,
    nat: Sequence[str],
    hours: Sequence[int] = range(24),
    rate: float = 1.0,
    sale: float = 1.0,
) -> None:
    cluster = org.CLUSTERS[(region, acct)]
    endpoints = {"s3": w.trail.hexid("vpce-"), "dynamodb": w.trail.hexid("vpce-")}
    for svc in services:
        grow = sale if svc.sale else 1.0
        pods = max(1, round(svc.pods * (1 + (grow - 1) / 3)))
        for pod in range(pods):
            pod_ip = f"10.{20 + len(region) % 7}.{w.rng.randint(32, 95)}.{w.rng.randint(2, 254)}"
            vpce = {src: (eid, pod_ip) for src, eid in endpoints.items()}
            s: Session | None = None
            for h in hours:
                t = w.at(day, h + pod / pods / 2)
                egress = nat[(pod + h) % len(nat)]
                if s is None or s.expires is None or s.expires <= t:
                    s = pod_session(
                        w,
                        w.jitter(t, 120),
                        svc,
                        acct=acct,
                        region=region,
                        cluster=cluster,
                        ip=egress,
                    )
                n = w.count(0.35 * svc.rate * rate * grow * curve(h))
                w.calls(
                    s,
                    t,
                    3599,
                    n,
                    svc.calls,
                    acct=acct,
                    region=region,
                    ip=egress,
                    ua=org.UA[svc.sdk],
                    deny=0.002,
                    vpce=vpce,
                )


def node_group(
    w: World,
    day: dt.date,
    *,
    acct: str,
    region: str,
    nodes: Sequence[tuple[str, float, float]],
    nat: Sequence[str],
    ua: str = org.UA["kubelet"],
    cni_ua: str = org.UA["cni"],
) -> None:
    """Each node (instance id, first hour, last hour of the day): its instance-profile key every
    hour, kubelet's ECR and EC2 calls, and the VPC CNI (IRSA ``aws-node``) on the node."""
    cluster = org.CLUSTERS[(region, acct)]
    cni = org.Service(
        "aws-node",
        "kube-system",
        "cni",
        (
            ("ec2", "DescribeNetworkInterfaces"),
            ("ec2", "AssignPrivateIpAddresses"),
            ("ec2", "UnassignPrivateIpAddresses"),
        ),
        1.2,
        1,
    )
    role = "eks-node-" + cluster
    for index, (iid, first, last) in enumerate(nodes):
        egress = nat[index % len(nat)]
        h = first
        while h < last:
            t = w.at(day, h)
            key = mint(
                w.trail,
                w.jitter(t, 30),
                Mint(
                    "AssumeRole",
                    service("ec2"),
                    "ec2.amazonaws.com",
                    "ec2.amazonaws.com",
                    ec2=True,
                    hours=6,
                ),
                acct=acct,
                region=region,
                role=role,
                session=iid,
            )
            menu = (
                ("ecr", "GetAuthorizationToken"),
                ("ec2", "DescribeInstances"),
                ("ecr", "BatchGetImage"),
                ("ecr", "GetDownloadUrlForLayer"),
            )
            w.calls(
                key,
                t,
                3599 * min(6, last - h),
                1 + w.count(1.5 * min(6, last - h)),
                menu,
                acct=acct,
                region=region,
                ip=egress,
                ua=ua,
            )
            cni_key = pod_session(
                w, w.jitter(t, 60), cni, acct=acct, region=region, cluster=cluster, ip=egress
            )
            w.calls(
                cni_key,
                t,
                3599,
                w.count(cni.rate * curve(int(h) % 24)),
                cni.calls,
                acct=acct,
                region=region,
                ip=egress,
                ua=cni_ua,
            )
            h += 6 if w.rng.random() < 0.5 else 1


def autoscaler(
    w: World, day: dt.date, *, acct: str, region: str, nat: Sequence[str], scale_calls: int = 0
) -> None:
    """cluster-autoscaler: one pod polling the Auto Scaling groups every ten minutes."""
    svc = org.Service("cluster-autoscaler", "kube-system", "autoscaler", (), 0, 1)
    cluster = org.CLUSTERS[(region, acct)]
    for h in range(24):
        t = w.at(day, h)
        s = pod_session(
            w, w.jitter(t, 60), svc, acct=acct, region=region, cluster=cluster, ip=nat[0]
        )
        for m in range(0, 60, 10):
            w.trail.add(
                w.at(day, h + m / 60 + 0.001),
                s,
                "autoscaling",
                "DescribeAutoScalingGroups",
                acct=acct,
                region=region,
                ip=nat[0],
                ua=org.UA["autoscaler"],
            )
        if h % 3 == 0:
            w.trail.add(
                w.jitter(t, 3000),
                s,
                "ec2",
                "DescribeLaunchTemplateVersions",
                acct=acct,
                region=region,
                ip=nat[0],
                ua=org.UA["autoscaler"],
            )
    for i in range(scale_calls):
        t = w.local(day, 8 + i * 1.5)
        s = pod_session(w, t, svc, acct=acct, region=region, cluster=cluster, ip=nat[0])
        w.trail.add(
            t,
            s,
            "autoscaling",
            "SetDesiredCapacity",
            acct=acct,
            region=region,
            ip=nat[0],
            ua=org.UA["autoscaler"],
            params={
                "autoScalingGroupName": f"eks-ng-general-{cluster}",
                "desiredCapacity": 6 + 2 * (i + 1),
            },
            read_only=False,
        )


def aws_services(w: World, day: dt.date, acct: str) -> None:
    """AWS Config's service-linked role every two hours; AWS Backup's nightly jobs (prod copies
    its recovery points to the platform account's vault)."""
    for h in range(0, 24, 2):
        t = w.at(day, h + w.rng.random())
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                service("config"),
                "config.amazonaws.com",
                "config.amazonaws.com",
                hours=2,
            ),
            acct=acct,
            region="ap-south-1",
            role="AWSServiceRoleForConfig",
            session="AWSConfig-Describe",
            role_path="aws-service-role/config.amazonaws.com/",
        )
        menu = (
            ("ec2", "DescribeSecurityGroups"),
            ("iam", "GetRole"),
            ("s3", "GetBucketPolicy"),
            ("rds", "DescribeDBClusters"),
            ("eks", "DescribeCluster"),
        )
        w.calls(
            s,
            t,
            1800,
            2 + w.count(3),
            menu,
            acct=acct,
            region="ap-south-1",
            ip="config.amazonaws.com",
            ua="config.amazonaws.com",
        )
    if acct in (org.PROD, org.PLAT):
        t = w.local(day, 20.5)
        s = mint(
            w.trail,
            t,
            Mint("AssumeRole", service("backup"), "backup.amazonaws.com", "backup.amazonaws.com"),
            acct=acct,
            region="ap-south-1",
            role="AWSBackupDefaultServiceRole",
            session="AWSBackup-AWSBackupDefaultServiceRole",
            role_path="service-role/",
        )
        menu = (
            (
                ("rds", "CreateDBClusterSnapshot"),
                ("dynamodb", "CreateBackup"),
                ("backup", "CopyRecoveryPoint"),
                ("rds", "DescribeDBClusterSnapshots"),
            )
            if acct == org.PROD
            else (
                ("backup", "CopyRecoveryPoint"),
                ("kms", "CreateGrant"),
                ("backup", "DescribeRecoveryPoint"),
            )
        )
        w.calls(
            s,
            t,
            2400,
            4 + w.count(3),
            menu,
            acct=acct,
            region="ap-south-1",
            ip="backup.amazonaws.com",
            ua="backup.amazonaws.com",
        )


def observability_vendor(w: World, day: dt.date, acct: str) -> None:
    """The monitoring vendor's collector: an hourly cross-account role with an external ID from
    its own AWS addresses in us-east-1, polling metrics and inventory every half hour."""
    pool = w.state.setdefault("obs_pool", [AWS["us-east-1"].host(4096 + 37 * i) for i in range(4)])
    menu = (
        ("monitoring", "GetMetricData"),
        ("monitoring", "ListMetrics"),
        ("tagging", "GetResources"),
        ("ec2", "DescribeInstances"),
        ("rds", "DescribeDBClusters"),
        ("kinesis", "ListStreams"),
    )
    for h in range(24):
        ip = w.rng.choice(pool)
        t = w.at(day, h + w.rng.random() / 20)
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                other_account(org.OBSERVABILITY, "nimbuswatch-collector"),
                ip,
                org.UA["vendor_obs"],
                {"externalId": "nw-7f3a9c21", "durationSeconds": 3600},
            ),
            acct=acct,
            region="us-east-1",
            role="NimbusWatchIntegrationRole",
            session="NimbusWatch",
        )
        for half in (0, 1800):
            w.calls(
                s,
                t + dt.timedelta(seconds=half),
                600,
                2,
                menu,
                acct=acct,
                region="ap-south-1",
                ip=lambda _s: w.rng.choice(pool),
                ua=org.UA["vendor_obs"],
            )


def fraud_vendor(w: World, day: dt.date, *, rate: float = 1.0) -> None:
    """The fraud-scoring vendor reads feature exports and writes scores, hourly, from its
    ap-south-1 addresses through a role with an external ID."""
    pool = w.state.setdefault(
        "fraud_pool", [AWS["ap-south-1b"].host(900 + 11 * i) for i in range(3)]
    )
    for h in range(24):
        ip = pool[h % len(pool)]
        t = w.at(day, h + 0.25)
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                other_account(org.FRAUD_VENDOR, "sentra-scorer"),
                ip,
                org.UA["vendor_fraud"],
                {"externalId": "SENTRA-SITARA-2291"},
            ),
            acct=org.PROD,
            region="ap-south-1",
            role="sentra-risk-scoring",
            session=f"sentra-{int(t.timestamp())}",
        )
        menu = (
            ("s3", "ListObjectsV2"),
            ("s3", "GetObject"),
            ("s3", "GetObject"),
            ("s3", "PutObject"),
        )
        w.calls(
            s,
            t,
            1500,
            2 + w.count(4 * rate * curve(h)),
            menu,
            acct=org.PROD,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["vendor_fraud"],
        )


REPOS = (
    "payments-api",
    "upi-switch",
    "ledger",
    "risk-engine",
    "merchant-dashboard",
    "platform-infra",
    "notifications",
)


def github_actions(
    w: World, day: dt.date, *, runs: int | None = None, repos: Sequence[str] = REPOS
) -> list[Session]:
    """Weekday CI: a GitHub-hosted runner (a new Azure address per job) assumes the CI role in
    the platform account through OIDC, pushes to ECR, and deploy jobs assume the deployer role
    in payments-prod."""
    if runs is None:
        runs = 0 if day.weekday() >= 5 else 2 + w.rng.randint(0, 5)
    provider = "token.actions.githubusercontent.com"
    out = []
    for _ in range(runs):
        repo, ip = w.rng.choice(repos), OUTSIDE["github_azure"].pick(w.rng)
        t = w.local(day, w.rng.uniform(10, 20))
        deploy = w.rng.random() < 0.5
        sub = f"repo:sitarapay/{repo}:" + (
            "environment:production" if deploy else "ref:refs/heads/main"
        )
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRoleWithWebIdentity",
                web_user(provider, sub),
                ip,
                org.UA["gha"],
                web=(provider, sub),
            ),
            acct=org.PLAT,
            region="ap-south-1",
            role="gha-ci",
            session="GitHubActions",
        )
        menu = (
            ("ecr", "InitiateLayerUpload"),
            ("ecr", "UploadLayerPart"),
            ("ecr", "CompleteLayerUpload"),
            ("ecr", "BatchCheckLayerAvailability"),
        )
        w.trail.add(
            t + dt.timedelta(seconds=3),
            s,
            "sts",
            "GetCallerIdentity",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "sts.get-caller-identity"),
        )
        w.trail.add(
            t + dt.timedelta(seconds=9),
            s,
            "ecr",
            "GetAuthorizationToken",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "ecr.get-login-password"),
        )
        w.calls(
            s,
            t + dt.timedelta(seconds=20),
            240,
            4 + w.count(4),
            menu,
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"],
        )
        w.trail.add(
            t + dt.timedelta(seconds=280),
            s,
            "ecr",
            "PutImage",
            acct=org.PLAT,
            region="ap-south-1",
            ip=ip,
            ua=org.UA["gha_cli"].replace("{cmd}", "ecr.put-image"),
            read_only=False,
        )
        out.append(s)
        if deploy:
            t2 = t + dt.timedelta(seconds=320)
            d = mint(
                w.trail,
                t2,
                Mint("AssumeRole", other_account(org.PLAT, "GitHubActions"), ip, org.UA["gha"]),
                acct=org.PROD,
                region="ap-south-1",
                role="gha-deployer",
                session="GitHubActions",
            )
            menu = (
                ("eks", "DescribeCluster"),
                ("eks", "ListClusters"),
                ("ssm", "GetParameter"),
                ("cloudformation", "DescribeStacks"),
            )
            w.calls(
                d,
                t2,
                180,
                3 + w.count(3),
                menu,
                acct=org.PROD,
                region="ap-south-1",
                ip=ip,
                ua=org.UA["gha_cli"],
            )
            out.append(d)
    return out


def sso_session(
    w: World, t: dt.datetime, who: str, perm: str, *, acct: str, ip: str, ua: str, hours: float = 8
) -> Session:
    saml = {
        "type": "SAMLUser",
        "principalId": f"mA8mTqYdpDcGAXZlYnhIqo1eTqw=:{who}",
        "userName": who,
        "identityProvider": "mA8mTqYdpDcGAXZlYnhIqo1eTqw=",
    }
    return mint(
        w.trail,
        t,
        Mint("AssumeRoleWithSAML", saml, ip, ua, hours=hours),
        acct=acct,
        region="ap-south-1",
        role=org.sso_role(perm),
        session=who,
        role_path=org.SSO_PATH,
    )


def engineer_day(
    w: World,
    day: dt.date,
    p: org.Person,
    *,
    net: str | None = None,
    accounts: Sequence[str] = (org.PROD,),
) -> list[Session]:
    """A person's day: one or two Identity Center sessions, the CLI or the console."""
    weekend = day.weekday() >= 5
    if weekend and w.rng.random() > 0.12:
        return []
    if net is None:
        net = "office_blr" if day.weekday() in p.office_days else p.home
    ip = (
        OUTSIDE[net].host(w.rng.randint(0, 9)) if net == "office_blr" else w.lease(p.name, net, day)
    )
    out = []
    for _ in range(1 if weekend else w.rng.choice((1, 1, 2))):
        acct = w.rng.choice(accounts)
        t = w.local(day, w.rng.uniform(9.5, 19))
        use_console = w.rng.random() < 0.45
        s = sso_session(
            w,
            t,
            f"{p.name}@sitarapay.in",
            p.perm,
            acct=acct,
            ip=ip,
            ua=org.UA[p.browser] if use_console else org.UA[p.cli].replace("{cmd}", "sso.login"),
        )
        if use_console:
            console_login(
                w.trail, t + dt.timedelta(seconds=2), s, acct=acct, ip=ip, ua=org.UA[p.browser]
            )
            s = console(s, w.trail)
        w.calls(
            s,
            t + dt.timedelta(seconds=10),
            3600 * w.rng.uniform(0.5, 3),
            4 + w.count(14),
            org.PERM_CALLS[p.perm],
            acct=acct,
            region="ap-south-1",
            ip=ip,
            ua=org.UA[p.browser] if use_console else org.UA[p.cli],
            deny=0.02,
        )
        out.append(s)
    return out


def support_desk(
    w: World, day: dt.date, agents: Sequence[str], *, office: int = 6
) -> dict[str, Session]:
    """Three shifts a day in Manila (06-14, 14-22, 22-06 local), two or three agents each, in
    the console on the shared read-only permission set from the office network."""
    out = {}
    for shift, start in enumerate((6, 14, 22)):
        on = w.rng.sample(
            list(agents[shift::3]) or list(agents),
            k=min(2 + (shift == 0), len(agents[shift::3]) or 1),
        )
        for who in on:
            ip = OUTSIDE["manila_office"].host(w.rng.randint(0, office - 1))
            t = (
                dt.datetime(day.year, day.month, day.day)
                + dt.timedelta(hours=start + w.rng.uniform(0, 0.5))
                - org.PHT
            )
            s = sso_session(
                w, t, who, "SupportReadOnly", acct=org.PROD, ip=ip, ua=org.UA["browser_win"]
            )
            console_login(
                w.trail,
                t + dt.timedelta(seconds=3),
                s,
                acct=org.PROD,
                ip=ip,
                ua=org.UA["browser_win"],
            )
            c = console(s, w.trail)
            w.calls(
                c,
                t + dt.timedelta(minutes=2),
                7.5 * 3600,
                6 + w.count(16),
                org.PERM_CALLS["SupportReadOnly"],
                acct=org.PROD,
                region="ap-south-1",
                ip=ip,
                ua=org.UA["browser_win"],
                deny=0.03,
            )
            out[who] = c
    return out


def legacy_users(w: World, day: dt.date, keys: dict[str, str]) -> None:
    """The bank's SFTP integration user polling the settlement bucket from the bank's network,
    the on-prem reconciliation job and the reporting tool in the Mumbai data centre, and AWS
    Transfer Family acting for the bank's SFTP uploads."""
    sftp = iam_user(org.PROD, "svc-bank-sftp", keys["svc-bank-sftp"])
    menu = (("s3", "ListObjectsV2"), ("s3", "GetObject"), ("s3", "GetObject"), ("s3", "PutObject"))
    for slot in range(40):
        t = w.local(day, 2 + slot / 2)
        w.calls(
            sftp,
            t,
            60,
            1 + w.count(1.5),
            menu,
            acct=org.PROD,
            region="ap-south-1",
            ip=OUTSIDE["bank_mumbai"].host(slot % 2),
            ua=org.UA["legacy_cli"],
        )
    w.trail.add(
        w.local(day, 6.1),
        sftp,
        "transfer",
        "DescribeServer",
        acct=org.PROD,
        region="ap-south-1",
        ip=OUTSIDE["bank_mumbai"].host(0),
        ua=org.UA["legacy_cli"],
    )
    recon = iam_user(org.PROD, "svc-settlement-recon", keys["svc-settlement-recon"])
    ua = "Boto3/1.9.253 Python/2.7.18 Linux/3.10.0-1160.el7.x86_64 Botocore/1.12.253"
    for h in range(0, 24, 2):
        w.calls(
            recon,
            w.local(day, h + 0.75),
            120,
            2 + w.count(2),
            (("s3", "ListObjectsV2"), ("s3", "GetObject"), ("sqs", "ReceiveMessage")),
            acct=org.PROD,
            region="ap-south-1",
            ip=OUTSIDE["dc_mumbai"].host(3),
            ua=ua,
        )
    report = iam_user(org.DATA, "svc-reporting", keys["svc-reporting"])
    for hour in (6.0, 13.0):
        w.calls(
            report,
            w.local(day, hour),
            1800,
            10 + w.count(12),
            (
                ("athena", "StartQueryExecution"),
                ("athena", "GetQueryExecution"),
                ("athena", "GetQueryResults"),
                ("s3", "GetObject"),
            ),
            acct=org.DATA,
            region="ap-south-1",
            ip=OUTSIDE["dc_mumbai"].host(2),
            ua=org.UA["reporting"],
        )
    for upload in range(4):
        t = w.local(day, 1 + upload * 5 + w.rng.random())
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                service("transfer"),
                "transfer.amazonaws.com",
                "transfer.amazonaws.com",
            ),
            acct=org.PROD,
            region="ap-south-1",
            role="transfer-bank-sftp",
            session=f"hdfc-settlement.{w.trail.hexid('', 16)}",
        )
        w.calls(
            s,
            t,
            300,
            2 + w.count(2),
            (("s3", "PutObject"), ("s3", "HeadObject")),
            acct=org.PROD,
            region="ap-south-1",
            ip="transfer.amazonaws.com",
            ua="AWSTransfer",
        )


def lambdas(
    w: World,
    day: dt.date,
    *,
    acct: str,
    functions: Sequence[tuple[str, tuple[tuple[str, str], ...], float]],
    region: str = "ap-south-1",
) -> None:
    """Each function's execution environments: a key from ``lambda.amazonaws.com`` every few
    hours, a new AWS address each time."""
    for name, menu, rate in functions:
        h = w.rng.uniform(0, 3)
        while h < 24:
            t = w.at(day, h)
            s = mint(
                w.trail,
                t,
                Mint(
                    "AssumeRole",
                    service("lambda"),
                    "lambda.amazonaws.com",
                    "lambda.amazonaws.com",
                    hours=12,
                ),
                acct=acct,
                region=region,
                role=f"{name}-role",
                session=name,
            )
            life = w.rng.uniform(2, 5)
            w.calls(
                s,
                t,
                3600 * min(life, 24 - h),
                w.count(rate * life),
                menu,
                acct=acct,
                region=region,
                ip=w.aws_ip(region),
                ua=org.UA["lambda_py"],
            )
            h += life
