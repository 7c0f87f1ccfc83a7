"""The FRED series we load, declared once: the requests, the accepted ids, the bounds and the docs derive from here."""

from __future__ import annotations

from dataclasses import dataclass

BUSINESS_DAYS, EVERY_DAY = "business days", "every day"


@dataclass(frozen=True)
class FredSeries:
    id: str  # FRED's series id, as in ``fredgraph.csv?id=<id>`` and the CSV header
    title: str
    unit: str
    calendar: str  # BUSINESS_DAYS: a line for every weekday (holidays empty); EVERY_DAY: a line for every day
    lower: float  # a value outside [lower, upper] refuses the load (a wrong series or unit, not a market move)
    upper: float


SERIES: tuple[FredSeries, ...] = (
    FredSeries(
        "DEXJPUS",
        "Japanese yen to one US dollar, noon buying rate in New York (Federal Reserve H.10)",
        "yen per US dollar",
        BUSINESS_DAYS,
        50.0,  # the recorded history runs from 75.72 to 358.44
        400.0,
    ),
    FredSeries(
        "DGS10",
        "US Treasury 10-year constant-maturity yield (Federal Reserve H.15)",
        "percent per annum",
        BUSINESS_DAYS,
        0.0,  # the recorded history runs from 0.52 to 15.84 (DGS30: 0.99 to 15.21)
        25.0,
    ),
    FredSeries(
        "DGS30",
        "US Treasury 30-year constant-maturity yield (Federal Reserve H.15)",
        "percent per annum",
        BUSINESS_DAYS,
        0.0,
        25.0,
    ),
    FredSeries(
        "CBBTCUSD",
        "Coinbase Bitcoin, US dollars, daily",
        "US dollars per bitcoin",
        EVERY_DAY,
        1.0,  # the recorded history runs from 120 to 124,720.09
        10_000_000.0,
    ),
)

BY_ID: dict[str, FredSeries] = {s.id: s for s in SERIES}
