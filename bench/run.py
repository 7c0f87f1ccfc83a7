"""Every benchmark in one run: the yields ingest at 1×, 10× and 100×, then ``lw build`` three ways.

Writes ``bench/results/bench-<timestamp>.json`` and ``bench/latest.json`` (the one the README's
benchmark section is rendered from), prints the tables, and re-renders that section. Run it on a
machine doing nothing else: ``bash run.sh bench`` (it also installs dlt, the yardstick, in its own
venv ``.venv-bench``).

Usage: ``.venv/bin/python bench/run.py [--repeat 3] [--scales 1 10 100] [--dlt-python PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench import bench_build, bench_ingest, render  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--dlt-python", help="a Python with dlt[duckdb] (bench/requirements-bench.txt)")
    args = parser.parse_args()
    started = datetime.now(UTC)
    result: dict[str, Any] = {"measured_at": started.isoformat(timespec="seconds"), "machine": bench_build.machine()}
    result["repeat"] = args.repeat
    result["ingest"] = bench_ingest.run(args.scales, args.repeat, args.dlt_python)
    result["build"] = bench_build.run(args.repeat)
    result["load_average_at_end"] = round(os.getloadavg()[0], 2)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    dest = BENCH / "results" / f"bench-{started:%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    render.LATEST.write_text(text, encoding="utf-8")
    render.update_readme(result)
    print(render.section(result))
    print(
        f"\nwritten {dest.relative_to(BENCH.parent)} and {render.LATEST.relative_to(BENCH.parent)}; README re-rendered"
    )


if __name__ == "__main__":
    main()
