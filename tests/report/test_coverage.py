"""No report line goes blank where its mart has data: each section's declared coverage (the dates its mart has a
value on, and the grain the line is drawn at) must find a point of the line in every such bucket."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from report.render import build_sections, section_html
from report.section import Section, fig

pytestmark = pytest.mark.slow
BUCKET: dict[str, Callable[[date], date]] = {
    "day": lambda d: d,
    "week": lambda d: d - timedelta(days=d.weekday()),
    "month": lambda d: d.replace(day=1),
    "year": lambda d: d.replace(month=1, day=1),
}


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date(int(value), 1, 1)  # a year on the x axis


def test_every_line_has_a_point_in_every_bucket_where_its_mart_has_data(serving: Path) -> None:
    checked = 0
    with duckdb.connect(str(serving), read_only=True) as con:
        for sec in build_sections(con):
            lines: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
            for fig in sec.figures:
                for trace in fig.data:
                    lines[str(trace.name)] += [(x, y) for x, y in zip(trace.x or (), trace.y or (), strict=True)]
            for cov in sec.coverage:
                expected: dict[str, set[date]] = defaultdict(set)
                for name, day in con.execute(cov.sql).fetchall():
                    expected[str(name)].add(BUCKET[cov.grain](as_date(day)))
                for name, buckets in expected.items():
                    assert name in lines, f"{sec.id}: the mart has data for {name!r}, the report draws no such line"
                    drawn = {BUCKET[cov.grain](as_date(x)) for x, y in lines[name] if y is not None}
                    missing = sorted(buckets - drawn)
                    assert not missing, f"{sec.id}/{name}: {len(missing)} {cov.grain}s without a point: {missing[:5]}"
                    checked += 1
    assert checked >= 20, checked
    print(f"report coverage: {checked} lines checked")


def test_a_figure_without_values_is_said_in_words_not_drawn(serving: Path) -> None:
    with duckdb.connect(str(serving), read_only=True) as con:
        backing = next(s for s in build_sections(con) if s.id == "backing")
    page, charts = section_html(backing)  # offline, the recorded chain reads hold supply only: no ratio, no depth
    assert charts == [] and "class='missing no-data'" in page and "no on-chain reading of reserves" in page
    drawn = Section("probe", "probe", figures=[fig("probe")])
    drawn.figures[0].add_scatter(x=[date(2026, 1, 1)], y=[1.0])
    assert section_html(drawn)[1] == ["chart-probe-0"]
