"""The serving copy BI tools open: published only after everything upstream succeeded."""


from collections.abc import Sequence

import dagster as dg

from dagster_project.resources import WAREHOUSE_POOL, LiquidityWatchResource
from ingest.warehouse.publish import publish_serving

SERVING_KEY = dg.AssetKey(["serving", "serving_duckdb"])


def build_serving_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """``upstream`` is every other asset, so a failed load, model or blocking check stops the publish."""

    @dg.asset(
        key=SERVING_KEY,
        deps=list(upstream),
        group_name="serving",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description=(
            "LW_HOME/serving.duckdb: a self-contained read-only copy of raw, staging and marts for BI tools, "
            "replaced atomically after a good build (readers never see a half-built warehouse nor the writer's lock)."
        ),
    )
    def serving_duckdb(context: dg.AssetExecutionContext, lw: LiquidityWatchResource) -> dg.MaterializeResult:
        result = publish_serving(lw.settings())
        context.log.info(f"published {result.relations} relations to {result.path} in {result.seconds:.2f}s")
        return dg.MaterializeResult(
            metadata={
                "path": str(result.path),
                "relations": result.relations,
                "bytes": result.bytes,
                "seconds": round(result.seconds, 3),
                "connect": dg.MetadataValue.md(f"`duckdb -readonly {result.path}`"),
            }
        )

    return serving_duckdb
