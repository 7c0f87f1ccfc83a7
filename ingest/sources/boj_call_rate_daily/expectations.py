"""The checks the daily export must pass beyond its declared rules: every calendar day, in order, mostly valued."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed rows, the day-to-day step (every calendar day is listed: always 1) and the share of valued days."""
    return frame.with_columns(
        day_ordinal=pl.col("date").cast(pl.Int32),
        days_since_previous=pl.col("date").diff().dt.total_days().fill_null(1).cast(pl.Int32),
        share_with_value=pl.col("call_rate_pct").is_not_null().mean(),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Increasing calendar days without gaps, a value on most days, no shrinking (key and rate band: declared)."""
    return [
        ("ExpectColumnValuesToBeIncreasing", {"column": "day_ordinal", "strictly": True}),
        ("ExpectColumnValuesToBeBetween", {"column": "days_since_previous", "min_value": 1, "max_value": 1}),
        # business days are about 67 % of calendar days; far fewer values means a broken export
        ("ExpectColumnValuesToBeBetween", {"column": "share_with_value", "min_value": 0.5, "max_value": 1.0}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
