"""Jinja context for `sqlfluff lint` (jinja templater; see /.sqlfluff): dbt's var() with the real values.

sqlfluff's stand-in var() returns a placeholder string, so `var('stress_window_days') | int` renders 0
and `for t in var('jgb_tenors')` loops over letters. This var() reads the vars that dbt_project.yml
declares, so the linted SQL is the SQL dbt runs. dbt itself ignores this folder (it reads only .sql
files from macro-paths).
"""

from pathlib import Path
from typing import Any

import yaml

_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project.yml"
_VARS: dict[str, Any] = yaml.safe_load(_PROJECT.read_text()).get("vars", {})


def var(name: str, default: Any = None) -> Any:
    """dbt's var(): the project's value, else the default; an unknown var without one is an error, as in dbt."""
    if name in _VARS:
        return _VARS[name]
    if default is None:
        raise KeyError(f"{_PROJECT}: var '{name}' is not declared under vars and no default was given")
    return default
