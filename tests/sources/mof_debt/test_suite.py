"""mof_debt's whole suite (declared rules + its own checks): passes on the real workbook, fails on each broken rule."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
import xlrd

from ingest.source import SuiteContext
from ingest.sources.mof_debt import SOURCE
from ingest.sources.mof_debt.cells import Grid
from ingest.sources.mof_debt.expectations import validation_frame
from ingest.sources.mof_debt.parse import parse_grid
from ingest.validation import validate_frame


def _validate(grid: Grid, last_good_rows: int = 0) -> list[str]:
    frame = validation_frame(parse_grid(grid, "suii.xls"))
    outcome = validate_frame(frame, "mof_debt.suii", SOURCE.expectations(SuiteContext("suii", last_good_rows)))
    assert len(outcome.outcomes) == len(SOURCE.expectations(SuiteContext("suii", 0)))
    assert not any("could not run" in o.detail for o in outcome.outcomes), outcome.failures
    return outcome.failures


def test_real_workbook_passes(grid: Grid) -> None:
    assert _validate(grid, last_good_rows=420) == []


def test_part_that_does_not_add_up_fails(grid: Grid) -> None:
    grid[7][21] = (xlrd.XL_CELL_NUMBER, 8_477_649.0 + 5)  # long-term general bonds, 2025-12: +5 億円
    failures = _validate(grid)
    assert len(failures) == 1 and "ExpectColumnPairValuesAToBeGreaterThanB" in failures[0]


def test_rounding_sized_gap_passes(grid: Grid) -> None:
    grid[7][21] = (xlrd.XL_CELL_NUMBER, 8_477_649.0 + 2)  # gap 1 → 1 (published sum is 1 short): within 2 億円
    assert _validate(grid) == []


def test_total_must_equal_jgbs_borrowings_fbs(grid: Grid) -> None:
    grid[22][21] = (xlrd.XL_CELL_NUMBER, 13_421_720.0 + 100)
    assert any("sum_tolerance" in f for f in _validate(grid))


def test_negative_amount_fails(grid: Grid) -> None:
    grid[25][3] = (xlrd.XL_CELL_NUMBER, -1.0)  # guaranteed debt: no parts, only the sign rule applies
    failures = _validate(grid)
    assert len(failures) == 1 and "amount_100m_yen" in failures[0]


def test_memo_above_its_parent_fails(grid: Grid) -> None:
    grid[5][3] = (xlrd.XL_CELL_NUMBER, 9_420_072.0)  # reconstruction bonds > general bonds
    assert any("memo_headroom" in f for f in _validate(grid))


def test_missing_headline_fails(grid: Grid) -> None:
    grid[25][4] = (xlrd.XL_CELL_TEXT, "ー")
    assert any("required_missing" in f for f in _validate(grid))


def test_fewer_rows_than_last_good_load_fails(grid: Grid) -> None:
    assert any("ExpectTableRowCountToBeBetween" in f for f in _validate(grid, last_good_rows=421))


def test_duplicates_and_non_quarter_dates_fail() -> None:
    # A frame the parser would never produce: the suite must still catch it on its own.
    frame = pl.DataFrame(
        {
            "as_of": [date(2026, 3, 31), date(2026, 3, 31), date(2026, 2, 28)],
            "category_code": ["guaranteed", "guaranteed", "guaranteed"],
            "parent_code": [None, None, None],
            "is_memo": [False] * 3,
            "amount_100m_yen": [1.0, 1.0, 1.0],
        },
        schema_overrides={"parent_code": pl.String},
    )
    outcome = validate_frame(validation_frame(frame), "mof_debt.suii", SOURCE.expectations(SuiteContext("suii", 0)))
    text = " ".join(outcome.failures)
    assert "ExpectCompoundColumnsToBeUnique" in text and "is_quarter_end" in text


@pytest.mark.parametrize("code", ["jgb.general.long", "jgb.filp.long"])
def test_children_checked_under_their_own_parent(grid: Grid, code: str) -> None:
    # The two 長期国債 rows share a label: a change in one must break only its own parent's sum.
    row = 7 if code == "jgb.general.long" else 11
    grid[row][3] = (xlrd.XL_CELL_NUMBER, grid[row][3][1] + 500)
    frame = validation_frame(parse_grid(grid, "suii.xls"))
    bad = frame.filter(pl.col("sum_gap_abs") > pl.col("sum_tolerance"))["category_code"].unique().sort().to_list()
    assert bad == [code.rsplit(".", 1)[0]]
