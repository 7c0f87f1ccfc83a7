"""MoF budget debt service (国債費): request (概算要求) and initial budget (当初予算) per fiscal year.

MoF's own budget workbooks (``policy/budget/reference/statistics/*.xlsx``) could not be seen
here, so this source is a **reviewed transcription** of published figures
(``recorded/mof_debt_service/debt_service_figures.csv``): every row names its publication, URL and
the phrase that carries the figure, and says how precisely it was published (``rounded_to``:
1 = exact 億円, 1000 = "x.x兆円"). It is the same in offline and live mode; when the MoF
workbook layout is available, a parser for it replaces ``fetch`` and keeps the output shape.

Besides budget lines it holds two kinds of MoF figures the debt marts compare against:
``rate_shock_estimate`` (後年度影響試算: added debt service if rates are +x pp) and
``stock_profile`` (average remaining maturity of general bonds), used to calibrate the
rollover profile in ``debt_service_sensitivity``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone

import polars as pl

from ingest.errors import ParseError
from ingest.fetch import Fetcher, FetchResult, Request
from ingest.landing import LandedPayload
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.settings import Settings
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

SOURCE = "mof_debt_service"
FILE = "debt_service_figures.csv"
URL = f"lw-reference:recorded/{SOURCE}/{FILE}"

HEADER = ["fiscal_year", "stage", "item", "value", "unit", "rounded_to", "shock_pp", "basis_fiscal_year",
          "published", "source", "source_url", "evidence"]
# stage → the items it may carry, each with its unit.
ITEMS: dict[str, dict[str, str]] = {
    "request": {"debt_service_total": "100m_yen", "redemption": "100m_yen", "interest": "100m_yen", "assumed_rate": "pct"},
    "initial": {"debt_service_total": "100m_yen", "redemption": "100m_yen", "interest": "100m_yen", "assumed_rate": "pct"},
    "rate_shock_estimate": {"debt_service_increase": "100m_yen"},
    "stock_profile": {"avg_remaining_maturity": "years", "avg_coupon": "pct"},
}
YEN_PER_UNIT = 100_000_000
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

RAW_TABLE = TableSpec(
    name="mof_debt_service",
    key={"fiscal_year": "SMALLINT", "stage": "VARCHAR", "item": "VARCHAR", "shock_pp": "DOUBLE", "basis_fiscal_year": "SMALLINT"},
    values={"value": "DOUBLE", "amount_jpy": "BIGINT"},
    extra={"unit": "VARCHAR", "rounded_to": "DOUBLE", "published": "DATE", "source": "VARCHAR",
           "source_url": "VARCHAR", "evidence": "VARCHAR"},
    description=(
        "MoF debt service (国債費) per fiscal year and budget stage, MoF's rate-shock estimates and "
        "general-bond stock facts: a reviewed transcription of published figures, each with its source."
    ),
)


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Reference data kept in the repository: read it, whatever the mode, and land it like a payload."""
    path = settings.recorded_dir / SOURCE / FILE
    request = Request(SOURCE, URL, kind="figures", ext="csv")
    yield FetchResult(request=request, content=path.read_bytes(), status=200,
                      fetched_at=datetime.now(timezone.utc), mode="reference", final_url=str(path))


def _number(text: str, file: str, line: int, field: str, *, integer: bool = False) -> float:
    if not _NUMBER.match(text) or (integer and "." in text):
        raise ParseError(SOURCE, file, "not a number", line=line, field=field,
                         expected="an integer" if integer else "a plain decimal number (no commas, no units)", got=text)
    return float(text)


def parse(data: bytes, file: str) -> pl.DataFrame:
    """Parse the transcription strictly: fixed header, known stage/item/unit, plain numbers, ISO dates."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(SOURCE, file, f"not UTF-8 at byte {exc.start}", expected="UTF-8 CSV") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        raise ParseError(SOURCE, file, "unexpected header", line=1, expected=",".join(HEADER), got=",".join(header or []))
    rows = []
    for line, rec in enumerate(reader, start=2):
        if not any(f.strip() for f in rec):
            continue
        if len(rec) != len(HEADER):
            raise ParseError(SOURCE, file, f"{len(rec)} fields", line=line, expected=f"{len(HEADER)} fields")
        f = dict(zip(HEADER, (x.strip() for x in rec)))
        fy = int(_number(f["fiscal_year"], file, line, "fiscal_year", integer=True))
        basis = int(_number(f["basis_fiscal_year"], file, line, "basis_fiscal_year", integer=True))
        if not (1965 <= fy <= 2100 and 1965 <= basis <= 2100):
            raise ParseError(SOURCE, file, "fiscal year out of range", line=line, field="fiscal_year",
                             expected="1965–2100", got=f"{fy} / {basis}")
        items = ITEMS.get(f["stage"])
        if items is None:
            raise ParseError(SOURCE, file, "unknown stage", line=line, field="stage", expected=" | ".join(ITEMS), got=f["stage"])
        if f["item"] not in items:
            raise ParseError(SOURCE, file, f"unknown item for stage {f['stage']}", line=line, field="item",
                             expected=" | ".join(items), got=f["item"])
        if f["unit"] != items[f["item"]]:
            raise ParseError(SOURCE, file, f"wrong unit for {f['item']}", line=line, field="unit",
                             expected=items[f["item"]], got=f["unit"])
        is_shock = f["stage"] == "rate_shock_estimate"
        if is_shock != bool(f["shock_pp"]):
            raise ParseError(SOURCE, file, "shock_pp is set exactly on rate_shock_estimate rows", line=line,
                             field="shock_pp", expected="a number" if is_shock else "empty", got=f["shock_pp"])
        if f["stage"] in ("request", "initial") and basis != fy:
            raise ParseError(SOURCE, file, "a budget row's basis is its own fiscal year", line=line,
                             field="basis_fiscal_year", expected=str(fy), got=str(basis))
        try:
            published = date.fromisoformat(f["published"]) if f["published"] else None
        except ValueError:
            raise ParseError(SOURCE, file, "not a date", line=line, field="published",
                             expected="YYYY-MM-DD or empty", got=f["published"]) from None
        if not f["source"] or not f["source_url"].startswith("https://") or not f["evidence"]:
            raise ParseError(SOURCE, file, "every figure needs its source, https URL and evidence", line=line,
                             field="source_url", expected="source, https://…, evidence", got=f["source_url"])
        value = _number(f["value"], file, line, "value")
        rows.append({
            "fiscal_year": fy, "stage": f["stage"], "item": f["item"],
            "shock_pp": _number(f["shock_pp"], file, line, "shock_pp") if is_shock else 0.0,
            "basis_fiscal_year": basis, "value": value,
            "amount_jpy": round(value * YEN_PER_UNIT) if f["unit"] == "100m_yen" else None,
            "unit": f["unit"], "rounded_to": _number(f["rounded_to"], file, line, "rounded_to"),
            "published": published, "source": f["source"], "source_url": f["source_url"],
            "evidence": f["evidence"], "line_no": line,
        })
    if not rows:
        raise ParseError(SOURCE, file, "no figures", expected="at least one data line")
    return pl.DataFrame(rows, schema_overrides={"fiscal_year": pl.Int16, "basis_fiscal_year": pl.Int16,
                                                "amount_jpy": pl.Int64, "published": pl.Date, "line_no": pl.Int32})


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Per (year, stage): how far redemption + interest are above the published total (must not be).

    国債費 also holds small items (事務取扱費 etc.), so parts may fall short of the total but,
    allowing for the rounding of each figure, never exceed it.
    """
    budget = frame.filter(pl.col("stage").is_in(["request", "initial"]))
    wide = budget.group_by("fiscal_year", "stage").agg(
        total=pl.col("value").filter(pl.col("item") == "debt_service_total").first(),
        parts=pl.col("value").filter(pl.col("item").is_in(["redemption", "interest"])).sum(),
        slack=pl.col("rounded_to").filter(pl.col("item").is_in(["redemption", "interest", "debt_service_total"])).sum(),
    )
    excess = wide.select("fiscal_year", "stage",
                         parts_excess=pl.when(pl.col("total").is_not_null()).then(pl.col("parts") - pl.col("total") - pl.col("slack")).otherwise(-1.0))
    return frame.join(excess, on=["fiscal_year", "stage"], how="left").with_columns(pl.col("parts_excess").fill_null(-1.0))


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Amounts non-negative, rates and maturities plausible, one row per key, parts within the
    total, and never fewer figures than the last good load."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": list(RAW_TABLE.key)}),
        ("ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0}),
        ("ExpectColumnValuesToBeBetween", {"column": "value", "max_value": 20.0, "row_condition": 'unit=="pct"',
                                           "condition_parser": "pandas"}),
        ("ExpectColumnValuesToBeBetween", {"column": "value", "max_value": 40.0, "row_condition": 'unit=="years"',
                                           "condition_parser": "pandas"}),
        ("ExpectColumnValuesToBeBetween", {"column": "parts_excess", "max_value": 0}),
        ("ExpectColumnValuesToBeBetween", {"column": "rounded_to", "min_value": 0, "strict_min": True}),
        ("ExpectColumnValuesToNotBeNull", {"column": "source_url"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]



def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return validation_frame(parse(content, payload.name))


SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    parse=parse_payload,
    suite=suite,
    fetch=fetch,
)
