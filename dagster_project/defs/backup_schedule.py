"""A daily snapshot of the warehouse and of Dagster's instance (``lw backup`` as a scheduled job).

The op is in the warehouse pool and the job carries the writer tag, so it never runs beside a load
(it reads the warehouse; a writer would otherwise keep it waiting for the file lock).
"""

from pathlib import Path

import dagster as dg

from dagster_project.names import WAREHOUSE_POOL, WRITER_TAGS
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.recovery.backup import DEFAULT_KEEP, backup


@dg.op(
    pool=WAREHOUSE_POOL, description=f"Snapshot into LW_HOME/backups/<UTC time>/, keeping the newest {DEFAULT_KEEP}."
)
def backup_warehouse(context: dg.OpExecutionContext, lw: LiquidityWatchResource) -> None:
    # The instance's SQLite files live under its root directory (with PostgreSQL storage there are none).
    result = backup(lw.settings(), Path(context.instance.root_directory), keep=DEFAULT_KEEP)
    context.log.info(f"backup {result.path}: {result.bytes:,} bytes in {result.seconds:.1f}s; removed {result.removed}")


@dg.job(tags=WRITER_TAGS, description="`lw backup`: the warehouse and Dagster's instance, with a manifest.")
def lw_backup() -> None:
    backup_warehouse()


lw_backup_schedule = dg.ScheduleDefinition(
    name="lw_backup_schedule",
    job=lw_backup,
    cron_schedule="30 3 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 03:30 UTC, after the nightly build.",
)
