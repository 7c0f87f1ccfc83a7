"""The reviewed policy-decision table (reviewed/decisions.yaml) → one row per decision, every field type-checked.

The file is the payload: it is landed byte for byte, parsed, validated and versioned like any
fetched file, so a change to the table shows up in ``raw.boj_policy_decisions__history`` with the
sha256 of the file that made it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import yaml

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


def _num(v: Any, file: str, i: int, field: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ParseError(
            SOURCE,
            file,
            "not a number",
            field=f"decisions[{i}].{field}",
            expected="a percentage like 0.75",
            got=repr(v),
        )
    return float(v)


def parse(content: bytes, file: str) -> pl.DataFrame:
    """The YAML table → one row per decision; every field is checked for type with its index named."""
    text, _ = payload_text(SOURCE, file, content, "YAML with a 'decisions' list")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParseError(
            SOURCE, file, f"not readable YAML: {exc}", expected="UTF-8 YAML with a 'decisions' list"
        ) from None
    entries = (doc or {}).get("decisions") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ParseError(SOURCE, file, "no decisions", field="decisions", expected="a non-empty list")
    rows = []
    for i, e in enumerate(entries):
        for f in ("decided", "effective"):
            if not isinstance(e.get(f), date):
                raise ParseError(
                    SOURCE, file, "not a date", field=f"decisions[{i}].{f}", expected="YYYY-MM-DD", got=repr(e.get(f))
                )
        for f in ("instrument", "guidance", "source"):
            if not isinstance(e.get(f), str) or not e[f].strip():
                raise ParseError(
                    SOURCE, file, "missing text", field=f"decisions[{i}].{f}", expected="a non-empty string"
                )
        rows.append(
            {
                "decided": e["decided"],
                "effective": e["effective"],
                "instrument": e["instrument"],
                "lower_pct": _num(e.get("lower_pct"), file, i, "lower_pct"),
                "upper_pct": _num(e.get("upper_pct"), file, i, "upper_pct"),
                "point_pct": _num(e.get("point_pct"), file, i, "point_pct"),
                "guidance": " ".join(e["guidance"].split()),
                "source_citation": " ".join(e["source"].split()),
                "position": i,
            }
        )
    return pl.DataFrame(rows, schema=SCHEMA)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
