"""Offline loads of every recorded FRED copy, oldest first, and faults on the real path leaving the warehouse alone."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.fred_series import SOURCE
from ingest.warehouse.connect import warehouse
from tests import daily_csv_faults as fault
from tests.conftest import RECORDED
from tests.faults import assert_rejected

NEWEST_DEXJPUS = "dexjpus_2025-12-01_2026-09-11.csv"
NEWEST_DGS10 = "dgs10_2015-01-15_2026-01-15.csv"


def test_every_copy_loads_oldest_first_and_they_agree(settings: Settings) -> None:
    report = run_source(SOURCE, settings)
    assert report.stats is not None
    with warehouse(settings, read_only=True) as con:
        per_series = con.execute(
            "select series_id, count(*), min(date), max(date) from raw.fred_series group by 1 order by 1"
        ).fetchall()
        loads = con.execute("select kind, payload_rows from raw._loads where source = 'fred_series' order by rowid")
        load_order = loads.fetchall()
        history = con.execute("select count(*) from raw.fred_series__history").fetchone()
    assert per_series == [
        ("CBBTCUSD", 4158, date(2014, 12, 1), date(2026, 5, 24)),
        ("DEXJPUS", 13960, date(1971, 1, 4), date(2026, 9, 11)),
        ("DGS10", 15994, date(1962, 1, 2), date(2026, 1, 15)),
        ("DGS30", 12224, date(1977, 2, 15), date(2026, 1, 15)),
    ]
    # round by round: the oldest copy of each series, then the next, each its own payload
    assert load_order == [
        ("DEXJPUS", 13213),
        ("DGS10", 15959),
        ("DGS30", 12189),
        ("CBBTCUSD", 4158),
        ("DEXJPUS", 1251),
        ("DGS10", 2751),
        ("DGS30", 2751),
        ("DEXJPUS", 197),
    ]
    assert history == (0,)  # no copy changed a value another copy had: they agree on every shared day
    assert run_source(SOURCE, settings).unchanged  # same bytes again: nothing parsed, nothing loaded


@pytest.mark.parametrize(
    ("file", "make", "fragments"),
    [
        (NEWEST_DEXJPUS, lambda b: fault.truncated(b), ("line 206: truncated",)),
        (NEWEST_DEXJPUS, lambda b: fault.with_cell(b, 5, 1, b"n/a"), ("line 5, field 'DEXJPUS': not a number",)),
        (NEWEST_DEXJPUS, lambda b: fault.duplicated(b, 5), ("line 6, field 'date': duplicate date",)),
        (NEWEST_DEXJPUS, lambda b: fault.utf16(b), ("line 1, field 'encoding': not UTF-8 text",)),
        (NEWEST_DEXJPUS, lambda b: fault.HTML_PAGE, ("line 1: got an HTML page",)),
        (
            NEWEST_DGS10,
            lambda b: fault.with_header(b, b"observation_date,DGS30"),
            ("line 1, field 'header': the header names another series", "expected DGS10"),
        ),
    ],
    ids=["truncated", "non_numeric", "duplicate_key", "wrong_encoding", "html_page", "header_changed"],
)
def test_a_fault_is_quarantined_and_the_warehouse_unchanged(settings: Settings, file: str, make, fragments) -> None:
    content = make((RECORDED / "fred_series" / file).read_bytes())
    assert_rejected(settings, SOURCE, file, content, *fragments)


def test_a_value_outside_its_series_bounds_is_refused(settings: Settings) -> None:
    """A yield of 250 % is a unit or series mix-up, not a market move: the suite refuses it before loading."""
    content = fault.with_cell((RECORDED / "fred_series" / NEWEST_DEXJPUS).read_bytes(), 5, 1, b"1553.2")
    assert_rejected(settings, SOURCE, NEWEST_DEXJPUS, content, "within_bounds")
