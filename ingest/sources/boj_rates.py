"""BoJ Time-Series Data Search: the reviewed series (ingest/registry/boj_series.yaml) into ``raw.boj_rates``.

Live: the plan from the registry (one db and frequency per request, ≤250 codes, ≤20-year daily
windows, up to this month in JST) is fetched page by page through ``ingest.boj.client`` and every
page is landed. Offline: the first pages recorded in ``recorded/boj_rates/manifest.yaml`` are
replayed in manifest order and their NEXTPOSITION chains followed through the same code; a
``transcription`` entry there is a labelled CSV of real published points (no verbatim API answer
for that series was available), parsed by its own small reader.

Also exposes ``POLICY_DECISIONS_SPEC``: the reviewed table of policy decisions as its own source.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl

from ingest.boj import policy_decisions
from ingest.boj.client import NoPacing, Pacer, fetch_pages
from ingest.boj.parse import parse_data_code, parse_transcription
from ingest.boj.series import SOURCE, Series, base_url, load_series, plan
from ingest.errors import ParseError
from ingest.fetch import Fetcher, FetchResult, ReplayFetcher, Request
from ingest.landing import LandedPayload
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.settings import Settings
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

JST = ZoneInfo("Asia/Tokyo")
KINDS = ("data_code", "transcription")

RAW_TABLE = TableSpec(
    name=SOURCE,
    key={"db": "VARCHAR", "series_code": "VARCHAR", "period_code": "BIGINT"},
    values={"value": "DOUBLE"},
    extra={"period_date": "DATE", "frequency": "VARCHAR", "series_name": "VARCHAR", "unit": "VARCHAR"},
    description=("BoJ Time-Series Data Search observations (series listed in ingest/registry/boj_series.yaml): "
                 "one row per series and period; period_code is the BoJ's own code (YYYYMMDD, YYYYMM or YYYYQQ), "
                 "period_date its first day. Nulls (unpublished periods) are not stored."),
)


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Live: the registry's plan, paginated. Offline: the recorded first pages, paginated by replay."""
    if isinstance(fetcher, ReplayFetcher):
        yield from _replay(fetcher)
        return
    base = base_url()
    pacer = Pacer()
    until = datetime.now(JST).date()
    for planned in plan(load_series(), until):
        yield from fetch_pages(fetcher, planned.url(base), pacer)


def _replay(fetcher: ReplayFetcher) -> Iterator[FetchResult]:
    firsts = [r for r in fetcher.recorded_requests(SOURCE) if "startPosition=" not in r.url]
    for rec in firsts:
        if rec.kind == "transcription":
            yield fetcher.fetch(Request(SOURCE, rec.url, kind=rec.kind, ext="csv"))
        else:
            yield from fetch_pages(fetcher, rec.url, NoPacing())


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    series = load_series()
    if payload.kind == "transcription":
        frame = parse_transcription(SOURCE, payload.name, content,
                                    {(s.db, s.code): (s.frequency, s.name, s.unit) for s in series})
    elif payload.kind == "data_code":
        frame = parse_data_code(SOURCE, payload.name, content, {(s.db, s.code): s.frequency for s in series})
    else:
        raise ParseError(SOURCE, payload.name, "unknown payload kind", expected=" or ".join(KINDS), got=payload.kind)
    return validation_frame(frame, series)


def validation_frame(frame: pl.DataFrame, series: list[Series]) -> pl.DataFrame:
    """The parsed rows plus what the suite checks: the reviewed bounds and the period code's calendar."""
    bounds = pl.DataFrame({"db": [s.db for s in series], "series_code": [s.code for s in series],
                           "lower": [s.lower for s in series], "upper": [s.upper for s in series]})
    joined = frame.join(bounds, on=["db", "series_code"], how="left", maintain_order="left")
    return joined.with_columns(
        within_bounds=pl.col("value").is_null() | pl.col("value").is_between(pl.col("lower"), pl.col("upper")),
        # the code re-derived from the parsed date must give back the published code (catches a wrong calendar)
        code_matches_date=pl.when(pl.col("frequency").is_in(["DAILY", "WEEKLY"]))
        .then(pl.col("period_date").dt.strftime("%Y%m%d").cast(pl.Int64))
        .when(pl.col("frequency") == "MONTHLY").then(pl.col("period_date").dt.strftime("%Y%m").cast(pl.Int64))
        .otherwise(pl.col("period_date").dt.year().cast(pl.Int64) * 100 + pl.col("period_date").dt.quarter().cast(pl.Int64))
        == pl.col("period_code"),
    ).drop("lower", "upper")


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """No duplicated (series, period); values inside the reviewed bounds; known frequencies read by their calendar; no shrinking."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["db", "series_code", "period_code"]}),
        ("ExpectColumnValuesToBeInSet", {"column": "within_bounds", "value_set": [True]}),
        ("ExpectColumnValuesToBeInSet", {"column": "frequency", "value_set": ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY"]}),
        ("ExpectColumnValuesToBeInSet", {"column": "code_matches_date", "value_set": [True]}),
        ("ExpectColumnValuesToNotBeNull", {"column": "period_date"}),
        ("ExpectTableRowCountToBeBetween", {"min_value": ctx.last_good_rows}),
    ]


def to_load(frame: pl.DataFrame) -> pl.DataFrame:
    """A null is an unpublished period, not an observation: only values are stored."""
    return frame.filter(pl.col("value").is_not_null()).select(RAW_TABLE.load_columns)


SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    parse=parse,
    suite=suite,
    to_load=to_load,
    fetch=fetch,
)

POLICY_DECISIONS_SPEC = policy_decisions.SPEC
