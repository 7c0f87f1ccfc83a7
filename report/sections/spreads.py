"""Curve spreads (weekly) and the 10-year yield over the BoJ's policy target (daily)."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig

CURVE_SPREADS = (
    ("spread_10y_2y_bp", "10Y − 2Y"),
    ("spread_30y_10y_bp", "30Y − 10Y"),
    ("spread_40y_30y_bp", "40Y − 30Y"),
)


def build(con: duckdb.DuckDBPyConnection) -> Section:
    sp, pol = data.spreads(con), data.policy_spread(con)
    sec = Section(
        "spreads",
        "Curve spreads and the policy spread",
        missing=sp.missing,
        coverage=[
            Coverage(
                " UNION ALL ".join(
                    f"SELECT '{name}', date FROM main.jgb_spreads WHERE {col} IS NOT NULL"
                    for col, name in CURVE_SPREADS
                ),
                "week",
            ),
            Coverage(
                "SELECT '10Y − policy target', date FROM main.jgb_vs_policy WHERE spread_10y_bp IS NOT NULL", "day"
            ),
        ],
    )
    if not sp.empty:
        f = fig("JGB curve spreads (weekly mean)", yaxis_title="basis points")
        for col, name in CURVE_SPREADS:
            f.add_scatter(x=sp["date"], y=sp[col], mode="lines", name=name)
        sec.figures.append(f)
    if pol.empty:
        sec.text = f"Policy spread: {pol.missing or 'no rows yet'}."
    else:
        f = fig("10Y JGB yield minus the BoJ policy target", yaxis_title="basis points")
        f.add_scatter(x=pol["date"], y=pol["spread_10y_bp"], mode="lines", name="10Y − policy target")
        sec.figures.append(f)
    return sec
