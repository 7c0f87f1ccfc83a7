"""The "Liquidity Watch" Superset dashboard, as code: datasets, charts and layout, rendered into an import bundle.

Why code rather than a hand-kept export: every chart needs both its form data (what the UI draws) and a saved
query context (what ``GET /api/v1/chart/{id}/data`` and reports run); deriving both from one small spec keeps
them from drifting. The bundle is Superset's own v1 import format (``metadata.yaml``, ``databases/``,
``datasets/``, ``charts/``, ``dashboards/``), imported with ``ImportAssetsCommand``, which overwrites by UUID:
the UUIDs below are fixed, so re-running ``lw bi`` updates in place and never duplicates.

Plain stdlib + PyYAML: it runs inside Superset's venv (bi/provision.py) and in the project's (the tests).
``python bi/dashboard.py OUT_DIR [SERVING]`` writes the bundle as files, to read or diff it.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NAMESPACE = uuid.UUID("6d1c2f9e-3a57-4c61-9a43-8f3b1e0c5a12")
DATABASE_NAME = "Liquidity Watch (serving.duckdb, read-only)"
DASHBOARD_TITLE = "Liquidity Watch"
DASHBOARD_SLUG = "liquidity-watch"
VERSION = "1.0.0"
ROW_LIMIT = 50_000


def uid(kind: str, name: str) -> str:
    """A stable UUID per asset: what makes the import an overwrite instead of a duplicate."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


# The curve on the latest date, and on the last trading day at or before one month and one year earlier.
CURVE_SQL = """\
WITH latest AS (SELECT max(date) AS d FROM main.jgb_yields),
targets AS (
    SELECT 'latest' AS curve, 1 AS curve_order, d AS target FROM latest
    UNION ALL SELECT '1 month earlier', 2, CAST(d - INTERVAL 1 MONTH AS DATE) FROM latest
    UNION ALL SELECT '1 year earlier', 3, CAST(d - INTERVAL 1 YEAR AS DATE) FROM latest
),
picked AS (
    SELECT t.curve, t.curve_order, max(y.date) AS curve_date
    FROM targets t JOIN main.jgb_yields y ON y.date <= t.target
    GROUP BY t.curve, t.curve_order
)
SELECT p.curve || ' (' || strftime(p.curve_date, '%Y-%m-%d') || ')' AS curve, p.curve_order, p.curve_date,
       y.tenor_years, y.yield_pct
FROM picked p JOIN main.jgb_yields y ON y.date = p.curve_date
"""


@dataclass(frozen=True)
class Dataset:
    """A mart in serving.duckdb (``sql`` None) or a virtual dataset over marts."""

    name: str
    time_column: str | None = "date"
    sql: str | None = None
    description: str = ""


DATASETS = [
    Dataset("jgb_yields", description="JGB yield per date and tenor (MoF), percent."),
    Dataset(
        "jgb_curve_snapshots",
        time_column="curve_date",
        sql=CURVE_SQL,
        description="The JGB curve on the latest date, one month and one year earlier.",
    ),
    Dataset("jgb_tenor_records", description="Each tenor's yield with all-time-high flags."),
    Dataset("jgb_spreads", description="Curve spreads in basis points."),
    Dataset("jgb_vs_policy", description="2Y/10Y yields against the BoJ policy target."),
    Dataset("government_debt_total", time_column="as_of", description="Central government debt, quarterly."),
    Dataset(
        "debt_service_sensitivity",
        time_column=None,
        description="Added interest after a rate shock, modelled vs the MoF estimate.",
    ),
    Dataset("stablecoin_supply", time_column="ts", description="On-chain stablecoin supply per chain."),
    Dataset("stablecoin_backing", time_column="ts", description="Stablecoin supply against reserves."),
    Dataset("liquidity_pressure_daily", description="The daily stress score and its components."),
    Dataset("claims", time_column="on_date", description="Published claims checked against the warehouse."),
]


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


@dataclass
class Chart:
    """One chart: Superset viz type plus the few knobs that differ between ours."""

    title: str
    viz: str  # echarts_timeseries_{line,bar,scatter} | echarts_area | table | big_number | big_number_total
    dataset: str
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
        if self.viz == "table":
            if self.columns:
                p.update(
                    query_mode="raw",
                    all_columns=self.columns,
                    include_search=True,
                    server_pagination=False,
                    order_by_cols=[json.dumps([c, a]) for c, a in self.order],
                    table_timestamp_format="%Y-%m-%d",
                )
            else:
                p.update(
                    query_mode="aggregate",
                    groupby=self.groupby,
                    metrics=self.metrics,
                    all_columns=[],
                    order_desc=False,
                    include_search=False,
                    table_timestamp_format="%Y-%m-%d",
                )
        elif self.viz == "big_number_total":
            p.update(
                metric=self.metrics[0], y_axis_format="SMART_NUMBER", header_font_size=0.4, subheader_font_size=0.15
            )
        elif self.viz == "big_number":
            p.update(
                metric=self.metrics[0],
                x_axis=self.x,
                time_grain_sqla=self.grain,
                show_trend_line=True,
                start_y_axis_at_zero=False,
                y_axis_format=".2f",
                header_font_size=0.4,
                subheader_font_size=0.15,
            )
        else:
            p.update(
                x_axis=self.x,
                time_grain_sqla=self.grain,
                x_axis_sort_asc=True,
                metrics=self.metrics,
                groupby=self.groupby,
                order_desc=True,
                truncate_metric=True,
                show_legend=True,
                legendType="scroll",
                legendOrientation="top",
                rich_tooltip=True,
                y_axis_format="SMART_NUMBER",
                x_axis_time_format="smart_date",
                markerEnabled=False,
                zoomable=False,
                comparison_type="values",
                annotation_layers=[],
                sort_series_type="name",
                sort_series_ascending=True,
                only_total=True,
                show_empty_columns=True,
            )
        p.update(self.extra)
        return p

    def query(self) -> dict[str, Any]:
        """The chart's one query, as saved in its query context: the raw rows, no post-processing, so a test can
        compare them with the same SQL run directly on serving.duckdb."""
        extras: dict[str, Any] = {"having": "", "where": ""}
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
        if self.filters:
            extras["where"] = " AND ".join(f"({f})" for f in self.filters)
        if self.viz == "table" and self.columns:
            q.update(columns=self.columns, metrics=[], orderby=[[c, a] for c, a in self.order])
        elif self.viz == "table" or self.viz == "big_number_total":
            q.update(columns=self.groupby, metrics=self.metrics, orderby=[])
        else:
            axis: dict[str, Any] = {
                "columnType": "BASE_AXIS",
                "sqlExpression": self.x,
                "label": self.x,
                "expressionType": "SQL",
            }
            if self.grain:
                axis["timeGrain"] = self.grain
                extras["time_grain_sqla"] = self.grain
            q.update(columns=[axis, *self.groupby], metrics=self.metrics, orderby=[], series_columns=self.groupby)
        return q

    def query_context(self, datasource: str) -> str:
        ds_id = int(datasource.split("__")[0])
        context = {
            "datasource": {"id": ds_id, "type": "table"},
            "force": False,
            "queries": [self.query()],
            "form_data": self.params(datasource),
            "result_format": "json",
            "result_type": "full",
        }
        return json.dumps(context)


TENOR_SERIES = "CAST(tenor_years AS VARCHAR) || 'Y'"

CHARTS: list[list[Chart]] = [  # rows of the dashboard, 12 columns wide
    [
        Chart(
            "Stress score (latest)",
            "big_number",
            "liquidity_pressure_daily",
            x="date",
            grain="P1D",
            metrics=[metric("MAX(stress_score)", "stress score")],
            width=3,
            description="Sum of z-scores of yield moves, curve, policy gap, stablecoin supply, backing and depth.",
        ),
        Chart(
            "Liquidity stress score",
            "echarts_timeseries_line",
            "liquidity_pressure_daily",
            x="date",
            grain="P1W",
            metrics=[metric("AVG(stress_score)", "stress score (weekly mean)")],
            width=9,
            filters=["stress_score IS NOT NULL"],
        ),
    ],
    [
        Chart(
            "JGB curve: latest vs 1 month vs 1 year earlier",
            "echarts_timeseries_line",
            "jgb_curve_snapshots",
            x="tenor_years",
            groupby=["curve"],
            metrics=[metric("MAX(yield_pct)", "yield %")],
            extra={"markerEnabled": True, "x_axis_title": "tenor (years)", "x_axis_title_margin": 15},
        ),
        Chart(
            "JGB yields by tenor (monthly mean)",
            "echarts_timeseries_line",
            "jgb_yields",
            x="date",
            grain="P1M",
            groupby=["tenor_years"],
            metrics=[metric("AVG(yield_pct)", "yield %")],
        ),
    ],
    [
        Chart(
            "All-time highs by tenor",
            "table",
            "jgb_tenor_records",
            groupby=["tenor_years"],
            metrics=[
                metric("MAX(yield_pct)", "record yield %"),
                metric("MAX(date)", "last record on"),
                metric("COUNT(*)", "record days"),
            ],
            filters=["is_all_time_high"],
            width=4,
        ),
        Chart(
            "Record-setting yields by tenor",
            "echarts_timeseries_scatter",
            "jgb_tenor_records",
            x="date",
            grain="P1M",
            groupby=["tenor_years"],
            metrics=[metric("MAX(yield_pct)", "record yield %")],
            filters=["is_all_time_high", "date >= DATE '1990-01-01'"],
            width=8,
            extra={"markerSize": 4},
        ),
    ],
    [
        Chart(
            "10Y JGB minus BoJ target (bp)",
            "echarts_timeseries_line",
            "jgb_vs_policy",
            x="date",
            grain="P1D",
            metrics=[
                metric("MAX(spread_10y_bp)", "10Y − target (bp)"),
                metric("MAX(spread_2y_bp)", "2Y − target (bp)"),
            ],
        ),
        Chart(
            "JGB curve spreads (bp)",
            "echarts_timeseries_line",
            "jgb_spreads",
            x="date",
            grain="P1W",
            metrics=[metric("AVG(spread_10y_2y_bp)", "10Y − 2Y"), metric("AVG(spread_30y_10y_bp)", "30Y − 10Y")],
        ),
    ],
    [
        Chart(
            "Government debt outstanding (JPY)",
            "echarts_area",
            "government_debt_total",
            x="as_of",
            grain="P1D",
            metrics=[
                metric("SUM(general_bonds_jpy)", "general bonds"),
                metric("SUM(filp_bonds_jpy)", "FILP bonds"),
                metric("SUM(financing_bills_jpy)", "financing bills"),
                metric("SUM(borrowings_jpy)", "borrowings"),
            ],
            extra={"stack": "Stack", "y_axis_format": "SMART_NUMBER"},
        ),
        Chart(
            "Debt service: added interest after a rate shock (JPY)",
            "echarts_timeseries_bar",
            "debt_service_sensitivity",
            x="years_after",
            groupby=["scope"],
            metrics=[metric("SUM(added_interest_jpy)", "added interest (JPY)")],
            extra={"x_axis_title": "years after the shock", "x_axis_title_margin": 15},
        ),
    ],
    [
        Chart(
            "Stablecoin supply (on-chain)",
            "big_number_total",
            "stablecoin_supply",
            metrics=[metric("SUM(supply)", "supply")],
            width=3,
            extra={"subheader": "tokens, summed over chains"},
        ),
        Chart(
            "Stablecoin backing",
            "table",
            "stablecoin_backing",
            width=9,
            columns=["token", "ts", "onchain_supply", "onchain_reserves_usd", "collateral_ratio", "psm_depth_usd"],
            order=[("token", True)],
        ),
    ],
    [
        Chart(
            "Claims ledger",
            "table",
            "claims",
            width=12,
            height=80,
            columns=["id", "claim", "on_date", "claimed", "found", "verdict", "evidence", "note"],
            order=[("id", True)],
        ),
    ],
]


def all_charts() -> list[Chart]:
    return [c for row in CHARTS for c in row]


def database_config(serving: Path) -> dict[str, Any]:
    """The serving copy, opened read-only on every connection (NullPool: Superset's default for analytics DBs)."""
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": f"duckdb:///{serving.resolve()}",
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_csv_upload": False,
        "extra": {
            "engine_params": {"connect_args": {"read_only": True}},
            "metadata_params": {},
            "schemas_allowed_for_file_upload": [],
            "allows_virtual_table_explore": True,
        },
        "uuid": uid("database", "serving"),
        "version": VERSION,
    }


def dataset_config(ds: Dataset) -> dict[str, Any]:
    """Columns are left empty: bi/provision.py syncs them from the warehouse after the import."""
    return {
        "table_name": ds.name,
        "main_dttm_col": ds.time_column,
        "description": ds.description or None,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "schema": "main",
        "sql": ds.sql,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "uuid": uid("dataset", ds.name),
        "metrics": [],
        "columns": [],
        "version": VERSION,
        "database_uuid": uid("database", "serving"),
    }


def chart_config(chart: Chart, placeholder_id: int) -> dict[str, Any]:
    """Datasource ids are placeholders: the importer rewrites them (params and query context) to the real ones."""
    datasource = f"{placeholder_id}__table"
    return {
        "slice_name": chart.title,
        "description": chart.description or None,
        "certified_by": None,
        "certification_details": None,
        "viz_type": chart.viz,
        "params": chart.params(datasource),
        "query_context": chart.query_context(datasource),
        "cache_timeout": None,
        "uuid": chart.uuid,
        "version": VERSION,
        "dataset_uuid": uid("dataset", chart.dataset),
    }


def dashboard_config() -> dict[str, Any]:
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": DASHBOARD_TITLE}},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
    }
    for r, row in enumerate(CHARTS):
        row_id = f"ROW-{r}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for c, chart in enumerate(row):
            chart_id = f"CHART-{r}-{c}"
            position[row_id]["children"].append(chart_id)
            position[chart_id] = {
                "type": "CHART",
                "id": chart_id,
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {
                    "width": chart.width,
                    "height": chart.height,
                    "chartId": 0,
                    "uuid": chart.uuid,
                    "sliceName": chart.title,
                },
            }
    metadata = {
        "color_scheme": "supersetColors",
        "refresh_frequency": 0,
        "expanded_slices": {},
        "label_colors": {},
        "shared_label_colors": [],
        "timed_refresh_immune_slices": [],
        "cross_filters_enabled": False,
        "default_filters": "{}",
        "chart_configuration": {},
        "global_chart_configuration": {},
        "native_filter_configuration": [],
    }
    return {
        "dashboard_title": DASHBOARD_TITLE,
        "description": None,
        "css": "",
        "slug": DASHBOARD_SLUG,
        "certified_by": None,
        "certification_details": None,
        "published": True,
        "uuid": uid("dashboard", "main"),
        "position": position,
        "metadata": metadata,
        "version": VERSION,
    }


def bundle(serving: Path) -> dict[str, str]:
    """Superset's v1 import bundle (path in the zip → YAML text) for the serving copy at ``serving``."""
    names = [d.name for d in DATASETS]
    unknown = {c.dataset for c in all_charts()} - set(names)
    if unknown:
        raise ValueError(f"charts use datasets that DATASETS does not define: {sorted(unknown)}")
    files = {
        "metadata.yaml": {"version": VERSION, "type": "assets", "timestamp": "2026-01-01T00:00:00+00:00"},
        "databases/liquidity_watch.yaml": database_config(serving),
    }
    for ds in DATASETS:
        files[f"datasets/liquidity_watch/{ds.name}.yaml"] = dataset_config(ds)
    for n, chart in enumerate(all_charts(), start=1):
        files[f"charts/chart_{n:02d}.yaml"] = chart_config(chart, placeholder_id=names.index(chart.dataset) + 1)
    files["dashboards/liquidity_watch.yaml"] = dashboard_config()
    return {path: yaml.safe_dump(config, sort_keys=False, allow_unicode=True) for path, config in files.items()}


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: python bi/dashboard.py OUT_DIR [PATH/TO/serving.duckdb]")
    out = Path(sys.argv[1])
    serving_path = Path(sys.argv[2]) if len(sys.argv) == 3 else Path("data/serving.duckdb")
    for rel, text in bundle(serving_path).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    print(f"wrote {len(bundle(serving_path))} files to {out}")
