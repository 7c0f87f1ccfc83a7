"""The settings every asset reads, as a Dagster resource: where the warehouse is and where data comes from."""

from __future__ import annotations

import dagster as dg

from ingest.settings import Settings


class LiquidityWatchResource(dg.ConfigurableResource):
    """LW_HOME, LW_MODE and LW_TARGET as configured in Dagster (``dg.EnvVar`` in ``defs/configured_resources.py``).

    A field left unset falls back to ``ingest.settings``, which alone holds the defaults. ``settings()``
    only builds the plain ``Settings`` the ingest code takes; it changes nothing in the process (dbt reads
    the same variables from the environment it inherits).
    """

    home: str | None = None
    mode: str | None = None
    target: str | None = None

    def settings(self) -> Settings:
        given = {"LW_HOME": self.home, "LW_MODE": self.mode, "LW_TARGET": self.target}
        return Settings.from_env(overrides={k: v for k, v in given.items() if v is not None})
