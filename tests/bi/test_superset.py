"""Superset over serving.duckdb, as `lw bi` serves it: provisioned dashboard, chart data equal to DuckDB's own
answer, drawn in headless Chromium, no failed query while a build swaps the file, and no writes."""

from __future__ import annotations

import math
import subprocess
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from playwright.sync_api import Browser

from ingest.settings import REPO_ROOT
from tests.bi.conftest import Superset, load_dashboard_spec, record_timings
from tests.conftest import LW, lw_env, run_build

pytestmark = pytest.mark.slow
SPEC = load_dashboard_spec()
# The one console error Superset 6.1's prebuilt frontend always causes: it renders a Scarf telemetry <img>
# unconditionally; bi/superset_config.py's Content-Security-Policy makes the browser refuse it (nothing leaves
# the machine). Any other console error fails the test.
REFUSED_TELEMETRY = "apachesuperset.gateway.scarf.sh"


def chart_data(api: httpx.Client, chart_id: int) -> dict[str, Any]:
    """The chart's saved query through the REST API (force: past any cache, straight to the warehouse)."""
    r = api.get(f"/api/v1/chart/{chart_id}/data/", params={"force": "true"})
    assert r.status_code == 200, f"chart {chart_id}: expected 200, got {r.status_code}: {r.text[:800]}"
    result = r.json()["result"][0]
    assert result.get("error") is None and result["status"] == "success", result
    return result


def normalise(value: Any) -> Any:
    """Superset's JSON and DuckDB's Python values on one footing: temporal → epoch ms, numbers → floats."""
    if isinstance(value, datetime):
        return float((value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp() * 1000)
    if isinstance(value, date):
        return float(datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp() * 1000)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        f = float(value)
        return None if math.isnan(f) else round(f, 6)
    return value


def rows_key(rows: list[tuple[Any, ...]]) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(normalise(v) for v in row) for row in rows)


def test_lw_bi_served_the_provisioned_dashboard_on_loopback_only(
    superset: Superset, api: httpx.Client, dashboard_charts: list[dict[str, Any]]
) -> None:
    dash = api.get("/api/v1/dashboard/liquidity-watch").json()["result"]
    assert dash["dashboard_title"] == "Liquidity Watch" and dash["published"]
    assert sorted(c["slice_name"] for c in dashboard_charts) == sorted(c.title for c in SPEC.all_charts())
    dbs = api.get("/api/v1/database/").json()["result"]
    assert [d["database_name"] for d in dbs] == [SPEC.DATABASE_NAME]
    # /proc/net/tcp: every listening socket on the port is bound to 127.0.0.1 (0100007F), none to 0.0.0.0
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == superset.port
    ]
    assert listening and all(addr.startswith("0100007F:") for addr in listening), listening
    assert not any(
        line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == superset.port
        for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]
    )
    record_timings(superset)


def test_rerunning_lw_bi_updates_in_place_without_duplicates(superset: Superset, api: httpx.Client) -> None:
    def counts() -> dict[str, int]:
        return {
            kind: api.get(f"/api/v1/{kind}/", params={"q": "(page_size:100)"}).json()["count"]
            for kind in ("dashboard", "chart", "dataset", "database")
        }

    before = counts()
    assert before == {"dashboard": 1, "chart": len(SPEC.all_charts()), "dataset": len(SPEC.DATASETS), "database": 1}
    started = time.monotonic()
    proc = subprocess.run(
        [LW, "bi", "--no-serve"], env=lw_env(superset.home), cwd=REPO_ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "imported dashboard 'Liquidity Watch'" in proc.stdout
    assert superset.password not in proc.stdout + proc.stderr, "the password is printed only when generated"
    assert "installing" not in proc.stdout and "initialising" not in proc.stdout  # both done once per lock
    assert counts() == before
    record_timings(superset, rerun_no_serve_s=time.monotonic() - started)


def test_every_chart_answers_what_duckdb_answers(
    superset: Superset, api: httpx.Client, dashboard_charts: list[dict[str, Any]]
) -> None:
    serving = superset.home / "serving.duckdb"
    assert len(dashboard_charts) == len(SPEC.all_charts())
    with duckdb.connect(str(serving), read_only=True) as con:
        for chart in dashboard_charts:
            result = chart_data(api, chart["id"])
            assert result["rowcount"] > 0 and result["data"], f"{chart['slice_name']}: no rows"
            direct = con.execute(result["query"]).fetchall()  # the SQL Superset ran, run by DuckDB itself
            via_superset = [tuple(row[c] for c in result["colnames"]) for row in result["data"]]
            assert rows_key(via_superset) == rows_key(direct), chart["slice_name"]
        # and against independent queries, for the charts whose meaning is easiest to get wrong
        titles = {c["slice_name"]: c["id"] for c in dashboard_charts}
        curve = chart_data(api, titles["JGB curve: latest vs 1 month vs 1 year earlier"])["data"]
        latest = con.execute(
            "SELECT tenor_years, yield_pct FROM main.jgb_yields WHERE date = (SELECT max(date) FROM main.jgb_yields)"
        ).fetchall()
        assert {(r["tenor_years"], r["yield %"]) for r in curve if r["curve"].startswith("latest")} == set(latest)
        assert len({r["curve"] for r in curve}) == 3
        claims = chart_data(api, titles["Claims ledger"])
        assert claims["rowcount"] == con.execute("SELECT count(*) FROM main.claims").fetchone()[0]
        stress = chart_data(api, titles["Stress score (latest)"])["data"]
        last = max((r for r in stress if r["stress score"] is not None), key=lambda r: r["date"])
        expected = con.execute(
            "SELECT stress_score FROM main.liquidity_pressure_daily WHERE stress_score IS NOT NULL "
            "ORDER BY date DESC LIMIT 1"
        ).fetchone()[0]
        assert last["stress score"] == pytest.approx(expected)


def test_the_dashboard_draws_every_chart_in_chromium(
    superset: Superset, browser: Browser, dashboard_charts: list[dict[str, Any]]
) -> None:
    # tall enough that every chart is in view: Superset only renders the charts on screen
    context = browser.new_context(viewport={"width": 1600, "height": 3200})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "assert") else None)
    page.on("pageerror", lambda exc: errors.append(f"exception: {exc}"))
    try:
        page.goto(f"{superset.url}/login/")
        page.fill("#username", superset.user)
        page.fill("#password", superset.password)
        page.click("button[type=submit]")
        page.wait_for_url("**/superset/welcome/**", timeout=60_000)
        started = time.monotonic()
        page.goto(f"{superset.url}/superset/dashboard/liquidity-watch/", wait_until="networkidle", timeout=180_000)
        expected = {str(c["id"]) for c in dashboard_charts}
        drawn_js = """() => [...document.querySelectorAll('[data-test-chart-id]')].map(d => [
            d.getAttribute('data-test-chart-id'),
            d.querySelectorAll('canvas').length + d.querySelectorAll('table tbody tr').length
              + d.querySelectorAll('.header-line').length,
            d.querySelectorAll('[data-test="chart-error"], .ant-alert-error').length])"""
        page.wait_for_function(
            f"() => ({drawn_js})().filter(([id, drawn, errs]) => drawn > 0 || errs > 0).length >= {len(expected)}",
            timeout=180_000,
        )
        render_s = time.monotonic() - started
        page.wait_for_timeout(1500)  # let late (async) errors arrive, and echarts finish animating
        state = {cid: (drawn, errs) for cid, drawn, errs in page.evaluate(drawn_js)}
        assert set(state) == expected
        assert all(drawn > 0 and errs == 0 for drawn, errs in state.values()), state
        assert [e for e in errors if REFUSED_TELEMETRY not in e] == []
        height = int(
            page.evaluate(
                "document.querySelector('.grid-container, .dashboard-content')"
                "?.getBoundingClientRect().bottom || document.body.scrollHeight"
            )
        )
        shot = REPO_ROOT / "docs" / "dashboard.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1600, "height": min(height + 16, 3200)})
        assert 20_000 < shot.stat().st_size < 1_500_000
        record_timings(superset, dashboard_render_s=render_s)
    finally:
        context.close()


def test_no_query_fails_while_a_build_swaps_the_serving_file(
    superset: Superset, api: httpx.Client, dashboard_charts: list[dict[str, Any]]
) -> None:
    serving = superset.home / "serving.duckdb"
    inode_before = serving.stat().st_ino
    database_id = api.get("/api/v1/database/").json()["result"][0]["id"]

    def published_at(client: httpx.Client) -> str:
        r = client.post(
            "/api/v1/sqllab/execute/",
            json={
                "database_id": database_id,
                "runAsync": False,
                "sql": "SELECT published_at FROM main._published",
                "schema": "main",
            },
        )
        assert r.status_code == 200, r.text[:800]
        return str(r.json()["data"][0]["published_at"])

    stamp_before = published_at(api)
    failures: list[str] = []
    done = threading.Event()
    ok = Counter[str]()

    def hammer() -> None:
        client = superset.client()  # its own client and session per thread
        try:
            while not done.is_set():
                for chart in dashboard_charts:
                    try:
                        r = client.get(f"/api/v1/chart/{chart['id']}/data/", params={"force": "true"})
                        body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
                        res = (body.get("result") or [{}])[0]
                        if r.status_code != 200 or res.get("error") or not res.get("data"):
                            failures.append(f"{chart['slice_name']}: {r.status_code} {r.text[:300]}")
                        else:
                            ok["queries"] += 1
                    except httpx.HTTPError as exc:
                        failures.append(f"{chart['slice_name']}: {exc!r}")
        finally:
            client.close()

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for t in threads:
        t.start()
    started = time.monotonic()
    try:
        build = run_build(superset.home, "--full")  # --full: republish even though no source changed
    finally:
        build_s = time.monotonic() - started
        time.sleep(3)  # a few more rounds against the new file
        done.set()
        for t in threads:
            t.join(timeout=300)
    assert build.returncode == 0 and "succeeded" in build.stdout, build.stdout[-3000:] + build.stderr[-3000:]
    assert serving.stat().st_ino != inode_before, "expected the build to replace serving.duckdb (os.replace)"
    assert failures == [], failures[:5]
    assert ok["queries"] >= 2 * len(dashboard_charts), ok
    assert published_at(api) != stamp_before, "Superset still reads the old serving copy: no restart should be needed"
    record_timings(superset, build_under_load_s=build_s, queries_during_build=ok["queries"])


def test_writes_are_refused_even_when_superset_would_allow_them(superset: Superset, api: httpx.Client) -> None:
    database = api.get("/api/v1/database/").json()["result"][0]
    db_id = database["id"]
    write = {
        "database_id": db_id,
        "runAsync": False,
        "schema": "main",
        "sql": "CREATE TABLE main.lw_probe AS SELECT 1 AS x",
    }
    # 1. as provisioned: Superset's own guard (allow_dml off) refuses DML in SQL Lab
    r = api.post("/api/v1/sqllab/execute/", json=write)
    assert r.status_code != 200 and "DML" in r.text, r.text[:800]
    # 2. with that guard lifted, the database itself refuses: the connection is read-only
    lifted = api.put(f"/api/v1/database/{db_id}", json={"allow_dml": True})
    assert lifted.status_code == 200, lifted.text[:800]
    try:
        for sql in (
            "CREATE TABLE main.lw_probe AS SELECT 1 AS x",
            "DELETE FROM main.claims",
            "INSERT INTO main.claims (id) VALUES ('lw-probe')",
        ):
            r = api.post("/api/v1/sqllab/execute/", json={**write, "sql": sql})
            assert r.status_code != 200 and "read-only" in r.text, f"{sql}: {r.status_code} {r.text[:800]}"
    finally:
        restored = api.put(f"/api/v1/database/{db_id}", json={"allow_dml": False})
        assert restored.status_code == 200, restored.text[:800]
    with duckdb.connect(str(superset.home / "serving.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'lw_probe'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM main.claims WHERE id = 'lw-probe'").fetchone()[0] == 0
