"""The serving copy BI tools open: published only after everything upstream succeeded."""

from collections.abc import Sequence

import dagster as dg

from dagster_project.names import WAREHOUSE_POOL, is_full
from dagster_project.rebuild import what_must_run
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.warehouse import publish

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
            "replaced atomically after a good build (readers never see a half-built warehouse nor the writer's lock). "
            "Left as it is when nothing was loaded or rebuilt since it was published (`lw build --full` rewrites it)."
        ),
    )
    def serving_duckdb(context: dg.AssetExecutionContext, lw: LiquidityWatchResource) -> dg.MaterializeResult:
        settings = lw.settings()
        full = is_full(context.run.tags)
        fingerprint = what_must_run(settings, full=full).serving_fingerprint
        result = publish.publish_serving(settings, fingerprint, force=full)
        if result.rewritten:
            context.log.info(f"published {result.relations} relations to {result.path} in {result.seconds:.2f}s")
        else:
            context.log.info(f"{result.path} left as it is: nothing loaded or rebuilt since it was published")
        return dg.MaterializeResult(
            data_version=dg.DataVersion(fingerprint[:16]),
            metadata={
                "path": str(result.path),
                "rewritten": result.rewritten,
                "relations": result.relations,
                "bytes": result.bytes,
                "seconds": round(result.seconds, 3),
                "connect": dg.MetadataValue.md(f"`duckdb -readonly {result.path}`"),
            },
        )

    return serving_duckdb
