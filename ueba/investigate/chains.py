"""Identity chains: who is really behind an access key, and every key it handed out.

An ARN does not say who acted: ``assumed-role/admin/itadmin`` may be anyone allowed to assume
``admin``. Access keys are (nearly) unique, and every call that mints a temporary key records
the new key in ``responseElements.credentials.accessKeyId``. Following those records backwards
(GetSessionToken, AssumeRole*, GetFederationToken, console sign-in and role switch) leads to the
original identity, across accounts; following them forwards finds every key it minted (the method
of Hunters' "CloudTrail Logging Internals", RSAC 2022). AWS recycles key IDs now and then, so
a key is matched to the *nearest preceding* minting call, never to a later one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from ueba.investigate._chain_scan import CONSOLE_EVENTS, MINT_EVENTS, ChainScanner
from ueba.investigate._chain_walk import ChainWalker
from ueba.investigate._source import Source, TimeLike, to_utc
from ueba.schema import UTC_US

if TYPE_CHECKING:
    from rich.tree import Tree

NODES: dict[str, pl.DataType] = {
    "node_id": pl.String(),  # KEY@minting-event-id, KEY, or principal:ARN
    "access_key_id": pl.String(),
    "principal_arn": pl.String(),
    "identity_type": pl.String(),
    "account_id": pl.String(),
    "minted_at": UTC_US,
    "issuer_event_id": pl.String(),
    "first_seen": UTC_US,
    "last_seen": UTC_US,
    "events": pl.Int64(),
    "source_ips": pl.List(pl.String()),
    "user_agents": pl.List(pl.String()),
    "depth": pl.Int64(),  # 0 the key asked about, < 0 who it came from, > 0 what it minted
    "is_target": pl.Boolean(),
    "note": pl.String(),
}

EDGES: dict[str, pl.DataType] = {
    "parent_id": pl.String(),
    "child_id": pl.String(),
    "parent_access_key_id": pl.String(),
    "parent_arn": pl.String(),
    "parent_account_id": pl.String(),
    "child_access_key_id": pl.String(),
    "child_arn": pl.String(),
    "child_account_id": pl.String(),
    "via": pl.String(),  # the minting call; null when it is outside the searched range
    "event_id": pl.String(),
    "event_time": UTC_US,
    "source_ip_address": pl.String(),
    "user_agent": pl.String(),
    "cross_account": pl.Boolean(),
    "direction": pl.String(),  # ancestor or descendant of the key asked about
}


@dataclass(frozen=True)
class IdentityChain:
    """The chain around one key: ``nodes`` (keys and identities) and ``edges`` (minting calls).

    ``roots`` are the original identities; ``to_dict()`` gives nested JSON, ``to_tree()`` a
    rich Tree for the terminal, and ``edges`` is what ``--format parquet`` writes.
    """

    access_key_id: str
    nodes: pl.DataFrame
    edges: pl.DataFrame

    def _repr_html_(self) -> str:
        """The notebook view: the path from the original identity, nodes, minting calls."""
        from ueba._html import chain_html

        return chain_html(self)

    @property
    def roots(self) -> pl.DataFrame:
        """The nodes nothing points to: where the chain starts."""
        children = self.edges.get_column("child_id").to_list()
        return self.nodes.filter(~pl.col("node_id").is_in(children))

    def path_to_target(self) -> list[str]:
        """Node ids from a root down to the (first) key asked about."""
        parent = dict(zip(self.edges["child_id"], self.edges["parent_id"], strict=True))
        targets = self.nodes.filter(pl.col("is_target")).get_column("node_id").to_list()
        if not targets:
            return []
        path = [targets[0]]
        while path[-1] in parent and parent[path[-1]] not in path:
            path.append(parent[path[-1]])
        return path[::-1]

    def to_dict(self) -> dict[str, Any]:
        """Nested JSON-ready tree: each node with the call that minted it and its children."""
        nodes = {r["node_id"]: _jsonable(r) for r in self.nodes.iter_rows(named=True)}
        via: dict[str, dict[str, Any]] = {}
        children: dict[str, list[str]] = {}
        for edge in self.edges.iter_rows(named=True):
            children.setdefault(edge["parent_id"], []).append(edge["child_id"])
            via[edge["child_id"]] = _jsonable(edge)

        def build(node_id: str, seen: frozenset[str]) -> dict[str, Any]:
            out = dict(nodes[node_id])
            if node_id in via:
                edge = via[node_id]
                out["via"] = {k: edge[k] for k in ("via", "event_id", "event_time",
                                                   "source_ip_address", "cross_account")}  # fmt: skip
            out["children"] = [
                build(c, seen | {node_id}) for c in children.get(node_id, []) if c not in seen
            ]
            return out

        roots = self.roots.get_column("node_id").to_list()
        return {
            "access_key_id": self.access_key_id,
            "roots": [build(r, frozenset()) for r in roots],
            "edges": [_jsonable(e) for e in self.edges.iter_rows(named=True)],
        }

    def to_tree(self) -> Tree:
        """A rich Tree, root identity at the top, the key asked about in bold."""
        from rich.markup import escape
        from rich.tree import Tree

        nodes = {r["node_id"]: r for r in self.nodes.iter_rows(named=True)}
        via = {e["child_id"]: e for e in self.edges.iter_rows(named=True)}
        children: dict[str, list[str]] = {}
        for edge in self.edges.iter_rows(named=True):
            children.setdefault(edge["parent_id"], []).append(edge["child_id"])

        def label(node_id: str) -> str:
            n = nodes[node_id]
            text = escape(n["principal_arn"] or "?")
            if n["access_key_id"]:
                text += f"  [cyan]{escape(n['access_key_id'])}[/]"
            if n["events"]:
                text += f"  {n['events']} calls from {escape(', '.join(n['source_ips'][:3]))}"
            if n["note"]:
                text += f"  [dim]{escape(n['note'])}[/]"
            edge = via.get(node_id)
            if edge is not None:
                how = escape(edge["via"] or "minting call not in range")
                when = f" {edge['event_time']:%Y-%m-%d %H:%M:%SZ}" if edge["event_time"] else ""
                cross = " [magenta]cross-account[/]" if edge["cross_account"] else ""
                text = f"[yellow]{how}[/]{when}{cross} → {text}"
            return f"[bold]{text}[/]" if n["is_target"] else text

        tree = Tree(f"identity chain of [bold cyan]{escape(self.access_key_id)}[/]")
        if self.nodes.is_empty():
            tree.add("[red]the key is not in the searched range[/]")

        def add(branch: Tree, node_id: str, seen: frozenset[str]) -> None:
            sub = branch.add(label(node_id))
            for child in children.get(node_id, []):
                if child not in seen:
                    add(sub, child, seen | {node_id})

        for root in self.roots.get_column("node_id").to_list():
            add(tree, root, frozenset())
        return tree


def chain(
    source: Source,
    access_key_id: str,
    *,
    start: TimeLike = None,
    end: TimeLike = None,
    at: TimeLike = None,
    accounts: Sequence[str] | None = None,
    max_depth: int = 8,
) -> IdentityChain:
    """Follow ``access_key_id`` back to the identity that started it and forward to its keys.

    Parameters
    ----------
    source
        A lake directory or a polars frame of EVENTS.
    access_key_id
        The key to start from.
    start, end
        Where to look for the key's uses; a minting call up to 36 hours before ``start`` is
        still found (that is the longest a temporary key lives).
    at
        When the same key ID was minted more than once (AWS recycles them), keep only the key
        in use at this time. By default every incarnation in range is shown, each traced to its
        own nearest preceding minting call.
    max_depth
        How many hops to follow each way.

    Examples
    --------
    >>> c = chain("lake/", "ASIAJUMPROLEEXAMPLE1")  # doctest: +SKIP
    >>> c.roots.get_column("principal_arn").to_list()  # doctest: +SKIP
    ['arn:aws:iam::111111111111:user/eliav']
    >>> c.edges.select("via", "child_arn", "cross_account")  # doctest: +SKIP
    """
    scanner = ChainScanner(
        source, start=to_utc(start), end=to_utc(end, end_of_day=True), accounts=accounts
    )
    walker = ChainWalker(scanner, max_depth=max_depth)
    when = to_utc(at)
    walker.walk(access_key_id, at=when if isinstance(when, datetime) else None)
    nodes = pl.DataFrame(list(walker.nodes.values()), schema=NODES)
    edges = pl.DataFrame(walker.edges, schema=EDGES)
    return IdentityChain(
        access_key_id=access_key_id,
        nodes=nodes.sort("depth", "first_seen", nulls_last=True),
        edges=edges.sort("event_time", nulls_last=False),
    )


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat().replace("+00:00", "Z") if isinstance(v, datetime) else v)
        for k, v in row.items()
    }


__all__ = ["CONSOLE_EVENTS", "EDGES", "MINT_EVENTS", "NODES", "IdentityChain", "chain"]
