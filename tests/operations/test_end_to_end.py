"""`lw build` end to end in a temporary LW_HOME, a failing check that must stop the publish, and the UI."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.conftest import RECORDED, free_port, run_build
from tests.operations.conftest import start_lw, stop_and_time

pytestmark = pytest.mark.slow


GRAPH = "{ assetNodes { assetKey { path } assetMaterializations(limit: 1) { runId } } }"
VOLATILE_COLUMNS = ("checked_at",)  # when a claim was checked: a fact about the run, not the data


def snapshot(db: Path) -> dict[str, tuple]:
    """Every table's row count and content hash (the load log and publish stamp vary by design)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE table_name NOT IN ('_loads', '_published')"
        ).fetchall()
        out = {}
        for s, t in tables:
            cols = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
                    "ORDER BY column_index",
                    [s, t],
                ).fetchall()
                if c not in VOLATILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[f"{s}.{t}"] = con.execute(
                f'SELECT count(*), hash(list(x ORDER BY x)) FROM (SELECT {select} FROM {s}."{t}") x'
            ).fetchone()
        return out


@pytest.fixture(scope="module")
def built(built_home: Path) -> Path:
    return built_home


def test_build_publishes_a_serving_copy_any_client_can_query(built: Path) -> None:
    with duckdb.connect(str(built / "serving.duckdb"), read_only=True) as con:
        rows = con.execute("select * from jgb_curve_daily order by date desc limit 5").fetchall()
        assert len(rows) == 5 and rows[0][0].isoformat() == "2026-06-30" and rows[0][10] == 2.69
        tables = {r[0] for r in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
    assert {
        "main.jgb_yields",
        "main.jgb_curve_daily",
        "main.jgb_spreads",
        "main.jgb_tenor_records",
        "raw.mof_jgb_yields",
        "staging.stg_mof_jgb_yields",
    } <= tables


def test_second_build_leaves_every_table_identical(built: Path) -> None:
    before = snapshot(built / "warehouse.duckdb")
    proc = run_build(built)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert snapshot(built / "warehouse.duckdb") == before
    served = snapshot(built / "serving.duckdb")
    # the serving copy holds every warehouse table unchanged (and the views, materialized)
    assert {k: served[k] for k in before} == before
    assert "staging.stg_mof_jgb_yields" in served


def test_a_failing_blocking_check_stops_the_load_and_the_publish(home_copy: Path, tmp_path: Path) -> None:
    """A real payload with one impossible yield: GX fails, nothing downstream runs, BI sees the old copy."""
    built = home_copy  # its failed run must not become the shared home's last run (test_status_alerts reads it)
    rec = tmp_path / "recorded"
    shutil.copytree(RECORDED, rec)
    csv = rec / "mof_jgb_yields" / "jgbcme_all_to_2026-06-30.csv"  # the newest vintage, replayed last
    original = csv.read_bytes()
    data = original.replace(b"\n2026/6/30,1.165,", b"\n2026/6/30,31.165,")
    assert data != original
    csv.chmod(0o644)
    csv.write_bytes(data)
    manifest = rec / "mof_jgb_yields" / "manifest.yaml"
    sha_before, sha_after = hashlib.sha256(original).hexdigest(), hashlib.sha256(data).hexdigest()
    manifest.write_text(manifest.read_text().replace(sha_before, sha_after))
    warehouse_before = snapshot(built / "warehouse.duckdb")
    serving_bytes = (built / "serving.duckdb").read_bytes()

    proc = run_build(built, LW_RECORDED_DIR=str(rec))
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "failed check: raw/mof_jgb_yields:gx_mof_jgb_yields" in out
    assert "ExpectColumnValuesToBeBetween(column=yield_pct" in out and "31.165" in out
    assert snapshot(built / "warehouse.duckdb") == warehouse_before
    assert (built / "serving.duckdb").read_bytes() == serving_bytes
    reason = json.loads(next((built / "quarantine" / "mof_jgb_yields").glob("*.reason.json")).read_text())
    assert reason["stage"] == "validate" and "31.165" in reason["reason"]
    # downstream steps never started
    not_run = next(line for line in proc.stdout.splitlines() if line.startswith("lw:   not run (upstream failed):"))
    assert "dbt_models" in not_run and "serving__serving_duckdb" in not_run
    assert "lw:   failed step: raw__mof_jgb_yields" in proc.stdout


def test_lw_up_builds_serves_the_graph_says_little_and_stops_on_ctrl_c(home_copy: Path, tmp_path: Path) -> None:
    """The README's first command, minus the install: `lw up` builds, then the UI answers GraphQL; Ctrl-C ends all."""
    port = free_port()
    log = tmp_path / "lw-up.log"
    proc = start_lw(home_copy, log, "up", "--port", str(port))
    try:
        deadline = time.monotonic() + 300
        nodes = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": GRAPH}, timeout=10)
                if r.status_code == 200 and r.json().get("data", {}).get("assetNodes"):
                    nodes = r.json()["data"]["assetNodes"]
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        assert nodes, "lw up did not serve /graphql within 300 s:\n" + log.read_text()[-3000:]
        console = log.read_text().splitlines()
        serving = next(i for i, line in enumerate(console) if line.startswith("lw: Serving the Dagster UI on http"))
        assert serving + 1 <= 60, "\n".join(console)  # a screenful before the UI, not Dagster's and dbt's logs
        assert any(" succeeded in " in line for line in console[:serving]), console
        full = [p for p in (home_copy / "logs").glob("*.log") if p.name not in ("webserver.log", "daemon.log")]
        newest = max(full, key=lambda p: p.stat().st_mtime)
        # the full log holds Dagster's events the console sums up in one line a step
        steps_ok = [line for line in console[:serving] if re.match(r"lw: \[ *\d+/\d+\] ok ", line)]
        assert steps_ok and newest.read_text().count(" - STEP_SUCCESS - ") == len(steps_ok)
        assert (home_copy / "logs" / "webserver.log").exists() and (home_copy / "logs" / "daemon.log").exists()
        keys = {"/".join(n["assetKey"]["path"]): n for n in nodes}
        for key in ("raw/mof_jgb_yields", "main/jgb_curve_daily", "main/jgb_tenor_records", "serving/serving_duckdb"):
            assert key in keys, sorted(keys)
            assert keys[key]["assetMaterializations"], f"{key} shows no materialization in the UI"
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()
    finally:
        stopped_s = stop_and_time(proc, signal.SIGINT, 20, whole_group=True)  # Ctrl-C: the whole foreground group
    print(f"lw up: {serving + 1} console lines up to the Serving line; stopped {stopped_s:.1f}s after SIGINT")
    assert "SIGINT received" in log.read_text()


def test_a_build_exits_with_its_run_recorded_its_log_whole_and_the_warehouse_closed(built: Path) -> None:
    """`lw build` skips Python's teardown (os._exit) only once all of this is done."""
    import dagster as dg

    proc = run_build(built)
    assert proc.returncode == 0, proc.stdout[-2000:]
    run_id = re.search(r"^lw: run ([0-9a-f-]{36});", proc.stdout, re.MULTILINE)[1]  # type: ignore[index]
    assert proc.stdout.rstrip().endswith(f"serving copy for BI tools: {built / 'serving.duckdb'}")
    log = (built / "logs" / f"{run_id}.log").read_text(encoding="utf-8")
    assert 'Finished execution of run for "lw_all"' in log and log.endswith("\n")
    assert not (built / "warehouse.duckdb.wal").exists()  # every read-write connection closed (checkpointed)
    with duckdb.connect(str(built / "warehouse.duckdb")) as con:  # and no process still holds its lock
        assert con.execute("SELECT count(*) FROM raw._loads").fetchone()[0] > 0  # type: ignore[index]
    with dg.DagsterInstance.from_config(str(built / "dagster")) as instance:
        run = instance.get_run_by_id(run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
