"""``lw build`` as a user runs it, against the framework floor, in one bench run (speed is never asserted in tests).

Cases, each a fresh process timed from spawn to exit (Python, Dagster, dbt and GX start-up included),
with the peak RSS of its largest process (``os.wait4``: the child's own maximum, or a dbt child's it
waited for, whichever is larger; not a sum):

1. framework floor: ``bench/floor_project/floor.py``, one plain asset and three dbt models through
   dagster-dbt's ``@dbt_assets`` (dbt-duckdb), run as ``lw build`` runs: ``execute_in_process`` on the
   instance in a fresh DAGSTER_HOME, steps in-process. Its manifest is parsed before timing, as
   ``lw``'s is (once per code change); dbt's target starts empty, as a cold ``lw build``'s does.
2. cold: a fresh LW_HOME; every source fetched (replayed), validated and loaded, every dbt model and
   test, the report, the serving copy. Target: at most 1.3x the floor.
3. no-op: the same LW_HOME built again with nothing new: one run of the sources (no parse, validation
   or load), no run of what is built on them (no dbt), the serving copy and the report left as they
   are. Target: at most 25 % of cold.
4. one source changed: the same LW_HOME with one new business day in MoF's yields history (a copy of
   ``recorded/`` via ``LW_RECORDED_DIR``): that source loads its delta and only the dbt nodes built on
   it run; the serving copy and the report are rewritten.

Each repeat runs the four in that order, so the ratios (medians within this run) compare builds made
under the same load. Where the time goes is read from each run's own step timings (Dagster's
``Finished execution of step`` lines) and ``lw``'s ``run … in Xs``.

Usage: ``.venv/bin/python bench/bench_build.py [--repeat 3] [--select raw/mof_jgb_yields,...]``;
prints a table and writes ``bench/results/build-<timestamp>.json``. ``run(repeat)`` returns the same
dict for a driver that runs several benches.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.history import with_day_appended  # noqa: E402
from ingest.settings import REPO_ROOT  # noqa: E402
from ingest.sources import SOURCES  # noqa: E402

FLOOR_DIR = BENCH / "floor_project"
BIN = Path(sys.executable).parent
YIELDS = "mof_jgb_yields"
HISTORY_URL_END = "/historical/jgbcme_all.csv"
STEP_DONE = re.compile(r'Finished execution of step "([^"]+)" in ([0-9.]+)(ms|s|m)')
LW_RUN = re.compile(r"lw: run \S+ succeeded in ([0-9.]+)s")
CASES = ("framework floor", "cold", "no-op", "one source changed")
TARGETS: dict[str, tuple[str, str, float]] = {  # case: (relative to, target text, max ratio)
    "cold": ("framework floor", "<= 1.3x framework floor", 1.3),
    "no-op": ("cold", "<= 25 % of cold", 0.25),
    "one source changed": ("cold", "", 0.0),
}


@dataclass
class Timed:
    """One process: wall seconds, peak RSS (MiB), the in-run seconds ``lw`` reported, step seconds."""

    seconds: float
    peak_rss_mib: float
    run_seconds: float | None = None
    steps: dict[str, float] = field(default_factory=dict)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LW_", "DAGSTER_", "FLOOR_", "DBT_"))}
    env.update(extra)
    return env


def _step_seconds(log: str) -> dict[str, float]:
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0}
    return {m[1]: round(float(m[2]) * scale[m[3]], 2) for m in STEP_DONE.finditer(log)}


def timed(cmd: list[str], env: dict[str, str], log_of: Path | None = None) -> Timed:
    """Run ``cmd`` to completion in a fresh process; exits with the output's tail when it fails.

    ``log_of``: a folder holding the run's full log (``lw`` writes it there); else the output is the log.
    """
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-4000:]}")
    log = output
    if log_of is not None:
        newest = max(log_of.glob("*.log"), key=lambda p: p.stat().st_mtime)
        log = newest.read_text(encoding="utf-8", errors="replace")
    runs = [float(s) for s in LW_RUN.findall(output)]  # a build is one or two runs (sources, then the rest)
    return Timed(
        seconds=elapsed,
        peak_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        run_seconds=sum(runs) if runs else None,
        steps=_step_seconds(log),
    )


def lw_build(home: Path, recorded: Path | None, select: str | None) -> Timed:
    env = _clean_env(LW_HOME=str(home), LW_MODE="offline", **({"LW_RECORDED_DIR": str(recorded)} if recorded else {}))
    return timed([str(BIN / "lw"), "build", *(["--select", select] if select else [])], env, home / "logs")


def floor_env(home: Path, manifest_dir: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return _clean_env(
        FLOOR_HOME=str(home),
        FLOOR_MANIFEST_DIR=str(manifest_dir),
        DAGSTER_HOME=str(home / "dagster"),
        DBT_LOG_PATH=str(home / "dbt-logs"),
    )


def prepare_floor(tmp: Path) -> Path:
    """Parse the floor's dbt project once (untimed): its manifest, as ``lw``'s, exists before the build."""
    manifest_dir = tmp / "floor-manifest"
    env = floor_env(tmp / "floor-parse", manifest_dir)
    cmd = [str(BIN / "dbt"), "parse", "--quiet", "--project-dir", str(FLOOR_DIR), "--profiles-dir", str(FLOOR_DIR)]
    subprocess.run([*cmd, "--target-path", str(manifest_dir)], env=env, check=True, cwd=FLOOR_DIR)
    return manifest_dir


def floor_build(home: Path, manifest_dir: Path) -> Timed:
    env = floor_env(home, manifest_dir)
    (home / "dagster").mkdir()
    return timed([sys.executable, str(FLOOR_DIR / "floor.py")], env)


def recordings_with_a_new_day(dest: Path) -> Path:
    """A copy of ``recorded/`` whose newest yields history answer has one more business day (manifest updated)."""
    shutil.copytree(REPO_ROOT / "recorded", dest)
    manifest_path = dest / YIELDS / "manifest.yaml"
    entries = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    # the newest vintage: a request's recordings are listed (and replayed) oldest first
    entry = [e for e in entries if e["kind"] == "history" and e["url"].endswith(HISTORY_URL_END)][-1]
    path = dest / YIELDS / entry["file"]
    data = with_day_appended(path.read_bytes())
    path.write_bytes(data)
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def machine() -> str:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor() or platform.machine(),
    )
    mem_kib = next(
        int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
    )
    packages = ("duckdb", "polars", "great-expectations", "dagster", "dagster-dbt", "dbt-core", "dbt-duckdb")
    versions = ", ".join(f"{p} {version(p)}" for p in packages)
    python = f"Python {platform.python_version()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem_kib / 1024**2:.1f} GiB RAM, {python}, {versions}"


def _where_time_goes(runs: list[Timed]) -> str:
    """Median in-run seconds and the slowest steps, so a row says what its wall time was spent on."""
    parts = []
    in_run = [r.run_seconds for r in runs if r.run_seconds is not None]
    if in_run:
        wall, run_s = statistics.median(r.seconds for r in runs), statistics.median(in_run)
        parts.append(f"run {run_s:.1f}s, start-up+exit {wall - run_s:.1f}s")
    steps: dict[str, list[float]] = {}
    for r in runs:
        for name, s in r.steps.items():
            steps.setdefault(name, []).append(s)
    median_steps = sorted(((statistics.median(v), k) for k, v in steps.items()), reverse=True)
    if median_steps:
        total = sum(s for s, _ in median_steps)
        top = ", ".join(f"{k} {s:.1f}s" for s, k in median_steps[:4])
        parts.append(f"steps {total:.1f}s ({top})")
    return "; ".join(parts)


NOTES = {
    "framework floor": "1 plain asset + 3 dbt models (@dbt_assets, dbt-duckdb), execute_in_process, fresh DAGSTER_HOME",
    "cold": f"fresh LW_HOME: {len(SOURCES)} sources replayed, checked, loaded; every dbt model and test; report; copy",
    "no-op": "same LW_HOME again, nothing new: one run of the sources (no load), no dbt, report and copy untouched",
    "one source changed": "one new day in MoF's yields history: its delta, the dbt nodes built on it, republish",
}


def run(repeat: int = 3, select: str | None = None) -> dict[str, Any]:
    """Every case ``repeat`` times, interleaved; medians, ratios within this run, a row per case."""
    times: dict[str, list[Timed]] = {case: [] for case in CASES}
    with tempfile.TemporaryDirectory(prefix="lw-bench-build-") as d:
        tmp = Path(d)
        from dagster_project.dbt_project import prepare_manifest

        prepare_manifest()  # lw's manifest, as it is before any build of an unchanged checkout
        manifest_dir = prepare_floor(tmp)
        changed = recordings_with_a_new_day(tmp / "recorded-new-day")
        for i in range(repeat):
            home = tmp / f"home-{i}"
            times["framework floor"].append(floor_build(tmp / f"floor-{i}", manifest_dir))
            times["cold"].append(lw_build(home, None, select))
            times["no-op"].append(lw_build(home, None, select))
            times["one source changed"].append(lw_build(home, changed, select))
    medians = {case: statistics.median(t.seconds for t in runs) for case, runs in times.items()}
    rows = []
    for case in CASES:
        of, target, limit = TARGETS.get(case, ("", "", 0.0))
        ratio = medians[case] / medians[of] if of else None
        rows.append(
            {
                "case": case,
                "seconds": round(medians[case], 2),
                "ratio": round(ratio, 3) if ratio is not None else None,
                "ratio_of": of,
                "peak_rss_mib": round(max(t.peak_rss_mib for t in times[case]), 1),
                "target": target or None,
                "met": (ratio <= limit) if target and ratio is not None else None,
                "notes": f"{NOTES[case]}. {_where_time_goes(times[case])}",
            }
        )
    return {
        "bench": "build",
        "machine": machine(),
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "select": select or "everything",
        "repeat": repeat,
        "rows": rows,
        "runs_s": {case: [round(t.seconds, 2) for t in runs] for case, runs in times.items()},
        "steps_s": {case: [t.steps for t in runs] for case, runs in times.items()},
    }


def print_table(result: dict[str, Any]) -> None:
    print(result["machine"])
    print(f"{'case':<20} {'median s':>9} {'ratio':>7}  {'of':<16} {'peak RSS':>9}  {'target':<24} met")
    for r in result["rows"]:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        met = {True: "yes", False: "NO", None: ""}[r["met"]]
        print(
            f"{r['case']:<20} {r['seconds']:>9.2f} {ratio:>7}  {r['ratio_of'] or '—':<16} "
            f"{r['peak_rss_mib']:>6.0f} MiB  {r['target'] or '—':<24} {met}"
        )
    for r in result["rows"]:
        print(f"  {r['case']}: {r['notes']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--select", help="passed to lw build --select (default: everything)")
    args = parser.parse_args()
    result = run(args.repeat, args.select)
    print_table(result)
    dest = BENCH / "results" / f"build-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(result, indent=2))
    print(f"written {dest.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
