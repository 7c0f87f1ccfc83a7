"""The BoJ's daily overnight call rate (FM01'STRDCLUCON') from a third party's CSV export (see README.md)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.boj_call_rate_daily import expectations, fetch, parse

PROVENANCE = (
    "Third-party export (two-column CSV observation_date,BOJ_CALL_ON) of the Bank of Japan's daily series "
    "FM01'STRDCLUCON' (uncollateralized overnight call rate, average); not a BoJ file. Fetched from "
)

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "date": Column(
            "DATE", "Business day the rate refers to (days without a value, 'NA' in the export, are not stored)."
        )
    },
    values={
        "call_rate_pct": Column(
            "DOUBLE",
            "Uncollateralized overnight call rate, daily average, % per annum.",
            min_value=-1.0,
            max_value=15.0,
        )
    },
    extra={
        "provenance": Column(
            "VARCHAR",
            "Where the row comes from: a third party's export of BoJ series FM01'STRDCLUCON', with the URL fetched.",
            not_null=True,
        ),
    },
    description=(
        "The BoJ's daily uncollateralized overnight call rate (FM01'STRDCLUCON'), 1998-01-05 onwards, as exported by "
        "a third party (observation_date,BOJ_CALL_ON; not the BoJ's own layout). Its monthly means agree with the "
        "BoJ's monthly series FM02'STRACLUCON' (raw.boj_rates). One row per day with a value."
    ),
)

CADENCE = Cadence(
    cron="30 9 1 * *",
    schedule_description="09:30 JST on the 1st of each month: the export is pinned to a commit and does not change.",
    date_column="date",
    max_lag=timedelta(days=5),
    lag_description=(
        "a BoJ daily series would be ~2 business days behind; this export ends 2026-07-09 and reads stale after "
        "that — newer days come from FM01 in boj_rates (live mode)"
    ),
)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    """One export → its rows, each labelled with where it came from."""
    if payload.kind != fetch.KIND:
        raise ParseError(TABLE.name, payload.name, "unknown payload kind", expected=fetch.KIND, got=payload.kind)
    frame = parse.parse(content, payload.name)
    return expectations.validation_frame(frame).with_columns(provenance=pl.lit(PROVENANCE + payload.url))


SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="BoJ daily overnight call rate 1998-01-05 … 2026-07-09: a third party's export of FM01'STRDCLUCON'.",
    requests=fetch.requests,
    parse=parse_payload,
    suite=expectations.suite,
    to_load=lambda frame: frame.filter(pl.col("call_rate_pct").is_not_null()).select(TABLE.load_columns),
)
