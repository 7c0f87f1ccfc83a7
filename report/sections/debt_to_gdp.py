"""Debt-to-GDP: the IMF's general government ratio by WEO vintage, next to MoF central government / ESRI GDP."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig

LABEL = "CASE WHEN ratio_kind LIKE 'imf%' THEN 'IMF WEO ' || vintage ELSE 'MoF central government / ESRI GDP' END"


def build(con: duckdb.DuckDBPyConnection) -> Section:
    d = data.query(
        con,
        f"SELECT year, {LABEL} AS label, ratio_pct FROM main.debt_to_gdp ORDER BY ratio_kind, vintage, year",
        "debt_to_gdp",
    )
    sec = Section(
        "debt_to_gdp",
        "Debt-to-GDP: the IMF's general government ratio by vintage, and MoF's central "
        "government debt over nominal GDP",
        missing=d.missing,
        text="Two different ratios, never one series: general government (IMF, as each World Economic Outlook "
        "vintage published it; its later years are projections) and central government (MoF over ESRI GDP).",
        coverage=[
            Coverage(f"SELECT {LABEL}, make_date(year, 1, 1) FROM main.debt_to_gdp WHERE ratio_pct IS NOT NULL", "year")
        ],
    )
    if not d.empty:
        f = fig("Gross debt, % of GDP", yaxis_title="% of GDP")
        for (label,), g in d.split("label"):
            f.add_scatter(x=g["year"], y=g["ratio_pct"], mode="lines+markers", name=label)
        sec.figures.append(f)
    return sec
