"""The report rendered from a built warehouse, opened in headless Chromium: no console errors, every chart drawn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.report.render import CHART_CLASS, render_from_file
from ingest.settings import REPO_ROOT
from tests.analyst.browser import Chromium, Page, chromium_binary

pytestmark = pytest.mark.slow
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
SECTIONS = ("curve", "history", "spreads", "debt", "backing", "pressure", "claims")
CHARTS_JS = f"""JSON.stringify([...document.querySelectorAll('.{CHART_CLASS} .js-plotly-plot')]
    .map(d => [d.id, d.querySelectorAll('.main-svg').length, d.querySelectorAll('.trace').length]))"""


@pytest.fixture(scope="module")
def browser() -> Chromium:
    binary = chromium_binary()
    if binary is None:
        pytest.fail("chromium is not installed: run.sh installs the Debian package when tests/report/needs_chromium exists")
    b = Chromium(binary)
    yield b
    b.close()


def load(browser: Chromium, path: Path) -> Page:
    page = browser.page()
    page.goto(path.resolve().as_uri())
    page.drain(1.0)
    return page


def test_report_loads_without_errors_and_draws_every_chart(tmp_path: Path, serving: Path, browser: Chromium) -> None:
    result = render_from_file(serving, tmp_path / "report")
    html = result.path.read_text()
    assert "<script src=" not in html and "<link" not in html  # plotly.js inline
    assert all(f"id='{s}'" in html for s in SECTIONS)
    assert len(result.charts) >= 7
    page = load(browser, result.path)
    try:
        drawn = {cid: (svgs, traces) for cid, svgs, traces in json.loads(page.evaluate(CHARTS_JS))}
        assert set(drawn) == set(result.charts)
        assert all(svgs >= 1 and traces >= 1 for svgs, traces in drawn.values()), drawn
        verdicts = page.evaluate("[...document.querySelectorAll('table.claims td.verdict')].map(t => t.textContent)")
        assert len(verdicts) >= 9 and {"supported", "contradicted"} <= set(verdicts)
        assert page.errors == []
        assert page.requests == [result.path.resolve().as_uri()]  # self-contained: nothing else fetched
        page.screenshot(ARTIFACTS / "report.png")
        page.screenshot(REPO_ROOT / "docs" / "report.png", height=2300, scale=0.6)
    finally:
        page.close()
    assert (REPO_ROOT / "docs" / "report.png").stat().st_size < 600_000


def test_build_rendered_the_report_into_lw_home(built_home: Path) -> None:
    page = built_home / "report" / "index.html"
    assert page.exists() and "Claims ledger" in page.read_text()


def test_a_section_whose_mart_is_absent_says_so(tmp_path: Path, serving: Path, browser: Chromium) -> None:
    import duckdb

    db = tmp_path / "partial.duckdb"
    shutil.copy(serving, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE main.government_debt_total")
        con.execute("DROP TABLE main.claims")
    result = render_from_file(db, tmp_path / "report")
    assert "main.government_debt_total" in result.missing["debt"] and "main.claims" in result.missing["claims"]
    page = load(browser, result.path)
    try:
        text = page.evaluate("document.getElementById('claims').innerText")
        assert "not loaded: main.claims is not in this warehouse yet" in text
        assert page.errors == []
    finally:
        page.close()


def test_the_error_detection_itself_catches_console_errors_and_exceptions(tmp_path: Path, browser: Chromium) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('lw-probe'); throw new Error('lw-boom');</script></body></html>")
    page = load(browser, bad)
    try:
        errors = page.errors
    finally:
        page.close()
    assert any("lw-probe" in e for e in errors) and any("lw-boom" in e for e in errors)
