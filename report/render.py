"""The analyst report: one static, self-contained HTML file (plotly.js inline, nothing fetched)."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from ingest.recovery.disk import naming_no_space
from report import data
from report.section import Section, has_values, title_of
from report.sections import SECTIONS

CHART_CLASS = "lw-chart"


@dataclass(frozen=True)
class ReportResult:
    path: Path
    charts: list[str]
    missing: dict[str, str]
    bytes: int
    seconds: float


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


def section_html(sec: Section) -> tuple[str, list[str]]:
    """One section's HTML and its chart div ids; a figure without a single value is said in words instead."""
    parts = [f"<section id='{sec.id}'><h2>{html.escape(sec.title)}</h2>"]
    if sec.missing:
        parts.append(f"<p class='missing'>{html.escape(sec.missing)}</p>")
    if sec.text:
        parts.append(f"<p>{html.escape(sec.text)}</p>")
    chart_ids = []
    for n, fig in enumerate(sec.figures):
        if not has_values(fig):
            parts.append(f"<p class='missing no-data'>{html.escape(title_of(fig))}: {html.escape(sec.empty_note)}.</p>")
            continue
        div_id = f"chart-{sec.id}-{n}"
        chart_ids.append(div_id)
        config = {"displaylogo": False, "responsive": True}
        body = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=config)
        parts.append(f"<div class='{CHART_CLASS}'>{body}</div>")
    parts.append(sec.table_html + "</section>")
    return "".join(parts), chart_ids


def to_html(sections: list[Section], title: str, dates: list[tuple[str, date | None]]) -> tuple[str, list[str]]:
    """The page and the ids of its chart divs (the browser test looks for each one's plotly SVG)."""
    parts: list[str] = []
    chart_ids: list[str] = []
    for sec in sections:
        part, ids = section_html(sec)
        parts.append(part)
        chart_ids += ids
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
