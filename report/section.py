"""What a report section is: a heading, its charts or table, why it is empty, and what its lines must cover.

Why ``coverage``: a chart can look fine and still leave out what the warehouse knows (a weekly sample that
lands on Sundays draws no call rate after 2016). Each section names, per line, the SQL of the dates on which
its mart has a value and the grain the line is drawn at; the tests check that every such date's bucket has a
point. A figure with no value at all is never drawn as empty axes: the page says so in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import plotly.graph_objects as go

LAYOUT = dict(template="plotly_white", height=420, margin=dict(l=60, r=20, t=50, b=40), legend=dict(orientation="h"))


@dataclass(frozen=True)
class Coverage:
    """Line(s) of a section's figures and the dates their mart has a value: ``sql`` returns (line name, date)."""

    sql: str
    grain: str  # "day" | "week" | "month" | "quarter" | "year": the sampling of the drawn line


@dataclass
class Section:
    """One heading of the report: its charts (plotly figures), an HTML table, or why it is empty."""

    id: str
    title: str
    text: str = ""
    figures: list[go.Figure] = field(default_factory=list)
    table_html: str = ""
    missing: str | None = None
    coverage: list[Coverage] = field(default_factory=list)
    empty_note: str = "no value to draw in this warehouse yet"


SectionBuilder = Callable[[duckdb.DuckDBPyConnection], Section]


def fig(title: str, **layout: object) -> go.Figure:
    """A figure in the report's style."""
    figure = go.Figure()
    figure.update_layout(title=title, **{**LAYOUT, **layout})
    return figure


def has_values(figure: go.Figure) -> bool:
    """True when at least one trace has one non-null y: else the figure would be empty axes."""
    return any(any(v is not None for v in (trace.y if trace.y is not None else ())) for trace in figure.data)


def title_of(figure: go.Figure) -> str:
    return str(figure.layout.title.text or "chart")
