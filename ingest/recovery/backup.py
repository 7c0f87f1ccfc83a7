"""Snapshots of the warehouse and of Dagster's SQLite instance under ``LW_HOME/backups/<UTC time>/``.

The warehouse is copied with DuckDB's ``COPY FROM DATABASE`` from a read-only attachment (a consistent,
checkpointed copy: no write-ahead log to carry, and no writer can start while it is attached), named
``warehouse.duckdb`` so the dbt views, which name their catalog, still resolve when it is opened on its
own. Each SQLite file of the instance is copied with SQLite's online backup API. ``manifest.json`` lists
every file with its size and sha256, and each raw source's newest load. A snapshot is written under a
temporary name and renamed when whole; only the newest ``keep`` are kept.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingest.recovery.disk import naming_no_space
from ingest.recovery.health import set_aside
from ingest.recovery.verify import sha256_of
from ingest.settings import Settings
from ingest.warehouse.connect import attach_source
from ingest.warehouse.load import LOADS_TABLE

MANIFEST = "manifest.json"
WAREHOUSE_FILE = "warehouse.duckdb"
DEFAULT_KEEP = 7


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    seconds: float
    removed: list[Path]


def backups_dir(settings: Settings) -> Path:
    return settings.home / "backups"


def _copy_warehouse(settings: Settings, dest: Path) -> dict[str, str]:
    """The checkpointed copy; returns each source's newest load time in it."""
    con = attach_source(settings, settings.warehouse_path.stem)
    try:
        con.execute(f"ATTACH '{dest}' AS lw_backup")
        con.execute(f"COPY FROM DATABASE {settings.warehouse_path.stem} TO lw_backup")
        con.execute("CHECKPOINT lw_backup")
        try:
            rows = con.execute(
                f"SELECT source, max(loaded_at)::VARCHAR FROM lw_backup.{LOADS_TABLE} GROUP BY source ORDER BY 1"
            ).fetchall()
        except duckdb.CatalogException:  # nothing loaded yet
            rows = []
        con.execute("DETACH lw_backup")
    finally:
        con.close()
    return dict(rows)


def _copy_sqlite(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source, sqlite3.connect(dest) as target:
        source.backup(target)


def _files(root: Path) -> list[dict[str, Any]]:
    return [
        {"file": str(p.relative_to(root)), "bytes": p.stat().st_size, "sha256": sha256_of(p)}
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    ]


def backup(settings: Settings, dagster_home: Path | None, keep: int = DEFAULT_KEEP) -> BackupResult:
    """Snapshot the warehouse and (with SQLite storage) Dagster's instance; prune to the newest ``keep``."""
    started = time.perf_counter()
    # Microseconds: two backups in one second (a schedule tick beside a manual run) must not collide.
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    final = backups_dir(settings) / stamp
    partial = backups_dir(settings) / f".{stamp}.partial"
    partial.mkdir(parents=True, exist_ok=True)
    sqlite_files = sorted(dagster_home.rglob("*.db")) if dagster_home else []
    needed = settings.warehouse_path.stat().st_size + sum(p.stat().st_size for p in sqlite_files)
    try:
        with naming_no_space(partial, needed):
            newest = _copy_warehouse(settings, partial / WAREHOUSE_FILE)
            for db in sqlite_files:
                _copy_sqlite(db, partial / "dagster" / db.relative_to(dagster_home))  # type: ignore[arg-type]
            manifest: dict[str, Any] = {
                "created_at": datetime.now(UTC).isoformat(),
                "warehouse": WAREHOUSE_FILE,
                "newest_loads": newest,
                "dagster_instance": "sqlite" if sqlite_files else "not included (PostgreSQL storage, or none yet)",
                "files": _files(partial),
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    removed = prune(settings, keep)
    size = sum(f["bytes"] for f in manifest["files"])
    return BackupResult(final, size, time.perf_counter() - started, removed)


def list_backups(settings: Settings) -> list[Path]:
    """Complete snapshots, oldest first (a ``.partial`` one was cut short and is never listed)."""
    root = backups_dir(settings)
    return sorted(p for p in root.iterdir() if (p / MANIFEST).exists()) if root.exists() else []


def prune(settings: Settings, keep: int) -> list[Path]:
    old = list_backups(settings)[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def check_backup(path: Path) -> dict[str, Any]:
    """The snapshot's manifest, after every file in it was re-hashed; raises ValueError naming a damaged file."""
    manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        file = path / entry["file"]
        digest = sha256_of(file) if file.exists() else "missing"
        if digest != entry["sha256"]:
            raise ValueError(
                f"backup {path.name}: {entry['file']} is damaged (sha256 {digest[:12]}…, expected "
                f"{entry['sha256'][:12]}…): choose another with --from-backup NAME"
            )
    return manifest


def restore_backup(settings: Settings, path: Path, dagster_home: Path | None) -> Path | None:
    """Put the snapshot's warehouse (and instance files) in place; returns where the replaced warehouse went.

    Dagster's files are replaced only with SQLite storage and should not be in use (stop ``lw serve`` first).
    """
    manifest = check_backup(path)
    aside = set_aside(settings, "replaced") if settings.warehouse_path.exists() else None
    tmp = settings.warehouse_path.with_name(f".{settings.warehouse_path.name}.restore.tmp")
    try:
        with naming_no_space(tmp, (path / WAREHOUSE_FILE).stat().st_size):
            shutil.copyfile(path / WAREHOUSE_FILE, tmp)
        os.replace(tmp, settings.warehouse_path)
    finally:
        tmp.unlink(missing_ok=True)
    if dagster_home and manifest["dagster_instance"] == "sqlite":
        for entry in manifest["files"]:
            if entry["file"].startswith("dagster/"):
                _copy_sqlite(path / entry["file"], dagster_home / entry["file"].removeprefix("dagster/"))
    return aside
