"""Superset over serving.duckdb, as `lw bi` serves it: provisioned dashboard, chart data equal to DuckDB's own
answer, no failed query while a build swaps the file. Drawn in Chromium: test_dashboard_browser.py; attacked
through SQL Lab and by role: test_sql_lab_sandbox.py."""

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

from bi.dashboard import all_charts, datasets
from bi.dashboard.bundle import DATABASE_NAME
from ingest.settings import REPO_ROOT
from tests.bi.conftest import Superset, record_timings
from tests.conftest import LW, lw_env, run_build

pytestmark = pytest.mark.slow


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
    assert sorted(c["slice_name"] for c in dashboard_charts) == sorted(c.title for c in all_charts())
    dbs = api.get("/api/v1/database/").json()["result"]
    assert [d["database_name"] for d in dbs] == [DATABASE_NAME]
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
    assert before == {"dashboard": 1, "chart": len(all_charts()), "dataset": len(datasets()), "database": 1}
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
    assert len(dashboard_charts) == len(all_charts())
    with duckdb.connect(str(serving), read_only=True) as con:
        for chart in dashboard_charts:
            result = chart_data(api, chart["id"])
            assert result["rowcount"] > 0 and result["data"], f"{chart['slice_name']}: no rows"
            direct = con.execute(result["query"]).fetchall()  # the SQL Superset ran, run by DuckDB itself
            via_superset = [tuple(row[c] for c in result["colnames"]) for row in result["data"]]
            assert rows_key(via_superset) == rows_key(direct), chart["slice_name"]
        # and against independent queries, for the charts whose meaning is easiest to get wrong
        titles = {c["slice_name"]: c["id"] for c in dashboard_charts}
        curve = chart_data(api, titles["JGB curve: latest vs 1 month vs 1 year earlier (MoF, %)"])["data"]
        latest = con.execute(
            "SELECT tenor_years, yield_pct FROM main.jgb_yields WHERE date = (SELECT max(date) FROM main.jgb_yields)"
        ).fetchall()
        assert {(r["tenor_years"], r["yield %"]) for r in curve if r["curve"].startswith("latest")} == set(latest)
        assert len({r["curve"] for r in curve}) == 3
        claims = chart_data(api, titles["Claims ledger"])
        assert claims["rowcount"] == con.execute("SELECT count(*) FROM main.claims").fetchone()[0]
        stress = chart_data(api, titles["Stress score (latest day, mean of z-scores)"])["data"]
        last = max((r for r in stress if r["stress score"] is not None), key=lambda r: r["date"])
        expected = con.execute(
            "SELECT stress_score FROM main.liquidity_pressure_daily WHERE stress_score IS NOT NULL "
            "ORDER BY date DESC LIMIT 1"
        ).fetchone()[0]
        assert last["stress score"] == pytest.approx(expected)


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
