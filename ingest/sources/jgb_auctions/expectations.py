"""What the auction records must satisfy together, beyond each column's declared rules."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef

# MoF sells 40-year bonds by yield (Dutch), 20- and 30-year bonds by price (conventional).
METHOD_BY_MATURITY = {20: "price", 30: "price", 40: "yield"}


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Per auction: bids cover the amount sold, the tail is not negative, the method is its maturity's."""
    return frame.with_columns(
        bid_to_cover=pl.col("bid_100m_yen") / pl.col("accepted_100m_yen"),
        # lowest accepted price at or below the average, highest accepted yield at or above it
        price_tail_yen=(pl.col("avg_price") - pl.col("low_price")).fill_null(0.0),
        yield_tail_pct=pl.col("high_yield_pct") - pl.col("avg_yield_pct"),
        method_as_expected=pl.col("method")
        == pl.col("maturity_years").replace_strict(METHOD_BY_MATURITY, default=None, return_dtype=pl.String),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Cross-field facts of each auction, and no auction the last good load had may disappear."""
    return [
        ("ExpectColumnValuesToBeBetween", {"column": "bid_to_cover", "min_value": 1.0}),
        ("ExpectColumnValuesToBeBetween", {"column": "price_tail_yen", "min_value": 0.0}),
        ("ExpectColumnValuesToBeBetween", {"column": "yield_tail_pct", "min_value": 0.0}),
        ("ExpectColumnValuesToBeInSet", {"column": "method_as_expected", "value_set": [True]}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
