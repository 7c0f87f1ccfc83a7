"""The prose tables that list sources, rendered from their declarations so they cannot drift.

* The README's *Sources* table: each source's name, its declared description and fetch schedule,
  and the first sentence after ``**Terms:**`` in its own README.
* ``bench/README.md``'s suite table: what each source's suite checks on the whole payload
  (table-level) and what on the delta (row-level), from the suite itself (declared rules and the
  source's own checks), for every kind of payload its recordings hold.

Each table sits between ``<!-- <name>:begin … -->`` and ``<!-- <name>:end -->`` markers; the rest
of the file is prose and is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ingest.settings import REPO_ROOT
from ingest.source import SourceSpec, SuiteContext
from ingest.validation import ROW_LEVEL, ExpectationDef

README = REPO_ROOT / "README.md"
BENCH_README = REPO_ROOT / "bench" / "README.md"
RECORDED = REPO_ROOT / "recorded"
GENERATOR = "python -m ingest.generate"
# Stands for "the last good load's row count" when a suite is rendered (no warehouse to ask).
LAST_GOOD = 10**15
_TERMS = re.compile(r"\*\*Terms:\*\*\s*(.+?)(?:\n\s*\n|\Z)", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
LISTED = 4  # value sets up to this size are listed; larger ones are counted


def between_markers(text: str, name: str, body: str, path: Path) -> str:
    """``text`` with what lies between the ``name`` markers replaced by ``body``."""
    begin = re.search(rf"<!-- {name}:begin[^>]*-->\n", text)
    end = re.search(rf"<!-- {name}:end -->", text)
    if not begin or not end or end.start() < begin.end():
        raise ValueError(f"{path}: needs <!-- {name}:begin … --> and <!-- {name}:end --> around the generated table")
    return text[: begin.end()] + body + text[end.start() :]


def terms(spec: SourceSpec) -> str:
    """The first sentence after ``**Terms:**`` in the source's README (every README says its terms)."""
    path = spec.folder / "README.md"
    found = _TERMS.search(path.read_text(encoding="utf-8")) if path.exists() else None
    if not found:
        raise ValueError(f"{path}: needs a paragraph starting '**Terms:**' (the licence or terms of use)")
    return _SENTENCE_END.split(" ".join(found.group(1).split()), maxsplit=1)[0]


def cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def sources_table(sources: dict[str, SourceSpec]) -> str:
    rows = ["| source | what (its declaration) | fetched | terms (its README) |", "|---|---|---|---|"]
    for name, spec in sources.items():
        what, when = spec.description, spec.cadence.schedule_description
        rows.append(f"| `{name}` | {cell(what)} | {cell(when)} | {cell(terms(spec))} |")
    return "\n".join(rows) + "\n"


def recorded_kinds(name: str) -> list[str]:
    """The kinds of payload a source's recordings hold (a reviewed-only source has none)."""
    manifest = RECORDED / name / "manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) if manifest.exists() else None
    return sorted({e["kind"] for e in entries or [] if "kind" in e})


def _values(values: list[Any]) -> str:
    if len(values) <= LISTED:
        return "{" + ", ".join(str(v) for v in values) + "}"
    return f"one of {len(values)} declared values"


def _number(value: float) -> str:
    """Short and exact enough for a bound: 15, -1, 0.5, 2e6, 1e13."""
    return f"{value:g}" if abs(value) < 1e5 else f"{value:.0e}".replace("e+0", "e").replace("e+", "e")


def _bounds(kwargs: dict[str, Any]) -> str:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None and high is not None:
        return f"in [{_number(low)}, {_number(high)}]" if low != high else f"= {_number(low)}"
    if low is not None:
        return f"{'>' if kwargs.get('strict_min') else '≥'} {_number(low)}"
    return f"{'<' if kwargs.get('strict_max') else '≤'} {_number(kwargs['max_value'])}"


def _in_set(values: list[Any]) -> str:
    return {(True,): "true", (False,): "false"}.get(tuple(values), _values(values))


def describe(check: ExpectationDef) -> str:
    """One expectation in a few words, for the suite table."""
    name, kw = check
    col = kw.get("column", "")
    where = f" where {kw['row_condition']}" if "row_condition" in kw else ""
    if name == "ExpectTableRowCountToBeBetween":
        return (
            "no fewer rows than the last good load" if kw.get("min_value") == LAST_GOOD else "row count " + _bounds(kw)
        )
    text = {
        "ExpectCompoundColumnsToBeUnique": lambda: f"({', '.join(kw.get('column_list', []))}) unique",
        "ExpectColumnValuesToBeUnique": lambda: f"{col} unique",
        "ExpectColumnValuesToBeIncreasing": lambda: f"{col} {'strictly ' if kw.get('strictly') else ''}increasing",
        "ExpectColumnDistinctValuesToEqualSet": lambda: f"{col} values exactly {_values(kw['value_set'])}",
        "ExpectColumnDistinctValuesToContainSet": lambda: f"{col} values include {_values(kw['value_set'])}",
        "ExpectColumnValuesToNotBeNull": lambda: f"{col} present",
        "ExpectColumnValuesToBeBetween": lambda: f"{col} {_bounds(kw)}",
        "ExpectColumnValuesToBeInSet": lambda: f"{col} {_in_set(kw['value_set'])}",
        "ExpectColumnValuesToMatchRegex": lambda: f"{col} matches `{kw['regex']}`",
        "ExpectColumnPairValuesAToBeGreaterThanB": lambda: f"{kw['column_A']} ≥ {kw['column_B']}",
    }.get(name)
    return (text() if text else f"{name}({', '.join(f'{k}={v}' for k, v in kw.items())})") + where


def suite_cells(spec: SourceSpec) -> tuple[str, str]:
    """(table-level, row-level) descriptions, over every recorded kind; a check not in all of them says which."""
    kinds = recorded_kinds(spec.name) or ["payload"]
    seen: dict[str, list[str]] = {}
    level: dict[str, bool] = {}
    for kind in kinds:
        for check in spec.expectations(SuiteContext(kind, LAST_GOOD)):
            text = describe(check)
            seen.setdefault(text, []).append(kind)
            level[text] = check[0] in ROW_LEVEL
    parts: dict[bool, list[str]] = {False: [], True: []}
    for text, where in seen.items():
        only = f" ({', '.join(where)} only)" if len(where) < len(kinds) else ""
        parts[level[text]].append(text + only)
    return "; ".join(parts[False]) or "–", "; ".join(parts[True]) or "–"


def suite_table(sources: dict[str, SourceSpec]) -> str:
    rows = ["| source | whole payload (table-level) | delta only (row-level) |", "|---|---|---|"]
    for name, spec in sources.items():
        table_level, row_level = suite_cells(spec)
        rows.append(f"| `{name}` | {cell(table_level)} | {cell(row_level)} |")
    return "\n".join(rows) + "\n"


def expected_files(sources: dict[str, SourceSpec]) -> dict[Path, str]:
    """The README and bench/README.md with their tables as the declarations say."""
    readme = between_markers(README.read_text(encoding="utf-8"), "sources", sources_table(sources), README)
    bench = BENCH_README.read_text(encoding="utf-8")
    return {README: readme, BENCH_README: between_markers(bench, "suites", suite_table(sources), BENCH_README)}
