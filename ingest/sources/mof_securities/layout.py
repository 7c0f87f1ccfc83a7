"""The published layout of MoF's ``montha1.csv``, declared once: its header cells and what each column holds.

The parser compares every header cell of lines 1–11 with ``HEADER`` (a cell not listed must be
empty), so a moved, renamed or added column is refused naming its cell, never read under the wrong
name. ``COLUMNS`` maps each numeric column to (direction, instrument, measure); ``IDENTITIES`` are the
sums the file's own notes promise "within rounding".
"""

from __future__ import annotations

WIDTH = 27
FIRST_DATA_LINE = 12
UPDATED_COLUMN = 11  # "最終更新日  令和8年9月8日" / "Final Update  September 8, 2026": checked by prefix
UPDATED_PREFIX = {1: "最終更新日", 2: "Final Update"}

EQUITY_JA, LTD_JA, STD_JA = "株式・投資ファンド持分", "中\u3000長\u3000期\u3000債", "短\u3000\u3000期\u3000\u3000債"
EQUITY_EN, LTD_EN, STD_EN = (
    "Equity and investment fund shares",
    "Long-term debt securities",
    "Short-term debt securities",
)
ACQ_DISP_NET_JA = ("取得", "処分", "ネット")
ACQ_DISP_NET_EN = ("Acquisition", "Disposition", "Net")


def _side(first: int, sub: str, total: str) -> dict[int, dict[int, str]]:
    """Lines 8–11 of one side (assets or liabilities), from its first column on."""
    cells: dict[int, dict[int, str]] = {8: {}, 9: {}, 10: {}, 11: {}}
    for offset, (label_ja, label_en) in ((0, (EQUITY_JA, EQUITY_EN)), (3, (LTD_JA, LTD_EN)), (7, (STD_JA, STD_EN))):
        cells[8][first + offset], cells[9][first + offset] = label_ja, label_en
        for k in range(3):
            cells[10][first + offset + k] = ACQ_DISP_NET_JA[k]
            cells[11][first + offset + k] = ACQ_DISP_NET_EN[k]
    for offset, label_ja, label_en, net_en in ((6, "小計", "Subtotal", sub), (10, "合計", "Total", total)):
        cells[8][first + offset], cells[9][first + offset] = label_ja, label_en
        cells[10][first + offset], cells[11][first + offset] = "ネット", net_en
    return cells


def _header() -> dict[int, dict[int, str]]:
    assets, liabilities = _side(3, "Net (A)", "Net (C)"), _side(14, "Net (B)", "Net (D)")
    header = {
        1: {0: "対外及び対内証券売買契約等の状況（月別推移）"},
        2: {0: "International Transactions in Securities(Monthly; based on reports from designated major investors)"},
        3: {},
        4: {25: "（単位：億円）"},
        5: {25: "(Unit: 100 mil Yen)"},
        6: {
            0: "対外証券投資【居住者による取得・処分】",
            14: "対内証券投資【非居住者による取得・処分】",
            25: "小計",
            26: "合計",
        },
        7: {0: "Portfolio Investment Assets", 14: "Portfolio Investment Liabilities", 25: "Subtotal", 26: "Total"},
    }
    for line in (8, 9, 10, 11):
        header[line] = {**assets[line], **liabilities[line]}
    header[8].update({25: "ネット", 26: "ネット"})
    header[9].update({25: "Net", 26: "Net"})
    header[10].update({25: "（A-B)", 26: "(C-D)"})
    return header


HEADER = _header()

OUTWARD, INWARD, BALANCE = "outward", "inward", "balance"
EQUITY, LTD, SUBTOTAL, STD, TOTAL = "equity", "long_term_debt", "equity_and_long_term_debt", "short_term_debt", "total"
DIRECTIONS = (OUTWARD, INWARD, BALANCE)
INSTRUMENTS = (EQUITY, LTD, SUBTOTAL, STD, TOTAL)
MEASURES = ("acquisition", "disposition", "net")

Cell = tuple[str, str, str]  # (direction, instrument, measure)


def _columns() -> dict[int, Cell]:
    columns: dict[int, Cell] = {}
    for direction, first in ((OUTWARD, 3), (INWARD, 14)):
        for offset, instrument in ((0, EQUITY), (3, LTD), (7, STD)):
            for k, measure in enumerate(MEASURES):
                columns[first + offset + k] = (direction, instrument, measure)
        columns[first + 6] = (direction, SUBTOTAL, "net")
        columns[first + 10] = (direction, TOTAL, "net")
    columns[25] = (BALANCE, SUBTOTAL, "net")  # (A-B)
    columns[26] = (BALANCE, TOTAL, "net")  # (C-D)
    return dict(sorted(columns.items()))


COLUMNS = _columns()


def _identities() -> list[tuple[Cell, list[tuple[int, Cell]]]]:
    """Each derived cell with its signed parts: net = acq − disp, subtotal, total, and the balances."""
    out: list[tuple[Cell, list[tuple[int, Cell]]]] = []
    for d in (OUTWARD, INWARD):
        for i in (EQUITY, LTD, STD):
            out.append(((d, i, "net"), [(1, (d, i, "acquisition")), (-1, (d, i, "disposition"))]))
        out.append(((d, SUBTOTAL, "net"), [(1, (d, EQUITY, "net")), (1, (d, LTD, "net"))]))
        out.append(((d, TOTAL, "net"), [(1, (d, SUBTOTAL, "net")), (1, (d, STD, "net"))]))
    for i in (SUBTOTAL, TOTAL):
        out.append(((BALANCE, i, "net"), [(1, (OUTWARD, i, "net")), (-1, (INWARD, i, "net"))]))
    return out


IDENTITIES = _identities()


def label(column: int) -> str:
    """A column's name in errors: its number and what it holds."""
    return f"column {column + 1} ({' '.join(COLUMNS[column])})" if column in COLUMNS else f"column {column + 1}"
