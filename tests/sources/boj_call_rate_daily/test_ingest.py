"""The daily export end to end: offline replay, live over 127.0.0.1 with faults, rejects that change nothing."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from hashlib import sha256
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.errors import FetchError, ParseError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import boj_call_rate_daily
from ingest.sources.boj_call_rate_daily.fetch import PINNED_URL, URL_ENV

from .test_parse import REAL

SPEC = boj_call_rate_daily.SOURCE
CSV_PATH = "/meococ/Trading-EA-MT5/pinned/jpy_boj_uncollateralized_overnight_call_daily.csv"


def _rows(settings: Settings) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (loaded_at) FROM raw.boj_call_rate_daily ORDER BY ALL").fetchall()


def test_offline_replay_loads_every_value_with_its_provenance_and_is_idempotent(settings: Settings) -> None:
    report = run_source(SPEC, settings)
    assert report.stats is not None and report.stats.inserted == 6_990 and report.payloads[0].url == PINNED_URL
    rows = _rows(settings)
    assert rows[0][:2] == (rows[0][0], 0.49) and str(rows[0][0]) == "1998-01-05" and str(rows[-1][0]) == "2026-07-09"
    provenance = {r[2] for r in rows}
    assert len(provenance) == 1
    (text,) = provenance
    assert "Third-party export" in text and "FM01'STRDCLUCON'" in text and PINNED_URL in text
    assert run_source(SPEC, settings).unchanged  # the same bytes again: nothing parsed or loaded
    again = run_source(SPEC, settings, full=True)  # forced through the loader, still a no-op
    assert (
        again.stats is not None
        and again.stats.inserted == 0
        and again.stats.unchanged == 6_990
        and _rows(settings) == rows
    )


class _Server:
    """Answers with the real bytes after the given faults (one per request)."""

    def __init__(self, faults: list[Response | float], body: bytes = REAL) -> None:
        self.faults, self.body, self.calls = list(faults), body, 0

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, float):  # a slow answer: longer than the client's timeout
                time.sleep(fault)
            else:
                return fault
        return Response(self.body, status=200, content_type="text/csv")


def _live(settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, server: _Server) -> Settings:
    httpserver.expect_request(CSV_PATH).respond_with_handler(server)
    monkeypatch.setenv(URL_ENV, httpserver.url_for(CSV_PATH))
    return replace(settings, mode="live")


@pytest.mark.parametrize(
    "faults",
    [
        [],
        [Response(b"rate limited", status=429)],
        [Response(b"oops", status=500)],
        [1.0],
    ],
    ids=["clean", "429", "500", "timeout"],
)
def test_live_fetch_of_the_real_bytes_retries_faults_and_loads_what_replay_loads(
    settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, faults: list
) -> None:
    server = _Server(faults)
    live = _live(settings, httpserver, monkeypatch, server)
    fetcher = LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)
    try:
        report = run_source(SPEC, live, fetcher=fetcher)
    finally:
        fetcher.close()
    assert server.calls == 1 + len(faults) and report.payloads[0].sha256 == sha256(REAL).hexdigest()
    offline = Settings.from_env({"LW_HOME": str(tmp_path / "offline"), "LW_MODE": "offline"})
    run_source(SPEC, offline)
    assert [r[:2] for r in _rows(live)] == [r[:2] for r in _rows(offline)]


def test_persistent_500_is_a_clear_fetch_error(
    settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_source(SPEC, settings)
    before = _rows(settings)
    live = _live(settings, httpserver, monkeypatch, _Server([Response(b"down", status=500)] * 3))
    fetcher = LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)
    try:
        with pytest.raises(FetchError, match=r"\[boj_call_rate_daily\].*gave up after 3 attempts: HTTP 500"):
            run_source(SPEC, live, fetcher=fetcher)
    finally:
        fetcher.close()
    assert _rows(settings) == before


@pytest.mark.parametrize(
    "body, message",
    [
        (REAL[: len(REAL) // 2], r"truncated"),
        (REAL.replace(b"BOJ_CALL_ON", b"VALUE", 1), r"line 1.*unexpected header"),
        (REAL.replace(b"observation_date", "観測日".encode("cp932"), 1), r"line 1.*undecodable byte"),
        (b"<!DOCTYPE html>\n<html><body>Not Found</body></html>\n", r"line 1.*HTML page"),
        (REAL.replace(b"1998-01-06,0.42\n", b"1998-01-06,n/a\n", 1), r"line 3, field 'BOJ_CALL_ON'.*not a rate"),
        (REAL.replace(b"1998-01-06,0.42\n", b"1998-01-05,0.42\n", 1), r"line 3, field 'observation_date'.*twice"),
    ],
    ids=["truncated", "header", "encoding", "html", "non_numeric", "duplicate"],
)
def test_broken_export_is_quarantined_and_changes_nothing(
    settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, body: bytes, message: str
) -> None:
    run_source(SPEC, settings)
    before = _rows(settings)
    live = _live(settings, httpserver, monkeypatch, _Server([], body=body))
    fetcher = LiveFetcher(timeout_s=2.0, attempts=2, backoff_s=0.01)
    try:
        with pytest.raises(
            ParseError, match=r"\[boj_call_rate_daily\] [0-9a-f]{64}\.csv \(from http://(127\.0\.0\.1|localhost):"
        ) as err:
            run_source(SPEC, live, fetcher=fetcher)
    finally:
        fetcher.close()
    assert err.match(message)
    assert _rows(settings) == before
    quarantined = settings.quarantine_dir / "boj_call_rate_daily" / f"{sha256(body).hexdigest()}.csv"
    assert quarantined.read_bytes() == body
    assert json.loads(Path(str(quarantined) + ".reason.json").read_text(encoding="utf-8"))["stage"] == "parse"
