"""The GX suite every yields payload must pass before it is loaded, and the per-day facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Beyond the declared rules (key, tenors, yield band): file order, no empty day, no shrinking history."""
    checks: list[ExpectationDef] = [
        ("ExpectColumnValuesToBeIncreasing", {"column": "line_no", "strictly": False}),
        ("ExpectColumnValuesToBeBetween", {"column": "values_that_day", "min_value": 1}),
        ("ExpectColumnValuesToBeIncreasing", {"column": "day_ordinal", "strictly": False}),
    ]
    if ctx.kind == "history":
        checks.append(("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}))
    return checks


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed frame plus the per-day facts the suite checks (values that day, date order)."""
    return frame.with_columns(
        values_that_day=pl.col("yield_pct").is_not_null().sum().over("date").cast(pl.Int32),
        day_ordinal=pl.col("date").cast(pl.Int32),
    )


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """Missing cells ('-') are not observations: only values are stored."""
    return frame.filter(pl.col("yield_pct").is_not_null()).select("date", "tenor_years", "yield_pct", "source_sha256")
