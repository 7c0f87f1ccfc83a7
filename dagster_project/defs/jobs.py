"""Jobs and schedules, derived from each source's declared cadence (times in the source's time zone).

A source's scheduled job runs only the source (fetch, validate, load, its checks); what is built on it
runs afterwards, in ``DOWNSTREAM_JOB``, only when the rebuild decision finds work (``downstream_runs.py``):
the two stages of ``lw build``, under the daemon.
"""

import os

import dagster as dg

from dagster_project.defs.sources import source_key
from dagster_project.names import ALL_JOB, DOWNSTREAM_JOB, WRITER_TAGS, source_job_name, source_schedule_name
from ingest.source import SourceSpec
from ingest.sources import SOURCES

SOURCE_SELECTION = dg.AssetSelection.assets(*(source_key(spec) for spec in SOURCES.values()))

all_assets_job = dg.define_asset_job(
    ALL_JOB,
    selection=dg.AssetSelection.all(),
    tags=WRITER_TAGS,  # every job writes the one DuckDB warehouse: the run queue starts them one at a time
    description="Every source, every model and check, then the serving copy (what `lw build` runs, in two stages).",
)

downstream_job = dg.define_asset_job(
    DOWNSTREAM_JOB,
    selection=dg.AssetSelection.all() - SOURCE_SELECTION,
    tags=WRITER_TAGS,
    description=(
        "Everything built on the sources: the dbt models that changed, the report, the serving copy. "
        "Launched after a source's run when the rebuild decision finds work (`lw build`'s second stage)."
    ),
)

SOURCE_JOBS = {
    name: dg.define_asset_job(
        source_job_name(name),
        selection=dg.AssetSelection.assets(source_key(spec)),
        tags=WRITER_TAGS,
        description=f"{spec.description} Only the source; what is built on it follows when it loaded something new.",
    )
    for name, spec in SOURCES.items()
}


def source_schedule(spec: SourceSpec) -> dg.ScheduleDefinition:
    """The source's job on the source's own cadence (``LW_CRON_<SOURCE>`` replaces it: a test of the daemon)."""
    return dg.ScheduleDefinition(
        name=source_schedule_name(spec.name),
        job=SOURCE_JOBS[spec.name],
        cron_schedule=os.environ.get(f"LW_CRON_{spec.name.upper()}") or spec.cadence.cron,
        execution_timezone=spec.cadence.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=spec.cadence.schedule_description,
    )


schedules = [source_schedule(spec) for spec in SOURCES.values()]
jobs = [all_assets_job, downstream_job, *SOURCE_JOBS.values()]
