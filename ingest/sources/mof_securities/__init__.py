"""MoF International Transactions in Securities, monthly: Japan's portfolio flows out and in (README.md)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.mof_securities import expectations, fetch, parse
from ingest.sources.mof_securities.layout import DIRECTIONS, INSTRUMENTS, MEASURES

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "month": Column("DATE", "Month of the transactions (first day of the month)."),
        "direction": Column(
            "VARCHAR",
            "outward = residents' trades in foreign securities (portfolio investment assets); inward = "
            "non-residents' trades in Japanese securities (liabilities); balance = outward net minus inward net "
            "(the file's (A-B) and (C-D) columns).",
            accepted=DIRECTIONS,
        ),
        "instrument": Column(
            "VARCHAR",
            "equity (equity and investment fund shares), long_term_debt (inward: all Japanese long-term debt "
            "securities, mostly but not only JGBs), equity_and_long_term_debt (the subtotal), short_term_debt, total.",
            accepted=INSTRUMENTS,
        ),
        "measure": Column(
            "VARCHAR",
            "acquisition, disposition or net (acquisition minus disposition; + = net buying).",
            accepted=MEASURES,
        ),
    },
    values={
        "value_100m_yen": Column(
            "DOUBLE",
            "100 million yen (億円) as published, rounded to 1; acquisitions and dispositions are gross.",
            not_null=True,
        )
    },
    description=(
        "MoF International Transactions in Securities (montha1.csv, monthly, based on reports from designated "
        "major investors): residents' acquisitions and dispositions of foreign securities and non-residents' of "
        "Japanese securities, by instrument, with nets, subtotals, totals and the balance, 100 million yen, from "
        "2005-01. The file's calendar- and fiscal-year totals are checked against the months, not loaded."
    ),
)

CADENCE = Cadence(
    cron="0 10 8-16 * *",
    schedule_description=(
        "10:00 JST on the 8th to the 16th: MoF publishes month M around the 8th business day of M+1 (08:50 JST)."
    ),
    date_column="month",
    # Month M (dated its 1st) appears about six weeks after its first day and is newest until about ten weeks.
    max_lag=timedelta(days=80),
    lag_description="month M published around the 8th business day of M+1; stale when the newest began >80 days ago",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="MoF monthly portfolio flows: residents' and non-residents' securities trades by instrument, 2005 on.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
