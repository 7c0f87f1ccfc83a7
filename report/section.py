"""What a report section is (a heading, its charts or table, or why it is empty) and the charts' style.

Its own module so that a section written in another module (report/thesis.py) and the page that
assembles them (report/render.py) share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

LAYOUT = dict(template="plotly_white", height=420, margin=dict(l=60, r=20, t=50, b=40), legend=dict(orientation="h"))


@dataclass
class Section:
    """One heading of the report: its charts (plotly figures), an HTML table, or why it is empty."""

    id: str
    title: str
    text: str = ""
    figures: list[go.Figure] = field(default_factory=list)
    table_html: str = ""
    missing: str | None = None


def fig(title: str, **layout: object) -> go.Figure:
    """A figure in the report's style."""
    figure = go.Figure()
    figure.update_layout(title=title, **{**LAYOUT, **layout})
    return figure
