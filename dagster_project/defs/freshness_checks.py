"""A freshness check on every source asset, judged on the data's own dates (``ingest.freshness``).

Dagster's built-in ``build_last_update_freshness_checks`` / ``FreshnessPolicy`` judge the time of the last
materialization against the wall clock. Neither fits: a load that succeeds daily while the publisher
stopped updating would look fresh, and a replay could never be judged as of its recording day
(``LW_NOW``). So this is one ``@multi_asset_check`` (one step, one read-only warehouse connection)
with a ``freshness`` check per source, using the same code as ``lw status``. It runs with every job
that loads a source, and every 6 hours on its own so data going stale between loads shows up.
"""

import os
from collections.abc import Iterator

import dagster as dg

from dagster_project.defs.sources import source_key
from dagster_project.names import (
    FRESHNESS_CHECK,
    FRESHNESS_JOB,
    FRESHNESS_SCHEDULE,
    FRESHNESS_STEP,
    WAREHOUSE_POOL,
    WRITER_TAGS,
)
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.freshness import clock, judge, newest_data_date
from ingest.sources import SOURCES
from ingest.warehouse.connect import warehouse

CHECK_SPECS = [
    dg.AssetCheckSpec(
        FRESHNESS_CHECK,
        asset=source_key(spec),
        description=f"Newest {spec.cadence.date_column} within the cadence's bound: {spec.cadence.lag_description}.",
    )
    for spec in SOURCES.values()
]


@dg.multi_asset_check(
    specs=CHECK_SPECS,
    can_subset=True,
    name=FRESHNESS_STEP,
    description="Each source's newest data date against LW_NOW (or the wall clock) and its cadence's max lag.",
    pool=WAREHOUSE_POOL,  # reads the DuckDB file: not while another process writes it
)
def source_freshness(
    context: dg.AssetCheckExecutionContext, lw: LiquidityWatchResource
) -> Iterator[dg.AssetCheckResult]:
    now = clock()
    selected = {key.asset_key for key in context.selected_asset_check_keys}
    with warehouse(lw.settings(), read_only=True) as con:
        for spec in SOURCES.values():
            key = source_key(spec)
            if key not in selected:
                continue
            verdict = judge(spec, newest_data_date(con, spec), now.now)
            yield dg.AssetCheckResult(
                asset_key=key,
                check_name=FRESHNESS_CHECK,
                passed=not verdict.stale,
                severity=dg.AssetCheckSeverity.WARN,  # old data is news, not a broken pipeline
                description=verdict.describe(),
                metadata={
                    "verdict": verdict.verdict,
                    "newest_data_date": verdict.newest.isoformat() if verdict.newest else "none",
                    "judged_at": now.label,
                    "age_hours": verdict.as_dict()["age_hours"] or 0.0,
                    "max_lag_hours": verdict.as_dict()["max_lag_hours"],
                    "date_column": spec.cadence.date_column,
                    **({"dagster/last_updated_timestamp": verdict.newest.timestamp()} if verdict.newest else {}),
                },
            )


freshness_job = dg.define_asset_job(
    FRESHNESS_JOB,
    selection=dg.AssetSelection.checks(*(spec.key for spec in CHECK_SPECS)),
    tags=WRITER_TAGS,  # queued behind writers: DuckDB cannot be read while another process writes it
    description="Only the freshness checks: is each source's newest data still within its cadence's bound?",
)

freshness_schedule = dg.ScheduleDefinition(
    name=FRESHNESS_SCHEDULE,
    job=freshness_job,
    # LW_FRESHNESS_CRON: a faster cadence for a test of the daemon (tests/operations/test_serve.py).
    cron_schedule=os.environ.get("LW_FRESHNESS_CRON") or "40 */6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every 6 hours: judge freshness between loads (a source that stops publishing goes stale).",
)
