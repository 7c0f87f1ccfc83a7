"""Each tenor's history (weekly), with the days it set an all-time high marked."""

from __future__ import annotations

import duckdb
from plotly.colors import qualitative

from report import data
from report.section import Coverage, Section, fig

SHOWN = {2, 10, 30, 40}  # the tenors drawn at first; the others are a legend click away


def build(con: duckdb.DuckDBPyConnection) -> Section:
    hist, recs = data.tenor_history(con), data.tenor_records(con)
    sec = Section(
        "history",
        "Each tenor's history, record highs marked",
        text="Weekly (each week's last business day); markers are the days a tenor set an all-time high of its "
        "series. Click a legend entry to show or hide a tenor.",
        missing=hist.missing,
        coverage=[Coverage("SELECT tenor_years || 'Y', date FROM main.jgb_yields WHERE yield_pct IS NOT NULL", "week")],
    )
    if hist.empty:
        return sec
    f = fig("JGB yields since 1974 (MoF)", yaxis_title="% per annum", height=560)
    for t, color in zip(data.TENORS, qualitative.Dark24, strict=False):
        xs = [d for tt, d in zip(hist["tenor_years"], hist["date"], strict=True) if tt == t]
        ys = [y for tt, y in zip(hist["tenor_years"], hist["yield_pct"], strict=True) if tt == t]
        vis = True if t in SHOWN else "legendonly"
        f.add_scatter(x=xs, y=ys, mode="lines", name=f"{t}Y", legendgroup=str(t), visible=vis, line=dict(color=color))
        if not recs.empty:
            rx = [d for tt, d in zip(recs["tenor_years"], recs["date"], strict=True) if tt == t]
            ry = [y for tt, y in zip(recs["tenor_years"], recs["yield_pct"], strict=True) if tt == t]
            f.add_scatter(
                x=rx,
                y=ry,
                mode="markers",
                name=f"{t}Y record",
                legendgroup=str(t),
                visible=vis,
                marker=dict(symbol="star", size=8, color=color, line=dict(width=1, color="black")),
                showlegend=False,
            )
    sec.figures.append(f)
    return sec
