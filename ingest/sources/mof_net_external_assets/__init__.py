"""Japan's net external assets and MoF's creditor ranking, as a reviewed, cited input (README.md)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.mof_net_external_assets import expectations, fetch, parse

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "country": Column("VARCHAR", "Country, in English."),
        "year_end": Column("DATE", "The year end the position is for (YYYY-12-31)."),
    },
    values={
        "net_external_assets_100m_yen": Column(
            "DOUBLE",
            "Net international investment position (external assets minus liabilities), 100 million yen (億円); "
            "other countries converted by MoF at IMF end-year rates.",
            not_null=True,
        ),
        "rank": Column(
            "INTEGER",
            "Rank among net creditors in MoF's table for that year end (1 = largest).",
            not_null=True,
            min_value=1,
        ),
    },
    extra={
        "published": Column("DATE", "Date of the cited page.", not_null=True),
        "source": Column("VARCHAR", "Who published the cited page.", not_null=True),
        "source_url": Column("VARCHAR", "The cited page.", not_null=True),
        "note": Column("VARCHAR", "What the cited page states, in our words.", not_null=True),
    },
    description=(
        "Japan's net external assets and MoF's ranking of the largest net creditors (MoF 本邦対外資産負債残高, "
        "released each May for the previous year end), end-2023 and end-2024: a reviewed transcription "
        "(ingest/sources/mof_net_external_assets/reviewed/net_external_assets.csv), each row citing its page."
    ),
)

CADENCE = Cadence(
    cron="0 10 1 6 *",
    schedule_description="10:00 JST on 1 June: MoF releases the previous year end's position in late May.",
    date_column="year_end",
    # Year end Y is released in late May Y+1 and newest until late May Y+2: about 17 months after it.
    max_lag=timedelta(days=520),
    lag_description="year end Y released in late May Y+1; stale when the newest year end is over 520 days old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="Net external assets of the largest creditors (MoF ranking), reviewed and cited figures.",
    fetch=fetch.fetch,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
