"""The vocabulary of the dashboard as code: a dataset, a chart, a tab.

Why one small spec per chart: every Superset chart needs both its form data (what the UI draws) and a saved
query context (what ``GET /api/v1/chart/{id}/data`` and reports run); deriving both from one declaration keeps
them from drifting. Tabs (one module each, beside this one) are lists of rows of these charts.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = uuid.UUID("6d1c2f9e-3a57-4c61-9a43-8f3b1e0c5a12")
ROW_LIMIT = 50_000


def uid(kind: str, name: str) -> str:
    """A stable UUID per asset: what makes the import an overwrite instead of a duplicate."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


@dataclass(frozen=True)
class Dataset:
    """A mart in serving.duckdb (``sql`` None) or a virtual dataset over marts."""

    name: str
    time_column: str | None = "date"
    sql: str | None = None
    description: str = ""

    def source(self) -> str:
        """What a query reads: the mart, or the virtual dataset's SQL as a subquery."""
        return f"({self.sql}) AS {self.name}" if self.sql else f"main.{self.name}"


def metric(sql: str, label: str) -> dict[str, Any]:
    """An ad-hoc SQL metric, as the Explore UI saves one."""
    return {
        "expressionType": "SQL",
        "sqlExpression": sql,
        "label": label,
        "hasCustomLabel": True,
        "optionName": f"metric_{uuid.uuid5(NAMESPACE, sql + label).hex[:12]}",
    }


def where(sql: str) -> dict[str, Any]:
    """An ad-hoc SQL WHERE filter, as the Explore UI saves one."""
    return {
        "expressionType": "SQL",
        "sqlExpression": sql,
        "clause": "WHERE",
        "subject": None,
        "operator": None,
        "comparator": None,
        "isExtra": False,
        "isNew": False,
        "filterOptionName": f"filter_{uuid.uuid5(NAMESPACE, sql).hex[:12]}",
    }


TIMESERIES_PARAMS: dict[str, Any] = {
    "x_axis_sort_asc": True,
    "order_desc": True,
    "truncate_metric": True,
    "show_legend": True,
    "legendType": "scroll",
    "legendOrientation": "top",
    "rich_tooltip": True,
    "y_axis_format": "SMART_NUMBER",
    "x_axis_time_format": "smart_date",
    "markerEnabled": False,
    "zoomable": False,
    "comparison_type": "values",
    "annotation_layers": [],
    "sort_series_type": "name",
    "sort_series_ascending": True,
    "only_total": True,
    "show_empty_columns": True,
}


@dataclass
class Chart:
    """One chart: Superset viz type plus the few knobs that differ between ours."""

    title: str
    viz: str  # echarts_timeseries_{line,bar,scatter} | echarts_area | table | big_number | big_number_total
    dataset: Dataset
    metrics: list[dict[str, Any]] = field(default_factory=list)
    x: str | None = None  # the x axis column (time or numeric)
    grain: str | None = None  # ISO-8601 time grain on a temporal x axis
    groupby: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # raw table columns
    filters: list[str] = field(default_factory=list)  # SQL WHERE clauses
    order: list[tuple[str, bool]] = field(default_factory=list)  # raw table order (column, ascending)
    width: int = 6
    height: int = 50
    extra: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def uuid(self) -> str:
        return uid("chart", self.title)

    @property
    def is_timeseries(self) -> bool:
        """A chart with one value per time bucket and series (what the coverage test checks)."""
        return self.viz.startswith(("echarts_timeseries", "echarts_area")) and self.grain is not None

    def _table_params(self) -> dict[str, Any]:
        if self.columns:
            return {
                "query_mode": "raw",
                "all_columns": self.columns,
                "include_search": True,
                "server_pagination": False,
                "order_by_cols": [json.dumps([c, a]) for c, a in self.order],
                "table_timestamp_format": "%Y-%m-%d",
            }
        return {
            "query_mode": "aggregate",
            "groupby": self.groupby,
            "metrics": self.metrics,
            "all_columns": [],
            "order_desc": False,
            "include_search": False,
            "table_timestamp_format": "%Y-%m-%d",
        }

    def _viz_params(self) -> dict[str, Any]:
        if self.viz == "table":
            return self._table_params()
        big = {"metric": self.metrics[0] if self.metrics else None, "header_font_size": 0.4}
        if self.viz == "big_number_total":
            return {**big, "y_axis_format": "SMART_NUMBER", "subheader_font_size": 0.15}
        if self.viz == "big_number":
            return {
                **big,
                "x_axis": self.x,
                "time_grain_sqla": self.grain,
                "show_trend_line": True,
                "start_y_axis_at_zero": False,
                "y_axis_format": ".2f",
                "subheader_font_size": 0.15,
            }
        return {
            **TIMESERIES_PARAMS,
            "x_axis": self.x,
            "time_grain_sqla": self.grain,
            "metrics": self.metrics,
            "groupby": self.groupby,
        }

    def params(self, datasource: str) -> dict[str, Any]:
        """The form data the dashboard draws from (what Explore would save)."""
        p: dict[str, Any] = {
            "viz_type": self.viz,
            "datasource": datasource,
            "row_limit": ROW_LIMIT,
            "adhoc_filters": [where(f) for f in self.filters],
            "extra_form_data": {},
            "dashboards": [],
        }
        p.update(self._viz_params())
        p.update(self.extra)
        return p

    def query(self) -> dict[str, Any]:
        """The chart's one query, as saved in its query context: the raw rows, no post-processing, so a test can
        compare them with the same SQL run directly on serving.duckdb."""
        extras: dict[str, Any] = {"having": "", "where": " AND ".join(f"({f})" for f in self.filters)}
        q: dict[str, Any] = {
            "filters": [],
            "extras": extras,
            "applied_time_extras": {},
            "annotation_layers": [],
            "row_limit": ROW_LIMIT,
            "series_limit": 0,
            "order_desc": True,
            "url_params": {},
            "custom_params": {},
            "custom_form_data": {},
            "post_processing": [],
        }
        if self.viz == "table" and self.columns:
            q.update(columns=self.columns, metrics=[], orderby=[[c, a] for c, a in self.order])
        elif self.viz in ("table", "big_number_total"):
            q.update(columns=self.groupby, metrics=self.metrics, orderby=[])
        else:
            axis: dict[str, Any] = {"columnType": "BASE_AXIS", "sqlExpression": self.x, "label": self.x}
            axis["expressionType"] = "SQL"
            if self.grain:
                axis["timeGrain"] = self.grain
                extras["time_grain_sqla"] = self.grain
            q.update(columns=[axis, *self.groupby], metrics=self.metrics, orderby=[], series_columns=self.groupby)
        return q

    def query_context(self, datasource: str) -> str:
        context = {
            "datasource": {"id": int(datasource.split("__")[0]), "type": "table"},
            "force": False,
            "queries": [self.query()],
            "form_data": self.params(datasource),
            "result_format": "json",
            "result_type": "full",
        }
        return json.dumps(context)


@dataclass(frozen=True)
class Markdown:
    """A note on a tab: what its numbers are, from which source, which vintage (Superset's MARKDOWN component)."""

    text: str
    width: int = 12
    height: int = 12


@dataclass(frozen=True)
class Tab:
    """One tab of the dashboard: a title and its rows (12 columns wide) of charts and notes."""

    title: str
    rows: list[list[Chart | Markdown]]

    def charts(self) -> list[Chart]:
        return [c for row in self.rows for c in row if isinstance(c, Chart)]
