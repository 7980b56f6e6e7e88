"""A day of the pharmacy itself: patients' orders, faxed prescriptions, Textract, the
pharmacists' reviews, the courier's pickups, the insurer's claims files and the EDI feed."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.org import HOME, MANIFESTS, PROD, QC, SCANS, Person
from benchmarks.heldout38.plan import Plan, at, jitter, workday
from benchmarks.heldout38.records import Session, Trail

INTAKE, CALLBACK, DISPATCH, NOTIFIER = (
    "rx-intake",
    "textract-callback",
    "rx-dispatch",
    "order-notifier",
)
MACHINE = "arn:aws:states:ca-central-1:{acct}:stateMachine:prescription-fulfilment"
INSURER_EXTERNAL_ID = "cedarline-claims-7f3a91"
COURIER_EXTERNAL_ID = "cedar-courier-2291"


@dataclass
class World:
    """One seed being written: the trail, the organisation's networks and the sessions minted
    (by workload), which incidents reuse."""

    tr: Trail
    net: dict[str, Any]
    plan: Plan
    minted: dict[str, list[Session]] = field(default_factory=dict)
    ips: dict[str, str] = field(default_factory=dict)  # session key -> its address
    sso: dict[tuple[str, str, dt.date], Session] = field(default_factory=dict)
    truth: list[dict[str, str]] = field(default_factory=list)

    def row(
        self,
        incident: str,
        name: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str | None = None,
        arn: str | None = None,
        ips: list[str] | tuple[str, ...] = (),
        severity: str = "medium",
    ) -> None:
        """A piece of evidence of an incident (A: an attack at least ``severity``; B: a benign
        change that may reach ``severity`` at most)."""
        attack = incident.startswith("A")
        self.truth.append(
            {
                "id": incident,
                "name": name,
                "label": "attack" if attack else "benign",
                "access_key_id": key or "",
                "principal_arn": arn or "",
                "source_ip": " ".join(ips),
                "event_ids": "",
                "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "expected_min_severity": severity if attack else "",
                "expected_max_severity": "" if attack else severity,
            }
        )

    @property
    def rng(self) -> random.Random:
        return self.tr.rng

    def rotate(
        self,
        service: str,
        account: str,
        role: str,
        name: str,
        day: dt.date,
        *,
        hours: tuple[float, float] = (2.0, 5.0),
        first: float = 0.05,
        last: float = 24.0,
        pool: list[str] | None = None,
        ec2: bool = False,
        region: str = HOME,
    ) -> None:
        """A workload's keys for ``day``: minted by ``service`` at ``first`` and then every
        few ``hours`` until ``last``; each key calls from one address of ``pool``."""
        h = first + self.rng.uniform(0, 0.3)
        while h < last:
            s = self.tr.by_service(service, account, region, role, name, at(day, h), ec2=ec2)
            self.minted.setdefault(f"{account}:{name}", []).append(s)
            if pool:
                self.ips[s.key or ""] = self.rng.choice(pool)
            h += self.rng.uniform(*hours)

    def current(self, account: str, name: str, t: dt.datetime) -> Session:
        """The workload's latest key minted at or before ``t``."""
        sessions = self.minted[f"{account}:{name}"]
        times = [s.created for s in sessions if s.created is not None]  # every minted one
        i = bisect.bisect_right(times, t) - 1
        return sessions[max(i, 0)]

    def person(self, account: str, p: Person, day: dt.date, t: dt.datetime) -> Session:
        """A person's Identity Center CLI/SDK session of the day (one per account and day)."""
        k = (account, p.user, day)
        if k not in self.sso:
            self.sso[k] = self.tr.sso_cli(account, p.permission, p.user, t)
        return self.sso[k]


def order_hour(w: World) -> float:
    """When patients order (UTC): the Canadian day and evening."""
    if w.rng.random() < 0.18:
        return w.rng.uniform(0.0, 4.5)  # 19:00-23:30 in Toronto
    return 11.0 + w.rng.triangular(0.0, 12.95, 6.0)


def prescriptions(w: World, day: dt.date, account: str = PROD, share: float = 1.0) -> None:
    """The patients' orders and the faxes: intake, Textract, the state machine, review and
    dispatch (``share``: of the day's volume, for the Quebec account)."""
    tr, rng, net = w.tr, w.rng, w.net
    for name in (INTAKE, CALLBACK, DISPATCH, NOTIFIER):
        w.rotate("lambda", account, f"{name}-lambda", name, day, pool=net["lambda"])
    volume = net["sizes"]["orders"] * w.plan.flu(day) * (1.0 if workday(day) else 0.7) * share
    orders = sorted(at(day, order_hour(w)) for _ in range(round(volume * rng.uniform(0.92, 1.08))))
    reviews: list[tuple[dt.datetime, str]] = []
    for t in orders:
        doc = f"rx/{day:%Y/%m/%d}/{tr.uuid()}.pdf"
        s = w.current(account, INTAKE, t)
        ip = w.ips[s.key or ""]
        agent = o.LAMBDA_PY
        tr.s3(
            t,
            s,
            account,
            HOME,
            "PutObject",
            SCANS if account == PROD else SCANS + "-qc",
            doc,
            ip,
            agent,
            size=rng.randrange(180_000, 2_400_000),
        )
        textract(w, account, s, jitter(rng, t, 0.2, 1.5), doc, ip, agent)
        tr.call(
            jitter(rng, t, 1, 3),
            s,
            account,
            HOME,
            "states",
            "StartExecution",
            ip,
            agent,
            params={
                "stateMachineArn": MACHINE.format(acct=account),
                "name": doc.split("/")[-1][:-4],
            },
            response={
                "executionArn": MACHINE.format(acct=account).replace("stateMachine", "execution")
                + ":"
                + doc[-40:-4],
                "startDate": "Dec 1, 2026, 3:00:00 PM",
            },
        )
        n = w.current(account, NOTIFIER, t)
        tr.call(
            jitter(rng, t, 2, 6),
            n,
            account,
            HOME,
            "cognito-idp",
            "AdminGetUser",
            w.ips[n.key or ""],
            o.LAMBDA_NODE.format(api="cognito-identity-provider"),
            params={
                "userPoolId": "ca-central-1_Rx7pQ2mLa",
                "username": "HIDDEN_DUE_TO_SECURITY_REASONS",
            },
        )
        c = w.current(account, CALLBACK, t)
        for _ in range(1 if rng.random() < 0.8 else 2):
            tr.call(
                jitter(rng, t, 20, 70),
                c,
                account,
                HOME,
                "textract",
                "GetDocumentAnalysis",
                w.ips[c.key or ""],
                agent,
                params={"jobId": f"{rng.getrandbits(128):032x}", "maxResults": 1000},
            )
        reviews.append((jitter(rng, t, 300, 7200), doc))
    if account == PROD:
        reviews += faxes(w, day)
    review(w, day, account, sorted(reviews))


def textract(
    w: World, account: str, s: Session, t: dt.datetime, doc: str, ip: str, agent: str
) -> None:
    """StartDocumentAnalysis, and Textract reading the object for its caller."""
    bucket = SCANS if account == PROD else SCANS + "-qc"
    w.tr.call(
        t,
        s,
        account,
        HOME,
        "textract",
        "StartDocumentAnalysis",
        ip,
        agent,
        params={
            "documentLocation": {"s3Object": {"bucket": bucket, "name": doc}},
            "featureTypes": ["FORMS", "TABLES"],
        },
        response={"jobId": f"{w.rng.getrandbits(128):032x}"},
    )
    w.tr.s3(
        jitter(w.rng, t, 1, 4),
        s,
        account,
        HOME,
        "GetObject",
        bucket,
        doc,
        ip,
        agent,
        size=w.rng.randrange(180_000, 2_400_000),
        invoked_by="textract.amazonaws.com",
    )


def fax_instance(w: World, day: dt.date, t: dt.datetime | None = None) -> str:
    """The fax gateway's instance at ``t``: replaced at 15:00 on slot 1 (B12)."""
    new = w.plan.since(1, day) and (w.plan.slot(1) != day or t is None or t.hour >= 15)
    return w.tr.org.instance("fax-new" if new else "fax-old")


def faxes(w: World, day: dt.date) -> list[tuple[dt.datetime, str]]:
    """The fax gateway (EC2): prescriptions clinics still fax, uploaded and sent to Textract;
    the SSM agent checking in every five minutes."""
    tr, rng = w.tr, w.rng
    old, new = fax_instance(w, day, at(day, 0)), fax_instance(w, day)
    if old != new:  # B12: the old instance until the cut-over at 15:00
        w.rotate(
            "ec2",
            PROD,
            "fax-gateway-ec2",
            old,
            day,
            hours=(6.0, 6.0),
            first=0.0,
            last=15.0,
            pool=[w.net["fax_eip"]],
            ec2=True,
        )
        w.rotate(
            "ec2",
            PROD,
            "fax-gateway-ec2",
            new,
            day,
            hours=(6.0, 6.0),
            first=15.0,
            pool=[w.net["fax_eip_new"]],
            ec2=True,
        )
    else:
        eip = w.net["fax_eip_new" if w.plan.since(1, day) else "fax_eip"]
        w.rotate(
            "ec2",
            PROD,
            "fax-gateway-ec2",
            new,
            day,
            hours=(6.0, 6.0),
            first=0.0,
            pool=[eip],
            ec2=True,
        )

    def session(t: dt.datetime) -> tuple[str, Session] | None:
        instance = fax_instance(w, day, t)
        s = w.current(PROD, instance, t)
        return None if (s.created or t) > t else (instance, s)

    for m in range(288):
        t = at(day, m / 12 + rng.uniform(0.005, 0.02))
        found = session(t)
        if found is None:
            continue
        instance, s = found
        tr.call(
            t,
            s,
            PROD,
            HOME,
            "ssm",
            "UpdateInstanceInformation",
            w.ips[s.key or ""],
            o.SSM_AGENT,
            params={
                "instanceId": instance,
                "agentVersion": "3.3.987.0",
                "agentStatus": "Active",
                "platformType": "Linux",
                "platformName": "Amazon Linux",
                "platformVersion": "2023",
            },
        )
    out = []
    count = round(w.net["sizes"]["faxes"] * w.plan.flu(day) * (1.0 if workday(day) else 0.3))
    for _ in range(count):
        t = at(day, rng.uniform(12.5, 23.5))
        found = session(t)
        if found is None:
            continue
        s = found[1]
        ip = w.ips[s.key or ""]
        doc = f"fax/{day:%Y/%m/%d}/{rng.getrandbits(48):012x}.tif"
        tr.s3(
            t,
            s,
            PROD,
            HOME,
            "PutObject",
            SCANS,
            doc,
            ip,
            o.FAX_CLI.format(cmd="s3.cp"),
            size=rng.randrange(60_000, 900_000),
        )
        textract(
            w,
            PROD,
            s,
            jitter(rng, t, 2, 6),
            doc,
            ip,
            o.FAX_CLI.format(cmd="textract.start-document-analysis"),
        )
        out.append((jitter(rng, t, 600, 5400), doc))
    return out


def on_duty(w: World, day: dt.date) -> list[Person]:
    people: list[Person] = list(w.net["pharmacists"])
    if w.plan.since(1, day):  # B3: the wave of new pharmacists starts in slot 1
        people += w.net["new_pharmacists"]
    if not workday(day):
        people = sorted(w.rng.sample(people, max(2, len(people) // 2)), key=lambda p: p.user)
    return people


def review(w: World, day: dt.date, account: str, reviews: list[tuple[dt.datetime, str]]) -> None:
    """Each prescription reviewed on WorkSpaces (the scan read, the task token answered), then
    the dispatch Lambda writes the courier's manifest."""
    tr, rng = w.tr, w.rng
    people = on_duty(w, day) if account == PROD else on_duty(w, day)[:2]
    early = [p for p in people if p.start_hour == 12] or people
    late = [p for p in people if p.start_hour == 20] or people
    agent = o.REVIEW_UA_NEW if w.plan.since(3, day) else o.REVIEW_UA  # B6: the image rebuilt
    manifests = []
    for t, doc in reviews:
        if t.date() != day:
            continue
        p = rng.choice(early if 12 <= t.hour < 20 else late)
        s = w.person(account, p, day, t)
        ip = p.ips[sum(map(ord, p.user)) % len(p.ips)]
        bucket = SCANS if account == PROD else SCANS + "-qc"
        tr.s3(
            t,
            s,
            account,
            HOME,
            "GetObject",
            bucket,
            doc,
            ip,
            agent,
            size=rng.randrange(60_000, 2_400_000),
        )
        ok = rng.random() < 0.95
        tr.call(
            jitter(rng, t, 40, 400),
            s,
            account,
            HOME,
            "states",
            "SendTaskSuccess" if ok else "SendTaskFailure",
            ip,
            agent,
            params={
                "taskToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                **(
                    {"output": "HIDDEN_DUE_TO_SECURITY_REASONS"}
                    if ok
                    else {"error": "RxRejected", "cause": "HIDDEN_DUE_TO_SECURITY_REASONS"}
                ),
            },
        )
        if ok and account == PROD:
            m = jitter(rng, t, 420, 600)
            d = w.current(account, DISPATCH, m)
            name = f"manifests/{day:%Y-%m-%d}/{doc.split('/')[-1].split('.')[0]}.json"
            tr.s3(
                m,
                d,
                account,
                HOME,
                "PutObject",
                MANIFESTS,
                name,
                w.ips[d.key or ""],
                o.LAMBDA_PY,
                size=rng.randrange(900, 2600),
            )
            manifests.append((m, name))
    if account == PROD:
        from benchmarks.heldout38.partners import courier  # partners builds on this module

        courier(w, day, manifests)


def qc_account(w: World, day: dt.date) -> None:
    """The Quebec account from its first day: a small share of the orders."""
    if w.plan.since(2, day):
        prescriptions(w, day, QC, 0.08)
