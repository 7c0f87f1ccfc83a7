"""Stablecoin backing read on chain: collateral ratio and PSM depth per token."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig


def build(con: duckdb.DuckDBPyConnection) -> Section:
    b = data.backing(con)
    sec = Section(
        "backing",
        "Stablecoin backing (on chain)",
        missing=b.missing,
        text="Counts only the collateral read on chain (registry holders and USD PoR feeds).",
        coverage=[
            Coverage(
                "SELECT token || ' collateral ratio', ts::date FROM main.stablecoin_backing "
                "WHERE collateral_ratio IS NOT NULL UNION ALL SELECT token || ' PSM depth', ts::date "
                "FROM main.stablecoin_backing WHERE psm_depth_usd IS NOT NULL",
                "day",
            )
        ],
        empty_note="no on-chain reading of reserves or PSM depth in this warehouse (offline, the recorded chain "
        "reads hold supply only); the tokens' supply is in the section above",
    )
    if b.empty:
        sec.missing = sec.missing or "not loaded: main.stablecoin_backing has no rows yet"
        return sec
    f = fig(
        "Collateral ratio and PSM depth",
        yaxis_title="on-chain reserves / supply",
        yaxis2=dict(title="PSM depth, USD", overlaying="y", side="right"),
    )
    for (token,), g in b.split("token"):
        f.add_scatter(x=g["ts"], y=g["collateral_ratio"], mode="lines+markers", name=f"{token} collateral ratio")
        f.add_scatter(x=g["ts"], y=g["psm_depth_usd"], mode="lines+markers", name=f"{token} PSM depth", yaxis="y2")
    sec.figures.append(f)
    return sec
