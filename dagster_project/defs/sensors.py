"""Sensors: react to a source's new release instead of waiting for the schedule."""

import dagster as dg

from dagster_project.defs.jobs import SOURCE_JOBS
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.errors import IngestError
from ingest.pipeline import make_fetcher
from ingest.sources import mof_debt


@dg.sensor(
    job=SOURCE_JOBS[mof_debt.SOURCE.name],
    minimum_interval_seconds=6 * 3600,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every 6 h: fetch MoF's debt workbook; a new quarter or a revision (new bytes) requests a load.",
)
def mof_debt_release_sensor(context: dg.SensorEvaluationContext, lw: LiquidityWatchResource) -> dg.SensorResult:
    settings = lw.settings()
    try:
        marker = mof_debt.release_marker(make_fetcher(settings))
    except IngestError as exc:
        return dg.SensorResult(skip_reason=f"could not read MoF's workbook: {exc}")
    if context.cursor is None:
        # First tick after start-up: remember the edition the last build loaded; no run.
        return dg.SensorResult(skip_reason=f"remembering the current edition {marker}", cursor=marker)
    if marker == context.cursor:
        return dg.SensorResult(skip_reason=f"no new edition (still {marker})")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=marker, tags={f"{mof_debt.SOURCE.name}/edition": marker})], cursor=marker
    )
