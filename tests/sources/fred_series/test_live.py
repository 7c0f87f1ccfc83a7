"""The live client against a 127.0.0.1 server answering fredgraph.csv with the real recorded bytes."""

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
from ingest.sources.fred_series import SOURCE
from ingest.sources.fred_series.fetch import BASE_URL_ENV
from ingest.warehouse.connect import warehouse
from tests.recorded_server import serve_recordings

PATH = "/graph/fredgraph.csv"
# The newest recording of each series: DEXJPUS 2025-12-01 … 2026-09-11 (197 values), DGS10 and DGS30
# 2015-01-15 … 2026-01-15 (2,751 each), CBBTCUSD 2014-12-01 … 2026-05-24 (4,158).
ROWS = {"CBBTCUSD": 4158, "DEXJPUS": 197, "DGS10": 2751, "DGS30": 2751}


@pytest.fixture
def live(settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv(BASE_URL_ENV, httpserver.url_for("/").rstrip("/"))
    return replace(settings, mode="live")


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)


def rows(settings: Settings) -> dict[str, int]:
    with warehouse(settings, read_only=True) as con:
        return dict(con.execute("select series_id, count(*) from raw.fred_series group by 1").fetchall())


def test_live_answers_are_loaded(live: Settings, httpserver: HTTPServer) -> None:
    serve_recordings(httpserver, "fred_series")
    report = run_source(SOURCE, live, fetcher=fetcher())
    assert [p.url for p in report.payloads] == [
        httpserver.url_for(PATH) + f"?id={s}" for s in ("DEXJPUS", "DGS10", "DGS30", "CBBTCUSD")
    ]
    assert rows(live) == ROWS


@pytest.mark.parametrize("status", [429, 500])
def test_429_and_500_are_retried(live: Settings, httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_oneshot_request(PATH, query_string="id=DGS10").respond_with_data("busy", status=status)
    serve_recordings(httpserver, "fred_series")
    run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == ROWS
    assert len([r for r, _ in httpserver.log if r.query_string == b"id=DGS10"]) == 2


def test_a_timeout_is_retried(live: Settings, httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late", content_type="text/csv")

    httpserver.expect_oneshot_request(PATH, query_string="id=DEXJPUS").respond_with_handler(slow)
    serve_recordings(httpserver, "fred_series")
    run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == ROWS


def test_a_persistent_failure_leaves_the_warehouse_unchanged(live: Settings, httpserver: HTTPServer) -> None:
    serve_recordings(httpserver, "fred_series")
    run_source(SOURCE, live, fetcher=fetcher())
    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_data("upstream broke", status=500)
    with pytest.raises(FetchError, match=r"id=DEXJPUS: gave up after 3 attempts: HTTP 500"):
        run_source(SOURCE, live, fetcher=fetcher())
    assert rows(live) == ROWS
