"""Parsing getDataCode JSON answers into one long frame (README.md beside this file describes the API).

The JSON shape is the BoJ's: ``STATUS``/``MESSAGEID`` envelope,
``NEXTPOSITION`` for the next page, ``RESULTSET`` of series with parallel ``VALUES.SURVEY_DATES``
(integers) and ``VALUES.VALUES`` (numbers or null). English answers name fields ``NAME_OF_TIME_SERIES``,
``UNIT``; Japanese ones ``…_J``: both are read. ``M181030I`` ("completed, no data") is a success
with nothing in it. Any other ``STATUS`` is an error whose ``MESSAGEID`` is reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.sources.boj_rates.periods import PeriodError, period_start

OK_STATUS = 200
NO_DATA_ID = "M181030I"
RETRYABLE_STATUSES = (500, 503)

SCHEMA = {
    "db": pl.String,
    "series_code": pl.String,
    "series_name": pl.String,
    "unit": pl.String,
    "frequency": pl.String,
    "period_code": pl.Int64,
    "period_date": pl.Date,
    "value": pl.Float64,
    "position": pl.Int32,
}


@dataclass(frozen=True)
class Envelope:
    status: int
    message_id: str
    message: str
    db: str
    next_position: int | None

    @property
    def ok(self) -> bool:
        return self.status == OK_STATUS


def _load(source: str, file: str, content: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(source, file, f"undecodable byte at offset {exc.start}", expected="UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise ParseError(source, file, f"malformed JSON: {exc.msg}", line=exc.lineno, field=f"column {exc.colno}",
                         expected="a getDataCode JSON answer", got=content[max(0, exc.pos - 40):exc.pos + 40].decode("utf-8", "replace")) from None
    if not isinstance(doc, dict) or "STATUS" not in doc:
        raise ParseError(source, file, "no STATUS field", expected="a JSON object with STATUS, MESSAGEID, RESULTSET",
                         got=content[:120].decode("utf-8", "replace"))
    return doc


def envelope(source: str, file: str, content: bytes) -> Envelope:
    """The answer's status and paging, without reading its data."""
    doc = _load(source, file, content)
    nxt = doc.get("NEXTPOSITION")
    if nxt in ("", None):
        next_position = None
    else:
        try:
            next_position = int(nxt)
        except (TypeError, ValueError):
            raise ParseError(source, file, "bad NEXTPOSITION", field="NEXTPOSITION", expected="null or an integer", got=str(nxt)) from None
    try:
        status = int(doc["STATUS"])
    except (TypeError, ValueError):
        raise ParseError(source, file, "bad STATUS", field="STATUS", expected="an integer", got=str(doc["STATUS"])) from None
    param = doc.get("PARAMETER") or {}
    return Envelope(status, str(doc.get("MESSAGEID", "")), str(doc.get("MESSAGE", "")), str(param.get("DB", "")).upper(), next_position)


def parse_data_code(source: str, file: str, content: bytes, registry: dict[tuple[str, str], str] | None = None) -> pl.DataFrame:
    """One getDataCode page → rows (db, series, period code and date, value or null).

    ``registry`` maps (db, code) → the frequency the reviewed list expects; a mismatch is a parse
    error, because the period codes would otherwise be read with the wrong calendar.
    """
    doc = _load(source, file, content)
    env = envelope(source, file, content)
    if not env.ok:
        raise ParseError(source, file, f"BoJ error {env.message_id}: {env.message}", field="STATUS",
                         expected="STATUS 200", got=str(env.status))
    rows: list[dict[str, Any]] = []
    for i, entry in enumerate(doc.get("RESULTSET") or []):
        where = f"RESULTSET[{i}]"
        code = str(entry.get("SERIES_CODE", ""))
        freq = str(entry.get("FREQUENCY", "")).upper()
        db = env.db
        if registry is not None:
            want = registry.get((db, code))
            if want is None:
                raise ParseError(source, file, "series not in the reviewed list", field=f"{where}.SERIES_CODE",
                                 expected="a code listed in ingest/sources/boj_rates/series.yaml", got=f"{db}/{code}")
            if want != freq:
                raise ParseError(source, file, "frequency differs from the reviewed list", field=f"{where}.FREQUENCY",
                                 expected=want, got=freq)
        values = entry.get("VALUES") or {}
        dates, vals = values.get("SURVEY_DATES") or [], values.get("VALUES") or []
        if len(dates) != len(vals):
            raise ParseError(source, file, "SURVEY_DATES and VALUES differ in length", field=f"{where}.VALUES",
                             expected=f"{len(dates)} values", got=str(len(vals)))
        name = entry.get("NAME_OF_TIME_SERIES", entry.get("NAME_OF_TIME_SERIES_J", ""))
        unit = entry.get("UNIT", entry.get("UNIT_J", ""))
        for j, (d, v) in enumerate(zip(dates, vals)):
            if not isinstance(d, int) or isinstance(d, bool):
                raise ParseError(source, file, "period code is not an integer", field=f"{where}.VALUES.SURVEY_DATES[{j}]",
                                 expected="an integer like 20260817, 202607 or 202604", got=repr(d))
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise ParseError(source, file, "value is not a number", field=f"{where}.VALUES.VALUES[{j}]",
                                 expected="a number or null", got=repr(v))
            try:
                day = period_start(d, freq)
            except PeriodError as exc:
                raise ParseError(source, file, str(exc), field=f"{where}.VALUES.SURVEY_DATES[{j}]") from None
            rows.append({"db": db, "series_code": code, "series_name": str(name), "unit": str(unit), "frequency": freq,
                         "period_code": d, "period_date": day, "value": None if v is None else float(v), "position": len(rows)})
    return pl.DataFrame(rows, schema=SCHEMA)

