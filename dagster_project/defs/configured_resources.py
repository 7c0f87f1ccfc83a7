"""Resources, configured from the environment (``lw`` sets it; ``dagster dev`` reads the repository's ``.env``)."""

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.dbt_project import DAGSTER_DBT_EXECUTABLE, dbt_project
from dagster_project.settings_resource import LiquidityWatchResource


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "lw": LiquidityWatchResource(
                home=dg.EnvVar("LW_HOME"), mode=dg.EnvVar("LW_MODE"), target=dg.EnvVar("LW_TARGET")
            ),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DAGSTER_DBT_EXECUTABLE),
        }
    )
