"""`lw serve` on a real PostgreSQL instance: the daemon runs a schedule, survives a killed run, and stops cleanly;
a scheduled source run rebuilds what is built on it only when its bytes changed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import duckdb
import httpx
import pytest

from dagster_project.defs.downstream_runs import run_downstream_when_needed
from dagster_project.names import (
    AFTER_RUN_TAG,
    DOWNSTREAM_JOB,
    FRESHNESS_JOB,
    FRESHNESS_SCHEDULE,
    FRESHNESS_STEP,
    source_job_name,
)
from dagster_project.operations.runs import run_pid
from tests.conftest import NOT_YIELDS, RECORDED, YIELDS_DOWNSTREAM, change_one_yield, free_port
from tests.operations.conftest import group_pids, start_lw, stop_and_time, wait_for
from tests.run_events import dbt_checks_run, materialized, rebuilt

pytestmark = pytest.mark.slow

JOB = FRESHNESS_JOB  # one read-only step in the warehouse pool: the smallest run the daemon launches
STEP = FRESHNESS_STEP


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def answers(port: int, proc: subprocess.Popen[bytes]) -> bool:
    assert proc.poll() is None, "lw serve exited"
    try:
        return httpx.get(f"http://127.0.0.1:{port}/server_info", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def runs(instance: dg.DagsterInstance, job: str = JOB) -> list[dg.DagsterRun]:
    """The job's runs, oldest first."""
    records = instance.get_run_records(filters=dg.RunsFilter(job_name=job))
    return [r.dagster_run for r in sorted(records, key=lambda r: r.create_timestamp)]


def step_started(instance: dg.DagsterInstance, run_id: str) -> bool:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_START, limit=1).records
    return bool(records) and records[0].event_log_entry.step_key == STEP


def test_serve_runs_a_schedule_on_postgres_and_the_next_run_succeeds_after_one_is_killed(
    home_copy: Path, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    out = tmp_path / "serve.out"
    env = {"LW_DAGSTER_POSTGRES_URL": postgres_url, "LW_FRESHNESS_CRON": "* * * * *"}  # a run every minute
    proc = start_lw(home_copy, out, "serve", "--port", str(port), **env)
    try:
        wait_for(lambda: answers(port, proc), 180, "the webserver", out)
        group = {pid: cmdline(pid) for pid in group_pids(proc.pid)}
        assert any("dagster-webserver" in c for c in group.values()), group
        assert any("dagster-daemon run" in c for c in group.values()), group
        assert not any("dagster dev" in c or " dev " in c for c in group.values()), group
        assert (home_copy / "dagster" / "dagster.yaml").resolve().name == "dagster-postgres.yaml"

        monkeypatch.setenv("LW_DAGSTER_POSTGRES_URL", postgres_url)
        with dg.DagsterInstance.from_config(str(home_copy / "dagster")) as instance:
            # The test holds the warehouse's write lock: the first scheduled run blocks inside its step (the
            # pool slot claimed, waiting for the file), where it is killed as the OOM killer would.
            lock = duckdb.connect(str(home_copy / "warehouse.duckdb"))
            try:
                wait_for(
                    lambda: bool(runs(instance)) and step_started(instance, runs(instance)[0].run_id),
                    150,
                    "the first scheduled run to start its step",
                    home_copy / "logs" / "daemon.log",
                )
                killed = runs(instance)[0]
                pid = run_pid(instance, killed)
                assert pid and str(pid) != str(proc.pid)
                os.kill(pid, signal.SIGKILL)
            finally:
                lock.close()
            killed_at = time.monotonic()

            def killed_run_failed() -> bool:
                return instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE  # type: ignore[union-attr]

            daemon_log = home_copy / "logs" / "daemon.log"
            wait_for(killed_run_failed, 60, "the killed run to be marked failed", daemon_log)
            failed_s = time.monotonic() - killed_at
            # Its code server (the worker's parent) notices within a second; the reap_dead_runs sensor would
            # within 30 s if that server were gone too.
            events = [r.event_log_entry.dagster_event for r in instance.get_records_for_run(killed.run_id).records]
            said = [e.message or "" for e in events if e]
            assert any("terminated by signal 9 (SIGKILL)" in m or f"(pid {pid}) is gone" in m for m in said), said

            def slot_freed() -> bool:
                return killed.run_id not in instance.event_log_storage.get_concurrency_run_ids()

            wait_for(slot_freed, 70, "the killed run's pool slot to be freed", daemon_log)
            freed_s = time.monotonic() - killed_at

            def next_run_succeeded() -> bool:
                return any(r.status == dg.DagsterRunStatus.SUCCESS for r in runs(instance)[1:])

            wait_for(next_run_succeeded, 150, "the next scheduled run to succeed", daemon_log)
            later = [r for r in runs(instance)[1:] if r.status == dg.DagsterRunStatus.SUCCESS][0]
            assert later.tags.get("dagster/schedule_name") == FRESHNESS_SCHEDULE
            assert step_started(instance, later.run_id)
        print(
            f"killed run marked failed after {failed_s:.1f}s, its pool slot freed after {freed_s:.0f}s; "
            f"next scheduled run {later.run_id[:8]} succeeded"
        )
    finally:
        stopped_s = stop_and_time(proc, signal.SIGTERM, 20, whole_group=False)
    print(f"lw serve and everything it started stopped {stopped_s:.1f}s after SIGTERM to lw alone")
    assert "stopped in" in out.read_text()


SOURCE = "mof_jgb_yields"


def sensor_verdicts(instance: dg.DagsterInstance, name: str) -> list[str]:
    """What the sensor's ticks said when they launched nothing (their skip reasons), newest first."""
    states = [s for s in instance.all_instigator_state() if s.instigator_name == name]
    ticks = [t for s in states for t in instance.get_ticks(s.instigator_origin_id, s.selector_id, limit=500)]
    return [t.skip_reason or "" for t in ticks]


def test_serve_rebuilds_after_a_scheduled_source_run_only_when_its_bytes_changed(
    home_copy: Path, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daemon asks the same question as `lw build` between a source's run and what is built on it."""
    recorded = tmp_path / "recorded"
    shutil.copytree(RECORDED, recorded)
    serving = home_copy / "serving.duckdb"
    published = serving.read_bytes(), serving.stat().st_mtime_ns
    port = free_port()
    out = tmp_path / "serve.out"
    env = {
        "LW_DAGSTER_POSTGRES_URL": postgres_url,
        "LW_RECORDED_DIR": str(recorded),
        f"LW_CRON_{SOURCE.upper()}": "* * * * *",  # MoF's yields every minute
    }
    proc = start_lw(home_copy, out, "serve", "--port", str(port), **env)
    daemon_log = home_copy / "logs" / "daemon.log"
    try:
        wait_for(lambda: answers(port, proc), 180, "the webserver", out)
        monkeypatch.setenv("LW_DAGSTER_POSTGRES_URL", postgres_url)
        with dg.DagsterInstance.from_config(str(home_copy / "dagster")) as instance:
            sensor = run_downstream_when_needed.name

            def judged_unchanged_run() -> dg.DagsterRun | None:
                said = sensor_verdicts(instance, sensor)
                done = [r for r in runs(instance, source_job_name(SOURCE)) if r.status == dg.DagsterRunStatus.SUCCESS]
                return next((r for r in done if any(r.run_id in v for v in said)), None)

            # 1. Same bytes: the source run loads nothing, and nothing downstream runs.
            wait_for(lambda: judged_unchanged_run() is not None, 300, "a scheduled source run judged", daemon_log)
            unchanged = judged_unchanged_run()
            assert unchanged is not None
            assert materialized(instance, [unchanged.run_id])[SOURCE]["unchanged"] is True
            verdict = next(v for v in sensor_verdicts(instance, sensor) if unchanged.run_id in v)
            assert "nothing to do" in verdict, verdict
            assert runs(instance, DOWNSTREAM_JOB) == []
            assert (serving.read_bytes(), serving.stat().st_mtime_ns) == published

            # 2. One yield changed in the recording: the next scheduled run loads it, and the sensor launches
            # what is built on it, which rebuilds the yields' models and nothing else.
            change_one_yield(recorded)

            def downstream_done() -> bool:
                return any(r.status == dg.DagsterRunStatus.SUCCESS for r in runs(instance, DOWNSTREAM_JOB))

            wait_for(downstream_done, 600, "the downstream run after new bytes", daemon_log)
            after = [r for r in runs(instance, DOWNSTREAM_JOB) if r.status == dg.DagsterRunStatus.SUCCESS][0]
            loaded = after.tags[AFTER_RUN_TAG]
            assert materialized(instance, [loaded])[SOURCE]["unchanged"] is False
            built = rebuilt(instance, [after.run_id])
            assert built >= YIELDS_DOWNSTREAM and not built & NOT_YIELDS, built
            assert "jgb_yields" in dbt_checks_run(instance, [after.run_id])
            assert "cpi_monthly" not in dbt_checks_run(instance, [after.run_id])
            assert materialized(instance, [after.run_id])["serving_duckdb"]["rewritten"] is True
        with duckdb.connect(str(serving), read_only=True) as con:
            one_year = con.execute(
                "SELECT yield_pct FROM main.jgb_yields WHERE date = DATE '2026-06-30' AND tenor_years = 1"
            ).fetchone()
        assert one_year == (1.166,)
        print(
            f"unchanged run {unchanged.run_id[:8]}: {verdict}; run {loaded[:8]} loaded new bytes, "
            f"then {after.run_id[:8]} rebuilt {len(built)} models"
        )
    finally:
        stop_and_time(proc, signal.SIGTERM, 20, whole_group=False)
