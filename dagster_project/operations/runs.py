"""Runs whose process died: find them, mark them failed, release what they held.

A run killed with SIGKILL (or lost with its machine) stays STARTED in Dagster's storage and keeps
its claim on the warehouse pool slot (``WAREHOUSE_POOL``), so every later run would wait for it forever. The
default run launcher cannot tell the daemon's run monitoring that a worker died, and in-process runs
(``lw build``) have no monitor at all, so ``lw build`` (before it starts) and the ``reap_dead_runs``
sensor (every 30 s under the daemon) both call ``reap_dead_runs``: a run is dead when the process
that executes its steps, recorded by Dagster's own "Executing steps in process (pid: N)" /
"Started process for run (pid: N)" engine events, no longer exists on this host.

Releasing means: the run is reported failed with a reason a person understands; its concurrency
slots are freed; what is left of its process group (a dbt child of a killed ``lw build``) is killed,
so the DuckDB file lock goes with it; its ``.serving-<pid>.duckdb.tmp`` is removed. The warehouse
needs nothing: every load and every dbt model commits whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
from pathlib import Path

import dagster as dg

from dagster_project.names import HOST_TAG, PGID_TAG, PID_TAG
from dagster_project.operations.processes import alive

UNFINISHED = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]
TEMP_SERVING = re.compile(r"^\.serving-(\d+)\.duckdb\.tmp$")


def process_tags() -> dict[str, str]:
    """Tags ``lw build`` puts on its run: which process (and process group) on which host runs it."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname(), PGID_TAG: str(os.getpgrp())}


def run_pid(instance: dg.DagsterInstance, run: dg.DagsterRun) -> int | None:
    """The pid executing ``run``: our tag, else the pid in Dagster's first engine event that names one."""
    if PID_TAG in run.tags:
        return int(run.tags[PID_TAG])
    records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT, limit=50).records
    for record in records:
        event = record.event_log_entry.dagster_event
        metadata = (getattr(event.event_specific_data, "metadata", None) if event else None) or {}
        if "pid" in metadata:
            return int(metadata["pid"].value)
    return None


def holder(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    pid = run_pid(instance, run)
    return f"run {run.run_id[:8]} ({run.job_name}, pid {pid if pid else '?'})"


def live_writers(instance: dg.DagsterInstance, exclude: str | None = None) -> list[dg.DagsterRun]:
    """Unfinished runs of this instance whose process is alive (or not yet known), other than ``exclude``."""
    runs = [r.dagster_run for r in instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED))]
    return [r for r in runs if r.run_id != exclude and _state(instance, r) != "dead"]


def _state(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    if run.tags.get(HOST_TAG, socket.gethostname()) != socket.gethostname():
        return "elsewhere"  # another machine's process: not ours to judge
    pid = run_pid(instance, run)
    if pid is None:
        return "unknown"  # not started yet: run monitoring's start timeout covers it
    return "alive" if alive(pid) else "dead"


def reap_dead_runs(instance: dg.DagsterInstance, home: Path | None, by: str) -> list[str]:
    """Mark every dead unfinished run failed and release what it held; returns one line per action."""
    done: list[str] = []
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED)):
        run = record.dagster_run
        if _state(instance, run) != "dead":
            continue
        pid = run_pid(instance, run)
        instance.report_run_failed(
            run,
            message=(
                f"The process running this run (pid {pid}) is gone: it was killed or crashed before the run ended. "
                f"Marked failed by {by}. The warehouse keeps the last good data (each load and each dbt model "
                "commits whole or not at all); the next run loads again."
            ),
        )
        done.append(f"marked dead run {run.run_id[:8]} ({run.job_name}, pid {pid}) failed")
        if pid is not None and run.tags.get(PGID_TAG) == str(pid):
            _kill_group(pid)  # its own process group: dbt children it left behind
    done += free_orphan_slots(instance)
    if home is not None:
        done += remove_dead_temp_files(home)
    return done


def free_orphan_slots(instance: dg.DagsterInstance) -> list[str]:
    """Free pool slots still claimed by runs that ended (or no longer exist)."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    freed = []
    for run_id in storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            storage.free_concurrency_slots_for_run(run_id)
            freed.append(f"freed the pool slots of ended run {run_id[:8]}")
    return freed


def remove_dead_temp_files(home: Path) -> list[str]:
    """``.serving-<pid>.duckdb.tmp`` left by a publish whose process died."""
    removed = []
    for path in home.glob(".serving-*.duckdb.tmp"):
        match = TEMP_SERVING.match(path.name)
        if match and not alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(f"removed {path.name} (left by dead pid {match.group(1)})")
    return removed


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
