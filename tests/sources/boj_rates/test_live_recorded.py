"""Live mode against a 127.0.0.1 server that answers with the recorded bytes: same rows as offline replay.

The series list is the reviewed one without its daily series (they have no recording to serve); the
server hands each whole-series request the recorded answer byte for byte, so the only difference
from offline mode is the transport — including its faults (429, 500, a timeout), which are retried.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml
from pytest_httpserver import HTTPServer

from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import boj_rates
from ingest.sources.boj_rates.series import SERIES_PATH

from ._server import MANIFEST, PATH, Api, slow, status


def _rows(settings: Settings) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (loaded_at, source_sha256) FROM raw.boj_rates ORDER BY ALL").fetchall()


@pytest.fixture
def recorded_series_only(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = yaml.safe_load(SERIES_PATH.read_text(encoding="utf-8"))
    doc["series"] = [s for s in doc["series"] if "start" not in s]
    listed = tmp_path / "series.yaml"
    listed.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("LW_BOJ_SERIES_FILE", str(listed))
    monkeypatch.setenv("LW_BOJ_BASE_URL", httpserver.url_for("/api/v1"))


@pytest.mark.parametrize(
    "faults",
    [
        [],
        [status(429, b"Too Many Requests", "text/plain")],
        [status(500, b"Internal Server Error", "text/plain")],
        [slow(1.0)],
    ],
    ids=["clean", "429", "500", "timeout"],
)
def test_live_run_on_recorded_bytes_loads_what_replay_loads(
    settings: Settings,
    tmp_path: Path,
    httpserver: HTTPServer,
    recorded_series_only: None,
    faults: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = Api(faults, size=None)
    httpserver.expect_request(PATH).respond_with_handler(api)
    fetcher = LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)
    try:
        report = run_source(boj_rates.SOURCE, settings, fetcher=fetcher)
    finally:
        fetcher.close()
    assert report.stats.inserted == 494 + 680 + 341 + 114 + 114 + 644
    answered = [p.url.split("/api/v1")[1] for p in report.payloads]
    assert sorted(answered) == sorted(e["url"].split("/api/v1")[1] for e in MANIFEST)
    assert [p.sha256 for p in report.payloads] == [
        next(e["sha256"] for e in MANIFEST if e["url"].endswith(u)) for u in answered
    ]  # the recorded bytes, verbatim
    assert len(api.arrivals) == len(MANIFEST) + len(faults)
    gaps = [b - a for a, b in zip(api.arrivals, api.arrivals[1:], strict=False)]
    assert all(g >= 1.0 for g in gaps[len(faults) :]), gaps  # the BoJ's one request a second, as the server saw it

    monkeypatch.delenv("LW_BOJ_BASE_URL")  # back to the BoJ's own URLs, which the recordings answer
    offline = Settings.from_env({"LW_HOME": str(tmp_path / "offline"), "LW_MODE": "offline"})
    run_source(boj_rates.SOURCE, offline)
    assert _rows(settings) == _rows(offline)
