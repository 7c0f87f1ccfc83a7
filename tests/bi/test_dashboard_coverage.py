"""No dashboard series goes blank where its mart has data: for every time-series chart, the buckets (day, week
or month) in which Superset returns a value are exactly those in which the mart has a row with that metric
non-null, worked out here independently (the metric on each single row, bucketed in Python)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import httpx
import pytest

from bi.dashboard import all_charts
from bi.dashboard.spec import Chart
from tests.bi.conftest import Superset
from tests.bi.test_superset import chart_data, normalise

pytestmark = pytest.mark.slow
BUCKET: dict[str, Callable[[date], date]] = {
    "P1D": lambda d: d,
    "P1W": lambda d: d - timedelta(days=d.weekday()),  # Superset's DuckDB week: date_trunc('week'), Mondays
    "P1M": lambda d: d.replace(day=1),
}
Bucket = tuple[str, tuple[Any, ...], date]  # (metric label, series, bucket)


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    return datetime.fromtimestamp(value / 1000, tz=UTC).date()  # Superset's JSON: epoch milliseconds


def mart_buckets(con: duckdb.DuckDBPyConnection, chart: Chart) -> set[Bucket]:
    """Per metric: the buckets holding a row on which the metric, evaluated on that row alone, is not null."""
    assert chart.grain and chart.x
    where = " AND ".join(f"({f})" for f in chart.filters) or "TRUE"
    groups = "".join(f", {g}" for g in chart.groupby)
    out: set[Bucket] = set()
    for m in chart.metrics:
        rows = con.execute(
            f"SELECT {chart.x}{groups} FROM (SELECT *, row_number() OVER () AS lw_row "
            f"FROM {chart.dataset.source()} WHERE {where}) GROUP BY lw_row, {chart.x}{groups} "
            f"HAVING ({m['sqlExpression']}) IS NOT NULL"
        ).fetchall()
        bucket = BUCKET[chart.grain]
        out |= {(m["label"], tuple(normalise(v) for v in r[1:]), bucket(as_date(r[0]))) for r in rows}
    return out


def chart_buckets(result: dict[str, Any], chart: Chart) -> set[Bucket]:
    """Per metric: the buckets in which Superset's answer has a value."""
    x = result["colnames"][0]
    return {
        (m["label"], tuple(normalise(row[g]) for g in chart.groupby), as_date(row[x]))
        for row in result["data"]
        for m in chart.metrics
        if row[m["label"]] is not None
    }


def test_every_timeseries_has_a_value_in_every_bucket_where_its_mart_has_data(
    superset: Superset, api: httpx.Client, dashboard_charts: list[dict[str, Any]]
) -> None:
    ids = {c["slice_name"]: c["id"] for c in dashboard_charts}
    checked = 0
    with duckdb.connect(str(superset.home / "serving.duckdb"), read_only=True) as con:
        for chart in (c for c in all_charts() if c.is_timeseries):
            expected = mart_buckets(con, chart)
            assert expected, f"{chart.title}: the mart has no data at all"
            got = chart_buckets(chart_data(api, ids[chart.title]), chart)
            missing = sorted(expected - got, key=lambda b: b[2])
            assert not missing, f"{chart.title}: {len(missing)} buckets without a value, e.g. {missing[:3]}"
            assert got == expected, f"{chart.title}: values where the mart has none: {sorted(got - expected)[:3]}"
            checked += 1
    assert checked >= 10, checked
    print(f"coverage: {checked} time-series charts, every bucket with data has a value")
