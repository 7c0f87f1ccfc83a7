"""CoinGecko's daily Bitcoin price, market cap and volume in US dollars (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.coingecko_btc import expectations, fetch, parse

TABLE = TableSpec(
    name=source_name(__package__),
    key={"date": Column("DATE", "UTC day of CoinGecko's daily snapshot (snapped_at's date).")},
    values={
        "price_usd": Column(
            "DOUBLE",
            "Bitcoin's price in US dollars at the snapshot, CoinGecko's volume-weighted aggregate across exchanges.",
            not_null=True,
            min_value=1.0,
            max_value=10_000_000.0,
        ),
        "market_cap_usd": Column(
            "DOUBLE", "Market capitalisation in US dollars (price × circulating supply).", not_null=True, min_value=0.0
        ),
        "total_volume_usd": Column(
            "DOUBLE",
            "Trading volume over the 24 hours before the snapshot, US dollars (0 in CoinGecko's 2013 rows).",
            not_null=True,
            min_value=0.0,
        ),
    },
    extra={
        "snapped_at": Column(
            "TIMESTAMPTZ", "When CoinGecko took the snapshot: 00:00 UTC but for four days of 2017–2018.", not_null=True
        ),
    },
    description=(
        "CoinGecko's Bitcoin/USD price history export (btc-usd-max.csv), one row per UTC day since 2013-04-28. "
        "Revised values are kept in raw.coingecko_btc__history."
    ),
)

CADENCE = Cadence(
    cron="30 9 * * *",
    schedule_description="09:30 JST daily (00:30 UTC, after the new day's 00:00 UTC snapshot).",
    date_column="date",
    max_lag=timedelta(days=3),
    lag_description="a snapshot every UTC day; stale when the newest day is more than 3 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="CoinGecko: Bitcoin's daily price, market cap and 24-hour volume in US dollars since 2013.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
