"""A new source from a template: every file a source needs, with the places to fill marked ``FILL``.

``lw new-source <name>`` (or ``python -m ingest.scaffold <name>``) writes the source's folder, its
staging model, its recordings manifest and a parse test, then regenerates what is derived from the
declarations (dbt sources yml and docs, the README's and ``bench/README.md``'s tables). The new
source is a working one from the start (a dated CSV of values), so the project still loads; what it
fetches and how it parses are then filled in (docs/architecture.md, "How to add a source").
"""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path
from string import Template

from ingest.settings import REPO_ROOT

TEMPLATES = Path(__file__).resolve().parent / "scaffold_templates"
NAME = re.compile(r"^[a-z][a-z0-9_]*[a-z0-9]$")


def planned_files(name: str) -> dict[Path, str]:
    """Each file the scaffold writes → the template it is made from."""
    source = REPO_ROOT / "ingest" / "sources" / name
    staging = REPO_ROOT / "dbt" / "models" / "staging" / name
    tests = REPO_ROOT / "tests" / "sources" / name
    return {
        source / "__init__.py": "source__init__.py.tmpl",
        source / "fetch.py": "fetch.py.tmpl",
        source / "parse.py": "parse.py.tmpl",
        source / "expectations.py": "expectations.py.tmpl",
        source / "README.md": "README.md.tmpl",
        staging / f"stg_{name}.sql": "stg.sql.tmpl",
        staging / f"_{name}__models.yml": "models.yml.tmpl",
        REPO_ROOT / "recorded" / name / "manifest.yaml": "manifest.yaml.tmpl",
        tests / "__init__.py": "",
        tests / "test_parse.py": "test_parse.py.tmpl",
    }


def scaffold(name: str) -> list[Path]:
    """Write the new source's files (refusing a bad or taken name); returns what was written."""
    if not NAME.match(name):
        raise ValueError(f"source name {name!r}: use lower-case letters, digits and '_' (a Python package name)")
    files = planned_files(name)
    if taken := [p for p in files if p.exists()]:
        raise FileExistsError(
            f"source {name!r} exists already: {', '.join(str(p.relative_to(REPO_ROOT)) for p in taken)}"
        )
    for path, template in files.items():
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(name=name) if template else ""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def regenerate() -> list[Path]:
    """Everything derived from the declarations, now including the new source (imported afresh)."""
    from ingest.generate import write
    from ingest.sources import discover

    importlib.invalidate_caches()  # the import system has not seen the new folder yet
    return write(discover())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lw new-source", description=__doc__)
    parser.add_argument("name", help="the source's name: its folder, its raw table raw.<name> and its asset")
    args = parser.parse_args(argv)
    return run(args.name)


def run(name: str) -> int:
    """Scaffold ``name``, regenerate, and say what to fill in next."""
    try:
        written = scaffold(name)
    except (ValueError, FileExistsError) as exc:
        print(f"lw new-source: {exc}")
        return 2
    generated = regenerate()
    for path in [*written, *generated]:
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    print(
        f"next: fill every FILL in the files above (docs/architecture.md, 'How to add a source'), record a real "
        f"payload in recorded/{name}/, then: python -m ingest.generate && lw build --select raw/{name}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
