"""``python -m report [DB] [OUT_DIR]``: render the report from serving.duckdb (default: LW_HOME's)."""

import sys
from pathlib import Path

from ingest.settings import Settings
from report.render import render_from_file


def main(argv: list[str]) -> int:
    settings = Settings.from_env()
    db = Path(argv[0]) if argv else settings.serving_path
    out = Path(argv[1]) if len(argv) > 1 else settings.report_dir
    result = render_from_file(db, out)
    print(f"report: {result.path} ({result.bytes} bytes, {len(result.charts)} charts, {result.seconds:.1f}s)")
    for section, why in result.missing.items():
        print(f"report:   {section}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
