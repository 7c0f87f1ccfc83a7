"""The GX suite every ``suii.xls`` edition must pass before it is loaded, and the facts it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.mof_debt.categories import HEADLINES
from ingest.validation import ExpectationDef


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Add, per row, how far it is from the sum of its parts and how much rounding may explain.

    MoF rounds every cell to 1 億円 (the sheet's note), so a parent may differ from the sum of its
    n additive children by at most (n + 1) / 2 億円. Memo rows (「うち」) are not parts: they
    must only not exceed their parent.
    """
    amount = pl.col("amount_100m_yen").fill_null(0.0)
    parts = (
        frame.filter(pl.col("parent_code").is_not_null() & ~pl.col("is_memo"))
        .group_by("as_of", "parent_code")
        .agg(parts_sum=amount.sum(), parts_n=pl.len())
        .rename({"parent_code": "category_code"})
    )
    parent_amounts = frame.select(
        "as_of", pl.col("category_code").alias("parent_code"), pl.col("amount_100m_yen").alias("parent_amount")
    )
    has_parts = pl.col("parts_n").is_not_null()
    return (
        frame.join(parts, on=["as_of", "category_code"], how="left")
        .join(parent_amounts, on=["as_of", "parent_code"], how="left")
        .with_columns(
            sum_gap_abs=pl.when(has_parts).then((amount - pl.col("parts_sum")).abs()).otherwise(0.0),
            sum_tolerance=pl.when(has_parts).then((pl.col("parts_n") + 1) / 2.0).otherwise(0.0),
            memo_headroom=pl.when(pl.col("is_memo"))
            .then(pl.col("parent_amount").fill_null(0.0) - amount)
            .otherwise(0.0),
            is_quarter_end=pl.col("as_of").dt.month().is_in([3, 6, 9, 12])
            & (pl.col("as_of") == pl.col("as_of").dt.month_end()),
            required_missing=pl.col("category_code").is_in(list(HEADLINES)) & pl.col("amount_100m_yen").is_null(),
        )
        .drop("parts_sum", "parts_n", "parent_amount")
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Parts add up within rounding, quarter ends only, headline rows present, and never fewer rows than
    the last good load (the key, known categories and non-negative amounts are declared rules)."""
    return [
        ("ExpectColumnValuesToBeInSet", {"column": "is_quarter_end", "value_set": [True]}),
        ("ExpectColumnValuesToBeInSet", {"column": "required_missing", "value_set": [False]}),
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "sum_tolerance", "column_B": "sum_gap_abs", "or_equal": True},
        ),
        ("ExpectColumnValuesToBeBetween", {"column": "memo_headroom", "min_value": 0}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
