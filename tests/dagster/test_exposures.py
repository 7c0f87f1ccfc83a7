"""dbt's exposures say which marts the report and the dashboard read, and Dagster's lineage shows them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from bi.dashboard import datasets as dashboard_datasets
from dagster_project.dbt_project import DBT_DIR, DBT_EXECUTABLE, manifest
from dagster_project.definitions import defs
from dagster_project.names import DASHBOARD_EXPOSURE, REPORT_EXPOSURE
from ingest.settings import REPO_ROOT
from tests.conftest import lw_env

MART = re.compile(r"\bmain\.([a-z_]+)")


def exposure_marts(name: str) -> set[str]:
    (exposure,) = [e for e in manifest()["exposures"].values() if e["name"] == name]
    return {manifest()["nodes"][uid]["name"] for uid in exposure["depends_on"]["nodes"]}


def test_the_report_exposure_names_exactly_the_marts_the_report_code_reads() -> None:
    read = {m for path in (REPO_ROOT / "report").rglob("*.py") for m in MART.findall(path.read_text(encoding="utf-8"))}
    assert read and exposure_marts(REPORT_EXPOSURE) == read


def test_the_dashboard_exposure_names_exactly_the_marts_its_datasets_read() -> None:
    datasets = dashboard_datasets()
    read = {d.name for d in datasets if d.sql is None} | {m for d in datasets if d.sql for m in MART.findall(d.sql)}
    assert read and exposure_marts(DASHBOARD_EXPOSURE) == read


def test_dagster_lineage_shows_the_report_and_the_dashboard_downstream_of_what_they_read() -> None:
    g = defs().resolve_asset_graph()
    serving = dg.AssetKey(["serving", "serving_duckdb"])
    report = g.get(dg.AssetKey(["report", "analyst_report"]))
    dashboard = g.get(dg.AssetKey(["bi", DASHBOARD_EXPOSURE]))
    assert report.parent_keys == {dg.AssetKey(["main", m]) for m in exposure_marts(REPORT_EXPOSURE)}
    # the dashboard reads the serving copy (a copy of the marts), so it comes after the copy, never before it
    assert dashboard.parent_keys == {serving} | {dg.AssetKey(["main", m]) for m in exposure_marts(DASHBOARD_EXPOSURE)}
    assert not dashboard.is_materializable and dashboard.key not in g.get(serving).parent_keys
    assert str(dashboard.metadata["url"].value).endswith("/superset/dashboard/liquidity-watch/")


@pytest.mark.slow
def test_dbt_lists_what_each_exposure_needs(tmp_path: Path) -> None:
    proc = subprocess.run(
        [DBT_EXECUTABLE, "ls", "--quiet", "--select", "+exposure:*", "--resource-type", "model", "exposure"]
        + ["--output", "name", "--project-dir", ".", "--profiles-dir", ".", "--target-path", str(tmp_path)],
        cwd=DBT_DIR,
        env=lw_env(tmp_path / "lw"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    listed = set(proc.stdout.split())
    assert {DASHBOARD_EXPOSURE, REPORT_EXPOSURE, "claims", "jgb_curve_daily", "stg_mof_jgb_yields"} <= listed
    assert "reserve_alerts" not in listed  # no exposure reads it
