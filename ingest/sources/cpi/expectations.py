"""The GX suite every CPI payload must pass, and the per-series facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.cpi.series import SERIES
from ingest.validation import ExpectationDef


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """No gaps, every series present, no shrinking (key, known series and index levels: declared rules)."""
    checks: list[ExpectationDef] = [
        # every series covers every month between its first and last: no holes
        ("ExpectColumnValuesToBeBetween", {"column": "months_missing_in_span", "min_value": 0, "max_value": 0}),
        ("ExpectColumnDistinctValuesToEqualSet", {"column": "series_code", "value_set": list(SERIES)}),
    ]
    checks.append(("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}))
    return checks


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed frame plus, per series, how many months its span lacks."""
    span = (
        frame.group_by("series_code")
        .agg(first=pl.col("month").min(), last=pl.col("month").max(), n=pl.col("month").n_unique())
        .with_columns(
            months_missing_in_span=(
                (pl.col("last").dt.year() - pl.col("first").dt.year()) * 12
                + pl.col("last").dt.month().cast(pl.Int32)
                - pl.col("first").dt.month().cast(pl.Int32)
                + 1
                - pl.col("n")
            ).cast(pl.Int32)
        )
    )
    return frame.join(span.select("series_code", "months_missing_in_span"), on="series_code", how="left")
