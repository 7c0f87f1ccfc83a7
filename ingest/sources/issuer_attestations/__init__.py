"""Issuers' own supply and reserve figures: USDD's API and reviewed Tether/Circle reports (see README.md)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.issuer_attestations import fetch, parse

MOST_USD = 1e13  # ten trillion: no issuer's tokens or reserves come near it

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "issuer": Column("VARCHAR", "Issuer (USDD, Tether, Circle)."),
        "token": Column("VARCHAR", "Token symbol the figures are about."),
        "scope": Column(
            "VARCHAR",
            "Chains covered ('tron' for USDD's per-chain data, 'all_chains' for issuer-wide reports).",
            accepted=("tron", "ethereum", "all_chains"),
        ),
        "as_of": Column("TIMESTAMPTZ", "When the figures stand (USDD statisticTime; a report's date at 23:59:59 UTC)."),
    },
    values={
        "tokens_outstanding": Column(
            "DOUBLE", "Tokens issued and outstanding per the issuer.", min_value=0, max_value=MOST_USD
        ),
        "reserves_usd": Column(
            "DOUBLE",
            "Reserve / collateral value in USD per the issuer (Tether total assets, Circle reserve fair value, "
            "USDD collateralValue).",
            not_null=True,
            min_value=0,
            max_value=MOST_USD,
        ),
        "liabilities_usd": Column("DOUBLE", "Total liabilities in USD where published (Tether)."),
        "precision_usd": Column("DOUBLE", "Rounding of the published figures (1 = exact to the dollar).", min_value=0),
    },
    extra={
        "report": Column("VARCHAR", "Which report or API endpoint."),
        "auditor": Column("VARCHAR", "Accounting firm of the attestation, where there is one."),
        "source": Column("VARCHAR", "Where the figures were taken from.", not_null=True),
    },
    description=(
        "Issuer-published supply and reserve figures: USDD's collateral-history API (per chain) and Tether/Circle "
        "attestation headline figures (a reviewed transcription, each row with its source). "
        "Key (issuer, token, scope, as_of)."
    ),
)

CADENCE = Cadence(
    cron="30 9 * * *",
    schedule_description="09:30 JST daily (USDD refreshes every 5 min; Tether/Circle publish monthly/quarterly).",
    date_column="as_of",
    # USDD's weekly series is the freshest part: a new point every 7 days, plus a day of slack.
    max_lag=timedelta(days=8),
    lag_description=(
        "USDD's weekly collateral points: newest within 8 days; Tether's quarterly and Circle's monthly reports "
        "trail their dates by one to two months and are reviewed by hand"
    ),
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="Issuers' own reserve figures: USDD's transparency API and reviewed Tether/Circle attestation reports.",
    fetch=fetch.fetch,
    parse=parse.parse,
)
