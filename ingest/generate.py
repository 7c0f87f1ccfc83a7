"""Everything generated from the source declarations, written or checked in one go.

``python -m ingest.generate`` (re)writes dbt's sources yml and column docs per source
(``ingest/dbt_sources.py``) and the tables that list sources in the README and ``bench/README.md``
(``ingest/doc_tables.py``); ``--check`` writes nothing and exits 1 when a file drifts
(``bash run.sh lint`` runs it, so a declaration and what is derived from it cannot disagree).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ingest import dbt_sources, doc_tables
from ingest.settings import REPO_ROOT
from ingest.source import SourceSpec


def expected_files(sources: dict[str, SourceSpec]) -> dict[Path, str]:
    return {**dbt_sources.expected_files(sources), **doc_tables.expected_files(sources)}


def drift(sources: dict[str, SourceSpec]) -> list[Path]:
    """Generated files that are missing or differ from what the declarations say."""
    return [p for p, text in expected_files(sources).items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def write(sources: dict[str, SourceSpec]) -> list[Path]:
    """Write what drifted; returns the files written."""
    files = expected_files(sources)
    changed = drift(sources)
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    from ingest.sources import SOURCES

    parser = argparse.ArgumentParser(prog="python -m ingest.generate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is missing or stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = drift(SOURCES)
        for path in stale:
            print(f"stale: {path.relative_to(REPO_ROOT)} (run: python -m ingest.generate)")
        return 1 if stale else 0
    for path in write(SOURCES):
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
