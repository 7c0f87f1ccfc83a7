"""A third party's parse of MoF's JGB auction result pages (``kanryu_history.json``), read strictly.

The export (UTF-8, indented JSON) is ``{"auctions": {<MoF result URL>: <record>}, "months_done":
{"YYYY-MM": true}}``. A record holds ``bid`` (応募額) and ``accepted`` (募入決定額) in 億円,
``low_price`` (募入最低価格) and ``avg_price`` (募入平均価格) in yen per 100 yen of face value,
``high_yield`` (募入最高利回り) and ``avg_yield`` (募入平均利回り) in %, ``tenor`` (``"30年"``),
``series`` (the issue number), ``date``, ``name`` (``"30年利付国債 (第86回)"``, with or without the
space) and ``url`` (its key). Yield-based (Dutch) auctions, the 40-year ones, carry ``"dutch": true``
and null prices, their highest and average yields both the accepted yield. ``months_done`` is the
scraper's own bookkeeping (the months it has looked at): checked for shape, not loaded. Any other
field, a missing one, a wrong type, a URL that does not match its key or date, or a key given twice
(one page parsed twice) is rejected with the line of the record in the file.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, NoReturn

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.jgb_auctions.fetch import PARSED_BY, RESULT_PAGE
from ingest.text import payload_json

SOURCE = "jgb_auctions"
MATURITIES = {"20年": 20, "30年": 30, "40年": 40}
NUMBERS = ("bid", "accepted", "high_yield", "avg_yield")
PRICES = ("low_price", "avg_price")
FIELDS = {*NUMBERS, *PRICES, "tenor", "series", "date", "name", "url"}
_URL = re.compile(r"^https://www\.mof\.go\.jp/jgbs/auction/calendar/nyusatsu/resul(\d{8})\.htm$")
_NAME = re.compile(r"^(\d{2})年利付国債 ?\(第(\d+)回\)$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
SCHEMA = {
    "auction_date": pl.Date,
    "maturity_years": pl.Int16,
    "issue_number": pl.Int32,
    "issue_name": pl.String,
    "bid_100m_yen": pl.Float64,
    "accepted_100m_yen": pl.Float64,
    "low_price": pl.Float64,
    "avg_price": pl.Float64,
    "high_yield_pct": pl.Float64,
    "avg_yield_pct": pl.Float64,
    "method": pl.String,
    "result_url": pl.String,
    "parsed_by": pl.String,
}


class _Record:
    """One record and where it is in the file, so every complaint names its line and field."""

    def __init__(self, text: str, file: str, url: str, fields: Any) -> None:
        self.file, self.url = file, url
        self.line = text[: text.find(json.dumps(url, ensure_ascii=False) + ": {")].count("\n") + 1
        if not isinstance(fields, dict):
            self.fail("a record is not an object", "auctions", "an object", type(fields).__name__)
        self.fields: dict[str, Any] = fields

    def fail(self, message: str, field: str, expected: str, got: object) -> NoReturn:
        raise ParseError(SOURCE, self.file, message, line=self.line, field=field, expected=expected, got=str(got))

    def number(self, name: str) -> float:
        value = self.fields.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail("not a number", name, "a JSON number", value)
        return float(value)


def _load(data: bytes, file: str) -> tuple[str, dict[str, Any]]:
    doc, text = payload_json(SOURCE, file, data, "JSON (the auction export)")
    if not isinstance(doc, dict) or set(doc) != {"auctions", "months_done"} or not isinstance(doc["auctions"], dict):
        got = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        raise ParseError(
            SOURCE, file, "unexpected top level", line=1, expected='{"auctions", "months_done"}', got=str(got)
        )
    return text, doc


def _check_months_done(months: Any, file: str) -> None:
    if not isinstance(months, dict) or not all(_MONTH.match(k) and v is True for k, v in months.items()):
        raise ParseError(SOURCE, file, "months_done is not a map of YYYY-MM to true", field="months_done")


def _identity(rec: _Record) -> tuple[date, int, int, str]:
    """The record's date, maturity, issue number and name, each checked against the others and its URL."""
    f = rec.fields
    m = _URL.match(rec.url)
    if not m or f.get("url") != rec.url:
        rec.fail("the record's URL is not its MoF result page", "url", RESULT_PAGE, f.get("url"))
    try:
        day = date.fromisoformat(str(f.get("date")))
    except ValueError:
        rec.fail("not a date", "date", "YYYY-MM-DD", f.get("date"))
    if m and day.strftime("%Y%m%d") != m.group(1):
        rec.fail("date differs from the result page's", "date", m.group(1), f.get("date"))
    maturity = MATURITIES.get(str(f.get("tenor")))
    if maturity is None:
        rec.fail("unknown tenor", "tenor", " | ".join(MATURITIES), f.get("tenor"))
    series = f.get("series")
    if isinstance(series, bool) or not isinstance(series, int) or series < 1:
        rec.fail("not an issue number", "series", "a positive integer", series)
    name = _NAME.match(str(f.get("name")))
    if not name or (int(name.group(1)), int(name.group(2))) != (maturity, series):
        rec.fail("name disagrees with tenor or series", "name", f"{maturity}年利付国債 (第{series}回)", f.get("name"))
    return day, maturity, series, str(f["name"])


def _method(rec: _Record) -> str:
    """'yield' for a Dutch (yield-based) auction, which has no prices; 'price' otherwise, which must have both."""
    dutch = rec.fields.get("dutch", False)
    if not isinstance(dutch, bool):
        rec.fail("dutch is not a flag", "dutch", "true or absent", dutch)
    for name in PRICES:
        if dutch and rec.fields.get(name) is not None:
            rec.fail("a yield auction has a price", name, "null", rec.fields[name])
        if not dutch:
            rec.number(name)
    return "yield" if dutch else "price"


def _row(rec: _Record) -> dict[str, Any]:
    unknown = set(rec.fields) - FIELDS - {"dutch"}
    missing = FIELDS - set(rec.fields)
    if unknown or missing:
        rec.fail(
            "unexpected fields", ", ".join(sorted(unknown | missing)), ", ".join(sorted(FIELDS)), sorted(rec.fields)
        )
    day, maturity, series, name = _identity(rec)
    method = _method(rec)
    prices = {name: (None if method == "yield" else rec.number(name)) for name in PRICES}
    return {
        "auction_date": day,
        "maturity_years": maturity,
        "issue_number": series,
        "issue_name": name,
        "bid_100m_yen": rec.number("bid"),
        "accepted_100m_yen": rec.number("accepted"),
        "low_price": prices["low_price"],
        "avg_price": prices["avg_price"],
        "high_yield_pct": rec.number("high_yield"),
        "avg_yield_pct": rec.number("avg_yield"),
        "method": method,
        "result_url": rec.url,
        "parsed_by": PARSED_BY,
        "line_no": rec.line,
    }


def parse(data: bytes, file: str) -> pl.DataFrame:
    """The whole export → one row per auction (date, maturity), with the line of its record."""
    text, doc = _load(data, file)
    _check_months_done(doc["months_done"], file)
    rows: list[dict[str, Any]] = []
    for url, fields in doc["auctions"].items():
        # a record's key is its result page, which names its day: two records for one auction are a duplicate key
        rows.append(_row(_Record(text, file, url, fields)))
    if not rows:
        raise ParseError(SOURCE, file, "no auctions", field="auctions", expected="at least one record")
    return pl.DataFrame(rows, schema={**SCHEMA, "line_no": pl.Int32})


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
