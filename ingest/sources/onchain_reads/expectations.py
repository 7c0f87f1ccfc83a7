"""The GX suites each kind of answer must pass, and which answers become rows."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.onchain_reads.parse import SCHEMA
from ingest.validation import ExpectationDef

_HASH = r"^0x[0-9a-f]{64}$"


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Block identity well formed (the key, values, timestamps and roles of call answers are declared rules)."""
    if ctx.kind == "head":
        return [("ExpectColumnValuesToBeBetween", {"column": "head_block", "min_value": 0})]
    if ctx.kind == "block":
        return [
            ("ExpectColumnValuesToMatchRegex", {"column": "block_hash", "regex": _HASH}),
            ("ExpectColumnValuesToBeBetween", {"column": "block_number", "min_value": 0}),
        ]
    return [("ExpectColumnValuesToMatchRegex", {"column": "block_hash", "regex": _HASH})]


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """Only call answers become rows; head and block answers are landed evidence."""
    if "function" not in frame.columns:
        return pl.DataFrame(schema={**SCHEMA, "source_sha256": pl.String})
    return frame.select(*SCHEMA, "source_sha256")
