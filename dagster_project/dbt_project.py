"""The dbt project as Dagster sees it, and the one place that finds dbt and prepares its manifest.

Kept alone in this file so ``dagster-dbt project prepare-and-package --file dagster_project/dbt_project.py``
works. dbt is taken from this interpreter's environment: a venv that is not activated (``.venv/bin/lw``,
CI, systemd) has it beside ``sys.executable``, not on PATH. dagster-dbt runs it through ``dbt_shim.sh``,
which answers dagster-dbt's ``dbt --version`` probe from the installed package's metadata (no dbt start-up,
no pypi.org) and hands every other command to dbt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from dagster_dbt import DbtProject

DBT_DIR = Path(__file__).resolve().parent.parent / "dbt"
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
# What DbtCliResource runs (its public `dbt_executable`); the shim reads these two from the environment
# dagster-dbt hands to `dbt --version` and to every dbt command (this process's, inherited).
DAGSTER_DBT_EXECUTABLE = str(Path(__file__).resolve().parent / "dbt_shim.sh")
os.environ["LW_DBT_EXECUTABLE"] = DBT_EXECUTABLE
os.environ["LW_DBT_VERSION"] = version("dbt-core")
# What dbt reads to build its manifest: a change to any of these makes the manifest stale.
MANIFEST_INPUTS = ("models", "macros", "tests", "seeds", "dbt_project.yml")


def _newest_mtime(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    return max((p.stat().st_mtime for p in path.rglob("*") if p.is_file()), default=0.0)


dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# Under `dagster dev`, dagster-dbt re-parses at load so model edits show up
# (`lw up` puts DBT_EXECUTABLE's folder on PATH).
dbt_project.prepare_if_dev()


def prepare_manifest() -> None:
    """Parse the project when the manifest is missing or older than the files dbt reads (for `lw` and the tests).

    Dagster loads the manifest when it imports the definitions, so this runs before that, once per code change.
    """
    manifest = dbt_project.manifest_path
    newest = max(_newest_mtime(DBT_DIR / name) for name in MANIFEST_INPUTS if (DBT_DIR / name).exists())
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    print("lw: parsing the dbt project (manifest for Dagster)…", flush=True)
    subprocess.run(
        [DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        check=True,
        cwd=DBT_DIR,
    )


@cache
def manifest() -> dict[str, Any]:
    """dbt's parsed project (``prepare_manifest`` keeps it current), read once per process."""
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
