"""The reviewed debt-service figures (``reviewed/debt_service_figures.csv``), parsed strictly.

Every row is one published figure with its publication, https URL and the phrase that carries it;
``rounded_to`` says how precisely it was published (1 = exact 億円, 1000 = "x.x兆円"). A row that
names an unknown stage, item or unit, a number with commas or units, a non-ISO date or no source
is rejected with its line, so a typo in the review cannot reach the warehouse.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.text import payload_text

SOURCE = "mof_debt_service"

HEADER = [
    "fiscal_year",
    "stage",
    "item",
    "value",
    "unit",
    "rounded_to",
    "shock_pp",
    "basis_fiscal_year",
    "published",
    "source",
    "source_url",
    "evidence",
]
BUDGET_STAGES = ("request", "initial")  # budget lines; the other stages are MoF facts about the debt
BUDGET_ITEMS = {
    "debt_service_total": "100m_yen",
    "redemption": "100m_yen",
    "interest": "100m_yen",
    "assumed_rate": "pct",
}
# stage → the items it may carry, each with its unit.
ITEMS: dict[str, dict[str, str]] = {
    **{stage: BUDGET_ITEMS for stage in BUDGET_STAGES},
    "rate_shock_estimate": {"debt_service_increase": "100m_yen"},
    "stock_profile": {"avg_remaining_maturity": "years", "avg_coupon": "pct"},
}
YEN_PER_UNIT = 100_000_000
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _number(text: str, file: str, line: int, field: str, *, integer: bool = False) -> float:
    if not _NUMBER.match(text) or (integer and "." in text):
        raise ParseError(
            SOURCE,
            file,
            "not a number",
            line=line,
            field=field,
            expected="an integer" if integer else "a plain decimal number (no commas, no units)",
            got=text,
        )
    return float(text)


def _years(f: dict[str, str], file: str, line: int) -> tuple[int, int]:
    """(fiscal_year, basis_fiscal_year), both plausible fiscal years."""
    fy = int(_number(f["fiscal_year"], file, line, "fiscal_year", integer=True))
    basis = int(_number(f["basis_fiscal_year"], file, line, "basis_fiscal_year", integer=True))
    if not (1965 <= fy <= 2100 and 1965 <= basis <= 2100):
        raise ParseError(
            SOURCE,
            file,
            "fiscal year out of range",
            line=line,
            field="fiscal_year",
            expected="1965–2100",
            got=f"{fy} / {basis}",
        )
    return fy, basis


def _check_item(f: dict[str, str], file: str, line: int) -> None:
    """A known stage, an item of that stage, in the item's unit."""
    items = ITEMS.get(f["stage"])
    if items is None:
        raise ParseError(
            SOURCE, file, "unknown stage", line=line, field="stage", expected=" | ".join(ITEMS), got=f["stage"]
        )
    if f["item"] not in items:
        raise ParseError(
            SOURCE,
            file,
            f"unknown item for stage {f['stage']}",
            line=line,
            field="item",
            expected=" | ".join(items),
            got=f["item"],
        )
    if f["unit"] != items[f["item"]]:
        raise ParseError(
            SOURCE,
            file,
            f"wrong unit for {f['item']}",
            line=line,
            field="unit",
            expected=items[f["item"]],
            got=f["unit"],
        )


def _check_stage_rules(f: dict[str, str], fy: int, basis: int, file: str, line: int) -> None:
    """A shock only on rate-shock estimates; a budget row built on its own fiscal year."""
    is_shock = f["stage"] == "rate_shock_estimate"
    if is_shock != bool(f["shock_pp"]):
        raise ParseError(
            SOURCE,
            file,
            "shock_pp is set exactly on rate_shock_estimate rows",
            line=line,
            field="shock_pp",
            expected="a number" if is_shock else "empty",
            got=f["shock_pp"],
        )
    if f["stage"] in BUDGET_STAGES and basis != fy:
        raise ParseError(
            SOURCE,
            file,
            "a budget row's basis is its own fiscal year",
            line=line,
            field="basis_fiscal_year",
            expected=str(fy),
            got=str(basis),
        )


def _cited(f: dict[str, str], file: str, line: int) -> date | None:
    """The figure's publication date (or none); its source, https URL and evidence must all be there."""
    try:
        published = date.fromisoformat(f["published"]) if f["published"] else None
    except ValueError:
        raise ParseError(
            SOURCE,
            file,
            "not a date",
            line=line,
            field="published",
            expected="YYYY-MM-DD or empty",
            got=f["published"],
        ) from None
    if not f["source"] or not f["source_url"].startswith("https://") or not f["evidence"]:
        raise ParseError(
            SOURCE,
            file,
            "every figure needs its source, https URL and evidence",
            line=line,
            field="source_url",
            expected="source, https://…, evidence",
            got=f["source_url"],
        )
    return published


def _row(f: dict[str, str], file: str, line: int) -> dict[str, Any]:
    """One checked figure as a row."""
    fy, basis = _years(f, file, line)
    _check_item(f, file, line)
    _check_stage_rules(f, fy, basis, file, line)
    published = _cited(f, file, line)
    value = _number(f["value"], file, line, "value")
    return {
        "fiscal_year": fy,
        "stage": f["stage"],
        "item": f["item"],
        "shock_pp": _number(f["shock_pp"], file, line, "shock_pp") if f["shock_pp"] else 0.0,
        "basis_fiscal_year": basis,
        "value": value,
        "amount_jpy": round(value * YEN_PER_UNIT) if f["unit"] == "100m_yen" else None,
        "unit": f["unit"],
        "rounded_to": _number(f["rounded_to"], file, line, "rounded_to"),
        "published": published,
        "source": f["source"],
        "source_url": f["source_url"],
        "evidence": f["evidence"],
        "line_no": line,
    }


def parse(data: bytes, file: str) -> pl.DataFrame:
    """Parse the transcription strictly: fixed header, known stage/item/unit, plain numbers, ISO dates."""
    text, _ = payload_text(SOURCE, file, data, "CSV text with the header " + ",".join(HEADER))
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        raise ParseError(
            SOURCE, file, "unexpected header", line=1, expected=",".join(HEADER), got=",".join(header or [])
        )
    rows = []
    for line, rec in enumerate(reader, start=2):
        if not any(f.strip() for f in rec):
            continue
        if len(rec) != len(HEADER):
            raise ParseError(SOURCE, file, f"{len(rec)} fields", line=line, expected=f"{len(HEADER)} fields")
        rows.append(_row(dict(zip(HEADER, (x.strip() for x in rec), strict=True)), file, line))
    if not rows:
        raise ParseError(SOURCE, file, "no figures", expected="at least one data line")
    return pl.DataFrame(
        rows,
        schema_overrides={
            "fiscal_year": pl.Int16,
            "basis_fiscal_year": pl.Int16,
            "amount_jpy": pl.Int64,
            "published": pl.Date,
            "line_no": pl.Int32,
        },
    )


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
