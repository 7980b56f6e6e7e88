"""HTML building blocks of the report: escaping, tables, the identity chain, the page shell.

Event data is attacker-controlled (a user agent can be ``<script>…``), so every value goes
through :func:`e` and the page carries a Content-Security-Policy that only lets the report's own
script run (by hash): even a value that escaped escaping could not execute.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any

import polars as pl

from ueba.investigate.chains import IdentityChain

SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")

CSS = """
:root{--fg:#1d232a;--muted:#5b6570;--line:#d8dde3;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);
background:var(--bg);margin:0 auto;max-width:1200px;padding:16px 20px}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:0}h3{font-size:15px;margin:18px 0 6px}
.muted{color:var(--muted)}code,pre,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:12px}pre{white-space:pre-wrap;word-break:break-all;margin:0}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{border-bottom:1px solid var(--line);
padding:3px 6px;text-align:left;vertical-align:top}th{background:var(--soft);font-weight:600}
td{word-break:break-word}
.sev{display:inline-block;border-radius:3px;padding:1px 7px;color:#fff;font-weight:600;
font-size:12px;text-transform:uppercase}
.sev-critical{background:#7b1fa2}.sev-high{background:#c62828}.sev-medium{background:#ef6c00}
.sev-low{background:#1565c0}.sev-info{background:#546e7a}
section.finding{border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:16px 0}
section.finding>header{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.new{color:#c62828;font-weight:600}.fail{color:#c62828}.ok{color:#2e7d32}
ul.chain,ul.chain ul{list-style:none;padding-left:18px;margin:2px 0}
ul.chain li{margin:2px 0}.via{color:#8a5a00}.target{font-weight:700;background:#fff3c4}
nav.filters button{margin-right:6px;border:1px solid var(--line);border-radius:4px;
background:var(--soft);padding:2px 8px;cursor:pointer}
nav.filters button[aria-pressed=false]{opacity:.45;text-decoration:line-through}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.note{color:var(--muted);font-style:italic}
"""

SCRIPT = """(function(){
var sections=document.querySelectorAll("section.finding");
var buttons=document.querySelectorAll("nav.filters button");
function update(){var shown=0;var on={};
buttons.forEach(function(b){on[b.getAttribute("data-sev")]=b.getAttribute("aria-pressed")==="true";});
sections.forEach(function(s){var v=on[s.getAttribute("data-severity")]!==false;s.hidden=!v;if(v){shown++;}});
var out=document.getElementById("shown");
if(out){out.textContent=shown+" of "+sections.length+" findings shown";}}
buttons.forEach(function(b){b.addEventListener("click",function(){
b.setAttribute("aria-pressed",b.getAttribute("aria-pressed")==="true"?"false":"true");update();});});
update();document.body.setAttribute("data-ready","1");})();"""


def e(value: object) -> str:
    """HTML-escape anything shown on the page (quotes too: values also land in attributes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return escape(f"{value:%Y-%m-%d %H:%M:%S}Z")
    if isinstance(value, list | tuple):
        return escape(", ".join(str(v) for v in value), quote=True)
    return escape(str(value), quote=True)


def severity_class(severity: object) -> str:
    """A CSS-safe severity name (unknown values become ``info``)."""
    text = str(severity).lower()
    return text if text in SEVERITY_ORDER else "info"


def table(
    frame: pl.DataFrame,
    columns: Sequence[str],
    *,
    max_rows: int = 200,
    mono: Sequence[str] = (),
    flag: str | None = None,
) -> str:
    """An HTML table of ``columns``; ``flag`` names a boolean column that marks a row red."""
    if frame.is_empty():
        return '<p class="note">none</p>'
    cols = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{e(c.replace('_', ' '))}</th>" for c in cols)
    rows = []
    for row in frame.head(max_rows).iter_rows(named=True):
        cells = []
        for c in cols:
            value = row[c]
            text = e(value)
            if isinstance(value, bool):
                text = "yes" if value else "no"
            cells.append(f'<td class="mono">{text}</td>' if c in mono else f"<td>{text}</td>")
        marked = ' class="new"' if flag and row.get(flag) else ""
        rows.append(f"<tr{marked}>{''.join(cells)}</tr>")
    more = (
        f'<p class="note">{frame.height - max_rows} more rows not shown</p>'
        if frame.height > max_rows
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def chain_list(chain: IdentityChain) -> str:
    """The identity chain as nested lists: original identity first, the finding's key marked."""
    if chain.nodes.is_empty():
        return '<p class="note">the key is not in the searched range</p>'
    nodes = {r["node_id"]: r for r in chain.nodes.iter_rows(named=True)}
    via = {r["child_id"]: r for r in chain.edges.iter_rows(named=True)}
    children: dict[str, list[str]] = {}
    for edge in chain.edges.iter_rows(named=True):
        children.setdefault(edge["parent_id"], []).append(edge["child_id"])

    def item(node_id: str, seen: frozenset[str]) -> str:
        n = nodes[node_id]
        text = f'<span class="mono">{e(n["principal_arn"] or "?")}</span>'
        if n["access_key_id"]:
            text += f" <code>{e(n['access_key_id'])}</code>"
        if n["events"]:
            text += f' <span class="muted">{n["events"]} calls from {e(n["source_ips"][:3])}</span>'
        if n["note"]:
            text += f' <span class="note">{e(n["note"])}</span>'
        edge = via.get(node_id)
        if edge is not None:
            how = e(edge["via"] or "minting call not in range")
            cross = " · cross-account" if edge["cross_account"] else ""
            text = f'<span class="via">{how} {e(edge["event_time"])}{cross} →</span> {text}'
        if n["is_target"]:
            text = f'<span class="target">{text}</span>'  # only its own line, not its subtree
        kids = [c for c in children.get(node_id, []) if c not in seen]
        sub = "".join(item(c, seen | {node_id}) for c in kids)
        return f"<li>{text}{f'<ul>{sub}</ul>' if sub else ''}</li>"

    roots = chain.roots.get_column("node_id").to_list()
    return '<ul class="chain">' + "".join(item(r, frozenset()) for r in roots) + "</ul>"


def facts(pairs: Sequence[tuple[str, Any]]) -> str:
    """A definition list of label/value pairs, skipping empty values."""
    items = "".join(
        f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in pairs if v not in (None, "", [], ())
    )
    return f'<dl class="facts">{items}</dl>'


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def page(title: str, header: str, body: str) -> str:
    """The whole self-contained document, with a CSP that allows only its own style and script."""
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src 'sha256-{_sha256(CSS)}'; script-src 'sha256-{_sha256(SCRIPT)}'"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
        f"{header}<main>{body}</main>"
        '<footer class="muted"><p>Generated by ueba. Everything taken from the logs is shown as '
        "text and never run.</p></footer>"
        f"<script>{SCRIPT}</script></body></html>"
    )


__all__ = ["SEVERITY_ORDER", "chain_list", "e", "facts", "page", "severity_class", "table"]
