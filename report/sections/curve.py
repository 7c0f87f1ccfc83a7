"""The JGB curve on the latest business day, one month and one year earlier."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Section, fig


def build(con: duckdb.DuckDBPyConnection) -> Section:
    snaps, why = data.curve_snapshots(con)
    sec = Section("curve", "JGB yield curve: today, 1 month and 1 year ago", missing=why)
    if snaps:
        f = fig("MoF constant-maturity JGB yields by tenor", xaxis_title="tenor (years)", yaxis_title="% per annum")
        for (d, ys), label in zip(snaps, ("latest", "1 month earlier", "1 year earlier"), strict=False):
            pts = [(t, y) for t, y in zip(data.TENORS, ys, strict=True) if y is not None]
            f.add_scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=f"{d} ({label})")
        sec.figures.append(f)
        sec.text = f"Latest business day in the warehouse: {snaps[0][0]}."
    return sec
