"""e-Stat CPI (table 0003427113) as CSV: the API's ``getSimpleStatsData`` answer and its tidy re-export.

Both shapes carry one observation a line under a header that names each dimension by a
``<dim>_code`` column followed by the column with that code's label:

* ``getSimpleStatsData`` (what live mode asks for): an optional ``"RESULT"`` section
  (``"STATUS","0"`` when the call worked, else ``ERROR_MSG`` says why), a ``"VALUE"`` line, then
  ``"tab_code","表章項目","cat01_code",<label>,"area_code",<label>,"time_code",<label>,``
  ``"unit","value","annotation"``,
  every field quoted, UTF-8.
* the recorded tidy re-export:
  ``tab_code,tab_name,cat01_code,cat01_name,area_code,area_name,time_code,time_name,value,unit``.

So columns are found by their ``*_code``/``value`` names, never by position. ``time_code`` is
``YYYY00MMMM`` (``2026000808`` = 2026-08); ``cat01_name`` is ``"0001 総合"`` (code, space,
name). Rows come newest first. Anything that is not an index number for one of the five
declared series, all Japan, is rejected with its line and field.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.cpi.series import AREA_ALL_JAPAN, SERIES, TAB_INDEX
from ingest.text import UTF8_OR_CP932, payload_text

SOURCE = "cpi"
REQUIRED = ("tab_code", "cat01_code", "area_code", "time_code", "value")
_TIME_CODE = re.compile(r"^(\d{4})00(\d{2})(\d{2})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

SCHEMA = {
    "month": pl.Date,
    "series_code": pl.String,
    "series_name": pl.String,
    "series_name_en": pl.String,
    "index_2020": pl.Float64,
    "line_no": pl.Int32,
}


def _status_error(rows: list[list[str]], file: str) -> None:
    """The API answers errors as CSV too: ``"STATUS","<n>"`` then ``"ERROR_MSG","<why>"``."""
    fields = {r[0]: r[1:] for r in rows if r}
    status = (fields.get("STATUS") or ["0"])[0]
    if status != "0":
        message = (fields.get("ERROR_MSG") or [""])[0]
        raise ParseError(SOURCE, file, f"e-Stat answered STATUS {status}: {message}", expected='"STATUS","0"')


def _find_header(rows: list[list[str]], file: str) -> int:
    for i, row in enumerate(rows):
        if row and row[0] == "tab_code":
            return i
        if row and row[0] == "VALUE":
            if i + 1 < len(rows) and rows[i + 1] and rows[i + 1][0] == "tab_code":
                return i + 1
            break
    _status_error(rows, file)
    first = ",".join(rows[0])[:200] if rows else ""
    raise ParseError(SOURCE, file, "no header line", line=1, expected="a header starting with tab_code", got=first)


def _columns(header: list[str], file: str, line: int) -> dict[str, int]:
    where = {name: i for i, name in enumerate(header)}
    missing = [c for c in REQUIRED if c not in where]
    if missing or where["cat01_code"] + 1 >= len(header):
        raise ParseError(
            SOURCE,
            file,
            f"unexpected header (missing {', '.join(missing) or 'the label after cat01_code'})",
            line=line,
            expected="tab_code,…,cat01_code,<label>,area_code,…,time_code,…,value",
            got=",".join(header)[:200],
        )
    return where


def _month(text: str, file: str, line: int) -> date:
    m = _TIME_CODE.match(text)
    if not m or m.group(2) != m.group(3) or not 1 <= int(m.group(2)) <= 12:
        raise ParseError(
            SOURCE,
            file,
            "not a monthly time code",
            line=line,
            field="time_code",
            expected="YYYY00MMMM like 2026000808",
            got=text,
        )
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse(data: bytes, file: str) -> pl.DataFrame:
    """One CPI CSV → month, series_code, series_name, series_name_en, index_2020, line_no."""
    text, _ = payload_text(SOURCE, file, data, "CSV text (an e-Stat table)", UTF8_OR_CP932)
    rows = list(csv.reader(io.StringIO(text)))
    h = _find_header(rows, file)
    col = _columns(rows[h], file, h + 1)
    out: list[tuple[date, str, str, str, float, int]] = []
    seen: dict[tuple[date, str], int] = {}
    for i in range(h + 1, len(rows)):
        row, line = rows[i], i + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(rows[h]):
            raise ParseError(
                SOURCE,
                file,
                f"{len(row)} fields where the header has {len(rows[h])}",
                line=line,
                expected=",".join(rows[h]),
                got=",".join(row)[:200],
            )
        cell = {name: row[j].strip() for name, j in col.items()}
        if cell["tab_code"] != TAB_INDEX:
            raise ParseError(
                SOURCE,
                file,
                "not the index table",
                line=line,
                field="tab_code",
                expected=TAB_INDEX,
                got=cell["tab_code"],
            )
        if cell["area_code"] != AREA_ALL_JAPAN:
            raise ParseError(
                SOURCE,
                file,
                "not all Japan",
                line=line,
                field="area_code",
                expected=AREA_ALL_JAPAN,
                got=cell["area_code"],
            )
        series = SERIES.get(cell["cat01_code"])
        if series is None:
            raise ParseError(
                SOURCE,
                file,
                "unknown series",
                line=line,
                field="cat01_code",
                expected=", ".join(SERIES),
                got=cell["cat01_code"],
            )
        label = row[col["cat01_code"] + 1].strip()
        if label not in (f"{series.code} {series.name_ja}", series.name_ja):
            raise ParseError(
                SOURCE,
                file,
                "series renamed",
                line=line,
                field="cat01 label",
                expected=f"{series.code} {series.name_ja}",
                got=label,
            )
        if not _NUMBER.match(cell["value"]):
            raise ParseError(
                SOURCE,
                file,
                "not an index number",
                line=line,
                field="value",
                expected="a decimal number like 114.3",
                got=cell["value"],
            )
        month = _month(cell["time_code"], file, line)
        if (month, series.code) in seen:
            raise ParseError(
                SOURCE,
                file,
                f"duplicate observation (first on line {seen[month, series.code]})",
                line=line,
                field="time_code",
                expected="one value per series and month",
                got=f"{series.code} {cell['time_code']}",
            )
        seen[month, series.code] = line
        out.append((month, series.code, series.name_ja, series.name_en, float(cell["value"]), line))
    if not out:
        raise ParseError(SOURCE, file, "no observations after the header", line=h + 1, expected="data rows")
    return pl.DataFrame(out, schema=SCHEMA, orient="row")


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
