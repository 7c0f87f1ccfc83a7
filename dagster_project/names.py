"""Every name Dagster knows this project by: jobs, schedules, checks, the writer pool and run tags, declared once.

Definitions, ``lw build``, ``lw status``, the sensors and the tests all read them from here. The
checked-in instance files (``dagster.yaml``, ``dagster-postgres.yaml``) cannot import Python: they
repeat ``WRITER_TAG``, and ``tests/dagster/test_definitions.py`` keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping

# Jobs. `lw build` runs ALL_JOB (in two stages); the daemon runs a source's job on its schedule, then
# DOWNSTREAM_JOB when the rebuild decision finds work; FRESHNESS_JOB only judges freshness.
ALL_JOB = "lw_all"
DOWNSTREAM_JOB = "lw_downstream"
FRESHNESS_JOB = "lw_freshness"
FRESHNESS_SCHEDULE = "lw_freshness_schedule"

# Checks: each source's freshness (judged on the data's own dates), run in one step for all sources.
FRESHNESS_CHECK = "freshness"
FRESHNESS_STEP = "source_freshness"

# DuckDB takes one read-write process at a time: every step that opens the warehouse is in this pool.
WAREHOUSE_POOL = "duckdb_warehouse"

# dbt exposures (dbt/models/exposures.yml) that Dagster's lineage shows: the report is an asset of its own.
DASHBOARD_EXPOSURE = "liquidity_watch_dashboard"
REPORT_EXPOSURE = "analyst_report"

# Run tags. Every job writes the one warehouse: the instance's run queue starts runs with WRITER_TAG one at a time.
WRITER_TAG = "liquidity_watch/warehouse"
WRITER_TAGS = {WRITER_TAG: "writer"}
# `lw build --full`, or this tag on a run launched from the UI: reload every source, rebuild every model,
# rewrite the serving copy and the report.
FULL_TAG = "liquidity_watch/full"
# Which process (and process group) on which host executes an `lw build` run: how a dead run is told apart.
PID_TAG = "liquidity_watch/pid"
HOST_TAG = "liquidity_watch/host"
PGID_TAG = "liquidity_watch/pgid"
# On a DOWNSTREAM_JOB run the daemon launched: the source run whose loads it follows.
AFTER_RUN_TAG = "liquidity_watch/after_run"


def source_job_name(source: str) -> str:
    return f"{source}_job"


def source_schedule_name(source: str) -> str:
    return f"{source}_schedule"


def gx_check_name(source: str) -> str:
    """The blocking Great Expectations check on a source's asset."""
    return f"gx_{source}"


def is_full(tags: Mapping[str, str]) -> bool:
    """Does a run with these tags redo everything (``FULL_TAG``)?"""
    return tags.get(FULL_TAG) == "true"
