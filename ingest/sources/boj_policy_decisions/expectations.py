"""The GX suite the decision table must pass, and the per-decision facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef

INSTRUMENTS = (
    "rate_on_policy_rate_balances",
    "short_term_policy_interest_rate",
    "uncollateralized_overnight_call_rate",
)


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Facts the suite checks: a point XOR a range, the target it implies, days from decision to effect."""
    return frame.with_columns(
        shape_ok=(pl.col("point_pct").is_not_null() & pl.col("lower_pct").is_null() & pl.col("upper_pct").is_null())
        | (
            pl.col("point_pct").is_null()
            & pl.col("lower_pct").is_not_null()
            & pl.col("upper_pct").is_not_null()
            & (pl.col("lower_pct") <= pl.col("upper_pct"))
        ),
        target_pct=pl.coalesce(pl.col("point_pct"), (pl.col("lower_pct") + pl.col("upper_pct")) / 2),
        days_to_effect=(pl.col("effective") - pl.col("decided")).dt.total_days().cast(pl.Int32),
        effective_ordinal=pl.col("effective").cast(pl.Int32),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """One decision per effective day, in order, effective within a month, sane targets, no shrinking."""
    return [
        ("ExpectColumnValuesToBeUnique", {"column": "effective"}),
        ("ExpectColumnValuesToBeIncreasing", {"column": "effective_ordinal", "strictly": True}),
        ("ExpectColumnValuesToBeBetween", {"column": "days_to_effect", "min_value": 0, "max_value": 31}),
        ("ExpectColumnValuesToBeInSet", {"column": "shape_ok", "value_set": [True]}),
        ("ExpectColumnValuesToBeBetween", {"column": "target_pct", "min_value": -1.0, "max_value": 10.0}),
        ("ExpectColumnValuesToBeInSet", {"column": "instrument", "value_set": list(INSTRUMENTS)}),
        ("ExpectColumnValuesToNotBeNull", {"column": "source_citation"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]
