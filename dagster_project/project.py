"""The dbt project as Dagster sees it (kept alone in this file for ``dagster-dbt project prepare-and-package``)."""

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

DBT_DIR = Path(__file__).resolve().parent.parent / "dbt"

# `dagster dev` prepares the manifest with the `dbt` on PATH; a venv that is not activated
# (`.venv/bin/lw up`, CI) has it beside this interpreter only.
_bin = str(Path(sys.executable).parent)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
dbt_project.prepare_if_dev()
