"""FRED against independent publishers: the US Treasury's own par yields, and the BoJ's monthly yen rate.

Both warehouses' sides are loaded by the real offline path from the recordings; the Treasury's CSV
is a test fixture (tests/sources/fred_series/fixtures/, provenance in recorded/PROVENANCE.md).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import boj_rates, fred_series
from ingest.warehouse.connect import warehouse

TREASURY = Path(__file__).parent / "fixtures" / "treasury_par_yield_curve_1990-01-02_2022-03-11.csv"

MONTHLY = """
with fred as (
    select date_trunc('month', date)::date as month, avg(value) as fred_mean
    from raw.fred_series where series_id = 'DEXJPUS' group by 1
)
select period_date as month, value as boj, fred_mean
from raw.boj_rates join fred on fred.month = period_date
where db = 'FM08' and series_code = 'FXERM07'
order by 1
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings.from_env({"LW_HOME": str(tmp_path_factory.mktemp("cross") / "lw"), "LW_MODE": "offline"})
    run_source(fred_series.SOURCE, settings)
    run_source(boj_rates.SOURCE, settings)
    return settings


def _query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with warehouse(settings, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def treasury(tenor: str) -> dict[date, float]:
    """The Treasury's own CSV (MM/DD/YYYY, newest first, an empty cell where a tenor was not published)."""
    rows = csv.DictReader(io.StringIO(TREASURY.read_text(encoding="ascii")))
    return {datetime.strptime(r["Date"], "%m/%d/%Y").date(): float(r[tenor]) for r in rows if r[tenor]}


@pytest.mark.parametrize(("series", "tenor", "shared_days"), [("DGS10", "10 Yr", 8055), ("DGS30", "30 Yr", 7061)])
def test_fred_equals_the_treasury_par_yield_on_every_shared_day(
    loaded: Settings, series: str, tenor: str, shared_days: int
) -> None:
    fred = dict(_query(loaded, "select date, value from raw.fred_series where series_id = ?", [series]))
    theirs = treasury(tenor)
    shared = sorted(fred.keys() & theirs.keys())
    assert len(shared) == shared_days
    assert [d for d in shared if fred[d] != theirs[d]] == []


def test_fred_monthly_yen_tracks_the_boj_tokyo_fixing(loaded: Settings) -> None:
    """DEXJPUS (noon New York) averaged by month against the BoJ's FM08 monthly average of the 17:00 Tokyo rate.

    The two are fixed eight to nine hours apart, so a month's means differ by the yen's moves in between,
    averaged over 17–23 days: a fraction of a percent, with no level difference on average. On the real
    data every month since 1974 is within 0.54 % (the largest: 1999-09); in 1973, the first year of the
    float, they differ by up to 3.36 yen (1973-03). Since 2024 every month is within 0.46 yen (2025-02:
    151.57 vs 152.03). The bounds below sit just above what the data show, so a shifted month, a wrong
    series or a unit slip fails them.
    """
    rows = _query(loaded, MONTHLY)
    assert len(rows) == 644 and rows[0][0] == date(1973, 1, 1) and rows[-1][0] == date(2026, 8, 1)
    floating = [(m, boj, fred) for m, boj, fred in rows if m >= date(1974, 1, 1)]
    assert max(abs(fred - boj) / boj for _, boj, fred in floating) < 0.006
    assert abs(sum(fred - boj for _, boj, fred in floating) / len(floating)) < 0.05  # yen: no bias
    recent = {m: (boj, round(fred, 2)) for m, boj, fred in rows if m >= date(2024, 1, 1)}
    assert len(recent) == 32 and max(abs(boj - fred) for boj, fred in recent.values()) < 0.5
    assert recent[date(2024, 7, 1)] == (157.86, 157.52)
    assert recent[date(2026, 8, 1)] == (158.81, 158.85)
