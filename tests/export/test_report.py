"""The HTML report: self-contained, every finding's section, everything from the logs escaped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from ueba.cli import main
from ueba.exceptions import InputError
from ueba.export.report import read_findings, render_report, write_report
from ueba.io.lake import ingest
from ueba.schema import FINDINGS, conform

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "investigate"
FLAWS2 = ROOT / "data" / "samples" / "flaws2"
UTC = dt.UTC

# Event data is attacker-controlled: this agent tries to run script three ways.
HOSTILE_UA = (
    '<script>document.body.setAttribute("data-pwned","script")</script>'
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
    "\"><svg onload=\"document.body.setAttribute('data-pwned','svg')\">"
)
HOSTILE_KEY = "ASIAHOSTILEAGENT0001"


def hostile_trail(folder: Path) -> Path:
    """A CloudTrail file with two calls whose user agent is an HTML injection attempt."""
    identity = {
        "type": "AssumedRole",
        "arn": "arn:aws:sts::111111111111:assumed-role/app/<b>session</b>",
        "accountId": "111111111111",
        "accessKeyId": HOSTILE_KEY,
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111111111111:role/app"},
            "attributes": {"creationDate": "2026-01-08T10:00:00Z", "mfaAuthenticated": "false"},
        },
    }
    records = [
        {
            "eventVersion": "1.08",
            "userIdentity": identity,
            "eventTime": f"2026-01-08T10:0{i}:00Z",
            "eventSource": "s3.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1",
            "sourceIPAddress": "203.0.113.9",
            "userAgent": HOSTILE_UA,
            "requestParameters": {"bucketName": "</pre><script>alert(1)</script>"},
            "responseElements": None,
            "eventID": f"hostile-{i}",
            "eventType": "AwsApiCall",
            "recipientAccountId": "111111111111",
            "readOnly": False,
        }
        for i, name in enumerate(["PutBucketPolicy", "DeleteBucketPolicy"], start=1)
    ]
    path = folder / "hostile.json"
    path.write_text(json.dumps({"Records": records}))
    return path


def build_lake(folder: Path) -> Path:
    lake = folder / "lake"
    report = ingest(
        [*sorted(FIXTURES.glob("*.json")), FLAWS2, hostile_trail(folder)], lake, workers=1
    )
    assert report.quarantined_files == 0
    return lake


def sample_findings() -> pl.DataFrame:
    """Three findings: seed 002's leaked key, flaws2's level3 key, and the hostile agent."""
    rows = [
        {
            "finding_id": "f-leaked",
            "rule": "leaked_key",
            "rules": ["leaked_key", "persistence"],
            "severity": "high",
            "score": 0.93,
            "title": "Long-term key used from a new network; it created users and keys",
            "account_id": "111111111111",
            "principal_arn": "arn:aws:iam::111111111111:user/tdir-workshop-sysdev",
            "access_key_id": "AKIA5LEAKEDEXAMPLE01",
            "source_ips": ["203.0.113.50"],
            "first_seen": dt.datetime(2026, 1, 7, 2, 25, 18, tzinfo=UTC),
            "last_seen": dt.datetime(2026, 1, 7, 2, 28, 40, tzinfo=UTC),
            "event_count": 9,
            "reasons": ["CreateUser never called by user tdir-workshop-sysdev in 30 days"],
            "evidence": [
                {
                    "rule": "leaked_key",
                    "signal": "new_network",
                    "baseline": "none",
                    "observed": "203.0.113.0/24",
                }
            ],
        },
        {
            "finding_id": "f-level3",
            "rule": "first_seen_api",
            "rules": ["first_seen_api"],
            "severity": "critical",
            "score": 0.99,
            "title": "ListBuckets by role level3 from outside AWS",
            "account_id": "653711331788",
            "principal_arn": "arn:aws:iam::653711331788:role/level3",
            "access_key_id": "ASIAZQNB3KHGNXWXBSJS",
            "source_ips": ["104.102.221.250"],
            "first_seen": dt.datetime(2018, 11, 28, 23, 9, 28, tzinfo=UTC),
            "last_seen": dt.datetime(2018, 11, 28, 23, 9, 28, tzinfo=UTC),
            "event_count": 1,
            "reasons": ["ListBuckets never called by role level3 in 30 days"],
        },
        {
            "finding_id": "f-hostile",
            "rule": "new_user_agent",
            "rules": ["new_user_agent"],
            "severity": "medium",
            "score": 0.5,
            "title": "Bucket policy changed with an odd agent <i>here</i>",
            "account_id": "111111111111",
            "principal_arn": "arn:aws:iam::111111111111:role/app",
            "access_key_id": HOSTILE_KEY,
            "user_agents": [HOSTILE_UA],
            "source_ips": ["203.0.113.9"],
            "first_seen": dt.datetime(2026, 1, 8, 10, 1, tzinfo=UTC),
            "last_seen": dt.datetime(2026, 1, 8, 10, 2, tzinfo=UTC),
            "event_count": 2,
            "reasons": [f"user agent {HOSTILE_UA} never seen"],
        },
    ]
    return conform(pl.DataFrame(rows).lazy(), FINDINGS).collect()


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lake(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def html(lake: Path) -> str:
    return render_report(sample_findings(), lake)


def _sections(page: str) -> list[str]:
    return re.findall(r'<section class="finding" id="(finding-\d+)"', page)


def test_every_finding_has_a_section_most_severe_first(html: str) -> None:
    assert _sections(html) == ["finding-1", "finding-2", "finding-3"]
    order = [m for m in re.findall(r'data-severity="(\w+)"', html)]
    assert order == ["critical", "high", "medium"]


def test_each_section_has_timeline_chain_session_and_charts(html: str) -> None:
    for section in html.split('<section class="finding"')[1:]:
        for heading in ("Charts", "Identity chain", "Session summary", "Timeline"):
            assert f"<h3>{heading}</h3>" in section
        assert "<svg" in section
    leaked = html.split('<section class="finding"')[2]
    assert (
        "AKIA5NWOLFACTIVEKEY1" in leaked
        and "DeleteUser" not in leaked.split("Users and keys")[0][-50:]
    )
    assert "CreateAccessKey" in leaked and "tdir-workshop-mmajor-dev" in leaked


def test_the_page_fetches_nothing(html: str) -> None:
    # Only real tags start with "<": text from the logs has been escaped to "&lt;".
    assert not re.search(r"<[^>]*\b(src|href)\s*=", html, flags=re.IGNORECASE)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html


def test_everything_from_the_logs_is_escaped(html: str) -> None:
    assert HOSTILE_UA not in html
    assert "<script>document.body" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.body.setAttribute" in html
    assert "<b>session</b>" not in html and "&lt;b&gt;session&lt;/b&gt;" in html
    assert "<i>here</i>" not in html
    # The page's own script is the only script element.
    assert html.count("<script>") == 1


def test_findings_written_by_ueba_export_read_back_unchanged(tmp_path: Path) -> None:
    from ueba.export import write_jsonl, write_parquet

    frame = sample_findings()
    write_jsonl(frame, tmp_path / "f.jsonl")
    write_parquet(frame, tmp_path / "f.parquet")
    frame.write_ndjson(tmp_path / "polars.jsonl")
    for name in ("f.jsonl", "f.parquet", "polars.jsonl"):
        assert read_findings(tmp_path / name).equals(frame), name


def test_unreadable_findings_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    with pytest.raises(InputError, match=r"bad\.jsonl"):
        read_findings(bad)


def test_day_filter_keeps_the_findings_of_that_day_and_progress_is_reported(lake: Path) -> None:
    calls: list[tuple[int, int]] = []
    page = render_report(
        sample_findings(), lake, day="2026-01-07", progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 1)]
    assert _sections(page) == ["finding-1"]
    assert "AKIA5LEAKEDEXAMPLE01" in page and "ASIAZQNB3KHGNXWXBSJS" not in page.split("<main>")[1]


def test_no_findings_still_renders_a_page(lake: Path) -> None:
    page = render_report(sample_findings().head(0), lake)
    assert "No findings." in page and _sections(page) == []


def test_report_command_writes_the_page(tmp_path: Path, lake: Path) -> None:
    sample_findings().write_ndjson(tmp_path / "findings.jsonl")
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--lake",
            str(lake),
            "--findings",
            str(tmp_path / "findings.jsonl"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert _sections(out.read_text()) == ["finding-1", "finding-2", "finding-3"]
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temp file left


def test_findings_of_the_real_scorer_render(
    lake: Path, findings: pl.DataFrame, tmp_path: Path
) -> None:
    # ``findings`` here is tests/export/conftest.py's: the real Scorer on a hand-made day.
    path = write_report(findings, lake, tmp_path / "scored.html")
    page = Path(path).read_text()
    assert len(_sections(page)) == findings.height
    assert "ASIAZQNB3KHGNXWXBSJS" in page


# ---------------------------------------------------------------------------------------------
# In a real browser: Debian's chromium, headless, with the network features turned off.
# ---------------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def chromium() -> str:
    """The chromium binary, installed with apt-get when missing (CI runs as root)."""
    if not os.path.exists(CHROMIUM):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            wait = ["-o", "DPkg::Lock::Timeout=600"]  # another xdist worker may be installing Java
            subprocess.run(["apt-get", *wait, "update"], check=True, capture_output=True, env=env)
            subprocess.run(
                ["apt-get", *wait, "install", "-y", "chromium"],
                check=True,
                capture_output=True,
                env=env,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            pytest.skip(
                f"chromium is missing and `apt-get install -y chromium` failed ({exc}); "
                "the browser checks of the report need Debian's chromium package"
            )
    return CHROMIUM


def _chromium(binary: str, page: Path, profile: Path, *extra: str) -> tuple[str, list[str]]:
    """Run headless chromium on ``page``; return stdout and the console messages it logged."""
    args = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    # The timeout only guards against a hung browser; it asserts nothing about speed.
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # Chromium logs every console message (log, error, uncaught exception, CSP violation)
    # as "...:CONSOLE:<line>] "<message>", source: ...".
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def report_file(lake: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(write_report(sample_findings(), lake, tmp_path_factory.mktemp("html") / "r.html"))


@pytest.mark.slow
def test_console_check_sees_a_script_error(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>notDefined();</script></body></html>")
    _, console = _chromium(chromium, page, tmp_path / "profile", "--dump-dom")
    assert any("notDefined is not defined" in line for line in console)


@pytest.mark.slow
def test_report_renders_in_chromium_with_no_console_messages(
    chromium: str, report_file: Path, tmp_path: Path
) -> None:
    dom, console = _chromium(chromium, report_file, tmp_path / "profile", "--dump-dom")
    assert console == []
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None
    assert 'data-ready="1"' in body.group(0)  # the page's script ran to its end
    assert "data-pwned" not in body.group(0)  # the hostile user agent's scripts did not
    assert "3 of 3 findings shown" in dom
    for n in (1, 2, 3):
        section = re.search(
            rf'<section class="finding" id="finding-{n}"[^>]*>(.*?)</section>', dom, re.S
        )
        assert section is not None and "<svg" in section.group(1)
        assert "Identity chain" in section.group(1) and "Session summary" in section.group(1)


@pytest.mark.slow
def test_report_screenshot_is_kept_as_an_artifact(
    chromium: str, report_file: Path, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    _, console = _chromium(
        chromium,
        report_file,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        "--hide-scrollbars",
    )
    assert console == []
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
