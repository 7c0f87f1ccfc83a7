"""The GX suite every DataMapper payload must pass, and what is loaded from it."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.imf_debt_to_gdp.fetch import COUNTRIES
from ingest.validation import ExpectationDef


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """One ratio per country, year and vintage; plausible ratios and years; the countries we keep are there."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["country", "year", "vintage"]}),
        ("ExpectColumnValuesToMatchRegex", {"column": "country", "regex": r"^[A-Z]{3}$"}),
        ("ExpectColumnValuesToMatchRegex", {"column": "vintage", "regex": r"^\d{4}-(04|10)$"}),
        ("ExpectColumnValuesToBeBetween", {"column": "year", "min_value": 1950, "max_value": 2040}),
        # gross debt: from ~1 % (Saudi Arabia) to ~360 % (Lebanon) in the recorded vintages
        ("ExpectColumnValuesToBeBetween", {"column": "debt_pct", "min_value": 0.0, "max_value": 600.0}),
        ("ExpectColumnDistinctValuesToContainSet", {"column": "country", "value_set": list(COUNTRIES)}),
    ]


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """Every country is validated; the countries the warehouse is for are kept."""
    return frame.filter(pl.col("country").is_in(COUNTRIES)).select(
        "country", "year", "vintage", "debt_pct", "fetched_on", "source_sha256"
    )
