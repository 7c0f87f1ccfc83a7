"""The warehouse's state for a source: read once per load, and carried across vintage rounds as the table moves."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingest import pipeline
from ingest.fetch import ReplayFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import SOURCES, mof_jgb_yields
from ingest.warehouse.state import SourceState, read_log, read_rows
from tests.ingest.test_load_history import NEW, OLD, URL

TABLE = mof_jgb_yields.SOURCE.table


def vintages(tmp: Path, *files: tuple[str, bytes]) -> Path:
    """One replay directory holding several vintages of the same request, oldest first: one load, several rounds."""
    d = tmp / "rec" / "mof_jgb_yields"
    d.mkdir(parents=True)
    entries = []
    for name, data in files:
        (d / name).write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        entries.append({"source": "mof_jgb_yields", "kind": "history", "url": URL, "file": name, "sha256": sha})
    (d / "manifest.yaml").write_text(json.dumps(entries))
    return d.parent


def counted(reads: list[str], name: str, read: Callable[..., SourceState]) -> Callable[..., SourceState]:
    """``read`` noting its name in ``reads`` each time the pipeline calls it."""

    def wrapper(*args: Any) -> SourceState:
        reads.append(name)
        return read(*args)

    return wrapper


def fresh(settings: Settings) -> SourceState:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return read_rows(con, TABLE, read_log(con, TABLE))


def test_the_state_carried_across_rounds_is_what_the_warehouse_then_holds(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three rounds (an old vintage, a newer one, a revision of it) read the warehouse once, not once a round."""
    revised = NEW.replace(b"\r\n2025/1/6,0.449,", b"\r\n2025/1/6,0.451,")
    assert revised.count(b"2025/1/6,0.451,") == 1
    carried: list[SourceState] = []
    after_load = SourceState.after_load

    def spy(self: SourceState, *args: object) -> SourceState:
        carried.append(after_load(self, *args))  # type: ignore[arg-type]
        return carried[-1]

    monkeypatch.setattr(SourceState, "after_load", spy)
    reads: list[str] = []
    for name in ("read_log", "read_rows"):
        monkeypatch.setattr(pipeline, name, counted(reads, name, getattr(pipeline, name)))
    rec = vintages(tmp_path, ("old.csv", OLD), ("new.csv", NEW), ("revised.csv", revised))
    report = run_source(mof_jgb_yields.SOURCE, settings, fetcher=ReplayFetcher(rec))
    assert report.stats is not None and report.stats.changed == 1  # the last round's revision
    assert reads == ["read_log", "read_rows"]
    assert len(carried) == 3
    now = fresh(settings)
    assert now.rows is not None and carried[-1].rows is not None
    assert carried[-1].log == now.log and len(now.log) == 3
    keys = list(TABLE.key)
    assert carried[-1].rows.cast(now.rows.schema).sort(keys).equals(now.rows.sort(keys))
    assert now.latest("history") == hashlib.sha256(revised).hexdigest()
    assert now.ever("history") == {hashlib.sha256(b).hexdigest() for b in (OLD, NEW, revised)}


def test_before_the_first_load_the_state_is_empty(settings: Settings) -> None:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        state = read_rows(con, TABLE, read_log(con, TABLE))
    assert state == SourceState() and state.latest("history") == "" and state.last_good_rows("history") == 0


@pytest.mark.parametrize("name", ["issuer_attestations", "onchain_reads"])
def test_a_full_reload_of_timestamped_rows_finds_them_all_unchanged(settings: Settings, name: str) -> None:
    """TIMESTAMPTZ keys come back from DuckDB in its own zone name: compared and carried as the same instants."""
    run_source(SOURCES[name], settings)
    stats = run_source(SOURCES[name], settings, full=True).stats
    assert stats is not None and stats.rows_in > 0
    assert (stats.inserted, stats.changed, stats.unchanged) == (0, 0, stats.rows_in)
