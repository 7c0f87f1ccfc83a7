"""MoF central government debt (国債及び借入金並びに政府保証債務現在高): the quarterly workbook ``suii.xls``.

The published layout (README.md beside this file, checked on the real 2021-06 … 2026-03 edition):
one BIFF8 sheet; row 1 the title, row 2 the unit note (億円), row 3 ``区分`` then one column per
quarter end (``R8.3末\\n2026 March``); the category rows follow, each label bilingual (Japanese, a
newline, English) with U+3000 spacing, and its **column** (A/B/C) giving its depth: a row's parent
is the nearest row above it that sits further left. The block ends with ``合計`` (Total); after a
blank row the header is repeated for ``政府保証債務`` (government-guaranteed debt, not part of the
total), then ``（注）`` notes. ``ー`` and its look-alikes mean "no such debt at that date" (null);
real zeros are numbers.

Anything else — a changed title, unit, header or label, a period that is not a quarter end, a gap
between quarters, a text where an amount belongs, a missing or extra row — is a layout change,
rejected with the cell it was found in, so a silent misreading cannot reach the warehouse. This
module checks the layout (which row and column holds what); reading one cell is ``cells.py``'s.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.mof_debt.categories import CATEGORIES, DEBT_BLOCK, GUARANTEED_BLOCK, ROOTS, Category
from ingest.sources.mof_debt.cells import (
    SOURCE,
    Cell,
    Grid,
    cell_error,
    cell_ref,
    cell_text,
    parse_amount,
    parse_period,
    read_grid,
    split_label,
)

YEN_PER_UNIT = 100_000_000  # the workbook's unit: 億円 = 100 million yen

TITLE_JA = "最近5年間の国債及び借入金並びに政府保証債務現在高の推移"
TITLE_EN = "Central Government Debt"
UNIT_JA, UNIT_EN = "単位:億円", "100 million yen"  # compared after NFKC (full-width colon → ':')
HEADER_FIRST = ("区分", "Category")
NOTE_PREFIXES = ("(注)", "Note")
FIRST_PERIOD_COL = 3


def _display_ja(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text.partition("\n")[0])


def parse_header(grid: Grid, row: int, file: str) -> tuple[list[date], list[str]]:
    """Check a ``区分`` header row; return its quarter ends (consecutive) and their labels."""
    cells = grid[row]
    first = split_label(cell_text(cells[0]))
    if first != HEADER_FIRST:
        raise cell_error(
            file,
            row,
            0,
            "unexpected header",
            expected="'区　分\\nCategory'",
            got=cell_text(cells[0]) or repr(cells[0][1]),
        )
    for col in (1, 2):
        if col < len(cells) and str(cells[col][1]).strip():
            raise cell_error(
                file, row, col, "unexpected header cell", expected="empty (label columns)", got=str(cells[col][1])
            )
    periods: list[date] = []
    labels: list[str] = []
    for col in range(FIRST_PERIOD_COL, len(cells)):
        text = str(cells[col][1]).strip()
        if not text:
            if any(str(c[1]).strip() for c in cells[col:]):
                raise cell_error(
                    file,
                    row,
                    col,
                    "blank period header between periods",
                    expected="a period like 'R8.3末\\n2026 March'",
                )
            break
        d = parse_period(text, file, row, col)
        if periods:
            prev = periods[-1]
            want = (prev.year + (prev.month == 12), prev.month % 12 + 3)
            if (d.year, d.month) != want:
                raise cell_error(
                    file,
                    row,
                    col,
                    "periods are not consecutive quarters",
                    expected=f"{want[0]}-{want[1]:02d}",
                    got=text,
                )
        periods.append(d)
        labels.append(text.partition("\n")[0])
    if not periods:
        raise cell_error(file, row, FIRST_PERIOD_COL, "no period columns", expected="quarter-end headers from column D")
    return periods, labels


def _label_cell(cells: list[Cell], row: int, file: str) -> tuple[int, str]:
    found = [(c, cell_text(cells[c])) for c in range(min(FIRST_PERIOD_COL, len(cells))) if str(cells[c][1]).strip()]
    if len(found) != 1 or not found[0][1]:
        raise cell_error(
            file,
            row,
            found[0][0] if found else 0,
            "expected exactly one label in columns A–C",
            expected="one bilingual text label",
            got=" | ".join(str(cells[c][1]) for c in range(min(FIRST_PERIOD_COL, len(cells)))),
        )
    return found[0]


def _read_block(
    grid: Grid, start: int, expected: tuple[Category, ...], periods: list[date], file: str
) -> tuple[list[dict[str, Any]], int]:
    """Read the rows of one block, matching each to the reviewed layout by its position and label."""
    rows: list[dict[str, Any]] = []
    stack: list[tuple[int, str]] = []  # (column, code) of the open ancestors
    r = start
    for cat in expected:
        if r >= len(grid):
            raise ParseError(SOURCE, file, "sheet ends early", line=r + 1, expected=f"row {cat.label_ja} ({cat.code})")
        cells = grid[r]
        col, text = _label_cell(cells, r, file)
        ja, en = split_label(text)
        while stack and stack[-1][0] >= col:
            stack.pop()
        # Column A rows have no parent in the sheet; the total is their sum (checked by the suite).
        parent = stack[-1][1] if stack else None
        if (ja, en, col) != (cat.label_ja, cat.label_en, cat.column) or parent != (cat.parent if col else None):
            raise cell_error(
                file,
                r,
                col,
                "unexpected category row (layout changed?)",
                expected=f"{cat.label_ja} / {cat.label_en} in column {cell_ref(r, cat.column)[0]} "
                f"under {cat.parent if cat.column else None}",
                got=f"{ja} / {en} in column {cell_ref(r, col)[0]} under {parent}",
            )
        if len(cells) < FIRST_PERIOD_COL + len(periods):
            raise ParseError(
                SOURCE,
                file,
                "row is shorter than the header",
                line=r + 1,
                expected=f"{len(periods)} amounts from column D",
            )
        for i, as_of in enumerate(periods):
            amount, marker = parse_amount(cells[FIRST_PERIOD_COL + i], file, r, FIRST_PERIOD_COL + i)
            rows.append(
                {
                    "as_of": as_of,
                    "category_code": cat.code,
                    "label_ja": _display_ja(text),
                    "label_en": en,
                    "amount_100m_yen": amount,
                    "missing_marker": marker,
                    "sheet_cell": cell_ref(r, FIRST_PERIOD_COL + i),
                }
            )
        extra = [c for c in range(FIRST_PERIOD_COL + len(periods), len(cells)) if str(cells[c][1]).strip()]
        if extra:
            raise cell_error(
                file,
                r,
                extra[0],
                "value beyond the last period column",
                expected="nothing",
                got=str(cells[extra[0]][1]),
            )
        if cat.code not in ROOTS:
            stack.append((col, cat.code))
        r += 1
    return rows, r


def _is_blank(cells: list[Cell]) -> bool:
    return not any(str(v).strip() for _, v in cells)


def _check_preamble(grid: Grid, file: str) -> None:
    if len(grid) < 3:
        raise ParseError(SOURCE, file, f"only {len(grid)} rows", expected="title, unit and header rows")
    title = unicodedata.normalize("NFKC", cell_text(grid[0][0]))
    if not (title.startswith(TITLE_JA) and TITLE_EN in title):
        raise ParseError(
            SOURCE,
            file,
            "unexpected title",
            line=1,
            field="A1",
            expected=f"{TITLE_JA} … {TITLE_EN}",
            got=cell_text(grid[0][0]) or str(grid[0][0][1]),
        )
    units = [unicodedata.normalize("NFKC", cell_text(c)) for c in grid[1]]
    if not any(UNIT_JA in u and UNIT_EN in u for u in units):
        raise ParseError(
            SOURCE,
            file,
            "unit note not found",
            line=2,
            expected="'（単位：億円）\\n（Unit: 100 million yen）'",
            got=" | ".join(u for u in units if u),
        )


def parse_grid(grid: Grid, file: str) -> pl.DataFrame:
    """Parse the sheet's cells into the long frame (one row per quarter end and category)."""
    _check_preamble(grid, file)
    periods, labels = parse_header(grid, 2, file)
    rows, r = _read_block(grid, 3, DEBT_BLOCK, periods, file)
    while r < len(grid) and _is_blank(grid[r]):
        r += 1
    if r >= len(grid):
        raise ParseError(
            SOURCE,
            file,
            "sheet ends before the government-guaranteed debt block",
            line=r + 1,
            expected="a repeated 区分 header, then 政府保証債務",
        )
    periods2, _ = parse_header(grid, r, file)
    if periods2 != periods:
        raise ParseError(
            SOURCE,
            file,
            "second header differs from the first",
            line=r + 1,
            expected=f"{periods[0]} … {periods[-1]}",
            got=f"{periods2[0]} … {periods2[-1]}",
        )
    more, r = _read_block(grid, r + 1, GUARANTEED_BLOCK, periods, file)
    rows += more
    for rr in range(r, len(grid)):
        if _is_blank(grid[rr]):
            continue
        text = unicodedata.normalize("NFKC", cell_text(grid[rr][0]))
        if not text.startswith(NOTE_PREFIXES) or any(str(v).strip() for _, v in grid[rr][1:]):
            raise cell_error(
                file,
                rr,
                0,
                "unexpected row after the last block",
                expected="only （注）/Note lines",
                got=" | ".join(str(v) for _, v in grid[rr] if str(v).strip()),
            )
    label_of = dict(zip(periods, labels, strict=True))
    frame = pl.DataFrame(rows, schema_overrides={"amount_100m_yen": pl.Float64, "missing_marker": pl.String})
    return _with_hierarchy(frame, label_of)


def _with_hierarchy(frame: pl.DataFrame, label_of: dict[date, str]) -> pl.DataFrame:
    names = frame.unique("category_code", keep="first").select("category_code", "label_ja", "label_en").rows()
    ja = {c: j for c, j, _ in names}
    en = {c: e for c, _, e in names}
    meta: list[dict[str, Any]] = []
    for cat in CATEGORIES.values():
        chain: list[str] = []
        code: str | None = cat.code
        while code is not None:
            chain.append(code)
            code = CATEGORIES[code].parent
        chain = [c for c in reversed(chain) if c != "total" or cat.code == "total"]
        meta.append(
            {
                "category_code": cat.code,
                "category_path_ja": " / ".join(ja[c] for c in chain),
                "category_path_en": " / ".join(en[c] for c in chain),
                "level": 0 if cat.parent is None else len(chain),
                "parent_code": cat.parent,
                "is_memo": cat.memo,
                "in_total": cat.code != "guaranteed",
            }
        )
    hierarchy = pl.DataFrame(meta, schema_overrides={"level": pl.Int16, "parent_code": pl.String})
    return (
        frame.join(hierarchy, on="category_code")
        .with_columns(
            period_label=pl.col("as_of").replace_strict(label_of, return_dtype=pl.String),
            amount_jpy=(pl.col("amount_100m_yen") * YEN_PER_UNIT).round(0).cast(pl.Int64),
        )
        .select(
            "as_of",
            "period_label",
            "category_code",
            "category_path_ja",
            "category_path_en",
            "level",
            "parent_code",
            "is_memo",
            "in_total",
            "amount_100m_yen",
            "amount_jpy",
            "missing_marker",
            "sheet_cell",
        )
    )


def parse(data: bytes, file: str) -> pl.DataFrame:
    """One ``suii.xls`` edition → one row per quarter end and category."""
    return parse_grid(read_grid(data, file), file)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
