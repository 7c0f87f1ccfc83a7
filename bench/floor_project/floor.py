"""The framework floor for ``bench/bench_build.py``: the least a Dagster + dagster-dbt build can cost here.

One plain asset (``raw/numbers``: 100,000 rows into DuckDB) and three dbt models on it through
``@dbt_assets`` (dbt-duckdb, ``dbt build``), in one job run the way ``lw build`` runs ``lw_all``: a
fresh process, ``execute_in_process`` on the instance in DAGSTER_HOME, steps in this process. Whatever
a cold ``lw build`` takes beyond this is the project's own work (the sources, GX, 38 models and
their tests, the report, the serving copy) or its own overhead.

Environment (set by the bench): ``FLOOR_HOME`` (the warehouse and dbt's target go there),
``FLOOR_MANIFEST_DIR`` (where ``dbt parse`` wrote the manifest, before the timed run, as ``lw``'s
manifest is prepared once per code change), ``DAGSTER_HOME``. Nothing is downloaded.
Run: ``.venv/bin/python bench/floor_project/floor.py``; exit 0 when the run succeeded.
"""

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

HERE = Path(__file__).resolve().parent
HOME = Path(os.environ["FLOOR_HOME"])
DBT = str(Path(sys.executable).parent / "dbt")  # as lw finds it: beside this interpreter

project = DbtProject(project_dir=HERE, profiles_dir=HERE, target_path=Path(os.environ["FLOOR_MANIFEST_DIR"]))


@dg.asset(key=["raw", "numbers"], kinds={"python", "duckdb"})
def numbers() -> None:
    with duckdb.connect(str(HOME / "warehouse.duckdb")) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        con.execute("CREATE OR REPLACE TABLE raw.numbers AS SELECT range AS n FROM range(100000)")


@dbt_assets(manifest=project.manifest_path, project=project)
def floor_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    yield from dbt.cli(["build"], context=context, target_path=HOME / "target").stream()


defs = dg.Definitions(
    assets=[numbers, floor_models],
    jobs=[dg.define_asset_job("floor", selection=dg.AssetSelection.all())],
    resources={"dbt": DbtCliResource(project_dir=project, dbt_executable=DBT)},
    executor=dg.in_process_executor,
)


def main() -> int:
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def("floor").execute_in_process(instance=instance, raise_on_error=False)
    return 0 if result.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
