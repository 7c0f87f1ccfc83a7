"""dbt models as assets (dagster-dbt); dbt tests become asset checks and a failing test fails the step.

Incremental: only the nodes the rebuild decision (``dagster_project/rebuild/``) finds stale run again;
the others are excluded from ``dbt build`` and reported as materialized again with the same data
version (``rebuilt: False``); their tests are not rerun. They must still be yielded: Dagster skips a
step when any output it depends on was not (``active.py``), which would leave the report and the
serving copy unbuilt. Nothing changed: no dbt at all.
"""

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

from dagster_project.dbt_project import dbt_project, manifest
from dagster_project.names import WAREHOUSE_POOL, is_full
from dagster_project.rebuild import Plan, what_must_run
from dagster_project.rebuild.fingerprints import dbt_target_dir, state_path
from dagster_project.settings_resource import LiquidityWatchResource

UNIQUE_ID = "dagster_dbt/unique_id"  # dagster-dbt's metadata key naming a spec's dbt node


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


def _with_version(event: Any, uid_by_output: Mapping[str, str], plan_: Plan) -> Any:
    if isinstance(event, dg.Output) and event.output_name in uid_by_output:
        return dg.Output(
            event.value,
            output_name=event.output_name,
            metadata={**event.metadata, "rebuilt": True},
            data_version=plan_.version(uid_by_output[event.output_name]),
            tags=event.tags,
        )
    return event


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=TRANSLATOR,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, lw: LiquidityWatchResource) -> Iterator[Any]:
    settings = lw.settings()
    assets_def = context.assets_def
    uid_by_key = {spec.key: spec.metadata[UNIQUE_ID] for spec in assets_def.specs}
    uid_by_check = {spec.key: spec.metadata[UNIQUE_ID] for spec in assets_def.check_specs}
    uid_by_output = {name: uid_by_key[key] for name, key in assets_def.keys_by_output_name.items()}
    full = is_full(context.run.tags)
    plan_ = what_must_run(settings, full=full).dbt
    models = {k: uid_by_key[k] for k in context.selected_asset_keys}
    checks = {k: uid_by_check[k] for k in context.selected_asset_check_keys if k in uid_by_check}
    context.log.info(
        f"dbt: {sum(u not in plan_.clean for u in models.values())} of {len(models)} selected models and "
        f"{sum(u not in plan_.clean for u in checks.values())} of {len(checks)} tests to run"
        + (" (--full)" if full else "; the rest are unchanged since they last built and passed")
    )
    # What needs no run is reported first: a clean node's ancestors are all clean (parents first, as Dagster wants).
    yield from _unchanged(models, plan_)
    if all(u in plan_.clean for u in [*models.values(), *checks.values()]):
        return  # nothing changed: no dbt at all
    excludes = plan_.excludes()
    # cautious: a test runs only when all its parents are in the selection (subset runs stay green)
    args = ["build", "--indirect-selection", "cautious", *(["--exclude", " ".join(excludes)] if excludes else [])]
    target = dbt_target_dir(settings)
    (target / "run_results.json").unlink(missing_ok=True)  # only this invocation's results are recorded
    invocation = dbt.cli(args, context=context, target_path=target)
    try:
        yield from (_with_version(event, uid_by_output, plan_) for event in invocation.stream())
    finally:
        plan_.record(invocation.target_path / "run_results.json", state_path(settings))


def _unchanged(models: Mapping[dg.AssetKey, str], plan_: Plan) -> Iterator[dg.MaterializeResult]:
    """Models not rebuilt because nothing under them changed: materialized again with the same data version.

    Their tests are not rerun nor reported (~0.1 s an evaluation in Dagster's event log): a clean
    test passed on the same code and inputs, so the check's last evaluation stands.
    """
    rank = {uid: i for i, uid in enumerate(plan_.order)}
    for key, uid in sorted(models.items(), key=lambda item: rank[item[1]]):
        if uid in plan_.clean:
            yield dg.MaterializeResult(
                asset_key=key,
                data_version=plan_.version(uid),
                metadata={"rebuilt": False, "why": "same code and inputs as when it last built and passed"},
            )


def exposure(name: str) -> dict[str, Any]:
    """An exposure of dbt/models/exposures.yml (a reader of the marts outside dbt), as dbt parsed it."""
    return next(e for e in manifest()["exposures"].values() if e["name"] == name)


def exposure_deps(name: str) -> list[dg.AssetKey]:
    """The marts exposure ``name`` reads (its ``depends_on``), by dagster-dbt's own key mapping."""
    nodes = manifest()["nodes"]
    return [get_asset_key_for_model([dbt_models], nodes[uid]["name"]) for uid in exposure(name)["depends_on"]["nodes"]]
