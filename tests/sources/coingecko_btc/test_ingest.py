"""Offline load of the real export, and faults on the real path leaving the warehouse as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.errors import ValidationFailed
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.coingecko_btc import SOURCE
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import table_count
from tests import daily_csv_faults as fault
from tests.conftest import RECORDED
from tests.faults import assert_rejected, recorded_with

FILE = "btc-usd-max_2013-04-28_2026-01-13.csv"
REAL = (RECORDED / "coingecko_btc" / FILE).read_bytes()


def test_offline_load_of_the_real_export(settings: Settings) -> None:
    report = run_source(SOURCE, settings)
    assert report.stats and report.stats.inserted == 4642
    with warehouse(settings, read_only=True) as con:
        got = con.execute("select count(*), min(date), max(date), max(price_usd) from raw.coingecko_btc").fetchone()
        day = con.execute("select price_usd from raw.coingecko_btc where date = '2025-12-22'").fetchone()
    assert got == (4642, date(2013, 4, 28), date(2026, 1, 13), 124773.50823074432)
    assert day == (88577.42038358838,)  # the file: 2025-12-22 00:00:00 UTC,88577.42038358838,…
    assert run_source(SOURCE, settings).unchanged


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (fault.truncated(REAL), ("line 4643: truncated",)),
        (fault.with_cell(REAL, 11, 1, b"n/a"), ("line 11, field 'price': not a number",)),
        (fault.duplicated(REAL, 6), ("line 7, field 'snapped_at': duplicate date",)),
        (fault.utf16(REAL), ("line 1, field 'encoding': not UTF-8 text",)),
        (fault.HTML_PAGE, ("line 1: got an HTML page",)),
        (fault.with_header(REAL, b"snapped_at,price,market_cap,volume"), ("line 1, field 'header'",)),
    ],
    ids=["truncated", "non_numeric", "duplicate_key", "wrong_encoding", "html_page", "header_changed"],
)
def test_a_fault_is_quarantined_and_the_warehouse_unchanged(settings: Settings, content: bytes, fragments) -> None:
    assert_rejected(settings, SOURCE, FILE, content, *fragments)


def test_a_shorter_history_than_the_last_load_is_refused(settings: Settings) -> None:
    """The export is the whole history each time: one with its last day missing is refused, not loaded."""
    shorter = b"\n".join(fault.lines(REAL)[:-2]) + b"\n"
    assert_rejected(settings, SOURCE, FILE, shorter, "ExpectTableRowCountToBeBetween")


def test_a_week_long_hole_is_refused_on_a_first_load(settings: Settings, tmp_path: Path) -> None:
    """Eight days gone after 2013-08-05: refused even with no earlier load to compare the row count with."""
    lines = fault.lines(REAL)
    holed = b"\n".join([*lines[:100], *lines[108:]])
    faulty = replace(settings, recorded_dir=recorded_with(tmp_path, SOURCE.name, FILE, holed))
    with pytest.raises(ValidationFailed, match=r"days_since_previous.*max_value=7"):
        run_source(SOURCE, faulty)
    with warehouse(settings, read_only=True) as con:
        assert table_count(con, "raw.coingecko_btc") == 0
