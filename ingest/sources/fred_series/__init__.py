"""FRED daily series for the liquidity thesis: the yen, US Treasury yields, Bitcoin (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.fred_series import expectations, fetch, parse
from ingest.sources.fred_series.series import SERIES

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "series_id": Column(
            "VARCHAR",
            "FRED series id: " + "; ".join(f"{s.id} = {s.title}, {s.unit}" for s in SERIES) + ".",
            accepted=tuple(s.id for s in SERIES),
        ),
        "date": Column("DATE", "The day the value refers to (New York business day; every day for CBBTCUSD)."),
    },
    values={"value": Column("DOUBLE", "The value in the series' unit, as FRED publishes it.", not_null=True)},
    description=(
        "FRED (Federal Reserve Bank of St. Louis) daily series from fredgraph.csv, one row per series and day; "
        "days without a value (holidays) are not stored. Revised values are kept in raw.fred_series__history."
    ),
)

CADENCE = Cadence(
    cron="30 7 * * 2-6",
    schedule_description="07:30 JST Tuesday to Saturday, after FRED has the previous New York business day.",
    date_column="date",
    # DEXJPUS comes with the Federal Reserve's weekly H.10 release, so its newest day can be a week and a
    # half old before the next release; a holiday adds a day or two.
    max_lag=timedelta(days=14),
    lag_description="the yen rate arrives weekly (H.10); stale when the newest day is more than 14 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="FRED: USD/JPY noon New York (DEXJPUS), US 10Y and 30Y yields (DGS10, DGS30), Coinbase BTC (CBBTCUSD).",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
