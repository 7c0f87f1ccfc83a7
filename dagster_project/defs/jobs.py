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

boj_rates_job = dg.define_asset_job(
    "boj_rates_daily",
    selection=downstream_of("boj_rates", "boj_policy_decisions"),
    tags=WRITER_TAGS,
    description="BoJ rates (≤1 request/s), the reviewed policy decisions, and the policy marts.",
)

# The BoJ refreshes its Time-Series Data Search at about 08:50 JST; daily values lag ~2 days.
boj_rates_schedule = dg.ScheduleDefinition(
    job=boj_rates_job,
    cron_schedule="15 9 * * 1-5",
    execution_timezone=TZ,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="09:15 JST on weekdays, after the BoJ's ≈08:50 refresh.",
)

mof_debt_job = dg.define_asset_job(
    "mof_debt_quarterly",
    selection=downstream_of("mof_debt"),
    tags=WRITER_TAGS,
    description="MoF's quarterly central-government-debt workbook and the debt marts.",
)

# MoF releases a quarter ~5–6 weeks after it ends (e.g. 2026-02-10, 2026-08-07); the sensor
# catches early or late releases and revisions, the schedule is the backstop.
mof_debt_schedule = dg.ScheduleDefinition(
    job=mof_debt_job,
    cron_schedule="0 10 12 2,5,8,11 *",
    execution_timezone=TZ,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="10:00 JST on the 12th of Feb/May/Aug/Nov, after MoF's usual release.",
)

debt_service_job = dg.define_asset_job(
    "mof_debt_service_yearly",
    selection=downstream_of("mof_debt_service"),
    tags=WRITER_TAGS,
    description="Budget debt service (国債費): the August request and the December budget.",
)

debt_service_schedule = dg.ScheduleDefinition(
    job=debt_service_job,
    cron_schedule="0 10 5 1,9 *",
    execution_timezone=TZ,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="10:00 JST on 5 September (after the end-August requests) and 5 January (after the late-December budget).",
)

defs = dg.Definitions(
    jobs=[all_assets_job, jgb_yields_job, boj_rates_job, mof_debt_job, debt_service_job],
    schedules=[jgb_yields_schedule, boj_rates_schedule, mof_debt_schedule, debt_service_schedule],
)
