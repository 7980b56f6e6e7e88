"""Notebook views (``_repr_html_``) of Baseline, KeyTimeline, IdentityChain and findings:
informative, and escaped, because attackers choose user agents and session names."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import ueba
from ueba._html import Html, esc
from ueba.baseline.profile import Baseline
from ueba.investigate import chain, key_timeline
from ueba.investigate.chains import EDGES, NODES, IdentityChain
from ueba.investigate.timeline import KeyTimeline

ROOT = Path(__file__).resolve().parents[2]
EVIL = '<script>alert("ua")</script>'


def test_escaping_covers_markup_and_quotes() -> None:
    assert esc(EVIL) == "&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;"
    assert esc(["<a>", "b"]) == "&lt;a&gt;, b"
    assert esc(None) == ""


def test_baseline_view_shows_window_maturity_and_top_networks_and_clients() -> None:
    baseline = Baseline.load(ROOT / "models" / "demo")
    html = baseline._repr_html_()
    assert (
        f"{baseline.window_start_:%Y-%m-%d}" in html and f"{baseline.window_end_:%Y-%m-%d}" in html
    )
    assert "maturity" in html and "top networks" in html and "top clients" in html
    # the OTRF user, the demo's most active principal, comes first with its console client
    first_row = html.split("<tbody>", 2)[-1].split("</tr>", 1)[0]
    assert "arn:aws:iam::123456789123:user/" in first_row and "console (" in first_row
    assert "not fitted" in Baseline()._repr_html_()


def test_key_timeline_and_chain_views_name_the_key_and_its_path(lake: Path) -> None:
    timeline = key_timeline(lake, "AKIA5LEAKEDEXAMPLE01")
    html = timeline._repr_html_()
    assert "AKIA5LEAKEDEXAMPLE01" in html and "first use" in html and "CreateAccessKey" in html
    found = chain(lake, "ASIADEPLOYKEY0000001")
    html = found._repr_html_()
    assert "Identity chain of ASIADEPLOYKEY0000001" in html
    assert " -&gt; " in html and "eliav" in html


def test_attacker_chosen_values_are_escaped_in_every_view() -> None:
    events = pl.DataFrame(
        {
            "event_time": [None],
            "event_name": ["ListUsers"],
            "event_source": ["iam.amazonaws.com"],
            "source_ip_address": ["198.51.100.7"],
            "user_agent": [EVIL],
            "succeeded": [True],
            "error_code": [None],
        },
        schema_overrides={"event_time": pl.Datetime("us", "UTC"), "error_code": pl.String},
    )
    sources = pl.DataFrame({"source_ip_address": ["198.51.100.7"], "user_agent": [EVIL]})
    timeline = KeyTimeline("AKIA<b>", events, pl.DataFrame(), pl.DataFrame(), sources)
    nodes = pl.DataFrame(
        [
            {
                "node_id": "K",
                "access_key_id": "K",
                "depth": 0,
                "is_target": True,
                "note": EVIL,
                "user_agents": [EVIL],
            }
        ],
        schema=NODES,
    )
    identity = IdentityChain("K", nodes, pl.DataFrame(schema=EDGES))
    findings = pl.DataFrame(
        {
            "severity": ["high"],
            "title": [EVIL],
            "reasons": [[EVIL, "ok"]],
            "source_ips": [["1.2.3.4"]],
        }
    )
    for html in (
        timeline._repr_html_(),
        identity._repr_html_(),
        ueba.export.findings_html(findings),
    ):
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_findings_view_is_html_in_a_notebook_and_a_string_elsewhere() -> None:
    findings = pl.DataFrame(
        {
            "severity": ["critical", "low"],
            "score": [0.97, 0.2],
            "title": ["a", "b"],
            "reasons": [["r1", "r2", "r3", "r4"], []],
        }
    )
    view = ueba.export.findings_html(findings.lazy())
    assert isinstance(view, Html) and isinstance(view, str)
    assert view._repr_html_() == str(view)
    assert "2 finding(s)" in view and "1 critical, 1 low" in view
    assert "r3" in view and "r4" not in view  # the first three reasons of each


@pytest.mark.parametrize("rows", [0, 60])
def test_long_or_empty_frames_are_cut_or_say_none(rows: int) -> None:
    frame = pl.DataFrame(
        {"severity": ["low"] * rows, "title": [f"t{i}" for i in range(rows)]},
        schema={"severity": pl.String, "title": pl.String},
    )
    html = ueba.export.findings_html(frame)
    assert ("10 more row(s) not shown" in html) if rows else ("none" in html)
