"""What a month's figures must satisfy together: the file's own sums, within rounding, and a complete month."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.mof_securities.layout import COLUMNS, IDENTITIES
from ingest.validation import ExpectationDef

# Every cell is rounded to 1 億円 (the file's note ②): a cell and two or three rounded parts differ by at most 1.5.
IDENTITY_TOLERANCE = 1.5
KEY = ["direction", "instrument", "measure"]


def _name(cell: tuple[str, str, str]) -> str:
    return ".".join(cell)


def identity_gaps(frame: pl.DataFrame) -> pl.DataFrame:
    """Per month and derived cell (a net, subtotal, total or balance): its distance from the sum of its parts."""
    wide = frame.with_columns(cell=pl.concat_str(KEY, separator=".")).pivot(
        on="cell", index="month", values="value_100m_yen", aggregate_function="first"
    )
    gaps = [
        (pl.col(_name(target)) - pl.sum_horizontal(sign * pl.col(_name(part)) for sign, part in parts))
        .abs()
        .alias(_name(target))
        for target, parts in IDENTITIES
    ]
    return (
        wide.select("month", *gaps)
        .unpivot(index="month", variable_name="cell", value_name="identity_gap")
        .with_columns(pl.col("cell").str.split_exact(".", 2).struct.rename_fields(KEY))
        .unnest("cell")
    )


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed rows plus each one's identity gap (0 for a published part) and its month's cell count."""
    cells = frame.group_by("month").agg(cells_that_month=pl.len().cast(pl.Int32))
    return (
        frame.join(identity_gaps(frame), on=["month", *KEY], how="left")
        .with_columns(pl.col("identity_gap").fill_null(0.0))
        .join(cells, on="month", how="left")
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Sums hold within rounding, every month complete, no gap between months, amounts bought/sold not negative."""
    return [
        ("ExpectColumnValuesToBeBetween", {"column": "identity_gap", "max_value": IDENTITY_TOLERANCE}),
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "cells_that_month", "min_value": len(COLUMNS), "max_value": len(COLUMNS)},
        ),
        (
            "ExpectColumnValuesToBeBetween",
            {
                "column": "value_100m_yen",
                "min_value": 0,
                "row_condition": 'measure!="net"',
                "condition_parser": "pandas",
            },
        ),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]
