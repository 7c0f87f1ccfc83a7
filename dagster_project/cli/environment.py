"""The environment ``lw`` gives itself and its children: one Dagster instance, one warehouse, one dbt profile.

``lw`` is the launcher, so it may set the process environment: DAGSTER_HOME (``LW_HOME/dagster`` unless
set), LW_HOME as an absolute path, LW_MODE and LW_TARGET. DAGSTER_HOME/dagster.yaml is a link to the
checked-in ``dagster.yaml`` (or ``dagster-postgres.yaml`` when ``LW_DAGSTER_POSTGRES_URL`` is set), so the
instance settings are reviewed in the repository and shared with ``dagster dev``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.settings import REPO_ROOT, Settings

SQLITE_YAML = REPO_ROOT / "dagster.yaml"
POSTGRES_YAML = REPO_ROOT / "dagster-postgres.yaml"
POSTGRES_URL_ENV = "LW_DAGSTER_POSTGRES_URL"


def instance_yaml() -> Path:
    """The checked-in instance settings this environment uses."""
    return POSTGRES_YAML if os.environ.get(POSTGRES_URL_ENV) else SQLITE_YAML


def link_instance_yaml(dagster_home: Path) -> None:
    """Make DAGSTER_HOME/dagster.yaml a link to the checked-in file (replacing a file written by an older ``lw``)."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    link, target = dagster_home / "dagster.yaml", instance_yaml()
    if link.is_symlink() and link.resolve() == target.resolve():
        return
    tmp = dagster_home / f".dagster.yaml.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def prepare_environment(settings: Settings) -> None:
    """Point Dagster at its instance and dbt at the warehouse, for this process and its children."""
    settings.home.mkdir(parents=True, exist_ok=True)
    (settings.home / "logs").mkdir(exist_ok=True)
    dagster_home = Path(os.environ.get("DAGSTER_HOME") or settings.dagster_home)
    link_instance_yaml(dagster_home)
    os.environ.update(
        DAGSTER_HOME=str(dagster_home), LW_HOME=str(settings.home), LW_MODE=settings.mode, LW_TARGET=settings.target
    )


def log_dir(settings: Settings) -> Path:
    return settings.home / "logs"
