"""The FRED parser on every whole recorded file (both layouts) and on faults seen in the wild."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from ingest.errors import ParseError
from ingest.sources.fred_series.fetch import DEFAULT_BASE_URL, url_for
from ingest.sources.fred_series.parse import parse
from tests import daily_csv_faults as fault
from tests.conftest import RECORDED

FOLDER = RECORDED / "fred_series"
MANIFEST = yaml.safe_load((FOLDER / "manifest.yaml").read_text(encoding="utf-8"))

# file → (lines after the header, days with a value, (first day, value), (last day, value))
EXPECTED = {
    "dexjpus_1971-01-04_2023-09-15.csv": (13750, 13213, (date(1971, 1, 4), 357.73), (date(2023, 9, 15), 147.83)),
    "dexjpus_2021-05-17_2026-05-15.csv": (1305, 1251, (date(2021, 5, 17), 109.17), (date(2026, 5, 15), 158.69)),
    "dexjpus_2025-12-01_2026-09-11.csv": (205, 197, (date(2025, 12, 1), 155.28), (date(2026, 9, 11), 153.71)),
    "dgs10_1962-01-02_2025-11-24.csv": (16670, 15959, (date(1962, 1, 2), 4.06), (date(2025, 11, 24), 4.04)),
    "dgs10_2015-01-15_2026-01-15.csv": (2871, 2751, (date(2015, 1, 15), 1.77), (date(2026, 1, 15), 4.17)),
    "dgs30_1977-02-15_2025-11-24.csv": (12725, 12189, (date(1977, 2, 15), 7.7), (date(2025, 11, 24), 4.68)),
    "dgs30_2015-01-15_2026-01-15.csv": (2871, 2751, (date(2015, 1, 15), 2.40), (date(2026, 1, 15), 4.79)),
    "cbbtcusd_2014-12-01_2026-05-24.csv": (4193, 4158, (date(2014, 12, 1), 370.0), (date(2026, 5, 24), 77078.18)),
}
OLD_LAYOUT = "dexjpus_1971-01-04_2023-09-15.csv"  # DATE,DEXJPUS with '.' for a day without a value
CURRENT = "dexjpus_2025-12-01_2026-09-11.csv"  # observation_date,DEXJPUS with an empty field


def test_every_recording_is_listed() -> None:
    assert {e["file"] for e in MANIFEST} == set(EXPECTED)
    assert all(e["url"] == url_for(DEFAULT_BASE_URL, e["kind"]) for e in MANIFEST)


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_whole_real_file_parses(entry: dict) -> None:
    data = (FOLDER / entry["file"]).read_bytes()
    lines_after_header, values, first, last = EXPECTED[entry["file"]]
    frame = parse(data, entry["file"], entry["kind"], entry["url"])
    assert len(fault.lines(data)) - 2 == lines_after_header
    assert frame.height == values and frame["value"].null_count() == 0
    assert set(frame["series_id"]) == {entry["kind"]}
    assert (frame["date"][0], frame["value"][0]) == first
    assert (frame["date"][-1], frame["value"][-1]) == last
    assert frame["date"].is_sorted() and frame["date"].n_unique() == values


def test_both_layouts_agree_on_shared_days() -> None:
    """The older layout's copy and the current layout's copy of DEXJPUS hold the same values where they overlap."""
    old, new = (
        parse((FOLDER / f).read_bytes(), f, "DEXJPUS", url_for(DEFAULT_BASE_URL, "DEXJPUS"))
        for f in (OLD_LAYOUT, "dexjpus_2021-05-17_2026-05-15.csv")
    )
    shared = old.join(new, on=["series_id", "date"])
    assert shared.height == 585 and (shared["value"] == shared["value_right"]).all()


def _parse(data: bytes, kind: str = "DEXJPUS") -> None:
    parse(data, "f.csv", kind, url_for(DEFAULT_BASE_URL, kind))


OLD = (FOLDER / OLD_LAYOUT).read_bytes()
NEW = (FOLDER / CURRENT).read_bytes()
FAULTS = {
    "truncated": (fault.truncated(NEW), r"f\.csv, line 206: truncated"),
    "header_names_another_series": (
        fault.with_header(NEW, b"observation_date,DEXUSEU"),
        r"f\.csv, line 1, field 'header': the header names another series than the one requested; "
        r"expected DEXJPUS, got 'DEXUSEU'",
    ),
    "header_changed": (fault.with_header(NEW, b"date,value"), r"f\.csv, line 1, field 'header': unexpected header"),
    "wrong_encoding": (fault.utf16(NEW), r"f\.csv, line 1, field 'encoding': not UTF-8 text"),
    "html_page": (fault.HTML_PAGE, r"f\.csv, line 1: got an HTML page"),
    "non_numeric": (
        fault.with_cell(NEW, 5, 1, b"n/a"),
        r"f\.csv, line 5, field 'DEXJPUS': not a number; expected a decimal number, got 'n/a'",
    ),
    "old_marker_in_current_layout": (
        fault.with_cell(NEW, 5, 1, b"."),
        r"f\.csv, line 5, field 'DEXJPUS': not a number",
    ),
    "current_marker_in_old_layout": (
        fault.with_cell(OLD, 3, 1, b""),
        r"f\.csv, line 3, field 'DEXJPUS': not a number",
    ),
    "duplicate_key": (
        fault.duplicated(NEW, 5),
        r"f\.csv, line 6, field 'date': duplicate date \(first at line 5\)",
    ),
    "missing_line": (
        fault.without(NEW, 5),
        r"f\.csv, line 5, field 'date': a line is missing .*; expected 2025-12-04, got '2025-12-05'",
    ),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_names_file_line_and_field(name: str) -> None:
    data, message = FAULTS[name]
    with pytest.raises(ParseError, match=message):
        _parse(data)


def test_lower_case_header_is_the_series_asked_for() -> None:
    data = (FOLDER / "dgs10_1962-01-02_2025-11-24.csv").read_bytes()
    assert data.startswith(b"observation_date,dgs10\n")
    with pytest.raises(ParseError, match="the header names another series than the one requested; expected DGS30"):
        _parse(data, "DGS30")


def test_a_weekend_line_in_a_business_day_series_is_refused() -> None:
    data = fault.with_cell(NEW, 6, 0, b"2025-12-06")  # line 5 is Thursday 2025-12-04; a Saturday follows
    with pytest.raises(ParseError, match=r"line 6, field 'date': a weekend day in a business-day series"):
        _parse(data)
