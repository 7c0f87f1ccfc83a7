"""What the ranking must satisfy across rows: one country per rank, ranks in the order of the figures."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Each row's rank among the rows of its year end, by its figure (largest first)."""
    return frame.with_columns(
        rank_by_figure=pl.col("net_external_assets_100m_yen")
        .rank(method="min", descending=True)
        .over("year_end")
        .cast(pl.Int32)
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """The cited rank agrees with the figures, no rank is given twice a year, and no row disappears."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["year_end", "rank"]}),
        ("ExpectColumnPairValuesToBeEqual", {"column_A": "rank", "column_B": "rank_by_figure"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
