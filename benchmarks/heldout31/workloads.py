"""The machines' day: EKS pods (IRSA and Pod Identity), Karpenter and its nodes, the settlement
Lambda, the payments gateway's Fargate tasks, the GitHub deploys, the KYC vendor's sync and the
AWS services acting in every account. ``Changes`` says when a benign change alters them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout31 import org as o
from benchmarks.heldout31.records import Gen, Role, mint_by_service, mint_web_identity, session

H = dt.timedelta(hours=1)


@dataclass
class Changes:
    """When each benign change starts (None: not in this trail)."""

    nat_replaced: dt.datetime | None = None  # B11
    eks_upgraded: dt.datetime | None = None  # B4
    okta_migrated: dt.datetime | None = None  # B3
    relocated: dt.datetime | None = None  # B5
    new_secret: dt.datetime | None = None  # B7
    match_night: tuple[dt.datetime, dt.datetime] | None = None  # B1
    dr_test: tuple[dt.datetime, dt.datetime] | None = None  # B6
    spain_from: dt.date | None = None  # the Spanish account's first day
    vendor2_from: dt.datetime | None = None  # B9
    nodes: list[tuple[str, int]] = field(default_factory=list)  # (instance id, AZ) alive
    migrated_people: set[str] = field(default_factory=set)  # B3: signed in through the new tenant
    # each node's instance-profile keys of the day, (minted, key): the Pod Identity agent's
    node_keys: dict[str, list[tuple[dt.datetime, str]]] = field(default_factory=dict)


def after(t: dt.datetime, when: dt.datetime | None) -> bool:
    return when is not None and t >= when


def nat(ch: Changes, az: int, t: dt.datetime) -> str:
    if az == 0 and after(t, ch.nat_replaced):
        return o.NAT_HOME_NEW
    return o.NAT_HOME[az % 3]


def instance_id(g: Gen) -> str:
    return "i-0" + "".join(g.rng.choice("0123456789abcdef") for _ in range(16))


def _irsa_hour(
    g: Gen, t: dt.datetime, role: Role, sa: str, pod: str, ip: str, agent: str, region: str
) -> tuple[str, dt.datetime]:
    name = f"botocore-session-{int(t.timestamp())}"
    if "java" in agent:
        name = f"aws-sdk-java-{int(t.timestamp() * 1000)}"
    key, _ = mint_web_identity(g, t, region, role, o.OIDC[region], sa, name, ip, agent)
    return key, t


def irsa_pods(g: Gen, day: dt.date, ch: Changes) -> None:
    """wallet-api, kyc-worker, external-dns, the load balancer and EBS CSI controllers."""
    specs = [
        (o.WALLET, "system:serviceaccount:wallet:wallet-api", g.n(8, 2), o.JAVA_POD),
        (o.KYC, "system:serviceaccount:kyc:kyc-worker", g.n(3, 1), o.BOTO_POD),
        (o.DNS, "system:serviceaccount:kube-system:external-dns", 1, o.EXTDNS_UA),
        (o.ALB, "system:serviceaccount:kube-system:aws-load-balancer-controller", 1, o.ALB_UA),
        (o.EBS, "system:serviceaccount:kube-system:ebs-csi-controller-sa", 1, o.EBS_UA),
    ]
    for role, sa, pods, agent in specs:
        for p in range(pods):
            az = (p + day.toordinal()) % 3
            for hour in range(24):
                t = g.at(day, hour, 0.9)
                region = o.HOME
                if ch.dr_test and ch.dr_test[0] <= t < ch.dr_test[1] and role in (o.WALLET, o.KYC):
                    region = o.DR
                ip = nat(ch, az, t) if region == o.HOME else o.NAT_DR[az % 2]
                ua = agent
                if after(t, ch.eks_upgraded):
                    ua = {o.ALB_UA: o.ALB_UA_NEW, o.EBS_UA: o.EBS_UA_NEW}.get(agent, agent)
                key, t0 = _irsa_hour(g, t, role, sa, f"{p}", ip, ua, region)
                who = session(role, f"botocore-session-{int(t.timestamp())}", key, t0,
                              web=f"arn:aws:iam::{role.account}:oidc-provider/{o.OIDC[region]}")  # fmt: skip
                _pod_calls(g, t0, role, who, ip, ua, region, ch, p)


def _pod_calls(
    g: Gen, t0: dt.datetime, role: Role, who: dict, ip: str, ua: str, region: str,
    ch: Changes, pod: int,
) -> None:  # fmt: skip
    acct = role.account
    when = [t0 + dt.timedelta(seconds=g.rng.randint(2, 3500)) for _ in range(6)]
    if role is o.WALLET:
        secret = "prod/wallet/aurora-credentials"
        g.call(when[0], acct, region, "secretsmanager:GetSecretValue", who, ip, ua,
               request={"secretId": f"arn:aws:secretsmanager:{region}:{acct}:secret:{secret}-Qx81Ta"})  # fmt: skip
        if after(when[1], ch.new_secret):
            g.call(when[1], acct, region, "secretsmanager:GetSecretValue", who, ip, ua,
                   request={"secretId": "prod/wallet/psp-adyen-v2"})  # fmt: skip
        for t in when[2:5]:
            g.call(t, acct, region, "kms:Decrypt", who, ip, ua, request={
                "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                "encryptionContext": {"service": "wallet-api"}})  # fmt: skip
    elif role is o.KYC:
        bucket = "xlendi-prod-kyc-documents"
        for t in when[:3]:
            doc = f"players/{g.rng.randint(100000, 999999)}/id-{g.rng.randint(1, 3)}.jpg"
            api = "s3:GetObject" if g.rng.random() < 0.6 else "s3:PutObject"
            g.call(t, acct, region, api, who, ip, ua, data=True,
                   request={"bucketName": bucket, "key": doc, "Host": f"{bucket}.s3.{region}.amazonaws.com"},
                   resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{doc}"}])  # fmt: skip
        g.call(when[3], acct, region, "kms:GenerateDataKey", who, ip, ua,
               request={"keySpec": "AES_256", "encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{bucket}"}})  # fmt: skip
    elif role is o.DNS:
        for i in range(g.n(12, 3)):
            t = t0 + dt.timedelta(minutes=5 * i)
            g.call(t, acct, o.GLOBAL, "route53:ListResourceRecordSets", who, ip, ua,
                   request={"hostedZoneId": "Z0415382XLENDIBET"})  # fmt: skip
        if g.rng.random() < 0.05:
            g.call(when[0], acct, o.GLOBAL, "route53:ChangeResourceRecordSets", who, ip, ua,
                   request={"hostedZoneId": "Z0415382XLENDIBET", "changeBatch": {"changes": [
                       {"action": "UPSERT", "resourceRecordSet": {"name": "api.xlendibet.com.", "type": "TXT"}}]}})  # fmt: skip
    elif role is o.ALB:
        for t in when[:2]:
            g.call(t, acct, region, "elasticloadbalancing:DescribeTargetHealth", who, ip, ua)
        g.call(when[2], acct, region, "ec2:DescribeSecurityGroups", who, ip, ua)
    else:
        g.call(when[0], acct, region, "ec2:DescribeVolumes", who, ip, ua)
        if g.rng.random() < 0.15:
            g.call(when[1], acct, region, "ec2:CreateVolume", who, ip, ua,
                   request={"size": 50, "volumeType": "gp3", "encrypted": True})  # fmt: skip
            g.call(when[2], acct, region, "ec2:AttachVolume", who, ip, ua,
                   request={"instanceId": instance_id(g), "device": "/dev/xvdba"})  # fmt: skip


def _pod_tags(ns: str, sa: str, pod: str) -> list[dict]:
    return [
        {
            "key": "eks-cluster-arn",
            "value": f"arn:aws:eks:eu-west-1:{o.PLATFORM}:cluster/{o.CLUSTER}",
        },
        {"key": "eks-cluster-name", "value": o.CLUSTER},
        {"key": "kubernetes-namespace", "value": ns},
        {"key": "kubernetes-service-account", "value": sa},
        {"key": "kubernetes-pod-name", "value": pod},
    ]


def pod_identity(g: Gen, day: dt.date, ch: Changes) -> None:
    """odds-feed and Karpenter's controller, through EKS Pod Identity."""
    for role, ns, sa, pods in ((o.ODDS, "odds", "odds-feed", g.n(4, 1)),
                               (o.KARPENTER, "karpenter", "karpenter", 1)):  # fmt: skip
        for p in range(pods):
            pod = f"{sa}-{day.strftime('%m%d')}{p}-{g.rng.randint(10000, 99999)}"
            node, az = ch.nodes[(p * 7 + len(role.name)) % len(ch.nodes)]  # the pod's node
            for hour in range(0, 24, 1):
                t = g.at(day, hour, 0.9)
                ip = nat(ch, az, t)
                name = f"eks-{o.CLUSTER}-{pod}-{g.uid()}"[:64]
                valid = [(m, k) for m, k in ch.node_keys.get(node, []) if m <= t < m + 6 * H]
                if valid:
                    created, nkey = valid[-1]
                    g.call(t - dt.timedelta(seconds=1), o.PLATFORM, o.HOME, "eks-auth:AssumeRoleForPodIdentity",
                           session(o.NODE, node, nkey, created, ec2=True), ip, o.POD_ID_AGENT,
                           read_only=True, request={"clusterName": o.CLUSTER, "token": "HIDDEN_DUE_TO_SECURITY_REASONS"})  # fmt: skip
                key = mint_by_service(g, t, o.HOME, "pods.eks.amazonaws.com", role, name,
                                      hours=1, tags=_pod_tags(ns, sa, pod))  # fmt: skip
                who = session(role, name, key, t)
                if role is o.ODDS:
                    ua = o.JAVA_POD
                    g.call(t + dt.timedelta(seconds=3), o.PLATFORM, o.HOME, "kafka:GetBootstrapBrokers", who, ip, ua,
                           request={"clusterArn": f"arn:aws:kafka:eu-west-1:{o.PLATFORM}:cluster/odds-msk/7c1e"})  # fmt: skip
                    for _ in range(2):
                        g.call(t + dt.timedelta(seconds=g.rng.randint(5, 3500)), o.PLATFORM, o.HOME,
                               "kinesis:DescribeStreamSummary", who, ip, ua, request={"streamName": "odds-prices"})  # fmt: skip
                else:
                    _karpenter(g, t, who, ip, ch)


def _karpenter(g: Gen, t: dt.datetime, who: dict, ip: str, ch: Changes) -> None:
    ua = o.KARPENTER_UA
    for api in ("ec2:DescribeInstances", "ec2:DescribeSubnets", "ec2:DescribeLaunchTemplates",
                "ec2:DescribeInstanceTypeOfferings"):  # fmt: skip
        g.call(
            t + dt.timedelta(seconds=g.rng.randint(5, 3500)), o.PLATFORM, o.HOME, api, who, ip, ua
        )
    g.call(t + dt.timedelta(seconds=40), o.PLATFORM, o.HOME, "ssm:GetParameter", who, ip, ua,
           request={"name": "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id"})  # fmt: skip
    if g.rng.random() < 0.3:
        g.call(t + dt.timedelta(seconds=90), o.PLATFORM, o.HOME, "ec2:CreateFleet", who, ip, ua,
               read_only=False, request={"type": "instant", "targetCapacitySpecification": {"totalTargetCapacity": 1}})  # fmt: skip


def nodes(g: Gen, day: dt.date, ch: Changes, count: int | None = None) -> None:
    """Karpenter's nodes: instance-profile keys minted by ec2.amazonaws.com every six hours;
    the VPC CNI and the ECR credential provider call with them through the nodes' NAT."""
    want = g.n(20, 3) if count is None else count
    alive = [n for n in ch.nodes if g.rng.random() > 0.3]  # a third replaced each day
    while len(alive) < want:
        alive.append((instance_id(g), g.rng.randrange(3)))
    ch.nodes = alive
    ch.node_keys = {}
    for node, az in alive:
        for block in range(4):
            t = g.at(day, 6 * block, 0.5)
            key = mint_by_service(g, t, o.HOME, "ec2.amazonaws.com", o.NODE, node, hours=6)
            ch.node_keys.setdefault(node, []).append((t, key))
            node_calls(g, t, o.NODE, node, key, nat(ch, az, t), o.HOME, ch, hours=6)


def node_calls(
    g: Gen, t: dt.datetime, role: Role, node: str, key: str, ip: str, region: str,
    ch: Changes, *, hours: int, per_hour: float = 1.0,
) -> None:  # fmt: skip
    who = session(role, node, key, t, ec2=True)
    upgraded = after(t, ch.eks_upgraded)
    cni, ecr = (o.NODE_CNI_NEW, o.NODE_ECR_NEW) if upgraded else (o.NODE_CNI, o.NODE_ECR)
    g.call(
        t + dt.timedelta(seconds=20),
        role.account,
        region,
        "ecr:GetAuthorizationToken",
        who,
        ip,
        ecr,
    )
    for h in range(hours):
        if g.rng.random() < per_hour:
            g.call(t + h * H + dt.timedelta(seconds=g.rng.randint(30, 3500)), role.account, region,
                   "ec2:DescribeNetworkInterfaces", who, ip, cni)  # fmt: skip
    if g.rng.random() < 0.4:
        g.call(t + dt.timedelta(seconds=g.rng.randint(60, 3000)), role.account, region,
               "ec2:AssignPrivateIpAddresses", who, ip, cni, read_only=False,
               request={"networkInterfaceId": "eni-0" + g.key("")[:16].lower(), "secondaryPrivateIpAddressCount": 1})  # fmt: skip
