"""The path of one source's payloads: fetch → land → parse → validate → load.

A source is described by a ``SourceSpec``; this module is the only place that sequences the steps,
so every source gets the same guarantees: bytes landed before parsing, a rejected payload set
aside with its reason, and nothing written to the warehouse unless every payload passed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from ingest.errors import IngestError, NotRecorded, ValidationFailed
from ingest.fetch import Fetcher, FetchResult, LiveFetcher, ReplayFetcher, Request
from ingest.landing import LandedPayload, land, quarantine
from ingest.settings import Settings
from ingest.validation import ExpectationDef, ValidationOutcome, validate_frame
from ingest.warehouse import LoadStats, PayloadRecord, TableSpec, connect, last_good_rows, upsert

log = logging.getLogger("liquidity_watch.ingest")


@dataclass(frozen=True)
class SuiteContext:
    """What a suite may compare against: the warehouse as it was before this load."""

    kind: str
    last_good_rows: int


@dataclass(frozen=True)
class SourceSpec:
    """Everything the generic path needs to know about one source.

    ``parse`` turns one landed payload into a frame to validate; ``to_load`` turns the validated
    frame into the raw table's rows (key + values); ``suite`` builds the expectations.
    """

    name: str
    table: TableSpec
    requests: Callable[[Settings], list[Request]]
    parse: Callable[[bytes, LandedPayload], pl.DataFrame]
    suite: Callable[[SuiteContext], list[ExpectationDef]]
    to_load: Callable[[pl.DataFrame], pl.DataFrame]


@dataclass
class IngestReport:
    source: str
    payloads: list[LandedPayload] = field(default_factory=list)
    validations: dict[str, ValidationOutcome] = field(default_factory=dict)
    stats: LoadStats | None = None
    notes: list[str] = field(default_factory=list)

    def as_metadata(self) -> dict[str, Any]:
        md: dict[str, Any] = {
            "payloads": [
                {"kind": p.kind, "sha256": p.sha256, "bytes": p.size, "url": p.url, "landed": str(p.path)}
                for p in self.payloads
            ],
            "notes": self.notes,
        }
        if self.stats:
            md.update(self.stats.as_metadata())
        return md


def make_fetcher(settings: Settings) -> Fetcher:
    if settings.mode == "live":
        # BoJ's terms: at most one request a second.
        return LiveFetcher(min_interval_s={"www.stat-search.boj.or.jp": 1.0})
    return ReplayFetcher(settings.recorded_dir)


def fetch_and_land(
    spec: SourceSpec, settings: Settings, fetcher: Fetcher, report: IngestReport
) -> list[tuple[LandedPayload, bytes]]:
    landed: list[tuple[LandedPayload, bytes]] = []
    for req in spec.requests(settings):
        try:
            result: FetchResult = fetcher.fetch(req)
        except NotRecorded:
            if req.optional:
                report.notes.append(f"{req.kind}: no recording of {req.url} (optional payload skipped offline)")
                continue
            raise
        payload = land(settings.landing_dir, result)
        log.info("%s: landed %s (%s, %d bytes, sha256 %s)", spec.name, req.kind, req.url, payload.size, payload.sha256[:12])
        report.payloads.append(payload)
        landed.append((payload, result.content))
    return landed


def run_source(
    spec: SourceSpec,
    settings: Settings,
    *,
    fetcher: Fetcher | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> IngestReport:
    """Ingest one source; raises an ``IngestError`` (after quarantining) if any payload is bad."""
    fetcher = fetcher or make_fetcher(settings)
    report = IngestReport(spec.name)
    landed = fetch_and_land(spec, settings, fetcher, report)
    if not landed:
        raise IngestError(spec.name, "no payload fetched: nothing to load")

    own = con is None
    con = con or connect(settings)
    try:
        frames: list[pl.DataFrame] = []
        records: list[PayloadRecord] = []
        for payload, content in landed:
            try:
                frame = spec.parse(content, payload)
                ctx = SuiteContext(payload.kind, last_good_rows(con, spec.name, payload.kind))
                outcome = validate_frame(frame, f"{spec.name}.{payload.kind}", spec.suite(ctx))
                report.validations[payload.kind] = outcome
                if not outcome.success:
                    raise ValidationFailed(spec.name, payload.name, outcome.failures)
            except IngestError as exc:
                where = quarantine(settings.quarantine_dir, payload, exc.stage, str(exc))
                log.error("%s: %s rejected at %s, quarantined as %s: %s", spec.name, payload.kind, exc.stage, where, exc)
                raise
            rows = spec.to_load(frame).with_columns(source_sha256=pl.lit(payload.sha256))
            frames.append(rows)
            records.append(PayloadRecord(spec.name, payload.kind, payload.sha256, payload.url, frame.height))
        keys = list(spec.table.key)
        combined = pl.concat(frames, how="vertical_relaxed").unique(subset=keys, keep="last", maintain_order=True)
        report.stats = upsert(con, spec.table, combined, payloads=records, mode=settings.mode)
        log.info("%s: loaded %s", spec.name, report.stats.as_metadata())
    finally:
        if own:
            con.close()
    return report
