"""The Dagster definitions load and say what the design promises (without running anything)."""

from __future__ import annotations

import dagster as dg

from dagster_project.definitions import defs
from ingest.sources import SOURCES


def graph() -> dg.AssetGraph:  # type: ignore[name-defined]
    return defs.resolve_asset_graph()


def test_every_registered_source_is_an_asset_with_a_blocking_gx_check() -> None:
    g = graph()
    checks = {c.to_user_string(): c for c in g.asset_check_keys}
    for name in SOURCES:
        key = dg.AssetKey(["raw", name])
        assert key in g.get_all_asset_keys()
        spec = g.get_check_spec(dg.AssetCheckKey(key, f"gx_{name}"))
        assert spec.blocking, f"gx_{name} must block downstream assets"
        assert f"raw/{name}:gx_{name}" in checks


def test_dbt_sources_map_to_the_raw_assets_and_marts_depend_on_them() -> None:
    g = graph()
    stg = dg.AssetKey(["staging", "stg_mof_jgb_yields"])
    assert dg.AssetKey(["raw", "mof_jgb_yields"]) in g.get(stg).parent_keys
    assert dg.AssetKey(["main", "jgb_curve_daily"]) in g.get_all_asset_keys()
    assert any(c.asset_key == dg.AssetKey(["main", "jgb_tenor_records"]) for c in g.asset_check_keys)


def test_the_serving_copy_waits_for_every_other_asset() -> None:
    g = graph()
    serving = dg.AssetKey(["serving", "serving_duckdb"])
    others = g.get_all_asset_keys() - {serving}
    assert g.get(serving).parent_keys == others


def test_schedule_runs_after_mofs_publication_in_tokyo_time() -> None:
    sched = defs.resolve_schedule_def("jgb_yields_daily_schedule")
    assert sched.execution_timezone == "Asia/Tokyo"
    assert sched.cron_schedule == "0 10 * * 1-5"
    job = defs.resolve_job_def("jgb_yields_daily")
    assert job.tags.get("liquidity_watch/warehouse") == "writer"


def test_mof_debt_sensor_remembers_then_requests_only_on_a_new_edition(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Against the offline replay: first tick stores the edition, the same edition skips, a changed cursor runs."""
    from dagster_project.defs.resources import LiquidityWatchResource
    from dagster_project.defs.sensors import mof_debt_release_sensor

    lw = LiquidityWatchResource(home=str(tmp_path / "lw"), mode="offline")
    first = mof_debt_release_sensor(dg.build_sensor_context(resources={"lw": lw}))
    assert not first.run_requests and first.cursor and first.cursor.startswith("2026-03-31@")
    same = mof_debt_release_sensor(dg.build_sensor_context(cursor=first.cursor, resources={"lw": lw}))
    assert not same.run_requests and "no new edition" in (same.skip_reason.skip_message or "")
    older = mof_debt_release_sensor(dg.build_sensor_context(cursor="2025-12-31@0000000000000000", resources={"lw": lw}))
    assert [r.run_key for r in older.run_requests] == [first.cursor]
