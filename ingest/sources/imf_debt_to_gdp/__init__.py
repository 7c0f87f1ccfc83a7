"""IMF general government gross debt, % of GDP (WEO, via DataMapper), per vintage (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.imf_debt_to_gdp import expectations, fetch, parse

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "country": Column("VARCHAR", "ISO 3166 alpha-3 code (JPN)."),
        "year": Column(
            "SMALLINT",
            "Calendar year the ratio refers to (later years are IMF projections).",
            min_value=1950,
            max_value=2040,
        ),
        "vintage": Column(
            "VARCHAR",
            "World Economic Outlook edition the figure comes from: 'YYYY-04' (April) or 'YYYY-10' (October).",
        ),
    },
    values={
        # gross debt: from ~1 % (Saudi Arabia) to ~360 % (Lebanon) in the recorded vintages
        "debt_pct": Column(
            "DOUBLE",
            "General government gross debt, % of GDP (IMF indicator GGXWDG_NGDP).",
            not_null=True,
            min_value=0.0,
            max_value=600.0,
        )
    },
    extra={
        "fetched_on": Column(
            "DATE", "Day DataMapper served this figure (the vintage is the WEO edition in force then)."
        )
    },
    description=(
        "IMF World Economic Outlook general government gross debt (% of GDP) for Japan, from the DataMapper API, "
        "one row per year and WEO vintage: each edition is kept side by side because the IMF revises the whole "
        "history between editions (the April 2026 edition rebased Japan's GDP)."
    ),
)

CADENCE = Cadence(
    cron="0 9 1 5,11 *",
    schedule_description="09:00 JST on 1 May and 1 November, after the April and October WEO releases (mid-month).",
    # Years run ~5 years ahead (projections), so staleness is judged by when the edition was fetched:
    # a new one every ~6 months, fetched ~2 weeks after its release.
    date_column="fetched_on",
    max_lag=timedelta(days=200),
    lag_description="a WEO edition every ~6 months (mid-April/October); stale when the newest fetch is >200 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="IMF DataMapper GGXWDG_NGDP (general government gross debt, % of GDP), Japan, every WEO vintage.",
    requests=fetch.requests,
    parse=parse.parse_payload,
    suite=expectations.suite,
    to_load=expectations.to_load,
)
