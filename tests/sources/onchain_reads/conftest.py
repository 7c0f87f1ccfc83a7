"""A real local EVM node (ganache, from npm) with contracts compiled by solc-js, for tests/sources/onchain_reads.

The node listens on 127.0.0.1 on a free port, in its own process group, and is stopped after the
module. Contract calls the test makes go straight to the node (httpx); the ingest path under test
reaches it only through LW_RPC_DEVNET.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port, stop_process_group
from tests.sources.onchain_reads.chain_devnet import Devnet

HERE = Path(__file__).parent
BIN = HERE / "node_modules" / ".bin"


@pytest.fixture(scope="session")
def artifacts() -> dict[str, Any]:
    if not (HERE / "node_modules" / "solc").exists():
        pytest.fail("tests/sources/onchain_reads/node_modules missing: run `npm ci` there (run.sh test does)")
    out = subprocess.run(["node", str(HERE / "compile.js")], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def devnet(artifacts: dict[str, Any]) -> Iterator[Devnet]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "ganache"),
            "--server.host",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--chain.chainId",
            "1337",
            "--wallet.deterministic",
            "--logging.quiet",
            "--miner.instamine",
            "eager",
            "--chain.hardfork",
            "shanghai",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    net = Devnet(f"http://127.0.0.1:{port}", artifacts)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                net.accounts = net.rpc("eth_accounts")
                break
            except (httpx.HTTPError, ValueError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"ganache did not start: {err}") from None
                time.sleep(0.2)
        yield net
    finally:
        stop_process_group(proc, grace_s=10)
