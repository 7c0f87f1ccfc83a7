"""The Superset dashboard in Dagster's lineage: an external asset, from dbt's exposure of it.

The dashboard reads the serving copy, not the warehouse, so it sits downstream of the copy (which
waits for every asset it copies) as well as of the marts dbt's exposure names. Dagster does not
materialize it: Superset queries the copy when someone opens the dashboard.
"""

import dagster as dg

from dagster_project.defs.dbt import exposure, exposure_deps
from dagster_project.names import DASHBOARD_EXPOSURE
from dagster_project.serving import SERVING_KEY

DASHBOARD_KEY = dg.AssetKey(["bi", DASHBOARD_EXPOSURE])


def dashboard_asset() -> dg.AssetSpec:
    dashboard = exposure(DASHBOARD_EXPOSURE)
    return dg.AssetSpec(
        key=DASHBOARD_KEY,
        deps=[SERVING_KEY, *exposure_deps(DASHBOARD_EXPOSURE)],
        group_name="bi",
        kinds={"superset"},
        description=dashboard["description"],
        metadata={
            "url": dg.MetadataValue.url(dashboard["url"]),
            "owner": dashboard["owner"]["name"],
            "dbt_exposure": dashboard["unique_id"],
        },
    )
