"""The reviewed policy-decision table (reviewed/decisions.yaml) → one row per decision, every field type-checked.

The file is the payload: it is landed byte for byte, parsed, validated and versioned like any
fetched file, so a change to the table shows up in ``raw.boj_policy_decisions__history`` with the
sha256 of the file that made it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import polars as pl
import yaml
from pydantic import AfterValidator, Field, ValidationError

from ingest.config import Reviewed, first_problem
from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.text import payload_text

SOURCE = "boj_policy_decisions"

SCHEMA = {
    "decided": pl.Date,
    "effective": pl.Date,
    "instrument": pl.String,
    "lower_pct": pl.Float64,
    "upper_pct": pl.Float64,
    "point_pct": pl.Float64,
    "guidance": pl.String,
    "source_citation": pl.String,
    "position": pl.Int32,
}


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("missing text: expected a non-empty string")
    return text


Text = Annotated[str, AfterValidator(_not_blank)]


class Decision(Reviewed):
    """One decision as the file writes it: real YAML dates, plain numbers, non-blank text."""

    decided: date
    effective: date
    instrument: Text
    lower_pct: float | None = None
    upper_pct: float | None = None
    point_pct: float | None = None
    guidance: Text
    source: Text


class _DecisionsFile(Reviewed):
    decisions: Annotated[list[Decision], Field(min_length=1)]


def parse(content: bytes, file: str) -> pl.DataFrame:
    """The YAML table → one row per decision; every field is checked for type with its index named."""
    text, _ = payload_text(SOURCE, file, content, "YAML with a 'decisions' list")
    try:
        doc = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises a bare ValueError for a date like 2016-01-32
        raise ParseError(
            SOURCE, file, f"not readable YAML: {exc}", expected="UTF-8 YAML with a 'decisions' list"
        ) from None
    try:
        decisions = _DecisionsFile.model_validate(doc if doc is not None else {}).decisions
    except ValidationError as exc:
        problem = first_problem(exc)
        raise ParseError(SOURCE, file, problem.detail, field=problem.field or None) from None
    rows = [
        {
            "decided": d.decided,
            "effective": d.effective,
            "instrument": d.instrument,
            "lower_pct": d.lower_pct,
            "upper_pct": d.upper_pct,
            "point_pct": d.point_pct,
            "guidance": " ".join(d.guidance.split()),
            "source_citation": " ".join(d.source.split()),
            "position": i,
        }
        for i, d in enumerate(decisions)
    ]
    return pl.DataFrame(rows, schema=SCHEMA)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
