"""`lw new-source` in a copy of the repository: the template, filled with a real payload, loads into raw.<name>."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import LW, RECORDED, copy_repo, lw_env

NAME = "toy_call_rate"
# A real recorded payload: the first six lines (header and five days) of the BoJ call-rate export.
REAL = RECORDED / "boj_call_rate_daily" / "call_rate_strdclucon_daily_1998-01-05_to_2026-07-09.csv"
REAL_URL = yaml.safe_load((RECORDED / "boj_call_rate_daily" / "manifest.yaml").read_text())[0]["url"]
LINES = 6


def fill(repo: Path, excerpt: bytes) -> None:
    """What an engineer does after `lw new-source`: the URL, the header, a rule, a recording."""
    source = repo / "ingest" / "sources" / NAME
    replace(source / "fetch.py", f'URL = "https://FILL.invalid/{NAME}.csv"', f'URL = "{REAL_URL}#L1-L{LINES}"')
    replace(
        source / "parse.py",
        'COLUMNS = {"date": "date", "value": "value"}',
        'COLUMNS = {"observation_date": "date", "BOJ_CALL_ON": "value"}',
    )
    replace(source / "__init__.py", "min_value=None, max_value=None", "min_value=-1.0, max_value=15.0")
    folder = repo / "recorded" / NAME
    (folder / "excerpt.csv").write_bytes(excerpt)
    entry = {
        "source": NAME,
        "kind": "data",
        "url": f"{REAL_URL}#L1-L{LINES}",
        "file": "excerpt.csv",
        "sha256": hashlib.sha256(excerpt).hexdigest(),
        "provenance": f"lines 1-{LINES} of recorded/boj_call_rate_daily/{REAL.name} (see that manifest)",
    }
    (folder / "manifest.yaml").write_text(yaml.safe_dump([entry], sort_keys=False))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: the template no longer has {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = lw_env(home, PYTHONPATH=str(repo), LW_TARGET="duckdb")
    return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_new_source_filled_with_a_real_payload_loads_into_raw(tmp_path: Path) -> None:
    repo, home = copy_repo(tmp_path / "repo"), tmp_path / "lw"
    made = run(repo, home, LW, "new-source", NAME)
    assert made.returncode == 0, made.stdout + made.stderr
    for rel in (
        f"ingest/sources/{NAME}/__init__.py",
        f"ingest/sources/{NAME}/README.md",
        f"dbt/models/staging/{NAME}/stg_{NAME}.sql",
        f"dbt/models/staging/{NAME}/_{NAME}__sources.yml",
        f"dbt/models/staging/{NAME}/_{NAME}__docs.md",
        f"recorded/{NAME}/manifest.yaml",
        f"tests/sources/{NAME}/test_parse.py",
    ):
        assert (repo / rel).is_file(), rel
    assert (
        f"| `{NAME}` |" in (repo / "README.md").read_text()
        and f"| `{NAME}` |" in (repo / "bench/README.md").read_text()
    )
    assert run(repo, home, LW, "new-source", NAME).returncode == 2  # a name is taken once

    excerpt = b"".join(REAL.read_bytes().splitlines(keepends=True)[:LINES])
    fill(repo, excerpt)
    assert run(repo, home, sys.executable, "-m", "ingest.generate", "--check").returncode == 1  # the rule moved
    assert run(repo, home, sys.executable, "-m", "ingest.generate").returncode == 0
    assert "max_value: 15.0" in (repo / f"dbt/models/staging/{NAME}/_{NAME}__sources.yml").read_text()
    tested = run(repo, home, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/sources/{NAME}")
    assert tested.returncode == 0, tested.stdout[-3000:]

    built = run(repo, home, LW, "build", "--select", f"raw/{NAME}")
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.sql(f"select date::varchar, value from raw.{NAME} order by date").fetchall()
    assert rows == [
        ("1998-01-05", 0.49),
        ("1998-01-06", 0.42),
        ("1998-01-07", 0.4),
        ("1998-01-08", 0.35),
        ("1998-01-09", 0.33),
    ]
