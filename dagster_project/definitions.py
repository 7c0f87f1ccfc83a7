"""Liquidity Watch's Dagster definitions: the modules of ``defs/`` merged, plus the serving copy."""

import dagster as dg

from dagster_project.defs import analysis, dbt_models, jobs, raw_sources, resources, sensors, serving

_upstream = dg.Definitions.merge(raw_sources.defs, dbt_models.defs, analysis.defs)
_upstream_keys = [key for assets_def in _upstream.assets or [] for key in assets_def.keys]  # type: ignore[union-attr]

defs = dg.Definitions.merge(
    resources.defs,
    _upstream,
    dg.Definitions(assets=[serving.build_serving_asset(_upstream_keys)]),
    jobs.defs,
    sensors.defs,
    # One process per run, steps in order: DuckDB takes one writer at a time, and each step
    # process would pay ~5 s of imports for nothing.
    dg.Definitions(executor=dg.in_process_executor),
)
