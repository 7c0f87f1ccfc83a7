"""Headline and BoJ-core CPI, year on year, against the 2 % line."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig

ROWS = "FROM main.cpi_monthly WHERE (is_headline OR is_boj_core) AND yoy_pct IS NOT NULL"


def build(con: duckdb.DuckDBPyConnection) -> Section:
    c = data.query(
        con, f"SELECT month, series_code, series_name_en, yoy_pct {ROWS} ORDER BY series_code, month", "cpi_monthly"
    )
    sec = Section(
        "cpi",
        "Consumer prices, year on year",
        missing=c.missing,
        text="Computed from the published (rounded) 2020-base index; the official rate uses unrounded "
        "indices and may differ by ±0.1 pt. The dotted line is 2 %.",
        coverage=[Coverage(f"SELECT series_name_en, month {ROWS}", "month")],
    )
    if not c.empty:
        f = fig("CPI year-on-year: headline and the BoJ's core", yaxis_title="%")
        for _, g in c.split("series_code"):
            f.add_scatter(x=g["month"], y=g["yoy_pct"], mode="lines", name=g["series_name_en"][0])
        f.add_hline(y=2.0, line_dash="dot")
        sec.figures.append(f)
    return sec
