"""The GX suite every getDataCode load must pass, and the per-row facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.boj_rates.series import Series
from ingest.validation import ExpectationDef


def validation_frame(frame: pl.DataFrame, series: list[Series]) -> pl.DataFrame:
    """The parsed rows plus what the suite checks: the reviewed bounds and the period code's calendar."""
    bounds = pl.DataFrame(
        {
            "db": [s.db for s in series],
            "series_code": [s.code for s in series],
            "lower": [s.lower for s in series],
            "upper": [s.upper for s in series],
        }
    )
    joined = frame.join(bounds, on=["db", "series_code"], how="left", maintain_order="left")
    return joined.with_columns(
        within_bounds=pl.col("value").is_null() | pl.col("value").is_between(pl.col("lower"), pl.col("upper")),
        # the code re-derived from the parsed date must give back the published code (catches a wrong calendar)
        code_matches_date=pl.when(pl.col("frequency").is_in(["DAILY", "WEEKLY"]))
        .then(pl.col("period_date").dt.strftime("%Y%m%d").cast(pl.Int64))
        .when(pl.col("frequency") == "MONTHLY")
        .then(pl.col("period_date").dt.strftime("%Y%m").cast(pl.Int64))
        .otherwise(
            pl.col("period_date").dt.year().cast(pl.Int64) * 100 + pl.col("period_date").dt.quarter().cast(pl.Int64)
        )
        == pl.col("period_code"),
    ).drop("lower", "upper")


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Values in their series' reviewed bounds, codes read by their calendar, no shrinking (key, frequency
    and period date: declared rules)."""
    return [
        ("ExpectColumnValuesToBeInSet", {"column": "within_bounds", "value_set": [True]}),
        ("ExpectColumnValuesToBeInSet", {"column": "code_matches_date", "value_set": [True]}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]


def published(frame: pl.DataFrame) -> pl.DataFrame:
    """A null is an unpublished period, not an observation: only values are stored."""
    return frame.filter(pl.col("value").is_not_null())
