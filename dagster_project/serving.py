"""The serving copy BI tools open: published only after everything upstream succeeded."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from dagster_project.incremental import files_digest, is_full, warehouse_fingerprint
from dagster_project.resources import WAREHOUSE_POOL, LiquidityWatchResource
from ingest.settings import Settings
from ingest.warehouse import publish

SERVING_KEY = dg.AssetKey(["serving", "serving_duckdb"])


def serving_fingerprint(settings: Settings) -> str:
    """What the serving copy is published from: the warehouse (loads and dbt nodes) and the publishing code."""
    return warehouse_fingerprint(settings, files_digest([Path(publish.__file__)]))


def serving_is_current(settings: Settings) -> bool:
    stamp = publish.published_stamp(settings.serving_path)
    return stamp is not None and stamp[1] == serving_fingerprint(settings)


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
        fingerprint = serving_fingerprint(settings)
        result = publish.publish_serving(settings, fingerprint, force=is_full(context))
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
