"""The MoF yield parser on every real published shape, value by value, and on broken input."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from ingest.errors import ParseError
from ingest.sources.mof_jgb_yields.parse import parse
from tests.conftest import YIELDS

EN_NEW = YIELDS / "jgbcme_all_to_2026-04-30.csv"
EN_OLD = YIELDS / "jgbcme_all_to_2024-07-31.csv"
JA_UTF8 = YIELDS / "jgbcm_all_utf8_to_2026-02-27.csv"
JA_SJIS = YIELDS / "jgbcm_all_sjis_to_2022-05-31.csv"


@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    return {p.name: parse(p.read_bytes(), p.name).frame for p in (EN_NEW, EN_OLD, JA_UTF8, JA_SJIS)}


def value(frame: pl.DataFrame, d: date, tenor: int) -> float | None:
    rows = frame.filter((pl.col("date") == d) & (pl.col("tenor_years") == tenor))
    assert rows.height == 1, f"{d} {tenor}Y: {rows.height} rows"
    return rows["yield_pct"][0]


def test_each_real_file_parses_with_its_shape() -> None:
    en = parse(EN_NEW.read_bytes(), EN_NEW.name)
    assert (en.language, en.encoding, en.title) == ("en", "utf-8", "Interest Rate")
    sjis = parse(JA_SJIS.read_bytes(), JA_SJIS.name)
    assert (sjis.language, sjis.encoding, sjis.title) == ("ja", "cp932", "国債金利情報")
    utf8 = parse(JA_UTF8.read_bytes(), JA_UTF8.name)
    assert (utf8.language, utf8.encoding, utf8.title) == ("ja", "utf-8", None)
    # 13,210 lines = title + header + 13,208 days; 15 tenors a day
    assert en.frame.height == 13_208 * 15
    assert en.frame["date"].min() == date(1974, 9, 24) and en.frame["date"].max() == date(2026, 4, 30)


def test_known_real_values(frames: dict[str, pl.DataFrame]) -> None:
    f = frames[EN_NEW.name]
    assert value(f, date(1974, 9, 24), 1) == 10.327
    assert value(f, date(1974, 9, 24), 10) is None  # '-' : 10Y starts in 1986
    assert value(f, date(2025, 12, 22), 10) == 2.073
    assert value(f, date(2025, 12, 22), 30) == 3.374
    assert value(f, date(2025, 12, 22), 40) == 3.562
    assert value(f, date(2026, 4, 30), 40) == 3.743
    j = frames[JA_SJIS.name]
    assert value(j, date(2019, 4, 26), 1) == -0.157  # H31.4.26, a negative yield
    assert value(j, date(2019, 5, 7), 40) == 0.607  # R1.5.7, first Reiwa day


def test_missing_cells_are_null_and_negative_yields_are_kept(frames: dict[str, pl.DataFrame]) -> None:
    f = frames[EN_NEW.name]
    raw_text = EN_NEW.read_text()
    dash_cells = sum(line.split(",")[1:].count("-") for line in raw_text.splitlines()[2:])
    assert f["yield_pct"].null_count() == dash_cells
    cells = [c for line in raw_text.splitlines()[2:] for c in line.split(",")[1:]]
    negative_cells = sum(1 for c in cells if c.startswith("-") and c != "-")
    assert (f["yield_pct"] < 0).sum() == negative_cells > 10_000


@pytest.mark.parametrize("other", [EN_OLD.name, JA_UTF8.name, JA_SJIS.name])
def test_overlapping_files_agree_value_by_value(frames: dict[str, pl.DataFrame], other: str) -> None:
    new, old = frames[EN_NEW.name], frames[other]
    joined = old.join(new, on=["date", "tenor_years"], how="left", suffix="_new")
    assert joined["yield_pct_new"].is_null().sum() == joined["yield_pct"].is_null().sum()  # every row matched
    assert joined.filter(pl.col("yield_pct").ne_missing(pl.col("yield_pct_new"))).height == 0
    assert joined.height == old.height > 180_000


def test_shift_jis_bytes_of_the_utf8_file_parse_identically(frames: dict[str, pl.DataFrame]) -> None:
    text = JA_UTF8.read_text(encoding="utf-8")
    published = "国債金利情報,,,,,,,,,,,,,,,(単位 : %)\r\n" + text  # MoF's own file has the title line
    parsed = parse(published.encode("cp932"), "utf8-file-as-sjis.csv")
    assert parsed.encoding == "cp932" and parsed.title == "国債金利情報"
    assert parsed.frame.drop("line_no").equals(frames[JA_UTF8.name].drop("line_no"))


def _current_month_file(year: int, month: int, month_name: str) -> bytes:
    """The current-month layout (title with the month, ※ footer in cp932) around real rows."""
    rows = [ln for ln in EN_NEW.read_text().splitlines()[2:] if ln.startswith(f"{year}/{month}/")]
    lines = [
        f"Interest Rate ({month_name} {year}),,,,,,,,,,,,,,,(Unit : %)",
        EN_NEW.read_text().splitlines()[1],
        *rows,
        ",,,,,,,,,,,,,,,",
        '"  ※If you cannot download the latest csv data, please clear the browser\'s cache and download again."'
        ",,,,,,,,,,,,,,,",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def test_current_month_shape_with_cp932_footer(frames: dict[str, pl.DataFrame]) -> None:
    parsed = parse(_current_month_file(2026, 4, "April"), "jgbcme.csv")
    assert parsed.encoding == "cp932" and parsed.title == "Interest Rate (April 2026)"
    april = frames[EN_NEW.name].filter(pl.col("date").dt.month() == 4, pl.col("date").dt.year() == 2026)
    assert parsed.frame.drop("line_no").equals(april.drop("line_no"))
    assert parsed.frame.height == 21 * 15  # 21 business days in April 2026


def test_header_only_current_month_file_is_empty_not_an_error() -> None:
    data = "Interest Rate (May 2026),,,,,,,,,,,,,,,(Unit : %)\r\n" + EN_NEW.read_text().splitlines()[1] + "\r\n"
    assert parse(data.encode(), "jgbcme.csv").frame.height == 0


def _broken(replace_line: int, new: str) -> bytes:
    lines = EN_NEW.read_text().splitlines()
    lines[replace_line - 1] = new
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize(
    ("data", "line", "needle"),
    [
        (_broken(2, "Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,30Y,40Y,50Y"), 2, "unexpected header"),
        (_broken(500, "1976/9/20,7.1,abc,7.0,7.0,7.0,7.0,7.0,7.0,7.0,-,-,-,-,-,-"), 500, "field '2Y'"),
        (_broken(600, "1976/13/2,7.1,7.0,7.0,7.0,7.0,7.0,7.0,7.0,7.0,-,-,-,-,-,-"), 600, "not a date"),
        (_broken(700, "R1.5.7,7.1,7.0,7.0,7.0,7.0,7.0,7.0,7.0,7.0,-,-,-,-,-,-"), 700, "not a date"),
        (EN_NEW.read_bytes()[:-40], 13210, "not a yield"),  # cut mid-line
    ],
    ids=["changed-header", "text-in-a-value", "bad-month", "japanese-date-in-english-file", "truncated"],
)
def test_broken_files_are_rejected_with_file_line_and_field(data: bytes, line: int, needle: str) -> None:
    with pytest.raises(ParseError) as err:
        parse(data, "jgbcme_all.csv")
    msg = str(err.value)
    assert "jgbcme_all.csv" in msg and f"line {line}" in msg and needle in msg
    assert err.value.line == line


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty payload"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>404 Not Found</body></html>", "HTML page"),
        (bytes(range(128, 256)) * 40, "undecodable byte"),
        (b"Interest Rate,,,\r\n", "no header line"),
    ],
    ids=["empty", "html-404-page", "garbage-bytes", "title-only"],
)
def test_non_csv_payloads_are_rejected(data: bytes, needle: str) -> None:
    with pytest.raises(ParseError, match=needle):
        parse(data, "jgbcme_all.csv")


def test_era_dates_of_every_era_convert() -> None:
    header = "基準日,1年,2年,3年,4年,5年,6年,7年,8年,9年,10年,15年,20年,25年,30年,40年"
    rows = ["S64.1.6", "H1.1.10", "H31.4.26", "R1.5.7", "R8.2.27"]
    body = "\r\n".join([header] + [f"{r},1,1,1,1,1,1,1,1,1,1,1,1,1,1,1" for r in rows]) + "\r\n"
    dates = parse(body.encode("cp932"), "era.csv").frame["date"].unique(maintain_order=True).to_list()
    assert dates == [date(1989, 1, 6), date(1989, 1, 10), date(2019, 4, 26), date(2019, 5, 7), date(2026, 2, 27)]
