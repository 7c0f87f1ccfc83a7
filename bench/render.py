"""The README's benchmark section, rendered from one run's JSON (``bench/latest.json``), never typed by hand.

``bench/run.py`` writes the JSON and calls ``update_readme``; a test checks that the README still
says what the JSON it was rendered from says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
LATEST = BENCH / "latest.json"
README = BENCH.parent / "README.md"
BEGIN = "<!-- bench:begin (rendered by bench/render.py from bench/latest.json; do not edit by hand) -->"
END = "<!-- bench:end -->"


def _target(row: dict[str, Any]) -> str:
    if not row.get("target"):
        return ""
    return f"{row['target']}: {'met' if row['met'] else '**missed**'}"


def _ratio(row: dict[str, Any]) -> str:
    return "" if row.get("ratio") is None else f"{row['ratio']:.2f}×"


def section(result: dict[str, Any]) -> str:
    """The markdown between the README's markers: machine, ingest table, build table."""
    ingest, build = result["ingest"], result["build"]
    lines = [
        BEGIN,
        f"Measured {result['measured_at'][:10]} by `bash run.sh bench` (one run, {result['repeat']} repeats "
        f"per case, medians) on {result['machine']}.",
        "",
        f"**Ingest of MoF's yields history** ({ingest['source']}). Each case runs in a fresh process on the "
        "same bytes; × floor is the median of each run's time over a DuckDB-floor run made just before it.",
        "",
        "| scale | case | seconds | × floor | peak RSS MiB | target | notes |",
        "|---:|---|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {r['scale']}× | {r['label']} | {r['seconds']:.2f} | {_ratio(r)} | {r['peak_rss_mib']:,.0f} | "
        f"{_target(r)} | {r.get('notes', '')} |"
        for r in ingest["rows"]
    ]
    lines += [
        "",
        "**`lw build`** (each a fresh `lw build` process, offline; the framework floor is a 3-asset "
        "Dagster + dbt project run the same way, `bench/floor_project/`).",
        "",
        "| build | seconds | ratio | of | peak RSS MiB | target | notes |",
        "|---|---:|---:|---|---:|---|---|",
    ]
    lines += [
        f"| {r['case']} | {r['seconds']:.2f} | {_ratio(r)} | {r.get('ratio_of') or ''} | "
        f"{r['peak_rss_mib']:,.0f} | {_target(r)} | {r.get('notes', '')} |"
        for r in build["rows"]
    ]
    lines.append(END)
    return "\n".join(lines)


def rendered(readme: str, result: dict[str, Any]) -> str:
    """``readme`` with its benchmark section replaced by the one ``result`` renders."""
    start, stop = readme.find(BEGIN), readme.find(END)
    if start < 0 or stop < start:
        raise ValueError(f"{README.name}: no benchmark section (expected a line {BEGIN!r} and, after it, {END!r})")
    return readme[:start] + section(result) + readme[stop + len(END) :]


def update_readme(result: dict[str, Any], readme: Path = README) -> None:
    readme.write_text(rendered(readme.read_text(encoding="utf-8"), result), encoding="utf-8")


def latest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(LATEST.read_text(encoding="utf-8"))
    return data


if __name__ == "__main__":
    update_readme(latest())
    print(f"{README.name}: benchmark section rendered from {LATEST.relative_to(BENCH.parent)}")
