"""benchmarks/eval_all.py reads each suite's per-seed tables: the summary line and the seed-by-seed
comparison the final-tree evaluation relies on."""

from __future__ import annotations

from benchmarks import eval_all

LOG = """## Seed 1: 7,138 events in 1,746 files, 5 accounts, scored 2026-12-06..2026-12-06, 138 principal-days (30 s)

| tier | attacks found | benign flagged | false findings | false per 1,000 | findings per incident (max) |
|---|---|---|---|---|---|
| info | 7/11 | 0/11 | 3 | 21.74 | 1.00 (1) |
| medium | 4/11 | 1/11 | 1 | 7.25 | 1.50 (2) |

Per incident (highest severity): A1:- A10:low A2:high B1:medium B2:-

## Seed 2: 7,000 events

| tier | attacks found | benign flagged | false findings | false per 1,000 | findings per incident (max) |
|---|---|---|---|---|---|
| info | 7/11 | 0/11 | 0 | 0.00 | 1.00 (1) |
| medium | 5/11 | 0/11 | 0 | 0.00 | 1.00 (3) |

Per incident (highest severity): A1:low A10:low
- MISS medium+: every attack found (4/11)
"""


def test_each_seed_keeps_its_tiers_and_incidents() -> None:
    seeds = eval_all.parse(LOG)
    assert sorted(seeds) == [1, 2]
    assert seeds[1]["tiers"]["medium"] == (4, 11, 1, 1, 7.25, 2)  # type: ignore[index]
    assert seeds[1]["incidents"] == {
        "A1": "-",
        "A10": "low",
        "A2": "high",
        "B1": "medium",
        "B2": "-",
    }
    assert seeds[2]["incidents"] == {"A1": "low", "A10": "low"}


def test_summary_row_shows_seeds_that_differ_and_the_misses() -> None:
    row = eval_all.row("heldout40", LOG)
    assert row.startswith("| heldout40 | 4/11 / 5/11 | 7.25 / 0.0 | 21.74 / 0.0 | 1 |")
    assert "medium+: every attack found (4/11)" in row


def test_compare_names_each_moved_tier_and_incident() -> None:
    moved = LOG.replace("A10:low A2:high", "A10:medium A2:high").replace(
        "| medium | 4/11 | 1/11 | 1 | 7.25 | 1.50 (2) |",
        "| medium | 5/11 | 1/11 | 1 | 7.25 | 1.50 (2) |",
    )
    assert eval_all.compare("h", moved, LOG) == [
        "h seed 1 medium: (4, 11, 1, 1, 7.25, 2) -> (5, 11, 1, 1, 7.25, 2)",
        "h seed 1 A10: low -> medium",
    ]
    assert eval_all.compare("h", LOG, LOG) == []


def test_every_runner_is_a_suite() -> None:
    names = eval_all.suites()
    assert names[:2] == ["heldout40", "heldout39"] or int(names[0][7:]) > 40
    assert {"heldout", "heldout2", "scenarios", "detection", "coldstart"} <= set(names)


def test_the_ten_column_tables_and_their_seed_lines() -> None:
    log = (
        "Synthetic org: seed 0, scale 2.0, 2 accounts\n"
        "| medium | 6/6 | 1.00 | 0/6 | 6 | 0 | 0.00 | 1.00 | 1.00 | 1 |\n"
        "Seed 1 (319 principal-days, 16 s):\n"
        "| info | 9/9 | 1.00 | 3/9 | 12 | 3 | 9.40 | 0.75 | 1.17 | 2 |\n"
        "Cold-start targets: all met.\n"
    )
    seeds = eval_all.parse(log)
    assert seeds[0]["tiers"] == {"medium": (6, 6, 0, 0, 0.0, 1)}
    assert seeds[1]["tiers"] == {"info": (9, 9, 3, 3, 9.4, 2)}
    assert eval_all.row("s", log).endswith("| Cold-start targets: all met. |")
