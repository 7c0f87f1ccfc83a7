"""The settings every asset reads, as a Dagster resource: where the warehouse is and where data comes from."""

from __future__ import annotations

import dagster as dg

from ingest.settings import Settings

# DuckDB takes one read-write process at a time: every step that writes the warehouse is in this pool.
WAREHOUSE_POOL = "duckdb_warehouse"


class LiquidityWatchResource(dg.ConfigurableResource):
    """LW_HOME, LW_MODE and LW_TARGET as configured in Dagster (``dg.EnvVar`` in ``defs/resources.py``).

    ``settings()`` only builds the plain ``ingest.settings.Settings`` the ingest code takes; it changes
    nothing in the process (dbt reads the same variables from the environment it inherits).
    """

    home: str
    mode: str = "offline"
    target: str = "duckdb"

    def settings(self) -> Settings:
        return Settings.from_env(
            overrides={"LW_HOME": self.home, "LW_MODE": self.mode, "LW_TARGET": self.target},
        )
