"""The composite liquidity-pressure score, daily and as a 20-day mean."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig

SCORED = "SELECT date FROM main.liquidity_pressure_daily WHERE stress_score IS NOT NULL"


def build(con: duckdb.DuckDBPyConnection) -> Section:
    p = data.pressure(con)
    sec = Section(
        "pressure",
        "Composite liquidity-pressure score",
        missing=p.missing,
        text="Mean of the z-scores present that day (see liquidity_pressure_daily); above 2 is rare in its window.",
        coverage=[Coverage(f"SELECT n, date FROM ({SCORED}), (VALUES ('daily'), ('20-day mean')) v(n)", "day")],
    )
    if not p.empty:
        f = fig("stress_score (rolling z-scores)", yaxis_title="z")
        f.add_scatter(x=p["date"], y=p["stress_score"], mode="lines", name="daily", line=dict(width=1, color="#c8d1dc"))
        f.add_scatter(
            x=p["date"], y=p["stress_score_20d"], mode="lines", name="20-day mean", line=dict(color="#cf222e")
        )
        sec.figures.append(f)
    return sec
