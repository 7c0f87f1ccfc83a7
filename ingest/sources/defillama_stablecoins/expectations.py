"""The GX suite every DefiLlama payload set must pass before it is loaded, and the per-day facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Days in order without long holes, no shrinking history (key, tokens, representations, supply: declared)."""
    return [
        # A day or a few may be missing upstream; a hole of more than a week means a broken answer.
        ("ExpectColumnValuesToBeBetween", {"column": "days_since_previous", "min_value": 1, "max_value": 7}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed frame plus each row's distance in days to the token's previous row (1 for the first)."""
    return frame.with_columns(
        days_since_previous=pl.col("date").diff().over("token").dt.total_days().fill_null(1).cast(pl.Int32),
    )
