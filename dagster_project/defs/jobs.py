"""Jobs and schedules (Asia/Tokyo: the sources publish on Japanese business days)."""


import dagster as dg

from dagster_project.defs.raw_sources import raw_key

TZ = "Asia/Tokyo"
# All jobs write the one DuckDB warehouse: dagster.yaml limits runs with this tag to one at a time.
WRITER_TAGS = {"liquidity_watch/warehouse": "writer"}


def downstream_of(*sources: str) -> dg.AssetSelection:
    return dg.AssetSelection.assets(*(raw_key(s) for s in sources)).downstream()


all_assets_job = dg.define_asset_job(
    "lw_all",
    selection=dg.AssetSelection.all(),
    tags=WRITER_TAGS,
    description="Every source, every model and check, then the serving copy (what `lw build` runs).",
)

jgb_yields_job = dg.define_asset_job(
    "jgb_yields_daily",
    selection=downstream_of("mof_jgb_yields"),
    tags=WRITER_TAGS,
    description="MoF JGB yields and everything built on them.",
)

# MoF publishes each business day's yields the next business day at about 09:30 JST.
jgb_yields_schedule = dg.ScheduleDefinition(
    job=jgb_yields_job,
    cron_schedule="0 10 * * 1-5",
    execution_timezone=TZ,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="10:00 JST on weekdays, after MoF's 09:30 publication (a Japanese holiday just reloads the same data).",
)

defs = dg.Definitions(jobs=[all_assets_job, jgb_yields_job], schedules=[jgb_yields_schedule])
