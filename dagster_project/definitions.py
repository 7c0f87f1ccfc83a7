"""Liquidity Watch's Dagster definitions: the modules of ``defs/`` merged, plus the serving copy."""

import dagster as dg

from dagster_project.defs import analysis, dbt_models, jobs, raw_sources, resources, sensors, serving


def build_definitions() -> dg.Definitions:
    """One Definitions object at module scope (Dagster refuses two), built from the ``defs`` modules."""
    upstream = dg.Definitions.merge(raw_sources.defs, dbt_models.defs, analysis.defs)
    upstream_keys = [key for assets_def in upstream.assets or [] for key in assets_def.keys]  # type: ignore[union-attr]
    return dg.Definitions.merge(
        resources.defs,
        upstream,
        dg.Definitions(assets=[serving.build_serving_asset(upstream_keys)]),
        jobs.defs,
        sensors.defs,
        # One process per run, steps in order: DuckDB takes one writer at a time, and each step
        # process would pay ~5 s of imports for nothing.
        dg.Definitions(executor=dg.in_process_executor),
    )


defs = build_definitions()
