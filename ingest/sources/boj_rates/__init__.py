"""BoJ Time-Series Data Search: the reviewed series (series.yaml) into ``raw.boj_rates`` (see README.md)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.boj_rates import expectations, fetch
from ingest.sources.boj_rates.parse import parse_data_code
from ingest.sources.boj_rates.periods import FREQUENCIES
from ingest.sources.boj_rates.series import load_series

KIND = "data_code"

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "db": Column("VARCHAR", "BoJ database code (FM02, MD01, BS01, FF, and FM01/IR01 in live mode)."),
        "series_code": Column("VARCHAR", "Series code without the database prefix (STRACLUCON, MABS1AN11, …)."),
        "period_code": Column(
            "BIGINT", "The BoJ's own period code as published (YYYYMMDD daily, YYYYMM monthly, YYYYQQ quarterly)."
        ),
    },
    values={
        "value": Column(
            "DOUBLE", "Value in the series' unit (percent per annum for rates, 100 million yen for amounts)."
        )
    },
    extra={
        "period_date": Column(
            "DATE", "First day of the period (a quarter's first month for YYYYQQ, QQ = 01..04).", not_null=True
        ),
        "frequency": Column(
            "VARCHAR", "DAILY, WEEKLY, MONTHLY or QUARTERLY, as the API reports it.", accepted=FREQUENCIES
        ),
        "series_name": Column(
            "VARCHAR", "The BoJ's series name (English, or Japanese for series requested with lang=jp)."
        ),
        "unit": Column(
            "VARCHAR",
            "The BoJ's unit (English, or Japanese for series requested with lang=jp: 億円 = 100 million yen).",
        ),
    },
    description=(
        "Observations from the BoJ Time-Series Data Search API (getDataCode, JSON) for the series listed in "
        "ingest/sources/boj_rates/series.yaml; one row per series and period. Unpublished periods (null) are not "
        "stored. Superseded values are kept in raw.boj_rates__history (as-of: raw.boj_rates_as_of(ts))."
    ),
)

CADENCE = Cadence(
    cron="15 9 * * 1-5",
    schedule_description="09:15 JST on weekdays, after the BoJ's ≈08:50 refresh.",
    date_column="period_date",
    # Daily series lag about two business days; a long weekend or holiday week adds a few more.
    max_lag=timedelta(days=5),
    lag_description="daily series about two business days behind; stale when the newest period is over 5 days old",
)


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    """One getDataCode page, checked against the reviewed list, with the facts the suite checks."""
    if payload.kind != KIND:
        raise ParseError(TABLE.name, payload.name, "unknown payload kind", expected=KIND, got=payload.kind)
    series = load_series()
    frame = parse_data_code(TABLE.name, payload.name, content, {(s.db, s.code): s.frequency for s in series})
    return expectations.validation_frame(frame, series)


SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="BoJ Time-Series Data Search: call rate, monetary base, the BoJ's JGS holdings, flow of funds.",
    parse=parse,
    suite=expectations.suite,
    fetch=fetch.fetch,
    to_load=lambda frame: expectations.published(frame).select(TABLE.load_columns),
)
