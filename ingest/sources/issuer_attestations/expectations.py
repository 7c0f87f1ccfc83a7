"""The GX suite every attestation payload must pass before it is loaded."""

from __future__ import annotations

from ingest.source import SuiteContext
from ingest.validation import ExpectationDef

KEY = ["issuer", "token", "scope", "as_of"]


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Figures positive, a source on every row, one row per key, reserves of the right size."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": KEY}),
        ("ExpectColumnValuesToNotBeNull", {"column": "source"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "reserves_usd"}),
        ("ExpectColumnValuesToBeBetween", {"column": "reserves_usd", "min_value": 0, "max_value": 1e13}),
        ("ExpectColumnValuesToBeBetween", {"column": "tokens_outstanding", "min_value": 0, "max_value": 1e13}),
        ("ExpectColumnValuesToBeBetween", {"column": "precision_usd", "min_value": 0}),
    ]
