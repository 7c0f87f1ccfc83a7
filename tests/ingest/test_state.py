"""The warehouse's state for a source: the log read once, then the table asked once per load about its rows."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
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


def test_each_round_asks_the_table_only_about_rows_past_the_shared_lines_and_once(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three rounds (an old vintage, a newer one, a revision of it): the log once, then one read a round.

    The first round finds no table; the second compares only the days past the old vintage's lines
    (none held yet); the third only the rows from the revised day, the newer vintage's first
    changed line, and of those the table lacks only the revised value (and the empty cells, never stored).
    """
    revised = NEW.replace(b"\r\n2025/1/6,0.449,", b"\r\n2025/1/6,0.451,")
    assert revised.count(b"2025/1/6,0.451,") == 1
    reads: list[str] = []
    asked: list[tuple[dict[str, pl.DataFrame], SourceState]] = []

    def read_log_spy(*args: Any) -> SourceState:
        reads.append("read_log")
        return read_log(*args)

    def read_rows_spy(con: Any, spec: Any, state: SourceState, compared: dict[str, pl.DataFrame], kinds: Any) -> Any:
        reads.append("read_rows")
        asked.append((compared, read_rows(con, spec, state, compared, kinds)))
        return asked[-1][1]

    monkeypatch.setattr(pipeline, "read_log", read_log_spy)
    monkeypatch.setattr(pipeline, "read_rows", read_rows_spy)
    rec = vintages(tmp_path, ("old.csv", OLD), ("new.csv", NEW), ("revised.csv", revised))
    report = run_source(mof_jgb_yields.SOURCE, settings, fetcher=ReplayFetcher(rec))
    assert report.stats is not None and report.stats.changed == 1  # the last round's revision
    assert reads == ["read_log", "read_rows", "read_rows", "read_rows"]
    (_, first), (second_asked, second), (third_asked, third) = asked
    assert first.unheld is None  # no table before the first load
    assert second.unheld is not None and third.unheld is not None
    assert second_asked["history"]["date"].min() == date(2024, 8, 1)  # the days the old vintage did not have
    assert second.unheld["history"].len() == second_asked["history"].height  # none of them held yet
    assert third_asked["history"]["date"].min() == date(2025, 1, 6)
    lacked = third_asked["history"][third.unheld["history"]].drop_nulls("yield_pct")
    assert lacked.select("date", "yield_pct").rows() == [(date(2025, 1, 6), 0.451)]
    assert third.foreign is not None and third.foreign.height == 0  # one kind: no row another kind wrote
    held = fresh(settings)
    assert held.latest("history") == hashlib.sha256(revised).hexdigest()
    assert held.ever("history") == {hashlib.sha256(b).hexdigest() for b in (OLD, NEW, revised)}


def fresh(settings: Settings) -> SourceState:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return read_log(con, TABLE)


def test_before_the_first_load_the_state_is_empty(settings: Settings) -> None:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        state = read_rows(con, TABLE, read_log(con, TABLE), {}, ["history"])
    assert state == SourceState() and state.latest("history") == "" and state.last_good_rows("history") == 0


@pytest.mark.parametrize("name", ["issuer_attestations", "onchain_reads"])
def test_a_full_reload_of_timestamped_rows_finds_them_all_unchanged(settings: Settings, name: str) -> None:
    """TIMESTAMPTZ keys come back from DuckDB in its own zone name: compared and carried as the same instants."""
    run_source(SOURCES[name], settings)
    stats = run_source(SOURCES[name], settings, full=True).stats
    assert stats is not None and stats.rows_in > 0
    assert (stats.inserted, stats.changed, stats.unchanged) == (0, 0, stats.rows_in)
