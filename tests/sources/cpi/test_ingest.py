"""CPI through the real pipeline: offline replay, faults quarantined, and the live client against a loopback server."""

from __future__ import annotations

import dataclasses
import time

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WRequest
from werkzeug import Response

from ingest.errors import FetchError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import cpi
from ingest.sources.cpi import fetch
from tests.conftest import RECORDED
from tests.faults import assert_rejected

FILE = "estat_cpi_0003427113_to_2026-08.csv"
REAL = (RECORDED / "cpi" / FILE).read_bytes()
LINES = REAL.decode().split("\n")


def fast_fetcher(timeout_s: float = 5.0, attempts: int = 3) -> LiveFetcher:
    return LiveFetcher(timeout_s=timeout_s, attempts=attempts, backoff_s=0.01)


@pytest.fixture(autouse=True)
def app_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test application id in the environment, where the live fetcher reads it at call time."""
    monkeypatch.setenv(fetch.APP_ID_ENV, "test-id")


def live_spec(httpserver: HTTPServer) -> cpi.SourceSpec:
    """The real spec in live mode, its API pointed at the loopback server."""
    api = httpserver.url_for("/rest/3.0/app/getSimpleStatsData")
    return dataclasses.replace(
        cpi.SOURCE, requests=lambda s: fetch.requests(s, env={fetch.APP_ID_ENV: "test-id"}, api=api)
    )


def live(settings: Settings) -> Settings:
    return dataclasses.replace(settings, mode="live")


def test_offline_replay_loads_every_series(settings: Settings) -> None:
    report = run_source(cpi.SOURCE, settings)
    assert report.stats is not None and report.stats.total == 3400
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select index_2020, series_name from raw.cpi where month = date '2026-08-01' and series_code = '0001'"
        ).fetchone() == (114.3, "総合")
    again = run_source(cpi.SOURCE, settings)  # the same bytes again: nothing new
    assert getattr(again, "unchanged", False) or (again.stats and again.stats.inserted == again.stats.changed == 0)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(REAL[:150_000], ("line 1747", "9 fields where the header has 10"), id="truncated"),
        pytest.param(
            REAL.replace(b"time_code", b"period_code", 1),
            ("line 1", "unexpected header (missing time_code)"),
            id="header",
        ),
        pytest.param(REAL.decode().encode("utf-16"), ("line 682", "undecodable byte"), id="encoding"),
        pytest.param(b"<html><body>Service Unavailable</body></html>", ("line 1", "HTML page"), id="html"),
        pytest.param(
            "\n".join([*LINES[:5], LINES[5].replace(",113.0,", ",x,"), *LINES[6:]]).encode(),
            ("line 6", "field 'value'"),
            id="non-numeric",
        ),
        pytest.param(
            "\n".join([*LINES[:2], LINES[1], *LINES[3:]]).encode(), ("line 3", "duplicate observation"), id="duplicate"
        ),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, content: bytes, fragments: tuple[str, ...]
) -> None:
    assert_rejected(settings, cpi.SOURCE, FILE, content, *fragments)


def test_live_fetch_from_the_api(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/rest/3.0/app/getSimpleStatsData").respond_with_data(REAL, content_type="text/csv")
    report = run_source(live_spec(httpserver), live(settings), fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == 3400
    asked = httpserver.log[0][0].args
    assert asked["appId"] == "test-id" and asked["statsDataId"] == "0003427113"
    assert asked["cdCat01"] == "0001,0161,0178,0202,0220" and asked["cdArea"] == "00000"
    assert report.payloads[0].path.read_bytes() == REAL
    # the application id was sent, but nothing kept says it: landing metadata and the load log name the variable
    meta = report.payloads[0].path.with_name(report.payloads[0].path.name + ".meta.json").read_text()
    assert "test-id" not in meta and "{env:LW_ESTAT_APP_ID}" in meta
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert "test-id" not in str(con.execute("select url from raw._loads").fetchall())


@pytest.mark.parametrize("status", [429, 500])
def test_live_retries_429_and_500(httpserver: HTTPServer, settings: Settings, status: int) -> None:
    httpserver.expect_ordered_request("/rest/3.0/app/getSimpleStatsData").respond_with_data("busy", status=status)
    httpserver.expect_ordered_request("/rest/3.0/app/getSimpleStatsData").respond_with_data(REAL)
    report = run_source(live_spec(httpserver), live(settings), fetcher=fast_fetcher())
    assert report.stats is not None and report.stats.total == 3400 and len(httpserver.log) == 2


def test_live_timeout_is_retried_then_reported(httpserver: HTTPServer, settings: Settings) -> None:
    def slow(_: WRequest) -> Response:
        time.sleep(1.0)
        return Response(REAL)

    httpserver.expect_request("/rest/3.0/app/getSimpleStatsData").respond_with_handler(slow)
    with pytest.raises(FetchError, match="gave up after 2 attempts: ReadTimeout"):
        run_source(live_spec(httpserver), live(settings), fetcher=fast_fetcher(timeout_s=0.3, attempts=2))
    assert not settings.warehouse_path.exists()


def test_live_without_an_application_id_is_skipped_with_a_warning(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv(fetch.APP_ID_ENV, raising=False)
    report = run_source(cpi.SOURCE, live(settings), fetcher=fast_fetcher())
    assert report.unchanged and not report.payloads
    assert any("live mode skipped: set LW_ESTAT_APP_ID" in note for note in report.notes)
    assert "LW_ESTAT_APP_ID is not set" in caplog.text
    assert not settings.warehouse_path.exists()
