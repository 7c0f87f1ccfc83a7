"""Crash-safe runs and clean stops: a killed `lw build` leaves nothing that blocks the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_build
from tests.operations.conftest import start_lw, wait_for

pytestmark = pytest.mark.slow


def first_step_done(out: Path) -> bool:
    return "lw: [ 1/" in out.read_text(errors="replace")


def run_statuses(home: Path) -> dict[str, tuple[str, str]]:
    """run id → (status, failure message) from the instance, read in a child so DAGSTER_HOME is the home's."""
    code = (
        "import dagster as dg, json\n"
        "with dg.DagsterInstance.get() as i:\n"
        "    out = {}\n"
        "    for r in i.get_run_records():\n"
        "        run = r.dagster_run\n"
        "        recs = i.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.PIPELINE_FAILURE).records\n"
        "        why = recs[-1].event_log_entry.dagster_event.message if recs else ''\n"
        "        out[run.run_id] = (run.status.value, why)\n"
        "    print(json.dumps(out))\n"
    )
    import json
    import sys

    env = {**os.environ, "DAGSTER_HOME": str(home / "dagster")}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return {k: tuple(v) for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


def run_id_of(out: Path) -> str:
    line = next(ln for ln in out.read_text().splitlines() if ln.startswith("lw: run ") and "full log" in ln)
    return line.split()[2].rstrip(";")


def test_sigkill_mid_load_then_the_next_build_recovers_by_itself(home_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed.out"
    proc = start_lw(home_copy, out, "build", "--full")  # --full: a load to be in the middle of (the home is built)
    wait_for(lambda: first_step_done(out), 300, "the first load", out)
    os.kill(proc.pid, signal.SIGKILL)  # the process alone, as the OOM killer would
    proc.wait(timeout=10)
    killed_run = run_id_of(out)
    assert run_statuses(home_copy)[killed_run][0] == "STARTED"  # what used to block every later run

    started = time.monotonic()
    again = run_build(home_copy)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert f"recovered: marked dead run {killed_run[:8]}" in again.stdout
    status, message = run_statuses(home_copy)[killed_run]
    assert status == "FAILURE" and "is gone" in message and "last good data" in message
    assert not list(home_copy.glob(".serving-*.duckdb.tmp"))
    with duckdb.connect(str(home_copy / "serving.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.mof_jgb_yields").fetchone()[0] > 160_000
    print(f"recovery build took {time.monotonic() - started:.0f}s")


def test_sigint_stops_the_build_within_15s_and_says_the_warehouse_is_intact(home_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "interrupted.out"
    proc = start_lw(home_copy, out, "build", "--full")  # --full: real work to interrupt (the home is built)
    wait_for(lambda: first_step_done(out), 300, "the first load", out)
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    try:
        code = proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("lw build did not stop within 15 s of SIGINT:\n" + out.read_text()[-3000:]) from None
    elapsed = time.monotonic() - sent
    text = out.read_text()
    assert code == 130, text[-2000:]
    assert "INTERRUPTED" in text and "holds the last good data" in text
    interrupted = next(ln.split()[2] for ln in text.splitlines() if ln.startswith("lw: run ") and "INTERRUPTED" in ln)
    assert interrupted == run_id_of(out)  # the sources' run, stopped in its first steps: no second run started
    status, message = run_statuses(home_copy)[interrupted]
    assert status == "FAILURE" and "Interrupted by SIGINT" in message
    print(f"stopped {elapsed:.1f}s after SIGINT")
    # nothing left behind: the next build runs straight through
    again = run_build(home_copy, "--select", "raw/mof_jgb_yields")
    assert again.returncode == 0, again.stdout[-3000:]
