"""MoF budget debt service (国債費) and MoF's own figures about the debt: a reviewed file (README.md here)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.mof_debt_service import expectations, fetch, parse
from ingest.sources.mof_debt_service.parse import ITEMS

UNITS = tuple(sorted({unit for items in ITEMS.values() for unit in items.values()}))

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "fiscal_year": Column("SMALLINT", "Japanese fiscal year (April–March) the figure is for."),
        "stage": Column(
            "VARCHAR",
            "request (概算要求), initial (当初予算), rate_shock_estimate (後年度影響試算) or stock_profile.",
            accepted=tuple(ITEMS),
        ),
        "item": Column(
            "VARCHAR",
            "debt_service_total, redemption, interest, assumed_rate, debt_service_increase, avg_remaining_maturity "
            "or avg_coupon.",
        ),
        "shock_pp": Column("DOUBLE", "Rate shock of a rate_shock_estimate row, percentage points (0 otherwise)."),
        "basis_fiscal_year": Column(
            "SMALLINT", "Budget year a rate_shock_estimate is built on (the fiscal year itself otherwise)."
        ),
    },
    values={
        "value": Column("DOUBLE", "The figure, in unit.", min_value=0),
        "amount_jpy": Column("BIGINT", "The figure in yen when unit is 100m_yen."),
    },
    extra={
        "unit": Column("VARCHAR", "100m_yen (億円), pct or years.", accepted=UNITS),
        "rounded_to": Column(
            "DOUBLE", "Precision of the published figure, in unit (1 = exact 億円; 1000 = published as x.x兆円)."
        ),
        "published": Column("DATE", "Publication date of the cited source (null if the source gives none)."),
        "source": Column("VARCHAR", "Who published the figure."),
        "source_url": Column("VARCHAR", "Where it was published.", not_null=True),
        "evidence": Column("VARCHAR", "The phrase of the source that carries the figure."),
    },
    description=(
        "MoF debt service (国債費) by fiscal year and budget stage, MoF's rate-shock estimates (後年度影響試算) "
        "and general-bond stock facts: a reviewed transcription of published figures "
        "(ingest/sources/mof_debt_service/reviewed/debt_service_figures.csv), each row with its source and evidence."
    ),
)

CADENCE = Cadence(
    cron="0 10 5 1,9 *",
    schedule_description=(
        "10:00 JST on 5 September (after the end-August requests) and 5 January (after the late-December budget)."
    ),
    date_column="published",
    # Budget figures appear twice a year: the request in late August, the budget in late December.
    # From a late-December budget to the next late-August request is about eight months.
    max_lag=timedelta(days=260),
    lag_description=(
        "a request (late August) and a budget (late December) each fiscal year; stale when the newest "
        "cited publication is over 260 days old"
    ),
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description=(
        "Budget debt service (国債費): the August request and the December budget, as reviewed published figures."
    ),
    fetch=fetch.fetch,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
