"""Rebuilding the raw tables from landing: every load and rejection replayed through the normal pipeline.

``LandingFetcher`` hands ``run_source`` the landed bytes as the ``FetchResult`` that first brought them
(same request, same fetch time, same mode), so parse → validate → load are the code every run uses;
each load is stamped with its original time, which makes ``raw._loads``, every ``__history`` table and
every ``<table>_as_of(ts)`` answer equal to what they were. A rejection is replayed where it happened
and is refused again. Loads the warehouse already holds (up to each source's newest ``raw._loads`` row)
are skipped, so an interrupted rebuild resumes, and a restored backup catches up with what landed since.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from ingest.errors import FetchError, IngestError, NotRecorded
from ingest.fetch import Fetcher, FetchResult, Request
from ingest.pipeline import run_source
from ingest.recovery.events import LandedFetch, ReplayEvent, replay_events
from ingest.settings import Settings
from ingest.sources import SOURCES
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import LOADS_TABLE, table_exists


class LandingFetcher:
    """Serves landed payloads as the fetches that brought them; refuses bytes that are not what their name says."""

    mode = "landing"

    def __init__(self, payloads: list[LandedFetch]) -> None:
        self.payloads = payloads

    def results(self, _settings: Settings, _fetcher: Fetcher) -> Iterator[FetchResult]:
        """Every payload in fetch order (the shape of ``SourceSpec.fetch``)."""
        for payload in self.payloads:
            yield self._result(payload)

    def fetch(self, request: Request) -> FetchResult:
        for payload in self.payloads:
            if _request(payload).replay_key == request.replay_key:
                return self._result(payload)
        raise NotRecorded(request.source, request.url, "not among the landed payloads being replayed")

    def _result(self, payload: LandedFetch) -> FetchResult:
        f = payload.fetch
        content = payload.path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != payload.sha256:
            raise FetchError(
                f["source"],
                f["url"],
                f"landed file {payload.path} now holds bytes with sha256 {digest[:12]}…, not those its name says: "
                "the landing area is damaged (`lw verify` lists every such file)",
            )
        return FetchResult(
            request=_request(payload),
            content=content,
            status=f["status"],
            fetched_at=payload.fetched_at,
            mode=f["mode"],
            headers=f.get("headers") or {},
            final_url=f.get("final_url") or f["url"],
        )


def _request(payload: LandedFetch) -> Request:
    f = payload.fetch
    body = f.get("request_body")
    return Request(
        f["source"],
        f["url"],
        f["kind"],
        payload.path.suffix.lstrip("."),
        method=f.get("method", "GET"),
        body=body.encode() if body is not None else None,
    )


@dataclass
class ReplaySummary:
    """What a rebuild did: loads replayed, rejections confirmed, events already in the warehouse, and surprises."""

    loads: int = 0
    rejected_again: int = 0
    already_loaded: int = 0
    payloads: int = 0
    seconds: float = 0.0
    surprises: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"{self.loads} loads replayed from {self.payloads} landed payloads in {self.seconds:.1f}s"
        if self.rejected_again:
            text += f", {self.rejected_again} rejected again as on arrival (still in quarantine)"
        if self.already_loaded:
            text += f", {self.already_loaded} already in the warehouse"
        return text


def newest_loads(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """source → the time of its newest load in ``raw._loads`` (nothing before the first load)."""
    if not table_exists(con, LOADS_TABLE):
        return {}
    return dict(con.execute(f"SELECT source, max(loaded_at) FROM {LOADS_TABLE} GROUP BY source").fetchall())


def replay_landing(settings: Settings, say: Callable[[str], None] = lambda _line: None) -> ReplaySummary:
    """Replay every landed load and rejection the warehouse does not hold yet, oldest first."""
    started = time.perf_counter()
    summary = ReplaySummary()
    events = replay_events(settings.landing_dir, settings.quarantine_dir)
    with warehouse(settings) as con:
        done = newest_loads(con)
        for event in events:
            if event.source in done and event.at <= done[event.source]:
                summary.already_loaded += 1
                continue
            if event.source not in SOURCES:
                summary.surprises.append(f"{event.source}: landed payloads of a source this code no longer has")
                continue
            _replay(event, settings, con, summary)
            summary.payloads += len(event.payloads)
    summary.seconds = time.perf_counter() - started
    for surprise in summary.surprises:
        say(f"lw:   {surprise}")
    return summary


def _replay(event: ReplayEvent, settings: Settings, con: duckdb.DuckDBPyConnection, summary: ReplaySummary) -> None:
    fetcher = LandingFetcher(event.payloads)
    spec = dataclasses.replace(SOURCES[event.source], fetch=fetcher.results, requests=None)
    as_then = dataclasses.replace(settings, mode=event.mode)  # type: ignore[arg-type]  # raw._loads keeps the load's mode
    when = event.at.isoformat(timespec="seconds")
    try:
        # A noted load or a rejection is replayed whatever the last load was (``full``); an un-noted round
        # skips bytes already loaded, as the run that fetched them did.
        report = run_source(spec, as_then, fetcher=fetcher, con=con, full=event.kind != "fetch", loaded_at=event.at)
    except IngestError as exc:
        if event.kind == "rejection":
            summary.rejected_again += 1
        else:
            summary.surprises.append(f"{event.source}: the load of {when} is refused now: {exc}")
        return
    if event.kind == "rejection":
        summary.surprises.append(f"{event.source}: payloads rejected on arrival ({when}) were accepted now")
    elif report.unchanged:
        summary.already_loaded += 1
    else:
        summary.loads += 1
