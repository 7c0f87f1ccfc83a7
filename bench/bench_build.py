"""Benchmarks, in one run on one machine (numbers go in the README; targets are not asserted in tests).

1. The floor: DuckDB reading MoF's full-history CSV itself and storing it long (date, tenor, yield)
   in a fresh database file.
2. Our ingest of the same file: parse (polars) + validate (GX suite) + versioned load (DuckDB), via
   the real ``run_source`` path with the offline replay, GX imported beforehand (its one-off ~5 s
   import is reported separately: a Dagster run pays it once per process).
3. A cold ``lw build`` (fresh LW_HOME: every asset, every check, the serving copy) as a user runs it.

Usage: ``.venv/bin/python bench/bench_build.py [--repeat 5] [--skip-build]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.fetch import ReplayFetcher  # noqa: E402
from ingest.pipeline import run_source  # noqa: E402
from ingest.settings import REPO_ROOT, Settings  # noqa: E402
from ingest.sources import mof_jgb_yields  # noqa: E402

CSV = REPO_ROOT / "recorded" / "mof_jgb_yields" / "jgbcme_all_to_2026-04-30.csv"


def duckdb_floor(tmp: Path) -> float:
    db = tmp / f"floor-{time.perf_counter_ns()}.duckdb"
    started = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        con.execute(
            f"""CREATE TABLE yields AS
                SELECT "Date"::DATE AS date, tenor, yield_pct FROM (
                  UNPIVOT (SELECT * FROM read_csv('{CSV}', skip=1, header=true, nullstr='-', dateformat='%Y/%m/%d'))
                  ON COLUMNS(* EXCLUDE ("Date")) INTO NAME tenor VALUE yield_pct)"""
        )
        n = con.execute("SELECT count(*) FROM yields").fetchone()[0]
    elapsed = time.perf_counter() - started
    assert n > 150_000, n
    return elapsed


def our_ingest(tmp: Path) -> float:
    env = {"LW_HOME": str(tmp / f"lw-{time.perf_counter_ns()}"), "LW_MODE": "offline"}
    settings = Settings.from_env(env)
    started = time.perf_counter()
    report = run_source(mof_jgb_yields.SPEC, settings, fetcher=ReplayFetcher(settings.recorded_dir))
    elapsed = time.perf_counter() - started
    assert report.stats is not None and report.stats.total > 150_000
    return elapsed


def cold_build(tmp: Path) -> float:
    home = tmp / f"build-{time.perf_counter_ns()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LW_", "DAGSTER_"))}
    env.update({"LW_HOME": str(home), "LW_MODE": "offline"})
    lw = Path(sys.executable).parent / "lw"
    started = time.perf_counter()
    proc = subprocess.run([str(lw), "build"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"lw build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        from ingest.validation import _context

        _context()  # GX import + context, once
        gx_import = time.perf_counter() - t0
        our_ingest(tmp)  # warm-up (page cache, first-load code paths)
        floor = statistics.median(duckdb_floor(tmp) for _ in range(args.repeat))
        ours = statistics.median(our_ingest(tmp) for _ in range(args.repeat))
        build = cold_build(tmp) if not args.skip_build else None
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, duckdb {duckdb.__version__}",
        "file": f"{CSV.name} ({CSV.stat().st_size:,} bytes)",
        "duckdb_floor_s": round(floor, 3),
        "ingest_parse_validate_load_s": round(ours, 3),
        "ratio": round(ours / floor, 2),
        "gx_import_once_s": round(gx_import, 2),
        "cold_lw_build_s": round(build, 1) if build else None,
        "repeat": args.repeat,
    }
    print(json.dumps(result, indent=2))
    print(
        f"\nfull-history ingest {ours:.3f}s vs DuckDB floor {floor:.3f}s: {ours / floor:.2f}x (target ≤ 3x)"
        + (f"; cold lw build {build:.1f}s (target < 60 s)" if build else "")
    )


if __name__ == "__main__":
    main()
