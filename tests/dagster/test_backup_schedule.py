"""The daily backup job, as the daemon would run it: a snapshot with a manifest, the instance's SQLite files in it."""

from __future__ import annotations

import json

import dagster as dg

from dagster_project.defs.backup_schedule import lw_backup, lw_backup_schedule
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.pipeline import run_source
from ingest.recovery.backup import list_backups
from ingest.settings import Settings
from ingest.sources import SOURCES


def test_the_scheduled_backup_snapshots_the_warehouse_and_the_instance(settings: Settings) -> None:
    run_source(SOURCES["mof_debt"], settings)
    lw = LiquidityWatchResource(home=str(settings.home), mode="offline", target="duckdb")
    with dg.instance_for_test() as instance:
        result = lw_backup.execute_in_process(instance=instance, resources={"lw": lw})
    assert result.success
    (snapshot,) = list_backups(settings)
    manifest = json.loads((snapshot / "manifest.json").read_text())
    files = {f["file"] for f in manifest["files"]}
    assert "warehouse.duckdb" in files and any(f.startswith("dagster/") and f.endswith(".db") for f in files)
    assert list(manifest["newest_loads"]) == ["mof_debt"]
    assert lw_backup_schedule.cron_schedule == "30 3 * * *"
