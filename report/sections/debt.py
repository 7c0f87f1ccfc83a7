"""Central government debt (MoF, quarter ends) and the added interest after a parallel yield shock."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig


def build(con: duckdb.DuckDBPyConnection) -> Section:
    tot, sens = data.debt_total(con), data.debt_sensitivity(con)
    sec = Section(
        "debt",
        "Government debt and debt-service sensitivity",
        missing=tot.missing,
        coverage=[Coverage("SELECT 'total', as_of FROM main.government_debt_total WHERE total_jpy IS NOT NULL", "day")],
    )
    if not tot.empty:
        f = fig("Central government debt outstanding (MoF, quarter ends)", yaxis_title="trillion yen")
        f.add_scatter(x=tot["as_of"], y=tot["total_trn"], mode="lines+markers", name="total")
        sec.figures.append(f)
    if sens.empty:
        sec.text = f"Debt-service sensitivity: {sens.missing or 'no rows yet'}."
        return sec
    f = fig(
        f"Added annual interest after a +{sens['shock_pp'][0]} pp parallel yield shock",
        barmode="group",
        xaxis_title="years after the shock",
        yaxis_title="trillion yen",
    )
    for (scope,), g in sens.split("scope"):
        f.add_bar(x=g["years_after"], y=g["added_trn"], name=f"model: {scope}")
    mof = [(y, m) for y, m in zip(sens["years_after"], sens["mof_trn"], strict=True) if m is not None]
    if mof:
        f.add_scatter(
            x=[p[0] for p in mof],
            y=[p[1] for p in mof],
            mode="markers",
            name="MoF's own estimate",
            marker=dict(symbol="diamond", size=11),
        )
    sec.figures.append(f)
    sec.text = f"Debt stock as of {sens['stock_as_of'][0]}; see debt_service_sensitivity for the method."
    return sec
