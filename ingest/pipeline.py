"""The path of one source's payloads: fetch → land → parse → validate → load.

A source is described by a ``SourceSpec``; this module is the only place that sequences the steps,
so every source gets the same guarantees: bytes landed before parsing, a rejected payload set
aside with its reason, and nothing written to the warehouse unless every payload passed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from ingest.errors import IngestError, NotRecorded, ValidationFailed
from ingest.fetch import Fetcher, FetchResult, LiveFetcher, ReplayFetcher, Request
from ingest.landing import LandedPayload, land, quarantine
from ingest.settings import Settings
from ingest.validation import ValidationOutcome, validate_frame
from ingest.source import SourceSpec, SuiteContext
from ingest.warehouse.connect import connect
from ingest.warehouse.load import LoadStats, PayloadRecord, last_good_rows, upsert

log = logging.getLogger("liquidity_watch.ingest")


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
    results = spec.fetch(settings, fetcher) if spec.fetch else _fetch_listed(spec, settings, fetcher, report)
    for result in results:
        req = result.request
        payload = land(settings.landing_dir, result)
        log.info("%s: landed %s (%s, %d bytes, sha256 %s)", spec.name, req.kind, req.url, payload.size, payload.sha256[:12])
        report.payloads.append(payload)
        landed.append((payload, result.content))
    return landed


def _fetch_listed(spec: SourceSpec, settings: Settings, fetcher: Fetcher, report: IngestReport) -> Iterable[FetchResult]:
    for req in spec.requests(settings) if spec.requests else []:
        try:
            yield fetcher.fetch(req)
        except NotRecorded:
            if not req.optional:
                raise
            report.notes.append(f"{req.kind}: no recording of {req.url} (optional payload skipped offline)")


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
        kinds = list(dict.fromkeys(p.kind for p, _ in landed))
        for kind in kinds:
            group = [(p, c) for p, c in landed if p.kind == kind]
            parsed: list[pl.DataFrame] = []
            for payload, content in group:
                try:
                    parsed.append(spec.parse(content, payload).with_columns(source_sha256=pl.lit(payload.sha256)))
                except IngestError as exc:
                    _reject(settings, spec, [payload], exc)
                    raise
            frame = pl.concat(parsed, how="vertical_relaxed")
            ctx = SuiteContext(kind, last_good_rows(con, spec.name, kind))
            outcome = validate_frame(frame.drop("source_sha256"), f"{spec.name}.{kind}", spec.suite(ctx))
            report.validations[kind] = outcome
            if not outcome.success:
                exc = ValidationFailed(
                    spec.name, ", ".join(p.name for p, _ in group), outcome.failures, dict(report.validations)
                )
                _reject(settings, spec, [p for p, _ in group], exc)
                raise exc
            frames.append(spec.rows_to_load(frame))
            records.append(PayloadRecord(spec.name, kind, ",".join(p.sha256 for p, _ in group),
                                         ", ".join(p.url for p, _ in group), frame.height))
        keys = list(spec.table.key)
        combined = pl.concat(frames, how="vertical_relaxed").unique(subset=keys, keep="last", maintain_order=True)
        report.stats = upsert(con, spec.table, combined, payloads=records, mode=settings.mode)
        log.info("%s: loaded %s", spec.name, report.stats.as_metadata())
    finally:
        if own:
            con.close()
    return report


def _reject(settings: Settings, spec: SourceSpec, payloads: list[LandedPayload], exc: IngestError) -> None:
    for payload in payloads:
        where = quarantine(settings.quarantine_dir, payload, exc.stage, str(exc))
        log.error("%s: %s rejected at %s, quarantined as %s: %s", spec.name, payload.kind, exc.stage, where, exc)
