"""The reviewed policy-decision table (ingest/registry/boj_policy_decisions.yaml) as a source of its own.

The repo file is the payload: it is landed byte for byte, parsed, validated and versioned like any
fetched file, so a change to the table shows up in ``raw.boj_policy_decisions__history`` with the
sha256 of the file that made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from ingest.errors import ParseError
from ingest.fetch import Fetcher, FetchResult, Request
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.settings import REPO_ROOT, Settings
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

SOURCE = "boj_policy_decisions"
TABLE_PATH = REPO_ROOT / "ingest" / "registry" / "boj_policy_decisions.yaml"
INSTRUMENTS = ("rate_on_policy_rate_balances", "short_term_policy_interest_rate", "uncollateralized_overnight_call_rate")

RAW_TABLE = TableSpec(
    name=SOURCE,
    key={"effective": "DATE"},
    values={"decided": "DATE", "instrument": "VARCHAR", "lower_pct": "DOUBLE", "upper_pct": "DOUBLE",
            "point_pct": "DOUBLE", "guidance": "VARCHAR", "source_citation": "VARCHAR"},
    description="BoJ policy-rate decisions (reviewed table, ingest/registry/boj_policy_decisions.yaml): one row per effective date.",
)

SCHEMA = {"decided": pl.Date, "effective": pl.Date, "instrument": pl.String, "lower_pct": pl.Float64,
          "upper_pct": pl.Float64, "point_pct": pl.Float64, "guidance": pl.String, "source_citation": pl.String,
          "position": pl.Int32}


def fetch(settings: Settings, fetcher: Fetcher, path: Path = TABLE_PATH) -> Iterator[FetchResult]:
    """The repo file itself is the payload, in either mode (there is nothing remote to ask)."""
    rel = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    request = Request(SOURCE, f"repo:{rel.as_posix()}", kind="decisions", ext="yaml")
    yield FetchResult(request=request, content=path.read_bytes(), status=200,
                      fetched_at=datetime.now(timezone.utc), mode=settings.mode, final_url=request.url)


def _num(v: Any, file: str, i: int, field: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ParseError(SOURCE, file, "not a number", field=f"decisions[{i}].{field}", expected="a percentage like 0.75", got=repr(v))
    return float(v)


def parse(content: bytes, file: str) -> pl.DataFrame:
    """The YAML table → one row per decision; every field is checked for type with its index named."""
    try:
        doc = yaml.safe_load(content.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ParseError(SOURCE, file, f"not readable YAML: {exc}", expected="UTF-8 YAML with a 'decisions' list") from None
    entries = (doc or {}).get("decisions") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ParseError(SOURCE, file, "no decisions", field="decisions", expected="a non-empty list")
    rows = []
    for i, e in enumerate(entries):
        for f in ("decided", "effective"):
            if not isinstance(e.get(f), date):
                raise ParseError(SOURCE, file, "not a date", field=f"decisions[{i}].{f}", expected="YYYY-MM-DD", got=repr(e.get(f)))
        for f in ("instrument", "guidance", "source"):
            if not isinstance(e.get(f), str) or not e[f].strip():
                raise ParseError(SOURCE, file, "missing text", field=f"decisions[{i}].{f}", expected="a non-empty string")
        rows.append({"decided": e["decided"], "effective": e["effective"], "instrument": e["instrument"],
                     "lower_pct": _num(e.get("lower_pct"), file, i, "lower_pct"),
                     "upper_pct": _num(e.get("upper_pct"), file, i, "upper_pct"),
                     "point_pct": _num(e.get("point_pct"), file, i, "point_pct"),
                     "guidance": " ".join(e["guidance"].split()), "source_citation": " ".join(e["source"].split()),
                     "position": i})
    return pl.DataFrame(rows, schema=SCHEMA)


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Facts the suite checks: a point XOR a range, the target it implies, days from decision to effect."""
    return frame.with_columns(
        shape_ok=(pl.col("point_pct").is_not_null() & pl.col("lower_pct").is_null() & pl.col("upper_pct").is_null())
        | (pl.col("point_pct").is_null() & pl.col("lower_pct").is_not_null() & pl.col("upper_pct").is_not_null()
           & (pl.col("lower_pct") <= pl.col("upper_pct"))),
        target_pct=pl.coalesce(pl.col("point_pct"), (pl.col("lower_pct") + pl.col("upper_pct")) / 2),
        days_to_effect=(pl.col("effective") - pl.col("decided")).dt.total_days().cast(pl.Int32),
        effective_ordinal=pl.col("effective").cast(pl.Int32),
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """One decision per effective day, in date order, effect within a month of the decision, sane targets, no shrinking."""
    return [
        ("ExpectColumnValuesToBeUnique", {"column": "effective"}),
        ("ExpectColumnValuesToBeIncreasing", {"column": "effective_ordinal", "strictly": True}),
        ("ExpectColumnValuesToBeBetween", {"column": "days_to_effect", "min_value": 0, "max_value": 31}),
        ("ExpectColumnValuesToBeInSet", {"column": "shape_ok", "value_set": [True]}),
        ("ExpectColumnValuesToBeBetween", {"column": "target_pct", "min_value": -1.0, "max_value": 10.0}),
        ("ExpectColumnValuesToBeInSet", {"column": "instrument", "value_set": list(INSTRUMENTS)}),
        ("ExpectColumnValuesToNotBeNull", {"column": "source_citation"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]



SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    parse=lambda content, payload: validation_frame(parse(content, payload.name)),
    suite=suite,
    fetch=fetch,
)

