"""Change-driven ingest: unchanged bytes do no work, changed bytes are checked row by row only where they changed."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.errors import ValidationFailed
from ingest.fetch import ReplayFetcher
from ingest.landing import LandedPayload
from ingest.pipeline import IngestReport, run_source
from ingest.settings import Settings
from ingest.source import SourceSpec
from ingest.sources import mof_jgb_yields
from ingest.warehouse.load import PayloadRecord, upsert
from tests.ingest.test_fetch_and_land import warehouse_state
from tests.ingest.test_load_history import N_NEW, N_OLD, NEW, OLD, q, recordings

ROWS_NEW = 13_208 * 15  # every (day, tenor) cell of the newer vintage, '-' cells included
ROWS_OLD = ROWS_NEW - (N_NEW - N_OLD)  # the older vintage ends before the days it lacks (all cells filled)
APPENDED = ROWS_NEW - ROWS_OLD  # the cells of the lines the newer vintage appends to the older one


def counting_spec() -> tuple[SourceSpec, list[str]]:
    """The real source, its parser wrapped to record each payload it is asked to parse."""
    parsed: list[str] = []

    def parse(content: bytes, payload: LandedPayload):  # type: ignore[no-untyped-def]
        parsed.append(payload.sha256)
        return mof_jgb_yields.SOURCE.parse(content, payload)

    return dataclasses.replace(mof_jgb_yields.SOURCE, parse=parse), parsed


def run(spec: SourceSpec, settings: Settings, rec: Path, *, full: bool = False) -> IngestReport:
    return run_source(spec, settings, fetcher=ReplayFetcher(rec), full=full)


def test_unchanged_payload_is_landed_but_not_parsed_validated_or_loaded(settings: Settings, tmp_path: Path) -> None:
    spec, parsed = counting_spec()
    (rec,) = recordings(tmp_path, ("new.csv", NEW))
    first = run(spec, settings, rec)
    before = warehouse_state(settings)
    again = run(spec, settings, rec)
    assert not first.unchanged and again.unchanged
    assert len(parsed) == 1  # the second run never parsed
    assert again.validations == {} and again.stats is None
    assert warehouse_state(settings) == before  # not even a load-log row
    assert again.data_version == first.data_version != ""
    md = again.as_metadata()
    assert md["unchanged"] is True and md["data_version"] == first.data_version
    # landing still happened: the same file, a second fetch logged
    landed = again.payloads[0].path
    assert len(json.loads(landed.with_name(landed.name + ".meta.json").read_text())["fetches"]) == 2


def test_full_forces_parse_validation_and_load(settings: Settings, tmp_path: Path) -> None:
    spec, parsed = counting_spec()
    (rec,) = recordings(tmp_path, ("new.csv", NEW))
    run(spec, settings, rec)
    forced = run(spec, settings, rec, full=True)
    assert not forced.unchanged and len(parsed) == 2
    assert forced.validations["history"].success
    assert forced.stats is not None and (forced.stats.inserted, forced.stats.changed, forced.stats.unchanged) == (
        0,
        0,
        N_NEW,
    )
    assert q(settings, "SELECT count(*) FROM raw._loads") == [(2,)]


def test_data_version_follows_the_bytes(settings: Settings, tmp_path: Path) -> None:
    old_dir, new_dir = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW))
    spec, _ = counting_spec()
    assert run(spec, settings, old_dir).data_version != run(spec, settings, new_dir).data_version


def test_new_vintage_is_checked_row_by_row_only_where_it_differs(settings: Settings, tmp_path: Path) -> None:
    old_dir, new_dir = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW))
    spec, _ = counting_spec()
    run(spec, settings, old_dir)
    report = run(spec, settings, new_dir)
    outcome = report.validations["history"]
    # MoF's newer file is the older one plus lines: only the appended lines' cells are the delta.
    assert NEW.startswith(OLD)
    assert outcome.payload_rows == ROWS_NEW
    assert outcome.delta_rows == APPENDED
    md = outcome.as_metadata()
    assert (md["payload_rows"], md["delta_rows"]) == (ROWS_NEW, APPENDED)
    scopes = {r["expectation"]: r["scope"] for r in md["results"]}
    assert scopes["ExpectColumnValuesToBeBetween"] == scopes["ExpectColumnValuesToBeInSet"] == "delta"
    assert scopes["ExpectCompoundColumnsToBeUnique"] == scopes["ExpectTableRowCountToBeBetween"] == "payload"
    assert report.stats is not None and report.stats.inserted == N_NEW - N_OLD and report.stats.unchanged == N_OLD
    lines = OLD.count(b"\n")
    assert f"history: lines 1–{lines:,} are byte for byte those of the last loaded payload" in " ".join(report.notes)


def test_without_the_earlier_bytes_the_whole_payload_is_compared(settings: Settings, tmp_path: Path) -> None:
    """The shortcut needs the landed bytes of the last load; without them every row is joined (same result)."""
    old_dir, new_dir = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW))
    spec, _ = counting_spec()
    first = run(spec, settings, old_dir)
    first.payloads[0].path.unlink()
    report = run(spec, settings, new_dir)
    # Delta: the cells the warehouse cannot confirm — the new days, and '-' cells (never stored).
    assert report.validations["history"].delta_rows == ROWS_NEW - N_OLD
    assert report.stats is not None and report.stats.inserted == N_NEW - N_OLD and report.stats.unchanged == N_OLD
    assert not any("byte for byte" in n for n in report.notes)


def test_the_shortcut_leaves_the_warehouse_as_the_whole_comparison_does(settings: Settings, tmp_path: Path) -> None:
    """Loading the vintages with and without shared lines gives the same tables, history and load log counts."""
    # a revision in the middle of the shared lines (the publisher corrects a 2025 figure)
    revised = NEW.replace(b"\r\n2025/1/6,0.449,", b"\r\n2025/1/6,0.451,")
    assert revised.count(b"2025/1/6,0.451,") == 1
    dirs = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW), ("revised.csv", revised))
    states = []
    for line_column in ("line_no", None):
        s = Settings.from_env({"LW_HOME": str(tmp_path / f"home-{line_column}"), "LW_MODE": "offline"})
        spec = dataclasses.replace(mof_jgb_yields.SOURCE, line_column=line_column)
        reports = [run(spec, s, d) for d in dirs]
        states.append(
            (
                q(s, "SELECT date, tenor_years, yield_pct, source_sha256 FROM raw.mof_jgb_yields ORDER BY ALL"),
                q(s, "SELECT date, tenor_years, yield_pct, superseded_by_sha256 FROM raw.mof_jgb_yields__history"),
                [(r.stats.inserted, r.stats.changed, r.stats.unchanged) for r in reports if r.stats],
            )
        )
    assert states[0] == states[1]
    assert states[0][1]  # the revision did move values to history


def test_a_shared_line_whose_key_another_payload_rewrote_is_compared_again(settings: Settings, tmp_path: Path) -> None:
    """A later kind (MoF's current-month file) may have written the key since: the table lacks the line's value."""
    old_dir, new_dir = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW))
    spec, _ = counting_spec()
    run(spec, settings, old_dir)
    day = date(2024, 7, 31)  # the older vintage's last day, a line the newer one shares
    (filed,) = q(settings, f"SELECT yield_pct FROM raw.mof_jgb_yields WHERE date = '{day}' AND tenor_years = 10")
    with duckdb.connect(str(settings.warehouse_path)) as con:
        other = pl.DataFrame(
            {"date": [day], "tenor_years": [10], "yield_pct": [filed[0] + 0.001], "source_sha256": ["c" * 64]},
            schema_overrides={"tenor_years": pl.Int16},
        )
        upsert(con, spec.table, other, payloads=[PayloadRecord(spec.name, "current", "c" * 64, "current.csv", 1)])
    report = run(spec, settings, new_dir)
    assert report.validations["history"].delta_rows == APPENDED + 1
    assert report.stats is not None and report.stats.changed == 1
    assert q(settings, f"SELECT yield_pct FROM raw.mof_jgb_yields WHERE date = '{day}' AND tenor_years = 10") == [filed]


def test_a_bad_new_row_is_still_rejected(settings: Settings, tmp_path: Path) -> None:
    bad = NEW.replace(b"\r\n2026/4/30,1.094,", b"\r\n2026/4/30,31.094,")
    old_dir, bad_dir = recordings(tmp_path, ("old.csv", OLD), ("bad.csv", bad))
    spec, _ = counting_spec()
    run(spec, settings, old_dir)
    before = warehouse_state(settings)
    with pytest.raises(ValidationFailed) as err:
        run(spec, settings, bad_dir)
    outcome = err.value.validations["history"]
    assert outcome.delta_rows == APPENDED
    failed = [o for o in outcome.outcomes if not o.success]
    assert [(o.expectation, o.kwargs["column"], o.scope) for o in failed] == [
        ("ExpectColumnValuesToBeBetween", "yield_pct", "delta")
    ]
    assert "31.094" in failed[0].detail
    assert warehouse_state(settings) == before


def test_a_bad_revision_of_an_old_day_is_rejected(settings: Settings, tmp_path: Path) -> None:
    """A value the publisher rewrites is part of the delta, however old its day."""
    assert NEW.count(b"\r\n1974/9/24,10.327,") == 1
    bad = NEW.replace(b"\r\n1974/9/24,10.327,", b"\r\n1974/9/24,99.327,")
    new_dir, bad_dir = recordings(tmp_path, ("new.csv", NEW), ("bad.csv", bad))
    spec, _ = counting_spec()
    run(spec, settings, new_dir)
    with pytest.raises(ValidationFailed, match=r"ExpectColumnValuesToBeBetween\(column=yield_pct.*99\.327"):
        run(spec, settings, bad_dir)


def test_a_revision_is_validated_as_delta_and_moves_the_old_value_to_history(
    settings: Settings, tmp_path: Path
) -> None:
    revised = NEW.replace(b"3.721,3.743\r\n", b"3.721,3.744\r\n")
    first_dir, revised_dir = recordings(tmp_path, ("new.csv", NEW), ("revised.csv", revised))
    spec, _ = counting_spec()
    run(spec, settings, first_dir)
    report = run(spec, settings, revised_dir)
    # the revised line is the last: of its cells, only the revised one is not in the warehouse
    assert report.validations["history"].delta_rows == 1
    assert report.stats is not None and (report.stats.changed, report.stats.inserted) == (1, 0)
    assert q(settings, "SELECT yield_pct FROM raw.mof_jgb_yields__history") == [(3.743,)]


def test_a_shrunken_history_is_rejected_by_the_table_level_check(settings: Settings, tmp_path: Path) -> None:
    new_dir, old_dir = recordings(tmp_path, ("new.csv", NEW), ("old.csv", OLD))
    spec, _ = counting_spec()
    run(spec, settings, new_dir)
    with pytest.raises(ValidationFailed) as err:
        run(spec, settings, old_dir)
    outcome = err.value.validations["history"]
    failed = [o for o in outcome.outcomes if not o.success]
    assert [(o.expectation, o.scope) for o in failed] == [("ExpectTableRowCountToBeBetween", "payload")]
    assert failed[0].detail == f"observed {ROWS_OLD}" and failed[0].kwargs == {"min_value": ROWS_NEW}
    assert outcome.delta_rows == 0  # every line of the old vintage is one the loaded newer vintage holds
    assert q(settings, "SELECT count(*) FROM raw.mof_jgb_yields") == [(N_NEW,)]
