"""DefiLlama total circulating supply per stablecoin and day, from either representation.

``api_json`` — the answer of ``GET /stablecoin/{id}``: an object whose ``tokens`` list holds one
point a day, ``{"date": <epoch seconds, 00:00 UTC>, "circulating": {"peggedUSD": <tokens>}, …}``
(DefiLlama's Python SDK types it ``StablecoinDetails.tokens: List[StablecoinSupplyPoint]``).

``export_csv`` — a third party's export of that answer: ``date,supply,supply_change`` with ISO
dates, ``supply`` = ``circulating.peggedUSD`` and ``supply_change`` its day-on-day difference
(empty on the first row), UTF-8, LF, ending with a newline.

Either way every fault is a ``ParseError`` naming the file, the line (or JSON path) and the field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.defillama_stablecoins.fetch import API_JSON, EXPORT_CSV, SOURCE, STABLECOINS, token_of
from ingest.text import payload_json, payload_text

CSV_HEADER = "date,supply,supply_change"
SCHEMA = pl.Schema(
    {
        "token": pl.String(),
        "date": pl.Date(),
        "supply": pl.Float64(),
        "defillama_id": pl.Int32(),
        "representation": pl.String(),
        "line_no": pl.Int32(),
    }
)


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    token = token_of(payload.url)
    if token is None:
        raise ParseError(
            SOURCE,
            payload.name,
            "URL names no stablecoin we track",
            field="url",
            expected=f"…/stablecoin/<one of {sorted(STABLECOINS.values())}>",
            got=payload.url,
        )
    if payload.kind == API_JSON:
        return parse_api_json(content, payload.name, token)
    if payload.kind == EXPORT_CSV:
        return parse_export_csv(content, payload.name, token)
    raise ParseError(
        SOURCE, payload.name, "unknown payload kind", expected=f"{API_JSON} or {EXPORT_CSV}", got=payload.kind
    )


def _frame(token: str, rows: list[tuple[date, float, int]], representation: str) -> pl.DataFrame:
    dates, supplies, lines = zip(*rows, strict=True) if rows else ((), (), ())
    return pl.DataFrame(
        {
            "token": [token] * len(rows),
            "date": list(dates),
            "supply": list(supplies),
            "defillama_id": [STABLECOINS[token]] * len(rows),
            "representation": [representation] * len(rows),
            "line_no": list(lines),
        },
        schema=SCHEMA,
    )


def _check_order(
    file: str,
    day: date,
    seen: dict[date, str],
    previous: date | None,
    *,
    where: str,
    line: int | None = None,
    field: str = "date",
) -> None:
    """Dates strictly increase: a repeated day is a duplicate key, an earlier one is out of order."""
    if day in seen:
        raise ParseError(
            SOURCE,
            file,
            f"duplicate date (first at {seen[day]})",
            line=line,
            field=field,
            expected="one row per day",
            got=day.isoformat(),
        )
    if previous is not None and day < previous:
        raise ParseError(
            SOURCE,
            file,
            "date out of order",
            line=line,
            field=field,
            expected=f"a day after {previous.isoformat()}",
            got=day.isoformat(),
        )
    seen[day] = where


def parse_export_csv(content: bytes, file: str, token: str) -> pl.DataFrame:
    """The third-party CSV export; checks every cell, the day order and the stated day-on-day change."""
    text, _ = payload_text(SOURCE, file, content, f"CSV text with the header {CSV_HEADER} (the export is ASCII)")
    lines = text.split("\n")
    if lines[0].rstrip("\r") != CSV_HEADER:
        raise ParseError(
            SOURCE, file, "unexpected header", line=1, field="header", expected=CSV_HEADER, got=lines[0][:120]
        )
    if lines[-1] != "":
        raise ParseError(
            SOURCE,
            file,
            "truncated: the last line does not end with a newline",
            line=len(lines),
            expected="a complete row ending in a newline",
            got=lines[-1][:80],
        )
    rows: list[tuple[date, float, int]] = []
    seen: dict[date, str] = {}
    for line_no, line in enumerate(lines[1:-1], start=2):
        cells = line.rstrip("\r").split(",")
        if len(cells) != 3:
            raise ParseError(
                SOURCE, file, f"{len(cells)} fields", line=line_no, expected=f"3 fields ({CSV_HEADER})", got=line[:80]
            )
        day = _csv_date(file, line_no, cells[0])
        supply = _csv_number(file, line_no, "supply", cells[1])
        _check_order(file, day, seen, rows[-1][0] if rows else None, where=f"line {line_no}", line=line_no)
        _check_change(file, line_no, cells[2], supply, rows[-1][1] if rows else None)
        rows.append((day, supply, line_no))
    if not rows:
        raise ParseError(SOURCE, file, "no data rows after the header", line=2, expected="one row per day")
    return _frame(token, rows, EXPORT_CSV)


def _csv_date(file: str, line_no: int, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ParseError(
            SOURCE, file, "not a date", line=line_no, field="date", expected="YYYY-MM-DD", got=text
        ) from exc


def _csv_number(file: str, line_no: int, field: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise ParseError(
            SOURCE, file, "not a number", line=line_no, field=field, expected="a decimal number", got=text
        ) from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise ParseError(
            SOURCE, file, "not a finite number", line=line_no, field=field, expected="a decimal number", got=text
        )
    return value


def _check_change(file: str, line_no: int, text: str, supply: float, previous: float | None) -> None:
    """supply_change must be this row's supply minus the previous row's: a dropped or edited row shows here."""
    if previous is None:
        if text != "":
            raise ParseError(
                SOURCE,
                file,
                "first row carries a change",
                line=line_no,
                field="supply_change",
                expected="empty on the first row",
                got=text,
            )
        return
    change = _csv_number(file, line_no, "supply_change", text)
    if abs(change - (supply - previous)) > 1e-6 * max(1.0, abs(supply)):
        raise ParseError(
            SOURCE,
            file,
            "change does not match the previous row (a row missing or edited?)",
            line=line_no,
            field="supply_change",
            expected=repr(supply - previous),
            got=text,
        )


def parse_api_json(content: bytes, file: str, token: str) -> pl.DataFrame:
    """DefiLlama's ``/stablecoin/{id}`` answer: the ``tokens`` list of daily points."""
    doc, _ = payload_json(SOURCE, file, content, "JSON (DefiLlama's /stablecoin/{id} object)")
    if not isinstance(doc, dict) or not isinstance(doc.get("tokens"), list):
        got = sorted(doc)[:12] if isinstance(doc, dict) else type(doc).__name__
        raise ParseError(
            SOURCE,
            file,
            "no 'tokens' list",
            field="tokens",
            expected="an object with tokens: [{date, circulating: {peggedUSD}}]",
            got=str(got),
        )
    if doc.get("symbol") not in (None, token):
        raise ParseError(
            SOURCE,
            file,
            "answer is about another stablecoin",
            field="symbol",
            expected=token,
            got=str(doc.get("symbol")),
        )
    rows: list[tuple[date, float, int]] = []
    seen: dict[date, str] = {}
    for i, point in enumerate(doc["tokens"]):
        where = f"tokens[{i}]"
        day = _json_date(file, where, point)
        supply = _json_supply(file, where, point)
        _check_order(file, day, seen, rows[-1][0] if rows else None, where=where, field=f"{where}.date")
        rows.append((day, supply, i))
    if not rows:
        raise ParseError(SOURCE, file, "empty 'tokens' list", field="tokens", expected="one point per day")
    return _frame(token, rows, API_JSON)


def _json_date(file: str, where: str, point: Any) -> date:
    raw = point.get("date") if isinstance(point, dict) else None
    try:
        return datetime.fromtimestamp(int(raw), UTC).date()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as exc:
        raise ParseError(
            SOURCE, file, "not a timestamp", field=f"{where}.date", expected="epoch seconds", got=repr(raw)
        ) from exc


def _json_supply(file: str, where: str, point: dict[str, Any]) -> float:
    raw = (point.get("circulating") or {}).get("peggedUSD") if isinstance(point.get("circulating"), dict) else None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ParseError(
            SOURCE,
            file,
            "not a number",
            field=f"{where}.circulating.peggedUSD",
            expected="a number of tokens",
            got=repr(raw),
        )
    return float(raw)
