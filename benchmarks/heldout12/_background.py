"""A day of Borealis Grid's ordinary work: the workloads whose keys AWS services mint, the
substation gateways on IAM Roles Anywhere, the legacy IAM users of the data centre, people
federated from Entra ID, the managed SOC's cross-account role and AWS Config.

The benign changes that last (the storm, the certificate renewal, the CodeBuild image, the
IoT region expansion, the SOC's new analyst, the new account) are part of the background from
the scored day ``SCHEDULE`` names on; ``_changes`` writes their truth rows."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.heldout12 import _keys, _org, _trail
from benchmarks.heldout12._trail import Record

# scored-day index of each lasting change (0 = the first scored day)
SCHEDULE = {
    "new_account": 0,
    "storm": 1,
    "soc_analyst": 1,
    "codebuild": 2,
    "renewal": 3,
    "expansion": 4,
}
RENEWAL_HOUR = 14  # UTC, a maintenance window at the substations
BUCKETS = {
    "historian": ("otdata", "borealis-ot-historian-archive"),
    "features": ("otdata", "borealis-ml-features"),
    "meter": ("gridiot", "borealis-meter-raw"),
    "outage": ("gridiot", "borealis-outage-map-public"),
    "artifacts": ("tools", "borealis-build-artifacts"),
    "models": ("outage", "borealis-outage-models"),
}


@dataclass
class Day:
    seed: int
    date: dt.date
    scored: int  # index relative to the first scored day (negative in the history)
    scale: float
    out: list[Record] = field(default_factory=list)

    def rng(self, *parts: object) -> random.Random:
        return _trail.rng(self.seed, self.date.isoformat(), *parts)

    def at(self, hour: float) -> dt.datetime:
        return dt.datetime(self.date.year, self.date.month, self.date.day) + dt.timedelta(
            hours=hour
        )

    def on(self, change: str) -> bool:
        return self.scored >= SCHEDULE[change]

    @property
    def weekday(self) -> bool:
        return self.date.weekday() < 5

    def count(self, r: random.Random, mean: float) -> int:
        mean *= self.scale
        return int(mean) + (r.random() < mean - int(mean))


def request(
    api: str, r: random.Random, bucket: tuple[str, str] | None
) -> tuple[Record | None, list[Record] | None]:
    """Plausible request parameters (and S3 resources) of a call."""
    svc, name = api.split(":", 1)
    if svc == "s3" and name != "ListBuckets" and bucket:
        acct, b = _org.ACCOUNTS[bucket[0]], bucket[1]
        if name in ("GetObject", "PutObject", "DeleteObject"):
            obj = f"{r.choice(('pi', 'tags', 'feeds'))}/{r.randrange(2020, 2027)}/{r.randrange(1, 13):02d}/part-{r.randrange(10**5):05d}.parquet"
            return {
                "bucketName": b,
                "key": obj,
                "Host": f"{b}.s3.ca-central-1.amazonaws.com",
            }, _trail.s3_resources(acct, b, obj)
        return {
            "bucketName": b,
            "list-type": "2",
            "prefix": r.choice(("pi/", "tags/", "")),
        }, _trail.s3_resources(acct, b)
    if svc == "kinesis":
        return {"streamName": "meter-readings"}, None
    return None, None


def calls(
    d: Day,
    r: random.Random,
    ident: Record,
    apis: Sequence[str],
    n: int,
    *,
    account: str,
    region: str,
    ip: str | Sequence[str],
    ua: str,
    start: dt.datetime,
    minutes: float,
    bucket: tuple[str, str] | None = None,
    console: bool = False,
    denied: float = 0.0,
) -> None:
    """``n`` calls of ``apis`` (first ones likelier) spread over ``minutes`` from ``start``."""
    weights = [1 / (i + 1) for i in range(len(apis))]
    for api in r.choices(list(apis), weights=weights, k=n):
        when = start + dt.timedelta(seconds=r.uniform(0, minutes * 60))
        req, res = request(api, r, bucket)
        cmd = api.split(":")[0] + "." + api.split(":")[1].lower()
        error = None
        if denied and r.random() < denied:
            error = ("AccessDenied", f"User is not authorized to perform: {api}")
        d.out.append(
            _trail.record(
                r, when, api, ident, account=account, region=region,
                ip=ip if isinstance(ip, str) else r.choice(list(ip)),
                ua=ua.replace("{cmd}", cmd).replace("{api}", api.split(":")[0]),
                request=req, resources=res, console=console, error=error,
            )
        )  # fmt: skip


def diurnal(hour: int, weekday: bool) -> float:
    """Grid load: a morning and an evening peak (Eastern time), lower at weekends."""
    local = (hour - 4) % 24
    shape = (
        1
        + 0.35 * math.sin((local - 7) / 24 * 2 * math.pi)
        + 0.25 * math.exp(-((local - 19) ** 2) / 6)
    )
    return shape * (1.0 if weekday else 0.8)


# ---- workloads whose keys a service mints ------------------------------------------------------
WORKLOAD_APIS = {
    "etl": (("s3:GetObject", "s3:PutObject", "s3:ListObjectsV2", "glue:GetTable", "timestream:DescribeEndpoints"), 9, _org.EC2_PY, "historian"),
    "notebook": (("s3:GetObject", "s3:ListObjectsV2", "timestream:DescribeEndpoints", "sagemaker:DescribeNotebookInstance", "s3:PutObject"), 6, _org.NOTEBOOK, "features"),
    "decoder": (("kinesis:GetRecords", "timestream:DescribeEndpoints", "s3:PutObject", "cloudwatch:PutMetricData"), 8, _org.LAMBDA_PY, "meter"),
    "correlator": (("dynamodb:Query", "dynamodb:PutItem", "s3:PutObject", "sns:Publish"), 4, _org.LAMBDA_NODE, "outage"),
    "iotrule": (("kinesis:PutRecords",), 10, "iot.amazonaws.com", None),
    "forwarder": (("securityhub:GetFindings", "events:PutEvents", "securityhub:BatchUpdateFindings"), 2, _org.LAMBDA_PY, None),
    "modelrunner": (("s3:GetObject", "s3:PutObject", "timestream:DescribeEndpoints", "ssm:GetParameter"), 5, _org.EC2_PY, "models"),
}  # fmt: skip


def workload_day(d: Day, w: _keys.Workload) -> None:
    """Every period: the service mints a key per unit, and the unit calls with it."""
    apis, rate, ua, bucket = WORKLOAD_APIS[w.name]
    regions = [w.region]
    if w.name in ("decoder", "iotrule") and d.on("expansion"):
        regions.append(_org.US)
    for region in regions:
        for u, unit in enumerate(w.units):
            for hour in range(0, 24, w.period):
                if w.kind == "notebook" and not (d.weekday and 13 <= hour <= 21):
                    continue
                r = d.rng(w.name, unit, region, hour)
                start = d.at(hour) + dt.timedelta(minutes=r.uniform(0, 3))
                k = _keys.key_at(d.seed, w, unit + (region if region != w.region else ""), start)
                session = _keys.session_name(w, unit)
                d.out.append(
                    _trail.minted(
                        r, start, w.minter, w.account, region, w.role, session, k, hours=w.period
                    )
                )
                ident = _trail.assumed(
                    w.account, w.role, session, k, start, ec2=w.kind == "ec2",
                    invoked_by="iot.amazonaws.com" if w.kind == "iot" else None,
                )  # fmt: skip
                load = diurnal(hour, d.weekday) * w.period
                if w.name in ("decoder", "iotrule") and d.scored == SCHEDULE["storm"]:
                    load *= 5
                if region == _org.US:
                    load *= 0.3  # the Ohio meters moved first
                if w.kind == "ec2":
                    ip = _org.aws_addr(region, 11 + u)
                elif w.kind == "iot":
                    ip = "iot.amazonaws.com"
                else:  # a new execution environment, or the notebook's address for the day
                    ip = _org.aws_addr(region, r.randrange(10**6))
                n = d.count(r, rate * load)
                calls(d, r, ident, apis, n, account=w.account, region=region, ip=ip, ua=ua,
                      start=start, minutes=w.period * 60 - 5, bucket=BUCKETS.get(bucket or ""), denied=0.003)  # fmt: skip
                if w.kind == "ec2":  # the SSM agent on the instance, with the instance's key
                    calls(d, r, ident, ("ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations"), 2,
                          account=w.account, region=region, ip=ip, ua=_org.SSM_AGENT, start=start, minutes=55)  # fmt: skip


def gateways_day(d: Day, w: _keys.Workload) -> None:
    """Substation gateways: a Roles Anywhere session per gateway and hour (session name = the
    certificate's serial), then the historian's uploads or the telemetry stream."""
    historian = w.name == "historian"
    for unit in w.units:
        site = _org.NETS[_keys.site_of(unit)]
        ip = site.at(17 + len(unit))
        for hour in range(24):
            renewed = historian and (
                d.scored > SCHEDULE["renewal"]
                or (d.scored == SCHEDULE["renewal"] and hour >= RENEWAL_HOUR)
            )
            serial = _keys.cert_serial(d.seed, unit, renewed)
            r = d.rng(w.name, unit, hour)
            start = d.at(hour) + dt.timedelta(minutes=r.uniform(0, 4))
            k = _keys.key_at(d.seed, w, unit, start, serial)
            d.out.append(_trail.minted(r, start, w.minter, w.account, w.region, w.role, serial, k,
                                       source_identity=f"CN={unit}.ot.{_org.DOMAIN}"))  # fmt: skip
            ident = _trail.assumed(
                w.account, w.role, serial, k, start, source_identity=f"CN={unit}.ot.{_org.DOMAIN}"
            )
            if historian:
                calls(d, r, ident, ("s3:PutObject", "s3:ListObjectsV2"), d.count(r, 10), account=w.account,
                      region=w.region, ip=ip, ua=_org.PI_DOTNET, start=start, minutes=55, bucket=BUCKETS["historian"])  # fmt: skip
            else:
                n = d.count(r, 6 * diurnal(hour, d.weekday))
                calls(d, r, ident, ("kinesis:PutRecords", "iot:DescribeEndpoint"), n, account=w.account,
                      region=w.region, ip=ip, ua=_org.EDGE_GO, start=start, minutes=55)  # fmt: skip


# ---- legacy IAM users -------------------------------------------------------------------------
LEGACY = {
    # name: (account, network, user agent, apis, bucket, runs as (hour UTC, calls) pairs)
    "svc-pi-archive": ("otdata", "dc", _org.PI_ARCHIVE, ("s3:PutObject", "s3:ListObjectsV2", "s3:GetObject"), "historian", ((6, 40),)),
    "svc-outage-map": ("gridiot", "dc", _org.OUTAGE_MAP, ("s3:PutObject", "cloudfront:CreateInvalidation"), "outage", tuple((h, 4) for h in range(24))),
    "svc-jenkins-legacy": ("tools", "dc", _org.JENKINS, ("s3:PutObject", "codebuild:StartBuild", "codebuild:BatchGetBuilds", "s3:GetObject"), "artifacts", ((15, 6), (19, 6))),
}  # fmt: skip


def legacy_key(seed: int, name: str) -> str:
    return _trail.key(_trail.rng(seed, "akia", name), "AKIA")


def legacy_day(d: Day) -> None:
    for name, (acct_name, net, ua, apis, bucket, runs) in LEGACY.items():
        account = _org.ACCOUNTS[acct_name]
        ident = _trail.user(account, name, legacy_key(d.seed, name))
        for hour, n in runs:
            if name == "svc-jenkins-legacy" and not d.weekday:
                continue
            r = d.rng(name, hour)
            calls(d, r, ident, apis, d.count(r, n), account=account, region=_org.CA, ip=_org.NETS[net].at(40),
                  ua=ua, start=d.at(hour + r.uniform(0, 0.2)), minutes=30, bucket=BUCKETS[bucket])  # fmt: skip


# ---- the managed SOC --------------------------------------------------------------------------
SOC_ROLE = "SocVendorReadOnly"
SOC_ANALYSTS = ("soc-rgarcia", "soc-mlee", "soc-tokonkwo")
SOC_NEW_ANALYST = "soc-aschmidt"
SOC_APIS = ("securityhub:GetFindings", "guardduty:ListFindings", "guardduty:GetFindings", "cloudtrail:LookupEvents",
            "config:DescribeComplianceByConfigRule", "iam:GetRole", "ec2:DescribeInstances")  # fmt: skip


def soc_session(
    d: Day, r: random.Random, session: str, start: dt.datetime, ip: str, ua: str, n: int
) -> None:
    """The vendor's principal assumes the read-only role in the security account and reads."""
    acct = _org.ACCOUNTS["security"]
    k = _trail.key(r)
    caller = _trail.other_account(_org.SOC_VENDOR_ACCOUNT, "soc-platform", session, _trail.key(r))
    response = {
        "credentials": {
            "accessKeyId": k,
            "sessionToken": "<redacted>",
            "expiration": _trail.iso(start + dt.timedelta(hours=1)),
        }
    }
    d.out.append(_trail.record(r, start, "sts:AssumeRole", caller, account=acct, region=_org.CA, ip=ip, ua=ua.replace("{cmd}", "sts.assume-role"),
                               request={"roleArn": _org.role_arn(acct, SOC_ROLE), "roleSessionName": session, "externalId": "<redacted>"}, response=response))  # fmt: skip
    ident = _trail.assumed(acct, SOC_ROLE, session, k, start)
    calls(d, r, ident, SOC_APIS, n, account=acct, region=r.choice((_org.CA, _org.CA, _org.US)), ip=ip, ua=ua,
          start=start + dt.timedelta(seconds=2), minutes=40)  # fmt: skip


def soc_day(d: Day) -> None:
    for hour in range(24):  # the collector polls every hour from Azure
        r = d.rng("soc", hour)
        soc_session(
            d,
            r,
            "borealis-collector",
            d.at(hour + r.uniform(0, 0.05)),
            _org.NETS["soc_azure"].at(90),
            _org.SOC_BOTO,
            d.count(r, 5),
        )
    analysts = SOC_ANALYSTS + ((SOC_NEW_ANALYST,) if d.on("soc_analyst") else ())
    for i, name in enumerate(analysts):
        r = d.rng("soc", name)
        if r.random() < 0.45:  # a 24x7 SOC: shifts, not every analyst every day
            continue
        start = d.at((i * 8 + r.uniform(0, 6)) % 24)
        soc_session(
            d, r, name, start, _org.NETS["soc_office"].at(12 + i), _org.CLI_WIN, d.count(r, 12)
        )


def config_day(d: Day) -> None:
    """AWS Config's service-linked role describing resources in every account, hourly."""
    for name, w in _keys.CONFIG.items():
        if name == "outage" and not d.on("new_account"):
            continue
        for hour in range(0, 24, 2):
            r = d.rng("config", name, hour)
            start = d.at(hour + r.uniform(0, 0.1))
            k = _keys.key_at(d.seed, w, "cfg", start)
            d.out.append(
                _trail.minted(
                    r, start, w.minter, w.account, _org.CA, w.role, "AWSConfig-Describe", k
                )
            )
            ident = _trail.assumed(
                w.account, w.role, "AWSConfig-Describe", k, start, invoked_by="config.amazonaws.com"
            )
            calls(d, r, ident, ("ec2:DescribeInstances", "iam:GetRole", "s3:GetBucketAcl", "lambda:ListFunctions", "kms:DescribeKey"),
                  d.count(r, 6), account=w.account, region=_org.CA, ip="config.amazonaws.com", ua="config.amazonaws.com",
                  start=start, minutes=30)  # fmt: skip
