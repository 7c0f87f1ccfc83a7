"""The cells of MoF's ``suii.xls``: reading its one sheet, naming a cell as Excel does, reading one cell.

A cell is read here as what the layout (``parse.py``) expects at that place: a bilingual label, a
quarter-end period header (``R8.3末\\n2026 March``, the era date and the English date agreeing), or
an amount in 億円 (a number, or a marker for "no such debt at that date"). Every refusal names the
cell (``D7``) so a person can look at it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from typing import Any

import xlrd

from ingest.errors import ParseError
from ingest.text import ERAS, payload_body

SOURCE = "mof_debt"

# Markers MoF (and look-alike typing) use for "nothing outstanding / not applicable".
MISSING = frozenset({"ー", "―", "－", "-", "‐", "…", "***", "×"})

MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}
_PERIOD = re.compile(r"^([MTSHR])(\d{1,2})\.(\d{1,2})末\n(\d{4}) ([A-Za-z]+)$")

Cell = tuple[int, Any]  # (xlrd ctype, value)
Grid = list[list[Cell]]


def read_grid(data: bytes, file: str) -> Grid:
    """The workbook's only sheet as (ctype, value) cells; anything but a real .xls is refused."""
    data = payload_body(SOURCE, file, data, "a BIFF8 .xls workbook")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        raise ParseError(
            SOURCE, file, f"not a readable .xls workbook: {exc}", expected="a BIFF8 .xls workbook"
        ) from None
    except Exception as exc:  # xlrd raises bare struct/assertion errors on cut files
        raise ParseError(
            SOURCE, file, f"corrupt .xls workbook ({type(exc).__name__}: {exc})", expected="a BIFF8 .xls workbook"
        ) from None
    try:
        if book.nsheets != 1:
            raise ParseError(SOURCE, file, f"{book.nsheets} sheets", expected="one sheet 'suii'")
        sheet = book.sheet_by_index(0)
        return [
            [(sheet.cell_type(r, c), sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)
        ]
    finally:
        book.release_resources()


def cell_ref(row: int, col: int) -> str:
    """Excel's name for a 0-based cell, so errors point where a person would look."""
    name, c = "", col
    while True:
        name = chr(ord("A") + c % 26) + name
        c = c // 26 - 1
        if c < 0:
            break
    return f"{name}{row + 1}"


def cell_error(file: str, row: int, col: int, message: str, *, expected: str, got: str | None = None) -> ParseError:
    """The error for one cell of the sheet: its line (1-based row) and its Excel name, as a person would look it up."""
    return ParseError(SOURCE, file, message, line=row + 1, field=cell_ref(row, col), expected=expected, got=got)


def cell_text(cell: Cell) -> str:
    """A text cell's stripped text; any other cell reads as ''."""
    return str(cell[1]).strip() if cell[0] == xlrd.XL_CELL_TEXT else ""


def split_label(text: str) -> tuple[str, str]:
    """A bilingual label → (Japanese key, English) in the normalized forms ``Category`` holds."""
    ja, _, en = unicodedata.normalize("NFKC", text).partition("\n")
    ja_key = re.sub(r"\s+", "", ja)
    en_norm = " ".join(en.replace("\u2010", "-").split())
    return ja_key, en_norm


def parse_period(text: str, file: str, row: int, col: int) -> date:
    """``R8.3末\\n2026 March`` → 2026-03-31; the era date and the English date must agree."""
    m = _PERIOD.match(text)
    if not m:
        raise cell_error(
            file,
            row,
            col,
            "not a period header",
            expected="an era month-end and its English month, like 'R8.3末\\n2026 March'",
            got=text,
        )
    era, era_year, month, year, month_name = m.groups()
    year_i, month_i = int(year), int(month)
    era_year_g = ERAS[era] + int(era_year)
    if era_year_g != year_i or MONTHS.get(month_name) != month_i:
        month_en = calendar.month_name[month_i] if 1 <= month_i <= 12 else "?"
        raise cell_error(
            file,
            row,
            col,
            "Japanese and English period disagree",
            expected=f"{era}{era_year}.{month} = {era_year_g} {month_en}",
            got=text,
        )
    if month_i not in (3, 6, 9, 12):
        raise cell_error(
            file,
            row,
            col,
            "period is not a quarter end",
            expected="the end of March, June, September or December",
            got=text,
        )
    return date(year_i, month_i, calendar.monthrange(year_i, month_i)[1])


def parse_amount(cell: Cell, file: str, row: int, col: int) -> tuple[float | None, str | None]:
    """A numeric cell → (amount, None); a missing marker → (None, marker); anything else fails."""
    ctype, value = cell
    if ctype == xlrd.XL_CELL_NUMBER:
        return float(value), None
    if ctype == xlrd.XL_CELL_TEXT:
        text = value.strip()
        if text in MISSING:
            return None, text
        try:
            return float(text.replace(",", "")), None
        except ValueError:
            pass
    got = {xlrd.XL_CELL_EMPTY: "", xlrd.XL_CELL_BLANK: ""}.get(ctype, value)
    raise cell_error(
        file,
        row,
        col,
        "not an amount",
        expected=f"a number in 億円 or a missing marker ({' '.join(sorted(MISSING))})",
        got=str(got),
    )
