"""One place that turns the environment into paths and modes, so every process agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

REPO_ROOT = Path(__file__).resolve().parent.parent

Mode = Literal["offline", "live"]
Target = Literal["duckdb", "ducklake"]


def _under_repo(path: str) -> Path:
    """A relative path means relative to the repository, whichever folder a process starts in (dbt runs in dbt/)."""
    p = Path(path).expanduser()
    return (p if p.is_absolute() else REPO_ROOT / p).resolve()


@dataclass(frozen=True)
class Settings:
    """Where state lives and where data comes from.

    ``home`` holds everything a run writes (landing, quarantine, the warehouse, the serving copy,
    Dagster's own state), so a user can move or wipe one folder.
    """

    home: Path
    mode: Mode = "offline"
    target: Target = "duckdb"
    ducklake_catalog: str | None = None
    ducklake_data_path: Path | None = None
    recorded_dir: Path = REPO_ROOT / "recorded"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, overrides: dict[str, str] | None = None) -> Settings:
        """Settings from ``env`` (the process environment by default), ``overrides`` taking precedence."""
        env = {**(os.environ if env is None else env), **(overrides or {})}
        mode = (env.get("LW_MODE") or "offline").lower()
        if mode not in ("offline", "live"):
            raise ValueError(f"LW_MODE must be 'offline' or 'live', got {mode!r}")
        target = (env.get("LW_TARGET") or "duckdb").lower()
        if target not in ("duckdb", "ducklake"):
            raise ValueError(f"LW_TARGET must be 'duckdb' or 'ducklake', got {target!r}")
        home = _under_repo(env.get("LW_HOME") or "data")
        catalog = env.get("LW_DUCKLAKE_CATALOG")
        if target == "ducklake" and not catalog:
            raise ValueError("LW_TARGET=ducklake needs LW_DUCKLAKE_CATALOG (e.g. 'postgres:dbname=lw host=127.0.0.1')")
        data_path = env.get("LW_DUCKLAKE_DATA_PATH")
        return cls(
            home=home,
            mode=mode,  # type: ignore[arg-type]
            target=target,  # type: ignore[arg-type]
            ducklake_catalog=catalog,
            ducklake_data_path=Path(data_path).resolve() if data_path else home / "lake",
            recorded_dir=_under_repo(env.get("LW_RECORDED_DIR") or "recorded"),
        )

    @property
    def landing_dir(self) -> Path:
        return self.home / "landing"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def serving_path(self) -> Path:
        return self.home / "serving.duckdb"

    @property
    def report_dir(self) -> Path:
        return self.home / "report"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"
