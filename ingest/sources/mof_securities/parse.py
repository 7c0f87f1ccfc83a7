"""MoF ``montha1.csv``, International Transactions in Securities (monthly), read whole and strictly.

The published layout (checked on the file of September 8, 2026): cp932 (Shift_JIS with its NEC
extensions: the notes hold ①②③), CRLF, 27 fields on every line. Lines 1–11 are the bilingual header
(``layout.HEADER``, checked cell by cell). Then one line a month from 2005-01: column 1 holds the year
on a year's January line and an era label such as ``(平成17年)`` or ``(令和元年)`` on some later lines
(only annotations, checked against the year), column 2 the month in Japanese with full-width digits
(``１月`` … ``９月``, ``10月`` …), column 3 in English; the 24 amounts are 100 million yen, integers,
quoted with thousands separators (``"46,173"``) when they have them, ``+`` = net acquisition. The
current year's months not yet published are lines with blank amounts (only after the last published
month). Then calendar-year totals (``2005年(1月～12月）  2005CY``) and fiscal-year totals
(``2005年4月～2006年3月  2005FY``): not loaded, but each must equal the sum of its months within
rounding. A blank line and notes end the file. Anything else is refused with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.mof_securities.layout import (
    COLUMNS,
    FIRST_DATA_LINE,
    HEADER,
    UPDATED_COLUMN,
    UPDATED_PREFIX,
    WIDTH,
    label,
)
from ingest.text import UTF8_OR_CP932, payload_text

SOURCE = "mof_securities"
MONTHS_JA = tuple(f"{'１２３４５６７８９'[m - 1]}月" if m < 10 else f"{m}月" for m in range(1, 13))
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ERA_BASE = {"平成": 1988, "令和": 2018}
_ERA = re.compile(r"^\((平成|令和)(元|\d{1,2})年\)\u3000?$")
_CY = re.compile(r"^(\d{4})年\(1月～12月）\s+(\d{4})CY$")
_FY = re.compile(r"^(\d{4})年4月～(\d{4})年3月\s+(\d{4})FY$")
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*$")
# Each month and each total is rounded to 1 億円: twelve months and their total differ by at most 6.5.
YEAR_TOLERANCE = 6.5
SCHEMA = {
    "month": pl.Date,
    "direction": pl.String,
    "instrument": pl.String,
    "measure": pl.String,
    "value_100m_yen": pl.Float64,
    "line_no": pl.Int32,
}


@dataclass(frozen=True)
class _Total:
    """A calendar- or fiscal-year totals line: its months and its amounts by column."""

    line: int
    name: str
    months: tuple[date, ...]
    amounts: dict[int, float]


def _check_header(rows: list[list[str]], file: str) -> None:
    if len(rows) < FIRST_DATA_LINE:
        raise ParseError(SOURCE, file, "too few lines for the header", line=len(rows), expected="11 header lines")
    for line, cells in HEADER.items():
        for col in range(WIDTH):
            got = rows[line - 1][col]
            if line in UPDATED_PREFIX and col == UPDATED_COLUMN:
                ok = got.startswith(UPDATED_PREFIX[line])
                want = f"{UPDATED_PREFIX[line]} …"
            else:
                want = cells.get(col, "")
                ok = got == want
            if not ok:
                raise ParseError(
                    SOURCE, file, "header changed", line=line, field=f"column {col + 1}", expected=repr(want), got=got
                )


def _amounts(row: list[str], file: str, line: int) -> dict[int, float] | None:
    """The 24 amounts of a line, or None when all are blank (a month not yet published)."""
    cells = {col: row[col].strip() for col in COLUMNS}
    if not any(cells.values()):
        return None
    out: dict[int, float] = {}
    for col, text in cells.items():
        if not _AMOUNT.match(text):
            raise ParseError(
                SOURCE,
                file,
                "not an amount",
                line=line,
                field=label(col),
                expected="100 million yen like 46,173",
                got=text,
            )
        out[col] = float(text.replace(",", ""))
    return out


def _check_year_label(text: str, year: int, file: str, line: int) -> None:
    m = _ERA.match(text)
    era_year = ERA_BASE[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2))) if m else None
    if era_year != year:
        raise ParseError(
            SOURCE,
            file,
            "not an era label of the year",
            line=line,
            field="column 1",
            expected=f"({year} in 平成/令和)",
            got=text,
        )


class _Months:
    """The monthly lines in order: each month follows the previous one, blank months only at the end."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.amounts: dict[date, dict[int, float]] = {}
        self.lines: dict[date, int] = {}
        self.previous: date | None = None
        self.blank_from: int | None = None

    def fail(self, message: str, line: int, field: str, expected: str, got: str) -> NoReturn:
        raise ParseError(SOURCE, self.file, message, line=line, field=field, expected=expected, got=got)

    def month(self, row: list[str], line: int) -> date:
        first = row[0].strip()
        if row[1] not in MONTHS_JA or row[2] != MONTHS_EN[MONTHS_JA.index(row[1])]:
            self.fail("not a month", line, "columns 2–3", "１月,Jan … 12月,Dec", f"{row[1]},{row[2]}")
        number = MONTHS_JA.index(row[1]) + 1
        if number == 1 and re.fullmatch(r"\d{4}", first):
            month = date(int(first), 1, 1)
        elif self.previous is None:
            self.fail("the first month has no year", line, "column 1", "a year like 2005 on a January line", first)
        else:
            month = date(self.previous.year, number, 1)
            if first:
                _check_year_label(row[0], month.year, self.file, line)
        if month in self.lines:
            self.fail(
                f"month repeated (first on line {self.lines[month]})",
                line,
                "columns 2–3",
                "each month once",
                str(month),
            )
        expected = _next(self.previous) if self.previous else month
        if month != expected:
            self.fail("months not consecutive", line, "columns 1–3", f"{expected:%Y-%m}", f"{month:%Y-%m}")
        return month

    def add(self, row: list[str], line: int) -> None:
        month = self.month(row, line)
        self.previous, self.lines[month] = month, line
        amounts = _amounts(row, self.file, line)
        if amounts is None:
            self.blank_from = self.blank_from or line
        elif self.blank_from is not None:
            self.fail(
                f"a published month after a blank one (line {self.blank_from})", line, "column 4", "blank", row[3]
            )
        else:
            self.amounts[month] = amounts


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _total(row: list[str], file: str, line: int) -> _Total | None:
    """A CY or FY totals line (its twelve months), or None when the line is not one."""
    text = row[0].strip()
    cy, fy = _CY.match(text), _FY.match(text)
    if cy and cy.group(1) == cy.group(2):
        first = date(int(cy.group(1)), 1, 1)
    elif fy and int(fy.group(2)) == int(fy.group(1)) + 1 and fy.group(1) == fy.group(3):
        first = date(int(fy.group(1)), 4, 1)
    else:
        return None
    months = [first]
    while len(months) < 12:
        months.append(_next(months[-1]))
    amounts = _amounts(row, file, line)
    if amounts is None or row[1] or row[2]:
        raise ParseError(
            SOURCE, file, "a totals line without amounts", line=line, field="column 4", expected="24 amounts"
        )
    return _Total(line, text, tuple(months), amounts)


def _check_total(total: _Total, months: _Months, file: str) -> None:
    missing = [m for m in total.months if m not in months.amounts]
    if missing:
        raise ParseError(
            SOURCE,
            file,
            f"a total for months not published ({missing[0]:%Y-%m})",
            line=total.line,
            field="column 1",
            got=total.name,
        )
    for col, value in total.amounts.items():
        summed = sum(months.amounts[m][col] for m in total.months)
        if abs(summed - value) > YEAR_TOLERANCE:
            raise ParseError(
                SOURCE,
                file,
                f"{total.name} is not the sum of its months",
                line=total.line,
                field=label(col),
                expected=f"{summed:,.0f} ± {YEAR_TOLERANCE}",
                got=f"{value:,.0f}",
            )


def _rows(rows: list[list[str]], file: str) -> tuple[_Months, list[_Total], str]:
    """Months, then totals, then notes (lines with nothing after column 2): anything else is refused."""
    months, totals, section = _Months(file), [], "months"
    for i in range(FIRST_DATA_LINE - 1, len(rows)):
        row, line = rows[i], i + 1
        if not row:
            continue
        if len(row) != WIDTH:
            raise ParseError(SOURCE, file, "unexpected width", line=line, expected=f"{WIDTH} fields", got=str(len(row)))
        total = _total(row, file, line)
        if section == "months" and total is None and (row[1] or row[2]):
            months.add(row, line)
            continue
        section = "totals" if section == "months" else section
        if section == "totals" and total is not None:
            totals.append(total)
            continue
        if total is not None or any(c.strip() for c in row[2:]):
            raise ParseError(
                SOURCE, file, "a line after the totals", line=line, field="column 1", expected="notes", got=row[0]
            )
        section = "notes"
    return months, totals, section


def parse(data: bytes, file: str) -> pl.DataFrame:
    """The whole file → one row per month, direction, instrument and measure, with its line."""
    text, _ = payload_text(SOURCE, file, data, "CSV text (MoF's montha1.csv)", UTF8_OR_CP932)
    rows = list(csv.reader(io.StringIO(text)))
    _check_header(rows, file)
    months, totals, section = _rows(rows, file)
    if not months.amounts:
        raise ParseError(SOURCE, file, "no months after the header", line=FIRST_DATA_LINE, expected="monthly lines")
    if section != "notes" or not totals:
        raise ParseError(
            SOURCE, file, "the file ends early", line=len(rows), expected="monthly lines, CY/FY totals, notes"
        )
    for total in totals:
        _check_total(total, months, file)
    out = [
        (month, *COLUMNS[col], value, months.lines[month])
        for month, amounts in months.amounts.items()
        for col, value in amounts.items()
    ]
    return pl.DataFrame(out, schema=SCHEMA, orient="row")


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
