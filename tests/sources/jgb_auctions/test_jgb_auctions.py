"""JGB super-long auctions: the whole third-party export, figures published elsewhere, faults, live skipped."""

from __future__ import annotations

import dataclasses
from datetime import date

import duckdb
import polars as pl
import pytest

from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SuiteContext
from ingest.sources import jgb_auctions
from ingest.sources.jgb_auctions import expectations, fetch, parse
from ingest.validation import validate_frame
from tests.conftest import RECORDED
from tests.faults import assert_rejected

FILE = "kanryu_history_2024-01-12_to_2026-10-08.json"
REAL = (RECORDED / "jgb_auctions" / FILE).read_bytes()
TEXT = REAL.decode()
JUNE_5 = '"https://www.mof.go.jp/jgbs/auction/calendar/nyusatsu/resul20250605.htm": {'


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parse.parse(REAL, FILE)


def auction(frame: pl.DataFrame, day: date, maturity: int) -> dict[str, object]:
    rows = frame.filter((pl.col("auction_date") == day) & (pl.col("maturity_years") == maturity)).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_whole_export(frame: pl.DataFrame) -> None:
    assert frame.height == 84
    assert frame["auction_date"].min() == date(2024, 1, 12) and frame["auction_date"].max() == date(2026, 10, 8)
    counts = dict(frame.group_by("maturity_years").len().iter_rows())
    assert counts == {20: 33, 30: 34, 40: 17}
    yields = frame.filter(pl.col("method") == "yield")
    assert set(yields["maturity_years"]) == {40} and yields.height == 17
    assert yields["low_price"].is_null().all() and yields["avg_price"].is_null().all()
    assert (yields["high_yield_pct"] == yields["avg_yield_pct"]).all()  # one accepted yield in a Dutch auction
    assert frame.filter(pl.col("method") == "price")["low_price"].is_not_null().all()
    assert frame["parsed_by"].str.starts_with("third party").all()
    assert frame["result_url"].str.starts_with("https://www.mof.go.jp/jgbs/auction/calendar/nyusatsu/resul").all()


@pytest.mark.parametrize(
    ("day", "maturity", "bid_to_cover", "tail_yen", "avg_yield", "high_yield"),
    [
        # Reuters: bid-to-cover 2.921, tail 0.49 yen, average 2.904 %, lowest-price yield 2.938 %
        (date(2025, 6, 5), 30, 2.921, 0.49, 2.904, 2.938),
        # MINKABU / livedoor: lowest 92.80 (3.277 %), average 92.98 (3.264 %), bid-to-cover 3.31
        (date(2025, 9, 4), 30, 3.31, 0.18, 3.264, 3.277),
        # livedoor: bid-to-cover 3.28, tail 0.31
        (date(2025, 11, 19), 20, 3.28, 0.31, None, None),
        # reportify: bids ¥1,106.60 bn for ¥499.90 bn sold, 3.135 % (a yield auction: no tail in yen)
        (date(2025, 5, 28), 40, 2.21, None, 3.135, 3.135),
    ],
)
def test_figures_published_independently(
    frame: pl.DataFrame,
    day: date,
    maturity: int,
    bid_to_cover: float,
    tail_yen: float | None,
    avg_yield: float | None,
    high_yield: float | None,
) -> None:
    row = expectations.validation_frame(frame).filter(
        (pl.col("auction_date") == day) & (pl.col("maturity_years") == maturity)
    )
    digits = len(str(bid_to_cover).split(".")[1])
    assert round(row["bid_to_cover"].item(), digits) == bid_to_cover
    if tail_yen is not None:
        assert round(row["price_tail_yen"].item(), 2) == tail_yen
    if avg_yield is not None:
        assert (row["avg_yield_pct"].item(), row["high_yield_pct"].item()) == (avg_yield, high_yield)


def test_june_2025_thirty_year_as_published(frame: pl.DataFrame) -> None:
    row = auction(frame, date(2025, 6, 5), 30)
    assert (row["bid_100m_yen"], row["accepted_100m_yen"]) == (17_669.0, 6_048.0)
    assert (row["low_price"], row["avg_price"], row["issue_number"]) == (91.45, 91.94, 86)
    assert row["result_url"] == "https://www.mof.go.jp/jgbs/auction/calendar/nyusatsu/resul20250605.htm"


def test_suite_passes_and_catches_a_negative_tail(frame: pl.DataFrame) -> None:
    checked = expectations.validation_frame(frame)
    suite = jgb_auctions.SOURCE.expectations(SuiteContext("results", 84))
    outcome = validate_frame(checked, "jgb_auctions.results", suite)
    assert outcome.success, outcome.failures
    broken = checked.with_columns(price_tail_yen=pl.when(pl.col("issue_number") == 86).then(-0.5).otherwise(0.1))
    failed = validate_frame(broken, "jgb_auctions.results", suite)
    assert not failed.success and "price_tail_yen" in " ".join(failed.failures)


def test_offline_run(settings: Settings) -> None:
    report = run_source(jgb_auctions.SOURCE, settings)
    assert report.stats is not None and report.stats.total == 84
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select method, low_price, high_yield_pct from raw.jgb_auctions "
            "where auction_date = date '2025-05-28' and maturity_years = 40"
        ).fetchone() == ("yield", None, 3.135)


def test_live_mode_is_not_available(settings: Settings) -> None:
    report = run_source(jgb_auctions.SOURCE, dataclasses.replace(settings, mode="live"))
    assert report.unchanged and not report.payloads
    assert any("live mode not available" in note for note in report.notes)
    assert not settings.warehouse_path.exists()


def with_record(old: str, new: str) -> bytes:
    """The export with the first ``old`` inside the 2025-06-05 record replaced."""
    start = TEXT.index(JUNE_5)
    at = TEXT.index(old, start)
    return (TEXT[:at] + new + TEXT[at + len(old) :]).encode()


JUNE_5_LINE = TEXT[: TEXT.index(JUNE_5)].count("\n") + 1
RECORD = TEXT[TEXT.index(JUNE_5) : TEXT.index("\n  },\n", TEXT.index(JUNE_5)) + 4]


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(REAL[:20_000], ("not JSON",), id="truncated"),
        pytest.param(
            with_record('"bid":', '"bids":'), (f"line {JUNE_5_LINE}", "unexpected fields", "bid, bids"), id="header"
        ),
        pytest.param(TEXT.encode("utf-16"), ("not UTF-8",), id="encoding"),
        pytest.param(b"<!DOCTYPE html><html><body>404 Not Found</body></html>", ("HTML page",), id="html"),
        pytest.param(
            with_record('"bid": 17669.0', '"bid": "17,669"'),
            (f"line {JUNE_5_LINE}", "field 'bid'", "not a number"),
            id="non-numeric",
        ),
        pytest.param(
            TEXT.replace(JUNE_5, RECORD + ",\n  " + JUNE_5, 1).encode(),
            (f"line {JUNE_5_LINE + 13}", "duplicate key", "resul20250605"),
            id="duplicate",
        ),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, content: bytes, fragments: tuple[str, ...]
) -> None:
    assert_rejected(settings, jgb_auctions.SOURCE, FILE, content, *fragments)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('"tenor": "30年"', '"tenor": "10年"', "unknown tenor"),
        ('"series": 86', '"series": 87', "name disagrees"),
        ('"date": "2025-06-05"', '"date": "2025-06-06"', "date differs"),
        ('"low_price": 91.45', '"low_price": null', "not a number"),
        ('"tenor": "30年"', '"tenor": "30年", "dutch": true', "a yield auction has a price"),
    ],
)
def test_parser_rejects_inconsistent_records(old: str, new: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as info:
        parse.parse(with_record(old, new), FILE)
    assert f"line {JUNE_5_LINE}" in str(info.value)


def test_a_record_not_keyed_by_its_result_page_is_rejected() -> None:
    other = JUNE_5.replace("resul20250605", "resul20250605b")
    copy = RECORD.replace(JUNE_5, other).replace("resul20250605.htm", "resul20250605b.htm")
    with pytest.raises(ParseError, match="URL is not its MoF result page"):
        parse.parse(TEXT.replace(JUNE_5, copy + ",\n  " + JUNE_5, 1).encode(), FILE)


def test_offline_request_is_the_recorded_export(settings: Settings) -> None:
    assert [r.url for r in fetch.requests(settings)] == [fetch.EXPORT_URL]
