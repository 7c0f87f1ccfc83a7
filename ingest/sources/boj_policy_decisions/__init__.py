"""BoJ policy-rate decisions: a reviewed table (reviewed/decisions.yaml) loaded as a source (see README.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ingest.fetch import Fetcher, FetchResult
from ingest.settings import Settings
from ingest.source import Cadence, Column, SourceSpec, TableSpec, fetch_reviewed, source_name
from ingest.sources.boj_policy_decisions import expectations, parse

FILE = "decisions.yaml"
LOWEST_PCT, HIGHEST_PCT = -1.0, 10.0  # no policy rate outside it, % per annum

TABLE = TableSpec(
    name=source_name(__package__),
    key={"effective": Column("DATE", "First day the setting applied.")},
    values={
        "decided": Column("DATE", "Last day of the Monetary Policy Meeting that decided it (JST).", not_null=True),
        "instrument": Column(
            "VARCHAR",
            "What the rate is: rate_on_policy_rate_balances, short_term_policy_interest_rate, or "
            "uncollateralized_overnight_call_rate (guidance for the overnight call rate, from March 2024).",
            accepted=expectations.INSTRUMENTS,
        ),
        # A target is a point or the middle of a range: each within the band bounds the target too.
        "lower_pct": Column(
            "DOUBLE",
            'Lower end of a range ("0 to 0.1 percent"), % per annum.',
            min_value=LOWEST_PCT,
            max_value=HIGHEST_PCT,
        ),
        "upper_pct": Column(
            "DOUBLE", "Upper end of a range, % per annum.", min_value=LOWEST_PCT, max_value=HIGHEST_PCT
        ),
        "point_pct": Column(
            "DOUBLE", 'A single rate ("around 0.75 percent"), % per annum.', min_value=LOWEST_PCT, max_value=HIGHEST_PCT
        ),
        "guidance": Column("VARCHAR", "The decision in words."),
        "source_citation": Column("VARCHAR", "Where the decision is published.", not_null=True),
    },
    description=(
        "Reviewed table of BoJ policy-rate decisions (ingest/sources/boj_policy_decisions/reviewed/decisions.yaml, "
        "loaded as a source so every edit is versioned in raw.boj_policy_decisions__history), one row per effective "
        "date. No BoJ statistics series holds the policy target."
    ),
)

CADENCE = Cadence(
    cron="15 9 * * 1-5",
    schedule_description="09:15 JST on weekdays, with the BoJ rates: the table changes only by review.",
    date_column="effective",
    # Decisions are irregular (none changed the rate from 2016-09 to 2024-03): the newest effective date says
    # nothing about a missed decision, so the bound only flags a table that lost its recent rows.
    max_lag=timedelta(days=3653),
    lag_description="decisions come when the Policy Board makes them (years apart at times); stale only past 10 years",
)


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """The reviewed file is the payload in either mode."""
    yield fetch_reviewed(TABLE.name, FILE, "decisions", settings)


SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description="BoJ policy-rate decisions since 2016: a reviewed, cited table (no BoJ series holds the target).",
    parse=lambda content, payload: expectations.validation_frame(parse.parse_payload(content, payload)),
    suite=expectations.suite,
    fetch=fetch,
)
