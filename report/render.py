"""The analyst report: one static, self-contained HTML file (plotly.js inline, nothing fetched)."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs

from ingest.recovery.disk import naming_no_space
from report import data, thesis
from report.section import Section
from report.section import fig as _fig

CHART_CLASS = "lw-chart"


@dataclass(frozen=True)
class ReportResult:
    path: Path
    charts: list[str]
    missing: dict[str, str]
    bytes: int
    seconds: float


def curve_section(con: duckdb.DuckDBPyConnection) -> Section:
    snaps, why = data.curve_snapshots(con)
    sec = Section("curve", "JGB yield curve: today, 1 month and 1 year ago", missing=why)
    if snaps:
        fig = _fig("MoF constant-maturity JGB yields by tenor", xaxis_title="tenor (years)", yaxis_title="% per annum")
        for (d, ys), label in zip(snaps, ("latest", "1 month earlier", "1 year earlier"), strict=False):
            pts = [(t, y) for t, y in zip(data.TENORS, ys, strict=True) if y is not None]
            fig.add_scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=f"{d} ({label})")
        sec.figures.append(fig)
        sec.text = f"Latest business day in the warehouse: {snaps[0][0]}."
    return sec


def history_section(con: duckdb.DuckDBPyConnection) -> Section:
    hist, recs = data.tenor_history(con), data.tenor_records(con)
    sec = Section(
        "history",
        "Each tenor's history, record highs marked",
        text="Weekly (each week's last business day); markers are the days a tenor set an all-time high of its "
        "series. Click a legend entry to show or hide a tenor.",
        missing=hist.missing,
    )
    if hist.empty:
        return sec
    fig = _fig("JGB yields since 1974 (MoF)", yaxis_title="% per annum", height=560)
    shown = {2, 10, 30, 40}
    for t, color in zip(data.TENORS, qualitative.Dark24, strict=False):
        xs = [d for tt, d in zip(hist["tenor_years"], hist["date"], strict=True) if tt == t]
        ys = [y for tt, y in zip(hist["tenor_years"], hist["yield_pct"], strict=True) if tt == t]
        vis = True if t in shown else "legendonly"
        fig.add_scatter(x=xs, y=ys, mode="lines", name=f"{t}Y", legendgroup=str(t), visible=vis, line=dict(color=color))
        if not recs.empty:
            rx = [d for tt, d in zip(recs["tenor_years"], recs["date"], strict=True) if tt == t]
            ry = [y for tt, y in zip(recs["tenor_years"], recs["yield_pct"], strict=True) if tt == t]
            fig.add_scatter(
                x=rx,
                y=ry,
                mode="markers",
                name=f"{t}Y record",
                legendgroup=str(t),
                visible=vis,
                marker=dict(symbol="star", size=8, color=color, line=dict(width=1, color="black")),
                showlegend=False,
            )
    sec.figures.append(fig)
    return sec


def spreads_section(con: duckdb.DuckDBPyConnection) -> Section:
    sp, pol = data.spreads(con), data.policy_spread(con)
    sec = Section("spreads", "Curve spreads and the policy spread", missing=sp.missing)
    if not sp.empty:
        fig = _fig("JGB curve spreads (weekly)", yaxis_title="basis points")
        for col, name in (
            ("spread_10y_2y_bp", "10Y − 2Y"),
            ("spread_30y_10y_bp", "30Y − 10Y"),
            ("spread_40y_30y_bp", "40Y − 30Y"),
        ):
            fig.add_scatter(x=sp["date"], y=sp[col], mode="lines", name=name)
        sec.figures.append(fig)
    if pol.empty:
        sec.text = f"Policy spread: {pol.missing or 'no rows yet'}."
    else:
        fig = _fig("10Y JGB yield minus the BoJ policy target", yaxis_title="basis points")
        fig.add_scatter(x=pol["date"], y=pol["spread_10y_bp"], mode="lines", name="10Y − policy target")
        sec.figures.append(fig)
    return sec


def rates_section(con: duckdb.DuckDBPyConnection) -> Section:
    r = data.call_rate_and_target(con)
    sec = Section(
        "rates",
        "Overnight call rate and the BoJ's target",
        missing=r.missing,
        text="Weekly. The call rate is the BoJ's uncollateralized overnight series; the target comes from "
        "the reviewed table of policy decisions (from 2016).",
    )
    if not r.empty:
        fig = _fig("Uncollateralized overnight call rate vs the policy-rate target", yaxis_title="% per annum")
        fig.add_scatter(x=r["date"], y=r["call_rate_pct"], mode="lines", name="call rate")
        fig.add_scatter(x=r["date"], y=r["target_pct"], mode="lines", name="policy target", line=dict(shape="hv"))
        sec.figures.append(fig)
    return sec


def cpi_section(con: duckdb.DuckDBPyConnection) -> Section:
    c = data.cpi_yoy(con)
    sec = Section(
        "cpi",
        "Consumer prices, year on year",
        missing=c.missing,
        text="Computed from the published (rounded) 2020-base index; the official rate uses unrounded "
        "indices and may differ by ±0.1 pt. The dotted line is 2 %.",
    )
    if not c.empty:
        fig = _fig("CPI year-on-year: headline and the BoJ's core", yaxis_title="%")
        for _, g in c.split("series_code"):
            fig.add_scatter(x=g["month"], y=g["yoy_pct"], mode="lines", name=g["series_name_en"][0])
        fig.add_hline(y=2.0, line_dash="dot")
        sec.figures.append(fig)
    return sec


def debt_to_gdp_section(con: duckdb.DuckDBPyConnection) -> Section:
    d = data.debt_to_gdp(con)
    sec = Section(
        "debt_to_gdp",
        "Debt-to-GDP: the IMF's general government ratio by vintage, and MoF's central "
        "government debt over nominal GDP",
        missing=d.missing,
    )
    if not d.empty:
        fig = _fig("Gross debt, % of GDP", yaxis_title="% of GDP")
        for (kind, vintage), g in d.split("ratio_kind", "vintage"):
            label = f"IMF WEO {vintage}" if kind.startswith("imf") else "MoF central government / ESRI GDP"
            fig.add_scatter(x=g["year"], y=g["ratio_pct"], mode="lines+markers", name=label)
        sec.figures.append(fig)
    return sec


def supply_section(con: duckdb.DuckDBPyConnection) -> Section:
    s = data.stablecoin_supply(con)
    sec = Section(
        "supply",
        "Stablecoin supply (total circulating, all chains)",
        missing=s.missing,
        text="Weekly; DefiLlama's total circulating supply per token.",
    )
    if not s.empty:
        fig = _fig("USD stablecoin supply", yaxis_title="tokens")
        for (token,), g in s.split("token"):
            fig.add_scatter(x=g["date"], y=g["supply"], mode="lines", name=token)
        sec.figures.append(fig)
    return sec


def debt_section(con: duckdb.DuckDBPyConnection) -> Section:
    tot, sens = data.debt_total(con), data.debt_sensitivity(con)
    sec = Section("debt", "Government debt and debt-service sensitivity", missing=tot.missing)
    if not tot.empty:
        fig = _fig("Central government debt outstanding (MoF, quarter ends)", yaxis_title="trillion yen")
        fig.add_scatter(x=tot["as_of"], y=tot["total_trn"], mode="lines+markers", name="total")
        sec.figures.append(fig)
    if sens.empty:
        sec.text = f"Debt-service sensitivity: {sens.missing or 'no rows yet'}."
    else:
        shock = sens["shock_pp"][0]
        fig = _fig(
            f"Added annual interest after a +{shock} pp parallel yield shock",
            barmode="group",
            xaxis_title="years after the shock",
            yaxis_title="trillion yen",
        )
        for (scope,), g in sens.split("scope"):
            fig.add_bar(x=g["years_after"], y=g["added_trn"], name=f"model: {scope}")
        mof = [(y, m) for y, m in zip(sens["years_after"], sens["mof_trn"], strict=True) if m is not None]
        if mof:
            fig.add_scatter(
                x=[p[0] for p in mof],
                y=[p[1] for p in mof],
                mode="markers",
                name="MoF's own estimate",
                marker=dict(symbol="diamond", size=11),
            )
        sec.figures.append(fig)
        sec.text = f"Debt stock as of {sens['stock_as_of'][0]}; see debt_service_sensitivity for the method."
    return sec


def backing_section(con: duckdb.DuckDBPyConnection) -> Section:
    b = data.backing(con)
    sec = Section("backing", "Stablecoin backing (on chain)", missing=b.missing)
    if b.empty:
        sec.missing = sec.missing or "not loaded: main.stablecoin_backing has no rows yet"
        return sec
    fig = _fig(
        "Collateral ratio and PSM depth",
        yaxis_title="on-chain reserves / supply",
        yaxis2=dict(title="PSM depth, USD", overlaying="y", side="right"),
    )
    for (token,), g in b.split("token"):
        fig.add_scatter(x=g["ts"], y=g["collateral_ratio"], mode="lines+markers", name=f"{token} collateral ratio")
        fig.add_scatter(x=g["ts"], y=g["psm_depth_usd"], mode="lines+markers", name=f"{token} PSM depth", yaxis="y2")
    sec.figures.append(fig)
    sec.text = "Counts only the collateral read on chain (registry holders and USD PoR feeds); blank ratios: none read."
    return sec


def pressure_section(con: duckdb.DuckDBPyConnection) -> Section:
    p = data.pressure(con)
    sec = Section(
        "pressure",
        "Composite liquidity-pressure score",
        missing=p.missing,
        text="Mean of the z-scores present that day (see liquidity_pressure_daily); above 2 is rare in its window.",
    )
    if not p.empty:
        fig = _fig("stress_score (rolling z-scores)", yaxis_title="z")
        fig.add_scatter(
            x=p["date"], y=p["stress_score"], mode="lines", name="daily", line=dict(width=1, color="#c8d1dc")
        )
        fig.add_scatter(
            x=p["date"], y=p["stress_score_20d"], mode="lines", name="20-day mean", line=dict(color="#cf222e")
        )
        sec.figures.append(fig)
    return sec


VERDICT_COLORS = {
    "supported": "#1a7f37",
    "contradicted": "#cf222e",
    "issuer_reported": "#9a6700",
    "inconclusive": "#8250df",
    "not yet checkable": "#6e7781",
}


def claims_section(con: duckdb.DuckDBPyConnection) -> Section:
    c = data.claims(con)
    sec = Section(
        "claims",
        "Claims ledger",
        missing=c.missing,
        text="Reviewed claims (dbt seed reviewed_claims) checked against the marts: verdicts come from the data; "
        "issuer_reported means the only evidence is the issuer's own statement.",
    )
    if c.empty:
        return sec
    head = "".join(f"<th>{h}</th>" for h in ("claim", "claimed", "found", "verdict", "evidence"))
    rows = []
    for i in range(len(c["id"])):
        v = c["verdict"][i]
        rows.append(
            "<tr>" + f"<td title='{html.escape(c['id'][i])}'>{html.escape(c['claim'][i])}</td>"
            f"<td>{html.escape(str(c['claimed'][i]))}</td><td>{html.escape(str(c['found'][i] or '—'))}</td>"
            f"<td class='verdict' style='color:{VERDICT_COLORS.get(v, '#000')}'>{html.escape(v)}</td>"
            f"<td>{html.escape(c['evidence'][i] or '')}</td></tr>"
        )
    sec.table_html = f"<table class='claims'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    sec.text += f" Checked at {c['checked_at'][0]}."
    return sec


SECTIONS = (
    curve_section,
    history_section,
    spreads_section,
    rates_section,
    cpi_section,
    debt_section,
    debt_to_gdp_section,
    supply_section,
    backing_section,
    pressure_section,
    thesis.build,
    claims_section,
)

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px;
  color:#1f2328}
h1{margin-top:24px} h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:36px}
.missing{color:#9a6700;background:#fff8c5;padding:8px 12px;border-radius:6px}
table.claims{border-collapse:collapse;width:100%;font-size:14px}
.claims td,.claims th{border:1px solid #d0d7de;padding:6px;vertical-align:top}
.claims th{background:#f6f8fa;text-align:left} .verdict{font-weight:600;white-space:nowrap}
nav a{margin-right:12px}
"""


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    return [make(con) for make in SECTIONS]


def to_html(sections: list[Section], title: str, dates: list[tuple[str, date | None]]) -> tuple[str, list[str]]:
    """The page and the ids of its chart divs (the browser test looks for each one's plotly SVG)."""
    parts, chart_ids = [], []
    for sec in sections:
        parts.append(f"<section id='{sec.id}'><h2>{html.escape(sec.title)}</h2>")
        if sec.missing:
            parts.append(f"<p class='missing'>{html.escape(sec.missing)}</p>")
        if sec.text:
            parts.append(f"<p>{html.escape(sec.text)}</p>")
        for n, fig in enumerate(sec.figures):
            div_id = f"chart-{sec.id}-{n}"
            chart_ids.append(div_id)
            parts.append(
                f"<div class='{CHART_CLASS}'>"
                + fig.to_html(
                    full_html=False,
                    include_plotlyjs=False,
                    div_id=div_id,
                    config={"displaylogo": False, "responsive": True},
                )
                + "</div>"
            )
        parts.append(sec.table_html + "</section>")
    nav = " ".join(f"<a href='#{s.id}'>{html.escape(s.title.split(':')[0])}</a>" for s in sections)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    through = "; ".join(f"{label} {d or 'none'}" for label, d in dates) or "no marts yet"
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{CSS}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Built {generated}. Data through: {html.escape(through)}.</p>"
        f"<nav>{nav}</nav>{''.join(parts)}</body></html>"
    )
    return page, chart_ids


def render_report(con: duckdb.DuckDBPyConnection, out_dir: Path) -> ReportResult:
    """Write ``out_dir/index.html`` from the marts ``con`` sees (main schema), atomically."""
    started = time.perf_counter()
    sections = build_sections(con)
    page, chart_ids = to_html(sections, "Liquidity Watch", data.data_dates(con))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    try:
        with naming_no_space(path, len(page.encode())):
            tmp.write_text(page, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # a page cut short (no space left) is never left behind
    return ReportResult(
        path,
        chart_ids,
        {s.id: s.missing for s in sections if s.missing},
        path.stat().st_size,
        time.perf_counter() - started,
    )


def render_from_file(db_path: Path, out_dir: Path) -> ReportResult:
    """Render from a DuckDB file opened read-only (serving.duckdb, or the warehouse between builds)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return render_report(con, out_dir)
    finally:
        con.close()
