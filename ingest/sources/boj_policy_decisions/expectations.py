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
    """Facts the suite checks: a point XOR a range, days from decision to effect."""
    return frame.with_columns(
        shape_ok=(pl.col("point_pct").is_not_null() & pl.col("lower_pct").is_null() & pl.col("upper_pct").is_null())
        | (
            pl.col("point_pct").is_null()
            & pl.col("lower_pct").is_not_null()
            & pl.col("upper_pct").is_not_null()
            & (pl.col("lower_pct") <= pl.col("upper_pct"))
        ),
        days_to_effect=(pl.col("effective") - pl.col("decided")).dt.total_days().cast(pl.Int32),
        effective_ordinal=pl.col("effective").cast(pl.Int32),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Decisions in order, effective within a month, a point or a range, no shrinking (the key, the
    instrument set, the rate band and the citation are declared rules)."""
    return [
        ("ExpectColumnValuesToBeIncreasing", {"column": "effective_ordinal", "strictly": True}),
        ("ExpectColumnValuesToBeBetween", {"column": "days_to_effect", "min_value": 0, "max_value": 31}),
        ("ExpectColumnValuesToBeInSet", {"column": "shape_ok", "value_set": [True]}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]
