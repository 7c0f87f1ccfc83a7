"""The request plan obeys the API's limits: one db and frequency a request, ≤250 codes, ≤20-year daily windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ingest.sources.boj_rates.series import MAX_CODES_PER_REQUEST, load_series, plan


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
