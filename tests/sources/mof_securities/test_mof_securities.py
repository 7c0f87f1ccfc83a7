"""MoF montha1.csv: the whole real file, figures published elsewhere, faults, and the live client on loopback."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import duckdb
import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WRequest
from werkzeug import Response

from ingest.errors import FetchError, ParseError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SuiteContext
from ingest.sources import mof_securities
from ingest.sources.mof_securities import expectations, fetch, parse
from ingest.validation import validate_frame
from tests.conftest import RECORDED
from tests.faults import assert_rejected

FILE = "montha1_2005-01_to_2026-08.csv"
REAL = (RECORDED / "mof_securities" / FILE).read_bytes()
LINES = REAL.decode("cp932").split("\r\n")
ROWS = 260 * 24


def cp932(lines: list[str]) -> bytes:
    return "\r\n".join(lines).encode("cp932")


def with_line(n: int, text: str) -> bytes:
    lines = list(LINES)
    lines[n - 1] = text
    return cp932(lines)


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parse.parse(REAL, FILE)


def value(frame: pl.DataFrame, month: date, direction: str, instrument: str, measure: str = "net") -> float:
    return frame.filter(
        (pl.col("month") == month)
        & (pl.col("direction") == direction)
        & (pl.col("instrument") == instrument)
        & (pl.col("measure") == measure)
    )["value_100m_yen"].item()


def test_whole_file(frame: pl.DataFrame) -> None:
    months = frame["month"].unique().sort()
    assert (months[0], months[-1], len(months)) == (date(2005, 1, 1), date(2026, 8, 1), 260)
    assert frame.height == ROWS  # 11 outward, 11 inward, 2 balance cells a month; 2026-09…12 blank, not loaded
    assert frame.group_by("direction").len().sort("direction").rows() == [
        ("balance", 520),
        ("inward", 2860),
        ("outward", 2860),
    ]


def test_not_strict_shift_jis() -> None:
    """The notes hold ①②③ (cp932's NEC rows): a strict Shift_JIS decoder refuses the real file."""
    with pytest.raises(UnicodeDecodeError):
        REAL.decode("shift_jis")
    assert "①平成26年1月より" in REAL.decode("cp932")


@pytest.mark.parametrize(
    ("month", "direction", "instrument", "measure", "expected"),
    [
        # Reuters, 2023-07-10: June 2023 net purchases of foreign long-term bonds ¥2.39 tn, short-term -¥177.7 bn,
        # foreign equities +¥45.9 bn; May 2023 bonds +¥3.38 tn (long 30,774 + short 3,030)
        (date(2023, 6, 1), "outward", "long_term_debt", "net", 23_945),
        (date(2023, 6, 1), "outward", "short_term_debt", "net", -1_777),
        (date(2023, 6, 1), "outward", "equity", "net", 459),
        (date(2023, 5, 1), "outward", "long_term_debt", "net", 30_774),
        (date(2023, 5, 1), "outward", "short_term_debt", "net", 3_030),
        (date(2026, 8, 1), "outward", "equity", "net", 12_983),
        (date(2005, 1, 1), "outward", "equity", "acquisition", 9_934),
        (date(2025, 10, 1), "outward", "long_term_debt", "net", -12_409),
        (date(2026, 3, 1), "outward", "long_term_debt", "net", -37_574),
        (date(2005, 1, 1), "balance", "total", "net", -29_206),
        (date(2026, 2, 1), "inward", "equity", "acquisition", 1_368_669),
    ],
)
def test_published_figures(
    frame: pl.DataFrame, month: date, direction: str, instrument: str, measure: str, expected: float
) -> None:
    assert value(frame, month, direction, instrument, measure) == expected


def test_calendar_year_2024_and_2025_from_the_months(frame: pl.DataFrame) -> None:
    """Residents' net purchases of foreign long-term debt: CY2024 +41,882, CY2025 +120,173 (the file's totals)."""
    ltd = frame.filter(
        (pl.col("direction") == "outward") & (pl.col("instrument") == "long_term_debt") & (pl.col("measure") == "net")
    )
    by_year = dict(ltd.group_by(pl.col("month").dt.year()).agg(pl.col("value_100m_yen").sum()).iter_rows())
    assert abs(by_year[2024] - 41_882) <= parse.YEAR_TOLERANCE and abs(by_year[2025] - 120_173) <= parse.YEAR_TOLERANCE


def test_suite_passes_and_catches_a_broken_identity(frame: pl.DataFrame) -> None:
    suite = mof_securities.SOURCE.expectations(SuiteContext("monthly", ROWS))
    checked = expectations.validation_frame(frame)
    assert checked["identity_gap"].max() == 1.0  # the real file: every sum within 1 億円
    outcome = validate_frame(checked, "mof_securities.monthly", suite)
    assert outcome.success, outcome.failures
    wrong = (
        (pl.col("month") == date(2023, 6, 1))
        & (pl.col("direction") == "outward")
        & (pl.col("instrument") == "long_term_debt")
        & (pl.col("measure") == "net")
    )
    broken = frame.with_columns(value_100m_yen=pl.when(wrong).then(23_950.0).otherwise(pl.col("value_100m_yen")))
    failed = validate_frame(expectations.validation_frame(broken), "mof_securities.monthly", suite)
    assert not failed.success and "identity_gap" in " ".join(failed.failures)


def test_year_total_must_be_the_sum_of_its_months() -> None:
    n = next(i for i, line in enumerate(LINES, start=1) if line.startswith("2024年(1月～12月）"))
    changed = with_line(n, LINES[n - 1].replace('"41,882"', '"41,982"', 1))
    with pytest.raises(ParseError, match=rf"line {n}, field 'column 9 \(outward long_term_debt net\)'.*2024CY"):
        parse.parse(changed, FILE)


def test_blank_month_before_a_published_one_is_rejected() -> None:
    blank = ",１月,Jan" + "," * 24
    with pytest.raises(ParseError, match="line 265.*a published month after a blank one"):
        parse.parse(with_line(264, "2026" + blank), FILE)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(REAL[: REAL.index(b"\r\n", 30_000)], ("the file ends early",), id="truncated"),
        pytest.param(
            with_line(9, LINES[8].replace("Long-term debt securities", "Long-term debt", 1)),
            ("line 9", "field 'column 7'", "header changed"),
            id="header",
        ),
        pytest.param(REAL.decode("cp932").encode("utf-16"), ("undecodable byte",), id="encoding"),
        pytest.param(b"<!DOCTYPE html><html><body>404 Not Found</body></html>", ("HTML page",), id="html"),
        pytest.param(
            with_line(12, LINES[11].replace('"89,060"', '"89.060x"')),
            ("line 12", "field 'column 7 (outward long_term_debt acquisition)'", "not an amount"),
            id="non-numeric",
        ),
        pytest.param(cp932([*LINES[:13], LINES[12], *LINES[13:]]), ("line 14", "month repeated"), id="duplicate"),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, content: bytes, fragments: tuple[str, ...]
) -> None:
    assert_rejected(settings, mof_securities.SOURCE, FILE, content, *fragments)


def test_offline_run(settings: Settings) -> None:
    report = run_source(mof_securities.SOURCE, settings)
    assert report.stats is not None and report.stats.total == ROWS
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select value_100m_yen from raw.mof_securities where month = date '2023-06-01' "
            "and direction = 'outward' and instrument = 'long_term_debt' and measure = 'net'"
        ).fetchone() == (23_945.0,)


PATH = "/policy/international_policy/reference/itn_transactions_in_securities/montha1.csv"


def fast_fetcher(timeout_s: float = 5.0, attempts: int = 3) -> LiveFetcher:
    return LiveFetcher(timeout_s=timeout_s, attempts=attempts, backoff_s=0.01)


def live(httpserver: HTTPServer, settings: Settings) -> tuple[mof_securities.SourceSpec, Settings]:
    url = httpserver.url_for(PATH)
    spec = dataclasses.replace(mof_securities.SOURCE, requests=lambda s: fetch.requests(s, url=url))
    return spec, dataclasses.replace(settings, mode="live")


@pytest.mark.parametrize("status", [None, 429, 500])
def test_live_fetch_with_retries(httpserver: HTTPServer, settings: Settings, status: int | None) -> None:
    if status:
        httpserver.expect_ordered_request(PATH).respond_with_data("busy", status=status)
    httpserver.expect_ordered_request(PATH).respond_with_data(REAL, content_type="text/csv")
    spec, live_settings = live(httpserver, settings)
    report = run_source(spec, live_settings, fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == ROWS
    assert len(httpserver.log) == (2 if status else 1)
    assert report.payloads[0].path.read_bytes() == REAL


def test_live_timeout_is_reported(httpserver: HTTPServer, settings: Settings) -> None:
    def slow(_: WRequest) -> Response:
        time.sleep(1.0)
        return Response(REAL)

    httpserver.expect_request(PATH).respond_with_handler(slow)
    spec, live_settings = live(httpserver, settings)
    with pytest.raises(FetchError, match="gave up after 2 attempts: ReadTimeout"):
        run_source(spec, live_settings, fetcher=fast_fetcher(timeout_s=0.3, attempts=2))
    assert not settings.warehouse_path.exists()


def test_live_url_is_mofs() -> None:
    assert fetch.URL.startswith("https://www.mof.go.jp/policy/international_policy/reference/")
