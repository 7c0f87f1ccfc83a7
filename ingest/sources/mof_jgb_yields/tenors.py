"""The JGB tenors MoF publishes, declared once: dbt's ``jgb_tenors`` var (dbt/dbt_project.yml).

The parser's expected header, the suite's accepted set, the report's curve and dbt's pivot all
read this one list, so a new tenor is one edit.
"""

from __future__ import annotations

import yaml

from ingest.settings import REPO_ROOT

DBT_PROJECT = REPO_ROOT / "dbt" / "dbt_project.yml"


def _load() -> tuple[int, ...]:
    tenors = yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))["vars"]["jgb_tenors"]
    if not tenors or not all(isinstance(t, int) and t > 0 for t in tenors):
        raise ValueError(f"{DBT_PROJECT}: vars.jgb_tenors must be a list of positive whole years, got {tenors!r}")
    return tuple(tenors)


TENORS: tuple[int, ...] = _load()
