"""The Dagster definitions load and say what the design promises (without running anything)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import yaml

from dagster_project.definitions import defs
from dagster_project.names import (
    ALL_JOB,
    DASHBOARD_EXPOSURE,
    DOWNSTREAM_JOB,
    FRESHNESS_STEP,
    WRITER_TAG,
    source_job_name,
)
from ingest.settings import REPO_ROOT, Settings
from ingest.sources import SOURCES
from tests.conftest import copy_repo, lw_env


def definitions() -> dg.Definitions:
    return defs()


def graph() -> dg.AssetGraph:  # type: ignore[name-defined]
    return definitions().resolve_asset_graph()


def test_every_source_folder_is_an_asset_with_a_blocking_gx_check_a_job_and_a_schedule() -> None:
    d = definitions()
    g = d.resolve_asset_graph()
    checks = {c.to_user_string() for c in g.asset_check_keys}
    for name, spec in SOURCES.items():
        key = dg.AssetKey(["raw", name])
        assert key in g.get_all_asset_keys()
        assert g.get_check_spec(dg.AssetCheckKey(key, f"gx_{name}")).blocking, f"gx_{name} must block downstream"
        assert f"raw/{name}:gx_{name}" in checks
        sched = d.resolve_schedule_def(f"{name}_schedule")
        assert sched.cron_schedule == spec.cadence.cron and sched.execution_timezone == spec.cadence.timezone
        assert d.resolve_job_def(f"{name}_job").tags.get("liquidity_watch/warehouse") == "writer"


def test_dbt_sources_map_to_the_raw_assets_and_marts_depend_on_them() -> None:
    g = graph()
    stg = dg.AssetKey(["staging", "stg_mof_jgb_yields"])
    assert dg.AssetKey(["raw", "mof_jgb_yields"]) in g.get(stg).parent_keys
    assert dg.AssetKey(["main", "jgb_curve_daily"]) in g.get_all_asset_keys()
    assert any(c.asset_key == dg.AssetKey(["main", "jgb_tenor_records"]) for c in g.asset_check_keys)


def test_the_serving_copy_waits_for_every_other_asset() -> None:
    g = graph()
    serving = dg.AssetKey(["serving", "serving_duckdb"])
    dashboard = dg.AssetKey(["bi", DASHBOARD_EXPOSURE])  # Superset's, reading the copy: after it, not before
    others = g.get_all_asset_keys() - {serving, dashboard}
    assert g.get(serving).parent_keys == others
    assert serving in g.get(dashboard).parent_keys


def test_a_source_job_runs_only_its_source_and_the_downstream_job_everything_built_on_the_sources() -> None:
    """The daemon's two stages, as `lw build` has them: the sensor launches the second only when there is work."""
    from dagster_project.defs.downstream_runs import run_downstream_when_needed

    d = definitions()
    yields_job = d.resolve_job_def(source_job_name("mof_jgb_yields"))
    assert {n.name for n in yields_job.graph.nodes} == {"raw__mof_jgb_yields", FRESHNESS_STEP}
    downstream = d.resolve_job_def(DOWNSTREAM_JOB)
    everything = d.resolve_job_def(ALL_JOB)
    assert {n.name for n in downstream.graph.nodes} == {n.name for n in everything.graph.nodes} - {
        *(f"raw__{name}" for name in SOURCES),
        FRESHNESS_STEP,
    }
    assert downstream.tags.get(WRITER_TAG) == "writer"
    sensor = d.resolve_sensor_def(run_downstream_when_needed.name)
    assert [job.name for job in sensor.jobs] == [DOWNSTREAM_JOB]
    assert {source_job_name(name) for name in SOURCES} <= {j.name for j in d.resolve_all_job_defs()}


def test_the_instance_files_queue_runs_by_the_writer_tag_the_jobs_carry() -> None:
    instance = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    assert instance["concurrency"]["runs"]["tag_concurrency_limits"] == [{"key": WRITER_TAG, "limit": 1}]
    assert definitions().resolve_job_def(ALL_JOB).tags.get(WRITER_TAG) == "writer"


def test_the_settings_resource_has_no_defaults_of_its_own(tmp_path: Path) -> None:
    """Unset fields take ``ingest.settings``' defaults: LW_MODE offline, LW_TARGET duckdb."""
    from dagster_project.settings_resource import LiquidityWatchResource

    settings = LiquidityWatchResource(home=str(tmp_path)).settings()
    expected = Settings.from_env({"LW_HOME": str(tmp_path)})
    assert (settings.mode, settings.target, settings.home) == (expected.mode, expected.target, expected.home)


def test_schedule_runs_after_mofs_publication_in_tokyo_time() -> None:
    sched = definitions().resolve_schedule_def("mof_jgb_yields_schedule")
    assert sched.execution_timezone == "Asia/Tokyo"
    assert sched.cron_schedule == "0 10 * * 1-5"


def test_mof_debt_sensor_remembers_then_requests_only_on_a_new_edition(tmp_path: Path) -> None:
    """Against the offline replay: first tick stores the edition, the same edition skips, a changed cursor runs."""
    from dagster_project.defs.sensors import mof_debt_release_sensor
    from dagster_project.settings_resource import LiquidityWatchResource

    lw = LiquidityWatchResource(home=str(tmp_path / "lw"), mode="offline")
    first = mof_debt_release_sensor(dg.build_sensor_context(resources={"lw": lw}))
    assert not first.run_requests and first.cursor and first.cursor.startswith("2026-03-31@")
    same = mof_debt_release_sensor(dg.build_sensor_context(cursor=first.cursor, resources={"lw": lw}))
    assert not same.run_requests and "no new edition" in (same.skip_reason.skip_message or "")
    older = mof_debt_release_sensor(dg.build_sensor_context(cursor="2025-12-31@0000000000000000", resources={"lw": lw}))
    assert [r.run_key for r in older.run_requests] == [first.cursor]


TOY_SOURCE = '''
"""A throwaway source: only its folder is added, nothing else is edited."""
from datetime import timedelta

import polars as pl

from ingest.fetch import Request
from ingest.source import Cadence, Column, SourceSpec, TableSpec

SOURCE = SourceSpec(
    table=TableSpec(
        name="toy_source",
        key={"day": Column("DATE", "Day.")},
        values={"value": Column("DOUBLE", "Value.")},
        description="A toy table.",
    ),
    cadence=Cadence(
        cron="7 8 * * 1-5", schedule_description="08:07 on weekdays.", date_column="day",
        max_lag=timedelta(days=3), lag_description="3 days",
    ),
    description="A toy source.",
    requests=lambda settings: [Request("toy_source", "https://example.invalid/toy.csv", kind="all", ext="csv")],
    parse=lambda content, payload: pl.read_csv(content),
    suite=lambda ctx: [("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows})],
)
'''

PROBE = """
import json
import os
from dagster_project.definitions import defs
d = defs()
g = d.resolve_asset_graph()
key = __import__("dagster").AssetKey(["raw", "toy_source"])
check = [c for c in g.asset_check_keys if c.asset_key == key]
sched = d.resolve_schedule_def("toy_source_schedule")
print(json.dumps({
    "asset": key in g.get_all_asset_keys(),
    "checks": sorted([c.name, g.get_check_spec(c).blocking] for c in check),
    "job": d.resolve_job_def("toy_source_job").name,
    "cron": sched.cron_schedule,
    "serving_waits": key in g.get(__import__("dagster").AssetKey(["serving", "serving_duckdb"])).parent_keys,
}))
"""


def test_adding_a_source_folder_adds_its_asset_check_job_and_schedule(tmp_path: Path) -> None:
    """In a copy of the repository, one new folder under ingest/sources/ is the whole registration."""
    copy = copy_repo(tmp_path / "repo")
    toy = copy / "ingest" / "sources" / "toy_source"
    toy.mkdir()
    (toy / "__init__.py").write_text(TOY_SOURCE)

    env = lw_env(tmp_path / "lw", PYTHONPATH=str(copy), LW_TARGET="duckdb")
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen == {
        "asset": True,
        "checks": [["freshness", False], ["gx_toy_source", True]],
        "job": "toy_source_job",
        "cron": "7 8 * * 1-5",
        "serving_waits": True,
    }


def test_dg_check_defs_loads_the_project(tmp_path: Path) -> None:
    """`dg` (Dagster's project CLI) finds the defs folder from pyproject.toml and loads every definition."""
    venv_bin = str(Path(sys.executable).parent)
    env = lw_env(tmp_path / "lw", LW_TARGET="duckdb", PATH=venv_bin + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(
        [str(Path(venv_bin) / "dg"), "check", "defs"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and "All definitions loaded successfully" in proc.stdout, proc.stdout + proc.stderr


def test_dagster_dbt_runs_dbt_through_a_shim_that_answers_its_version_probe_without_dbt() -> None:
    """`dbt --version` gets the installed dbt-core version in dbt's format; every other command is dbt's."""
    from importlib.metadata import version

    from dagster_project.dbt_project import DAGSTER_DBT_EXECUTABLE, DBT_EXECUTABLE

    resource = definitions().resources["dbt"]
    assert resource.dbt_executable == DAGSTER_DBT_EXECUTABLE
    probe = subprocess.run([DAGSTER_DBT_EXECUTABLE, "--version"], capture_output=True, text=True, check=True)
    # dagster-dbt takes the first x.y.z of the output: dbt's own output starts "Core:\n  - installed: x.y.z"
    assert probe.stdout.splitlines()[:2] == ["Core:", f"  - installed: {version('dbt-core')}"]
    real = subprocess.run([DBT_EXECUTABLE, "--help"], capture_output=True, text=True, check=True).stdout
    assert subprocess.run([DAGSTER_DBT_EXECUTABLE, "--help"], capture_output=True, text=True, check=True).stdout == real
