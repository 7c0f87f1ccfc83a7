"""MoF central government debt outstanding at quarter ends, by category (README.md beside this file)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.mof_debt import expectations, fetch, parse
from ingest.sources.mof_debt.categories import CATEGORIES
from ingest.sources.mof_debt.fetch import release_marker

__all__ = ["CADENCE", "SOURCE", "TABLE", "release_marker"]

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "as_of": Column("DATE", "Quarter end (last day of March, June, September or December)."),
        "category_code": Column(
            "VARCHAR",
            "Stable category code (e.g. jgb.general.long); see ingest/sources/mof_debt/categories.py.",
            accepted=tuple(CATEGORIES),
        ),
    },
    values={
        "amount_100m_yen": Column(
            "DOUBLE",
            "Amount outstanding in 億円 (100 million yen) as published; null where MoF printed 'ー'.",
            min_value=0,
        ),
        "amount_jpy": Column("BIGINT", "The same amount in yen."),
    },
    extra={
        "period_label": Column("VARCHAR", "MoF's Japanese period label (e.g. R8.3末)."),
        "category_path_ja": Column("VARCHAR", "Category path in Japanese, as labelled in the workbook."),
        "category_path_en": Column("VARCHAR", "Category path in English, as labelled in the workbook."),
        "level": Column("SMALLINT", "Depth in the hierarchy (0 = total or guaranteed debt)."),
        "parent_code": Column("VARCHAR", "Category the row is part of (null for the roots)."),
        "is_memo": Column("BOOLEAN", "True for 「うち」 memo rows (part of the parent, not additive)."),
        "in_total": Column("BOOLEAN", "False for government-guaranteed debt, which is outside the total."),
        "missing_marker": Column("VARCHAR", "The marker MoF printed instead of an amount (e.g. 'ー'), else null."),
    },
    description=(
        "MoF central government debt outstanding (国債及び借入金並びに政府保証債務現在高) from the quarterly "
        "workbook suii.xls, one row per quarter end and category; MoF's rolling 5-year window is kept "
        "whole (quarters that drop out of newer editions stay). Revisions are kept in raw.mof_debt__history."
    ),
)

CADENCE = Cadence(
    cron="0 10 12 2,5,8,11 *",
    schedule_description="10:00 JST on the 12th of Feb/May/Aug/Nov, after MoF's usual release.",
    date_column="as_of",
    # The newest quarter end ages by the next quarter (≤ 92 days) plus MoF's ~5–6 week release lag.
    max_lag=timedelta(days=140),
    lag_description=(
        "each quarter end published ~5–6 weeks later; stale when the newest quarter end is over 140 days old"
    ),
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="MoF central government debt by quarter end and category: the last five years, kept as they roll off.",
    requests=fetch.requests,
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
)
