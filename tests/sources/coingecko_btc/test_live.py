"""The live client against a 127.0.0.1 server answering the export URL with the real recorded bytes."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.errors import FetchError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.coingecko_btc import SOURCE
from ingest.sources.coingecko_btc.fetch import BASE_URL_ENV, EXPORT_PATH
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import table_count
from tests.recorded_server import serve_recordings


@pytest.fixture
def live(settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv(BASE_URL_ENV, httpserver.url_for("/").rstrip("/"))
    return replace(settings, mode="live")


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)


def rows(settings: Settings) -> int:
    with warehouse(settings, read_only=True) as con:
        return table_count(con, "raw.coingecko_btc")


def test_live_export_is_loaded(live: Settings, httpserver: HTTPServer) -> None:
    serve_recordings(httpserver, "coingecko_btc")
    report = run_source(SOURCE, live, fetcher=fetcher())
    assert [p.url for p in report.payloads] == [httpserver.url_for(EXPORT_PATH)]
    assert rows(live) == 4642


@pytest.mark.parametrize("status", [429, 500])
def test_429_and_500_are_retried(live: Settings, httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_oneshot_request(EXPORT_PATH).respond_with_data("busy", status=status)
    serve_recordings(httpserver, "coingecko_btc")
    run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == 4642 and len(httpserver.log) == 2


def test_a_timeout_is_retried(live: Settings, httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late", content_type="text/csv")

    httpserver.expect_oneshot_request(EXPORT_PATH).respond_with_handler(slow)
    serve_recordings(httpserver, "coingecko_btc")
    run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == 4642


def test_a_persistent_failure_leaves_the_warehouse_unchanged(live: Settings, httpserver: HTTPServer) -> None:
    serve_recordings(httpserver, "coingecko_btc")
    run_source(SOURCE, live, fetcher=fetcher())
    httpserver.clear()
    httpserver.expect_request(EXPORT_PATH).respond_with_data("upstream broke", status=503)
    with pytest.raises(FetchError, match=r"max\.csv: gave up after 3 attempts: HTTP 503"):
        run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == 4642
