"""The claims ledger: each reviewed claim, what the marts found, the verdict and its evidence."""

from __future__ import annotations

import html

import duckdb

from report import data
from report.section import Section

VERDICT_COLORS = {
    "supported": "#1a7f37",
    "contradicted": "#cf222e",
    "issuer_reported": "#9a6700",
    "inconclusive": "#8250df",
    "not yet checkable": "#6e7781",
}


def build(con: duckdb.DuckDBPyConnection) -> Section:
    c = data.claims(con)
    sec = Section(
        "claims",
        "Claims ledger",
        missing=c.missing,
        text="Reviewed claims (dbt seed reviewed_claims) checked against the marts: verdicts come from the data; "
        "issuer_reported means the only evidence is the issuer's own statement; inconclusive means an event-study "
        "mean lies within its placebo band.",
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
