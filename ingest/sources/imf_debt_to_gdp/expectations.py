"""The GX suite every DataMapper payload must pass, and what is loaded from it."""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.imf_debt_to_gdp.fetch import COUNTRIES
from ingest.validation import ExpectationDef


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Well-formed country and vintage codes; the countries we keep are there (key, years, ratios: declared)."""
    return [
        ("ExpectColumnValuesToMatchRegex", {"column": "country", "regex": r"^[A-Z]{3}$"}),
        ("ExpectColumnValuesToMatchRegex", {"column": "vintage", "regex": r"^\d{4}-(04|10)$"}),
        ("ExpectColumnDistinctValuesToContainSet", {"column": "country", "value_set": list(COUNTRIES)}),
    ]


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """Every country is validated; the countries the warehouse is for are kept."""
    return frame.filter(pl.col("country").is_in(COUNTRIES)).select(
        "country", "year", "vintage", "debt_pct", "fetched_on", "source_sha256"
    )
