"""What Dagster's event log says a run did: materializations (and whether dbt rebuilt them), check evaluations."""

from __future__ import annotations

from typing import Any

import dagster as dg


def events(instance: dg.DagsterInstance, run_ids: list[str], kind: dg.DagsterEventType) -> list[Any]:
    return [
        r.event_log_entry.dagster_event
        for run_id in run_ids
        for r in instance.get_records_for_run(run_id, of_type=kind).records
    ]


def materialized(instance: dg.DagsterInstance, run_ids: list[str]) -> dict[str, dict[str, Any]]:
    """asset name (last path part) → its materialization's metadata, for these runs."""
    out = {}
    for event in events(instance, run_ids, dg.DagsterEventType.ASSET_MATERIALIZATION):
        m = event.event_specific_data.materialization
        out[m.asset_key.path[-1]] = {k: v.value for k, v in m.metadata.items()}
    return out


def rebuilt(instance: dg.DagsterInstance, run_ids: list[str]) -> set[str]:
    """dbt models materialized by dbt in these runs (the others say ``rebuilt: False``)."""
    return {name for name, md in materialized(instance, run_ids).items() if md.get("rebuilt") is True}


def dbt_checks_run(instance: dg.DagsterInstance, run_ids: list[str]) -> set[str]:
    """Asset names whose dbt tests were evaluated in these runs."""
    return {
        e.event_specific_data.asset_key.path[-1]
        for e in events(instance, run_ids, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        if e.step_key == "dbt_models"
    }
