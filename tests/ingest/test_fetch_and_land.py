"""The live fetch against a real HTTP server on 127.0.0.1 serving the recorded bytes, and its faults."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request as WRequest
from werkzeug import Response

from ingest.errors import FetchError, ParseError
from ingest.fetch import LiveFetcher, Request
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SourceSpec
from ingest.sources import mof_jgb_yields
from tests.conftest import YIELDS

REAL = (YIELDS / "jgbcme_all_to_2026-04-30.csv").read_bytes()
REAL_OLD = (YIELDS / "jgbcme_all_to_2024-07-31.csv").read_bytes()


def fast_fetcher(**kw: float) -> LiveFetcher:
    return LiveFetcher(timeout_s=kw.get("timeout_s", 5.0), attempts=int(kw.get("attempts", 3)), backoff_s=0.01)


def spec_for(url: str) -> SourceSpec:
    """The real source spec, its history request pointed at the test server."""
    return dataclasses.replace(
        mof_jgb_yields.SOURCE,
        requests=lambda settings: [Request(mof_jgb_yields.SOURCE.name, url, kind="history", ext="csv")],
    )


def warehouse_state(settings: Settings) -> list[tuple]:
    if not settings.warehouse_path.exists():
        return []
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2").fetchall()
        digest = 'SELECT count(*), hash(list(x ORDER BY x)) FROM (SELECT * FROM {}."{}") x'
        return [(s, t, con.execute(digest.format(s, t)).fetchone()) for s, t in tables]


def test_fetch_returns_the_exact_bytes_and_lands_them_once(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/jgbcme_all.csv").respond_with_data(REAL, content_type="text/csv")
    spec = spec_for(httpserver.url_for("/jgbcme_all.csv"))
    report = run_source(spec, settings, fetcher=fast_fetcher())
    landed = report.payloads[0]
    assert landed.path.read_bytes() == REAL
    assert landed.sha256 == hashlib.sha256(REAL).hexdigest() == landed.path.name.split(".")[0]
    meta = json.loads(landed.path.with_name(landed.path.name + ".meta.json").read_text())
    assert meta["fetches"][0]["status"] == 200 and meta["fetches"][0]["url"].endswith("/jgbcme_all.csv")
    # a second fetch of the same bytes keeps one file and logs a second fetch
    run_source(spec, settings, fetcher=fast_fetcher())
    assert len(list(settings.landing_dir.rglob("*.csv"))) == 1
    assert len(json.loads(landed.path.with_name(landed.path.name + ".meta.json").read_text())["fetches"]) == 2
    assert report.stats is not None and report.stats.total == sum(
        1 for line in REAL.decode().splitlines()[2:] for c in line.split(",")[1:] if c != "-"
    )


def test_http_500_then_success_is_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/f.csv").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/f.csv").respond_with_data(REAL)
    result = fast_fetcher().fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))
    assert result.content == REAL and len(httpserver.log) == 2


def test_persistent_500_gives_a_clear_error_after_bounded_attempts(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f.csv").respond_with_data("boom", status=503)
    with pytest.raises(FetchError, match=r"gave up after 3 attempts: HTTP 503"):
        fast_fetcher().fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))
    assert len(httpserver.log) == 3


def test_404_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f.csv").respond_with_data("<html>404</html>", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        fast_fetcher().fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))
    assert len(httpserver.log) == 1


def test_timeout_is_retried_then_reported(httpserver: HTTPServer) -> None:
    def slow(_: WRequest) -> Response:
        time.sleep(1.0)
        return Response(REAL)

    httpserver.expect_request("/f.csv").respond_with_handler(slow)
    started = time.perf_counter()
    with pytest.raises(FetchError, match="ReadTimeout"):
        fast_fetcher(timeout_s=0.3, attempts=2).fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))
    assert time.perf_counter() - started < 5


def test_truncated_body_is_detected_and_retried(httpserver: HTTPServer) -> None:
    def short(_: WRequest) -> Response:
        r = Response(REAL[:1000])
        r.headers["Content-Length"] = str(len(REAL))  # the connection ends before the promised bytes
        return r

    httpserver.expect_ordered_request("/f.csv").respond_with_handler(short)
    httpserver.expect_ordered_request("/f.csv").respond_with_data(REAL)
    result = fast_fetcher().fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))
    assert result.content == REAL


def test_empty_body_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f.csv").respond_with_data(b"")
    with pytest.raises(FetchError, match="empty body"):
        fast_fetcher(attempts=2).fetch(Request("t", httpserver.url_for("/f.csv"), "history", "csv"))


@pytest.mark.parametrize(
    ("payload", "stage"),
    [
        (REAL.replace(b"Date,1Y,2Y", b"Date,1Y,2Yr", 1), "unexpected header"),
        (bytes(range(128, 256)) * 100, "undecodable byte"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>Not Found</body></html>", "HTML page"),
    ],
    ids=["changed-header", "garbage-bytes", "html-page-with-200"],
)
def test_bad_payload_is_quarantined_and_warehouse_unchanged(
    httpserver: HTTPServer, settings: Settings, payload: bytes, stage: str
) -> None:
    httpserver.expect_ordered_request("/jgbcme_all.csv").respond_with_data(REAL_OLD)
    httpserver.expect_ordered_request("/jgbcme_all.csv").respond_with_data(payload)
    spec = spec_for(httpserver.url_for("/jgbcme_all.csv"))
    run_source(spec, settings, fetcher=fast_fetcher())
    before = warehouse_state(settings)
    with pytest.raises(ParseError, match=stage):
        run_source(spec, settings, fetcher=fast_fetcher())
    assert warehouse_state(settings) == before
    sha = hashlib.sha256(payload).hexdigest()
    quarantined = settings.quarantine_dir / "mof_jgb_yields" / f"{sha}.csv"
    assert quarantined.read_bytes() == payload
    reason = json.loads(Path(str(quarantined) + ".reason.json").read_text())
    assert reason["stage"] == "parse" and stage in reason["reason"]
    # the rejected bytes were still landed first: nothing fetched is lost
    assert any(p.name == f"{sha}.csv" for p in settings.landing_dir.rglob("*.csv"))
