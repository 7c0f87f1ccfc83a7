"""Cabinet Office (ESRI) quarterly GDP, nominal, seasonally adjusted annual rate (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.esri_gdp import expectations, fetch, parse
from ingest.sources.esri_gdp.items import ITEMS

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "quarter": Column("DATE", "First day of the calendar quarter (1994-01-01 = 1994 Q1)."),
        "item_code": Column(
            "VARCHAR",
            "Expenditure item: gdp, private_consumption, …, gni (ingest/sources/esri_gdp/items.py).",
            accepted=tuple(i.code for i in ITEMS),
        ),
    },
    values={
        # nominal GDP since 1994: ~500–700 trillion yen; components and balances lie well inside ±2,000 trillion
        "value_bn_jpy": Column(
            "DOUBLE",
            "Billion yen, nominal, seasonally adjusted, at an annual rate (SAAR).",
            not_null=True,
            min_value=-200_000,
            max_value=2_000_000,
        )
    },
    extra={
        "item_name_ja": Column("VARCHAR", "The item's Japanese header as published (levels joined with '/')."),
        "item_name_en": Column(
            "VARCHAR", "The item's English header as published (ESRI drops the spaces of line breaks)."
        ),
        "release": Column(
            "VARCHAR", "The estimate the value comes from, e.g. '2026Q2 2nd preliminary (gaku-mk2622)'.", not_null=True
        ),
    },
    description=(
        "Cabinet Office (ESRI) quarterly national accounts, expenditure side, nominal, seasonally adjusted annual "
        "rate, billion yen, one row per quarter and item from 1994 Q1. Each release revises past quarters; "
        "superseded values (with their release) are kept in raw.esri_gdp__history."
    ),
)

CADENCE = Cadence(
    cron="0 10 * * 1",
    schedule_description=(
        "10:00 JST on Mondays: ESRI publishes a 1st preliminary estimate ~1.5 months and a 2nd ~2.5 months "
        "after each quarter (8:50 JST, dates announced in advance)."
    ),
    date_column="quarter",
    # Quarter Q (dated its first day) is first estimated ~1.5 months after it ends and superseded as newest
    # ~3 months later: just before that the newest quarter began ~7.5 months ago.
    max_lag=timedelta(days=240),
    lag_description="quarter Q first estimated ~6 weeks after its end; stale when the newest began >240 days ago",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="Cabinet Office (ESRI) quarterly GDP by expenditure, nominal, SAAR, billion yen, 1994 Q1 to date.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
