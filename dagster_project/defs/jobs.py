"""Jobs and schedules (Asia/Tokyo: the sources publish on Japanese business days)."""

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition  # what define_asset_job returns

from dagster_project.defs.raw_sources import raw_key

TZ = "Asia/Tokyo"
# All jobs write the one DuckDB warehouse: dagster.yaml limits runs with this tag to one at a time.
WRITER_TAGS = {"liquidity_watch/warehouse": "writer"}


def downstream_of(*sources: str) -> dg.AssetSelection:
    return dg.AssetSelection.assets(*(raw_key(s) for s in sources)).downstream()


def source_job(name: str, sources: tuple[str, ...], description: str) -> UnresolvedAssetJobDefinition:
    """A job that refreshes these sources and everything built on them."""
    return dg.define_asset_job(name, selection=downstream_of(*sources), tags=WRITER_TAGS, description=description)


def tokyo_schedule(job: UnresolvedAssetJobDefinition, cron: str, description: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        job=job, cron_schedule=cron, execution_timezone=TZ,
        default_status=dg.DefaultScheduleStatus.RUNNING, description=description,
    )


all_assets_job = dg.define_asset_job(
    "lw_all",
    selection=dg.AssetSelection.all(),
    tags=WRITER_TAGS,
    description="Every source, every model and check, then the serving copy (what `lw build` runs).",
)

jgb_yields_job = source_job("jgb_yields_daily", ("mof_jgb_yields",), "MoF JGB yields and everything built on them.")
boj_rates_job = source_job(
    "boj_rates_daily", ("boj_rates", "boj_policy_decisions"),
    "BoJ rates (≤1 request/s), the reviewed policy decisions, and the policy marts.",
)
mof_debt_job = source_job("mof_debt_quarterly", ("mof_debt",), "MoF's quarterly central-government-debt workbook and the debt marts.")
debt_service_job = source_job(
    "mof_debt_service_yearly", ("mof_debt_service",), "Budget debt service (国債費): the August request and the December budget."
)

onchain_job = source_job(
    "onchain_hourly", ("onchain_snapshot",),
    "Stablecoin supply, PSM/reserve balances and PoR feeds read from chain at a confirmed block.",
)
attestations_job = source_job("attestations_daily", ("attestations",), "Issuers' published reserve figures.")

schedules = [
    # MoF publishes each business day's yields the next business day at about 09:30 JST.
    tokyo_schedule(jgb_yields_job, "0 10 * * 1-5",
                   "10:00 JST on weekdays, after MoF's 09:30 publication (a Japanese holiday just reloads the same data)."),
    # The BoJ refreshes its Time-Series Data Search at about 08:50 JST; daily values lag ~2 days.
    tokyo_schedule(boj_rates_job, "15 9 * * 1-5", "09:15 JST on weekdays, after the BoJ's ≈08:50 refresh."),
    # MoF releases a quarter ~5–6 weeks after it ends (e.g. 2026-02-10, 2026-08-07); the sensor
    # catches early or late releases and revisions, the schedule is the backstop.
    tokyo_schedule(mof_debt_job, "0 10 12 2,5,8,11 *", "10:00 JST on the 12th of Feb/May/Aug/Nov, after MoF's usual release."),
    # TRON answers eth_call only at the latest block: its history is the snapshots we keep.
    tokyo_schedule(onchain_job, "5 * * * *", "Every hour at :05 (TRON keeps no history: each snapshot is the record)."),
    tokyo_schedule(attestations_job, "30 9 * * *", "09:30 JST daily (USDD refreshes every 5 min; Tether/Circle publish monthly/quarterly)."),
    tokyo_schedule(debt_service_job, "0 10 5 1,9 *",
                   "10:00 JST on 5 September (after the end-August requests) and 5 January (after the late-December budget)."),
]

defs = dg.Definitions(
    jobs=[all_assets_job, jgb_yields_job, boj_rates_job, mof_debt_job, debt_service_job, onchain_job, attestations_job],
    schedules=schedules,
)
