"""The attacks, each on its scored day after the background, with its truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._attacks_people import (
    ci_persistence,
    console_stoplogging,
    exfiltration,
    leaked_key,
    two_continents,
)
from benchmarks.heldout._incidents import (
    KALI_CLI,
    MAC_CLI,
    burst,
    truth,
)
from benchmarks.heldout._org import DATA_BUCKET, PROD, Ctx


def attacks(ctx: Ctx, day: int) -> None:
    s = day - ctx.first_scored
    if s == 0:
        ci_persistence(ctx)
    elif s == 1:
        _ssrf(ctx)
    elif s == 2:
        two_continents(ctx)
        _lambda_env(ctx)
    elif s == 3:
        leaked_key(ctx)
        _irsa_token(ctx)
        exfiltration(ctx)
    elif s == 4:
        console_stoplogging(ctx)


def _ssrf(ctx: Ctx) -> None:
    t = ctx.at(1, 3.2)
    iid = sorted(ctx.plan["instances"][("prod-web-instance", "us-east-1")])[0]
    live = [
        i
        for i in sorted(ctx.plan["instances"][("prod-web-instance", "us-east-1")])
        if any(k[0] <= t < k[1] for k in ctx.keys.get(f"ec2:{PROD}:{i}", []))
    ]
    iid = live[0]
    minted, _, key, _, _ = ctx.key_at(f"ec2:{PROD}:{iid}", t)
    vps = ctx.pool.isp("vultr")
    ident = ct.assumed_role(PROD, "prod-web-instance", iid, key, minted, ec2=True)
    calls = [
        ("sts", "GetCallerIdentity"),
        ("s3", "ListBuckets"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "GetSecretValue"),
        ("iam", "ListAttachedRolePolicies"),
    ] + [("s3", "GetObject")] * 8
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        vps,
        KALI_CLI,
        calls,
        gap=20,
        denied=frozenset({5}),
        request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"},
    )
    truth(
        ctx,
        "A1",
        "SSRF-stolen instance credentials used from a VPS",
        "attack",
        key=key,
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="high",
    )


def _lambda_env(ctx: Ctx) -> None:
    t = ctx.at(2, 20.0)
    minted, _, key, _, _ = ctx.key_at(f"lambda:{PROD}:us-east-1:thumbnailer", t)
    laptop = ctx.pool.isp("digi_ro")
    ident = ct.assumed_role(PROD, "thumbnailer-lambda-role", "thumbnailer", key, minted)
    calls = [
        ("sts", "GetCallerIdentity"),
        ("s3", "ListBuckets"),
        ("dynamodb", "ListTables"),
        ("kms", "ListKeys"),
    ] + [("s3", "GetObject")] * 15
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        laptop,
        MAC_CLI,
        calls,
        gap=15,
        request={"bucketName": DATA_BUCKET, "key": "exports/2026/part-0002.parquet"},
    )
    truth(
        ctx,
        "A5",
        "a Lambda's environment credentials used with aws-cli from a laptop",
        "attack",
        key=key,
        ips=[laptop],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="medium",
    )


def _irsa_token(ctx: Ctx) -> None:
    """A pod's service-account token exfiltrated and exchanged for keys from outside AWS."""
    rng = ctx.rng("A8")
    role, subject = "eks-external-dns", "system:serviceaccount:kube-system:external-dns"
    oidc = f"arn:aws:iam::{PROD}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C0F9A41D8E27B3364A1F0C9D2E8B7A4"
    vps = ctx.pool.isp("ovh")
    t = ctx.at(3, 10.0)
    key = ct.new_key(rng)
    session = "botocore-session-1781085600"
    ctx.out.append(
        ct.record(
            rng,
            t,
            PROD,
            "us-east-1",
            "sts",
            "AssumeRoleWithWebIdentity",
            ct.web_identity_user(oidc, subject),
            vps,
            KALI_CLI.format(cmd="sts.assume-role-with-web-identity"),
            request={"roleArn": ct.role_arn(PROD, role), "roleSessionName": session},
            response={
                **ct.minted(rng, key, role, PROD, session, t, 1),
                "subjectFromWebIdentityToken": subject,
                "provider": oidc,
                "audience": "sts.amazonaws.com",
            },
            read_only=True,
        )
    )
    ident = ct.assumed_role(PROD, role, session, key, t, web_identity=(oidc, subject))
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        vps,
        KALI_CLI,
        [
            ("sts", "GetCallerIdentity"),
            ("route53", "ListHostedZones"),
            ("route53", "ListResourceRecordSets"),
            ("route53", "ChangeResourceRecordSets"),
            ("s3", "ListBuckets"),
        ],
        gap=30,
    )
    truth(
        ctx,
        "A8",
        "an EKS service-account token exchanged for keys from a VPS",
        "attack",
        key=key,
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="medium",
    )
    # the exchange itself belongs to the token (``web_identity:<principalId>``, as ueba names it)
    truth(
        ctx,
        "A8",
        "an EKS service-account token exchanged for keys from a VPS",
        "attack",
        principal=f"web_identity:{oidc}:sts.amazonaws.com:{subject}",
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="medium",
    )
