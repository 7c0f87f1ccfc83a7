"""The reviewed row layout of MoF's ``suii.xls``: every category, where it sits and how it adds up.

The parser matches each sheet row against this list (position, label, column), the suite checks
codes against it, and marts refer to the stable ``code`` names, so a new MoF row is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One row of the workbook: where it sits, what it is called, and how it adds up."""

    code: str
    parent: str | None  # None for the roots (total, guaranteed)
    column: int  # 0, 1, 2 = A, B, C
    label_ja: str  # NFKC, whitespace removed: the key the sheet's label must match
    label_en: str  # NFKC, whitespace collapsed
    memo: bool = False  # 「うち」 rows: part of the parent, not additive to it


# The debt block, in sheet order; it ends with the total.
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
    Category(
        "jgb.dbj_crisis",
        "jgb",
        1,
        "株式会社日本政策投資銀行危機対応業務国債",
        "Government Bonds issued to Development Bank of Japan",
    ),
    Category(
        "jgb.ndf",
        "jgb",
        1,
        "原子力損害賠償・廃炉等支援機構国債",
        "Government Bonds issued to Nuclear Damage Compensation and Decommissioning Facilitation Corporation",
    ),
    Category("borrowings", "total", 0, "借入金", "Borrowings"),
    Category("borrowings.long", "borrowings", 2, "長期(1年超)", "Long-term (over one year)"),
    Category("borrowings.short", "borrowings", 2, "短期(1年以下)", "Short-term (one year or less)"),
    Category("fb", "total", 0, "政府短期証券", "Financing Bills"),
    Category("total", None, 0, "合計", "Total"),
)
# After a blank row and a repeated header: government-guaranteed debt, outside the total.
GUARANTEED_BLOCK: tuple[Category, ...] = (
    Category("guaranteed", None, 0, "政府保証債務", "Government-Guaranteed Debts"),
)
CATEGORIES: dict[str, Category] = {c.code: c for c in DEBT_BLOCK + GUARANTEED_BLOCK}
ROOTS = ("total", "guaranteed")
# Rows that must always carry an amount: a marker there means the sheet was misread.
HEADLINES = ("total", "jgb", "jgb.general", "fb", "borrowings", "guaranteed")
