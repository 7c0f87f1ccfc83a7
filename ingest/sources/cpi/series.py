"""The five CPI series we take from e-Stat table 0003427113, declared once (code → names).

The parser rejects a payload whose name for a code differs from the published one here (a renamed
series is a changed table, not data), the suite accepts exactly these codes, and dbt's
``cpi_monthly`` mart gets its English names from the raw table's ``series_name_en``.
"""

from __future__ import annotations

from dataclasses import dataclass

STATS_DATA_ID = "0003427113"  # 2020-base CPI, all Japan, monthly index (e-Stat)
TAB_INDEX = "1"  # 表章項目 1 = 指数 (index)
AREA_ALL_JAPAN = "00000"  # 全国


@dataclass(frozen=True)
class Series:
    code: str
    name_ja: str  # as e-Stat publishes it after the code ("0001 総合" → "総合")
    name_en: str


SERIES: dict[str, Series] = {
    s.code: s
    for s in (
        Series("0001", "総合", "All items (headline)"),
        Series("0161", "生鮮食品を除く総合", "All items, less fresh food (the BoJ's core)"),
        Series("0178", "生鮮食品及びエネルギーを除く総合", "All items, less fresh food and energy"),
        Series("0202", "財", "Goods"),
        Series("0220", "サービス", "Services"),
    )
}
