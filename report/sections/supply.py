"""USD stablecoin supply per token (DefiLlama, all chains), weekly."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig


def build(con: duckdb.DuckDBPyConnection) -> Section:
    s = data.stablecoin_supply(con)
    sec = Section(
        "supply",
        "Stablecoin supply (total circulating, all chains)",
        missing=s.missing,
        text="Weekly (each week's last reading); DefiLlama's total circulating supply per token.",
        coverage=[Coverage("SELECT token, date FROM main.stablecoin_supply_daily WHERE supply IS NOT NULL", "week")],
    )
    if not s.empty:
        f = fig("USD stablecoin supply", yaxis_title="tokens")
        for (token,), g in s.split("token"):
            f.add_scatter(x=g["date"], y=g["supply"], mode="lines", name=token)
        sec.figures.append(f)
    return sec
