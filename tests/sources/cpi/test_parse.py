"""The CPI parser on the whole real recording, cross-checked with the Statistics Bureau's own table, and on faults."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingest.errors import ParseError
from ingest.sources.cpi import parse
from tests.conftest import RECORDED

REAL = (RECORDED / "cpi" / "estat_cpi_0003427113_to_2026-08.csv").read_bytes()
ZMI = Path(__file__).parent / "fixtures" / "zmi2020a_cleaned_to_2023-04.csv"
FILE = "estat_cpi.csv"


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parse.parse(REAL, FILE)


def index(frame: pl.DataFrame, month: date, code: str) -> float:
    return frame.filter((pl.col("month") == month) & (pl.col("series_code") == code))["index_2020"].item()


def test_whole_file(frame: pl.DataFrame) -> None:
    assert frame.height == 680 * 5 == len(REAL.decode().splitlines()) - 1
    per_series = frame.group_by("series_code").agg(first=pl.col("month").min(), last=pl.col("month").max(), n=pl.len())
    assert per_series.sort("series_code").rows() == [
        (code, date(1970, 1, 1), date(2026, 8, 1), 680) for code in ("0001", "0161", "0178", "0202", "0220")
    ]
    assert frame.row(0, named=True) == {
        "month": date(2026, 8, 1),
        "series_code": "0001",
        "series_name": "総合",
        "series_name_en": "All items (headline)",
        "index_2020": 114.3,
        "line_no": 2,
    }


@pytest.mark.parametrize(
    ("month", "code", "value"),
    [
        (date(2026, 8, 1), "0001", 114.3),
        (date(2026, 7, 1), "0001", 114.2),
        (date(2026, 8, 1), "0161", 113.6),
        (date(2025, 12, 1), "0001", 113.0),
        (date(1970, 1, 1), "0220", 23.7),
    ],
)
def test_published_figures(frame: pl.DataFrame, month: date, code: str, value: float) -> None:
    assert index(frame, month, code) == value


def test_2020_averages_are_100(frame: pl.DataFrame) -> None:
    means = frame.filter(pl.col("month").dt.year() == 2020).group_by("series_code").agg(pl.col("index_2020").mean())
    assert all(round(m, 1) == 100.0 for m in means["index_2020"])


def test_agrees_with_the_statistics_bureaus_zmi2020a(frame: pl.DataFrame) -> None:
    """All items and core equal the Bureau's own wide table in every shared month (1970-01 … 2023-04)."""
    with ZMI.open(encoding="ascii", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    columns = {"0001": header.index("All items"), "0161": header.index("All items, less fresh food")}
    compared = 0
    for row in rows[1:]:
        month = date(int(row[0][:4]), int(row[0][4:]), 1)
        for code, col in columns.items():
            assert index(frame, month, code) == float(row[col]), (month, code)
            compared += 1
    assert compared == 640 * 2


def test_yoy_streak_in_the_real_data(frame: pl.DataFrame) -> None:
    """Headline and core year-on-year (from the rounded index) ≥ 2.0 % every month 2022-04 … 2025-12, then below."""
    wide = frame.pivot(on="series_code", index="month", values="index_2020").sort("month")
    yoy = wide.select(
        "month",
        *[(100 * (pl.col(c) / pl.col(c).shift(12) - 1)).round(1).alias(c) for c in ("0001", "0161")],
    )
    at_least_2 = yoy.filter((pl.col("0001") >= 2.0) & (pl.col("0161") >= 2.0))["month"].to_list()
    streak = [m for m in at_least_2 if date(2022, 4, 1) <= m <= date(2025, 12, 1)]
    assert len(streak) == 45 and len([m for m in streak if m <= date(2025, 11, 1)]) == 44
    assert date(2022, 3, 1) not in at_least_2 and date(2026, 2, 1) not in at_least_2


def test_api_answer_with_its_result_section() -> None:
    """getSimpleStatsData puts a RESULT section and a "VALUE" line before the header (the documented layout,
    lines as e-Stat writes them); the rows under it here are the real recording's."""
    section = '"RESULT"\n"STATUS","0"\n"ERROR_MSG","正常に終了しました。"\n"VALUE"\n'.encode()
    frame = parse.parse(section + REAL, FILE)
    assert frame.height == 3400 and frame["line_no"][0] == 6


def _rejects(content: bytes, *fragments: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse.parse(content, FILE)
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    return caught.value


LINES = REAL.decode().split("\n")


def _with_line(n: int, text: str) -> bytes:
    lines = list(LINES)
    lines[n - 1] = text
    return "\n".join(lines).encode()


def test_rejects_changed_header() -> None:
    _rejects(REAL.replace(b"cat01_code", b"cat01", 1), FILE, "line 1", "unexpected header")


def test_rejects_non_numeric_value() -> None:
    _rejects(_with_line(3, LINES[2].replace(",114.2,", ",***,")), "line 3", "field 'value'", "'***'")


def test_rejects_truncated_line() -> None:
    cut = REAL[: REAL.index(b"\n", 5000) + 20]
    err = _rejects(cut, "fields where the header has 10")
    assert err.line == cut.count(b"\n") + 1


def test_rejects_duplicate_observation() -> None:
    _rejects(_with_line(3, LINES[1]), "line 3", "duplicate observation (first on line 2)", "field 'time_code'")


def test_rejects_renamed_series() -> None:
    _rejects(_with_line(2, LINES[1].replace("0001 総合", "0001 総合指数")), "line 2", "series renamed")


def test_rejects_bad_time_code() -> None:
    _rejects(_with_line(2, LINES[1].replace("2026000808", "2026100000")), "line 2", "field 'time_code'")


def test_rejects_html_error_page() -> None:
    _rejects(b"<!DOCTYPE html><html><body>503 Service Unavailable</body></html>", "HTML page", "line 1")


def test_rejects_wrong_encoding() -> None:
    _rejects(REAL.decode().encode("utf-16"), FILE, "undecodable byte", "line 682")


def test_reports_estat_error_status() -> None:
    _rejects(b'"RESULT"\n"STATUS","100"\n"ERROR_MSG","(the reason)"\n', "STATUS 100", "(the reason)")
