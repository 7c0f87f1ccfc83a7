"""The GX suite every ESRI GDP payload must pass, and the per-quarter identity it checks."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.esri_gdp.items import GDP_COMPONENTS, ITEMS
from ingest.validation import ExpectationDef

# ESRI rounds each cell to 0.1 billion yen; the components of the real file add up within 0.35.
IDENTITY_TOLERANCE_BN = 1.0


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Every item every quarter, GDP = its components, no shrinking history (key, items, value range: declared)."""
    return [
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "items_that_quarter", "min_value": len(ITEMS), "max_value": len(ITEMS)},
        ),
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "gdp_identity_gap_bn", "min_value": -IDENTITY_TOLERANCE_BN, "max_value": IDENTITY_TOLERANCE_BN},
        ),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed frame plus, per quarter, its item count and GDP minus the sum of its components."""
    per_quarter = frame.group_by("quarter").agg(
        items_that_quarter=pl.len().cast(pl.Int32),
        gdp_identity_gap_bn=(
            pl.col("value_bn_jpy").filter(pl.col("item_code") == "gdp").sum()
            - pl.col("value_bn_jpy").filter(pl.col("item_code").is_in(GDP_COMPONENTS)).sum()
        ).round(1),
    )
    return frame.join(per_quarter, on="quarter", how="left")
