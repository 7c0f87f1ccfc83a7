"""MoF JGB benchmark yields, 1Y–40Y, one row per business day and tenor (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.mof_jgb_yields import expectations, fetch, parse
from ingest.sources.mof_jgb_yields.tenors import TENORS

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "date": Column(
            "DATE", "Business day the yield refers to (MoF publishes it the next business day, ~09:30 JST)."
        ),
        "tenor_years": Column("SMALLINT", "Constant maturity in years (one of dbt's var jgb_tenors).", accepted=TENORS),
    },
    values={
        "yield_pct": Column("DOUBLE", "Yield, % per annum (negative in 2016–2022).", min_value=-1.0, max_value=20.0)
    },
    description=(
        "MoF constant-maturity JGB yields (% per annum) from jgbcme_all.csv / jgbcme.csv, one row per business day "
        "and tenor; '-' cells are not stored. Superseded values are kept in raw.mof_jgb_yields__history "
        "(as-of queries: raw.mof_jgb_yields_as_of(ts))."
    ),
)

CADENCE = Cadence(
    cron="0 10 * * 1-5",
    schedule_description="10:00 JST on weekdays, after MoF's ~09:30 publication of the previous business day.",
    date_column="date",
    # Friday's yields are published Monday morning; a holiday week adds a few days.
    max_lag=timedelta(days=5),
    lag_description="each business day's yields by 19:00 JST of the next business day; stale after 5 days",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="MoF JGB benchmark yields, 1974 to date: the whole history CSV plus the current month.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
    to_load=expectations.to_load,
    # A row is its line's date and cells (the per-day facts read that line only); the file grows by appending.
    line_column="line_no",
)
