"""MoF central government debt (国債及び借入金並びに政府保証債務現在高), quarterly workbook ``suii.xls``.

The published layout (DATA_SOURCES.md §2.2, checked on the real 2021-06 … 2026-03 edition): one
BIFF8 sheet; row 0 the title, row 1 the unit note (億円), row 2 ``区分`` then one column per
quarter end (``R8.3末\\n2026 March``); the category rows follow, each label bilingual
(Japanese, a newline, English) with U+3000 spacing, and its **column** (A/B/C) giving its depth:
a row's parent is the nearest row above it that sits further left. The block ends with
``合計`` (Total); after a blank row the header is repeated for ``政府保証債務`` (government-
guaranteed debt, not part of the total), then ``（注）`` notes. ``ー`` and its look-alikes mean
"no such debt at that date" (null); real zeros are numbers.

Anything else — a changed title, unit, header or label, a period that is not a quarter end, a gap
between quarters, a text where an amount belongs, a missing or extra row — is a layout change,
rejected with the cell it was found in, so a silent misreading cannot reach the warehouse.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
import xlrd

from ingest.errors import ParseError
from ingest.fetch import Fetcher, Request
from ingest.landing import LandedPayload
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.sources.mof_jgb_yields import ERAS
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

SOURCE = "mof_debt"
URL = "https://www.mof.go.jp/english/policy/jgbs/reference/gbb/suii.xls"
YEN_PER_UNIT = 100_000_000  # the workbook's unit: 億円 = 100 million yen

# Markers MoF (and look-alike typing) use for "nothing outstanding / not applicable".
MISSING = frozenset({"ー", "―", "－", "-", "‐", "…", "***", "×"})

TITLE_JA = "最近5年間の国債及び借入金並びに政府保証債務現在高の推移"
TITLE_EN = "Central Government Debt"
UNIT_JA, UNIT_EN = "単位:億円", "100 million yen"  # compared after NFKC (full-width colon → ':')
HEADER_FIRST = ("区分", "Category")
NOTE_PREFIXES = ("(注)", "Note")
FIRST_PERIOD_COL = 3


@dataclass(frozen=True)
class Category:
    """One row of the workbook: where it sits, what it is called, and how it adds up."""

    code: str
    parent: str | None  # None for the roots (total, guaranteed)
    column: int  # 0, 1, 2 = A, B, C
    label_ja: str  # NFKC, whitespace removed: the key the sheet's label must match
    label_en: str  # NFKC, whitespace collapsed
    memo: bool = False  # 「うち」 rows: part of the parent, not additive to it


# The reviewed layout, in sheet order. Codes are stable names marts refer to.
DEBT_BLOCK: tuple[Category, ...] = (
    Category("jgb", "total", 0, "内国債", "Government Bonds (JGBs)"),
    Category("jgb.general", "jgb", 1, "普通国債", "General Bonds"),
    Category("jgb.general.reconstruction", "jgb.general", 2, "(うち復興債)", "(Reconstruction Bonds)", memo=True),
    Category("jgb.general.gx", "jgb.general", 2, "(うちGX経済移行債)", "(GX Economy Transition Bonds)", memo=True),
    Category("jgb.general.long", "jgb.general", 2, "長期国債(10年以上)", "Long-term (10 years or more)"),
    Category("jgb.general.medium", "jgb.general", 2, "中期国債(2年から5年)", "Medium-term (from 2 to 5 years)"),
    Category("jgb.general.short", "jgb.general", 2, "短期国債(1年以下)", "Short-term (one year or less)"),
    Category("jgb.filp", "jgb", 1, "財政投融資特別会計国債", "Fiscal Investment and Loan Program Bonds"),
    Category("jgb.filp.long", "jgb.filp", 2, "長期国債(10年以上)", "Long-term (10 years or more)"),
    Category("jgb.filp.medium", "jgb.filp", 2, "中期国債(2年から5年)", "Medium-term (from 2 to 5 years)"),
    Category("jgb.filp.short", "jgb.filp", 2, "短期国債(1年以下)", "Short-term (one year or less)"),
    Category("jgb.subsidy", "jgb", 1, "交付国債", "Subsidy Bonds"),
    Category("jgb.subscription", "jgb", 1, "出資・拠出国債", "Subscription / Contribution Bonds"),
    Category("jgb.dbj_crisis", "jgb", 1, "株式会社日本政策投資銀行危機対応業務国債",
             "Government Bonds issued to Development Bank of Japan"),
    Category("jgb.ndf", "jgb", 1, "原子力損害賠償・廃炉等支援機構国債",
             "Government Bonds issued to Nuclear Damage Compensation and Decommissioning Facilitation Corporation"),
    Category("borrowings", "total", 0, "借入金", "Borrowings"),
    Category("borrowings.long", "borrowings", 2, "長期(1年超)", "Long-term (over one year)"),
    Category("borrowings.short", "borrowings", 2, "短期(1年以下)", "Short-term (one year or less)"),
    Category("fb", "total", 0, "政府短期証券", "Financing Bills"),
    Category("total", None, 0, "合計", "Total"),
)
GUARANTEED_BLOCK: tuple[Category, ...] = (
    Category("guaranteed", None, 0, "政府保証債務", "Government-Guaranteed Debts"),
)
CATEGORIES: dict[str, Category] = {c.code: c for c in DEBT_BLOCK + GUARANTEED_BLOCK}

MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}
_PERIOD = re.compile(r"^([MTSHR])(\d{1,2})\.(\d{1,2})末\n(\d{4}) ([A-Za-z]+)$")

RAW_TABLE = TableSpec(
    name="mof_debt",
    key={"as_of": "DATE", "category_code": "VARCHAR"},
    values={"amount_100m_yen": "DOUBLE", "amount_jpy": "BIGINT"},
    extra={
        "period_label": "VARCHAR",
        "category_path_ja": "VARCHAR",
        "category_path_en": "VARCHAR",
        "level": "SMALLINT",
        "parent_code": "VARCHAR",
        "is_memo": "BOOLEAN",
        "in_total": "BOOLEAN",
        "missing_marker": "VARCHAR",
    },
    description=(
        "MoF central government debt outstanding at quarter ends (suii.xls), one row per quarter and "
        "category; amounts in 億円 (100 million yen) and yen; null = published as 'ー' (none). "
        "Quarters that drop out of MoF's rolling 5-year window are kept."
    ),
)

Cell = tuple[int, Any]  # (xlrd ctype, value)
Grid = list[list[Cell]]


def requests() -> list[Request]:
    return [Request(SOURCE, URL, kind="suii", ext="xls")]


def read_grid(data: bytes, file: str) -> Grid:
    """The workbook's only sheet as (ctype, value) cells; anything but a real .xls is refused."""
    head = data[:512].lstrip().lower()
    if not data:
        raise ParseError(SOURCE, file, "empty payload", expected="a BIFF8 .xls workbook")
    if head.startswith((b"<!doctype", b"<html")) or b"<html" in head:
        raise ParseError(SOURCE, file, "got an HTML page (an error or moved page?)", expected="a BIFF8 .xls workbook")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        raise ParseError(SOURCE, file, f"not a readable .xls workbook: {exc}", expected="a BIFF8 .xls workbook") from None
    except Exception as exc:  # xlrd raises bare struct/assertion errors on cut files
        raise ParseError(SOURCE, file, f"corrupt .xls workbook ({type(exc).__name__}: {exc})",
                         expected="a BIFF8 .xls workbook") from None
    try:
        if book.nsheets != 1:
            raise ParseError(SOURCE, file, f"{book.nsheets} sheets", expected="one sheet 'suii'")
        sheet = book.sheet_by_index(0)
        return [[(sheet.cell_type(r, c), sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
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


def _text(cell: Cell) -> str:
    return str(cell[1]).strip() if cell[0] == xlrd.XL_CELL_TEXT else ""


def split_label(text: str) -> tuple[str, str]:
    """A bilingual label → (Japanese key, English) in the normalized forms ``Category`` holds."""
    ja, _, en = unicodedata.normalize("NFKC", text).partition("\n")
    ja_key = re.sub(r"\s+", "", ja)
    en_norm = " ".join(en.replace("\u2010", "-").split())
    return ja_key, en_norm


def _display_ja(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text.partition("\n")[0])


def parse_period(text: str, file: str, row: int, col: int) -> date:
    """``R8.3末\\n2026 March`` → 2026-03-31; the era date and the English date must agree."""
    where = {"line": row + 1, "field": cell_ref(row, col)}
    m = _PERIOD.match(text)
    if not m:
        raise ParseError(SOURCE, file, "not a period header", **where,
                         expected="an era month-end and its English month, like 'R8.3末\\n2026 March'", got=text)
    era, era_year, month, year, month_name = m.groups()
    year_i, month_i = int(year), int(month)
    if ERAS[era] + int(era_year) != year_i or MONTHS.get(month_name) != month_i:
        raise ParseError(SOURCE, file, "Japanese and English period disagree", **where,
                         expected=f"{era}{era_year}.{month} = {ERAS[era] + int(era_year)} {calendar.month_name[month_i] if 1 <= month_i <= 12 else '?'}",
                         got=text)
    if month_i not in (3, 6, 9, 12):
        raise ParseError(SOURCE, file, "period is not a quarter end", **where,
                         expected="the end of March, June, September or December", got=text)
    return date(year_i, month_i, calendar.monthrange(year_i, month_i)[1])


def parse_header(grid: Grid, row: int, file: str) -> tuple[list[date], list[str]]:
    """Check a ``区分`` header row; return its quarter ends (consecutive) and their labels."""
    cells = grid[row]
    first = split_label(_text(cells[0]))
    if first != HEADER_FIRST:
        raise ParseError(SOURCE, file, "unexpected header", line=row + 1, field=cell_ref(row, 0),
                         expected="'区　分\\nCategory'", got=_text(cells[0]) or repr(cells[0][1]))
    for col in (1, 2):
        if col < len(cells) and str(cells[col][1]).strip():
            raise ParseError(SOURCE, file, "unexpected header cell", line=row + 1, field=cell_ref(row, col),
                             expected="empty (label columns)", got=str(cells[col][1]))
    periods: list[date] = []
    labels: list[str] = []
    for col in range(FIRST_PERIOD_COL, len(cells)):
        text = str(cells[col][1]).strip()
        if not text:
            if any(str(c[1]).strip() for c in cells[col:]):
                raise ParseError(SOURCE, file, "blank period header between periods", line=row + 1,
                                 field=cell_ref(row, col), expected="a period like 'R8.3末\\n2026 March'")
            break
        d = parse_period(text, file, row, col)
        if periods:
            prev = periods[-1]
            want = (prev.year + (prev.month == 12), prev.month % 12 + 3)
            if (d.year, d.month) != want:
                raise ParseError(SOURCE, file, "periods are not consecutive quarters", line=row + 1,
                                 field=cell_ref(row, col), expected=f"{want[0]}-{want[1]:02d}", got=text)
        periods.append(d)
        labels.append(text.partition("\n")[0])
    if not periods:
        raise ParseError(SOURCE, file, "no period columns", line=row + 1, field=cell_ref(row, FIRST_PERIOD_COL),
                         expected="quarter-end headers from column D")
    return periods, labels


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
    raise ParseError(SOURCE, file, "not an amount", line=row + 1, field=cell_ref(row, col),
                     expected=f"a number in 億円 or a missing marker ({' '.join(sorted(MISSING))})", got=str(got))


def _label_cell(cells: list[Cell], row: int, file: str) -> tuple[int, str]:
    found = [(c, _text(cells[c])) for c in range(min(FIRST_PERIOD_COL, len(cells))) if str(cells[c][1]).strip()]
    if len(found) != 1 or not found[0][1]:
        raise ParseError(SOURCE, file, "expected exactly one label in columns A–C", line=row + 1,
                         field=cell_ref(row, found[0][0] if found else 0), expected="one bilingual text label",
                         got=" | ".join(str(cells[c][1]) for c in range(min(FIRST_PERIOD_COL, len(cells)))))
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
            raise ParseError(
                SOURCE, file, "unexpected category row (layout changed?)", line=r + 1, field=cell_ref(r, col),
                expected=f"{cat.label_ja} / {cat.label_en} in column {cell_ref(r, cat.column)[0]} under {cat.parent if cat.column else None}",
                got=f"{ja} / {en} in column {cell_ref(r, col)[0]} under {parent}",
            )
        if len(cells) < FIRST_PERIOD_COL + len(periods):
            raise ParseError(SOURCE, file, "row is shorter than the header", line=r + 1,
                             expected=f"{len(periods)} amounts from column D")
        for i, as_of in enumerate(periods):
            amount, marker = parse_amount(cells[FIRST_PERIOD_COL + i], file, r, FIRST_PERIOD_COL + i)
            rows.append({"as_of": as_of, "category_code": cat.code, "label_ja": _display_ja(text),
                         "label_en": en, "amount_100m_yen": amount, "missing_marker": marker,
                         "sheet_cell": cell_ref(r, FIRST_PERIOD_COL + i)})
        extra = [c for c in range(FIRST_PERIOD_COL + len(periods), len(cells)) if str(cells[c][1]).strip()]
        if extra:
            raise ParseError(SOURCE, file, "value beyond the last period column", line=r + 1,
                             field=cell_ref(r, extra[0]), expected="nothing", got=str(cells[extra[0]][1]))
        if cat.code not in ("total", "guaranteed"):
            stack.append((col, cat.code))
        r += 1
    return rows, r


def _is_blank(cells: list[Cell]) -> bool:
    return not any(str(v).strip() for _, v in cells)


def _check_preamble(grid: Grid, file: str) -> None:
    if len(grid) < 3:
        raise ParseError(SOURCE, file, f"only {len(grid)} rows", expected="title, unit and header rows")
    title = unicodedata.normalize("NFKC", _text(grid[0][0]))
    if not (title.startswith(TITLE_JA) and TITLE_EN in title):
        raise ParseError(SOURCE, file, "unexpected title", line=1, field="A1",
                         expected=f"{TITLE_JA} … {TITLE_EN}", got=_text(grid[0][0]) or str(grid[0][0][1]))
    units = [unicodedata.normalize("NFKC", _text(c)) for c in grid[1]]
    if not any(UNIT_JA in u and UNIT_EN in u for u in units):
        raise ParseError(SOURCE, file, "unit note not found", line=2,
                         expected="'（単位：億円）\\n（Unit: 100 million yen）'", got=" | ".join(u for u in units if u))


def parse_grid(grid: Grid, file: str) -> pl.DataFrame:
    """Parse the sheet's cells into the long frame (one row per quarter end and category)."""
    _check_preamble(grid, file)
    periods, labels = parse_header(grid, 2, file)
    rows, r = _read_block(grid, 3, DEBT_BLOCK, periods, file)
    while r < len(grid) and _is_blank(grid[r]):
        r += 1
    if r >= len(grid):
        raise ParseError(SOURCE, file, "sheet ends before the government-guaranteed debt block", line=r + 1,
                         expected="a repeated 区分 header, then 政府保証債務")
    periods2, _ = parse_header(grid, r, file)
    if periods2 != periods:
        raise ParseError(SOURCE, file, "second header differs from the first", line=r + 1,
                         expected=f"{periods[0]} … {periods[-1]}", got=f"{periods2[0]} … {periods2[-1]}")
    more, r = _read_block(grid, r + 1, GUARANTEED_BLOCK, periods, file)
    rows += more
    for rr in range(r, len(grid)):
        if _is_blank(grid[rr]):
            continue
        text = unicodedata.normalize("NFKC", _text(grid[rr][0]))
        if not text.startswith(NOTE_PREFIXES) or any(str(v).strip() for _, v in grid[rr][1:]):
            raise ParseError(SOURCE, file, "unexpected row after the last block", line=rr + 1, field=cell_ref(rr, 0),
                             expected="only （注）/Note lines", got=" | ".join(str(v) for _, v in grid[rr] if str(v).strip()))
    label_of = dict(zip(periods, labels))
    return _with_hierarchy(pl.DataFrame(rows, schema_overrides={"amount_100m_yen": pl.Float64, "missing_marker": pl.String}), label_of)


def _with_hierarchy(frame: pl.DataFrame, label_of: dict[date, str]) -> pl.DataFrame:
    names = frame.unique("category_code", keep="first").select("category_code", "label_ja", "label_en").rows()
    ja = {c: j for c, j, _ in names}
    en = {c: e for c, _, e in names}
    meta = []
    for cat in CATEGORIES.values():
        chain, code = [], cat.code
        while code is not None:
            chain.append(code)
            code = CATEGORIES[code].parent
        chain = [c for c in reversed(chain) if c != "total" or cat.code == "total"]
        meta.append({
            "category_code": cat.code,
            "category_path_ja": " / ".join(ja[c] for c in chain),
            "category_path_en": " / ".join(en[c] for c in chain),
            "level": 0 if cat.parent is None else len(chain),
            "parent_code": cat.parent,
            "is_memo": cat.memo,
            "in_total": cat.code != "guaranteed",
        })
    return (
        frame.join(pl.DataFrame(meta, schema_overrides={"level": pl.Int16, "parent_code": pl.String}), on="category_code")
        .with_columns(
            period_label=pl.col("as_of").replace_strict(label_of, return_dtype=pl.String),
            amount_jpy=(pl.col("amount_100m_yen") * YEN_PER_UNIT).round(0).cast(pl.Int64),
        )
        .select("as_of", "period_label", "category_code", "category_path_ja", "category_path_en", "level",
                "parent_code", "is_memo", "in_total", "amount_100m_yen", "amount_jpy", "missing_marker", "sheet_cell")
    )


def parse(data: bytes, file: str) -> pl.DataFrame:
    return parse_grid(read_grid(data, file), file)


# ---------------------------------------------------------------------------------------------
# Validation: the facts the GX suite checks, computed beside the parsed rows
# ---------------------------------------------------------------------------------------------

def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Add, per row, how far it is from the sum of its parts and how much rounding may explain.

    MoF rounds every cell to 1 億円 (the sheet's note), so a parent may differ from the sum of its
    n additive children by at most (n + 1) / 2 億円. Memo rows (「うち」) are not parts: they
    must only not exceed their parent.
    """
    amount = pl.col("amount_100m_yen").fill_null(0.0)
    parts = (
        frame.filter(pl.col("parent_code").is_not_null() & ~pl.col("is_memo"))
        .group_by("as_of", "parent_code")
        .agg(parts_sum=amount.sum(), parts_n=pl.len())
        .rename({"parent_code": "category_code"})
    )
    parent_amounts = frame.select("as_of", pl.col("category_code").alias("parent_code"),
                                  pl.col("amount_100m_yen").alias("parent_amount"))
    return (
        frame.join(parts, on=["as_of", "category_code"], how="left")
        .join(parent_amounts, on=["as_of", "parent_code"], how="left")
        .with_columns(
            sum_gap_abs=pl.when(pl.col("parts_n").is_not_null()).then((amount - pl.col("parts_sum")).abs()).otherwise(0.0),
            sum_tolerance=pl.when(pl.col("parts_n").is_not_null()).then((pl.col("parts_n") + 1) / 2.0).otherwise(0.0),
            memo_headroom=pl.when(pl.col("is_memo")).then(pl.col("parent_amount").fill_null(0.0) - amount).otherwise(0.0),
            is_quarter_end=(pl.col("as_of").dt.month().is_in([3, 6, 9, 12]) & (pl.col("as_of") == pl.col("as_of").dt.month_end())),
            required_missing=pl.col("category_code").is_in(["total", "jgb", "jgb.general", "fb", "borrowings", "guaranteed"])
            & pl.col("amount_100m_yen").is_null(),
        )
        .drop("parts_sum", "parts_n", "parent_amount")
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Amounts non-negative, parts add up within rounding, quarter ends only, one row per
    (quarter, category), headline rows present, and never fewer rows than the last good load."""
    return [
        ("ExpectColumnValuesToBeBetween", {"column": "amount_100m_yen", "min_value": 0}),
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["as_of", "category_code"]}),
        ("ExpectColumnValuesToBeInSet", {"column": "is_quarter_end", "value_set": [True]}),
        ("ExpectColumnValuesToBeInSet", {"column": "category_code", "value_set": list(CATEGORIES)}),
        ("ExpectColumnValuesToBeInSet", {"column": "required_missing", "value_set": [False]}),
        ("ExpectColumnPairValuesAToBeGreaterThanB",
         {"column_A": "sum_tolerance", "column_B": "sum_gap_abs", "or_equal": True}),
        ("ExpectColumnValuesToBeBetween", {"column": "memo_headroom", "min_value": 0}),
        ("ExpectColumnValuesToNotBeNull", {"column": "as_of"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": max(ctx.last_good_rows, 1)}),
    ]



def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return validation_frame(parse(content, payload.name))


def release_marker(fetcher: Fetcher) -> str:
    """What a sensor compares between ticks: ``<newest quarter end>@<sha256 prefix>``.

    A new quarter changes the first part; a revision of an old quarter (MoF does revise) changes
    the second, so either triggers a load. The workbook is ~65 kB, so fetching it is the check.
    """
    result = fetcher.fetch(requests()[0])
    newest = parse(result.content, URL)["as_of"].max()
    return f"{newest.isoformat()}@{hashlib.sha256(result.content).hexdigest()[:16]}"


SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    requests=lambda settings: requests(),
    parse=parse_payload,
    suite=suite,
)
