"""Write a seeded trail of Caracará Linhas Aéreas: the days in order (each change's state, the
background, the changes' and attacks' own events), then the S3 layout, the GeoIP databases,
the threat list and ``truth.csv``."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
import string
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout35 import attacks as a1
from benchmarks.heldout35 import attacks2 as a2
from benchmarks.heldout35 import changes, partners, people, workloads
from benchmarks.heldout35 import org as o
from benchmarks.heldout35.records import Trail
from benchmarks.heldout35.workloads import State, at

# which incidents each of the five scored days (slots) holds; with fewer scored days the slots
# fold onto them (slot k on scored day k * n // 5)
SLOTS = (
    ("A1", "A7", "B6", "B10"),
    ("A3", "A6", "B5", "B9"),
    ("A5", "A8", "B8", "B11"),
    ("A2", "A4", "B1", "B2", "B7"),
    ("A9", "A10", "A11", "B3", "B4"),
)
ATTACKS = {
    "A1": a1.a1_loyalty_drain,
    "A2": a1.a2_recordings,
    "A3": a1.a3_ipad,
    "A4": a1.a4_gds,
    "A6": a1.a6_console,
    "A7": a1.a7_recon,
    "A8": a2.a8_cargo_imds,
    "A9": a2.a9_task,
    "A10": a2.a10_legacy_key,
    "A11": a2.a11_redeem,
}
TRUTH_COLUMNS = ("id", "name", "label", "access_key_id", "principal_arn", "source_ip", "start",
                 "end", "expected_min_severity", "expected_max_severity")  # fmt: skip


@dataclass(frozen=True)
class Written:
    """A generated seed: where its parts are and what it holds."""

    out: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def cargo_day(tr: Trail, day: dt.date, st: State) -> list[dict[str, str]]:
    """B8: the cargo account created under Organizations and stood up with Terraform."""
    r, person, ip = tr.rng, "ana.ribeiro", o.OFFICE
    t = start = at(day, 9 + r.random() * 0.3)
    sess = people.sso(tr, t, o.MGMT, "CloudAdmin", person, ip, console=True)
    t = a1.spree(tr, sess, t, [("organizations.amazonaws.com", "CreateAccount", "us-east-1"),
                               ("organizations.amazonaws.com", "DescribeCreateAccountStatus", "us-east-1"),
                               ("organizations.amazonaws.com", "DescribeCreateAccountStatus", "us-east-1")],
                 ip=ip, ua=o.UA_CHROME, gap=40)  # fmt: skip
    t += dt.timedelta(minutes=40)
    tf = partners.cross_account(tr, t, caller=o.MGMT, caller_role=people.PERMISSION_SETS["CloudAdmin"],
                                acct=o.CARGO, role="OrganizationAccountAccessRole", name=person,
                                external_id=None, ip=ip, ua=o.UA_TF.replace("{api}", "sts"))  # fmt: skip
    plan = ["DescribeAvailabilityZones", "CreateVpc", "CreateSubnet", "CreateSubnet",
            "CreateInternetGateway", "AttachInternetGateway", "CreateRouteTable", "CreateRoute",
            "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "DescribeImages"]  # fmt: skip
    t = a1.spree(tr, tf, t, [("ec2.amazonaws.com", e, "sa-east-1") for e in plan], ip=ip,
                 ua=o.UA_TF.replace("{api}", "ec2"), gap=3)  # fmt: skip
    iam = ["CreateRole", "PutRolePolicy", "CreateInstanceProfile", "AddRoleToInstanceProfile"]
    t = a1.spree(tr, tf, t, [("iam.amazonaws.com", e, "us-east-1") for e in iam], ip=ip,
                 ua=o.UA_TF.replace("{api}", "iam"), gap=3)  # fmt: skip
    s3 = ["CreateBucket", "PutBucketEncryption", "PutPublicAccessBlock", "PutBucketVersioning"]
    t = a1.spree(tr, tf, t, [("s3.amazonaws.com", e, "sa-east-1") for e in s3], ip=ip,
                 ua=o.UA_TF.replace("{api}", "s3"), gap=3)  # fmt: skip
    t += dt.timedelta(seconds=10)
    tr.call(t, tf, "ec2.amazonaws.com", "RunInstances", region="sa-east-1", ip=ip,
            ua=o.UA_TF.replace("{api}", "ec2"), read_only=False,
            params={"instanceType": "t3.medium", "iamInstanceProfile": {"name": "cargo-edi-gateway"}},
            resp={"instancesSet": {"items": [{"instanceId": st.cargo_instance}]}})  # fmt: skip
    return [
        a1.row("B8", "the cargo account created and stood up with Terraform", "benign", "low",
               start, t, principal=f"arn:aws:iam::{o.CARGO}:role/OrganizationAccountAccessRole"),
        a1.row("B8", "the cargo account's creation", "benign", "low", start, t,
               principal=a1.sso_arn(o.MGMT, "CloudAdmin", person)),
    ]  # fmt: skip


def background(tr: Trail, day: dt.date, st: State) -> None:
    workloads.lambdas(tr, day, st)
    workloads.roster(tr, day, st)
    workloads.instance(tr, day, st, acct=o.OPS, iid=st.acars, role="acars-gateway",
                       eip=o.ACARS_EIP, bucket="caracara-acars-raw")  # fmt: skip
    if st.cargo_live:
        workloads.instance(tr, day, st, acct=o.CARGO, iid=st.cargo_instance,
                           role="cargo-edi-gateway", eip=o.CARGO_EIP,
                           bucket="caracara-cargo-manifests",
                           first=2 if st.cargo_day == day else 0, delivery="1.0")  # fmt: skip
    workloads.connect(tr, day, st)
    for acct in (*o.ACCOUNTS, o.CARGO) if st.cargo_live else o.ACCOUNTS:
        workloads.config(
            tr, day, acct, after=13.0 if acct == o.CARGO and st.cargo_day == day else 0.0
        )
    people.cloud_team(tr, day, st)
    people.occ(tr, day)
    people.supervisors(tr, day)
    people.ipads(tr, day, st)
    partners.gds(tr, day, st)
    if st.mro_eu:
        partners.mro(tr, day, st, ips=o.MRO_NAT_EU, ua=o.UA_PY_MRO_NEW, region="eu-west-1")
    else:
        partners.mro(tr, day, st, ips=o.MRO_NAT, ua=o.UA_PY_MRO, region="us-east-1")
    partners.ci(tr, day, st)
    partners.card_partner(tr, day, st)
    partners.legacy_sync(tr, day, st)
    partners.reporting_user(tr, day, st)


def build(seed: int, days: int, scale: float, scored_days: int) -> tuple[Trail, list[dict[str, str]], list[dt.date], list[dt.date]]:  # fmt: skip
    tr = Trail(random.Random(f"heldout35-{seed}"))
    every = [o.END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = every[-scored_days:]
    slot: dict[int, list[str]] = defaultdict(list)
    for k, ids in enumerate(SLOTS):
        slot[scored[k * len(scored) // 5].toordinal()] += list(ids)
    st = State(scale=scale)
    st.user_keys = {"cobrand": tr.key("AKIA"), "legacy": tr.key("AKIA")}
    end = at(o.END, 21)  # the trail's end, 24:00 UTC
    rows: list[dict[str, str]] = []
    for day in every:
        here = slot.get(day.toordinal(), [])
        rows += changes.prepare(tr, day, slot, st, end)
        if "B8" in here:
            st.cargo_day = day
            rows += cargo_day(tr, day, st)
        background(tr, day, st)
        rows += changes.write(tr, day, slot, st, end)
        for ident in here:
            if ident == "A5":
                t = at(day, 15 + tr.rng.random())
                rows += a1.a5_ci_leak(
                    tr, day, st, partners.deploy(tr, t, st, ["booking-create"]), t
                )
            elif ident in ATTACKS:
                rows += ATTACKS[ident](tr, day, st)
    return tr, rows + address_rows(rows), every, scored


def address_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Per incident with addresses of its own, one row naming only them over its whole window:
    every call from them belongs to it, also the calls of principals its other rows do not name
    (an ``AssumeRole`` by the partner's account, a Cognito or SAML sign-in). Not for B11, whose
    new NAT address every function uses from then on, for other reasons as well."""
    out = []
    for ident in dict.fromkeys(r["id"] for r in rows):
        own = [r for r in rows if r["id"] == ident and r["source_ip"]]
        if not own or ident == "B11":
            continue
        ips = " ".join(dict.fromkeys(ip for r in own for ip in r["source_ip"].split()))
        extra = dict(own[0], access_key_id="", principal_arn="", source_ip=ips)
        extra["name"] += " (every call from its addresses)"
        extra["start"] = min(r["start"] for r in own)
        extra["end"] = max(r["end"] for r in own)
        out.append(extra)
    return out


def write(out: str | os.PathLike[str], *, seed: int = 1, days: int = 24, scale: float = 1.0,
          scored_days: int = 5) -> Written:  # fmt: skip
    """Generate the seed into ``out`` (created) and say where everything is."""
    root = Path(out)
    tr, rows, every, scored = build(seed, days, scale, scored_days)
    cutoff = dt.datetime.combine(o.END + dt.timedelta(days=1), dt.time(), dt.UTC)
    first = dt.datetime.combine(every[0], dt.time(), dt.UTC)
    trail = root / "AWSLogs"
    files: dict[tuple[str, str, dt.datetime], list[dict[str, object]]] = defaultdict(list)
    rng, events = tr.rng, 0
    for acct, region, t, rec in sorted(tr.records, key=lambda x: (x[2], x[3]["eventID"])):
        if not first <= t < cutoff:
            continue
        delay = dt.timedelta(minutes=4 + rng.random() * 9)
        if rng.random() < 0.01:
            delay += dt.timedelta(minutes=15)  # a record delivered one file late
        at_ = t + delay
        at_ -= dt.timedelta(
            minutes=at_.minute % 15, seconds=at_.second, microseconds=at_.microsecond
        )
        files[(acct, region, at_ + dt.timedelta(minutes=15))].append(rec)
        events += 1
    for (acct, region, when), recs in sorted(files.items()):
        folder = trail / acct / "CloudTrail" / region / f"{when:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(16))
        name = f"{acct}_CloudTrail_{region}_{when:%Y%m%dT%H%M}Z_{tag}.json.gz"
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(gzip.compress(body, compresslevel=1, mtime=0))
        tmp.replace(folder / name)
    truth = root / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (int(r["id"][1:]), r["id"][0], r["start"])))
    threat = root / "threat.txt"
    threat.write_text("\n".join(o.THREAT) + "\n")
    from benchmarks.heldout35.geo import write_mmdb

    asn_db, city_db = write_mmdb(root)
    cargo_day_ = scored[2 * len(scored) // 5]  # B8's slot
    return Written(root, trail, truth, threat, asn_db, city_db, every, scored,
                   [*o.ACCOUNTS, o.CARGO], (cargo_day_, o.CARGO), events, len(files))  # fmt: skip
