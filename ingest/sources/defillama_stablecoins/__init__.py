"""DefiLlama's total circulating supply of USDT and USDC, one row per token and day (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.defillama_stablecoins import expectations, fetch, parse
from ingest.sources.defillama_stablecoins.fetch import API_JSON, EXPORT_CSV, STABLECOINS

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "token": Column("VARCHAR", "Stablecoin symbol (USDT, USDC).", accepted=tuple(STABLECOINS)),
        "date": Column("DATE", "UTC day of DefiLlama's daily point (its timestamp is 00:00 UTC of that day)."),
    },
    values={
        "supply": Column(
            "DOUBLE",
            "Total circulating supply across every chain DefiLlama tracks, in tokens (its circulating.peggedUSD).",
            # early days are tiny (USDC started at 2 tokens); today's supplies are ~1e11
            not_null=True,
            min_value=0,
            max_value=1e13,
        ),
    },
    extra={
        "defillama_id": Column("INTEGER", "DefiLlama's stablecoin id (1 = USDT, 2 = USDC)."),
        "representation": Column(
            "VARCHAR",
            "Which representation the row was read from: 'api_json' (DefiLlama's own JSON answer) or 'export_csv' "
            "(a third party's CSV export of that answer, the offline recording).",
            not_null=True,
            accepted=(API_JSON, EXPORT_CSV),
        ),
    },
    description=(
        "DefiLlama stablecoin dashboard: total circulating supply per stablecoin and day (USDT since 2017-11-29, "
        "USDC since 2018-09-11), from GET https://stablecoins.llama.fi/stablecoin/{id}. Revised values are kept in "
        "raw.defillama_stablecoins__history."
    ),
)

CADENCE = Cadence(
    cron="15 9 * * *",
    schedule_description="09:15 JST daily (00:15 UTC, after DefiLlama's point for the new UTC day exists).",
    date_column="date",
    max_lag=timedelta(days=3),
    lag_description="a point per UTC day; stale when the newest day is more than 3 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="DefiLlama's stablecoins API: daily total circulating supply of USDT and USDC.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse(content, payload)),
    suite=expectations.suite,
)
