"""Run one source's ingest without Dagster: ``python -m ingest.run <source> [<source> …]``."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from ingest.errors import IngestError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import SOURCES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.run", description=__doc__)
    parser.add_argument("sources", nargs="*", default=list(SOURCES), help=f"any of {', '.join(SOURCES)}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    status = 0
    for name in args.sources:
        if name not in SOURCES:
            parser.error(f"unknown source {name!r}; known: {', '.join(SOURCES)}")
        try:
            report = run_source(SOURCES[name], settings)
            print(json.dumps({name: report.as_metadata()}, default=str, indent=1))
        except IngestError as exc:
            print(f"{name}: FAILED: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
