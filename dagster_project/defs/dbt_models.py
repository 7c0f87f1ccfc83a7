"""dbt models as assets (dagster-dbt); dbt tests become asset checks and a failing test fails the step."""


from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from dagster_project.defs.resources import WAREHOUSE_POOL, LiquidityWatchResource
from dagster_project.project import dbt_project


class LiquidityWatchTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders (staging, intermediate, rates, debt, …) so the UI reads like the project."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id) or {}
        fqn = node.get("fqn", [])
        if node.get("resource_type") == "model" and len(fqn) >= 3:
            group = fqn[2] if fqn[1] == "marts" else fqn[1]
            spec = spec.replace_attributes(group_name=group)
        return spec


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LiquidityWatchTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, lw: LiquidityWatchResource) -> Iterator[Any]:
    lw.settings()  # exports LW_WAREHOUSE / LW_TARGET for dbt's profile
    # cautious: a test runs only when all its parents are in the selection (subset runs stay green)
    yield from dbt.cli(["build", "--indirect-selection", "cautious"], context=context).stream()


defs = dg.Definitions(assets=[dbt_models])
