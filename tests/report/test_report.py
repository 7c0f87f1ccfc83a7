"""The report rendered from a built warehouse, opened in headless Chromium: no console errors, every chart drawn."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from ingest.settings import REPO_ROOT
from report.render import CHART_CLASS, render_from_file
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
SECTIONS = ("curve", "history", "spreads", "debt", "backing", "pressure", "claims")
CHARTS_JS = f"""JSON.stringify([...document.querySelectorAll('.{CHART_CLASS} .js-plotly-plot')]
    .map(d => [d.id, d.querySelectorAll('.main-svg').length, d.querySelectorAll('.trace').length]))"""


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """pytest-playwright's launch options: the system chromium, headless, nothing phoning home."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"expected {CHROMIUM}: run.sh installs the Debian package when tests/report/needs_chromium exists")
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


class Tab:
    """A page plus what it did: console errors and uncaught exceptions (``errors``) and every URL it asked for."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))
        page.on("request", lambda req: self.requests.append(req.url))

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type in ("error", "assert"):
            self.errors.append(f"console: {msg.text}")

    def evaluate(self, expression: str) -> object:
        return self.page.evaluate(expression)

    def screenshot(self, path: Path, width: int = 1280, height: int | None = None, scale: float = 1.0) -> None:
        """PNG of the page from the top, ``height`` CSS pixels tall (default: the whole page), scaled."""
        full = int(self.page.evaluate("document.documentElement.scrollHeight"))
        h = min(full, height or full)
        self.page.set_viewport_size({"width": width, "height": h})
        self.page.wait_for_timeout(1000)  # plotly re-lays out responsive charts on resize
        path.parent.mkdir(parents=True, exist_ok=True)
        if scale == 1.0:
            self.page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": h})
            return
        cdp = self.page.context.new_cdp_session(self.page)  # Playwright has no clip scale; DevTools does
        clip = {"x": 0, "y": 0, "width": width, "height": h, "scale": scale}
        shot = cdp.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        path.write_bytes(base64.b64decode(shot["data"]))


Opener = Callable[[Path], Tab]


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Opener]:
    """Open pages in a fresh context per test (no state shared between tests); closed at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def load(path: Path) -> Tab:
        tab = Tab(context.new_page())
        tab.page.goto(path.resolve().as_uri(), wait_until="load")
        tab.page.wait_for_timeout(1000)  # let late (async) errors arrive
        return tab

    yield load
    context.close()


def test_report_loads_without_errors_and_draws_every_chart(tmp_path: Path, serving: Path, tabs: Opener) -> None:
    result = render_from_file(serving, tmp_path / "report")
    html = result.path.read_text()
    assert "<script src=" not in html and "<link" not in html  # plotly.js inline
    assert all(f"id='{s}'" in html for s in SECTIONS)
    assert len(result.charts) >= 7
    page = tabs(result.path)
    drawn = {cid: (svgs, traces) for cid, svgs, traces in json.loads(page.evaluate(CHARTS_JS))}
    assert set(drawn) == set(result.charts)
    assert all(svgs >= 1 and traces >= 1 for svgs, traces in drawn.values()), drawn
    verdicts = page.evaluate("[...document.querySelectorAll('table.claims td.verdict')].map(t => t.textContent)")
    assert len(verdicts) >= 9 and {"supported", "contradicted"} <= set(verdicts)
    assert page.errors == []
    assert page.requests == [result.path.resolve().as_uri()]  # self-contained: nothing else fetched
    page.screenshot(ARTIFACTS / "report.png")
    page.screenshot(REPO_ROOT / "docs" / "report.png", height=2300, scale=0.6)
    assert (REPO_ROOT / "docs" / "report.png").stat().st_size < 600_000


def test_build_rendered_the_report_into_lw_home(built_home: Path) -> None:
    page = built_home / "report" / "index.html"
    assert page.exists() and "Claims ledger" in page.read_text()


def test_a_section_whose_mart_is_absent_says_so(tmp_path: Path, serving: Path, tabs: Opener) -> None:
    import duckdb

    db = tmp_path / "partial.duckdb"
    shutil.copy(serving, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE main.government_debt_total")
        con.execute("DROP TABLE main.claims")
    result = render_from_file(db, tmp_path / "report")
    assert "main.government_debt_total" in result.missing["debt"] and "main.claims" in result.missing["claims"]
    page = tabs(result.path)
    text = page.evaluate("document.getElementById('claims').innerText")
    assert "not loaded: main.claims is not in this warehouse yet" in text
    assert page.errors == []


def test_the_error_detection_itself_catches_console_errors_and_exceptions(tmp_path: Path, tabs: Opener) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('lw-probe'); throw new Error('lw-boom');</script></body></html>")
    errors = tabs(bad).errors
    assert any("lw-probe" in e for e in errors) and any("lw-boom" in e for e in errors)
