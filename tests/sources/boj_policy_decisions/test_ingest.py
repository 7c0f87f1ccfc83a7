"""The reviewed decision table loads as a versioned source; a bad edit is refused and changes nothing."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest

from ingest.errors import ParseError, ValidationFailed
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import fetch_reviewed, reviewed_file
from ingest.sources import boj_policy_decisions
from ingest.sources.boj_policy_decisions.parse import parse


def _rows(settings: Settings) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (loaded_at) FROM raw.boj_policy_decisions ORDER BY ALL").fetchall()


def test_policy_decisions_load_as_a_versioned_source(settings: Settings) -> None:
    spec = boj_policy_decisions.SOURCE
    report = run_source(spec, settings)
    assert (
        report.stats is not None
        and report.stats.inserted == 7
        and report.payloads[0].url == "reviewed://boj_policy_decisions/decisions.yaml"
    )
    rows = {r[0].isoformat(): r for r in _rows(settings)}
    assert rows["2025-12-22"][1].isoformat() == "2025-12-19" and rows["2025-12-22"][5] == 0.75
    assert (rows["2024-03-21"][3], rows["2024-03-21"][4]) == (0.0, 0.1)

    text = reviewed_file(spec.name, boj_policy_decisions.FILE).read_text(encoding="utf-8")
    edited = text.replace("decided: 2025-12-19", "decided: 2026-01-30").encode()  # decided after effect

    def fetch_edited(s: Settings, f: object) -> list:
        return [replace(fetch_reviewed(spec.name, boj_policy_decisions.FILE, "decisions", s), content=edited)]

    with pytest.raises(ValidationFailed, match="days_to_effect"):
        run_source(replace(spec, fetch=fetch_edited), settings)
    assert len(_rows(settings)) == 7


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "decided: 2016-01-29",
            "decided: '2016-01-29'",
            r"'decisions\[0\]\.decided': Input should be a valid date",
        ),
        ("decided: 2016-01-29", "decided: 2016-01-32", r"not readable YAML: day is out of range"),
        ("point_pct: -0.10", "point_pct: true", r"field 'decisions\[0\]\.point_pct': Input should be a valid number"),
        ("instrument: rate_on_policy_rate_balances", "instrument: ' '", r"'decisions\[0\]\.instrument': missing text"),
        ("decisions:", "decision:", r"field 'decisions': Field required"),
    ],
    ids=["quoted-date", "impossible-date", "bool-for-number", "blank-text", "no-decisions"],
)
def test_a_bad_edit_is_refused_at_parse_naming_the_field(old: str, new: str, message: str) -> None:
    text = reviewed_file(boj_policy_decisions.SOURCE.name, boj_policy_decisions.FILE).read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ParseError, match=r"^\[boj_policy_decisions\] decisions\.yaml[:,] .*" + message):
        parse(text.replace(old, new, 1).encode(), "decisions.yaml")
