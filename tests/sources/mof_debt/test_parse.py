"""The suii.xls parser on MoF's real workbook: values, hierarchy, markers, and rejected layouts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
import xlrd

from ingest.errors import ParseError
from ingest.sources.mof_debt import cells, expectations, parse
from ingest.sources.mof_debt.cells import Grid

TEXT, NUMBER = xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER


@pytest.fixture(scope="module")
def frame(suii_bytes: bytes) -> pl.DataFrame:
    return parse.parse(suii_bytes, "suii_2021-06_to_2026-03.xls")


def amount(frame: pl.DataFrame, as_of: date, code: str) -> float | None:
    rows = frame.filter((pl.col("as_of") == as_of) & (pl.col("category_code") == code))
    assert rows.height == 1, (as_of, code)
    return rows["amount_100m_yen"][0]


# Figures as MoF published them (億円); the press reported the same 2025-12 total and 普通国債 (README.md).
PUBLISHED = {
    date(2025, 9, 30): {
        "jgb": 11_919_162,
        "jgb.general": 10_882_168,
        "borrowings": 411_758,
        "fb": 1_004_994,
        "total": 13_335_914,
        "guaranteed": 272_406,
    },
    date(2025, 12, 31): {
        "jgb": 11_976_396,
        "jgb.general": 10_944_874,
        "borrowings": 441_328,
        "fb": 1_003_996,
        "total": 13_421_720,
        "guaranteed": 275_382,
    },
    date(2026, 3, 31): {
        "jgb": 12_072_188,
        "jgb.general": 11_042_984,
        "borrowings": 443_243,
        "fb": 922_995,
        "total": 13_438_426,
        "guaranteed": 272_275,
    },
}


@pytest.mark.parametrize(
    ("as_of", "code", "expected"), [(d, c, v) for d, vals in PUBLISHED.items() for c, v in vals.items()]
)
def test_published_figures(frame: pl.DataFrame, as_of: date, code: str, expected: int) -> None:
    assert amount(frame, as_of, code) == expected


def test_yen_conversion_and_shape(frame: pl.DataFrame) -> None:
    total = frame.filter((pl.col("as_of") == date(2025, 12, 31)) & (pl.col("category_code") == "total"))
    assert total["amount_jpy"][0] == 1_342_172_000_000_000_000 // 1000  # 1,342.172 trillion yen
    assert frame.height == 21 * 20  # 21 categories × 20 quarter ends
    quarters = frame["as_of"].unique().sort()
    assert quarters[0] == date(2021, 6, 30) and quarters[-1] == date(2026, 3, 31) and len(quarters) == 20
    assert frame.filter(pl.col("as_of") == date(2026, 3, 31))["period_label"].unique().to_list() == ["R8.3末"]


def test_repeated_labels_get_distinct_paths(frame: pl.DataFrame) -> None:
    cats = frame.unique("category_code").select(
        "category_code", "category_path_en", "category_path_ja", "level", "parent_code"
    )
    by = {r["category_code"]: r for r in cats.iter_rows(named=True)}
    assert by["jgb.general.long"]["category_path_en"] == (
        "Government Bonds (JGBs) / General Bonds / Long-term (10 years or more)"
    )
    assert by["jgb.filp.long"]["category_path_ja"] == "内国債 / 財政投融資特別会計国債 / 長期国債（10年以上）"
    assert by["jgb.filp.long"]["parent_code"] == "jgb.filp" and by["jgb.general.long"]["parent_code"] == "jgb.general"
    levels = (by["total"]["level"], by["jgb"]["level"], by["jgb.general"]["level"], by["jgb.general.long"]["level"])
    assert levels == (0, 1, 2, 3)
    assert (by["borrowings.short"]["parent_code"], by["borrowings.short"]["level"]) == ("borrowings", 2)
    assert by["guaranteed"]["parent_code"] is None
    assert cats["category_path_ja"].n_unique() == cats.height


def test_missing_markers_are_null(frame: pl.DataFrame) -> None:
    gx = frame.filter(pl.col("category_code") == "jgb.general.gx").sort("as_of")
    assert gx.filter(pl.col("as_of") < date(2024, 3, 31))["amount_100m_yen"].null_count() == 11
    assert gx.filter(pl.col("as_of") < date(2024, 3, 31))["missing_marker"].unique().to_list() == ["ー"]
    assert amount(frame, date(2024, 3, 31), "jgb.general.gx") == 24_478
    assert amount(frame, date(2021, 12, 31), "jgb.filp.short") == 36_953
    assert amount(frame, date(2022, 3, 31), "jgb.filp.short") is None


def test_flags(frame: pl.DataFrame) -> None:
    memos = set(frame.filter(pl.col("is_memo"))["category_code"].unique())
    assert memos == {"jgb.general.reconstruction", "jgb.general.gx"}
    assert set(frame.filter(~pl.col("in_total"))["category_code"].unique()) == {"guaranteed"}


def test_parts_add_up_within_rounding(frame: pl.DataFrame) -> None:
    v = expectations.validation_frame(frame)
    assert (v["sum_gap_abs"] <= v["sum_tolerance"]).all()
    assert v["sum_gap_abs"].max() == 1.0  # MoF's rounding shows, but never beyond one 億円
    total = v.filter((pl.col("category_code") == "total") & (pl.col("as_of") == date(2025, 12, 31)))
    assert total["sum_gap_abs"][0] == 0.0  # 11,976,396 + 441,328 + 1,003,996 = 13,421,720


@pytest.mark.parametrize("marker", sorted(cells.MISSING))
def test_every_missing_marker(grid: Grid, marker: str) -> None:
    grid[9][5] = (TEXT, f" {marker} ")  # general short-term bonds, 2021-12
    out = parse.parse_grid(grid, "mutated")
    row = out.filter((pl.col("category_code") == "jgb.general.short") & (pl.col("as_of") == date(2021, 12, 31)))
    assert row["amount_100m_yen"][0] is None and row["missing_marker"][0] == marker


def _rejects(grid: Grid, *fragments: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse.parse_grid(grid, "suii_mutated.xls")
    msg = str(info.value)
    assert "[mof_debt] suii_mutated.xls" in msg
    for f in fragments:
        assert f in msg, msg
    return info.value


def test_rejects_changed_header_label(grid: Grid) -> None:
    grid[2][0] = (TEXT, "区　分\nItem")
    _rejects(grid, "unexpected header", "line 3", "'A3'", "Category")


def test_rejects_non_quarter_period(grid: Grid) -> None:
    grid[2][22] = (TEXT, "R8.2末\n2026 February")
    _rejects(grid, "not a quarter end", "'W3'", "R8.2末")


def test_rejects_era_english_mismatch(grid: Grid) -> None:
    grid[2][22] = (TEXT, "R8.3末\n2025 March")
    _rejects(grid, "disagree", "'W3'")


def test_rejects_gap_between_quarters(grid: Grid) -> None:
    grid[2][22] = (TEXT, "R8.6末\n2026 June")
    _rejects(grid, "not consecutive", "'W3'", "expected 2026-03")


def test_rejects_text_for_number(grid: Grid) -> None:
    grid[22][21] = (TEXT, "13,421,72O")  # letter O for zero
    _rejects(grid, "not an amount", "line 23", "'V23'", "13,421,72O")


def test_rejects_empty_amount(grid: Grid) -> None:
    grid[4][10] = (xlrd.XL_CELL_EMPTY, "")
    _rejects(grid, "not an amount", "'K5'")


def test_accepts_number_typed_as_text(grid: Grid) -> None:
    grid[22][21] = (TEXT, "13,421,720")
    out = parse.parse_grid(grid, "mutated")
    total = out.filter((pl.col("category_code") == "total") & (pl.col("as_of") == date(2025, 12, 31)))
    assert total["amount_100m_yen"][0] == 13_421_720


def test_rejects_missing_row(grid: Grid) -> None:
    del grid[12]  # FILP medium-term bonds
    _rejects(grid, "unexpected category row", "line 13", "中期国債(2年から5年)")


def test_rejects_unknown_label(grid: Grid) -> None:
    grid[14][1] = (TEXT, "新\u3000型\u3000国\u3000債\n New Bonds")
    _rejects(grid, "unexpected category row", "'B15'", "交付国債", "新型国債")


def test_rejects_label_in_other_column(grid: Grid) -> None:
    grid[7][1], grid[7][2] = grid[7][2], (TEXT, "")  # long-term general bonds moved from C to B
    _rejects(grid, "unexpected category row", "line 8", "in column C", "in column B")


def test_rejects_changed_title_and_unit(grid: Grid) -> None:
    original = grid[1][20]
    grid[1][20] = (TEXT, "（単位：兆円）\n（Unit: trillion yen）")
    _rejects(grid, "unit note not found", "line 2")
    grid[1][20] = original
    grid[0][0] = (TEXT, "国債残高\nJGBs outstanding")
    _rejects(grid, "unexpected title", "'A1'")


def test_rejects_unexpected_trailing_row(grid: Grid) -> None:
    grid.append([(TEXT, "参考\nReference")] + [(NUMBER, 1.0)] * 22)
    _rejects(grid, "unexpected row after the last block", "line 29")


def test_rejects_second_header_that_differs(grid: Grid) -> None:
    grid[24] = grid[24][:22] + [(xlrd.XL_CELL_EMPTY, "")]
    _rejects(grid, "second header differs")


def test_label_normalization() -> None:
    assert cells.split_label("出\u3000資 ･ 拠\u3000出\u3000国\u3000債\n Subscription / Contribution Bonds") == (
        "出資・拠出国債",
        "Subscription / Contribution Bonds",
    )
    guaranteed = "政\u3000府\u3000保\u3000証\u3000債\u3000務\nGovernment\u2010Guaranteed Debts"
    assert cells.split_label(guaranteed)[1] == "Government-Guaranteed Debts"
    assert cells.cell_ref(0, 0) == "A1" and cells.cell_ref(22, 22) == "W23" and cells.cell_ref(0, 27) == "AB1"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"", "empty payload"),
        (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "HTML page"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls workbook"),
    ],
)
def test_rejects_bytes_that_are_not_the_workbook(payload: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse.parse(payload, "suii.xls")


def test_rejects_truncated_workbook(suii_bytes: bytes) -> None:
    with pytest.raises(ParseError, match="xls workbook"):
        parse.parse(suii_bytes[: len(suii_bytes) // 2], "suii.xls")
