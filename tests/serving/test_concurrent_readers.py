"""8 reader processes query serving.duckdb in a loop while `lw build` swaps it twice: no error, no half-built copy."""

from __future__ import annotations

import csv
import multiprocessing as mp
import time
import traceback
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingest.settings import REPO_ROOT
from ingest.warehouse.publish import SERVED_SCHEMAS
from tests.conftest import run_build

pytestmark = pytest.mark.slow
READERS = 8
# one claim per data row of the reviewed seed (the ledger has a row for each)
N_CLAIMS = len(list(csv.DictReader((REPO_ROOT / "dbt" / "seeds" / "reviewed_claims.csv").open(encoding="utf-8"))))


def consistent_read(path: str) -> str:
    """One read, in one transaction, of marts that must agree; returns the copy's publish stamp."""
    con = duckdb.connect(path, read_only=True)
    try:
        con.execute("BEGIN TRANSACTION")
        published_at, relations = con.execute("SELECT published_at::varchar, relations FROM main._published").fetchone()
        tables = con.execute(
            f"SELECT count(*) FROM duckdb_tables() WHERE schema_name IN {SERVED_SCHEMAS} AND table_name <> '_published'"
        ).fetchone()[0]
        curve_days, yield_days, pressure_days, claims = con.execute(
            """SELECT (SELECT count(*) FROM main.jgb_curve_daily),
                      (SELECT count(DISTINCT date) FROM main.jgb_yields),
                      (SELECT count(*) FROM main.liquidity_pressure_daily p JOIN main.jgb_curve_daily c USING (date)),
                      (SELECT count(*) FROM main.claims WHERE verdict IS NOT NULL)"""
        ).fetchone()
        con.execute("COMMIT")
    finally:
        con.close()
    problems = []
    if tables != relations:
        problems.append(f"{tables} tables but _published says {relations}")
    if not (curve_days == yield_days == pressure_days > 0):
        problems.append(f"curve {curve_days} / yields {yield_days} / pressure {pressure_days} days disagree")
    if claims != N_CLAIMS:
        problems.append(f"{claims} claims, expected {N_CLAIMS}")
    if problems:
        raise AssertionError(f"inconsistent copy published at {published_at}: " + "; ".join(problems))
    return published_at


def reader(path: str, stop: Any, out: Any) -> None:
    reads, errors, seen = 0, [], set()
    while not stop.is_set():
        try:
            seen.add(consistent_read(path))
            reads += 1
        except Exception:  # every failure is a finding: report it, keep reading
            errors.append(traceback.format_exc(limit=2))
        time.sleep(0.25)  # ~10 % of a core per reader: 8 of them leave the 2-core build room to run
    out.put({"reads": reads, "errors": errors, "seen": sorted(seen)})


def test_readers_never_fail_nor_see_a_partial_copy_while_the_pipeline_builds_and_publishes_twice(
    built_home: Path,
) -> None:
    """A whole --full build (sources, every model, report, a new copy), then the copy republished alone."""
    serving = built_home / "serving.duckdb"
    first = consistent_read(str(serving))
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=reader, args=(str(serving), stop, out)) for _ in range(READERS)]
    for p in procs:
        p.start()
    try:
        time.sleep(3)  # readers up and reading before the first swap
        # --full: each build republishes; the second one only that (the readers see the swap, not the rest)
        builds = [
            run_build(built_home, "--full"),
            run_build(built_home, "--full", "--select", "serving/serving_duckdb"),
        ]
    finally:
        stop.set()
        results = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
    for proc in builds:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    errors = [e for r in results for e in r["errors"]]
    assert errors == [], errors[:3]
    assert all(r["reads"] > 20 for r in results), [r["reads"] for r in results]
    seen = {s for r in results for s in r["seen"]}
    assert first in seen and len(seen) >= 3, seen  # the readers lived through both swaps


def test_the_read_check_itself_catches_an_inconsistent_copy(tmp_path: Path, serving: Path) -> None:
    import shutil

    broken = tmp_path / "broken.duckdb"
    shutil.copy(serving, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("DELETE FROM main.liquidity_pressure_daily WHERE date > '2026-01-01'")
    with pytest.raises(AssertionError, match="disagree"):
        consistent_read(str(broken))
