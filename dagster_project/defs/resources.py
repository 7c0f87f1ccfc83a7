"""Resources: where the warehouse is and which mode sources run in, both from the environment."""


import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.project import dbt_project
from ingest.settings import Settings
from ingest.warehouse import install_bundled_extensions

WAREHOUSE_POOL = "duckdb_warehouse"  # one writer at a time: DuckDB allows a single read-write process


class LiquidityWatchResource(dg.ConfigurableResource):
    """Settings for every asset; empty fields fall back to LW_* environment variables."""

    home: str = ""
    mode: str = ""

    def settings(self) -> Settings:
        env = dict(os.environ)
        if self.home:
            env["LW_HOME"] = self.home
        if self.mode:
            env["LW_MODE"] = self.mode
        settings = Settings.from_env(env)
        # dbt's profile reads the same variables, so dbt and the loaders write the same warehouse.
        os.environ.update(settings.dbt_env())
        install_bundled_extensions(settings)
        return settings


def dbt_executable() -> str:
    """dbt from this interpreter's environment (PATH may not include the venv's bin)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


defs = dg.Definitions(
    resources={
        "lw": LiquidityWatchResource(),
        "dbt": DbtCliResource(
            project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir), dbt_executable=dbt_executable()
        ),
    }
)
