"""dbt models as assets (dagster-dbt); dbt tests become asset checks and a failing test fails the step."""

import json
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
    get_asset_key_for_model,
)

from dagster_project.dbt_project import dbt_project
from dagster_project.resources import WAREHOUSE_POOL


class LiquidityWatchTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders (staging, intermediate, rates, debt, …) so the UI reads like the project."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or {}
        fqn = node.get("fqn", [])
        if node.get("resource_type") in ("model", "seed") and len(fqn) >= 3:
            spec = spec.replace_attributes(group_name=fqn[2] if fqn[1] == "marts" else fqn[1])
        return spec


TRANSLATOR = LiquidityWatchTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=TRANSLATOR,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    # cautious: a test runs only when all its parents are in the selection (subset runs stay green)
    yield from dbt.cli(["build", "--indirect-selection", "cautious"], context=context).stream()


def mart_keys() -> list[dg.AssetKey]:
    """Every model under dbt/models/marts/, by dagster-dbt's own key mapping (what the report reads)."""
    nodes = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    names = sorted(n["name"] for n in nodes if n["resource_type"] == "model" and n["fqn"][1] == "marts")
    return [get_asset_key_for_model([dbt_models], name) for name in names]
