"""What a CoinGecko export must pass beyond its columns' declared rules: no holes over a week, no shrinking."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef

MAX_GAP_DAYS = 7  # two single days are missing in the real export; a week missing means a broken answer


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed rows plus each row's distance in days to the previous row (1 for the first)."""
    return frame.with_columns(
        days_since_previous=pl.col("date").diff().dt.total_days().fill_null(1).cast(pl.Int32),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """The export is the whole history every time: it never has fewer days than the last one loaded."""
    return [
        ("ExpectColumnValuesToBeBetween", {"column": "days_since_previous", "min_value": 1, "max_value": MAX_GAP_DAYS}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]
