"""Incremental `lw build`: nothing new rebuilds nothing; one changed source rebuilds what is built on it; --full all.

The slow tests build three times, in order, into one copy of the session's built LW_HOME: a no-op,
then one yield changed in MoF's recording, then ``--full``. The fast ones check the rule that picks
the nodes to run (``clean_nodes``) on a small hand-made manifest.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.dbt_project import manifest
from dagster_project.rebuild.fingerprints import clean_nodes, node_fingerprints, reads_clock
from ingest.sources import SOURCES
from tests.conftest import NOT_YIELDS, RECORDED, YIELDS_DOWNSTREAM, change_one_yield, run_build
from tests.run_events import dbt_checks_run, events, materialized, rebuilt

# --- the rule: which dbt nodes run ------------------------------------------------------------------


def _manifest() -> dict[str, Any]:
    """raw source → stg → mart, a test on each model, a test joining the mart to a second model."""

    def node(kind: str, *parents: str) -> dict[str, Any]:
        return {"resource_type": kind, "depends_on": {"nodes": list(parents)}}

    return {
        "nodes": {
            "model.stg": node("model", "source.raw.raw"),
            "model.mart": node("model", "model.stg"),
            "model.other": node("model"),
            "test.stg_not_null": node("test", "model.stg"),
            "test.mart_not_null": node("test", "model.mart"),
            "test.mart_vs_other": node("test", "model.mart", "model.other"),
            "seed.claims": {"resource_type": "seed", "depends_on": {"macros": []}},
        },
        "sources": {"source.raw.raw": {"resource_type": "source", "source_name": "raw"}},
    }


def test_a_node_whose_fingerprint_and_parents_are_unchanged_is_clean() -> None:
    fps = {u: "v1" for u in _manifest()["nodes"]}
    assert clean_nodes(_manifest(), fps, dict(fps)) == set(fps)


def test_a_changed_model_runs_with_its_descendants_and_their_tests() -> None:
    fps = {u: "v1" for u in _manifest()["nodes"]}
    state = {**fps, "model.stg": "v0"}
    assert clean_nodes(_manifest(), fps, state) == {"model.other", "seed.claims"}


def test_a_test_that_must_run_takes_its_parents_along() -> None:
    """A test never passed (or changed) has every parent rebuilt: dbt's cautious selection needs them selected."""
    fps = {u: "v1" for u in _manifest()["nodes"]}
    state = {u: v for u, v in fps.items() if u != "test.mart_vs_other"}
    assert clean_nodes(_manifest(), fps, state) == {"model.stg", "test.stg_not_null", "seed.claims"}


def test_a_test_with_a_changed_parent_runs_without_dragging_its_other_parents() -> None:
    """dbt runs a test when one parent is selected: the unchanged one is not rebuilt for it."""
    fps = {u: "v1" for u in _manifest()["nodes"]}
    state = {**fps, "model.stg": "v0", "test.mart_vs_other": "v0"}
    assert clean_nodes(_manifest(), fps, state) == {"model.other", "seed.claims"}


def test_only_a_model_whose_config_says_it_reads_the_clock_changes_with_the_date() -> None:
    """``meta: {reads_clock: true}``, not the SQL text, puts the date into a node's fingerprint (and its children's)."""
    m = _manifest()
    m["nodes"]["model.mart"]["config"] = {"meta": {"reads_clock": True}}
    m["nodes"]["model.other"]["raw_code"] = "select current_date as d"  # says nothing: the SQL is not guessed at
    today = node_fingerprints(m, {}, "project", date(2026, 7, 1))
    tomorrow = node_fingerprints(m, {}, "project", date(2026, 7, 2))
    changed = {u for u in today if today[u] != tomorrow[u]}
    assert changed == {"model.mart", "test.mart_not_null", "test.mart_vs_other"}


def test_the_models_that_read_the_clock_say_so_in_their_dbt_config() -> None:
    """The project's own marker: a model whose SQL asks for today's date is marked, and no other is."""
    nodes = [n for n in manifest()["nodes"].values() if n["resource_type"] == "model"]
    marked = {n["name"] for n in nodes if reads_clock(n)}
    asks = {n["name"] for n in nodes if any(w in n["raw_code"].lower() for w in ("current_date", "now()", "today()"))}
    assert marked == asks == {"policy_rates"}


# --- lw build, three times ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's built LW_HOME (mtimes kept), so the shared one is never changed here."""
    dest = tmp_path_factory.mktemp("incremental") / "lw"
    shutil.copytree(built_home, dest, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def changed_recordings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``recorded/`` where MoF's yields history says 1.166 instead of 1.165 once (sha256 fixed)."""
    dest = tmp_path_factory.mktemp("recorded") / "recorded"
    shutil.copytree(RECORDED, dest)
    change_one_yield(dest)
    return dest


def build(home: Path, *args: str, **env: str) -> tuple[list[str], str]:
    """`lw build` into ``home``: its run ids (the sources', then that of what is built on them, if any) and output."""
    proc = run_build(home, *args, **env)
    assert proc.returncode == 0 and "succeeded" in proc.stdout, proc.stdout[-4000:] + proc.stderr[-4000:]
    runs = list(dict.fromkeys(re.findall(r"^lw: run ([0-9a-f-]{36})[;:]", proc.stdout, re.MULTILINE)))
    assert runs, proc.stdout
    return runs, proc.stdout


@pytest.fixture(scope="module")
def instance(home: Path) -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.from_config(str(home / "dagster")) as inst:
        yield inst


def stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.slow
def test_a_build_with_nothing_new_rebuilds_nothing(home: Path, instance: dg.DagsterInstance) -> None:
    serving, report = stamp(home / "serving.duckdb"), stamp(home / "report" / "index.html")
    runs, out = build(home)
    assert len(runs) == 1  # the sources' run found nothing new: no run of what is built on them
    md = materialized(instance, runs)
    assert set(md) == set(SOURCES)  # every source ran (fetched, landed, compared), nothing downstream did
    assert all(m["unchanged"] is True for m in md.values())
    assert rebuilt(instance, runs) == set() and dbt_checks_run(instance, runs) == set()
    freshness = events(instance, runs, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    assert {e.event_specific_data.check_name for e in freshness} >= {"freshness"}  # judged on every build
    log = (home / "logs" / f"{runs[0]}.log").read_text(encoding="utf-8")
    assert "Running dbt command" not in log and "lw: nothing else to do" in out
    assert stamp(home / "serving.duckdb") == serving
    assert stamp(home / "report" / "index.html") == report


@pytest.mark.slow
def test_one_changed_source_rebuilds_only_what_is_built_on_it(
    home: Path, instance: dg.DagsterInstance, changed_recordings: Path
) -> None:
    serving_mtime = (home / "serving.duckdb").stat().st_mtime_ns
    runs, out = build(home, LW_RECORDED_DIR=str(changed_recordings))
    assert len(runs) == 2 and "dbt nodes to build or test" in out  # the sources, then what is built on them
    md = materialized(instance, runs)
    assert md["mof_jgb_yields"]["unchanged"] is False and md["cpi"]["unchanged"] is True
    built = rebuilt(instance, runs)
    assert built >= YIELDS_DOWNSTREAM, built
    assert not built & NOT_YIELDS, built
    assert md["cpi_monthly"]["rebuilt"] is False  # reported with its old data version, not rebuilt
    assert "jgb_yields" in dbt_checks_run(instance, runs) and "cpi_monthly" not in dbt_checks_run(instance, runs)
    assert md["serving_duckdb"]["rewritten"] is True and md["analyst_report"]["rewritten"] is True
    assert (home / "serving.duckdb").stat().st_mtime_ns != serving_mtime
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        one_year = con.execute(
            "SELECT yield_pct FROM main.jgb_yields WHERE date = DATE '2026-06-30' AND tenor_years = 1"
        ).fetchone()
    assert one_year == (1.166,)


@pytest.mark.slow
def test_full_rebuilds_everything(home: Path, instance: dg.DagsterInstance, changed_recordings: Path) -> None:
    runs, _ = build(home, "--full", LW_RECORDED_DIR=str(changed_recordings))
    md = materialized(instance, runs)
    assert all(md[name]["unchanged"] is False for name in ("mof_jgb_yields", "cpi", "boj_rates"))
    assert rebuilt(instance, runs) >= YIELDS_DOWNSTREAM | NOT_YIELDS
    assert not [name for name, m in md.items() if m.get("rebuilt") is False]
    assert md["serving_duckdb"]["rewritten"] is True and md["analyst_report"]["rewritten"] is True
    # dbt's second parse in this LW_HOME (its first was in the test before): the partial parse holds
    log = (home / "logs" / f"{runs[0]}.log").read_text(encoding="utf-8")
    assert "Running dbt command" in log and "Unable to do partial parsing" not in log
