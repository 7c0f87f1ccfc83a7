"""On-chain snapshot: stablecoin supply, reserve balances and PoR feeds at a confirmed block.

Per chain of the registry (``ingest/registry/chain.yaml``): EVM chains read at head minus N
confirmations (``eth_blockNumber`` → ``eth_getBlockByNumber(n)`` → ``eth_call``s at ``n``);
TRON's ``eth_call`` answers only at ``latest``, so we record the block seen at read time
(``eth_getBlockByNumber("latest")`` just before the calls). Every ``eth_call`` id carries the
chain, block number, hash and timestamp and the registry entry it reads, and the node echoes it:
each landed answer is a self-describing row. Key (chain, block_number, contract, function,
argument): re-reading a block is a no-op; a reorg (same number, new hash) supersedes the row and
the old one stays in ``raw.onchain_reads__history``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timezone

import polars as pl

from ingest.chain.abi import AbiDecodeError, decode_result, encode_call
from ingest.chain.registry import Chain, Registry, load_registry
from ingest.chain.rpc import EnvUrlFetcher, JsonRpcClient, RpcError, decode_response
from ingest.chain.tron import to_evm_hex
from ingest.errors import NotRecorded, ParseError
from ingest.fetch import Fetcher, FetchResult
from ingest.landing import LandedPayload
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.settings import Settings
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

SOURCE = "onchain_snapshot"
log = logging.getLogger("liquidity_watch.ingest.onchain")

RAW_TABLE = TableSpec(
    name="onchain_reads",
    key={"chain": "VARCHAR", "block_number": "BIGINT", "contract": "VARCHAR", "function": "VARCHAR", "argument": "VARCHAR"},
    values={"block_hash": "VARCHAR", "block_timestamp": "TIMESTAMPTZ", "value": "VARCHAR"},
    extra={"entry_id": "VARCHAR", "symbol": "VARCHAR", "role": "VARCHAR", "backs": "VARCHAR",
           "registry_decimals": "INTEGER", "unit": "VARCHAR", "heartbeat_s": "INTEGER", "read_tag": "VARCHAR"},
    description="eth_call results (totalSupply, decimals, balanceOf, PoR latestRoundData) per chain and block, "
                "with the block hash and timestamp; reorged rows move to onchain_reads__history.",
)
COLUMNS = list(RAW_TABLE.key) + list(RAW_TABLE.tracked)
SCHEMA = {"chain": pl.String, "block_number": pl.Int64, "contract": pl.String, "function": pl.String,
          "argument": pl.String, "block_hash": pl.String, "block_timestamp": pl.Datetime("us", "UTC"),
          "value": pl.String, "entry_id": pl.String, "symbol": pl.String, "role": pl.String, "backs": pl.String,
          "registry_decimals": pl.Int32, "unit": pl.String, "heartbeat_s": pl.Int32, "read_tag": pl.String}
SEP = "|"


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
        plan += [(f.id, "latestRoundData", f.address, ""), (f.id, "decimals", f.address, ""),
                 (f.id, "description", f.address, "")]
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
            call_id = SEP.join(["call", chain.id, str(number), bhash, str(ts), entry, function, contract, argument, tag])
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
        raise RpcError(SOURCE, "no chain reachable: set at least one of "
                       + ", ".join(c.rpc_env for c in registry.chains.values()))


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    """One landed answer → rows; the echoed id says what it is."""
    try:
        doc_id = json.loads(content).get("id")
    except (ValueError, AttributeError) as exc:
        raise ParseError(SOURCE, payload.name, "not a JSON-RPC object", expected="JSON", got=content[:80].decode("utf-8", "replace")) from exc
    parts = str(doc_id).split(SEP)
    what = f"{payload.kind} id={doc_id}"
    result = decode_response(SOURCE, f"{payload.name} {what}", content)
    if payload.kind == "head" and parts[0] == "head":
        return pl.DataFrame({"chain": [parts[1]], "head_block": [int(result, 16)]})
    if payload.kind == "block" and parts[0] == "block":
        return pl.DataFrame({"chain": [parts[1]], "block_number": [int(result["number"], 16)],
                             "block_hash": [str(result["hash"]).lower()], "block_ts": [int(result["timestamp"], 16)]})
    if payload.kind == "call" and parts[0] == "call" and len(parts) == 10:
        return _call_rows(parts, result, payload)
    raise ParseError(SOURCE, payload.name, "answer id does not match its kind", field="id",
                     expected=f"'{payload.kind}{SEP}…' (this reader's ids)", got=str(doc_id))


def _call_rows(parts: list[str], result: str, payload: LandedPayload) -> pl.DataFrame:
    _, chain, number, bhash, ts, entry, function, contract, argument, tag = parts
    registry = load_registry()
    meta = _entry_meta(registry, entry)
    if meta is None:
        raise ParseError(SOURCE, payload.name, "call names an entry the chain registry does not have", field="id",
                         expected=f"an id in {registry.path}", got=entry)
    try:
        decoded = decode_result(function, result)
    except AbiDecodeError as exc:
        raise ParseError(SOURCE, payload.name, str(exc), field=f"{entry}.{function}") from exc
    rows = []
    for name, value in decoded.items():
        fn = function if len(decoded) == 1 else f"{function}.{name}"
        rows.append({"chain": chain, "block_number": int(number), "contract": contract, "function": fn,
                     "argument": argument, "block_hash": bhash,
                     "block_timestamp": datetime.fromtimestamp(int(ts), timezone.utc), "value": str(value),
                     "entry_id": entry, "read_tag": tag, **meta})
    return pl.DataFrame(rows, schema=SCHEMA)


def _entry_meta(registry: Registry, entry: str) -> dict[str, object] | None:
    none = {"unit": None, "heartbeat_s": None}
    if entry in registry.tokens:
        t = registry.tokens[entry]
        return {"symbol": t.symbol, "role": t.role, "backs": t.symbol, "registry_decimals": t.decimals, **none}
    if entry in registry.holders:
        h = registry.holders[entry]
        held = registry.tokens[h.holds[0]]
        return {"symbol": held.symbol, "role": h.role, "backs": h.backs, "registry_decimals": held.decimals, **none}
    if entry in registry.feeds:
        f = registry.feeds[entry]
        return {"symbol": f.backs, "role": "por_feed", "backs": f.backs, "registry_decimals": f.decimals,
                "unit": f.unit, "heartbeat_s": f.heartbeat_s}
    return None


_HASH = r"^0x[0-9a-f]{64}$"


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Block identity well formed; one value per key; every read has a value."""
    if ctx.kind == "head":
        return [("ExpectColumnValuesToBeBetween", {"column": "head_block", "min_value": 0})]
    if ctx.kind == "block":
        return [("ExpectColumnValuesToMatchRegex", {"column": "block_hash", "regex": _HASH}),
                ("ExpectColumnValuesToBeBetween", {"column": "block_number", "min_value": 0})]
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": list(RAW_TABLE.key)}),
        ("ExpectColumnValuesToMatchRegex", {"column": "block_hash", "regex": _HASH}),
        ("ExpectColumnValuesToNotBeNull", {"column": "value"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "block_timestamp"}),
        ("ExpectColumnValuesToBeInSet", {"column": "role", "value_set": [
            "stablecoin", "legacy_stablecoin", "collateral", "psm_reserve", "psm_module", "reserve", "por_feed"]}),
    ]


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """Only call answers become rows; head and block answers are landed evidence."""
    if "function" not in frame.columns:
        return pl.DataFrame(schema={**SCHEMA, "source_sha256": pl.String})
    return frame.select(*COLUMNS, "source_sha256")


SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    parse=parse,
    suite=suite,
    to_load=to_load,
    fetch=fetch,
)
