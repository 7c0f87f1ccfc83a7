"""Jobs and schedules, derived from each source's declared cadence (times in the source's time zone)."""

import dagster as dg

from dagster_project.defs.sources import source_key
from ingest.source import SourceSpec
from ingest.sources import SOURCES

# All jobs write the one DuckDB warehouse: dagster.yaml limits runs with this tag to one at a time.
WRITER_TAGS = {"liquidity_watch/warehouse": "writer"}

all_assets_job = dg.define_asset_job(
    "lw_all",
    selection=dg.AssetSelection.all(),
    tags=WRITER_TAGS,
    description="Every source, every model and check, then the serving copy (what `lw build` runs).",
)


def source_job_name(spec: SourceSpec) -> str:
    return f"{spec.name}_job"


SOURCE_JOBS = {
    name: dg.define_asset_job(
        source_job_name(spec),
        selection=dg.AssetSelection.assets(source_key(spec)).downstream(),
        tags=WRITER_TAGS,
        description=f"{spec.description} Then everything built on it.",
    )
    for name, spec in SOURCES.items()
}


def source_schedule(spec: SourceSpec) -> dg.ScheduleDefinition:
    """The source's job (it and everything built on it) on the source's own cadence."""
    return dg.ScheduleDefinition(
        name=f"{spec.name}_schedule",
        job=SOURCE_JOBS[spec.name],
        cron_schedule=spec.cadence.cron,
        execution_timezone=spec.cadence.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=spec.cadence.schedule_description,
    )


schedules = [source_schedule(spec) for spec in SOURCES.values()]
jobs = [all_assets_job, *SOURCE_JOBS.values()]
