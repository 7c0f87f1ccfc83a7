"""The thesis marts on a built warehouse: events, event-study statistics and lead-lag correlations
recomputed here in Python from the marts' own inputs, by the rules their docs state."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow
# dbt_project.yml vars (the rules the marts document)
QUANTILE, TRAILING, MIN_HISTORY, MIN_GAP = 0.99, 1250, 250, 10
HORIZONS = (1, 5, 10, 20)


def quantile_cont(xs: list[float], q: float) -> float:
    """Linear interpolation between order statistics, as DuckDB's quantile_cont."""
    s = sorted(xs)
    pos = q * (len(s) - 1)
    lo = int(pos)
    return s[lo] + (s[min(lo + 1, len(s) - 1)] - s[lo]) * (pos - lo)


def qualifying_days(changes: list[tuple[date, float]]) -> dict[date, bool]:
    """Every qualifying day (top quantile of the trailing window, or a record) → whether it is an event."""
    out: dict[date, bool] = {}
    last_number: int | None = None
    record = max(c for _, c in changes[:MIN_HISTORY])
    for i in range(MIN_HISTORY, len(changes)):
        day, change = changes[i]
        window = [c for _, c in changes[max(0, i - TRAILING) : i]]
        if change > 0 and (change > quantile_cont(window, QUANTILE) or change > record):
            out[day] = last_number is None or i - last_number >= MIN_GAP
            last_number = i
        record = max(record, change)
    return out


@pytest.mark.parametrize("tenor", [30, 10])
def test_the_listed_days_are_exactly_the_days_that_qualify(built_home: Path, tenor: int) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        changes = con.execute(
            "SELECT date, change_bp FROM jgb_yields WHERE tenor_years = ? AND change_bp IS NOT NULL ORDER BY date",
            [tenor],
        ).fetchall()
        listed = dict(
            con.execute(
                "SELECT date, is_event FROM jgb_stress_events WHERE event_family = ?", [f"jgb_{tenor}y"]
            ).fetchall()
        )
    expected = qualifying_days(changes)
    assert listed == expected
    assert sum(expected.values()) >= 10  # the 30Y and the 10Y each have dozens of events since 1999


def test_event_means_medians_and_placebo_means_recomputed(built_home: Path) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        study = con.execute(
            "SELECT event_family, response, horizon_days, n_events, mean_response, median_response, "
            "placebo_windows, placebo_mean, band_low, band_high, placebo_draws, mean_vs_band FROM event_study"
        ).fetchall()
        levels: dict[str, list[tuple[date, float | None]]] = {}
        for series, d, level in con.execute(
            "SELECT series, date, series_level FROM thesis_levels_daily WHERE series_role = 'response' "
            "ORDER BY series, day_index"
        ).fetchall():
            levels.setdefault(series, []).append((d, level))
        events = con.execute("SELECT event_family, date FROM jgb_stress_events WHERE is_event").fetchall()
    assert {r[1] for r in study} >= {"stress_score", "usd_stablecoin_supply"}
    for family, response, h, n, mean, median, windows, placebo_mean, low, high, draws, position in study:
        days = {d for f, d in events if f == family}
        rows = levels[response]
        responses = {
            rows[i][0]: rows[i + h][1] - rows[i - 1][1]
            for i in range(1, len(rows) - h)
            if rows[i + h][1] is not None and rows[i - 1][1] is not None
        }
        at_events = [x for d, x in responses.items() if d in days]
        others = [x for d, x in responses.items() if d not in days]
        assert n == len(at_events) and windows == len(others), (family, response, h)
        assert mean == pytest.approx(statistics.fmean(at_events), abs=1e-5)
        assert median == pytest.approx(statistics.median(at_events), abs=1e-5)
        assert placebo_mean == pytest.approx(statistics.fmean(others), abs=1e-5)
        assert low <= high and draws == 1000
        assert position == ("below band" if mean < low else "above band" if mean > high else "within band")


def test_lead_lag_correlations_recomputed(built_home: Path) -> None:
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT series, day_index, series_level FROM thesis_levels_daily "
            "WHERE series IN ('jgb_30y', 'stress_score') ORDER BY series, day_index"
        ).fetchall()
        got = dict(
            (lag, (n, r, bound))
            for lag, n, r, bound in con.execute(
                "SELECT lag_days, n_pairs, correlation_coefficient, bound FROM lead_lag "
                "WHERE driver = 'jgb_30y' AND response = 'stress_score'"
            ).fetchall()
        )
    level = {(s, i): v for s, i, v in rows}
    last = max(i for _, i, _ in rows)

    def change(series: str, i: int) -> float | None:
        a, b = level.get((series, i)), level.get((series, i - 1))
        return None if a is None or b is None else a - b

    assert sorted(got) == list(range(-10, 11))
    for lag in (-3, 0, 1, 5):
        pairs = [
            (x, y)
            for i in range(2, last + 1)
            if (x := change("jgb_30y", i)) is not None and (y := change("stress_score", i + lag)) is not None
        ]
        n, r, bound = got[lag]
        assert n == len(pairs)
        assert r == pytest.approx(statistics.correlation(*zip(*pairs, strict=True)), abs=1e-5)
        assert bound == pytest.approx(1.96 / len(pairs) ** 0.5, abs=1e-6)
