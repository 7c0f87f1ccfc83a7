"""Broken answers on the real offline path: a clear error (file, line, field), the payload quarantined, nothing loaded.

Each fault is a real recording altered one way and served from a copy of ``recorded/`` through the
same plan and client offline mode always uses.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from hashlib import sha256
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import boj_rates

from ._server import RECORDED

FM02 = "fm02_straclucon_198507-202608.json"
FF = "ff_fof_ffas420l900_199704-202601_jp.json"


def _rows(settings: Settings) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (loaded_at) FROM raw.boj_rates ORDER BY ALL").fetchall()


def _with_fault(settings: Settings, tmp: Path, file: str, alter: Callable[[bytes], bytes]) -> Settings:
    """A copy of the recordings where ``file`` is altered (its manifest sha256 follows)."""
    root = tmp / "recorded"
    shutil.copytree(RECORDED, root / "boj_rates")
    bad = alter((RECORDED / file).read_bytes())
    (root / "boj_rates" / file).write_bytes(bad)
    manifest = root / "boj_rates" / "manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for e in entries:
        if e["file"] == file:
            e["sha256"] = sha256(bad).hexdigest()
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return replace(settings, recorded_dir=root)


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _rename_member(data: bytes) -> bytes:
    return data.replace(b'"SURVEY_DATES"', b'"SURVEY_DATE"', 1)


def _cp932(data: bytes) -> bytes:
    return data.decode("utf-8").encode("cp932")


def _html(_: bytes) -> bytes:
    return (
        b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>maintenance</body></html>\n"
    )


def _text_value(data: bytes) -> bytes:
    return data.replace(b"0.978,0.977]", b'0.978,"n/a"]', 1)


def _duplicate_period(data: bytes) -> bytes:
    return data.replace(b"198507,198508,", b"198507,198507,", 1)


def _duplicate_member(data: bytes) -> bytes:
    return data.replace(b'"STATUS":200,', b'"STATUS":200,\n"STATUS":200,', 1)


CASES = [
    (FM02, _cut, r"line \d+, field 'column \d+': not JSON"),
    (FM02, _rename_member, r"line 23, field 'RESULTSET\[0\]\.VALUES\.SURVEY_DATES'.*missing or malformed SURVEY_DATES"),
    (FF, _cp932, r"line 1.*undecodable byte.*expected UTF-8 JSON"),
    (FM02, _html, r"line 1.*got an HTML page"),
    (FM02, _text_value, r"line 25, field 'RESULTSET\[0\]\.VALUES\.VALUES\[493\]'.*not a number.*'n/a'"),
    (FM02, _duplicate_period, r"line 24, field 'RESULTSET\[0\]\.VALUES\.SURVEY_DATES\[1\]'.*198507 appears twice"),
    (FM02, _duplicate_member, r"line 3, field 'STATUS': duplicate key"),
]


@pytest.mark.parametrize("file, alter, message", CASES, ids=[c[1].__name__.strip("_") for c in CASES])
def test_fault_is_named_quarantined_and_changes_nothing(
    settings: Settings, tmp_path: Path, file: str, alter: Callable[[bytes], bytes], message: str
) -> None:
    run_source(boj_rates.SOURCE, settings)
    before = _rows(settings)
    faulty = _with_fault(settings, tmp_path, file, alter)
    with pytest.raises(ParseError, match=r"\[boj_rates\] [0-9a-f]{64}\.json \(from https://www\.stat-search") as err:
        run_source(boj_rates.SOURCE, faulty)
    assert err.match(message)
    assert _rows(settings) == before
    bad = sha256(alter((RECORDED / file).read_bytes())).hexdigest()
    quarantined = settings.quarantine_dir / "boj_rates" / f"{bad}.json"
    assert quarantined.exists()
    reason = json.loads(Path(str(quarantined) + ".reason.json").read_text(encoding="utf-8"))
    assert reason["stage"] == "parse"
