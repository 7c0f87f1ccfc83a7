"""What changed since the last good build: a fingerprint per dbt node, from its code and its inputs.

A dbt node (model, seed, test, unit test) needs to run again only when its fingerprint differs from
the one it had when it last built and passed; those are kept in ``LW_HOME/dbt/state.json``. A node's
fingerprint covers its own definition as dbt parsed it (SQL, config, columns and their docs), the
project (dbt_project.yml and its vars, every project macro, the dbt version, the target), its parents'
fingerprints and, for a raw source, what ``raw._loads`` says was loaded into it. So new bytes in one
source reach exactly the nodes built on it, a code change exactly the nodes it touches and theirs, and
a fresh warehouse (new loads) everything. A model that reads the clock says so in its dbt config
(``meta: {reads_clock: true}``: ``policy_rates`` runs "to today"), and its fingerprint covers the date too.

The serving copy and the report hash the same things (``warehouse_fingerprint``): what was loaded and
what dbt built from it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

from ingest.settings import Settings
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import LOADS_TABLE

VOLATILE_KEYS = frozenset({"created_at"})  # the only field that differs between two parses of the same project
READS_CLOCK = "reads_clock"  # the dbt meta key of a model whose result depends on the date it runs
NEVER_LOADED = "never loaded"


def dbt_dir(settings: Settings) -> Path:
    """Where dbt's artifacts for this LW_HOME live: one stable target (partial parsing stays valid) and the state."""
    return settings.home / "dbt"


def state_path(settings: Settings) -> Path:
    return dbt_dir(settings) / "state.json"


def dbt_target_dir(settings: Settings) -> Path:
    """One target per LW_HOME: dbt's partial parse (keyed on the profile, whose paths follow LW_HOME) stays valid."""
    return dbt_dir(settings) / "target"


def source_loads(settings: Settings) -> dict[str, str]:
    """Per source, what ``raw._loads`` records (how many payloads, the last load time): it changes with every load."""
    if settings.target == "duckdb" and not settings.warehouse_path.exists():
        return {}
    with warehouse(settings, read_only=True) as con:
        try:
            rows = con.execute(
                f"SELECT source, count(*), max(loaded_at)::VARCHAR FROM {LOADS_TABLE} GROUP BY source"
            ).fetchall()
        except duckdb.CatalogException:  # nothing loaded yet
            return {}
    return {source: f"{n} loads, last {last}" for source, n, last in rows}


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()


def project_digest(manifest: Mapping[str, Any], project_dir: Path, target: str) -> str:
    """What every node depends on: dbt_project.yml (vars, configs), project macros, dbt's version, the target.

    Macros are taken whole rather than per node: materializations and ``generate_schema_name`` are
    used by every model without appearing in its ``depends_on``.
    """
    project = manifest["metadata"].get("project_name")
    macros = sorted((uid, m["macro_sql"]) for uid, m in manifest["macros"].items() if m.get("package_name") == project)
    return _digest(
        (project_dir / "dbt_project.yml").read_bytes(), macros, manifest["metadata"].get("dbt_version"), target
    )


def node_fingerprints(
    manifest: Mapping[str, Any], loads: Mapping[str, str], project: str, today: date
) -> dict[str, str]:
    """unique_id → fingerprint, for every node, source and unit test in the manifest."""
    graph: dict[str, Mapping[str, Any]] = {**manifest["nodes"], **manifest["sources"], **manifest.get("unit_tests", {})}
    done: dict[str, str] = {}

    def fingerprint(uid: str) -> str:
        if uid not in done:
            node = graph[uid]
            own = {k: v for k, v in node.items() if k not in VOLATILE_KEYS}
            parents = [fingerprint(p) for p in node.get("depends_on", {}).get("nodes", []) if p in graph]
            extra: list[str] = [project]
            if node["resource_type"] == "source":
                extra.append(loads.get(node["source_name"], NEVER_LOADED))
            if reads_clock(node):
                extra.append(today.isoformat())
            done[uid] = _digest(own, sorted(parents), extra)
        return done[uid]

    for uid in graph:
        fingerprint(uid)
    return done


def reads_clock(node: Mapping[str, Any]) -> bool:
    """The node's dbt config says its result depends on the date it runs (``meta: {reads_clock: true}``)."""
    return (node.get("config") or {}).get("meta", {}).get(READS_CLOCK) is True


def runnable_nodes(manifest: Mapping[str, Any]) -> list[str]:
    """Every node dbt runs (models, seeds, tests, unit tests), parents before children."""
    graph = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    sorter = TopologicalSorter(
        {u: [p for p in n["depends_on"].get("nodes", []) if p in graph] for u, n in graph.items()}
    )
    return list(sorter.static_order())


def clean_nodes(manifest: Mapping[str, Any], fingerprints: Mapping[str, str], state: Mapping[str, str]) -> set[str]:
    """Nodes that need not run: same fingerprint as when they last built and passed, and every parent clean.

    dbt's cautious selection runs a test when at least one parent is selected; a test that must run
    (new, changed, failed last time) whose parents are all clean takes them along, and so everything
    built on them. A clean node's ancestors are thus all clean, so its result can be reported before
    dbt yields anything (Dagster wants a multi-asset's outputs in topological order).
    """
    graph = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    order = runnable_nodes(manifest)

    def parents(uid: str) -> list[str]:
        return [p for p in graph[uid]["depends_on"].get("nodes", []) if p in graph]

    def propagate(stale: set[str]) -> set[str]:
        clean: set[str] = set()
        for uid in order:
            if uid not in stale and all(p in clean for p in parents(uid)):
                clean.add(uid)
        return clean

    stale = {u for u in graph if state.get(u) != fingerprints[u]}
    clean = propagate(stale)
    tests = ("test", "unit_test")
    orphaned = [u for u in stale if graph[u]["resource_type"] in tests and all(p in clean for p in parents(u))]
    return propagate(stale.union(*(parents(u) for u in orphaned))) if orphaned else clean


def load_state(path: Path) -> dict[str, str]:
    """Fingerprints of the nodes that last built and passed (empty when there is no good build yet)."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8"))["nodes"])
    except FileNotFoundError:
        return {}


def save_state(path: Path, nodes: Mapping[str, str]) -> None:
    """Written whole and swapped in, so a crash leaves the previous state (those nodes just run again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"nodes": dict(sorted(nodes.items()))}, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def files_digest(paths: Iterable[Path]) -> str:
    """The code that writes an output (its source files): a change to it means the output must be written again."""
    return _digest(*[p.name.encode() + b"\x00" + p.read_bytes() for p in sorted(paths)])


def warehouse_fingerprint(loads: Mapping[str, str], state: Mapping[str, str], code: str) -> str:
    """What the warehouse holds — every load and every dbt node as last built — plus the writer's ``code``."""
    return _digest(sorted(loads.items()), sorted(state.items()), code)
