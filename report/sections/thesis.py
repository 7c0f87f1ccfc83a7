"""The report's "Thesis" section: the event study, the lead-lag correlations and the channels.

It shows co-movement, not cause: each response's mean path after the JGB stress events against the
placebo band of non-event days, correlations of daily changes at leads and lags, the US–Japan spread
with the yen, demand at super-long auctions and cross-border portfolio flows. The verdicts the
ledger draws from these marts are in the claims section.
"""

from __future__ import annotations

import html

import duckdb
import plotly.graph_objects as go
from plotly.colors import qualitative

from ingest.warehouse.load import sql_str
from report import section
from report.data import Frame, query
from report.section import Coverage, Section

FAMILY_COLORS = {"jgb_30y": "#cf222e", "jgb_10y": "#0969da"}
BAND_FILL = {"jgb_30y": "rgba(207,34,46,0.12)", "jgb_10y": "rgba(9,105,218,0.12)"}
TEXT = (
    "JGB stress events (jgb_stress_events): days when the 30-year or the 10-year yield rose by more than "
    "the top percentile of its trailing five years, or by a record, counted once per cluster. Each chart "
    "shows a response's mean cumulative move from the close before the events to h business days after "
    "them, and the placebo band (2.5–97.5 % of the same mean over equally many non-event days). A mean "
    "outside the band is unusual for ordinary days; it is not proof that JGBs caused it."
)


def _event_path(study: Frame, response: str) -> go.Figure | None:
    """One response: per family, the mean path (0 at the close before the event) and its placebo band."""
    fig = None
    for (family, resp), f in study.split("event_family", "response"):
        if resp != response:
            continue
        if fig is None:
            fig = section.fig(f"{response}: mean response after JGB stress events", yaxis_title=f["unit"][0])
            fig.update_xaxes(title="business days after the event")
        xs = [0, *f["horizon_days"]]
        fig.add_scatter(x=xs, y=[0, *f["band_high"]], mode="lines", line=dict(width=0), showlegend=False)
        fig.add_scatter(
            x=xs,
            y=[0, *f["band_low"]],
            mode="lines",
            line=dict(width=0),
            fill="tonexty",
            fillcolor=BAND_FILL.get(family, "rgba(0,0,0,0.1)"),
            name=f"{family} placebo band",
        )
        fig.add_scatter(
            x=xs,
            y=[0, *f["mean_response"]],
            mode="lines+markers",
            line=dict(color=FAMILY_COLORS.get(family)),
            name=f"{family} mean ({f['n_events'][0]} events)",
        )
    return fig


def _lead_lag(ll: Frame, driver: str) -> go.Figure | None:
    """Bars of the correlation at each lag, one colour per response, with the ±1.96/√n bound."""
    parts = [(resp, f) for (drv, resp), f in ll.split("driver", "response") if drv == driver]
    if not parts:
        return None
    fig = section.fig(
        f"Correlation of daily changes with the {driver} yield's (positive lag: the response follows)",
        barmode="group",
        xaxis_title="lag (business days)",
        yaxis_title="correlation",
    )
    for (resp, f), color in zip(parts, qualitative.Plotly, strict=False):
        fig.add_bar(x=f["lag_days"], y=f["correlation_coefficient"], name=resp, marker_color=color)
    bound = max(b for _, f in parts for b in f["bound"])
    for y in (bound, -bound):
        fig.add_hline(y=y, line=dict(dash="dot", color="#6e7781"))
    return fig


# Each channel line declared once, (column, the line's name): its chart and its coverage are drawn from it.
SPREAD_LINES = (
    ("spread_10y_bp", "UST 10Y − JGB 10Y (bp)"),
    ("spread_30y_bp", "UST 30Y − JGB 30Y (bp)"),
    ("usd_jpy", "USD/JPY (noon New York)"),
)
SPREADS_SINCE = "DATE '2005-01-01'"
AUCTION_LINE = "CAST(maturity_years AS VARCHAR) || '-year'"
FLOW_LINES = (
    ("residents_net_foreign_bonds_100m_yen", "residents' net purchases of foreign bonds"),
    ("nonresidents_net_japanese_long_term_debt_100m_yen", "non-residents' net purchases of Japanese long-term debt"),
)
COVERAGE = [
    *(
        Coverage(
            f"SELECT {sql_str(name)}, date FROM main.us_japan_spreads WHERE date >= {SPREADS_SINCE} "
            f"AND {col} IS NOT NULL",
            "day",
        )
        for col, name in SPREAD_LINES
    ),
    Coverage(f"SELECT {AUCTION_LINE}, auction_date FROM main.jgb_auction_demand WHERE bid_to_cover IS NOT NULL", "day"),
    *(
        Coverage(f"SELECT {sql_str(name)}, month FROM main.portfolio_flows_monthly WHERE {col} IS NOT NULL", "month")
        for col, name in FLOW_LINES
    ),
]


def _spread(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure | None, str | None]:
    cols = ", ".join(col for col, _ in SPREAD_LINES)
    s = query(
        con,
        f"SELECT date, {cols} FROM main.us_japan_spreads WHERE date >= {SPREADS_SINCE} ORDER BY date",
        "us_japan_spreads",
    )
    if s.empty:
        return None, s.missing
    fig = section.fig("US Treasury over JGB yields, and USD/JPY", yaxis_title="bp")
    for col, name in SPREAD_LINES:
        fig.add_scatter(x=s["date"], y=s[col], mode="lines", name=name, **({"yaxis": "y2"} if col == "usd_jpy" else {}))
    fig.update_layout(yaxis2=dict(title="yen per dollar", overlaying="y", side="right"))
    return fig, None


def _auctions(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure | None, str | None]:
    a = query(
        con,
        f"SELECT {AUCTION_LINE} AS line, auction_date, bid_to_cover FROM main.jgb_auction_demand "
        "ORDER BY maturity_years, auction_date",
        "jgb_auction_demand",
    )
    if a.empty:
        return None, a.missing
    fig = section.fig("Bid-to-cover at super-long JGB auctions", yaxis_title="competitive bids / accepted")
    for (line,), f in a.split("line"):
        fig.add_scatter(x=f["auction_date"], y=f["bid_to_cover"], mode="lines+markers", name=line)
    return fig, None


def _flows(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure | None, str | None]:
    cols = ", ".join(f"{col} / 1e4 AS {col}" for col, _ in FLOW_LINES)  # 100 million yen → trillion yen
    p = query(con, f"SELECT month, {cols} FROM main.portfolio_flows_monthly ORDER BY month", "portfolio_flows_monthly")
    if p.empty:
        return None, p.missing
    fig = section.fig("Portfolio flows by month (MoF, net purchases)", yaxis_title="trillion yen", barmode="group")
    for col, name in FLOW_LINES:
        fig.add_bar(x=p["month"], y=p[col], name=name)
    return fig, None


def _study_table(study: Frame, horizon: int) -> str:
    """The event study at one horizon as an HTML table: mean, median, band, position."""
    head = "".join(f"<th>{h}</th>" for h in ("family", "response", "events", "mean", "median", "placebo band", ""))
    rows = []
    for i in range(len(study["response"])):
        if study["horizon_days"][i] != horizon:
            continue
        cells = (
            study["event_family"][i],
            study["response"][i],
            str(study["n_events"][i]),
            f"{study['mean_response'][i]:.3f}",
            f"{study['median_response'][i]:.3f}",
            f"[{study['band_low'][i]:.3f}, {study['band_high'][i]:.3f}] {study['unit'][i]}",
            study["mean_vs_band"][i],
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    caption = f"<caption>Cumulative response {horizon} business days after the events</caption>"
    return f"<table class='claims'>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def build(con: duckdb.DuckDBPyConnection) -> Section:
    """The section: event paths per response, lead-lag bars per driver, then the channels."""
    study = query(con, "SELECT * FROM main.event_study ORDER BY event_family, response, horizon_days", "event_study")
    ll = query(con, "SELECT * FROM main.lead_lag ORDER BY driver, response, lag_days", "lead_lag")
    sec = Section(
        "thesis", "Thesis: does JGB stress drain liquidity?", text=TEXT, missing=study.missing, coverage=COVERAGE
    )
    if not study.empty:
        responses = list(dict.fromkeys(study["response"]))
        sec.figures += [f for r in responses if (f := _event_path(study, r)) is not None]
        sec.table_html = _study_table(study, 5)
    if not ll.empty:
        sec.figures += [f for d in dict.fromkeys(ll["driver"]) if (f := _lead_lag(ll, d)) is not None]
    absent = []
    for make in (_spread, _auctions, _flows):
        fig, why = make(con)
        if fig is not None:
            sec.figures.append(fig)
        elif why:
            absent.append(why)
    if absent and not sec.missing:
        sec.missing = "; ".join(absent)
    return sec
