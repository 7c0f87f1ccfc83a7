"""End to end into a temp LW_HOME: offline replay, a live run at ≥1 s per request, failures that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import FetchError, ParseError, ValidationFailed
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import boj_rates

from ._server import PATH, REAL, Api, status

MD01_ONLY = """series:
  - {db: MD01, code: MABS1AN11, name: "Monetary Base/Average Amounts Outstanding", unit: 100 million yen,
     frequency: MONTHLY, start: "202506", bounds: [0.0, 100000000.0], why: test list}
"""


def _rows(settings: Settings, table: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(f"SELECT * EXCLUDE (loaded_at) FROM raw.{table} ORDER BY ALL").fetchall()


@pytest.fixture
def go_live(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the client at the loopback server with a one-series list (call it after any offline load)."""

    def apply() -> None:
        reg = tmp_path / "series.yaml"
        reg.write_text(MD01_ONLY, encoding="utf-8")
        monkeypatch.setenv("LW_BOJ_BASE_URL", httpserver.url_for("/api/v1"))
        monkeypatch.setenv("LW_BOJ_SERIES_FILE", str(reg))

    return apply


def _live(_: Settings) -> LiveFetcher:
    return LiveFetcher(timeout_s=2.0, attempts=2, backoff_s=0.01)


# Whole recorded histories: FM02 494 months, MD01 680, BS01 341, FF L900 and L700 114 quarters each.
RECORDED_ROWS = 494 + 680 + 341 + 114 + 114 + 644


def test_offline_replay_loads_real_recordings_and_is_idempotent(settings: Settings) -> None:
    report = run_source(boj_rates.SOURCE, settings)
    assert report.stats.inserted == RECORDED_ROWS
    first = _rows(settings, "boj_rates")
    assert run_source(boj_rates.SOURCE, settings).unchanged  # the same bytes again: nothing parsed or loaded
    again = run_source(boj_rates.SOURCE, settings, full=True)  # forced through the loader, still a no-op
    assert (
        again.stats is not None
        and again.stats.inserted == 0
        and again.stats.unchanged == RECORDED_ROWS
        and _rows(settings, "boj_rates") == first
    )
    codes = {(r[0], r[1]) for r in first}
    assert codes == {
        ("MD01", "MABS1AN11"),
        ("FM02", "STRACLUCON"),
        ("BS01", "MABJMA5"),
        ("FF", "FOF_FFAS420L900"),
        ("FF", "FOF_FFAS420L700"),
        ("FM08", "FXERM07"),
    }
    # the monthly call rate in the month of the transcription's 2024-01-04 point, and in August 2026
    assert {("FM02", "STRACLUCON", 202401), ("FM02", "STRACLUCON", 202608)} <= {r[:3] for r in first}
    assert ("FM02", "STRACLUCON", 202608, 0.977) in {r[:4] for r in first}


def test_live_ingest_pages_at_one_request_per_second(settings: Settings, httpserver: HTTPServer, go_live) -> None:
    go_live()
    api = Api(size=5)
    httpserver.expect_request(PATH).respond_with_handler(api)
    report = run_source(boj_rates.SOURCE, settings, fetcher=_live(settings))
    assert api.positions == [None, "6", "11"]
    gaps = [b - a for a, b in zip(api.arrivals, api.arrivals[1:], strict=False)]
    assert all(g >= 1.0 for g in gaps), gaps  # measured where the server received them
    assert report.stats.inserted == 15 and len(report.payloads) == 3  # 2025-06 … 2026-08, all published


@pytest.mark.parametrize(
    "fault, error",
    [
        (status(400, b'{"STATUS":400,"MESSAGEID":"M181013E","MESSAGE":"unknown code","DATE":""}'), FetchError),
        (status(200, b'{"STATUS":400,"MESSAGEID":"M181014E","MESSAGE":"frequency mismatch","DATE":""}'), FetchError),
        (status(200, b'{"STATUS":200,"NEXTPOSITION":null,"RESULTSET":[{"SERIES_CODE"'), ParseError),
    ],
)
def test_a_failed_live_run_leaves_the_warehouse_unchanged(
    settings: Settings, httpserver: HTTPServer, go_live, fault, error
) -> None:
    run_source(boj_rates.SOURCE, settings)  # offline: the recorded load
    before = _rows(settings, "boj_rates")
    go_live()
    httpserver.expect_request(PATH).respond_with_handler(Api([fault]))
    with pytest.raises(error, match=r"\[boj_rates\]"):
        run_source(boj_rates.SOURCE, settings, fetcher=_live(settings))
    assert _rows(settings, "boj_rates") == before
    if error is ParseError:
        assert list((settings.quarantine_dir / "boj_rates").glob("*.reason.json"))


def test_a_shorter_answer_than_the_last_good_load_is_refused(
    settings: Settings, httpserver: HTTPServer, go_live
) -> None:
    run_source(boj_rates.SOURCE, settings)
    before = _rows(settings, "boj_rates")
    go_live()
    short = json.loads(json.dumps(REAL))
    values = short["RESULTSET"][0]["VALUES"]
    values["SURVEY_DATES"], values["VALUES"] = values["SURVEY_DATES"][:3], values["VALUES"][:3]
    httpserver.expect_request(PATH).respond_with_handler(Api([status(200, json.dumps(short).encode())]))
    with pytest.raises(ValidationFailed, match="ExpectTableRowCountToBeBetween"):
        run_source(boj_rates.SOURCE, settings, fetcher=_live(settings))
    assert _rows(settings, "boj_rates") == before
