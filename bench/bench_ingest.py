"""The ingest of MoF's yields history at 1×, 10× and 100× its real length, against the DuckDB floor, in one run.

Every case runs in a fresh subprocess (its own peak RSS, nothing warm from another case); the
time is measured inside it around the work only, after imports (GX's one-off import is reported
apart: a Dagster run pays it once per process). "× floor" is the median, over the repeats, of each
run's time over a floor run made just before it (steadier than raw seconds on a shared machine).
Cases, on the same bytes (``bench/history.py``):

* ``floor``: DuckDB alone — ``read_csv`` + ``UNPIVOT`` + ``CREATE TABLE AS`` into a new file.
* ``polars_duckdb``: plain polars ``read_csv`` + ``unpivot`` + ``CREATE TABLE AS`` from Arrow.
* ``dlt_arrow``: the same polars frame handed to dlt as Arrow (``dlt[duckdb]``), when a Python with
  dlt is given (``--dlt-python``; dlt is not in the project's lock: ``bench/requirements-bench.txt``).
* ``ours_first``: ``run_source`` into an empty warehouse (land, parse, validate, versioned load).
* ``ours_same``: ``run_source`` again on the bytes already loaded (the change-driven no-op).
* ``ours_full``: the same bytes forced through the whole path (``full=True``).
* ``ours_append``: the history plus one new business day, after the history was loaded.

Usage: ``.venv/bin/python bench/bench_ingest.py [--scales 1 10 100] [--repeat 3] [--dlt-python PATH]``
prints a table and writes ``bench/results/ingest-<timestamp>.json``; ``bench/run.py`` calls ``run``.
Targets at 100×: first load ≤ 4× floor and ≤ 2 GiB peak; same bytes ≤ 1.5× floor; one day appended ≤ 2× floor.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.history import cached, with_day_appended  # noqa: E402

TENOR_COLUMNS = 'COLUMNS(* EXCLUDE ("Date"))'
SOURCE = "recorded/mof_jgb_yields/jgbcme_all_to_2026-04-30.csv, repeated with dates shifted (bench/history.py)"
CASES = {
    "floor": "DuckDB floor (read_csv + UNPIVOT + CREATE TABLE AS)",
    "polars_duckdb": "polars read_csv + unpivot → DuckDB",
    "dlt_arrow": "dlt, Arrow path (no validation)",
    "ours_first": "ours, first load",
    "ours_same": "ours, same bytes again",
    "ours_full": "ours, same bytes, full=True",
    "ours_append": "ours, one day appended",
}
OURS = ("ours_first", "ours_same", "ours_full", "ours_append")
TARGET_SCALE = 100
TARGETS = {"ours_first": (4.0, 2048.0), "ours_same": (1.5, None), "ours_append": (2.0, None)}  # (× floor, MiB)


# ---- the cases (run inside the child) --------------------------------------------------------------------------


def floor(csv: Path, work: Path) -> dict[str, Any]:
    import duckdb

    started = time.perf_counter()
    with duckdb.connect(str(work / "floor.duckdb")) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            f"""CREATE TABLE yields AS
                SELECT "Date"::DATE AS date, tenor, yield_pct FROM (
                  UNPIVOT (SELECT * FROM read_csv('{csv}', skip=1, header=true, nullstr='-', dateformat='%Y/%m/%d'))
                  ON {TENOR_COLUMNS} INTO NAME tenor VALUE yield_pct)"""
        )
        rows = con.execute("SELECT count(*) FROM yields").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _polars_long(csv: Path) -> Any:
    import polars as pl

    header = pl.read_csv(csv, skip_rows=1, n_rows=0).columns
    types = {"Date": pl.String, **dict.fromkeys(header[1:], pl.Float64)}  # early years are all '-': do not infer
    wide = pl.read_csv(csv, skip_rows=1, null_values="-", schema_overrides=types)
    return (
        wide.with_columns(date=pl.col("Date").str.strptime(pl.Date, "%Y/%m/%d"))
        .drop("Date")
        .unpivot(index="date", variable_name="tenor", value_name="yield_pct")
        .drop_nulls("yield_pct")
    )


def polars_duckdb(csv: Path, work: Path) -> dict[str, Any]:
    import duckdb

    started = time.perf_counter()
    with duckdb.connect(str(work / "polars.duckdb")) as con:
        con.register("long_yields", _polars_long(csv).to_arrow())
        con.execute("CREATE TABLE yields AS SELECT * FROM long_yields")
        rows = con.execute("SELECT count(*) FROM yields").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "rows": rows}


def dlt_arrow(csv: Path, work: Path) -> dict[str, Any]:
    import dlt

    started = time.perf_counter()
    long = _polars_long(csv).to_arrow()
    pipeline = dlt.pipeline(
        pipeline_name="bench",
        destination=dlt.destinations.duckdb(str(work / "dlt.duckdb")),
        dataset_name="raw",
        pipelines_dir=str(work / "dlt_pipelines"),
    )
    info = pipeline.run(long, table_name="yields", write_disposition="replace")
    seconds = time.perf_counter() - started
    with pipeline.sql_client() as client:
        rows = client.execute_sql("SELECT count(*) FROM yields")[0][0]
    return {"seconds": seconds, "rows": rows, "loads": len(info.loads_ids)}


def _ours(data: bytes, home: Path, *, full: bool = False) -> dict[str, Any]:
    from ingest.fetch import FetchResult, Request
    from ingest.pipeline import run_source
    from ingest.settings import Settings
    from ingest.sources import mof_jgb_yields
    from ingest.sources.mof_jgb_yields import fetch
    from ingest.validation import _context

    class BytesFetcher:
        """Answers the history request with the bench's bytes (no recording, no network)."""

        mode = "offline"

        def fetch(self, request: Request) -> FetchResult:
            return FetchResult(request, data, 200, datetime.now(UTC), self.mode, final_url=request.url)

    gx_started = time.perf_counter()
    _context()
    gx_import = time.perf_counter() - gx_started
    spec = dataclasses.replace(
        mof_jgb_yields.SOURCE, requests=lambda s: [Request(fetch.SOURCE, fetch.URL_EN_HISTORY, "history", "csv")]
    )
    settings = Settings.from_env({"LW_HOME": str(home), "LW_MODE": "offline"})
    started = time.perf_counter()
    report = run_source(spec, settings, fetcher=BytesFetcher(), full=full)
    seconds = time.perf_counter() - started
    validation = report.validations.get("history")
    return {
        "seconds": seconds,
        "gx_import_s": gx_import,
        "unchanged": report.unchanged,
        "rows": report.stats.total if report.stats else None,
        "inserted": report.stats.inserted if report.stats else None,
        "validated_delta_rows": validation.delta_rows if validation else 0,
        "validation_s": validation.seconds if validation else 0.0,
    }


def _case(name: str, csv: Path, work: Path) -> Callable[[], dict[str, Any]]:
    home = work / "lw"
    if name == "ours_append":
        return lambda: _ours(with_day_appended(csv.read_bytes()), home)
    if name in OURS:
        return lambda: _ours(csv.read_bytes(), home, full=name == "ours_full")
    return lambda: globals()[name](csv, work)


def child(name: str, csv: Path, work: Path) -> None:
    """Run one case here and print its result as the last line (with this process's peak RSS)."""
    import duckdb
    import polars
    import pyarrow  # noqa: F401 -- imports are not what is measured

    warm = duckdb.connect()  # DuckDB's first Arrow scan imports pyarrow.dataset (~1 s): once per process
    warm.register("warm", polars.DataFrame({"x": [1]}).to_arrow())
    warm.execute("SELECT * FROM warm").fetchall()
    result = _case(name, csv, work)()
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


# ---- the driver -------------------------------------------------------------------------------------------------


def _run(python: str, name: str, csv: Path, work: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [python, __file__, "--child", name, "--csv", str(csv), "--work", str(work)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(BENCH.parent)},
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench case {name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(name: str, scale: int, cache: Path, tmp: Path, repeat: int, dlt_python: str | None) -> dict[str, Any]:
    """Median of ``repeat`` fresh runs, each paired with a floor run just before it.

    On a shared machine the load changes from minute to minute; the ratio to the floor measured
    next to each run is steadier than either time. ours_same/full/append get a loaded warehouse first.
    """
    python = dlt_python if name == "dlt_arrow" else sys.executable
    csv = cached(scale, cache)
    runs = []
    for i in range(repeat):
        work = tmp / f"{name}-x{scale}-{i}"
        work.mkdir()
        if name in ("ours_same", "ours_full", "ours_append"):
            _run(sys.executable, "ours_first", csv, work)  # the warehouse as the last run left it
        beside = _run(sys.executable, "floor", csv, work)["seconds"] if name != "floor" else None
        run = _run(python, name, csv, work)
        run["ratio"] = run["seconds"] / beside if beside else 1.0
        runs.append(run)
    best = dict(runs[0])
    best["seconds"] = statistics.median(r["seconds"] for r in runs)
    best["ratio_to_floor"] = statistics.median(r["ratio"] for r in runs)
    best["peak_rss_mib"] = max(r["peak_rss_mib"] for r in runs)
    best["runs_s"] = [round(r["seconds"], 3) for r in runs]
    best["ratios"] = [round(r["ratio"], 2) for r in runs]
    return best


def _row(scale: int, name: str, r: dict[str, Any]) -> dict[str, Any]:
    """One measured case as the README's table shows it (bench/render.py)."""
    ratio, peak = r["ratio_to_floor"], r["peak_rss_mib"]
    row: dict[str, Any] = {
        "scale": scale,
        "case": name,
        "label": CASES[name],
        "seconds": round(r["seconds"], 3),
        "ratio": None if name == "floor" else round(ratio, 2),
        "peak_rss_mib": round(peak),
        "target": None,
        "met": None,
        "notes": "",
        "runs_s": r["runs_s"],
        "ratios": r["ratios"],
    }
    if scale == TARGET_SCALE and name in TARGETS:
        most, mib = TARGETS[name]
        row["target"] = f"≤ {most:g}× floor" + (f", ≤ {mib / 1024:g} GiB" if mib else "")
        row["met"] = ratio <= most and (mib is None or peak <= mib)
    if name == "floor":
        row["notes"] = f"{r['rows']:,} values"
    elif name == "ours_same":
        row["notes"] = "unchanged bytes: hashed, nothing parsed" if r["unchanged"] else "NOT skipped"
    elif name in OURS:
        row["notes"] = f"{r['validated_delta_rows']:,} delta rows checked row by row"
    return row


def run(scales: list[int], repeat: int, dlt_python: str | None, cases: list[str] | None = None) -> dict[str, Any]:
    """Every case at every scale (dlt only with ``dlt_python``); the rows ``bench/render.py`` tabulates."""
    names = [c for c in (cases or list(CASES)) if c != "dlt_arrow" or dlt_python]
    cache = Path(tempfile.gettempdir()) / "lw-bench-history"
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for scale in scales:
            for name in names:
                rows.append(_row(scale, name, measure(name, scale, cache, Path(d), repeat, dlt_python)))
                print(f"ingest {scale}× {name}: {rows[-1]['seconds']:.3f} s", file=sys.stderr, flush=True)
    return {"source": SOURCE, "repeat": repeat, "rows": rows}


def table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'scale':>5}  {'case':<13} {'seconds':>8} {'× floor':>8} {'peak MiB':>9}  notes"]
    for r in rows:
        target = f"target {r['target']}: {'met' if r['met'] else 'MISSED'}; " if r["target"] else ""
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        lines.append(
            f"{r['scale']:>4}×  {r['case']:<13} {r['seconds']:>8.3f} {ratio:>8} {r['peak_rss_mib']:>9}  "
            f"{target}{r['notes']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--dlt-python", help="a Python with dlt[duckdb] installed (bench/requirements-bench.txt)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.csv, args.work)
        return
    result = run(args.scales, args.repeat, args.dlt_python, args.cases)
    print(table(result["rows"]))
    dest = BENCH / "results" / f"ingest-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nwritten {dest.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
