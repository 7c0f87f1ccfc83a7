"""The GX suite the reviewed figures must pass before they are loaded, and the budget fact it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.mof_debt_service.parse import BUDGET_STAGES
from ingest.validation import ExpectationDef

PARTS = ["redemption", "interest"]


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Per (year, stage): how far redemption + interest are above the published total (must not be).

    国債費 also holds small items (事務取扱費 etc.), so parts may fall short of the total but,
    allowing for the rounding of each figure, never exceed it.
    """
    budget = frame.filter(pl.col("stage").is_in(list(BUDGET_STAGES)))
    wide = budget.group_by("fiscal_year", "stage").agg(
        total=pl.col("value").filter(pl.col("item") == "debt_service_total").first(),
        parts=pl.col("value").filter(pl.col("item").is_in(PARTS)).sum(),
        slack=pl.col("rounded_to").filter(pl.col("item").is_in([*PARTS, "debt_service_total"])).sum(),
    )
    excess = wide.select(
        "fiscal_year",
        "stage",
        parts_excess=pl.when(pl.col("total").is_not_null())
        .then(pl.col("parts") - pl.col("total") - pl.col("slack"))
        .otherwise(-1.0),
    )
    joined = frame.join(excess, on=["fiscal_year", "stage"], how="left")
    return joined.with_columns(pl.col("parts_excess").fill_null(-1.0))


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Rates and maturities plausible, parts within the total, rounding positive, and never fewer figures
    than the last good load (the key, non-negative values, stages, units and URLs are declared rules)."""
    return [
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "max_value": 20.0, "row_condition": 'unit=="pct"', "condition_parser": "pandas"},
        ),
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "max_value": 40.0, "row_condition": 'unit=="years"', "condition_parser": "pandas"},
        ),
        ("ExpectColumnValuesToBeBetween", {"column": "parts_excess", "max_value": 0}),
        ("ExpectColumnValuesToBeBetween", {"column": "rounded_to", "min_value": 0, "strict_min": True}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
