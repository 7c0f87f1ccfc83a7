"""Under the daemon, what is built on the sources runs only when a source run left work for it.

A source's scheduled run (or one its release sensor requested) loads only that source. When it
succeeds, this sensor asks the rebuild decision (``dagster_project/rebuild/``) what must run — the
same question ``lw build`` asks between its two runs — and launches ``DOWNSTREAM_JOB`` only if the
answer is not "nothing": a scheduled run whose bytes did not change rebuilds and retests nothing.
"""

import dagster as dg
import duckdb

from dagster_project.defs.jobs import SOURCE_JOBS, downstream_job
from dagster_project.names import AFTER_RUN_TAG, FULL_TAG, is_full
from dagster_project.rebuild import what_must_run
from dagster_project.settings_resource import LiquidityWatchResource


def _reasons(lw: LiquidityWatchResource, full: bool) -> list[str]:
    try:
        return what_must_run(lw.settings(), full=full).reasons
    except duckdb.IOException as exc:  # another run holds the warehouse's write lock (after a ~30 s wait)
        # Not decided here, so not skipped: the run's own steps ask the same question and do only what is due.
        return [f"undecided, the warehouse is busy ({str(exc).splitlines()[0]}): the run's steps decide"]


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="run_downstream_when_needed",
    monitored_jobs=list(SOURCE_JOBS.values()),
    request_job=downstream_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "After a source's run succeeds: launches what is built on the sources when the rebuild decision "
        "finds work (new loads, changed code, a stale serving copy or report), else nothing."
    ),
)
def run_downstream_when_needed(
    context: dg.RunStatusSensorContext, lw: LiquidityWatchResource
) -> dg.RunRequest | dg.SkipReason:
    run = context.dagster_run
    full = is_full(run.tags)
    reasons = _reasons(lw, full)
    if not reasons:
        return dg.SkipReason(
            f"after run {run.run_id} ({run.job_name}): nothing to do: every dbt model and test is as it last "
            "built and passed, and the serving copy and the report are from this warehouse state"
        )
    context.log.info(f"after run {run.run_id} ({run.job_name}): {'; '.join(reasons)}")
    return dg.RunRequest(
        run_key=run.run_id,
        tags={AFTER_RUN_TAG: run.run_id, **({FULL_TAG: "true"} if full else {})},
    )
