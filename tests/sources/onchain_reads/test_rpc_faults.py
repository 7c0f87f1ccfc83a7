"""RPC faults against a real 127.0.0.1 HTTP server standing in front of the devnet node."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.errors import FetchError
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.onchain_reads import SOURCE as ONCHAIN
from ingest.sources.onchain_reads.rpc import RpcError
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import table_count
from tests.conftest import free_port
from tests.sources.onchain_reads.chain_devnet import Devnet


class Proxy:
    """Forwards to the node, except for the faults queued for the next requests."""

    def __init__(self, node: str) -> None:
        self.node, self.faults, self.seen = node, [], 0

    def __call__(self, request: Request) -> Response:
        self.seen += 1
        fault = self.faults.pop(0) if self.faults else None
        if fault == "500":
            return Response("upstream broke", status=500)
        if fault == "429":
            return Response("slow down", status=429, headers={"Retry-After": "0"})
        if fault == "rpc_error":
            body = request.get_json()
            return Response(
                f'{{"jsonrpc":"2.0","id":"{body["id"]}","error":{{"code":-32000,"message":"header not found"}}}}',
                content_type="application/json",
            )
        if fault == "sleep":
            time.sleep(1.0)
        r = httpx.post(self.node, content=request.get_data(), headers={"Content-Type": "application/json"}, timeout=30)
        return Response(r.content, status=r.status_code, content_type="application/json")


@pytest.fixture(scope="module")
def proxy(devnet: Devnet) -> Iterator[tuple[HTTPServer, Proxy]]:
    server = HTTPServer(host="127.0.0.1", port=free_port())
    handler = Proxy(devnet.url)
    server.expect_request("/rpc").respond_with_handler(handler)
    server.start()
    yield server, handler
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture()
def settings(
    devnet: Devnet, proxy: tuple[HTTPServer, Proxy], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    token = devnet.deploy("TestToken", ["string", "string", "uint8"], ["Fault Dollar", "FUSD", 18])
    registry = {
        "chains": [{"id": "devnet", "kind": "evm", "rpc_env": "LW_RPC_DEVNET", "confirmations": 0}],
        "tokens": [
            {
                "id": "dev-fusd",
                "chain": "devnet",
                "symbol": "FUSD",
                "role": "stablecoin",
                "address": token,
                "decimals": 18,
                "read": True,
                "source": "deployed by the test",
            }
        ],
    }
    (tmp_path / "chain.yaml").write_text(yaml.safe_dump(registry))
    monkeypatch.setenv("LW_CHAIN_REGISTRY", str(tmp_path / "chain.yaml"))
    monkeypatch.setenv("LW_RPC_DEVNET", proxy[0].url_for("/rpc"))
    proxy[1].faults.clear()
    return Settings.from_env({"LW_HOME": str(tmp_path / "home"), "LW_MODE": "live"})


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=0.5, attempts=3, backoff_s=0.01)


def loaded_rows(settings: Settings) -> int:
    with warehouse(settings) as con:
        return table_count(con, "raw.onchain_reads")


def test_http_500_then_429_are_retried(settings: Settings, proxy: tuple[HTTPServer, Any]) -> None:
    handler = proxy[1]
    handler.faults[:] = ["500", "429"]
    before = handler.seen
    report = run_source(ONCHAIN, settings, fetcher=fetcher())
    assert report.stats and report.stats.inserted == 2
    # head (after 2 failures), block, 2 calls
    assert handler.seen - before == 2 + 4


def test_timeout_is_retried(settings: Settings, proxy: tuple[HTTPServer, Any]) -> None:
    proxy[1].faults[:] = ["sleep"]
    report = run_source(ONCHAIN, settings, fetcher=fetcher())
    assert report.stats and report.stats.inserted == 2


def test_jsonrpc_error_object_stops_the_load(settings: Settings, proxy: tuple[HTTPServer, Any]) -> None:
    proxy[1].faults[:] = [None, None, "rpc_error"]  # head and block answer; the first eth_call fails
    with pytest.raises(RpcError, match=r"devnet eth_call id=call\|devnet\|.*JSON-RPC error -32000: header not found"):
        run_source(ONCHAIN, settings, fetcher=fetcher())
    assert loaded_rows(settings) == 0
    landed = list((settings.landing_dir / "onchain_reads").rglob("*.json"))
    assert any(b"header not found" in p.read_bytes() for p in landed if not p.name.endswith(".meta.json"))


def test_persistent_failure_names_the_variable_not_the_url(settings: Settings, proxy: tuple[HTTPServer, Any]) -> None:
    proxy[1].faults[:] = ["500"] * 3
    with pytest.raises(FetchError) as err:
        run_source(ONCHAIN, settings, fetcher=fetcher())
    assert "rpc+env://LW_RPC_DEVNET" in str(err.value) and "gave up after 3 attempts" in str(err.value)
    assert proxy[0].url_for("/rpc") not in str(err.value)
