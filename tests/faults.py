"""Replaying a faulty recording through the real pipeline (shared by the source tests that replay faults).

A fault is a copy of ``recorded/<source>/`` in which one file's bytes are replaced (its manifest
sha256 updated), replayed by ``run_source`` after a good load: the error must name the payload,
the payload must be quarantined with its reason, and the warehouse must not change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.errors import IngestError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SourceSpec
from tests.conftest import RECORDED


def recorded_with(root: Path, source: str, file: str, content: bytes) -> Path:
    """A copy of the recordings of ``source`` under ``root`` whose ``file`` holds ``content``."""
    dest = root / "recorded"
    shutil.copytree(RECORDED / source, dest / source)
    (dest / source / file).write_bytes(content)
    manifest = dest / source / "manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for entry in entries:
        if entry["file"] == file:
            entry["sha256"] = hashlib.sha256(content).hexdigest()
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return dest


def warehouse_state(settings: Settings) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2").fetchall()
        return [
            (
                s,
                t,
                con.execute(f'SELECT count(*), hash(list(x ORDER BY x)) FROM (SELECT * FROM {s}."{t}") x').fetchone(),
            )
            for s, t in tables
        ]


def assert_rejected(settings: Settings, spec: SourceSpec, file: str, content: bytes, *fragments: str) -> IngestError:
    """Good load, then the faulty replay: the error names the payload and the fragments, the payload is
    quarantined and the warehouse is unchanged."""

    def faulty_replay() -> Settings:
        recorded = recorded_with(settings.home.parent, spec.name, file, content)
        return dataclasses.replace(settings, recorded_dir=recorded)

    return assert_rejected_after(settings, spec, faulty_replay, content, *fragments)


def assert_rejected_after(
    settings: Settings, spec: SourceSpec, make_faulty: Callable[[], Settings], content: bytes, *fragments: str
) -> IngestError:
    """Good load, then ``make_faulty()`` puts ``content`` where the source reads it (a recording, a reviewed
    file) and the run is repeated: the error names the payload and the fragments, the payload is quarantined
    and the warehouse is unchanged."""
    run_source(spec, settings)
    before = warehouse_state(settings)
    faulty = make_faulty()
    with pytest.raises(IngestError) as caught:
        run_source(spec, faulty)
    message = str(caught.value)
    sha = hashlib.sha256(content).hexdigest()
    assert f"{sha}." in message, message  # the payload is named by its landed file (and the URL it came from)
    for fragment in fragments:
        assert fragment in message, message
    assert warehouse_state(settings) == before
    quarantined = next(
        p for p in (settings.quarantine_dir / spec.name).glob(f"{sha}.*") if not p.name.endswith(".reason.json")
    )
    assert quarantined.read_bytes() == content
    reason = json.loads(Path(f"{quarantined}.reason.json").read_text(encoding="utf-8"))
    assert reason["stage"] == caught.value.stage and fragments[0] in reason["reason"]
    return caught.value
