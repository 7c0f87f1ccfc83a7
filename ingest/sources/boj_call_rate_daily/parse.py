"""The daily call-rate export: ``observation_date,BOJ_CALL_ON``, one row per calendar day, ``NA`` when none.

The layout is the exporter's, not the BoJ's (README.md beside this file): an ASCII header naming the
two columns, ISO dates, a decimal number (negative in 2016–2024) or ``NA`` on weekends and holidays,
LF line ends, a final line end. Anything else — another header, a cut last line, a byte that is not
ASCII/UTF-8, an HTML page, a value that is not a number, a date twice — is refused with its line.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from ingest.errors import ParseError
from ingest.text import payload_text

SOURCE = "boj_call_rate_daily"
HEADER = "observation_date,BOJ_CALL_ON"
MISSING = "NA"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SCHEMA = {"date": pl.Date, "call_rate_pct": pl.Float64, "line_no": pl.Int32}


def _date(text: str, file: str, line: int) -> date:
    m = _DATE.match(text)
    try:
        if m is None:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ParseError(
            SOURCE, file, "not a date", line=line, field="observation_date", expected="YYYY-MM-DD", got=text
        ) from None


def parse(data: bytes, file: str) -> pl.DataFrame:
    """Every line of the export → (date, call_rate_pct or null, line_no)."""
    text, _ = payload_text(SOURCE, file, data, f"CSV text with the header {HEADER}")
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        raise ParseError(
            SOURCE,
            file,
            "truncated: the last line has no line end",
            line=last,
            expected="a file ending in a line end",
            got=text.rsplit("\n", 1)[-1][:80],
        )
    lines = text.split("\n")[:-1]
    if lines[0].strip() != HEADER:
        raise ParseError(SOURCE, file, "unexpected header", line=1, expected=HEADER, got=lines[0][:200])
    dates: list[date] = []
    values: list[float | None] = []
    seen: dict[date, int] = {}
    for n, raw in enumerate(lines[1:], start=2):
        fields = raw.rstrip("\r").split(",")
        if len(fields) != 2:
            raise ParseError(SOURCE, file, "wrong number of fields", line=n, expected="2 (date, value)", got=raw[:80])
        day = _date(fields[0].strip(), file, n)
        if day in seen:
            raise ParseError(
                SOURCE,
                file,
                f"date appears twice (first on line {seen[day]})",
                line=n,
                field="observation_date",
                expected="one row per day",
                got=fields[0],
            )
        seen[day] = n
        cell = fields[1].strip()
        if cell != MISSING and not _NUMBER.match(cell):
            raise ParseError(
                SOURCE,
                file,
                "not a rate",
                line=n,
                field="BOJ_CALL_ON",
                expected=f"a decimal number or {MISSING!r}",
                got=cell,
            )
        dates.append(day)
        values.append(None if cell == MISSING else float(cell))
    return pl.DataFrame(
        {"date": dates, "call_rate_pct": values, "line_no": list(range(2, len(dates) + 2))}, schema=SCHEMA
    )
