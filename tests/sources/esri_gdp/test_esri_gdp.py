"""ESRI nominal GDP: the whole real release, faults quarantined, and the live client on loopback."""

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
from ingest.sources import esri_gdp
from ingest.sources.esri_gdp import expectations, fetch, parse
from ingest.sources.esri_gdp.items import ITEMS
from tests.conftest import RECORDED
from tests.faults import assert_rejected

FILE = "gaku-mk2622.csv"
REAL = (RECORDED / "esri_gdp" / FILE).read_bytes()
RELEASE = "2026Q2 2nd preliminary (gaku-mk2622)"
LINES = REAL.decode("cp932").split("\r\n")


def sjis(lines: list[str]) -> bytes:
    return "\r\n".join(lines).encode("cp932")


def with_line(n: int, text: str) -> bytes:
    lines = list(LINES)
    lines[n - 1] = text
    return sjis(lines)


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parse.parse(REAL, FILE, RELEASE)


def value(frame: pl.DataFrame, quarter: date, item: str) -> float:
    return frame.filter((pl.col("quarter") == quarter) & (pl.col("item_code") == item))["value_bn_jpy"].item()


def test_whole_file(frame: pl.DataFrame) -> None:
    quarters = frame["quarter"].unique().sort()
    assert quarters[0] == date(1994, 1, 1) and quarters[-1] == date(2026, 4, 1) and len(quarters) == 130
    assert frame.height == 130 * len(ITEMS)
    assert frame["release"].unique().to_list() == [RELEASE]


@pytest.mark.parametrize(
    ("quarter", "item", "expected"),
    [
        (date(1994, 1, 1), "gdp", 521_932.3),
        (date(1994, 4, 1), "gdp", 519_859.4),
        (date(1994, 1, 1), "change_in_public_inventories", -417.7),
        (date(2025, 10, 1), "gdp", 675_000.9),
        (date(2026, 4, 1), "gdp", 689_219.1),
        (date(2026, 4, 1), "change_in_public_inventories", -4_866.0),
        (date(2026, 4, 1), "gni", 727_448.7),
        (date(2026, 1, 1), "net_exports", -863.5),
    ],
)
def test_published_figures(frame: pl.DataFrame, quarter: date, item: str, expected: float) -> None:
    assert value(frame, quarter, item) == expected


def test_gdp_identity_holds_in_every_quarter(frame: pl.DataFrame) -> None:
    gaps = expectations.validation_frame(frame)["gdp_identity_gap_bn"]
    assert gaps.abs().max() <= 0.35


def test_release_from_the_file_name() -> None:
    assert parse.release_label(fetch.KNOWN_RELEASE_URL, FILE) == RELEASE
    assert parse.release_label("https://x/qe253/tables/gaku-mk2531.csv", FILE) == "2025Q3 1st preliminary (gaku-mk2531)"
    with pytest.raises(ParseError, match="cannot tell the release"):
        parse.release_label("https://x/gdp.csv", FILE)


def test_live_url_is_a_setting(settings: Settings) -> None:
    live = dataclasses.replace(settings, mode="live")
    assert fetch.requests(live, env={fetch.URL_ENV: "https://x/gaku-mk2631.csv"})[0].url == "https://x/gaku-mk2631.csv"
    assert fetch.requests(live, env={})[0].url == fetch.KNOWN_RELEASE_URL


def test_offline_run(settings: Settings) -> None:
    run_source(esri_gdp.SOURCE, settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select value_bn_jpy, release from raw.esri_gdp where quarter = date '2026-04-01' and item_code = 'gdp'"
        ).fetchone() == (689_219.1, RELEASE)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(REAL[: REAL.index(b"\r\n", 9000) + 30], ("unexpected width",), id="truncated"),
        pytest.param(
            with_line(6, LINES[5].replace("PrivateConsumption", "Private Consumption")),
            ("line 3", "field 'column 3'", "header changed"),
            id="header",
        ),
        pytest.param(REAL.decode("cp932").encode("utf-16"), ("undecodable byte",), id="encoding"),
        pytest.param(b"<!DOCTYPE html><html><body>404 Not Found</body></html>", ("HTML page",), id="html"),
        pytest.param(
            with_line(9, LINES[8].replace('"268,136.3 "', '"***"')),
            ("line 9", "PrivateConsumption (column 3)", "not an amount"),
            id="non-numeric",
        ),
        pytest.param(
            with_line(9, LINES[7].replace("1994/ 1- 3.", " 1- 3.")), ("line 9", "not a quarter label"), id="duplicate"
        ),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, content: bytes, fragments: tuple[str, ...]
) -> None:
    assert_rejected(settings, esri_gdp.SOURCE, FILE, content, *fragments)


def test_repeated_quarter_is_rejected() -> None:
    lines = [*LINES[:9], LINES[8], *LINES[9:]]  # 4- 6. twice
    with pytest.raises(ParseError, match="line 10, field 'column 1': quarters not consecutive"):
        parse.parse(sjis(lines), FILE, RELEASE)


PATH = "/jp/sna/data/data_list/sokuhou/files/2026/qe262_2/tables/gaku-mk2622.csv"


def fast_fetcher(timeout_s: float = 5.0, attempts: int = 3) -> LiveFetcher:
    return LiveFetcher(timeout_s=timeout_s, attempts=attempts, backoff_s=0.01)


def live(httpserver: HTTPServer, settings: Settings) -> tuple[esri_gdp.SourceSpec, Settings]:
    env = {fetch.URL_ENV: httpserver.url_for(PATH)}
    spec = dataclasses.replace(esri_gdp.SOURCE, requests=lambda s: fetch.requests(s, env=env))
    return spec, dataclasses.replace(settings, mode="live")


@pytest.mark.parametrize("status", [None, 429, 500])
def test_live_fetch_with_retries(httpserver: HTTPServer, settings: Settings, status: int | None) -> None:
    if status:
        httpserver.expect_ordered_request(PATH).respond_with_data("busy", status=status)
    httpserver.expect_ordered_request(PATH).respond_with_data(REAL, content_type="text/csv")
    spec, live_settings = live(httpserver, settings)
    report = run_source(spec, live_settings, fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == 130 * len(ITEMS)
    assert len(httpserver.log) == (2 if status else 1)


def test_live_timeout_is_reported(httpserver: HTTPServer, settings: Settings) -> None:
    def slow(_: WRequest) -> Response:
        time.sleep(1.0)
        return Response(REAL)

    httpserver.expect_request(PATH).respond_with_handler(slow)
    spec, live_settings = live(httpserver, settings)
    with pytest.raises(FetchError, match="gave up after 2 attempts: ReadTimeout"):
        run_source(spec, live_settings, fetcher=fast_fetcher(timeout_s=0.3, attempts=2))
