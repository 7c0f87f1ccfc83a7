"""The dashboard rendered as Superset's v1 import bundle (``metadata.yaml``, ``databases/``, ``datasets/``,
``charts/``, ``dashboards/``), imported with ``ImportAssetsCommand``, which overwrites by UUID: the UUIDs are
derived from names, so re-running ``lw bi`` updates in place and never duplicates.

The database entry is where the sandbox lives: Superset passes ``engine_params.connect_args`` to duckdb-engine,
which opens every connection with bi/sandbox.py's configuration (read-only, no host access, locked).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bi import sandbox
from bi.dashboard import TABS, all_charts, datasets
from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, uid

DATABASE_NAME = "Liquidity Watch (serving.duckdb, sandboxed read-only)"
DASHBOARD_TITLE = "Liquidity Watch"
DASHBOARD_SLUG = "liquidity-watch"
VERSION = "1.0.0"


def database_config(serving: Path) -> dict[str, Any]:
    """The serving copy, sandboxed on every connection (NullPool: Superset's default for analytics DBs)."""
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
            "engine_params": {"connect_args": {"config": dict(sandbox.SANDBOX)}},
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
        "dataset_uuid": uid("dataset", chart.dataset.name),
    }


def component(item: Chart | Markdown, item_id: str, parents: list[str]) -> dict[str, Any]:
    """One grid cell: a chart (by UUID) or a markdown note."""
    if isinstance(item, Markdown):
        meta: dict[str, Any] = {"width": item.width, "height": item.height, "code": item.text}
        return {"type": "MARKDOWN", "id": item_id, "children": [], "parents": parents, "meta": meta}
    meta = {"width": item.width, "height": item.height, "chartId": 0, "uuid": item.uuid, "sliceName": item.title}
    return {"type": "CHART", "id": item_id, "children": [], "parents": parents, "meta": meta}


def tab_components(t: int, tab: Tab) -> dict[str, Any]:
    """A TAB under the top-level TABS, its ROWs, and their cells."""
    tab_id = f"TAB-{t}"
    parents = ["ROOT_ID", "TABS-main", tab_id]
    out: dict[str, Any] = {
        tab_id: {
            "type": "TAB",
            "id": tab_id,
            "children": [],
            "parents": ["ROOT_ID", "TABS-main"],
            "meta": {"text": tab.title, "defaultText": "Tab title", "placeholder": "Tab title"},
        }
    }
    for r, row in enumerate(tab.rows):
        row_id = f"ROW-{t}-{r}"
        out[tab_id]["children"].append(row_id)
        cells = {f"{'MARKDOWN' if isinstance(i, Markdown) else 'CHART'}-{t}-{r}-{c}": i for c, i in enumerate(row)}
        meta = {"background": "BACKGROUND_TRANSPARENT"}
        out[row_id] = {"type": "ROW", "id": row_id, "children": list(cells), "parents": parents, "meta": meta}
        out.update({cid: component(item, cid, [*parents, row_id]) for cid, item in cells.items()})
    return out


def dashboard_config() -> dict[str, Any]:
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["TABS-main"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": DASHBOARD_TITLE}},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "TABS-main": {
            "type": "TABS",
            "id": "TABS-main",
            "children": [f"TAB-{t}" for t in range(len(TABS))],
            "parents": ["ROOT_ID"],
            "meta": {},
        },
    }
    for t, tab in enumerate(TABS):
        position.update(tab_components(t, tab))
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
    names = [d.name for d in datasets()]
    files: dict[str, Any] = {
        "metadata.yaml": {"version": VERSION, "type": "assets", "timestamp": "2026-01-01T00:00:00+00:00"},
        "databases/liquidity_watch.yaml": database_config(serving),
    }
    for ds in datasets():
        files[f"datasets/liquidity_watch/{ds.name}.yaml"] = dataset_config(ds)
    for n, chart in enumerate(all_charts(), start=1):
        files[f"charts/chart_{n:02d}.yaml"] = chart_config(chart, placeholder_id=names.index(chart.dataset.name) + 1)
    files["dashboards/liquidity_watch.yaml"] = dashboard_config()
    return {path: yaml.safe_dump(config, sort_keys=False, allow_unicode=True) for path, config in files.items()}
