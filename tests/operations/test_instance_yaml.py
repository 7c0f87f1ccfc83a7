"""The two checked-in Dagster instance files differ only in where Dagster keeps its state."""

from __future__ import annotations

import yaml

from ingest.settings import REPO_ROOT


def test_sqlite_and_postgres_instance_files_agree_apart_from_storage() -> None:
    sqlite = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    postgres = yaml.safe_load((REPO_ROOT / "dagster-postgres.yaml").read_text())
    assert postgres["storage"] == {"postgres": {"postgres_url": {"env": "LW_DAGSTER_POSTGRES_URL"}}}
    assert {k: v for k, v in sqlite.items() if k != "storage"} == {k: v for k, v in postgres.items() if k != "storage"}
    assert sqlite["concurrency"]["pools"]["default_limit"] == 1 and sqlite["run_monitoring"]["enabled"]
