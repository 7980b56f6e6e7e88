"""The airline's workloads, day by day: the booking and loyalty Lambdas, the crew-rostering
tasks on Fargate, the ACARS gateway instance with its SSM agent, the Connect contact centre's
recordings and their QA Lambda, and AWS Config in every account. Each mints its credentials the
way AWS does (the service's own ``AssumeRole``) and calls from its VPC's NAT gateway or, for S3
in the booking VPC, through a gateway endpoint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.records import Session, Trail

DAY_SHAPE = (1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 8, 8, 8, 9, 9, 9, 8, 7, 6, 4, 3, 2)  # local hours
S3_ENDPOINT = "vpce-0b7a3c5e91d2f4a68"


def at(day: dt.date, hour: float) -> dt.datetime:
    """A local (São Paulo) hour of ``day`` as UTC; hours past 24 run into the next day."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=o.BRT)
    return (start + dt.timedelta(hours=hour)).astimezone(dt.UTC)


@dataclass
class State:
    """What lasts from day to day: task and instance ids, the iPads, the keys of IAM users."""

    scale: float
    tasks: list[str] = field(default_factory=list)
    tasks_born: dt.date | None = None
    ipads: list[tuple[str, int]] = field(default_factory=list)  # (identity id, home network)
    user_keys: dict[str, str] = field(default_factory=dict)
    acars: str = "i-0c4e7a91d3b2f5086"
    cargo_instance: str = "i-07d2b9e4a1c35f680"
    pool: str = "sa-east-1:4b8f2d6e-91a3-4c7b-8e25-d03f6a1b9c47"
    irrops: float = 1.0  # B1 multiplies the rebooking Lambda's volume
    ipad_ua: str = o.UA_IOS
    sessions: dict[str, Session] = field(default_factory=dict)
    nat_from: dt.datetime | None = None  # B11: the booking VPC's new NAT gateway from then on
    ua_from: dt.datetime | None = None  # B10: the functions on Node.js 20 from then on
    mro_eu: bool = False  # B4: the MRO vendor's workers in eu-west-1
    cargo_live: bool = False
    cargo_day: dt.date | None = None
    skip: frozenset[str] = frozenset()  # people whose day a change writes instead

    def nat(self, t: dt.datetime) -> str:
        return (
            o.NAT_BOOKING_NEW if self.nat_from is not None and t >= self.nat_from else o.NAT_BOOKING
        )

    def ua(self, t: dt.datetime) -> str:
        return o.UA_NODE20 if self.ua_from is not None and t >= self.ua_from else o.UA_NODE18


def n(tr: Trail, mean: float) -> int:
    """A count around ``mean`` (at least 0)."""
    return max(0, round(tr.rng.gauss(mean, max(1.0, mean**0.5))))


def hourly(tr: Trail, day: dt.date, per_day: float) -> list[dt.datetime]:
    """Times over a local day shaped like the airline's traffic."""
    total = sum(DAY_SHAPE)
    out = []
    for h, w in enumerate(DAY_SHAPE):
        for _ in range(n(tr, per_day * w / total)):
            out.append(at(day, h + tr.rng.random()))
    return sorted(out)


LAMBDAS = {  # function: (per day at scale 1, what each invocation logs)
    "booking-create": (260, "pnr"),
    "pnr-sync": (140, "gds"),
    "loyalty-accrual": (380, "accrual"),
    "loyalty-redeem": (70, "redeem"),
    "irrops-rebook": (40, "rebook"),
    "booking-search": (0, "search"),
}


def lambdas(tr: Trail, day: dt.date, st: State) -> None:
    """Booking-account functions (sa-east-1): a new execution environment now and then mints a
    key (cold start: its secret and parameters), each invocation logs its data events."""
    region, acct = "sa-east-1", o.BOOKING
    for fn, (per_day, kind) in LAMBDAS.items():
        volume = per_day * st.scale * (st.irrops if fn == "irrops-rebook" else 1.0)
        times = hourly(tr, day, volume)
        starts = [at(day, h + tr.rng.random()) for h in range(0, 24, 2)]
        if fn == "booking-search":
            times, starts = [], [at(day, h + tr.rng.random()) for h in range(24)]
        sess: Session | None = None
        queue = sorted([(t, 0) for t in starts] + [(t, 1) for t in times])
        for t, what in queue:
            if what == 0 or sess is None:
                sess = tr.mint(t, "lambda.amazonaws.com", acct, f"{fn}-role", fn, region=region)
                ua = st.ua(t)
                tr.call(
                    t + dt.timedelta(milliseconds=300),
                    sess,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    region=region,
                    ip=st.nat(t),
                    ua=ua.format(api="secrets-manager"),
                    read_only=True,
                    params={"secretId": f"booking/{fn}/config"},
                )
                tr.call(
                    t + dt.timedelta(milliseconds=420),
                    sess,
                    "ssm.amazonaws.com",
                    "GetParametersByPath",
                    region=region,
                    ip=st.nat(t),
                    ua=ua.format(api="ssm"),
                    read_only=True,
                    params={"path": f"/booking/{fn}/", "recursive": True, "withDecryption": True},
                )
                continue
            _invoke(tr, t, sess, kind, st)


def _invoke(tr: Trail, t: dt.datetime, sess: Session, kind: str, st: State) -> None:
    region, r = "sa-east-1", tr.rng
    ua_ddb, ua_s3 = st.ua(t).format(api="dynamodb"), st.ua(t).format(api="s3")
    member = {"memberId": {"S": f"CA{r.randrange(10**8):08d}"}}
    private = f"10.40.{r.randrange(16, 32)}.{r.randrange(4, 250)}"
    if kind in ("pnr", "gds", "rebook"):
        pnr = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        if kind == "gds":
            tr.s3(t, sess, "GetObject", "caracara-gds-inbound", f"pnl/{t:%Y%m%d}/{pnr}.xml",
                  region=region, ip=private, ua=ua_s3, owner=o.BOOKING, endpoint=S3_ENDPOINT,
                  size=r.randrange(2000, 9000))  # fmt: skip
        tr.s3(t + dt.timedelta(milliseconds=80), sess, "PutObject", "caracara-pnr-archive",
              f"{t:%Y/%m/%d}/{pnr}.json", region=region, ip=private, ua=ua_s3,
              owner=o.BOOKING, endpoint=S3_ENDPOINT, size=r.randrange(3000, 12000))  # fmt: skip
        if kind == "rebook":
            tr.ddb(t + dt.timedelta(milliseconds=150), sess, "UpdateItem", "loyalty-members",
                   region=region, ip=st.nat(t), ua=ua_ddb, key=member)  # fmt: skip
        return
    if kind == "redeem":
        tr.ddb(t, sess, "GetItem", "loyalty-members", region=region, ip=st.nat(t),
               ua=ua_ddb, key=member)  # fmt: skip
    tr.ddb(t + dt.timedelta(milliseconds=40), sess, "UpdateItem", "loyalty-members",
           region=region, ip=st.nat(t), ua=ua_ddb, key=member)  # fmt: skip
    tr.ddb(t + dt.timedelta(milliseconds=90), sess, "PutItem", "loyalty-ledger", region=region,
           ip=st.nat(t), ua=ua_ddb)  # fmt: skip


def roster(tr: Trail, day: dt.date, st: State) -> None:
    """Crew rostering on Fargate (ops, sa-east-1): three tasks, replaced by the Tuesday
    deploy; each task's credentials minted by ecs-tasks at start and refreshed every 6 hours."""
    region, acct, r = "sa-east-1", o.OPS, tr.rng
    if not st.tasks or day.weekday() == 1:
        st.tasks = [f"{r.getrandbits(128):032x}" for _ in range(3)]
        st.tasks_born = day
    ua = o.UA_JAVA
    for task in st.tasks:
        for block in range(4):
            t0 = at(day, block * 6 + r.random() * 0.2)
            sess = tr.mint(t0, "ecs-tasks.amazonaws.com", acct, "crew-roster-task", task,
                           region=region)  # fmt: skip
            st.sessions[f"task:{task}"] = sess
            if block == 0:
                tr.call(t0 + dt.timedelta(seconds=2), sess, "secretsmanager.amazonaws.com",
                        "GetSecretValue", region=region, ip=o.NAT_OPS, ua=ua, read_only=True,
                        params={"secretId": "crew/roster/db"})  # fmt: skip
            for _ in range(n(tr, 30 * max(st.scale, 0.2))):
                t = t0 + dt.timedelta(minutes=r.random() * 355)
                name = r.choice(("Query", "Query", "GetItem", "PutItem", "UpdateItem"))
                tr.ddb(t, sess, name, r.choice(("crew-roster", "crew-qualifications")),
                       region=region, ip=o.NAT_OPS, ua=ua)  # fmt: skip
            for _ in range(n(tr, 5 * max(st.scale, 0.2))):
                t = t0 + dt.timedelta(minutes=r.random() * 355)
                tr.s3(t, sess, "GetObject", "caracara-crew-docs",
                      f"licences/{r.randrange(100, 999)}/medical.pdf", region=region,
                      ip=o.NAT_OPS, ua=ua, owner=acct, size=r.randrange(90000, 400000))  # fmt: skip


def instance(
    tr: Trail,
    day: dt.date,
    st: State,
    *,
    acct: str,
    iid: str,
    role: str,
    eip: str,
    bucket: str,
    first: int = 0,
    delivery: str = "2.0",
) -> None:
    """An EC2 instance: the role's credentials delivered through IMDS (``delivery``: "2.0" for
    IMDSv2, "1.0" for an instance that still allows IMDSv1; ec2 mints them every six hours), the SSM agent's heartbeat, and the application's uploads."""
    region, r = "sa-east-1", tr.rng
    beats = max(24, round(288 * min(1.0, st.scale * 2)))
    uploads = max(8, round(96 * min(1.0, st.scale * 2)))
    for block in range(first, 4):
        t0 = at(day, block * 6 + 0.1 + r.random() * 0.1)
        sess = tr.mint(t0, "ec2.amazonaws.com", acct, role, iid, region=region,
                       extra={"ec2RoleDelivery": delivery})  # fmt: skip
        st.sessions[f"ec2:{iid}"] = sess
        for i in range(beats // 4):
            t = t0 + dt.timedelta(minutes=i * 360 / (beats // 4) + r.random())
            tr.call(t, sess, "ssm.amazonaws.com", "UpdateInstanceInformation", region=region,
                    ip=eip, ua=o.UA_GO_SSM, read_only=False,
                    params={"instanceId": iid, "agentVersion": "3.3.987.0",
                            "agentStatus": "Active", "platformType": "Linux",
                            "platformName": "Amazon Linux", "platformVersion": "2023"})  # fmt: skip
        for i in range(uploads // 4):
            t = t0 + dt.timedelta(minutes=i * 360 / (uploads // 4) + r.random() * 3)
            tr.s3(t, sess, "PutObject", bucket, f"raw/{t:%Y/%m/%d/%H%M}.json.gz", region=region,
                  ip=eip, ua=o.UA_PY_LAMBDA.replace(" exec-env/AWS_Lambda_python3.12", ""),
                  owner=acct, size=r.randrange(20000, 90000))  # fmt: skip


def connect(tr: Trail, day: dt.date, st: State) -> None:
    """Amazon Connect (contact, us-east-1) writes each call's recording through its
    service-linked role; the QA Lambda fetches one in five and starts a call analytics job."""
    region, acct, r = "us-east-1", o.CONTACT, tr.rng
    slr = tr.role_session(acct, "AWSServiceRoleForAmazonConnect_3f9d2a1b7c6e", "AmazonConnect",
                          at(day, 0), path="/aws-service-role/connect.amazonaws.com/")  # fmt: skip
    slr.identity["invokedBy"] = "connect.amazonaws.com"
    calls = hourly(tr, day, (520 if day.weekday() < 5 else 310) * st.scale)
    bucket = f"caracara-connect-recordings-{acct}"
    qa: Session | None = None
    for i, t in enumerate(calls):
        cid = tr.uid()
        obj = f"connect/caracara-cc/CallRecordings/{t:%Y/%m/%d}/{cid}_{t:%Y%m%dT%H:%M}_UTC.wav"
        tr.s3(t, slr, "PutObject", bucket, obj, region=region, ip="connect.amazonaws.com",
              ua="connect.amazonaws.com", owner=acct, size=r.randrange(400000, 9000000))  # fmt: skip
        if r.random() < 0.2:
            if qa is None or i % 40 == 0:
                qa = tr.mint(t, "lambda.amazonaws.com", acct, "recording-qa-role", "recording-qa",
                             region=region)  # fmt: skip
            later = t + dt.timedelta(minutes=2 + r.random() * 5)
            tr.s3(later, qa, "GetObject", bucket, obj, region=region, ip=o.CONTACT_NAT,
                  ua=o.UA_PY_LAMBDA, owner=acct, size=r.randrange(400000, 9000000))  # fmt: skip
            tr.call(later + dt.timedelta(seconds=1), qa, "transcribe.amazonaws.com",
                    "StartCallAnalyticsJob", region=region, ip=o.CONTACT_NAT, ua=o.UA_PY_LAMBDA,
                    read_only=False, params={"callAnalyticsJobName": f"qa-{cid}"},
                    resp={"callAnalyticsJob": {"callAnalyticsJobStatus": "QUEUED"}})  # fmt: skip


CONFIG_CALLS = (
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeVpcs"),
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("iam.amazonaws.com", "GetRole"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("ecs.amazonaws.com", "DescribeServices"),
)


def config(tr: Trail, day: dt.date, acct: str, after: float = 0.0) -> None:
    """AWS Config recording through its service-linked role in each region the account uses
    (from ``after``, a local hour, on the day an account is created)."""
    r = tr.rng
    for region in o.REGIONS if acct != o.CARGO else ("sa-east-1",):
        t0 = at(day, after + r.random() * 3)
        sess = tr.mint(t0, "config.amazonaws.com", acct, "AWSServiceRoleForConfig",
                       "AWSConfig-Describe", region=region,
                       path="/aws-service-role/config.amazonaws.com/")  # fmt: skip
        for _ in range(n(tr, 12)):
            source, name = r.choice(CONFIG_CALLS)
            where = "us-east-1" if source == "iam.amazonaws.com" else region
            tr.call(t0 + dt.timedelta(minutes=r.random() * (1400 - after * 60)), sess, source, name,
                    region=where, ip="config.amazonaws.com", ua="config.amazonaws.com",
                    read_only=True, params=None)  # fmt: skip
