"""The path of one source's payloads: fetch → land → parse → validate → load.

A source is described by a ``SourceSpec``; this module is the only place that sequences the steps,
so every source gets the same guarantees: bytes landed before parsing, a rejected payload set
aside with its reason, and nothing written to the warehouse unless every payload passed. Work
follows change: bytes already loaded are not parsed again, and rows the warehouse already holds
unchanged are neither re-checked row by row nor re-written (the payload as a whole still is judged).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from ingest.delta import Plan, comparable, delta, plan
from ingest.errors import IngestError, NotRecorded, SourceSkipped, ValidationFailed
from ingest.fetch import Fetcher, FetchResult, LiveFetcher, ReplayFetcher
from ingest.landing import LandedPayload, land, note_load, quarantine
from ingest.settings import Settings
from ingest.source import SourceSpec, SuiteContext
from ingest.validation import ValidationOutcome, validate_frame
from ingest.warehouse.connect import connect
from ingest.warehouse.load import LoadStats, PayloadRecord, upsert
from ingest.warehouse.state import SourceState, read_log, read_rows

log = logging.getLogger("liquidity_watch.ingest")


@dataclass
class IngestReport:
    """What one run of a source did; ``unchanged`` means every payload was the one already loaded (nothing ran)."""

    source: str
    payloads: list[LandedPayload] = field(default_factory=list)
    validations: dict[str, ValidationOutcome] = field(default_factory=dict)
    stats: LoadStats | None = None
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False
    data_version: str = ""

    def as_metadata(self) -> dict[str, Any]:
        md: dict[str, Any] = {
            "payloads": [
                {"kind": p.kind, "sha256": p.sha256, "bytes": p.size, "url": p.url, "landed": str(p.path)}
                for p in self.payloads
            ],
            "notes": self.notes,
            "unchanged": self.unchanged,
            "data_version": self.data_version,
        }
        if self.stats:
            md.update(self.stats.as_metadata())
        return md


def payload_shas(payloads: list[LandedPayload]) -> dict[str, str]:
    """kind → the sha256s of its payloads in fetch order, as ``raw._loads`` records them."""
    shas: dict[str, list[str]] = {}
    for p in payloads:
        shas.setdefault(p.kind, []).append(p.sha256)
    return {kind: ",".join(s) for kind, s in shas.items()}


def data_version(payloads: list[LandedPayload]) -> str:
    """A stable digest of what was fetched (kinds and sha256s): equal bytes, equal version (Dagster's DataVersion)."""
    text = "\n".join(f"{kind}={shas}" for kind, shas in sorted(payload_shas(payloads).items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
        log.info(
            "%s: landed %s (%s, %d bytes, sha256 %s)", spec.name, req.kind, req.url, payload.size, payload.sha256[:12]
        )
        report.payloads.append(payload)
        landed.append((payload, result.content))
    return landed


def _fetch_listed(
    spec: SourceSpec, settings: Settings, fetcher: Fetcher, report: IngestReport
) -> Iterable[FetchResult]:
    for req in spec.requests(settings) if spec.requests else []:
        try:
            # Offline, a request may have several recorded vintages: each is replayed, oldest first.
            yield from fetcher.fetch_vintages(req) if isinstance(fetcher, ReplayFetcher) else [fetcher.fetch(req)]
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
    full: bool = False,
    loaded_at: datetime | None = None,
) -> IngestReport:
    """Ingest one source; raises an ``IngestError`` (after quarantining) if any payload is bad.

    Every fetched payload is landed first. When each kind's bytes are the ones last loaded
    (``raw._loads``), nothing is parsed, validated or loaded and the report says ``unchanged``;
    ``full=True`` runs the whole path regardless. ``loaded_at`` stamps the load with a time other
    than now: a rebuild from landing (``ingest/recovery``) gives each load back its original time.
    """
    fetcher = fetcher or make_fetcher(settings)
    report = IngestReport(spec.name)
    try:
        landed = fetch_and_land(spec, settings, fetcher, report)
    except SourceSkipped as exc:
        log.warning("%s", exc)
        report.unchanged = True
        report.notes.append(f"skipped: {exc}")
        return report
    if not landed:
        raise IngestError(spec.name, "no payload fetched: nothing to load")
    report.data_version = data_version(report.payloads)

    own = con is None
    con = con or connect(settings)
    try:
        newest = [p for p, _ in landed if p.newest]
        state = read_log(con, spec.table)  # all that deciding "nothing changed" needs
        if not full and all(state.latest(kind) == sha for kind, sha in payload_shas(newest).items()):
            report.unchanged = True
            report.notes.append("every payload is the one last loaded (same sha256 per kind): nothing parsed or loaded")
            log.info("%s: unchanged (%s), skipped", spec.name, report.data_version)
            return report
        _load_rounds(spec, settings, con, state, landed, report, full=full, loaded_at=loaded_at)
    finally:
        if own:
            con.close()
    return report


def vintage_rounds(landed: list[tuple[LandedPayload, bytes]]) -> list[list[tuple[LandedPayload, bytes]]]:
    """Payloads in load rounds: the n-th recorded vintage of every request is in round n (live fetches have one).

    Successive vintages of one file are loaded one after another, each in its own transaction, so
    the history tables (and ``<table>_as_of``) keep what each vintage said.
    """
    rounds: list[list[tuple[LandedPayload, bytes]]] = [[] for _ in range(1 + max(p.vintage for p, _ in landed))]
    for payload, content in landed:
        rounds[payload.vintage].append((payload, content))
    return rounds


def _load_rounds(
    spec: SourceSpec,
    settings: Settings,
    con: duckdb.DuckDBPyConnection,
    state: SourceState,
    landed: list[tuple[LandedPayload, bytes]],
    report: IngestReport,
    *,
    full: bool,
    loaded_at: datetime | None,
) -> None:
    """Each vintage round parsed, the table asked once about its rows, decided from the answer and written."""
    rounds, before = vintage_rounds(landed), state
    for n, rnd in enumerate(rounds):
        # An older vintage already loaded once is history: loading it again would only be refused as a
        # shrunken file. The newest vintage always runs (``full`` re-validates it).
        todo = rnd if n == len(rounds) - 1 else [(p, c) for p, c in rnd if p.sha256 not in before.ever(p.kind)]
        if not todo:
            continue
        plans = _plan(spec, settings, state, todo, full=full)
        compared = {p.kind: p.compared for p in plans if comparable(spec, p.frame)}
        state = read_rows(con, spec.table, state, compared, [p.kind for p in plans if p.shared_lines])
        load = _decide(spec, settings, state, todo, plans, report)
        report.stats = upsert(
            con,
            spec.table,
            load.changed,
            payloads=load.records,
            mode=settings.mode,
            loaded_at=loaded_at,
            confirmed=load.confirmed,
        )
        note_load([p for p, _ in todo], report.stats.loaded_at, settings.mode)
        log.info("%s: loaded %s", spec.name, report.stats.as_metadata())
        state = state.logged(load.records)


def _plan(
    spec: SourceSpec, settings: Settings, state: SourceState, landed: list[tuple[LandedPayload, bytes]], *, full: bool
) -> list[Plan]:
    """Each kind parsed, in fetch order, with the rows to compare with the warehouse (``full``: all of them)."""
    plans = []
    for kind in dict.fromkeys(p.kind for p, _ in landed):
        group = [(p, c) for p, c in landed if p.kind == kind]
        single = group[0][1] if len(group) == 1 and not full else None
        plans.append(plan(spec, state, settings.landing_dir, kind, single, _parse(spec, settings, group)))
    return plans


@dataclass(frozen=True)
class _Load:
    """What one round writes: the changed rows, the load-log records, and how many payload rows were already held."""

    changed: pl.DataFrame
    records: list[PayloadRecord]
    confirmed: int


def _decide(
    spec: SourceSpec,
    settings: Settings,
    state: SourceState,
    landed: list[tuple[LandedPayload, bytes]],
    plans: list[Plan],
    report: IngestReport,
) -> _Load:
    """Validate each kind (table-level on the payload, row-level on its delta) and return what to write.

    Kinds are handled in fetch order and a later kind wins where keys overlap (MoF's current month
    over its history), so an earlier kind's delta row is dropped when a later kind holds its key.
    Everything is decided from ``state``: nothing here reads the warehouse.
    """
    deltas: list[pl.DataFrame] = []
    records: list[PayloadRecord] = []
    confirmed = 0  # payload rows the warehouse already holds, unchanged
    while plans:
        planned = plans.pop(0)  # a long payload is not kept alive through the load
        kind, frame = planned.kind, planned.frame
        group = [p for p, _ in landed if p.kind == kind]
        found = delta(spec, state, planned)
        if found.shared_lines:
            report.notes.append(found.note(kind))
        outcome = validate_frame(
            frame.drop("source_sha256"),
            f"{spec.name}.{kind}",
            spec.expectations(SuiteContext(kind, state.last_good_rows(kind))),
            delta=found.rows.drop("source_sha256"),
        )
        report.validations[kind] = outcome
        if not outcome.success:
            exc = ValidationFailed(
                spec.name, ", ".join(p.name for p in group), outcome.failures, dict(report.validations)
            )
            _reject(settings, spec, group, exc)
            raise exc
        rows = spec.rows_to_load(found.rows)
        # The payload's stored rows, made once and only when needed: a first load (the delta is the
        # whole payload) of a long history needs neither the keys nor the count.
        stored = spec.rows_to_load(frame) if deltas or found.rows.height < frame.height else rows
        if deltas:
            keys = stored.select(list(spec.table.key))
            deltas = [d.join(keys, on=list(spec.table.key), how="anti") for d in deltas]
        deltas.append(rows)
        confirmed += stored.height - rows.height  # stored rows the warehouse already holds, unchanged
        records.append(
            PayloadRecord(
                spec.name, kind, ",".join(p.sha256 for p in group), ", ".join(p.url for p in group), frame.height
            )
        )
        del planned, frame, found, stored
    return _Load(pl.concat(deltas, how="vertical_relaxed"), records, confirmed)


def _parse(spec: SourceSpec, settings: Settings, group: list[tuple[LandedPayload, bytes]]) -> pl.DataFrame:
    """One kind's payloads parsed and concatenated, each row tagged with its payload's sha256."""
    parsed: list[pl.DataFrame] = []
    for payload, content in group:
        try:
            frame = spec.parse(content, payload)
        except IngestError as exc:
            _reject(settings, spec, [payload], exc)
            raise
        # One value per payload: categorical, so a long payload does not carry its sha256 once per row.
        parsed.append(frame.with_columns(source_sha256=pl.lit(payload.sha256, dtype=pl.Categorical)))
    return pl.concat(parsed, how="vertical_relaxed")


def _reject(settings: Settings, spec: SourceSpec, payloads: list[LandedPayload], exc: IngestError) -> None:
    for payload in payloads:
        where = quarantine(settings.quarantine_dir, payload, exc.stage, str(exc))
        log.error("%s: %s rejected at %s, quarantined as %s: %s", spec.name, payload.kind, exc.stage, where, exc)
