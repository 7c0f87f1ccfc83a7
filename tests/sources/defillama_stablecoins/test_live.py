"""The live path against a real HTTP server on 127.0.0.1 (pytest-httpserver) answering like DefiLlama.

The bodies follow the ``/stablecoin/{id}`` shape DefiLlama documents (its Python SDK's
``StablecoinDetails``: ``tokens: [{date, circulating: {peggedUSD}}]``); every figure in them is a
real one from the recorded exports (the last three days, 2026-07-09 … 2026-07-11).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.errors import FetchError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.defillama_stablecoins import SOURCE
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import table_count
from tests.sources.defillama_stablecoins.faults import USDC, USDT

NAMES = {"USDT": ("1", "Tether"), "USDC": ("2", "USD Coin")}


def real_tail(path, n: int = 3) -> list[tuple[str, float]]:
    """The last ``n`` (date, supply) rows of a recorded export."""
    rows = path.read_text().splitlines()[-n:]
    return [(r.split(",")[0], float(r.split(",")[1])) for r in rows]


def documented_answer(token: str, points: list[tuple[str, float]]) -> bytes:
    coin_id, name = NAMES[token]
    tokens = [
        {"date": int(datetime.fromisoformat(d).replace(tzinfo=UTC).timestamp()), "circulating": {"peggedUSD": v}}
        for d, v in points
    ]
    return json.dumps(
        {
            "id": coin_id,
            "name": name,
            "symbol": token,
            "pegType": "peggedUSD",
            "pegMechanism": "fiat-backed",
            "tokens": tokens,
        }
    ).encode()


BODIES = {
    "/stablecoin/1": documented_answer("USDT", real_tail(USDT)),
    "/stablecoin/2": documented_answer("USDC", real_tail(USDC)),
}


@pytest.fixture
def live(settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LW_DEFILLAMA_STABLECOINS_API", httpserver.url_for("/").rstrip("/"))
    for path, body in BODIES.items():
        httpserver.expect_request(path).respond_with_data(body, content_type="application/json")
    return replace(settings, mode="live")


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)


def loaded(settings: Settings) -> list[tuple]:
    with warehouse(settings, read_only=True) as con:
        return con.execute(
            "select token, date, supply, representation from raw.defillama_stablecoins order by token, date"
        ).fetchall()


def expected() -> list[tuple]:
    return [
        (t, date.fromisoformat(d), v, "api_json")
        for t, path in (("USDC", USDC), ("USDT", USDT))
        for d, v in real_tail(path)
    ]


def test_live_answer_is_loaded_as_api_json(live: Settings, httpserver: HTTPServer) -> None:
    report = run_source(SOURCE, live, fetcher=fetcher())
    assert report.stats and report.stats.inserted == 6
    assert loaded(live) == expected()
    assert [p.url for p in report.payloads] == [
        httpserver.url_for("/stablecoin/1"),
        httpserver.url_for("/stablecoin/2"),
    ]


@pytest.mark.parametrize("status", [429, 500])
def test_429_and_500_are_retried(live: Settings, httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_oneshot_request("/stablecoin/1").respond_with_data(
        "slow down", status=status, headers={"Retry-After": "0"}
    )
    report = run_source(SOURCE, live, fetcher=fetcher())
    assert report.stats and report.stats.inserted == 6
    assert len([r for r, _ in httpserver.log if r.path == "/stablecoin/1"]) == 2


def test_timeout_is_retried(live: Settings, httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(BODIES[request.path], content_type="application/json")

    httpserver.expect_oneshot_request("/stablecoin/2").respond_with_handler(slow)
    report = run_source(SOURCE, live, fetcher=fetcher())
    assert report.stats and report.stats.inserted == 6 and loaded(live) == expected()


def test_persistent_failure_leaves_the_warehouse_unchanged(live: Settings, httpserver: HTTPServer) -> None:
    run_source(SOURCE, live, fetcher=fetcher())
    for _ in range(3):
        httpserver.expect_oneshot_request("/stablecoin/2").respond_with_data("upstream broke", status=500)
    with pytest.raises(FetchError, match=r"stablecoin/2: gave up after 3 attempts: HTTP 500"):
        run_source(SOURCE, live, fetcher=fetcher())
    assert loaded(live) == expected()
    with warehouse(live, read_only=True) as con:
        assert table_count(con, "raw.defillama_stablecoins__history") == 0
