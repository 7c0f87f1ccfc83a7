"""The dbt part of a rebuild decision: which nodes need not run again, and recording those that did."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg

from dagster_project.dbt_project import DBT_DIR, manifest
from dagster_project.rebuild.fingerprints import (
    clean_nodes,
    node_fingerprints,
    project_digest,
    runnable_nodes,
    save_state,
)

BUILT = ("model", "seed", "snapshot")  # what `--exclude` leaves alone (tests follow their parents)
PASSED = frozenset({"success", "pass"})  # run_results statuses after which a node counts as built and passed


@dataclass(frozen=True)
class Plan:
    """This run's view of the dbt project: every node's fingerprint and which nodes need not run again."""

    fingerprints: dict[str, str]
    clean: frozenset[str]
    state: dict[str, str]  # as last saved (``--full`` ignores it for ``clean`` but still updates it)
    order: list[str]  # every runnable node, parents first

    @property
    def stale(self) -> list[str]:
        """Nodes to build or test, parents first."""
        return [uid for uid in self.order if uid not in self.clean]

    def excludes(self) -> list[str]:
        """``dbt build --exclude`` arguments: the clean models and seeds (their tests follow them)."""
        nodes = manifest()["nodes"]
        return sorted(
            "fqn:" + ".".join(nodes[u]["fqn"]) for u in self.clean if nodes.get(u, {}).get("resource_type") in BUILT
        )

    def version(self, uid: str) -> dg.DataVersion:
        return dg.DataVersion(self.fingerprints[uid][:16])

    def record(self, run_results: Path, state_file: Path) -> None:
        """Nodes that built and passed take their new fingerprint; failed, errored or skipped ones run next time."""
        if not run_results.exists():
            return
        state = dict(self.state)
        for result in json.loads(run_results.read_text(encoding="utf-8"))["results"]:
            uid = result["unique_id"]
            if result["status"] in PASSED and uid in self.fingerprints:
                state[uid] = self.fingerprints[uid]
            else:
                state.pop(uid, None)
        save_state(state_file, state)


def dbt_plan(loads: Mapping[str, str], state: Mapping[str, str], target: str, today: date, full: bool) -> Plan:
    """The plan for the warehouse's ``loads`` and the nodes' last good ``state``; ``full``: nothing is clean."""
    m = manifest()
    fingerprints = node_fingerprints(m, loads, project_digest(m, DBT_DIR, target), today)
    clean = set() if full else clean_nodes(m, fingerprints, state)
    return Plan(fingerprints, frozenset(clean), dict(state), runnable_nodes(m))
