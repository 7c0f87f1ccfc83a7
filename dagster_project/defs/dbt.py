"""dbt models as assets (dagster-dbt); dbt tests become asset checks and a failing test fails the step.

Incremental: only the nodes whose fingerprint changed since they last built and passed run again
(``dagster_project/incremental.py``); the others are excluded from ``dbt build`` and reported as
materialized again with the same data version (``rebuilt: False``); their tests are not rerun. They
must still be yielded: Dagster skips a step when any output it depends on was not (``active.py``),
which would leave the report and the serving copy unbuilt. Nothing changed: no dbt at all.
"""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliInvocation,
    DbtCliResource,
    dbt_assets,
    get_asset_key_for_model,
)

from dagster_project.dbt_project import DBT_DIR, dbt_project
from dagster_project.incremental import (
    clean_nodes,
    dbt_dir,
    is_full,
    load_state,
    node_fingerprints,
    project_digest,
    runnable_nodes,
    save_state,
    source_loads,
    state_path,
)
from dagster_project.resources import WAREHOUSE_POOL, LiquidityWatchResource
from ingest.settings import Settings

UNIQUE_ID = "dagster_dbt/unique_id"  # dagster-dbt's metadata key naming a spec's dbt node
BUILT = ("model", "seed", "snapshot")  # what `--exclude` leaves alone (tests follow their parents)
PASSED = frozenset({"success", "pass"})  # run_results statuses after which a node counts as built and passed


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


@cache
def manifest() -> dict[str, Any]:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Plan:
    """This run's view of the project: every node's fingerprint and which nodes need not run again."""

    fingerprints: dict[str, str]
    clean: frozenset[str]
    state: dict[str, str]  # as last saved (``--full`` ignores it for ``clean`` but still updates it)
    order: list[str]  # every runnable node, parents first

    def excludes(self) -> list[str]:
        nodes = manifest()["nodes"]
        return sorted(
            "fqn:" + ".".join(nodes[u]["fqn"]) for u in self.clean if nodes.get(u, {}).get("resource_type") in BUILT
        )

    def version(self, uid: str) -> dg.DataVersion:
        return dg.DataVersion(self.fingerprints[uid][:16])


def plan(settings: Settings, full: bool) -> Plan:
    m = manifest()
    fingerprints = node_fingerprints(
        m, source_loads(settings), project_digest(m, DBT_DIR, settings.target), date.today()
    )
    state = load_state(state_path(settings))
    clean = set() if full else clean_nodes(m, fingerprints, state)
    return Plan(fingerprints, frozenset(clean), state, runnable_nodes(m))


def _record(invocation: DbtCliInvocation, plan_: Plan, settings: Settings) -> None:
    """Nodes that built and passed take their new fingerprint; failed, errored or skipped ones run next time."""
    path = invocation.target_path / "run_results.json"
    if not path.exists():
        return
    state = dict(plan_.state)
    for result in json.loads(path.read_text(encoding="utf-8"))["results"]:
        uid = result["unique_id"]
        if result["status"] in PASSED and uid in plan_.fingerprints:
            state[uid] = plan_.fingerprints[uid]
        else:
            state.pop(uid, None)
    save_state(state_path(settings), state)


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
    plan_ = plan(settings, is_full(context))
    models = {k: uid_by_key[k] for k in context.selected_asset_keys}
    checks = {k: uid_by_check[k] for k in context.selected_asset_check_keys if k in uid_by_check}
    context.log.info(
        f"dbt: {sum(u not in plan_.clean for u in models.values())} of {len(models)} selected models and "
        f"{sum(u not in plan_.clean for u in checks.values())} of {len(checks)} tests to run"
        + (" (--full)" if is_full(context) else "; the rest are unchanged since they last built and passed")
    )
    # What needs no run is reported first: a clean node's ancestors are all clean (parents first, as Dagster wants).
    yield from _unchanged(models, plan_)
    if all(u in plan_.clean for u in [*models.values(), *checks.values()]):
        return  # nothing changed: no dbt at all
    excludes = plan_.excludes()
    # cautious: a test runs only when all its parents are in the selection (subset runs stay green)
    args = ["build", "--indirect-selection", "cautious", *(["--exclude", " ".join(excludes)] if excludes else [])]
    # One target per LW_HOME: dbt's partial parse (keyed on the profile, whose paths follow LW_HOME) stays valid
    target = dbt_dir(settings) / "target"
    (target / "run_results.json").unlink(missing_ok=True)  # only this invocation's results are recorded
    invocation = dbt.cli(args, context=context, target_path=target)
    try:
        yield from (_with_version(event, uid_by_output, plan_) for event in invocation.stream())
    finally:
        _record(invocation, plan_, settings)


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


def mart_keys() -> list[dg.AssetKey]:
    """Every model under dbt/models/marts/, by dagster-dbt's own key mapping (what the report reads)."""
    nodes = manifest()["nodes"].values()
    names = sorted(n["name"] for n in nodes if n["resource_type"] == "model" and n["fqn"][1] == "marts")
    return [get_asset_key_for_model([dbt_models], name) for name in names]
