"""One landed JSON-RPC answer → rows: the echoed request id says what the answer is.

Head and block answers become one-row frames (checked, landed as evidence, not loaded); each
``eth_call`` answer becomes one row per decoded output (``latestRoundData`` has five), with the
registry's description of the entry it reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.onchain_reads.abi import AbiDecodeError, decode_result
from ingest.sources.onchain_reads.chains import Registry, load_registry
from ingest.sources.onchain_reads.fetch import SEP, SOURCE
from ingest.sources.onchain_reads.rpc import decode_response
from ingest.text import payload_json

SCHEMA = pl.Schema(
    {
        "chain": pl.String(),
        "block_number": pl.Int64(),
        "contract": pl.String(),
        "function": pl.String(),
        "argument": pl.String(),
        "block_hash": pl.String(),
        "block_timestamp": pl.Datetime("us", "UTC"),
        "value": pl.String(),
        "entry_id": pl.String(),
        "symbol": pl.String(),
        "role": pl.String(),
        "backs": pl.String(),
        "registry_decimals": pl.Int32(),
        "unit": pl.String(),
        "heartbeat_s": pl.Int32(),
        "read_tag": pl.String(),
    }
)


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    """One landed answer → rows; the echoed id says what it is."""
    doc, _ = payload_json(SOURCE, payload.name, content, "JSON (a JSON-RPC 2.0 answer)")
    if not isinstance(doc, dict):
        raise ParseError(
            SOURCE, payload.name, "not a JSON-RPC object", expected="a JSON object", got=type(doc).__name__
        )
    doc_id = doc.get("id")
    parts = str(doc_id).split(SEP)
    result = decode_response(SOURCE, f"{payload.name} {payload.kind} id={doc_id}", content)
    if payload.kind == "head" and parts[0] == "head":
        return pl.DataFrame({"chain": [parts[1]], "head_block": [int(result, 16)]})
    if payload.kind == "block" and parts[0] == "block":
        return pl.DataFrame(
            {
                "chain": [parts[1]],
                "block_number": [int(result["number"], 16)],
                "block_hash": [str(result["hash"]).lower()],
                "block_ts": [int(result["timestamp"], 16)],
            }
        )
    if payload.kind == "call" and parts[0] == "call" and len(parts) == 10:
        return _call_rows(parts, result, payload)
    raise ParseError(
        SOURCE,
        payload.name,
        "answer id does not match its kind",
        field="id",
        expected=f"'{payload.kind}{SEP}…' (this reader's ids)",
        got=str(doc_id),
    )


def _call_rows(parts: list[str], result: str, payload: LandedPayload) -> pl.DataFrame:
    _, chain, number, bhash, ts, entry, function, contract, argument, tag = parts
    registry = load_registry()
    meta = _entry_meta(registry, entry)
    if meta is None:
        raise ParseError(
            SOURCE,
            payload.name,
            "call names an entry the chain registry does not have",
            field="id",
            expected=f"an id in {registry.path}",
            got=entry,
        )
    try:
        decoded = decode_result(function, result)
    except AbiDecodeError as exc:
        raise ParseError(SOURCE, payload.name, str(exc), field=f"{entry}.{function}") from exc
    rows = []
    for name, value in decoded.items():
        fn = function if len(decoded) == 1 else f"{function}.{name}"
        rows.append(
            {
                "chain": chain,
                "block_number": int(number),
                "contract": contract,
                "function": fn,
                "argument": argument,
                "block_hash": bhash,
                "block_timestamp": datetime.fromtimestamp(int(ts), UTC),
                "value": str(value),
                "entry_id": entry,
                "read_tag": tag,
                **meta,
            }
        )
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
        return {
            "symbol": f.backs,
            "role": "por_feed",
            "backs": f.backs,
            "registry_decimals": f.decimals,
            "unit": f.unit,
            "heartbeat_s": f.heartbeat_s,
        }
    return None
