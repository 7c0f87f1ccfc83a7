"""``lw build`` as a user runs it, three ways (numbers go in the README; speed is not asserted in tests).

1. cold: a fresh LW_HOME — every source fetched, validated and loaded, every dbt model and test,
   the serving copy.
2. no-op: the same LW_HOME built again with nothing new — every source's bytes are the ones already
   loaded, so the ingest does no parse, validation or load, no dbt model or test runs (no dbt at
   all), and the serving copy and the report are left as they are.
3. one source changed: the same LW_HOME built again with one new business day in MoF's yields
   history (a copy of ``recorded/`` whose yields recording has the day appended, via
   ``LW_RECORDED_DIR``), so one source loads its delta and only the dbt nodes built on it run; the
   serving copy and the report are rewritten.

Each build is a fresh ``lw build`` process (its wall time includes Python, Dagster and GX start-up).
Usage: ``.venv/bin/python bench/bench_build.py [--repeat 3] [--select raw/mof_jgb_yields,...]``;
prints a table and writes ``bench/results/build-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.history import with_day_appended  # noqa: E402
from ingest.settings import REPO_ROOT  # noqa: E402

YIELDS = "mof_jgb_yields"
HISTORY_URL_END = "/historical/jgbcme_all.csv"


def lw_build(home: Path, recorded: Path | None, select: str | None) -> float:
    """One ``lw build`` into ``home`` (offline), its wall time; exits with the log tail if it fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LW_", "DAGSTER_"))}
    env.update({"LW_HOME": str(home), "LW_MODE": "offline"})
    if recorded:
        env["LW_RECORDED_DIR"] = str(recorded)
    cmd = [str(Path(sys.executable).parent / "lw"), "build", *(["--select", select] if select else [])]
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--select", help="passed to lw build --select (default: everything)")
    args = parser.parse_args()
    runs: dict[str, list[float]] = {"cold": [], "no_op": [], "one_source_changed": []}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        changed = recordings_with_a_new_day(tmp / "recorded-new-day")
        for i in range(args.repeat):
            home = tmp / f"home-{i}"
            runs["cold"].append(lw_build(home, None, args.select))
            runs["no_op"].append(lw_build(home, None, args.select))
            runs["one_source_changed"].append(lw_build(home, changed, args.select))
    medians = {k: round(statistics.median(v), 2) for k, v in runs.items()}
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        "select": args.select or "everything",
        "median_s": medians,
        "runs_s": {k: [round(x, 2) for x in v] for k, v in runs.items()},
    }
    for name, seconds in medians.items():
        print(f"lw build {name:<20} {seconds:>7.2f} s  (runs {out['runs_s'][name]})")
    dest = BENCH / "results" / f"build-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(out, indent=2))
    print(f"written {dest.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
