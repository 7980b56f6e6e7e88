"""Walk an identity chain back from a key to the original identity, and forward to its keys.

The graph is tiny (a handful of keys), so it is built in Python from small collected frames;
every look-up against the events is a narrow, time-bounded scan (:mod:`._chain_scan`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl

from ueba.investigate._chain_scan import ChainScanner
from ueba.investigate._source import MAX_SESSION

# CloudTrail's creationDate and the minting call's eventTime can differ by a second.
SLACK = timedelta(seconds=2)

Row = dict[str, Any]
# A node still to walk forward from: node id, key, the window its uses fall in, its uses.
Frontier = tuple[str, str, tuple[datetime, datetime | None], pl.DataFrame]
# A switched role's console keys begin with the switch; allow for the console's own delay.
SWITCH_WINDOW = timedelta(minutes=1)


def is_temporary(key: str) -> bool:
    return key.startswith("ASIA")


def arn_account(arn: str | None) -> str | None:
    parts = (arn or "").split(":")
    return parts[4] or None if len(parts) > 4 else None


class ChainWalker:
    """Collects the nodes and edges of one chain; ``walk`` runs it."""

    def __init__(self, scanner: ChainScanner, *, max_depth: int) -> None:
        self.scan = scanner
        self.max_depth = max_depth
        self.nodes: dict[str, Row] = {}
        self.edges: list[Row] = []

    # ---------------------------------------------------------------- nodes and edges
    def _key_node(self, key: str, usage: pl.DataFrame, mint: Row | None, depth: int) -> str:
        node_id = f"{key}@{mint['event_id']}" if mint else key
        if node_id in self.nodes:
            return node_id
        first = usage.row(0, named=True) if usage.height else {}
        arn = first.get("identity_arn") or (mint or {}).get("child_arn")
        if arn is None and mint and mint["event_name"] == "CreateAccessKey":
            account = mint.get("identity_account_id")
            arn = f"arn:aws:iam::{account}:user/{mint['created_user']}" if account else None
        self.nodes[node_id] = {
            "node_id": node_id,
            "access_key_id": key,
            "principal_arn": arn,
            "identity_type": first.get("identity_type"),
            "account_id": first.get("identity_account_id") or arn_account(arn),
            "minted_at": mint["event_time"] if mint else None,
            "issuer_event_id": mint["event_id"] if mint else None,
            "first_seen": usage.get_column("event_time").min() if usage.height else None,
            "last_seen": usage.get_column("event_time").max() if usage.height else None,
            "events": usage.height,
            "source_ips": usage.get_column("source_ip_address")
            .drop_nulls()
            .unique(maintain_order=True)
            .to_list(),
            "user_agents": usage.get_column("user_agent")
            .drop_nulls()
            .unique(maintain_order=True)
            .to_list(),
            "depth": depth,
            "is_target": depth == 0,
            "note": None,
        }
        return node_id

    def _principal_node(
        self, arn: str, identity_type: str | None, depth: int, at: datetime | None
    ) -> str:
        node_id = f"principal:{arn}"
        if node_id not in self.nodes:
            self.nodes[node_id] = {
                "node_id": node_id, "access_key_id": None, "principal_arn": arn,
                "identity_type": identity_type, "account_id": arn_account(arn),
                "minted_at": None, "issuer_event_id": None, "first_seen": at, "last_seen": at,
                "events": 0, "source_ips": [], "user_agents": [], "depth": depth, "is_target": False,
                "note": None,
            }  # fmt: skip
        return node_id

    def _edge(self, parent: str, child: str, event: Row | None, direction: str) -> None:
        p, c = self.nodes[parent], self.nodes[child]
        self.edges.append(
            {
                "parent_id": parent,
                "child_id": child,
                "parent_access_key_id": p["access_key_id"],
                "parent_arn": p["principal_arn"],
                "parent_account_id": p["account_id"],
                "child_access_key_id": c["access_key_id"],
                "child_arn": c["principal_arn"],
                "child_account_id": c["account_id"],
                "via": event["event_name"] if event else None,
                "event_id": event["event_id"] if event else None,
                "event_time": event["event_time"] if event else None,
                "source_ip_address": event.get("source_ip_address") if event else None,
                "user_agent": event.get("user_agent") if event else None,
                "cross_account": bool(
                    p["account_id"] and c["account_id"] and p["account_id"] != c["account_id"]
                ),
                "direction": direction,
            }
        )

    # ---------------------------------------------------------------- the walk
    def walk(self, key: str, *, at: datetime | None) -> None:
        usage = self.scan.usage([key])
        if usage.is_empty():
            return
        issued = pl.coalesce("session_creation_date", "event_time") + SLACK
        first: datetime = usage.select(issued.min()).item()
        lo = first - MAX_SESSION if is_temporary(key) else None
        hi: datetime = usage.select(pl.col("event_time").max()).item()
        mints = self.scan.mints_of([key], lo, hi)
        usage = self._incarnations(usage, mints, temporary=is_temporary(key))
        if at is not None:
            # The incarnation in use at ``at``: the latest mint at or before it.
            before = mints.filter(pl.col("event_time") <= at)
            wanted = before.get_column("event_id").item(-1) if before.height else None
            usage = usage.filter(pl.col("issuer_event_id").eq_missing(wanted))
        by_id = {m["event_id"]: m for m in mints.iter_rows(named=True)}
        for (issuer,), rows in usage.group_by("issuer_event_id", maintain_order=True):
            mint = by_id.get(issuer) if isinstance(issuer, str) else None
            node = self._key_node(key, rows, mint, 0)
            self._backward(node, rows, mint, -1)
            self._forward(node, key, rows, mint)

    def _incarnations(
        self, usage: pl.DataFrame, mints: pl.DataFrame, *, temporary: bool
    ) -> pl.DataFrame:
        """Tag each use with the mint before it: a recycled key ID is a new key after a new mint."""
        right = mints.select(mint_time="event_time", issuer_event_id="event_id").sort("mint_time")
        left = usage.with_columns(
            _t=pl.coalesce("session_creation_date", "event_time") + SLACK
        ).sort("_t")
        return (
            left.join_asof(
                right,
                left_on="_t",
                right_on="mint_time",
                strategy="backward",
                tolerance=MAX_SESSION if temporary else None,
            )
            .drop("_t", "mint_time")
            .sort("event_time", "event_id")
        )

    def _resolve(self, key: str, at: datetime, depth: int) -> tuple[str, pl.DataFrame, Row | None]:
        """The node of ``key`` as it was at ``at``: its latest mint before then, and its uses."""
        temporary = is_temporary(key)
        mints = self.scan.mints_of([key], at - MAX_SESSION if temporary else None, at)
        mint = mints.row(-1, named=True) if mints.height else None
        lo = mint["event_time"] if mint else (at - MAX_SESSION if temporary else None)
        hi = (mint["event_time"] if mint else at) + MAX_SESSION if temporary else None
        usage = self.scan.usage([key], lo, hi)
        return self._key_node(key, usage, mint, depth), usage, mint

    def _backward(self, node: str, usage: pl.DataFrame, mint: Row | None, depth: int) -> None:
        if -depth > self.max_depth:
            return
        if mint is not None:
            parent_key = mint.get("access_key_id")
            if parent_key:
                parent, parent_usage, parent_mint = self._resolve(
                    parent_key, mint["event_time"], depth
                )
                self._edge(parent, node, mint, "ancestor")
                self._backward(parent, parent_usage, parent_mint, depth - 1)
            else:
                # Minted for a service (ecs-tasks, lambda) or an outside identity (SAML, OIDC).
                who = mint.get("identity_arn") or mint.get("invoked_by") or _federated(mint)
                if who:
                    parent = self._principal_node(
                        who, mint.get("identity_type"), depth, mint["event_time"]
                    )
                    self._edge(parent, node, mint, "ancestor")
            return
        self._console(node, usage, depth)

    def _console(self, node: str, usage: pl.DataFrame, depth: int) -> None:
        """No minting call: a console session (ConsoleLogin, SwitchRole) or a long-term key."""
        key = self.nodes[node]["access_key_id"]
        if usage.is_empty() or key is None or not is_temporary(key):
            return
        first = usage.row(0, named=True)
        arn, kind = first["identity_arn"], first["identity_type"]
        created = (first["session_creation_date"] or first["event_time"]) + SLACK
        if kind == "AssumedRole":
            switches = self.scan.console_events("SwitchRole", created - MAX_SESSION, created)
            same = pl.col("identity_arn") == arn
            if first["session_issuer_arn"]:
                same = same | (pl.col("switch_to") == first["session_issuer_arn"])
            switches = switches.filter(same)
            if switches.height:
                switch = switches.row(-1, named=True)
                source = switch["switch_from"] or switch["identity_arn"]
                parent = self._principal_node(source, None, depth, switch["event_time"])
                self._edge(parent, node, switch, "ancestor")
                self._login(parent, source, switch["event_time"], depth - 1)
                return
        if arn and self._login(node, arn, created, depth, own=True):
            return
        if arn and kind in ("IAMUser", "Root"):
            # A session key of a user whose minting call is outside the searched range.
            parent = self._principal_node(arn, kind, depth, first["event_time"])
            self._edge(parent, node, None, "ancestor")
        elif first["session_issuer_arn"]:
            parent = self._principal_node(
                first["session_issuer_arn"], "Role", depth, first["event_time"]
            )
            self._edge(parent, node, None, "ancestor")

    def _login(
        self, node: str, arn: str, before: datetime, depth: int, *, own: bool = False
    ) -> bool:
        """Link ``node`` to the console sign-in of ``arn`` just before ``before``."""
        logins = self.scan.console_events("ConsoleLogin", before - MAX_SESSION, before)
        logins = logins.filter(pl.col("identity_arn") == arn)
        if logins.is_empty():
            return False
        login = logins.row(-1, named=True)
        principal = node
        if own:
            principal = self._principal_node(
                arn, login["identity_type"], depth, login["event_time"]
            )
            self._edge(principal, node, login, "ancestor")
        row = self.nodes[principal]
        row["identity_type"] = row["identity_type"] or login["identity_type"]
        row["source_ips"] = [login["source_ip_address"]] if login["source_ip_address"] else []
        row["first_seen"] = login["event_time"]
        mfa = f", MFA {login['mfa_used']}" if login["mfa_used"] else ""
        row["note"] = (
            f"console sign-in {login['event_time']:%Y-%m-%dT%H:%M:%SZ}"
            f" from {login['source_ip_address']}{mfa}"
        )
        return True

    def _forward(self, node: str, key: str, usage: pl.DataFrame, mint: Row | None) -> None:
        frontier: list[Frontier] = [(node, key, _window(key, usage, mint), usage)]
        for depth in range(1, self.max_depth + 1):
            keys = sorted({k for _, k, _, _ in frontier})
            lo = min(w[0] for _, _, w, _ in frontier)
            his = [w[1] for _, _, w, _ in frontier]
            hi = None if any(h is None for h in his) else max(h for h in his if h is not None)
            made = self.scan.mints_by(keys, lo, hi)
            children: list[Frontier] = []
            for parent, pkey, (plo, phi), pusage in frontier:
                rows = made.filter(
                    (pl.col("access_key_id") == pkey) & (pl.col("event_time") >= plo)
                )
                if phi is not None:
                    rows = rows.filter(pl.col("event_time") <= phi)
                for m in rows.iter_rows(named=True):
                    child_key = m["minted"]
                    start = m["event_time"]
                    end = start + MAX_SESSION if is_temporary(child_key) else None
                    child_usage = self.scan.usage([child_key], start, end)
                    child = self._key_node(child_key, child_usage, m, depth)
                    if self.nodes[child]["depth"] != depth:
                        continue  # already in the chain (reached another way)
                    self._edge(parent, child, m, "descendant")
                    children.append((child, child_key, (start, end), child_usage))
                children += self._switched(parent, pusage, depth)
            if not children:
                return
            frontier = children

    def _switched(self, parent: str, usage: pl.DataFrame, depth: int) -> list[Frontier]:
        """A console session's role switches, and the console keys of each switched session."""
        console = usage.filter(pl.col("session_credential_from_console").fill_null(False))
        if console.is_empty():
            return []
        first = console.row(0, named=True)
        arn = first["identity_arn"]
        began = first["session_creation_date"] or first["event_time"]
        switches = self.scan.console_events("SwitchRole", began - SLACK, began + MAX_SESSION)
        switches = switches.filter((pl.col("switch_from") == arn) & (pl.col("identity_arn") != arn))
        out: list[Frontier] = []
        for switch in switches.iter_rows(named=True):
            at = switch["event_time"]
            uses = self.scan.console_keys(switch["identity_arn"], at - SLACK, at + SWITCH_WINDOW)
            for (child_key,), rows in uses.group_by("access_key_id", maintain_order=True):
                child = self._key_node(str(child_key), rows, None, depth)
                if self.nodes[child]["depth"] != depth:
                    continue
                self._edge(parent, child, switch, "descendant")
                out.append((child, str(child_key), _window(str(child_key), rows, None), rows))
        return out


def _window(key: str, usage: pl.DataFrame, mint: Row | None) -> tuple[datetime, datetime | None]:
    lo: datetime = mint["event_time"] if mint else usage.select(pl.col("event_time").min()).item()
    return lo, (lo + MAX_SESSION if is_temporary(key) else None)


def _federated(mint: Row) -> str | None:
    user, provider = mint.get("identity_user_name"), mint.get("identity_provider")
    if user or provider:
        return f"{mint.get('identity_type') or 'federated'}:{provider or ''}:{user or ''}"
    return None


__all__ = ["ChainWalker", "arn_account", "is_temporary"]
