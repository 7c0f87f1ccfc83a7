"""mof_debt end to end: HTTP fetch from a real local server, offline replay into a temp LW_HOME,
idempotent re-loads, the rolling window, and the release marker for the lead's sensor."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import FetchError, ParseError
from ingest.fetch import FetchResult, LiveFetcher, ReplayFetcher, Request
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import mof_debt
from ingest.sources.mof_debt import parse
from ingest.warehouse.connect import connect
from ingest.warehouse.load import upsert

PATH = "/english/policy/jgbs/reference/gbb/suii.xls"


class LocalMoF(LiveFetcher):
    """The live fetcher, pointed at the 127.0.0.1 server instead of www.mof.go.jp."""

    def __init__(self, server: HTTPServer) -> None:
        super().__init__(attempts=2, backoff_s=0.01, timeout_s=5)
        self.base = server.url_for("")

    def fetch(self, request: Request) -> FetchResult:
        url = request.url.replace("https://www.mof.go.jp/", self.base)
        local = Request(request.source, url, request.kind, request.ext)
        return super().fetch(local)


def test_live_fetch_and_ingest(httpserver: HTTPServer, suii_bytes: bytes, settings: Settings) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        suii_bytes, content_type="application/vnd.ms-excel", headers={"Last-Modified": "Tue, 12 May 2026 00:00:00 GMT"}
    )
    assert httpserver.host == "127.0.0.1"
    fetcher = LocalMoF(httpserver)
    report = run_source(mof_debt.SOURCE, settings, fetcher=fetcher)
    assert report.stats is not None and report.stats.inserted == 420
    assert report.payloads[0].sha256 == "c66ad0aa578bf4336bbb5e3fbe9343849b6a0e84f8b113d99536c02b3b72400b"
    assert mof_debt.release_marker(fetcher) == "2026-03-31@c66ad0aa578bf433"
    fetcher.close()


def test_404_html_is_a_clear_fetch_error(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "<!DOCTYPE html><html><body><h1>ページが見つかりません</h1></body></html>", status=404, content_type="text/html"
    )
    with pytest.raises(FetchError, match=r"suii\.xls: HTTP 404"):
        run_source(mof_debt.SOURCE, settings, fetcher=LocalMoF(httpserver))
    assert not settings.warehouse_path.exists()


def test_html_page_with_200_is_quarantined(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(PATH).respond_with_data("<html><body>moved</body></html>", content_type="text/html")
    with pytest.raises(ParseError, match="HTML page"):
        run_source(mof_debt.SOURCE, settings, fetcher=LocalMoF(httpserver))
    assert list((settings.quarantine_dir).rglob("*.xls")), "rejected payload must be set aside"
    with connect(settings) as con:
        assert con.execute("select count(*) from duckdb_tables() where table_name = 'mof_debt'").fetchone()[0] == 0


def test_offline_ingest_is_idempotent(settings: Settings) -> None:
    first = run_source(mof_debt.SOURCE, settings)
    assert run_source(mof_debt.SOURCE, settings).unchanged  # the same bytes again: nothing parsed or loaded
    # Forced through the loader, the same edition is still a no-op.
    second = run_source(mof_debt.SOURCE, settings, fetcher=ReplayFetcher(settings.recorded_dir), full=True)
    assert first.stats is not None and second.stats is not None
    assert (first.stats.inserted, first.stats.total) == (420, 420)
    assert (second.stats.inserted, second.stats.changed, second.stats.unchanged, second.stats.total) == (0, 0, 420, 420)
    with connect(settings) as con:
        total, jpy = con.execute(
            "select amount_100m_yen, amount_jpy from raw.mof_debt "
            "where as_of = '2025-12-31' and category_code = 'total'"
        ).fetchone()
        assert (total, jpy) == (13_421_720.0, 1_342_172_000_000_000)
        assert con.execute("select count(*) from raw.mof_debt__history").fetchone()[0] == 0


def test_quarters_dropped_by_a_newer_edition_are_kept(settings: Settings, suii_bytes: bytes) -> None:
    # Every edition drops its oldest quarter; the raw table must keep it.
    frame = parse.parse(suii_bytes, "suii.xls").with_columns(source_sha256=pl.lit("a" * 64))
    newer = frame.filter(pl.col("as_of") > date(2021, 6, 30)).with_columns(source_sha256=pl.lit("b" * 64))
    with connect(settings) as con:
        upsert(con, mof_debt.TABLE, mof_debt.SOURCE.rows_to_load(frame))
        stats = upsert(con, mof_debt.TABLE, mof_debt.SOURCE.rows_to_load(newer))
        assert (stats.inserted, stats.changed, stats.total) == (0, 0, 420)
        assert con.execute("select count(*) from raw.mof_debt where as_of = '2021-06-30'").fetchone()[0] == 21


def test_a_revised_figure_keeps_its_old_version(settings: Settings, suii_bytes: bytes) -> None:
    frame = parse.parse(suii_bytes, "suii.xls").with_columns(source_sha256=pl.lit("a" * 64))
    revised = frame.with_columns(
        amount_100m_yen=pl.when(pl.col("category_code").eq("guaranteed") & pl.col("as_of").eq(date(2026, 3, 31)))
        .then(272_276.0)
        .otherwise(pl.col("amount_100m_yen")),
        source_sha256=pl.lit("b" * 64),
    ).with_columns(amount_jpy=(pl.col("amount_100m_yen") * 1e8).round(0).cast(pl.Int64))
    with connect(settings) as con:
        upsert(con, mof_debt.TABLE, mof_debt.SOURCE.rows_to_load(frame))
        stats = upsert(con, mof_debt.TABLE, mof_debt.SOURCE.rows_to_load(revised))
        assert stats.changed == 1
        history = "select amount_100m_yen from raw.mof_debt__history where category_code = 'guaranteed'"
        old = con.execute(history).fetchone()
        assert old == (272_275.0,)


def test_release_marker_offline(settings: Settings) -> None:
    assert mof_debt.release_marker(ReplayFetcher(settings.recorded_dir)).startswith("2026-03-31@")
