"""Attacks A8...A11: stolen workload credentials (the new cargo account's instance on its
first day, a rostering task, the redeem Lambda) used outside their workload, and a leaked
six-year-old IAM key that makes itself an administrator."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout35 import org as o
from benchmarks.heldout35.attacks import Row, row, spree
from benchmarks.heldout35.records import Trail
from benchmarks.heldout35.workloads import State, at


def a8_cargo_imds(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The cargo EDI gateway, launched at midday with IMDSv1 and an SSRF in its partner
    upload form: its role credentials used from OVH the same afternoon (no history at all)."""
    r, ip = tr.rng, o.OVH_VPS
    sess = st.sessions[f"ec2:{st.cargo_instance}"]
    start = t = at(day, 19 + r.random())
    t = spree(tr, sess, t, [("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                            ("s3.amazonaws.com", "ListBuckets", "us-east-1"),
                            ("ec2.amazonaws.com", "DescribeInstances", "sa-east-1"),
                            ("iam.amazonaws.com", "ListAttachedRolePolicies", "us-east-1")],
              ip=ip, ua=o.UA_ATTACK_PY, denied=("ListAttachedRolePolicies",))  # fmt: skip
    tr.s3(t, sess, "ListObjectsV2", "caracara-cargo-manifests", None, region="sa-east-1", ip=ip,
          ua=o.UA_ATTACK_PY, owner=o.CARGO)  # fmt: skip
    for i in range(40):
        t += dt.timedelta(seconds=1 + r.random() * 2)
        tr.s3(t, sess, "GetObject", "caracara-cargo-manifests", f"awb/{day:%Y%m%d}/{i:04d}.xml",
              region="sa-east-1", ip=ip, ua=o.UA_ATTACK_PY, owner=o.CARGO, size=12000)  # fmt: skip
    return [row("A8", "the new cargo account's instance credentials used from OVH on day one",
                "attack", "medium", start, t, key=sess.key, ips=(ip,))]  # fmt: skip


def a9_task(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """A rostering task's credentials taken from the task metadata endpoint through an SSRF,
    used from an EC2 instance in the attacker's own account: crew licences and medicals."""
    r, ip = tr.rng, o.ATTACKER_EC2[0]
    task = st.tasks[1]
    sess = st.sessions[f"task:{task}"]
    start = t = at(day, 19 + r.random() * 0.5)  # the key minted at 18:00 local is current
    t = spree(tr, sess, t, [("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                            ("s3.amazonaws.com", "ListBuckets", "us-east-1")],
              ip=ip, ua=o.UA_ATTACK_PY, denied=("ListBuckets",))  # fmt: skip
    for i in range(60):
        t += dt.timedelta(seconds=0.5 + r.random())
        tr.s3(t, sess, "GetObject", "caracara-crew-docs", f"licences/{100 + i * 7}/medical.pdf",
              region="sa-east-1", ip=ip, ua=o.UA_ATTACK_PY, owner=o.OPS, size=250000)  # fmt: skip
    for _ in range(12):
        t += dt.timedelta(seconds=2)
        tr.ddb(t, sess, "Scan", "crew-roster", region="sa-east-1", ip=ip, ua=o.UA_ATTACK_PY)
    return [row("A9", "a rostering task's credentials used from another AWS account", "attack",
                "medium", start, t, key=sess.key, ips=(ip,))]  # fmt: skip


def a10_legacy_key(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The old sync key, committed years ago to a repository made public this week: the
    CIRT-workshop pattern (whoami, a new user with a key and AdministratorAccess), then the new
    key from the same threat-listed host."""
    r, ip = tr.rng, o.VULTR
    sess = tr.user(o.BOOKING, "svc-s3-sync-legacy", st.user_keys["legacy"])
    start = t = at(day, 2 + r.random())
    ua = o.UA_ATTACK_CLI
    t = spree(tr, sess, t, [("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                            ("iam.amazonaws.com", "ListUsers", "us-east-1")],
              ip=ip, ua=ua)  # fmt: skip
    new = tr.key("AKIA")
    for name, params, resp in (
        ("CreateUser", {"userName": "backup-svc"}, {"user": {"userName": "backup-svc"}}),
        ("CreateAccessKey", {"userName": "backup-svc"},
         {"accessKey": {"accessKeyId": new, "status": "Active", "userName": "backup-svc"}}),
        ("AttachUserPolicy", {"userName": "backup-svc",
                              "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None),
    ):  # fmt: skip
        t += dt.timedelta(seconds=6 + r.random() * 10)
        tr.call(t, sess, "iam.amazonaws.com", name, region="us-east-1", ip=ip,
                ua=ua.format(cmd="iam." + name.lower()), read_only=False, params=params,
                resp=resp)  # fmt: skip
    admin = tr.user(o.BOOKING, "backup-svc", new)
    later = t + dt.timedelta(minutes=40)
    end = spree(tr, admin, later, [("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                                   ("ec2.amazonaws.com", "DescribeInstances", "us-east-1"),
                                   ("ec2.amazonaws.com", "DescribeInstances", "us-west-2"),
                                   ("servicequotas.amazonaws.com", "GetServiceQuota", "us-west-2"),
                                   ("s3.amazonaws.com", "ListBuckets", "us-east-1")],
                ip=ip, ua=ua)  # fmt: skip
    return [
        row("A10", "a leaked old IAM key creating an administrator user", "attack", "high",
            start, t, key=sess.key, ips=(ip,)),
        row("A10", "the created administrator's key used", "attack", "high", later, end,
            key=new, ips=(ip,)),
    ]  # fmt: skip


def a11_redeem(tr: Trail, day: dt.date, st: State) -> list[Row]:
    """The redeem Lambda's credentials read out of ``/proc/self/environ`` through a
    deserialisation bug, used from an instance in the attacker's account: a member scan, then
    points moved to a few members."""
    r, ip = tr.rng, o.ATTACKER_EC2[1]
    t0 = at(day, 17 + r.random())
    sess = tr.mint(t0, "lambda.amazonaws.com", o.BOOKING, "loyalty-redeem-role", "loyalty-redeem",
                   region="sa-east-1")  # fmt: skip
    ua = st.ua(t0).format(api="dynamodb")
    tr.ddb(t0 + dt.timedelta(seconds=1), sess, "GetItem", "loyalty-members", region="sa-east-1",
           ip=st.nat(t0), ua=ua)  # fmt: skip
    start = t = t0 + dt.timedelta(minutes=6)
    for _ in range(25):
        t += dt.timedelta(seconds=1 + r.random() * 3)
        tr.ddb(t, sess, "Scan", "loyalty-members", region="sa-east-1", ip=ip, ua=o.UA_ATTACK_PY)
    for _ in range(15):
        t += dt.timedelta(seconds=5 + r.random() * 10)
        tr.ddb(t, sess, "UpdateItem", "loyalty-members", region="sa-east-1", ip=ip,
               ua=o.UA_ATTACK_PY, key={"memberId": {"S": f"CA{r.randrange(10**8):08d}"}})  # fmt: skip
    return [row("A11", "the redeem Lambda's credentials used from another AWS account", "attack",
                "medium", start, t, key=sess.key, ips=(ip,))]  # fmt: skip
