"""Parsing getDataCode JSON answers into one long frame (README.md beside this file describes the API).

The JSON shape is the BoJ's: a ``STATUS``/``MESSAGEID`` envelope, ``NEXTPOSITION`` for the next page,
and a ``RESULTSET`` of series with parallel ``VALUES.SURVEY_DATES`` (integers) and ``VALUES.VALUES``
(numbers or null). English answers name their text fields ``NAME_OF_TIME_SERIES``, ``UNIT``; Japanese
ones ``…_J``: both are read. ``M181030I`` ("completed, no data") is a success with nothing in it; any
other ``STATUS`` is an error whose ``MESSAGEID`` is reported. A fault names the file, the line of the
answer it is on (answers are pretty-printed or on one line; each list sits on one line) and the JSON path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.sources.boj_rates.periods import PeriodError, period_start
from ingest.text import line_of_key, payload_json

OK_STATUS = 200
RETRYABLE_STATUSES = (500, 503)
ANSWER = "a getDataCode JSON answer"

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


class _Lines:
    """Line numbers of JSON members in the answer's text, for error messages."""

    def __init__(self, text: str) -> None:
        self.text = text

    def of(self, key: str, nth: int = 0) -> int | None:
        return line_of_key(self.text, key, nth)


def _load(source: str, file: str, content: bytes) -> tuple[dict[str, Any], _Lines]:
    doc, text = payload_json(source, file, content, f"JSON ({ANSWER})")
    lines = _Lines(text)
    if not isinstance(doc, dict) or "STATUS" not in doc:
        raise ParseError(
            source,
            file,
            "no STATUS field",
            line=1,
            expected="a JSON object with STATUS, MESSAGEID, RESULTSET",
            got=text[:120],
        )
    return doc, lines


def _envelope(source: str, file: str, doc: dict[str, Any], lines: _Lines) -> Envelope:
    nxt = doc.get("NEXTPOSITION")
    next_position = None
    if nxt not in ("", None):
        try:
            next_position = int(str(nxt))
        except (TypeError, ValueError):
            raise ParseError(
                source,
                file,
                "bad NEXTPOSITION",
                line=lines.of("NEXTPOSITION"),
                field="NEXTPOSITION",
                expected="null or an integer",
                got=str(nxt),
            ) from None
    try:
        status = int(doc["STATUS"])
    except (TypeError, ValueError):
        raise ParseError(
            source,
            file,
            "bad STATUS",
            line=lines.of("STATUS"),
            field="STATUS",
            expected="an integer",
            got=str(doc["STATUS"]),
        ) from None
    param = doc.get("PARAMETER") or {}
    return Envelope(
        status,
        str(doc.get("MESSAGEID", "")),
        str(doc.get("MESSAGE", "")),
        str(param.get("DB", "")).upper(),
        next_position,
    )


def envelope(source: str, file: str, content: bytes) -> Envelope:
    """The answer's status and paging, without reading its data."""
    doc, lines = _load(source, file, content)
    return _envelope(source, file, doc, lines)


def _member(source: str, file: str, obj: Any, key: str, kind: type, where: str, line: int | None) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind):
        raise ParseError(
            source,
            file,
            f"missing or malformed {key}",
            line=line,
            field=f"{where}.{key}" if where else key,
            expected=f"a JSON {'list' if kind is list else 'object' if kind is dict else 'string'}",
            got=repr(value)[:80],
        )
    return value


def parse_data_code(
    source: str, file: str, content: bytes, registry: dict[tuple[str, str], str] | None = None
) -> pl.DataFrame:
    """One getDataCode page → rows (db, series, period code and date, value or null).

    ``registry`` maps (db, code) → the frequency the reviewed list expects; a mismatch is a parse
    error, because the period codes would otherwise be read with the wrong calendar.
    """
    doc, lines = _load(source, file, content)
    env = _envelope(source, file, doc, lines)
    if not env.ok:
        raise ParseError(
            source,
            file,
            f"BoJ error {env.message_id}: {env.message}",
            line=lines.of("STATUS"),
            field="STATUS",
            expected="STATUS 200",
            got=str(env.status),
        )
    rows: list[dict[str, Any]] = []
    resultset = _member(source, file, doc, "RESULTSET", list, "", lines.of("RESULTSET"))
    for i, entry in enumerate(resultset):
        rows.extend(_series_rows(source, file, entry, i, env.db, lines, registry, len(rows)))
    return pl.DataFrame(rows, schema=SCHEMA)


def _series_rows(
    source: str,
    file: str,
    entry: Any,
    i: int,
    db: str,
    lines: _Lines,
    registry: dict[tuple[str, str], str] | None,
    offset: int,
) -> list[dict[str, Any]]:
    where = f"RESULTSET[{i}]"
    code = _member(source, file, entry, "SERIES_CODE", str, where, lines.of("SERIES_CODE", i))
    freq = _member(source, file, entry, "FREQUENCY", str, where, lines.of("FREQUENCY", i)).upper()
    if registry is not None:
        want = registry.get((db, code))
        if want is None:
            raise ParseError(
                source,
                file,
                "series not in the reviewed list",
                line=lines.of("SERIES_CODE", i),
                field=f"{where}.SERIES_CODE",
                expected="a code listed in ingest/sources/boj_rates/series.yaml",
                got=f"{db}/{code}",
            )
        if want != freq:
            raise ParseError(
                source,
                file,
                "frequency differs from the reviewed list",
                line=lines.of("FREQUENCY", i),
                field=f"{where}.FREQUENCY",
                expected=want,
                got=freq,
            )
    values = _member(source, file, entry, "VALUES", dict, where, lines.of("SERIES_CODE", i))
    # each entry has "VALUES" twice: the object, then its list; a missing list is reported at its object
    object_line = lines.of("VALUES", 2 * i)
    dates_line = lines.of("SURVEY_DATES", i) or object_line
    values_line = lines.of("VALUES", 2 * i + 1) or object_line
    dates = _member(source, file, values, "SURVEY_DATES", list, f"{where}.VALUES", dates_line)
    vals = _member(source, file, values, "VALUES", list, f"{where}.VALUES", values_line)
    if len(dates) != len(vals):
        raise ParseError(
            source,
            file,
            "SURVEY_DATES and VALUES differ in length",
            line=values_line,
            field=f"{where}.VALUES.VALUES",
            expected=f"{len(dates)} values",
            got=str(len(vals)),
        )
    name = entry.get("NAME_OF_TIME_SERIES", entry.get("NAME_OF_TIME_SERIES_J", ""))
    unit = entry.get("UNIT", entry.get("UNIT_J", ""))
    rows: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for j, (d, v) in enumerate(zip(dates, vals, strict=True)):
        field = f"{where}.VALUES.SURVEY_DATES[{j}]"
        if not isinstance(d, int) or isinstance(d, bool):
            raise ParseError(
                source,
                file,
                "period code is not an integer",
                line=dates_line,
                field=field,
                expected="an integer like 20260817, 202607 or 202604",
                got=repr(d),
            )
        if d in seen:
            raise ParseError(
                source,
                file,
                f"period {d} appears twice (first at SURVEY_DATES[{seen[d]}])",
                line=dates_line,
                field=field,
                expected="each period once",
            )
        seen[d] = j
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise ParseError(
                source,
                file,
                "value is not a number",
                line=values_line,
                field=f"{where}.VALUES.VALUES[{j}]",
                expected="a number or null",
                got=repr(v),
            )
        try:
            day = period_start(d, freq)
        except PeriodError as exc:
            raise ParseError(source, file, str(exc), line=dates_line, field=field) from None
        rows.append(
            {
                "db": db,
                "series_code": code,
                "series_name": str(name),
                "unit": str(unit),
                "frequency": freq,
                "period_code": d,
                "period_date": day,
                "value": None if v is None else float(v),
                "position": offset + len(rows),
            }
        )
    return rows
