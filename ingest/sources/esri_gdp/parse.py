"""ESRI quarterly GDP, nominal, seasonally adjusted annual rate (``gaku-mk<yy><q><n>.csv``).

The published layout (checked on the 2026 Q2 2nd preliminary estimate): Shift_JIS, CRLF, 33
columns. Line 1 ``名目季節調整系列`` … ``(単位:10億円)``; line 2 ``Nominal, Seasonally Adjusted
Series`` … ``(Billion Yen)``; lines 3–5 the Japanese header (a label sits on the line of its depth),
lines 6–7 the English one; then one line a quarter: ``1994/ 1- 3.`` for a year's first quarter,
``4- 6.``, ``7- 9.``, ``10-12.`` for the others (the year is not repeated). Amounts are billion yen,
quoted with thousands separators and a trailing space (``"521,932.3 "``), small ones unquoted
(``-417.7 ``). After the last quarter a ``＊年率で表示している。`` note ("shown at annual rates") and
blank lines. Anything else is rejected with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.esri_gdp.items import ITEMS
from ingest.text import UTF8_OR_CP932, payload_text

SOURCE = "esri_gdp"
WIDTH = 33
TITLE_JA, TITLE_EN = "名目季節調整系列", "Nominal, Seasonally Adjusted Series"
UNIT_JA, UNIT_EN = "(単位:10億円)", "(Billion Yen)"
JA_ROWS, EN_ROWS, FIRST_DATA = (2, 3, 4), (5, 6), 7
NOTE = "＊"
_QUARTER = re.compile(r"^(?:(\d{4})/)?\s*(\d{1,2})-\s*(\d{1,2})\.$")
_QUARTER_MONTHS = {(1, 3): 1, (4, 6): 2, (7, 9): 3, (10, 12): 4}
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")
_RELEASE = re.compile(r"gaku-mk(\d{2})(\d)(\d)\.csv$")
_ORDINAL = {"1": "1st", "2": "2nd"}
SCHEMA = {
    "quarter": pl.Date,
    "item_code": pl.String,
    "value_bn_jpy": pl.Float64,
    "item_name_ja": pl.String,
    "item_name_en": pl.String,
    "line_no": pl.Int32,
}


def release_label(url: str, file: str) -> str:
    """``…/gaku-mk2622.csv`` → ``2026Q2 2nd preliminary (gaku-mk2622)``: ESRI names each release's file."""
    m = _RELEASE.search(url)
    if not m or m.group(3) not in _ORDINAL or not 1 <= int(m.group(2)) <= 4:
        raise ParseError(
            SOURCE,
            file,
            "cannot tell the release from the file name",
            field="url",
            expected="…/gaku-mk<yy><quarter><1|2>.csv",
            got=url,
        )
    yy, q, n = m.groups()
    return f"20{yy}Q{q} {_ORDINAL[n]} preliminary (gaku-mk{yy}{q}{n})"


def _label(rows: list[list[str]], lines: tuple[int, ...], column: int) -> str:
    return "/".join(rows[r][column].strip() for r in lines if rows[r][column].strip())


def _check_layout(rows: list[list[str]], file: str) -> None:
    if len(rows) <= FIRST_DATA:
        raise ParseError(SOURCE, file, "too few lines for the header", line=len(rows), expected=f">{FIRST_DATA} lines")
    for i, row in enumerate(rows[:FIRST_DATA]):
        if len(row) != WIDTH:
            raise ParseError(
                SOURCE, file, "unexpected width", line=i + 1, expected=f"{WIDTH} fields", got=str(len(row))
            )
    for line, (title, unit) in enumerate(((TITLE_JA, UNIT_JA), (TITLE_EN, UNIT_EN))):
        if rows[line][0].strip() != title or unit not in (c.strip() for c in rows[line]):
            raise ParseError(
                SOURCE,
                file,
                "unexpected title or unit",
                line=line + 1,
                expected=f"{title} … {unit}",
                got=",".join(rows[line])[:200],
            )
    declared = {i.column: i for i in ITEMS}
    for col in range(1, WIDTH):
        item = declared.get(col)
        got_ja, got_en = _label(rows, JA_ROWS, col), _label(rows, EN_ROWS, col)
        want_ja, want_en = (item.label_ja, item.label_en) if item else ("", "")
        # a group label (財貨・サービス, 海外からの所得) is printed once, over its first column only
        if (got_ja, got_en) != (want_ja, want_en):
            raise ParseError(
                SOURCE,
                file,
                "header changed",
                line=JA_ROWS[0] + 1,
                field=f"column {col + 1}",
                expected=f"{want_ja!r} / {want_en!r}",
                got=f"{got_ja!r} / {got_en!r}",
            )


def _table_ends(rows: list[list[str]], i: int, file: str) -> bool:
    """Row ``i`` closes the table (a note or a blank row); nothing but notes and blanks may follow it."""
    row = rows[i]
    if not (row and row[0].strip().startswith(NOTE)) and any(c.strip() for c in row):
        return False
    if any(any(c.strip() for c in r) and not r[0].strip().startswith(NOTE) for r in rows[i + 1 :]):
        raise ParseError(SOURCE, file, "data after the closing note", line=i + 1, expected="the end of the table")
    return True


def _quarter(first: str, previous: tuple[int, int] | None, file: str, line: int) -> tuple[int, int]:
    """(year, quarter) of a row's label: a year starts each first quarter, and quarters follow one another."""
    m = _QUARTER.match(first)
    quarter = _QUARTER_MONTHS.get((int(m.group(2)), int(m.group(3)))) if m else None
    if m is None or quarter is None or (m.group(1) is None) == (quarter == 1):
        raise ParseError(
            SOURCE,
            file,
            "not a quarter label",
            line=line,
            field="column 1",
            expected="'1994/ 1- 3.' for a first quarter, '4- 6.', '7- 9.', '10-12.' after it",
            got=first,
        )
    if m.group(1):
        year = int(m.group(1))
    elif previous is None:
        raise ParseError(SOURCE, file, "quarter without a year", line=line, field="column 1", got=first)
    else:
        year = previous[0]
    if previous and (year, quarter) != ((previous[0], previous[1] + 1) if previous[1] < 4 else (previous[0] + 1, 1)):
        raise ParseError(
            SOURCE,
            file,
            "quarters not consecutive",
            line=line,
            field="column 1",
            expected=f"the quarter after {previous[0]}Q{previous[1]}",
            got=first,
        )
    return year, quarter


def _amounts(row: list[str], start: date, file: str, line: int) -> list[tuple[date, str, float, str, str, int]]:
    """One quarter's row: every declared item an amount, every other column blank."""
    if len(row) != WIDTH:
        raise ParseError(SOURCE, file, "unexpected width", line=line, expected=f"{WIDTH} fields", got=str(len(row)))
    declared = {it.column for it in ITEMS}
    stray = [c for c in range(1, WIDTH) if c not in declared and row[c].strip()]
    if stray:
        raise ParseError(
            SOURCE,
            file,
            "value in a blank column",
            line=line,
            field=f"column {stray[0] + 1}",
            expected="empty",
            got=row[stray[0]],
        )
    out = []
    for item in ITEMS:
        cell = row[item.column].strip()
        if not _AMOUNT.match(cell):
            raise ParseError(
                SOURCE,
                file,
                "not an amount",
                line=line,
                field=f"{item.label_en} (column {item.column + 1})",
                expected="billion yen like 521,932.3",
                got=row[item.column],
            )
        out.append((start, item.code, float(cell.replace(",", "")), item.label_ja, item.label_en, line))
    return out


def parse(data: bytes, file: str, release: str) -> pl.DataFrame:
    """One gaku-mk CSV → one row per quarter and item (billion yen, SAAR) plus its line number."""
    text, _ = payload_text(SOURCE, file, data, "CSV text (a gaku-mk table)", UTF8_OR_CP932)
    rows = list(csv.reader(io.StringIO(text)))
    _check_layout(rows, file)
    out: list[tuple[date, str, float, str, str, int]] = []
    previous: tuple[int, int] | None = None
    for i in range(FIRST_DATA, len(rows)):
        if _table_ends(rows, i, file):
            break
        year, quarter = previous = _quarter(rows[i][0].strip(), previous, file, i + 1)
        out.extend(_amounts(rows[i], date(year, 3 * quarter - 2, 1), file, i + 1))
    if not out:
        raise ParseError(SOURCE, file, "no quarters after the header", line=FIRST_DATA + 1, expected="'1994/ 1- 3.' …")
    return pl.DataFrame(out, schema=SCHEMA, orient="row").with_columns(release=pl.lit(release))


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name, release_label(payload.url, payload.name))
