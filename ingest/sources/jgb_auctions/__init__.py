"""JGB super-long auction results (20/30/40-year), from a third party's parse of MoF's result pages (README.md)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.jgb_auctions import expectations, fetch, parse

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "auction_date": Column(
            "DATE", "Day of the auction (MoF publishes the result that day, shortly after noon JST)."
        ),
        "maturity_years": Column(
            "SMALLINT", "Maturity of the bond auctioned: 20, 30 or 40 years.", accepted=(20, 30, 40)
        ),
    },
    values={
        "issue_number": Column(
            "INTEGER", "Issue number (回号) of the bond, e.g. 86 for 30年利付国債(第86回).", not_null=True, min_value=1
        ),
        "bid_100m_yen": Column("DOUBLE", "Competitive bids (応募額), 100 million yen.", not_null=True, min_value=1),
        "accepted_100m_yen": Column(
            "DOUBLE",
            "Amount accepted in the competitive auction (募入決定額), 100 million yen.",
            not_null=True,
            min_value=1,
        ),
        "low_price": Column(
            "DOUBLE",
            "Lowest accepted price (募入最低価格), yen per 100 yen of face value; null for a yield auction (40Y).",
            min_value=50,
            max_value=150,
        ),
        "avg_price": Column(
            "DOUBLE",
            "Average accepted price (募入平均価格), yen per 100 yen; null for a yield auction (40Y).",
            min_value=50,
            max_value=150,
        ),
        "high_yield_pct": Column(
            "DOUBLE",
            "Highest accepted yield (募入最高利回り), %; a yield auction's accepted yield.",
            not_null=True,
            min_value=-1,
            max_value=10,
        ),
        "avg_yield_pct": Column(
            "DOUBLE",
            "Average accepted yield (募入平均利回り), %; equal to the highest in a yield auction.",
            not_null=True,
            min_value=-1,
            max_value=10,
        ),
        "method": Column(
            "VARCHAR",
            "'price' (conventional, by price) or 'yield' (Dutch, by yield: the 40Y auctions).",
            not_null=True,
            accepted=("price", "yield"),
        ),
    },
    extra={
        "issue_name": Column(
            "VARCHAR", "The bond's name as the third party's parse gives it, e.g. '30年利付国債 (第86回)'."
        ),
        "result_url": Column("VARCHAR", "MoF's result page the record was parsed from.", not_null=True),
        "parsed_by": Column(
            "VARCHAR",
            "Who parsed MoF's page into this record: a third party, not MoF (see the source's README).",
            not_null=True,
        ),
    },
    description=(
        "Results of MoF's 20-, 30- and 40-year JGB auctions (competitive tranche) from 2024-01, one row per auction: "
        "bids, amount accepted, lowest and average price, highest and average yield. A THIRD PARTY's parse of MoF's "
        "result pages (ichikon77/minervini kanryu_history.json), not an MoF file; each row keeps its MoF page URL."
    ),
)

CADENCE = Cadence(
    cron="0 13 * * 1-5",
    schedule_description=(
        "13:00 JST on weekdays: MoF auctions 20Y and 30Y bonds about monthly and 40Y bonds every other month, "
        "publishing each result shortly after noon JST (live mode is not available yet: the run is skipped)."
    ),
    date_column="auction_date",
    # A 20Y and a 30Y auction each month: the newest super-long auction is never much over a month old.
    max_lag=timedelta(days=45),
    lag_description="20Y and 30Y auctioned about monthly; stale when the newest auction is over 45 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="JGB 20/30/40-year auction results from 2024 (a third party's parse of MoF's result pages).",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
