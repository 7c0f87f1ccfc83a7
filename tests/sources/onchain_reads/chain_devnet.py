"""Test-side devnet client: deploy, transact, mine, snapshot/revert (talks straight to the node)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import eth_abi
import httpx


@dataclass
class Devnet:
    """Thin test-side client: deploy, transact, mine, snapshot/revert."""

    url: str
    artifacts: dict[str, Any]
    accounts: list[str] = field(default_factory=list)

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        r = httpx.post(self.url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}, timeout=30)
        doc = r.json()
        if "error" in doc:
            raise RuntimeError(f"{method}: {doc['error']}")
        return doc["result"]

    def _send(self, sender: str, to: str | None, data: str) -> dict[str, Any]:
        tx = {"from": sender, "data": data, "gas": hex(6_000_000)}
        if to:
            tx["to"] = to
        receipt = self.rpc("eth_getTransactionReceipt", [self.rpc("eth_sendTransaction", [tx])])
        if int(receipt["status"], 16) != 1:
            raise RuntimeError(f"transaction failed: {receipt}")
        return receipt

    def deploy(self, name: str, types: list[str], args: list[Any]) -> str:
        code = "0x" + self.artifacts[name]["bytecode"] + eth_abi.encode(types, args).hex()
        return self._send(self.accounts[0], None, code)["contractAddress"]

    def transact(
        self, contract: str, name: str, signature: str, types: list[str], args: list[Any], sender: str | None = None
    ) -> dict[str, Any]:
        selector = self.artifacts[name]["methods"][signature]
        return self._send(sender or self.accounts[0], contract, "0x" + selector + eth_abi.encode(types, args).hex())

    def head(self) -> int:
        return int(self.rpc("eth_blockNumber"), 16)

    def block(self, number: int) -> dict[str, Any]:
        return self.rpc("eth_getBlockByNumber", [hex(number), False])

    def advance(self, seconds: int) -> None:
        """Move the chain clock and mine one empty block."""
        self.rpc("evm_increaseTime", [seconds])
        self.rpc("evm_mine", [])
