"""IMF DataMapper debt-to-GDP: both real saved vintages, the API shape, faults, and the live client on loopback."""

from __future__ import annotations

import dataclasses
import json
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
from ingest.sources import imf_debt_to_gdp
from ingest.sources.imf_debt_to_gdp import fetch, parse
from ingest.sources.imf_debt_to_gdp.vintage import weo_vintage
from tests.conftest import RECORDED
from tests.faults import assert_rejected

OCT_2025 = "imf_datamapper_GGXWDG_NGDP_fetched_2025-12-24.json"
APR_2026 = "imf_datamapper_GGXWDG_NGDP_fetched_2026-08-16.json"
SAVED = {name: (RECORDED / "imf_debt_to_gdp" / name).read_bytes() for name in (OCT_2025, APR_2026)}


def japan_api_answer() -> bytes:
    """An answer in the API's documented shape, built only from the real April 2026 vintage's Japan figures."""
    saved = json.loads(SAVED[APR_2026])
    years = {p["year"]: p["debt"] for p in saved["timeseries"]["JPN"]["data"]}
    return json.dumps(
        {"values": {"GGXWDG_NGDP": {"JPN": years}}, "api": {"version": "1", "output-method": "json"}}
    ).encode()


def japan(frame: pl.DataFrame) -> dict[int, float]:
    return dict(frame.filter(pl.col("country") == "JPN").select("year", "debt_pct").iter_rows())


@pytest.mark.parametrize(
    ("name", "vintage", "figures", "countries"),
    [
        (OCT_2025, "2025-10", {2020: 258.4, 2024: 236.1, 2025: 229.6, 2006: 174.1, 2030: 222.2}, 114),
        (APR_2026, "2026-04", {2020: 228.8, 2024: 214.5, 2025: 206.5, 2007: 150.4, 2031: 192.8}, 115),
    ],
)
def test_saved_vintage_whole_file(name: str, vintage: str, figures: dict[int, float], countries: int) -> None:
    frame = parse.parse_saved(SAVED[name], name)
    assert frame["vintage"].unique().to_list() == [vintage]
    assert frame["country"].n_unique() == countries
    jp = japan(frame)
    assert {y: jp[y] for y in figures} == figures and len(jp) == 25
    assert 263.0 not in jp.values()


def test_api_answer() -> None:
    frame = parse.parse_api(japan_api_answer(), "api.json", date(2026, 8, 16))
    assert japan(frame)[2024] == 214.5 and frame["vintage"].unique().to_list() == ["2026-04"]
    assert frame["fetched_on"].unique().to_list() == [date(2026, 8, 16)]


@pytest.mark.parametrize(
    ("fetched", "vintage"),
    [
        (date(2025, 12, 24), "2025-10"),
        (date(2026, 8, 16), "2026-04"),
        (date(2026, 4, 14), "2025-10"),
        (date(2026, 4, 15), "2026-04"),
        (date(2026, 10, 15), "2026-10"),
        (date(2027, 1, 2), "2026-10"),
    ],
)
def test_weo_vintage(fetched: date, vintage: str) -> None:
    assert weo_vintage(fetched) == vintage


def test_offline_run_keeps_both_vintages(settings: Settings) -> None:
    run_source(imf_debt_to_gdp.SOURCE, settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        got = con.execute(
            "select vintage, year, debt_pct from raw.imf_debt_to_gdp where year in (2020, 2024) order by 1, 2"
        ).fetchall()
        countries = con.execute("select distinct country from raw.imf_debt_to_gdp").fetchall()
    assert got == [
        ("2025-10", 2020, 258.4),
        ("2025-10", 2024, 236.1),
        ("2026-04", 2020, 228.8),
        ("2026-04", 2024, 214.5),
    ]
    assert countries == [("JPN",)]


def _saved_with(text_from: str, text_to: str) -> bytes:
    """The April 2026 vintage with the last occurrence of ``text_from`` (in ``timeseries``) replaced."""
    head, sep, tail = SAVED[APR_2026].decode().rpartition(text_from)
    assert sep
    return (head + text_to + tail).encode()


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(SAVED[APR_2026][:300_000], ("not JSON",), id="truncated"),
        pytest.param(_saved_with('"timeseries"', '"series"'), ("field 'timeseries'", "layout changed"), id="layout"),
        pytest.param(SAVED[APR_2026].decode().encode("utf-16"), ("not UTF-8",), id="encoding"),
        pytest.param(b"<!DOCTYPE html><html><body>Access Denied</body></html>", ("HTML page",), id="html"),
        pytest.param(
            _saved_with('"debt": 192.8', '"debt": "n/a"'), ("not a number", "debt", "'n/a'"), id="non-numeric"
        ),
        pytest.param(_saved_with('"year": "2008"', '"year": "2007"'), ("duplicate year", "2007"), id="duplicate"),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, content: bytes, fragments: tuple[str, ...]
) -> None:
    assert_rejected(settings, imf_debt_to_gdp.SOURCE, APR_2026, content, *fragments)


def test_duplicate_key_in_the_api_answer_is_rejected() -> None:
    answer = japan_api_answer().replace(b'"2024": 214.5', b'"2024": 214.5, "2024": 263.0')
    with pytest.raises(ParseError, match="field '2024': duplicate key"):
        parse.parse_api(answer, "api.json", date(2026, 8, 16))


def fast_fetcher(timeout_s: float = 5.0, attempts: int = 3) -> LiveFetcher:
    return LiveFetcher(timeout_s=timeout_s, attempts=attempts, backoff_s=0.01)


def live(httpserver: HTTPServer, settings: Settings) -> tuple[imf_debt_to_gdp.SourceSpec, Settings]:
    api = httpserver.url_for("/external/datamapper/api/v1/GGXWDG_NGDP")
    spec = dataclasses.replace(imf_debt_to_gdp.SOURCE, requests=lambda s: fetch.requests(s, api=api))
    return spec, dataclasses.replace(settings, mode="live")


PATH = "/external/datamapper/api/v1/GGXWDG_NGDP/JPN"


def test_live_fetch(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(PATH).respond_with_data(japan_api_answer(), content_type="application/json")
    spec, live_settings = live(httpserver, settings)
    report = run_source(spec, live_settings, fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == 25
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select debt_pct from raw.imf_debt_to_gdp where year = 2020").fetchone() == (228.8,)


@pytest.mark.parametrize("status", [429, 500])
def test_live_retries_429_and_500(httpserver: HTTPServer, settings: Settings, status: int) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_data("busy", status=status)
    httpserver.expect_ordered_request(PATH).respond_with_data(japan_api_answer())
    spec, live_settings = live(httpserver, settings)
    report = run_source(spec, live_settings, fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == 25 and len(httpserver.log) == 2


def test_live_timeout_is_reported(httpserver: HTTPServer, settings: Settings) -> None:
    def slow(_: WRequest) -> Response:
        time.sleep(1.0)
        return Response(japan_api_answer())

    httpserver.expect_request(PATH).respond_with_handler(slow)
    spec, live_settings = live(httpserver, settings)
    with pytest.raises(FetchError, match="gave up after 2 attempts: ReadTimeout"):
        run_source(spec, live_settings, fetcher=fast_fetcher(timeout_s=0.3, attempts=2))
