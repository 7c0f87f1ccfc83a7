"""`lw serve` on a real PostgreSQL instance: the daemon runs a schedule, survives a killed run, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import duckdb
import httpx
import pytest

from dagster_project.operations.runs import run_pid
from tests.conftest import free_port
from tests.operations.conftest import group_pids, start_lw, stop_and_time, wait_for

pytestmark = pytest.mark.slow

JOB = "lw_freshness"  # one read-only step in pool duckdb_warehouse: the smallest run the daemon launches
STEP = "source_freshness"


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


def runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """The job's runs, oldest first."""
    records = instance.get_run_records(filters=dg.RunsFilter(job_name=JOB))
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
            assert later.tags.get("dagster/schedule_name") == "lw_freshness_schedule"
            assert step_started(instance, later.run_id)
        print(
            f"killed run marked failed after {failed_s:.1f}s, its pool slot freed after {freed_s:.0f}s; "
            f"next scheduled run {later.run_id[:8]} succeeded"
        )
    finally:
        stopped_s = stop_and_time(proc, signal.SIGTERM, 20, whole_group=False)
    print(f"lw serve and everything it started stopped {stopped_s:.1f}s after SIGTERM to lw alone")
    assert "stopped in" in out.read_text()
