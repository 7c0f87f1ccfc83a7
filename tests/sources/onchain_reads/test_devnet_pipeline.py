"""End to end on a real local EVM node: contracts → ingest (live mode) → dbt marts → checks.

Every expected number below is what the test itself did on the devnet (mint, burn, PSM swaps,
feed updates), never a claim about a real chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from pytest_httpserver import HTTPServer

import ingest.source
from ingest.fetch import LiveFetcher
from ingest.pipeline import run_source
from ingest.settings import REPO_ROOT, Settings
from ingest.sources.defillama_stablecoins import SOURCE as DEFILLAMA
from ingest.sources.issuer_attestations import SOURCE as ATTESTATIONS
from ingest.sources.issuer_attestations.parse import CSV_HEADER
from ingest.sources.onchain_reads import SOURCE as ONCHAIN
from ingest.warehouse.load import ensure_tables
from tests.conftest import dbt_build as dbt_build_models
from tests.conftest import free_port
from tests.sources.onchain_reads.chain_devnet import Devnet

E18, E6, E8 = 10**18, 10**6, 10**8
SELECT = [
    "staging.onchain_reads",
    "staging.issuer_attestations",
    "staging.defillama_stablecoins",
    "intermediate.stablecoins",
    "marts.stablecoins",
]


@pytest.fixture(scope="module")
def world(devnet: Devnet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    owner, user, treasury = devnet.accounts[:3]
    stable = devnet.deploy("TestToken", ["string", "string", "uint8"], ["LW Dollar", "LWUSD", 18])
    gem = devnet.deploy("TestToken", ["string", "string", "uint8"], ["Test Tether", "tUSDT", 6])
    psm = devnet.deploy("TestPsm", ["address", "address"], [stable, gem])
    feed = devnet.deploy("TestReserveFeed", ["uint8", "string"], [8, "LWUSD off-chain reserves"])
    devnet.transact(stable, "TestToken", "setMinter(address,bool)", ["address", "bool"], [psm, True])
    tmp = tmp_path_factory.mktemp("chain")
    registry = {
        "chains": [{"id": "devnet", "kind": "evm", "rpc_env": "LW_RPC_DEVNET", "confirmations": 1}],
        "tokens": [
            {
                "id": "dev-lwusd",
                "chain": "devnet",
                "symbol": "LWUSD",
                "role": "stablecoin",
                "address": stable,
                "decimals": 18,
                "read": True,
                "source": "deployed by the test",
            },
            {
                "id": "dev-tusdt",
                "chain": "devnet",
                "symbol": "tUSDT",
                "role": "collateral",
                "address": gem,
                "decimals": 6,
                "read": True,
                "source": "deployed by the test",
            },
        ],
        "holders": [
            {
                "id": "dev-psm",
                "chain": "devnet",
                "label": "test PSM",
                "role": "psm_reserve",
                "address": psm,
                "backs": "LWUSD",
                "holds": ["dev-tusdt"],
                "read": True,
                "source": "deployed by the test",
            }
        ],
        "por_feeds": [
            {
                "id": "dev-por",
                "chain": "devnet",
                "label": "test PoR",
                "address": feed,
                "backs": "LWUSD",
                "unit": "USD",
                "decimals": 8,
                "heartbeat_s": 3600,
                "read": True,
                "source": "deployed by the test",
            }
        ],
    }
    (tmp / "chain.yaml").write_text(yaml.safe_dump(registry))
    return {
        "stable": stable,
        "gem": gem,
        "psm": psm,
        "feed": feed,
        "owner": owner,
        "user": user,
        "treasury": treasury,
        "tmp": tmp,
    }


@pytest.fixture(scope="module")
def usdd_api() -> Iterator[HTTPServer]:
    """USDD's API answered by a local server with the recorded (real, documented) bytes."""
    server = HTTPServer(host="127.0.0.1", port=free_port())
    body = (REPO_ROOT / "recorded/issuer_attestations/usdd_collateral_history_tron_weekly.json").read_bytes()
    server.expect_request("/api/v1/data-platform/collateral-history").respond_with_data(
        body, content_type="application/json"
    )
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def write_attestations(sources_dir: Path, rows: list[str]) -> None:
    """The test's own reviewed issuer figures, laid out like the real reviewed issuer_reports.csv."""
    target = sources_dir / "issuer_attestations" / "reviewed" / "issuer_reports.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join([",".join(CSV_HEADER), *rows]) + "\n")


@pytest.fixture(scope="module")
def env(world: dict[str, Any], devnet: Devnet, usdd_api: HTTPServer) -> Iterator[dict[str, str]]:
    home = world["tmp"] / "home"
    values = {
        "LW_HOME": str(home),
        "LW_MODE": "live",
        "LW_RPC_DEVNET": devnet.url,
        "LW_CHAIN_REGISTRY": str(world["tmp"] / "chain.yaml"),
        "LW_USDD_API": usdd_api.url_for("/").rstrip("/"),
    }
    with pytest.MonkeyPatch.context() as mp:
        for k, v in values.items():
            mp.setenv(k, v)
        # reviewed files are read from the test's own source folders (its issuer figures)
        mp.setattr(ingest.source, "SOURCES_DIR", world["tmp"] / "sources")
        yield values


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=5, attempts=3, backoff_s=0.01)


def ingest_snapshot() -> Any:
    return run_source(ONCHAIN, Settings.from_env(), fetcher=fetcher())


def dbt_build(home: Path) -> None:
    """The stablecoin models on this warehouse. The marts also read DefiLlama's daily supply, which this test
    does not load: its raw table exists, empty. Tests that also read models outside the selection are left out."""
    with duckdb.connect(str(home / "warehouse.duckdb")) as con:
        ensure_tables(con, DEFILLAMA.table)
    out = dbt_build_models(home, *SELECT)
    assert out.returncode == 0, out.stdout[-4000:]


def query(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_snapshots_fill_every_mart(
    devnet: Devnet, world: dict[str, Any], env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    w, home = world, Path(env["LW_HOME"])
    # Step A: 1,000,000 tUSDT minted to the user, 600,000 swapped in the PSM, 400,000 LWUSD minted
    # outside the PSM, the feed reports 300,000 USD of off-chain reserves.
    devnet.transact(w["gem"], "TestToken", "mint(address,uint256)", ["address", "uint256"], [w["user"], 1_000_000 * E6])
    devnet.transact(
        w["gem"], "TestToken", "approve(address,uint256)", ["address", "uint256"], [w["psm"], 10**30], sender=w["user"]
    )
    devnet.transact(w["psm"], "TestPsm", "sellGem(uint256)", ["uint256"], [600_000 * E6], sender=w["user"])
    devnet.transact(
        w["stable"], "TestToken", "mint(address,uint256)", ["address", "uint256"], [w["treasury"], 400_000 * E18]
    )
    devnet.transact(w["feed"], "TestReserveFeed", "setAnswer(int256)", ["int256"], [300_000 * E8])
    block_a = devnet.head()
    devnet.advance(60)  # one confirmation
    first = ingest_snapshot()
    # 2 tokens x (totalSupply, decimals) + 1 balance + feed (5 latestRoundData outputs, decimals, description)
    assert first.stats and first.stats.inserted == 12
    again = ingest_snapshot()  # same head: the same block re-read is a no-op (the same bytes: not even re-parsed)
    assert again.unchanged and again.stats is None
    assert query(home, "select count(*) from raw.onchain_reads") == [(12,)]

    # Step B: two hours pass (the feed is not updated), 200,000 LWUSD burned, 100,000 swapped back out.
    devnet.advance(7200)
    devnet.transact(
        w["stable"], "TestToken", "burn(address,uint256)", ["address", "uint256"], [w["treasury"], 200_000 * E18]
    )
    devnet.transact(w["psm"], "TestPsm", "buyGem(uint256)", ["uint256"], [100_000 * E6], sender=w["user"])
    block_b = devnet.head()
    devnet.advance(1)
    ingest_snapshot()

    ts_b = datetime.fromtimestamp(int(devnet.block(block_b)["timestamp"], 16), UTC)
    day = ts_b.strftime("%Y-%m-%d")
    write_attestations(
        world["tmp"] / "sources",
        [
            f"IssuerA,LWUSD,all_chains,{day},test report,,700000,800000,,1,written by the test",
            f"IssuerB,LWUSD,all_chains,{day},test report,,750000,800000,,1,written by the test",
        ],
    )
    run_source(ATTESTATIONS, Settings.from_env(), fetcher=fetcher())
    dbt_build(home)

    supply = query(home, "select block_number, block_hash, supply from main.stablecoin_supply order by block_number")
    assert [(n, h) for n, h, _ in supply] == [
        (block_a, devnet.block(block_a)["hash"]),
        (block_b, devnet.block(block_b)["hash"]),
    ]
    assert [s for _, _, s in supply] == [1_000_000.0, 700_000.0]
    balances = query(home, "select block_number, holder_id, balance from main.reserve_balances order by block_number")
    assert balances == [(block_a, "dev-psm", 600_000.0), (block_b, "dev-psm", 500_000.0)]
    feeds = query(
        home, "select block_number, answer, round_id, is_stale, description from main.por_feeds order by block_number"
    )
    assert [(n, a, r, s) for n, a, r, s, _ in feeds] == [(block_a, 300_000.0, 1, False), (block_b, 300_000.0, 1, True)]
    assert feeds[0][4] == "LWUSD off-chain reserves"
    backing = query(
        home,
        "select onchain_supply, onchain_reserves_usd, collateral_ratio, psm_depth_usd "
        "from main.stablecoin_backing where token = 'LWUSD' order by ts",
    )
    assert backing[0] == (1_000_000.0, 900_000.0, pytest.approx(0.9), 600_000.0)
    assert backing[1] == (700_000.0, 800_000.0, pytest.approx(800 / 700), 500_000.0)
    rec = dict(query(home, "select issuer, status from main.attestation_reconciliation"))
    assert rec == {"IssuerA": "ok", "IssuerB": "mismatch", "USDD": "no_onchain_snapshot"}
    delta = query(
        home, "select onchain_block, supply_delta from main.attestation_reconciliation where issuer = 'IssuerB'"
    )
    assert delta == [(None, -50_000.0)]
    alerts = sorted(query(home, "select alert, token from main.reserve_alerts"))
    assert alerts == [("attestation_delta", "LWUSD"), ("ratio_below_100", "LWUSD"), ("stale_feed", "LWUSD")]

    # The RPC URL is never written to the landing metadata nor logged.
    port = devnet.url.rsplit(":", 1)[1]
    metas = list((home / "landing" / "onchain_reads").rglob("*.meta.json"))
    assert metas and not any(f"127.0.0.1:{port}" in m.read_text() for m in metas)
    assert f"127.0.0.1:{port}" not in caplog.text


def test_reorg_supersedes_rows_and_keeps_history(
    devnet: Devnet, world: dict[str, Any], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    w, home = world, Path(env["LW_HOME"])
    monkeypatch.setenv("LW_CONFIRMATIONS_DEVNET", "0")
    base = 700_000
    snap = devnet.rpc("evm_snapshot")
    devnet.transact(
        w["stable"], "TestToken", "mint(address,uint256)", ["address", "uint256"], [w["treasury"], 5_000 * E18]
    )
    height, old_hash = devnet.head(), devnet.block(devnet.head())["hash"]
    ingest_snapshot()
    assert devnet.rpc("evm_revert", [snap]) is True
    devnet.transact(
        w["stable"], "TestToken", "mint(address,uint256)", ["address", "uint256"], [w["treasury"], 7_000 * E18]
    )
    assert devnet.head() == height
    new_hash = devnet.block(height)["hash"]
    assert new_hash != old_hash
    report = ingest_snapshot()
    assert report.stats and report.stats.changed >= 1

    current = query(
        home,
        f"select block_hash, value from raw.onchain_reads where block_number = {height} "
        "and function = 'totalSupply' and entry_id = 'dev-lwusd'",
    )
    assert current == [(new_hash, str((base + 7_000) * E18))]
    history = query(
        home,
        f"select block_hash, value from raw.onchain_reads__history where block_number = {height} "
        "and function = 'totalSupply' and entry_id = 'dev-lwusd'",
    )
    assert history == [(old_hash, str((base + 5_000) * E18))]
    dbt_build(home)
    assert query(home, f"select supply, block_hash from main.stablecoin_supply where block_number = {height}") == [
        (base + 7_000.0, new_hash)
    ]
