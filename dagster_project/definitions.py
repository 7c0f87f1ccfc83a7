"""Liquidity Watch's Dagster definitions: everything in ``defs/``, plus what must see every asset."""

from pathlib import Path

import dagster as dg

from dagster_project.exposures import dashboard_asset
from dagster_project.serving import build_serving_asset


@dg.definitions
def defs() -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    upstream = loaded.resolve_asset_graph().get_all_asset_keys()
    return dg.Definitions.merge(
        loaded,
        dg.Definitions(
            # the serving copy waits for every asset; the dashboard reads the copy
            assets=[build_serving_asset(sorted(upstream, key=lambda k: k.to_user_string())), dashboard_asset()],
            # One process per run, steps in order: DuckDB takes one writer at a time, and each step
            # process would pay ~5 s of imports for nothing.
            executor=dg.in_process_executor,
        ),
    )
