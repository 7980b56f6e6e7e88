"""The state one seed's trail is drawn from: accounts, roles, workloads, keys handed out."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._fleet import build_workloads
from benchmarks.heldout3._net import VPC, Addresses
from benchmarks.heldout3._trail import Trail, assumed_role

UTC = dt.UTC


@dataclass
class Session:
    """One key handed to a holder (an instance, a pod, a task, a person's sign-in)."""

    holder: str
    issued: dt.datetime
    key: str
    identity: dict[str, Any]
    ip: str
    agent: str
    account: str
    region: str


class World:
    def __init__(
        self, seed: int, start: dt.date, days: int, scored_days: int, scale: float
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.scale = scale
        self.trail = Trail(seed, org.ORG_ID)
        self.addr = Addresses(random.Random(seed * 31 + 7))
        self.days = [start + dt.timedelta(days=i) for i in range(days)]
        self.scored = self.days[-scored_days:]
        self.vended = self.days[-8]  # Account Factory vends the data account (B7)
        self.changes: dict[str, dt.datetime] = {}
        self.moved: set[str] = set()  # workloads the region move (B4) takes to eu-north-1
        self.role_ids: dict[tuple[str, str], str] = {}
        self.sessions: dict[str, list[Session]] = {}
        self.endpoints: dict[tuple[str, str], str] = {}
        self.truth: list[dict[str, Any]] = []
        self.workloads = build_workloads(self.rng, scale)

    # -- names -----------------------------------------------------------------------------
    def account(self, name: str) -> str:
        return org.ACCOUNTS[name]

    def live_accounts(self, day: dt.date) -> list[str]:
        return [n for n in org.ACCOUNTS if n != org.VENDED or day > self.vended]

    def role_id(self, account: str, role: str) -> str:
        if (account, role) not in self.role_ids:
            digest = hashlib.sha256(f"{account}/{role}".encode()).digest()
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            self.role_ids[(account, role)] = "AROA" + "".join(alphabet[b % 32] for b in digest[:17])
        return self.role_ids[(account, role)]

    def endpoint(self, account: str, service: str) -> str:
        if (account, service) not in self.endpoints:
            digest = hashlib.sha256(f"{account}/{service}".encode()).hexdigest()
            self.endpoints[(account, service)] = f"vpce-{digest[:17]}"
        return self.endpoints[(account, service)]

    def nat(self, account: str, region: str, which: int = 0) -> str:
        return self.addr.named(f"nat:{account}:{region}:{which}", f"aws:{region}")

    def vpc(self, account: str) -> str:
        return VPC.get(account, "10.50.0.0/16")

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        seconds = int(hour * 3600)
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC) + dt.timedelta(seconds=seconds)

    def local(self, day: dt.date, hour: float, tz: str) -> dt.datetime:
        """``hour`` o'clock local time in ``tz`` on ``day``, in UTC (the DST change moves it)."""
        local = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
        return (local + dt.timedelta(seconds=int(hour * 3600))).astimezone(UTC)

    def after(self, change: str, when: dt.datetime) -> bool:
        return change in self.changes and when >= self.changes[change]

    # -- keys -------------------------------------------------------------------------------
    def mint(
        self,
        holder: str,
        when: dt.datetime,
        account_name: str,
        role: str,
        session: str,
        *,
        region: str,
        invoked_by: str,
        ip: str,
        agent: str,
        path: str = "/",
        ec2: bool = False,
        params: dict[str, Any] | None = None,
        source_identity: str | None = None,
    ) -> Session:
        """``invoked_by`` (a service) calls AssumeRole for ``holder``; the new key is returned."""
        from benchmarks.heldout3._trail import credentials, service

        account = self.account(account_name)
        key = self.trail.key()
        role_id = self.role_id(account, role)
        arn = f"arn:aws:iam::{account}:role{path}{role}"
        self.trail.call(
            when,
            account,
            region,
            "sts:AssumeRole",
            service(invoked_by),
            invoked_by,
            invoked_by,
            params={"roleArn": arn, "roleSessionName": session, **(params or {})},
            response={
                "credentials": credentials(key, when + dt.timedelta(hours=6)),
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
        )
        identity = assumed_role(
            account,
            role,
            role_id,
            session,
            key,
            when,
            path=path,
            ec2=ec2,
            source_identity=source_identity,
        )
        found = Session(holder, when, key, identity, ip, agent, account, region)
        self.sessions.setdefault(holder, []).append(found)
        return found

    def key_at(self, holder: str, when: dt.datetime) -> Session:
        """The holder's key current at ``when``."""
        current = [s for s in self.sessions[holder] if s.issued <= when]
        return current[-1]
