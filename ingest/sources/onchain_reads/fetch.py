"""What to ask each chain for, and in which order: the block first, then every read at that block.

Per chain of the registry (``chain.yaml``): EVM chains are read at head minus N confirmations
(``eth_blockNumber`` → ``eth_getBlockByNumber(n)`` → ``eth_call``s at ``n``). TRON's ``eth_call``
answers only at ``latest``, so there we record the block seen just before the calls
(``eth_getBlockByNumber("latest")``). Every request's id carries what the answer means (chain,
block number, hash and timestamp, registry entry, function, argument) and the node echoes it,
so each landed answer describes itself and ``parse`` needs nothing else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from ingest.errors import NotRecorded
from ingest.fetch import Fetcher, FetchResult
from ingest.settings import Settings
from ingest.source import source_name
from ingest.sources.onchain_reads.abi import encode_call
from ingest.sources.onchain_reads.chains import Chain, Registry, load_registry
from ingest.sources.onchain_reads.rpc import EnvUrlFetcher, JsonRpcClient, RpcError
from ingest.sources.onchain_reads.tron import to_evm_hex

SOURCE = source_name(__package__)
SEP = (
    "|"  # separates the fields of a request id: "call|<chain>|<block>|<hash>|<ts>|<entry>|<fn>|<contract>|<arg>|<tag>"
)
log = logging.getLogger("liquidity_watch.ingest.onchain_reads")


def confirmations(chain: Chain, env: dict[str, str] | None = None) -> int:
    """Registry default, overridable per chain by ``LW_CONFIRMATIONS_<CHAIN>``."""
    env = dict(os.environ if env is None else env)
    return int(env.get(f"LW_CONFIRMATIONS_{chain.id.upper()}", chain.confirmations))


def call_plan(registry: Registry, chain: Chain) -> list[tuple[str, str, str, str]]:
    """(entry id, function, contract, argument) for every read on the chain, in registry order."""
    tokens, holders, feeds = registry.reads_on(chain.id)
    plan: list[tuple[str, str, str, str]] = []
    for t in tokens:
        plan += [(t.id, "totalSupply", t.address, ""), (t.id, "decimals", t.address, "")]
    for h in holders:
        for tid in h.holds:
            plan.append((h.id, "balanceOf", registry.tokens[tid].address, h.address))
    for f in feeds:
        plan += [
            (f.id, "latestRoundData", f.address, ""),
            (f.id, "decimals", f.address, ""),
            (f.id, "description", f.address, ""),
        ]
    return plan


def _evm(chain: Chain, address: str) -> str:
    return to_evm_hex(address) if chain.kind == "tron" else address


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Read every registry chain we can reach; yields each answer so the pipeline lands it."""
    registry = load_registry()
    live = fetcher.mode == "live"
    rpc_fetcher: Fetcher = EnvUrlFetcher(fetcher) if live else fetcher
    reached = 0
    for chain in registry.chains.values():
        if live and not os.environ.get(chain.rpc_env):
            log.warning("%s: %s skipped: %s is not set", SOURCE, chain.id, chain.rpc_env)
            continue
        client = JsonRpcClient(SOURCE, chain.id, chain.rpc_env, rpc_fetcher)
        try:
            tag = "latest"
            if not chain.latest_only:
                fetched = client.call("head", "eth_blockNumber", [], f"head{SEP}{chain.id}")
                yield fetched
                tag = hex(max(int(client.result_of(fetched), 16) - confirmations(chain), 0))
            fetched = client.call("block", "eth_getBlockByNumber", [tag, False], f"block{SEP}{chain.id}{SEP}{tag}")
        except NotRecorded:
            if live:
                raise
            log.info("%s: %s has no recording (offline): skipped", SOURCE, chain.id)
            continue
        yield fetched
        block = client.result_of(fetched)
        if block is None:
            raise RpcError(SOURCE, f"{chain.id} eth_getBlockByNumber({tag}): null (block not found)")
        number, bhash, ts = int(block["number"], 16), str(block["hash"]).lower(), int(block["timestamp"], 16)
        reached += 1
        for entry, function, contract, argument in call_plan(registry, chain):
            data = encode_call(function, *([_evm(chain, argument)] if argument else []))
            call_id = SEP.join(
                ["call", chain.id, str(number), bhash, str(ts), entry, function, contract, argument, tag]
            )
            try:
                fetched = client.call("call", "eth_call", [{"to": _evm(chain, contract), "data": data}, tag], call_id)
            except NotRecorded:
                if live:
                    raise
                log.info("%s: no recording of %s %s on %s (offline): skipped", SOURCE, entry, function, chain.id)
                continue
            yield fetched
            client.result_of(fetched)  # a JSON-RPC error stops the read here, after its answer was landed
    if live and not reached:
        raise RpcError(
            SOURCE, "no chain reachable: set at least one of " + ", ".join(c.rpc_env for c in registry.chains.values())
        )
