"""Japan's consumer price index (2020 = 100), five series, monthly (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.cpi import expectations, fetch, parse
from ingest.sources.cpi.series import SERIES

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "month": Column("DATE", "Month the index refers to (first day of the month)."),
        "series_code": Column(
            "VARCHAR",
            "e-Stat cat01 code: 0001 総合 (headline), 0161 生鮮食品を除く総合 (BoJ core), "
            "0178 生鮮食品及びエネルギーを除く総合, 0202 財, 0220 サービス.",
            accepted=tuple(SERIES),
        ),
    },
    # 2020 = 100; the 1970 levels are ~20–30, nothing published is near 0 or above a few hundred.
    values={
        "index_2020": Column(
            "DOUBLE",
            "Index, 2020 average = 100, as published (one decimal).",
            not_null=True,
            min_value=5.0,
            max_value=500.0,
        )
    },
    extra={
        "series_name": Column("VARCHAR", "Series name as e-Stat publishes it (Japanese, without the code)."),
        "series_name_en": Column("VARCHAR", "English name of the series (ours, from the Statistics Bureau's terms)."),
    },
    description=(
        "Statistics Bureau of Japan CPI, all Japan, 2020 base (e-Stat table 0003427113), one row per series "
        "and month from 1970-01. Superseded values are kept in raw.cpi__history."
    ),
)

CADENCE = Cadence(
    cron="0 10 * * 5",
    schedule_description="10:00 JST every Friday: the national CPI comes out on a Friday around the 20th (08:30 JST).",
    date_column="month",
    # Month M (dated its 1st) is published around the 20th of M+1 and replaced as newest around the 20th
    # of M+2, so just before a release the newest month is ~80 days past its first day.
    max_lag=timedelta(days=90),
    lag_description="month M published around the 20th of M+1; stale when the newest month began over 90 days ago",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="Japan CPI (2020 = 100): headline, core and three other aggregates, monthly since 1970.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
