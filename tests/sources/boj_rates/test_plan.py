"""The request plan obeys the API's limits: one db and frequency a request, ≤250 codes, ≤20-year daily windows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from ingest.sources.boj_rates.series import MAX_CODES_PER_REQUEST, SERIES_PATH, load_series, plan


def test_registry_has_the_reviewed_series_without_db_prefix() -> None:
    series = {(s.db, s.code): s for s in load_series()}
    # BS01 MABJMA5 (all government securities) replaced MABJMA5B (JGBs only): see the source's README.
    assert {("FM01", "STRDCLUCON"), ("IR01", "MADR1Z@D"), ("BS01", "MABJMA5")} <= set(series)
    assert series[("FM01", "STRDCLUCON")].frequency == "DAILY"


def test_daily_ranges_split_into_windows_of_at_most_20_years() -> None:
    call = [s for s in load_series() if s.code == "STRDCLUCON"]
    reqs = plan(call, date(2026, 11, 26))
    assert [(r.start, r.end) for r in reqs] == [("199801", "201712"), ("201801", "202611")]


def test_codes_are_chunked_by_250_and_grouped_by_frequency() -> None:
    base = load_series()[0]
    many = [replace(base, code=f"X{i:03d}") for i in range(MAX_CODES_PER_REQUEST + 1)]
    monthly = replace(base, code="M1", frequency="MONTHLY")
    reqs = plan(many + [monthly], date(2000, 6, 1))
    sizes = sorted((r.frequency, len(r.codes)) for r in reqs)
    assert sizes == [("DAILY", 1), ("DAILY", MAX_CODES_PER_REQUEST), ("MONTHLY", 1)]


def test_url_has_bare_codes_and_encodes_at_sign() -> None:
    ir = [s for s in load_series() if s.db == "IR01"]
    url = plan(ir, date(2000, 1, 1))[0].url("https://x/api/v1", start_position=256)
    assert "db=IR01&code=MADR1Z%40D" in url and "'" not in url and url.endswith("&startPosition=256")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s[0].pop("start"), r"series\[0\]: a DAILY series needs start \(YYYYMM\)"),
        (lambda s: s[1].update(start="1990"), r"series\[1\]\.start: expected YYYYMM, got '1990'"),
        (lambda s: s[2].update(code="FM02'X"), r"series\[2\]\.code: carries a DB prefix"),
        (lambda s: s[2].update(frequency="yearly"), r"series\[2\]\.frequency: expected one of .*, got 'yearly'"),
        (lambda s: s[2].update(bounds=[1]), r"series\[2\]\.bounds\[1\]: Field required"),
        (lambda s: s[3].pop("why"), r"series\[3\]\.why: Field required"),
        (lambda s: s[3].update(lang="fr"), r"series\[3\]\.lang: expected one of \('en', 'jp'\), got 'fr'"),
        (lambda s: s.append(s[0]), r"a \(db, code\) appears twice"),
    ],
    ids=["daily-without-start", "start-not-yyyymm", "db-prefix", "frequency", "one-bound", "no-why", "lang", "twice"],
)
def test_a_bad_series_file_names_the_file_the_entry_and_the_field(
    tmp_path: Path, edit: Callable[[list[dict]], object], message: str
) -> None:
    doc = yaml.safe_load(SERIES_PATH.read_text(encoding="utf-8"))
    edit(doc["series"])
    (tmp_path / "series.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / "series.yaml")) + ": " + message):
        load_series(tmp_path / "series.yaml")
